//! The export dialog, open over any step: which format, and where to write it.

use crate::action::Action;
use crate::effect::Effect;
use crate::export::{CsvWhat, ExportFormat, MarkdownSections};
use crate::ui::form::{Form, FormEvent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Format,
    File,
}

#[derive(Debug)]
pub struct State {
    form: Form<Field>,
}

/// What a key did to the dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Open,
    Cancelled,
    Export(Effect),
}

impl State {
    /// The dialog for a workshop whose file is called `slug`.
    pub fn new(slug: &str) -> Self {
        let form = Form::new("Export")
            .field(Field::Format, "Format", "markdown", "markdown (the OKR document), csv, csv initiatives, csv health, or json")
            .field(Field::File, "File", &format!("{slug}-okrs.md"), "where to write it (relative to the folder you started in)");
        Self { form }
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        match self.form.handle(action) {
            FormEvent::Cancel => Outcome::Cancelled,
            FormEvent::Submit => self.submit().map_or(Outcome::Open, Outcome::Export),
            FormEvent::Handled | FormEvent::Ignored => Outcome::Open,
        }
    }

    fn submit(&mut self) -> Option<Effect> {
        let form = &mut self.form;
        form.clear_errors();
        let (format, what) = match form.value(Field::Format).to_lowercase().as_str() {
            "markdown" | "md" | "" => (ExportFormat::Markdown, CsvWhat::KeyResults),
            "csv" | "csv key results" => (ExportFormat::Csv, CsvWhat::KeyResults),
            "csv initiatives" | "initiatives" => (ExportFormat::Csv, CsvWhat::Initiatives),
            "csv health" | "health" => (ExportFormat::Csv, CsvWhat::Health),
            "json" => (ExportFormat::Json, CsvWhat::KeyResults),
            _ => {
                form.set_error(Field::Format, "markdown, csv, csv initiatives, csv health or json");
                return None;
            }
        };
        let path = form.value(Field::File);
        if path.is_empty() {
            form.set_error(Field::File, "where should it go?");
            return None;
        }
        Some(Effect::Export { format, what, sections: MarkdownSections::ALL, path: path.into() })
    }
}

crate::ui::form::form_dialog!(State);
