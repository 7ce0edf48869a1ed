//! What the commands print. Writing never panics: a failed write to standard output is an
//! error the command returns, and a closed pipe (`quarterdeck export … | head -1`) ends the
//! program the way a pipe's writer conventionally ends, killed by SIGPIPE (status 141 in a
//! shell), quietly. Messages on standard error are best effort.

use std::io::{self, Write as _};

use color_eyre::eyre::Report;

/// Writes `text` to standard output as it is.
pub fn out(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Writes `text` and a line break to standard output.
pub fn out_line(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.write_all(b"\n")?;
    stdout.flush()
}

/// Writes a line to standard error; a standard error that is gone is no reason to fail.
pub fn err_line(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Whether the error is a write into a pipe whose reader has gone.
pub fn is_broken_pipe(report: &Report) -> bool {
    report.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Ends the program as a writer into a closed pipe conventionally ends: by SIGPIPE's own
/// default action (the shell then reports 141). Where that is not possible, exit 141.
pub fn end_on_broken_pipe() -> std::process::ExitCode {
    #[cfg(unix)]
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
    std::process::ExitCode::from(141)
}
