//! The real binary in a pseudo-terminal: a workshop created, changed, saved on signals and
//! panics, the terminal restored every way out (see `support/pty.rs` for how).

mod support;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use expectrl::process::unix::{Signal, WaitStatus};
use support::pty::*;

#[test]
fn create_a_workshop_from_home_then_quit_restores_the_terminal() {
    let root = temp();
    let home = root.path().join("home");
    let data = root.path().join("data");
    std::fs::create_dir_all(&home).expect("home");
    let Some(mut pty) = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path")], &home, &[]) else { return };

    pty.wait_for("No workshops yet");
    pty.send("n");
    pty.wait_for("New workshop");
    pty.send("Weekly Ops");
    pty.send(TAB);
    pty.send("SRE");
    pty.wait_for("SRE");
    pty.send(ENTER);
    pty.wait_for("Step 1 · Backlog");
    // The status line names the workshop, its period and its team.
    pty.wait_until("a status line \"Weekly Ops · PERIOD · SRE\"", |screen| {
        screen.lines().any(|l| l.trim_start().starts_with("Weekly Ops · ") && l.contains(" · SRE"))
    });
    pty.send("q");
    pty.assert_exit_code(0);

    let file = data.join("weekly-ops.json");
    assert!(file.is_file(), "{} written; the data folder has {:?}", file.display(), entries(&data));
    let json = read_json(&file);
    assert_eq!(json["name"], "Weekly Ops", "{json:#}");
    assert_eq!(json["team"], "SRE", "{json:#}");
    pty.assert_terminal_restored();
}

/// Opens "Platform team" from home and changes its team in the settings (`,`), leaving the
/// debounced save pending. `None` when there is no PTY here.
fn open_and_change_the_team(home: &Path, data: &Path, env: &[(&str, &OsStr)]) -> Option<Pty> {
    let mut pty = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path")], home, env)?;
    pty.wait_for("Platform team");
    pty.send(ENTER);
    pty.wait_for("Step 1 · Backlog");
    pty.send(",");
    pty.wait_for("Workshop settings");
    pty.send(TAB);
    pty.send(" Ops");
    pty.wait_for("Infra Ops");
    pty.send(ENTER);
    pty.wait_for("settings saved");
    Some(pty)
}

fn a_signal_saves_a_pending_change_and_restores_the_terminal(signal: Signal) {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let Some(mut pty) = open_and_change_the_team(&home, &data, &[]) else { return };
    // The save waits 300 ms for more changes; the signal should not wait for it.
    let saved_before_signal = read_json(&file)["team"] != "Infra";
    pty.signal(signal);
    let status = pty.wait_exit();
    let expected = 128 + signal as i32;
    assert!(
        matches!(status, WaitStatus::Exited(_, code) if code == expected),
        "exits by itself on {signal:?} with status {expected}, not killed by it: {status:?}\n{}",
        pty.report()
    );
    if saved_before_signal {
        eprintln!("note: the debounced save had already happened before {signal:?} arrived; the save on the way out was not exercised");
    }

    let json = read_json(&file);
    let team = json["team"].as_str().unwrap_or_else(|| panic!("a team in {json:#}"));
    assert!(team.ends_with(" Ops"), "the change made before {signal:?} was saved: team is {team:?}");
    assert_eq!(team, "Infra Ops");
    pty.assert_terminal_restored();
}

#[test]
fn sigterm_saves_a_pending_change_and_restores_the_terminal() {
    a_signal_saves_a_pending_change_and_restores_the_terminal(Signal::SIGTERM);
}

#[test]
fn every_other_ending_signal_saves_restores_and_exits_128_plus_its_number() {
    for signal in [Signal::SIGINT, Signal::SIGQUIT, Signal::SIGUSR1, Signal::SIGUSR2, Signal::SIGALRM] {
        a_signal_saves_a_pending_change_and_restores_the_terminal(signal);
    }
}

/// Stops the app with `stop` (a signal, or Ctrl-Z typed), checks the terminal was given
/// back, continues it and checks it redraws and takes keys without Enter.
fn suspend_and_resume(stop: impl FnOnce(&mut Pty)) {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let Some(mut pty) = open_and_change_the_team(&home, &data, &[]) else { return };
    let before = pty.raw.len();
    stop(&mut pty);
    while rfind(&pty.raw[before..], LEAVE_ALT_SCREEN).is_none() {
        assert!(pty.pump("the alternate screen left on suspend"), "{}", pty.report());
    }
    assert_eq!(read_json(&file)["team"], "Infra Ops", "what was pending is saved before the stop");
    pty.wait_stopped();
    let resumed_at = pty.raw.len();
    pty.signal(Signal::SIGCONT);
    while rfind(&pty.raw[resumed_at..], ENTER_ALT_SCREEN).is_none() {
        assert!(pty.pump("the alternate screen taken again on resume"), "{}", pty.report());
    }
    pty.wait_for("Step 1 · Backlog");
    // Raw mode again: a key acts without Enter.
    pty.send("?");
    pty.wait_for("Keys here");
    pty.send(ESC);
    pty.wait_until("the help closed", |screen| !screen.contains("Keys here"));
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
}

#[test]
fn sigtstp_gives_the_terminal_back_and_sigcont_redraws_with_keys_acting_at_once() {
    suspend_and_resume(|pty| pty.signal(Signal::SIGTSTP));
}

#[test]
fn ctrl_z_suspends_like_the_shell_expects() {
    suspend_and_resume(|pty| pty.send("\x1a"));
}

#[test]
fn sighup_saves_a_pending_change_and_restores_the_terminal() {
    a_signal_saves_a_pending_change_and_restores_the_terminal(Signal::SIGHUP);
}

/// Debug builds panic on a key named by `QUARTERDECK_TEST_PANIC_ON` (see `Runtime::handle`);
/// the binary `cargo test` builds is a debug build.
#[cfg(debug_assertions)]
#[test]
fn a_panic_restores_the_terminal_and_saves_the_pending_change() {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let env = [("QUARTERDECK_TEST_PANIC_ON", OsStr::new("!"))];
    let Some(mut pty) = open_and_change_the_team(&home, &data, &env) else { return };
    let saved_before_panic = read_json(&file)["team"] != "Infra";
    pty.send("!");
    let status = pty.wait_exit();
    assert!(!matches!(status, WaitStatus::Exited(_, 0)), "a panic is not a clean exit: {status:?}\n{}", pty.report());
    if saved_before_panic {
        eprintln!("note: the debounced save had already happened before the panic; the emergency save was not exercised");
    }
    // The report is long (a backtrace): the message has scrolled off the screen by now.
    assert!(rfind(&pty.raw, b"test panic").is_some(), "the panic is reported\n{}", pty.report());
    assert_eq!(read_json(&file)["team"], "Infra Ops", "the emergency save kept the change");
    pty.assert_terminal_restored();
}

#[test]
fn an_initiative_added_on_step_2_is_there_after_a_restart() {
    let (_root, home, data) = folders();
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path")];
    let Some(mut pty) = Pty::spawn(&args, &home, &[]) else { return };
    pty.wait_for("No workshops yet");
    pty.send("n");
    pty.wait_for("New workshop");
    pty.send("Platform team");
    pty.wait_for("Platform team");
    pty.send(ENTER);
    pty.wait_for("Step 1 · Backlog");
    pty.send("2");
    pty.wait_for("Step 2 · Brainstorm");
    pty.send("a");
    pty.send("Cache the build artefacts");
    pty.wait_for("Cache the build artefacts");
    pty.send(ENTER);
    pty.wait_for("1 initiative");
    pty.send(ESC);
    // Until the capture line has closed, `q` right after Esc would read as Alt-q.
    pty.wait_until("the capture line closed", |screen| !screen.contains("Enter add, and type the next"));
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
    let json = read_json(&data.join("platform-team.json"));
    assert_eq!(json["initiatives"][0]["title"], "Cache the build artefacts", "{json:#}");

    let Some(mut again) = Pty::spawn(&args, &home, &[]) else { return };
    again.wait_for("Platform team");
    again.send(ENTER);
    again.wait_for("Step 2 · Brainstorm");
    again.wait_for("Cache the build artefacts");
    again.send("q");
    again.assert_exit_code(0);
    again.assert_terminal_restored();
}

#[test]
fn resizing_redraws_at_the_new_size() {
    let (_root, home, data) = folders();
    new_workshop(&home, &data, "Platform team", "Infra");
    let Some(mut pty) = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path"), "open", "Platform team"], &home, &[]) else {
        return;
    };
    pty.wait_for("Step 1 · Backlog");
    pty.resize(50, 12);
    pty.wait_for("terminal too small");
    pty.resize(100, 30);
    pty.wait_until("the step drawn again at 100x30", |screen| screen.contains("Step 1 · Backlog") && !screen.contains("too small"));
    // Drawn across the new width: something beyond the old 80 columns.
    pty.wait_until("text beyond column 80", |screen| screen.lines().any(|l| l.trim_end().chars().count() > 80));
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
}

#[test]
fn two_windows_on_one_workshop_both_edit_and_see_each_other() {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path"), "open", "Platform team"];
    let Some(mut first) = Pty::spawn(&args, &home, &[]) else { return };
    first.wait_for("Step 1 · Backlog");
    first.send("2");
    first.wait_for("Step 2 · Brainstorm");
    let Some(mut second) = Pty::spawn(&args, &home, &[]) else { return };
    second.wait_for("Step 1 · Backlog");
    assert!(!second.screen().contains("READ-ONLY"), "a second window edits too\n{}", second.report());
    second.send("2");
    second.wait_for("Step 2 · Brainstorm");

    first.send("aFrom the first window");
    first.send(ENTER);
    first.send(ESC);
    first.wait_for("saved");
    // The second window is idle: the change on disk arrives without a key.
    second.wait_for("From the first window");
    second.wait_for("merged from disk: 1 initiative");

    second.send("aFrom the second window");
    second.send(ENTER);
    second.send(ESC);
    second.wait_for("saved");
    first.wait_for("From the second window");

    for pty in [&mut first, &mut second] {
        pty.wait_until("the capture line closed", |screen| !screen.contains("Enter add, and type the next"));
        pty.send("q");
        pty.assert_exit_code(0);
        pty.assert_terminal_restored();
    }
    let json = read_json(&file);
    let titles: Vec<&str> = json["initiatives"].as_array().expect("initiatives").iter().filter_map(|i| i["title"].as_str()).collect();
    assert_eq!(titles, ["From the first window", "From the second window"], "{json:#}");
}

#[test]
fn a_corrupt_file_is_named_left_alone_and_the_others_still_open() {
    let (_root, home, data) = folders();
    new_workshop(&home, &data, "Platform team", "Infra");
    let broken = data.join("broken.json");
    let garbage = b"{\"name\": \"Broken\", oops".to_vec();
    std::fs::write(&broken, &garbage).expect("write the corrupt file");
    // Opening the healthy workshop adds its lock file (if `new` had not); nothing else may appear.
    let without_locks =
        |names: Vec<String>| names.into_iter().filter(|n| Path::new(n).extension().is_none_or(|e| e != "lock")).collect::<Vec<_>>();
    let before = without_locks(entries(&data));

    let Some(mut pty) = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path")], &home, &[]) else { return };
    pty.wait_for("cannot open");
    // Newest first: the corrupt file is the first row.
    pty.send(ENTER);
    pty.wait_for("cannot be opened");
    pty.send(DOWN);
    pty.send(ENTER);
    pty.wait_for("Step 1 · Backlog");
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
    assert_eq!(std::fs::read(&broken).expect("the corrupt file is still there"), garbage, "left byte for byte");
    assert_eq!(without_locks(entries(&data)), before, "nothing moved or added beside it");
}

/// Opens "Platform team", makes its folder read-only and types " Ops" after its team in the
/// settings (not yet saved). `None` when there is no PTY here or the folder cannot be made
/// read-only.
fn open_read_only_and_type_in_the_team(home: &Path, data: &Path) -> Option<(Pty, quarterdeck::testing::ReadOnlyFolder)> {
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path"), "open", "Platform team"];
    let mut pty = Pty::spawn(&args, home, &[])?;
    pty.wait_for("Step 1 · Backlog");
    let Some(read_only) = quarterdeck::testing::read_only_folder(data) else {
        pty.send("q");
        pty.assert_exit_code(0);
        return None;
    };
    pty.send(",");
    pty.wait_for("Workshop settings");
    pty.send(TAB);
    pty.send(" Ops");
    Some((pty, read_only))
}

/// The rows of the screen that show the save state: the banner and the status line.
fn not_saved_rows(screen: &str) -> Vec<String> {
    screen.lines().filter(|l| l.contains("NOT SAVED")).map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn a_read_only_folder_shows_not_saved_at_80_and_120_columns() {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let Some((mut pty, mut read_only)) = open_read_only_and_type_in_the_team(&home, &data) else { return };
    pty.wait_for("Infra Ops");
    pty.send(ENTER);
    // At 80 columns: the banner and the status line both say it, with a reason.
    pty.wait_until("NOT SAVED on the banner and the status line", |screen| not_saved_rows(screen).len() >= 2);
    let data_path = data.display().to_string();
    for (cols, rows) in [(80, not_saved_rows(&pty.screen())), (120, Vec::new())] {
        let rows = if rows.is_empty() {
            pty.resize(120, ROWS);
            pty.wait_until("the banner redrawn at 120 columns", |screen| {
                not_saved_rows(screen).iter().any(|l| l.chars().count() > 80 && l.contains("for why"))
            });
            not_saved_rows(&pty.screen())
        } else {
            rows
        };
        assert!(rows.iter().any(|l| l.contains("NOT SAVED: ") && l.contains("press ! for why")), "{cols} columns: {rows:#?}");
        assert!(rows.iter().all(|l| l.contains("NOT SAVED: ")), "a reason beside NOT SAVED on each at {cols} columns: {rows:#?}");
        assert!(!pty.screen().contains(&data_path), "the path is cut to a file name at {cols} columns\n{}", pty.report());
    }
    pty.send("!");
    pty.wait_for("Why changes are NOT SAVED");
    pty.send(ESC);
    pty.wait_until("the details closed", |screen| !screen.contains("Why changes are NOT SAVED"));
    pty.send(ESC);
    pty.wait_for("cannot leave: changes are NOT SAVED (press ! for why)");
    pty.resize(COLS, ROWS);
    pty.wait_until("cannot leave at 80 columns", |screen| {
        screen.contains("cannot leave: changes are NOT SAVED (press ! for why)") && screen.lines().all(|l| l.chars().count() <= 80)
    });
    assert_eq!(read_json(&file)["team"], "Infra", "nothing reached the read-only folder");

    // Once the folder is writable again, the next change saves everything.
    read_only.restore();
    pty.send(",");
    pty.wait_for("Workshop settings");
    pty.send(ENTER);
    pty.wait_until("saved again", |screen| not_saved_rows(screen).is_empty() && screen.contains(" saved "));
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
    assert_eq!(read_json(&file)["team"], "Infra Ops");
}

#[test]
fn a_key_config_that_is_a_pipe_is_refused_and_start_up_does_not_wait() {
    let (_root, home, data) = folders();
    let keys = home.join("keys.toml");
    if !Command::new("mkfifo").arg(&keys).status().is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo is not available here");
        return;
    }
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path")];
    let Some(mut pty) = Pty::spawn(&args, &home, &[("QUARTERDECK_KEYS", keys.as_os_str())]) else { return };
    pty.wait_for("No workshops yet");
    // The sentence starts the status line; the rest (the path, why) is cut at 80 columns.
    pty.wait_for("could not read the key config");
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
}

#[test]
fn demo_opens_at_the_review_and_leaves_nothing_behind() {
    let root = temp();
    let home = root.path().join("home");
    let data = root.path().join("data");
    let scratch = root.path().join("tmp");
    for dir in [&home, &data, &scratch] {
        std::fs::create_dir_all(dir).expect("a folder for the test");
    }
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path"), "demo"];
    let Some(mut pty) = Pty::spawn(&args, &home, &[("TMPDIR", scratch.as_os_str())]) else { return };

    pty.wait_for("Step 5 · Review");
    pty.wait_for("Week 7 of 13");
    assert!(
        !entries(&scratch).is_empty(),
        "the demo lives in a temporary folder under TMPDIR while it runs (TMPDIR has {:?})",
        entries(&scratch)
    );
    pty.send("q");
    pty.assert_exit_code(0);

    assert_eq!(entries(&data), Vec::<String>::new(), "the demo wrote to the data folder");
    assert_eq!(entries(&scratch), Vec::<String>::new(), "the demo's temporary folder is removed on quit");
    pty.assert_terminal_restored();
}

#[test]
fn closing_the_terminal_while_saves_fail_leaves_a_rescue_copy_that_the_next_start_offers() {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let Some((mut pty, mut read_only)) = open_read_only_and_type_in_the_team(&home, &data) else { return };
    pty.send(ENTER);
    pty.wait_until("NOT SAVED", |screen| !not_saved_rows(screen).is_empty());
    // The terminal closes: SIGHUP.
    pty.signal(Signal::SIGHUP);
    let status = pty.wait_exit();
    assert!(matches!(status, WaitStatus::Exited(_, 129)), "{status:?}\n{}", pty.report());
    pty.assert_terminal_restored();
    let said = String::from_utf8_lossy(&pty.raw).into_owned();
    assert!(said.contains("your work was written to"), "{}", pty.report());
    assert_eq!(read_json(&file)["team"], "Infra", "nothing reached the read-only folder");
    read_only.restore();

    // The next start says where the work is; the trash view restores it beside the current.
    let Some(mut pty) = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path")], &home, &[]) else { return };
    pty.wait_for("rescued \"Platform team\" when saves failed: t restores it from the trash");
    pty.send("t");
    pty.wait_for("Platform team");
    pty.send(ENTER);
    pty.wait_until("restored", |screen| screen.contains("platform-team-2") || screen.contains("restored"));
    pty.send("q");
    pty.assert_exit_code(0);
    let rescued = read_json(&data.join("platform-team-2.json"));
    assert_eq!(rescued["team"], "Infra Ops", "the rescued copy holds the change that could not be saved");
    assert_eq!(read_json(&file)["team"], "Infra", "the current version is left as it was");
}

#[test]
fn propose_with_author_credits_new_ideas_to_them_in_someone_elses_file() {
    let (_root, home, data) = folders();
    let file = home.join("alice.json");
    let mut alice = quarterdeck_proposal("Alice");
    alice["initiatives"] = serde_json::json!([{ "id": 1, "title": "Alice's idea", "created": "2027-01-02T10:00:00Z" }]);
    std::fs::write(&file, serde_json::to_string_pretty(&alice).expect("json")).expect("write alice.json");
    let args =
        ["--data-dir", data.to_str().expect("a UTF-8 path"), "propose", "--author", "Bob", "--out", file.to_str().expect("a UTF-8 path")];
    let Some(mut pty) = Pty::spawn(&args, &home, &[]) else { return };
    pty.wait_for("Alice's idea");
    pty.send("a");
    pty.send("Bob's idea");
    pty.wait_for("Bob's idea");
    pty.send(ENTER);
    pty.wait_for("2 initiatives");
    pty.send(ESC);
    pty.wait_until("the capture line closed", |screen| !screen.contains("Enter add, and type the next"));
    pty.send(ESC);
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
    let json = read_json(&file);
    assert_eq!(json["author"], "Alice", "the file stays Alice's: {json:#}");
    assert_eq!(json["initiatives"][0]["title"], "Alice's idea");
    assert!(json["initiatives"][0].get("author").is_none(), "hers, as the file's author: {json:#}");
    assert_eq!(json["initiatives"][1]["title"], "Bob's idea");
    assert_eq!(json["initiatives"][1]["author"], "Bob", "Bob's new idea is credited to Bob: {json:#}");
}

#[test]
fn two_propose_windows_on_one_file_both_keep_their_ideas() {
    let (_root, home, data) = folders();
    let file = home.join("alice.json");
    let mut alice = quarterdeck_proposal("Alice");
    alice["initiatives"] = serde_json::json!([{ "id": 1, "title": "Alice's idea", "created": "2027-01-02T10:00:00Z" }]);
    std::fs::write(&file, serde_json::to_string_pretty(&alice).expect("json")).expect("write alice.json");
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path"), "propose", "--out", file.to_str().expect("a UTF-8 path")];
    let Some(mut first) = Pty::spawn(&args, &home, &[]) else { return };
    first.wait_for("Alice's idea");
    let Some(mut second) = Pty::spawn(&args, &home, &[]) else { return };
    second.wait_for("Alice's idea");
    for (pty, idea) in [(&mut first, "From the first window"), (&mut second, "From the second window")] {
        pty.send("a");
        pty.send(idea);
        pty.wait_for(idea);
        pty.send(ENTER);
        pty.wait_for("2 initiatives");
    }
    second.wait_for("merged 1 change from another window");
    second.wait_for("From the first window");
    for pty in [&mut first, &mut second] {
        pty.send(ESC);
        pty.wait_until("the capture line closed", |screen| !screen.contains("Enter add, and type the next"));
        pty.send(ESC);
        pty.assert_exit_code(0);
    }
    let json = read_json(&file);
    let titles: Vec<&str> = json["initiatives"].as_array().expect("initiatives").iter().filter_map(|i| i["title"].as_str()).collect();
    assert_eq!(titles, ["Alice's idea", "From the second window", "From the first window"], "{json:#}");
}

/// A proposal file's top as `quarterdeck propose` writes it, by `author`.
fn quarterdeck_proposal(author: &str) -> serde_json::Value {
    serde_json::json!({ "quarterdeck_proposal": 1, "id": "18f0-1-0", "author": author, "created": "2027-01-02T09:00:00Z" })
}
