//! Finding the workshop a command names: its file first (nothing else read), then by name.

use color_eyre::eyre::{Result, eyre};

use crate::model::text::{clean_line, name_key};
use crate::store::{Listing, Store, slug};

/// Finds a workshop by what was typed: its file name, then its name exactly, then its name
/// with case and spacing aside (or the file name its name would get) when only one
/// workshop matches that way; several are an error naming them.
pub(crate) fn find(store: &Store, name: &str) -> Result<String> {
    let typed = clean_line(name);
    // A file name opens its file straight away: nothing else in the folder is read.
    for slug in [name, typed.as_str()] {
        let path = store.path_of(slug);
        let same_name = path.file_stem().is_some_and(|stem| stem == slug);
        if same_name && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            return Ok(slug.to_string());
        }
    }
    let listings = store.try_list()?;
    if let Some(l) = listings.iter().find(|l| l.slug == name || l.slug == typed) {
        return Ok(l.slug.clone());
    }
    let name_of = |l: &Listing| l.summary.as_ref().ok().map(|s| s.name.clone());
    let exact: Vec<&Listing> = listings.iter().filter(|l| name_of(l).as_deref() == Some(typed.as_str())).collect();
    let (key, wanted) = (name_key(&typed), slug(&typed));
    let loose: Vec<&Listing> = listings.iter().filter(|l| l.slug == wanted || name_of(l).is_some_and(|n| name_key(&n) == key)).collect();
    let matches = if exact.is_empty() { loose } else { exact };
    match matches.as_slice() {
        [one] => Ok(one.slug.clone()),
        [] => Err(eyre!("no workshop called \"{typed}\" in {}; `quarterdeck list` shows the ones there", store.dir().display())),
        many => {
            let names: Vec<String> =
                many.iter().map(|l| format!("\"{}\" ({}.json)", clean_line(&name_of(l).unwrap_or_default()), l.slug)).collect();
            Err(eyre!("\"{typed}\" could be any of {}; give the exact name or the file name", names.join(", ")))
        }
    }
}
