//! The coach over whole workshops: counts, the funnel, ownership, dimensions, key results
//! judged with their stored numbers (direction, text against fields, defaults saved as 0),
//! dismissals, ordering, naming findings' items for "findings elsewhere", and the demo.
#![allow(clippy::many_single_char_names, clippy::needless_pass_by_value)]

use quarterdeck::model::coach::{Finding, Severity, Subject, check_key_result_text, review};
use quarterdeck::model::{
    Dismissal, Initiative, InitiativeId, KeyResult, KeyResultId, KeyResultKind, Objective, ObjectiveId, ParticipantId, Period, Theme,
    ThemeId, Workshop,
};

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

/// A platform team whose work is all engineering health, and whose capacity target says so:
/// the capacity advice (tested in `tests/method.rs`) stays out of these tests.
fn workshop() -> Workshop {
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
    w.settings.capacity = quarterdeck::model::capacity::CapacityTarget { business: 0, learning: 0, ..Default::default() };
    w
}

fn theme(w: &mut Workshop, name: &str) -> ThemeId {
    let id = ThemeId(w.allocate_id());
    w.themes.push(Theme {
        id,
        name: name.into(),
        description: String::new(),
        capacity: None,
        changed: None,
        extra: quarterdeck::model::Extra::new(),
    });
    id
}

fn initiative(w: &mut Workshop, title: &str, theme: Option<ThemeId>) -> InitiativeId {
    let id = InitiativeId(w.allocate_id());
    let value = serde_json::json!({ "id": id, "title": title, "theme": theme, "created": jiff::Timestamp::UNIX_EPOCH });
    w.initiatives.push(serde_json::from_value::<Initiative>(value).expect("initiative"));
    id
}

/// Built from JSON so the test keeps compiling when fields with defaults are added.
fn objective(w: &mut Workshop, title: &str, theme: Option<ThemeId>) -> ObjectiveId {
    let id = ObjectiveId(w.allocate_id());
    let value = serde_json::json!({ "id": id, "title": title, "theme": theme });
    w.objectives.push(serde_json::from_value::<Objective>(value).expect("objective"));
    id
}

fn metric(baseline: f64, target: f64, unit: &str) -> KeyResultKind {
    KeyResultKind::metric(baseline, target, unit)
}

fn key_result(w: &mut Workshop, o: ObjectiveId, description: &str, kind: KeyResultKind, owner: Option<ParticipantId>) -> KeyResultId {
    let id = KeyResultId(w.allocate_id());
    let value = serde_json::json!({ "id": id, "description": description, "kind": kind, "owners": owner.into_iter().collect::<Vec<_>>() });
    let kr = serde_json::from_value::<KeyResult>(value).expect("key result");
    w.objectives.iter_mut().find(|x| x.id == o).expect("objective").key_results.push(kr);
    id
}

fn kr_mut(w: &mut Workshop, id: KeyResultId) -> &mut KeyResult {
    w.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()).find(|k| k.id == id).expect("key result")
}

fn has(findings: &[Finding], code: &str, subject: Subject) -> bool {
    findings.iter().any(|f| f.code == code && f.subject == subject)
}

/// Three good objectives, each with three key results of mixed dimensions, owned and linked.
fn healthy() -> (Workshop, Vec<ObjectiveId>, ParticipantId) {
    let mut w = workshop();
    let ada = w.add_participant("Ada").expect("participant");
    let mut objectives = Vec::new();
    for (name, title) in [
        ("Reliability", "Payments our merchants never have to think about"),
        ("Feedback", "Engineers see the effect of every change within minutes"),
        ("Cost", "A platform that gets cheaper as volume grows"),
    ] {
        let t = theme(&mut w, name);
        let i = initiative(&mut w, &format!("{name} work"), Some(t));
        let o = objective(&mut w, title, Some(t));
        for (d, k) in [
            ("Reduce P1 incidents from 4 per month to 0", metric(4.0, 0.0, "incidents/month")),
            ("Cut recovery time from 90 to 30 minutes", metric(90.0, 30.0, "minutes")),
            ("Raise availability from 99.5% to 99.95%", metric(99.5, 99.95, "%")),
        ] {
            let kr = key_result(&mut w, o, d, k, Some(ada));
            kr_mut(&mut w, kr).initiatives.push(i);
        }
        objectives.push(o);
    }
    (w, objectives, ada)
}

#[test]
fn a_healthy_workshop_has_no_findings() {
    let (w, _, _) = healthy();
    assert_eq!(review(&w), vec![]);
}

#[test]
fn objective_counts() {
    let (mut w, _, _) = healthy();
    for n in 0..3 {
        objective(&mut w, &format!("Extra objective number {n}"), None);
    }
    let f = review(&w);
    assert!(has(&f, "too-many-objectives", Subject::Workshop));
    assert!(f.iter().find(|f| f.code == "too-many-objectives").expect("found").reason.contains("a list of wishes, not priorities"));
    w.objectives.truncate(5);
    assert!(!has(&review(&w), "too-many-objectives", Subject::Workshop));
    w.objectives.truncate(2);
    let f = review(&w);
    let few = f.iter().find(|f| f.code == "too-few-objectives").expect("too few");
    assert_eq!(few.severity, Severity::Advice);
    w.objectives.clear();
    assert!(!has(&review(&w), "too-few-objectives", Subject::Workshop), "nothing to say before the first objective");
    w.settings.min_objectives = 0;
    w.settings.max_objectives = 1;
    let (mut w2, _, _) = healthy();
    w2.settings.max_objectives = 2;
    assert!(has(&review(&w2), "too-many-objectives", Subject::Workshop), "the limit is a setting");
}

#[test]
fn key_result_counts_and_kinds() {
    let (mut w, os, ada) = healthy();
    let o = os[0];
    w.objectives[0].key_results.truncate(1);
    assert!(has(&review(&w), "kr-count", Subject::Objective(o)));
    key_result(&mut w, o, "Cut recovery time from 90 to 30 minutes", metric(90.0, 30.0, "minutes"), Some(ada));
    assert!(!has(&review(&w), "kr-count", Subject::Objective(o)));
    for _ in 0..3 {
        key_result(&mut w, o, "Cut flaky reruns from 120 to 10 per week", metric(120.0, 10.0, "reruns/week"), Some(ada));
    }
    assert!(has(&review(&w), "kr-count", Subject::Objective(o)), "5 is more than 4");
    w.objectives[0].key_results.clear();
    let f = review(&w);
    assert!(has(&f, "objective-without-key-results", Subject::Objective(o)));
    assert!(!has(&f, "kr-count", Subject::Objective(o)), "one finding for an empty objective, not two");
    // Milestones only: a plan, not proof. Milestones lack numbers without being unmeasurable.
    let a = key_result(&mut w, o, "Every service has a named cost owner", KeyResultKind::milestone(), Some(ada));
    let b = key_result(&mut w, o, "Runbooks for every payment alert", KeyResultKind::milestone(), Some(ada));
    let f = review(&w);
    assert!(has(&f, "milestones-only", Subject::Objective(o)));
    assert!(f.iter().find(|f| f.code == "milestones-only").expect("found").reason.contains("a plan, not proof"));
    assert!(!has(&f, "kr-unmeasurable", Subject::KeyResult(a)) && !has(&f, "kr-unmeasurable", Subject::KeyResult(b)));
    kr_mut(&mut w, b).kind = metric(12.0, 2.0, "pages/week");
    kr_mut(&mut w, b).description = "Cut out-of-hours pages from 12 to 2 per week".into();
    assert!(!has(&review(&w), "milestones-only", Subject::Objective(o)));
}

#[test]
fn key_result_wording_and_fields() {
    let (mut w, os, _) = healthy();
    let kr = w.objectives[0].key_results[0].id;
    kr_mut(&mut w, kr).description = "Complete the migration".into();
    assert!(has(&review(&w), "kr-output-verb", Subject::KeyResult(kr)));
    kr_mut(&mut w, kr).description = "Increase story points delivered from 40 to 60".into();
    let f = review(&w);
    assert!(has(&f, "kr-vanity-metric", Subject::KeyResult(kr)) && !has(&f, "kr-output-verb", Subject::KeyResult(kr)));
    kr_mut(&mut w, kr).description = "Reduce P1 incidents from 4 per month to 0".into();
    assert_eq!(review(&w), vec![]);
    // Structured fields carry the numbers: no text-number findings, but flat and unit ones.
    kr_mut(&mut w, kr).description = "Fewer P1 incidents".into();
    assert_eq!(review(&w), vec![], "the metric's fields hold baseline and target");
    kr_mut(&mut w, kr).kind = metric(4.0, 4.0, "incidents/month");
    assert!(has(&review(&w), "kr-flat", Subject::KeyResult(kr)));
    kr_mut(&mut w, kr).kind = metric(4.0, 0.0, "");
    let f = review(&w);
    assert!(has(&f, "kr-no-unit", Subject::KeyResult(kr)) && !has(&f, "kr-flat", Subject::KeyResult(kr)));
    kr_mut(&mut w, kr).description = "Reduce P1 incidents from 4 per month to 0".into();
    assert!(!has(&review(&w), "kr-no-unit", Subject::KeyResult(kr)), "a unit written next to the numbers counts");
    kr_mut(&mut w, kr).owners.clear();
    assert!(has(&review(&w), "kr-without-owner", Subject::KeyResult(kr)));
    kr_mut(&mut w, kr).description = "  ".into();
    assert!(has(&review(&w), "kr-empty", Subject::KeyResult(kr)));
    let o = os[0];
    w.objectives[0].title = "Migrate to the new database".into();
    assert!(has(&review(&w), "objective-task", Subject::Objective(o)));
    w.objectives[0].title = String::new();
    assert!(has(&review(&w), "objective-empty", Subject::Objective(o)));
}

#[test]
fn one_dimension_and_the_funnel() {
    let (mut w, os, ada) = healthy();
    let o = os[1];
    let idx = w.objectives.iter().position(|x| x.id == o).expect("objective");
    w.objectives[idx].key_results.clear();
    let a = key_result(&mut w, o, "Reduce checkout p95 latency from 800 to 300 ms", metric(800.0, 300.0, "ms"), Some(ada));
    let b = key_result(&mut w, o, "Reduce search p95 latency from 1200 to 500 ms", metric(1200.0, 500.0, "ms"), Some(ada));
    let f = review(&w);
    assert!(has(&f, "kr-one-dimension", Subject::Objective(o)), "{f:#?}");
    assert_eq!(f.iter().find(|f| f.code == "kr-one-dimension").expect("found").severity, Severity::Advice);
    // Same words, different units.
    kr_mut(&mut w, b).kind = metric(1.2, 0.5, "seconds");
    assert!(has(&review(&w), "kr-one-dimension", Subject::Objective(o)));
    kr_mut(&mut w, b).description = "Raise checkout availability from 99.5% to 99.95%".into();
    kr_mut(&mut w, b).kind = metric(99.5, 99.95, "%");
    assert!(!has(&review(&w), "kr-one-dimension", Subject::Objective(o)));
    // The funnel: this objective's initiatives come from its theme and from links.
    let theme_id = w.objectives[idx].theme.expect("theme");
    let linked_before: Vec<InitiativeId> = w.initiatives.iter().filter(|i| i.theme == Some(theme_id)).map(|i| i.id).collect();
    let lone = linked_before[0];
    let f = review(&w);
    assert!(has(&f, "initiative-unlinked", Subject::Initiative(lone)), "a and b link nothing yet");
    kr_mut(&mut w, a).initiatives.push(lone);
    assert!(!has(&review(&w), "initiative-unlinked", Subject::Initiative(lone)));
    w.objectives[idx].theme = None;
    kr_mut(&mut w, a).initiatives.clear();
    let f = review(&w);
    assert!(has(&f, "objective-without-initiatives", Subject::Objective(o)));
    assert!(has(&f, "theme-without-objective", Subject::Theme(theme_id)));
    assert!(!has(&f, "initiative-unlinked", Subject::Initiative(lone)), "covered by the theme's finding");
    kr_mut(&mut w, a).initiatives.push(lone);
    let f = review(&w);
    assert!(!has(&f, "objective-without-initiatives", Subject::Objective(o)), "a linked initiative is enough");
    w.objectives[idx].theme = Some(theme_id);
    assert!(!has(&review(&w), "theme-without-objective", Subject::Theme(theme_id)));
    // An unthemed initiative linked to nothing.
    let stray = initiative(&mut w, "Adopt a proper on-call scheduling tool", None);
    assert!(has(&review(&w), "initiative-unlinked", Subject::Initiative(stray)));
    w.initiatives.last_mut().expect("stray").hidden = true;
    assert!(!has(&review(&w), "initiative-unlinked", Subject::Initiative(stray)), "silent-mode entries stay secret");
    // No objectives at all: nothing is "unlinked" yet.
    let mut empty = workshop();
    let t = theme(&mut empty, "Tooling");
    let i = initiative(&mut empty, "Remote build cache", Some(t));
    let f = review(&empty);
    assert!(has(&f, "theme-without-objective", Subject::Theme(t)) && !has(&f, "initiative-unlinked", Subject::Initiative(i)));
}

#[test]
fn a_dismissal_hides_exactly_that_finding() {
    let (mut w, os, _) = healthy();
    let kr0 = w.objectives[0].key_results[0].id;
    let kr1 = w.objectives[0].key_results[1].id;
    kr_mut(&mut w, kr0).owners.clear();
    kr_mut(&mut w, kr1).owners.clear();
    w.objectives[0].title = "Migrate to the new database".into();
    let before = review(&w);
    assert_eq!(before.len(), 3, "{before:#?}");
    w.dismissed.push(Dismissal {
        code: "kr-without-owner".into(),
        subject: kr0.to_string(),
        reason: "the whole team owns it".into(),
        changed: None,
        extra: quarterdeck::model::Extra::new(),
    });
    let after = review(&w);
    assert_eq!(after.len(), 2);
    assert!(!has(&after, "kr-without-owner", Subject::KeyResult(kr0)));
    assert!(has(&after, "kr-without-owner", Subject::KeyResult(kr1)), "same code, other item: still shown");
    w.dismissed.push(Dismissal {
        code: "objective-numbers".into(),
        subject: os[0].to_string(),
        reason: "wrong code".into(),
        changed: None,
        extra: quarterdeck::model::Extra::new(),
    });
    assert_eq!(review(&w).len(), 2, "another code on the same item hides nothing");
    w.dismissed.push(Dismissal {
        code: "objective-task".into(),
        subject: os[0].to_string(),
        reason: "we know".into(),
        changed: None,
        extra: quarterdeck::model::Extra::new(),
    });
    assert_eq!(codes(&review(&w)), ["kr-without-owner"]);
    assert_eq!(Subject::Workshop.key(), "workshop");
    assert_eq!(Subject::Theme(ThemeId(2)).key(), "T2");
    assert_eq!(Subject::Objective(ObjectiveId(3)).key(), "O3");
    assert_eq!(Subject::KeyResult(KeyResultId(12)).key(), "KR12");
    assert_eq!(Subject::Initiative(InitiativeId(40)).key(), "I40");
    assert_eq!(Subject::Text.key(), "text");
}

#[test]
fn warnings_come_first_then_workshop_order() {
    let (mut w, os, _) = healthy();
    let last_kr = w.objectives[2].key_results[2].id;
    kr_mut(&mut w, last_kr).owners.clear(); // advice, late in the workshop
    w.objectives[1].title = "Cut build times by 50% for 120 engineers".into(); // advice
    let first_kr = w.objectives[0].key_results[0].id;
    kr_mut(&mut w, first_kr).description = "Complete the migration".into(); // warning
    w.objectives[2].title = "Launch the cost dashboard".into(); // warning
    let f = review(&w);
    let got: Vec<(&str, Subject)> = f.iter().map(|f| (f.code, f.subject)).collect();
    assert_eq!(
        got,
        [
            ("kr-output-verb", Subject::KeyResult(first_kr)),
            ("objective-task", Subject::Objective(os[2])),
            ("objective-numbers", Subject::Objective(os[1])),
            ("kr-without-owner", Subject::KeyResult(last_kr)),
        ]
    );
    let severities: Vec<Severity> = f.iter().map(|f| f.severity).collect();
    assert!(severities.windows(2).all(|p| p[0] >= p[1]));
}

#[test]
fn findings_serialise_for_check_json() {
    let f = check_key_result_text("Complete the migration");
    let json = serde_json::to_value(&f).expect("json");
    assert_eq!(json[0]["code"], "kr-output-verb");
    assert_eq!(json[0]["severity"], "warning");
    assert_eq!(json[0]["subject"], "Text");
}

#[test]
fn the_demo_workshop_gets_a_small_sensible_review() {
    let w = quarterdeck::demo::demo_workshop(jiff::civil::date(2026, 11, 21));
    let f = review(&w);
    println!("{} findings on the demo workshop:", f.len());
    for x in &f {
        println!("  {:<7} {:<5} {:<30} {}", x.severity.label(), x.subject.key(), x.code, x.reason);
    }
    let learning = w.themes.iter().find(|t| t.name == "Learning & spikes").expect("theme").id;
    assert!(has(&f, "theme-without-objective", Subject::Theme(learning)));
    assert!(!f.iter().any(|x| x.code == "kr-vanity-metric"));
    assert!(!f.iter().any(|x| matches!(x.subject, Subject::Objective(_) | Subject::KeyResult(_))), "the demo's OKRs are well formed");
    assert!(f.len() <= 8, "small: {}", f.len());
    assert_eq!(f.iter().filter(|x| x.severity == Severity::Warning).count(), 1);
}

#[test]
fn stored_numbers_are_judged_with_the_text() {
    let (mut w, _, _) = healthy();
    let kr = w.objectives[0].key_results[1].id;
    // Issue 16's reversed key result: stored as 2 → 30 minutes from "2 hours to 30 minutes".
    kr_mut(&mut w, kr).description = "Reduce MTTR from 2 hours to 30 minutes".into();
    kr_mut(&mut w, kr).kind = metric(2.0, 30.0, "minutes");
    let f = review(&w);
    assert!(has(&f, "kr-direction", Subject::KeyResult(kr)), "{f:#?}");
    assert!(has(&f, "kr-text-disagrees", Subject::KeyResult(kr)), "{f:#?}");
    kr_mut(&mut w, kr).kind = metric(120.0, 30.0, "minutes");
    assert_eq!(review(&w), vec![], "the text and the fields agree once converted");
    // An adjusted target the text does not follow.
    kr_mut(&mut w, kr).description = "Cut p95 latency from 800 ms to 300 ms".into();
    kr_mut(&mut w, kr).kind = metric(800.0, 450.0, "ms");
    let f = review(&w);
    let disagree = f.iter().find(|f| f.code == "kr-text-disagrees").expect("the text says 300");
    assert_eq!(disagree.span.map(|s| s.text(&w.objectives[0].key_results[1].description).to_string()).as_deref(), Some("300 ms"));
    // A threshold saved by the form with its empty baseline as 0: no baseline, not a rise.
    kr_mut(&mut w, kr).description = "Reduce rollback rate to under 1%".into();
    kr_mut(&mut w, kr).kind = metric(0.0, 1.0, "%");
    let f = review(&w);
    assert_eq!(codes(&f), ["kr-no-baseline"], "{f:#?}");
    // A level held, stored as baseline = target, is not flat.
    kr_mut(&mut w, kr).description = "Keep checkout availability at or above 99.95%".into();
    kr_mut(&mut w, kr).kind = metric(99.95, 99.95, "%");
    assert_eq!(review(&w), vec![]);
    // Nothing typed at all: 0 → 0 with no number in the text.
    kr_mut(&mut w, kr).description = "Ship the new CI pipeline".into();
    kr_mut(&mut w, kr).kind = metric(0.0, 0.0, "");
    assert!(has(&review(&w), "kr-output-verb", Subject::KeyResult(kr)));
    kr_mut(&mut w, kr).description = "Fewer P1 incidents".into();
    let f = review(&w);
    assert!(has(&f, "kr-unmeasurable", Subject::KeyResult(kr)) && has(&f, "kr-no-unit", Subject::KeyResult(kr)), "{f:#?}");
}

#[test]
fn findings_name_their_item_for_findings_elsewhere() {
    let (mut w, os, _) = healthy();
    let kr = w.objectives[0].key_results[0].id;
    kr_mut(&mut w, kr).description = "Increase code reviews from 800 to 1200 per sprint".into();
    let f = review(&w);
    let finding = f.iter().find(|f| f.subject == Subject::KeyResult(kr)).expect("a finding about it");
    assert_eq!(finding.code, "kr-activity-metric");
    assert_eq!(
        finding.subject.name(&w),
        format!("key result {kr} \"Increase code reviews from 800 to 1200 per spri…\""),
        "cut to 48 characters"
    );
    assert_eq!(finding.subject.text(&w), Some("Increase code reviews from 800 to 1200 per sprint"));
    assert_eq!(finding.span.map(|s| s.text(finding.subject.text(&w).unwrap_or_default()).to_string()).as_deref(), Some("code reviews"));
    assert_eq!(Subject::Objective(os[0]).name(&w), format!("objective {} \"Payments our merchants never have to think about\"", os[0]));
    assert_eq!(Subject::Workshop.name(&w), "the workshop");
    assert_eq!(Subject::KeyResult(kr).kind(), "key_result");
}
