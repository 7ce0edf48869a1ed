//! Exports as their readers get them: the Markdown OKR document parsed as `CommonMark` (with
//! GitHub's tables), the CSVs read back with the csv crate, and the JSON loaded again.

use std::fmt::Write as _;

use jiff::civil::date;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use quarterdeck::demo::demo_workshop;
use quarterdeck::export::{self, MarkdownSections};
use quarterdeck::model::{
    Adjustment, BacklogItem, BacklogItemId, BacklogState, Bankruptcy, CheckIn, Commitment, Initiative, InitiativeId, InitiativeSource,
    KeyResult, KeyResultId, KeyResultKind, Objective, ObjectiveId, Period, Size, Status, Theme, ThemeId, Workshop,
};

/// The Saturday of the demo's week 7, before that week's review (its last day).
const TODAY: jiff::civil::Date = date(2026, 11, 21);

/// The demo as of the Saturday of its week 7.
fn demo() -> Workshop {
    demo_workshop(date(2026, 11, 21))
}

/// What a `CommonMark` reader makes of a document: headings, tables (rows of cell texts, the
/// header row first) and every event, for the checks on what must never appear.
struct Parsed {
    headings: Vec<(HeadingLevel, String)>,
    tables: Vec<Vec<Vec<String>>>,
    events: Vec<Event<'static>>,
}

impl Parsed {
    fn new(text: &str) -> Parsed {
        // GitHub's flavour: tables, strikethrough, task lists, footnotes and maths.
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_MATH
            | Options::ENABLE_GFM;
        let events: Vec<Event<'static>> = Parser::new_ext(text, options).map(Event::into_static).collect();
        let mut parsed = Parsed { headings: Vec::new(), tables: Vec::new(), events: Vec::new() };
        let mut text_of: Option<String> = None;
        let mut row: Vec<String> = Vec::new();
        for event in &events {
            match event {
                Event::Start(Tag::Heading { .. } | Tag::TableCell) => text_of = Some(String::new()),
                Event::End(TagEnd::Heading(level)) => parsed.headings.push((*level, text_of.take().unwrap_or_default())),
                Event::Start(Tag::Table(_)) => parsed.tables.push(Vec::new()),
                Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
                Event::End(TagEnd::TableCell) => row.push(text_of.take().unwrap_or_default()),
                Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                    parsed.tables.last_mut().expect("in a table").push(std::mem::take(&mut row));
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(s) = &mut text_of {
                        s.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(s) = &mut text_of {
                        s.push(' ');
                    }
                }
                _ => {}
            }
        }
        parsed.events = events;
        parsed
    }

    /// The key-result tables, one per objective (other sections have tables too).
    fn okr_tables(&self) -> Vec<&Vec<Vec<String>>> {
        self.tables.iter().filter(|t| t[0].get(1).is_some_and(|h| h == "Key result")).collect()
    }

    fn headings(&self, level: HeadingLevel) -> Vec<&str> {
        self.headings.iter().filter(|(l, _)| *l == level).map(|(_, t)| t.as_str()).collect()
    }

    /// The level-3 headings between the `## Objectives` heading and the next level-2 one.
    fn objective_headings(&self) -> Vec<&str> {
        self.headings
            .iter()
            .skip_while(|(l, t)| !(*l == HeadingLevel::H2 && t == "Objectives"))
            .skip(1)
            .take_while(|(l, _)| *l != HeadingLevel::H2)
            .filter(|(l, _)| *l == HeadingLevel::H3)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    /// Events that only markup from user text could have produced.
    fn unexpected(&self) -> Vec<&Event<'static>> {
        self.events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Event::Html(_)
                        | Event::InlineHtml(_)
                        | Event::Code(_)
                        | Event::InlineMath(_)
                        | Event::DisplayMath(_)
                        | Event::Rule
                        | Event::FootnoteReference(_)
                        | Event::TaskListMarker(_)
                        | Event::Start(
                            Tag::Link { .. }
                                | Tag::Image { .. }
                                | Tag::CodeBlock(_)
                                | Tag::HtmlBlock
                                | Tag::Strikethrough
                                | Tag::FootnoteDefinition(_)
                                | Tag::Emphasis
                                | Tag::List(Some(_))
                        )
                )
            })
            .collect()
    }
}

/// Text as a single Markdown line reads once rendered: whitespace runs become one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_demo_document_reads_like_a_wiki_page() {
    insta::assert_snapshot!("demo_markdown", export::markdown(&demo(), 7, TODAY, MarkdownSections::ALL));
}

#[test]
fn the_demo_document_has_a_heading_and_a_table_per_objective() {
    let w = demo();
    let text = export::markdown(&w, 7, TODAY, MarkdownSections::default());
    let parsed = Parsed::new(&text);
    assert_eq!(parsed.headings(HeadingLevel::H1), vec!["Platform team"]);
    let sections = ["Health metrics", "Objectives", "Dependencies", "Capacity", "Calibration"];
    assert_eq!(parsed.headings(HeadingLevel::H2), sections, "no optional sections: the method's come whenever there is something to say");
    let titles: Vec<String> = w.objectives.iter().map(|o| flat(&o.title)).collect();
    assert_eq!(parsed.objective_headings(), titles);
    let okr_tables = parsed.okr_tables();
    assert_eq!(okr_tables.len(), w.objectives.len(), "one table per objective");
    for (table, o) in okr_tables.iter().zip(&w.objectives) {
        assert_eq!(table[0], ["ID", "Key result", "Baseline → target", "Owners", "Latest", "Status, week 7"]);
        assert_eq!(table.len() - 1, o.key_results.len(), "one row per key result of {}", o.title);
        for (row, kr) in table[1..].iter().zip(&o.key_results) {
            assert_eq!(row.len(), 6);
            assert_eq!((row[0].as_str(), row[1].as_str()), (kr.id.to_string().as_str(), kr.description.as_str()));
            assert!(row[2].starts_with(&kr.target_text()), "{}", row[2]);
            let last = kr.check_in_for(6).expect("week 6").status.label();
            assert_eq!(row[5], format!("{last} (week 6)"), "week 7 is not due yet: week 6's status, dated");
        }
    }
    let statuses: Vec<&str> = okr_tables.iter().flat_map(|t| t[1..].iter().map(|r| r[5].as_str())).collect();
    for status in ["at risk", "off track", "on track"] {
        assert!(statuses.iter().any(|s| s.starts_with(status)), "{statuses:?}");
    }
    assert!(text.contains("90 → 30 minutes (eased)"), "the eased target is marked");
    assert!(text.contains("KR78: target eased on"), "and the change is on record");
    assert!(parsed.unexpected().is_empty(), "{:?}", parsed.unexpected());
}

#[test]
fn the_optional_sections_come_in_order_and_parse() {
    let w = demo();
    let text = export::markdown(&w, 7, TODAY, MarkdownSections::ALL);
    let parsed = Parsed::new(&text);
    assert_eq!(
        parsed.headings(HeadingLevel::H2),
        vec!["Health metrics", "Objectives", "Dependencies", "Capacity", "Calibration", "Themes", "Backlog", "Review history", "Learnings"]
    );
    assert_eq!(parsed.objective_headings(), w.objectives.iter().map(|o| flat(&o.title)).collect::<Vec<_>>());
    let histories: Vec<_> = parsed.tables.iter().filter(|t| t[0][0] == "Week").collect();
    let key_results: Vec<&KeyResult> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
    assert_eq!(histories.len(), key_results.len(), "a history table per key result");
    for (table, kr) in histories.iter().zip(&key_results) {
        assert_eq!(table.len() - 1, kr.check_ins.len());
        for (row, c) in table[1..].iter().zip(&kr.check_ins) {
            assert_eq!((row[0].clone(), row[1].clone(), row[5].clone()), (c.week.to_string(), c.date.to_string(), c.note.clone()));
        }
    }
    let themed: usize = parsed.tables.iter().filter(|t| t[0][0] == "Initiative").map(|t| t.len() - 1).sum();
    assert_eq!(themed, w.initiatives.len(), "every initiative under its theme or ungrouped");
    for table in &parsed.tables {
        assert!(table.iter().all(|row| row.len() == table[0].len()), "ragged table {table:?}");
    }
    assert!(text.contains("declared backlog bankruptcy on 2026-10-05"), "the date of bankruptcy");
    assert!(parsed.unexpected().is_empty(), "{:?}", parsed.unexpected());
    let early = Parsed::new(&export::markdown(&w, 3, TODAY, MarkdownSections::ALL));
    let weeks: Vec<&str> = early.tables.iter().filter(|t| t[0][0] == "Week").flat_map(|t| t[1..].iter().map(|r| r[0].as_str())).collect();
    assert!(weeks.iter().all(|w| ["1", "2", "3"].contains(w)) && weeks.len() == 3 * key_results.len(), "nothing after the week shown");
}

#[test]
fn scores_show_at_the_end_of_the_period() {
    let mut w = demo();
    let weeks = w.period.weeks();
    let parsed = Parsed::new(&export::markdown(&w, weeks, TODAY, MarkdownSections::default()));
    let okr_tables = parsed.okr_tables();
    assert_eq!(okr_tables[0][0].last().map(String::as_str), Some("Score"));
    assert_eq!(okr_tables[0][1].last().map(String::as_str), Some("0.5"), "P1 incidents 4 → 2 of 0");
    let kr = w.objectives[1].key_results[0].id;
    assert!(w.set_score(kr, Some(0.6), "the cache counts <b>too</b>"));
    let text = export::markdown(&w, 7, TODAY, MarkdownSections::default());
    let parsed = Parsed::new(&text);
    assert_eq!(parsed.okr_tables()[1][1].last().map(String::as_str), Some("0.6 (set by hand)"), "an override shows mid-period");
    assert!(text.contains("KR81 score set by hand: the cache counts &lt;b&gt;too&lt;/b&gt;"));
    assert!(parsed.unexpected().is_empty(), "{:?}", parsed.unexpected());
}

const HOSTILE: [&str; 16] = [
    "a | b || c |",
    "# heading",
    "<script>alert(1)</script>",
    "[link](javascript:x)",
    "`code` and ``more``",
    "line one\nline two\n\n- a list\n1. ordered",
    "ends with a backslash \\",
    "---",
    "===",
    "> quoted",
    "<!-- comment -->",
    "&lt;b&gt; &amp; &#60;",
    "costs $1 and $2, maths $x$",
    "~~struck~~ *em* __strong__ _x_",
    "![image](http://x/y.png) <https://evil.example> [ref]: /x",
    "Title ##",
];

/// A workshop whose every text is something that would break a naive export. Every field
/// is spelt out on purpose, so a new field fails to compile here until it is given hostile
/// text too.
#[allow(clippy::too_many_lines)]
fn hostile() -> Workshop {
    let period = Period::parse("2027-Q1").expect("period");
    let mut w = Workshop::new("Team | <b>evil</b>", "# Infra\u{1b}[2J", period, jiff::Timestamp::UNIX_EPOCH);
    let mut next = 100;
    let mut id = || {
        next += 1;
        next
    };
    w.set_participants(&["Ada | Lovelace".into(), "<img src=x onerror=alert(1)>".into()]);
    let people: Vec<_> = w.participants.iter().map(|p| p.id).collect();
    let theme = ThemeId(id());
    w.themes.push(Theme {
        id: theme,
        name: "| theme <u>".into(),
        description: HOSTILE.join("\n"),
        capacity: None,
        changed: None,
        extra: quarterdeck::model::Extra::new(),
    });
    for (n, text) in HOSTILE.iter().enumerate() {
        w.initiatives.push(Initiative {
            id: InitiativeId(id()),
            title: (*text).to_string(),
            description: String::new(),
            author: people.get(n % 3).copied(),
            co_authors: Vec::new(),
            source: InitiativeSource::Team,
            size: Size::Medium,
            impact: Some(3),
            cost: None,
            votes: std::collections::BTreeMap::new(),
            theme: (n % 2 == 0).then_some(theme),
            rescued_from: None,
            proposal: None,
            hidden: false,
            capacity: None,
            status: quarterdeck::model::InitiativeStatus::NotStarted,
            status_changed: None,
            created: jiff::Timestamp::UNIX_EPOCH,
            changed: None,
            extra: quarterdeck::model::Extra::new(),
        });
    }
    let rescued = w.initiatives[0].id;
    w.backlog.bankruptcy =
        Some(Bankruptcy { declared_on: date(2026, 12, 28), note: HOSTILE.join("\n"), extra: quarterdeck::model::Extra::new() });
    w.backlog.items.push(BacklogItem {
        id: BacklogItemId(id()),
        title: "<iframe> | old".into(),
        description: String::new(),
        external_id: None,
        labels: vec![],
        section: String::new(),
        source_file: "x.csv".into(),
        source_format: "csv".into(),
        created: None,
        updated: None,
        done: false,
        status: quarterdeck::model::ItemStatus::Open,
        state: BacklogState::Rescued,
        shelved_on: Some(date(2026, 12, 28)),
        rescued_as: Some(rescued),
        changed: None,
        extra: quarterdeck::model::Extra::new(),
    });
    for (n, text) in HOSTILE.iter().enumerate() {
        let metric = KeyResultKind::metric(0.0, 10.0, "| units <i>");
        let check_ins = (1..=2)
            .map(|week| CheckIn {
                week,
                date: date(2027, 1, 1),
                value: 1.5,
                status: Status::AtRisk,
                confidence: 5,
                note: (*text).to_string(),
                ..CheckIn::default()
            })
            .collect();
        let adjustments = vec![Adjustment {
            date: date(2027, 1, 8),
            reason: (*text).to_string(),
            before_description: (*text).to_string(),
            before_kind: KeyResultKind::metric(0.0, 20.0, "| units <i>"),
            after_description: format!("{text} again"),
            after_kind: metric.clone(),
            extra: quarterdeck::model::Extra::new(),
        }];
        let kr = KeyResult {
            id: KeyResultId(id()),
            description: (*text).to_string(),
            kind: if n % 4 == 3 { KeyResultKind::milestone() } else { metric },
            owners: people.clone(),
            due: None,
            initiatives: vec![w.initiatives[n].id],
            check_ins,
            adjustments,
            final_score: (n % 2 == 0).then_some(0.5),
            score_reason: (*text).to_string(),
            carried: false,
            depends_on: vec![quarterdeck::model::dependency::Dependency {
                id: KeyResultId(id()),
                workshop: (*text).to_string(),
                workshop_name: (*text).to_string(),
                description: (*text).to_string(),
                ..Default::default()
            }],
            proposal: None,
            changed: None,
            extra: quarterdeck::model::Extra::new(),
        };
        w.objectives.push(Objective {
            id: ObjectiveId(id()),
            title: (*text).to_string(),
            rationale: (*text).to_string(),
            owners: people.clone(),
            parent: (*text).to_string(),
            commitment: Commitment::Committed,
            theme: Some(theme),
            key_results: vec![kr],
            learnings: (*text).to_string(),
            carried_from: Some((*text).to_string()),
            proposal: None,
            changed: None,
            extra: quarterdeck::model::Extra::new(),
        });
        w.set_weekly_note(n as u32 % 3 + 1, text);
        let level = quarterdeck::model::health::Level::at_most(10.0);
        let draft = quarterdeck::model::health::HealthMetricDraft {
            name: (*text).to_string(),
            level,
            unit: (*text).to_string(),
            owners: people.clone(),
        };
        if let Some(h) = w.add_health_metric(&draft) {
            w.check_in_health(h, 2, date(2027, 1, 8), 12.0, text).expect("a reading");
        }
    }
    w.retrospective.learnings = HOSTILE.join("\n");
    w.retrospective.differently = HOSTILE.join("\n\n");
    w.sanitise();
    w
}

#[test]
fn hostile_text_keeps_the_layout_and_never_becomes_html() {
    let w = hostile();
    let text = export::markdown(&w, 3, TODAY, MarkdownSections::ALL);
    let parsed = Parsed::new(&text);
    assert!(parsed.unexpected().is_empty(), "{:?}\n{text}", parsed.unexpected());
    assert_eq!(parsed.headings(HeadingLevel::H1), vec![flat(&w.name)], "the name comes back as written");
    assert_eq!(
        parsed.headings(HeadingLevel::H2),
        vec!["Health metrics", "Objectives", "Dependencies", "Capacity", "Themes", "Backlog", "Review history", "Learnings"]
    );
    let titles: Vec<String> = w.objectives.iter().map(|o| flat(&o.title)).collect();
    assert_eq!(parsed.objective_headings(), titles, "one heading per objective, text intact");
    for table in &parsed.tables {
        assert!(table.len() >= 2, "a header and rows");
        assert!(table.iter().all(|row| row.len() == table[0].len()), "same number of cells in every row: {table:?}");
    }
    let okr_tables: Vec<_> = parsed.tables.iter().filter(|t| t[0][0] == "ID").collect();
    assert_eq!(okr_tables.len(), w.objectives.len());
    for (table, o) in okr_tables.iter().zip(&w.objectives) {
        assert_eq!(table.len(), 2);
        assert_eq!(table[1][1], flat(&o.key_results[0].description), "the cell reads as written");
    }
    let notes: Vec<&str> = parsed.tables.iter().filter(|t| t[0][0] == "Week").flat_map(|t| t[1..].iter().map(|r| r[5].as_str())).collect();
    let expected: Vec<String> = HOSTILE.iter().flat_map(|t| [flat(t), flat(t)]).collect();
    assert_eq!(notes, expected, "notes on one line, intact");
    let blocks = parsed.events.iter().filter(|e| matches!(e, Event::Start(Tag::BlockQuote(_)))).count();
    assert_eq!(blocks, w.objectives.len() + 1, "rationales and the bankruptcy note, each one quote");
    let lists = parsed.events.iter().filter(|e| matches!(e, Event::Start(Tag::List(None)))).count();
    assert_eq!(
        lists,
        1 + 1 + w.objectives.len() * 2 + 1 + 1,
        "the facts, the health breaches, changes and initiatives per objective, the dependencies, the rescued items"
    );
    let health: Vec<_> = parsed.tables.iter().filter(|t| t[0][0] == "Health metric").collect();
    assert_eq!(health.len(), 1);
    let names: Vec<String> = health[0][1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(names, HOSTILE.iter().map(|t| flat(t)).collect::<Vec<_>>(), "health metric names read as written");
    assert!(!text.contains('\u{1b}'), "escape sequences were sanitised before");
}

/// A tag's name from its debug text (`Heading { .. }` → `Heading`).
fn tag_name(debug: &str) -> &str {
    debug.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default()
}

/// HTML as a renderer writes it from the events: text escaped, raw HTML passed through (as
/// `pulldown_cmark::html` and every `CommonMark` renderer do).
fn render_html(events: &[Event<'static>]) -> String {
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut html = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => html.push_str(&escape(t)),
            Event::Html(raw) | Event::InlineHtml(raw) => html.push_str(raw),
            Event::Start(tag) => {
                let _ = write!(html, "<{}>", tag_name(&format!("{tag:?}")));
            }
            Event::End(tag) => {
                let _ = write!(html, "</{}>", tag_name(&format!("{tag:?}")));
            }
            _ => html.push(' '),
        }
    }
    html
}

#[test]
fn a_script_in_a_title_is_inert_whatever_renders_the_document() {
    let mut w = demo();
    w.initiatives[0].title = "<script>alert(1)</script> & <img src=x onerror=alert(2)>".into();
    w.objectives[0].title = "<script>alert(3)</script>".into();
    w.objectives[0].key_results[0].description = "<b onmouseover=alert(4)>p95</b> &lt;b&gt;".into();
    let text = export::markdown(&w, 7, TODAY, MarkdownSections::ALL);
    // A CommonMark renderer with GitHub's extensions: the title is text, no element.
    let parsed = Parsed::new(&text);
    assert!(parsed.unexpected().is_empty(), "{:?}", parsed.unexpected());
    let html = render_html(&parsed.events);
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b "), "{html}");
    assert!(html.contains("&lt;script&gt;alert(3)&lt;/script&gt;"), "the title reads as written: {html}");
    assert_eq!(parsed.objective_headings()[0], "<script>alert(3)</script>");
    // Renderer-independent: the document has no `<` at all, `>` only as the marker of its
    // own block quotes, and every `&` starts an entity, so no renderer can find a tag in it,
    // whatever escapes it honours.
    assert!(!text.contains('<'), "{text}");
    for line in text.lines() {
        let rest = line.strip_prefix("> ").or_else(|| line.strip_prefix('>')).unwrap_or(line);
        assert!(!rest.contains('>'), "a > that is not a block quote's: {line}");
    }
    for (at, _) in text.match_indices('&') {
        assert!(["&lt;", "&gt;", "&amp;"].iter().any(|e| text[at..].starts_with(e)), "a bare & at {at}: {}", &text[at..at + 20]);
    }
    // A renderer that ignores backslash escapes (Python-Markdown before `<`) still sees text.
    let unescaped = Parsed::new(&text.replace('\\', ""));
    let html = render_html(&unescaped.events);
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b "), "{html}");
}

#[test]
fn escaping_is_faithful_and_minimal() {
    assert_eq!(export::escape_inline("snake_case and 2027-Q1: fine"), "snake_case and 2027-Q1: fine");
    assert_eq!(export::escape_inline("# a #b c #"), "\\# a #b c \\#");
    assert_eq!(export::escape_inline("12. x 3."), "12\\. x 3.");
    assert_eq!(export::escape_inline("- x\n+ y"), "\\- x + y");
    assert_eq!(export::escape_inline("R&D &amp; <b>"), "R&amp;D &amp;amp; &lt;b&gt;");
    assert_eq!(export::escape_cell("a|b\nc"), "a\\|b c");
    for text in HOSTILE {
        let parsed = Parsed::new(&format!("| h |\n| --- |\n| {} |\n\n# {}", export::escape_cell(text), export::escape_inline(text)));
        assert_eq!(parsed.tables, vec![vec![vec!["h".to_string()], vec![flat(text)]]], "{text:?}");
        assert_eq!(parsed.headings(HeadingLevel::H1), vec![flat(text)], "{text:?}");
        assert!(parsed.unexpected().is_empty(), "{text:?}");
    }
}

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.expect("a well-formed row").iter().map(String::from).collect()).collect();
    (header, rows)
}

#[test]
fn check_ins_csv_round_trips_one_row_per_check_in() {
    let w = demo();
    let text = export::check_ins_csv(&w);
    assert!(text.ends_with("\r\n"), "RFC 4180 line ends");
    let (header, rows) = read_csv(&text);
    assert_eq!(header, ["objective", "key_result_id", "key_result", "week", "date", "value", "status", "confidence", "note"]);
    let expected: Vec<(&Objective, &KeyResult, &CheckIn)> =
        w.objectives.iter().flat_map(|o| o.key_results.iter().flat_map(move |kr| kr.check_ins.iter().map(move |c| (o, kr, c)))).collect();
    assert_eq!(rows.len(), expected.len(), "one row per check-in, adjustments are not rows");
    for (row, (o, kr, c)) in rows.iter().zip(&expected) {
        assert_eq!(row[0], o.title);
        assert_eq!((row[1].as_str(), row[2].as_str()), (kr.id.to_string().as_str(), kr.description.as_str()));
        assert_eq!((row[3].parse::<u32>().expect("week"), row[4].parse::<jiff::civil::Date>().expect("date")), (c.week, c.date));
        assert_eq!(row[5].parse::<f64>().expect("value").to_bits(), c.value.to_bits(), "the value round-trips");
        assert_eq!(
            (row[6].as_str(), row[7].parse::<u8>().expect("confidence"), row[8].as_str()),
            (c.status.label(), c.confidence, c.note.as_str())
        );
    }
}

#[test]
fn check_ins_csv_survives_quotes_and_escapes_formulas() {
    let mut w = demo();
    let kr = &mut w.objectives[0].key_results[0];
    kr.description = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
    kr.check_ins[0].note = "Quote \"this\", then a comma,\nand a new line".into();
    kr.check_ins[1].note = "-5 ms, @all +1".into();
    kr.check_ins[2].value = 0.1 + 0.2;
    w.objectives[0].title = "+ growth".into();
    let (_, rows) = read_csv(&export::check_ins_csv(&w));
    assert_eq!(rows[0][2], "'=HYPERLINK(\"http://evil.example\",\"click\")");
    assert_eq!(rows[0][8], "Quote \"this\", then a comma,\nand a new line");
    assert_eq!(rows[1][8], "'-5 ms, @all +1");
    assert_eq!(rows[0][0], "'+ growth");
    assert_eq!(rows[2][5].parse::<f64>().expect("value").to_bits(), (0.1_f64 + 0.2).to_bits());
}

#[test]
fn a_formula_behind_a_tab_a_carriage_return_or_spaces_is_escaped_too() {
    let mut w = demo();
    let notes = ["\t@SUM(1+1)", "\r@SUM(1+1)", "    =1+1", "\t\t-2"];
    for (c, note) in w.objectives[0].key_results[0].check_ins.iter_mut().zip(notes) {
        c.note = note.into();
    }
    let (_, rows) = read_csv(&export::check_ins_csv(&w));
    for (row, note) in rows.iter().zip(notes) {
        assert_eq!(row[8], format!("'{note}"), "{note:?}");
    }
    // As a note typed in the app is kept: the tab becomes spaces, the cell is still escaped.
    w.sanitise();
    let (_, rows) = read_csv(&export::check_ins_csv(&w));
    assert_eq!(rows[0][8], "'    @SUM(1+1)");
}

#[test]
fn initiatives_csv_has_a_row_per_initiative_with_its_key_results() {
    let mut w = demo();
    w.initiatives[1].title = "@SUM(A1:A9)".into();
    w.initiatives[2].title = "Runbooks, \"one-click\" rollback\nand more".into();
    let text = export::initiatives_csv(&w);
    let (header, rows) = read_csv(&text);
    assert_eq!(
        header,
        ["id", "title", "author", "source", "size", "theme", "impact", "cost", "votes", "key_results", "capacity", "status"]
    );
    assert_eq!(rows.len(), w.initiatives.len());
    for (row, i) in rows.iter().zip(&w.initiatives) {
        assert_eq!(row[0], i.id.to_string());
        assert_eq!(row[2], w.author_name(i.author));
        assert_eq!((row[3].as_str(), row[4].as_str()), (i.source.label(), i.size.label()));
        assert_eq!(row[5], i.theme.and_then(|t| w.theme(t)).map(|t| t.name.clone()).unwrap_or_default());
        assert_eq!(row[6], i.impact.map(|n| n.to_string()).unwrap_or_default());
        assert_eq!(row[8].parse::<u32>().expect("votes"), i.total_votes());
        assert_eq!(row[10], w.capacity_of(i).0.label(), "tagged, or by theme and source");
    }
    assert_eq!(rows[1][1], "'@SUM(A1:A9)");
    assert_eq!(rows[2][1], "Runbooks, \"one-click\" rollback\nand more");
    let circuit_breakers = &rows[1];
    assert_eq!(circuit_breakers[9], "KR77; KR79", "linked key results by id");
    assert!(rows.iter().any(|r| r[9].is_empty()), "an initiative linked to nothing");
}

#[test]
fn json_loads_back_to_an_equal_workshop() {
    for w in [demo(), hostile()] {
        let text = export::json(&w);
        let back: Workshop = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, w);
        assert!(text.ends_with("}\n"));
    }
}
