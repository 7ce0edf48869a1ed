//! What a workshop needs from its team on a given day: key results to check in this
//! meeting week (before its review day), key results outdated (a meeting passed without
//! their check-in), a period that ended without being scored, and one scored but not
//! carried over into the next period. `quarterdeck status` and home both read this.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::ids::KeyResultId;
use super::workshop::Workshop;

/// A key result something is due for, as people read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueKeyResult {
    pub id: KeyResultId,
    pub description: String,
    /// Owners' names (none: nobody owns it yet).
    pub owners: Vec<String>,
    /// The meeting week it needs a check-in for.
    pub week: u32,
}

/// What is due in one workshop on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Due {
    /// The week of the period today falls in; `None` outside the period.
    pub week: Option<u32>,
    /// The period starts after today.
    pub starts: Option<Date>,
    /// Today's week holds no meeting (the team meets every other week).
    pub off_week: bool,
    /// This meeting week's review day.
    pub review_date: Option<Date>,
    /// Not checked in yet this meeting week, before its review day.
    pub to_check_in: Vec<DueKeyResult>,
    /// The last meeting whose review day passed went without their check-in, and none came
    /// since.
    pub outdated: Vec<DueKeyResult>,
    /// The period ended and not every key result has its final value or a score.
    pub unscored: bool,
    /// The period ended, was scored, and no workshop in the folder carries it over.
    pub not_carried_over: bool,
}

impl Due {
    /// Whether anything is due.
    pub fn anything(&self) -> bool {
        !self.to_check_in.is_empty() || !self.outdated.is_empty() || self.unscored || self.not_carried_over
    }

    /// The key results of a list by owner (name order; "no owner" for those nobody owns).
    pub fn by_owner(list: &[DueKeyResult]) -> BTreeMap<String, Vec<&DueKeyResult>> {
        let mut owners: BTreeMap<String, Vec<&DueKeyResult>> = BTreeMap::new();
        for kr in list {
            if kr.owners.is_empty() {
                owners.entry("no owner".to_string()).or_default().push(kr);
            }
            for owner in &kr.owners {
                owners.entry(owner.clone()).or_default().push(kr);
            }
        }
        owners
    }

    /// The counts in words: `9 to check in by Thu 2026-11-26 · 1 outdated`; `nothing due`.
    pub fn summary(&self) -> String {
        let by = self.review_date.map(|d| format!(" by {} {d}", d.strftime("%a"))).unwrap_or_default();
        let parts = self.parts(&by, "ended, not scored", "scored, not carried over");
        if parts.is_empty() { "nothing due".to_string() } else { parts.join(" · ") }
    }

    /// The same, short enough for home's column: `9 to check in · 1 outdated`, `not
    /// scored`; `off week` or `—` when nothing is due.
    pub fn short(&self) -> String {
        let parts = self.parts("", "not scored", "not carried over");
        match parts.is_empty() {
            true if self.off_week => "off week".to_string(),
            true => "—".to_string(),
            false => parts.join(" · "),
        }
    }

    fn parts(&self, by: &str, unscored: &str, not_carried_over: &str) -> Vec<String> {
        let mut parts = Vec::new();
        if !self.to_check_in.is_empty() {
            parts.push(format!("{} to check in{by}", self.to_check_in.len()));
        }
        if !self.outdated.is_empty() {
            parts.push(format!("{} outdated", self.outdated.len()));
        }
        if self.unscored {
            parts.push(unscored.to_string());
        }
        if self.not_carried_over {
            parts.push(not_carried_over.to_string());
        }
        parts
    }
}

impl Workshop {
    /// What is due on `today`; `others` are the other workshops of the folder (one of them
    /// may carry this one over).
    pub fn due(&self, today: Date, others: &[&Workshop]) -> Due {
        let mut due = Due::default();
        let p = &self.period;
        if today < p.start {
            due.starts = Some(p.start);
            return due;
        }
        if today > p.end {
            due.unscored = !self.scored();
            due.not_carried_over = !due.unscored && !self.objectives.is_empty() && !self.carried_over_by(others);
            return due;
        }
        let week = p.week_of(today);
        due.week = Some(week);
        due.off_week = !self.is_meeting_week(week);
        let active: Vec<_> = self.objectives.iter().flat_map(|o| &o.key_results).filter(|k| !self.is_dropped(k.id, week)).collect();
        let entry = |kr: &super::KeyResult, week: u32| DueKeyResult {
            id: kr.id,
            description: kr.description.clone(),
            owners: kr.owners.iter().map(|o| self.author_name(Some(*o)).to_string()).collect(),
            week,
        };
        if !due.off_week && !self.review_due(week, today) {
            due.review_date = Some(self.review_date(week));
            due.to_check_in = active.iter().filter(|k| k.check_in_for(week).is_none()).map(|k| entry(k, week)).collect();
        }
        let passed = (1..=week).rev().find(|w| self.is_meeting_week(*w) && self.review_due(*w, today));
        if let Some(m) = passed {
            due.outdated = active.iter().filter(|k| (m..=week).all(|w| k.check_in_for(w).is_none())).map(|k| entry(k, m)).collect();
        }
        due
    }

    /// Every key result still pursued has its final value (a check-in in the last week, or
    /// on or after its own due date) or a score set by hand.
    fn scored(&self) -> bool {
        let last = self.period.weeks();
        self.objectives.iter().flat_map(|o| &o.key_results).filter(|k| !self.is_dropped(k.id, last)).all(|k| {
            k.final_score.is_some() || k.check_in_for(last).is_some() || k.due.is_some_and(|d| k.check_ins.iter().any(|c| c.date >= d))
        })
    }

    /// Whether another workshop holds this one's objectives carried over from its period.
    fn carried_over_by(&self, others: &[&Workshop]) -> bool {
        let label = Some(self.period.label.as_str());
        others.iter().flat_map(|w| &w.objectives).any(|o| o.carried_from.as_deref() == label && self.objective(o.id).is_some())
    }

    /// A copy with only what [`Workshop::due`] reads (the period, settings, people,
    /// objectives and meetings), for a listing of many workshops.
    pub fn due_facts(&self) -> Workshop {
        let mut facts = Workshop::new(&self.name, &self.team, self.period.clone(), self.created);
        facts.settings = self.settings.clone();
        facts.participants.clone_from(&self.participants);
        facts.objectives.clone_from(&self.objectives);
        facts.meetings = self.meetings.iter().filter(|m| !m.decisions.is_empty()).cloned().collect();
        facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckIn, KeyResultDraft, KeyResultKind, ObjectiveDraft, Period, Verdict};
    use jiff::civil::date;

    /// 2027-Q1 (week 1 is Friday 1 January), review on Mondays, two key results owned by Ada.
    fn workshop() -> (Workshop, Vec<KeyResultId>) {
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
        w.settings.review_day = crate::model::ReviewDay::parse("monday");
        let ada = w.add_participant("Ada").expect("person");
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("objective");
        let krs = (0..2)
            .map(|i| {
                let draft = KeyResultDraft {
                    description: format!("kr {i}"),
                    kind: KeyResultKind::metric(0.0, 10.0, ""),
                    owners: if i == 0 { vec![ada] } else { vec![] },
                    due: None,
                };
                w.add_key_result(o, &draft).expect("kr")
            })
            .collect();
        (w, krs)
    }

    fn check_in(w: &mut Workshop, kr: KeyResultId, week: u32) {
        w.key_result_mut(kr).expect("kr").check_ins.push(CheckIn { week, value: 1.0, confidence: 5, ..CheckIn::default() });
    }

    #[test]
    fn this_weeks_check_ins_are_due_by_the_review_day_then_outdated() {
        let (mut w, krs) = workshop();
        // Week 3 runs Friday 15 to Thursday 21 January; its review is Monday 18.
        let due = w.due(date(2027, 1, 16), &[]);
        assert_eq!((due.week, due.review_date), (Some(3), Some(date(2027, 1, 18))));
        assert_eq!(due.to_check_in.len(), 2);
        assert_eq!(due.outdated.len(), 2, "week 2 passed without them");
        let owners = Due::by_owner(&due.to_check_in);
        assert_eq!(owners.keys().collect::<Vec<_>>(), ["Ada", "no owner"]);
        assert_eq!(due.summary(), "2 to check in by Mon 2027-01-18 · 2 outdated");
        check_in(&mut w, krs[0], 3);
        check_in(&mut w, krs[1], 2);
        let due = w.due(date(2027, 1, 16), &[]);
        assert_eq!((due.to_check_in.len(), due.outdated.len()), (1, 0), "a check-in this week counts for the missed one");
        let after = w.due(date(2027, 1, 19), &[]);
        assert_eq!((after.to_check_in.len(), after.outdated.len()), (0, 1), "past the review day: outdated");
        check_in(&mut w, krs[1], 3);
        assert!(!w.due(date(2027, 1, 19), &[]).anything());
    }

    #[test]
    fn an_off_week_asks_for_nothing() {
        let (mut w, krs) = workshop();
        w.settings.cadence = crate::model::Cadence::EveryTwoWeeks;
        w.settings.first_meeting_week = Some(2);
        check_in(&mut w, krs[0], 2);
        check_in(&mut w, krs[1], 2);
        let due = w.due(date(2027, 1, 16), &[]);
        assert!(due.off_week && !due.anything(), "{due:?}");
        assert!(w.due(date(2027, 1, 23), &[]).to_check_in.len() == 2, "week 4 meets");
    }

    #[test]
    fn an_ended_period_is_scored_then_carried_over() {
        let (mut w, krs) = workshop();
        let after = date(2027, 4, 10);
        assert!(w.due(after, &[]).unscored);
        check_in(&mut w, krs[0], 13);
        w.key_result_mut(krs[1]).expect("kr").final_score = Some(0.5);
        let due = w.due(after, &[]);
        assert!(!due.unscored && due.not_carried_over);
        let next = w.carry_over("w Q2", jiff::Timestamp::UNIX_EPOCH);
        assert!(!w.due(after, &[&next]).anything());
        assert_eq!(w.due(date(2026, 12, 1), &[]).starts, Some(date(2027, 1, 1)));
    }

    #[test]
    fn a_dropped_key_result_is_due_for_nothing() {
        let (mut w, krs) = workshop();
        w.decide(2, krs[1], Verdict::Drop, "no longer matters");
        let due = w.due(date(2027, 1, 16), &[]);
        assert_eq!(due.to_check_in.iter().map(|k| k.id).collect::<Vec<_>>(), vec![krs[0]]);
        assert_eq!(w.due_facts().due(date(2027, 1, 16), &[]), due, "the facts say the same");
    }
}
