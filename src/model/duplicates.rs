//! Two ideas that say the same thing, merged into one on the board: the idea kept takes the
//! other's author (as a co-author), votes, scores it lacked, key-result links, theme it
//! lacked, rescued item and secret dots; its description gains the other's title and text,
//! so nothing anyone said is lost. Undo brings both back.

use super::ids::{InitiativeId, ParticipantId};
use super::initiative::Initiative;
use super::workshop::Workshop;

impl Initiative {
    /// Everyone who brought this idea: its author, then the co-authors of duplicates merged
    /// into it (anonymous is nobody).
    pub fn authors(&self) -> impl Iterator<Item = ParticipantId> + '_ {
        self.author.into_iter().chain(self.co_authors.iter().copied())
    }
}

impl Workshop {
    /// The idea's authors by name, `Ada & Grace`, or `anonymous`.
    pub fn authors_text(&self, ini: &Initiative) -> String {
        let names: Vec<&str> = ini.authors().map(|p| self.author_name(Some(p))).collect();
        if names.is_empty() { "anonymous".to_string() } else { names.join(" & ") }
    }

    /// Merges `other` into `keep` (see the module's header). False when either is missing or
    /// they are the same idea.
    pub fn merge_initiatives(&mut self, keep: InitiativeId, other: InitiativeId) -> bool {
        if keep == other || self.initiative(keep).is_none() {
            return false;
        }
        let Some(index) = self.initiatives.iter().position(|i| i.id == other) else { return false };
        let gone = self.initiatives.remove(index);
        let Some(kept) = self.initiatives.iter().position(|i| i.id == keep).and_then(|i| self.initiatives.get_mut(i)) else { return false };
        for author in gone.authors() {
            if !kept.authors().any(|a| a == author) {
                kept.co_authors.push(author);
            }
        }
        for (voter, n) in &gone.votes {
            *kept.votes.entry(*voter).or_default() += n;
        }
        kept.impact = kept.impact.or(gone.impact);
        kept.cost = kept.cost.or(gone.cost);
        kept.size = kept.size.max(gone.size);
        kept.theme = kept.theme.or(gone.theme);
        kept.rescued_from = kept.rescued_from.or(gone.rescued_from);
        kept.hidden = kept.hidden && gone.hidden;
        let mut also = format!("Merged with: {}", gone.title);
        if !gone.description.is_empty() {
            also.push('\n');
            also.push_str(&gone.description);
        }
        kept.description = if kept.description.is_empty() { also } else { format!("{}\n\n{also}", kept.description) };
        for kr in self.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()) {
            if kr.initiatives.contains(&other) {
                kr.initiatives.retain(|i| *i != other);
                if !kr.initiatives.contains(&keep) {
                    kr.initiatives.push(keep);
                }
            }
        }
        // By index: a shared list copies only the items it changes (`model/shared_list.rs`).
        let rescued: Vec<usize> = (0..self.backlog.items.len()).filter(|i| self.backlog.items[*i].rescued_as == Some(other)).collect();
        for i in rescued {
            if let Some(item) = self.backlog.items.get_mut(i) {
                item.rescued_as = Some(keep);
            }
        }
        self.move_secret_dots(other, Some(keep));
        self.move_estimates(other, Some(keep));
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::model::prioritise::tests::{add, workshop};
    use crate::model::{Capture, KeyResult, Objective};

    #[test]
    fn merging_keeps_both_authors_votes_and_links() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let grace = w.add_participant("Grace").expect("id");
        let capture = |title: &str, author| Capture { title: title.into(), author: Some(author), ..Capture::default() };
        let keep = w.capture(&capture("Cache the CI builds", ada), jiff::Timestamp::UNIX_EPOCH).expect("a");
        let other = w.capture(&capture("Remote build cache", grace), jiff::Timestamp::UNIX_EPOCH).expect("b");
        let third = add(&mut w, "Something else");
        w.vote(ada, keep, 1).expect("vote");
        w.vote(grace, other, 1).expect("vote");
        w.vote(ada, other, 1).expect("vote");
        w.set_impact(other, Some(4));
        let kr = KeyResult { id: crate::model::KeyResultId(9), initiatives: vec![other, third], ..KeyResult::default() };
        w.objectives.push(Objective { key_results: vec![kr], ..Objective::default() });
        assert!(!w.merge_initiatives(keep, keep));
        assert!(w.merge_initiatives(keep, other));
        assert!(w.initiative(other).is_none());
        let kept = w.initiative(keep).expect("kept");
        assert_eq!(w.authors_text(kept), "Ada & Grace");
        assert_eq!((kept.votes.get(&ada), kept.votes.get(&grace)), (Some(&2), Some(&1)), "every vote kept");
        assert_eq!(kept.impact, Some(4), "a score it lacked");
        assert_eq!(kept.description, "Merged with: Remote build cache");
        assert_eq!(w.objectives[0].key_results[0].initiatives, [third, keep], "the link follows");
        assert_eq!(w.counts_by_author()[1], ("Grace".to_string(), 1), "Grace still counts for it");
    }
}
