//! Declaring backlog bankruptcy and rescuing an item by reframing it as an initiative, plus
//! the facts about an old backlog that persuade a room. Importing lives in `import`.

use jiff::{Timestamp, civil::Date};

use super::backlog::{BacklogItem, BacklogState, Bankruptcy};
use super::brainstorm::Capture;
use super::ids::{BacklogItemId, InitiativeId};
use super::initiative::InitiativeSource;
use super::text::clean_multiline;
use super::workshop::Workshop;

/// How stale an old backlog is, in numbers a room can take in at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogFacts {
    /// Items still open (or in progress) in their tool.
    pub open: usize,
    /// Where every item stands (the same counts the export says).
    pub counts: super::shelf::ShelfCounts,
    /// Median age in days of open items with a known date.
    pub median_age_days: Option<i32>,
    pub oldest: Option<Date>,
    /// Open items not touched for 6 months or more, and how many have a date at all.
    pub untouched_6_months: usize,
    pub dated: usize,
    /// The most common labels among open items (one label whatever its case, in its most
    /// common spelling), most frequent first.
    pub top_labels: Vec<(String, usize)>,
    /// Each label, lowercased, in the spelling most items use.
    pub spellings: std::collections::HashMap<String, String>,
}

impl BacklogFacts {
    /// A label as the backlog spells it most often.
    pub fn spelled<'a>(&'a self, label: &'a str) -> &'a str {
        self.spellings.get(&label.to_lowercase()).map_or(label, String::as_str)
    }
}

impl BacklogFacts {
    pub fn untouched_share(&self) -> Option<f64> {
        (self.dated > 0).then(|| self.untouched_6_months as f64 / self.dated as f64)
    }
}

/// Days since 1970-01-01 (proleptic Gregorian): the same differences as `today - date` in
/// whole days, without calendar arithmetic per item (10,000 items are counted per frame).
fn day_number(d: Date) -> i32 {
    let (y, m, day) = (i32::from(d.year()), i32::from(d.month()), i32::from(d.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Six months, as the issue trackers' "stale" filters count them.
pub const STALE_DAYS: i32 = 183;

impl Workshop {
    /// Facts about the open backlog as of `today`.
    pub fn backlog_facts(&self, today: Date) -> BacklogFacts {
        let open: Vec<&BacklogItem> = self.backlog.open_items().collect();
        let today_n = day_number(today);
        let mut ages: Vec<i32> = open.iter().filter_map(|i| i.last_touched()).map(|d| (today_n - day_number(d)).max(0)).collect();
        ages.sort_unstable();
        let super::shelf::LabelTally { spellings, open: labels } = self.backlog.label_tally();
        let mut top_labels: Vec<(String, usize)> = labels.into_iter().map(|(l, n)| (spellings.get(&l).cloned().unwrap_or(l), n)).collect();
        top_labels.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top_labels.truncate(6);
        BacklogFacts {
            open: open.len(),
            counts: self.backlog.counts(),
            median_age_days: ages.get(ages.len() / 2).copied(),
            oldest: open.iter().filter_map(|i| i.created.or(i.updated)).min(),
            untouched_6_months: ages.iter().filter(|a| **a >= STALE_DAYS).count(),
            dated: ages.len(),
            top_labels,
            spellings,
        }
    }

    /// Shelves every open item with today's date. Returns how many were shelved; nothing
    /// happens (0) when bankruptcy was already declared.
    pub fn declare_bankruptcy(&mut self, today: Date, note: &str) -> usize {
        if self.backlog.bankruptcy.is_some() {
            return 0;
        }
        let mut shelved = 0;
        for item in &mut self.backlog.items {
            if item.state == BacklogState::Imported {
                item.state = BacklogState::Shelved;
                item.shelved_on = Some(today);
                if !item.status.is_finished() {
                    shelved += 1;
                }
            }
        }
        self.backlog.bankruptcy = Some(Bankruptcy { declared_on: today, note: clean_multiline(note), extra: crate::model::Extra::new() });
        shelved
    }

    /// Creates a new initiative reframed from a backlog item; the item records what it
    /// became. `None` if the item does not exist or the title is empty.
    pub fn rescue(&mut self, item: BacklogItemId, reframing: &Capture, now: Timestamp) -> Option<InitiativeId> {
        self.backlog.get(item)?;
        let capture = Capture { source: InitiativeSource::RescuedBacklog, ..reframing.clone() };
        let id = self.capture(&capture, now)?;
        if let Some(ini) = self.initiatives.iter_mut().find(|i| i.id == id) {
            ini.rescued_from = Some(item);
        }
        if let Some(entry) = self.backlog.items.iter_mut().find(|i| i.id == item) {
            entry.state = BacklogState::Rescued;
            entry.rescued_as = Some(id);
        }
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;
    use jiff::civil::date;

    fn item(id: u64, title: &str, created: Option<Date>, done: bool, labels: &[&str]) -> BacklogItem {
        BacklogItem {
            id: BacklogItemId(id),
            title: title.into(),
            description: String::new(),
            external_id: None,
            labels: labels.iter().map(|l| (*l).to_string()).collect(),
            section: String::new(),
            source_file: "b.csv".into(),
            source_format: "csv".into(),
            created,
            updated: None,
            done,
            status: if done { crate::model::ItemStatus::Done } else { crate::model::ItemStatus::Open },
            state: BacklogState::Imported,
            shelved_on: None,
            rescued_as: None,
            changed: None,
            extra: crate::model::Extra::new(),
        }
    }

    fn workshop() -> Workshop {
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH);
        w.backlog.items = vec![
            item(1, "old", Some(date(2024, 1, 1)), false, &["infra"]),
            item(2, "recent", Some(date(2026, 11, 1)), false, &["Infra", "ci"]),
            item(3, "closed", Some(date(2020, 1, 1)), true, &["ci"]),
            item(4, "undated", None, false, &[]),
        ]
        .into();
        w
    }

    #[test]
    fn day_numbers_differ_as_calendar_days_do() {
        let base = jiff::civil::date(2026, 11, 21);
        for d in [
            date(1970, 1, 1),
            date(1600, 2, 29),
            date(2000, 2, 29),
            date(2000, 3, 1),
            date(2024, 12, 31),
            date(2031, 1, 1),
            date(9999, 12, 31),
        ] {
            assert_eq!(day_number(base) - day_number(d), (base - d).get_days(), "{d}");
        }
        assert_eq!(day_number(date(1970, 1, 1)), 0);
    }

    #[test]
    fn facts_count_open_items_and_their_age() {
        let facts = workshop().backlog_facts(date(2026, 11, 21));
        assert_eq!((facts.open, facts.counts.done, facts.dated, facts.untouched_6_months), (3, 1, 2, 1));
        assert_eq!(facts.oldest, Some(date(2024, 1, 1)));
        assert_eq!(facts.median_age_days, Some(1055));
        assert_eq!(facts.top_labels[0], ("infra".to_string(), 2), "infra and Infra are one label");
        assert_eq!(facts.spelled("INFRA"), "infra", "a tie keeps the first spelling");
        assert_eq!(facts.untouched_share(), Some(0.5));
    }

    #[test]
    fn declaring_shelves_everything_once_with_the_date() {
        let mut w = workshop();
        assert_eq!(w.declare_bankruptcy(date(2026, 11, 21), "fresh\u{1b}[2J start"), 3);
        assert!(w.backlog.items.iter().all(|i| i.state == BacklogState::Shelved && i.shelved_on == Some(date(2026, 11, 21))));
        assert_eq!(w.backlog.bankruptcy.as_ref().map(|b| b.note.as_str()), Some("fresh[2J start"));
        assert_eq!(w.declare_bankruptcy(date(2026, 12, 1), ""), 0, "declared once");
    }

    #[test]
    fn rescue_reframes_into_a_linked_initiative() {
        let mut w = workshop();
        w.declare_bankruptcy(date(2026, 11, 21), "");
        let reframing =
            Capture { title: " Fast CI ".into(), description: "a\r\nb".into(), size: crate::model::Size::Large, ..Capture::default() };
        let id = w.rescue(BacklogItemId(1), &reframing, Timestamp::UNIX_EPOCH).expect("rescued");
        let ini = w.initiative(id).expect("exists");
        assert_eq!((ini.title.as_str(), ini.description.as_str(), ini.source), ("Fast CI", "a\nb", InitiativeSource::RescuedBacklog));
        assert_eq!(ini.rescued_from, Some(BacklogItemId(1)));
        let item = w.backlog.get(BacklogItemId(1)).expect("kept");
        assert_eq!((item.state, item.rescued_as), (BacklogState::Rescued, Some(id)));
        assert!(w.rescue(BacklogItemId(99), &reframing, Timestamp::UNIX_EPOCH).is_none());
        let empty = Capture { title: "\u{7}".into(), ..reframing };
        assert!(w.rescue(BacklogItemId(2), &empty, Timestamp::UNIX_EPOCH).is_none());
    }
}
