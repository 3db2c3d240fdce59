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
            WriteFailure::Other(detail) => T::NotSavedOther.fill(lang, &[("err", detail)]),
        }
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
                    WriteFailure::NoPermission | WriteFailure::Other(_) => T::ErrStoreNoWriteAccess,
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
            other => other.to_string(),
        }
    }
}
