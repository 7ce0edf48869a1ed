//! The `quarterdeck` binary: install error hooks, parse the command line, dispatch.

use std::process::ExitCode;

use quarterdeck::cli::output::{end_on_broken_pipe, err_line, is_broken_pipe};

fn main() -> ExitCode {
    quarterdeck::model::clock::Clock::look_up_zone_early();
    if let Err(e) = color_eyre::install() {
        err_line(&format!("quarterdeck: could not set up error reporting: {e}"));
    }
    let cli = quarterdeck::cli::parse_args();
    match quarterdeck::cli::main(&cli) {
        Ok(code) => code,
        // The reader went away (`| head -1`): end as a pipe's writer does, quietly.
        Err(e) if is_broken_pipe(&e) => end_on_broken_pipe(),
        // Saved and restored already: the status a shell expects of a signal.
        Err(e) if e.downcast_ref::<quarterdeck::cli::EndedBySignal>().is_some() => {
            let signal = e.downcast_ref::<quarterdeck::cli::EndedBySignal>().map_or(0, |s| s.0);
            ExitCode::from(u8::try_from(128 + signal).unwrap_or(u8::MAX))
        }
        Err(e) => {
            err_line(&format!("quarterdeck: {}", quarterdeck::model::text::clean_line(&e.to_string())));
            ExitCode::from(1)
        }
    }
}
