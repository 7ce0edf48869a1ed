//! The demo workshop that `quarterdeck demo` opens: a sample platform team with data in every
//! step, moved in time so it always looks current. Where the demo is stored lives in `store`.

use jiff::civil::Date;

use crate::model::Workshop;

/// The sample workshop as the app would write it (`assets/demo.json`).
const DEMO_JSON: &str = include_str!("../assets/demo.json");

/// The second team's workshop (`assets/demo-checkout.json`): one of the demo's key results
/// depends on one of its key results.
const DEMO_PEER_JSON: &str = include_str!("../assets/demo-checkout.json");

/// The name of the demo workshop.
pub const DEMO_NAME: &str = "Platform team";

/// The name of the second team's workshop, kept beside the demo.
pub const DEMO_PEER_NAME: &str = "Checkout team";

/// The week of its period the demo is set in: six weeks of check-ins behind it.
const DEMO_WEEK: u32 = 7;

/// The sample workshop, with its dates moved so that `today` falls in week 7 of its period
/// (six weeks of check-ins behind it), so the demo always looks current.
///
/// Dates move by whole weeks, so weekdays are kept (check-ins stay on the review day); the
/// period starts between six and seven weeks before `today`.
pub fn demo_workshop(today: Date) -> Workshop {
    current(serde_json::from_str(DEMO_JSON).expect("assets/demo.json is a valid workshop (checked by the demo tests)"), today)
}

/// The second team's workshop, moved in time with the demo: save it beside the demo so the
/// dependency of the demo's "checkout API availability" key result on it resolves.
pub fn demo_peer(today: Date) -> Workshop {
    current(serde_json::from_str(DEMO_PEER_JSON).expect("assets/demo-checkout.json is a valid workshop (checked by the demo tests)"), today)
}

/// Points the demo's dependencies at the second team's workshop where it was saved (its
/// file name and name may differ from the asset's when `demo --keep` had to choose others).
pub fn depend_on_peer(demo: &mut Workshop, peer_slug: &str, peer_name: &str) {
    for d in demo.objectives.iter_mut().flat_map(|o| &mut o.key_results).flat_map(|k| &mut k.depends_on) {
        d.workshop = peer_slug.to_string();
        d.workshop_name = peer_name.to_string();
    }
}

fn current(mut workshop: Workshop, today: Date) -> Workshop {
    let first_day_of_demo_week = i64::from(DEMO_WEEK - 1) * 7;
    let behind = i64::from((today - workshop.period.start).get_days()) - first_day_of_demo_week;
    workshop.shift_dates(behind.div_euclid(7) * 7);
    // The dates no longer match "2027-Q1"; name the period after the quarter it mostly
    // covers so the label does not contradict the dates shown beside it (and so the earlier
    // periods kept for calibration).
    let middle = workshop.period.week_start(workshop.period.weeks() / 2 + 1);
    workshop.period.label = crate::model::Period::quarter_of(middle).label;
    for p in &mut workshop.calibration {
        let middle = p.start.checked_add(jiff::Span::new().days(45)).unwrap_or(p.start);
        p.period = crate::model::Period::quarter_of(middle).label;
    }
    workshop
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use jiff::civil::{Weekday, date};

    use super::*;
    use crate::model::{Commitment, InitiativeSource, Status};

    fn asset() -> Workshop {
        serde_json::from_str(DEMO_JSON).expect("the demo asset parses")
    }

    #[test]
    fn the_asset_parses_as_the_current_schema() {
        let w = asset();
        assert_eq!(w.schema_version, crate::model::SCHEMA_VERSION);
        assert_eq!(w.name, DEMO_NAME);
        assert_eq!(w.period.label, "2027-Q1");
        assert_eq!((w.period.start, w.period.end), (date(2027, 1, 1), date(2027, 3, 31)));
        assert!(w.extra.is_empty(), "the asset has no field this build does not know: {:?}", w.extra.keys());
    }

    #[test]
    fn every_step_has_data() {
        let w = asset();
        let shelved = w.backlog.items.iter().filter(|b| b.state == crate::model::BacklogState::Shelved).count();
        assert!(shelved >= 35, "{shelved} shelved backlog items");
        assert!(w.backlog.bankruptcy.is_some());
        assert!(w.backlog.items.iter().any(|b| b.done));
        assert!(w.initiatives.len() >= 20, "{} initiatives", w.initiatives.len());
        assert_eq!(w.active_participants().count(), 5);
        assert_eq!(w.themes.len(), 4);
        assert_eq!(w.objectives.len(), 3);
        for o in &w.objectives {
            assert!((2..=4).contains(&o.key_results.len()), "{}", o.title);
            assert!(o.theme.is_some(), "{}", o.title);
            for kr in &o.key_results {
                let weeks: Vec<u32> = kr.check_ins.iter().map(|c| c.week).collect();
                assert_eq!(weeks, (1..=6).collect::<Vec<_>>(), "{}", kr.description);
                assert!(kr.check_ins.iter().all(|c| (1..=10).contains(&c.confidence)));
            }
        }
        assert!(w.weekly_notes.len() >= 2);
        assert_eq!(w.retrospective, crate::model::Retrospective::default());
    }

    #[test]
    fn it_shows_every_kind_of_thing_the_screens_draw() {
        let w = asset();
        let sources: BTreeSet<&str> = w.initiatives.iter().map(|i| i.source.label()).collect();
        assert_eq!(sources.len(), 6, "every initiative source: {sources:?}");
        let sizes: BTreeSet<_> = w.initiatives.iter().map(|i| i.size).collect();
        assert_eq!(sizes.len(), 4, "every size");
        assert!(w.initiatives.iter().any(|i| i.author.is_none()), "an anonymous initiative");
        assert!(w.initiatives.iter().any(|i| i.impact.is_none()), "an unscored initiative");
        assert!(w.initiatives.iter().any(|i| i.theme.is_none()), "an ungrouped initiative");
        for i in &w.initiatives {
            assert_eq!(i.proposal.is_some(), i.source == InitiativeSource::Proposal, "{}", i.title);
            assert_eq!(i.rescued_from.is_some(), i.source == InitiativeSource::RescuedBacklog, "{}", i.title);
        }
        let krs: Vec<_> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
        assert!(krs.iter().any(|k| k.kind.is_milestone()));
        assert!(krs.iter().any(|k| !k.adjustments.is_empty()));
        let week6: Vec<Status> = krs.iter().filter_map(|k| k.last_check_in()).map(|c| c.status).collect();
        for status in [Status::OnTrack, Status::AtRisk, Status::OffTrack] {
            assert!(week6.contains(&status), "a key result {} in week 6", status.label());
        }
        for commitment in [Commitment::Committed, Commitment::Aspirational] {
            assert!(w.objectives.iter().any(|o| o.commitment == commitment), "{commitment:?}");
        }
        assert!(w.objectives.iter().any(|o| !o.parent.is_empty()));
    }

    #[test]
    fn it_shows_what_the_method_adds_beside_the_okrs() {
        let w = asset();
        let week = 6;
        assert_eq!(w.health.len(), 3, "health metrics");
        assert_eq!(w.health_breaches(week).len(), 1, "one of them breached");
        assert!(w.health.iter().all(|h| h.check_ins.len() == 6 && h.owners.len() == 1));
        assert!(w.initiatives.iter().any(|i| i.capacity.is_some()) && w.themes.iter().any(|t| t.capacity.is_some()), "tagged by hand");
        assert!(w.capacity_split().off_target(&w.settings.capacity).is_some(), "the coach has advice on the split");
        let proposed: Vec<_> = w.open_candidates().collect();
        assert_eq!(proposed.len(), 2, "key results proposed by an engineer");
        assert!(
            proposed.iter().any(|c| c.findings().is_empty()) && proposed.iter().any(|c| !c.findings().is_empty()),
            "one the coach likes"
        );
        let depends: Vec<_> = w.objectives.iter().flat_map(|o| &o.key_results).flat_map(|k| &k.depends_on).collect();
        assert_eq!(depends.len(), 1);
        assert_eq!(depends[0].workshop, crate::store::slug(DEMO_PEER_NAME), "on the second demo workshop, by its file name");
        let peer: Workshop = serde_json::from_str(DEMO_PEER_JSON).expect("the second asset parses");
        let theirs = peer.key_result(depends[0].id).expect("the key result it depends on is there");
        assert_eq!(theirs.last_check_in().map(|c| c.status), Some(Status::OffTrack), "so the review shows it blocked");
        assert_eq!(w.calibration.len(), 2, "earlier periods");
        assert!(w.calibration(false).and_then(|c| c.verdict).is_some());
    }

    #[test]
    fn the_second_workshop_moves_with_the_demo() {
        let today = date(2028, 2, 29);
        let (w, peer) = (demo_workshop(today), demo_peer(today));
        assert_eq!((peer.period.start, peer.period.label.as_str()), (w.period.start, w.period.label.as_str()));
        let peers = [crate::model::dependency::Peer::of("checkout-team", &peer, today)];
        let dep = &w.objectives[0].key_results[2].depends_on[0];
        assert!(dep.resolve(&peers, today).blocks());
        let written = serde_json::to_string_pretty(&serde_json::from_str::<Workshop>(DEMO_PEER_JSON).expect("parses")).expect("json");
        assert_eq!(written, DEMO_PEER_JSON.trim_end(), "same text, same key order");
        assert!(w.calibration.iter().all(|p| p.end < w.period.start), "earlier periods stay earlier");
    }

    #[test]
    fn ids_are_unique() {
        let w = asset();
        let ids: Vec<u64> = w
            .participants
            .iter()
            .map(|p| p.id.0)
            .chain(w.backlog.items.iter().map(|b| b.id.0))
            .chain(w.initiatives.iter().map(|i| i.id.0))
            .chain(w.themes.iter().map(|t| t.id.0))
            .chain(w.objectives.iter().map(|o| o.id.0))
            .chain(w.objectives.iter().flat_map(|o| o.key_results.iter().map(|k| k.id.0)))
            .collect();
        let unique: BTreeSet<u64> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "ids are shared by every kind and never repeat");
    }

    #[test]
    fn every_reference_points_at_something_that_exists() {
        let w = asset();
        let person = |id| w.participant(id).is_some();
        let theme = |id| w.theme(id).is_some();
        for i in &w.initiatives {
            assert!(i.author.is_none_or(person), "author of {}", i.title);
            assert!(i.votes.keys().all(|&p| person(p)), "votes on {}", i.title);
            assert!(i.theme.is_none_or(theme), "theme of {}", i.title);
            if let Some(b) = i.rescued_from {
                let item = w.backlog.get(b).expect("rescued item exists");
                assert_eq!(item.rescued_as, Some(i.id), "{} and {} point at each other", item.title, i.title);
            }
        }
        for b in &w.backlog.items {
            assert_eq!(b.rescued_as.is_some(), b.state == crate::model::BacklogState::Rescued, "{}", b.title);
            if let Some(i) = b.rescued_as {
                assert_eq!(w.initiative(i).expect("rescue exists").rescued_from, Some(b.id));
            }
        }
        for o in &w.objectives {
            assert!(o.owners.iter().all(|&p| person(p)), "owners of {}", o.title);
            assert!(o.theme.is_none_or(theme), "theme of {}", o.title);
            for kr in &o.key_results {
                assert!(kr.owners.iter().all(|&p| person(p)), "owners of {}", kr.description);
                assert!(kr.initiatives.iter().all(|&i| w.initiative(i).is_some()), "{}", kr.description);
            }
        }
    }

    #[test]
    fn nobody_votes_beyond_the_budget() {
        let w = asset();
        let mut cast: BTreeMap<_, u32> = BTreeMap::new();
        for (p, n) in w.initiatives.iter().flat_map(|i| &i.votes) {
            *cast.entry(*p).or_default() += n;
        }
        for (p, n) in &cast {
            assert!(*n <= w.settings.vote_budget, "{} cast {n} votes", w.author_name(Some(*p)));
        }
        assert!(cast.values().sum::<u32>() > 10, "the tallies show real voting");
    }

    #[test]
    fn today_falls_in_week_seven_whatever_the_date() {
        for today in [
            date(2026, 11, 21),
            date(2027, 1, 1),
            date(2027, 2, 18),
            date(2027, 2, 19),
            date(2028, 2, 29),
            date(2031, 12, 31),
            date(2024, 3, 1),
        ] {
            let w = demo_workshop(today);
            assert_eq!(w.current_week(today), 7, "on {today}");
            assert_eq!(w.period.start.weekday(), Weekday::Friday, "weekdays are kept on {today}");
            assert_eq!(w.period.days(), 90, "the period keeps its length on {today}");
        }
    }

    #[test]
    fn moved_dates_stay_consistent() {
        let today = date(2028, 2, 29);
        let w = demo_workshop(today);
        let bankruptcy = w.backlog.bankruptcy.as_ref().expect("bankruptcy").declared_on;
        assert!(bankruptcy < w.period.start, "bankruptcy before the period");
        let start = w.period.start.to_zoned(jiff::tz::TimeZone::UTC).expect("in range").timestamp();
        assert!(w.initiatives.iter().all(|i| i.created < start), "brainstorm before the period");
        for kr in w.objectives.iter().flat_map(|o| &o.key_results) {
            for c in &kr.check_ins {
                assert_eq!(w.period.week_of(c.date), c.week, "{}", kr.description);
                assert!(c.date < today, "check-ins are in the past");
            }
        }
        let stale = w.backlog_facts(bankruptcy).untouched_share().expect("dated items");
        assert!(stale > 0.6, "most of the old backlog is stale: {stale}");
    }

    #[test]
    fn the_asset_is_exactly_what_the_app_writes() {
        let w = asset();
        let written = serde_json::to_string_pretty(&w).expect("serialises");
        let again: Workshop = serde_json::from_str(&written).expect("parses again");
        assert_eq!(again, w, "round trip");
        assert_eq!(written, DEMO_JSON.trim_end(), "same text, same key order");
    }

    #[test]
    fn the_text_is_clean() {
        let w = asset();
        let mut cleaned = w.clone();
        cleaned.sanitise();
        assert_eq!(cleaned, w);
        assert!(!DEMO_JSON.contains('\\'), "no escaped characters (line breaks, controls) in any text");
        assert!(DEMO_JSON.chars().any(|c| unicode_width::UnicodeWidthChar::width(c) == Some(2)), "a wide character");
    }
}
