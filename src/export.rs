//! Exports of a workshop for people outside the app: the OKR document in Markdown for a wiki,
//! a week's digest to paste into chat, check-ins and initiatives as CSV for a spreadsheet,
//! and the workshop itself as JSON. Pure.

mod csv;
mod digest;
mod markdown;

pub use self::csv::{check_ins_csv, health_csv, initiatives_csv};
pub use self::digest::digest;
pub use self::markdown::{MarkdownSections, escape_cell, escape_inline, health_section, markdown};

use jiff::civil::Date;

use crate::model::{SCHEMA_VERSION, Workshop};

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Csv,
    Json,
}

/// Which CSV an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvWhat {
    KeyResults,
    Initiatives,
    /// The health metrics' weekly readings.
    Health,
}

/// The text of an export, as of `today` (its week of the period).
pub fn export_text(w: &Workshop, format: ExportFormat, what: CsvWhat, sections: MarkdownSections, today: Date) -> String {
    match (format, what) {
        (ExportFormat::Markdown, _) => markdown(w, w.current_week(today), today, sections),
        (ExportFormat::Csv, CsvWhat::KeyResults) => check_ins_csv(w),
        (ExportFormat::Csv, CsvWhat::Initiatives) => initiatives_csv(w),
        (ExportFormat::Csv, CsvWhat::Health) => health_csv(w),
        (ExportFormat::Json, _) => json(w),
    }
}

/// The workshop itself, pretty JSON exactly as the store writes it (struct field order, the
/// current `schema_version`, a trailing newline).
pub fn json(w: &Workshop) -> String {
    let text = if w.schema_version == SCHEMA_VERSION {
        serde_json::to_string_pretty(w)
    } else {
        let mut current = w.clone();
        current.schema_version = SCHEMA_VERSION;
        serde_json::to_string_pretty(&current)
    };
    // Every key is a string or an integer id and non-finite numbers become null, so this
    // cannot fail.
    let mut text = text.expect("a workshop always serialises to JSON");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_workshop;
    use jiff::civil::date;

    #[test]
    fn json_is_what_the_store_writes() {
        let w = demo_workshop(date(2026, 11, 21));
        let text = json(&w);
        assert!(text.ends_with("}\n") && text.starts_with(&format!("{{\n  \"schema_version\": {SCHEMA_VERSION},")));
        let back: Workshop = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, w);
    }

    #[test]
    fn json_writes_the_current_schema_version() {
        let mut w = demo_workshop(date(2026, 11, 21));
        w.schema_version = 0;
        let back: Workshop = serde_json::from_str(&json(&w)).expect("parses");
        assert_eq!(back.schema_version, SCHEMA_VERSION);
    }
}
