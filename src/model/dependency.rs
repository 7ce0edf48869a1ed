//! Dependencies between teams: a key result can depend on a key result of another workshop
//! in the same data folder, stored by the other key result's stable id (and the workshop's
//! file name, with the names as they were when it was chosen, to show if it disappears).
//! What the other workshops say now is read by the store into [`Peer`]s; here are the rules
//! that resolve a dependency against them: its status, "blocked by" when it is off track,
//! and the coach's warnings about a dependency on a missing or ended key result.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::coach::{Finding, Subject};
use super::ids::KeyResultId;
use super::objective::Status;
use super::review::Standing;
use super::text::clean_line;
use super::workshop::Workshop;

/// A key result this one waits on, in another workshop of the same data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    /// The key result depended on (its stable id); it also keys the list for merges.
    pub id: KeyResultId,
    /// The other workshop's file name when it was chosen.
    pub workshop: String,
    /// The other workshop's name when it was chosen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub workshop_name: String,
    /// The other key result's description when it was chosen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// A key result of another workshop, as it stands today.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerKeyResult {
    pub id: KeyResultId,
    pub description: String,
    pub objective: String,
    /// Where it stands this week of its own period.
    pub standing: Standing,
    /// Its due date (the end of its period unless set).
    pub due: Date,
}

/// Another workshop of the data folder, with its key results as they stand today.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    /// Its file name.
    pub slug: String,
    pub name: String,
    pub team: String,
    pub period: String,
    pub end: Date,
    pub key_results: Vec<PeerKeyResult>,
}

impl Peer {
    /// What another workshop says about its key results on `today`.
    pub fn of(slug: &str, w: &Workshop, today: Date) -> Peer {
        let week = w.current_week(today);
        let key_results = w
            .objectives
            .iter()
            .flat_map(|o| {
                o.key_results.iter().map(move |k| PeerKeyResult {
                    id: k.id,
                    description: k.description.clone(),
                    objective: o.title.lines().next().unwrap_or("").to_string(),
                    standing: w.standing(k, week, today),
                    due: k.due.unwrap_or(w.period.end),
                })
            })
            .collect();
        Peer {
            slug: slug.to_string(),
            name: w.name.clone(),
            team: w.team.clone(),
            period: w.period.label.clone(),
            end: w.period.end,
            key_results,
        }
    }

    /// `Checkout team (2027-Q1)`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.period)
    }
}

/// What a dependency stands on today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved<'a> {
    /// Found, and its period or due date is not over.
    Live(&'a Peer, &'a PeerKeyResult),
    /// Found, but its due date (or its period) has passed: it will not move any more.
    Ended(&'a Peer, &'a PeerKeyResult),
    /// Not in the folder any more (deleted, or its workshop is gone).
    Missing,
}

impl Resolved<'_> {
    /// Whether the key result depended on is off track (this week, or last week until this
    /// week's check-in is due): this one is blocked by it.
    pub fn blocks(self) -> bool {
        matches!(
            self,
            Resolved::Live(
                _,
                PeerKeyResult {
                    standing: Standing::CheckedIn { status: Status::OffTrack, .. }
                        | Standing::Pending { before: Some((_, Status::OffTrack)) },
                    ..
                }
            )
        )
    }

    /// A few words for a row: `on track`, `blocked`, `ended`, `missing`.
    pub fn short(self) -> String {
        match self {
            Resolved::Live(..) if self.blocks() => "blocked".to_string(),
            Resolved::Live(_, k) => k.standing.label(),
            Resolved::Ended(..) => "ended".to_string(),
            Resolved::Missing => "missing".to_string(),
        }
    }
}

impl Dependency {
    /// A dependency on `kr` of `peer`, with their names as they are now.
    pub fn on(peer: &Peer, kr: &PeerKeyResult) -> Dependency {
        Dependency {
            id: kr.id,
            workshop: peer.slug.clone(),
            workshop_name: clean_line(&peer.name),
            description: clean_line(&kr.description),
            ..Dependency::default()
        }
    }

    /// Finds the key result depended on: in the workshop of that file name first, else (the
    /// workshop was renamed) in any other, the latest period first — a key result keeps its
    /// id when carried over, so the latest copy is the one that still moves.
    pub fn resolve<'a>(&self, peers: &'a [Peer], today: Date) -> Resolved<'a> {
        let in_peer = |p: &'a Peer| p.key_results.iter().find(|k| k.id == self.id).map(|k| (p, k));
        let named = peers.iter().find(|p| p.slug == self.workshop).and_then(in_peer);
        let found = named.or_else(|| {
            let mut others: Vec<&Peer> = peers.iter().filter(|p| p.slug != self.workshop).collect();
            others.sort_by_key(|p| std::cmp::Reverse(p.end));
            others.into_iter().find_map(in_peer)
        });
        match found {
            Some((p, k)) if k.due < today => Resolved::Ended(p, k),
            Some((p, k)) => Resolved::Live(p, k),
            None => Resolved::Missing,
        }
    }

    /// How people read it: `Checkout team: Cut gateway timeouts from 3% to 0.5%`.
    pub fn label(&self) -> String {
        let workshop = if self.workshop_name.is_empty() { &self.workshop } else { &self.workshop_name };
        format!("{workshop}: {}", self.description)
    }
}

impl Workshop {
    /// Makes `kr`'s dependencies exactly `wanted` (in order), keeping what was recorded of
    /// those it already had. False when nothing changed or the key result is unknown.
    pub fn set_dependencies(&mut self, kr: KeyResultId, wanted: Vec<Dependency>) -> bool {
        let Some(k) = self.key_result_mut(kr) else { return false };
        let next: Vec<Dependency> =
            wanted.into_iter().filter(|d| d.id != kr).map(|d| k.depends_on.iter().find(|o| o.id == d.id).cloned().unwrap_or(d)).collect();
        if next == k.depends_on {
            return false;
        }
        k.depends_on = next;
        true
    }

    /// The file names of the workshops this one's key results depend on.
    pub fn dependency_slugs(&self) -> Vec<String> {
        let mut slugs: Vec<String> =
            self.objectives.iter().flat_map(|o| &o.key_results).flat_map(|k| &k.depends_on).map(|d| d.workshop.clone()).collect();
        slugs.sort();
        slugs.dedup();
        slugs
    }

    /// Removes one dependency of `kr`.
    pub fn remove_dependency(&mut self, kr: KeyResultId, on: KeyResultId) -> bool {
        let Some(k) = self.key_result_mut(kr) else { return false };
        let before = k.depends_on.len();
        k.depends_on.retain(|d| d.id != on);
        before != k.depends_on.len()
    }

    /// The coach's warnings about dependencies: on a key result that is missing from the
    /// folder, or whose period or due date is over. Needs the other workshops, so `check`
    /// and step 4 add these to [`coach::review`](super::coach::review)'s findings.
    pub fn dependency_findings(&self, peers: &[Peer], today: Date) -> Vec<Finding> {
        let mut out = Vec::new();
        for kr in self.objectives.iter().flat_map(|o| &o.key_results) {
            for d in &kr.depends_on {
                let subject = Subject::KeyResult(kr.id);
                let what = super::coach::quoted(&d.label());
                match d.resolve(peers, today) {
                    Resolved::Missing => out.push(Finding::new(
                        "kr-dependency-missing",
                        subject,
                        &format!("It depends on {what} ({}), which is no longer in the data folder.", d.id),
                    )),
                    Resolved::Ended(p, k) => out.push(Finding::new(
                        "kr-dependency-ended",
                        subject,
                        &format!(
                            "It depends on {what}, whose {} ended on {}: it will not move any more.",
                            if k.due < p.end { "due date" } else { "period" },
                            k.due
                        ),
                    )),
                    Resolved::Live(..) => {}
                }
            }
        }
        out.retain(|f| !self.dismissed.iter().any(|d| d.code == f.code && d.subject.eq_ignore_ascii_case(&f.subject.key())));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckIn, KeyResultDraft, KeyResultKind, ObjectiveDraft, Period};
    use jiff::civil::date;

    fn workshop(name: &str, period: &str) -> Workshop {
        Workshop::new(name, "", Period::parse(period).expect("period"), jiff::Timestamp::UNIX_EPOCH)
    }

    fn with_kr(w: &mut Workshop, text: &str) -> KeyResultId {
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("o");
        let draft = KeyResultDraft { description: text.into(), kind: KeyResultKind::metric(3.0, 0.5, "%"), ..Default::default() };
        w.add_key_result(o, &draft).expect("kr")
    }

    #[test]
    fn a_dependency_resolves_to_the_other_status_and_blocks_when_off_track() {
        let mut checkout = workshop("Checkout", "2027-Q1");
        let theirs = with_kr(&mut checkout, "Cut gateway timeouts from 3% to 0.5%");
        let mut platform = workshop("Platform", "2027-Q1");
        let ours = with_kr(&mut platform, "Raise availability from 99.5% to 99.95%");
        let today = date(2027, 2, 10);
        let peers = vec![Peer::of("checkout", &checkout, today)];
        let dep = Dependency::on(&peers[0], &peers[0].key_results[0]);
        assert!(platform.set_dependencies(ours, vec![dep.clone()]));
        assert!(!platform.set_dependencies(ours, vec![dep.clone()]), "nothing changed");
        assert_eq!(dep.label(), "Checkout: Cut gateway timeouts from 3% to 0.5%");
        assert_eq!(dep.resolve(&peers, today).short(), "to check in");
        let week = checkout.current_week(today);
        let check_in =
            CheckIn { week, date: today, value: 3.0, status: Status::OffTrack, confidence: 3, note: "vendor".into(), ..CheckIn::default() };
        checkout.check_in(theirs, check_in, week, None).expect("checked in");
        let peers = vec![Peer::of("checkout", &checkout, today)];
        assert!(dep.resolve(&peers, today).blocks());
        assert_eq!(dep.resolve(&peers, today).short(), "blocked");
        assert!(platform.dependency_findings(&peers, today).is_empty());
    }

    #[test]
    fn missing_and_ended_dependencies_are_warned_about() {
        let mut old = workshop("Checkout", "2026-Q4");
        let theirs = with_kr(&mut old, "Cut gateway timeouts from 3% to 0.5%");
        let mut platform = workshop("Platform", "2027-Q1");
        let ours = with_kr(&mut platform, "Raise availability");
        let today = date(2027, 1, 20);
        let peers = vec![Peer::of("checkout", &old, today)];
        platform.set_dependencies(ours, vec![Dependency::on(&peers[0], &peers[0].key_results[0])]);
        let findings = platform.dependency_findings(&peers, today);
        assert_eq!(findings.iter().map(|f| f.code).collect::<Vec<_>>(), ["kr-dependency-ended"]);
        assert!(findings[0].reason.contains("period ended on 2026-12-31"), "{}", findings[0].reason);
        // Renamed and carried over: found by id in the latest period, wherever it lives now.
        let next = old.carry_over("Checkout Q1", jiff::Timestamp::UNIX_EPOCH);
        let peers = vec![Peer::of("checkout", &old, today), Peer::of("checkout-q1", &next, today)];
        assert!(platform.dependency_findings(&peers, today).iter().any(|f| f.code == "kr-dependency-ended"), "the old file is found first");
        let peers = vec![Peer::of("checkout-q1", &next, today)];
        assert!(platform.dependency_findings(&peers, today).is_empty(), "found by id after a rename");
        assert!(
            matches!(platform.key_result(ours).map(|k| k.depends_on[0].resolve(&peers, today)), Some(Resolved::Live(_, k)) if k.id == theirs)
        );
        let findings = platform.dependency_findings(&[], today);
        assert_eq!(findings.iter().map(|f| f.code).collect::<Vec<_>>(), ["kr-dependency-missing"]);
        platform.dismiss("kr-dependency-missing", &ours.to_string(), "they dropped it; we know");
        assert!(platform.dependency_findings(&[], today).is_empty());
        assert!(platform.remove_dependency(ours, theirs));
    }
}
