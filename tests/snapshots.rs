//! Every screen at 80x24 and 100x30, as a person would see it (insta snapshots of the
//! `TestBackend`). Review changes with `cargo insta review`.

use quarterdeck::model::{Period, Workshop};
use quarterdeck::testing::{Harness, fixed_clock};

const SIZES: [(u16, u16); 2] = [(80, 24), (100, 30)];

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The demo open, with a fixed data-folder name so snapshots do not depend on the temp path.
fn demo(dir: &std::path::Path, w: u16, h: u16) -> Harness {
    let mut harness = Harness::demo(dir, w, h);
    harness.rt.app.data_dir = "~/.local/share/quarterdeck".into();
    harness.draw();
    harness
}

fn snap(name: &str, h: &Harness) {
    insta::assert_snapshot!(name, h.snapshot());
}

#[test]
fn home_empty() {
    for (w, ht) in SIZES {
        let dir = temp();
        let mut h = Harness::new(dir.path(), w, ht);
        h.rt.app.data_dir = "~/.local/share/quarterdeck".into();
        h.draw();
        snap(&format!("home_empty_{w}x{ht}"), &h);
    }
}

#[test]
fn home_with_workshops_and_a_corrupt_file() {
    for (w, ht) in SIZES {
        let dir = temp();
        let mut h = demo(dir.path(), w, ht);
        let other = Workshop::new("SRE 2027-H1", "Reliability", Period::parse("2027-H1").expect("period"), fixed_clock().now());
        h.rt.store.create(&other).expect("create");
        std::fs::write(dir.path().join("broken.json"), "{ not json").expect("write");
        h.press("<C-w>");
        h.settle_file_times();
        snap(&format!("home_list_{w}x{ht}"), &h);
    }
}

#[test]
fn each_step_of_the_demo() {
    for (w, ht) in SIZES {
        let dir = temp();
        let mut h = demo(dir.path(), w, ht);
        for (key, name) in [("1", "backlog"), ("2", "brainstorm"), ("3", "prioritise"), ("4", "objectives"), ("5", "review")] {
            h.press(key);
            snap(&format!("step_{name}_{w}x{ht}"), &h);
        }
    }
}

#[test]
fn an_empty_workshop_at_each_step_coaches_what_to_do() {
    let dir = temp();
    let mut h = Harness::new(dir.path(), 80, 24);
    h.press("nFresh start<Enter>");
    for key in ["1", "2", "3", "4", "5"] {
        h.press(key);
        snap(&format!("empty_step_{key}_80x24"), &h);
    }
}

#[test]
fn overlays() {
    let dir = temp();
    let mut h = demo(dir.path(), 100, 30);
    h.press("?");
    snap("help_step_100x30", &h);
    h.press("<Esc>,");
    snap("settings_100x30", &h);
    h.press("<Esc><C-w>d");
    snap("confirm_delete_100x30", &h);
    let mut small = demo(dir.path(), 80, 24);
    small.press(",");
    snap("settings_80x24", &small);
    for (w, ht) in SIZES {
        let mut h = demo(dir.path(), w, ht);
        h.press("<Esc>");
        snap(&format!("leave_question_{w}x{ht}"), &h);
    }
}

#[test]
fn present_mode_and_too_small() {
    let dir = temp();
    let mut h = demo(dir.path(), 100, 30);
    h.press("p2");
    snap("present_brainstorm_100x30", &h);
    h.resize(50, 12);
    snap("too_small_50x12", &h);
}

#[test]
fn backlog_before_and_after_declaring_bankruptcy() {
    let content = std::fs::read("tests/fixtures/import/jira.csv").expect("fixture");
    let imported = quarterdeck::import::import("jira.csv", &content, None).expect("imports");
    for (w, ht) in SIZES {
        let dir = temp();
        let mut workshop = Workshop::new("Payments", "Platform", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
        workshop.import_backlog(imported.clone(), "jira.csv");
        let mut h = Harness::new(dir.path(), w, ht);
        h.rt.store.create(&workshop).expect("create");
        h.settle_file_times();
        h.press("<Enter>");
        snap(&format!("backlog_facts_{w}x{ht}"), &h);
        h.press("D");
        snap(&format!("backlog_declare_confirm_{w}x{ht}"), &h);
        h.press("y");
        snap(&format!("backlog_shelf_{w}x{ht}"), &h);
        h.press("i");
        snap(&format!("backlog_import_prompt_{w}x{ht}"), &h);
    }
}

#[test]
fn brainstorm_capture_silent_and_present() {
    for (w, ht) in SIZES {
        let dir = temp();
        let mut h = demo(dir.path(), w, ht);
        h.press("2jj");
        snap(&format!("brainstorm_list_{w}x{ht}"), &h);
        h.press("na<Tab><Tab>Typed while talking");
        snap(&format!("brainstorm_capture_{w}x{ht}"), &h);
        h.press("<Esc>s");
        h.press("a<Tab>Hidden idea<Enter><Esc>");
        snap(&format!("brainstorm_silent_{w}x{ht}"), &h);
        h.press("p");
        snap(&format!("brainstorm_silent_present_{w}x{ht}"), &h);
        h.press("ps");
        h.press("p");
        snap(&format!("brainstorm_present_{w}x{ht}"), &h);
    }
}

/// A workshop with `n` scored and voted initiatives in three themes (every fourth ungrouped).
fn prioritised(n: usize) -> Workshop {
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    w.set_participants(&["Ada".into(), "Grace".into(), "Linus".into()]);
    let themes: Vec<_> = ["Fast feedback", "Cost", "Reliability"].iter().filter_map(|t| w.add_theme(t, "")).collect();
    let people: Vec<_> = w.participants.iter().map(|p| p.id).collect();
    for i in 0..n {
        let title = format!("Initiative {i:02} {}", ["cache builds", "cut spend", "page less", "数据 pipeline"][i % 4]);
        let id = w.capture(&quarterdeck::model::Capture { title, ..Default::default() }, fixed_clock().now()).expect("captured");
        if i % 7 != 6 {
            w.set_impact(id, Some((i % 5 + 1) as u8));
            w.set_cost(id, Some(((i * 3) % 5 + 1) as u8));
        }
        if i % 4 != 3 {
            w.assign_theme(id, Some(themes[i % 3]));
        }
        if i < 9 {
            let _ = w.vote(people[i % 3], id, 1);
        }
    }
    w
}

#[test]
fn prioritise_views_with_few_and_many_initiatives() {
    for n in [3, 40] {
        for (w, ht) in SIZES {
            let dir = temp();
            let mut h = Harness::new(dir.path(), w, ht);
            h.rt.store.create(&prioritised(n)).expect("create");
            h.settle_file_times();
            h.press("<Enter>3");
            snap(&format!("prioritise_score_{n}_{w}x{ht}"), &h);
            h.press("v");
            snap(&format!("prioritise_matrix_{n}_{w}x{ht}"), &h);
            h.press("v");
            snap(&format!("prioritise_vote_{n}_{w}x{ht}"), &h);
            h.press("v");
            snap(&format!("prioritise_board_{n}_{w}x{ht}"), &h);
        }
    }
}

#[test]
fn objectives_funnel_and_editors() {
    for (w, ht) in SIZES {
        let dir = temp();
        let mut h = demo(dir.path(), w, ht);
        h.press("4jj");
        snap(&format!("objectives_funnel_{w}x{ht}"), &h);
        h.press("G<Enter>");
        snap(&format!("objectives_new_for_theme_{w}x{ht}"), &h);
        h.press("<Esc>gk");
        snap(&format!("objectives_key_result_form_{w}x{ht}"), &h);
    }
}

#[test]
fn review_agenda_check_in_and_scores() {
    for (w, ht) in SIZES {
        let dir = temp();
        let mut h = demo(dir.path(), w, ht);
        h.press("5j");
        snap(&format!("review_agenda_{w}x{ht}"), &h);
        h.press("c");
        snap(&format!("review_check_in_{w}x{ht}"), &h);
        h.press("<Esc>[");
        snap(&format!("review_week_6_{w}x{ht}"), &h);
        h.press("tE");
        snap(&format!("review_scores_{w}x{ht}"), &h);
    }
}
