//! The OKR coach on single texts: a table of objective and key-result texts with the verdicts
//! the method calls for, issue 17's examples through the real binary, the catalogue of checks
//! (every example triggers its code; the README's table is generated from it), spans, hostile
//! input, the key-result form's coach and the "from X to Y" reader the form uses.
//! Workshop-level rules are in `tests/coach_review.rs`, agreement with a careful coach in
//! `tests/coach_corpus.rs`.

use std::process::{Command, Output};

use quarterdeck::model::coach::{
    CHECKS, Finding, KeyResultForm, ParsedMetric, Scope, Severity, Subject, check_key_result_form, check_key_result_text,
    check_objective_text, checks_markdown, codes, form_numbers, parse_from_to,
};

fn code_list(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

fn warnings(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().filter(|f| f.severity == Severity::Warning).map(|f| f.code).collect()
}

/// (text, expected codes). Empty means the text passes clean.
const OBJECTIVES: &[(&str, &[&str])] = &[
    ("Database reliability that lets us scale to 10x traffic", &[]),
    ("Payments our merchants never have to think about", &[]),
    ("Engineers see the effect of every change within minutes, not hours", &[]),
    ("Build times nobody notices", &[]),
    ("Ship with confidence on any day of the week", &[]),
    ("Ready for the 2027 peak season without heroics", &[]),
    ("Support that works 24/7 without waking anyone up", &[]),
    ("Our 3rd region becomes boring to operate", &[]),
    ("Deploy on demand, any day of the week", &[]),
    ("One place to find who owns any service", &[]),
    ("Create a culture where every incident teaches us something", &[]),
    ("Migrate to the new database", &["objective-task"]),
    ("Build a new CI pipeline", &["objective-task"]),
    ("We will complete the Kubernetes migration", &["objective-task"]),
    ("Roll out feature flags to every team", &["objective-task"]),
    ("Migrating the monorepo to Bazel", &["objective-task"]),
    ("Migration of the ledger to Postgres", &["objective-task"]),
    ("Adopt OpenTelemetry", &["objective-task"]),
    ("Move the whole monorepo to Bazel", &["objective-task"]),
    ("Modernise the payments stack", &["objective-task"]),
    ("Reach 99.95% checkout availability", &["objective-numbers"]),
    ("Cut cloud spend by $40k", &["objective-numbers"]),
    ("Deliver 5 features to enterprise customers", &["objective-task", "objective-numbers"]),
    (
        "Make sure that every single engineer on every one of our product teams can always see the effect of each change they make quickly",
        &["objective-long"],
    ),
];

const KEY_RESULTS: &[(&str, &[&str])] = &[
    // Outcomes with a baseline, a target and a unit.
    ("Reduce payment-path P1 incidents from 4 per month to 0", &[]),
    ("Cut mean time to recovery for payment incidents from 90 to 30 minutes", &[]),
    ("Raise checkout API availability from 99.5% to 99.95%", &[]),
    ("Cut flaky-test reruns from 120 to 10 per week", &[]),
    ("Increase deploys per engineer per week from 1.5 to 4", &[]),
    ("Lower cloud spend per 1,000 transactions from $0.42 to $0.30", &[]),
    ("Reduce service-desk tickets routed to Platform from 60 to 25 per month", &[]),
    ("Build success rate from 92% to 99%", &[]),
    ("Deployment frequency from 2 per week to 10 per week", &[]),
    ("Increase completed checkouts from 60% to 75%", &[]),
    ("Reduce PR review wait time from 2 days to 4 hours", &[]),
    ("Onboarding time for a new engineer 10 days → 3 days", &[]),
    ("Increase monthly active API users to 3k from 1.2k", &[]),
    ("Median time from merged to deployed from 3 days to 4 hours", &[]),
    ("Launch self-serve onboarding, cutting time to first payment from 14 to 2 days", &[]),
    ("Increase velocity of customer onboarding from 5 to 20 per week", &[]),
    ("Reduce recurring meeting hours per engineer from 12 to 6 per week", &[]),
    ("Raise availability to 99.95% (from current 99.7%)", &[]),
    // Levels held, thresholds and relative targets: advice at most.
    ("Keep checkout availability at or above 99.95%", &[]),
    ("Hold availability at 99.9%", &[]),
    ("p99 latency ≤ 300 ms", &["kr-no-baseline"]),
    ("Reduce P1 incidents to 0", &["kr-no-baseline"]),
    ("Reduce build failures by 50%", &["kr-no-baseline"]),
    // Work stated as a key result.
    ("Complete the migration", &["kr-output-verb"]),
    ("Deploy the new billing service", &["kr-output-verb"]),
    ("Implement circuit breakers on the card gateway", &["kr-output-verb"]),
    ("Roll out feature flags to all teams", &["kr-output-verb"]),
    ("All services migrated to Kubernetes by the end of Q2", &["kr-output-verb"]),
    ("Upgrade Postgres from 12 to 16", &["kr-output-verb"]),
    ("Runbooks written for every payment alert", &["kr-output-verb"]),
    ("Complete Feature X", &["kr-output-verb"]),
    ("Conduct quarterly access reviews", &["kr-output-verb"]),
    // What is counted, whatever the verb.
    ("Migrate 20 services to Kubernetes", &["kr-output-metric"]),
    ("80% of services migrated to the new cluster", &["kr-output-metric"]),
    ("Write runbooks for the top 10 alerts", &["kr-output-metric"]),
    ("Increase story points delivered from 40 to 60", &["kr-vanity-metric"]),
    ("Raise team velocity from 30 to 45", &["kr-vanity-metric"]),
    ("Close 200 Jira tickets", &["kr-activity-metric"]),
    ("Increase tickets closed per sprint from 50 to 80", &["kr-activity-metric"]),
    ("Increase PRs merged per week from 20 to 35", &["kr-vanity-metric"]),
    ("Grow the number of pull requests from 100 to 150", &["kr-vanity-metric"]),
    ("Increase commits per engineer from 10 to 15 a week", &["kr-vanity-metric"]),
    ("Number of deployments from 40 to 120 per quarter", &["kr-vanity-metric"]),
    ("Ship 12 features", &["kr-output-metric"]),
    ("Features shipped from 4 to 8", &["kr-output-metric"]),
    ("Write 50k lines of code", &["kr-vanity-metric"]),
    ("Hold 6 architecture meetings", &["kr-activity-metric"]),
    ("Tasks completed per sprint from 30 to 40", &["kr-output-metric"]),
    ("Increase interviews conducted per week from 4 to 10", &["kr-activity-metric"]),
    ("Increase the tooling budget from $50k to $80k", &["kr-input-metric"]),
    // Numbers that cannot be judged.
    ("Improve checkout reliability", &["kr-unmeasurable"]),
    ("Make the platform more stable", &["kr-unmeasurable"]),
    ("Reduce P1 incidents", &["kr-unmeasurable"]),
    ("Reduce P1 incidents from 4 per quarter", &["kr-no-target"]),
    ("Keep availability from 99.9% to 99.9%", &["kr-flat"]),
    ("Maintain high availability", &["kr-maintain-no-level"]),
    ("Raise availability from 99.9% to 99.5%", &["kr-direction"]),
    ("Cut p95 latency from 300 ms to 1.2 s", &["kr-direction"]),
    ("Reduce MTTR from 4 hours to 95%", &["kr-mixed-units"]),
    ("Cut review wait from 3 per sprint to 2 per week", &["kr-mixed-units"]),
    ("Cut p95 from 1,5 s to 0.8 s", &["kr-unreadable-number", "kr-no-baseline"]),
];

#[test]
fn objective_texts_get_the_expected_verdicts() {
    let mut wrong = Vec::new();
    for (text, expected) in OBJECTIVES {
        let found = check_objective_text(text);
        if code_list(&found) != *expected {
            wrong.push(format!("{text:?}: expected {expected:?}, got {:?}", code_list(&found)));
        }
        assert!(found.iter().all(|f| f.subject == Subject::Text));
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn key_result_texts_get_the_expected_verdicts() {
    let mut wrong = Vec::new();
    for (text, expected) in KEY_RESULTS {
        let found = check_key_result_text(text);
        if code_list(&found) != *expected {
            wrong.push(format!("{text:?}: expected {expected:?}, got {:?}", code_list(&found)));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Issue 17's "done means", through the real binary.

fn check(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("a stand-in home");
    Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .env_remove("QUARTERDECK_DATA_DIR")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .arg("check")
        .args(args)
        .output()
        .expect("runs")
}

fn json_findings(out: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The nine key results the method's source texts hold up as good.
const METHOD_EXAMPLES: &[&str] = &[
    "Reduce P99 latency of payment processing by 30%",
    "Reduce deployment time by 50%",
    "Increase deployment frequency to daily",
    "Reduce rollback rate to under 1%",
    "Increase user engagement with Feature X by 20%",
    "Increase user engagement by 15% with Feature X",
    "Reduce database-related P1 incidents from four per quarter to zero",
    "Achieve ninety-ninth percentile query latency under fifty milliseconds",
    "Increase automated test coverage from 60% to 85%",
];

/// Activities, outputs, inputs and vanity dressed as "from X to Y", and the code each gets.
const LAUNDERED: &[(&str, &str)] = &[
    ("Increase code reviews from 800 to 1200 per sprint", "kr-activity-metric"),
    ("Increase architecture reviews from 2 to 10", "kr-activity-metric"),
    ("Increase engineers hired from 0 to 10", "kr-input-metric"),
    ("Increase technical blog posts from 0 to 15", "kr-activity-metric"),
    ("Increase game days from 0 to 4 per quarter", "kr-activity-metric"),
    ("Raise the number of runbooks from 10 to 40", "kr-output-metric"),
    ("Increase the number of deployments from 200 to 400 per month", "kr-vanity-metric"),
    ("Run 4 game days this quarter", "kr-activity-metric"),
    ("Hire two SREs", "kr-input-metric"),
];

#[test]
fn the_methods_own_examples_pass_check_with_exit_0() {
    for text in METHOD_EXAMPLES {
        let out = check(&["--key-result", text, "--format", "json"]);
        let findings = json_findings(&out);
        assert!(findings.iter().all(|f| f["severity"] == "advice"), "{text:?}: {findings:#?}");
        assert_eq!(out.status.code(), Some(0), "{text:?}");
    }
    let all: Vec<&str> = METHOD_EXAMPLES.iter().flat_map(|t| ["--key-result", t]).collect();
    assert_eq!(check(&all).status.code(), Some(0), "all nine at once");
}

#[test]
fn laundered_activities_and_outputs_get_a_warning() {
    for (text, code) in LAUNDERED {
        let out = check(&["--key-result", text, "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{text:?}");
        let findings = json_findings(&out);
        assert!(findings.iter().any(|f| f["code"] == *code && f["severity"] == "warning"), "{text:?}: {findings:#?}");
        let suggestion = findings[0]["suggestion"].as_str().unwrap_or_default();
        assert!(suggestion.starts_with("Measure what it should change instead, e.g. "), "an outcome is suggested: {suggestion}");
        assert!(!suggestion.contains("from X to Y"), "the advice does not lead back to a laundered text");
    }
}

#[test]
fn direction_and_levels_held() {
    let out = check(&["--key-result", "Reduce MTTR from 2 to 30 minutes", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let findings = json_findings(&out);
    assert_eq!(findings[0]["code"], "kr-direction", "{findings:#?}");
    assert_eq!(findings[0]["span"]["words"], "Reduce MTTR from 2 to 30 minutes");
    let out = check(&["--key-result", "Reduce MTTR from 2 hours to 30 minutes"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    for text in ["Keep checkout availability at or above 99.95%", "Hold availability at 99.9%"] {
        let out = check(&["--key-result", text, "--format", "json"]);
        assert_eq!(json_findings(&out).len(), 0, "{text:?}");
        assert_eq!(out.status.code(), Some(0));
    }
    let out = check(&["--key-result", "Dark mode adopted by 30% of weekly active users", "--format", "json"]);
    assert!(json_findings(&out).iter().all(|f| f["severity"] == "advice"), "adoption is an outcome");
}

#[test]
fn json_findings_say_which_text_and_which_words() {
    let out = check(&[
        "--objective",
        "Payments our merchants never have to think about",
        "--key-result",
        "Reduce P1 incidents from 4 per quarter to 0",
        "--key-result",
        "Complete the migration",
        "--objective",
        "Migrate to the new database",
        "--format",
        "json",
    ]);
    let findings = json_findings(&out);
    assert_eq!(findings.len(), 2, "{findings:#?}");
    let objective = findings.iter().find(|f| f["kind"] == "objective").expect("the objective's finding");
    assert_eq!((objective["index"].as_u64(), objective["code"].as_str()), (Some(1), Some("objective-task")));
    assert_eq!(objective["span"], serde_json::json!({ "start": 0, "end": 7, "words": "Migrate" }));
    let kr = findings.iter().find(|f| f["kind"] == "key_result").expect("the key result's finding");
    assert_eq!((kr["index"].as_u64(), kr["code"].as_str()), (Some(1), Some("kr-output-verb")));
    assert_eq!(kr["text"], "Complete the migration");
    for f in &findings {
        for field in ["code", "severity", "reason", "suggestion", "subject", "kind", "text"] {
            assert!(f[field].is_string(), "{field} in {f}");
        }
    }
}

#[test]
fn text_findings_never_echo_control_characters() {
    let hostile = "Complete the \u{1b}]0;pwned\u{7}migration \u{202e}now\u{9b}2J";
    for format in ["text", "json"] {
        let out = check(&["--key-result", hostile, "--objective", "Migrate \u{1b}[2J everything", "--format", format]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.chars().any(|c| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c)), "{stdout:?}");
        assert_eq!(out.status.code(), Some(1));
    }
    let findings = check_key_result_text("Cut \u{1b}[31m p95 from 1,5\u{1b} s to 0.8 s");
    assert!(findings.iter().all(|f| !f.reason.chars().any(char::is_control)), "{findings:#?}");
}

// ---------------------------------------------------------------------------------------
// The catalogue of checks.

#[test]
fn every_check_has_a_working_example_and_every_code_is_catalogued() {
    for c in CHECKS {
        let found = match c.scope {
            Scope::ObjectiveText => check_objective_text(c.example),
            Scope::KeyResultText => check_key_result_text(c.example),
            Scope::KeyResultFields | Scope::Workshop => continue,
        };
        assert!(
            found.iter().any(|f| f.code == c.code && f.severity == c.severity),
            "{}: {:?} gives {:?}",
            c.code,
            c.example,
            code_list(&found)
        );
    }
    let texts = OBJECTIVES.iter().map(|(t, _)| check_objective_text(t)).chain(KEY_RESULTS.iter().map(|(t, _)| check_key_result_text(t)));
    for f in texts.flatten() {
        assert!(codes().any(|c| c == f.code), "{} is not in the catalogue", f.code);
        assert_eq!(f.severity, CHECKS.iter().find(|c| c.code == f.code).map_or(Severity::Advice, |c| c.severity));
        assert!(!f.reason.is_empty() && !f.reason.contains('\n'), "{f:?}");
        assert!(!f.suggestion.is_empty() && !f.suggestion.contains('\n'), "{f:?}");
    }
    let mut seen = std::collections::BTreeSet::new();
    assert!(CHECKS.iter().all(|c| seen.insert(c.code)), "codes are unique");
}

#[test]
fn the_readme_table_is_generated_from_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let (start, end) = ("<!-- checks:start -->\n", "<!-- checks:end -->");
    let from = readme.find(start).expect("the start marker") + start.len();
    let to = readme.find(end).expect("the end marker");
    let table = checks_markdown();
    if readme[from..to] != table {
        if std::env::var_os("UPDATE_README").is_some() {
            std::fs::write(path, format!("{}{table}{}", &readme[..from], &readme[to..])).expect("README.md written");
        } else {
            panic!("README.md's table of checks differs from the catalogue; run with UPDATE_README=1 to regenerate it:\n{table}");
        }
    }
    assert_eq!(table.lines().count(), CHECKS.len() + 2);
}

// ---------------------------------------------------------------------------------------
// Spans, hostile input, the form.

#[test]
fn findings_point_at_the_words_that_triggered_them() {
    let at = |text: &str, code: &str| {
        let f = check_key_result_text(text).into_iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{code} for {text:?}"));
        f.span.map(|s| s.text(text).to_string())
    };
    assert_eq!(at("Increase code reviews from 800 to 1200 per sprint", "kr-activity-metric").as_deref(), Some("code reviews"));
    assert_eq!(at("Increase engineers hired from 0 to 10", "kr-input-metric").as_deref(), Some("engineers hired"));
    assert_eq!(at("Complete the migration", "kr-output-verb").as_deref(), Some("Complete"));
    assert_eq!(at("Reduce P1 incidents from 4 per quarter", "kr-no-target").as_deref(), Some("4 per quarter"));
    assert_eq!(at("Maintain high availability", "kr-maintain-no-level").as_deref(), Some("Maintain"));
    assert_eq!(at("Reduce MTTR from 4 hours to 95%", "kr-mixed-units").as_deref(), Some("4 hours to 95%"));
    let f = check_key_result_text("Reduce MTTR from 4 hours to 95%");
    assert!(f[0].reason.contains("\"hours\" (a duration) and \"%\" (a percentage)"), "{}", f[0].reason);
}

#[test]
fn empty_and_hostile_texts_are_quiet_or_sane() {
    assert!(check_objective_text("   ").is_empty());
    assert!(check_key_result_text("").is_empty());
    let huge = format!("Reduce incidents from {} to 1", "9".repeat(400));
    assert_eq!(
        code_list(&check_key_result_text(&huge)).first(),
        Some(&"kr-unreadable-number"),
        "an absurd number is refused, nothing breaks"
    );
    let noise = "\u{1b}[2J→→ -> => % $ € ,,, 1e5e5 ×× 10x k M ≥≤<> 1,5 ninety-ninth (from (to".repeat(50);
    let _ = check_key_result_text(&noise);
    let _ = check_objective_text(&noise);
    let _ = check_key_result_text("数据库 P1 事故 from 4 to 0 每季度");
}

#[test]
fn the_form_coach_reads_the_fields() {
    let form = |description, baseline, target, unit| KeyResultForm { description, baseline, target, unit, milestone: false };
    assert_eq!(warnings(&check_key_result_form(&form("Reduce P1 incidents to 0", "", "", ""))), Vec::<&str>::new());
    assert_eq!(code_list(&check_key_result_form(&form("Reduce P1 incidents to 0", "", "", ""))), ["kr-no-baseline"]);
    assert!(
        check_key_result_form(&form("Reduce P1 incidents to 0", "4", "", "per quarter")).is_empty(),
        "the baseline typed in its field counts"
    );
    assert_eq!(code_list(&check_key_result_form(&form("Cut p95 from 800 ms to 300 ms", "", "450", "ms"))), ["kr-text-disagrees"]);
    let n = form_numbers(&form("Reduce MTTR from 2 hours to 30 minutes", "", "", ""));
    assert_eq!((n.baseline, n.target, n.unit.as_str()), (Some(120.0), Some(30.0), "minutes"));
}

// ---------------------------------------------------------------------------------------
// "from X to Y", as step 4's form reads it.

#[test]
fn parse_from_to_reads_what_engineers_write() {
    let cases: &[(&str, f64, f64, &str)] = &[
        ("Reduce database-related P1 incidents from 4 per quarter to 0", 4.0, 0.0, "per quarter"),
        ("Reduce database-related P1 incidents from four per quarter to zero", 4.0, 0.0, "per quarter"),
        ("Raise availability from 99.5% to 99.95%", 99.5, 99.95, "%"),
        ("Lower cost per transaction from $0.42 to $0.30", 0.42, 0.30, "$"),
        ("Bring CI p50 from 18 to 8 minutes", 18.0, 8.0, "minutes"),
        ("Reduce MTTR from 2 hours to 30 minutes", 120.0, 30.0, "minutes"),
        ("Grow MAU from 1.2k to 3k", 1200.0, 3000.0, ""),
        ("Grow transactions from 2M to 5M per month", 2e6, 5e6, "per month"),
        ("Cut p95 latency from 800ms to 300ms", 800.0, 300.0, "ms"),
        ("Cut p95 latency 800 → 300 ms", 800.0, 300.0, "ms"),
        ("Cut p95 latency 800->300 ms for checkout", 800.0, 300.0, "ms"),
        ("Increase coverage to 60 from 40", 40.0, 60.0, ""),
        ("Increase NPS to 40% from 25%", 25.0, 40.0, "%"),
        ("Spend from 12,000 to 9,500 USD a month", 12000.0, 9500.0, "USD per month"),
        ("Raise eNPS from -10 to 20", -10.0, 20.0, ""),
        ("Uptime from 99 percent to 99.9 percent", 99.0, 99.9, "%"),
        ("Reduce incidents from 4 to 0 by the end of Q2", 4.0, 0.0, ""),
        ("Increase deployment frequency from weekly to daily", 1.0, 7.0, "per week"),
    ];
    for (text, baseline, target, unit) in cases {
        let p = parse_from_to(text).unwrap_or_else(|| panic!("no metric in {text:?}"));
        assert!((p.baseline - baseline).abs() < 1e-9 && (p.target - target).abs() < 1e-9 && p.unit == *unit, "{text:?}: got {p:?}");
    }
    assert_eq!(parse_from_to("from 4 to 0"), Some(ParsedMetric { baseline: 4.0, target: 0.0, unit: String::new() }));
    for text in [
        "Improve checkout reliability",
        "Reduce P1 incidents to 0",
        "Migrate from Java 8 to Java 17",
        "from here to there",
        "from 4",
        "",
        "Reduce MTTR from 4 hours to 95%",
    ] {
        assert_eq!(parse_from_to(text), None, "{text:?}");
    }
    assert_eq!(parse_from_to("from 1e400 to 2"), None);
    assert_eq!(parse_from_to(&format!("from {} to 1", "9".repeat(400))), None);
    let long = "from 1 to 2 ".repeat(10_000);
    assert_eq!(parse_from_to(&long).map(|p| (p.baseline, p.target)), Some((1.0, 2.0)));
}

#[test]
fn a_workshops_json_findings_carry_the_items_id_text_and_words() {
    use quarterdeck::model::{KeyResultDraft, KeyResultKind, ObjectiveDraft, Period, Workshop};
    let dir = tempfile::tempdir().expect("temp dir");
    let store = quarterdeck::store::Store::open(dir.path().to_path_buf()).expect("store").0;
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
    let o = w.add_objective(&ObjectiveDraft { title: "Payments our merchants never think about".into(), ..Default::default() }).expect("o");
    let draft = |description: &str, baseline: f64, target: f64| KeyResultDraft {
        description: description.into(),
        kind: KeyResultKind::Metric { baseline, target, unit: "minutes".into(), extra: quarterdeck::model::Extra::new() },
        owners: Vec::new(),
        due: None,
    };
    w.add_key_result(o, &draft("Cut time to recover from 90 to 30 minutes", 90.0, 30.0)).expect("kr");
    let laundered = w.add_key_result(o, &draft("Increase game days from 0 to 4 per quarter", 0.0, 4.0)).expect("kr");
    store.create(&w).expect("create");
    let out = Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["check", "Platform", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let findings = json_findings(&out);
    let f = findings.iter().find(|f| f["code"] == "kr-activity-metric").expect("game days are activity");
    assert_eq!(f["id"], laundered.to_string());
    assert_eq!(f["subject"], laundered.to_string());
    assert_eq!(f["kind"], "key_result");
    assert_eq!(f["text"], "Increase game days from 0 to 4 per quarter");
    assert_eq!(f["span"]["words"], "game days");
    assert!(f.get("index").is_none(), "an item of the workshop has an id, not an index");
}
