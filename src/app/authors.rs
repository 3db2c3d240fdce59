//! The names screens show for the authors of records. Records name their author by account
//! id ([`Author`]); the full names are read from the accounts once (at start, after a login,
//! and when the accounts change, through [`super::Effect::LoadAuthors`]) into one map, so no
//! screen reads the accounts per row. A disabled account keeps its name here: its records
//! still show who wrote them.

use std::collections::HashMap;

use crate::auth::{Account, AccountId};
use crate::i18n::{Lang, T};
use crate::store::Author;

/// Full names by account id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Authors {
    full_names: HashMap<AccountId, String>,
}

impl Authors {
    /// The names of `accounts`, every one of them (disabled ones included).
    pub fn of(accounts: &[Account]) -> Authors {
        Authors { full_names: accounts.iter().map(|a| (a.id.clone(), a.full_name.clone())).collect() }
    }

    /// The full name of the account `id`, if the store has it.
    pub fn full_name(&self, id: &AccountId) -> Option<&str> {
        self.full_names.get(id).map(String::as_str)
    }

    /// The accounts whose full name contains `text`, folded (case, accents and Arabic
    /// variants aside, as the home screen's search folds), in no particular order.
    pub fn matching(&self, text: &str) -> Vec<AccountId> {
        let wanted = crate::text::fold::fold(text);
        self.full_names
            .iter()
            .filter(|(_, name)| crate::text::fold::fold(name).contains(&wanted))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Who wrote a record, as a screen shows it: the account's full name; for a record from
    /// before accounts, the name then typed, said to be recorded before accounts; for an
    /// account the store does not have (a damaged store), its id.
    pub fn name(&self, author: &Author, lang: Lang) -> String {
        match author {
            Author::Account(id) => match self.full_name(id) {
                Some(name) => name.to_string(),
                None => T::AuthorUnknownAccount.fill(lang, &[("id", id.as_str())]),
            },
            Author::BeforeAccounts(name) => T::AuthorBeforeAccounts.fill(lang, &[("name", name)]),
        }
    }

    /// [`Authors::name`] in the shorter form a column of a list has room for: a name from
    /// before accounts is marked `*`, which the list explains once
    /// ([`T::AuthorBeforeAccountsLegend`]).
    pub fn name_in_list(&self, author: &Author, lang: Lang) -> String {
        match author {
            Author::BeforeAccounts(name) => T::AuthorBeforeAccountsShort.fill(lang, &[("name", name)]),
            Author::Account(_) => self.name(author, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_author_before_accounts_is_said_to_be_one_and_an_unknown_account_shows_its_id() {
        let authors = Authors::default();
        let old = Author::BeforeAccounts("Samira".into());
        assert_eq!(crate::i18n::plain(&authors.name(&old, Lang::En)), "Samira — recorded before accounts");
        assert!(authors.name(&old, Lang::Fr).contains("avant les comptes"));
        assert_eq!(crate::i18n::plain(&authors.name_in_list(&old, Lang::En)), "Samira *");
        let id = AccountId::new_random();
        let unknown = authors.name(&Author::Account(id.clone()), Lang::En);
        assert!(unknown.contains(id.as_str()), "{unknown}");
    }
}
