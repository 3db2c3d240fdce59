//! Recursive-descent parser from tokens to a syntax tree that keeps every node's byte span, so
//! the checker can point at the exact operand it objects to.

use std::ops::Range;

use super::lex::{Tok, Token};
use super::words::position;
use super::{ConditionError, MAX_DEPTH};
use crate::form::problem::Problem;
use crate::i18n::T;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl BinOp {
    /// The operator as written.
    pub(super) fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "div",
            BinOp::Mod => "mod",
        }
    }

    fn comparison(tok: &Tok) -> Option<BinOp> {
        Some(match tok {
            Tok::Eq => BinOp::Eq,
            Tok::Ne => BinOp::Ne,
            Tok::Lt => BinOp::Lt,
            Tok::Le => BinOp::Le,
            Tok::Gt => BinOp::Gt,
            Tok::Ge => BinOp::Ge,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum AstKind {
    Int(i64),
    Dec(f64),
    Str(String),
    Bool(bool),
    Field(String),
    /// `.`, the answer of the field being checked.
    Current,
    Neg(Box<Ast>),
    Bin {
        op: BinOp,
        op_span: Range<usize>,
        left: Box<Ast>,
        right: Box<Ast>,
    },
    Call {
        name: String,
        name_span: Range<usize>,
        args: Vec<Ast>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Ast {
    pub(super) kind: AstKind,
    /// Byte range in the source, including any parentheses written around the node.
    pub(super) span: Range<usize>,
    /// Height of the tree below and including this node.
    pub(super) depth: usize,
}

const KEYWORDS: [&str; 6] = ["and", "or", "div", "mod", "true", "false"];

/// The syntax tree of `src`, whose tokens are `tokens`.
pub(super) fn parse(src: &str, tokens: &[Token]) -> Result<Ast, ConditionError> {
    if tokens.is_empty() {
        return Err(ConditionError::new(0..src.len(), Problem::new(T::FcEmpty)));
    }
    let mut parser = Parser { src, tokens, at: 0, nesting: 0 };
    let ast = parser.or()?;
    if let Some(token) = parser.peek() {
        let message = match token.tok {
            Tok::RParen => Problem::new(T::FcStrayParen),
            Tok::Word(ref w) if KEYWORDS.contains(&w.to_lowercase().as_str()) => {
                Problem::new(T::FcLowercase).with("lower", w.to_lowercase()).with("word", w)
            }
            _ => Problem::new(T::FcMissingOperator).with("token", token.tok.describe(src, &token.span)),
        };
        return Err(ConditionError::new(token.span.clone(), message));
    }
    Ok(ast)
}

struct Parser<'a> {
    src: &'a str,
    tokens: &'a [Token],
    at: usize,
    /// How many parentheses, calls and unary minuses enclose the current position.
    nesting: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_is(&self, tok: &Tok) -> bool {
        self.peek().is_some_and(|t| t.tok == *tok)
    }

    fn peek_word(&self, word: &str) -> bool {
        self.peek().is_some_and(|t| matches!(&t.tok, Tok::Word(w) if w == word))
    }

    fn end(&self) -> Range<usize> {
        self.src.len()..self.src.len()
    }

    fn too_deep(&self, span: Range<usize>) -> ConditionError {
        ConditionError::new(span, Problem::new(T::FcNestedTooDeeply).with("max", MAX_DEPTH))
    }

    fn enter(&mut self, span: &Range<usize>) -> Result<(), ConditionError> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH { Err(self.too_deep(span.clone())) } else { Ok(()) }
    }

    /// A node above children whose tallest is `below` high; refused past [`MAX_DEPTH`], with
    /// the error at `blame`.
    fn node(
        &self,
        kind: AstKind,
        span: Range<usize>,
        below: usize,
        blame: Range<usize>,
    ) -> Result<Ast, ConditionError> {
        let depth = below + 1;
        if depth > MAX_DEPTH {
            return Err(self.too_deep(blame));
        }
        Ok(Ast { kind, span, depth })
    }

    fn binary(&self, op: BinOp, op_span: Range<usize>, left: Ast, right: Ast) -> Result<Ast, ConditionError> {
        let span = left.span.start..right.span.end;
        let below = left.depth.max(right.depth);
        let kind = AstKind::Bin { op, op_span: op_span.clone(), left: Box::new(left), right: Box::new(right) };
        self.node(kind, span, below, op_span)
    }

    /// Consumes the next token if it is the word `word`, returning its span.
    fn take_word(&mut self, word: &str) -> Option<Range<usize>> {
        let span = self.peek().filter(|_| self.peek_word(word))?.span.clone();
        self.at += 1;
        Some(span)
    }

    fn or(&mut self) -> Result<Ast, ConditionError> {
        let mut terms = vec![self.and()?];
        let mut ops = Vec::new();
        while let Some(op_span) = self.take_word("or") {
            ops.push(op_span);
            terms.push(self.and()?);
        }
        self.chain(BinOp::Or, terms, ops)
    }

    fn and(&mut self) -> Result<Ast, ConditionError> {
        let mut terms = vec![self.comparison()?];
        let mut ops = Vec::new();
        while let Some(op_span) = self.take_word("and") {
            ops.push(op_span);
            terms.push(self.comparison()?);
        }
        self.chain(BinOp::And, terms, ops)
    }

    /// A flat chain `a or b or c …` (or `and`) as a balanced tree: `and` and `or` are
    /// associative, so the grouping changes no result, and the tree's height grows with the
    /// logarithm of the chain's length. A chain of a hundred alternatives is not "nested" and
    /// must not be refused as too deep; real nesting (parentheses, calls, minus signs, other
    /// operators) still counts towards [`MAX_DEPTH`]. `ops[i]` is the operator between
    /// `terms[i]` and `terms[i + 1]`.
    fn chain(&self, op: BinOp, terms: Vec<Ast>, ops: Vec<Range<usize>>) -> Result<Ast, ConditionError> {
        let mut terms: Vec<Option<Ast>> = terms.into_iter().map(Some).collect();
        self.balanced(op, &mut terms, &ops, 0)
    }

    fn balanced(
        &self,
        op: BinOp,
        terms: &mut [Option<Ast>],
        ops: &[Range<usize>],
        first: usize,
    ) -> Result<Ast, ConditionError> {
        if let [only] = terms {
            return only.take().ok_or_else(|| ConditionError::new(self.end(), Problem::new(T::FcEmpty)));
        }
        // The left half takes the odd term: three terms group as `(a or b) or c`, as a
        // left-to-right reading does.
        let mid = terms.len().div_ceil(2);
        let (left, right) = terms.split_at_mut(mid);
        let left = self.balanced(op, left, ops, first)?;
        let right = self.balanced(op, right, ops, first + mid)?;
        let op_span = ops.get(first + mid - 1).cloned().unwrap_or(left.span.end..right.span.start);
        self.binary(op, op_span, left, right)
    }

    fn comparison(&mut self) -> Result<Ast, ConditionError> {
        let left = self.sum()?;
        let Some((op, op_span)) = self.peek().and_then(|t| Some((BinOp::comparison(&t.tok)?, t.span.clone()))) else {
            return Ok(left);
        };
        self.at += 1;
        let right = self.sum()?;
        if let Some(second) = self.peek().filter(|t| BinOp::comparison(&t.tok).is_some()) {
            return Err(ConditionError::new(second.span.clone(), Problem::new(T::FcChained)));
        }
        self.binary(op, op_span, left, right)
    }

    fn sum(&mut self) -> Result<Ast, ConditionError> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek().map(|t| &t.tok) {
                Some(Tok::Plus) => BinOp::Add,
                Some(Tok::Minus) => BinOp::Sub,
                _ => return Ok(left),
            };
            let op_span = self.tokens[self.at].span.clone();
            self.at += 1;
            let right = self.product()?;
            left = self.binary(op, op_span, left, right)?;
        }
    }

    fn product(&mut self) -> Result<Ast, ConditionError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek().map(|t| &t.tok) {
                Some(Tok::Star) => BinOp::Mul,
                Some(Tok::Word(w)) if w == "div" => BinOp::Div,
                Some(Tok::Word(w)) if w == "mod" => BinOp::Mod,
                _ => return Ok(left),
            };
            let op_span = self.tokens[self.at].span.clone();
            self.at += 1;
            let right = self.unary()?;
            left = self.binary(op, op_span, left, right)?;
        }
    }

    fn unary(&mut self) -> Result<Ast, ConditionError> {
        let Some(minus) = self.peek().filter(|t| t.tok == Tok::Minus).map(|t| t.span.clone()) else {
            return self.primary();
        };
        self.at += 1;
        self.enter(&minus)?;
        let operand = self.unary()?;
        self.nesting -= 1;
        let span = minus.start..operand.span.end;
        let below = operand.depth;
        self.node(AstKind::Neg(Box::new(operand)), span, below, minus)
    }

    fn primary(&mut self) -> Result<Ast, ConditionError> {
        let Some(token) = self.peek().cloned() else {
            let message = match self.at.checked_sub(1).and_then(|i| self.tokens.get(i)) {
                Some(last) => Problem::new(T::FcValueAfter).with("token", last.tok.describe(self.src, &last.span)),
                None => Problem::new(T::FcEmpty),
            };
            return Err(ConditionError::new(self.end(), message));
        };
        let span = token.span.clone();
        let leaf = match token.tok {
            Tok::Int(n) => AstKind::Int(n),
            Tok::Dec(x) => AstKind::Dec(x),
            Tok::Str(s) => AstKind::Str(s),
            Tok::Field(name) => AstKind::Field(name),
            Tok::Dot => AstKind::Current,
            Tok::LParen => return self.parenthesised(span),
            Tok::Word(word) => return self.word(word, span),
            other => {
                let message = Problem::new(T::FcValueBefore).with("token", other.describe(self.src, &span));
                return Err(ConditionError::new(span.clone(), message));
            }
        };
        self.at += 1;
        self.node(leaf, span.clone(), 0, span)
    }

    fn parenthesised(&mut self, open: Range<usize>) -> Result<Ast, ConditionError> {
        self.at += 1;
        self.enter(&open)?;
        let mut inner = self.or()?;
        self.nesting -= 1;
        match self.peek() {
            Some(t) if t.tok == Tok::RParen => {
                inner.span = open.start..t.span.end;
                self.at += 1;
                Ok(inner)
            }
            found => {
                let span = found.map_or(self.end(), |t| t.span.clone());
                let message = Problem::new(T::FcParenClose).words("position", position(self.src, open.start));
                Err(ConditionError::new(span, message))
            }
        }
    }

    fn word(&mut self, word: String, span: Range<usize>) -> Result<Ast, ConditionError> {
        self.at += 1;
        if self.peek_is(&Tok::LParen) {
            return self.call(word, span);
        }
        let lower = word.to_lowercase();
        let message = match word.as_str() {
            "true" => return self.node(AstKind::Bool(true), span.clone(), 0, span),
            "false" => return self.node(AstKind::Bool(false), span.clone(), 0, span),
            "and" | "or" | "div" | "mod" => Problem::new(T::FcValueBefore).with("token", format!("'{word}'")),
            _ if super::check::is_function(&word) => Problem::new(T::FcIsFunction).with("word", &word),
            _ if KEYWORDS.contains(&lower.as_str()) || lower == "not" => {
                Problem::new(T::FcLowercase).with("lower", &lower).with("word", &word)
            }
            _ => Problem::new(T::FcUnexpectedWord).with("word", &word).with("field", format!("${{{word}}}")),
        };
        Err(ConditionError::new(span, message))
    }

    fn call(&mut self, name: String, name_span: Range<usize>) -> Result<Ast, ConditionError> {
        let open = self.tokens[self.at].span.clone();
        self.at += 1;
        self.enter(&open)?;
        let mut args = Vec::new();
        if let Some(close) = self.peek().filter(|t| t.tok == Tok::RParen).map(|t| t.span.clone()) {
            self.at += 1;
            self.nesting -= 1;
            let span = name_span.start..close.end;
            return self.node(AstKind::Call { name, name_span: name_span.clone(), args }, span, 0, name_span);
        }
        loop {
            args.push(self.or()?);
            match self.peek() {
                Some(t) if t.tok == Tok::Comma => self.at += 1,
                Some(t) if t.tok == Tok::RParen => {
                    let span = name_span.start..t.span.end;
                    self.at += 1;
                    self.nesting -= 1;
                    let below = args.iter().map(|a| a.depth).max().unwrap_or(0);
                    return self.node(
                        AstKind::Call { name, name_span: name_span.clone(), args },
                        span,
                        below,
                        name_span,
                    );
                }
                found => {
                    let span = found.map_or(self.end(), |t| t.span.clone());
                    let message = Problem::new(T::FcCallClose)
                        .with("name", &name)
                        .words("position", position(self.src, name_span.start));
                    return Err(ConditionError::new(span, message));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::lex;
    use super::*;

    fn ast(src: &str) -> Ast {
        parse(src, &lex(src).unwrap()).unwrap()
    }

    fn err(src: &str) -> (Range<usize>, String) {
        let e = parse(src, &lex(src).unwrap()).unwrap_err();
        (e.span, e.message.to_string())
    }

    /// Fully parenthesised rendering, to assert precedence and associativity.
    fn shape(a: &Ast) -> String {
        match &a.kind {
            AstKind::Int(n) => n.to_string(),
            AstKind::Dec(x) => format!("{x:?}"),
            AstKind::Str(s) => format!("'{s}'"),
            AstKind::Bool(b) => b.to_string(),
            AstKind::Field(f) => format!("${{{f}}}"),
            AstKind::Current => ".".to_string(),
            AstKind::Neg(x) => format!("(-{})", shape(x)),
            AstKind::Bin { op, left, right, .. } => format!("({} {} {})", shape(left), op.symbol(), shape(right)),
            AstKind::Call { name, args, .. } => {
                format!("{name}({})", args.iter().map(shape).collect::<Vec<_>>().join(", "))
            }
        }
    }

    fn p(src: &str) -> String {
        shape(&ast(src))
    }

    #[test]
    fn precedence() {
        assert_eq!(p("1 + 2 * 3"), "(1 + (2 * 3))");
        assert_eq!(p("1 * 2 + 3"), "((1 * 2) + 3)");
        assert_eq!(p("${a} or ${b} and ${c}"), "(${a} or (${b} and ${c}))");
        assert_eq!(p("${a} and ${b} or ${c}"), "((${a} and ${b}) or ${c})");
        assert_eq!(p("${a} + 1 > ${b} * 2 and ${c} = 'x'"), "(((${a} + 1) > (${b} * 2)) and (${c} = 'x'))");
        assert_eq!(p("-2 * 3"), "((-2) * 3)");
        assert_eq!(p("- -2"), "(-(-2))");
        assert_eq!(p("-${a} + 1"), "((-${a}) + 1)");
        assert_eq!(p("${income} * 12 div 1000"), "((${income} * 12) div 1000)");
        assert_eq!(p("7 mod 3 * 2"), "((7 mod 3) * 2)");
        assert_eq!(p("(1 + 2) * 3"), "((1 + 2) * 3)");
        assert_eq!(p("not(${a}) and ${b}"), "(not(${a}) and ${b})");
        assert_eq!(p(". >= 0 and . <= 120"), "((. >= 0) and (. <= 120))");
    }

    #[test]
    fn associativity() {
        assert_eq!(p("1 - 2 - 3"), "((1 - 2) - 3)");
        assert_eq!(p("8 div 4 div 2"), "((8 div 4) div 2)");
        assert_eq!(p("${a} or ${b} or ${c}"), "((${a} or ${b}) or ${c})");
        assert_eq!(p("${a} and ${b} and ${c}"), "((${a} and ${b}) and ${c})");
    }

    #[test]
    fn every_operator() {
        for (src, op) in [
            ("1 = 2", BinOp::Eq),
            ("1 != 2", BinOp::Ne),
            ("1 < 2", BinOp::Lt),
            ("1 <= 2", BinOp::Le),
            ("1 > 2", BinOp::Gt),
            ("1 >= 2", BinOp::Ge),
            ("1 + 2", BinOp::Add),
            ("1 - 2", BinOp::Sub),
            ("1 * 2", BinOp::Mul),
            ("1 div 2", BinOp::Div),
            ("1 mod 2", BinOp::Mod),
            ("true and false", BinOp::And),
            ("true or false", BinOp::Or),
        ] {
            match ast(src).kind {
                AstKind::Bin { op: found, op_span, .. } => {
                    assert_eq!(found, op, "{src}");
                    assert_eq!(&src[op_span], op.symbol(), "{src}");
                }
                other => panic!("{src}: {other:?}"),
            }
        }
    }

    #[test]
    fn leaves_and_calls() {
        assert_eq!(p("true"), "true");
        assert_eq!(p("false()"), "false()");
        assert_eq!(p("today()"), "today()");
        assert_eq!(p("if(${x} > 3, 'high', 'low')"), "if((${x} > 3), 'high', 'low')");
        assert_eq!(p("count-selected(${needs}) <= 3"), "(count-selected(${needs}) <= 3)");
        assert_eq!(p("  ${a}\n=\t1 "), "(${a} = 1)");
        assert_eq!(p("\"it's\" = 'it''s'"), "('it's' = 'it's')");
    }

    #[test]
    fn spans() {
        let a = ast("(${a} + 1) * 2");
        assert_eq!(a.span, 0..14);
        let AstKind::Bin { left, right, op_span, .. } = a.kind else { panic!() };
        assert_eq!(left.span, 0..10);
        assert_eq!(right.span, 13..14);
        assert_eq!(op_span, 11..12);
        let call = ast("1 + selected(${a}, 'b')");
        let AstKind::Bin { right, .. } = call.kind else { panic!() };
        assert_eq!(right.span, 4..23);
        let AstKind::Call { name_span, args, .. } = right.kind else { panic!() };
        assert_eq!(name_span, 4..12);
        assert_eq!(args[1].span, 19..22);
    }

    #[test]
    fn errors() {
        assert_eq!(err(""), (0..0, "the expression is empty".to_string()));
        assert_eq!(err("   "), (0..3, "the expression is empty".to_string()));
        assert_eq!(err("${a} >"), (6..6, "expected a value after '>'".to_string()));
        assert_eq!(err("(${a} > 1"), (9..9, "expected ')' to close '(' opened at column 1".to_string()));
        assert_eq!(err("1 + (2 * 3 4"), (11..12, "expected ')' to close '(' opened at column 5".to_string()));
        assert_eq!(
            err("${a} < ${b} < ${c}"),
            (
                12..13,
                "comparisons cannot be chained: join them with 'and', as in ${a} < ${b} and ${b} < ${c}".to_string()
            )
        );
        assert_eq!(err("1 = 2 = 3").0, 6..7);
        assert_eq!(
            err("${a} ${b}"),
            (5..9, "unexpected ${b}: an operator such as 'and', '=' or '+' is missing before it".to_string())
        );
        assert_eq!(err("${a})"), (4..5, "this ')' has no '(' to close".to_string()));
        assert_eq!(err("> 3"), (0..1, "expected a value before '>'".to_string()));
        assert_eq!(err("and ${a}"), (0..3, "expected a value before 'and'".to_string()));
        assert_eq!(err("${a} and or ${b}"), (9..11, "expected a value before 'or'".to_string()));
        assert_eq!(err("f(1,)"), (4..5, "expected a value before ')'".to_string()));
        assert_eq!(err("f(,1)"), (2..3, "expected a value before ','".to_string()));
        assert_eq!(
            err("selected(${a} 'b')"),
            (14..17, "expected ',' or ')' to close 'selected(' opened at column 1".to_string())
        );
        assert_eq!(err("f(1"), (3..3, "expected ',' or ')' to close 'f(' opened at column 1".to_string()));
        assert_eq!(err("not ${a}"), (0..3, "'not' is a function: write not(...)".to_string()));
        assert_eq!(err("today - 3"), (0..5, "'today' is a function: write today(...)".to_string()));
        assert_eq!(err("${a} AND ${b}"), (5..8, "write 'and' in lowercase, not 'AND'".to_string()));
        assert_eq!(err("TRUE").1, "write 'true' in lowercase, not 'TRUE'");
        assert_eq!(
            err("selected(${a}, housing)"),
            (
                15..22,
                "unexpected word 'housing': write text in quotes ('housing') and fields as ${housing}".to_string()
            )
        );
        assert_eq!(err("${a} = 1 +"), (10..10, "expected a value after '+'".to_string()));
        assert_eq!(
            err("'a' = 'b' 'c'").1,
            "unexpected 'c': an operator such as 'and', '=' or '+' is missing before it"
        );
    }

    #[test]
    fn multi_line_positions() {
        assert_eq!(err("${a} = 1 and\n  (${b} = 2").1, "expected ')' to close '(' opened at line 2, column 3");
    }

    #[test]
    fn a_flat_chain_of_and_or_is_not_nesting() {
        let terms: Vec<String> = (0..1000).map(|i| format!("${{a}} = {i}")).collect();
        let or = terms.join(" or ");
        let ast = parse(&or, &lex(&or).unwrap()).unwrap_or_else(|e| panic!("{e}"));
        assert!(ast.depth <= 12, "a balanced tree: {}", ast.depth);
        let and = terms.join(" and ");
        assert!(parse(&and, &lex(&and).unwrap()).is_ok());
        // Each operator keeps its own span, so messages still point at the right one.
        let AstKind::Bin { op_span, left, .. } = &parse("1 or 2 or 3", &lex("1 or 2 or 3").unwrap()).unwrap().kind
        else {
            panic!()
        };
        assert_eq!(*op_span, 7..9);
        assert!(matches!(&left.kind, AstKind::Bin { op_span, .. } if *op_span == (2..4)));
        // Real nesting is still limited, inside a chain too.
        let nested = format!("1 or {}1{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
        assert!(err(&nested).1.contains("too deeply"));
    }

    #[test]
    fn depth_limit() {
        let deep = format!("{}1{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
        assert_eq!(err(&deep).1, format!("the expression is nested too deeply (at most {MAX_DEPTH} levels)"));
        let fine = format!("{}1{}", "(".repeat(MAX_DEPTH - 1), ")".repeat(MAX_DEPTH - 1));
        assert_eq!(p(&fine), "1");
        let long = vec!["1"; MAX_DEPTH + 2].join(" + ");
        assert!(err(&long).1.contains("too deeply"));
        let ok = vec!["1"; MAX_DEPTH - 1].join(" + ");
        assert!(parse(&ok, &lex(&ok).unwrap()).is_ok());
        let minus = format!("{}1", "-".repeat(10_000));
        assert!(err(&minus).1.contains("too deeply"));
        let calls = format!("{}1{}", "f(".repeat(10_000), ")".repeat(10_000));
        assert!(err(&calls).1.contains("too deeply"));
    }
}
