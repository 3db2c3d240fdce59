//! UAX #9 for Daftar's display lines, on top of the `unicode-bidi` crate.
//!
//! It exists so that layout and the conformance tests share one reordering path, and to add
//! what the crate leaves to its users: one direction for a whole field, ordering of units longer
//! than a character (graphemes, ligatures), rule L4 mirroring, and the display modes.

use std::{fmt, ops::Range, str::FromStr, sync::LazyLock};

use unicode_bidi::{BidiClass, BidiDataSource, BidiInfo, Direction, Level, data_source::BidiMatchedOpeningBracket};

use super::mirror_table::MIRRORS;

/// Paragraph direction of a field; every paragraph of the field gets the same one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
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
#[inline]
pub fn mirror(c: char) -> char {
    // Every right-to-left cell asks: answer letters and presentation forms first, with one
    // comparison each, then ASCII.
    if matches!(c, '\u{BC}'..='\u{F39}' | '\u{FE70}'..='\u{FEFC}') {
        return c;
    }
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
///
/// Text without explicit embeddings, overrides, isolates or boundary neutrals (all that
/// Daftar stores: sanitising removes the controls) is resolved here, rules W1-W7, N0-N2 and
/// I1-I2 over one isolating run sequence per paragraph, which is all such a paragraph has;
/// anything else goes through the `unicode-bidi` crate. Lines are ordered (L1, L2) here in
/// both cases. The conformance tests run both paths over every case of the Unicode files.
pub struct Bidi {
    /// Byte offset of each character, then the text's length.
    starts: Vec<usize>,
    levels: Levels,
}

/// Per character: its bidi class and its resolved level (before L1), and the paragraphs'
/// level (all paragraphs of a field have the same).
pub(crate) struct Levels {
    pub(crate) classes: Vec<BidiClass>,
    pub(crate) levels: Vec<u8>,
    pub(crate) para: u8,
}

impl Bidi {
    /// UAX #9 exactly as specified; the conformance tests go through this.
    pub fn new(text: &str, dir: Dir) -> Self {
        Self::with(false, text, resolve_dir(text, dir))
    }

    /// UAX #9 with one exception for display, described on `Classes`: numbers joined by `-`
    /// stay left to right. [`layout`](super::layout()) uses the same rules.
    pub fn for_display(text: &str, dir: Dir) -> Self {
        Self::with(true, text, resolve_dir(text, dir))
    }

    fn with(hyphen_is_cs: bool, text: &str, rtl: bool) -> Self {
        let source = Classes { hyphen_is_cs };
        let mut starts: Vec<usize> = Vec::with_capacity(text.len() + 1);
        let mut classes = Vec::with_capacity(text.len());
        let mut chars = Vec::with_capacity(text.len());
        let mut explicit = false;
        for (i, c) in text.char_indices() {
            let class = source.bidi_class(c);
            explicit |= is_explicit(class);
            starts.push(i);
            classes.push(class);
            chars.push(c);
        }
        starts.push(text.len());
        let levels = resolve(text, classes, explicit, &|k| chars[k], u8::from(rtl), hyphen_is_cs);
        Self { starts, levels }
    }

    /// Orders one line given as `units`: adjacent byte ranges in logical order inside one
    /// paragraph (characters, graphemes or ligatures). Applies L1 to the line (trailing spaces
    /// go to the paragraph level) and L2, and returns `(unit index, level)` from left to right,
    /// where a unit's level is the one of its first byte.
    pub fn reorder(&self, units: &[Range<usize>]) -> Vec<(usize, u8)> {
        let mut order = Vec::with_capacity(units.len());
        let (Some(first), Some(last)) = (units.first(), units.last()) else {
            return order;
        };
        let char_of = |byte: usize| self.starts.partition_point(|&s| s < byte);
        let line = char_of(first.start)..char_of(last.end);
        if line.is_empty() {
            order.extend((0..units.len()).map(|i| (i, 0)));
            return order;
        }
        let unit_starts: Vec<usize> = units.iter().map(|u| char_of(u.start) - line.start).collect();
        order_units(&self.levels, line, &unit_starts, &mut Vec::new(), &mut order);
        order
    }
}

/// The class takes the explicit rules (X1-X10) or is removed by them: text with any such
/// character goes through the `unicode-bidi` crate.
pub(crate) fn is_explicit(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(class, RLE | LRE | RLO | LRO | PDF | LRI | RLI | FSI | PDI | BN)
}

/// Levels of `text` (`classes` and `chars` per character) with every paragraph at `level`:
/// here when no class [`is_explicit`] (the caller says whether one is, `explicit`), else
/// through the `unicode-bidi` crate.
pub(crate) fn resolve(
    text: &str,
    classes: Vec<BidiClass>,
    explicit: bool,
    chars: &dyn Fn(usize) -> char,
    level: u8,
    hyphen_is_cs: bool,
) -> Levels {
    use BidiClass::*;
    if explicit {
        let source = Classes { hyphen_is_cs };
        let info = BidiInfo::new_with_data_source(&source, text, Some(Level::new(level).unwrap_or(Level::ltr())));
        let at_chars = text.char_indices().map(|(i, _)| i);
        let levels = at_chars.clone().map(|i| info.levels.get(i).map_or(level, |l| l.number())).collect();
        let classes = at_chars.map(|i| info.original_classes.get(i).copied().unwrap_or(L)).collect();
        return Levels { classes, levels, para: level };
    }
    let mut types = classes.clone();
    let mut start = 0;
    for end in 1..=types.len() {
        if end == types.len() || classes[end - 1] == B {
            resolve_paragraph(&classes[start..end], &|k| chars(start + k), &mut types[start..end], level);
            start = end;
        }
    }
    // I1, I2, as selections rather than branches (the types alternate unpredictably).
    let even = level.is_multiple_of(2);
    let levels = types
        .iter()
        .map(|&t| {
            let up = if even {
                u8::from(t == R) + 2 * u8::from(in_set(t, bits(&[AN, EN])))
            } else {
                u8::from(in_set(t, bits(&[L, EN, AN])))
            };
            level + up
        })
        .collect();
    Levels { classes, levels, para: level }
}

/// Orders the units of one line, characters `line` of `resolved`: L1 on the line's levels
/// (in `scratch`), its level runs, L2 over them, then `(unit index, level)` from left to
/// right into `order`. `unit_starts[i]` is the first character of unit `i`, counted from
/// the line's start, increasing.
pub(crate) fn order_units(
    resolved: &Levels,
    line: Range<usize>,
    unit_starts: &[usize],
    scratch: &mut Vec<u8>,
    order: &mut Vec<(usize, u8)>,
) {
    order.clear();
    let (Some(classes), Some(levels)) = (resolved.classes.get(line.clone()), resolved.levels.get(line)) else {
        order.extend((0..unit_starts.len()).map(|i| (i, 0)));
        return;
    };
    use BidiClass::*;
    scratch.clear();
    scratch.extend_from_slice(levels);
    let levels = &mut scratch[..];
    // L1. A line of letters, digits, punctuation and spaces (no separators, tabs or explicit
    // formatting) only has its trailing spaces to reset.
    let present = classes.iter().fold(0u32, |set, &c| set | bits(&[c]));
    if present & bits(&[B, S, RLE, LRE, RLO, LRO, PDF, BN, FSI, LRI, RLI, PDI]) == 0 {
        let trailing = classes.iter().rev().take_while(|&&c| c == WS).count();
        let n = levels.len();
        levels[n - trailing..].fill(resolved.para);
    } else {
        line_levels(classes, levels, resolved.para);
    }
    // Level runs, each with the units that start in it (one walk: both are in order).
    let mut runs: Vec<(Range<usize>, u8)> = Vec::new();
    let (mut start, mut unit) = (0, 0);
    for i in 1..=levels.len() {
        if i == levels.len() || levels[i] != levels[start] {
            let from = unit;
            while unit_starts.get(unit).is_some_and(|&u| u < i) {
                unit += 1;
            }
            runs.push((from..unit, levels[start]));
            start = i;
        }
    }
    // L2: from the highest level down to the lowest odd one, reverse every sequence of runs at
    // that level or higher.
    let max = levels.iter().copied().max().unwrap_or(0);
    let min_odd = levels.iter().copied().min().unwrap_or(0) | 1;
    let mut at = max;
    while at >= min_odd {
        let mut i = 0;
        while i < runs.len() {
            if runs[i].1 < at {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < runs.len() && runs[j].1 >= at {
                j += 1;
            }
            runs[i..j].reverse();
            i = j;
        }
        at -= 1;
    }
    for (units, run_level) in runs {
        let level = |i: usize| levels[unit_starts[i]];
        if run_level % 2 == 1 {
            order.extend(units.rev().map(|i| (i, level(i))));
        } else {
            order.extend(units.map(|i| (i, level(i))));
        }
    }
}

/// The set of `classes` as bits, for [`in_set`].
const fn bits(classes: &[BidiClass]) -> u32 {
    let mut set = 0;
    let mut i = 0;
    while i < classes.len() {
        set |= 1 << classes[i] as u32;
        i += 1;
    }
    set
}

/// `class` is in `set` (made by [`bits`]): one shift and test, where `matches!` compiles to
/// range checks and branches that the alternating classes of a text mispredict.
#[inline(always)]
fn in_set(class: BidiClass, set: u32) -> bool {
    (set >> (class as u32 & 31)) & 1 == 1
}

/// Rule L1 on one line (the classes and levels of its characters): segment and paragraph
/// separators, and the whitespace (and isolates) before them or at the end of the line, go
/// back to the paragraph level; removed characters (X9) take the level before them.
fn line_levels(classes: &[BidiClass], levels: &mut [u8], para_level: u8) {
    use BidiClass::*;
    let (mut reset_from, mut reset_to) = (Some(0), None);
    let mut prev_level = para_level;
    for (i, &class) in classes.iter().enumerate() {
        match class {
            B | S => {
                reset_to = Some(i + 1);
                reset_from.get_or_insert(i);
            }
            WS | FSI | LRI | RLI | PDI => {
                reset_from.get_or_insert(i);
            }
            RLE | LRE | RLO | LRO | PDF | BN => {
                reset_from.get_or_insert(i);
                levels[i] = prev_level;
            }
            _ => reset_from = None,
        }
        if let (Some(from), Some(to)) = (reset_from, reset_to) {
            levels[from..to].fill(para_level);
            (reset_from, reset_to) = (None, None);
        }
        prev_level = levels[i];
    }
    if let Some(from) = reset_from {
        levels[from..].fill(para_level);
    }
}

/// Rules W1-W7 and N0-N2 on one paragraph without embeddings: one isolating run sequence at
/// the paragraph's level, whose start and end take the paragraph's direction. `types` starts
/// as the characters' classes and ends as their resolved types.
fn resolve_paragraph(orig: &[BidiClass], chars: &dyn Fn(usize) -> char, types: &mut [BidiClass], level: u8) {
    use BidiClass::*;
    let e = if level % 2 == 1 { R } else { L };
    let sos = e;
    let n = types.len();
    // W1: a mark takes the type of what it is on; W2: European digits after Arabic letters
    // are Arabic numbers; W3: AL is R. One pass: W2 and W3 only look at each character's W1
    // type and the last strong W1 type before it.
    // Written as selections rather than branches: the classes alternate unpredictably.
    let (mut prev, mut strong) = (sos, sos);
    for t in types.iter_mut() {
        let w1 = if *t == NSM { prev } else { *t };
        prev = w1;
        strong = if in_set(w1, bits(&[L, R, AL])) { w1 } else { strong };
        *t = if w1 == AL {
            R
        } else if w1 == EN && strong == AL {
            AN
        } else {
            w1
        };
    }
    // W4: one separator between two numbers of a kind joins them.
    for i in 1..n.saturating_sub(1) {
        let separator = types[i];
        if !matches!(separator, ES | CS) {
            continue;
        }
        match (types[i - 1], types[i + 1]) {
            (EN, EN) => types[i] = EN,
            (AN, AN) if separator == CS => types[i] = AN,
            _ => {}
        }
    }
    // W5: terminators next to European numbers are European numbers.
    let mut i = 0;
    while i < n {
        if types[i] != ET {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && types[i] == ET {
            i += 1;
        }
        if (start > 0 && types[start - 1] == EN) || (i < n && types[i] == EN) {
            types[start..i].fill(EN);
        }
    }
    // W6, W7.
    let mut strong = sos;
    for t in types.iter_mut() {
        let w = *t;
        strong = if in_set(w, bits(&[L, R])) { w } else { strong };
        *t = if in_set(w, bits(&[ES, ET, CS])) {
            ON
        } else if w == EN && strong == L {
            L
        } else {
            w
        };
    }
    brackets(orig, chars, types, e, sos);
    // N1, N2: a run of neutrals between two of one direction (numbers count as R) takes it,
    // otherwise the embedding direction.
    // Two passes of selections: the direction before each character, then from the end the
    // direction after it. Only L, R, EN, AN and neutrals are left; numbers count as R.
    let neutral = |t: BidiClass| in_set(t, bits(&[B, S, WS, ON]));
    let direction = |t: BidiClass| if t == L { L } else { R };
    let mut last = sos;
    let before: Vec<BidiClass> = types
        .iter()
        .map(|&t| {
            last = if neutral(t) { last } else { direction(t) };
            last
        })
        .collect();
    let mut next = sos;
    for (t, &before) in types.iter_mut().zip(&before).rev() {
        let ni = neutral(*t);
        let resolved = if before == next { next } else { e };
        next = if ni { next } else { direction(*t) };
        *t = if ni { resolved } else { *t };
    }
}

/// Rule N0: paired brackets (BD16) take the direction of what they enclose, or of their
/// context, and the marks on them follow.
fn brackets(orig: &[BidiClass], chars: &dyn Fn(usize) -> char, types: &mut [BidiClass], e: BidiClass, sos: BidiClass) {
    use BidiClass::*;
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (k, _) in types.iter().enumerate().filter(|&(_, &t)| t == ON) {
        let c = chars(k);
        let bracket = match c {
            '(' | '[' | '{' => Some(BidiMatchedOpeningBracket { opening: c, is_open: true }),
            ')' => Some(BidiMatchedOpeningBracket { opening: '(', is_open: false }),
            ']' => Some(BidiMatchedOpeningBracket { opening: '[', is_open: false }),
            '}' => Some(BidiMatchedOpeningBracket { opening: '{', is_open: false }),
            '\0'..='\u{7F}' => None,
            _ => Classes { hyphen_is_cs: false }.bidi_matched_opening_bracket(c),
        };
        let Some(bracket) = bracket else { continue };
        if bracket.is_open {
            if stack.len() >= 63 {
                break;
            }
            stack.push((bracket.opening, k));
        } else if let Some(at) = stack.iter().rposition(|&(opening, _)| opening == bracket.opening) {
            pairs.push((stack[at].1, k));
            stack.truncate(at);
        }
    }
    if pairs.is_empty() {
        return;
    }
    pairs.sort_unstable_by_key(|&(open, _)| open);
    let not_e = if e == L { R } else { L };
    for (open, close) in pairs {
        let (mut found_e, mut found_not_e) = (false, false);
        for &t in &types[open + 1..close] {
            let t = if matches!(t, EN | AN) { R } else { t };
            if t == e {
                found_e = true;
                break;
            }
            found_not_e |= t == not_e;
        }
        let set = if found_e {
            e
        } else if found_not_e {
            let before = types[..open].iter().rev().find(|t| matches!(t, L | R | EN | AN)).copied().unwrap_or(sos);
            if matches!(before, EN | AN) { R } else { before }
        } else {
            continue;
        };
        for at in [open, close] {
            types[at] = set;
            for k in at + 1..orig.len() {
                if orig[k] != NSM {
                    break;
                }
                types[k] = set;
            }
        }
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
