//! The workshop settings dialog, reachable from every step: name, team, period, people,
//! vote budget, objective and key-result limits, pace margins.

use jiff::civil::Date;

use crate::app::{App, Effect};
use crate::model::{Period, Workshop};
use crate::ui::form::{Form, FormPurpose};

const NAME: usize = 0;
const TEAM: usize = 1;
const PERIOD: usize = 2;
const START: usize = 3;
const END: usize = 4;
const PEOPLE: usize = 5;
const VOTES: usize = 6;
const OBJECTIVES: usize = 7;
const KEY_RESULTS: usize = 8;
const MARGINS: usize = 9;

pub fn form(w: &Workshop) -> Form {
    let s = &w.settings;
    let people: Vec<&str> = w.active_participants().map(|p| p.name.as_str()).collect();
    Form::new("Workshop settings", FormPurpose::Settings)
        .field("Name", &w.name, "workshop name")
        .field("Team", &w.team, "optional")
        .field("Period", &w.period.label, "2027-Q1")
        .field("Starts", &w.period.start.to_string(), "YYYY-MM-DD")
        .field("Ends", &w.period.end.to_string(), "YYYY-MM-DD")
        .field("Participants", &people.join(", "), "names, separated by commas")
        .field("Votes each", &s.vote_budget.to_string(), "dot votes per participant")
        .field("Objectives", &format!("{}-{}", s.min_objectives, s.max_objectives), "min-max, e.g. 3-5")
        .field("Key results", &format!("{}-{}", s.min_key_results, s.max_key_results), "min-max per objective, e.g. 2-4")
        .field(
            "Pace margins %",
            &format!("{:.0}, {:.0}", s.at_risk_margin * 100.0, s.off_track_margin * 100.0),
            "behind pace for at risk, off track",
        )
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

pub fn submit(app: &mut App, mut form: Form) -> (Vec<Effect>, Option<Form>) {
    form.clear_errors();
    let name = form.value(NAME);
    if name.is_empty() {
        form.set_error(NAME, "a workshop needs a name");
    }
    let label = form.value(PERIOD);
    if label.is_empty() {
        form.set_error(PERIOD, "give the period a label, e.g. 2027-Q1");
    }
    let start = form.value(START).parse::<Date>();
    let end = form.value(END).parse::<Date>();
    if start.is_err() {
        form.set_error(START, "a date like 2027-01-01");
    }
    if end.is_err() {
        form.set_error(END, "a date like 2027-03-31");
    }
    let period = match (start, end) {
        (Ok(s), Ok(e)) => Period::new(label.clone(), s, e).map_err(|e| form.set_error(END, e.to_string())).ok(),
        _ => None,
    };
    let votes = form.value(VOTES).parse::<u32>().ok().filter(|v| *v <= 100);
    if votes.is_none() {
        form.set_error(VOTES, "a whole number from 0 to 100");
    }
    let objectives = range(&form.value(OBJECTIVES));
    if objectives.is_none() {
        form.set_error(OBJECTIVES, "two numbers, fewest and most, e.g. 3-5");
    }
    let key_results = range(&form.value(KEY_RESULTS));
    if key_results.is_none() {
        form.set_error(KEY_RESULTS, "two numbers, fewest and most, e.g. 2-4");
    }
    let pace = margins(&form.value(MARGINS));
    if pace.is_none() {
        form.set_error(MARGINS, "two percentages, the second larger, e.g. 10, 25");
    }
    let people: Vec<String> = form.value(PEOPLE).split(',').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
    let (Some(period), Some(votes), Some(objectives), Some(key_results), Some(pace), false) =
        (period, votes, objectives, key_results, pace, form.has_errors())
    else {
        form.focus_first_error();
        return (vec![], Some(form));
    };
    // A label typed as a quarter with unchanged dates moves the dates with it.
    let period = match app.session.as_ref().map(|s| &s.workshop.period) {
        Some(old) if old.start == period.start && old.end == period.end && old.label != period.label => {
            Period::parse(&period.label).unwrap_or(period)
        }
        _ => period,
    };
    let team = form.value(TEAM);
    let effects = app.change("settings", |w| {
        w.name = name;
        w.team = team;
        w.period = period;
        w.set_participants(&people);
        w.settings.vote_budget = votes;
        (w.settings.min_objectives, w.settings.max_objectives) = objectives;
        (w.settings.min_key_results, w.settings.max_key_results) = key_results;
        (w.settings.at_risk_margin, w.settings.off_track_margin) = pace;
    });
    if !effects.is_empty() {
        app.info("settings saved (u to undo)");
        // Lowering the budget never takes back votes already cast; say whose are over.
        let over = app.session.as_ref().map(|s| s.workshop.over_budget()).unwrap_or_default();
        if !over.is_empty() {
            let who: Vec<String> = over.iter().map(|(name, spent)| format!("{name} has {spent}")).collect();
            app.info(format!("settings saved; votes already cast are kept: {} (budget {votes})", who.join(", ")));
        }
    }
    (effects, None)
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
}
