//! The settings screen, in parts: everyone changes their own password; administrators also
//! choose the store-wide display mode default (who reorders and shapes right-to-left text)
//! and the store-wide idle time. A part the role may not use is not shown, and its keys are
//! refused by the policy.

use crate::app::AppState;
use crate::app::input::TextInput;
use crate::app::msg::Action;
use crate::app::rights::permit;
use crate::app::secret::{Secret, SecretInput, SecretRefusal};
use crate::app::state::Screen;
use crate::app::update::{Effect, say, say_text};
use crate::auth::Action as Right;
use crate::i18n::T;
use crate::text::{BidiMode, Dir};

/// A part of the settings screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsPart {
    /// The store-wide display mode default (administrators).
    Mode,
    /// The store-wide idle time (administrators).
    Idle,
    /// One's own password.
    Password,
}

impl SettingsPart {
    pub const ALL: [SettingsPart; 3] = [SettingsPart::Mode, SettingsPart::Idle, SettingsPart::Password];

    /// The right the part needs.
    pub fn needs(self) -> Right {
        match self {
            SettingsPart::Mode | SettingsPart::Idle => Right::ChangeStoreSettings,
            SettingsPart::Password => Right::ChangeOwnPassword,
        }
    }

    pub fn title(self) -> T {
        match self {
            SettingsPart::Mode => T::SettingsPartMode,
            SettingsPart::Idle => T::SettingsPartIdle,
            SettingsPart::Password => T::SettingsPartPassword,
        }
    }
}

/// A field of the password change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordField {
    Current,
    New,
    Again,
}

impl PasswordField {
    pub const ALL: [PasswordField; 3] = [PasswordField::Current, PasswordField::New, PasswordField::Again];

    pub fn next(self) -> PasswordField {
        match self {
            PasswordField::Current => PasswordField::New,
            PasswordField::New => PasswordField::Again,
            PasswordField::Again => PasswordField::Current,
        }
    }

    pub fn prev(self) -> PasswordField {
        self.next().next()
    }

    pub fn label(self) -> T {
        match self {
            PasswordField::Current => T::PwCurrent,
            PasswordField::New => T::PwNew,
            PasswordField::Again => T::PwAgain,
        }
    }
}

/// One's own password being changed: current, new, new again. Typed as secrets (masked, a
/// buffer zeroed when cleared or dropped), handed to the store and cleared at once.
pub struct PasswordChange {
    pub inputs: [SecretInput; 3],
    pub focus: PasswordField,
    /// The store's refusal of the last try, beside the field it is about.
    pub error: Option<(PasswordField, String)>,
}

impl Default for PasswordChange {
    fn default() -> PasswordChange {
        // A field takes no more than the longest password allowed: a longer paste (a megabyte
        // by mistake) is refused whole, before anything is hashed.
        PasswordChange { inputs: Default::default(), focus: PasswordField::Current, error: None }
    }
}

impl PasswordChange {
    pub fn input(&self, field: PasswordField) -> &SecretInput {
        &self.inputs[field as usize]
    }
}

/// The three passwords of a change, for the store.
#[derive(Clone, Debug, PartialEq)]
pub struct PasswordSubmit {
    pub current: super::accounts::Secret,
    pub new: super::accounts::Secret,
    pub again: super::accounts::Secret,
}

pub struct Settings {
    pub part: SettingsPart,
    /// Index into [`BidiMode::ALL`].
    pub selected: usize,
    /// The idle minutes being typed.
    pub idle: TextInput,
    /// The store's idle minutes, once read.
    pub idle_now: Option<u32>,
    pub password: PasswordChange,
}

/// The parts the logged-in account may use, in order.
pub fn parts(state: &AppState) -> Vec<SettingsPart> {
    SettingsPart::ALL.into_iter().filter(|p| state.may(p.needs())).collect()
}

/// Opens the settings on the first part the account may use (the display mode in use for an
/// administrator, else one's own password).
pub fn open(state: &mut AppState) -> Vec<Effect> {
    let Some(part) = parts(state).first().copied() else {
        permit(state, Right::ChangeOwnPassword);
        return Vec::new();
    };
    let selected = BidiMode::ALL.iter().position(|m| *m == state.bidi).unwrap_or(0);
    state.screen = Screen::Settings(Box::new(Settings {
        part,
        selected,
        idle: TextInput::with_dir("", Dir::Ltr).with_max_chars(2),
        idle_now: None,
        password: PasswordChange::default(),
    }));
    if state.may(Right::ChangeStoreSettings) { vec![Effect::LoadIdleMinutes] } else { Vec::new() }
}

/// The keyboard context of the part shown.
pub fn context(settings: &Settings) -> crate::app::keymap::Context {
    use crate::app::keymap::Context;
    match settings.part {
        SettingsPart::Mode => Context::Settings,
        SettingsPart::Idle => Context::SettingsIdle,
        SettingsPart::Password => Context::SettingsPassword,
    }
}

/// The input with the focus, to edit (a password field is edited only by [`type_secret`]).
pub fn focused_mut(settings: &mut Settings) -> Option<&mut TextInput> {
    match settings.part {
        SettingsPart::Mode | SettingsPart::Password => None,
        SettingsPart::Idle => Some(&mut settings.idle),
    }
}

/// A key typed, or text pasted, into the password field with the focus. Too long or holding a
/// control character: refused whole, said beside the field, and the field is unchanged.
pub fn type_secret(state: &mut AppState, text: Secret) {
    let lang = state.lang;
    let Screen::Settings(settings) = &mut state.screen else { return };
    if settings.part != SettingsPart::Password {
        return;
    }
    let pw = &mut settings.password;
    let focus = pw.focus;
    let pasted = text.expose().chars().nth(1).is_some();
    match pw.inputs[focus as usize].insert(text) {
        Ok(()) => pw.error = None,
        Err(refusal) => {
            let text = match refusal {
                // Said as any field says it, with the longest password there may be.
                SecretRefusal::TooLong => {
                    let message = if pasted { T::ErrPasteTooLong } else { T::ErrTooLong };
                    message.fill(lang, &[("n", &crate::auth::password::MAX_CHARS.to_string())])
                }
                SecretRefusal::Control => crate::app::screen::login::Problem::Typed(refusal).text(lang),
            };
            pw.error = Some((focus, text.clone()));
            crate::app::update::complain(state, text);
        }
    }
}

pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let shown = parts(state);
    let Screen::Settings(settings) = &mut state.screen else { return Vec::new() };
    // A part the account may not use is never acted on, whatever brought the key here.
    if action != Action::Back && !shown.contains(&settings.part) {
        permit(state, settings_part(state).needs());
        return Vec::new();
    }
    match action {
        Action::Back => return super::home::go_home(state),
        Action::NextSection | Action::PrevSection => {
            let at = shown.iter().position(|p| *p == settings.part).unwrap_or(0);
            let n = shown.len().max(1);
            let next = if action == Action::NextSection { (at + 1) % n } else { (at + n - 1) % n };
            if let Some(part) = shown.get(next) {
                settings.part = *part;
            }
            return Vec::new();
        }
        _ => {}
    }
    match settings.part {
        SettingsPart::Mode => match action {
            Action::Up => settings.selected = settings.selected.saturating_sub(1),
            Action::Down => settings.selected = (settings.selected + 1).min(BidiMode::ALL.len() - 1),
            Action::Open => {
                let mode = BidiMode::ALL[settings.selected];
                if permit(state, Right::ChangeStoreSettings) {
                    return vec![Effect::SaveBidiMode(mode)];
                }
            }
            _ => {}
        },
        SettingsPart::Idle => {
            if action == Action::Submit {
                let typed = settings.idle.text().trim().parse::<u32>().ok();
                let Some(minutes) = typed.filter(|m| crate::store::IDLE_MINUTES_RANGE.contains(m)) else {
                    crate::app::update::complain(state, T::AccIdleOutOfRange.get(state.lang).to_string());
                    return Vec::new();
                };
                if permit(state, Right::ChangeStoreSettings) {
                    return vec![Effect::SaveIdleMinutes(minutes)];
                }
            }
        }
        SettingsPart::Password => {
            let pw = &mut settings.password;
            match action {
                Action::NextField if pw.focus == PasswordField::Again => return submit_password(state),
                Action::NextField => pw.focus = pw.focus.next(),
                Action::PrevField => pw.focus = pw.focus.prev(),
                Action::Submit => return submit_password(state),
                Action::Backspace => {
                    pw.inputs[pw.focus as usize].backspace();
                    pw.error = None;
                }
                _ => {}
            }
        }
    }
    Vec::new()
}

fn settings_part(state: &AppState) -> SettingsPart {
    match &state.screen {
        Screen::Settings(s) => s.part,
        _ => SettingsPart::Password,
    }
}

/// Hands the three passwords to the store as secrets and empties the inputs, so the passwords
/// stay in memory no longer than the change takes.
fn submit_password(state: &mut AppState) -> Vec<Effect> {
    if !permit(state, Right::ChangeOwnPassword) {
        return Vec::new();
    }
    let Screen::Settings(settings) = &mut state.screen else { return Vec::new() };
    let pw = &mut settings.password;
    let secret = |input: &mut SecretInput| {
        let secret = super::accounts::Secret(input.secret().to_secret_string());
        input.clear();
        secret
    };
    let [current, new, again] = &mut pw.inputs;
    let submit = PasswordSubmit { current: secret(current), new: secret(new), again: secret(again) };
    pw.error = None;
    pw.focus = PasswordField::Current;
    vec![Effect::ChangeOwnPassword(Box::new(submit))]
}

/// The store changed the password: said, and the fields stay empty.
pub fn password_changed(state: &mut AppState) {
    state.unsaved = None;
    say(state, T::PwChanged);
}

/// The store refused the change: the reason beside the field it is about. Every field was
/// emptied on submitting, so the focus is on the first, to type the change again.
pub fn password_refused(state: &mut AppState, field: PasswordField, text: String) {
    if let Screen::Settings(settings) = &mut state.screen {
        settings.password.focus = PasswordField::Current;
        settings.password.error = Some((field, text.clone()));
    }
    crate::app::update::complain(state, text);
}

/// The store's idle time, read when the settings open.
pub fn idle_loaded(state: &mut AppState, minutes: u32) {
    if let Screen::Settings(settings) = &mut state.screen {
        settings.idle_now = Some(minutes);
        if settings.idle.is_empty() {
            settings.idle = TextInput::with_dir(&minutes.to_string(), Dir::Ltr).with_max_chars(2);
        }
    }
}

/// The store has the new idle time.
pub fn idle_saved(state: &mut AppState, minutes: u32) {
    state.unsaved = None;
    // The idle lock of this session follows the new time at once.
    state.idle_minutes = minutes;
    if let Screen::Settings(settings) = &mut state.screen {
        settings.idle_now = Some(minutes);
    }
    say_text(state, T::SettingsIdleSaved.count(state.lang, minutes as usize));
}
