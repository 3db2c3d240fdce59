//! The interface's side of the policy: the words for roles and actions, and the one guard
//! ([`permit`]) that every screen asks before doing a policy action. The rights themselves are
//! decided in `auth::policy` alone; nothing here compares roles.

use super::state::AppState;
use super::update::complain;
use crate::auth::{Action, Refused, Role};
use crate::i18n::{Lang, T};

/// A role, named in the interface's language.
pub fn role_word(role: Role) -> T {
    match role {
        Role::Interviewer => T::RoleInterviewer,
        Role::Supervisor => T::RoleSupervisor,
        Role::Administrator => T::RoleAdministrator,
    }
}

/// What a policy action does, in the interface's language (for refusals).
pub fn action_word(action: Action) -> T {
    match action {
        Action::ViewRecords => T::RightViewRecords,
        Action::RegisterParticipant => T::RightRegister,
        Action::TakeInterview => T::RightTakeInterview,
        Action::ResumeOwnDraft => T::RightResumeOwnDraft,
        Action::ResumeAnyDraft => T::RightResumeAnyDraft,
        Action::ChangeStage => T::RightChangeStage,
        Action::ViewDashboard => T::RightDashboard,
        Action::Review => T::RightReview,
        Action::ViewHistory => T::RightHistory,
        Action::ChangeOwnPassword => T::RightChangeOwnPassword,
        Action::ManageAccounts => T::RightManageAccounts,
        Action::InstallForms => T::RightInstallForms,
        Action::ListForms => T::RightListForms,
        Action::Import => T::RightImport,
        Action::Export => T::RightExport,
        Action::RebuildIndex => T::RightRebuildIndex,
        Action::ChangeStoreSettings => T::RightStoreSettings,
        Action::Backup => T::RightBackup,
        Action::ViewAudit => T::RightViewAudit,
        Action::ExportAudit => T::RightExportAudit,
        Action::EditParticipant => T::RightEditParticipant,
        Action::AmendInterview => T::RightAmendInterview,
        Action::CorrectStage => T::RightCorrectStage,
        Action::DiscardOwnDraft | Action::DiscardAnyDraft => T::RightDiscardDraft,
        Action::UnlockInterview => T::RightUnlockInterview,
    }
}

/// Why the policy refused: what, for which role, and the least role that may.
pub fn refusal_text(refused: Refused, lang: Lang) -> String {
    T::RefusedForRole.fill(
        lang,
        &[
            ("what", action_word(refused.action).get(lang)),
            ("role", role_word(refused.role).get(lang)),
            ("least", role_word(refused.least).get(lang)),
        ],
    )
}

/// Whether the logged-in account may do `action`; when not, the status line says why and the
/// caller does nothing. With nobody logged in, nothing is permitted.
pub fn permit(state: &mut AppState, action: Action) -> bool {
    let refusal = match &state.session {
        Some(session) => session.check(action).err().map(|refused| refusal_text(refused, state.lang)),
        None => Some(T::RefusedNotLoggedIn.get(state.lang).to_string()),
    };
    match refusal {
        None => true,
        Some(text) => {
            complain(state, text);
            false
        }
    }
}

/// The role of the account logged in, for the keymap's filtered help and hints.
pub fn role_of(state: &AppState) -> Option<Role> {
    state.session.as_ref().map(|s| s.role)
}
