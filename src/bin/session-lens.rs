//! `session-lens`: the native command line over the analysis core.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match session_lens::cli::run(&arguments) {
        Ok(output) => match std::io::stdout().write_all(output.stdout.as_bytes()) {
            Ok(()) => {
                for note in output.notes {
                    eprintln!("session-lens: {note}");
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("session-lens: cannot write output: {error}");
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            eprintln!("session-lens: {error}");
            ExitCode::from(2)
        }
    }
}
