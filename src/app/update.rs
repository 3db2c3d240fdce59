//! `update`: the only function that changes [`AppState`]. It does no I/O; what must touch the
//! store is returned as [`Effect`]s, whose results come back as messages.

use std::collections::BTreeMap;

use super::forms;
use super::input::{InsertError, TextInput};
use super::msg::{Action, Msg};
use super::screen::record::Record;
use super::screen::register::RegisterField;
use super::screen::{
    accounts, audit, dashboard, first_run, home, lock, login, progress, record, recovery, register, settings, stage,
    wizard,
};
use super::state::{AfterSave, AppState, Confirm, KeyboardRule, Overlay, Pending, Screen, Status};
use crate::form::engine::Place;
use crate::i18n::{Lang, T};
use crate::store::{Id, Interview, Participant, StageEvent};
use crate::text::{BidiMode, Step, arabic_key};

/// Work for the store, run by the app loop after `update` returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    LoadHome,
    /// A visit to a participant's record: its opening is noted in the audit trail (who read
    /// what) before it is shown.
    LoadRecord(Id),
    /// The record of this visit shown again, after a change made from it or a screen opened
    /// from it was left: read again, not noted again (the visit was).
    ReloadRecord(Id),
    Register(Box<Participant>),
    SaveDraft(Box<Interview>),
    /// The final interview, and the change of stage its form declares: one transaction.
    Finalize(Box<Interview>, Option<Box<StageEvent>>),
    SaveBidiMode(BidiMode),
    SaveKeyboards(BTreeMap<String, bool>),
    RecordStage(Box<StageEvent>),
    LoadSessionCounts,
    // ---- issue 10: login, first run and idle lock ----
    /// The store (or, on a store from before accounts, only its first account) with its
    /// administrator, then their login. Run by the app, which then holds the session.
    CreateStore {
        username: String,
        full_name: String,
        password: super::secret::Secret,
        again: super::secret::Secret,
    },
    LogIn {
        username: String,
        password: super::secret::Secret,
    },
    /// The new password after a temporary one (the temporary one proves it once more).
    ChangePassword {
        current: super::secret::Secret,
        new: super::secret::Secret,
        again: super::secret::Secret,
    },
    /// The locked session's own password, to lift the idle lock.
    Unlock(super::secret::Secret),
    // Accounts and settings (issue 10): each run as the session logged in.
    LoadAccounts,
    /// An operation on the account of this username.
    Account(String, super::screen::accounts::AccountOp),
    /// One's own password, changed.
    ChangeOwnPassword(Box<super::screen::settings::PasswordSubmit>),
    LoadIdleMinutes,
    SaveIdleMinutes(u32),
    /// Reads the accounts' full names again ([`super::Authors`]): after a login, and after any
    /// change to the accounts.
    LoadAuthors,
    // ---- session 16: audit trail ----
    /// The interface locked itself: noted in the audit trail (`idle_minutes`: after that idle
    /// time; None: the key that locks at once).
    NoteLock {
        idle_minutes: Option<u32>,
    },
    /// The session ended by logging out: noted, and the store acts for nobody until the next
    /// login.
    NoteLogOut,
    // ---- session 16: audit screen ----
    /// A page of the audit trail, read as the session logged in (and, for an opening or a new
    /// filter, noted in the trail first).
    LoadAudit(Box<audit::AuditQuery>),
    // ---- session 16: corrections ----
    /// A participant's corrected details, as a new version of them.
    EditParticipant(Box<Correction<Participant>>),
    /// A finalized interview amended, as a new version of it.
    AmendInterview(Box<Correction<Interview>>),
    /// Every version of a finalized interview, for its read-only view.
    LoadVersions(Id),
    // ---- session 17: history11 ----
    /// A page of a participant's history, read as the session logged in.
    LoadHistory(Box<crate::app::screen::history::HistoryQuery>),
    /// Every version of an interview, to show the one the history entry (its number) stored.
    LoadVersionAt(Id, u64),
    // ---- session 17: stage voids and discarded drafts ----
    /// A stage change voided: the participant, the stage change, by whom, why.
    VoidStage(Box<record::Fix>),
    /// A draft discarded: the participant, the draft, by whom, why, and whether the account
    /// may discard anyone's.
    DiscardDraft(Box<record::Fix>, bool),
    // ---- session 17: supervision ----
    /// Home's work lists: the review index's lists and the drafts.
    LoadWork,
    /// An interview of a work list, with its participant, review and version count.
    OpenWork(Id),
    /// A supervisor's decision about an interview.
    Review(Box<super::screen::supervision::ReviewRequest>),
    // ---- session 18: fix11 ----
    /// A stage change corrected: the old one voided and the corrected one recorded, at once.
    CorrectStage(Box<super::screen::stage::StageCorrection>),
    // ---- issue 13: draft holds ----
    /// Claims this session's hold on the draft the wizard has just opened, and reads it as
    /// stored (another session may have saved it since the record was read; see
    /// [`super::holding`]).
    TakeDraft(Id),
    /// Renews this session's hold on the draft.
    HoldDraft(Id),
    /// Lets go of this session's hold on the draft.
    LetGoOfDraft(Id),
}

/// A correction to save: the record as corrected, the version it was made from, by whom, why.
#[derive(Clone, Debug, PartialEq)]
pub struct Correction<R> {
    pub record: R,
    pub based_on: u32,
    pub by: crate::store::Author,
    pub reason: String,
}

impl Effect {
    /// Whether the effect writes to the store (its failure is a [`Msg::WriteFailed`]).
    pub fn writes(&self) -> bool {
        match self {
            Effect::LoadHome
            | Effect::LoadRecord(_)
            | Effect::ReloadRecord(_)
            | Effect::LoadSessionCounts
            | Effect::LoadAccounts
            | Effect::LoadIdleMinutes
            | Effect::LoadAuthors
            | Effect::LoadVersions(_)
            | Effect::LoadHistory(_)
            | Effect::LoadVersionAt(..)
            | Effect::LoadWork
            | Effect::OpenWork(_)
            // A hold that cannot be written costs no answer: the next save claims it again.
            | Effect::TakeDraft(_)
            | Effect::HoldDraft(_)
            | Effect::LetGoOfDraft(_) => false,
            Effect::LoadAudit(query) => query.noted.is_some(),
            Effect::Register(_)
            | Effect::SaveDraft(_)
            | Effect::Finalize(..)
            | Effect::SaveBidiMode(_)
            | Effect::SaveKeyboards(_)
            | Effect::RecordStage(_)
            | Effect::Account(..)
            | Effect::ChangeOwnPassword(_)
            | Effect::SaveIdleMinutes(_)
            | Effect::NoteLock { .. }
            | Effect::NoteLogOut
            | Effect::EditParticipant(_)
            | Effect::AmendInterview(_)
            | Effect::VoidStage(_)
            | Effect::DiscardDraft(..)
            | Effect::CorrectStage(_)
            | Effect::Review(_) => true,
            // A login writes the count of failures, the lock and the last login.
            Effect::CreateStore { .. } | Effect::LogIn { .. } | Effect::ChangePassword { .. } | Effect::Unlock(_) => {
                true
            }
        }
    }
}

pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    let focus = state.focused_input().map(|f| f.at);
    let effects = handle(state, msg);
    let effects = super::holding::follow(state, effects);
    // A layer chosen in a left-to-right or right-to-left field lasts until the focus leaves it.
    if state.keyboard_here.is_some() && state.focused_input().map(|f| f.at) != focus {
        state.keyboard_here = None;
    }
    effects
}

/// While the terminal is too small the screen shows only a request to enlarge it, so a key
/// must not change what cannot be seen: only Ctrl-Q acts (it saves the draft being taken and
/// quits; when quitting needs a question, the question waits for a larger terminal).
fn hidden_key(state: &AppState, msg: &Msg) -> bool {
    let key = match msg {
        Msg::Action(Action::Quit) => matches!(state.overlay, Some(Overlay::Confirm(_))),
        Msg::Action(_) | Msg::Type(_) | Msg::Paste(_) | Msg::SecretText(_) => true,
        _ => false,
    };
    key && state.too_small()
}

fn handle(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    if hidden_key(state, &msg) {
        return Vec::new();
    }
    if matches!(msg, Msg::Action(_) | Msg::Type(_) | Msg::Paste(_) | Msg::SecretText(_)) {
        // A key: the idle time starts again (the clock is the last tick's).
        state.last_key = state.clock.or(state.last_key);
        // And a write being tried again is left as it failed: the key acts on the screen shown.
        if state.retrying {
            state.retrying = false;
            state.pending = None;
        }
    }
    match msg {
        Msg::Resize(w, h) => {
            state.size = (w, h);
            Vec::new()
        }
        Msg::Terminate => quit(state, true),
        Msg::Action(action) => {
            reset_status(state);
            on_action(state, action)
        }
        Msg::Type(text) => {
            reset_status(state);
            let mapped = match (state.arabic_keyboard(), text.chars().next()) {
                (true, Some(c)) if text.chars().count() == 1 => arabic_key(c).map(str::to_string),
                _ => None,
            };
            type_text(state, &mapped.unwrap_or(text), false);
            Vec::new()
        }
        Msg::Paste(text) => {
            reset_status(state);
            type_text(state, &text, true);
            Vec::new()
        }
        Msg::SettingsSaved(mode) => {
            state.unsaved = None;
            state.bidi = mode;
            say(state, T::SettingsSaved);
            Vec::new()
        }
        Msg::KeyboardsSaved(layers) => {
            if state.unsaved.take().is_some() {
                state.status = None;
            }
            state.keyboards = layers;
            Vec::new()
        }
        Msg::NewDay(today) => {
            home::new_day(state, today);
            Vec::new()
        }
        Msg::ChangedElsewhere(trees) => changed_elsewhere(state, &trees),
        Msg::HomeLoaded(summaries) => {
            home::load_directory(state, summaries);
            vec![Effect::LoadWork]
        }
        Msg::RecordLoaded(loaded, interviews, stages, versions, voids, reviews) => {
            let (participant, summary) = *loaded;
            let record = Record::new(participant, summary, interviews, stages).with_versions(versions);
            record::loaded(state, Record { voids, ..record.with_reviews(reviews) })
        }
        Msg::StageRecorded(event) => {
            state.unsaved = None;
            say(state, T::StageRecorded);
            vec![Effect::ReloadRecord(event.participant_id)]
        }
        Msg::StageRefused(reason) => {
            stage::refused(state, reason);
            Vec::new()
        }
        Msg::DashboardLoaded(counts) => {
            dashboard::loaded(state, *counts);
            Vec::new()
        }
        Msg::Registered(participant) => {
            state.unsaved = None;
            say(state, T::RegisterSaved);
            vec![Effect::LoadRecord(participant.id)]
        }
        Msg::RegisterRefused(file) => {
            register::refused(state, file);
            Vec::new()
        }
        Msg::AuthorsLoaded(authors) => {
            state.authors = authors;
            Vec::new()
        }
        Msg::Saved => saved(state),
        Msg::WriteFailed(failure) => {
            write_failed(state, failure);
            Vec::new()
        }
        Msg::Finalized(interview, stage) => {
            state.unsaved = None;
            say(state, if stage.is_some() { T::FinalizedStage } else { T::Finalized });
            vec![Effect::ReloadRecord(interview.participant_id)]
        }
        Msg::FinalizeRefused(reason) => {
            let reason = reason.refusal().text(state.lang);
            complain(state, T::FinalizeStageRefused.fill(state.lang, &[("reason", &reason)]));
            Vec::new()
        }
        Msg::Missing(what) => {
            complain(state, what.get(state.lang).to_string());
            Vec::new()
        }
        // ---- issue 10: login, first run and idle lock ----
        Msg::Tick(now) => lock::tick(state, now),
        Msg::SecretText(text) => {
            reset_status(state);
            if state.lock.is_some() {
                lock::type_secret(state, text);
            } else if state.recovery.is_some() {
                recovery::type_secret(state, text);
            } else if matches!(state.screen, Screen::Login(_)) {
                login::type_secret(state, text);
            } else if matches!(state.screen, Screen::Settings(_)) {
                settings::type_secret(state, text);
            } else {
                first_run::type_secret(state, text);
            }
            Vec::new()
        }
        Msg::Authenticated(outcome) => {
            if state.lock.is_some() {
                lock::answered(state, outcome)
            } else if matches!(state.screen, Screen::Login(_)) {
                login::answered(state, outcome)
            } else {
                first_run::answered(state, outcome)
            }
        }
        Msg::SessionEnded => login::log_out(state),
        Msg::HistoryLoaded(id, page) => {
            crate::app::screen::history::loaded(state, &id, *page);
            Vec::new()
        }
        Msg::VersionAtLoaded(id, versions, n) => {
            if let Screen::Wizard(w) = &mut state.screen
                && w.read_only
                && w.interview.id == id
            {
                wizard::show_version(w, versions, n);
                if let Some(text) = wizard::version_words(state) {
                    say_text(state, text);
                }
            }
            Vec::new()
        }
        Msg::AuditLoaded(page) => {
            audit::loaded(state, *page);
            Vec::new()
        }
        Msg::AccountsLoaded(rows) => {
            accounts::loaded(state, rows);
            Vec::new()
        }
        Msg::AccountDone(done) => {
            // The full names the screens show for the authors of records follow the accounts.
            let mut effects = accounts::done(state, done);
            effects.push(Effect::LoadAuthors);
            effects
        }
        Msg::AccountRefused(text) => {
            accounts::refused(state, text);
            Vec::new()
        }
        Msg::PasswordChanged => {
            settings::password_changed(state);
            Vec::new()
        }
        Msg::PasswordRefused(field, text) => {
            settings::password_refused(state, field, text);
            Vec::new()
        }
        Msg::Noted => Vec::new(),
        Msg::IdleMinutesSaved(minutes) => {
            settings::idle_saved(state, minutes);
            Vec::new()
        }
        Msg::IdleMinutesLoaded(minutes) => {
            settings::idle_loaded(state, minutes);
            Vec::new()
        }
        Msg::BackupServed(dest, at) => {
            // A write that failed keeps the status line: it matters more.
            if state.unsaved.is_none() {
                let time = at.with_timezone(&chrono::Local).format("%H:%M").to_string();
                say_text(state, T::BakServed.fill(state.lang, &[("time", &time), ("path", &dest)]));
            }
            Vec::new()
        }
        Msg::Corrected(id, n) => {
            state.unsaved = None;
            say_text(state, T::CorrSaved.fill(state.lang, &[("n", &n.to_string())]));
            let participant = match &state.screen {
                Screen::Wizard(w) => w.participant.id.clone(),
                _ => id,
            };
            vec![Effect::ReloadRecord(participant)]
        }
        Msg::VersionsLoaded(id, versions) => {
            if let Screen::Wizard(w) = &mut state.screen
                && w.read_only
                && w.interview.id == id
            {
                wizard::show_versions(w, versions);
                if let Some(text) = wizard::version_words(state) {
                    say_text(state, text);
                }
            }
            Vec::new()
        }
        Msg::Fixed(participant, said) => {
            say(state, said);
            // Discarded from Home's Drafts tab: Home stays, its lists read again.
            if super::screen::home::discard_answered(state) {
                return vec![Effect::LoadWork];
            }
            vec![Effect::ReloadRecord(participant)]
        }
        Msg::WorkLoaded(lists) => {
            super::screen::supervision::loaded(state, *lists);
            Vec::new()
        }
        Msg::WorkOpened(opened) => super::screen::supervision::opened(state, *opened),
        Msg::Reviewed(review) => {
            state.unsaved = None;
            super::screen::supervision::reviewed(state, *review)
        }
        Msg::StageCorrected(event) => {
            state.unsaved = None;
            say(state, T::StageFixed);
            vec![Effect::ReloadRecord(event.participant_id)]
        }
        Msg::EditConflict(conflict) => super::screen::register::conflict(state, *conflict),
        Msg::DraftTaken(stored) => {
            super::holding::taken(state, *stored);
            Vec::new()
        }
        Msg::DraftHeld(id, text) => {
            let mut effects = super::holding::refused(state, &id);
            effects.extend(refused(state, text));
            effects
        }
        Msg::CorrectionRefused(refusal) => {
            // A stage change's correction: shown under its form, which stays open.
            if stage::correction_refused(state, &refusal) {
                return Vec::new();
            }
            refused(state, refusal.text(state.lang))
        }
        Msg::StoreFailed(err) => {
            state.quit = false;
            state.store_failed = true;
            if let Screen::Register(reg) = &mut state.screen {
                reg.submitting = false;
            }
            state.status = Some(Status { text: T::ErrStore.fill(state.lang, &[("err", &err)]), error: true });
            Vec::new()
        }
    }
}

/// A change the store refused, with why: whatever was asking for it (a reason on the record, a
/// decision on Home, a registration, an amendment) may be answered again.
fn refused(state: &mut AppState, text: String) -> Vec<Effect> {
    let on_home = super::screen::home::discard_answered(state);
    super::screen::supervision::refused(state);
    if let Screen::Record(record) = &mut state.screen
        && let Some(asking) = &mut record.asking
    {
        asking.submitting = false;
    }
    if let Screen::Register(reg) = &mut state.screen {
        reg.submitting = false;
    }
    if let Screen::Wizard(w) = &mut state.screen
        && let Some(amending) = &mut w.amending
    {
        amending.submitting = false;
    }
    complain(state, text);
    if on_home {
        return vec![Effect::LoadWork];
    }
    Vec::new()
}

/// A key clears the status line, except the message of a write that failed: it stays until a
/// write succeeds, so the interviewer cannot miss that the answer is not on disk.
fn reset_status(state: &mut AppState) {
    state.status = state.unsaved.as_ref().map(|f| Status { text: f.message(state.lang), error: true });
}

/// The draft is on disk: what was waiting for it is shown, and what follows it happens.
fn saved(state: &mut AppState) -> Vec<Effect> {
    if let Some(failed) = state.unsaved.take() {
        state.status = None;
        if failed.retried() {
            say(state, T::SavedConnectionBack);
        }
    }
    let Some(pending) = state.pending.take() else { return Vec::new() };
    match &mut state.screen {
        Screen::Wizard(w) if w.interview.id == pending.wizard.interview.id => *w = pending.wizard,
        Screen::Record(_) if pending.opens => state.screen = Screen::Wizard(pending.wizard),
        _ => {}
    }
    if let Some(text) = pending.say {
        say(state, text);
    }
    match pending.after {
        AfterSave::Stay => {}
        AfterSave::Quit | AfterSave::Forced => state.quit = true,
        AfterSave::AskDiscardAnswer => state.overlay = Some(Overlay::Confirm(Confirm::QuitDiscardAnswer)),
    }
    pending.then
}

/// A write did not reach the disk: the screen keeps showing what is on disk (the wizard stays
/// on its question with the answer in the field), and the interviewer is told why in their
/// language. Quitting then asks before losing the answer; a signal still quits.
fn write_failed(state: &mut AppState, failure: crate::error::WriteFailure) {
    state.store_failed = true;
    // A lost connection: the app tries the same write again at each tick while no key comes
    // ([`super::App::dispatch`]), and what was waiting for it still waits. A key ends that:
    // the screen then stays as it is (the answer in its field), as for any failure.
    let waits = state.pending.as_ref().is_none_or(|p| matches!(p.after, AfterSave::Stay));
    state.retrying = failure.retried() && waits;
    let after = if state.retrying { None } else { state.pending.take().map(|p| p.after) };
    if let Screen::Register(reg) = &mut state.screen {
        reg.submitting = false;
    }
    state.status = Some(Status { text: failure.message(state.lang), error: true });
    state.unsaved = Some(failure);
    match after {
        Some(AfterSave::Forced) => {}
        Some(AfterSave::Quit | AfterSave::AskDiscardAnswer) => {
            let loses = matches!(&state.screen, Screen::Wizard(w) if wizard::is_dirty(w));
            if loses {
                state.overlay = Some(Overlay::Confirm(Confirm::QuitUnsaved));
            } else {
                state.quit = true;
            }
        }
        Some(AfterSave::Stay) | None => state.quit = false,
    }
}

/// What another session changed, read again: Home's lists (the directory, the due tabs, the
/// work lists) whatever the screen, and the record on screen, at the entry selected. Not while
/// the person is asked something on the record, nor while the key is not held. The status line
/// says so, unless it shows something that must stay (an answer not saved).
fn changed_elsewhere(state: &mut AppState, trees: &[String]) -> Vec<Effect> {
    const SHOWN: [&str; 7] = ["summaries", "stats", "interviews", "drafts", "stages", "reviews", "participants"];
    if state.session.is_none() || state.lock.is_some() || !trees.iter().any(|t| SHOWN.contains(&t.as_str())) {
        return Vec::new();
    }
    let mut effects = vec![Effect::LoadHome];
    if let Screen::Record(record) = &state.screen
        && record.asking.is_none()
    {
        state.resume = Some(crate::app::state::Resume::Record { selected: record.selected });
        effects.push(Effect::ReloadRecord(record.participant.id.clone()));
    }
    if state.unsaved.is_none() && !state.status.as_ref().is_some_and(|s| s.error) {
        say(state, T::ChangedElsewhere);
    }
    effects
}

pub(super) fn say(state: &mut AppState, text: T) {
    state.status = Some(Status { text: text.get(state.lang).to_string(), error: false });
}

pub(super) fn say_text(state: &mut AppState, text: String) {
    state.status = Some(Status { text, error: false });
}

pub(crate) fn complain(state: &mut AppState, text: String) {
    state.status = Some(Status { text, error: true });
}

fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    // The idle lock's cover takes every key before any overlay or screen: Ctrl-Q quits (the
    // draft was saved when it locked, and is saved again), anything else is for the password.
    if state.lock.is_some() {
        return match action {
            Action::Quit => quit(state, true),
            other => lock::on_action(state, other),
        };
    }
    // The recovery key of a store just made covers everything until its last group is typed.
    if state.recovery.is_some() {
        return match action {
            Action::Quit => quit(state, true),
            other => recovery::on_action(state, other),
        };
    }
    if matches!(state.overlay, Some(Overlay::PickForm { .. })) && action != Action::Quit && action != Action::Help {
        return on_pick_form(state, action);
    }
    if let Some(overlay) = &mut state.overlay {
        match (overlay, action) {
            // Ctrl-Q again on "quit and lose …?" is a yes, not the same question once more.
            (
                Overlay::Confirm(
                    Confirm::QuitDiscardRegistration
                    | Confirm::QuitDiscardAnswer
                    | Confirm::QuitUnsaved
                    | Confirm::QuitDiscardAmendment,
                ),
                Action::Quit,
            ) => {
                state.overlay = None;
                return quit(state, true);
            }
            (_, Action::Quit) => {
                state.overlay = None;
                return quit(state, false);
            }
            (Overlay::Help { .. }, Action::Help | Action::Back) => state.overlay = None,
            (Overlay::Help { scroll }, Action::Down) => *scroll += 1,
            (Overlay::Help { scroll }, Action::Up) => *scroll = scroll.saturating_sub(1),
            (Overlay::Answer { .. }, Action::Back | Action::Open) => state.overlay = None,
            (Overlay::Answer { place, scroll }, Action::Down | Action::Up | Action::PageDown | Action::PageUp) => {
                let page = super::layout::answer_rows(state.size);
                let step = if matches!(action, Action::PageDown | Action::PageUp) { page } else { 1 };
                *scroll = match action {
                    Action::Down | Action::PageDown => *scroll + step,
                    _ => scroll.saturating_sub(step),
                };
                // No further than the last page, so going back up starts at once.
                let last = answer_lines(&state.screen, *place, state.lang, state.bidi, state.size).saturating_sub(page);
                *scroll = (*scroll).min(last);
            }
            (Overlay::Confirm(confirm), Action::Yes) => {
                let confirm = *confirm;
                state.overlay = None;
                return confirmed(state, confirm);
            }
            (Overlay::Confirm(_), Action::No) => {
                state.overlay = None;
                if let Screen::Register(reg) = &mut state.screen {
                    reg.possible_duplicate = None;
                    reg.mixed_script = None;
                }
            }
            (Overlay::PickForm { .. }, _) => {}
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Help => {
            state.overlay = Some(Overlay::Help { scroll: 0 });
            return Vec::new();
        }
        Action::Quit => return quit(state, false),
        Action::Left | Action::Right | Action::Home | Action::End | Action::Backspace | Action::Delete
            if focused_input(state).is_some() =>
        {
            let (mode, width) = (state.bidi, super::layout::notes_width(state.size));
            if let Some(input) = focused_input(state) {
                edit(input, action, mode, width);
            }
            clear_focused_error(state);
            return Vec::new();
        }
        Action::Up | Action::Down if focused_input(state).is_some_and(|i| i.is_multiline()) => {
            let (mode, width) = (state.bidi, super::layout::notes_width(state.size));
            if let Some(input) = focused_input(state) {
                edit(input, action, mode, width);
            }
            return Vec::new();
        }
        Action::ToggleKeyboard => {
            let Some(input) = state.focused_input() else { return Vec::new() };
            let arabic = !state.layer_of(&input);
            if input.rule == KeyboardRule::Remembered {
                // Remembered only once the store has it (see `Msg::KeyboardsSaved`).
                let mut layers = state.keyboards.clone();
                layers.insert(input.name, arabic);
                return vec![Effect::SaveKeyboards(layers)];
            }
            state.keyboard_here = Some((input.at, arabic));
            return Vec::new();
        }
        Action::NewLine => {
            type_text(state, "\n", false);
            return Vec::new();
        }
        Action::Lock => return lock::lock_now(state, false),
        Action::LogOut => return login::log_out(state),
        _ => {}
    }
    // A key whose binding performs a policy action is refused here, before any screen sees
    // it, to a role the policy does not allow (the screens ask again where they act).
    if let Some(needed) = super::keymap::needs(state.screen_context(), action)
        && !super::rights::permit(state, needed)
    {
        return Vec::new();
    }
    match &mut state.screen {
        Screen::FirstRun(_) => first_run::on_action(state, action),
        Screen::Login(_) => login::on_action(state, action),
        Screen::StageChange(_) => stage::on_action(state, action),
        Screen::Progress(_) => progress::on_action(state, action),
        Screen::Dashboard(_) => dashboard::on_action(state, action),
        Screen::Settings(_) => settings::on_action(state, action),
        Screen::Home(_) => home::on_action(state, action),
        Screen::Register(_) => register::on_action(state, action),
        Screen::Record(_) => record::on_action(state, action),
        Screen::Wizard(_) => wizard::on_action(state, action),
        Screen::Accounts(_) => accounts::on_action(state, action),
        Screen::Audit(_) => audit::on_action(state, action),
        Screen::History(_) => crate::app::screen::history::on_action(state, action),
    }
}

/// The text input that has the keyboard focus, if the focus is on one (see
/// [`AppState::focused_input`]).
fn focused_input(state: &mut AppState) -> Option<&mut TextInput> {
    state.focused_text_mut()
}

fn clear_focused_error(state: &mut AppState) {
    match &mut state.screen {
        Screen::Register(reg) => reg.errors[reg.focus as usize] = None,
        Screen::StageChange(form) => form.error = None,
        Screen::Wizard(w) => w.error = None,
        Screen::Home(_) => home::refresh_home(state),
        Screen::FirstRun(first) => first_run::edited(first),
        Screen::Login(login) => login.problem = None,
        _ => {}
    }
}

fn edit(input: &mut TextInput, action: Action, mode: BidiMode, width: usize) {
    match action {
        Action::Left => input.move_visual(Step::Left, mode, width),
        Action::Right => input.move_visual(Step::Right, mode, width),
        Action::Up => input.move_visual(Step::Up, mode, width),
        Action::Down => input.move_visual(Step::Down, mode, width),
        Action::Home => input.home(),
        Action::End => input.end(),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        _ => {}
    }
}

/// Inserts typed (or, when `pasted`, pasted) text into the focused input. What the input
/// refuses changes nothing and says why.
fn type_text(state: &mut AppState, text: &str, pasted: bool) {
    let lang = state.lang;
    let Some(input) = focused_input(state) else { return };
    match input.insert(text) {
        Ok(()) => clear_focused_error(state),
        Err(InsertError::Control(refused)) => {
            let what = match refused.ch {
                '\n' | '\r' | '\u{2028}' | '\u{2029}' => T::ErrLineBreak.get(lang).to_string(),
                c => format!("U+{:04X}", u32::from(c)),
            };
            complain(state, T::ErrControl.fill(lang, &[("what", &what)]));
        }
        Err(InsertError::TooLong { max }) => {
            let message = if pasted { T::ErrPasteTooLong } else { T::ErrTooLong };
            complain(state, message.fill(lang, &[("n", &max.to_string())]));
        }
    }
}

/// Ctrl-Q, SIGTERM or SIGHUP: save the draft being taken, then leave. A registration or a
/// change of stage not yet saved is only dropped after the interviewer confirms (a signal
/// cannot ask).
fn quit(state: &mut AppState, forced: bool) -> Vec<Effect> {
    let mut effects = Vec::new();
    let today = state.today;
    match &mut state.screen {
        Screen::Register(reg) if reg.is_dirty() && !forced => {
            state.overlay = Some(Overlay::Confirm(Confirm::QuitDiscardRegistration));
            return effects;
        }
        Screen::StageChange(form) if form.is_dirty(today) && !forced => {
            state.overlay = Some(Overlay::Confirm(Confirm::QuitDiscardStage));
            return effects;
        }
        // An amendment not yet finalized is not kept: asked first (a signal cannot ask).
        Screen::Wizard(w) if w.amending.is_some() && !forced => {
            state.overlay = Some(Overlay::Confirm(Confirm::QuitDiscardAmendment));
            return effects;
        }
        Screen::Wizard(w) if !w.read_only && w.amending.is_none() => {
            // Everything committed is saved. A value in the question being answered that cannot
            // be accepted is lost on quitting: the interviewer is asked first (its reason shows
            // beside the question); a signal cannot ask. Ctrl-Q quits only once the store has
            // the draft: if it cannot save it, the interviewer is told what would be lost.
            let mut next = w.clone();
            let accepted = wizard::commit(&mut next, today, false);
            effects.push(Effect::SaveDraft(Box::new(next.interview.clone())));
            let after = match (forced, accepted) {
                (true, _) => AfterSave::Forced,
                (false, true) => AfterSave::Quit,
                (false, false) => AfterSave::AskDiscardAnswer,
            };
            state.pending = Some(Pending { wizard: next, opens: false, then: Vec::new(), say: None, after });
            if !forced {
                return effects;
            }
        }
        _ => {}
    }
    state.quit = true;
    effects
}

fn confirmed(state: &mut AppState, confirm: Confirm) -> Vec<Effect> {
    match confirm {
        Confirm::DiscardRegistration => match &state.screen {
            // A correction left: back to the record, nothing written.
            Screen::Register(reg) if reg.editing.is_some() => {
                let id = reg.editing.as_ref().map(|e| e.original.id.clone());
                state.unsaved = None;
                id.map(Effect::LoadRecord).into_iter().collect()
            }
            _ => {
                state.unsaved = None;
                home::go_home(state)
            }
        },
        Confirm::QuitDiscardRegistration
        | Confirm::QuitDiscardAnswer
        | Confirm::QuitDiscardStage
        | Confirm::QuitDiscardAmendment
        | Confirm::QuitUnsaved => {
            state.quit = true;
            Vec::new()
        }
        Confirm::DiscardFieldEdit => match &state.screen {
            Screen::Wizard(w) => {
                let id = w.participant.id.clone();
                state.unsaved = None;
                vec![Effect::ReloadRecord(id)]
            }
            _ => Vec::new(),
        },
        Confirm::Finalize => {
            if !super::rights::permit(state, crate::auth::Action::TakeInterview) {
                return Vec::new();
            }
            let Screen::Wizard(w) = &state.screen else { return Vec::new() };
            let interview = wizard::finalized(w, state.today);
            let Some(author) = state.author() else {
                complain(state, T::AuthorNoSession.get(state.lang).to_string());
                return Vec::new();
            };
            match wizard::stage_event(w, &interview, author, state.lang) {
                Ok(stage) => vec![Effect::Finalize(Box::new(interview), stage.map(Box::new))],
                Err(refusal) => {
                    complain(state, refusal.text(state.lang));
                    Vec::new()
                }
            }
        }
        Confirm::RegisterDuplicate => match &mut state.screen {
            Screen::Register(reg) => match reg.possible_duplicate.take() {
                Some(pair) if reg.editing.is_some() => {
                    register::ask_reason(reg, pair.0);
                    Vec::new()
                }
                Some(pair) => {
                    reg.submitting = true;
                    vec![Effect::Register(Box::new(pair.0))]
                }
                None => Vec::new(),
            },
            _ => Vec::new(),
        },
        Confirm::RegisterMixedScript => match &mut state.screen {
            Screen::Register(reg) => {
                reg.mixed_script = None;
                let names = |f: RegisterField| reg.input(f).text().trim().to_string();
                reg.mixed_script_accepted = Some((names(RegisterField::NameAr), names(RegisterField::NameLatin)));
                register::submit(state)
            }
            _ => Vec::new(),
        },
        Confirm::DisableAccount | Confirm::ResetPassword => accounts::confirmed(state, confirm),
        Confirm::RemoveItem => match &mut state.screen {
            Screen::Wizard(w) => {
                let before = (**w).clone();
                let effects = wizard::remove_item(w, state.today);
                wizard::hold(state, before, effects, Vec::new(), None)
            }
            _ => Vec::new(),
        },
    }
}

fn on_pick_form(state: &mut AppState, action: Action) -> Vec<Effect> {
    let count = forms::latest(&state.forms).len();
    let Some(Overlay::PickForm { selected }) = &mut state.overlay else { return Vec::new() };
    match action {
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Down => *selected = (*selected + 1).min(count.saturating_sub(1)),
        Action::Back => state.overlay = None,
        Action::Open | Action::Pick(_) => {
            let index = match action {
                Action::Pick(n) => n as usize - 1,
                _ => *selected,
            };
            if index < count {
                state.overlay = None;
                return wizard::start_form(state, index);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Rows the whole answer at `place` takes in its overlay, laid out as the view lays it out.
fn answer_lines(screen: &Screen, place: Place, lang: Lang, mode: BidiMode, size: (u16, u16)) -> usize {
    let Screen::Wizard(w) = screen else { return 0 };
    let Some(field) = w.form.sections.get(place.section).and_then(|s| s.fields.get(place.field)) else { return 0 };
    let text = crate::form::engine::get(&w.form, &w.interview.answers, place)
        .map(|a| crate::form::format_answer(field, a, lang))
        .unwrap_or_default();
    crate::text::layout(&text, field.dir, super::layout::answer_width(size), mode).len()
}
