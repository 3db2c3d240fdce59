//! Digits as interviewers type them: Arabic-Indic (U+0660..U+0669) and Extended Arabic-Indic
//! (U+06F0..U+06F9) digits are accepted wherever ASCII digits are, and stored values use ASCII.

/// The ASCII digit for any of the three digit sets, else `None`.
pub fn ascii_digit(c: char) -> Option<char> {
    let value = match c {
        '0'..='9' => return Some(c),
        '\u{660}'..='\u{669}' => u32::from(c) - 0x660,
        '\u{6F0}'..='\u{6F9}' => u32::from(c) - 0x6F0,
        _ => return None,
    };
    char::from_digit(value, 10)
}

/// `s` with Arabic-Indic and Extended Arabic-Indic digits replaced by ASCII ones; nothing else
/// changes.
pub fn normalize_digits(s: &str) -> String {
    s.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect()
}

/// Integer from digits of any of the three sets, with an optional leading `-` or `+`, ignoring
/// surrounding whitespace; `None` for anything else or on overflow.
pub fn parse_int(s: &str) -> Option<i64> {
    let s = normalize_digits(s.trim());
    let digits = s.strip_prefix(['-', '+']).unwrap_or(&s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `(day, month, year)` from `dd/mm/yyyy` in any digit set (one or two digits for day and
/// month, four for the year; `-` or `.` may replace both `/`), checked against the calendar
/// (leap years included); `None` when it is not a real date.
pub fn parse_date_dmy(s: &str) -> Option<(u8, u8, u16)> {
    let s = normalize_digits(s.trim());
    let sep = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = s.split(sep);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let all_digits =
        |p: &str, len: std::ops::RangeInclusive<usize>| len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !all_digits(d, 1..=2) || !all_digits(m, 1..=2) || !all_digits(y, 4..=4) {
        return None;
    }
    let (d, m, y): (u8, u8, u16) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((d, m, y))
}
