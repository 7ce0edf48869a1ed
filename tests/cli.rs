//! The non-interactive command line, run as the real binary with stdin, stdout and stderr
//! not terminals: what it prints, what it writes to the data folder, and how it fails.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_quarterdeck");

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder for the test")
}

/// The binary with nothing inherited that could pick another data folder or colour the
/// output, and the platform data folder pointed at `elsewhere` (which must stay empty).
fn bare(elsewhere: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("QUARTERDECK_DATA_DIR")
        .env_remove("NO_COLOR")
        .env("HOME", elsewhere)
        .env("XDG_DATA_HOME", elsewhere.join("xdg-data"))
        .env("TERM", "dumb")
        .stdin(Stdio::null());
    cmd
}

/// The binary with `--data-dir dir` and the given arguments.
fn qd<I, S>(dir: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let home = dir.parent().expect("the data folder has a parent").join("home");
    std::fs::create_dir_all(&home).expect("a stand-in home folder");
    bare(&home).arg("--data-dir").arg(dir).args(args).output().expect("run quarterdeck")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn show(out: &Output) -> String {
    format!("status {:?}\n--- stdout ---\n{}--- stderr ---\n{}", out.status, stdout(out), stderr(out))
}

/// Asserts a failure: exit status 1 and exactly one line on stderr, `quarterdeck: ...`.
/// Returns that line.
fn one_line_failure(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{}", show(out));
    let err = stderr(out);
    assert!(err.ends_with('\n'), "the message ends its line: {}", show(out));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stderr: {}", show(out));
    assert!(lines[0].starts_with("quarterdeck: "), "{}", show(out));
    lines[0].to_string()
}

/// The data folder `TMP/data` inside a fresh temporary folder (kept alive by the guard).
fn data_dir() -> (tempfile::TempDir, PathBuf) {
    let root = temp();
    let dir = root.path().join("data");
    std::fs::create_dir(&dir).expect("data folder");
    (root, dir)
}

fn json_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the data folder")
        .map(|e| e.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    names
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON ({e}):\n{text}", path.display()))
}

/// Every file (not folder) under `root`, recursively.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("read a folder") {
            let entry = entry.expect("a folder entry");
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                todo.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn help_lists_the_subcommands_and_exits_zero() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let text = stdout(&out);
    let commands: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for wanted in ["new", "open", "list", "demo", "review"] {
        assert!(commands.contains(&wanted), "--help lists `{wanted}` as a command; commands {commands:?} in:\n{text}");
    }
    assert!(stderr(&out).is_empty(), "{}", show(&out));
}

#[test]
fn version_prints_the_version() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["--version"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(stdout(&out), format!("quarterdeck {}\n", env!("CARGO_PKG_VERSION")), "{}", show(&out));
}

#[test]
fn list_of_an_empty_folder_says_there_are_none() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let text = stdout(&out);
    assert!(text.to_lowercase().contains("no workshops"), "{}", show(&out));
    assert!(text.contains(&dir.display().to_string()), "names the folder it looked in: {}", show(&out));
    assert_eq!(text.lines().count(), 1, "one line, no table header: {}", show(&out));
}

#[test]
fn new_without_a_terminal_creates_the_file_and_list_shows_it() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["new", "Platform team", "--team", "Infra", "--period", "2027-Q2"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stderr(&out).is_empty(), "{}", show(&out));
    let file = dir.join("platform-team.json");
    assert!(stdout(&out).contains(&file.display().to_string()), "says where the file is: {}", show(&out));
    assert_eq!(json_files(&dir), ["platform-team.json"]);

    let json = read_json(&file);
    assert_eq!(json["name"], "Platform team", "{json:#}");
    assert_eq!(json["team"], "Infra", "{json:#}");
    assert_eq!(json["period"]["label"], "2027-Q2", "{json:#}");
    assert_eq!(json["period"]["start"], "2027-04-01", "{json:#}");
    assert_eq!(json["period"]["end"], "2027-06-30", "{json:#}");
    assert_eq!(json["schema_version"], quarterdeck::model::SCHEMA_VERSION, "{json:#}");

    let out = qd(&dir, ["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let text = stdout(&out);
    let row = text.lines().find(|l| l.starts_with("Platform team")).unwrap_or_else(|| panic!("a row for the workshop: {}", show(&out)));
    assert!(row.contains("Infra"), "team in the row: {row:?}");
    assert!(row.contains("2027-Q2"), "period in the row: {row:?}");
    assert_eq!(text.lines().count(), 2, "header and one row: {}", show(&out));
}

#[test]
fn the_data_folder_can_come_from_the_environment() {
    let root = temp();
    let dir = root.path().join("from-env");
    let home = root.path().join("home");
    std::fs::create_dir(&home).expect("home");
    let out = bare(&home)
        .env("QUARTERDECK_DATA_DIR", &dir)
        .args(["new", "Env team", "--team", "Core", "--period", "2027-H2"])
        .output()
        .expect("run quarterdeck");
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let json = read_json(&dir.join("env-team.json"));
    assert_eq!((json["name"].as_str(), json["period"]["label"].as_str()), (Some("Env team"), Some("2027-H2")), "{json:#}");
    assert!(files_under(&home).is_empty(), "nothing in the platform data folder: {:?}", files_under(&home));

    let out = bare(&home).env("QUARTERDECK_DATA_DIR", &dir).arg("list").output().expect("run quarterdeck");
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).lines().any(|l| l.starts_with("Env team") && l.contains("Core") && l.contains("2027-H2")), "{}", show(&out));
}

#[test]
fn new_with_a_bad_period_fails_with_one_line_about_the_period() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["new", "X", "--period", "nonsense"]);
    let line = one_line_failure(&out);
    assert!(line.contains("period"), "{line}");
    assert!(line.contains("nonsense"), "quotes what was given: {line}");
    assert!(json_files(&dir).is_empty(), "no workshop written: {:?}", json_files(&dir));
}

#[test]
fn open_of_an_unknown_name_fails_with_one_line_naming_the_folder() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["open", "nosuch"]);
    let line = one_line_failure(&out);
    assert!(line.contains(&dir.display().to_string()), "names the data folder: {line}");
    assert!(line.contains("nosuch"), "names what was asked for: {line}");
}

#[test]
fn open_without_a_terminal_fails_with_one_line_saying_it_needs_one() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["new", "Platform team", "--team", "Infra", "--period", "2027-Q2"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let file = dir.join("platform-team.json");
    let before = std::fs::read(&file).expect("the workshop file");

    let out = qd(&dir, ["open", "Platform team"]);
    let line = one_line_failure(&out);
    assert!(line.contains("terminal"), "{line}");
    assert!(stdout(&out).is_empty(), "nothing drawn on a pipe: {}", show(&out));
    assert_eq!(std::fs::read(&file).expect("the workshop file"), before, "the file is untouched");
    assert!(!dir.join("platform-team.lock").exists(), "no lock left behind");
}

#[test]
fn a_corrupt_file_is_listed_as_cannot_open_and_left_as_it_is() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["new", "Healthy", "--team", "Infra", "--period", "2027-Q2"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let garbage: &[u8] = b"{\"schema_version\": 1, \"name\": \"half a wor\x00\xff\xfe garbage";
    let broken = dir.join("broken.json");
    std::fs::write(&broken, garbage).expect("write the corrupt file");

    let out = qd(&dir, ["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let text = stdout(&out);
    assert!(text.lines().any(|l| l.starts_with("Healthy") && l.contains("Infra") && l.contains("2027-Q2")), "{}", show(&out));
    let row = text.lines().find(|l| l.starts_with("broken")).unwrap_or_else(|| panic!("a row for broken.json: {}", show(&out)));
    assert!(row.contains("cannot open"), "{row:?}");
    assert_eq!(std::fs::read(&broken).expect("the corrupt file is still there"), garbage, "the corrupt file is left byte for byte");
    assert_eq!(json_files(&dir), ["broken.json", "healthy.json"]);
}

#[test]
fn hostile_names_stay_inside_the_data_folder_and_print_no_escapes() {
    let root = temp();
    // Deep enough that `../../` from the data folder is still inside `root`, where it can be seen.
    let dir = root.path().join("a").join("b").join("data");
    std::fs::create_dir_all(&dir).expect("data folder");
    let home = root.path().join("home");
    std::fs::create_dir(&home).expect("home");
    let escape_name = "\u{1b}]0;pwned\u{7}x";
    for name in ["../../etc/passwd", "CON", escape_name] {
        let out = bare(&home).arg("--data-dir").arg(&dir).args(["new", name, "--period", "2027-Q1"]).output().expect("run quarterdeck");
        assert_eq!(out.status.code(), Some(0), "new {name:?}: {}", show(&out));
        assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07), "new {name:?} echoes no control bytes: {:?}", stdout(&out));
    }

    for file in files_under(root.path()) {
        assert!(file.starts_with(&dir), "{} was written outside the data folder {}", file.display(), dir.display());
    }
    let jsons = json_files(&dir);
    assert_eq!(jsons.len(), 3, "one file per workshop: {jsons:?}");
    for name in &jsons {
        let stem = name.trim_end_matches(".json");
        assert!(!stem.eq_ignore_ascii_case("con"), "{name} is a reserved device name on Windows");
        assert!(stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{name:?} is a plain file name");
        assert!(dir.join(name).is_file(), "{name} is a file directly in the data folder");
    }
    let names: Vec<String> = jsons.iter().map(|n| read_json(&dir.join(n))["name"].as_str().expect("a name").to_string()).collect();
    assert!(names.iter().all(|n| !n.contains('\u{1b}') && !n.contains('\u{7}')), "names are saved without controls: {names:?}");

    let out = bare(&home).arg("--data-dir").arg(&dir).arg("list").output().expect("run quarterdeck");
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(stdout(&out).lines().count(), 4, "header and three rows: {}", show(&out));
    assert!(!out.stdout.contains(&0x1b), "ESC in list output: {:?}", stdout(&out));
    assert!(!out.stdout.contains(&0x07), "BEL in list output: {:?}", stdout(&out));
    assert!(!out.stderr.contains(&0x1b) && !out.stderr.contains(&0x07), "controls on stderr: {:?}", stderr(&out));
    assert!(stdout(&out).contains("pwned"), "the escape-named workshop is listed: {}", show(&out));
}
