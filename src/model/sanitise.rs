//! Cleaning a workshop read from a file (edited by hand, written by other tools, or by a
//! newer Quarterdeck): no control characters or bidi overrides in any text, unknown fields
//! included, and numbers in their ranges. Text typed in the app is cleaned as it comes in.

use serde_json::Value;

use super::text::{clean_line, clean_line_in_place, clean_multiline_in_place};
use super::{Extra, KeyResult, KeyResultKind, Objective, Workshop};

/// Cleans the keys and every string of fields this build does not know.
fn clean_extra(extra: &mut Extra) {
    if extra.is_empty() {
        return;
    }
    let old = std::mem::take(extra);
    for (key, mut value) in old {
        clean_value(&mut value);
        extra.insert(clean_line(&key), value);
    }
}

fn clean_value(value: &mut Value) {
    match value {
        Value::String(s) => clean_multiline_in_place(s),
        Value::Array(items) => items.iter_mut().for_each(clean_value),
        Value::Object(map) => clean_extra(map),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn clean_kind(kind: &mut KeyResultKind) {
    match kind {
        KeyResultKind::Metric { unit, extra, .. } => {
            clean_line_in_place(unit);
            clean_extra(extra);
        }
        KeyResultKind::Milestone { extra } => clean_extra(extra),
        KeyResultKind::Maintain { min, max, unit, extra } => {
            *min = min.filter(|v| v.is_finite());
            *max = max.filter(|v| v.is_finite());
            clean_line_in_place(unit);
            clean_extra(extra);
        }
    }
}

fn clean_key_result(kr: &mut KeyResult) {
    let (line, multi) = (clean_line_in_place, clean_multiline_in_place);
    line(&mut kr.description);
    clean_kind(&mut kr.kind);
    clean_extra(&mut kr.extra);
    for c in &mut kr.check_ins {
        multi(&mut c.note);
        c.confidence = c.confidence.clamp(1, 10);
        clean_extra(&mut c.extra);
        for r in &mut c.replaced {
            multi(&mut r.note);
            r.confidence = r.confidence.clamp(1, 10);
            clean_extra(&mut r.extra);
        }
    }
    for a in &mut kr.adjustments {
        multi(&mut a.reason);
        line(&mut a.before_description);
        line(&mut a.after_description);
        clean_kind(&mut a.before_kind);
        clean_kind(&mut a.after_kind);
        clean_extra(&mut a.extra);
    }
    kr.final_score = kr.final_score.filter(|s| s.is_finite()).map(|s| s.clamp(0.0, 1.0));
    multi(&mut kr.score_reason);
    for d in &mut kr.depends_on {
        line(&mut d.workshop);
        line(&mut d.workshop_name);
        line(&mut d.description);
        clean_extra(&mut d.extra);
    }
    kr.proposal.as_mut().map(clean_origin);
}

fn clean_origin(p: &mut super::ProposalOrigin) {
    clean_line_in_place(&mut p.author);
    clean_line_in_place(&mut p.file);
    clean_line_in_place(&mut p.proposal_id);
    clean_line_in_place(&mut p.fingerprint);
    clean_extra(&mut p.extra);
}

fn clean_objective(o: &mut Objective) {
    let (line, multi) = (clean_line_in_place, clean_multiline_in_place);
    multi(&mut o.title);
    multi(&mut o.rationale);
    line(&mut o.parent);
    multi(&mut o.learnings);
    o.carried_from.as_mut().map(line);
    o.proposal.as_mut().map(clean_origin);
    clean_extra(&mut o.extra);
    o.key_results.iter_mut().for_each(clean_key_result);
}

impl super::BacklogItem {
    /// Cleans the item's text as [`Workshop::sanitise`] does (the store cleans the items of a
    /// large file on the threads that read them).
    pub fn sanitise(&mut self) {
        let (line, multi) = (clean_line_in_place, clean_multiline_in_place);
        line(&mut self.title);
        multi(&mut self.description);
        self.external_id.as_mut().map(line);
        self.labels.iter_mut().for_each(line);
        line(&mut self.section);
        // Files from before `status` say only `done`; `done` stays equal to "status done".
        if self.done && self.status.is_open() {
            self.status = super::ItemStatus::Done;
        }
        self.done = self.status == super::ItemStatus::Done;
        line(&mut self.source_file);
        line(&mut self.source_format);
        clean_extra(&mut self.extra);
    }
}

impl Workshop {
    /// Cleans every text field, unknown ones included: no control characters or bidi
    /// overrides anywhere, scores and confidences in their ranges.
    pub fn sanitise(&mut self) {
        let (line, multi) = (clean_line_in_place, clean_multiline_in_place);
        line(&mut self.name);
        line(&mut self.team);
        line(&mut self.period.label);
        clean_extra(&mut self.period.extra);
        clean_extra(&mut self.extra);
        clean_extra(&mut self.settings.extra);
        clean_extra(self.settings.timeboxes.extra_mut());
        for p in &mut self.participants {
            line(&mut p.name);
            clean_extra(&mut p.extra);
        }
        self.sanitise_backlog();
        self.sanitise_brainstorm();
        self.objectives.iter_mut().for_each(clean_objective);
        for n in &mut self.weekly_notes {
            multi(&mut n.notes);
            clean_extra(&mut n.extra);
        }
        self.sanitise_meetings();
        for d in &mut self.dismissed {
            line(&mut d.code);
            line(&mut d.subject);
            multi(&mut d.reason);
            clean_extra(&mut d.extra);
        }
        for m in &mut self.merge_log {
            line(&mut m.id);
            line(&mut m.subject);
            multi(&mut m.kept);
            multi(&mut m.set_aside);
            clean_extra(&mut m.extra);
        }
        self.sanitise_method();
        multi(&mut self.retrospective.learnings);
        multi(&mut self.retrospective.differently);
        clean_extra(&mut self.retrospective.extra);
    }

    /// Commitments' text, decisions' reasons, and votes in 1–10.
    fn sanitise_meetings(&mut self) {
        for c in &mut self.commitments {
            clean_line_in_place(&mut c.text);
            clean_extra(&mut c.extra);
        }
        for m in &mut self.meetings {
            m.confidence.values_mut().flat_map(|votes| votes.values_mut()).for_each(|v| *v = (*v).clamp(1, 10));
            m.team.values_mut().for_each(|v| *v = (*v).clamp(1, 10));
            for d in m.decisions.values_mut() {
                clean_multiline_in_place(&mut d.reason);
                clean_extra(&mut d.extra);
            }
            clean_extra(&mut m.extra);
        }
    }

    fn sanitise_backlog(&mut self) {
        clean_extra(&mut self.backlog.extra);
        if let Some(b) = &mut self.backlog.bankruptcy {
            clean_multiline_in_place(&mut b.note);
            clean_extra(&mut b.extra);
        }
        self.backlog.items.iter_mut().for_each(super::BacklogItem::sanitise);
    }

    /// Health metrics, proposed candidates, earlier periods and the capacity target.
    fn sanitise_method(&mut self) {
        let (line, multi) = (clean_line_in_place, clean_multiline_in_place);
        clean_extra(&mut self.settings.capacity.extra);
        self.settings.capacity.business = self.settings.capacity.business.min(100);
        self.settings.capacity.learning = self.settings.capacity.learning.min(100 - self.settings.capacity.business);
        for h in &mut self.health {
            line(&mut h.name);
            line(&mut h.unit);
            h.min = h.min.filter(|v| v.is_finite());
            h.max = h.max.filter(|v| v.is_finite());
            clean_extra(&mut h.extra);
            h.check_ins.retain(|c| c.value.is_finite());
            for c in &mut h.check_ins {
                multi(&mut c.note);
                clean_extra(&mut c.extra);
            }
        }
        for c in &mut self.candidates {
            // One line even for an objective: a proposal writes its title on one.
            line(&mut c.text);
            multi(&mut c.rationale);
            c.measure.as_mut().map(clean_kind);
            clean_origin(&mut c.origin);
            clean_extra(&mut c.extra);
        }
        for p in &mut self.calibration {
            line(&mut p.period);
            for v in [&mut p.average].into_iter().chain(p.mid_confidence.as_mut()).chain(p.mid_score.as_mut()) {
                *v = if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 };
            }
            p.succeeded = p.succeeded.min(p.key_results);
            p.eased = p.eased.min(p.key_results);
            clean_extra(&mut p.extra);
        }
    }

    fn sanitise_brainstorm(&mut self) {
        let (line, multi) = (clean_line_in_place, clean_multiline_in_place);
        for i in &mut self.initiatives {
            line(&mut i.title);
            multi(&mut i.description);
            i.proposal.as_mut().map(clean_origin);
            i.impact = i.impact.map(|v| v.clamp(1, 5));
            i.cost = i.cost.map(|v| v.clamp(1, 5));
            clean_extra(&mut i.extra);
        }
        if let Some(round) = &mut self.secret_round {
            clean_extra(&mut round.extra);
            round.ballots.iter_mut().for_each(|b| clean_extra(&mut b.extra));
        }
        if let Some(round) = &mut self.score_round {
            clean_extra(&mut round.extra);
            for card in &mut round.cards {
                clean_extra(&mut card.extra);
                for e in card.scores.values_mut() {
                    e.impact = e.impact.map(|v| v.clamp(1, 5));
                    e.cost = e.cost.map(|v| v.clamp(1, 5));
                    clean_extra(&mut e.extra);
                }
            }
        }
        for t in &mut self.themes {
            line(&mut t.name);
            multi(&mut t.description);
            clean_extra(&mut t.extra);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_cleaned_too() {
        let mut w: Workshop = serde_json::from_str(
            r#"{"schema_version": 2, "name": "w", "period": {"label": "q", "start": "2027-01-01", "end": "2027-03-31"},
            "created": "2027-01-01T00:00:00Z", "fu\u202eture": {"list": ["a\u001b[2Jb"]}}"#,
        )
        .expect("reads");
        w.sanitise();
        assert_eq!(w.extra.get("future").and_then(|v| v["list"][0].as_str()), Some("a[2Jb"));
    }
}
