//! The `quarterdeck` binary: install error hooks, parse the command line, dispatch.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("quarterdeck: could not set up error reporting: {e}");
    }
    let cli = quarterdeck::cli::Cli::parse();
    match quarterdeck::cli::main(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("quarterdeck: {}", quarterdeck::model::text::clean_line(&e.to_string()));
            ExitCode::from(1)
        }
    }
}
