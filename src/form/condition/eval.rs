//! Evaluation of a checked tree. Total by construction: every operation has a result for every
//! input, null where the answer is missing or the operation undefined, so a form can never
//! crash mid-interview on a condition.

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate, TimeDelta};

use super::check::{Arith, Cmp, Func, Node};
use super::{Env, Type, Value};

pub(super) fn eval(node: &Node, env: &dyn Env) -> Value {
    match node {
        Node::Const(value) => value.clone(),
        Node::Field { name, ty } => conform(env.value(name), *ty),
        Node::Current(ty) => conform(env.current(), *ty),
        Node::Neg(operand) => match eval(operand, env) {
            Value::Integer(n) => n.checked_neg().map_or(Value::Null, Value::Integer),
            Value::Decimal(x) => Value::Decimal(-x),
            _ => Value::Null,
        },
        Node::Arith { op, whole, left, right } => arith(*op, *whole, eval(left, env), eval(right, env)),
        Node::Shift { date, days, back } => match (eval(date, env), eval(days, env)) {
            (Value::Date(date), Value::Integer(days)) => shift(date, days, *back),
            _ => Value::Null,
        },
        Node::DaysDiff(left, right) => match (eval(left, env), eval(right, env)) {
            (Value::Date(a), Value::Date(b)) => Value::Integer(a.signed_duration_since(b).num_days()),
            _ => Value::Null,
        },
        Node::Compare { op, left, right } => Value::Bool(compare(*op, &eval(left, env), &eval(right, env))),
        Node::IsEmpty(operand) => Value::Bool(matches!(eval(operand, env), Value::Null | Value::Count(0))),
        Node::And(left, right) => Value::Bool(truth(&eval(left, env)) && truth(&eval(right, env))),
        Node::Or(left, right) => Value::Bool(truth(&eval(left, env)) || truth(&eval(right, env))),
        Node::Not(operand) => Value::Bool(!truth(&eval(operand, env))),
        Node::ToDecimal(operand) => match eval(operand, env) {
            Value::Integer(n) => Value::Decimal(n as f64),
            other => other,
        },
        Node::Call(func, args) => call(*func, args, env),
    }
}

/// The value the environment gave for a field of type `ty`, with empty text and empty
/// selections as null, and anything not of that type as null.
fn conform(value: Value, ty: Type) -> Value {
    match (ty, value) {
        (Type::Bool, v @ Value::Bool(_))
        | (Type::Integer, v @ Value::Integer(_))
        | (Type::Date, v @ Value::Date(_))
        | (Type::Repeat, v @ Value::Count(_)) => v,
        (Type::Decimal, Value::Decimal(x)) => decimal(x),
        (Type::Decimal, Value::Integer(n)) => Value::Decimal(n as f64),
        (Type::Text | Type::Choice, Value::Text(s)) if !s.is_empty() => Value::Text(s),
        (Type::Choices, Value::Choices(list)) if !list.is_empty() => Value::Choices(list),
        _ => Value::Null,
    }
}

/// Only true is true: null and false alike count as false.
fn truth(value: &Value) -> bool {
    matches!(value, Value::Bool(true))
}

/// A decimal result, or null if it is infinite or not a number.
fn decimal(x: f64) -> Value {
    if x.is_finite() { Value::Decimal(x) } else { Value::Null }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(n) => Some(*n as f64),
        Value::Decimal(x) => Some(*x),
        _ => None,
    }
}

fn whole(n: Option<i64>) -> Value {
    n.map_or(Value::Null, Value::Integer)
}

fn count(n: usize) -> Value {
    whole(i64::try_from(n).ok())
}

fn arith(op: Arith, whole_numbers: bool, left: Value, right: Value) -> Value {
    if whole_numbers {
        let (Value::Integer(a), Value::Integer(b)) = (left, right) else { return Value::Null };
        return whole(match op {
            Arith::Add => a.checked_add(b),
            Arith::Sub => a.checked_sub(b),
            Arith::Mul => a.checked_mul(b),
            // Remainder has the sign of `a`; none for a zero `b`.
            Arith::Mod => a.checked_rem(b),
            Arith::Div => None,
        });
    }
    let (Some(a), Some(b)) = (number(&left), number(&right)) else { return Value::Null };
    match op {
        Arith::Add => decimal(a + b),
        Arith::Sub => decimal(a - b),
        Arith::Mul => decimal(a * b),
        Arith::Div | Arith::Mod if b == 0.0 => Value::Null,
        Arith::Div => decimal(a / b),
        Arith::Mod => decimal(a % b),
    }
}

fn shift(date: NaiveDate, days: i64, back: bool) -> Value {
    let days = if back { days.checked_neg() } else { Some(days) };
    days.and_then(TimeDelta::try_days).and_then(|delta| date.checked_add_signed(delta)).map_or(Value::Null, Value::Date)
}

fn compare(op: Cmp, left: &Value, right: &Value) -> bool {
    let order = match (left, right) {
        (Value::Integer(a), Value::Integer(b)) => Some(a.cmp(b)),
        (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
        (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => match (number(left), number(right)) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => None,
        },
    };
    let Some(order) = order else {
        // An unanswered field is the empty value (as in XLSForm): equal only to another
        // unanswered one, different from any answer, and never less or greater than anything.
        let (left_null, right_null) = (matches!(left, Value::Null), matches!(right, Value::Null));
        return match op {
            Cmp::Eq => left_null && right_null,
            Cmp::Ne => left_null != right_null,
            _ => false,
        };
    };
    match op {
        Cmp::Eq => order == Ordering::Equal,
        Cmp::Ne => order != Ordering::Equal,
        Cmp::Lt => order == Ordering::Less,
        Cmp::Le => order != Ordering::Greater,
        Cmp::Gt => order == Ordering::Greater,
        Cmp::Ge => order != Ordering::Less,
    }
}

/// Whole years from `from` to `to`, counting a year only once its anniversary is reached
/// (negative when `to` is earlier).
fn whole_years(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return -whole_years(to, from);
    }
    let mut years = i64::from(to.year() - from.year());
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years
}

/// `x` rounded half away from zero to `places` decimals (negative places round to tens,
/// hundreds…).
fn round(x: f64, places: i64) -> Value {
    if places >= 17 {
        // Beyond what a decimal number holds: nothing to round.
        return decimal(x);
    }
    let places = i32::try_from(places.max(-308)).unwrap_or(-308);
    let scale = 10f64.powi(places);
    let scaled = x * scale;
    if !scaled.is_finite() {
        return decimal(x);
    }
    decimal(scaled.round() / scale)
}

fn call(func: Func, args: &[Node], env: &dyn Env) -> Value {
    let arg = |i: usize| args.get(i).map_or(Value::Null, |node| eval(node, env));
    match func {
        Func::Today => Value::Date(env.today()),
        Func::Selected => Value::Bool(match (arg(0), arg(1)) {
            (Value::Choices(list), Value::Text(value)) => list.contains(&value),
            (Value::Text(choice), Value::Text(value)) => choice == value,
            _ => false,
        }),
        Func::CountSelected => match arg(0) {
            Value::Choices(list) => count(list.len()),
            _ => Value::Integer(0),
        },
        Func::Count => match arg(0) {
            Value::Count(n) => count(n),
            _ => Value::Integer(0),
        },
        Func::Age => match arg(0) {
            Value::Date(born) => Value::Integer(whole_years(born, env.today())),
            _ => Value::Null,
        },
        Func::YearsBetween => match (arg(0), arg(1)) {
            (Value::Date(from), Value::Date(to)) => Value::Integer(whole_years(from, to)),
            _ => Value::Null,
        },
        Func::DaysBetween => match (arg(0), arg(1)) {
            (Value::Date(from), Value::Date(to)) => Value::Integer(to.signed_duration_since(from).num_days()),
            _ => Value::Null,
        },
        Func::StringLength => match arg(0) {
            Value::Text(text) => count(text.chars().count()),
            _ => Value::Integer(0),
        },
        Func::If => {
            if truth(&arg(0)) {
                arg(1)
            } else {
                arg(2)
            }
        }
        Func::Coalesce => match arg(0) {
            Value::Null => arg(1),
            first => first,
        },
        Func::Int => match arg(0) {
            Value::Integer(n) => Value::Integer(n),
            // The range test also refuses NaN; 2^63 itself is out of range.
            Value::Decimal(x) if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&x.trunc()) => {
                Value::Integer(x.trunc() as i64)
            }
            _ => Value::Null,
        },
        Func::Round => match (number(&arg(0)), arg(1)) {
            (Some(x), Value::Integer(places)) => round(x, places),
            _ => Value::Null,
        },
        Func::Min | Func::Max => {
            let (a, b) = (arg(0), arg(1));
            let order = match (&a, &b) {
                (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
                (Value::Date(x), Value::Date(y)) => x.cmp(y),
                _ => match (number(&a), number(&b)) {
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    _ => return Value::Null,
                },
            };
            let first = (order != Ordering::Greater) == (func == Func::Min);
            if first { a } else { b }
        }
    }
}
