//! Tests of the whole pipeline through the public API: compile errors with their spans, the
//! null semantics, arithmetic and dates, and property tests that nothing ever panics.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

const NEEDS: [&str; 4] = ["housing", "work", "health", "education"];

fn fields() -> BTreeMap<String, FieldInfo> {
    let mut f = BTreeMap::new();
    for (name, ty) in [
        ("a", Type::Integer),
        ("age", Type::Integer),
        ("b", Type::Integer),
        ("children", Type::Integer),
        ("consent", Type::Bool),
        ("date_of_birth", Type::Date),
        ("employed", Type::Bool),
        ("end", Type::Date),
        ("family", Type::Repeat),
        ("income", Type::Integer),
        ("name", Type::Text),
        ("release_date", Type::Date),
        ("start", Type::Date),
        ("status", Type::Choice),
        ("weight", Type::Decimal),
        ("x", Type::Integer),
    ] {
        f.insert(name.to_string(), FieldInfo::new(ty));
    }
    f.insert("needs".to_string(), FieldInfo::with_choices(Type::Choices, NEEDS));
    f.insert("marital".to_string(), FieldInfo::with_choices(Type::Choice, ["single", "married", "widowed"]));
    f
}

fn compile_with(src: &str, current: Option<FieldInfo>, expect: Option<Type>) -> Result<Expr, ConditionError> {
    compile(src, &fields(), current.as_ref(), expect)
}

fn ok(src: &str) -> Expr {
    compile_with(src, None, None).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

fn err(src: &str) -> (Range<usize>, String) {
    err_with(src, None, None)
}

fn err_with(src: &str, current: Option<FieldInfo>, expect: Option<Type>) -> (Range<usize>, String) {
    match compile_with(src, current, expect) {
        Ok(e) => panic!("{src} compiled to {:?}", e.ty()),
        Err(e) => (e.span, e.message.to_string()),
    }
}

/// Asserts the error of `src`, and that its span covers `culprit` (the first occurrence).
#[track_caller]
fn assert_error(src: &str, culprit: &str, message: &str) {
    let start = src.find(culprit).unwrap();
    assert_eq!(err(src), (start..start + culprit.len(), message.to_string()), "{src}");
}

struct TestEnv {
    values: BTreeMap<String, Value>,
    current: Value,
    today: NaiveDate,
}

impl Env for TestEnv {
    fn value(&self, field: &str) -> Value {
        self.values.get(field).cloned().unwrap_or(Value::Null)
    }
    fn current(&self) -> Value {
        self.current.clone()
    }
    fn today(&self) -> NaiveDate {
        self.today
    }
}

fn env(pairs: &[(&str, Value)]) -> TestEnv {
    TestEnv {
        values: pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        current: Value::Null,
        today: day("2024-06-15"),
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn choices(list: &[&str]) -> Value {
    Value::Choices(list.iter().map(|s| s.to_string()).collect())
}

fn date(s: &str) -> Value {
    Value::Date(day(s))
}

/// Compiles `src` (with `.` as a whole number) and evaluates it in `e`.
fn run(src: &str, e: &TestEnv) -> Value {
    compile_with(src, Some(FieldInfo::new(Type::Integer)), None).unwrap_or_else(|err| panic!("{src}: {err:?}")).eval(e)
}

fn run0(src: &str) -> Value {
    run(src, &env(&[]))
}

#[test]
fn examples_from_the_brief_compile_with_their_types() {
    let int = Some(FieldInfo::new(Type::Integer));
    let txt = Some(FieldInfo::new(Type::Text));
    for (src, current, ty) in [
        ("${children} > 0 and ${consent} = 'yes'", None, Type::Bool),
        ("selected(${needs}, 'housing')", None, Type::Bool),
        ("count(${family}) >= 1", None, Type::Bool),
        ("age(${date_of_birth}) >= 18", None, Type::Bool),
        ("${end} >= ${start}", None, Type::Bool),
        ("not(${employed})", None, Type::Bool),
        ("${income} * 12 div 1000", None, Type::Decimal),
        ("if(${x} > 3, 'high', 'low')", None, Type::Text),
        ("${name} != ''", None, Type::Bool),
        (". >= 0 and . <= 120", int, Type::Bool),
        ("string-length(.) <= 40", txt, Type::Bool),
        ("today() - ${release_date} > 30", None, Type::Bool),
        ("${start} + 7", None, Type::Date),
        ("date('2024-01-31')", None, Type::Date),
        ("count-selected(${needs}) <= 3", None, Type::Bool),
        ("coalesce(${a}, 0) + coalesce(${b}, 0)", None, Type::Integer),
        ("true() and true and not(false()) and not(false)", None, Type::Bool),
    ] {
        let expr = compile_with(src, current, None).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        assert_eq!(expr.ty(), ty, "{src}");
        assert_eq!(expr.source(), src);
    }
}

#[test]
fn examples_from_the_brief_evaluate() {
    let e = env(&[
        ("children", Value::Integer(2)),
        ("consent", Value::Bool(true)),
        ("needs", choices(&["housing", "work"])),
        ("family", Value::Count(3)),
        ("date_of_birth", date("2000-01-01")),
        ("start", date("2024-01-01")),
        ("end", date("2024-02-01")),
        ("employed", Value::Bool(false)),
        ("income", Value::Integer(2500)),
        ("x", Value::Integer(5)),
        ("name", text("Amina")),
        ("release_date", date("2024-05-01")),
        ("a", Value::Integer(4)),
    ]);
    let mut with_current = env(&[]);
    with_current.current = Value::Integer(42);
    assert_eq!(run("${children} > 0 and ${consent} = 'yes'", &e), Value::Bool(true));
    assert_eq!(run("selected(${needs}, 'housing')", &e), Value::Bool(true));
    assert_eq!(run("selected(${needs}, 'health')", &e), Value::Bool(false));
    assert_eq!(run("count(${family}) >= 1", &e), Value::Bool(true));
    assert_eq!(run("age(${date_of_birth}) >= 18", &e), Value::Bool(true));
    assert_eq!(run("${end} >= ${start}", &e), Value::Bool(true));
    assert_eq!(run("not(${employed})", &e), Value::Bool(true));
    assert_eq!(run("${income} * 12 div 1000", &e), Value::Decimal(30.0));
    assert_eq!(run("if(${x} > 3, 'high', 'low')", &e), text("high"));
    assert_eq!(run("${name} != ''", &e), Value::Bool(true));
    assert_eq!(run(". >= 0 and . <= 120", &with_current), Value::Bool(true));
    assert_eq!(run("today() - ${release_date} > 30", &e), Value::Bool(true));
    assert_eq!(run("today() - ${release_date}", &e), Value::Integer(45));
    assert_eq!(run("${start} + 7", &e), date("2024-01-08"));
    assert_eq!(run("date('2024-01-31')", &e), date("2024-01-31"));
    assert_eq!(run("count-selected(${needs}) <= 3", &e), Value::Bool(true));
    assert_eq!(run("count-selected(${needs})", &e), Value::Integer(2));
    assert_eq!(run("coalesce(${a}, 0) + coalesce(${b}, 0)", &e), Value::Integer(4));
    let constraint = compile_with("string-length(.) <= 5", Some(FieldInfo::new(Type::Text)), Some(Type::Bool)).unwrap();
    let mut short = env(&[]);
    short.current = text("عمرو");
    assert!(constraint.eval_bool(&short));
    short.current = text("Mohammed");
    assert!(!constraint.eval_bool(&short));
}

#[test]
fn referenced_fields() {
    let expr = compile_with("${b} + ${a} > count(${family}) and . = ${a}", Some(FieldInfo::new(Type::Integer)), None);
    let names: Vec<&str> = expr.as_ref().unwrap().fields().iter().map(String::as_str).collect();
    assert_eq!(names, ["a", "b", "family"]);
    assert!(ok("today() > date('2024-01-01')").fields().is_empty());
}

#[test]
fn unknown_names_and_suggestions() {
    assert_error("${chlidren} > 0", "${chlidren}", "unknown field ${chlidren} (did you mean ${children}?)");
    assert_error("${x} + ${Income}", "${Income}", "unknown field ${Income} (did you mean ${income}?)");
    assert_error("1 = ${salary}", "${salary}", "unknown field ${salary}");
    assert_error("selectd(${needs}, 'work')", "selectd", "unknown function 'selectd' (did you mean 'selected'?)");
    assert_error(
        "count_selected(${needs})",
        "count_selected",
        "unknown function 'count_selected' (did you mean 'count-selected'?)",
    );
    assert_error("NOT(${consent})", "NOT", "unknown function 'NOT' (did you mean 'not'?)");
    assert_error("concat('a', 'b')", "concat", "unknown function 'concat'");
    assert_error(
        "selected(${needs}, 'housng')",
        "'housng'",
        "'housng' is not a choice of needs (did you mean 'housing'?)",
    );
    assert_error("${marital} = 'maried'", "'maried'", "'maried' is not a choice of marital (did you mean 'married'?)");
    assert_error(
        "'divorced' != ${marital}",
        "'divorced'",
        "'divorced' is not a choice of marital (its choices are 'single', 'married', 'widowed')",
    );
    let current = FieldInfo::with_choices(Type::Choice, ["yes", "no", "unsure"]);
    assert_eq!(
        err_with(". = 'maybe'", Some(current.clone()), None),
        (4..11, "'maybe' is not a choice of this field (its choices are 'yes', 'no', 'unsure')".to_string())
    );
    assert_eq!(
        err_with("selected(., 'unsur')", Some(current.clone()), None),
        (12..19, "'unsur' is not a choice of this field (did you mean 'unsure'?)".to_string())
    );
    let many = FieldInfo::with_choices(Type::Choices, (1..=10).map(|i| format!("option{i}")));
    assert_eq!(
        err_with("selected(., 'zzz')", Some(many), None).1,
        "'zzz' is not a choice of this field (its choices are 'option1', 'option2', 'option3', 'option4', \
         'option5', 'option6', 'option7', 'option8', …)"
    );
    // Known choices pass, and fields without a list accept any literal.
    ok("selected(${needs}, 'education') and ${marital} = 'married' and ${status} = 'anything'");
    compile_with(". = 'unsure' or . = ''", Some(current), Some(Type::Bool)).unwrap();
}

#[test]
fn type_errors_name_what_was_expected_and_found() {
    assert_error("${consent} > 1", "${consent}", "`>` compares numbers or dates, but ${consent} is a yes/no");
    assert_error(
        "${name} < 'm'",
        "${name}",
        "`<` compares numbers or dates, but ${name} is text (text can only be compared with = or !=)",
    );
    assert_error(
        "2 <= ${marital}",
        "${marital}",
        "`<=` compares numbers or dates, but ${marital} is a choice (text can only be compared with = or !=)",
    );
    assert_error(
        "${end} > 3",
        "${end} > 3",
        "`>` compares numbers with numbers and dates with dates, but ${end} is a date and 3 is a whole number",
    );
    assert_error(
        "${age} = '18'",
        "${age} = '18'",
        "`=` compares values of the same kind, but ${age} is a whole number and '18' is text",
    );
    assert_error(
        "${end} != '2024-01-01'",
        "${end} != '2024-01-01'",
        "`!=` compares values of the same kind, but ${end} is a date and '2024-01-01' is text \
         (write a date as date('2024-01-31'))",
    );
    assert_error(
        "${consent} = 'oui'",
        "'oui'",
        "${consent} is a yes/no, which compares only with 'yes' or 'no' (or true() and false())",
    );
    assert_error(
        "${needs} = 'housing'",
        "${needs}",
        "${needs} is a multiple choice: use it only in selected(), count-selected() or empty()",
    );
    assert_error("${family} > 0", "${family}", "${family} is a repeat group: use it only in count() or empty()");
    assert_error("${family} = ''", "${family}", "${family} is a repeat group: use it only in count() or empty()");
    assert_error(
        "count(${needs}) > 1",
        "${needs}",
        "count() needs a repeat group as its argument, but ${needs} is a multiple choice \
         (count-selected() counts the chosen options)",
    );
    assert_error(
        "count-selected(${marital})",
        "${marital}",
        "count-selected() needs a multiple choice as its argument, but ${marital} is a choice \
         (a single choice has one answer: test it with = or selected())",
    );
    assert_error("age(${name}) > 1", "${name}", "age() needs a date as its argument, but ${name} is text");
    assert_error(
        "years-between(${start}, 5)",
        "5",
        "years-between() needs a date as its second argument, but 5 is a whole number",
    );
    assert_error(
        "selected(${age}, 'x')",
        "${age}",
        "selected() needs a choice or multiple choice as its first argument, but ${age} is a whole number",
    );
    assert_error(
        "string-length(${needs})",
        "${needs}",
        "${needs} is a multiple choice: use it only in selected(), count-selected() or empty()",
    );
    assert_error("${age} and ${consent}", "${age}", "`and` joins yes/no conditions, but ${age} is a whole number");
    assert_error(
        "${consent} or (${a} + 1)",
        "(${a} + 1)",
        "`or` joins yes/no conditions, but `(${a} + 1)` is a whole number",
    );
    assert_error("${name} + 1", "${name}", "`+` works on numbers and dates, but ${name} is text");
    assert_error(
        "${start} + ${end}",
        "+",
        "`+` cannot add two dates; subtract them to get the number of days between them",
    );
    assert_error(
        "${start} - 1.5",
        "1.5",
        "a date moves by a whole number of days, but 1.5 is a decimal number (int(...) drops the fraction)",
    );
    assert_error(
        "3 - ${start}",
        "-",
        "`-` cannot take a date away from a number; write the date first, as in ${date} - 7",
    );
    assert_error("${weight} * ${consent}", "${consent}", "`*` works on numbers, but ${consent} is a yes/no");
    assert_error("10 mod ${name}", "${name}", "`mod` works on numbers, but ${name} is text");
    assert_error("-${name}", "${name}", "a minus sign works on numbers, but ${name} is text");
    assert_error(
        "if(${x}, 1, 2)",
        "${x}",
        "if() needs a yes/no condition as its first argument, but ${x} is a whole number",
    );
    assert_error(
        "if(${x} > 1, 'a', 2)",
        "'a', 2",
        "the two results of if() must be of the same kind, but 'a' is text and 2 is a whole number",
    );
    assert_error(
        "coalesce(${start}, 0)",
        "${start}, 0",
        "both values of coalesce() must be of the same kind, but ${start} is a date and 0 is a whole number",
    );
    assert_error(
        "not(${age})",
        "${age}",
        "not() needs a yes/no condition as its argument, but ${age} is a whole number",
    );
    assert_error("int(${name})", "${name}", "int() needs a number as its argument, but ${name} is text");
    assert_error(
        "round(${weight}, 1.5)",
        "1.5",
        "round() needs a whole number of decimal places as its second argument, but 1.5 is a decimal number",
    );
    assert_error(
        "min(${start}, 3)",
        "min(${start}, 3)",
        "min() needs two numbers or two dates, but ${start} is a date and 3 is a whole number",
    );
    assert_error(
        "max(${consent}, 3)",
        "${consent}",
        "max() needs a number or a date as its first argument, but ${consent} is a yes/no",
    );
    assert_error("date(${name})", "${name}", "date() needs a date written in quotes, like date('2024-01-31')");
    assert_error(
        "date('2023-02-29')",
        "'2023-02-29'",
        "'2023-02-29' is not a valid date (write it as 'yyyy-mm-dd', like '2024-01-31')",
    );
    assert_error(
        "date('31/01/2024') < today()",
        "'31/01/2024'",
        "'31/01/2024' is not a valid date (write it as 'yyyy-mm-dd', like '2024-01-31')",
    );
    assert_error(
        "date('2024-1-5')",
        "'2024-1-5'",
        "'2024-1-5' is not a valid date (write it as 'yyyy-mm-dd', like '2024-01-31')",
    );
    assert_error("selected(${needs})", "selected(${needs})", "selected() takes 2 arguments, but 1 was given");
    assert_error("today(1) > ${start}", "today(1)", "today() takes no arguments, but 1 was given");
    assert_error(
        "not(${consent}, ${employed})",
        "not(${consent}, ${employed})",
        "not() takes 1 argument, but 2 were given",
    );
    assert_error("if()", "if()", "if() takes 3 arguments, but 0 were given");
    assert_error(
        ". > 3",
        ".",
        "'.' stands for the answer being checked, and only a constraint has one; refer to fields as ${name}",
    );
}

#[test]
fn result_type_is_enforced() {
    assert_eq!(
        err_with("${age}", None, Some(Type::Bool)),
        (0..6, "the result must be a yes/no, but ${age} is a whole number".to_string())
    );
    assert_eq!(
        err_with("${income} div 12", None, Some(Type::Integer)),
        (
            0..16,
            "the result must be a whole number, but `${income} div 12` is a decimal number (int(...) drops the \
             fraction; note that div always gives a decimal number)"
                .to_string()
        )
    );
    assert_eq!(err_with("today()", None, Some(Type::Text)).1, "the result must be text, but `today()` is a date");
    let long = "${income} + ${income} + ${income} + ${income} + ${income}";
    assert_eq!(
        err_with(long, None, Some(Type::Date)).1,
        "the result must be a date, but `${income} + ${income} + ${income} + ${i…` is a whole number"
    );
    // A whole number is widened where a decimal is expected, a choice accepted where text is.
    let widened = compile_with("${a} + 1", None, Some(Type::Decimal)).unwrap();
    assert_eq!(widened.ty(), Type::Decimal);
    assert_eq!(widened.eval(&env(&[("a", Value::Integer(2))])), Value::Decimal(3.0));
    assert_eq!(widened.eval(&env(&[])), Value::Null);
    let choice = compile_with("${marital}", None, Some(Type::Text)).unwrap();
    assert_eq!(choice.ty(), Type::Text);
    assert_eq!(choice.eval(&env(&[("marital", text("single"))])), text("single"));
    assert_eq!(compile_with("int(${income} div 12)", None, Some(Type::Integer)).unwrap().ty(), Type::Integer);
}

#[test]
fn accepted_comparisons() {
    for src in [
        "${consent} = true()",
        "'yes' = ${consent}",
        "${consent} != 'no'",
        "${consent} = ${employed}",
        "${marital} = ${status}",
        "${marital} = ${name}",
        "${age} = ${weight}",
        "${age} < 2.5",
        "${start} < today()",
        "${start} = date('2024-01-01')",
        "${needs} = ''",
        "'' != ${needs}",
        "${start} = ''",
        "${consent} = ''",
        "'' = ''",
        "empty(${family})",
        "empty(${needs})",
        "(${a}) = (((${b})))",
    ] {
        assert_eq!(ok(src).ty(), Type::Bool, "{src}");
    }
}

#[test]
fn null_semantics_table() {
    let none = env(&[]);
    let t = Value::Bool(true);
    let f = Value::Bool(false);
    for (src, expected) in [
        ("${x} = ''", &t),
        ("'' = ${x}", &t),
        ("empty(${x})", &t),
        ("${x} != ''", &f),
        ("${name} = ''", &t),
        ("${name} = 'v'", &f),
        ("${name} != 'v'", &t),
        ("${marital} != 'single'", &t),
        ("${consent} = 'yes'", &f),
        ("${consent} != 'yes'", &t),
        ("${a} = ${b}", &t),
        ("${a} != ${b}", &f),
        ("${x} < 1", &f),
        ("${x} <= 1", &f),
        ("${x} > 1", &f),
        ("${x} >= 1", &f),
        ("${start} < today()", &f),
        ("${employed} and true", &f),
        ("${employed} or true", &t),
        ("${employed} or false", &f),
        ("not(${employed})", &t),
        ("not(${x} > 17)", &t),
        ("selected(${needs}, 'housing')", &f),
        ("selected(${marital}, 'single')", &f),
        ("empty(${needs})", &t),
        ("empty(${family})", &t),
        ("${needs} = ''", &t),
    ] {
        assert_eq!(&run(src, &none), expected, "{src}");
    }
    for (src, expected) in [
        ("${x} + 1", Value::Null),
        ("${x} - 1", Value::Null),
        ("${x} * 2", Value::Null),
        ("${x} div 2", Value::Null),
        ("${x} mod 2", Value::Null),
        ("-${x}", Value::Null),
        ("${start} + 1", Value::Null),
        ("${end} - ${start}", Value::Null),
        ("count-selected(${needs})", Value::Integer(0)),
        ("count(${family})", Value::Integer(0)),
        ("string-length(${name})", Value::Integer(0)),
        ("coalesce(${x}, 5)", Value::Integer(5)),
        ("coalesce(${x}, ${a})", Value::Null),
        ("if(${employed}, 1, 2)", Value::Integer(2)),
        ("if(${x} > 1, 1, 2)", Value::Integer(2)),
        ("age(${date_of_birth})", Value::Null),
        ("years-between(${start}, today())", Value::Null),
        ("days-between(today(), ${end})", Value::Null),
        ("int(${weight})", Value::Null),
        ("round(${weight}, 1)", Value::Null),
        ("min(${x}, 3)", Value::Null),
        ("max(3, ${x})", Value::Null),
        ("if(true, ${x}, 1)", Value::Null),
        ("if(true, '', 1)", Value::Null),
    ] {
        assert_eq!(run(src, &none), expected, "{src}");
    }
    // `.` unanswered behaves like any unanswered field.
    assert_eq!(run(". >= 0 and . <= 120", &none), f);
    assert!(!ok("${x} > 17").eval_bool(&none));
    assert!(!ok("${x} + 1").eval_bool(&none));
}

#[test]
fn empty_answers_read_as_null() {
    let e = env(&[("name", text("")), ("needs", choices(&[])), ("family", Value::Count(0))]);
    assert_eq!(run("${name} = ''", &e), Value::Bool(true));
    assert_eq!(run("${name} != 'x'", &e), Value::Bool(true));
    assert_eq!(run("empty(${needs})", &e), Value::Bool(true));
    assert_eq!(run("count-selected(${needs})", &e), Value::Integer(0));
    assert_eq!(run("empty(${family})", &e), Value::Bool(true));
    assert_eq!(run("count(${family})", &e), Value::Integer(0));
    let answered = env(&[("name", text("x")), ("needs", choices(&["work"])), ("family", Value::Count(1))]);
    assert_eq!(run("empty(${name}) or empty(${needs}) or empty(${family})", &answered), Value::Bool(false));
    assert_eq!(run("${name} != '' and ${needs} != ''", &answered), Value::Bool(true));
}

#[test]
fn values_of_the_wrong_kind_read_as_null() {
    let e = env(&[
        ("x", text("5")),
        ("name", Value::Integer(5)),
        ("consent", text("yes")),
        ("start", text("2024-01-01")),
        ("needs", text("work")),
        ("family", Value::Integer(2)),
        ("weight", Value::Decimal(f64::NAN)),
    ]);
    for src in ["${x} + 1", "${start} + 1", "${weight} * 1", "if(${consent}, 1, 2) - 2"] {
        let value = run(src, &e);
        assert!(matches!(value, Value::Null | Value::Integer(0)), "{src}: {value:?}");
    }
    assert_eq!(run("${name} = ''", &e), Value::Bool(true));
    assert_eq!(run("count-selected(${needs})", &e), Value::Integer(0));
    assert_eq!(run("count(${family})", &e), Value::Integer(0));
    // A whole number is a fine answer for a decimal field.
    assert_eq!(run("${weight} + 0.5", &env(&[("weight", Value::Integer(70))])), Value::Decimal(70.5));
}

#[test]
fn arithmetic() {
    for (src, expected) in [
        ("2 + 3 * 4", Value::Integer(14)),
        ("(2 + 3) * 4", Value::Integer(20)),
        ("10 - 3 - 2", Value::Integer(5)),
        ("7 div 2", Value::Decimal(3.5)),
        ("8 div 4 div 2", Value::Decimal(1.0)),
        ("7 mod 3", Value::Integer(1)),
        ("-7 mod 3", Value::Integer(-1)),
        ("7 mod -3", Value::Integer(1)),
        ("7.5 mod 2", Value::Decimal(1.5)),
        ("1 + 2.5", Value::Decimal(3.5)),
        ("2.5 * 2", Value::Decimal(5.0)),
        ("-3 + 1", Value::Integer(-2)),
        ("- -3", Value::Integer(3)),
        ("-(2 - 5)", Value::Integer(3)),
        ("-2.5", Value::Decimal(-2.5)),
        ("1 div 0", Value::Null),
        ("1.5 div 0.0", Value::Null),
        ("1 mod 0", Value::Null),
        ("1.5 mod 0", Value::Null),
        ("9223372036854775807 + 1", Value::Null),
        ("-9223372036854775807 - 2", Value::Null),
        ("9223372036854775807 * 2", Value::Null),
        ("(-9223372036854775807 - 1) mod -1", Value::Null),
        ("-(-9223372036854775807 - 1)", Value::Null),
        ("9223372036854775807 - 1", Value::Integer(9_223_372_036_854_775_806)),
        (
            "100000000000000000000.0 * 100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0",
            Value::Null,
        ),
        ("int(3.7)", Value::Integer(3)),
        ("int(-3.7)", Value::Integer(-3)),
        ("int(7)", Value::Integer(7)),
        ("int(10000000000000000000.0)", Value::Null),
        ("int(-9223372036854775808.0)", Value::Integer(i64::MIN)),
        ("round(2.346, 2)", Value::Decimal(2.35)),
        ("round(2.5, 0)", Value::Decimal(3.0)),
        ("round(-2.5, 0)", Value::Decimal(-3.0)),
        ("round(1234.5, -2)", Value::Decimal(1200.0)),
        ("round(7, 0)", Value::Decimal(7.0)),
        ("round(1.25, 400)", Value::Decimal(1.25)),
        ("round(5, -400)", Value::Decimal(0.0)),
        (
            "round(100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.5, 16) > 1",
            Value::Bool(true),
        ),
        ("min(3, 2.5)", Value::Decimal(2.5)),
        ("max(3, 2.5)", Value::Decimal(3.0)),
        ("min(3, 4)", Value::Integer(3)),
        ("max(-3, -4)", Value::Integer(-3)),
        ("1 = 1.0", Value::Bool(true)),
        ("2 > 1.5", Value::Bool(true)),
        ("3 >= 3 and 3 <= 3 and not(3 < 3) and not(3 > 3) and 3 != 4", Value::Bool(true)),
        ("'a' = \"a\" and 'a' != 'A'", Value::Bool(true)),
        ("true = true() and false = false() and true != false", Value::Bool(true)),
    ] {
        assert_eq!(run0(src), expected, "{src}");
    }
    let e = env(&[("income", Value::Integer(2500)), ("weight", Value::Decimal(71.25))]);
    assert_eq!(run("${income} * 12 div 1000", &e), Value::Decimal(30.0));
    assert_eq!(run("int(${income} * 12 div 1000)", &e), Value::Integer(30));
    assert_eq!(run("round(${weight}, 1)", &e), Value::Decimal(71.3));
    assert_eq!(run("${weight} > ${income}", &e), Value::Bool(false));
}

#[test]
fn date_arithmetic_across_boundaries() {
    for (start, days, expected) in [
        ("2024-01-31", 1, "2024-02-01"),
        ("2023-12-31", 1, "2024-01-01"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2024-02-29", 1, "2024-03-01"),
        ("2023-02-28", 1, "2023-03-01"),
        ("2024-03-01", -1, "2024-02-29"),
        ("2024-01-01", 366, "2025-01-01"),
        ("2024-01-01", -1, "2023-12-31"),
    ] {
        let e = env(&[("start", date(start)), ("a", Value::Integer(days))]);
        assert_eq!(run("${start} + ${a}", &e), date(expected), "{start} + {days}");
        assert_eq!(run("${a} + ${start}", &e), date(expected), "{days} + {start}");
        assert_eq!(run("${start} - -${a}", &e), date(expected), "{start} - -{days}");
        let back = env(&[("start", date(expected)), ("a", Value::Integer(days))]);
        assert_eq!(run("${start} - ${a}", &back), date(start), "{expected} - {days}");
    }
    for (start, end, days) in [
        ("2024-02-28", "2024-03-01", 2),
        ("2023-02-28", "2023-03-01", 1),
        ("2024-01-01", "2025-01-01", 366),
        ("2023-01-01", "2024-01-01", 365),
        ("2024-12-31", "2025-01-01", 1),
        ("2024-03-01", "2024-02-28", -2),
    ] {
        let e = env(&[("start", date(start)), ("end", date(end))]);
        assert_eq!(run("${end} - ${start}", &e), Value::Integer(days), "{end} - {start}");
        assert_eq!(run("days-between(${start}, ${end})", &e), Value::Integer(days), "{start}..{end}");
    }
    let e = env(&[("start", date("2024-01-01")), ("a", Value::Integer(i64::MAX))]);
    assert_eq!(run("${start} + ${a}", &e), Value::Null);
    assert_eq!(run("${start} - ${a}", &e), Value::Null);
    assert_eq!(run("${start} + 100000000", &e), Value::Null);
    assert_eq!(run("${start} - (-9223372036854775807 - 1)", &e), Value::Null);
    assert_eq!(run("today() + 1 > today()", &e), Value::Bool(true));
    assert_eq!(run("min(${start}, today())", &e), date("2024-01-01"));
    assert_eq!(run("max(${start}, today())", &e), date("2024-06-15"));
    assert_eq!(run("date('2024-02-29') + 365", &e), date("2025-02-28"));
}

#[test]
fn age_around_birthdays() {
    let age_on = |born: &str, today: &str| {
        let mut e = env(&[("date_of_birth", date(born))]);
        e.today = day(today);
        run("age(${date_of_birth})", &e)
    };
    assert_eq!(age_on("2006-06-15", "2024-06-15"), Value::Integer(18), "on the birthday");
    assert_eq!(age_on("2006-06-16", "2024-06-15"), Value::Integer(17), "the day before");
    assert_eq!(age_on("2006-06-14", "2024-06-15"), Value::Integer(18), "the day after");
    assert_eq!(age_on("2006-07-01", "2024-06-30"), Value::Integer(17), "month not reached");
    assert_eq!(age_on("2024-06-15", "2024-06-15"), Value::Integer(0), "born today");
    assert_eq!(age_on("2004-02-29", "2023-02-28"), Value::Integer(18), "leap-day birth, common year, 28 Feb");
    assert_eq!(age_on("2004-02-29", "2023-03-01"), Value::Integer(19), "leap-day birth, common year, 1 Mar");
    assert_eq!(age_on("2004-02-29", "2024-02-28"), Value::Integer(19), "leap-day birth, leap year, 28 Feb");
    assert_eq!(age_on("2004-02-29", "2024-02-29"), Value::Integer(20), "leap-day birth, leap year, 29 Feb");
    assert_eq!(age_on("2025-01-01", "2024-06-15"), Value::Integer(0), "born in the future, less than a year");
    assert_eq!(age_on("2026-01-01", "2024-06-15"), Value::Integer(-1), "born in the future");
    let years = |from: &str, to: &str| {
        run("years-between(${start}, ${end})", &env(&[("start", date(from)), ("end", date(to))]))
    };
    assert_eq!(years("2000-03-01", "2024-02-29"), Value::Integer(23));
    assert_eq!(years("2000-03-01", "2024-03-01"), Value::Integer(24));
    assert_eq!(years("2024-03-01", "2000-03-01"), Value::Integer(-24));
    assert_eq!(years("2024-02-29", "2000-03-01"), Value::Integer(-23));
}

#[test]
fn choices_and_repeats() {
    let e = env(&[
        ("needs", choices(&["housing", "work", "health"])),
        ("marital", text("married")),
        ("family", Value::Count(4)),
    ]);
    assert_eq!(run("selected(${needs}, 'work')", &e), Value::Bool(true));
    assert_eq!(run("selected(${needs}, 'education')", &e), Value::Bool(false));
    assert_eq!(run("selected(${needs}, '')", &e), Value::Bool(false));
    assert_eq!(run("count-selected(${needs})", &e), Value::Integer(3));
    assert_eq!(run("count-selected(${needs}) <= 3", &e), Value::Bool(true));
    assert_eq!(run("selected(${marital}, 'married')", &e), Value::Bool(true));
    assert_eq!(run("selected(${marital}, 'single')", &e), Value::Bool(false));
    assert_eq!(run("${marital} = 'married' and 'married' = ${marital}", &e), Value::Bool(true));
    assert_eq!(run("${marital} != 'single'", &e), Value::Bool(true));
    assert_eq!(run("count(${family})", &e), Value::Integer(4));
    assert_eq!(run("count(${family}) >= 1 and not(empty(${family}))", &e), Value::Bool(true));
    assert_eq!(run("string-length(${marital})", &e), Value::Integer(7));
    assert_eq!(run("selected(${needs}, ${marital})", &e), Value::Bool(false));
}

#[test]
fn if_coalesce_and_booleans() {
    let e = env(&[("x", Value::Integer(2)), ("a", Value::Integer(7)), ("consent", Value::Bool(false))]);
    assert_eq!(run("if(${x} > 3, 'high', 'low')", &e), text("low"));
    assert_eq!(run("if(${x} > 1, 1, 2.5)", &e), Value::Decimal(1.0));
    assert_eq!(run("if(${x} > 1, ${a}, '')", &e), Value::Integer(7));
    assert_eq!(run("if(${x} > 5, ${a}, '')", &e), Value::Null);
    assert_eq!(run("if(${x} > 5, '', 'no')", &e), text("no"));
    assert_eq!(run("if(${x} > 1, '', '')", &e), Value::Null);
    assert_eq!(run("if(true, ${x} div 0, 3) = ''", &e), Value::Bool(true));
    assert_eq!(run("coalesce(${a}, 0) + coalesce(${b}, 0)", &e), Value::Integer(7));
    assert_eq!(run("coalesce(${b}, 1.5)", &e), Value::Decimal(1.5));
    assert_eq!(run("coalesce(${name}, 'anonymous')", &e), text("anonymous"));
    assert_eq!(run("coalesce('', 3)", &e), Value::Integer(3));
    assert_eq!(run("${consent} = 'no' and ${consent} != 'yes' and ${consent} = false", &e), Value::Bool(true));
    assert_eq!(run("${consent} or ${x} = 2", &e), Value::Bool(true));
    assert_eq!(run("not(${consent} or ${x} = 2)", &e), Value::Bool(false));
    assert_eq!(ok("if(${x} > 1, ${marital}, 'other')").ty(), Type::Text);
    assert_eq!(ok("if(${x} > 1, ${start}, '')").ty(), Type::Date);
    assert_eq!(ok("coalesce(${a}, ${weight})").ty(), Type::Decimal);
}

#[test]
fn eval_bool_counts_only_true() {
    let e = env(&[]);
    assert!(ok("true").eval_bool(&e));
    assert!(!ok("false").eval_bool(&e));
    assert!(!ok("${consent}").eval_bool(&e));
    assert!(!ok("${x}").eval_bool(&env(&[("x", Value::Integer(1))])));
}

#[test]
fn parse_errors_come_through_compile_with_spans() {
    assert_eq!(err("${a} > 1 and"), (12..12, "expected a value after 'and'".to_string()));
    assert_eq!(err("if(${a} > 1, 2, 3"), (17..17, "expected ',' or ')' to close 'if(' opened at column 1".to_string()));
    assert_eq!(err("(${a} + (1)"), (11..11, "expected ')' to close '(' opened at column 1".to_string()));
    assert_eq!(err("${a} < ${b} <= ${x}").0, 12..14);
    assert_eq!(err("${a} == 1").0, 5..7);
    // The span is in bytes even after multi-byte text.
    assert_eq!(err("'ééé' = ${nmae}"), (11..18, "unknown field ${nmae} (did you mean ${name}?)".to_string()));
}

#[test]
fn depth_limit_applies_to_evaluation_too() {
    let deep = vec!["${a}"; MAX_DEPTH].join(" + ");
    let expr = ok(&deep);
    assert_eq!(expr.eval(&env(&[("a", Value::Integer(1))])), Value::Integer(MAX_DEPTH as i64));
    assert!(compile_with(&format!("{deep} + 1"), None, None).is_err());
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// A small deterministic generator, so one proptest seed gives one expression.
    struct Rng(u64);

    impl Rng {
        fn step(&mut self) -> u64 {
            // xorshift64*
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.step() % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// An expression printed twice: with every operation in parentheses, and with only the
    /// parentheses precedence requires. `level` is the binding strength of its top operator.
    struct Printed {
        full: String,
        min: String,
        level: u8,
    }

    const ATOM: u8 = 7;

    fn atom(s: impl Into<String>) -> Printed {
        let s = s.into();
        Printed { full: s.clone(), min: s, level: ATOM }
    }

    fn call(name: &str, args: Vec<Printed>) -> Printed {
        let full: Vec<String> = args.iter().map(|a| a.full.clone()).collect();
        let min: Vec<String> = args.iter().map(|a| a.min.clone()).collect();
        atom(format!("{name}({})", full.join(", "))).with_min(format!("{name}({})", min.join(", ")))
    }

    impl Printed {
        fn with_min(mut self, min: String) -> Printed {
            self.min = min;
            self
        }
    }

    /// `left op right` at `level`; operators are left-associative except comparisons (3).
    fn binary(op: &str, level: u8, left: Printed, right: Printed) -> Printed {
        let wrap = |p: &Printed, needed: bool| if needed { format!("({})", p.min) } else { p.min.clone() };
        let left_parens = left.level < level || (level == 3 && left.level == 3);
        let min = format!("{} {op} {}", wrap(&left, left_parens), wrap(&right, right.level <= level));
        Printed { full: format!("({} {op} {})", left.full, right.full), min, level }
    }

    fn negate(operand: Printed) -> Printed {
        let min = if operand.level < 6 { format!("-({})", operand.min) } else { format!("- {}", operand.min) };
        Printed { full: format!("(-{})", operand.full), min, level: 6 }
    }

    fn generate(rng: &mut Rng, ty: Type, depth: u32) -> Printed {
        let leaf = depth == 0 || rng.below(4) == 0;
        match ty {
            Type::Integer if leaf => match rng.below(4) {
                0 => atom(rng.below(1000).to_string()),
                1 => atom(rng.pick(&["${a}", "${b}", "${x}", "${age}"])),
                2 => atom("count-selected(${needs})"),
                _ => atom("count(${family})"),
            },
            Type::Integer => match rng.below(9) {
                0 => binary("+", 4, generate(rng, ty, depth - 1), generate(rng, ty, depth - 1)),
                1 => binary("-", 4, generate(rng, ty, depth - 1), generate(rng, ty, depth - 1)),
                2 => binary("*", 5, generate(rng, ty, depth - 1), generate(rng, ty, depth - 1)),
                3 => binary("mod", 5, generate(rng, ty, depth - 1), generate(rng, ty, depth - 1)),
                4 => negate(generate(rng, ty, depth - 1)),
                5 => binary("-", 4, generate(rng, Type::Date, depth - 1), generate(rng, Type::Date, depth - 1)),
                6 => call("int", vec![generate(rng, Type::Decimal, depth - 1)]),
                7 => call(
                    "if",
                    vec![
                        generate(rng, Type::Bool, depth - 1),
                        generate(rng, ty, depth - 1),
                        generate(rng, ty, depth - 1),
                    ],
                ),
                _ => call(
                    rng.pick(&["coalesce", "min", "max"]),
                    vec![generate(rng, ty, depth - 1), generate(rng, ty, depth - 1)],
                ),
            },
            Type::Decimal if leaf => atom(rng.pick(&["2.5", "${weight}", "0.1", ".5"])),
            Type::Decimal => match rng.below(4) {
                0 => binary("div", 5, generate(rng, Type::Integer, depth - 1), generate(rng, Type::Integer, depth - 1)),
                1 => binary("*", 5, generate(rng, ty, depth - 1), generate(rng, Type::Integer, depth - 1)),
                2 => call("round", vec![generate(rng, ty, depth - 1), generate(rng, Type::Integer, depth - 1)]),
                _ => binary("-", 4, generate(rng, ty, depth - 1), generate(rng, ty, depth - 1)),
            },
            Type::Date if leaf => atom(rng.pick(&["${start}", "${end}", "today()", "date('2024-02-29')"])),
            Type::Date => {
                binary(rng.pick(&["+", "-"]), 4, generate(rng, ty, depth - 1), generate(rng, Type::Integer, depth - 1))
            }
            Type::Bool if leaf => atom(rng.pick(&[
                "true",
                "false()",
                "${consent}",
                "${x} = ''",
                "selected(${needs}, 'work')",
                "${marital} = 'single'",
            ]))
            .with_level(3),
            Type::Bool => match rng.below(6) {
                0 => binary("and", 2, generate(rng, ty, depth - 1), generate(rng, ty, depth - 1)),
                1 => binary("or", 1, generate(rng, ty, depth - 1), generate(rng, ty, depth - 1)),
                2 => call("not", vec![generate(rng, ty, depth - 1)]),
                3 => {
                    let op = rng.pick(&["=", "!=", "<", "<=", ">", ">="]);
                    binary(op, 3, generate(rng, Type::Date, depth - 1), generate(rng, Type::Date, depth - 1))
                }
                _ => {
                    let op = rng.pick(&["=", "!=", "<", "<=", ">", ">="]);
                    let right = if rng.below(2) == 0 { Type::Integer } else { Type::Decimal };
                    binary(op, 3, generate(rng, Type::Integer, depth - 1), generate(rng, right, depth - 1))
                }
            },
            _ => atom("${name}"),
        }
    }

    impl Printed {
        /// Leaves that are comparisons must be parenthesised like comparisons.
        fn with_level(mut self, level: u8) -> Printed {
            if self.min.contains(" = ") {
                self.level = level;
                self.full = format!("({})", self.full);
            }
            self
        }
    }

    fn random_env(rng: &mut Rng) -> TestEnv {
        let mut e = env(&[]);
        let mut maybe = |rng: &mut Rng, name: &str, value: Value| {
            if rng.below(5) != 0 {
                e.values.insert(name.to_string(), value);
            }
        };
        for name in ["a", "b", "x", "age"] {
            let n = match rng.below(4) {
                0 => rng.step() as i64,
                _ => rng.below(40) as i64 - 10,
            };
            maybe(rng, name, Value::Integer(n));
        }
        let weight = (rng.below(20000) as f64) / 100.0;
        maybe(rng, "weight", Value::Decimal(weight));
        let consent = rng.below(2) == 0;
        maybe(rng, "consent", Value::Bool(consent));
        let start = day("2020-01-01") + chrono::Days::new(rng.below(2000) as u64);
        maybe(rng, "start", Value::Date(start));
        let end = day("2020-01-01") + chrono::Days::new(rng.below(2000) as u64);
        maybe(rng, "end", Value::Date(end));
        let picked: Vec<String> = NEEDS.iter().filter(|_| rng.below(2) == 0).map(|s| s.to_string()).collect();
        maybe(rng, "needs", Value::Choices(picked));
        let marital = rng.pick(&["single", "married", "widowed"]);
        maybe(rng, "marital", text(marital));
        let family = rng.below(5);
        maybe(rng, "family", Value::Count(family));
        e.current = Value::Integer(rng.below(200) as i64);
        e
    }

    fn assert_span_is_sound(src: &str, e: &ConditionError) {
        assert!(e.span.start <= e.span.end && e.span.end <= src.len(), "{src:?}: {e:?}");
        assert!(src.is_char_boundary(e.span.start) && src.is_char_boundary(e.span.end), "{src:?}: {e:?}");
        assert!(!e.message.to_string().is_empty());
    }

    /// Compiles `src` in every context; checks error spans, and evaluates what compiles.
    fn compile_everywhere(src: &str, rng: &mut Rng) {
        let contexts = [
            (None, None),
            (Some(FieldInfo::new(Type::Integer)), Some(Type::Bool)),
            (Some(FieldInfo::with_choices(Type::Choice, ["yes", "no"])), Some(Type::Decimal)),
            (Some(FieldInfo::new(Type::Text)), Some(Type::Text)),
        ];
        for (current, expect) in contexts {
            match compile_with(src, current, expect) {
                Ok(expr) => {
                    let value = expr.eval(&random_env(rng));
                    if let Some(want) = expect {
                        let fits = match (want, &value) {
                            (_, Value::Null) => true,
                            (Type::Bool, Value::Bool(_)) => true,
                            (Type::Decimal, Value::Decimal(x)) => x.is_finite(),
                            (Type::Text, Value::Text(s)) => !s.is_empty(),
                            _ => false,
                        };
                        assert!(fits, "{src:?} gave {value:?} where {want:?} was expected");
                    }
                }
                Err(e) => assert_span_is_sound(src, &e),
            }
        }
    }

    const VOCABULARY: [&str; 48] = [
        "${a}",
        "${x}",
        "${name}",
        "${needs}",
        "${family}",
        "${start}",
        "${consent}",
        "${marital}",
        "${nope}",
        ".",
        "1",
        "2.5",
        "0",
        "'yes'",
        "''",
        "'housing'",
        "(",
        ")",
        ",",
        "and",
        "or",
        "div",
        "mod",
        "not",
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "selected(",
        "count(",
        "count-selected(",
        "if(",
        "coalesce(",
        "date('2024-02-29')",
        "date(",
        "today()",
        "age(",
        "int(",
        "round(",
        "min(",
        "true",
        "false()",
        "empty(",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_text_never_panics(src in any::<String>(), seed in any::<u64>()) {
            compile_everywhere(&src, &mut Rng(seed | 1));
        }

        #[test]
        fn token_soup_never_panics(picks in proptest::collection::vec((0..VOCABULARY.len(), any::<bool>()), 0..30), seed in any::<u64>()) {
            let mut src = String::new();
            for (i, space) in picks {
                src.push_str(VOCABULARY[i]);
                if space {
                    src.push(' ');
                }
            }
            compile_everywhere(&src, &mut Rng(seed | 1));
        }

        #[test]
        fn minimal_parentheses_mean_the_same_as_full_ones(seed in any::<u64>()) {
            let mut rng = Rng(seed | 1);
            let ty = [Type::Bool, Type::Integer, Type::Decimal, Type::Date][rng.below(4)];
            let printed = generate(&mut rng, ty, 5);
            let full = compile_with(&printed.full, None, Some(ty));
            let min = compile_with(&printed.min, None, Some(ty));
            let (full, min) = match (full, min) {
                (Ok(f), Ok(m)) => (f, m),
                (f, m) => panic!("{}\n{}\n{f:?}\n{m:?}", printed.full, printed.min),
            };
            prop_assert_eq!(full.fields(), min.fields());
            for _ in 0..4 {
                let e = random_env(&mut rng);
                prop_assert_eq!(full.eval(&e), min.eval(&e), "{}\n{}", printed.full, printed.min);
            }
        }
    }
}

/// Every kind of mistake is said in French and Arabic too, not in English: the message of
/// each bad expression below differs from its English text in French and holds Arabic
/// letters in Arabic. The English texts are the ones asserted above.
#[test]
fn every_mistake_is_said_in_french_and_arabic() {
    use crate::i18n::Lang;
    let bad = [
        "${a} == 1",
        "${a} =< 1",
        "${a} => 1",
        "!${consent}",
        "${a} <> 1",
        "${a} / 2",
        "${a} % 2",
        "${consent} && ${employed}",
        "${consent} || ${employed}",
        "${name} = ‘x’",
        "${a} # 1",
        "99999999999999999999 > 1",
        "'open",
        "$a",
        "${1a}",
        "${",
        "${name",
        "",
        ")",
        "${a} AND ${b}",
        "${a} ${b}",
        "1 < 2 < 3",
        "${a} +",
        "(1",
        "and",
        "count",
        "NOT",
        "hello",
        "if(${consent}, 1",
        "${a}",
        ".",
        "-${name}",
        "${chlidren} > 0",
        "${marital} = 'maried'",
        "${marital} = 'zzz'",
        "${consent} and 1",
        "${name} * 2",
        "${start} = '2024-01-01'",
        "${consent} = 'maybe'",
        "${name} > 1",
        "${start} > 1",
        "${name} + 1",
        "${start} + ${end}",
        "${start} + 1.5",
        "1 - ${start}",
        "selectd(${needs}, 'x')",
        "today(1) > ${start}",
        "if()",
        "date(${name})",
        "date('2024-02-30')",
        "min(${start}, 1) > 0",
        "count(${needs})",
        "count-selected(${family})",
        "count-selected(${status})",
        "age(${name}) > 1",
        "round(1, 1.5) > 0",
        "if(${consent}, 1, 'x') = 1",
        "coalesce(1, 'x') = 1",
        "${needs} = 'x'",
        "${family} > 0",
        "1 + (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))",
    ];
    let mut keys = std::collections::HashSet::new();
    for src in bad {
        for (current, expect) in [(None, Some(Type::Bool)), (None, Some(Type::Integer))] {
            let Err(e) = compile_with(src, current, expect) else { continue };
            keys.insert(e.message.key());
            let (en, fr, ar) = (e.message.text(Lang::En), e.message.text(Lang::Fr), e.message.text(Lang::Ar));
            assert_ne!(fr, en, "{src:?} is said in English under French");
            assert!(ar.contains(|c| ('\u{0621}'..='\u{064A}').contains(&c)), "{src:?}: {ar}");
        }
    }
    assert!(keys.len() >= 50, "only {} kinds of message reached: {keys:?}", keys.len());
}
