//! The workshop settings dialog, reachable from every step: name, team, period, people,
//! vote budget, objective and key-result limits, pace margins, the capacity split to aim
//! for, each step's timebox (the agenda) and the bell, the weekly review's day and cadence.

use jiff::civil::Date;

use super::Ctx;
use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::{Period, ReviewDay, Step, Workshop};
use crate::ui::form::{Form, FormEvent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Team,
    Period,
    Start,
    End,
    People,
    Votes,
    Objectives,
    KeyResults,
    Margins,
    /// The capacity split to aim for: business / engineering health, learning within it.
    Capacity,
    Timeboxes,
    Bell,
    ReviewDay,
    Cadence,
}

/// The settings dialog, open over any step.
#[derive(Debug)]
pub struct State {
    form: Form<Field>,
}

impl State {
    pub fn new(w: &Workshop) -> Self {
        Self { form: form(w) }
    }

    /// A key from the form's table; whether the dialog is done (saved or cancelled).
    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> bool {
        match self.form.handle(action) {
            FormEvent::Cancel => true,
            FormEvent::Submit => submit(ctx, doc, &mut self.form),
            FormEvent::Handled | FormEvent::Ignored => false,
        }
    }
}

crate::ui::form::form_dialog!(State);

fn form(w: &Workshop) -> Form<Field> {
    let s = &w.settings;
    let people: Vec<&str> = w.active_participants().map(|p| p.name.as_str()).collect();
    Form::new("Workshop settings")
        .field(Field::Name, "Name", &w.name, "workshop name")
        .field(Field::Team, "Team", &w.team, "optional")
        .field(Field::Period, "Period", &w.period.label, "2027-Q1")
        .field(Field::Start, "Starts", &w.period.start.to_string(), "YYYY-MM-DD")
        .field(Field::End, "Ends", &w.period.end.to_string(), "YYYY-MM-DD")
        .field(Field::People, "Participants", &people.join(", "), "names, separated by commas")
        .field(Field::Votes, "Votes each", &s.vote_budget.to_string(), "dot votes per participant")
        .field(Field::Objectives, "Objectives", &format!("{}-{}", s.min_objectives, s.max_objectives), "min-max, e.g. 3-5")
        .field(Field::KeyResults, "Key results", &format!("{}-{}", s.min_key_results, s.max_key_results), "min-max per objective, e.g. 2-4")
        .field(
            Field::Margins,
            "Pace margins %",
            &format!("{:.0}, {:.0}", s.at_risk_margin * 100.0, s.off_track_margin * 100.0),
            "behind pace for at risk, off track",
        )
        .field(Field::Capacity, "Capacity %", &s.capacity.text(), "business/health, learning within health: 70/30, learning 10")
        .field(Field::Timeboxes, "Timeboxes", &timeboxes_text(s.timeboxes.iter()), "minutes per step, e.g. 2: 15, 3: 20, 4: 30")
        .field(Field::Bell, "Bell at zero", if s.mute_bell { "off" } else { "on" }, "on or off")
        .field(Field::ReviewDay, "Review day", s.review_day.map_or("", ReviewDay::name), "e.g. monday (empty: each week's last day)")
        .field(Field::Cadence, "Meets", &s.cadence.describe(w.first_meeting_week()), "weekly, or every 2 weeks [from week N]")
}

/// `2: 15, 3: 20`: each step's number and its timebox in minutes.
fn timeboxes_text(boxes: impl Iterator<Item = (Step, u32)>) -> String {
    boxes.map(|(step, minutes)| format!("{}: {minutes}", step.number())).collect::<Vec<_>>().join(", ")
}

/// Reads `2: 15, 3: 20` (or `brainstorm 15`): steps by number or name, 1 to 180 minutes.
fn timeboxes(text: &str) -> Option<std::collections::BTreeMap<Step, u32>> {
    let mut boxes = std::collections::BTreeMap::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (step, minutes) = part.split_once([':', ' ', '='])?;
        let step = step.trim();
        let step = match step.parse::<usize>() {
            Ok(n) => Step::from_number(n)?,
            Err(_) => Step::ALL.into_iter().find(|s| s.title().eq_ignore_ascii_case(step))?,
        };
        let minutes: u32 = minutes.trim().trim_end_matches("min").trim().parse().ok().filter(|m| (1..=180).contains(m))?;
        boxes.insert(step, minutes);
    }
    Some(boxes)
}

fn range(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.split_once(['-', '–', ' ', ','])?;
    let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a <= b && b <= 50).then_some((a, b))
}

fn margins(text: &str) -> Option<(f64, f64)> {
    let (a, b) = text.split_once([',', ' ', '/'])?;
    let a: f64 = a.trim().trim_end_matches('%').parse().ok()?;
    let b: f64 = b.trim().trim_end_matches('%').parse().ok()?;
    (0.0 < a && a < b && b <= 100.0).then_some((a / 100.0, b / 100.0))
}

/// The capacity split typed, keeping what this build does not know of the old one; `None`
/// (and the field's error set) when it cannot be read.
fn capacity(form: &mut Form<Field>, doc: &Document) -> Option<crate::model::capacity::CapacityTarget> {
    crate::model::capacity::CapacityTarget::parse(&form.value(Field::Capacity))
        .map_err(|e| form.set_error(Field::Capacity, e))
        .ok()
        .map(|c| crate::model::capacity::CapacityTarget { extra: doc.workshop().settings.capacity.extra.clone(), ..c })
}

/// The agenda: the timeboxes and whether the bell rings, `None` (with the errors on the
/// form) when either is unreadable.
fn agenda(form: &mut Form<Field>) -> Option<(std::collections::BTreeMap<Step, u32>, bool)> {
    let boxes = timeboxes(&form.value(Field::Timeboxes));
    if boxes.is_none() {
        form.set_error(Field::Timeboxes, "step: minutes, separated by commas, e.g. 2: 15, 3: 20 (1 to 180 minutes)");
    }
    let bell = match form.value(Field::Bell).to_lowercase().as_str() {
        "on" | "yes" | "y" | "" => Some(true),
        "off" | "no" | "n" | "mute" => Some(false),
        _ => None,
    };
    if bell.is_none() {
        form.set_error(Field::Bell, "on or off");
    }
    boxes.zip(bell)
}

/// How often the team meets, and from which week.
type Cadence = (crate::model::Cadence, Option<u32>);

/// The review day (`Some(None)`: each week's last day) and how often the team meets, each
/// `None` with an error on its field when it does not read.
#[allow(clippy::option_option)]
fn meetings(form: &mut Form<Field>) -> (Option<Option<ReviewDay>>, Option<Cadence>) {
    let review_day = match form.value(Field::ReviewDay) {
        d if d.is_empty() => Some(None),
        d => ReviewDay::parse(&d).map(Some),
    };
    if review_day.is_none() {
        form.set_error(Field::ReviewDay, "a weekday, e.g. monday or fri, or empty for the week's last day");
    }
    let cadence = crate::model::Cadence::parse(&form.value(Field::Cadence));
    if cadence.is_none() {
        form.set_error(Field::Cadence, "weekly, or every 2 weeks (optionally: from week 2)");
    }
    (review_day, cadence)
}

/// Saves the settings as one undoable change; whether the form is done.
/// The period typed: its label and dates, each field's error set when it does not read.
fn period(form: &mut Form<Field>) -> Option<Period> {
    let label = form.value(Field::Period);
    if label.is_empty() {
        form.set_error(Field::Period, "give the period a label, e.g. 2027-Q1");
    }
    let start = form.value(Field::Start).parse::<Date>();
    let end = form.value(Field::End).parse::<Date>();
    if start.is_err() {
        form.set_error(Field::Start, "a date like 2027-01-01");
    }
    if end.is_err() {
        form.set_error(Field::End, "a date like 2027-03-31");
    }
    match (start, end) {
        (Ok(s), Ok(e)) => Period::new(label, s, e).map_err(|e| form.set_error(Field::End, e.to_string())).ok(),
        _ => None,
    }
}

fn submit(ctx: &mut Ctx, doc: &mut Document, form: &mut Form<Field>) -> bool {
    form.clear_errors();
    let name = form.value(Field::Name);
    if name.is_empty() {
        form.set_error(Field::Name, "a workshop needs a name");
    }
    let period = period(form);
    let votes = form.value(Field::Votes).parse::<u32>().ok().filter(|v| *v <= 100);
    if votes.is_none() {
        form.set_error(Field::Votes, "a whole number from 0 to 100");
    }
    let objectives = range(&form.value(Field::Objectives));
    if objectives.is_none() {
        form.set_error(Field::Objectives, "two numbers, fewest and most, e.g. 3-5");
    }
    let key_results = range(&form.value(Field::KeyResults));
    if key_results.is_none() {
        form.set_error(Field::KeyResults, "two numbers, fewest and most, e.g. 2-4");
    }
    let pace = margins(&form.value(Field::Margins));
    if pace.is_none() {
        form.set_error(Field::Margins, "two percentages, the second larger, e.g. 10, 25");
    }
    let capacity = capacity(form, doc);
    let agenda = agenda(form);
    let (review_day, cadence) = meetings(form);
    let people: Vec<String> = form.value(Field::People).split(',').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
    let (
        Some(period),
        Some(votes),
        Some(objectives),
        Some(key_results),
        Some(pace),
        Some(capacity),
        Some((boxes, bell)),
        Some(review_day),
        Some(cadence),
        false,
    ) = (period, votes, objectives, key_results, pace, capacity, agenda, review_day, cadence, form.has_errors())
    else {
        form.focus_first_error();
        return false;
    };
    // A label typed as a quarter with unchanged dates moves the dates with it.
    let old = &doc.workshop().period;
    let period = if old.start == period.start && old.end == period.end && old.label != period.label {
        Period::parse(&period.label).unwrap_or(period)
    } else {
        period
    };
    let team = form.value(Field::Team);
    let changed = doc.change("settings", |w| {
        w.name = name;
        w.team = team;
        w.period = period;
        w.set_participants(&people);
        w.settings.vote_budget = votes;
        (w.settings.min_objectives, w.settings.max_objectives) = objectives;
        (w.settings.min_key_results, w.settings.max_key_results) = key_results;
        (w.settings.at_risk_margin, w.settings.off_track_margin) = pace;
        w.settings.capacity = capacity;
        w.settings.timeboxes.replace(boxes);
        w.settings.mute_bell = !bell;
        w.settings.review_day = review_day;
        (w.settings.cadence, w.settings.first_meeting_week) = cadence;
    });
    if changed {
        ctx.info(format!("settings saved ({} to undo)", ctx.hint(Context::Step, Action::Undo)));
        // Lowering the budget never takes back votes already cast; say whose are over.
        let over = doc.workshop().over_budget();
        if !over.is_empty() {
            let who: Vec<String> = over.iter().map(|(name, spent)| format!("{name} has {spent}")).collect();
            ctx.info(format!("settings saved; votes already cast are kept: {} (budget {votes})", who.join(", ")));
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ranges_and_margins() {
        assert_eq!(range("3-5"), Some((3, 5)));
        assert_eq!(range("2, 4"), Some((2, 4)));
        assert_eq!(range("5-3"), None);
        assert_eq!(range("x"), None);
        assert_eq!(margins("10, 25"), Some((0.1, 0.25)));
        assert_eq!(margins("25, 10"), None);
        assert_eq!(margins("10%/30%"), Some((0.1, 0.3)));
    }

    #[test]
    fn reads_and_writes_timeboxes() {
        let boxes = timeboxes("2: 15, 3:20 ,Objectives 30").expect("valid");
        assert_eq!(boxes.into_iter().collect::<Vec<_>>(), [(Step::Brainstorm, 15), (Step::Prioritise, 20), (Step::Objectives, 30)]);
        assert_eq!(timeboxes(""), Some(std::collections::BTreeMap::new()));
        for bad in ["6: 10", "2: 0", "2: 500", "2", "x: 3"] {
            assert_eq!(timeboxes(bad), None, "{bad}");
        }
        let boxes = timeboxes("5 10, 1 5").expect("valid");
        assert_eq!(timeboxes_text(boxes.into_iter()), "1: 5, 5: 10");
    }
}
