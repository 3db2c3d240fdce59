//! Messages: what the interviewer asked for (an [`Action`] from the keymap, typed text) and what
//! the store answered (effect results). `update` is the only consumer.

use crate::store::{Interview, Participant, StageEvent, Summary};

/// A user intent, produced by the keymap from a key press.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Help,
    Quit,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    NewParticipant,
    Filter,
    FilterDone,
    NextField,
    PrevField,
    NextSection,
    PrevSection,
    Submit,
    NewInterview,
    AddItem,
    RemoveItem,
    Finalize,
    KeepDraft,
    Toggle,
    /// Pick option number n (1-based) of a choice, or value n of a scale.
    Pick(u8),
    Yes,
    No,
    Left,
    Right,
    Home,
    End,
    Backspace,
    Delete,
    NewLine,
    /// Switch the focused field between the terminal's characters and the Arabic layer.
    ToggleKeyboard,
    Settings,
    /// Show the next list on Home: all, overdue, due this week.
    NextTab,
    Dashboard,
    ChangeStage,
    Progress,
    /// Show the whole answer of the selected review line.
    ShowAnswer,
    // ---- issue 10: login, first run and idle lock ----
    /// Cover the screen at once; the password lifts it (Ctrl-L).
    Lock,
    /// End the session: the login screen asks again.
    LogOut,
    // Accounts and settings (issue 10).
    /// Open the accounts screen.
    Accounts,
    AddAccount,
    DisableAccount,
    EnableAccount,
    SetRole,
    ResetPassword,
    Unlock,
    // ---- session 16: audit screen ----
    /// Open the audit screen.
    Audit,
    // ---- session 16: corrections ----
    /// Correct the participant's details (from the record).
    EditParticipant,
    /// Amend the finalized interview selected on the record.
    AmendInterview,
    /// The previous of Home's lists (Shift-Tab), the way back round what Tab goes through.
    PrevTab,
    // ---- session 17: history11 ----
    /// Open the participant's history (from the record).
    History,
    /// Open the interview version the selected history entry stored.
    OpenVersion,
    // ---- session 17: stage voids and discarded drafts ----
    /// Void the stage change, or discard the draft, selected on the record.
    VoidOrDiscard,
    // ---- session 17: supervision ----
    /// Approve the interview under review (it is locked).
    Approve,
    /// Return the interview under review to its interviewer, with a comment.
    ReturnInterview,
    /// Unlock the approved interview shown, with a reason.
    UnlockInterview,
    // ---- session 18: fix11 ----
    /// Correct the stage change selected on the record (supervisors).
    CorrectStage,
}

/// A participant's details corrected by someone else since the form was opened: their
/// version (number `now`), who made it and when.
#[derive(Clone, Debug)]
pub struct EditConflict {
    pub current: crate::store::Participant,
    pub now: u32,
    pub by: crate::store::Author,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug)]
pub enum Msg {
    Action(Action),
    /// A key typed into the focused text field (mapped when the Arabic layer is on).
    Type(String),
    /// Text pasted into the focused text field (never mapped).
    Paste(String),
    Resize(u16, u16),
    /// SIGTERM or SIGHUP: save what can be saved and leave.
    Terminate,
    /// The local date changed while Daftar was open (it stays open overnight on some desks).
    NewDay(chrono::NaiveDate),
    HomeLoaded(Vec<Summary>),
    /// Another process changed these trees of the store (a store in a database, shared by a
    /// team): what is shown from them is read again, without moving the focus.
    ChangedElsewhere(Vec<String>),
    /// A record, read: the participant and summary, interviews, stage changes, and how many
    /// versions the participant and each interview have.
    RecordLoaded(
        Box<(Participant, Summary)>,
        Vec<Interview>,
        Vec<StageEvent>,
        super::screen::record::VersionCounts,
        super::screen::record::Voids,
        std::collections::BTreeMap<crate::store::Id, crate::store::Review>,
    ),
    StageRecorded(Box<StageEvent>),
    StageRefused(crate::domain::StageRefusal),
    DashboardLoaded(Box<super::Dashboard>),
    Registered(Box<Participant>),
    RegisterRefused(String),
    /// The accounts' full names, read again ([`super::Effect::LoadAuthors`]).
    AuthorsLoaded(super::Authors),
    /// The draft is on disk: the wizard's pending change (see [`super::Pending`]) becomes
    /// what the screen shows.
    Saved,
    SettingsSaved(crate::text::BidiMode),
    KeyboardsSaved(std::collections::BTreeMap<String, bool>),
    /// A write did not reach the disk: nothing the screen shows changes, and the message stays
    /// until a write succeeds.
    WriteFailed(crate::error::WriteFailure),
    /// The interview is final, with the change of stage recorded with it, if any.
    Finalized(Box<Interview>, Option<Box<StageEvent>>),
    /// Finalizing was refused by the stage rules (the change the form declares): nothing was
    /// written, the draft stays.
    FinalizeRefused(crate::domain::stage::StageRefusal),
    StoreFailed(String),
    /// Something the interviewer asked for is not there (a catalog message says what).
    Missing(crate::i18n::T),
    // ---- issue 10: login, first run and idle lock ----
    /// The time now, about every second from the terminal loop (tests send their own): the
    /// only clock `update` reads, for the idle lock.
    Tick(chrono::DateTime<chrono::Utc>),
    /// A key typed, or text pasted, into a password field. Its `Debug` never shows it.
    SecretText(super::secret::Secret),
    /// A login, a change of password, a new store with its administrator, or an unlock was
    /// judged: Ok(true) is a temporary password accepted, which must be changed first.
    Authenticated(Result<bool, super::screen::login::Problem>),
    /// The session's account can no longer log in (disabled, or its password to be changed
    /// first), as read after an account change: the session ends.
    SessionEnded,
    // Accounts and settings (issue 10).
    /// The accounts, as the accounts screen lists them.
    AccountsLoaded(Vec<super::screen::accounts::AccountRow>),
    /// An account operation went through.
    AccountDone(super::screen::accounts::AccountDone),
    /// An account operation was refused (the store's words, in the interface's language):
    /// nothing was written.
    AccountRefused(String),
    /// One's own password is changed (the session already carries the new keys).
    PasswordChanged,
    /// The password change was refused: which field is wrong, and why.
    PasswordRefused(super::screen::settings::PasswordField, String),
    IdleMinutesSaved(u32),
    /// An entry was written to the audit trail; nothing on screen changes.
    Noted,
    /// Another session holds this draft: why, as shown (see [`super::holding`]).
    DraftHeld(crate::store::Id, String),
    /// The draft this session has just taken, as stored.
    DraftTaken(Box<Interview>),
    IdleMinutesLoaded(u32),
    /// A backup was taken for a `daftar backup` request (where to, when): the status line says
    /// so; nothing else changes, the focus included.
    BackupServed(String, chrono::DateTime<chrono::Utc>),
    /// A page of the audit trail, for the audit screen.
    AuditLoaded(Box<crate::store::audit::AuditPage>),
    // ---- session 16: corrections ----
    /// A correction is saved as this version of the record (participant or interview).
    Corrected(crate::store::Id, u32),
    /// A correction of a participant refused because another session corrected them first.
    EditConflict(Box<EditConflict>),
    /// A correction was refused by the store: nothing was written.
    // ---- session 17: supervision ----
    /// Home's work lists, read from the store's review index and the drafts.
    WorkLoaded(Box<super::screen::supervision::WorkLists>),
    /// An interview opened from a work list.
    WorkOpened(Box<super::screen::supervision::OpenedWork>),
    /// A supervisor's decision, saved.
    Reviewed(Box<crate::store::Review>),
    CorrectionRefused(crate::store::CorrectionRefusal),
    /// A stage change corrected: the participant, the new change.
    StageCorrected(Box<StageEvent>),
    /// A stage change voided or a draft discarded, on this participant's record.
    Fixed(crate::store::Id, crate::i18n::T),
    /// Every version of a finalized interview, oldest first, each with the interview as it was.
    VersionsLoaded(crate::store::Id, Vec<(crate::store::Version, Interview)>),
    // ---- session 17: history11 ----
    /// A page of a participant's history (whose, the page).
    HistoryLoaded(crate::store::Id, Box<crate::store::audit::AuditPage>),
    /// Every version of an interview opened from the history, and the number of the one to show.
    VersionAtLoaded(crate::store::Id, Vec<(crate::store::Version, Interview)>, u32),
}
