//! The `daftar` binary: parse the command line, run, and turn any error into one line on
//! standard error with exit code 1 (never a panic or a backtrace).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Before anything holds a password or a key: no core file, and (Linux) no ptrace attach or
    // /proc memory read by another process of the same user. A failure leaves Daftar no less
    // safe than before, so it starts anyway.
    let _ = daftar::hardening::keep_memory_private();
    // Every file and directory Daftar makes (the store's, a salvage's, an export) is its
    // owner's only: the register and the accounts' verifiers are never readable by others.
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let cli = daftar::cli::Cli::parse();
    let lang = daftar::config::language(cli.lang);
    let result = daftar::cli::run(cli);
    // The reader of the output went away (`| head`): nothing more to say to anyone, but the
    // exit status is still the command's own (an import with problems still fails).
    if daftar::cli::output_closed() || result.as_ref().is_err_and(|e| e.is_closed_output()) {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.is_closed_output() => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(1),
        };
    }
    let result: anyhow::Result<()> = result.map_err(|e| anyhow::anyhow!(e.localized(lang)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("daftar: {}", daftar::i18n::plain(&format!("{err:#}")));
            ExitCode::from(1)
        }
    }
}
