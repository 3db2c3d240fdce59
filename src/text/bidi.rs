//! UAX #9 for Daftar's display lines, on top of the `unicode-bidi` crate.
//!
//! It exists so that layout and the conformance tests share one reordering path, and to add
//! what the crate leaves to its users: one direction for a whole field, ordering of units longer
//! than a character (graphemes, ligatures), rule L4 mirroring, and the display modes.

use std::{fmt, ops::Range, str::FromStr, sync::LazyLock};

use unicode_bidi::{BidiClass, BidiDataSource, BidiInfo, Direction, Level};

use super::mirror_table::MIRRORS;

/// Paragraph direction of a field; every paragraph of the field gets the same one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dir {
    /// Left to right whatever the content.
    Ltr,
    /// Right to left whatever the content.
    Rtl,
    /// From the first strong character of the whole text (skipping isolates), like HTML
    /// `dir=auto`; left to right when there is none.
    #[default]
    Auto,
}

/// Who reorders and who shapes. Terminals cannot be asked, so the user picks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BidiMode {
    /// Daftar reorders and shapes Arabic: for terminals that do neither (xterm, tmux, ...).
    #[default]
    App,
    /// Daftar reorders and mirrors, the terminal shapes (VTE).
    Reorder,
    /// The terminal receives logical text and runs its own bidi (Konsole, PuTTY, mlterm); lines
    /// are then laid out, and the cursor placed, as if left to right.
    Terminal,
}

/// A name that is none of the spellings a [`Dir`] or [`BidiMode`] accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// What was given.
    pub name: String,
    /// The accepted spellings, for the message.
    pub expected: &'static str,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value '{}' (expected {})", self.name, self.expected)
    }
}

impl std::error::Error for UnknownName {}

impl BidiMode {
    /// Every mode, in the order the settings screen lists them.
    pub const ALL: [BidiMode; 3] = [BidiMode::App, BidiMode::Reorder, BidiMode::Terminal];
}

impl FromStr for BidiMode {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "app" => Ok(Self::App),
            "reorder" => Ok(Self::Reorder),
            "terminal" => Ok(Self::Terminal),
            _ => Err(UnknownName { name: s.to_owned(), expected: "app, reorder or terminal" }),
        }
    }
}

impl fmt::Display for BidiMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::App => "app",
            Self::Reorder => "reorder",
            Self::Terminal => "terminal",
        })
    }
}

impl FromStr for Dir {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ltr" => Ok(Self::Ltr),
            "rtl" => Ok(Self::Rtl),
            "auto" => Ok(Self::Auto),
            _ => Err(UnknownName { name: s.to_owned(), expected: "ltr, rtl or auto" }),
        }
    }
}

impl fmt::Display for Dir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
            Self::Auto => "auto",
        })
    }
}

/// True when `text` is laid out right to left under `dir` (rules P2-P3 over the whole text for
/// [`Dir::Auto`]).
pub fn resolve_dir(text: &str, dir: Dir) -> bool {
    match dir {
        Dir::Ltr => false,
        Dir::Rtl => true,
        Dir::Auto => unicode_bidi::get_base_direction_full(text) == Direction::Rtl,
    }
}

/// The glyph rule L4 shows for `c` at an odd (right-to-left) level: its Bidi_Mirroring_Glyph
/// from BidiMirroring.txt, or `c` itself when it has none.
pub fn mirror(c: char) -> char {
    // Every right-to-left cell asks: answer ASCII, letters and presentation forms directly.
    match c {
        '(' => ')',
        ')' => '(',
        '<' => '>',
        '>' => '<',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '\0'..='\u{AA}' | '\u{AC}'..='\u{BA}' | '\u{BC}'..='\u{F39}' | '\u{FE70}'..='\u{FEFC}' => c,
        _ => MIRRORS.binary_search_by_key(&c, |&(from, _)| from).map_or(c, |i| MIRRORS[i].1),
    }
}

/// Bidi classes of U+0000..U+07FF (Latin, Hebrew, Arabic), looked up once: the crate's binary
/// search over all of Unicode is a large share of a frame's layout time.
static LOW_CLASSES: LazyLock<Vec<BidiClass>> =
    LazyLock::new(|| (0..0x800u32).map(|c| char::from_u32(c).map_or(BidiClass::L, unicode_bidi::bidi_class)).collect());

/// Bidi_Class of `c`, as the `unicode-bidi` crate has it.
pub(crate) fn class(c: char) -> BidiClass {
    LOW_CLASSES.get(c as usize).copied().unwrap_or_else(|| unicode_bidi::bidi_class(c))
}

/// Where [`Bidi`] takes bidi classes from.
struct Classes {
    /// Take `-` as a common separator (CS) instead of a European one (ES). The two only differ
    /// between two Arabic numbers (AN), so a date or phone number such as `٠٦١-٢٣٤` (or
    /// `2024-01-15` after an Arabic word, whose digits rule W2 makes AN) stays one
    /// left-to-right run, as it already does with `/`, `.` and `:`.
    hyphen_is_cs: bool,
}

impl BidiDataSource for Classes {
    fn bidi_class(&self, c: char) -> BidiClass {
        if c == '-' && self.hyphen_is_cs { BidiClass::CS } else { class(c) }
    }
}

/// Resolved embedding levels of a text (every paragraph at the field's level), ready to order
/// any line of it.
pub struct Bidi<'a> {
    info: BidiInfo<'a>,
}

impl<'a> Bidi<'a> {
    /// UAX #9 exactly as specified; the conformance tests go through this.
    pub fn new(text: &'a str, dir: Dir) -> Self {
        Self::with(false, text, dir)
    }

    /// UAX #9 with one exception for display, described on `Classes`: numbers joined by `-`
    /// stay left to right. [`layout`](super::layout()) uses this.
    pub fn for_display(text: &'a str, dir: Dir) -> Self {
        Self::with(true, text, dir)
    }

    fn with(hyphen_is_cs: bool, text: &'a str, dir: Dir) -> Self {
        let level = if resolve_dir(text, dir) { Level::rtl() } else { Level::ltr() };
        Self { info: BidiInfo::new_with_data_source(&Classes { hyphen_is_cs }, text, Some(level)) }
    }

    /// Orders one line given as `units`: adjacent byte ranges in logical order inside one
    /// paragraph (characters, graphemes or ligatures). Applies L1 to the line (trailing spaces
    /// go to the paragraph level) and L2, and returns `(unit index, level)` from left to right,
    /// where a unit's level is the one of its first byte.
    pub fn reorder(&self, units: &[Range<usize>]) -> Vec<(usize, u8)> {
        let (Some(first), Some(last)) = (units.first(), units.last()) else {
            return Vec::new();
        };
        let line = first.start..last.end;
        let para = self.info.paragraphs.iter().find(|p| p.range.contains(&line.start));
        let Some(para) = para.filter(|_| !line.is_empty()) else {
            return (0..units.len()).map(|i| (i, 0)).collect();
        };
        let (levels, runs) = self.info.visual_runs(para, line);
        let mut order = Vec::with_capacity(units.len());
        for run in runs {
            let from = units.partition_point(|u| u.start < run.start);
            let to = units.partition_point(|u| u.start < run.end);
            let level = |i: usize| levels[units[i].start].number();
            if levels[run.start].is_rtl() {
                order.extend((from..to).rev().map(|i| (i, level(i))));
            } else {
                order.extend((from..to).map(|i| (i, level(i))));
            }
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirror_shortcuts_agree_with_the_table() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            let want = MIRRORS.binary_search_by_key(&c, |&(from, _)| from).map_or(c, |i| MIRRORS[i].1);
            assert_eq!(mirror(c), want, "{c:?}");
        }
        assert_eq!(mirror('«'), '»');
        assert_eq!(mirror('ب'), 'ب');
    }

    #[test]
    fn cached_classes_match_the_crate() {
        for c in (0..0x800).filter_map(char::from_u32) {
            assert_eq!(class(c), unicode_bidi::bidi_class(c), "{c:?}");
        }
    }
}
