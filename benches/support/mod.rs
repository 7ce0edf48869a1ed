//! The reference workshop of QUALITY.md "Performance budgets", built through the model's own
//! rules from a fixed seed, and a Jira-shaped CSV of the same size. Shared by the benchmark
//! (`benches/budgets.rs`); nothing here ships in the binary.

#![allow(dead_code)]

use std::fmt::Write as _;

use jiff::Timestamp;
use quarterdeck::import::{Format, Imported, ImportedItem};
use quarterdeck::model::{Capture, CheckIn, Commitment, KeyResultDraft, KeyResultKind, ObjectiveDraft, Period, Size, Status, Workshop};

pub const BACKLOG_ITEMS: usize = 10_000;
pub const INITIATIVES: usize = 2_000;
pub const PARTICIPANTS: usize = 12;
pub const THEMES: usize = 30;
pub const OBJECTIVES: usize = 5;
pub const KEY_RESULTS: usize = 4;
pub const WEEKS: u32 = 13;

/// A small deterministic generator (splitmix64): the same seed gives the same workshop.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const VERBS: &[&str] = &[
    "Migrate",
    "Retire",
    "Automate",
    "Speed up",
    "Document",
    "Harden",
    "Split",
    "Rewrite",
    "Monitor",
    "Cache",
    "Deduplicate",
    "Simplify",
    "Replace",
    "Upgrade",
    "Measure",
    "Shard",
    "Review",
    "Test",
    "Alert on",
    "Archive",
];
const THINGS: &[&str] = &[
    "the billing service",
    "nightly exports",
    "the search index",
    "login with SSO",
    "the mobile onboarding flow",
    "flaky integration tests",
    "the deploy pipeline",
    "customer CSV uploads",
    "the Postgres cluster",
    "feature flags",
    "the Kafka consumers",
    "incident runbooks",
    "the public API rate limits",
    "the 東京 data centre",
    "invoice PDFs",
    "the café ordering kiosk",
    "audit logs",
    "the on-call rota",
    "image thumbnails",
    "支払い reconciliation",
];
const TAILS: &[&str] = &[
    "",
    " before the Q2 freeze",
    " so support stops paging us at night",
    " for the enterprise tier",
    " (follow-up from the March outage)",
    " without downtime",
    " behind a feature flag",
    " — customers asked three times",
    " and delete the old cron jobs",
    " 🚀",
];
const NAMES: &[&str] =
    &["Amara", "Bjørn", "Chen Wei", "Dolores", "Émile", "Farah", "Gökhan", "Hiroshi 浩", "Ines", "Jamal", "Kateřina", "Liam"];
const LABELS: &[&str] = &["backend", "frontend", "infra", "tech-debt", "security", "ux", "data", "mobile"];

/// A title of realistic length (30–120 characters), some with wide characters.
pub fn title(rng: &mut Rng) -> String {
    format!("{} {}{}", rng.pick(VERBS), rng.pick(THINGS), rng.pick(TAILS))
}

/// A description of a few sentences (0–600 characters).
pub fn description(rng: &mut Rng) -> String {
    let sentences = rng.below(5);
    let mut out = String::new();
    for _ in 0..sentences {
        let _ = write!(
            out,
            "We should {} {} because it keeps biting the team{}. ",
            rng.pick(VERBS).to_lowercase(),
            rng.pick(THINGS),
            rng.pick(TAILS)
        );
    }
    out.trim_end().to_string()
}

fn period() -> Period {
    Period::parse("2027-Q1").expect("a valid period")
}

fn created() -> Timestamp {
    "2026-11-01T09:00:00Z".parse().expect("a valid timestamp")
}

/// The backlog items an importer would hand over.
fn backlog_items(rng: &mut Rng, count: usize) -> Vec<ImportedItem> {
    let start = jiff::civil::date(2024, 1, 1);
    (0..count)
        .map(|n| {
            let created = start.checked_add(jiff::Span::new().days(rng.below(600) as i64)).expect("in range");
            let updated = created.checked_add(jiff::Span::new().days(rng.below(200) as i64)).expect("in range");
            ImportedItem {
                title: format!("{} #{n}", title(rng)),
                description: description(rng),
                external_id: Some(format!("PLAT-{}", n + 1)),
                labels: (0..rng.below(3)).map(|_| rng.pick(LABELS).to_string()).collect(),
                created: Some(created),
                updated: Some(updated),
                section: String::new(),
                status: if rng.below(10) == 0 { quarterdeck::model::ItemStatus::Done } else { quarterdeck::model::ItemStatus::Open },
            }
        })
        .collect()
}

/// The reference workshop: 10,000 backlog items, 2,000 scored and voted initiatives from 12
/// participants in 30 themes, 5 objectives of 4 key results with 13 weekly check-ins each.
/// The backlog is not yet declared bankrupt (the bench declares it for the "after" screen).
pub fn reference_workshop() -> Workshop {
    workshop_with_backlog(BACKLOG_ITEMS)
}

/// The reference workshop with a backlog of `backlog` items instead of 10,000 (the growth
/// table's 1,000 and 100,000).
pub fn workshop_with_backlog(backlog: usize) -> Workshop {
    let mut rng = Rng::new(0x5EED_0010);
    let mut w = Workshop::new("Reference workshop", "Platform", period(), created());
    w.settings.vote_budget = 400;
    let people: Vec<_> = NAMES.iter().take(PARTICIPANTS).map(|n| w.add_participant(n).expect("a participant")).collect();
    let items = backlog_items(&mut rng, backlog);
    w.import_backlog(Imported { format: Format::JiraCsv, items, skipped: Vec::new() }, "jira.csv");
    let themes: Vec<_> =
        (0..THEMES).map(|n| w.add_theme(&format!("{} {n}", rng.pick(THINGS)), &description(&mut rng)).expect("a theme")).collect();
    let sizes = [Size::Small, Size::Medium, Size::Large, Size::Audacious];
    let mut initiatives = Vec::with_capacity(INITIATIVES);
    for n in 0..INITIATIVES {
        let capture = Capture {
            title: format!("{} {n}", title(&mut rng)),
            description: description(&mut rng),
            author: Some(people[n % PARTICIPANTS]),
            size: sizes[rng.below(sizes.len())],
            impact: (rng.below(8) != 0).then(|| 1 + rng.below(5) as u8),
            cost: (rng.below(8) != 0).then(|| 1 + rng.below(5) as u8),
            ..Capture::default()
        };
        let id = w.capture(&capture, created()).expect("an initiative");
        if rng.below(10) != 0 {
            w.assign_theme(id, Some(themes[rng.below(THEMES)]));
        }
        initiatives.push(id);
    }
    for &p in &people {
        for _ in 0..300 {
            let _ = w.vote(p, initiatives[rng.below(INITIATIVES)], 1);
        }
    }
    for o in 0..OBJECTIVES {
        let draft = ObjectiveDraft {
            title: format!("Customers trust {} again", rng.pick(THINGS)),
            rationale: description(&mut rng),
            owners: vec![people[o]],
            parent: String::new(),
            commitment: if o % 2 == 0 { Commitment::Committed } else { Commitment::Aspirational },
            theme: Some(themes[o]),
        };
        let objective = w.add_objective(&draft).expect("an objective");
        for k in 0..KEY_RESULTS {
            let kind = KeyResultKind::metric(0.0, 100.0, "%".to_string());
            let draft = KeyResultDraft {
                description: format!("Raise the share of {} that pass review from 0% to 100% ({k})", rng.pick(THINGS)),
                kind,
                owners: vec![people[(o + k) % PARTICIPANTS]],
                due: None,
            };
            let kr = w.add_key_result(objective, &draft).expect("a key result");
            for _ in 0..8 {
                w.set_link(kr, initiatives[rng.below(INITIATIVES)], true);
            }
            for week in 1..=WEEKS {
                let status = [Status::OnTrack, Status::AtRisk, Status::OffTrack][rng.below(3)];
                let check_in = CheckIn {
                    week,
                    date: w.period.week_start(week),
                    value: f64::from(week) * 7.0,
                    status,
                    confidence: 1 + rng.below(10) as u8,
                    note: format!("Week {week}: {}", description(&mut rng)).trim().to_string(),
                    ..CheckIn::default()
                };
                w.check_in(kr, check_in, 1, None).expect("a check-in");
            }
        }
    }
    w
}

/// A 10,000-row Jira export (the columns Jira writes, quoted where needed).
pub fn jira_csv() -> String {
    let mut rng = Rng::new(0x5EED_0C5F);
    let mut out = String::from(
        "Summary,Issue key,Issue id,Issue Type,Status,Priority,Labels,Labels,Component/s,Created,Updated,Description,Sprint\n",
    );
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for n in 0..BACKLOG_ITEMS {
        let _ = writeln!(
            out,
            "{},PLAT-{},{},{},{},{},{},{},{},{},{},{},{}",
            quote(&title(&mut rng)),
            n + 1,
            10_000 + n,
            ["Story", "Bug", "Task"][rng.below(3)],
            ["To Do", "In Progress", "Done"][rng.below(3)],
            ["Low", "Medium", "High"][rng.below(3)],
            rng.pick(LABELS),
            rng.pick(LABELS),
            rng.pick(LABELS),
            format_args!("{:02}/Mar/24 10:{:02} AM", 1 + rng.below(28), rng.below(60)),
            format_args!("{:02}/Apr/24 4:{:02} PM", 1 + rng.below(28), rng.below(60)),
            quote(&description(&mut rng)),
            format_args!("Sprint {}", rng.below(40)),
        );
    }
    out
}
pub mod felt;
pub mod room;
