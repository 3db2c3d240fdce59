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
use crate::app::state::Screen;
use crate::app::update::Effect;

use super::login::Problem;

/// The cover over a locked session.
#[derive(Default)]
pub struct Lock {
    pub password: SecretInput,
    pub problem: Option<Problem>,
    /// The password is being checked: keys wait for the answer.
    pub checking: bool,
}

/// Covers the screen now and saves the draft being taken, if any; the lock goes into the
/// audit trail (`idle`: the idle time ran out, rather than the key that locks at once).
pub fn lock_now(state: &mut AppState, idle: bool) -> Vec<Effect> {
    if state.session.is_none() || state.lock.is_some() {
        return Vec::new();
    }
    state.lock = Some(Lock::default());
    let mut effects = save_draft(state);
    effects.push(Effect::NoteLock { idle_minutes: idle.then_some(state.idle_minutes) });
    effects
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
            state.lock = None;
            state.last_key = state.clock;
        }
        Err(problem) => lock.problem = Some(problem),
    }
    Vec::new()
}
