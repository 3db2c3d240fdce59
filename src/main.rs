//! The `daftar` binary: parse the command line, run, and turn any error into one line on
//! standard error with exit code 1 (never a panic or a backtrace).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = daftar::cli::Cli::parse();
    let lang = daftar::config::language(cli.lang);
    let result: anyhow::Result<()> = match daftar::cli::run(cli) {
        // The reader of the output went away (`| head`): nothing more to say to anyone.
        Err(e) if e.is_closed_output() => Ok(()),
        other => other.map_err(|e| anyhow::anyhow!(e.localized(lang))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("daftar: {}", daftar::i18n::plain(&format!("{err:#}")));
            ExitCode::from(1)
        }
    }
}
