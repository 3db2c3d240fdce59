//! The condition language of form definitions: relevance conditions, constraints and calculated
//! fields, written by programme coordinators in the spirit of ODK's XLSForm
//! (`${age} >= 18 and ${consent} = 'yes'`).
//!
//! It exists so that every mistake in such an expression is found once, when the form is
//! loaded, with a message in plain words and the byte span of the culprit, instead of
//! surfacing mid-interview. [`compile`] lexes, parses and type-checks an expression against
//! the form's fields; the resulting [`Expr`] is then evaluated against the answers so far
//! through an [`Env`], and evaluation never fails or panics.
//!
//! # Syntax
//!
//! ```text
//! expr     = or ;
//! or       = and { "or" and } ;
//! and      = compare { "and" compare } ;
//! compare  = sum [ ( "=" | "!=" | "<" | "<=" | ">" | ">=" ) sum ] ;   (* never chained *)
//! sum      = product { ( "+" | "-" ) product } ;
//! product  = unary { ( "*" | "div" | "mod" ) unary } ;
//! unary    = "-" unary | primary ;
//! primary  = integer | decimal | text | "true" | "false" | field | "." | call | "(" expr ")" ;
//! call     = name "(" [ expr { "," expr } ] ")" ;
//! field    = "${" ( letter | "_" ) { letter | digit | "_" } "}" ;
//! integer  = digit { digit } ;
//! decimal  = digit { digit } "." { digit } | "." digit { digit } ;
//! text     = "'" { any character but "'" | "''" } "'"
//!          | '"' { any character but '"' | '""' } '"' ;
//! name     = letter { letter | digit | "_" | "-" letter } ;   (* e.g. count-selected *)
//! ```
//!
//! Keywords (`and or div mod true false`) and function names are lowercase, as in XLSForm.
//! A quote inside text is written twice: `'it''s'` is the text `it's`. `.` is the answer of
//! the field being checked, for constraints. `div` always divides exactly (`7 div 2` is 3.5,
//! as in XLSForm); `mod` keeps the sign of the left side. Expressions nest at most
//! [`MAX_DEPTH`] levels deep.
//!
//! # Unanswered fields (null)
//!
//! An unanswered field, an empty text and a multiple choice with nothing chosen all read as
//! null. `''` written in an expression also means null.
//!
//! | expression with a null `x`                     | result                        |
//! |------------------------------------------------|-------------------------------|
//! | `x = ''`, `empty(x)`                           | true                          |
//! | `x != ''`                                      | false                         |
//! | `x = 'v'`, `x = y` (y answered)                | false                         |
//! | `x != 'v'`, `x != y` (y answered)              | true, as in XLSForm: empty differs from any answer |
//! | `x = y`, `x != y` (y unanswered too)           | true, false                   |
//! | `x < y`, `x <= y`, `x > y`, `x >= y`           | false                         |
//! | `x + y`, `x - y`, `x * y`, `x div y`, `x mod y`, `-x` | null                   |
//! | `x and y`, `x or y`                            | x counts as false             |
//! | `not(x)`                                       | true                          |
//! | `selected(x, 'v')`                             | false                         |
//! | `count-selected(x)`, `count(x)`                | 0                             |
//! | `string-length(x)`                             | 0                             |
//! | `coalesce(x, y)`                               | y                             |
//! | `if(x, a, b)`                                  | b                             |
//! | `age(x)`, `years-between`, `days-between`, `int`, `round`, `min`, `max` | null |
//!
//! Comparisons and `and`/`or`/`not` therefore always give true or false, never null: an
//! unanswered age satisfies neither `${age} > 17` nor `${age} <= 17`. Division or `mod` by
//! zero, whole-number overflow and dates out of range give null rather than an error. A value
//! handed over by the [`Env`] that does not fit the field's declared type reads as null (a
//! whole number is fine for a decimal field; a repeat group is given as [`Value::Count`]).
//!
//! Dates: `date - date` is the number of days between them, `date + n` and `date - n` move by
//! whole days. `age` and `years-between` count whole years, birthday-aware; someone born on
//! 29 February becomes a year older on 1 March in common years.

mod check;
mod eval;
mod lex;
mod parse;
mod words;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;

use super::problem::Problem;
use crate::i18n::T;

/// How deeply an expression may nest (parentheses, calls, operators) before it is refused;
/// keeps parsing and evaluation of hostile input within a thread's stack. A flat chain of
/// `and` or of `or`, however long, is built as a balanced tree and so hardly counts.
pub const MAX_DEPTH: usize = 100;

/// The kind of value an expression or a field has, as far as the checker is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Type {
    Bool,
    Integer,
    Decimal,
    Text,
    Date,
    /// The value of a single-choice field; compares with text.
    Choice,
    /// The values of a multiple-choice field; only usable through `selected`, `count-selected`
    /// and `empty`.
    Choices,
    /// A repeat group; only usable through `count` and `empty`.
    Repeat,
}

impl Type {
    /// The plain word a coordinator knows the type by ("whole number", "yes/no"), used in
    /// error messages.
    pub fn word(self) -> &'static str {
        match self {
            Type::Bool => "yes/no",
            Type::Integer => "whole number",
            Type::Decimal => "decimal number",
            Type::Text => "text",
            Type::Date => "date",
            Type::Choice => "choice",
            Type::Choices => "multiple choice",
            Type::Repeat => "repeat group",
        }
    }

    /// The words with their article ("a whole number", "text"), ready for "… is {}".
    fn with_article(self) -> Problem {
        Problem::new(match self {
            Type::Bool => T::FcTyBool,
            Type::Integer => T::FcTyInteger,
            Type::Decimal => T::FcTyDecimal,
            Type::Text => T::FcTyText,
            Type::Date => T::FcTyDate,
            Type::Choice => T::FcTyChoice,
            Type::Choices => T::FcTyChoices,
            Type::Repeat => T::FcTyRepeat,
        })
    }

    fn is_number(self) -> bool {
        matches!(self, Type::Integer | Type::Decimal)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// What the checker knows about a referenced field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    pub ty: Type,
    /// The allowed values of a choice or multiple-choice field, when known: text literals
    /// compared with the field, or tested with `selected`, must then be one of them.
    pub choices: Option<Vec<String>>,
}

impl FieldInfo {
    /// A field whose choices, if any, are not checked.
    pub fn new(ty: Type) -> FieldInfo {
        FieldInfo { ty, choices: None }
    }

    /// A choice or multiple-choice field whose literals are checked against `values`.
    pub fn with_choices<S: Into<String>>(ty: Type, values: impl IntoIterator<Item = S>) -> FieldInfo {
        FieldInfo { ty, choices: Some(values.into_iter().map(Into::into).collect()) }
    }
}

/// A mistake in an expression, found when it is compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionError {
    /// Byte range of the culprit in the expression's source; empty at the end of the source
    /// when something is missing there.
    pub span: Range<usize>,
    /// A sentence for the coordinator, in plain words, from the catalog (`Display` gives it in
    /// English).
    pub message: Problem,
}

impl ConditionError {
    fn new(span: Range<usize>, message: Problem) -> ConditionError {
        ConditionError { span, message }
    }
}

impl fmt::Display for ConditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message.fmt(f)
    }
}

impl std::error::Error for ConditionError {}

/// A value that an expression works on or gives. Null is an unanswered field (see the module
/// doc for how each operation treats it).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Integer(i64),
    Decimal(f64),
    /// Text, and the value of a single-choice field.
    Text(String),
    Date(NaiveDate),
    /// The chosen values of a multiple-choice field.
    Choices(Vec<String>),
    /// The number of entries in a repeat group.
    Count(usize),
}

/// Where evaluation reads the answers from.
pub trait Env {
    /// The answer of the field named `field` (without `${}`), or [`Value::Null`] if unanswered.
    fn value(&self, field: &str) -> Value;
    /// The answer of the field whose constraint is being checked, for `.`.
    fn current(&self) -> Value;
    /// The date `today()` and `age()` count from.
    fn today(&self) -> NaiveDate;
}

/// A parsed and type-checked expression, ready to be evaluated any number of times.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Expr {
    source: String,
    root: check::Node,
    ty: Type,
    fields: BTreeSet<String>,
}

/// Parses and type-checks `src` once, at form load.
///
/// `fields` are the fields `${name}` may refer to. `current` is the field `.` stands for, and
/// `None` where `.` makes no sense (relevance, calculations). `expect` is the type the result
/// must have: [`Type::Bool`] for relevance and constraints, the field's type for a calculated
/// field (a whole number is accepted, and converted, where a decimal is expected; a choice
/// where text is), `None` to accept any.
pub fn compile(
    src: &str,
    fields: &BTreeMap<String, FieldInfo>,
    current: Option<&FieldInfo>,
    expect: Option<Type>,
) -> Result<Expr, ConditionError> {
    let tokens = lex::lex(src)?;
    let ast = parse::parse(src, &tokens)?;
    let mut checker = check::Checker::new(src, fields, current);
    let (root, ty) = checker.check_root(&ast, expect)?;
    Ok(Expr { source: src.to_string(), root, ty, fields: checker.into_referenced() })
}

impl Expr {
    /// The type of the result; the expected type when one was given to [`compile`].
    pub fn ty(&self) -> Type {
        self.ty
    }

    /// Every field referenced as `${name}`, for the caller's dependency graph and cycle
    /// detection between calculated fields. `.` is not included.
    pub fn fields(&self) -> &BTreeSet<String> {
        &self.fields
    }

    /// The text the expression was compiled from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The value of the expression with the answers in `env`; null where an answer is missing
    /// or an operation is undefined (see the module doc).
    pub fn eval(&self, env: &dyn Env) -> Value {
        eval::eval(&self.root, env)
    }

    /// The result as a relevance or constraint decision: only a true result is true, so null
    /// counts as false.
    pub fn eval_bool(&self, env: &dyn Env) -> bool {
        matches!(self.eval(env), Value::Bool(true))
    }
}
