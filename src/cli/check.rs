//! `check`: the coach's findings for a workshop or for single texts, as text or JSON, with
//! an exit code a CI job can use.

use super::{CheckFormat, Cli, find};
use crate::model::text::clean_line;
use crate::store::Store;

/// `check`: the coach's findings for a workshop or for single texts.
pub(super) fn check(
    cli: &Cli,
    workshop: Option<&str>,
    format: CheckFormat,
    objectives: &[String],
    key_results: &[String],
) -> std::process::ExitCode {
    use crate::model::coach::{self, Finding, Severity};
    let fail = |message: String| {
        eprintln!("quarterdeck: {}", clean_line(&message));
        std::process::ExitCode::from(2)
    };
    let (label, findings): (String, Vec<Finding>) = if let Some(name) = workshop {
        let loaded = Store::resolve_dir(cli.data_dir.clone())
            .and_then(|dir| Store::open(dir).map(|(store, _)| store))
            .map_err(|e| e.to_string())
            .and_then(|store| {
                let slug = find(&store, name).map_err(|e| e.to_string())?;
                store.load(&slug).map(|w| (store.path_of(&slug), w)).map_err(|e| e.to_string())
            });
        match loaded {
            Ok((path, w)) => (path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(), coach::review(&w)),
            Err(e) => return fail(e),
        }
    } else if objectives.is_empty() && key_results.is_empty() {
        return fail("check needs a workshop name, or texts to lint with --objective or --key-result".into());
    } else {
        let mut all = Vec::new();
        for t in objectives {
            all.extend(coach::check_objective_text(&clean_line(t)));
        }
        for t in key_results {
            all.extend(coach::check_key_result_text(&clean_line(t)));
        }
        ("the texts given".to_string(), all)
    };
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    match format {
        CheckFormat::Json => {
            let list: Vec<serde_json::Value> = findings
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "code": f.code,
                        "severity": if f.severity == Severity::Warning { "warning" } else { "advice" },
                        "subject": f.subject.key(),
                        "reason": f.reason,
                        "suggestion": f.suggestion,
                        "example": f.example.as_ref().map(|(weak, strong)| serde_json::json!({ "weak": weak, "strong": strong })),
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into()));
        }
        CheckFormat::Text => {
            println!("{label}: {warnings} warnings, {} advice", findings.len() - warnings);
            for f in &findings {
                let severity = if f.severity == Severity::Warning { "warning" } else { "advice " };
                println!("{severity}  {:<6} {:<28} {} {}", f.subject.key(), f.code, f.reason, f.suggestion);
            }
        }
    }
    std::process::ExitCode::from(u8::from(warnings > 0))
}
