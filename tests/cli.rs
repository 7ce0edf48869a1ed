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
    // `new` wrote the file under its lock; nothing holds it now.
    let _ = std::fs::remove_file(dir.join("platform-team.lock"));

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
    // Listed, and the exit status tells a script that something could not be read.
    let line = one_line_failure(&out);
    assert!(line.contains("broken.json") && line.contains("cannot be read"), "says which: {line}");
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

/// Runs the binary like `qd`, but gives up (and fails) if it has not ended within ten
/// seconds: for what must never block, such as a workshop that is a named pipe.
fn qd_promptly(dir: &Path, args: &[&str]) -> Output {
    let home = dir.parent().expect("the data folder has a parent").join("home");
    std::fs::create_dir_all(&home).expect("a stand-in home folder");
    let mut child =
        bare(&home).arg("--data-dir").arg(dir).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run quarterdeck");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while child.try_wait().expect("poll quarterdeck").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("quarterdeck {args:?} still running after 10 s: it blocked");
        }
        std::thread::yield_now();
    }
    child.wait_with_output().expect("collect the output")
}

/// The demo workshop kept in a fresh data folder; its file.
fn kept_demo(dir: &Path) -> PathBuf {
    let out = qd(dir, ["demo", "--keep"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    dir.join("platform-team.json")
}

/// No panic report and no backtrace on stderr: a user error is a sentence.
fn assert_no_backtrace(out: &Output) {
    let err = stderr(out);
    for sign in ["panicked", "BACKTRACE", "RUST_BACKTRACE", "stack backtrace", "Location:"] {
        assert!(!err.contains(sign), "{sign:?} on stderr: {}", show(out));
    }
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_export_check_and_list_quietly_by_sigpipe() {
    use std::os::unix::process::ExitStatusExt as _;
    let (_root, dir) = data_dir();
    kept_demo(&dir);
    let home = dir.parent().expect("parent").join("home");
    for args in [&["export", "platform-team", "--format", "json"][..], &["check", "platform-team"], &["list"]] {
        // The reader is gone before the program writes a byte: every write is EPIPE.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = bare(&home).arg("--data-dir").arg(&dir).args(args).stdout(writer).output().expect("run quarterdeck");
        assert_eq!(out.status.signal(), Some(13), "{args:?} ends by SIGPIPE, as a pipe's writer does: {}", show(&out));
        assert!(out.stderr.is_empty(), "{args:?} ends quietly: {}", show(&out));
    }
}

#[cfg(unix)]
#[test]
fn export_into_head_and_check_into_true_end_quietly_in_a_shell() {
    let (_root, dir) = data_dir();
    kept_demo(&dir);
    let home = dir.parent().expect("parent").join("home");
    for pipeline in [
        r#""$QD" export platform-team --all | head -1"#,
        r#""$QD" export platform-team --format json | head -1"#,
        r#""$QD" check platform-team | true"#,
    ] {
        let script = format!("{pipeline}; echo \"status ${{PIPESTATUS[0]}}\" >&2");
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .env("QD", BIN)
            .env("QUARTERDECK_DATA_DIR", &dir)
            .env("HOME", &home)
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("run bash");
        let err = stderr(&out);
        let status = err.lines().last().unwrap_or_default().to_string();
        assert!(
            status == "status 0" || status == "status 141",
            "{pipeline}: {status} (0 if it wrote all before the reader left, else 141)"
        );
        assert_eq!(err.lines().count(), 1, "{pipeline}: nothing on stderr but the status: {err}");
    }
}

#[test]
fn no_user_error_shows_a_backtrace() {
    let (_root, dir) = data_dir();
    kept_demo(&dir);
    let cases: [&[&str]; 7] = [
        &["open", "nosuch"],
        &["new", "X", "--period", "nonsense"],
        &["export", "nosuch"],
        &["import", "platform-team", "/nonexistent/backlog.csv"],
        &["checkin", "platform-team", "no such key result", "3"],
        &["merge", "platform-team", "/nonexistent/proposal.json"],
        &["new", "PLATFORM TEAM"],
    ];
    for args in cases {
        let out = qd(&dir, args);
        one_line_failure(&out);
        assert_no_backtrace(&out);
    }
}

#[test]
fn list_of_a_folder_that_cannot_be_read_is_an_error_not_an_empty_list() {
    let root = temp();
    let file = root.path().join("data");
    std::fs::write(&file, "not a folder").expect("a file where the folder should be");
    let out = qd(&file, ["list"]);
    let line = one_line_failure(&out);
    assert!(line.contains("could not read") && line.contains("not a folder"), "{line}");
    assert!(!stdout(&out).contains("no workshops"), "{}", show(&out));
    assert!(!line.contains("write"), "a read error says read: {line}");
}

#[test]
fn list_names_every_workshop_that_cannot_be_read() {
    let (_root, dir) = data_dir();
    kept_demo(&dir);
    std::fs::write(dir.join("one.json"), "{").expect("write");
    std::fs::write(dir.join("two.json"), "[]").expect("write");
    let out = qd(&dir, ["list"]);
    let line = one_line_failure(&out);
    assert!(line.contains("2 workshops") && line.contains("one.json") && line.contains("two.json"), "{line}");
    assert!(stdout(&out).lines().any(|l| l.starts_with("Platform team")), "the readable one is listed: {}", show(&out));
}

#[test]
fn check_in_json_reports_its_errors_as_json_on_stdout() {
    let (_root, dir) = data_dir();
    kept_demo(&dir);
    std::fs::write(dir.join("broken.json"), "{").expect("write");
    for args in [&["check", "nosuch", "--format", "json"][..], &["check", "broken", "--format", "json"], &["check", "--format", "json"]] {
        let out = qd(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", show(&out));
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", show(&out)));
        let error = json["error"].as_str().unwrap_or_else(|| panic!("{args:?}: an \"error\" sentence in {json:#}"));
        assert!(!error.is_empty() && stderr(&out).contains(error), "{args:?}: {}", show(&out));
    }
    let out = qd(&dir, ["check", "platform-team", "--format", "json"]);
    assert!(serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).is_ok(), "findings stay a JSON list: {}", show(&out));
}

#[test]
fn flags_that_do_not_apply_are_refused_by_clap() {
    let (_root, dir) = data_dir();
    kept_demo(&dir);
    let cases: [(&[&str], &str); 6] = [
        (&["check", "platform-team", "--objective", "x"], "--objective"),
        (&["check", "platform-team", "--key-result", "x"], "--key-result"),
        (&["export", "platform-team", "--format", "json", "--themes"], "--themes"),
        (&["export", "platform-team", "--format", "csv", "--all"], "--all"),
        (&["export", "platform-team", "--what", "initiatives"], "--what"),
        (&["export", "platform-team", "--format", "json", "--what", "key-results"], "--what"),
    ];
    for (args, flag) in cases {
        let out = qd(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?} is a usage error: {}", show(&out));
        assert!(stderr(&out).starts_with("error: ") && stderr(&out).contains(flag), "{args:?}: {}", show(&out));
        assert!(out.stdout.is_empty(), "{args:?} printed nothing else: {}", show(&out));
    }
    for args in [&["export", "platform-team", "--format", "csv", "--what", "initiatives"][..], &["export", "platform-team", "--all"]] {
        let out = qd(&dir, args);
        assert_eq!(out.status.code(), Some(0), "{args:?} still works: {}", show(&out));
    }
}

/// Every path under `root` (folders too) with its bytes, for before-and-after comparisons.
fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                todo.push(path.clone());
                out.push((path, Vec::new()));
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn read_only_commands_write_nothing() {
    // No folder yet: none is created.
    let root = temp();
    let missing = root.path().join("data");
    for args in [&["list"][..], &["check", "x"], &["export", "x"]] {
        qd(&missing, args);
        assert!(!missing.exists(), "{args:?} created the data folder");
    }
    let out = qd(&missing, ["list"]);
    assert_eq!(out.status.code(), Some(0), "a folder not there yet holds no workshops: {}", show(&out));

    // A folder with an old-schema workshop and the leftovers of an interrupted save, and no
    // .gitignore: reading it adds, moves and changes nothing.
    let (root, dir) = data_dir();
    std::fs::create_dir(root.path().join("home")).expect("the stand-in home");
    let v1 = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema/v1.json")).expect("the v1 fixture");
    std::fs::write(dir.join("old.json"), &v1).expect("write");
    std::fs::write(dir.join(".old.json.abc123"), &v1[..v1.len() / 2]).expect("a half-written temporary file");
    let before = tree(root.path());
    for args in
        [&["list"][..], &["check", "old"], &["check", "old", "--format", "json"], &["export", "old"], &["export", "old", "--format", "csv"]]
    {
        let out = qd(&dir, args);
        assert_no_backtrace(&out);
        assert_eq!(tree(root.path()), before, "{args:?} wrote something (data folder or home): {}", show(&out));
    }
    assert!(!dir.join(".gitignore").exists());
}

#[cfg(unix)]
#[test]
fn a_workshop_that_is_a_pipe_is_refused_with_a_sentence_and_never_waited_on() {
    let (_root, dir) = data_dir();
    kept_demo(&dir);
    let made = Command::new("mkfifo").arg(dir.join("pipe.json")).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo is not available here");
        return;
    }
    let backlog = dir.join("backlog.txt");
    std::fs::write(&backlog, "One ticket\n").expect("write");
    let backlog = backlog.to_str().expect("utf-8");
    for args in [&["export", "pipe"][..], &["check", "pipe"], &["import", "pipe", backlog], &["checkin", "pipe", "KR1", "3"]] {
        let out = qd_promptly(&dir, args);
        assert!(!out.status.success(), "{args:?}: {}", show(&out));
        assert!(stderr(&out).contains("pipe.json: it is not a regular file"), "{args:?} says why: {}", show(&out));
        assert_no_backtrace(&out);
    }
    let out = qd_promptly(&dir, &["list"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(stdout(&out).contains("Platform team"), "the others are listed: {}", show(&out));
}

#[test]
fn demo_keep_without_a_terminal_saves_and_exits_0() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["demo", "--keep"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stderr(&out).contains("saved the demo as"), "{}", show(&out));
    assert_eq!(read_json(&dir.join("platform-team.json"))["name"], "Platform team");
    // Kept again: a name of its own, so lookups never take one for the other.
    let out = qd(&dir, ["demo", "--keep"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(read_json(&dir.join("platform-team-demo.json"))["name"], "Platform team (demo)");
}

#[test]
fn new_refuses_a_name_that_differs_only_in_case_or_spacing_and_names_the_existing_one() {
    let (_root, dir) = data_dir();
    let out = qd(&dir, ["new", "Platform team", "--period", "2027-Q1"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    for name in ["platform team", "PLATFORM  TEAM", " Platform\tteam", "PlatformTeam", "Platform\u{200b} team"] {
        let out = qd(&dir, ["new", name, "--period", "2027-Q1"]);
        let line = one_line_failure(&out);
        assert!(line.contains("\"Platform team\"") && line.contains("platform-team.json"), "{name:?}: {line}");
    }
    assert_eq!(json_files(&dir), ["platform-team.json"]);
    let out = qd(&dir, ["new", &"n".repeat(301), "--period", "2027-Q1"]);
    assert!(one_line_failure(&out).contains("300 characters"), "{}", show(&out));
}

#[test]
fn lookups_take_the_exact_name_then_case_and_spacing_aside_only_when_unambiguous() {
    let (_root, dir) = data_dir();
    for (file, name, team) in [("a.json", "Ops", "exact"), ("b.json", "ops", "lower"), ("c.json", "Data Team", "data")] {
        let out = qd(&dir, ["new", name, "--team", team, "--period", "2027-Q1"]);
        if out.status.success() {
            let slug = stdout(&out).split(" in ").nth(1).map(|p| p.trim().to_string()).expect("the file");
            std::fs::rename(slug, dir.join(file)).expect("rename");
        } else {
            // `new` refuses "ops" beside "Ops": write it by hand, as another tool might.
            let w = read_json(&dir.join("a.json"));
            let mut w = w.clone();
            w["name"] = name.into();
            w["team"] = team.into();
            std::fs::write(dir.join(file), serde_json::to_vec_pretty(&w).expect("json")).expect("write");
        }
    }
    let team_of = |query: &str| {
        let out = qd(&dir, ["export", query, "--format", "json"]);
        (out.status.code(), serde_json::from_slice::<serde_json::Value>(&out.stdout).ok().map(|j| j["team"].clone()), stderr(&out))
    };
    assert_eq!(team_of("Ops").1, Some("exact".into()), "the exact name");
    assert_eq!(team_of("ops").1, Some("lower".into()), "the exact name, not the first that matches in any case");
    assert_eq!(team_of("b").1, Some("lower".into()), "the file name");
    assert_eq!(team_of("data  TEAM").1, Some("data".into()), "case and spacing aside when only one matches");
    let (code, _, err) = team_of("OPS");
    assert_eq!(code, Some(1));
    assert!(err.contains("\"Ops\" (a.json)") && err.contains("\"ops\" (b.json)"), "an ambiguous name names the candidates: {err}");
}

#[test]
fn a_formula_behind_a_tab_in_a_note_is_escaped_in_the_csv() {
    let (_root, dir) = data_dir();
    let file = kept_demo(&dir);
    let kr = read_json(&file)["objectives"][0]["key_results"][0]["id"].to_string();
    let out = qd(&dir, ["checkin", "platform-team", &kr, "3", "--note", "\t@SUM(1+1)"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let out = qd(&dir, ["export", "platform-team", "--format", "csv"]);
    let text = stdout(&out);
    let row = text.lines().find(|l| l.contains("SUM(")).unwrap_or_else(|| panic!("the note's row: {text}"));
    // However the note's leading whitespace is kept, the cell starts with the quote.
    assert!(row.ends_with(",'@SUM(1+1)") || row.ends_with(",'    @SUM(1+1)"), "prefixed: {row:?}");
}
