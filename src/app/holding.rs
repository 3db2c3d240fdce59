//! The draft this session holds on a shared store ([`crate::store::holds`]): `update` keeps
//! the hold in step with the screen after every message. A draft the wizard shows (to type
//! into) is claimed, renewed every [`RENEW_EVERY`] by the clock's ticks, and let go of once the
//! wizard leaves it (or the interface quits). A claim another session refuses sends the person
//! back to the record, told who holds the draft.
//!
//! On a store in a folder the same effects run and the store does nothing with them.

use chrono::{DateTime, Utc};

use super::screen::wizard::Wizard;
use super::state::{AppState, Screen};
use super::update::Effect;
use crate::i18n::T;
use crate::store::holds::RENEW_EVERY;
use crate::store::{Id, Interview};

/// The draft held, as this session last asked for it.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldDraft {
    pub id: Id,
    /// The clock when the hold was last asked for (None before the first tick).
    asked: Option<DateTime<Utc>>,
    /// Another session holds it: neither asked for again nor let go of.
    refused: bool,
}

/// The draft the screen shows to type into: not a read-only view, not an amendment (a new
/// version of a finalized interview, checked against its version instead), not while quitting
/// or logged out.
fn shown(state: &AppState) -> Option<&Wizard> {
    if state.quit || state.session.is_none() {
        return None;
    }
    match &state.screen {
        Screen::Wizard(w)
            if !w.read_only && w.amending.is_none() && w.interview.status == crate::store::Status::Draft =>
        {
            Some(w)
        }
        _ => None,
    }
}

/// `effects`, the work of one message, with the hold brought in step with the screen: a claim
/// goes first (before a save of the draft would claim it in passing), a letting go last (after
/// the save that leaves it, which would otherwise take it again).
pub fn follow(state: &mut AppState, effects: Vec<Effect>) -> Vec<Effect> {
    let want = shown(state).map(|w| w.interview.id.clone());
    let clock = state.clock;
    let (mut before, mut after) = (Vec::new(), Vec::new());
    match (&mut state.held, want) {
        (Some(held), Some(id)) if held.id == id => {
            let due = match (held.asked, clock) {
                (Some(asked), Some(now)) => now - asked >= RENEW_EVERY,
                (None, Some(_)) => true,
                _ => false,
            };
            if due && !held.refused {
                held.asked = clock;
                before.push(Effect::HoldDraft(id));
            }
        }
        (held, want) => {
            if let Some(old) = held.take()
                && !old.refused
            {
                after.push(Effect::LetGoOfDraft(old.id));
            }
            if let Some(id) = want {
                *held = Some(HeldDraft { id: id.clone(), asked: clock, refused: false });
                before.push(Effect::TakeDraft(id));
            }
        }
    }
    before.into_iter().chain(effects).chain(after).collect()
}

/// Another session holds the draft `id` (the claim or a renewal was refused): the hold is not
/// asked for again. The wizard on it goes back to the record, unless it shows an answer that
/// could not be saved, which stays on screen to be read. Returns the record's reading.
pub fn refused(state: &mut AppState, id: &Id) -> Vec<Effect> {
    if let Some(held) = &mut state.held
        && held.id == *id
    {
        held.refused = true;
    }
    match shown(state) {
        Some(w) if w.interview.id == *id && state.unsaved.is_none() => {
            vec![Effect::ReloadRecord(w.participant.id.clone())]
        }
        _ => Vec::new(),
    }
}

/// The draft just taken, as stored: when another session saved it after the record this
/// wizard opened from was read, the wizard opens again on what is stored, so that nothing
/// saved there is typed over from an older copy.
pub fn taken(state: &mut AppState, stored: Interview) {
    let Some(w) = shown(state) else { return };
    if w.interview.id != stored.id || stored.updated_at <= w.interview.updated_at || state.pending.is_some() {
        return;
    }
    let participant = w.participant.clone();
    let Some(form) = super::screen::wizard::form_taken_with(state, &stored) else { return };
    state.screen = Screen::Wizard(Box::new(super::screen::wizard::open(form, participant, stored, state.today)));
    super::update::say(state, T::DraftNewerElsewhere);
}
