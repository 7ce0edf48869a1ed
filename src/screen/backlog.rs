//! Step 1, backlog bankruptcy: import an old backlog, show the room how stale it is,
//! declare bankruptcy (everything shelved, nothing deleted), browse and search the shelf,
//! and rescue an item only by reframing it as a new initiative.

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::action::Action;
use crate::app::{App, Change, Confirm, Effect, ListCursor, Overlay, View};
use crate::model::bankruptcy::BacklogFacts;
use crate::model::{BacklogItem, BacklogState, Capture, InitiativeSource, Size, Step, Workshop};
use crate::screen::initiative_form;
use crate::ui::form::{Form, FormPurpose};
use crate::ui::list;
use crate::ui::prompt::PromptPurpose;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// The coaching question whenever someone reaches for the old backlog.
pub const RESCUE_HINT: &str = "What would you do if this backlog did not exist?";

/// Whether an item matches a `/` filter: its title, id or a label contains every word.
fn matches(item: &BacklogItem, words: &[String]) -> bool {
    words.iter().all(|w| {
        contains(&item.title, w)
            || item.external_id.as_deref().is_some_and(|id| contains(id, w))
            || item.labels.iter().any(|l| contains(l, w))
    })
}

fn contains(haystack: &str, lower_needle: &str) -> bool {
    haystack.to_lowercase().contains(lower_needle)
}

/// Indices of the items the list shows, in file order.
pub fn visible(w: &Workshop, filter: &str) -> Vec<usize> {
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return (0..w.backlog.items.len()).collect();
    }
    w.backlog.items.iter().enumerate().filter(|(_, i)| matches(i, &words)).map(|(n, _)| n).collect()
}

pub fn row_count(w: &Workshop, filter: &str) -> usize {
    visible(w, filter).len()
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &app.session else { return vec![] };
    let w = &session.workshop;
    match action {
        Action::Import => {
            if session.read_only.is_some() {
                app.error("read-only: this workshop is open in another Quarterdeck");
                return vec![];
            }
            app.overlay = Some(Overlay::PathPrompt(Box::default()));
            vec![]
        }
        Action::DeclareBankruptcy => {
            if let Some(b) = &w.backlog.bankruptcy {
                app.info(format!("bankruptcy was declared on {}: the team already starts fresh", b.declared_on));
                return vec![];
            }
            let open = w.backlog.items.iter().filter(|i| !i.done && i.state == BacklogState::Imported).count();
            let message = if open == 0 {
                "Declare bankruptcy on an empty backlog? The team starts fresh from nothing.".to_string()
            } else {
                format!("Declare backlog bankruptcy? All {open} open items go on the shelf, dated today. Nothing is deleted; u undoes it.")
            };
            app.overlay = Some(Overlay::Confirm(Confirm {
                title: "Backlog bankruptcy".into(),
                message,
                on_yes: vec![],
                change: Some(Change::DeclareBankruptcy),
            }));
            vec![]
        }
        Action::Rescue => {
            let rows = visible(w, &session.filters[Step::Backlog as usize]);
            let Some(item) = rows.get(session.cursors[Step::Backlog as usize].selected).and_then(|i| w.backlog.items.get(*i)) else {
                return vec![];
            };
            if w.backlog.bankruptcy.is_none() {
                app.info("declare bankruptcy first (D): then rescue an item only by reframing it");
                return vec![];
            }
            if let Some(id) = item.rescued_as {
                let title = w.initiative(id).map_or("an initiative", |i| i.title.as_str());
                app.info(format!("already rescued as \"{title}\""));
                return vec![];
            }
            app.overlay = Some(Overlay::Form(Box::new(rescue_form(item, w))));
            vec![]
        }
        _ => vec![],
    }
}

fn rescue_form(item: &BacklogItem, w: &Workshop) -> Form {
    let capture = Capture {
        title: item.title.clone(),
        description: item.description.clone(),
        size: Size::Medium,
        source: InitiativeSource::RescuedBacklog,
        ..Capture::default()
    };
    initiative_form::form(format!("Reframe as a new initiative — {RESCUE_HINT}"), FormPurpose::Rescue { item: item.id }, &capture, w)
}

/// Saves a rescue form: a new initiative reframed from the item.
pub fn submit_rescue(app: &mut App, form: Form) -> (Vec<Effect>, Option<Form>) {
    let FormPurpose::Rescue { item } = form.purpose else { return (vec![], Some(form)) };
    let Some(session) = &app.session else { return (vec![], None) };
    let capture = match initiative_form::read(form, &session.workshop, InitiativeSource::RescuedBacklog) {
        Ok((capture, _)) => capture,
        Err(form) => return (vec![], Some(*form)),
    };
    let now = app.clock.now();
    let mut created = None;
    let effects = app.change("rescue", |w| created = w.rescue(item, &capture, now));
    if let (Some(id), Some(session)) = (created, &app.session) {
        let title = session.workshop.initiative(id).map(|i| i.title.clone()).unwrap_or_default();
        app.info(format!("rescued as a new initiative: {title} (step 2)"));
    }
    (effects, None)
}

/// Keys while the import prompt is open.
pub fn prompt_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Overlay::PathPrompt(prompt)) = &mut app.overlay else { return vec![] };
    match action {
        Action::Back => {
            app.overlay = None;
            vec![]
        }
        Action::CycleFormat => {
            prompt.cycle_format();
            vec![]
        }
        Action::Complete => vec![Effect::CompletePath(prompt.value())],
        Action::Import => {
            let path = prompt.value();
            if path.is_empty() {
                prompt.error = Some("type the path of the file to import".into());
                return vec![];
            }
            match prompt.purpose {
                PromptPurpose::Import => vec![Effect::Import { path: path.into(), format: prompt.format }],
                PromptPurpose::MergeProposals => vec![Effect::MergeProposals(path.into())],
            }
        }
        _ => vec![],
    }
}

/// The import prompt gets its answer from the run loop.
pub fn prompt_failed(app: &mut App, error: String) {
    if let Some(Overlay::PathPrompt(prompt)) = &mut app.overlay {
        prompt.error = Some(error);
    } else {
        app.error(error);
    }
}

/// After a successful import or merge: close the prompt, show the step it changed.
pub fn imported(app: &mut App, step: Step, summary: String) {
    app.overlay = None;
    app.view = View::Step(step);
    app.info(summary);
}

fn age(today: Date, date: Option<Date>) -> String {
    let Some(d) = date else { return String::new() };
    let days = (today - d).get_days();
    match days {
        ..=0 => "today".into(),
        1..=59 => format!("{days}d"),
        60..=729 => format!("{}mo", days / 30),
        _ => format!("{}y", days / 365),
    }
}

fn months(days: i32) -> String {
    match days {
        ..=59 => format!("{days} days"),
        60..=729 => format!("{} months", days / 30),
        _ => format!("{:.1} years", f64::from(days) / 365.0),
    }
}

/// The facts that persuade a room, as lines.
fn facts_lines(facts: &BacklogFacts, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    let big = palette.title;
    let mut first = vec![Span::styled(format!(" {} open items", facts.open), big)];
    if facts.done > 0 {
        first.push(Span::styled(format!(" (+{} done in their tool)", facts.done), palette.muted));
    }
    if let Some(median) = facts.median_age_days {
        first.push(Span::raw(" · median age "));
        first.push(Span::styled(months(median), big));
    }
    if let Some(oldest) = facts.oldest {
        first.push(Span::raw(format!(" · oldest {oldest}")));
    }
    let second = match facts.untouched_share() {
        Some(share) => Line::from(vec![
            Span::styled(format!(" {:.0}% untouched for 6 months or more", share * 100.0), palette.warn),
            Span::styled(format!(" ({} of {} with a date)", facts.untouched_6_months, facts.dated), palette.muted),
        ]),
        None => Line::from(Span::styled(" No dates in this backlog: nobody knows how old it is.", palette.muted)),
    };
    let labels: Vec<String> = facts.top_labels.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let third = if labels.is_empty() { String::new() } else { format!(" By label: {}", labels.join(" · ")) };
    vec![Line::from(first), second, Line::from(Span::styled(fit(&third, width), palette.muted))]
}

pub fn render(frame: &mut Frame, area: Rect, session: &crate::app::Session, today: Date, palette: &Palette) {
    let w = &session.workshop;
    let cursor: &ListCursor = &session.cursors[Step::Backlog as usize];
    let filter = session.filters[Step::Backlog as usize].as_str();
    let width = area.width as usize;
    let items = &w.backlog.items;
    if items.is_empty() && w.backlog.bankruptcy.is_none() {
        let text = vec![
            Line::from(Span::styled(" No backlog imported.", palette.title)),
            Line::from(""),
            Line::from(" Press i to import the old backlog: a Jira, Linear or GitLab CSV, `gh issue list --json` output,"),
            Line::from(" a Trello board export, a Markdown TODO list or a text file. Then declare bankruptcy (D)."),
            Line::from(""),
            Line::from(Span::styled(" No old backlog? Declare bankruptcy anyway and start fresh.", palette.muted)),
        ];
        frame.render_widget(Paragraph::new(text).style(palette.base).wrap(Wrap { trim: false }), area);
        return;
    }
    let head_lines: Vec<Line> = match &w.backlog.bankruptcy {
        None => {
            let mut lines = facts_lines(&session.backlog_facts(today), width, palette);
            lines.push(Line::from(Span::styled(
                fit(" Press D to declare bankruptcy: every open item goes on the shelf, kept and searchable. Nothing is deleted.", width),
                palette.accent,
            )));
            lines
        }
        Some(b) => {
            let shelved = items.iter().filter(|i| i.state == BacklogState::Shelved && !i.done).count();
            let done = items.iter().filter(|i| i.done).count();
            let rescued = items.iter().filter(|i| i.state == BacklogState::Rescued).count();
            let declared = format!(" Bankruptcy declared {}: ", b.declared_on);
            let done = if done > 0 { format!(" (+{done} done)") } else { String::new() };
            let rest = format!("{shelved} on the shelf{done}, {rescued} rescued. The team starts fresh.");
            vec![
                Line::from(vec![Span::styled(declared.clone(), palette.ok), Span::raw(fit(&rest, width.saturating_sub(declared.len())))]),
                Line::from(Span::styled(
                    fit(&format!(" Rescue an item only by reframing it (Enter). {RESCUE_HINT}"), width),
                    palette.muted,
                )),
            ]
        }
    };
    let head_rows = head_lines.len() as u16 + 1;
    let filter_rows = u16::from(!filter.is_empty());
    let [head, filter_area, body] =
        Layout::vertical([Constraint::Length(head_rows), Constraint::Length(filter_rows), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(head_lines).style(palette.base), head);
    let rows = visible(w, filter);
    if !filter.is_empty() {
        let text = format!(" / {filter}  ({} of {} items; Esc in the filter clears it)", rows.len(), items.len());
        frame.render_widget(Paragraph::new(fit(&text, width)).style(palette.accent), filter_area);
    }
    let detail_width = if body.width >= 96 { body.width / 3 } else { 0 };
    let [list_area, detail] = Layout::horizontal([Constraint::Min(0), Constraint::Length(detail_width)]).areas(body);
    let list_width = list_area.width as usize;
    list::draw(frame, list_area, cursor, rows.len(), palette, |n| {
        let item = &items[rows[n]];
        let (badge, style) = match (item.state, item.done) {
            (BacklogState::Rescued, _) => ("rescued", palette.ok),
            (_, true) => ("done   ", palette.muted),
            (BacklogState::Shelved, _) => ("shelved", palette.muted),
            (BacklogState::Imported, _) => ("open   ", palette.warn),
        };
        let id = item.short_id();
        let age = age(today, item.last_touched());
        let rescued = item.rescued_as.and_then(|id| w.initiative(id)).map(|i| format!(" → {}", i.title)).unwrap_or_default();
        let title_w = list_width.saturating_sub(8 + 11 + 6 + 2);
        Line::from(vec![
            Span::styled(format!(" {badge} "), style),
            Span::styled(format!("{} ", pad(id, 10)), palette.muted),
            Span::raw(pad(&format!("{}{rescued}", item.title), title_w)),
            Span::styled(format!(" {age:>5}"), palette.muted),
        ])
    });
    if rows.is_empty() && !filter.is_empty() {
        frame.render_widget(Paragraph::new(" Nothing on the shelf matches the filter.").style(palette.muted), list_area);
    }
    if detail_width > 0
        && let Some(item) = rows.get(cursor.selected).and_then(|i| items.get(*i))
    {
        let mut text = vec![Line::from(Span::styled(item.title.clone(), palette.title)), Line::from("")];
        if let Some(initiative) = item.rescued_as.and_then(|id| w.initiative(id)) {
            text.push(Line::from(Span::styled(format!("rescued as: {}", initiative.title), palette.ok)));
        }
        if !item.labels.is_empty() {
            text.push(Line::from(Span::styled(format!("labels: {}", item.labels.join(", ")), palette.accent)));
        }
        text.push(Line::from(Span::styled(format!("from {} ({})", item.source_file, item.source_format), palette.muted)));
        if let Some(c) = item.created {
            text.push(Line::from(Span::styled(format!("created {c}"), palette.muted)));
        }
        if let Some(s) = item.shelved_on {
            text.push(Line::from(Span::styled(format!("shelved {s}"), palette.muted)));
        }
        text.push(Line::from(""));
        text.extend(item.description.lines().take(40).map(|l| Line::from(l.to_string())));
        let block = Block::new().borders(Borders::LEFT).border_style(palette.border);
        frame.render_widget(Paragraph::new(text).block(block).style(palette.base).wrap(Wrap { trim: false }), detail);
    }
}
