//! Workshops in git: `merge-file`, the merge driver git runs for workshop files (so `git
//! merge` and `git pull` merge them by id and field instead of by line), and `git-setup`,
//! which tells a repository to use it.

use std::path::Path;
use std::process::{Command, ExitCode};

use color_eyre::eyre::{Result, eyre};

use crate::model::text::clean_line;
use crate::model::{Workshop, merge};
use crate::store::{read_workshop_file, write_workshop_file};

/// The line `.gitattributes` gets: every workshop file at the top of the folder.
pub(super) const ATTRIBUTE: &str = "/*.json merge=quarterdeck";

/// `merge-file BASE OURS THEIRS [PATH]` (git's `%O %A %B %P`): writes the three-way merge
/// into OURS. Exit 0 when merged (fields both sides changed are decided by the later change
/// and recorded, and said on stderr); 1, leaving OURS as it was, when a side is not a
/// workshop this build can read; git then reports a conflict as usual.
pub(super) fn merge_file(base: &Path, ours: &Path, theirs: &Path, name: Option<&str>) -> ExitCode {
    let name = name.map_or_else(|| ours.display().to_string(), clean_line);
    let read = |path: &Path| read_workshop_file(path).map_err(|e| e.to_string());
    let side = |path: &Path| read(path)?.ok_or_else(|| format!("{} is empty", path.display()));
    let merged = (|| {
        let (o, t) = (side(ours)?, side(theirs)?);
        // Both sides added the file: every field of either is new.
        let b = read(base)?.unwrap_or_else(|| Workshop::new("", "", o.period.clone(), o.created));
        let merged = merge::merge(&b, &o, &t).map_err(|e| e.to_string())?;
        write_workshop_file(ours, &merged.workshop).map_err(|e| e.to_string())?;
        Ok::<_, String>(merged.conflicts)
    })();
    match merged {
        Ok(conflicts) => {
            for c in conflicts {
                eprintln!(
                    "quarterdeck: {name}: {} changed on both sides; kept \"{}\", \"{}\" is in the merge record",
                    c.subject, c.kept, c.set_aside
                );
            }
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("quarterdeck: could not merge {name}: {}", clean_line(&why));
            ExitCode::FAILURE
        }
    }
}

/// `git-setup [DIR]`: the `.gitattributes` line for the folder's workshops and the
/// repository's `merge.quarterdeck` driver, pointing at this program.
pub(super) fn setup(dir: &Path) -> Result<()> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !dir.is_dir() {
        return Err(eyre!("{} is not a folder", dir.display()));
    }
    git(&dir, &["rev-parse", "--git-dir"]).map_err(|_| {
        eyre!("{} is not in a git repository; run `git init` there (or clone your team's repository into it) first", dir.display())
    })?;
    let attributes = dir.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(eyre!("could not read {}: {e}", attributes.display())),
    };
    if existing.lines().any(|l| l.trim() == ATTRIBUTE) {
        println!("{} already has `{ATTRIBUTE}`", attributes.display());
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(ATTRIBUTE);
        text.push('\n');
        crate::store::write_export(&attributes, &text).map_err(|e| eyre!(e))?;
        println!("wrote `{ATTRIBUTE}` to {}: commit it, so every clone merges workshops this way", attributes.display());
    }
    let program = std::env::current_exe().map_err(|e| eyre!("could not find this program's path: {e}"))?;
    let driver = format!("{} merge-file %O %A %B %P", shell_quoted(&program));
    git(&dir, &["config", "merge.quarterdeck.name", "Quarterdeck: merge workshops by id and field"])?;
    git(&dir, &["config", "merge.quarterdeck.driver", &driver])?;
    println!("set merge.quarterdeck.driver to `{driver}` in this repository's config (each clone runs `quarterdeck git-setup` once)");
    Ok(())
}

/// Runs git in `dir`; its output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| eyre!("could not run git ({e}); is git installed and on the PATH?"))?;
    if !out.status.success() {
        return Err(eyre!("git {} failed: {}", args.join(" "), clean_line(&String::from_utf8_lossy(&out.stderr))));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A path as one word for the shell git runs drivers with.
fn shell_quoted(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell() {
        assert_eq!(shell_quoted(Path::new("/opt/my tools/quarterdeck")), "'/opt/my tools/quarterdeck'");
        assert_eq!(shell_quoted(Path::new("/it's/qd")), r"'/it'\''s/qd'");
    }
}
