//! Arabic shaping to presentation forms, for terminals that print each code point as it comes.
//!
//! Joining is decided in logical order over a whole paragraph, before wrapping and reordering,
//! from the joining types of ArabicShaping.txt; the only ligature is lam-alef. The tables are in
//! `shape_table.rs`, generated from the Unicode data files by `tests/text/tables.rs`.

use std::sync::LazyLock;

use super::shape_table::{FORMS, JOINING, LAM_ALEF};

/// Joining_Type of ArabicShaping.txt: how a character connects to its logical neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joining {
    /// `R`: joins the preceding character only (alef, dal, reh, waw, ...).
    Right,
    /// `L`: joins the following character only.
    Left,
    /// `D`: joins on both sides (beh, lam, ...).
    Dual,
    /// `C`: makes its neighbours join without changing shape itself (tatweel, ZWJ).
    Causing,
    /// `U`: joins nothing and breaks joining (hamza, ZWNJ, spaces, Latin, ...).
    NonJoining,
    /// `T`: invisible to joining (harakat and other marks, format characters).
    Transparent,
}

impl Joining {
    fn joins_next(self) -> bool {
        matches!(self, Self::Left | Self::Dual | Self::Causing)
    }

    fn joins_previous(self) -> bool {
        matches!(self, Self::Right | Self::Dual | Self::Causing)
    }
}

/// Joining type and forms of U+0600..U+08FF (Arabic, Syriac and their supplements), looked up
/// once: shaping asks for every character of every frame.
static ARABIC: LazyLock<Vec<(Joining, [Option<char>; 4])>> =
    LazyLock::new(|| (0x600..0x900u32).filter_map(char::from_u32).map(|c| (search(c), search_forms(c))).collect());

fn arabic(c: char) -> Option<&'static (Joining, [Option<char>; 4])> {
    ARABIC.get((c as usize).checked_sub(0x600)?)
}

/// Joining type of `c`; characters the tables do not list are [`Joining::NonJoining`].
pub fn joining_type(c: char) -> Joining {
    match c {
        '\0'..='\u{AC}' => Joining::NonJoining,
        _ => arabic(c).map_or_else(|| search(c), |&(joining, _)| joining),
    }
}

fn search(c: char) -> Joining {
    JOINING
        .binary_search_by(|&(lo, hi, _)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .map_or(Joining::NonJoining, |i| JOINING[i].2)
}

/// Positional form of a joining letter; its value indexes the generated table of forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Joins neither neighbour.
    Isolated = 0,
    /// Joins the preceding letter only.
    Final = 1,
    /// Joins the following letter only.
    Initial = 2,
    /// Joins both.
    Medial = 3,
}

/// Presentation form of `c` in `form` from the UnicodeData decompositions, if Unicode has one.
pub fn presentation_form(c: char, form: Form) -> Option<char> {
    arabic(c).map_or_else(|| search_forms(c), |&(_, forms)| forms)[form as usize]
}

fn search_forms(c: char) -> [Option<char>; 4] {
    FORMS.binary_search_by_key(&c, |&(base, _)| base).map_or([None; 4], |i| FORMS[i].1)
}

const LAM: char = '\u{644}';

/// Shapes `text` (logical order) for display: one entry per `char` of `text`, holding what to
/// print for it. `None` means "print nothing": the alef merged into the lam-alef ligature printed
/// for the lam just before it, and ZWJ/ZWNJ, whose only effect (joining) is already applied.
/// Everything that is not a joining letter comes back unchanged, including marks.
pub fn shape(text: &str) -> Vec<Option<char>> {
    let chars: Vec<(char, Joining)> = text.chars().map(|c| (c, joining_type(c))).collect();
    let mut shaper = Shaper::new(&chars);
    (0..chars.len()).map(|k| shaper.shaped(k)).collect()
}

/// [`shape`] one character at a time, for callers that walk the text anyway: `shaped(k)` must
/// be asked for k = 0, 1, 2, ... in turn. It looks ahead for the joining type of the next
/// character that is not transparent, each character once over the whole text.
pub(crate) struct Shaper<'a> {
    /// Each character with its joining type.
    chars: &'a [(char, Joining)],
    /// Joining type of the last character that was not transparent.
    before: Joining,
    /// The first character after the current one that is not transparent (or the end).
    look: usize,
    /// The alef taken into a lam-alef ligature.
    absorbed: Option<usize>,
}

impl<'a> Shaper<'a> {
    pub(crate) fn new(chars: &'a [(char, Joining)]) -> Self {
        Shaper { chars, before: Joining::NonJoining, look: 0, absorbed: None }
    }

    /// What to print for character `k` (see [`shape`]).
    pub(crate) fn shaped(&mut self, k: usize) -> Option<char> {
        let &(c, kind) = self.chars.get(k)?;
        if self.absorbed == Some(k) {
            return None;
        }
        if kind == Joining::Transparent {
            return Some(c);
        }
        if self.look <= k {
            self.look = k + 1;
            while self.chars.get(self.look).is_some_and(|&(_, j)| j == Joining::Transparent) {
                self.look += 1;
            }
        }
        let next = self.chars.get(self.look).map_or(Joining::NonJoining, |&(_, j)| j);
        let joins_previous = kind.joins_previous() && self.before.joins_next();
        let joins_next = kind.joins_next() && next.joins_previous();
        self.before = kind;
        if c == LAM {
            let ligature = self.chars.get(k + 1).and_then(|&(alef, _)| {
                let &(_, isolated, final_) = LAM_ALEF.iter().find(|&&(a, _, _)| a == alef)?;
                Some(if joins_previous { final_ } else { isolated })
            });
            if let Some(ligature) = ligature {
                self.absorbed = Some(k + 1);
                self.before = Joining::Right;
                return Some(ligature);
            }
        }
        let form = match (joins_previous, joins_next) {
            (false, false) => Form::Isolated,
            (true, false) => Form::Final,
            (false, true) => Form::Initial,
            (true, true) => Form::Medial,
        };
        match c {
            '\u{200C}' | '\u{200D}' => None,
            // Hamza and other non-joining letters stay themselves, as FriBidi prints them.
            _ if kind == Joining::NonJoining => Some(c),
            _ => Some(presentation_form(c, form).unwrap_or(c)),
        }
    }
}

/// [`shape`] as a string in logical order, for tests and tools.
pub fn shape_str(text: &str) -> String {
    shape(text).into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_match_the_tables() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            assert_eq!(joining_type(c), search(c), "{c:?}");
            for form in [Form::Isolated, Form::Final, Form::Initial, Form::Medial] {
                assert_eq!(presentation_form(c, form), search_forms(c)[form as usize]);
            }
        }
    }

    #[test]
    fn beh_takes_all_four_forms() {
        assert_eq!(shape_str("ب"), "\u{FE8F}");
        assert_eq!(shape_str("ببب"), "\u{FE91}\u{FE92}\u{FE90}");
    }

    #[test]
    fn lam_alef_is_one_char_and_absorbs_the_alef() {
        assert_eq!(shape("لا"), [Some('\u{FEFB}'), None]);
        assert_eq!(shape("بلا"), [Some('\u{FE91}'), Some('\u{FEFC}'), None]);
    }
}
