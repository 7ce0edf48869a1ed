//! CSV exports for spreadsheets: one row per key result per check-in, and one row per
//! initiative. RFC 4180 (CRLF, quoted when needed), text cells escaped against formula injection.

use crate::model::Workshop;

/// A text cell as a spreadsheet may safely open it: a cell that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be read as a formula, so it gets a leading `'`.
/// Spaces before them do not help (spreadsheets may trim them, and a tab typed in a note
/// is kept as spaces), so what counts is the first character that is not a space.
fn text_cell(text: &str) -> String {
    let risky = text.starts_with(['\t', '\r']) || text.trim_start().starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky { format!("'{text}") } else { text.to_string() }
}

/// A number as it round-trips: the shortest text that reads back as the same value.
fn number_cell(n: f64) -> String {
    format!("{n}")
}

/// The rows written as RFC 4180 CSV, the header first.
fn write(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    writer.write_record(header).expect("writing CSV to memory cannot fail");
    for row in rows {
        writer.write_record(row).expect("writing CSV to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV written from strings is UTF-8")
}

/// One row per key result per check-in (objectives, key results and check-ins in order):
/// `objective`, `key_result_id`, `key_result`, `week`, `date`, `value`, `status`, `confidence`,
/// `note`.
/// Adjustments are not rows.
pub fn check_ins_csv(w: &Workshop) -> String {
    const HEADER: [&str; 9] = ["objective", "key_result_id", "key_result", "week", "date", "value", "status", "confidence", "note"];
    let mut rows = Vec::new();
    for o in &w.objectives {
        for kr in &o.key_results {
            let mut check_ins: Vec<_> = kr.check_ins.iter().collect();
            check_ins.sort_by_key(|c| c.week);
            for c in check_ins {
                rows.push(vec![
                    text_cell(&o.title),
                    kr.id.to_string(),
                    text_cell(&kr.description),
                    c.week.to_string(),
                    c.date.to_string(),
                    number_cell(c.value),
                    c.status.label().to_string(),
                    c.confidence.to_string(),
                    text_cell(&c.note),
                ]);
            }
        }
    }
    write(&HEADER, &rows)
}

/// One row per initiative, in brainstorm order: `id`, `title`, `author`, `source`, `size`,
/// `theme`, `impact`, `cost`, `votes`, `key_results` (the ids of the key results it is linked
/// to, joined by "; "), `capacity` (business, engineering health or learning, tagged or by
/// theme and source). Unscored impact or cost and an ungrouped theme are empty cells.
pub fn initiatives_csv(w: &Workshop) -> String {
    const HEADER: [&str; 12] =
        ["id", "title", "author", "source", "size", "theme", "impact", "cost", "votes", "key_results", "capacity", "status"];
    let rows: Vec<Vec<String>> = w
        .initiatives
        .iter()
        .map(|i| {
            let linked: Vec<String> = w
                .objectives
                .iter()
                .flat_map(|o| &o.key_results)
                .filter(|kr| kr.initiatives.contains(&i.id))
                .map(|kr| kr.id.to_string())
                .collect();
            vec![
                i.id.to_string(),
                text_cell(&i.title),
                text_cell(&w.authors_text(i)),
                i.source.label().to_string(),
                i.size.label().to_string(),
                text_cell(i.theme.and_then(|t| w.theme(t)).map_or("", |t| t.name.as_str())),
                i.impact.map(|n| n.to_string()).unwrap_or_default(),
                i.cost.map(|n| n.to_string()).unwrap_or_default(),
                i.total_votes().to_string(),
                linked.join("; "),
                w.capacity_of(i).0.label().to_string(),
                i.status.label().to_string(),
            ]
        })
        .collect();
    write(&HEADER, &rows)
}

/// One row per health metric per reading (metrics and weeks in order): `metric_id`,
/// `metric`, `keep` (the level, e.g. `≥ 99.95%`), `week`, `date`, `value`, `status` (held or
/// breached), `note`.
pub fn health_csv(w: &Workshop) -> String {
    const HEADER: [&str; 8] = ["metric_id", "metric", "keep", "week", "date", "value", "status", "note"];
    let mut rows = Vec::new();
    for h in &w.health {
        let mut readings: Vec<_> = h.check_ins.iter().collect();
        readings.sort_by_key(|c| c.week);
        for c in readings {
            let status = if h.level().holds(c.value) { "held" } else { "breached" };
            rows.push(vec![
                h.id.to_string(),
                text_cell(&h.name),
                text_cell(&h.level_text()),
                c.week.to_string(),
                c.date.to_string(),
                number_cell(c.value),
                status.to_string(),
                text_cell(&c.note),
            ]);
        }
    }
    write(&HEADER, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote() {
        for risky in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", " =x", "    @SUM(1+1)", "\t@SUM(1+1)", "\r@SUM(1)", "\n=1"] {
            assert_eq!(text_cell(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["", "a=b", "1-2", "'quoted", " x = 1", "a\n=1"] {
            assert_eq!(text_cell(safe), safe);
        }
    }

    #[test]
    fn numbers_round_trip() {
        for n in [4.0, 99.95, 0.1 + 0.2, -3.5, 1e-7] {
            assert_eq!(number_cell(n).parse::<f64>().expect("number").to_bits(), n.to_bits());
        }
        assert_eq!(number_cell(4.0), "4");
    }

    #[test]
    fn rows_end_in_crlf_and_quote_only_when_needed() {
        let text = write(&["a", "b"], &[vec!["x, y".into(), "plain".into()], vec!["say \"hi\"".into(), "two\nlines".into()]]);
        assert_eq!(text, "a,b\r\n\"x, y\",plain\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }
}
