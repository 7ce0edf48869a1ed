//! What the method asks beside the OKRs (issue 21), through the real update loop on the demo
//! and the saved files: health metrics kept on step 4 and read each week on step 5 (a breach
//! leads the review), a level to keep as a key result, the capacity split and its target,
//! key results and objectives proposed by an engineer, dependencies between teams, and the
//! calibration a carry-over keeps. The command line's side is `tests/method_cli.rs`.

use quarterdeck::export::{self, MarkdownSections};
use quarterdeck::model::candidate::CandidateKind;
use quarterdeck::model::capacity::Capacity;
use quarterdeck::model::health::{HealthStanding, Level};
use quarterdeck::model::{KeyResultKind, Status, Workshop};
use quarterdeck::testing::{Harness, fixed_clock};

const DEMO: &str = "platform-team";

fn demo(dir: &std::path::Path) -> Harness {
    Harness::demo(dir, 100, 30)
}

fn week(w: &Workshop) -> u32 {
    w.current_week(fixed_clock().today())
}

#[test]
fn health_metrics_are_kept_on_step_4_and_read_each_week_on_step_5() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    assert!(
        h.screen().contains("Health ⚠ On-call pages 13 pages/week (keep ≤ 10) since week 3"),
        "the breach leads the review:\n{}",
        h.screen()
    );

    h.press("4m");
    assert!(h.screen().contains("New health metric"), "{}", h.screen());
    h.press("Ledger replication lag<Tab>at most 5<Tab>s<Tab>Mei Lin<Enter>");
    let saved = h.saved(DEMO);
    let lag = saved.health.iter().find(|m| m.name == "Ledger replication lag").expect("saved");
    assert_eq!((lag.level(), lag.unit.as_str()), (Level::at_most(5.0), "s"));
    assert_eq!(saved.participant(lag.owners[0]).map(|p| p.name.as_str()), Some("Mei Lin"));
    h.press("G");
    assert!(h.screen().contains("♥ Ledger replication lag"), "listed beside the OKRs:\n{}", h.screen());

    // Step 5: this week's readings, all in one form; the note goes with a breach.
    h.press("5H");
    assert!(h.screen().contains("Week 7 health readings"), "{}", h.screen());
    h.press("250<Tab>9<Tab>40<Tab>7<Tab>A lagging replica; Mei is on it<Enter>");
    let saved = h.saved(DEMO);
    let now = week(&saved);
    let reading = |name: &str| saved.health.iter().find(|m| m.name == name).and_then(|m| m.check_in_for(now)).cloned().expect("read");
    assert!((reading("On-call pages").value - 9.0).abs() < f64::EPSILON);
    assert_eq!(reading("Ledger replication lag").note, "A lagging replica; Mei is on it");
    assert_eq!(reading("On-call pages").note, "", "a level held needs no note");
    let screen = h.screen();
    assert!(screen.contains("Health ⚠ Ledger replication lag 7 s (keep ≤ 5) in week 7"), "{screen}");
    assert!(!screen.contains("⚠ On-call pages"), "back under its level:\n{screen}");
    assert!(screen.contains("1 health metric is breached"), "{screen}");

    // The export leads with it too.
    let text = export::markdown(&saved, now, fixed_clock().today(), MarkdownSections::default());
    assert!(text.contains("**Breached:** Ledger replication lag 7 s (keep ≤ 5 s) in week 7"), "{text}");
    assert!(text.find("## Health metrics") < text.find("## Objectives"));
}

#[test]
fn a_reading_that_is_not_a_number_is_refused_in_its_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    h.press("H1,5<Enter>");
    assert!(h.screen().contains("Week 7 health readings"), "the form stays open:\n{}", h.screen());
    assert!(h.screen().contains("did you mean 1.5"), "{}", h.screen());
    h.press("<Esc>");
    assert!(h.saved(DEMO).health.iter().all(|m| m.check_in_for(week(h.workshop())).is_none()), "nothing recorded");
}

#[test]
fn a_level_to_keep_is_a_key_result_of_its_own_kind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    h.press("4k").press("Keep checkout p99 latency under 300 ms<Enter>");
    let saved = h.saved(DEMO);
    let kr = saved.objectives[0].key_results.last().expect("added");
    assert_eq!(kr.kind, KeyResultKind::maintain(Level::at_most(300.0), "ms"));
    assert_eq!(kr.target_text(), "keep ≤ 300 ms");
    assert!(h.screen().contains("keep ≤ 300 ms"), "{}", h.screen());
    // A breach is off track whatever the week; held is on track.
    let today = fixed_clock().today();
    assert_eq!(saved.suggested_status(kr, 320.0, today), Status::OffTrack);
    assert_eq!(saved.suggested_status(kr, 280.0, today), Status::OnTrack);
    let mut kept = kr.clone();
    for (week, value) in [(5, 280.0), (6, 320.0), (7, 290.0), (8, 250.0)] {
        kept.check_ins.push(quarterdeck::model::CheckIn { week, value, confidence: 7, ..Default::default() });
    }
    assert_eq!(kept.score(), Some(0.8), "three of four weeks held: 0.75, shown to one decimal");
}

#[test]
fn tags_and_the_target_move_the_capacity_split_and_the_advice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    h.press("3");
    assert!(
        h.screen().contains("Capacity of 19 planned, by cost: 31% business · 69% health (0% learning) · aim 40/60 (10 learning)"),
        "{}",
        h.screen()
    );
    // The first initiative (its theme says business): tagged by hand it counts as health.
    h.press("C");
    let saved = h.saved(DEMO);
    assert_eq!(saved.initiatives[0].capacity, Some(Capacity::Business), "tagged by hand, first as business");
    h.press("C");
    assert_eq!(h.saved(DEMO).initiatives[0].capacity, Some(Capacity::Health));
    assert!(h.screen().contains("25% business · 75% health"), "the split follows:\n{}", h.screen());
    h.press("CC");
    assert_eq!(h.saved(DEMO).initiatives[0].capacity, None, "back to its theme's tag");
    let advice = |w: &Workshop| quarterdeck::model::coach::review(w).into_iter().find(|f| f.code == "capacity-off-target");
    assert!(advice(&h.saved(DEMO)).is_some_and(|f| f.reason.contains("Learning has 0%")), "no time carved out to learn");

    // The theme board: a theme's tag is in its form.
    h.press("vvvll");
    // Each column's key leads its name, so a long name gives way to the tag's start.
    assert!(h.screen().contains("Fast feedback · health") && h.screen().contains("Incident-free payments ·"), "{}", h.screen());
    h.press("e<Tab><Tab>").press(&"<BS>".repeat(10)).press("learning<Enter>");
    assert_eq!(h.saved(DEMO).themes.iter().find(|t| t.name == "Incident-free payments").and_then(|t| t.capacity), Some(Capacity::Learning));
    h.press("u");

    // The settings set the target; with no learning asked for, the coach is content.
    h.press(",").press(&"<Tab>".repeat(10)).press(&"<BS>".repeat(20)).press("40/60, learning 0<Enter>");
    let saved = h.saved(DEMO);
    assert_eq!((saved.settings.capacity.business, saved.settings.capacity.learning), (40, 0));
    assert!(advice(&saved).is_none());
}

#[test]
fn proposed_key_results_wait_on_step_4_and_keep_their_numbers_when_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    h.press("4G<Up>");
    let screen = h.screen();
    assert!(screen.contains("? proposed key result: Complete the PCI evidence automation"), "{screen}");
    assert!(screen.contains("\"Complete\" describes work (an output)"), "the coach reads it:\n{screen}");
    h.press("x");
    assert!(h.screen().contains("declined"), "{}", h.screen());
    let saved = h.saved(DEMO);
    assert_eq!(saved.open_candidates().count(), 1);
    assert_eq!(saved.candidates.len(), 2, "the declined one stays on file");

    h.press("G<Up>");
    assert!(h.screen().contains("? proposed key result: Cut reconciliation mismatches"), "{}", h.screen());
    h.press("a");
    assert!(h.screen().contains("Accept into which objective"), "{}", h.screen());
    h.press("jj<Enter>");
    let saved = h.saved(DEMO);
    assert!(saved.open_candidates().next().is_none());
    let kr = saved.objectives[2].key_results.last().expect("accepted into the third objective");
    assert_eq!(kr.description, "Cut reconciliation mismatches reaching finance from 30 to 5 per month");
    assert_eq!(kr.kind, KeyResultKind::metric(30.0, 5.0, "mismatches/month"), "baseline, target and unit kept");
    assert_eq!(kr.proposal.as_ref().map(|p| p.author.as_str()), Some("Mei Lin"));
    assert_eq!(saved.participant(kr.owners[0]).map(|p| p.name.as_str()), Some("Mei Lin"), "its author owns it");
    assert!(h.screen().contains("accepted with its baseline, target and unit"), "{}", h.screen());
    h.press("u");
    assert_eq!(h.saved(DEMO).open_candidates().count(), 1, "undo brings the proposal back");
}

#[test]
fn a_dependency_on_another_team_shows_how_it_stands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    // The key result wraps whole; the tag follows its last line.
    assert!(h.screen().contains("availability from 99.5% to 99.95% ⇠ blocked"), "{}", h.screen());
    h.press("jjj");
    assert!(h.screen().contains("blocked by Checkout team: Cut card-gateway timeouts from 3% to 0.5% of payment"), "{}", h.screen());

    // Step 4: the dependency under its key result; d picks more from the other workshops.
    h.press("4").press(&"j".repeat(13));
    assert!(h.screen().contains("⇠ depends on Checkout team: Cut card-gateway timeouts"), "{}", h.screen());
    h.press("gjd");
    let screen = h.screen();
    assert!(screen.contains("Depends on: Reduce payment-path P1 incidents"), "{screen}");
    assert!(screen.contains("Checkout team (2026-Q4) · Raise one-click checkout conversion from 62% to 70%"), "{screen}");
    h.press("j<Space><Enter>");
    let saved = h.saved(DEMO);
    let depends = &saved.objectives[0].key_results[0].depends_on;
    assert_eq!(depends.len(), 1);
    assert_eq!((depends[0].workshop.as_str(), depends[0].workshop_name.as_str()), ("checkout-team", "Checkout team"));
    let peer = h.saved("checkout-team");
    assert_eq!(peer.key_result(depends[0].id).map(|k| k.description.as_str()), Some("Raise one-click checkout conversion from 62% to 70%"));
    let text = export::markdown(&saved, 7, fixed_clock().today(), MarkdownSections::default());
    assert!(
        text.contains("KR77 Reduce payment-path P1 incidents from 4 per month to 0 depends on Checkout team: Raise one-click"),
        "{text}"
    );
}

#[test]
fn carrying_over_keeps_the_calibration_and_steps_4_and_5_give_the_verdict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    h.press("E");
    assert!(h.screen().contains("Calibration: 2026-Q2 0.45 · 2026-Q3 0.52 · this period 0.50 → unrealistic"), "{}", h.screen());
    h.press("E<C-w>");
    h.select_on_home(DEMO);
    h.press("c<Enter>");
    let next = h.home_rows().iter().find(|r| r.slug != DEMO && r.slug != "checkout-team").map(|r| r.slug.clone()).expect("carried over");
    let saved = h.saved(&next);
    let periods: Vec<&str> = saved.calibration.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(periods, ["2026-Q2", "2026-Q3", "2026-Q4"], "the old period joins the earlier ones");
    let q4 = &saved.calibration[2];
    assert_eq!((q4.key_results, q4.eased), (9, 1));
    assert!(q4.mid_confidence.is_some() && q4.mid_score.is_some(), "confidence at mid-period beside the score");
    assert!(saved.health.iter().all(|m| m.check_ins.is_empty()) && saved.health.len() == 3, "the levels stay, their readings do not");
    h.select_on_home(&next);
    h.press("<Enter>4");
    assert!(
        h.screen().contains("Earlier periods 2026-Q2 0.45 · 2026-Q3 0.52 · 2026-Q4 0.50 → unrealistic: aim lower, or do fewer"),
        "{}",
        h.screen()
    );
}

#[test]
fn an_engineer_drafts_key_results_and_objectives_and_the_room_accepts_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let store = quarterdeck::store::Store::open(data.clone()).expect("store").0;
    let w = Workshop::new("Platform", "Infra", quarterdeck::model::Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    store.create(&w).expect("create");

    let path = dir.path().join("ada.json");
    let proposal = quarterdeck::model::Proposal::new("Ada", fixed_clock().now());
    let target = quarterdeck::document::ProposalTarget {
        path: path.clone(),
        id: proposal.id.clone(),
        author: "Ada".into(),
        created: proposal.created,
        base: None,
    };
    let mut h = Harness::new(&data, 100, 30);
    h.rt.draft(proposal.to_draft_as(fixed_clock().now(), "Ada"), target);
    h.draw();
    // One idea of her own, one anonymous (Tab moves the author on to "anonymous").
    h.press("aSpot instances for CI<Enter><Tab>Drop the nightly full build<Enter><Esc>");
    h.press("<Tab>");
    assert!(h.screen().contains("Your proposal: key results and objectives"), "{}", h.screen());
    h.press("kCut flaky-test reruns from 120 to 10 per week<Enter>");
    h.press("nEngineers trust every build<Enter>kBring CI p95 from 25 to 12 minutes<Enter>");
    assert!(h.screen().contains("1 objectives and 2 key results proposed"), "{}", h.screen());
    h.press("<Esc>");
    let written = quarterdeck::store::read_proposal(&path).expect("a valid proposal");
    assert_eq!((written.initiatives.len(), written.objectives.len(), written.key_results.len()), (2, 1, 2));
    assert!(written.initiatives[1].anonymous, "anonymous is saved");
    let loose = written.key_results.iter().find(|k| k.objective.is_none()).expect("one for the team's objectives");
    assert_eq!(loose.kind, Some(KeyResultKind::metric(120.0, 10.0, "per week")), "read like step 4's");

    let mut w = store.load("platform").expect("load");
    let report = w.merge_proposal(&written, "ada.json", fixed_clock().today());
    assert_eq!((report.added, report.proposed), (2, 3));
    assert_eq!(w.initiatives[1].author, None, "anonymous stays anonymous");
    assert_eq!(w.initiatives[1].proposal.as_ref().map(|o| o.author.as_str()), Some(""), "not even the origin says who");
    let objective = w.candidates.iter().find(|c| c.kind == CandidateKind::Objective).map(|c| c.id).expect("a proposed objective");
    let accepted = w.accept_objective_candidate(objective).expect("accepted");
    let o = w.objective(accepted).expect("objective");
    assert_eq!(o.key_results[0].kind, KeyResultKind::metric(25.0, 12.0, "minutes"), "with its key result, numbers kept");
    let again = w.merge_proposal(&written, "ada.json", fixed_clock().today());
    assert_eq!((again.added, again.proposed, again.updated, again.already_there), (0, 0, 0, 5), "merging twice adds nothing");
}

#[test]
fn a_breach_shows_in_the_health_standing_since_its_first_week() {
    let w = quarterdeck::demo::demo_workshop(fixed_clock().today());
    let pages = w.health.iter().find(|m| m.name == "On-call pages").expect("demo metric");
    assert_eq!(pages.standing(6), HealthStanding::Breached { week: 6, value: 13.0, since: 3 });
    assert_eq!(w.health_breaches(2).len(), 0, "not yet in week 2");
}

/// The screens and dialogs the method adds, at 80x24 and 100x30.
#[test]
fn snapshots_of_what_the_method_adds() {
    for (w, ht) in [(80, 24), (100, 30)] {
        for (name, keys) in [
            ("proposed_key_result_and_its_coach", "4G<Up>"),
            ("health_metric_form", "4m"),
            ("depends_on_picker", "4jd"),
            ("accept_into_picker", "4G<Up><Up>a"),
            ("health_readings_form", "H"),
            ("capacity_on_the_board", "3vvv"),
        ] {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut h = Harness::demo(dir.path(), w, ht);
            h.press(keys);
            insta::assert_snapshot!(format!("{name}_{w}x{ht}"), h.snapshot());
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::new(dir.path(), w, ht);
        let proposal = quarterdeck::model::Proposal::new("Ada", fixed_clock().now());
        let target = quarterdeck::document::ProposalTarget {
            path: dir.path().join("ada.json"),
            id: proposal.id.clone(),
            author: "Ada".into(),
            created: proposal.created,
            base: None,
        };
        h.rt.draft(proposal.to_draft_as(fixed_clock().now(), "Ada"), target);
        h.press("<Tab>kCut flaky-test reruns from 120 to 10 per week<Enter>nEngineers trust every build<Enter>");
        // The proposal's path is a temporary folder's: shown as `<tmp>` so the snapshot is stable.
        let shown = h.snapshot().replace(&dir.path().display().to_string(), "<tmp>");
        insta::assert_snapshot!(format!("draft_key_results_and_objectives_{w}x{ht}"), shown);
    }
}

#[test]
fn a_health_metric_is_edited_and_deleted_with_undo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    // The last health metric is the fourth row from the bottom (two proposals, one theme after it).
    h.press("4G<Up><Up><Up>");
    assert!(h.screen().contains("A health metric is a level to keep, not a change to make"), "{}", h.screen());
    h.press("<Enter>");
    assert!(h.screen().contains("Health metric") && h.screen().contains("Error budget left"), "{}", h.screen());
    h.press("<Tab>").press(&"<BS>".repeat(10)).press("at least 30<Enter>");
    let budget =
        |w: &Workshop| w.health.iter().find(|m| m.name == "Error budget left").map(quarterdeck::model::health::HealthMetric::level);
    assert_eq!(budget(&h.saved(DEMO)), Some(Level::at_least(30.0)));
    assert_eq!(h.saved(DEMO).health[2].check_ins.len(), 6, "its readings stay");
    h.press("x");
    assert!(h.screen().contains("deleted the health metric \"Error budget left\" and its readings (u undoes it)"), "{}", h.screen());
    assert_eq!(budget(&h.saved(DEMO)), None);
    h.press("u");
    assert_eq!(budget(&h.saved(DEMO)), Some(Level::at_least(30.0)));
}

#[test]
fn merging_from_the_brainstorm_says_where_proposed_key_results_wait() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(&dir.path().join("data"));
    let folder = dir.path().join("proposals");
    std::fs::create_dir_all(folder.join("archive")).expect("mkdir");
    let mut p = quarterdeck::model::Proposal::new("Linus", fixed_clock().now());
    p.key_results.push(quarterdeck::model::ProposedKeyResult {
        id: 1,
        description: "Cut build minutes from 40k to 25k a month".into(),
        ..Default::default()
    });
    quarterdeck::store::write_proposal(&folder.join("linus.json"), &p).expect("write");
    std::fs::write(folder.join("broken.json"), r#"{"quarterdeck_proposal": 1, "#).expect("write");
    h.press("2m").press(&format!("{}<Enter>", folder.display()));
    let screen = h.screen();
    assert!(screen.contains("Merged 1 key result or objective for step 4 by Linus from linus.json"), "{screen}");
    let saved = h.saved(DEMO);
    assert_eq!(saved.open_candidates().count(), 3, "the demo's two and Linus's");
    assert_eq!(h.rt.app.message.as_ref().map(|m| m.error), Some(true), "a file could not be read: said as an error");
    let message = h.rt.app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(
        message.contains("wait on step 4 (4)")
            && message.contains("archive is a subfolder")
            && message.contains("broken.json is not valid JSON"),
        "{message}"
    );
}
