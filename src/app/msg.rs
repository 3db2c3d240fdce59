//! Messages: what the interviewer asked for (an [`Action`] from the keymap, typed text) and what
//! the store answered (effect results). `update` is the only consumer.

use crate::store::{Interview, Participant};

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
}

/// A participant as the home list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ParticipantRow {
    pub participant: Participant,
    pub last_interview: Option<chrono::NaiveDate>,
    pub last_activity: chrono::DateTime<chrono::Utc>,
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
    HomeLoaded(Vec<ParticipantRow>),
    RecordLoaded(Box<Participant>, Vec<Interview>),
    Registered(Box<Participant>),
    RegisterRefused(String),
    InterviewerSaved(String),
    Saved,
    SettingsSaved,
    Finalized(Box<Interview>),
    StoreFailed(String),
    /// Something the interviewer asked for is not there (a catalog message says what).
    Missing(crate::i18n::T),
}
