//! The command line: `daftar` opens the interface; subcommands work on the store without it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::app::App;
use crate::config;
use crate::error::{Error, Result};
use crate::form::check_form;
use crate::i18n::Lang;
use crate::store::{FormRecord, RECORD_FORMAT, Store, export_jsonl};
use crate::text::{BidiMode, Dir, render_into};

#[derive(Parser, Debug)]
#[command(name = "daftar", version, about = "Structured interviews for a rehabilitation and reintegration programme")]
pub struct Cli {
    /// The store directory (default: daftar/store in the platform data directory).
    #[arg(long, env = "DAFTAR_STORE", global = true, value_name = "PATH")]
    pub store: Option<PathBuf>,
    /// Interface language: en, fr or ar (default: from LANG, else en).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Who shows Arabic right: app (Daftar orders and joins letters), reorder (Daftar orders,
    /// the terminal joins), terminal (the terminal does both). Default: the settings screen's
    /// choice, else app.
    #[arg(long, env = "DAFTAR_BIDI", value_name = "MODE")]
    pub bidi: Option<BidiMode>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write every participant and interview, one JSON object per line.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Write to this file instead of standard output (replaced only once complete).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check, list and install form definitions (see docs/forms.md).
    #[command(subcommand)]
    Forms(FormsCommand),
    /// Import records into the store.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Maintain the store's derived index (summaries, search, statistics).
    #[command(subcommand)]
    Index(IndexCommand),
    /// Print lines read from standard input (logical order, UTF-8) exactly as Daftar would
    /// put them on screen: one output line per display line, no padding.
    Text {
        /// app, reorder or terminal (see --bidi).
        #[arg(long, default_value_t = BidiMode::App)]
        mode: BidiMode,
        /// Paragraph direction: rtl, ltr, or auto (from the first strong character).
        #[arg(long, default_value_t = Dir::Auto)]
        dir: Dir,
        /// Wrap lines to this many columns (default: no wrapping).
        #[arg(long)]
        width: Option<usize>,
    },
}

#[derive(Subcommand, Debug)]
pub enum FormsCommand {
    /// Check form files; print every error as FILE:LINE:COLUMN: message. Exit 1 on any error.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the forms in the store: id, version, title, built-in or installed.
    List,
    /// Add a form to the store, or upgrade one to a newer version.
    Install {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Import participants from JSONL (as `daftar export` writes it) or CSV with a header row
    /// (name_ar, name_latin, date_of_birth, file_number, facility, entry_date). Every row is
    /// checked first; if any is wrong nothing is imported. Rows already in the store are
    /// skipped, so importing the same file twice adds nothing.
    Participants {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum IndexCommand {
    /// Recompute summaries, the interviews of each participant and session statistics from the
    /// records.
    Rebuild,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
}

fn open_store(cli: &Cli) -> Result<Store> {
    let path = match &cli.store {
        Some(path) => path.clone(),
        None => config::default_store_path()?,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|source| Error::Io {
            action: "creating",
            path: parent.to_path_buf(),
            source,
        })?;
    }
    Store::open(&path)
}

pub fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        None => run_tui(&cli),
        Some(Command::Export { format: ExportFormat::Jsonl, out }) => export(&cli, out.as_deref()),
        Some(Command::Text { mode, dir, width }) => text(*mode, *dir, *width),
        Some(Command::Forms(FormsCommand::Check { files })) => forms_check(files),
        Some(Command::Forms(FormsCommand::List)) => forms_list(&cli),
        Some(Command::Forms(FormsCommand::Install { file })) => forms_install(&cli, file),
        Some(Command::Import(ImportCommand::Participants { file })) => import_participants(&cli, file),
        Some(Command::Index(IndexCommand::Rebuild)) => {
            let store = open_store(&cli)?;
            store.rebuild_index()?;
            println!("index rebuilt: {} participants", store.summaries()?.len());
            Ok(())
        }
    }
}

/// `daftar import participants`: check every row, then import all or nothing.
fn import_participants(cli: &Cli, path: &Path) -> Result<()> {
    use std::io::IsTerminal;
    let text = read_form_file(path)?;
    let store = open_store(cli)?;
    let interviewer = store.interviewer()?.unwrap_or_else(|| "import".into());
    let today = chrono::Local::now().date_naive();
    let tty = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if total >= 10_000 {
            if tty {
                eprint!("\rchecking rows: {done} of {total}");
                if done == total {
                    eprintln!();
                }
            } else if done == total || done.is_multiple_of(100_000) {
                eprintln!("checking rows: {done} of {total}");
            }
        }
    };
    let bad = |errors: Vec<crate::store::RowError>| {
        for e in &errors {
            println!("{}:{}: {}", path.display(), e.line, e.message);
        }
        Error::Usage(format!("{} problems found; nothing was imported", errors.len()))
    };
    let (rows, report) = crate::store::parse_participants(&text, today, &interviewer, &mut progress).map_err(bad)?;
    let report = store.import_participants(rows, report)?.map_err(bad)?;
    // Keeps the next start of the interface fast (see Store::save_summaries_copy).
    if report.added > 0 {
        store.save_summaries_copy(&store.summaries()?)?;
    }
    println!(
        "imported {} participants; {} were already in the store{}",
        report.added,
        report.already_present,
        if report.other_lines > 0 {
            format!("; {} interview and stage lines were not imported (participants only)", report.other_lines)
        } else {
            String::new()
        }
    );
    Ok(())
}

fn read_form_file(path: &Path) -> Result<String> {
    let bytes = fs::read(path).map_err(|source| Error::Io { action: "reading", path: path.to_path_buf(), source })?;
    String::from_utf8(bytes).map_err(|_| Error::Usage(format!("{}: the file is not UTF-8 text", path.display())))
}

/// `daftar forms check`: every error of every file on standard output, then exit 1 if any.
fn forms_check(files: &[PathBuf]) -> Result<()> {
    let mut failed = 0;
    for path in files {
        let errors = match read_form_file(path) {
            Err(e) => vec![format!("{}: {e}", path.display())],
            Ok(text) => match check_form(&text) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.iter().map(|e| format!("{}:{e}", path.display())).collect(),
            },
        };
        if !errors.is_empty() {
            failed += 1;
        }
        for e in errors {
            println!("{e}");
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(Error::Usage(format!("{n} of {} form files have errors", files.len()))),
    }
}

fn forms_list(cli: &Cli) -> Result<()> {
    let store = open_store(cli)?;
    let lang = config::language(cli.lang);
    let (forms, _) = crate::app::forms::load(&store)?;
    let latest: Vec<(String, u32)> =
        crate::app::forms::latest(&forms).iter().map(|f| (f.id.clone(), f.version)).collect();
    for record in store.forms()? {
        let title = crate::form::load_form(&record.id, &record.source)
            .map(|f| f.title.get(lang).into_owned())
            .unwrap_or_else(|e| format!("(unreadable: {e})"));
        let origin = if record.builtin { "built-in" } else { "installed" };
        let current = if latest.contains(&(record.id.clone(), record.version)) { "" } else { "  (older version)" };
        println!("{}\tv{}\t{origin}\t{title}{current}", record.id, record.version);
    }
    Ok(())
}

/// `daftar forms install`: checks the file, then stores it if its version is newer than every
/// stored version of the same form.
fn forms_install(cli: &Cli, path: &Path) -> Result<()> {
    let text = read_form_file(path)?;
    let form = check_form(&text).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("{}:{e}", path.display())).collect();
        Error::Usage(format!("the form has errors and was not installed:\n{}", lines.join("\n")))
    })?;
    let store = open_store(cli)?;
    crate::app::forms::load(&store)?;
    if let Some(newest) = store.forms()?.iter().filter(|r| r.id == form.id).map(|r| r.version).max()
        && newest >= form.version
    {
        return Err(Error::Usage(format!(
            "form '{}' version {} is not newer than the version {newest} in the store; raise 'version' to install it",
            form.id, form.version
        )));
    }
    store.save_form(&FormRecord {
        format: RECORD_FORMAT,
        id: form.id.clone(),
        version: form.version,
        source: text,
        installed_at: chrono::Utc::now(),
        builtin: false,
    })?;
    println!("installed form '{}' version {}", form.id, form.version);
    Ok(())
}

fn text(mode: BidiMode, dir: Dir, width: Option<usize>) -> Result<()> {
    use std::io::{BufRead, IsTerminal};
    if width == Some(0) {
        return Err(Error::Usage("--width must be at least 1".into()));
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    // Line by line to a terminal, as typed; in large blocks to a pipe or a file, where one
    // write per line would cost more than laying the line out.
    let interactive = stdout.is_terminal();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let write_err = |source| Error::Io { action: "writing to", path: "standard output".into(), source };
    let (mut line, mut shown) = (String::new(), String::new());
    for n in 1.. {
        line.clear();
        let read = input.read_line(&mut line).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => Error::Usage(format!("line {n} of the input is not UTF-8")),
            _ => Error::Io { action: "reading", path: "standard input".into(), source: e },
        })?;
        if read == 0 {
            break;
        }
        let logical = line.strip_suffix('\n').unwrap_or(&line);
        shown.clear();
        render_into(logical.strip_suffix('\r').unwrap_or(logical), mode, dir, width, &mut shown);
        out.write_all(shown.as_bytes()).map_err(write_err)?;
        if interactive {
            out.flush().map_err(write_err)?;
        }
    }
    out.flush().map_err(write_err)
}

fn run_tui(cli: &Cli) -> Result<()> {
    let store = open_store(cli)?;
    let lang = config::language(cli.lang);
    let today = chrono::Local::now().date_naive();
    let mut app = App::new(store, lang, today, cli.bidi)?;
    crate::tui::run(&mut app)?;
    // Makes the next start fast on a large store; a failure here loses nothing.
    if app.state.directory_loaded && !app.state.store_failed {
        let _ = app.store().save_summaries_copy(&app.state.directory);
    }
    Ok(())
}

fn export(cli: &Cli, out: Option<&Path>) -> Result<()> {
    let store = open_store(cli)?;
    match out {
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            export_jsonl(&store, &mut lock)?;
        }
        Some(path) => write_atomically(path, |file| export_jsonl(&store, file).map(|_| ()))?,
    }
    Ok(())
}

/// Writes `path` through a temporary file beside it, renamed into place only when complete, so
/// a failure never leaves a half-written file under the name asked for.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    fn io(action: &'static str, p: &Path) -> impl Fn(std::io::Error) -> Error + use<> {
        let path = p.to_path_buf();
        move |source| Error::Io { action, path: path.clone(), source }
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let temp = path.with_file_name(format!(".{name}.partial"));
    let result = (|| {
        let mut file = fs::File::create(&temp).map_err(io("creating", &temp))?;
        write(&mut file)?;
        file.sync_all().map_err(io("writing", &temp))?;
        fs::rename(&temp, path).map_err(io("replacing", path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
