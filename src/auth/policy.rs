//! Who may do what: the one table of rights. The interface (keys, hints, help) and every command
//! ask [`allowed`]; nothing else in the code compares roles. README's table is generated from
//! [`markdown_table`] and a test keeps the two equal.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, T};

/// An account's role. Each role can do everything the one before it can, and more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Interviewer,
    Supervisor,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Interviewer, Role::Supervisor, Role::Administrator];

    /// The name used on the command line and in README (`interviewer`, …).
    pub fn name(self) -> &'static str {
        match self {
            Role::Interviewer => "interviewer",
            Role::Supervisor => "supervisor",
            Role::Administrator => "administrator",
        }
    }

    /// The role named `name` on the command line, if there is one.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name.trim().to_ascii_lowercase())
    }
}

/// Something a person can ask Daftar to do that not every role may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open records, progress charts, due lists and search.
    ViewRecords,
    RegisterParticipant,
    /// Start an interview and finalize it.
    TakeInterview,
    /// Resume a draft one started oneself.
    ResumeOwnDraft,
    /// Resume a draft another interviewer started.
    ResumeAnyDraft,
    ChangeStage,
    ViewDashboard,
    /// The review queue and the history screens (issue 11).
    Review,
    ViewHistory,
    ChangeOwnPassword,
    /// Add, disable, enable, unlock accounts, set roles, reset passwords.
    ManageAccounts,
    InstallForms,
    /// List the forms in the store.
    ListForms,
    Import,
    Export,
    RebuildIndex,
    /// Store-wide settings: idle time, display mode default.
    ChangeStoreSettings,
    /// Copy the whole store (backup, and salvage of a damaged one).
    Backup,
    /// The audit trail: its head and its verification (`daftar audit head`, `verify`).
    ViewAudit,
    /// Write the whole audit trail out (`daftar audit export`).
    ExportAudit,
    /// Correct a participant's details (a new version, with a reason).
    EditParticipant,
    /// Amend a finalized interview (a new version, with a reason).
    AmendInterview,
    /// Void a stage change entered by mistake (kept, marked voided, with a reason).
    CorrectStage,
    /// Discard a draft one started oneself (a tombstone keeps it in the history).
    DiscardOwnDraft,
    /// Discard a draft another interviewer started.
    DiscardAnyDraft,
    /// Unlock an approved (locked) interview, with a reason.
    UnlockInterview,
}

impl Action {
    pub const ALL: [Action; 26] = [
        Action::ViewRecords,
        Action::RegisterParticipant,
        Action::TakeInterview,
        Action::ResumeOwnDraft,
        Action::ResumeAnyDraft,
        Action::ChangeStage,
        Action::ViewDashboard,
        Action::Review,
        Action::ViewHistory,
        Action::ChangeOwnPassword,
        Action::ManageAccounts,
        Action::InstallForms,
        Action::ListForms,
        Action::Import,
        Action::Export,
        Action::RebuildIndex,
        Action::ChangeStoreSettings,
        Action::Backup,
        Action::ViewAudit,
        Action::ExportAudit,
        Action::EditParticipant,
        Action::AmendInterview,
        Action::CorrectStage,
        Action::DiscardOwnDraft,
        Action::DiscardAnyDraft,
        Action::UnlockInterview,
    ];

    /// The least role that may do it: every role from it upward may.
    fn least_role(self) -> Role {
        use Action::*;
        match self {
            ViewRecords | RegisterParticipant | TakeInterview | ResumeOwnDraft | ChangeOwnPassword | ListForms
            | EditParticipant | AmendInterview | DiscardOwnDraft => Role::Interviewer,
            ResumeAnyDraft | ChangeStage | ViewDashboard | Review | ViewHistory | ViewAudit | CorrectStage
            | DiscardAnyDraft | UnlockInterview => Role::Supervisor,
            ManageAccounts | InstallForms | Import | Export | RebuildIndex | ChangeStoreSettings | Backup
            | ExportAudit => Role::Administrator,
        }
    }

    /// How README names it.
    pub fn describe(self) -> &'static str {
        use Action::*;
        match self {
            ViewRecords => "view records, charts, due lists; search",
            RegisterParticipant => "register participants",
            TakeInterview => "take and finalize interviews",
            ResumeOwnDraft => "resume their own drafts",
            ResumeAnyDraft => "resume any interviewer's drafts",
            ChangeStage => "change a participant's stage",
            ViewDashboard => "the dashboard",
            Review => "review queue (approve, return)",
            ViewHistory => "history of a participant",
            ChangeOwnPassword => "change their own password",
            ManageAccounts => "accounts (add, disable, enable, set role, reset password, unlock)",
            InstallForms => "install forms",
            ListForms => "list forms",
            Import => "import",
            Export => "export",
            RebuildIndex => "rebuild the index",
            ChangeStoreSettings => "store-wide settings (idle time, display mode default)",
            Backup => "backup and salvage",
            ViewAudit => "the audit trail's head and its verification",
            ExportAudit => "export the audit trail",
            EditParticipant => "correct a participant's details",
            AmendInterview => "amend a finalized interview",
            CorrectStage => "void or correct a stage change",
            DiscardOwnDraft => "discard their own drafts",
            DiscardAnyDraft => "discard any interviewer's drafts",
            UnlockInterview => "unlock an approved interview",
        }
    }
}

/// Whether `role` may do `action`. The only place rights are decided.
pub fn allowed(role: Role, action: Action) -> bool {
    role >= action.least_role()
}

/// Refuses `action` to `role` with a [`Refused`] that says what was refused and who may.
pub fn check(role: Role, action: Action) -> Result<(), Refused> {
    if allowed(role, action) {
        Ok(())
    } else {
        Err(Refused { role, action, least: action.least_role(), because: Because::Role })
    }
}

/// The rule for a logged-in account as it stands: a disabled (or vanished) account may do
/// nothing; while its password is a temporary one it may only change it; otherwise its role
/// decides ([`check`]). [`crate::auth::Session::check`] and the store's checks ask this.
pub fn check_session(role: Role, must_change_password: bool, active: bool, action: Action) -> Result<(), Refused> {
    let refuse = |because| Err(Refused { role, action, least: action.least_role(), because });
    if !active {
        return refuse(Because::AccountDisabled);
    }
    if must_change_password && action != Action::ChangeOwnPassword {
        return refuse(Because::MustChangePassword);
    }
    check(role, action)
}

/// An action refused: what, for whom, the least role that may, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub role: Role,
    pub action: Action,
    pub least: Role,
    pub because: Because,
}

/// Why an action was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Because {
    /// The role may not do it.
    Role,
    /// The password is a temporary one: it must be changed before anything else.
    MustChangePassword,
    /// The account was disabled (or is gone) since the login.
    AccountDisabled,
}

impl Refused {
    /// The refusal of `user`'s request, in `lang`.
    pub fn text(&self, user: &str, lang: Lang) -> String {
        match self.because {
            Because::Role => T::CmdRefusedRole
                .fill(lang, &[("user", user), ("role", self.role.name()), ("least", self.least.name())]),
            Because::MustChangePassword => T::LoginMustChange.get(lang).into(),
            Because::AccountDisabled => T::LoginDisabled.get(lang).into(),
        }
    }
}

/// The table as README shows it, one row per action.
pub fn markdown_table() -> String {
    let mut out = String::from("| Action | Interviewer | Supervisor | Administrator |\n|---|---|---|---|\n");
    for action in Action::ALL {
        out.push_str("| ");
        out.push_str(action.describe());
        for role in Role::ALL {
            out.push_str(if allowed(role, action) { " | yes" } else { " | no" });
        }
        out.push_str(" |\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, written out by hand: a change to the rights must change this too.
    #[test]
    fn every_action_for_every_role() {
        use Action::*;
        let expected: [(Action, [bool; 3]); 26] = [
            (ViewRecords, [true, true, true]),
            (RegisterParticipant, [true, true, true]),
            (TakeInterview, [true, true, true]),
            (ResumeOwnDraft, [true, true, true]),
            (ResumeAnyDraft, [false, true, true]),
            (ChangeStage, [false, true, true]),
            (ViewDashboard, [false, true, true]),
            (Review, [false, true, true]),
            (ViewHistory, [false, true, true]),
            (ChangeOwnPassword, [true, true, true]),
            (ManageAccounts, [false, false, true]),
            (InstallForms, [false, false, true]),
            (ListForms, [true, true, true]),
            (Import, [false, false, true]),
            (Export, [false, false, true]),
            (RebuildIndex, [false, false, true]),
            (ChangeStoreSettings, [false, false, true]),
            (Backup, [false, false, true]),
            (ViewAudit, [false, true, true]),
            (ExportAudit, [false, false, true]),
            (EditParticipant, [true, true, true]),
            (AmendInterview, [true, true, true]),
            (CorrectStage, [false, true, true]),
            (DiscardOwnDraft, [true, true, true]),
            (DiscardAnyDraft, [false, true, true]),
            (UnlockInterview, [false, true, true]),
        ];
        assert_eq!(expected.len(), Action::ALL.len());
        for (action, rights) in expected {
            for (role, right) in Role::ALL.into_iter().zip(rights) {
                assert_eq!(allowed(role, action), right, "{role:?} {action:?}");
                assert_eq!(check(role, action).is_ok(), right);
            }
        }
    }

    #[test]
    fn a_temporary_password_allows_only_changing_it_and_a_disabled_account_nothing() {
        for role in Role::ALL {
            for action in Action::ALL {
                let temporary = check_session(role, true, true, action);
                assert_eq!(temporary.is_ok(), action == Action::ChangeOwnPassword, "{role:?} {action:?}");
                if let Err(r) = temporary {
                    assert_eq!(r.because, Because::MustChangePassword);
                }
                assert_eq!(
                    check_session(role, false, false, action).map_err(|r| r.because),
                    Err(Because::AccountDisabled)
                );
                assert_eq!(check_session(role, false, true, action), check(role, action));
            }
        }
    }

    #[test]
    fn all_lists_every_action_once() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a), "{a:?} twice");
        }
    }

    #[test]
    fn role_names_round_trip_and_unknown_is_none() {
        for r in Role::ALL {
            assert_eq!(Role::from_name(r.name()), Some(r));
        }
        assert_eq!(Role::from_name("Supervisor"), Some(Role::Supervisor));
        assert_eq!(Role::from_name("root"), None);
    }

    #[test]
    fn readme_shows_the_table() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&markdown_table()),
            "README's role table differs from the policy:\n{}",
            markdown_table()
        );
    }
}
