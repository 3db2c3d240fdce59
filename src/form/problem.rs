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
