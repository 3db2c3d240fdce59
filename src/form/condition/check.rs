//! Type-checks the syntax tree against the form's fields and lowers it to the tree that is
//! evaluated, in which every implicit rule (`= ''` as an emptiness test, `'yes'` as true,
//! date arithmetic, whole numbers widened to decimals) has become an explicit node.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::NaiveDate;

use super::parse::{Ast, AstKind, BinOp};
use super::words::{did_you_mean, ordinal};
use super::{ConditionError, FieldInfo, Type, Value};
use crate::form::problem::Problem;
use crate::i18n::T;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The functions that survive checking as calls; `date`, `true`, `false` and `not` become
/// other nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) enum Func {
    Selected,
    CountSelected,
    Count,
    Today,
    Age,
    YearsBetween,
    DaysBetween,
    StringLength,
    If,
    Coalesce,
    Int,
    Round,
    Min,
    Max,
}

/// The checked tree that [`super::eval`] walks.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) enum Node {
    Const(Value),
    /// A field's answer, read as `ty` (anything else the environment hands over reads as null).
    Field {
        name: String,
        ty: Type,
    },
    Current(Type),
    Neg(Box<Node>),
    /// Arithmetic on numbers; `whole` when both sides are whole numbers (except for `div`,
    /// which always gives a decimal).
    Arith {
        op: Arith,
        whole: bool,
        left: Box<Node>,
        right: Box<Node>,
    },
    /// A date moved by a whole number of days, backwards for `date - n`.
    Shift {
        date: Box<Node>,
        days: Box<Node>,
        back: bool,
    },
    /// `left - right` for two dates, in days.
    DaysDiff(Box<Node>, Box<Node>),
    Compare {
        op: Cmp,
        left: Box<Node>,
        right: Box<Node>,
    },
    /// True when the value is null (unanswered, empty) or an empty repeat group.
    IsEmpty(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Call(Func, Vec<Node>),
    /// A whole number where a decimal is expected.
    ToDecimal(Box<Node>),
}

/// Every function with how many arguments it takes, in the order "did you mean" prefers.
const FUNCTIONS: [(&str, usize); 19] = [
    ("selected", 2),
    ("count-selected", 1),
    ("count", 1),
    ("today", 0),
    ("date", 1),
    ("age", 1),
    ("years-between", 2),
    ("days-between", 2),
    ("string-length", 1),
    ("if", 3),
    ("coalesce", 2),
    ("int", 1),
    ("round", 2),
    ("not", 1),
    ("true", 0),
    ("false", 0),
    ("empty", 1),
    ("min", 2),
    ("max", 2),
];

/// Whether `name(...)` is a function of the language, for the parser's hints.
pub(super) fn is_function(name: &str) -> bool {
    FUNCTIONS.iter().any(|(f, _)| *f == name)
}

type Checked = (Node, Type);

fn boxed(node: Node) -> Box<Node> {
    Box::new(node)
}

fn is_empty_literal(ast: &Ast) -> bool {
    matches!(&ast.kind, AstKind::Str(s) if s.is_empty())
}

/// The node as a decimal if it is a whole number.
fn widen(node: Node, ty: Type) -> Node {
    if ty == Type::Integer { Node::ToDecimal(boxed(node)) } else { node }
}

/// The type two values of kinds `a` and `b` can share, if any.
fn unify(a: Type, b: Type) -> Option<Type> {
    match (a, b) {
        _ if a == b => Some(a),
        (Type::Integer | Type::Decimal, Type::Integer | Type::Decimal) => Some(Type::Decimal),
        (Type::Text | Type::Choice, Type::Text | Type::Choice) => Some(Type::Text),
        _ => None,
    }
}

/// A date literal in the only form accepted, `yyyy-mm-dd`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

pub(super) struct Checker<'a> {
    src: &'a str,
    fields: &'a BTreeMap<String, FieldInfo>,
    current: Option<&'a FieldInfo>,
    referenced: BTreeSet<String>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(
        src: &'a str,
        fields: &'a BTreeMap<String, FieldInfo>,
        current: Option<&'a FieldInfo>,
    ) -> Checker<'a> {
        Checker { src, fields, current, referenced: BTreeSet::new() }
    }

    /// The fields referenced by everything checked so far.
    pub(super) fn into_referenced(self) -> BTreeSet<String> {
        self.referenced
    }

    /// Checks a whole expression whose result must have type `expect`, when given.
    pub(super) fn check_root(&mut self, ast: &Ast, expect: Option<Type>) -> Result<Checked, ConditionError> {
        let (node, ty) = self.check(ast)?;
        let Some(want) = expect else { return Ok((node, ty)) };
        match (want, ty) {
            _ if want == ty => Ok((node, ty)),
            (Type::Decimal, Type::Integer) => Ok((widen(node, ty), Type::Decimal)),
            (Type::Text, Type::Choice) => Ok((node, Type::Text)),
            _ => {
                let hint = ((want, ty) == (Type::Integer, Type::Decimal)).then(|| Problem::new(T::FcIntHint));
                let message = Problem::new(T::FcResultMustBe)
                    .words("want", want.with_article())
                    .words("is", self.is(ast, ty))
                    .maybe("hint", hint);
                Err(self.error(ast.span.clone(), message))
            }
        }
    }

    fn error(&self, span: Range<usize>, message: Problem) -> ConditionError {
        ConditionError::new(span, message)
    }

    /// `message` with `{subject}` naming the operand `ast`: fields and literals as written,
    /// `.` in words, anything else quoted from the source.
    fn subject(&self, message: Problem, ast: &Ast) -> Problem {
        match &ast.kind {
            AstKind::Current => message.words("subject", Problem::new(T::FcCurrentSubject)),
            _ => message.with("subject", self.subject_text(ast)),
        }
    }

    fn subject_text(&self, ast: &Ast) -> String {
        match &ast.kind {
            AstKind::Field(name) => format!("${{{name}}}"),
            AstKind::Current => ".".to_string(),
            kind => {
                let text = self.src.get(ast.span.clone()).unwrap_or("").trim();
                let text = if text.chars().count() > 40 {
                    format!("{}…", text.chars().take(39).collect::<String>())
                } else {
                    text.to_string()
                };
                match kind {
                    AstKind::Str(_) | AstKind::Int(_) | AstKind::Dec(_) => text,
                    _ => format!("`{text}`"),
                }
            }
        }
    }

    /// "${x} is a whole number".
    fn is(&self, ast: &Ast, ty: Type) -> Problem {
        self.subject(Problem::new(T::FcIs), ast).words("type", ty.with_article())
    }

    /// The error for using a multiple choice or a repeat group where only its dedicated
    /// functions may take it.
    fn misuse(&self, ast: &Ast, ty: Type) -> Option<ConditionError> {
        let rule = match ty {
            Type::Choices => T::FcChoicesMisuse,
            Type::Repeat => T::FcRepeatMisuse,
            _ => return None,
        };
        Some(self.error(ast.span.clone(), Problem::new(rule).words("is", self.is(ast, ty))))
    }

    fn no_misuse(&self, ast: &Ast, ty: Type) -> Result<(), ConditionError> {
        self.misuse(ast, ty).map_or(Ok(()), Err)
    }

    fn check(&mut self, ast: &Ast) -> Result<Checked, ConditionError> {
        match &ast.kind {
            AstKind::Int(n) => Ok((Node::Const(Value::Integer(*n)), Type::Integer)),
            AstKind::Dec(x) => Ok((Node::Const(Value::Decimal(*x)), Type::Decimal)),
            AstKind::Str(s) if s.is_empty() => Ok((Node::Const(Value::Null), Type::Text)),
            AstKind::Str(s) => Ok((Node::Const(Value::Text(s.clone())), Type::Text)),
            AstKind::Bool(b) => Ok((Node::Const(Value::Bool(*b)), Type::Bool)),
            AstKind::Field(name) => self.field(name, ast.span.clone()),
            AstKind::Current => match self.current {
                Some(info) => Ok((Node::Current(info.ty), info.ty)),
                None => Err(self.error(ast.span.clone(), Problem::new(T::FcDotOutside))),
            },
            AstKind::Neg(operand) => {
                let (node, ty) = self.check(operand)?;
                self.no_misuse(operand, ty)?;
                if !ty.is_number() {
                    let message = Problem::new(T::FcMinusNumbers).words("is", self.is(operand, ty));
                    return Err(self.error(operand.span.clone(), message));
                }
                Ok((Node::Neg(boxed(node)), ty))
            }
            AstKind::Bin { op, op_span, left, right } => self.binary(ast, *op, op_span, left, right),
            AstKind::Call { name, name_span, args } => self.call(ast, name, name_span, args),
        }
    }

    fn field(&mut self, name: &str, span: Range<usize>) -> Result<Checked, ConditionError> {
        match self.fields.get(name) {
            Some(info) => {
                self.referenced.insert(name.to_string());
                Ok((Node::Field { name: name.to_string(), ty: info.ty }, info.ty))
            }
            None => {
                let near = did_you_mean(name, self.fields.keys().map(String::as_str));
                let message = Problem::new(T::FcUnknownField).with("field", format!("${{{name}}}")).maybe(
                    "hint",
                    near.map(|near| Problem::new(T::FcDidYouMeanField).with("near", format!("${{{near}}}"))),
                );
                Err(self.error(span, message))
            }
        }
    }

    /// The field behind `ast` and how to name it, if `ast` is a reference with known choices.
    fn choices_of(&self, ast: &Ast) -> Option<(&'a [String], Option<String>)> {
        let (info, label) = match &ast.kind {
            AstKind::Field(name) => (self.fields.get(name)?, Some(name.clone())),
            AstKind::Current => (self.current?, None),
            _ => return None,
        };
        Some((info.choices.as_deref()?, label))
    }

    /// Refuses a text literal that is not one of the choices of the field it is tested against.
    fn check_choice_literal(&self, field: &Ast, literal: &Ast) -> Result<(), ConditionError> {
        let AstKind::Str(value) = &literal.kind else { return Ok(()) };
        let Some((choices, label)) = self.choices_of(field) else { return Ok(()) };
        if value.is_empty() || choices.iter().any(|c| c == value) {
            return Ok(());
        }
        let hint = match did_you_mean(value, choices.iter().map(String::as_str)) {
            Some(near) => Problem::new(T::FcDidYouMeanBare).with("near", near),
            None if choices.is_empty() => Problem::new(T::FcNoChoices),
            None => {
                let mut listed: Vec<String> = choices.iter().take(8).map(|c| format!("'{c}'")).collect();
                if choices.len() > 8 {
                    listed.push("…".to_string());
                }
                Problem::new(T::FcChoicesAre).with("choices", listed.join(", "))
            }
        };
        let message = Problem::new(T::FcNotAChoice).with("value", value).words("hint", hint);
        let message = match label {
            Some(label) => message.with("label", label),
            None => message.words("label", Problem::new(T::FcThisField)),
        };
        Err(self.error(literal.span.clone(), message))
    }

    fn binary(
        &mut self,
        whole: &Ast,
        op: BinOp,
        op_span: &Range<usize>,
        left: &Ast,
        right: &Ast,
    ) -> Result<Checked, ConditionError> {
        match op {
            BinOp::Or | BinOp::And => {
                let (l, lt) = self.check(left)?;
                let (r, rt) = self.check(right)?;
                for (side, ty) in [(left, lt), (right, rt)] {
                    if ty != Type::Bool {
                        let message = Problem::new(T::FcJoins).with("op", op.symbol()).words("is", self.is(side, ty));
                        return Err(self.error(side.span.clone(), message));
                    }
                }
                let node = if op == BinOp::And { Node::And(boxed(l), boxed(r)) } else { Node::Or(boxed(l), boxed(r)) };
                Ok((node, Type::Bool))
            }
            BinOp::Eq | BinOp::Ne => self.equality(whole, op, left, right),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => self.ordering(whole, op, left, right),
            BinOp::Add | BinOp::Sub => self.sum(op, op_span, left, right),
            BinOp::Mul | BinOp::Div | BinOp::Mod => {
                let (l, lt) = self.check(left)?;
                let (r, rt) = self.check(right)?;
                for (side, ty) in [(left, lt), (right, rt)] {
                    self.no_misuse(side, ty)?;
                    if !ty.is_number() {
                        let message =
                            Problem::new(T::FcWorksOnNumbers).with("op", op.symbol()).words("is", self.is(side, ty));
                        return Err(self.error(side.span.clone(), message));
                    }
                }
                let both_whole = lt == Type::Integer && rt == Type::Integer;
                let (arith, whole_result) = match op {
                    BinOp::Mul => (Arith::Mul, both_whole),
                    BinOp::Div => (Arith::Div, false),
                    _ => (Arith::Mod, both_whole),
                };
                let ty = if whole_result { Type::Integer } else { Type::Decimal };
                Ok((Node::Arith { op: arith, whole: whole_result, left: boxed(l), right: boxed(r) }, ty))
            }
        }
    }

    fn equality(&mut self, whole: &Ast, op: BinOp, left: &Ast, right: &Ast) -> Result<Checked, ConditionError> {
        let cmp = if op == BinOp::Eq { Cmp::Eq } else { Cmp::Ne };
        // `x = ''` asks whether x is unanswered, whatever x's type.
        let other = match (is_empty_literal(left), is_empty_literal(right)) {
            (true, true) => return Ok((Node::Const(Value::Bool(cmp == Cmp::Eq)), Type::Bool)),
            (true, false) => Some(right),
            (false, true) => Some(left),
            (false, false) => None,
        };
        if let Some(other) = other {
            let (node, ty) = self.check(other)?;
            if ty == Type::Repeat {
                self.no_misuse(other, ty)?;
            }
            let test = Node::IsEmpty(boxed(node));
            return Ok((if cmp == Cmp::Eq { test } else { Node::Not(boxed(test)) }, Type::Bool));
        }
        let (l, lt) = self.check(left)?;
        let (r, rt) = self.check(right)?;
        self.no_misuse(left, lt)?;
        self.no_misuse(right, rt)?;
        // A yes/no compares with 'yes' and 'no', as XLSForm's yes_no lists store them.
        if lt == Type::Bool && matches!(right.kind, AstKind::Str(_)) {
            let r = self.yes_no(left, right)?;
            return Ok((Node::Compare { op: cmp, left: boxed(l), right: boxed(r) }, Type::Bool));
        }
        if rt == Type::Bool && matches!(left.kind, AstKind::Str(_)) {
            let l = self.yes_no(right, left)?;
            return Ok((Node::Compare { op: cmp, left: boxed(l), right: boxed(r) }, Type::Bool));
        }
        self.check_choice_literal(left, right)?;
        self.check_choice_literal(right, left)?;
        let compatible = (lt.is_number() && rt.is_number())
            || (matches!(lt, Type::Text | Type::Choice) && matches!(rt, Type::Text | Type::Choice))
            || lt == rt;
        if !compatible {
            let is_text_literal = |a: &Ast| matches!(a.kind, AstKind::Str(_));
            let hint = ((lt == Type::Date && is_text_literal(right)) || (rt == Type::Date && is_text_literal(left)))
                .then(|| Problem::new(T::FcDateHint));
            let message = Problem::new(T::FcSameKind)
                .with("op", op.symbol())
                .words("left", self.is(left, lt))
                .words("right", self.is(right, rt))
                .maybe("hint", hint);
            return Err(self.error(whole.span.clone(), message));
        }
        Ok((Node::Compare { op: cmp, left: boxed(l), right: boxed(r) }, Type::Bool))
    }

    /// The constant a text literal compared with the yes/no `flag` stands for.
    fn yes_no(&self, flag: &Ast, literal: &Ast) -> Result<Node, ConditionError> {
        match &literal.kind {
            AstKind::Str(word) if word == "yes" => Ok(Node::Const(Value::Bool(true))),
            AstKind::Str(word) if word == "no" => Ok(Node::Const(Value::Bool(false))),
            _ => Err(self.error(literal.span.clone(), self.subject(Problem::new(T::FcYesNoLiteral), flag))),
        }
    }

    fn ordering(&mut self, whole: &Ast, op: BinOp, left: &Ast, right: &Ast) -> Result<Checked, ConditionError> {
        let (l, lt) = self.check(left)?;
        let (r, rt) = self.check(right)?;
        for (side, ty) in [(left, lt), (right, rt)] {
            self.no_misuse(side, ty)?;
            if !(ty.is_number() || ty == Type::Date) {
                let hint = matches!(ty, Type::Text | Type::Choice).then(|| Problem::new(T::FcTextCompare));
                let message = Problem::new(T::FcOrdersNumbers)
                    .with("op", op.symbol())
                    .words("is", self.is(side, ty))
                    .maybe("hint", hint);
                return Err(self.error(side.span.clone(), message));
            }
        }
        if lt.is_number() != rt.is_number() {
            let message = Problem::new(T::FcNumbersWithNumbers)
                .with("op", op.symbol())
                .words("left", self.is(left, lt))
                .words("right", self.is(right, rt));
            return Err(self.error(whole.span.clone(), message));
        }
        let cmp = match op {
            BinOp::Lt => Cmp::Lt,
            BinOp::Le => Cmp::Le,
            BinOp::Gt => Cmp::Gt,
            _ => Cmp::Ge,
        };
        Ok((Node::Compare { op: cmp, left: boxed(l), right: boxed(r) }, Type::Bool))
    }

    fn sum(&mut self, op: BinOp, op_span: &Range<usize>, left: &Ast, right: &Ast) -> Result<Checked, ConditionError> {
        let (l, lt) = self.check(left)?;
        let (r, rt) = self.check(right)?;
        let symbol = op.symbol();
        for (side, ty) in [(left, lt), (right, rt)] {
            self.no_misuse(side, ty)?;
            if !(ty.is_number() || ty == Type::Date) {
                let message = Problem::new(T::FcSumNumbersDates).with("op", symbol).words("is", self.is(side, ty));
                return Err(self.error(side.span.clone(), message));
            }
        }
        let add = op == BinOp::Add;
        match (lt, rt) {
            _ if lt.is_number() && rt.is_number() => {
                let whole_result = lt == Type::Integer && rt == Type::Integer;
                let arith = if add { Arith::Add } else { Arith::Sub };
                let ty = if whole_result { Type::Integer } else { Type::Decimal };
                Ok((Node::Arith { op: arith, whole: whole_result, left: boxed(l), right: boxed(r) }, ty))
            }
            (Type::Date, Type::Integer) => Ok((Node::Shift { date: boxed(l), days: boxed(r), back: !add }, Type::Date)),
            (Type::Integer, Type::Date) if add => {
                Ok((Node::Shift { date: boxed(r), days: boxed(l), back: false }, Type::Date))
            }
            (Type::Date, Type::Date) if !add => Ok((Node::DaysDiff(boxed(l), boxed(r)), Type::Integer)),
            (Type::Date, Type::Date) => Err(self.error(op_span.clone(), Problem::new(T::FcAddDates))),
            (Type::Date, Type::Decimal) | (Type::Decimal, Type::Date) if add || lt == Type::Date => {
                let days = if lt == Type::Date { right } else { left };
                Err(self
                    .error(days.span.clone(), Problem::new(T::FcWholeDays).words("is", self.is(days, Type::Decimal))))
            }
            _ => Err(self.error(op_span.clone(), Problem::new(T::FcDateFromNumber))),
        }
    }

    fn call(
        &mut self,
        whole: &Ast,
        name: &str,
        name_span: &Range<usize>,
        args: &[Ast],
    ) -> Result<Checked, ConditionError> {
        let Some(&(_, arity)) = FUNCTIONS.iter().find(|(f, _)| *f == name) else {
            let near = did_you_mean(name, FUNCTIONS.iter().map(|(f, _)| *f));
            let message = Problem::new(T::FcUnknownFunction).with("name", name).hint(near);
            return Err(self.error(name_span.clone(), message));
        };
        if args.len() != arity {
            let takes = match arity {
                0 => Problem::new(T::FcNoArgs),
                1 => Problem::new(T::FcOneArg),
                n => Problem::new(T::FcArgs).with("n", n),
            };
            let given = match args.len() {
                1 => Problem::new(T::FcOneGiven),
                n => Problem::new(T::FcGiven).with("n", n),
            };
            let message = Problem::new(T::FcArity).with("name", name).words("takes", takes).words("given", given);
            return Err(self.error(whole.span.clone(), message));
        }
        let call = |func: Func, args: Vec<Node>, ty: Type| Ok((Node::Call(func, args), ty));
        match name {
            "selected" => {
                let (choice, _) = self.arg(name, args, 0, &[Type::Choice, Type::Choices], T::FcExpChoiceOrChoices)?;
                let (value, _) = self.arg(name, args, 1, &[Type::Text, Type::Choice], T::FcExpText)?;
                self.check_choice_literal(&args[0], &args[1])?;
                call(Func::Selected, vec![choice, value], Type::Bool)
            }
            "count-selected" => {
                let (choices, _) = self.arg(name, args, 0, &[Type::Choices], T::FcExpChoices)?;
                call(Func::CountSelected, vec![choices], Type::Integer)
            }
            "count" => {
                let (repeat, _) = self.arg(name, args, 0, &[Type::Repeat], T::FcExpRepeat)?;
                call(Func::Count, vec![repeat], Type::Integer)
            }
            "today" => call(Func::Today, vec![], Type::Date),
            "date" => {
                let AstKind::Str(text) = &args[0].kind else {
                    return Err(self.error(args[0].span.clone(), Problem::new(T::FcDateQuotes)));
                };
                match parse_date(text) {
                    Some(date) => Ok((Node::Const(Value::Date(date)), Type::Date)),
                    None => Err(self.error(args[0].span.clone(), Problem::new(T::FcBadDate).with("text", text))),
                }
            }
            "age" => {
                let (date, _) = self.arg(name, args, 0, &[Type::Date], T::FcExpDate)?;
                call(Func::Age, vec![date], Type::Integer)
            }
            "years-between" | "days-between" => {
                let (from, _) = self.arg(name, args, 0, &[Type::Date], T::FcExpDate)?;
                let (to, _) = self.arg(name, args, 1, &[Type::Date], T::FcExpDate)?;
                let func = if name == "years-between" { Func::YearsBetween } else { Func::DaysBetween };
                call(func, vec![from, to], Type::Integer)
            }
            "string-length" => {
                let (text, _) = self.arg(name, args, 0, &[Type::Text, Type::Choice], T::FcExpText)?;
                call(Func::StringLength, vec![text], Type::Integer)
            }
            "if" => {
                let (condition, _) = self.arg(name, args, 0, &[Type::Bool], T::FcExpCondition)?;
                let (then, otherwise, ty) = self.branches(name, &args[1], &args[2])?;
                call(Func::If, vec![condition, then, otherwise], ty)
            }
            "coalesce" => {
                let (first, second, ty) = self.branches(name, &args[0], &args[1])?;
                call(Func::Coalesce, vec![first, second], ty)
            }
            "int" => {
                let (number, ty) = self.arg(name, args, 0, &[Type::Integer, Type::Decimal], T::FcExpNumber)?;
                if ty == Type::Integer { Ok((number, ty)) } else { call(Func::Int, vec![number], Type::Integer) }
            }
            "round" => {
                let (number, ty) = self.arg(name, args, 0, &[Type::Integer, Type::Decimal], T::FcExpNumber)?;
                let (places, _) = self.arg(name, args, 1, &[Type::Integer], T::FcExpPlaces)?;
                call(Func::Round, vec![widen(number, ty), places], Type::Decimal)
            }
            "not" => {
                let (condition, _) = self.arg(name, args, 0, &[Type::Bool], T::FcExpCondition)?;
                Ok((Node::Not(boxed(condition)), Type::Bool))
            }
            "true" => Ok((Node::Const(Value::Bool(true)), Type::Bool)),
            "false" => Ok((Node::Const(Value::Bool(false)), Type::Bool)),
            "empty" => {
                let (value, _) = self.check(&args[0])?;
                Ok((Node::IsEmpty(boxed(value)), Type::Bool))
            }
            _ => {
                // min and max
                let allowed = [Type::Integer, Type::Decimal, Type::Date];
                let (a, at) = self.arg(name, args, 0, &allowed, T::FcExpNumberOrDate)?;
                let (b, bt) = self.arg(name, args, 1, &allowed, T::FcExpNumberOrDate)?;
                let func = if name == "min" { Func::Min } else { Func::Max };
                match unify(at, bt) {
                    Some(ty @ (Type::Integer | Type::Date)) => call(func, vec![a, b], ty),
                    Some(_) => call(func, vec![widen(a, at), widen(b, bt)], Type::Decimal),
                    None => Err(self.error(
                        whole.span.clone(),
                        Problem::new(T::FcMinMax)
                            .with("name", name)
                            .words("left", self.is(&args[0], at))
                            .words("right", self.is(&args[1], bt)),
                    )),
                }
            }
        }
    }

    /// Checks argument `index` of `function`, which must have one of the `allowed` types,
    /// described as `expected` in the error.
    fn arg(
        &mut self,
        function: &str,
        args: &[Ast],
        index: usize,
        allowed: &[Type],
        expected: T,
    ) -> Result<Checked, ConditionError> {
        let ast = &args[index];
        let (node, ty) = self.check(ast)?;
        if allowed.contains(&ty) {
            return Ok((node, ty));
        }
        let hint = match (function, ty) {
            ("count", Type::Choices) => Some(T::FcCountHint),
            ("count-selected", Type::Repeat) => Some(T::FcCountSelectedRepeat),
            ("count-selected", Type::Choice) => Some(T::FcCountSelectedChoice),
            _ => None,
        };
        if hint.is_none()
            && let Some(error) = self.misuse(ast, ty)
        {
            return Err(error);
        }
        let message = if args.len() == 1 {
            Problem::new(T::FcArgNeeds)
        } else {
            Problem::new(T::FcArgNeedsNth).words("which", ordinal(index))
        };
        let message = message
            .with("function", function)
            .words("expected", Problem::new(expected))
            .words("is", self.is(ast, ty))
            .maybe("hint", hint.map(Problem::new));
        Err(self.error(ast.span.clone(), message))
    }

    /// The two alternatives of `if` or `coalesce`, which must share a type; `''` stands for
    /// "no value" of the other's type.
    fn branches(&mut self, function: &str, a: &Ast, b: &Ast) -> Result<(Node, Node, Type), ConditionError> {
        let (an, at) = self.check(a)?;
        let (bn, bt) = self.check(b)?;
        self.no_misuse(a, at)?;
        self.no_misuse(b, bt)?;
        match (is_empty_literal(a), is_empty_literal(b)) {
            (true, false) => return Ok((an, bn, bt)),
            (false, true) => return Ok((an, bn, at)),
            _ => {}
        }
        match unify(at, bt) {
            Some(Type::Decimal) => Ok((widen(an, at), widen(bn, bt), Type::Decimal)),
            Some(ty) => Ok((an, bn, ty)),
            None => {
                let what = if function == "if" { T::FcIfResults } else { T::FcCoalesceValues };
                let message = Problem::new(T::FcMustBeSameKind)
                    .words("what", Problem::new(what))
                    .words("left", self.is(a, at))
                    .words("right", self.is(b, bt));
                Err(self.error(a.span.start..b.span.end, message))
            }
        }
    }
}
