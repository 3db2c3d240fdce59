//! Cuts an expression into tokens, recognising the mistakes people bring from other languages
//! (`==`, `&&`, `/`, curly quotes) so they get a precise hint rather than a generic error.

use std::ops::Range;

use super::ConditionError;
use super::words::position;
use crate::form::problem::Problem;
use crate::i18n::T;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Int(i64),
    Dec(f64),
    /// Text between quotes, with doubled quotes already undoubled.
    Str(String),
    /// `${name}`, holding the name.
    Field(String),
    /// A keyword or a function name.
    Word(String),
    Dot,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    LParen,
    RParen,
    Comma,
}

impl Tok {
    /// How the token is named in "expected … before …" messages.
    pub(super) fn describe(&self, src: &str, span: &Range<usize>) -> String {
        match self {
            Tok::Word(w) => format!("'{w}'"),
            _ => {
                let text = src.get(span.clone()).unwrap_or("");
                if matches!(self, Tok::Str(_) | Tok::Field(_)) { text.to_string() } else { format!("'{text}'") }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) span: Range<usize>,
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The tokens of `src`, or the first character that cannot start or continue one.
pub(super) fn lex(src: &str) -> Result<Vec<Token>, ConditionError> {
    let mut lexer = Lexer { src, chars: src.char_indices().collect(), at: 0, tokens: Vec::new() };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    src: &'a str,
    chars: Vec<(usize, char)>,
    /// Index into `chars` of the next character.
    at: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).map(|&(_, c)| c)
    }

    /// Byte offset of the character `ahead` places on, or the end of the source.
    fn offset(&self, ahead: usize) -> usize {
        self.chars.get(self.at + ahead).map_or(self.src.len(), |&(i, _)| i)
    }

    fn push(&mut self, tok: Tok, len_chars: usize) {
        let start = self.offset(0);
        let end = self.offset(len_chars);
        self.tokens.push(Token { tok, span: start..end });
        self.at += len_chars;
    }

    fn error(&self, len_chars: usize, message: T) -> ConditionError {
        self.problem(len_chars, Problem::new(message))
    }

    fn problem(&self, len_chars: usize, message: Problem) -> ConditionError {
        ConditionError::new(self.offset(0)..self.offset(len_chars), message)
    }

    fn run(&mut self) -> Result<(), ConditionError> {
        while let Some(c) = self.peek(0) {
            let next = self.peek(1);
            match c {
                c if c.is_whitespace() => self.at += 1,
                '0'..='9' => self.number()?,
                '.' if next.is_some_and(|n| n.is_ascii_digit()) => self.number()?,
                '.' => self.push(Tok::Dot, 1),
                '\'' | '"' => self.text(c)?,
                '$' => self.field()?,
                c if is_name_start(c) => self.word(),
                '=' => match next {
                    Some('=') => return Err(self.error(2, T::FcDoubleEquals)),
                    Some('<') => return Err(self.error(2, T::FcAtMost)),
                    Some('>') => return Err(self.error(2, T::FcAtLeast)),
                    _ => self.push(Tok::Eq, 1),
                },
                '!' if next == Some('=') => self.push(Tok::Ne, 2),
                '!' => return Err(self.error(1, T::FcBang)),
                '<' => match next {
                    Some('=') => self.push(Tok::Le, 2),
                    Some('>') => return Err(self.error(2, T::FcNotEqual)),
                    _ => self.push(Tok::Lt, 1),
                },
                '>' if next == Some('=') => self.push(Tok::Ge, 2),
                '>' => self.push(Tok::Gt, 1),
                '+' => self.push(Tok::Plus, 1),
                '-' => self.push(Tok::Minus, 1),
                '*' => self.push(Tok::Star, 1),
                '(' => self.push(Tok::LParen, 1),
                ')' => self.push(Tok::RParen, 1),
                ',' => self.push(Tok::Comma, 1),
                '/' => return Err(self.error(1, T::FcSlash)),
                '%' => return Err(self.error(1, T::FcPercent)),
                '&' => {
                    let len = if next == Some('&') { 2 } else { 1 };
                    return Err(self.error(len, T::FcAmp));
                }
                '|' => {
                    let len = if next == Some('|') { 2 } else { 1 };
                    return Err(self.error(len, T::FcPipe));
                }
                '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => {
                    return Err(self.problem(1, Problem::new(T::FcCurlyQuote).with("quote", c)));
                }
                other => return Err(self.problem(1, Problem::new(T::FcUnexpectedChar).with("char", other))),
            }
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), ConditionError> {
        let mut len = 0;
        while self.peek(len).is_some_and(|c| c.is_ascii_digit()) {
            len += 1;
        }
        let mut decimal = false;
        if self.peek(len) == Some('.') {
            decimal = true;
            len += 1;
            while self.peek(len).is_some_and(|c| c.is_ascii_digit()) {
                len += 1;
            }
        }
        let text = &self.src[self.offset(0)..self.offset(len)];
        let tok = if decimal {
            match text.parse::<f64>() {
                Ok(value) if value.is_finite() => Tok::Dec(value),
                _ => return Err(self.problem(len, Problem::new(T::FcNumberTooLarge).with("number", text))),
            }
        } else {
            match text.parse::<i64>() {
                Ok(value) => Tok::Int(value),
                Err(_) => {
                    let message = Problem::new(T::FcIntegerTooLarge).with("number", text).with("max", i64::MAX);
                    return Err(self.problem(len, message));
                }
            }
        };
        self.push(tok, len);
        Ok(())
    }

    fn text(&mut self, quote: char) -> Result<(), ConditionError> {
        let mut value = String::new();
        let mut len = 1;
        loop {
            match self.peek(len) {
                None => {
                    let message = Problem::new(T::FcUnclosedText)
                        .with("quote", quote)
                        .words("position", position(self.src, self.offset(0)));
                    return Err(self.problem(len, message));
                }
                Some(c) if c == quote => {
                    if self.peek(len + 1) == Some(quote) {
                        value.push(quote);
                        len += 2;
                    } else {
                        len += 1;
                        break;
                    }
                }
                Some(c) => {
                    value.push(c);
                    len += 1;
                }
            }
        }
        self.push(Tok::Str(value), len);
        Ok(())
    }

    fn field(&mut self) -> Result<(), ConditionError> {
        if self.peek(1) != Some('{') {
            return Err(self.error(1, T::FcFieldBraces));
        }
        let mut len = 2;
        match self.peek(len) {
            Some(c) if is_name_start(c) => {}
            Some(c) if c.is_ascii_digit() => {
                let mut end = len;
                while self.peek(end).is_some_and(is_name_char) {
                    end += 1;
                }
                let span = self.offset(len)..self.offset(end);
                return Err(ConditionError::new(span, Problem::new(T::FcFieldStart)));
            }
            _ => {
                let span = self.offset(0)..self.offset(len);
                return Err(ConditionError::new(span, Problem::new(T::FcFieldName)));
            }
        }
        while self.peek(len).is_some_and(is_name_char) {
            len += 1;
        }
        let name = self.src[self.offset(2)..self.offset(len)].to_string();
        if self.peek(len) != Some('}') {
            let span = self.offset(len)..self.offset(len + usize::from(self.peek(len).is_some()));
            let message = Problem::new(T::FcFieldClose)
                .with("open", format!("${{{name}"))
                .words("position", position(self.src, self.offset(0)));
            return Err(ConditionError::new(span, message));
        }
        self.push(Tok::Field(name), len + 1);
        Ok(())
    }

    fn word(&mut self) {
        let mut len = 1;
        loop {
            match self.peek(len) {
                Some(c) if is_name_char(c) => len += 1,
                Some('-') if self.peek(len + 1).is_some_and(|c| c.is_ascii_alphabetic()) => len += 2,
                _ => break,
            }
        }
        let word = self.src[self.offset(0)..self.offset(len)].to_string();
        self.push(Tok::Word(word), len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn err(src: &str) -> (Range<usize>, String) {
        let e = lex(src).unwrap_err();
        (e.span, e.message.to_string())
    }

    #[test]
    fn tokens_and_spans() {
        let tokens = lex("${a} >= 3.5").unwrap();
        assert_eq!(tokens[0], Token { tok: Tok::Field("a".into()), span: 0..4 });
        assert_eq!(tokens[1], Token { tok: Tok::Ge, span: 5..7 });
        assert_eq!(tokens[2], Token { tok: Tok::Dec(3.5), span: 8..11 });
        assert_eq!(
            toks("= != < <= > >= + - * ( ) , ."),
            vec![
                Tok::Eq,
                Tok::Ne,
                Tok::Lt,
                Tok::Le,
                Tok::Gt,
                Tok::Ge,
                Tok::Plus,
                Tok::Minus,
                Tok::Star,
                Tok::LParen,
                Tok::RParen,
                Tok::Comma,
                Tok::Dot
            ]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(toks("0 42 .5 5. 007"), vec![Tok::Int(0), Tok::Int(42), Tok::Dec(0.5), Tok::Dec(5.0), Tok::Int(7)]);
        assert_eq!(toks(".>=0"), vec![Tok::Dot, Tok::Ge, Tok::Int(0)]);
        assert_eq!(toks(&i64::MAX.to_string()), vec![Tok::Int(i64::MAX)]);
        assert_eq!(err("1 + 9223372036854775808").0, 4..23);
        assert!(err("9223372036854775808").1.contains("too large"));
        let huge = format!("{}.5", "9".repeat(400));
        assert_eq!(err(&huge), (0..402, format!("the number {huge} is too large")));
    }

    #[test]
    fn texts() {
        assert_eq!(
            toks("'it''s' \"say \"\"hi\"\"\" '' \"'\""),
            vec![Tok::Str("it's".into()), Tok::Str("say \"hi\"".into()), Tok::Str(String::new()), Tok::Str("'".into())]
        );
        assert_eq!(toks("'عربي'"), vec![Tok::Str("عربي".into())]);
        assert_eq!(
            err("${a} = 'yes"),
            (7..11, "the text opened with ' at column 8 is never closed: add a closing '".to_string())
        );
    }

    #[test]
    fn words_and_fields() {
        assert_eq!(
            toks("count-selected(${a_1})"),
            vec![Tok::Word("count-selected".into()), Tok::LParen, Tok::Field("a_1".into()), Tok::RParen]
        );
        // A minus before a digit or a field is subtraction, not part of a word.
        assert_eq!(toks("x div-1"), vec![Tok::Word("x".into()), Tok::Word("div".into()), Tok::Minus, Tok::Int(1)]);
        assert_eq!(toks("${_x}"), vec![Tok::Field("_x".into())]);
    }

    #[test]
    fn field_errors() {
        assert_eq!(err("$age"), (0..1, "a field is written ${name}, with braces".to_string()));
        assert_eq!(err("${}"), (0..2, "expected a field name after '${'".to_string()));
        assert_eq!(err("${1st}"), (2..5, "a field name must start with a letter or '_'".to_string()));
        assert_eq!(
            err("1 + ${my field}"),
            (
                8..9,
                "expected '}' to close '${my' opened at column 5 (a field name has only letters, digits and '_')"
                    .to_string()
            )
        );
        assert_eq!(err("${abc").0, 5..5);
    }

    #[test]
    fn hints_for_other_languages() {
        assert_eq!(err("${a} == 1"), (5..7, "write '=' to compare, not '=='".to_string()));
        assert_eq!(err("${a} =< 1").0, 5..7);
        assert_eq!(err("${a} => 1").0, 5..7);
        assert_eq!(err("${a} <> 1"), (5..7, "write '!=' for 'not equal', not '<>'".to_string()));
        assert_eq!(err("!${a}").0, 0..1);
        assert_eq!(err("${a} && ${b}"), (5..7, "write 'and' to require both conditions".to_string()));
        assert_eq!(err("${a} || ${b}"), (5..7, "write 'or' to accept either condition".to_string()));
        assert_eq!(err("${a} / 2"), (5..6, "write 'div' to divide, as in ${total} div 2".to_string()));
        assert_eq!(err("${a} % 2").0, 5..6);
        assert_eq!(
            err("${a} = ‘yes’"),
            (7..10, "curly quote ‘: write text between straight quotes ' or \"".to_string())
        );
        assert_eq!(err("${a} # 2"), (5..6, "unexpected character '#'".to_string()));
    }
}
