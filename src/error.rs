//! The library's error type. Each variant says what failed and on what, in words an
//! administrator can act on; `main` prints it as one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the store {} is in use by another daftar process; close it there first", .0.display())]
    StoreInUse(PathBuf),
    #[error("there is no daftar store at {}; check --store (only the interface creates a store, on its first run)", .0.display())]
    NoStore(PathBuf),
    #[error("{} is not a daftar store ({reason}); nothing was written to it", .path.display())]
    NotAStore { path: PathBuf, reason: String },
    #[error("the store {} is damaged ({detail}); nothing was written to it", .path.display())]
    CorruptStore { path: PathBuf, detail: String },
    #[error("the store {} is damaged: {what}, at byte {offset} of {}; nothing was written to it. `daftar store salvage` copies what can still be read into a new store", .path.display(), .file.display())]
    Damaged { path: PathBuf, file: PathBuf, offset: u64, what: String },
    #[error("the database engine could not open the store {} ({detail}) although it passed daftar's check; keep a copy of the directory as it is now and run `daftar store salvage` on it", .path.display())]
    EngineRefused { path: PathBuf, detail: String },
    #[error("reading {what} {id}: {detail}")]
    BadRecord { what: &'static str, id: String, detail: String },
    #[error("{what} {id} was written by a newer daftar (format {found}, this one reads up to {supported})")]
    NewerRecord { what: &'static str, id: String, found: u32, supported: u32 },
    #[error("file number {0} is already registered")]
    DuplicateFileNumber(String),
    #[error("the store failed while {action}: {detail}")]
    Storage { action: &'static str, detail: String },
    /// The disk refused a read or write of the store (full, read-only, no permission): the io
    /// error is kept whole so the interviewer can be told which (see [`Error::write_failure`]).
    #[error("the store failed while {action}: {source}")]
    StorageIo { action: &'static str, source: std::io::Error },
    /// Daftar cannot write where it must: `path` is the directory or file that refused.
    #[error("cannot write to {}: {source}; Daftar needs write access to the store and its folder, even to read it", .path.display())]
    StoreNotWritable { path: PathBuf, source: std::io::Error },
    #[error("{action} {}: {source}", .path.display())]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Usage(String),
    #[error("cannot change stage: {0}")]
    Stage(crate::domain::StageRefusal),
    /// A participant the domain's rules refuse reached the store (see
    /// `store::index::participant_problems`): by column, what is wrong.
    #[error("participant {id} (file {file}) breaks the register's rules, so it was not saved: {}", problems_text(.problems, crate::i18n::Lang::En))]
    BreaksRules { id: String, file: String, problems: Vec<(&'static str, crate::form::Refusal)> },
    #[error("form {id}: {detail}")]
    Form { id: String, detail: String },
    #[error("{0}")]
    Backup(crate::store::backup::Refusal),
    /// A history export that cannot be imported (see `store::history`).
    #[error("{}", .0.text(crate::i18n::Lang::En))]
    History(crate::store::history::HistoryProblem),
    /// An account operation refused (a bad username, the last administrator, …).
    #[error("{}", .0.text(crate::i18n::Lang::En))]
    Account(crate::auth::AccountProblem),
    /// A new password the rules refuse.
    #[error("{}", .0.text(crate::i18n::Lang::En))]
    Password(crate::auth::PasswordProblem),
    /// A login refused (wrong credentials, locked, disabled, expired temporary password).
    #[error("{}", .0.text(crate::i18n::Lang::En))]
    Login(crate::auth::LoginRefusal),
    /// The policy refuses `refused.action` to `user`.
    #[error("refused: {user} is {}; this needs {}", .refused.role.name(), .refused.least.name())]
    Refused { user: String, refused: crate::auth::Refused },
    /// The password derivation could not run.
    #[error("{0}")]
    Kdf(#[from] crate::auth::kdf::KdfError),
    /// The audit trail itself cannot be written or read (its key or head is gone).
    #[error("{}", .0.text(crate::i18n::Lang::En))]
    Audit(crate::store::audit::AuditProblem),
    /// A correction refused (no reason, nothing changed, made from an older version): nothing
    /// was written.
    #[error("{}", .0.text(crate::i18n::Lang::En))]
    Correction(crate::store::CorrectionRefusal),
    /// The store's key is not held, or cannot be opened (see `store::keyring`).
    #[error("{}", .0.text(crate::i18n::Lang::En))]
    Key(crate::store::KeyProblem),
    /// A `postgresql://` address that cannot be read. `detail` is the driver's reason, which
    /// never repeats the address (it may hold a password).
    #[error("the database address cannot be read ({detail}); check --store")]
    DatabaseAddress { detail: String },
    /// The address holds a password (`postgresql://user:password@…` or `password=`): it would
    /// be readable by anyone on the machine in the command line or the environment. Refused,
    /// and not repeated.
    #[error(
        "the database address holds a password, which the command line or the environment would show to anyone on this machine; remove it and use peer authentication (a PostgreSQL role named as your system account)"
    )]
    DatabasePasswordInAddress,
    /// The address asks for TLS (`sslmode=require`, or a host on the network): this version
    /// connects over a Unix socket only.
    #[error(
        "this daftar connects to PostgreSQL through a Unix socket only; TLS (sslmode=require or a network host) comes in a later version; use host=/run/postgresql"
    )]
    DatabaseTlsNotYet,
    /// No connection could be made to the database (no server, wrong socket, refused role).
    #[error("cannot reach the database {database} ({detail})")]
    DatabaseUnreachable { database: String, detail: String },
    /// An open connection was lost (server restarted or stopped, socket closed) while `action`.
    /// Distinct so that the interface can say so and reconnect (`store::pg::Pg::reconnect`).
    /// Nothing of the transaction under way was written: a connection lost during a COMMIT is
    /// not this error (`Pg::transaction` asks the server what became of it; see
    /// [`Error::CommitUnknown`]).
    #[error("the connection to the database {database} was lost while {action}")]
    DatabaseClosed { database: String, action: &'static str },
    /// The connection was lost during a COMMIT and the server could not say afterwards whether
    /// the transaction was committed (no reconnection, or its status no longer known). The
    /// change may or may not be saved: the person must look before making it again.
    #[error(
        "the connection to the database {database} was lost while a change was being saved, and whether it was saved cannot be known; look at the record before making the change again"
    )]
    CommitUnknown { database: String },
    /// The server runs with `fsync = off`: a committed answer could be lost at a power cut,
    /// so daftar refuses to use it.
    #[error(
        "the PostgreSQL server of the database {database} runs with fsync = off, so a saved answer could be lost at a power cut; set fsync = on in its postgresql.conf"
    )]
    DatabaseNotDurable { database: String },
    /// A database that holds tables but no `daftar_schema`: someone else's; left untouched.
    #[error("the database {database} is not a daftar database (it holds other tables); nothing was written to it")]
    NotADaftarDatabase { database: String },
    /// A database with Daftar's schema but no store in it yet.
    #[error("the database {database} holds no daftar store yet; create one with `daftar init --store` and its address")]
    NoStoreInDatabase { database: String },
    /// `daftar init` on a database that already holds a store: nothing was written.
    #[error("the database {database} already holds a daftar store; nothing was written to it")]
    StoreInDatabase { database: String },
    /// Something only a sled store has (its files: a backup of them, a salvage, a rewrite
    /// under encryption) asked of a store on PostgreSQL.
    #[error(
        "{what} works on a store in a folder; this store is in PostgreSQL, whose own tools do it (pg_dump for a backup: it holds only ciphertext)"
    )]
    NotOnPostgres { what: &'static str },
    /// A draft another session holds (issue 13: one session at a time types into a draft):
    /// `by` is its account's username (None when it cannot be read), `since` when it took the
    /// draft, `until` when the hold ends if that session has stopped.
    #[error("this draft is open in another session ({by:?}, since {since}); nothing was written")]
    DraftHeld { by: Option<String>, since: chrono::DateTime<chrono::Utc>, until: chrono::DateTime<chrono::Utc> },
    /// A draft saved after another session discarded it: it is not brought back.
    #[error("this draft was discarded in another session; nothing was written")]
    DraftDiscarded,
    /// A database whose schema is newer than this build's migrations.
    #[error(
        "the database {database} has daftar schema version {found}, newer than this daftar knows (up to {supported}); use a newer daftar"
    )]
    NewerSchema { database: String, found: i32, supported: i32 },
    /// A compare-and-set refused: the row `key` of `tree` is at version `found` (`None`: it
    /// does not exist), not the one the write started from. Nothing of the transaction was
    /// written. The key is opaque (a random id or a keyed digest) and not in the message.
    #[error("{}", match .found {
        Some(version) => format!("a record in {tree} was changed since it was read (it is now at version {version}); nothing was written"),
        None => format!("a record in {tree} was removed since it was read; nothing was written"),
    })]
    Conflict { tree: String, key: Vec<u8>, found: Option<i64> },
    /// A transaction that kept meeting concurrent ones (serialization failures or deadlocks)
    /// and was given up after `attempts` tries; nothing of it was written.
    #[error("the database was too busy: the change was tried {attempts} times and not saved; try again")]
    DatabaseBusy { attempts: u32 },
    /// Any other failure the database reported, for an administrator: the SQLSTATE and the
    /// server's primary message (never its detail, which can quote a row).
    #[error("the database failed while {action}: {detail}")]
    Database { action: &'static str, detail: String },
}

/// Problems by column, in `lang`, joined by the catalog's separator:
/// `date_of_birth: Too early…; entry_date: …`.
pub fn problems_text(problems: &[(&'static str, crate::form::Refusal)], lang: crate::i18n::Lang) -> String {
    let parts: Vec<String> = problems.iter().map(|(column, r)| format!("{column}: {}", r.text(lang))).collect();
    parts.join(crate::i18n::T::ListSeparator.get(lang))
}

/// What the system said went wrong, in `lang` for the common kinds; the system's own words
/// (which Daftar does not translate) otherwise.
pub fn os_reason(e: &std::io::Error, lang: crate::i18n::Lang) -> String {
    use crate::i18n::T;
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => T::OsNotFound.get(lang).into(),
        ErrorKind::PermissionDenied => T::OsPermission.get(lang).into(),
        ErrorKind::AlreadyExists => T::OsExists.get(lang).into(),
        ErrorKind::StorageFull => T::OsFull.get(lang).into(),
        _ => e.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether this is a write to an output that was closed by its reader (`| head`): the
    /// command ends quietly then, as a Unix tool does.
    pub fn is_closed_output(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Why a write did not reach the disk, as the interviewer is told it: never a debug dump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteFailure {
    DiskFull,
    NoPermission,
    ReadOnly,
    /// The connection to the database was lost before the change was committed: nothing was
    /// written, and the interface tries again by itself ([`WriteFailure::retried`]).
    ConnectionLost,
    /// The connection was lost during the commit and the server could not be asked what
    /// became of it: not tried again (a second try could apply it twice).
    CommitUnknown {
        database: String,
    },
    /// Another session holds the draft ([`Error::DraftHeld`]).
    DraftHeld {
        by: Option<String>,
        since: chrono::DateTime<chrono::Utc>,
        until: chrono::DateTime<chrono::Utc>,
    },
    /// The draft was discarded in another session ([`Error::DraftDiscarded`]).
    DraftDiscarded,
    /// Anything else, with the system's own one-line description.
    Other(String),
}

impl WriteFailure {
    pub fn of_io(e: &std::io::Error) -> WriteFailure {
        use std::io::ErrorKind;
        match (e.kind(), e.raw_os_error()) {
            (ErrorKind::StorageFull | ErrorKind::QuotaExceeded, _) | (_, Some(28 | 122)) => WriteFailure::DiskFull,
            (ErrorKind::ReadOnlyFilesystem, _) | (_, Some(30)) => WriteFailure::ReadOnly,
            (ErrorKind::PermissionDenied, _) => WriteFailure::NoPermission,
            _ => WriteFailure::Other(e.to_string()),
        }
    }

    /// "Not saved: …", in the interviewer's language, short enough for one status line.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::T;
        match self {
            WriteFailure::DiskFull => T::NotSavedDiskFull.get(lang).to_string(),
            WriteFailure::NoPermission => T::NotSavedPermission.get(lang).to_string(),
            WriteFailure::ReadOnly => T::NotSavedReadOnly.get(lang).to_string(),
            WriteFailure::ConnectionLost => T::NotSavedConnectionLost.get(lang).to_string(),
            WriteFailure::CommitUnknown { database } => {
                let err = Error::CommitUnknown { database: database.clone() }.localized(lang);
                T::NotSavedOther.fill(lang, &[("err", &err)])
            }
            WriteFailure::DraftHeld { by, since, until } => {
                let err = Error::DraftHeld { by: by.clone(), since: *since, until: *until }.localized(lang);
                T::NotSavedOther.fill(lang, &[("err", &err)])
            }
            WriteFailure::DraftDiscarded => {
                T::NotSavedOther.fill(lang, &[("err", &Error::DraftDiscarded.localized(lang))])
            }
            WriteFailure::Other(detail) => T::NotSavedOther.fill(lang, &[("err", detail)]),
        }
    }

    /// Whether the interface tries the write again by itself, while nothing is typed: a lost
    /// connection, whose write was not committed (the database layer made sure of it).
    pub fn retried(&self) -> bool {
        matches!(self, WriteFailure::ConnectionLost)
    }
}

impl Error {
    /// How a failed write is explained to the interviewer.
    pub fn write_failure(&self) -> WriteFailure {
        match self {
            Error::StorageIo { source, .. } | Error::Io { source, .. } | Error::StoreNotWritable { source, .. } => {
                WriteFailure::of_io(source)
            }
            Error::Storage { detail, .. } => WriteFailure::Other(detail.clone()),
            Error::DatabaseClosed { .. } | Error::DatabaseUnreachable { .. } => WriteFailure::ConnectionLost,
            Error::CommitUnknown { database } => WriteFailure::CommitUnknown { database: database.clone() },
            Error::DraftHeld { by, since, until } => {
                WriteFailure::DraftHeld { by: by.clone(), since: *since, until: *until }
            }
            Error::DraftDiscarded => WriteFailure::DraftDiscarded,
            other => WriteFailure::Other(other.to_string()),
        }
    }
}

impl Error {
    /// The message in the interviewer's language where the catalog has one (a command prints
    /// it through [`crate::i18n::plain`]); the English
    /// description otherwise (details meant for an administrator).
    pub fn localized(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::T;
        match self {
            Error::StoreInUse(path) => T::ErrStoreInUse.fill(lang, &[("path", &path.display().to_string())]),
            Error::NotAStore { path, reason } => {
                // The reasons `store::check_layout` gives, in `lang`; any other as written.
                let reason = match reason.as_str() {
                    "it is a file, not a directory" => T::StoreIsFile.get(lang),
                    "it holds other files" => T::StoreHoldsOther.get(lang),
                    other => other,
                };
                T::ErrNotAStore.fill(lang, &[("path", &path.display().to_string()), ("reason", reason)])
            }
            Error::CorruptStore { path, detail } => {
                T::ErrCorruptStore.fill(lang, &[("path", &path.display().to_string()), ("reason", detail)])
            }
            Error::Damaged { path, file, offset, what } => T::ErrDamagedStore.fill(
                lang,
                &[
                    ("path", &path.display().to_string()),
                    ("file", &file.display().to_string()),
                    ("offset", &offset.to_string()),
                    ("what", what),
                ],
            ),
            Error::EngineRefused { path, detail } => {
                T::ErrEngineRefused.fill(lang, &[("path", &path.display().to_string()), ("reason", detail)])
            }
            Error::StoreNotWritable { path, source } => {
                let path = path.display().to_string();
                let text = match WriteFailure::of_io(source) {
                    WriteFailure::DiskFull => T::ErrStoreDiskFull,
                    WriteFailure::ReadOnly => T::ErrStoreReadOnly,
                    _ => T::ErrStoreNoWriteAccess,
                };
                text.fill(lang, &[("path", &path), ("err", &source.to_string())])
            }
            Error::NoStore(path) => T::CmdNoStore.fill(lang, &[("path", &path.display().to_string())]),
            Error::Stage(refusal) => refusal.refusal().text(lang),
            Error::DuplicateFileNumber(file) => T::ErrDuplicateFileNo.fill(lang, &[("file", file)]),
            Error::BreaksRules { id, file, problems } => T::ErrParticipantRules
                .fill(lang, &[("id", id), ("file", file), ("problems", &problems_text(problems, lang))]),
            Error::Io { action, path, source } => {
                let path = path.display().to_string();
                let reason = os_reason(source, lang);
                let args = [("path", path.as_str()), ("reason", reason.as_str()), ("action", action)];
                match *action {
                    "reading" => T::IoReading.fill(lang, &args),
                    "creating" => T::IoCreating.fill(lang, &args),
                    "opening" => T::IoOpening.fill(lang, &args),
                    "writing" | "writing to" | "writing the export to" => T::IoWriting.fill(lang, &args),
                    "replacing" => T::IoReplacing.fill(lang, &args),
                    // An action named nowhere above keeps its English verb, with the rest in `lang`.
                    _ => T::IoOther.fill(lang, &args),
                }
            }
            Error::Backup(refusal) => refusal.text(lang),
            Error::History(problem) => problem.text(lang),
            Error::Account(problem) => problem.text(lang),
            Error::Password(problem) => problem.text(lang),
            Error::Login(refusal) => refusal.text(lang),
            Error::Refused { user, refused } => refused.text(user, lang),
            Error::Audit(problem) => problem.text(lang),
            Error::Correction(refusal) => refusal.text(lang),
            Error::Key(problem) => problem.text(lang),
            Error::DatabaseAddress { detail } => T::ErrDatabaseAddress.fill(lang, &[("reason", detail)]),
            Error::DatabasePasswordInAddress => T::ErrDatabasePasswordInAddress.get(lang).to_string(),
            Error::DatabaseTlsNotYet => T::ErrDatabaseTlsNotYet.get(lang).to_string(),
            Error::DatabaseUnreachable { database, detail } => {
                T::ErrDatabaseUnreachable.fill(lang, &[("database", database), ("reason", detail)])
            }
            Error::DatabaseClosed { database, .. } => T::ErrDatabaseClosed.fill(lang, &[("database", database)]),
            Error::CommitUnknown { database } => T::ErrCommitUnknown.fill(lang, &[("database", database)]),
            Error::DatabaseNotDurable { database } => T::ErrDatabaseNotDurable.fill(lang, &[("database", database)]),
            Error::NotADaftarDatabase { database } => T::ErrNotADaftarDatabase.fill(lang, &[("database", database)]),
            Error::NoStoreInDatabase { database } => T::ErrNoStoreInDatabase.fill(lang, &[("database", database)]),
            Error::StoreInDatabase { database } => T::ErrStoreInDatabase.fill(lang, &[("database", database)]),
            Error::NotOnPostgres { what } => T::ErrNotOnPostgres.fill(lang, &[("what", what)]),
            Error::DraftHeld { by, since, until } => {
                let time =
                    |t: &chrono::DateTime<chrono::Utc>| t.with_timezone(&chrono::Local).format("%H:%M").to_string();
                let by = by.clone().unwrap_or_else(|| T::DraftHeldNobody.get(lang).to_string());
                T::ErrDraftHeld.fill(lang, &[("by", &by), ("since", &time(since)), ("until", &time(until))])
            }
            Error::DraftDiscarded => T::ErrDraftDiscarded.get(lang).into(),
            Error::NewerSchema { database, found, supported } => T::ErrNewerSchema.fill(
                lang,
                &[("database", database), ("found", &found.to_string()), ("supported", &supported.to_string())],
            ),
            Error::Conflict { tree, found: Some(version), .. } => {
                T::ErrConflictChanged.fill(lang, &[("tree", tree), ("version", &version.to_string())])
            }
            Error::Conflict { tree, found: None, .. } => T::ErrConflictRemoved.fill(lang, &[("tree", tree)]),
            Error::DatabaseBusy { attempts } => T::ErrDatabaseBusy.fill(lang, &[("attempts", &attempts.to_string())]),
            other => other.to_string(),
        }
    }
}
