//! The idle lock: after the store's idle minutes without a key, or at once with Ctrl-L, the
//! screen is covered (nothing of the screen under it is drawn) and the draft being taken is
//! saved. Only the same account's password lifts it, back exactly where the person was: the
//! screen under the cover, its question and its field text are never touched. Anyone else can
//! only quit (the draft is kept); failed attempts count toward the account's lockout as logins.
//!
//! Time comes only from [`crate::app::Msg::Tick`]: the terminal loop sends the time about
//! every second, and tests send the times they choose.

use chrono::{DateTime, Utc};

use crate::app::AppState;
use crate::app::msg::Action;
use crate::app::screen::wizard;
use crate::app::secret::{Secret, SecretInput};
use crate::app::state::{Resume, Screen};
use crate::app::update::Effect;

use super::login::Problem;

/// The cover over a locked session.
#[derive(Default)]
pub struct Lock {
    pub password: SecretInput,
    pub problem: Option<Problem>,
    /// The password is being checked: keys wait for the answer.
    pub checking: bool,
    /// What was dropped at the lock, read again once the password lifts it ([`forget`]).
    pub reload: Vec<Effect>,
}

/// Covers the screen now and saves the draft being taken, if any; the lock goes into the
/// audit trail (`idle`: the idle time ran out, rather than the key that locks at once).
pub fn lock_now(state: &mut AppState, idle: bool) -> Vec<Effect> {
    if state.session.is_none() || state.lock.is_some() {
        return Vec::new();
    }
    let mut effects = save_draft(state);
    let reload = forget(state);
    state.lock = Some(Lock { reload, ..Lock::default() });
    effects.push(Effect::NoteLock { idle_minutes: idle.then_some(state.idle_minutes) });
    effects
}

/// Drops what the app holds decrypted, as the store drops its key at the lock (issue 12): the
/// Home list and its search index and work lists, the accounts' names, the open record, the
/// history and audit entries shown, the accounts listed. Returns what reads them again after
/// the unlock, where the person was. Kept under the cover, because nothing else holds them:
/// what is being typed and not saved yet (the interview being taken, whose draft
/// [`save_draft`] saved but whose answer being typed may not be acceptable yet; a
/// registration, a stage change, a reason being typed) and the record or overlay such a reason
/// belongs to.
pub fn forget(state: &mut AppState) -> Vec<Effect> {
    let mut reload = vec![Effect::LoadAuthors, Effect::LoadHome];
    state.directory = Vec::new();
    state.directory_loaded = false;
    state.search = Default::default();
    state.work = Default::default();
    state.due_lists = Default::default();
    state.authors = Default::default();
    let typing = state.overlay.is_some();
    let placeholder = || Screen::Home(Default::default());
    match &mut state.screen {
        Screen::Home(home) => home.shown.clear(),
        Screen::Record(record) if record.asking.is_none() && !typing => {
            state.resume = Some(Resume::Record { selected: record.selected });
            reload.push(Effect::ReloadRecord(record.participant().id.clone()));
            state.screen = placeholder();
        }
        Screen::History(history) if !typing => {
            state.resume = Some(Resume::History);
            reload.push(Effect::ReloadRecord(history.record.participant().id.clone()));
            state.screen = placeholder();
        }
        Screen::Audit(log) if !typing => {
            log.entries = Vec::new();
            log.selected = 0;
            log.more_before = None;
            log.scanned = 0;
            log.loading = true;
            log.mode = super::audit::AuditMode::List;
            reload.push(Effect::LoadAudit(Box::new(super::audit::AuditQuery {
                filter: log.filter.clone(),
                before: None,
                noted: None,
            })));
        }
        Screen::Accounts(accounts) if !typing => {
            accounts.rows = Vec::new();
            reload.push(Effect::LoadAccounts);
        }
        _ => {}
    }
    reload
}

/// The draft being taken, with the answer being typed accepted into it when it can be, saved;
/// the screen keeps its own copy untouched, so the person resumes on the same field text.
pub fn save_draft(state: &mut AppState) -> Vec<Effect> {
    let Screen::Wizard(w) = &state.screen else { return Vec::new() };
    if w.read_only || w.amending.is_some() {
        return Vec::new();
    }
    let mut copy = w.clone();
    wizard::commit(&mut copy, state.today, false);
    vec![Effect::SaveDraft(Box::new(copy.interview))]
}

/// A tick: the time now. Locks once the idle time has passed since the last key.
pub fn tick(state: &mut AppState, now: DateTime<Utc>) -> Vec<Effect> {
    state.clock = Some(now);
    let Some(last) = state.last_key else {
        state.last_key = Some(now);
        return Vec::new();
    };
    let idle = chrono::Duration::minutes(i64::from(state.idle_minutes));
    if state.session.is_some() && state.lock.is_none() && now - last >= idle {
        return lock_now(state, true);
    }
    Vec::new()
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(lock) = &mut state.lock else { return Vec::new() };
    if lock.checking {
        return Vec::new();
    }
    match action {
        Action::Backspace => lock.password.backspace(),
        Action::Submit if !lock.password.is_empty() => {
            lock.checking = true;
            lock.problem = None;
            return vec![Effect::Unlock(lock.password.secret())];
        }
        _ => {}
    }
    Vec::new()
}

pub fn type_secret(state: &mut AppState, text: Secret) {
    let Some(lock) = &mut state.lock else { return };
    if lock.checking {
        return;
    }
    lock.problem = lock.password.insert(text).err().map(Problem::Typed);
}

/// The password was checked: right, the cover goes; wrong, it says why and asks again.
pub fn answered(state: &mut AppState, outcome: Result<bool, Problem>) -> Vec<Effect> {
    let Some(lock) = &mut state.lock else { return Vec::new() };
    lock.checking = false;
    lock.password.clear();
    match outcome {
        Ok(_) => {
            let reload = state.lock.take().map(|lock| lock.reload).unwrap_or_default();
            state.last_key = state.clock;
            reload
        }
        Err(problem) => {
            lock.problem = Some(problem);
            Vec::new()
        }
    }
}
