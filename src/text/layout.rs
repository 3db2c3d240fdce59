//! Turns a logical string into display lines of terminal cells, keeping the maps between
//! logical grapheme positions and visual columns that cursor movement is built on.
//!
//! Order of work, for each field: split into extended graphemes; shape Arabic over the whole
//! paragraph in logical order (App mode); make one cell per grapheme (a lam-alef ligature is one
//! cell for two graphemes) and measure it as printed; wrap in logical order; reorder each line
//! (UAX #9 L1-L2) and mirror on right-to-left levels (L4).

use std::{fmt, ops::Range, sync::LazyLock};

use unicode_bidi::BidiClass;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{
    bidi::{self, BidiMode, Dir, class, mirror, resolve_dir},
    shape::{Joining, Shaper, joining_type},
};

/// Shown for LEFT-TO-RIGHT MARK: an arrow turning right, one cell wide (East Asian width N).
pub const LRM_MARKER: char = '↱';
/// Shown for RIGHT-TO-LEFT MARK and ARABIC LETTER MARK: the mirror image of [`LRM_MARKER`].
pub const RLM_MARKER: char = '↰';
/// Shown for any other character that would print nothing (format characters, embeddings,
/// C1 controls, zero-width spaces): SYMBOL FOR SUBSTITUTE FORM TWO, one cell wide.
pub const INVISIBLE_MARKER: char = '␦';
/// Shown, in a field narrower than it, for a cluster that does not fit (a wide character in a
/// one-column field): the line stays within its width.
pub const TOO_WIDE_MARKER: char = '…';
/// Put under a combining mark that has no base, as in the Unicode charts.
pub const DOTTED_CIRCLE: char = '◌';

/// One printed unit of a [`VisualLine`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Where the cell's text is in the line's [`VisualLine::text`]: a base character (shaped,
    /// mirrored) followed by its combining marks, or a marker.
    pub bytes: Range<usize>,
    /// Columns the text takes on a terminal (at least 1).
    pub width: usize,
    /// Logical graphemes shown here: one, or two for a lam-alef ligature.
    pub graphemes: Range<usize>,
    /// The text is a visible stand-in for something invisible (LRM, RLM, controls, format
    /// characters, a mark without base): the UI should style it apart so it cannot pass for text.
    pub marker: bool,
}

/// One display line, ready to print from its leftmost cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisualLine {
    /// Everything to print, from left to right: the cells' texts one after the other (one
    /// buffer per line rather than one string per cell keeps a frame under a millisecond).
    pub text: String,
    /// Cells from left to right.
    pub cells: Vec<Cell>,
    /// Logical graphemes on this line, without the paragraph separator that may end it.
    pub graphemes: Range<usize>,
    /// The paragraph is right to left: the caller right-aligns the line and the cursor's end
    /// stop is on the left. Always false in [`BidiMode::Terminal`], where cells stay in logical
    /// order and the terminal places them.
    pub rtl: bool,
    /// Columns taken by all cells.
    pub width: usize,
    /// The line ends its paragraph or the text, so cursor position `graphemes.end` is on it,
    /// shown past the text; a wrapped line hands that position to the next line instead.
    pub ends_paragraph: bool,
}

impl VisualLine {
    /// What to print for `cell`, one of this line's cells.
    pub fn cell_text(&self, cell: &Cell) -> &str {
        self.text.get(cell.bytes.clone()).unwrap_or_default()
    }

    /// Column of the cell showing grapheme `g`, from the line's leftmost cell; `None` when `g`
    /// is not on this line.
    pub fn col_of(&self, g: usize) -> Option<usize> {
        let mut col = 0;
        for cell in &self.cells {
            if cell.graphemes.contains(&g) {
                return Some(col);
            }
            col += cell.width;
        }
        None
    }

    /// Grapheme shown at column `col` (either column of a wide cell; the lam of a lam-alef cell);
    /// `None` past the last cell.
    pub fn grapheme_at(&self, col: usize) -> Option<usize> {
        let mut right = 0;
        self.cells.iter().find_map(|cell| {
            right += cell.width;
            (col < right).then_some(cell.graphemes.start)
        })
    }
}

impl fmt::Display for VisualLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What a logical cell does for wrapping.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// A line may break after it.
    Space,
    /// Ends a paragraph; never shown.
    Separator,
}

/// A cell before reordering.
struct LogicalCell {
    /// Its characters in the source text, counted from 0.
    chars: Range<usize>,
    graphemes: Range<usize>,
    /// Its text in the buffer of shown text.
    shown: Range<usize>,
    /// The first character of that text, and whether it is the only one.
    first: char,
    single: bool,
    width: usize,
    marker: bool,
    kind: Kind,
}

/// Lays out `text` (logical order) in lines of at most `width` columns (`usize::MAX`: never
/// wrap; a grapheme wider than `width` is shown as [`TOO_WIDE_MARKER`], so no line is ever
/// wider than `width`). Every paragraph, separated by
/// `\n` or another paragraph separator, starts a line; the text always has at least one line,
/// and a final separator opens an empty last line.
///
/// Layouts are remembered (see `memo.rs`): asking again for an unchanged text costs a copy.
pub fn layout(text: &str, dir: Dir, width: usize, mode: BidiMode) -> Vec<VisualLine> {
    super::memo::cached(text, dir, width, mode, false, || layout_with(text, dir, width, mode, false))
}

/// [`layout`] for a line the interface composed (a sentence with values placed in it): the
/// isolates (LRI, RLI, FSI, PDI) it put around each value order the text and are not drawn.
/// Anything else is drawn as [`layout`] draws it. Stored text never holds an isolate (the
/// sanitizer drops them), so the only ones here are the interface's.
pub fn layout_display(text: &str, dir: Dir, width: usize, mode: BidiMode) -> Vec<VisualLine> {
    super::memo::cached(text, dir, width, mode, true, || layout_with(text, dir, width, mode, true))
}

/// [`layout`] computed afresh, without the memo: for callers that lay out each text once
/// (`daftar text`), and for measuring the layout itself.
pub fn layout_uncached(text: &str, dir: Dir, width: usize, mode: BidiMode) -> Vec<VisualLine> {
    layout_with(text, dir, width, mode, false)
}

/// The layout itself; `hide_isolates` as in [`layout_display`].
fn layout_with(text: &str, dir: Dir, width: usize, mode: BidiMode, hide_isolates: bool) -> Vec<VisualLine> {
    let mut lines = Vec::new();
    let rtl = lay_out(text, dir, width, mode, hide_isolates, |line| {
        let (cells, at, order) = (line.cells, line.at, line.order);
        let mut visual = VisualLine {
            text: String::with_capacity(cells.iter().map(|c| c.shown.len()).sum()),
            cells: Vec::with_capacity(cells.len()),
            graphemes: match (cells.first(), cells.last()) {
                (Some(a), Some(b)) => a.graphemes.start..b.graphemes.end,
                _ => at..at,
            },
            rtl: false,
            width: cells.iter().map(|c| c.width).sum(),
            ends_paragraph: line.ends_paragraph,
        };
        for &(i, level) in order {
            let Some(c) = cells.get(i) else { continue };
            let from = visual.text.len();
            push_cell(&mut visual.text, line.shown, c, level);
            visual.cells.push(Cell {
                bytes: from..visual.text.len(),
                width: c.width,
                graphemes: c.graphemes.clone(),
                marker: c.marker,
            });
        }
        lines.push(visual);
    });
    for line in &mut lines {
        line.rtl = rtl;
    }
    lines
}

/// One display line as [`lay_out`] hands it over.
struct LineOut<'a> {
    /// The line's cells in logical order.
    cells: &'a [LogicalCell],
    /// The buffer the cells' texts are in.
    shown: &'a str,
    /// `(cell index, level)` from left to right.
    order: &'a [(usize, u8)],
    /// Where the line is when it has no cells (an empty paragraph).
    at: usize,
    ends_paragraph: bool,
}

/// The work of [`layout_uncached`]: cells, wrapping and ordering, handing each display line
/// to `line` in turn. Returns whether the lines are right to left.
fn lay_out(
    text: &str,
    dir: Dir,
    width: usize,
    mode: BidiMode,
    hide_isolates: bool,
    mut line: impl FnMut(LineOut),
) -> bool {
    let rtl = resolve_dir(text, dir);
    let chars = Chars::of(text);
    let (mut shown, mut cells) = logical_cells(text, &chars, mode, hide_isolates);
    let levels = (mode != BidiMode::Terminal)
        .then(|| bidi::resolve(text, chars.classes, chars.explicit, &|k| chars.chars[k].0, u8::from(rtl), true));
    for cell in cells.iter_mut().filter(|c| c.width > width) {
        // A cluster wider than the whole field cannot be shown in it: say so with a marker.
        let from = shown.len();
        shown.push(TOO_WIDE_MARKER);
        (cell.shown, cell.first, cell.single, cell.width, cell.marker) =
            (from..shown.len(), TOO_WIDE_MARKER, true, 1, true);
    }
    let mut scratch = Scratch::default();
    let mut start = 0;
    loop {
        let end = cells[start..].iter().position(|c| c.kind == Kind::Separator).map(|k| start + k);
        // Where an empty paragraph is: at its separator, or at the end of the text.
        let at = end.map_or(cells.last().map_or(0, |c| c.graphemes.end), |e| cells[e].graphemes.start);
        let para = &cells[start..end.unwrap_or(cells.len())];
        let ranges = wrap(para, width);
        let last = ranges.len().saturating_sub(1);
        for (i, range) in ranges.into_iter().enumerate() {
            let cells = &para[range];
            order_line(cells, levels.as_ref(), &mut scratch);
            line(LineOut { cells, shown: &shown, order: &scratch.order, at, ends_paragraph: i == last });
        }
        match end {
            Some(e) => start = e + 1,
            None => return rtl && mode != BidiMode::Terminal,
        }
    }
}

/// Buffers reused from one line of a layout to the next.
#[derive(Default)]
struct Scratch {
    unit_starts: Vec<usize>,
    levels: Vec<u8>,
    order: Vec<(usize, u8)>,
}

/// The visual order of one line of cells into `scratch.order`: `(cell index, level)` from
/// left to right; `levels` is `None` in Terminal mode, which keeps logical order.
fn order_line(cells: &[LogicalCell], levels: Option<&bidi::Levels>, scratch: &mut Scratch) {
    let Scratch { unit_starts, levels: line_levels, order } = scratch;
    order.clear();
    match (levels, cells.first(), cells.last()) {
        (Some(levels), Some(first), Some(last)) => {
            unit_starts.clear();
            unit_starts.extend(cells.iter().map(|c| c.chars.start - first.chars.start));
            bidi::order_units(levels, first.chars.start..last.chars.end, unit_starts, line_levels, order);
        }
        _ => order.extend((0..cells.len()).map(|i| (i, 0))),
    }
}

/// Appends the text of `cell` (in `shown`) to `out`, its first character mirrored at an odd
/// `level` unless it is a marker. A cell of one character (nearly all) is pushed as that
/// character: a cell is a few bytes, shorter than what a copy call costs.
#[inline(always)]
fn push_cell(out: &mut String, shown: &str, cell: &LogicalCell, level: u8) {
    out.push(if level % 2 == 1 && !cell.marker { mirror(cell.first) } else { cell.first });
    if !cell.single {
        out.push_str(shown.get(cell.shown.start + cell.first.len_utf8()..cell.shown.end).unwrap_or_default());
    }
}

/// [`layout`] as the strings a terminal is sent, one per display line, without padding; no
/// wrapping when `width` is `None`. This is what `daftar text` prints.
pub fn render_lines(input_line: &str, mode: BidiMode, dir: Dir, width: Option<usize>) -> Vec<String> {
    layout_uncached(input_line, dir, width.unwrap_or(usize::MAX), mode).into_iter().map(|line| line.text).collect()
}

/// [`render_lines`] appended to `out`, each display line followed by `\n`.
pub fn render_into(input_line: &str, mode: BidiMode, dir: Dir, width: Option<usize>, out: &mut String) {
    lay_out(input_line, dir, width.unwrap_or(usize::MAX), mode, false, |line| {
        for &(i, level) in line.order {
            if let Some(cell) = line.cells.get(i) {
                push_cell(out, line.shown, cell, level);
            }
        }
        out.push('\n');
    });
}

/// The characters of a text with what layout asks of each, looked up once.
struct Chars {
    /// Each character and its joining type.
    chars: Vec<(char, Joining)>,
    /// Bidi class of each character, as the display path takes it (`-` is CS).
    classes: Vec<BidiClass>,
    /// Every character is a simple base or mark (see [`graphemes`]).
    simple: bool,
    /// Some character takes part in Arabic joining: App mode must shape.
    joins: bool,
    /// Some character takes the explicit bidi rules (see [`bidi::is_explicit`]).
    explicit: bool,
}

/// Bidi class, joining type and "simple" kind (1 base, 2 mark, 0 neither) of U+0000..U+07FF.
static LOW: LazyLock<Vec<(BidiClass, Joining, u8)>> = LazyLock::new(|| {
    (0..0x800u32)
        .map(|c| {
            let c = char::from_u32(c).unwrap_or('\u{FFFD}');
            let simple = if is_simple_base(c) { 1 } else { u8::from(is_simple_mark(c)) * 2 };
            (class(c), joining_type(c), simple)
        })
        .collect()
});

impl Chars {
    fn of(text: &str) -> Chars {
        let low = &*LOW;
        let mut chars = Vec::with_capacity(text.len());
        let mut classes = Vec::with_capacity(text.len());
        let (mut simple, mut joins, mut explicit) = (true, false, false);
        for c in text.chars() {
            let (class, joining, kind) = match low.get(c as usize) {
                Some(&props) => props,
                None => (class(c), joining_type(c), if is_simple_base(c) { 1 } else { 0 }),
            };
            simple &= kind != 0;
            joins |= !matches!(joining, Joining::NonJoining | Joining::Transparent);
            chars.push((c, joining));
            explicit |= bidi::is_explicit(class);
            classes.push(if c == '-' { BidiClass::CS } else { class });
        }
        Chars { chars, classes, simple, joins, explicit }
    }
}

/// One cell per grapheme in logical order, shaped (App mode) and measured, with the buffer
/// their texts are in; the alef of a lam-alef ligature is merged into the lam's cell.
fn logical_cells(text: &str, chars: &Chars, mode: BidiMode, hide_isolates: bool) -> (String, Vec<LogicalCell>) {
    let mut shaper = (mode == BidiMode::App && chars.joins).then(|| Shaper::new(&chars.chars));
    // Shaping turns two-byte letters into three-byte forms; markers add a few bytes.
    let mut shown = String::with_capacity(text.len() * 2);
    let mut cells: Vec<LogicalCell> = Vec::with_capacity(chars.chars.len());
    let mut clusters = Clusters::new(text, chars);
    let mut g = 0;
    while let Some((bytes, range)) = clusters.next() {
        let (first, _) = chars.chars[range.start];
        if hide_isolates && is_isolate(first) && range.len() == 1 {
            // An isolate the interface put around a value: it orders the text and is not shown.
            g += 1;
            continue;
        }
        let from = shown.len();
        let mut absorbed = false;
        match shaper.as_mut() {
            Some(shaper) => {
                for k in range.clone() {
                    let (c, _) = chars.chars[k];
                    match shaper.shaped(k) {
                        // Shaping hides ZWJ and ZWNJ once they have joined (or not) the letters
                        // around them; put them back so the cluster reaches the terminal whole:
                        // an emoji ZWJ sequence without its joiners prints as several emoji,
                        // wider than it was counted.
                        _ if is_joiner_control(c) => shown.push(c),
                        Some(s) => shown.push(s),
                        None => absorbed |= k == range.start,
                    }
                }
            }
            None => shown.push_str(text.get(bytes.clone()).unwrap_or_default()),
        }
        if let (true, Some(lam)) = (absorbed, cells.last_mut()) {
            // The lam's text ends where this grapheme's starts: extend it.
            lam.shown.end = shown.len();
            lam.single = false;
            lam.width = width(shown.get(lam.shown.clone()).unwrap_or_default());
            lam.chars.end = range.end;
            lam.graphemes.end = g + 1;
            g += 1;
            continue;
        }
        let class = chars.classes[range.start];
        let kind = match first {
            _ if class == BidiClass::B => Kind::Separator,
            ' ' | '\t' => Kind::Space,
            _ => Kind::Text,
        };
        // A simple cluster (a letter, digit or punctuation with its marks) is one column.
        let (columns, marker) = if chars.simple && !is_simple_mark(first) {
            (1, false)
        } else {
            make_visible(&mut shown, from, first, class, mode)
        };
        let first = shown.get(from..).and_then(|s| s.chars().next()).unwrap_or(' ');
        cells.push(LogicalCell {
            chars: range,
            graphemes: g..g + 1,
            shown: from..shown.len(),
            first,
            single: from + first.len_utf8() == shown.len(),
            width: columns,
            marker,
            kind,
        });
        g += 1;
    }
    (shown, cells)
}

/// The grapheme clusters of a text as byte and character ranges: cut before every simple base
/// when the text is simple, else where the UAX #29 segmenter cuts.
struct Clusters<'a> {
    text: &'a str,
    chars: &'a Chars,
    segmenter: Option<unicode_segmentation::GraphemeIndices<'a>>,
    byte: usize,
    char: usize,
}

impl<'a> Clusters<'a> {
    fn new(text: &'a str, chars: &'a Chars) -> Self {
        let segmenter = (!chars.simple).then(|| text.grapheme_indices(true));
        Clusters { text, chars, segmenter, byte: 0, char: 0 }
    }

    fn next(&mut self) -> Option<(Range<usize>, Range<usize>)> {
        let (start, k) = (self.byte, self.char);
        match self.segmenter.as_mut() {
            Some(segmenter) => {
                let (at, grapheme) = segmenter.next()?;
                self.byte = at + grapheme.len();
                self.char += grapheme.chars().count();
            }
            None => {
                let (first, _) = *self.chars.chars.get(k)?;
                self.byte += first.len_utf8();
                self.char += 1;
                while let Some(&(c, _)) = self.chars.chars.get(self.char).filter(|(c, _)| is_simple_mark(*c)) {
                    self.byte += c.len_utf8();
                    self.char += 1;
                }
            }
        }
        debug_assert!(self.byte <= self.text.len());
        Some((start..self.byte, k..self.char))
    }
}

/// Extended grapheme clusters (UAX #29) of `text` with their byte offsets. Text made only of
/// characters that cluster as "one base + the marks after it" (Latin, Arabic, digits, common
/// punctuation, harakat, Latin diacritics) takes a shortcut that is three times faster than
/// the general segmenter, which handles everything else. They are the unit of every cursor
/// position and logical index in this layer.
pub fn graphemes(text: &str) -> Vec<(usize, &str)> {
    let mut clusters = Vec::with_capacity(text.len());
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if is_simple_base(c) {
            if i > 0 {
                clusters.push((start, text.get(start..i).unwrap_or_default()));
                start = i;
            }
        } else if !is_simple_mark(c) {
            return text.grapheme_indices(true).collect();
        }
    }
    if let Some(last) = text.get(start..).filter(|s| !s.is_empty()) {
        clusters.push((start, last));
    }
    clusters
}

/// Characters of Grapheme_Cluster_Break "Other" (never Control, Prepend, Extend, ...).
fn is_simple_base(c: char) -> bool {
    matches!(c,
        ' '..='~' | '\u{A0}'..='\u{AC}' | '\u{AE}'..='\u{2FF}' | '\u{60C}' | '\u{61B}'
        | '\u{61F}'..='\u{64A}' | '\u{660}'..='\u{66D}' | '\u{671}'..='\u{6D3}'
        | '\u{6F0}'..='\u{6F9}' | '\u{2010}'..='\u{2027}' | '\u{FE80}'..='\u{FEFC}')
}

/// Combining diacritics and harakat: Grapheme_Cluster_Break "Extend".
fn is_simple_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{64B}'..='\u{65F}' | '\u{670}')
}

/// Terminal columns of `s`, with shortcuts for what interviewers type most: a Latin or Arabic
/// letter (plain or shaped) with or without harakat, which takes one column.
fn width(s: &str) -> usize {
    let mut chars = s.chars();
    let first = chars.next();
    // `rest` is taken before any test consumes the iterator.
    let rest = chars.as_str();
    match first {
        Some(' '..='~' | '\u{621}'..='\u{64A}' | '\u{FE80}'..='\u{FEFC}')
            if rest.chars().all(|c| matches!(c, '\u{64B}'..='\u{65F}' | '\u{670}')) =>
        {
            1
        }
        Some(c) if rest.is_empty() => c.width().unwrap_or(0),
        _ => s.width(),
    }
}

/// LRI, RLI, FSI and PDI: the interface wraps values placed into sentences in them (see
/// `i18n::fill`); the bidi algorithm honours them and [`layout_display`] draws nothing for them.
pub fn is_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2069}')
}

fn is_joiner_control(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Looks at the text of the grapheme starting with `first` (of bidi class `class`), at
/// `shown[from..]`: what would print as nothing, or as a terminal control, is replaced by a
/// visible one-column marker. Returns its columns and whether it is a marker.
fn make_visible(shown: &mut String, from: usize, first: char, class: BidiClass, mode: BidiMode) -> (usize, bool) {
    let columns = width(shown.get(from..).unwrap_or_default());
    let marker = match first {
        '\u{200E}' => LRM_MARKER,
        '\u{200F}' | '\u{61C}' => RLM_MARKER,
        '\0'..='\u{1F}' => char::from_u32(0x2400 + u32::from(first)).unwrap_or(INVISIBLE_MARKER),
        '\u{7F}' => '␡',
        _ if is_format(class) => INVISIBLE_MARKER,
        _ if extends_a_cluster(first) => {
            // A mark (or emoji modifier, or spacing mark) with no base of its own: printed
            // as it is, it would join whatever the terminal printed before it, a marker or
            // the cell the reordering put there. Give it the charts' dotted circle.
            shown.insert(from, DOTTED_CIRCLE);
            return (width(shown.get(from..).unwrap_or_default()).max(1), true);
        }
        _ if columns == 0 => INVISIBLE_MARKER,
        _ if shown.ends_with('\u{200D}') && joins_an_emoji_after(shown.get(from..).unwrap_or_default()) => {
            // An emoji sequence ending in a ZWJ that joins nothing: printed as it is, it would
            // join the emoji the reordering may put after it. Show the dangling joiner.
            shown.push(INVISIBLE_MARKER);
            return (width(shown.get(from..).unwrap_or_default()), true);
        }
        _ if shown.chars().next_back().is_some_and(prepends_to_a_cluster) => {
            // A lone prepended mark (U+0600 ARABIC NUMBER SIGN, ...) would join the cell after it.
            shown.push(DOTTED_CIRCLE);
            return (width(shown.get(from..).unwrap_or_default()).max(1), true);
        }
        _ => return (columns, false),
    };
    shown.truncate(from);
    shown.push(marker);
    if mode == BidiMode::Terminal && matches!(first, '\u{200E}' | '\u{200F}' | '\u{61C}') {
        // The terminal runs the bidi algorithm itself: the mark must still reach it.
        shown.push(first);
    }
    (1, true)
}

/// `c` joins the cluster of a letter before it (Grapheme_Cluster_Break Extend, ZWJ or
/// SpacingMark), so a cluster starting with it has no base.
fn extends_a_cluster(c: char) -> bool {
    if is_simple_base(c) {
        return false;
    }
    let mut buf = [0u8; 8];
    buf[0] = b'a';
    let tail = c.encode_utf8(&mut buf[1..]).len();
    std::str::from_utf8(&buf[..1 + tail]).is_ok_and(|s| s.graphemes(true).nth(1).is_none())
}

/// `cluster` would take an emoji after it into itself (it ends in emoji + ZWJ).
fn joins_an_emoji_after(cluster: &str) -> bool {
    let mut probe = String::with_capacity(cluster.len() + 4);
    probe.push_str(cluster);
    probe.push('\u{1F600}');
    probe.graphemes(true).nth(1).is_none()
}

/// `c` joins the cluster of a letter after it (Grapheme_Cluster_Break Prepend).
fn prepends_to_a_cluster(c: char) -> bool {
    if is_simple_base(c) || is_simple_mark(c) {
        return false;
    }
    let mut buf = [0u8; 8];
    let head = c.encode_utf8(&mut buf).len();
    buf[head] = b'a';
    std::str::from_utf8(&buf[..head + 1]).is_ok_and(|s| s.graphemes(true).nth(1).is_none())
}

/// Boundary-neutral and explicit formatting classes: invisible, whatever width tables say.
fn is_format(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(class, BN | LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI)
}

/// Greedy wrapping of one paragraph: each line ends after its last space that fits, else before
/// the first cell that does not fit, and holds at least one cell.
fn wrap(cells: &[LogicalCell], width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let (mut used, mut end, mut after_space) = (0, start, None);
        while let Some(cell) = cells.get(end) {
            if used + cell.width > width {
                break;
            }
            used += cell.width;
            end += 1;
            if cell.kind == Kind::Space {
                after_space = Some(end);
            }
        }
        if end < cells.len() {
            end = after_space.unwrap_or(end.max(start + 1));
        }
        lines.push(start..end);
        start = end;
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut cuts every pair of simple characters where unicode-segmentation does.
    #[test]
    fn grapheme_shortcut_agrees_with_unicode_segmentation() {
        let simple: Vec<char> =
            (0..0x1_0000).filter_map(char::from_u32).filter(|&c| is_simple_base(c) || is_simple_mark(c)).collect();
        let probes = ['a', 'ب', '\u{301}', '\u{64E}', '\u{670}', ' '];
        for &c in &simple {
            for &d in &probes {
                for text in [format!("{c}{d}"), format!("{d}{c}"), format!("{c}{d}{c}")] {
                    let fast: Vec<(usize, &str)> = graphemes(&text);
                    let slow: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
                    assert_eq!(fast, slow, "{text:?}");
                }
            }
        }
    }
}
