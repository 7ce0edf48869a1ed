//! The OKR document in Markdown (with GitHub's tables) for a team's wiki. User text
//! is escaped so it can never break the layout, start a block, link or bring in raw HTML,
//! whatever renders it: `<`, `>` and `&` are written as entities (`&lt;`, `&gt;`, `&amp;`),
//! which every Markdown renderer reads as text, rather than backslash escapes, which some
//! (`Python-Markdown`, so `MkDocs`) do not honour before `<`.

use std::fmt::Write as _;

mod method;
mod sections;
use sections::{backlog, history, learnings, themes};

use jiff::civil::Date;

use crate::model::objective::{format_number, format_percent, format_score};
use crate::model::{Easing, KeyResult, KeyResultKind, Objective, ParticipantId, Standing, Workshop};

/// Optional sections of the Markdown document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkdownSections {
    /// Themes with their initiatives and votes.
    pub themes: bool,
    /// The shelved backlog and what was rescued from it.
    pub backlog: bool,
    /// Weekly review history: every check-in of every key result, and the weekly notes.
    pub history: bool,
    /// Learnings per objective and the retrospective.
    pub learnings: bool,
}

impl MarkdownSections {
    pub const ALL: Self = Self { themes: true, backlog: true, history: true, learnings: true };
}

/// One line of user text made safe inside a paragraph, list item, heading or table cell:
/// whitespace (line breaks included) collapsed to single spaces, the HTML-significant `<`,
/// `>` and `&` written as entities, every other character that could start emphasis, code,
/// a link, an image, maths or strikethrough escaped with a backslash, `|` escaped, and the
/// markers that would start a block (`#`, `-`, `+`, `=`, `:`, `1.`) escaped at the start.
pub fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    let ordered_marker = ordered_list_marker(&chars);
    let mut out = String::with_capacity(chars.len() + chars.len() / 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let entity = match c {
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '&' => Some("&amp;"),
            _ => None,
        };
        if let Some(entity) = entity {
            out.push_str(entity);
            continue;
        }
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' | '$' => true,
            // Intraword underscores never emphasise; escaping them would only clutter.
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            // A heading's closing sequence is trailing `#`s after a space.
            '#' => i == 0 || (prev == Some(' ') && chars[i..].iter().all(|&h| h == '#')),
            '-' | '+' | '=' | ':' => i == 0,
            '.' | ')' => ordered_marker == Some(i),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Where the `.` or `)` of a leading ordered-list marker (`1.`, `12)`) is, if the text has one.
fn ordered_list_marker(chars: &[char]) -> Option<usize> {
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let marker = matches!(chars.get(digits), Some('.' | ')')) && chars.get(digits + 1).is_none_or(|c| c.is_whitespace());
    ((1..=9).contains(&digits) && marker).then_some(digits)
}

/// User text made safe as one cell of a GitHub table: on one line, `|` escaped (and
/// everything [`escape_inline`] escapes), so the row keeps its number of cells.
pub fn escape_cell(text: &str) -> String {
    escape_inline(text)
}

/// Multi-line user text as paragraphs: blank lines separate paragraphs, each line escaped
/// as [`escape_inline`] does (so no line can start a block of its own).
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(escape_inline(line));
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Multi-line user text as a block quote (paragraphs kept).
fn quote(text: &str) -> Option<String> {
    let paragraphs = paragraphs(text);
    if paragraphs.is_empty() {
        return None;
    }
    let quoted: Vec<String> = paragraphs.iter().map(|p| p.lines().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n")).collect();
    Some(quoted.join("\n>\n"))
}

/// A GitHub table. `align` holds one of `---`, `--:` per column; every cell is escaped
/// already.
fn table(header: &[&str], align: &[&str], rows: &[Vec<String>]) -> String {
    let row = |cells: &[String]| format!("| {} |", cells.join(" | "));
    let mut lines = Vec::with_capacity(rows.len() + 2);
    lines.push(format!("| {} |", header.join(" | ")));
    lines.push(format!("| {} |", align.join(" | ")));
    lines.extend(rows.iter().map(|r| row(r)));
    lines.join("\n")
}

/// A bullet list of escaped items.
pub(super) fn list(items: &[String]) -> String {
    items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")
}

/// The names of people, escaped and joined, or an em dash for nobody.
pub(super) fn people(w: &Workshop, ids: &[ParticipantId]) -> String {
    let names: Vec<String> = ids.iter().filter_map(|&id| w.participant(id)).map(|p| escape_inline(&p.name)).collect();
    if names.is_empty() { "—".to_string() } else { names.join(", ") }
}

/// A key result's value as people read it: the number, or done / not done for a milestone.
pub(super) fn value_text(kr: &KeyResult, value: f64) -> String {
    match kr.kind {
        KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => format_number(value),
        KeyResultKind::Milestone { .. } if value >= 0.5 => "done".to_string(),
        KeyResultKind::Milestone { .. } => "not done".to_string(),
    }
}

/// Baseline → target and unit, marked when adjustments eased it, with the due date.
fn target_cell(kr: &KeyResult) -> String {
    let mut cell = escape_cell(&kr.target_text());
    if kr.net_easing() == Easing::Eased {
        cell.push_str(" (eased)");
    }
    if let Some(due) = kr.due {
        let _ = write!(cell, ", due {due}");
    }
    cell
}

fn standing_text(standing: Standing) -> String {
    match standing {
        Standing::CheckedIn { status, note_missing: true } => format!("{} (note missing)", status.label()),
        Standing::Pending { before: Some((week, status)) } => format!("{} (week {week})", status.label()),
        other => other.label(),
    }
}

/// Whether scores are shown: at the end of the period, or once any score was set by hand.
fn scoring(w: &Workshop, week: u32) -> bool {
    week >= w.period.weeks() || w.objectives.iter().flat_map(|o| &o.key_results).any(|kr| kr.final_score.is_some())
}

/// The OKR document to paste into a wiki: title (workshop name), team, period with dates;
/// each objective (committed/aspirational, owners, parent), a table of its key results (key
/// result, baseline → target unit, owners, latest value, status as of `week`, score when
/// scored), and the initiatives linked to each; then the optional sections: themes with
/// their initiatives and votes, the backlog (count shelved, date of bankruptcy, rescued items
/// and what they became), weekly review history (per key result per week, and weekly notes),
/// learnings (per objective and the retrospective). The health metrics (breaches first)
/// come before the objectives; dependencies on other teams' key results, the capacity split
/// and the calibration over earlier periods after them, each when there is something to say.
///
/// Scores show at the end of the period (`week` is the last one) or once any key result's
/// score was set by hand; before, objectives show their progress. Check-ins and weekly notes
/// after `week` are left out. `today` says whether the week's check-ins are due (a key
/// result without one is then "not checked in").
pub fn markdown(w: &Workshop, week: u32, today: Date, sections: MarkdownSections) -> String {
    let week = week.clamp(1, w.period.weeks().max(1));
    let mut blocks = Vec::new();
    let name = escape_inline(&w.name);
    blocks.push(format!("# {}", if name.is_empty() { "OKRs" } else { &name }));
    let mut facts = Vec::new();
    if !w.team.trim().is_empty() {
        facts.push(format!("**Team:** {}", escape_inline(&w.team)));
    }
    facts.push(format!("**Period:** {} ({} to {})", escape_inline(&w.period.label), w.period.start, w.period.end));
    facts.push(format!("**Status as of:** week {week} of {} (week of {})", w.period.weeks(), w.period.week_start(week)));
    blocks.push(list(&facts));
    // Levels to keep come first: a breach is news before any key result is.
    method::health(w, week, &mut blocks);

    blocks.push("## Objectives".to_string());
    if w.objectives.is_empty() {
        blocks.push("No objectives yet.".to_string());
    }
    if !w.objectives.is_empty() {
        blocks.push(summary(w, week, today));
    }
    let scoring = scoring(w, week);
    for o in &w.objectives {
        objective(w, o, (week, today), scoring, &mut blocks);
    }
    method::dependencies(w, &mut blocks);
    method::capacity(w, &mut blocks);
    method::calibration(w, scoring, &mut blocks);
    if sections.themes {
        themes(w, &mut blocks);
    }
    if sections.backlog {
        backlog(w, &mut blocks);
    }
    if sections.history {
        history(w, week, &mut blocks);
    }
    if sections.learnings {
        learnings(w, &mut blocks);
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// The health metrics as of `week` as a Markdown section (breaches first), or `None` when
/// the workshop keeps none: for a weekly summary, which says what the week was like.
pub fn health_section(w: &Workshop, week: u32) -> Option<String> {
    let mut blocks = Vec::new();
    method::health(w, week, &mut blocks);
    (!blocks.is_empty()).then(|| blocks.join("\n\n"))
}

/// How many objectives and key results, and where the key results stand as of `week`.
fn summary(w: &Workshop, week: u32, today: Date) -> String {
    let count = crate::model::count::count;
    let key_results: Vec<&KeyResult> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
    let mut line = format!("{} with {}", count(w.objectives.len(), "objective"), count(key_results.len(), "key result"));
    let tally = w.tally(week, today);
    let counts = [
        (tally.on_track, "on track"),
        (tally.at_risk, "at risk"),
        (tally.off_track, "off track"),
        (tally.to_check_in, "to check in"),
        (tally.not_checked_in, "not checked in"),
    ];
    let mut parts: Vec<String> = counts.iter().filter(|(n, _)| *n > 0).map(|(n, label)| format!("{n} {label}")).collect();
    if tally.notes_missing > 0 {
        parts.push(format!("{} with the note missing", tally.notes_missing));
    }
    if !parts.is_empty() {
        let _ = write!(line, " in week {week}: {}", parts.join(", "));
    }
    line.push('.');
    line
}

fn objective(w: &Workshop, o: &Objective, (week, today): (u32, Date), scoring: bool, blocks: &mut Vec<String>) {
    let title = escape_inline(&o.title);
    blocks.push(format!("### {}", if title.is_empty() { "Untitled objective" } else { &title }));
    let mut meta = vec![match o.commitment {
        crate::model::Commitment::Committed => "**Committed**".to_string(),
        crate::model::Commitment::Aspirational => "**Aspirational**".to_string(),
    }];
    if !o.owners.is_empty() {
        meta.push(format!("Owners: {}", people(w, &o.owners)));
    }
    if !o.parent.trim().is_empty() {
        meta.push(format!("Parent: {}", escape_inline(&o.parent)));
    }
    if let Some(theme) = o.theme.and_then(|t| w.theme(t)) {
        meta.push(format!("Theme: {}", escape_inline(&theme.name)));
    }
    if let Some(from) = &o.carried_from {
        meta.push(format!("Carried over from {}", escape_inline(from)));
    }
    if scoring && let Some(score) = o.score() {
        meta.push(format!("Score: {}", format_score(score)));
    } else if let Some(progress) = o.progress_as_of(week) {
        meta.push(format!("Progress: {}", format_percent(progress)));
    }
    blocks.push(meta.join(" · "));
    blocks.extend(quote(&o.rationale));

    if o.key_results.is_empty() {
        blocks.push("No key results yet.".to_string());
        return;
    }
    blocks.push(key_result_table(w, o, (week, today), scoring));
    blocks.extend(changes_on_record(o, scoring));
    blocks.extend(linked_initiatives(w, o));
}

/// The key results as a table: baseline → target, owners, the latest value and status.
fn key_result_table(w: &Workshop, o: &Objective, (week, today): (u32, Date), scoring: bool) -> String {
    let status = format!("Status, week {week}");
    let mut header = vec!["ID", "Key result", "Baseline → target", "Owners", "Latest", status.as_str()];
    let mut align = vec!["---", "---", "---", "---", "---", "---"];
    if scoring {
        header.push("Score");
        align.push("--:");
    }
    let rows: Vec<Vec<String>> = o
        .key_results
        .iter()
        .map(|kr| {
            let latest =
                kr.check_in_as_of(week).map_or_else(|| "—".to_string(), |c| format!("{} (week {})", value_text(kr, c.value), c.week));
            let mut row = vec![
                kr.id.to_string(),
                escape_cell(&kr.description),
                target_cell(kr),
                people(w, &kr.owners),
                latest,
                standing_text(w.standing(kr, week, today)),
            ];
            if scoring {
                let mark = if kr.final_score.is_some() { " (set by hand)" } else { "" };
                row.push(kr.score().map_or_else(|| "—".to_string(), |s| format!("{s:.1}{mark}")));
            }
            row
        })
        .collect();
    table(&header, &align, &rows)
}

/// Adjustments and hand-set scores, each with its reason.
fn changes_on_record(o: &Objective, scoring: bool) -> Vec<String> {
    let mut changes = Vec::new();
    for kr in &o.key_results {
        for a in &kr.adjustments {
            let mut change = String::new();
            if a.before_kind == a.after_kind {
                let _ = write!(change, "{}: reworded on {}", kr.id, a.date);
            } else {
                let how = match a.easing() {
                    Easing::Eased => "eased",
                    Easing::Raised => "raised",
                    Easing::Unchanged => "changed",
                };
                let before = KeyResult { kind: a.before_kind.clone(), ..kr.clone() }.target_text();
                let after = KeyResult { kind: a.after_kind.clone(), ..kr.clone() }.target_text();
                let _ =
                    write!(change, "{}: target {how} on {}, from {} to {}", kr.id, a.date, escape_inline(&before), escape_inline(&after));
            }
            if a.before_description != a.after_description {
                let _ = write!(change, " (was “{}”)", escape_inline(&a.before_description));
            }
            let _ = write!(change, ". Reason: {}", escape_inline(&a.reason));
            changes.push(change);
        }
        if scoring && kr.final_score.is_some() && !kr.score_reason.trim().is_empty() {
            changes.push(format!("{} score set by hand: {}", kr.id, escape_inline(&kr.score_reason)));
        }
    }
    if changes.is_empty() {
        return vec![];
    }
    vec!["**Changes on record**".to_string(), list(&changes)]
}

/// The initiatives that drive the objective's key results, each with the ones it drives.
fn linked_initiatives(w: &Workshop, o: &Objective) -> Vec<String> {
    let mut linked: Vec<(crate::model::InitiativeId, Vec<String>)> = Vec::new();
    for kr in &o.key_results {
        for &id in &kr.initiatives {
            match linked.iter_mut().find(|(i, _)| *i == id) {
                Some((_, krs)) => krs.push(kr.id.to_string()),
                None => linked.push((id, vec![kr.id.to_string()])),
            }
        }
    }
    let items: Vec<String> = linked
        .iter()
        .filter_map(|(id, krs)| {
            w.initiative(*id).map(|i| format!("{} ({}) · {}", escape_inline(&i.title), i.status.label(), krs.join(", ")))
        })
        .collect();
    if items.is_empty() { vec!["No initiatives linked yet.".to_string()] } else { vec!["**Initiatives**".to_string(), list(&items)] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_escapes_what_markdown_would_read() {
        assert_eq!(
            escape_inline("a *b* _c_ snake_case `d` [e](f) <g> h|i ~j~ $k$ \\"),
            "a \\*b\\* \\_c\\_ snake_case \\`d\\` \\[e\\](f) &lt;g&gt; h\\|i \\~j\\~ \\$k\\$ \\\\"
        );
        assert_eq!(escape_inline("  two\n lines\t "), "two lines");
        for (text, escaped) in [("# h", "\\# h"), ("> q", "&gt; q"), ("- l", "\\- l"), ("+ l", "\\+ l"), ("===", "\\==="), (": d", "\\: d")]
        {
            assert_eq!(escape_inline(text), escaped);
        }
        assert_eq!(escape_inline("a - b + c = d e: f"), "a - b + c = d e: f", "only at the start");
        assert_eq!(escape_inline("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;", "entities, not backslashes");
    }

    #[test]
    fn only_real_list_markers_are_escaped_and_every_ampersand_is_an_entity() {
        assert_eq!(escape_inline("1. one"), "1\\. one");
        assert_eq!(escape_inline("2)"), "2\\)");
        assert_eq!(escape_inline("99.5% up"), "99.5% up");
        assert_eq!(escape_inline("1234567890. long"), "1234567890. long", "ten digits are no list marker");
        assert_eq!(escape_inline("R&D & ops &amp; &#60; &x"), "R&amp;D &amp; ops &amp;amp; &amp;#60; &amp;x");
    }

    #[test]
    fn a_heading_keeps_its_trailing_hashes() {
        assert_eq!(escape_inline("C# and F#"), "C# and F#");
        assert_eq!(escape_inline("Title ##"), "Title \\##");
    }

    #[test]
    fn multi_line_text_becomes_paragraphs_and_quotes() {
        assert_eq!(paragraphs("one\n- two\n\n\n   three  \n"), vec!["one\n\\- two".to_string(), "three".to_string()]);
        assert_eq!(quote("a\n\nb\nc"), Some("> a\n>\n> b\n> c".to_string()));
        assert_eq!(quote(" \n "), None);
    }

    #[test]
    fn tables_have_a_delimiter_row() {
        let rows = vec![vec!["1".to_string(), escape_cell("a|b")]];
        assert_eq!(table(&["N", "T"], &["--:", "---"], &rows), "| N | T |\n| --: | --- |\n| 1 | a\\|b |");
    }
}
