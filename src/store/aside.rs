//! Where backups and the trash live. Beside the workshops (`.backups/`, `.trash/`) in a
//! plain folder; inside the repository's git folder (`.git/quarterdeck/`) when the data
//! folder is in a git work tree, where `git clean -fX` cannot delete them, a clone does not
//! copy them and they are never committed.

use std::fs;
use std::path::{Path, PathBuf};

use super::{BACKUPS_DIR, Store, TRASH_DIR, disk};

/// The git folder of the work tree `dir` is in, if any: `.git` itself, or where a `.git`
/// file points (worktrees, submodules).
pub(crate) fn git_dir_of(dir: &Path) -> Option<PathBuf> {
    let mut at = Some(dir);
    while let Some(here) = at {
        let dot_git = here.join(".git");
        if dot_git.is_dir() {
            return Some(dot_git);
        }
        if dot_git.is_file() {
            let text = fs::read_to_string(&dot_git).ok()?;
            let target = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
            let target = Path::new(target);
            return Some(if target.is_absolute() { target.to_path_buf() } else { here.join(target) });
        }
        at = here.parent();
    }
    None
}

/// `.git/quarterdeck/{path of the data folder in the work tree}` for a data folder in git.
pub(crate) fn aside_in_git(dir: &Path) -> Option<PathBuf> {
    let git = git_dir_of(dir)?;
    let root = dir.ancestors().find(|a| a.join(".git").exists())?;
    let inside = dir.strip_prefix(root).ok()?;
    let mut aside = git.join("quarterdeck");
    if inside.as_os_str().is_empty() {
        aside.push("root");
    } else {
        aside.push(inside);
    }
    Some(aside)
}

impl Store {
    /// The folder of every workshop's backups.
    pub(crate) fn backups_root(&self) -> PathBuf {
        self.aside.as_ref().map_or_else(|| self.dir.join(BACKUPS_DIR), |a| a.join("backups"))
    }

    /// The trash folder.
    pub(crate) fn trash_root(&self) -> PathBuf {
        self.aside.as_ref().map_or_else(|| self.dir.join(TRASH_DIR), |a| a.join("trash"))
    }

    /// Moves backups and trash kept beside the workshops into the git folder, once the data
    /// folder is in a git work tree.
    pub(crate) fn move_aside_into_git(&self, notices: &mut Vec<String>) {
        if self.aside.is_none() {
            return;
        }
        let mut moved = false;
        for (old, new) in [(self.dir.join(BACKUPS_DIR), self.backups_root()), (self.dir.join(TRASH_DIR), self.trash_root())] {
            if !old.is_dir() {
                continue;
            }
            match disk::move_dir_merging(&old, &new) {
                Ok(()) => moved = true,
                Err(e) => notices.push(format!("could not move {} into {} ({e}); it stays where it is", old.display(), new.display())),
            }
        }
        if moved {
            notices.push(format!(
                "moved the backups and the trash into {}, where git never commits or cleans them",
                self.aside.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_default()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_folder_in_a_work_tree_keeps_backups_in_the_git_folder() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let repo = tmp.path().join("repo");
        fs::create_dir_all(repo.join(".git")).expect("git dir");
        fs::create_dir_all(repo.join("okrs/team")).expect("data dir");
        assert_eq!(aside_in_git(&repo.join("okrs/team")), Some(repo.join(".git/quarterdeck/okrs/team")));
        assert_eq!(aside_in_git(&repo), Some(repo.join(".git/quarterdeck/root")));
        assert_eq!(aside_in_git(tmp.path()), None);
    }

    #[test]
    fn a_git_file_points_at_the_real_git_folder() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let worktree = tmp.path().join("wt");
        fs::create_dir_all(&worktree).expect("worktree");
        fs::write(worktree.join(".git"), "gitdir: ../main/.git/worktrees/wt\n").expect("git file");
        assert_eq!(git_dir_of(&worktree), Some(worktree.join("../main/.git/worktrees/wt")));
    }
}
