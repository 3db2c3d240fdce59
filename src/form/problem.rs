//! A message of the form loader or of the condition language: a catalog key and its named
//! arguments, kept typed until it is shown, so that `daftar forms check` and the interface say
//! it in the reader's language. Values (ids, keys, kinds, numbers) are isolated in their own
//! direction when filled in, as [`T::fill`] does; a phrase placed into another (who owns a key,
//! a "did you mean") is itself a [`Problem`], rendered in the same language.

use std::fmt;

use crate::i18n::{self, Lang, T};

/// One argument of a [`Problem`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A value written into the sentence, isolated in its own direction.
    Value(String),
    /// A phrase of the catalog, in the same language as the sentence around it.
    Words(Problem),
    /// Nothing: an absent optional part, such as a suggestion there is none of.
    Nothing,
}

/// A catalog sentence with its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    key: T,
    args: Vec<(&'static str, Arg)>,
}

impl Problem {
    pub fn new(key: T) -> Problem {
        Problem { key, args: Vec::new() }
    }

    /// The sentence with the value `value` for `{name}`.
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Problem {
        self.args.push((name, Arg::Value(value.to_string())));
        self
    }

    /// The sentence with the phrase `words` for `{name}`.
    pub fn words(mut self, name: &'static str, words: Problem) -> Problem {
        self.args.push((name, Arg::Words(words)));
        self
    }

    /// The sentence with `words` for `{name}`, or nothing there when `None`.
    pub fn maybe(mut self, name: &'static str, words: Option<Problem>) -> Problem {
        self.args.push((name, words.map_or(Arg::Nothing, Arg::Words)));
        self
    }

    /// `{hint}` filled with " (did you mean 'x'?)" when there is a suggestion.
    pub fn hint(self, suggestion: Option<&str>) -> Problem {
        self.maybe("hint", suggestion.map(|s| Problem::new(T::FlDidYouMean).with("word", s)))
    }

    pub fn key(&self) -> T {
        self.key
    }

    /// The value given for `{name}`, if it is a value.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(n, arg)| match arg {
            Arg::Value(v) if *n == name => Some(v.as_str()),
            Arg::Value(_) | Arg::Words(_) | Arg::Nothing => None,
        })
    }

    /// The sentence in `lang`, values isolated (for the interface; commands print it through
    /// `i18n::plain`).
    pub fn text(&self, lang: Lang) -> String {
        let template = self.key.get(lang);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        // One pass over the template: a value that happens to hold "{name}" is never filled in
        // again, and braces that name no argument ("{ min = 0 }", "${name}") stay as written.
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let arg = after.find('}').and_then(|close| {
                let name = &after[..close];
                self.args.iter().find(|(n, _)| *n == name).map(|(_, arg)| (arg, close))
            });
            match arg {
                Some((arg, close)) => {
                    match arg {
                        Arg::Value(v) => out.push_str(&i18n::isolate(v)),
                        Arg::Words(p) => out.push_str(&p.text(lang)),
                        Arg::Nothing => {}
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// In English, without isolates: what the tests and the logs compare.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&i18n::plain(&self.text(Lang::En)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` placeholders of a template (names of letters, digits and _ only, so the
    /// braces of `{ min = 0 }` or `${name}` in an example are not counted).
    fn placeholders(template: &str) -> std::collections::BTreeSet<&str> {
        let mut names = std::collections::BTreeSet::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if let Some(close) = rest.find('}') {
                let name = &rest[..close];
                let after_dollar =
                    template.len() - rest.len() >= 2 && template.as_bytes()[template.len() - rest.len() - 2] == b'$';
                if !name.is_empty() && !after_dollar && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    names.insert(name);
                }
            }
        }
        names
    }

    #[test]
    fn every_loader_and_condition_message_has_the_same_placeholders_in_every_language() {
        let ours = T::ALL.iter().filter(|k| matches!(&format!("{k:?}")[..2], "Fl" | "Fc"));
        let mut count = 0;
        for key in ours {
            count += 1;
            let en = placeholders(key.get(Lang::En));
            for lang in [Lang::Fr, Lang::Ar] {
                assert_eq!(placeholders(key.get(lang)), en, "{key:?} in {lang}");
            }
        }
        assert!(count > 150, "only {count} loader and condition messages");
    }

    /// No loader or condition message is left in English in French or Arabic; the only
    /// exceptions are a bare quoted key, "1 argument" / "{n} arguments", which French writes
    /// the same way, "{subject} is {type}", which Arabic says with no word between them, and
    /// the bare count of arguments in Arabic ("عدد وسائط f() هو {n}").
    #[test]
    fn every_loader_and_condition_message_is_translated() {
        let same_in_french = [T::FlQuoted, T::FcOneArg, T::FcArgs];
        for key in T::ALL.iter().filter(|k| matches!(&format!("{k:?}")[..2], "Fl" | "Fc")) {
            if !same_in_french.contains(key) {
                assert_ne!(key.get(Lang::Fr), key.get(Lang::En), "{key:?} is English in French");
            }
            if ![T::FlQuoted, T::FcIs, T::FcArgs].contains(key) {
                let arabic = |c: char| ('\u{0621}'..='\u{064A}').contains(&c);
                assert!(key.get(Lang::Ar).contains(arabic), "{key:?} has no Arabic: {}", key.get(Lang::Ar));
            }
        }
    }

    #[test]
    fn values_are_isolated_phrases_are_not_and_english_display_is_plain() {
        let owner = Problem::new(T::FlField).with("id", "trade");
        let message = Problem::new(T::FlNoChoiceList).with("list", "trades").hint(Some("trade"));
        assert_eq!(message.to_string(), "there is no choice list 'trades' (did you mean 'trade'?)");
        assert_eq!(
            message.text(Lang::Ar),
            "لا توجد قائمة خيارات '\u{2068}trades\u{2069}' (هل تقصد '\u{2068}trade\u{2069}'؟)"
        );
        let nested = Problem::new(T::FlBadDir).words("owner", owner);
        assert_eq!(nested.text(Lang::Fr), "'dir' dans le champ '\u{2068}trade\u{2069}' doit valoir rtl, ltr ou auto");
        // No suggestion: nothing at all where the hint goes.
        assert_eq!(
            Problem::new(T::FlNoChoiceList).with("list", "x").hint(None).to_string(),
            "there is no choice list 'x'"
        );
    }

    #[test]
    fn filling_is_one_pass_and_leaves_other_braces_alone() {
        // A value that looks like a placeholder is not filled in again.
        let message = Problem::new(T::FlNoChoiceList).with("list", "{hint}").hint(Some("near"));
        assert_eq!(message.to_string(), "there is no choice list '{hint}' (did you mean 'near'?)");
        // Example braces in the template stay as written.
        let owner = Problem::new(T::FlSection).with("id", "s");
        assert_eq!(
            Problem::new(T::FlRepeatNotTable).words("owner", owner).to_string(),
            "'repeat' of section 's' must be { min = 0, max = 10 }"
        );
        assert_eq!(
            Problem::new(T::FcDotOutside).to_string(),
            "'.' stands for the answer being checked, and only a constraint has one; refer to fields as ${name}"
        );
        // A placeholder without an argument stays visible rather than vanishing.
        assert_eq!(Problem::new(T::FlTooLarge).to_string(), "'{key}' is too large");
    }
}
