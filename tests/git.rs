//! Workshops kept in git, the way a team keeps them: two clones of one repository, the real
//! binary for every change (check-ins, imports, merges, the app in a pseudo-terminal) and
//! git's own `merge` with Quarterdeck's merge driver (`git-setup`). Nothing either side
//! did may go missing, and no conflict markers may be left.

mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use quarterdeck::model::{Capture, Proposal, Workshop};
use quarterdeck::store::Store;
use serde_json::Value;
use support::pty::{BIN, ENTER, ESC, Pty, read_json};

const SLUG: &str = "platform-team";

/// A git command in `dir` with a fixed identity and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .stdin(Stdio::null())
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?} failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    out
}

/// One teammate's clone: its work tree, its data folder inside it, a stand-in home.
struct Clone {
    tree: PathBuf,
    data: PathBuf,
    home: PathBuf,
}

impl Clone {
    fn qd<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(&self, args: I) -> Output {
        Command::new(BIN)
            .env_remove("QUARTERDECK_DATA_DIR")
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join("xdg"))
            .env("XDG_STATE_HOME", self.home.join("xdg-state"))
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run quarterdeck")
    }

    /// Runs a command that must succeed; its standard output.
    fn ok<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(&self, args: I) -> String {
        let out = self.qd(args);
        assert!(out.status.success(), "quarterdeck failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn file(&self) -> PathBuf {
        self.data.join(format!("{SLUG}.json"))
    }

    fn json(&self) -> Value {
        read_json(&self.file())
    }

    fn store(&self) -> Store {
        Store::open(self.data.clone()).expect("store").0
    }

    fn commit(&self, message: &str) {
        git(&self.tree, &["add", "-A"]);
        git(&self.tree, &["commit", "-q", "-m", message]);
    }

    /// `git pull`: fetch and merge, with the merge driver doing the workshops.
    fn pull(&self) -> Output {
        git(&self.tree, &["fetch", "-q", "origin"]);
        git(&self.tree, &["merge", "--no-edit", "origin/main"])
    }

    fn push(&self) {
        git(&self.tree, &["push", "-q", "origin", "HEAD:main"]);
    }
}

/// A repository with the demo workshop and `git-setup` done, and two clones of it.
fn two_clones(root: &Path) -> (Clone, Clone) {
    let origin = root.join("origin.git");
    git(root, &["init", "-q", "--bare", "-b", "main", origin.to_str().expect("utf-8")]);
    let clone = |name: &str| {
        let tree = root.join(name);
        git(root, &["clone", "-q", origin.to_str().expect("utf-8"), name]);
        git(&tree, &["checkout", "-q", "-B", "main"]);
        let home = root.join(format!("{name}-home"));
        std::fs::create_dir_all(&home).expect("home");
        Clone { data: tree.join("okrs"), tree, home }
    };
    let first = clone("ada");
    std::fs::create_dir_all(&first.data).expect("data folder");
    let demo = quarterdeck::demo::demo_workshop(quarterdeck::model::Clock::System.today());
    assert_eq!(first.store().create(&demo).expect("create"), SLUG);
    let said = first.ok(["git-setup"]);
    assert!(said.contains("merge=quarterdeck"), "{said}");
    first.commit("the workshop");
    first.push();
    let second = clone("bo");
    second.ok(["git-setup"]);
    assert!(second.file().is_file());
    (first, second)
}

fn key_result_ids(json: &Value) -> Vec<String> {
    let krs = json["objectives"].as_array().expect("objectives").iter().flat_map(|o| o["key_results"].as_array().expect("krs").iter());
    krs.map(|k| match &k["id"] {
        Value::String(s) => format!("KR{s}"),
        other => format!("KR{other}"),
    })
    .collect()
}

fn titles(json: &Value) -> Vec<String> {
    json["initiatives"].as_array().expect("initiatives").iter().map(|i| i["title"].as_str().expect("title").to_string()).collect()
}

fn check_in_notes(json: &Value) -> Vec<String> {
    let krs = json["objectives"].as_array().expect("objectives").iter().flat_map(|o| o["key_results"].as_array().expect("krs").iter());
    krs.flat_map(|k| k["check_ins"].as_array().expect("check-ins").iter()).filter_map(|c| c["note"].as_str().map(String::from)).collect()
}

fn assert_no_markers(path: &Path) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(!text.lines().any(|l| l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>")), "conflict markers in {}", path.display());
}

/// Another teammate's proposal file with one idea.
fn proposal(dir: &Path, author: &str, title: &str) -> PathBuf {
    let now = quarterdeck::model::Clock::System.now();
    let mut draft = Proposal::new(author, now).to_draft(now);
    draft.capture(&Capture { title: title.into(), ..Capture::default() }, now);
    let path = dir.join(format!("{author}.json"));
    quarterdeck::store::write_proposal(&path, &Proposal::from_draft("p-1", author, now, &draft)).expect("write proposal");
    path
}

#[test]
fn check_ins_on_one_clone_and_an_import_idea_and_rename_on_the_other_merge_cleanly() {
    let root = tempfile::tempdir().expect("tempdir");
    let (ada, bo) = two_clones(root.path());
    let krs = key_result_ids(&ada.json());

    // Ada checks in two key results from a script.
    ada.ok(["checkin", SLUG, &krs[0], "3", "--note", "cron on Ada's laptop"]);
    ada.ok(["checkin", SLUG, &krs[1], "60", "--note", "Ada by hand"]);
    ada.commit("check-ins");
    ada.push();

    // Bo imports a backlog, merges a proposal (a new initiative) and renames an objective.
    let backlog = root.path().join("backlog.txt");
    std::fs::write(&backlog, "Old ticket one\nOld ticket two\n").expect("write");
    bo.ok(["import", SLUG, backlog.to_str().expect("utf-8")]);
    bo.ok(["merge", SLUG, proposal(root.path(), "Cy", "Cache the build artefacts").to_str().expect("utf-8")]);
    bo.store()
        .update(SLUG, quarterdeck::model::Clock::System.now(), |w: &mut Workshop| {
            w.objectives[0].title = "Checkout never loses a payment".into();
            Ok::<_, ()>(())
        })
        .expect("update")
        .expect("renamed");
    bo.commit("import, idea, rename");

    let merged = bo.pull();
    assert!(merged.status.success());
    assert_no_markers(&bo.file());
    let json = bo.json();
    bo.store().load(SLUG).expect("the merged file loads");
    let notes = check_in_notes(&json);
    for note in ["cron on Ada's laptop", "Ada by hand"] {
        assert!(notes.iter().any(|n| n == note), "{note} missing from {notes:?}");
    }
    assert!(titles(&json).iter().any(|t| t == "Cache the build artefacts"));
    assert_eq!(json["objectives"][0]["title"], "Checkout never loses a payment");
    let backlog: Vec<&str> = json["backlog"]["items"].as_array().expect("items").iter().filter_map(|i| i["title"].as_str()).collect();
    assert!(backlog.contains(&"Old ticket one") && backlog.contains(&"Old ticket two"), "{backlog:?}");
    assert!(json.get("merge_log").is_none(), "nothing conflicted: {:#}", json["merge_log"]);
    // Backups live in the git folder, out of reach of commits and `git clean`.
    assert!(bo.tree.join(".git/quarterdeck/okrs/backups").join(SLUG).is_dir());
    assert!(!bo.data.join(".backups").exists());
}

#[test]
fn many_writers_at_once_all_land() {
    let root = tempfile::tempdir().expect("tempdir");
    let (ada, _) = two_clones(root.path());
    let writers: Vec<_> = (0..12)
        .map(|n| {
            let file = root.path().join(format!("backlog-{n}.txt"));
            std::fs::write(&file, format!("Ticket from writer {n}\n")).expect("write");
            let mut cmd = Command::new(BIN);
            cmd.env("HOME", &ada.home).arg("--data-dir").arg(&ada.data).args(["import", SLUG]).arg(&file);
            cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn")
        })
        .collect();
    for w in writers {
        let out = w.wait_with_output().expect("wait");
        assert!(out.status.success(), "a writer was refused: {}", String::from_utf8_lossy(&out.stderr));
    }
    let json = ada.json();
    let items: Vec<&str> = json["backlog"]["items"].as_array().expect("items").iter().filter_map(|i| i["title"].as_str()).collect();
    for n in 0..12 {
        assert!(items.contains(&format!("Ticket from writer {n}").as_str()), "writer {n} lost: {items:?}");
    }
}

#[test]
fn both_clones_add_ideas_and_change_one_title_and_the_other_title_is_kept_in_the_record() {
    let root = tempfile::tempdir().expect("tempdir");
    let (ada, bo) = two_clones(root.path());
    let first_title = titles(&ada.json())[0].clone();
    for (clone, idea, title) in [(&ada, "Ada's idea", "Ada's wording"), (&bo, "Bo's idea", "Bo's wording")] {
        clone.ok(["merge", SLUG, proposal(root.path(), idea, idea).to_str().expect("utf-8")]);
        clone
            .store()
            .update(SLUG, quarterdeck::model::Clock::System.now(), |w: &mut Workshop| {
                w.initiatives[0].title = title.into();
                Ok::<_, ()>(())
            })
            .expect("update")
            .expect("retitled");
        clone.commit(idea);
    }
    ada.push();
    bo.pull();
    assert_no_markers(&bo.file());
    let json = bo.json();
    let all = titles(&json);
    assert!(all.iter().any(|t| t == "Ada's idea") && all.iter().any(|t| t == "Bo's idea"), "{all:?}");
    let kept = all[0].clone();
    assert!(kept == "Ada's wording" || kept == "Bo's wording", "{kept} (was {first_title})");
    let set_aside = if kept == "Ada's wording" { "Bo's wording" } else { "Ada's wording" };
    let record = &json["merge_log"];
    assert_eq!(record[0]["kept"], kept.as_str(), "{record:#}");
    assert_eq!(record[0]["set_aside"], set_aside, "{record:#}");

    // Bo pushes the merge; Ada pulls it: one history, the same file.
    bo.push();
    ada.pull();
    assert_eq!(ada.json(), bo.json());
}

#[test]
fn the_merge_driver_refuses_what_it_cannot_read_and_git_reports_the_conflict() {
    let root = tempfile::tempdir().expect("tempdir");
    let (ada, _) = two_clones(root.path());
    let (base, ours, theirs) = (root.path().join("base"), root.path().join("ours"), root.path().join("theirs"));
    std::fs::copy(ada.file(), &base).expect("copy");
    std::fs::copy(ada.file(), &theirs).expect("copy");
    std::fs::write(&ours, "{ not a workshop").expect("write");
    let out =
        ada.qd(["merge-file", base.to_str().expect("utf-8"), ours.to_str().expect("utf-8"), theirs.to_str().expect("utf-8"), "x.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not merge x.json"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&ours).expect("read"), "{ not a workshop", "OURS left as it was");
}

#[test]
fn the_app_open_while_a_script_checks_in_and_a_pull_replaces_the_file_keeps_every_change() {
    let root = tempfile::tempdir().expect("tempdir");
    let (ada, bo) = two_clones(root.path());
    let krs = key_result_ids(&ada.json());
    // Bo pushes an idea that Ada will pull while her app is open.
    bo.ok(["merge", SLUG, proposal(root.path(), "Bo", "Pulled while open").to_str().expect("utf-8")]);
    bo.commit("Bo's idea");
    bo.push();

    let args = ["--data-dir", ada.data.to_str().expect("utf-8"), "open", "Platform team"];
    let env = [("XDG_STATE_HOME", ada.home.join("xdg-state").into_os_string())];
    let env: Vec<(&str, &OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    let Some(mut app) = Pty::spawn(&args, &ada.home, &env) else { return };
    app.wait_for("Step 1 · Backlog");
    app.send("2");
    app.wait_for("Step 2 · Brainstorm");

    ada.ok(["checkin", SLUG, &krs[0], "3", "--note", "cron while open"]);
    app.wait_for("merged from disk: 1 check-in");
    ada.commit("cron");
    ada.pull();
    // The list is longer than the screen: the status line says what came in.
    app.wait_for("merged from disk: 1 initiative");

    app.send("aAdded in the app");
    app.wait_for("Added in the app");
    app.send(ENTER);
    app.wait_for(&format!("{} initiatives", titles(&ada.json()).len() + 1));
    app.send(ESC);
    app.wait_until("the capture line closed", |screen| !screen.contains("type an idea"));
    app.send("q");
    app.assert_exit_code(0);
    app.assert_terminal_restored();

    let json = ada.json();
    assert!(check_in_notes(&json).iter().any(|n| n == "cron while open"), "the script's check-in");
    for title in ["Pulled while open", "Added in the app"] {
        assert!(titles(&json).iter().any(|t| t == title), "{title} missing");
    }
}

#[test]
fn opening_and_looking_at_every_step_leaves_the_file_as_it_was() {
    let root = tempfile::tempdir().expect("tempdir");
    let (ada, _) = two_clones(root.path());
    let before = std::fs::read(ada.file()).expect("read");
    let args = ["--data-dir", ada.data.to_str().expect("utf-8"), "open", "Platform team"];
    let Some(mut app) = Pty::spawn(&args, &ada.home, &[]) else { return };
    app.wait_for("Step 1 · Backlog");
    for (key, title) in [("2", "Step 2"), ("3", "Step 3"), ("4", "Step 4"), ("5", "Step 5"), ("1", "Step 1")] {
        app.send(key);
        app.wait_for(title);
    }
    app.send("q");
    app.assert_exit_code(0);
    assert_eq!(std::fs::read(ada.file()).expect("read"), before, "byte for byte");
    let status = git(&ada.tree, &["status", "--porcelain"]);
    assert!(status.stdout.is_empty(), "git sees no change: {}", String::from_utf8_lossy(&status.stdout));
}

/// Adds `"from_the_future": …` to every object in the file (not to `votes` or a secret
/// ballot's `dots`, maps whose keys are ids rather than fields).
fn add_unknown_fields(v: &mut Value, depth: usize) {
    match v {
        Value::Object(map) => {
            for (key, x) in map.iter_mut() {
                // Maps keyed by id (an initiative's votes, a ballot's dots, a meeting's
                // confidence round, team values and decisions) hold no fields of their own.
                if !["votes", "dots", "confidence", "team", "decisions"].contains(&key.as_str()) {
                    add_unknown_fields(x, depth + 1);
                }
            }
            map.insert("from_the_future".into(), Value::from(format!("kept at depth {depth}")));
        }
        Value::Array(items) => items.iter_mut().for_each(|x| add_unknown_fields(x, depth + 1)),
        _ => {}
    }
}

fn count_unknown(v: &Value) -> usize {
    match v {
        Value::Object(map) => usize::from(map.contains_key("from_the_future")) + map.values().map(count_unknown).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_unknown).sum(),
        _ => 0,
    }
}

#[test]
fn fields_this_build_does_not_know_survive_checkin_import_merge_and_the_app() {
    let root = tempfile::tempdir().expect("tempdir");
    let (ada, _) = two_clones(root.path());
    let mut json = ada.json();
    add_unknown_fields(&mut json, 0);
    let planted = count_unknown(&json);
    std::fs::write(ada.file(), serde_json::to_string_pretty(&json).expect("json")).expect("write");
    let krs = key_result_ids(&json);

    ada.ok(["checkin", SLUG, &krs[0], "3", "--note", "kept?"]);
    let backlog = root.path().join("more.txt");
    std::fs::write(&backlog, "One more ticket\n").expect("write");
    ada.ok(["import", SLUG, backlog.to_str().expect("utf-8")]);
    ada.ok(["merge", SLUG, proposal(root.path(), "Cy", "Another idea").to_str().expect("utf-8")]);
    let args = ["--data-dir", ada.data.to_str().expect("utf-8"), "open", "Platform team"];
    if let Some(mut app) = Pty::spawn(&args, &ada.home, &[]) {
        app.wait_for("Step 1 · Backlog");
        app.send("2");
        app.wait_for("Step 2 · Brainstorm");
        app.send("aFrom the app");
        app.wait_for("From the app");
        app.send(ENTER);
        app.wait_for(&format!("{} initiatives", titles(&ada.json()).len() + 1));
        app.send(ESC);
        app.wait_until("the capture line closed", |screen| !screen.contains("type an idea"));
        app.send("q");
        app.assert_exit_code(0);
    }
    let after = ada.json();
    assert_eq!(count_unknown(&after), planted, "every unknown field is still there");
    assert_eq!(after["from_the_future"], "kept at depth 0");
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_link_is_refused_and_its_target_never_touched() {
    let root = tempfile::tempdir().expect("tempdir");
    let (ada, _) = two_clones(root.path());
    let target = root.path().join("precious.txt");
    std::fs::write(&target, "precious").expect("write");
    // In place of the lock file a save left (nobody holds it now).
    let _ = std::fs::remove_file(ada.data.join(format!("{SLUG}.lock")));
    std::os::unix::fs::symlink(&target, ada.data.join(format!("{SLUG}.lock"))).expect("link");
    let before = std::fs::read(ada.file()).expect("read");
    let krs = key_result_ids(&ada.json());
    let out = ada.qd(["checkin", SLUG, &krs[0], "3", "--note", "x"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "precious");
    assert_eq!(std::fs::read(ada.file()).expect("read"), before, "nothing written");
}
