//! Accounts: who may log in, with which role, and the state of their password (temporary or
//! not, failures in a row, a lock). Accounts are never deleted, only disabled: records keep
//! pointing at them by [`AccountId`].

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::kdf::Credential;
use super::policy::Role;
use crate::i18n::{Lang, T};

/// A random UUIDv4 in 32 lowercase hex digits: never derived from the username.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AccountId(String);

impl AccountId {
    pub fn new_random() -> AccountId {
        AccountId(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id stored under a key, if it is one Daftar writes.
    pub fn from_key(key: &[u8]) -> Option<AccountId> {
        let s = std::str::from_utf8(key).ok()?;
        (s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))).then(|| AccountId(s.to_string()))
    }
}

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether an account may log in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    Active,
    Disabled,
}

/// How long a temporary password (from `users add` or `users reset-password`) may be used.
pub const TEMPORARY_VALID: Duration = Duration::hours(72);
/// The longest username, in characters.
pub const USERNAME_MAX: usize = 64;
/// The longest full name, in characters.
pub const FULL_NAME_MAX: usize = 200;

/// One account as stored (record format [`crate::store::RECORD_FORMAT`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub format: u32,
    pub id: AccountId,
    /// As the administrator typed it (NFC); compared through [`fold_username`].
    pub username: String,
    /// Any script, sanitised and NFC.
    pub full_name: String,
    pub role: Role,
    pub status: AccountStatus,
    pub credential: Credential,
    /// Set with a temporary password: the next login must choose a new one.
    pub must_change_password: bool,
    /// When the temporary password stops working (None for a password the person chose).
    pub temporary_until: Option<DateTime<Utc>>,
    /// Failed logins since the last success or lock.
    pub failed_in_a_row: u32,
    /// Locked until then after too many failures ([`super::login`]).
    pub locked_until: Option<DateTime<Utc>>,
    pub created: DateTime<Utc>,
    pub last_login: Option<DateTime<Utc>>,
}

impl crate::store::Stored for Account {}

impl Account {
    /// A new active account with `credential`: temporary (must be changed within
    /// [`TEMPORARY_VALID`]) or the person's own.
    pub fn new(
        username: &str,
        full_name: &str,
        role: Role,
        credential: Credential,
        temporary: bool,
        now: DateTime<Utc>,
    ) -> Result<Account, AccountProblem> {
        Ok(Account {
            format: crate::store::RECORD_FORMAT,
            id: AccountId::new_random(),
            username: check_username(username)?,
            full_name: check_full_name(full_name)?,
            role,
            status: AccountStatus::Active,
            credential,
            must_change_password: temporary,
            temporary_until: temporary.then(|| now + TEMPORARY_VALID),
            failed_in_a_row: 0,
            locked_until: None,
            created: now,
            last_login: None,
        })
    }

    pub fn is_active(&self) -> bool {
        self.status == AccountStatus::Active
    }

    /// The lock's end, while it lasts.
    pub fn locked_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }
}

/// Why an account's fields, or an operation on accounts, are refused. Every one has words in
/// the catalog ([`AccountProblem::text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountProblem {
    UsernameEmpty,
    /// A space or a control character, at this character position (from 1).
    UsernameBadChar(usize),
    /// An invisible or format character (this one, at this character position from 1): the
    /// username would not look as it is.
    UsernameInvisible(usize, char),
    /// The username begins with a combining mark (an accent, a vowel sign) with no letter to
    /// carry it: made of marks alone, it looks empty or merges with what is around it.
    UsernameStartsWithMark,
    /// The username looks the same as one an account has (the same UTS #39 skeleton:
    /// letters of another script, look-alike characters).
    UsernameLookalike,
    UsernameTooLong,
    UsernameTaken,
    FullNameEmpty,
    FullNameBadChar,
    FullNameTooLong,
    UnknownRole(String),
    /// `users …` named no account by that name.
    NoSuchAccount(String),
    /// The change would leave the store without an active administrator.
    LastAdministrator,
    /// `init` on a store that already has accounts.
    StoreHasAccounts,
    /// The store at this path has no account yet (an older store): `daftar init` creates the
    /// first.
    StoreHasNoAccounts(String),
    WrongCurrentPassword,
    IdleMinutesOutOfRange,
    /// The store at this path had accounts and none can be read: it is damaged.
    AccountsLost(String),
    /// The recovery key sets an active administrator's password only.
    NotAnAdministrator(String),
}

impl AccountProblem {
    pub fn text(&self, lang: Lang) -> String {
        use AccountProblem::*;
        match self {
            UsernameEmpty => T::AccUsernameEmpty.get(lang).into(),
            UsernameBadChar(at) => T::AccUsernameBadChar.fill(lang, &[("n", &at.to_string())]),
            UsernameInvisible(at, c) => T::AccUsernameInvisible
                .fill(lang, &[("n", &at.to_string()), ("code", &format!("U+{:04X}", u32::from(*c)))]),
            UsernameStartsWithMark => T::AccUsernameStartsWithMark.get(lang).into(),
            UsernameLookalike => T::AccUsernameLookalike.get(lang).into(),
            UsernameTooLong => T::AccUsernameTooLong.fill(lang, &[("n", &USERNAME_MAX.to_string())]),
            UsernameTaken => T::AccUsernameTaken.get(lang).into(),
            FullNameEmpty => T::AccFullNameEmpty.get(lang).into(),
            FullNameBadChar => T::AccFullNameBadChar.get(lang).into(),
            FullNameTooLong => T::AccFullNameTooLong.fill(lang, &[("n", &FULL_NAME_MAX.to_string())]),
            UnknownRole(name) => T::AccUnknownRole.fill(lang, &[("role", name)]),
            NoSuchAccount(name) => T::AccNoSuchAccount.fill(lang, &[("user", name)]),
            LastAdministrator => T::AccLastAdministrator.get(lang).into(),
            StoreHasAccounts => T::AccStoreHasAccounts.get(lang).into(),
            StoreHasNoAccounts(path) => T::AccStoreHasNoAccounts.fill(lang, &[("path", path)]),
            WrongCurrentPassword => T::AccWrongCurrentPassword.get(lang).into(),
            IdleMinutesOutOfRange => T::AccIdleOutOfRange.get(lang).into(),
            AccountsLost(path) => T::AccAccountsLost.fill(lang, &[("path", path)]),
            NotAnAdministrator(user) => T::RecoverNotAdmin.fill(lang, &[("user", user)]),
        }
    }
}

/// A new username as stored: trimmed, NFC; refused when empty, too long, holding a space or a
/// control character, holding an invisible or format character ([`is_invisible`]), or
/// beginning with a combining mark (a username is typed at every login and shown beside what
/// its account wrote: it must be one visible word that looks as it is). Uniqueness, on the
/// look-alike skeleton too ([`username_skeleton`]), is the store's to check.
pub fn check_username(raw: &str) -> Result<String, AccountProblem> {
    let name = check_login_name(raw)?;
    if let Some((at, c)) = name.chars().enumerate().find(|(_, c)| is_invisible(*c)) {
        return Err(AccountProblem::UsernameInvisible(at + 1, c));
    }
    if name.chars().next().is_some_and(unicode_normalization::char::is_combining_mark) {
        return Err(AccountProblem::UsernameStartsWithMark);
    }
    Ok(name)
}

/// A username as typed at a login, trimmed and NFC: the rules usernames have always had (not
/// empty, not too long, no space or control character, no bidi control or zero-width
/// character). Laxer than [`check_username`], so that an account made before its newer rules
/// can still log in.
pub fn check_login_name(raw: &str) -> Result<String, AccountProblem> {
    let name: String = raw.trim().nfc().collect();
    if name.is_empty() {
        return Err(AccountProblem::UsernameEmpty);
    }
    let bad =
        |c: char| c.is_whitespace() || c.is_control() || crate::text::sanitize::is_bidi_control(c) || was_invisible(c);
    if let Some(at) = name.chars().position(bad) {
        return Err(AccountProblem::UsernameBadChar(at + 1));
    }
    if name.chars().count() > USERNAME_MAX {
        return Err(AccountProblem::UsernameTooLong);
    }
    Ok(name)
}

/// The zero-width and direction characters usernames have always refused.
fn was_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
}

/// Characters that draw nothing, or nothing of their own, so that two usernames would look
/// alike or one would look blank: every format character (general category Cf, Unicode 16),
/// every default-ignorable code point (variation selectors U+FE00–FE0F and U+E0100–E01EF, the
/// combining grapheme joiner U+034F, the Mongolian selectors and vowel separator U+180B–180F,
/// tags U+E0000–E007F, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer inherent
/// vowels U+17B4–17B5), and the blank braille pattern U+2800. Spaces (Zs) are refused as
/// whitespace already.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1345F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// The form under which two usernames that look the same are one: the UTS #39 confusable
/// skeleton (the `unicode-security` crate, as the identity of participants uses) of the
/// folded name, folded and reduced again (a skeleton may bring back capitals). Cyrillic
/// "аmina" and Latin "amina", "admin1" and "adminl", "rn" and "m" have one skeleton.
pub fn username_skeleton(name: &str) -> String {
    let once: String = unicode_security::skeleton(&fold_username(name)).collect();
    unicode_security::skeleton(&fold_username(&once)).collect()
}

/// The form usernames are compared and indexed in: compatibility-normalised and lowercase, so
/// "Amina", "AMINA" and "ａｍｉｎａ" are one username.
pub fn fold_username(name: &str) -> String {
    name.trim().nfkc().flat_map(char::to_lowercase).collect::<String>().nfc().collect()
}

/// A full name as stored: through the text layer's sanitising (no controls, NFC), trimmed;
/// any script.
pub fn check_full_name(raw: &str) -> Result<String, AccountProblem> {
    let clean = crate::text::sanitize(raw, crate::text::Lines::Single).map_err(|_| AccountProblem::FullNameBadChar)?;
    let name = clean.trim().to_string();
    if name.is_empty() {
        return Err(AccountProblem::FullNameEmpty);
    }
    if name.chars().count() > FULL_NAME_MAX {
        return Err(AccountProblem::FullNameTooLong);
    }
    Ok(name)
}

/// The role named on the command line, or the refusal naming it.
pub fn parse_role(name: &str) -> Result<Role, AccountProblem> {
    Role::from_name(name).ok_or_else(|| AccountProblem::UnknownRole(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_one_visible_word() {
        assert_eq!(check_username("  amina "), Ok("amina".into()));
        assert_eq!(check_username("أمينة"), Ok("أمينة".into()));
        assert_eq!(check_username(""), Err(AccountProblem::UsernameEmpty));
        assert_eq!(check_username("   "), Err(AccountProblem::UsernameEmpty));
        assert_eq!(check_username("amina b"), Err(AccountProblem::UsernameBadChar(6)));
        assert_eq!(check_username("amina\u{7}"), Err(AccountProblem::UsernameBadChar(6)));
        assert_eq!(check_username("am\u{200B}ina"), Err(AccountProblem::UsernameBadChar(3)));
        assert_eq!(check_username("a\u{202E}b"), Err(AccountProblem::UsernameBadChar(2)));
        assert_eq!(check_username(&"a".repeat(65)), Err(AccountProblem::UsernameTooLong));
        assert!(check_username(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn invisible_format_and_mark_only_usernames_are_refused() {
        for (name, at, c) in [
            ("am\u{34F}ina", 3, '\u{34F}'),
            ("amina\u{180E}", 6, '\u{180E}'),
            ("amina\u{FE0F}", 6, '\u{FE0F}'),
            ("amina\u{E0041}", 6, '\u{E0041}'),
            ("\u{3164}", 1, '\u{3164}'),
            ("a\u{115F}", 2, '\u{115F}'),
            ("a\u{1160}", 2, '\u{1160}'),
            ("a\u{FFA0}", 2, '\u{FFA0}'),
            ("\u{2800}", 1, '\u{2800}'),
            ("a\u{600}1", 2, '\u{600}'),
        ] {
            assert_eq!(check_username(name), Err(AccountProblem::UsernameInvisible(at, c)), "{name:?}");
        }
        assert_eq!(check_username("\u{301}\u{302}"), Err(AccountProblem::UsernameStartsWithMark));
        assert_eq!(check_username("\u{64E}\u{650}"), Err(AccountProblem::UsernameStartsWithMark));
        // Marks on a letter are letters with accents: أمينة with its vowels, é decomposed.
        assert_eq!(check_username("أَمينة"), Ok("أَمينة".into()));
        assert_eq!(check_username("re\u{301}mi"), Ok("r\u{e9}mi".into()));
        // What an older account may hold still logs in.
        assert_eq!(check_login_name("am\u{34F}ina"), Ok("am\u{34F}ina".into()));
        assert_eq!(check_login_name("am\u{200B}ina"), Err(AccountProblem::UsernameBadChar(3)));
        for problem in [
            AccountProblem::UsernameInvisible(3, '\u{34F}'),
            AccountProblem::UsernameStartsWithMark,
            AccountProblem::UsernameLookalike,
        ] {
            for lang in Lang::ALL {
                assert!(!problem.text(lang).is_empty());
            }
        }
        assert!(AccountProblem::UsernameInvisible(3, '\u{34F}').text(Lang::Ar).contains("U+034F"));
    }

    #[test]
    fn look_alike_usernames_have_one_skeleton() {
        assert_eq!(username_skeleton("\u{430}mina"), username_skeleton("amina"));
        assert_eq!(username_skeleton("AMINA"), username_skeleton("amina"));
        assert_eq!(username_skeleton("admin1"), username_skeleton("adminl"));
        assert_eq!(username_skeleton("arnina"), username_skeleton("amina"));
        assert_ne!(username_skeleton("amina"), username_skeleton("amira"));
        assert_ne!(username_skeleton("أمينة"), username_skeleton("amina"));
    }

    #[test]
    fn usernames_compare_case_folded() {
        assert_eq!(fold_username("Amina"), fold_username("AMINA"));
        assert_eq!(fold_username("ａｍｉｎａ"), "amina");
        assert_eq!(fold_username("Ÿves"), fold_username("ÿves"));
    }

    #[test]
    fn full_names_take_any_script_and_no_controls() {
        assert_eq!(check_full_name(" Amina Benali — أمينة بن علي "), Ok("Amina Benali — أمينة بن علي".into()));
        assert_eq!(check_full_name("Cafe\u{301}"), Ok("Caf\u{e9}".into()));
        assert_eq!(check_full_name(" "), Err(AccountProblem::FullNameEmpty));
        assert_eq!(check_full_name("a\u{1b}[31m"), Err(AccountProblem::FullNameBadChar));
        assert_eq!(check_full_name("a\nb"), Err(AccountProblem::FullNameBadChar));
    }

    #[test]
    fn an_unknown_role_is_named_in_the_refusal() {
        assert_eq!(parse_role("Supervisor"), Ok(Role::Supervisor));
        let refusal = parse_role("root").unwrap_err();
        assert!(refusal.text(Lang::En).contains("root"));
        assert!(refusal.text(Lang::Fr).contains("root"));
        assert!(refusal.text(Lang::Ar).contains("root"));
    }

    #[test]
    fn ids_are_random_v4_and_read_back_from_keys() {
        let a = AccountId::new_random();
        assert_ne!(a, AccountId::new_random());
        assert_eq!(AccountId::from_key(a.as_str().as_bytes()), Some(a));
        assert_eq!(AccountId::from_key(b"amina"), None);
    }
}
