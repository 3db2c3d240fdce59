//! The command line: `daftar` opens the interface; subcommands work on the store without it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::age_file::{Identities, Recipients};
use crate::app::App;
use crate::auth::{AccountProblem, Action, ExposeSecret, LoggedIn, SecretString, Session};
use crate::config;
use crate::error::{Error, Result};
use crate::form::check_form;
use crate::i18n::{Lang, T};
use crate::store::audit::{AuditAction, AuditEvent, AuditHead};
use crate::store::{FormRecord, RECORD_FORMAT, Store, export_jsonl};
use crate::text::{BidiMode, Dir, render_into};

#[derive(Parser, Debug)]
#[command(name = "daftar", version, about = "Structured interviews for a rehabilitation and reintegration programme")]
pub struct Cli {
    /// The store: a directory (default: daftar/store in the platform data directory), or a
    /// PostgreSQL database, postgresql:///NAME (its Unix socket in /run/postgresql; ?host=DIR
    /// names another).
    #[arg(long, env = "DAFTAR_STORE", global = true, value_name = "PATH|URL")]
    pub store: Option<PathBuf>,
    /// Interface language: en, fr or ar (default: from LANG, else en).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Who shows Arabic right: app (Daftar orders and joins letters), reorder (Daftar orders,
    /// the terminal joins), terminal (the terminal does both). Default: the settings screen's
    /// choice, else app.
    #[arg(long, env = "DAFTAR_BIDI", value_name = "MODE")]
    pub bidi: Option<BidiMode>,
    /// Where the interface keeps its automatic backups (default: STORE.backups beside the
    /// store).
    #[arg(long, env = "DAFTAR_BACKUP_DIR", global = true, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
    /// The account a command runs as; its password is then asked on the terminal (without
    /// echo), or read from standard input with --password-stdin.
    #[arg(long, env = "DAFTAR_USER", global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// Read the password from the first line of standard input instead of asking (for scripts).
    /// Never give a password on the command line or in the environment.
    #[arg(long, global = true)]
    pub password_stdin: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a store with its first administrator, asking the username, the full name and
    /// the password (twice) on the terminal; on a store from before accounts, give it its first
    /// administrator. With --admin, --name and --password-stdin it asks nothing.
    Init {
        /// The administrator's username.
        #[arg(long, value_name = "USERNAME")]
        admin: Option<String>,
        /// The administrator's full name (any script).
        #[arg(long, value_name = "FULL NAME")]
        name: Option<String>,
    },
    /// Manage accounts (administrators only).
    #[command(subcommand)]
    Users(UsersCommand),
    /// Write every participant and interview, one JSON object per line.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Write to this file instead of standard output (replaced only once complete).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Write the whole store with its history instead: every record as stored (every
        /// version), the accounts and the audit trail with its key, as JSON lines with a format
        /// number, for `daftar import history` into a new store (administrators; the file is
        /// as sensitive as the store).
        #[arg(long)]
        with_history: bool,
        /// Encrypt the output with age to this X25519 recipient (age1…, as `daftar keys
        /// identity` or `age-keygen` print it); may be given more than once. Without it the
        /// export is written in the clear (a file readable by its owner only).
        #[arg(long = "encrypt-to", value_name = "RECIPIENT")]
        encrypt_to: Vec<String>,
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
    /// Write a verified copy of the whole store to DIR (a new or empty directory): a manifest
    /// with checksums, and the records exactly as stored.
    Backup {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Restore a backup into --store PATH, which must not exist or be an empty directory. The
    /// backup's checksums are verified first.
    Restore {
        #[arg(value_name = "BACKUP")]
        backup: PathBuf,
    },
    /// Check and rescue the store itself.
    #[command(subcommand)]
    Store(StoreCommand),
    /// The audit trail: its head, its verification, its export.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The store's key.
    #[command(subcommand)]
    Keys(KeysCommand),
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
pub enum UsersCommand {
    /// Add an account; prints its one-time temporary password, to be changed at the first
    /// login within 72 hours.
    Add {
        #[arg(value_name = "USERNAME")]
        username: String,
        /// interviewer, supervisor or administrator.
        #[arg(long, value_name = "ROLE")]
        role: String,
        /// The full name (any script).
        #[arg(long, value_name = "FULL NAME")]
        name: String,
    },
    /// List every account: username, role, status, full name.
    List,
    /// Disable an account: it can no longer log in (accounts are never deleted).
    Disable {
        #[arg(value_name = "USERNAME")]
        username: String,
    },
    /// Enable a disabled account again.
    Enable {
        #[arg(value_name = "USERNAME")]
        username: String,
    },
    /// Give an account another role.
    SetRole {
        #[arg(value_name = "USERNAME")]
        username: String,
        #[arg(value_name = "ROLE")]
        role: String,
    },
    /// Set a new temporary password (printed once), to be changed at the next login.
    ResetPassword {
        #[arg(value_name = "USERNAME")]
        username: String,
    },
    /// End a lock after failed logins at once.
    Unlock {
        #[arg(value_name = "USERNAME")]
        username: String,
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
        /// The age identity file (AGE-SECRET-KEY-1…) that decrypts FILE, when it is
        /// encrypted (an export written with --encrypt-to).
        #[arg(long, value_name = "IDENTITY")]
        identity: Option<PathBuf>,
    },
    /// Import a history export (`daftar export --with-history`) into a new store: --store must
    /// not exist or be an empty directory. The records, their versions, the accounts and the
    /// audit trail are restored as they were; the chain is verified back to the source's head
    /// before the store is moved into place. Asks the password of an administrator of the
    /// exported store (--user).
    History {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The age identity file (AGE-SECRET-KEY-1…) that decrypts FILE, when it is
        /// encrypted (an export written with --encrypt-to).
        #[arg(long, value_name = "IDENTITY")]
        identity: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum IndexCommand {
    /// Recompute summaries, the interviews of each participant and session statistics from the
    /// records.
    Rebuild,
}

#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Copy every record that can still be read from the store SRC (damaged or not) into a new
    /// store at DEST, and list what could not be read, by tree and key. SRC is never written;
    /// DEST must not exist.
    Salvage {
        #[arg(value_name = "SRC")]
        src: PathBuf,
        #[arg(value_name = "DEST")]
        dest: PathBuf,
    },
    /// Copy the whole store FROM into a new one at TO, each a folder or a postgresql://
    /// database (administrators, --user): a folder into PostgreSQL, or back. All or nothing,
    /// with a progress bar; FROM is held still meanwhile and never written. At the end the
    /// copy's entries are counted and its audit chain verified back to FROM's head.
    Copy {
        #[arg(value_name = "FROM")]
        from: PathBuf,
        #[arg(value_name = "TO")]
        to: PathBuf,
    },
    /// Encrypt a store written by a Daftar from before encryption (administrators, --user):
    /// every value is sealed with a new key, crash-safely (a kill at any moment leaves the old
    /// store or the new one, never a mix). Prints the recovery key once, and a temporary
    /// password for every other active account, to hand out.
    Encrypt,
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// When every administrator password is lost: with the recovery key shown when the store
    /// was made, give an administrator (--user, or asked) a new password. Asks the recovery key
    /// and the new password (twice) on the terminal without echo; with --password-stdin, reads
    /// the recovery key and the new password as the first two lines of standard input.
    Recover,
    /// Re-encrypt the whole store under a fresh key (administrators, --user; the store must not
    /// be open elsewhere): the new key is wrapped for every active account and the recovery
    /// key, so a disabled account's copy of the old key opens nothing written afterwards.
    /// Crash-safe: killed, it leaves the store under the old key or the new one, and is run again.
    Rotate,
    /// Make a new age X25519 identity in FILE (readable by its owner only; refused if FILE
    /// exists) and print its recipient (age1…), for the team that receives exports to give out:
    /// exports written with --encrypt-to RECIPIENT are imported with --identity FILE. Needs no
    /// store and no login (it reads and writes nothing of a store).
    Identity {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Print the chain head as SEQ:MAC, to write down or send elsewhere (supervisors and
    /// administrators). Reading it is itself the entry it prints.
    Head,
    /// Walk the whole chain and check every entry's MAC, number and place, and the head; with
    /// --head, also that the chain still holds that head (written down earlier). Exit 1 naming
    /// the first broken entry (supervisors and administrators).
    Verify {
        #[arg(long, value_name = "SEQ:MAC")]
        head: Option<String>,
    },
    /// Write every entry as one JSON object per line (administrators): it holds the values
    /// that changed, so keep it as safe as the store.
    Export {
        /// Write to this file instead of standard output (replaced only once complete).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Encrypt the output with age to this X25519 recipient (age1…, as `daftar keys
        /// identity` or `age-keygen` print it); may be given more than once. Without it the
        /// trail is written in the clear (a file readable by its owner only).
        #[arg(long = "encrypt-to", value_name = "RECIPIENT")]
        encrypt_to: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
}

fn store_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.store {
        Some(path) => Ok(path.clone()),
        None => config::default_store_path(),
    }
}

/// Opens the store for a command: it must exist. Only `daftar init` and the interface create
/// one, so a mistyped `--store` is refused instead of answered from an empty new store.
fn open_store(cli: &Cli) -> Result<Store> {
    let store = Store::open_existing(&store_path(cli)?)?;
    warn_if_exposed(&store, config::language(cli.lang));
    Ok(store)
}

/// Says on standard error when the store's directory is open to other accounts.
fn warn_if_exposed(store: &Store, lang: Lang) {
    if let Some(warning) = store.exposure_warning(lang) {
        eprintln!("daftar: {}", crate::i18n::plain(&warning));
    }
}

/// Opens the store and logs in the account `--user` names, then asks the policy for `action`:
/// the session, or the refusal. The password comes from the terminal without echo, or from
/// standard input with `--password-stdin`.
fn open_as(cli: &Cli, action: Action, lang: Lang) -> Result<(Store, Session)> {
    let store = open_store(cli)?;
    let session = authenticate(cli, &store, action, lang)?;
    Ok((store, session))
}

/// Logs in `--user` on `store` and checks `action` for them.
fn authenticate(cli: &Cli, store: &Store, action: Action, lang: Lang) -> Result<Session> {
    let Some(user) = cli.user.as_deref() else {
        return Err(Error::Usage(T::CmdNoUser.get(lang).into()));
    };
    if !store.has_accounts()? {
        return Err(Error::Account(AccountProblem::StoreHasNoAccounts(store.path().display().to_string())));
    }
    let password = read_password(cli, &T::CmdAskPassword.fill_plain(lang, &[("user", user)]), lang)?;
    let logged_in = store.log_in(user, &password, now()?)?;
    let session = logged_in.session();
    // The policy first: what the role may never do is said as such, temporary password or not.
    crate::auth::policy::check(session.role, action)
        .map_err(|refused| Error::Refused { user: session.username.clone(), refused })?;
    match logged_in {
        LoggedIn::Ready(session) => Ok(session),
        LoggedIn::MustChangePassword(_) => Err(Error::Usage(T::LoginMustChange.get(lang).into())),
    }
}

/// Logs in `--user` for `daftar audit verify`, as [`authenticate`] does; when the login cannot
/// be written because the audit trail refuses appends (an entry after its head, its head or key
/// gone), the same password is judged against the accounts without writing anything, so that
/// a damaged trail can still be verified.
fn authenticate_to_verify(cli: &Cli, store: &Store, lang: Lang) -> Result<()> {
    let Some(user) = cli.user.as_deref() else {
        return Err(Error::Usage(T::CmdNoUser.get(lang).into()));
    };
    if !store.has_accounts()? {
        return Err(Error::Account(AccountProblem::StoreHasNoAccounts(store.path().display().to_string())));
    }
    let password = read_password(cli, &T::CmdAskPassword.fill_plain(lang, &[("user", user)]), lang)?;
    let now = now()?;
    let logged_in = store.log_in_to_verify(user, &password, now)?;
    let session = logged_in.session();
    crate::auth::policy::check(session.role, Action::ViewAudit)
        .map_err(|refused| Error::Refused { user: session.username.clone(), refused })?;
    match logged_in {
        LoggedIn::Ready(_) => Ok(()),
        LoggedIn::MustChangePassword(_) => Err(Error::Usage(T::LoginMustChange.get(lang).into())),
    }
}

/// Logs in `--user` against accounts read from a store that is not open as one (a salvage's
/// source, a backup) and checks `action`, before anything is written. A store from before
/// accounts (none, and never marked as having had any) admits anyone, as its files do; one
/// that lost its accounts was refused already ([`crate::store::FoundAccounts::check_not_lost`]).
fn admit(cli: &Cli, found: &crate::store::FoundAccounts, action: Action, lang: Lang) -> Result<()> {
    if found.is_empty() {
        return Ok(());
    }
    let Some(user) = cli.user.as_deref() else {
        return Err(Error::Usage(T::CmdNoUser.get(lang).into()));
    };
    let password = read_password(cli, &T::CmdAskPassword.fill_plain(lang, &[("user", user)]), lang)?;
    let logged_in = found.log_in(user, &password, now()?)?;
    let session = logged_in.session();
    crate::auth::policy::check(session.role, action)
        .map_err(|refused| Error::Refused { user: session.username.clone(), refused })?;
    match logged_in {
        LoggedIn::Ready(_) => Ok(()),
        LoggedIn::MustChangePassword(_) => Err(Error::Usage(T::LoginMustChange.get(lang).into())),
    }
}

/// The password, from the first line of standard input (`--password-stdin`) or asked on the
/// terminal without echo. Input longer than any password allowed is cut there, so a huge
/// paste is refused by length without being held whole.
fn read_password(cli: &Cli, prompt: &str, lang: Lang) -> Result<SecretString> {
    let text = if cli.password_stdin {
        read_password_line(lang)?
    } else {
        rpassword::prompt_password(crate::i18n::plain(prompt))
            .map_err(|_| Error::Usage(T::CmdNoTerminal.get(lang).into()))?
    };
    Ok(SecretString::from(text))
}

/// The first line of standard input, read straight from the descriptor (not through `Stdin`'s
/// buffer, which would keep a copy) into one fixed buffer zeroed when dropped. What follows
/// the line in the same read is dropped with it: no command reads standard input after the
/// password.
fn read_password_line(lang: Lang) -> Result<String> {
    Ok(read_stdin_lines(1, lang)?.into_iter().next().unwrap_or_default())
}

/// The first `n` lines of standard input, read as [`read_password_line`] reads one.
fn read_stdin_lines(n: usize, lang: Lang) -> Result<Vec<String>> {
    use std::io::Read;
    const LIMIT: usize = crate::auth::password::MAX_CHARS * 4 * 3 + 2;
    let io = |source| Error::Io { action: "reading", path: "standard input".into(), source };
    let mut input = std::fs::File::from(std::os::fd::AsFd::as_fd(&std::io::stdin()).try_clone_to_owned().map_err(io)?);
    let mut buffer = zeroize::Zeroizing::new(vec![0u8; n * (LIMIT + 1)]);
    let mut filled = 0;
    let mut ended = false;
    // Read until `n` line ends are in, or the input ends.
    while !ended && buffer[..filled].iter().filter(|b| **b == b'\n').count() < n {
        if filled == buffer.len() {
            // Cut short (perhaps inside a character): longer than any password may be.
            return Err(Error::Password(crate::auth::PasswordProblem::TooLong));
        }
        match input.read(&mut buffer[filled..]) {
            Ok(0) => ended = true,
            Ok(read) => filled += read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    let mut lines = Vec::with_capacity(n);
    for (at, mut line) in buffer[..filled].split(|b| *b == b'\n').take(n).enumerate() {
        if line.len() > LIMIT {
            return Err(Error::Password(crate::auth::PasswordProblem::TooLong));
        }
        while let [rest @ .., b'\r'] = line {
            line = rest;
        }
        let text = std::str::from_utf8(line)
            .map_err(|_| Error::Usage(T::CmdInputNotUtf8.fill(lang, &[("n", &(at + 1).to_string())])))?;
        lines.push(text.to_string());
    }
    Ok(lines)
}

/// The time now. Debug builds (the tests) may set it with `DAFTAR_TEST_NOW`: an RFC 3339 time,
/// or `@FILE`, a file holding one, read again at every call (the interface calls this at every
/// tick, so a test moves the clock by rewriting the file), so that a lock or the idle time can
/// be waited out without waiting. A release build refuses that variable.
fn now() -> Result<chrono::DateTime<chrono::Utc>> {
    match std::env::var("DAFTAR_TEST_NOW") {
        Err(_) => Ok(chrono::Utc::now()),
        Ok(_) if !cfg!(debug_assertions) => {
            Err(Error::Usage("DAFTAR_TEST_NOW is for tests; this build of daftar refuses it".into()))
        }
        Ok(text) => {
            let text = match text.strip_prefix('@') {
                Some(file) => fs::read_to_string(file).map_err(|source| Error::Io {
                    action: "reading",
                    path: PathBuf::from(file),
                    source,
                })?,
                None => text,
            };
            chrono::DateTime::parse_from_rfc3339(text.trim())
                .map(|t| t.with_timezone(&chrono::Utc))
                .map_err(|e| Error::Usage(format!("DAFTAR_TEST_NOW: {e}")))
        }
    }
}

/// One line typed on the terminal (with echo), for `daftar init`'s username and full name.
fn ask_line(prompt: &str) -> Result<String> {
    use std::io::BufRead;
    eprint!("{}", crate::i18n::plain(prompt));
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|source| Error::Io {
        action: "reading",
        path: "standard input".into(),
        source,
    })?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// `daftar init`: a new store with its administrator, or the first administrator of a store
/// from before accounts. Refused on a store that has accounts.
fn init(cli: &Cli, admin: Option<&str>, name: Option<&str>, lang: Lang) -> Result<()> {
    let path = store_path(cli)?;
    // Refused before anything is asked.
    let existing = if crate::store::is_free_for_a_store(&path)? {
        None
    } else {
        let store = Store::open_existing(&path)?;
        if store.has_accounts()? {
            return Err(Error::Account(AccountProblem::StoreHasAccounts));
        }
        Some(store)
    };
    if cli.password_stdin && (admin.is_none() || name.is_none()) {
        return Err(Error::Usage(T::InitNeedsAdminAndName.get(lang).into()));
    }
    let username = match admin {
        Some(a) => a.to_string(),
        None => ask_line(T::InitAskUsername.get(lang))?,
    };
    crate::auth::account::check_username(&username).map_err(Error::Account)?;
    let full_name = match name {
        Some(n) => n.to_string(),
        None => ask_line(T::InitAskFullName.get(lang))?,
    };
    crate::auth::account::check_full_name(&full_name).map_err(Error::Account)?;
    let (password, again) = if cli.password_stdin {
        let p = read_password(cli, "", lang)?;
        let again = SecretString::from(p.expose_secret().to_string());
        (p, again)
    } else {
        let p = read_password(cli, T::InitAskPassword.get(lang), lang)?;
        // Said before the repetition is asked, so a short password is not typed twice.
        crate::auth::password::check_new(&p, &username).map_err(Error::Password)?;
        (p, read_password(cli, T::InitAskPasswordAgain.get(lang), lang)?)
    };
    let shown = path.display().to_string();
    match existing {
        Some(store) => {
            let (account, recovery) = store.create_first_admin(&username, &full_name, &password, &again, now()?)?;
            say(&T::InitUpgraded.fill_plain(lang, &[("path", &shown), ("user", &account.username)]))?;
            let recovery = match recovery {
                Some(recovery) => recovery,
                None => {
                    // Its records were written before encryption: encrypted whole, now.
                    drop(store);
                    let progress = &mut progress_bar(T::EncryptProgress, lang);
                    let done = Store::encrypt_plain(&path, &account.username, &password, now()?, progress)?;
                    say(T::EncryptDone.get(lang))?;
                    done.recovery
                }
            };
            show_recovery_key(cli, &recovery, lang)
        }
        None => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(|source| Error::Io {
                    action: "creating",
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            let (_, account, recovery) =
                Store::create_with_admin(&path, &username, &full_name, &password, &again, now()?)?;
            say(&T::InitCreated.fill_plain(lang, &[("path", &shown), ("user", &account.username)]))?;
            show_recovery_key(cli, &recovery, lang)
        }
    }
}

/// The recovery key, printed once on standard output. Asked interactively, the administrator
/// then types back its last group (until it is right) to show it was written down; with
/// `--password-stdin` nothing is asked.
fn show_recovery_key(cli: &Cli, recovery: &crate::crypto::RecoveryKey, lang: Lang) -> Result<()> {
    say(T::InitRecoveryKey.get(lang))?;
    say(&format!("    {}", recovery.display().as_str()))?;
    if cli.password_stdin {
        return Ok(());
    }
    loop {
        let typed = ask_line(T::InitAskLastGroup.get(lang))?;
        if recovery.is_last_group(&typed) {
            return Ok(());
        }
        if typed.is_empty() && !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            // Standard input ended: nobody is there to type it.
            return Ok(());
        }
        eprintln!("{}", crate::i18n::plain(T::InitLastGroupWrong.get(lang)));
    }
}

/// `daftar store encrypt`: the administrator's password (as any command asks it), the copy
/// with a progress bar, then the recovery key and the temporary passwords, printed once.
fn encrypt(cli: &Cli, lang: Lang) -> Result<()> {
    let path = store_path(cli)?;
    let Some(user) = cli.user.as_deref() else {
        return Err(Error::Usage(T::CmdNoUser.get(lang).into()));
    };
    let password = read_password(cli, &T::CmdAskPassword.fill_plain(lang, &[("user", user)]), lang)?;
    let done = Store::encrypt_plain(&path, user, &password, now()?, &mut progress_bar(T::EncryptProgress, lang))?;
    say(T::EncryptDone.get(lang))?;
    if !done.temporary.is_empty() {
        say(T::EncryptTemporary.get(lang))?;
        for (username, temporary) in &done.temporary {
            say(&format!("    {username}: {}", temporary.expose_secret()))?;
        }
    }
    show_recovery_key(cli, &done.recovery, lang)
}

/// `daftar keys rotate`: the administrator's password, the copy with a progress bar, then the
/// accounts that can open the store under its new key.
fn keys_rotate(cli: &Cli, lang: Lang) -> Result<()> {
    let path = store_path(cli)?;
    let Some(user) = cli.user.as_deref() else {
        return Err(Error::Usage(T::CmdNoUser.get(lang).into()));
    };
    let password = read_password(cli, &T::CmdAskPassword.fill_plain(lang, &[("user", user)]), lang)?;
    let done = Store::rotate_key(&path, user, &password, now()?, &mut progress_bar(T::RotateProgress, lang))?;
    say(&T::RotateDone.fill_plain(lang, &[("accounts", &done.accounts.join(T::ListSeparator.get(lang)))]))
}

/// `daftar keys recover`: the recovery key, then the administrator and their new password
/// (twice), from the terminal without echo; with `--password-stdin`, the first line of standard
/// input is the recovery key and the second the new password.
fn keys_recover(cli: &Cli, lang: Lang) -> Result<()> {
    let store = open_store(cli)?;
    let (key, username, password, again) = if cli.password_stdin {
        let user = cli.user.clone().ok_or_else(|| Error::Usage(T::CmdNoUser.get(lang).into()))?;
        let mut lines = read_stdin_lines(2, lang)?.into_iter();
        let key = lines.next().unwrap_or_default();
        let password = SecretString::from(lines.next().unwrap_or_default());
        let again = SecretString::from(password.expose_secret().to_string());
        (SecretString::from(key), user, password, again)
    } else {
        let key = read_password(cli, T::RecoverAskKey.get(lang), lang)?;
        // A mistyped group is said before anything else is asked.
        store.check_recovery_key(key.expose_secret())?;
        let user = match &cli.user {
            Some(user) => user.clone(),
            None => ask_line(T::RecoverAskUser.get(lang))?,
        };
        let password = read_password(cli, T::InitAskPassword.get(lang), lang)?;
        let again = read_password(cli, T::InitAskPasswordAgain.get(lang), lang)?;
        (key, user, password, again)
    };
    let account = store.recover_admin(key.expose_secret(), &username, &password, &again)?;
    say(&T::RecoverDone.fill_plain(lang, &[("user", &account.username)]))
}

/// `daftar users …`: administrators only (the store's account methods check it again).
fn users(cli: &Cli, command: &UsersCommand, lang: Lang) -> Result<()> {
    let (store, me) = open_as(cli, Action::ManageAccounts, lang)?;
    let role = |name: &str| crate::auth::account::parse_role(name).map_err(Error::Account);
    let done = |words: T, account: &crate::auth::Account| {
        say(&words.fill_plain(lang, &[("user", &account.username), ("role", account.role.name())]))
    };
    match command {
        UsersCommand::Add { username, role: r, name } => {
            let r = role(r)?;
            let (account, temporary) = store.add_account(&me, username, name, r, now()?)?;
            done(T::UsersAdded, &account)?;
            say(temporary.expose_secret())
        }
        UsersCommand::List => {
            let now = now()?;
            for a in store.accounts()? {
                let mut fields = vec![
                    a.username.clone(),
                    a.role.name().to_string(),
                    if a.is_active() { T::UsersActive } else { T::UsersDisabledWord }.get(lang).to_string(),
                    a.full_name.clone(),
                ];
                if let Some(until) = a.locked_at(now) {
                    let time = until.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
                    fields.push(T::UsersLockedUntil.fill_plain(lang, &[("time", &time)]));
                }
                if a.must_change_password {
                    fields.push(T::UsersTemporary.get(lang).to_string());
                }
                say(&fields.join("\t"))?;
            }
            Ok(())
        }
        UsersCommand::Disable { username } => done(T::UsersDisabled, &store.disable_account(&me, username)?),
        UsersCommand::Enable { username } => {
            let (account, temporary) = store.enable_account(&me, username, now()?)?;
            done(T::UsersEnabled, &account)?;
            // Its old key wrap went with the disabling: it logs in with a new temporary password.
            match temporary {
                Some(temporary) => say(temporary.expose_secret()),
                None => Ok(()),
            }
        }
        UsersCommand::SetRole { username, role: r } => {
            let r = role(r)?;
            done(T::UsersRoleSet, &store.set_role(&me, username, r)?)
        }
        UsersCommand::ResetPassword { username } => {
            let temporary = store.reset_password(&me, username, now()?)?;
            let account = store
                .account_by_username(username)?
                .ok_or_else(|| Error::Account(AccountProblem::NoSuchAccount(username.clone())))?;
            done(T::UsersReset, &account)?;
            say(temporary.expose_secret())
        }
        UsersCommand::Unlock { username } => done(T::UsersUnlocked, &store.unlock_account(&me, username)?),
    }
}

/// Set once standard output was closed by its reader (`daftar forms list | head -1`).
static OUTPUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether standard output was closed by its reader while the command ran: `main` then ends
/// quietly, with the exit status the command's own result gives (a failed import still fails).
pub fn output_closed() -> bool {
    OUTPUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Notes a write that failed because the output was closed, and makes it no error: the command
/// goes on to its own result (nothing more is written), never a panic.
fn unless_closed(r: Result<()>) -> Result<()> {
    match r {
        Err(e) if e.is_closed_output() => {
            OUTPUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

/// Writes one line to standard output; nothing once the output is closed ([`output_closed`]).
fn say(line: &str) -> Result<()> {
    if output_closed() {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    let written = writeln!(out, "{}", crate::i18n::plain(line))
        .and_then(|()| out.flush())
        .map_err(|source| Error::Io { action: "writing to", path: "standard output".into(), source });
    unless_closed(written)
}

pub fn run(cli: Cli) -> Result<()> {
    let lang = config::language(cli.lang);
    match &cli.command {
        None => run_tui(&cli),
        Some(Command::Init { admin, name }) => init(&cli, admin.as_deref(), name.as_deref(), lang),
        Some(Command::Users(command)) => users(&cli, command, lang),
        Some(Command::Export { format: ExportFormat::Jsonl, out, with_history: false, encrypt_to }) => {
            // Refused before the store is opened or a password asked.
            let to = Recipients::parse(encrypt_to, lang)?;
            export(&cli, out.as_deref(), &to, lang)
        }
        Some(Command::Export { format: ExportFormat::Jsonl, out, with_history: true, encrypt_to }) => {
            let to = Recipients::parse(encrypt_to, lang)?;
            export_history(&cli, out.as_deref(), &to, lang)
        }
        Some(Command::Text { mode, dir, width }) => text(*mode, *dir, *width, lang),
        Some(Command::Forms(FormsCommand::Check { files })) => forms_check(files, lang),
        Some(Command::Forms(FormsCommand::List)) => forms_list(&cli),
        Some(Command::Forms(FormsCommand::Install { file })) => forms_install(&cli, file, lang),
        Some(Command::Import(ImportCommand::Participants { file, identity })) => {
            import_participants(&cli, file, identities(identity.as_deref(), lang)?.as_ref(), lang)
        }
        Some(Command::Import(ImportCommand::History { file, identity })) => {
            import_history(&cli, file, identities(identity.as_deref(), lang)?.as_ref(), lang)
        }
        Some(Command::Backup { dir }) => backup(&cli, dir, lang),
        Some(Command::Restore { backup }) => restore(&cli, backup, lang),
        Some(Command::Store(StoreCommand::Salvage { src, dest })) => salvage(&cli, src, dest, lang),
        Some(Command::Store(StoreCommand::Copy { from, to })) => store_copy(&cli, from, to, lang),
        Some(Command::Store(StoreCommand::Encrypt)) => encrypt(&cli, lang),
        Some(Command::Audit(command)) => audit(&cli, command, lang),
        Some(Command::Keys(KeysCommand::Recover)) => keys_recover(&cli, lang),
        Some(Command::Keys(KeysCommand::Rotate)) => keys_rotate(&cli, lang),
        Some(Command::Keys(KeysCommand::Identity { file })) => keys_identity(file, lang),
        Some(Command::Index(IndexCommand::Rebuild)) => {
            let (store, _) = open_as(&cli, Action::RebuildIndex, lang)?;
            store.rebuild_index()?;
            say(&T::CmdIndexRebuilt.count(lang, store.summaries()?.len()))?;
            let breakers = rule_breakers(&store, lang)?;
            if breakers.is_empty() {
                return Ok(());
            }
            for line in &breakers {
                say(line)?;
            }
            say(&T::CmdRulesChecked.fill(lang, &[("n", &breakers.len().to_string())]))
        }
    }
}

/// `daftar import participants`: check every row, then import all or nothing. Every problem
/// is printed as FILE:LINE: column: message, in line order, in the interviewer's language, as
/// soon as its row is read. The file is read once, a line at a time, and written in batches
/// that stay invisible until the end (see [`crate::store::PendingImport`]): memory does not grow
/// with the file beyond a few small keys per row.
///
/// An age file (an export written with `--encrypt-to`) is decrypted with `identity` as it is
/// read, each of the three times (first line, line count, rows): memory stays bounded.
fn import_participants(cli: &Cli, path: &Path, identity: Option<&Identities>, lang: Lang) -> Result<()> {
    use std::io::IsTerminal;
    let (store, session) = open_as(cli, Action::Import, lang)?;
    // Every participant imported names the importing account as its author.
    let author = crate::store::Author::Account(session.account.clone());
    let io = |source| Error::Io { action: "reading", path: path.to_path_buf(), source };
    let open = || crate::age_file::open_reader(path, identity, lang);
    let mut first = String::new();
    std::io::BufRead::read_line(&mut open()?, &mut first).map_err(io)?;
    if crate::store::history::is_history_header(first.trim_end()) {
        return Err(Error::History(crate::store::history::HistoryProblem::UseImportHistory));
    }
    let reader = open()?;
    // The rows to expect, for the progress line: the lines after the header (a cell holding a
    // line break makes it a little more than the rows).
    let lines = count_lines(open()?).map_err(io)?.saturating_sub(1);
    let today = chrono::Local::now().date_naive();
    let tty = std::io::stderr().is_terminal();
    let showing = std::cell::Cell::new(false);
    let mut progress = |done: usize| {
        let total = lines.max(done);
        if total >= 10_000 {
            let words = T::ImpChecking.fill(lang, &[("done", &done.to_string()), ("total", &total.to_string())]);
            if tty {
                eprint!("\r{}", crate::i18n::plain(&words));
                showing.set(true);
            } else if done.is_multiple_of(100_000) {
                eprintln!("{}", crate::i18n::plain(&words));
            }
        }
    };
    let end_progress = || {
        if showing.replace(false) {
            eprintln!();
        }
    };
    let file = path.display().to_string();
    let mut said = Ok(());
    let mut problem = |e: crate::import::RowError| {
        end_progress();
        if said.is_ok() {
            said = say(&format!("{file}:{}: {}", e.line, e.text(lang)));
        }
    };
    let people = store.people()?;
    // What the check remembers of the rows stays within its budget; the rest goes to a
    // private directory next to the store, removed when the import ends.
    let budget = import_budget();
    let mut import = store.begin_import_within(today, budget / crate::import::SHARES)?;
    let mut add = |p| import.add(p);
    let parent = store.path().parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let memory = crate::import::Memory { budget, scratch: crate::store::spill::Scratch::new(parent) };
    let outcome =
        crate::import::check_within(reader, &people, today, &author, &memory, &mut progress, &mut problem, &mut add);
    let outcome = match outcome {
        Ok(outcome) => {
            // The last count, on its own line.
            if !tty && outcome.rows >= 10_000 && !outcome.rows.is_multiple_of(100_000) {
                let words = T::ImpChecking
                    .fill(lang, &[("done", &outcome.rows.to_string()), ("total", &outcome.rows.to_string())]);
                eprintln!("{}", crate::i18n::plain(&words));
            }
            outcome
        }
        Err(stopped) => {
            end_progress();
            import.abandon()?;
            return Err(match stopped {
                crate::import::Stopped::Read(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    Error::Usage(T::CmdNotUtf8.fill(lang, &[("path", &file)]))
                }
                crate::import::Stopped::Read(e) => io(e),
                crate::import::Stopped::Add(e) => e,
                crate::import::Stopped::Scratch { path, source } => Error::Io { action: "writing", path, source },
            });
        }
    };
    end_progress();
    said?;
    if outcome.problems > 0 {
        import.abandon()?;
        return Err(Error::Usage(T::ImpProblems.count(lang, outcome.problems)));
    }
    let added = import.commit()?;
    drop(people);
    // Keeps the next start of the interface fast (see Store::save_summaries_copy).
    if added > 0 {
        store.save_summaries_copy_from_tree()?;
    }
    let report = outcome.report;
    let warning = |e: &crate::import::RowError| {
        format!("{file}:{}: {}", e.line, T::ImpWarning.fill(lang, &[("text", &e.text(lang))]))
    };
    for w in &report.warnings {
        say(&warning(w))?;
    }
    let mut summary =
        vec![T::ImpAdded.count(lang, added), T::ImpPresent.fill(lang, &[("n", &report.already_present.to_string())])];
    if report.other_lines > 0 {
        summary.push(T::ImpOtherLines.fill(lang, &[("n", &report.other_lines.to_string())]));
    }
    if !report.warnings.is_empty() {
        summary.push(T::ImpWarnings.count(lang, report.warnings.len()));
    }
    say(&summary.join(T::ListSeparator.get(lang)))
}

/// The memory an import may keep of its rows ([`crate::store::spill::DEFAULT_BUDGET`]); tests
/// built with the `fault-injection` feature may make it tiny with `DAFTAR_TEST_IMPORT_BUDGET`
/// (bytes), to see the rows spill to disk.
fn import_budget() -> usize {
    #[cfg(feature = "fault-injection")]
    if let Some(bytes) = std::env::var("DAFTAR_TEST_IMPORT_BUDGET").ok().and_then(|v| v.parse().ok()) {
        return bytes;
    }
    crate::store::spill::DEFAULT_BUDGET
}

/// The line breaks in a file, read in blocks.
fn count_lines(mut reader: impl std::io::BufRead) -> std::io::Result<usize> {
    let mut n = 0;
    loop {
        let block = reader.fill_buf()?;
        if block.is_empty() {
            return Ok(n);
        }
        n += memchr::memchr_iter(b'\n', block).count();
        let len = block.len();
        reader.consume(len);
    }
}

/// One line per participant in the store that today's rules refuse (written by an earlier
/// Daftar with looser rules): its id, file number and every problem, so it can be found and
/// corrected. An export still writes them; an import refuses them by line.
fn rule_breakers(store: &Store, lang: Lang) -> Result<Vec<String>> {
    let today = chrono::Local::now().date_naive();
    Ok(store
        .rule_breakers(today)?
        .iter()
        .map(|(p, problems)| {
            let problems = crate::error::problems_text(problems, lang);
            T::CmdBreaksRules.fill(lang, &[("id", p.id.as_str()), ("file", &p.file_number), ("problems", &problems)])
        })
        .collect())
}

fn read_form_file(path: &Path, lang: Lang) -> Result<String> {
    let bytes = fs::read(path).map_err(|source| Error::Io { action: "reading", path: path.to_path_buf(), source })?;
    String::from_utf8(bytes)
        .map_err(|_| Error::Usage(T::CmdNotUtf8.fill(lang, &[("path", &path.display().to_string())])))
}

/// `daftar forms check`: every error of every file on standard output, then exit 1 if any.
fn forms_check(files: &[PathBuf], lang: Lang) -> Result<()> {
    let mut failed = 0;
    for path in files {
        let errors = match read_form_file(path, lang) {
            Err(e) => vec![e.localized(lang)],
            Ok(text) => match check_form(&text) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.iter().map(|e| format!("{}:{}", path.display(), e.text(lang))).collect(),
            },
        };
        if !errors.is_empty() {
            failed += 1;
        }
        for e in errors {
            say(&e)?;
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(Error::Usage(
            T::CmdFormsFailed.fill(lang, &[("n", &n.to_string()), ("total", &files.len().to_string())]),
        )),
    }
}

fn forms_list(cli: &Cli) -> Result<()> {
    let lang = config::language(cli.lang);
    let (store, _) = open_as(cli, Action::ListForms, lang)?;
    let (forms, _) = crate::app::forms::load(&store)?;
    let latest: Vec<(String, u32)> =
        crate::app::forms::latest(&forms).iter().map(|f| (f.id.clone(), f.version)).collect();
    for record in store.forms()? {
        let title = crate::form::load_form(&record.id, &record.source)
            .map(|f| f.title.get(lang).into_owned())
            .unwrap_or_else(|e| T::CmdUnreadable.fill(lang, &[("err", &e.to_string())]));
        let origin = if record.builtin { T::CmdBuiltin } else { T::CmdInstalled }.get(lang);
        let current = if latest.contains(&(record.id.clone(), record.version)) {
            String::new()
        } else {
            format!("  {}", T::CmdOlderVersion.get(lang))
        };
        say(&format!("{}\tv{}\t{origin}\t{title}{current}", record.id, record.version))?;
    }
    Ok(())
}

/// `daftar forms install`: checks the file, then stores it if its version is newer than every
/// stored version of the same form.
fn forms_install(cli: &Cli, path: &Path, lang: Lang) -> Result<()> {
    let (store, _) = open_as(cli, Action::InstallForms, lang)?;
    let text = read_form_file(path, lang)?;
    let form = check_form(&text).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("{}:{}", path.display(), e.text(lang))).collect();
        Error::Usage(format!("{}\n{}", T::CmdFormHasErrors.get(lang), lines.join("\n")))
    })?;
    crate::app::forms::load(&store)?;
    if let Some(newest) = store.forms()?.iter().filter(|r| r.id == form.id).map(|r| r.version).max()
        && newest >= form.version
    {
        let (version, newest) = (form.version.to_string(), newest.to_string());
        return Err(Error::Usage(
            T::CmdFormNotNewer.fill(lang, &[("form", &form.id), ("version", &version), ("n", &newest)]),
        ));
    }
    store.save_form(&FormRecord {
        format: RECORD_FORMAT,
        id: form.id.clone(),
        version: form.version,
        source: text,
        installed_at: chrono::Utc::now(),
        builtin: false,
    })?;
    say(&T::CmdFormInstalled.fill(lang, &[("form", &form.id), ("version", &form.version.to_string())]))
}

/// `daftar store salvage`: what was damaged, what was copied, what could not be read. The
/// source is never opened as a store (it is damaged), so its accounts are read from its copy
/// and `--user` logs in against them before anything is written to DEST ([`admit`]).
fn salvage(cli: &Cli, src: &Path, dest: &Path, lang: Lang) -> Result<()> {
    if dest.exists() {
        return Err(Error::Usage(T::SalvageDestExists.fill(lang, &[("dest", &dest.display().to_string())])));
    }
    let report = crate::store::salvage_admitted(src, dest, &mut |found| admit(cli, found, Action::Backup, lang))?;
    let src_shown = src.display().to_string();
    match &report.damage {
        Some(d) => say(&T::SalvageDamaged.fill(
            lang,
            &[
                ("path", &src_shown),
                ("offset", &d.offset.to_string()),
                ("file", &d.file.display().to_string()),
                ("what", &d.what),
            ],
        ))?,
        None => say(&T::SalvageHealthy.fill(lang, &[("path", &src_shown)]))?,
    }
    if report.from_log {
        say(if report.encrypted { T::SalvageFromLogSealed } else { T::SalvageFromLog }.get(lang))?;
    } else if report.encrypted {
        say(T::SalvageSealed.get(lang))?;
    }
    if report.from_log_only > 0 {
        say(&T::SalvageLogOnly.count(lang, report.from_log_only))?;
    }
    for (tree, n) in &report.copied {
        say(&T::SalvageCopied.fill(lang, &[("tree", tree), ("n", &n.to_string())]))?;
    }
    for (tree, key) in &report.unreadable {
        say(&T::SalvageUnreadable.fill(lang, &[("tree", tree), ("key", key)]))?;
    }
    let dest_shown = dest.display().to_string();
    if report.unreadable.is_empty() && report.damage.is_none() {
        say(&T::SalvageDoneAll.fill(lang, &[("dest", &dest_shown)]))
    } else {
        say(&T::SalvageDoneSome.fill(lang, &[("dest", &dest_shown), ("n", &report.unreadable.len().to_string())]))
    }
}

/// `daftar store copy FROM TO`: `--user` logs in on FROM (the right to back up), the copy
/// ([`Store::copy_to`]), then the same login on the copy, whose audit chain is verified back
/// to the head FROM had when the copy began.
fn store_copy(cli: &Cli, from: &Path, to: &Path, lang: Lang) -> Result<()> {
    let Some(user) = cli.user.as_deref() else {
        return Err(Error::Usage(T::CmdNoUser.get(lang).into()));
    };
    let source = Store::open_existing(from)?;
    if !source.has_accounts()? {
        return Err(Error::Account(AccountProblem::StoreHasNoAccounts(source.path().display().to_string())));
    }
    let password = read_password(cli, &T::CmdAskPassword.fill_plain(lang, &[("user", user)]), lang)?;
    let session = match source.log_in(user, &password, now()?)? {
        LoggedIn::Ready(session) => session,
        LoggedIn::MustChangePassword(_) => return Err(Error::Usage(T::LoginMustChange.get(lang).into())),
    };
    crate::auth::policy::check(session.role, Action::Backup)
        .map_err(|refused| Error::Refused { user: session.username.clone(), refused })?;
    let head = source.audit_head()?;
    let target = match crate::store::database_address(to) {
        Some(url) => crate::store::CopyTarget::Database(Box::new(crate::store::pg::Pg::connect(url)?)),
        None => crate::store::CopyTarget::Folder(to),
    };
    let copied = source.copy_to(target, &mut progress_bar(T::CopyProgress, lang))?;
    drop(source);
    let copy = Store::open_existing(to)?;
    copy.holds_copy_of(&copied)?;
    copy.log_in(user, &password, now()?)?;
    let verified = match copy.verify_audit(head.as_ref())? {
        Ok(verified) => verified,
        Err(broken) => return Err(Error::Usage(T::AuditBroken.fill_plain(lang, &[("what", &broken.text(lang))]))),
    };
    let shown = (from.display().to_string(), to.display().to_string());
    for (tree, n) in &copied.trees {
        say(&T::CopyTree.fill_plain(lang, &[("tree", tree), ("n", &n.to_string())]))?;
    }
    say(&T::CopyDone.fill_plain(
        lang,
        &[
            ("from", &shown.0),
            ("to", &shown.1),
            ("n", &copied.entries.to_string()),
            ("trees", &copied.trees.len().to_string()),
            ("audit", &verified.count.to_string()),
        ],
    ))
}

fn text(mode: BidiMode, dir: Dir, width: Option<usize>, lang: Lang) -> Result<()> {
    use std::io::{BufRead, IsTerminal};
    if width == Some(0) {
        return Err(Error::Usage(T::CmdWidthZero.get(lang).into()));
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
    for n in 1usize.. {
        line.clear();
        let read = input.read_line(&mut line).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => Error::Usage(T::CmdInputNotUtf8.fill(lang, &[("n", &n.to_string())])),
            _ => Error::Io { action: "reading", path: "standard input".into(), source: e },
        })?;
        if read == 0 {
            break;
        }
        let logical = line.strip_suffix('\n').unwrap_or(&line);
        shown.clear();
        render_into(logical.strip_suffix('\r').unwrap_or(logical), mode, dir, width, &mut shown);
        unless_closed(out.write_all(shown.as_bytes()).map_err(write_err))?;
        if interactive {
            unless_closed(out.flush().map_err(write_err))?;
        }
        if output_closed() {
            return Ok(());
        }
    }
    unless_closed(out.flush().map_err(write_err))
}

fn run_tui(cli: &Cli) -> Result<()> {
    // A release build refuses the tests' clock before anything else.
    now()?;
    // Signals are answered from here on, even while the store opens or a long start runs.
    let lifeline = crate::tui::Lifeline::start()?;
    let path = store_path(cli)?;
    let lang = config::language(cli.lang);
    let today = chrono::Local::now().date_naive();
    // No store yet: the first-run screen makes it, with its administrator, in one step. Else
    // the login screen shows at once while the store is opened and verified behind it.
    let mut app = if crate::store::is_free_for_a_store(&path)? {
        App::first_run(&path, lang, today, cli.bidi)
    } else {
        let opened = path.clone();
        App::opening(&path, lang, today, cli.bidi, move || Store::open_existing(&opened))
    };
    // A store in PostgreSQL is backed up by the database's own tools (pg_dump: it holds only
    // ciphertext), and held by no process alone: no backup of files to serve or make.
    let in_database = path.to_str().is_some_and(crate::store::is_database_address);
    let backup_dir = backup_dir(cli, &path);
    app.state.backup_dir = backup_dir.display().to_string();
    // Serves `daftar backup` while the interface holds the store.
    let stop_serving = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let server = (!in_database).then(|| {
        let (offer, served) = (lifeline.backup_offer(), lifeline.backup_served());
        let (path, stop) = (path.clone(), stop_serving.clone());
        std::thread::spawn(move || crate::store::backup::serve(&offer, &path, &stop, &served))
    });
    let ran = crate::tui::run(&mut app, &lifeline, &now);
    stop_serving.store(true, std::sync::atomic::Ordering::SeqCst);
    // A signal asks to end within a second: then no backup is waited for or made, and the
    // summaries copy is not worth the delay either.
    let signalled = lifeline.stopping();
    if !signalled && let Some(server) = server {
        let _ = server.join();
    }
    ran?;
    let Some(store) = app.store() else {
        // Quit on the first run (nothing was made), or before the store was open.
        lifeline.release();
        return Ok(());
    };
    // Read now that the terminal is given back.
    warn_if_exposed(store, lang);
    // Makes the next start fast on a large store; a failure here loses nothing.
    if app.state.directory_loaded && !app.state.store_failed && !signalled {
        let _ = store.save_summaries_copy(&app.state.directory);
    }
    if !signalled && !in_database {
        automatic_backup(store, &backup_dir, lang);
    }
    lifeline.release();
    Ok(())
}

/// Where the interface keeps its automatic backups: `--backup-dir`, `DAFTAR_BACKUP_DIR`, else
/// beside the store.
fn backup_dir(cli: &Cli, store: &Path) -> PathBuf {
    cli.backup_dir.clone().unwrap_or_else(|| crate::store::backup::default_dir(store))
}

/// The backup at quit (at most one a day). It runs after the terminal is given back, reads the
/// store without changing its records, and its failure is only reported: quitting goes on.
fn automatic_backup(store: &Store, dir: &Path, lang: Lang) {
    let mut bar = progress_bar(T::BakProgress, lang);
    match crate::store::backup::automatic(store, dir, chrono::Local::now(), &mut bar) {
        Ok(crate::store::backup::Automatic::Made(path)) => {
            eprintln!("daftar: {}", T::BakAutoMade.fill_plain(lang, &[("path", &path.display().to_string())]));
        }
        Ok(crate::store::backup::Automatic::AlreadyToday(_)) => {}
        Err(e) => eprintln!(
            "daftar: {}",
            crate::i18n::plain(&T::BakAutoFailedNow.fill_plain(lang, &[("error", &e.localized(lang))]))
        ),
    }
}

/// A progress bar on standard error for (done, total) reports, drawn only on a terminal and
/// only for work of some size.
fn progress_bar(words: T, lang: Lang) -> impl FnMut(u64, u64) {
    use std::io::IsTerminal;
    let tty = std::io::stderr().is_terminal();
    let (mut shown, mut finished) = (false, false);
    move |done: u64, total: u64| {
        // Reports after the end (a backup being read back) change nothing on the bar.
        if !tty || finished || (total < 1000 && !shown) {
            return;
        }
        const CELLS: u64 = 20;
        let filled = (done * CELLS).checked_div(total).unwrap_or(CELLS);
        let bar: String = (0..CELLS).map(|i| if i < filled { '#' } else { '-' }).collect();
        let text = words.fill_plain(lang, &[("done", &done.to_string()), ("total", &total.to_string())]);
        eprint!("\r[{bar}] {text}");
        shown = true;
        if done >= total {
            finished = true;
            eprintln!();
        }
    }
}

/// How long `daftar backup` waits for the process holding the store to take its request.
const ASK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// `daftar backup DIR`: taken here when the store is free, by an administrator; else asked of
/// the interface that holds it (see [`crate::store::backup::serve`]). That request cannot be
/// checked against the accounts here (the interface holds them), so the interface serves it
/// only while someone it logged in, who may take backups, is at its keyboard and not
/// idle-locked; otherwise it refuses and nothing is written.
fn backup(cli: &Cli, dir: &Path, lang: Lang) -> Result<()> {
    let path = store_path(cli)?;
    let mut bar = progress_bar(T::BakProgress, lang);
    let manifest = match Store::open_existing(&path) {
        // The interface holds the store: it takes the backup, between its own writes.
        Err(Error::StoreInUse(_)) => match crate::store::backup::ask(&path, dir, ASK_PATIENCE, &mut bar)? {
            crate::store::backup::Asked::Made(manifest) => manifest,
            crate::store::backup::Asked::Unanswered => {
                let auto = backup_dir(cli, &path).display().to_string();
                return Err(Error::Usage(
                    T::BakInUse.fill_plain(lang, &[("path", &path.display().to_string()), ("dir", &auto)]),
                ));
            }
        },
        other => {
            let store = other?;
            authenticate(cli, &store, Action::Backup, lang)?;
            store.backup(dir, &mut bar)?
        }
    };
    say(&T::BakDone.fill_plain(
        lang,
        &[
            ("path", &dir.display().to_string()),
            ("n", &manifest.entries().to_string()),
            ("size", &manifest.data_bytes.to_string()),
            ("sha", &manifest.data_sha256),
        ],
    ))
}

/// `daftar restore BACKUP --store PATH`: `--user` logs in against the backup's accounts
/// before anything is written ([`admit`]).
fn restore(cli: &Cli, backup: &Path, lang: Lang) -> Result<()> {
    let target = store_path(cli)?;
    let manifest = crate::store::backup::restore_admitted(
        backup,
        &target,
        &mut progress_bar(T::RstProgress, lang),
        &mut |found| admit(cli, found, Action::Backup, lang),
    )?;
    say(&T::RstDone.fill_plain(
        lang,
        &[
            ("backup", &backup.display().to_string()),
            ("path", &target.display().to_string()),
            ("n", &manifest.entries().to_string()),
        ],
    ))
}

/// `daftar export`: every record, including any today's rules refuse; those are named on
/// standard error (see [`rule_breakers`]), since an import of the export will refuse them.
fn export(cli: &Cli, out: Option<&Path>, to: &Recipients, lang: Lang) -> Result<()> {
    let (store, _) = open_as(cli, Action::Export, lang)?;
    let mut lines = None;
    write_export(out, to, |w| export_jsonl(&store, w).map(|n| lines = Some(n)))?;
    // A read: in the audit trail once it succeeded.
    store.note(encrypted(exported(AuditAction::Exported, lines, out.is_some()), to))?;
    warn_if_clear(to, lang);
    for line in rule_breakers(&store, lang)? {
        eprintln!("{}", crate::i18n::plain(&T::ImpWarning.fill(lang, &[("text", &line)])));
    }
    Ok(())
}

/// `daftar export --with-history`: the whole store with its history (see
/// [`crate::store::history`]), for an administrator, who may export both the records and the
/// audit trail. The export is noted in the trail after the file is written (so the file's head
/// is the one before that entry).
fn export_history(cli: &Cli, out: Option<&Path>, to: &Recipients, lang: Lang) -> Result<()> {
    let (store, session) = open_as(cli, Action::Export, lang)?;
    crate::auth::policy::check(session.role, Action::ExportAudit)
        .map_err(|refused| Error::Refused { user: session.username.clone(), refused })?;
    let mut lines = None;
    write_export(out, to, |w| store.export_history(w).map(|n| lines = Some(n)))?;
    store.note(encrypted(exported(AuditAction::Exported, lines, out.is_some()).set("with_history", "true"), to))?;
    warn_if_clear(to, lang);
    Ok(())
}

/// Writes an export to `out` (standard output when none), encrypted to `to` when it names
/// recipients (see [`Recipients::write_to`]); a file through [`write_atomically`] (mode 0600).
fn write_export(out: Option<&Path>, to: &Recipients, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match out {
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            unless_closed(to.write_to(&mut lock, Path::new("standard output"), write))
        }
        Some(path) => write_atomically(path, |file| to.write_to(file, path, write)),
    }
}

/// The one-line warning of an export written in the clear, once it is written (not when its
/// reader closed the output: the command then ends quietly).
fn warn_if_clear(to: &Recipients, lang: Lang) {
    if to.is_empty() && !output_closed() {
        eprintln!("{}", crate::i18n::plain(T::AgeUnencrypted.get(lang)));
    }
}

/// An export's audit entry says how many recipients it was encrypted to, when it was.
fn encrypted(event: AuditEvent, to: &Recipients) -> AuditEvent {
    if to.is_empty() { event } else { event.set("encrypted_to", format!("{} age recipient(s)", to.len())) }
}

/// The identities of `--identity FILE`, read before anything else (a bad file is said before a
/// password is asked).
fn identities(path: Option<&Path>, lang: Lang) -> Result<Option<Identities>> {
    path.map(|p| Identities::read(p, lang)).transpose()
}

/// `daftar keys identity FILE`: a new age identity for the receiving side. It touches no
/// store, so it needs no login: the team that receives exports may have no account on the
/// store that writes them, and the identity gives access to nothing but files encrypted to it.
fn keys_identity(path: &Path, lang: Lang) -> Result<()> {
    let recipient = crate::age_file::make_identity(path, now()?)?;
    eprintln!("{}", crate::i18n::plain(&T::AgeIdentityMade.fill_plain(lang, &[("path", &path.display().to_string())])));
    say(&recipient)
}

/// `daftar import history FILE`: a history export into the new store at --store, once an
/// administrator of the exported store has logged in against its accounts.
fn import_history(cli: &Cli, path: &Path, identity: Option<&Identities>, lang: Lang) -> Result<()> {
    let target = store_path(cli)?;
    // An age file is decrypted as it is read (see [`crate::age_file`]).
    let mut reader = crate::age_file::open_reader(path, identity, lang)?;
    let imported = crate::store::history::import_history(&mut reader, &target, &mut |found| {
        admit(cli, found, Action::Import, lang)
    })?;
    let head = imported.head.map_or_else(|| "-".to_string(), |h| h.to_string());
    say(&T::HistImported.fill_plain(
        lang,
        &[
            ("n", &imported.entries.to_string()),
            ("file", &path.display().to_string()),
            ("path", &target.display().to_string()),
            ("head", &head),
        ],
    ))
}

/// The audit entry of an export: its lines, and whether it went to a file (the path itself is
/// not kept: it may name someone).
fn exported(action: AuditAction, lines: Option<usize>, to_file: bool) -> AuditEvent {
    AuditEvent::new(action)
        .set("lines", lines.map_or_else(|| "unknown (output closed)".to_string(), |n| n.to_string()))
        .set("to", if to_file { "file" } else { "standard output" })
}

/// `daftar audit head|verify|export`, as the policy allows (see [`Action::ViewAudit`] and
/// [`Action::ExportAudit`]); each read is itself in the trail.
fn audit(cli: &Cli, command: &AuditCommand, lang: Lang) -> Result<()> {
    match command {
        AuditCommand::Head => {
            let (store, _) = open_as(cli, Action::ViewAudit, lang)?;
            // The read goes in first: the head printed is its entry, so it covers itself.
            let head = store.note(AuditEvent::new(AuditAction::AuditHeadRead))?.to_string();
            say(&head)?;
            eprintln!("{}", crate::i18n::plain(&T::AuditHeadExplain.fill_plain(lang, &[("head", &head)])));
            Ok(())
        }
        AuditCommand::Verify { head } => {
            // Read before the store is opened: a mistyped head is said before any password.
            let anchor = match head {
                None => None,
                Some(text) => Some(
                    text.parse::<AuditHead>()
                        .map_err(|()| Error::Usage(T::AuditBadHead.fill_plain(lang, &[("head", text)])))?,
                ),
            };
            let store = open_store(cli)?;
            authenticate_to_verify(cli, &store, lang)?;
            let outcome = store.verify_audit(anchor.as_ref())?;
            let event = AuditEvent::new(AuditAction::AuditVerified);
            let event = match &outcome {
                Ok(verified) => event.set("entries", verified.count.to_string()).set("result", "intact"),
                Err(broken) => event.set("result", "broken").set("first_broken", broken.seq.to_string()),
            };
            let event = match &anchor {
                Some(anchor) => event.set("given_head", anchor.to_string()),
                None => event,
            };
            match &outcome {
                Ok(_) => {
                    store.note(event)?;
                }
                // A broken log may refuse appends (an entry after its head): the verdict is
                // said all the same.
                Err(_) => {
                    let _ = store.note(event);
                }
            }
            match outcome {
                Ok(verified) => {
                    let secs = format!("{:.2}", verified.elapsed.as_secs_f64());
                    let rate = format!("{:.0}", verified.rate());
                    let n = verified.count.to_string();
                    say(&T::AuditVerified.fill_plain(lang, &[("n", &n), ("secs", &secs), ("rate", &rate)]))?;
                    if let Some(anchor) = anchor {
                        say(&T::AuditVerifiedHead.fill_plain(lang, &[("seq", &anchor.seq.to_string())]))?;
                    }
                    Ok(())
                }
                Err(broken) => Err(Error::Usage(T::AuditBroken.fill_plain(lang, &[("what", &broken.text(lang))]))),
            }
        }
        AuditCommand::Export { out, encrypt_to } => {
            let to = Recipients::parse(encrypt_to, lang)?;
            let (store, _) = open_as(cli, Action::ExportAudit, lang)?;
            let mut lines = None;
            write_export(out.as_deref(), &to, |w| {
                crate::store::export_audit_jsonl(&store, w).map(|n| lines = Some(n))
            })?;
            store.note(encrypted(exported(AuditAction::AuditExported, lines, out.is_some()), &to))?;
            warn_if_clear(&to, lang);
            if let (Some(path), Some(n)) = (out, lines) {
                eprintln!(
                    "{}",
                    crate::i18n::plain(
                        &T::AuditExportedTo.count(lang, n).replace("{path}", &path.display().to_string())
                    )
                );
            }
            Ok(())
        }
    }
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
        // Readable by its owner only: an export is the register in the clear.
        // A stale one (of a run killed midway) would keep its own mode: made afresh.
        let _ = fs::remove_file(&temp);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp).map_err(io("creating", &temp))?;
        // A failed write names the file written, not the writer's generic "output".
        write(&mut file).map_err(|e| match e {
            Error::Io { source, .. } => Error::Io { action: "writing", path: temp.clone(), source },
            other => other,
        })?;
        file.sync_all().map_err(io("writing", &temp))?;
        fs::rename(&temp, path).map_err(io("replacing", path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
