//! Reading what a workshop draws on from elsewhere in the folder: the proposal files a merge
//! names (every good one read, the bad ones named, the subfolders not entered said), and the
//! other workshops its key results depend on, as [`Peer`]s.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::Store;
use super::proposal::{proposal_folder, read_proposal};
use crate::model::dependency::Peer;
use crate::model::proposal::Proposal;
use crate::model::text::clean_line;

/// What the proposal files at some paths held.
#[derive(Debug, Default)]
pub struct Gathered {
    /// Each proposal that could be read, with its file name.
    pub proposals: Vec<(String, Proposal)>,
    /// Why each file that could not be read was not: one sentence naming the file.
    pub bad: Vec<String>,
    /// Subfolders of the folders given, which a merge does not enter.
    pub skipped_folders: Vec<String>,
}

impl Gathered {
    /// `sub` and `old` are subfolders: a merge does not enter them.
    pub fn skipped_note(&self) -> Option<String> {
        match self.skipped_folders.as_slice() {
            [] => None,
            [one] => Some(format!("{one} is a subfolder: merge does not enter subfolders; name it to merge its proposals")),
            many => {
                Some(format!("{} are subfolders: merge does not enter subfolders; name them to merge their proposals", many.join(", ")))
            }
        }
    }
}

/// Reads every proposal file the paths stand for (a file is itself; a folder is the
/// proposal files directly in it). A path that is missing or holds no proposals is a bad
/// entry like a file that cannot be read; nothing stops the others being read.
pub fn gather_proposals(paths: &[PathBuf]) -> Gathered {
    let mut out = Gathered::default();
    for path in paths {
        match proposal_folder(path) {
            Ok(found) => {
                for file in found.files {
                    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    match read_proposal(&file) {
                        Ok(p) => out.proposals.push((name, p)),
                        Err(e) => out.bad.push(clean_line(&e)),
                    }
                }
                out.skipped_folders.extend(found.skipped_folders);
            }
            Err(e) => out.bad.push(clean_line(&e)),
        }
    }
    out
}

impl Store {
    /// The other workshops of the folder as they stand on `today` (`except` is the open
    /// one). With `only`, just the workshops of those file names — unless one of them is
    /// gone (renamed or deleted), when every workshop is read so the key result can be
    /// found by its id wherever it is now. Files that cannot be read are left out.
    pub fn peers(&self, except: Option<&str>, only: Option<&[String]>, today: Date) -> Vec<Peer> {
        let listings = self.list();
        let wanted = |slug: &str| Some(slug) != except && only.is_none_or(|only| only.iter().any(|s| s == slug));
        let all_there = only.is_none_or(|only| only.iter().all(|s| listings.iter().any(|l| &l.slug == s)));
        listings
            .iter()
            .filter(|l| l.summary.is_ok() && (wanted(&l.slug) || (!all_there && Some(l.slug.as_str()) != except)))
            .filter_map(|l| self.load(&l.slug).ok().map(|w| Peer::of(&l.slug, &w, today)))
            .collect()
    }
}

/// The names of the folders directly in `dir`, sorted, leaving out hidden ones.
pub(super) fn subfolders(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .map(|n| clean_line(&n))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
