//! Grapheme clusters reach the terminal whole, and no line is wider than its field, in every
//! display mode: emoji ZWJ sequences, modifiers, flags, combining marks, CJK and the format
//! characters that sanitising keeps, mixed with Arabic (harakat, lam-alef), Latin and digits.
//! Widths are checked against what is emitted, measured independently: the printed text of
//! each line split into grapheme clusters and measured by `unicode-width`, as ratatui does.

use daftar::text::{BidiMode, Dir, Lines, VisualLine, bidi::mirror, layout, layout::TOO_WIDE_MARKER, sanitize};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const FAMILY: &str = "👨\u{200D}👩\u{200D}👧";

/// Columns a terminal gives `text` when it draws it cluster by cluster.
fn emitted_width(text: &str) -> usize {
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

#[test]
fn an_emoji_zwj_sequence_keeps_its_joiners_in_every_mode() {
    for mode in BidiMode::ALL {
        for dir in [Dir::Ltr, Dir::Rtl, Dir::Auto] {
            let lines = layout(&format!("{FAMILY} عائلة"), dir, 80, mode);
            let line = &lines[0];
            let cell = line.cells.iter().find(|c| c.graphemes.start == 0).unwrap();
            assert_eq!(line.cell_text(cell), FAMILY, "{mode} {dir}");
            assert_eq!((cell.width, cell.graphemes.clone()), (2, 0..1), "{mode} {dir}");
            assert_eq!(emitted_width(&line.text), line.width, "{mode} {dir}");
        }
    }
}

#[test]
fn a_zwj_sequence_does_not_overflow_a_field_that_fits_it() {
    // Two family emoji and a space: 5 columns. Without joiners they would print in 13.
    let text = format!("{FAMILY} {FAMILY}");
    for mode in BidiMode::ALL {
        let lines = layout(&text, Dir::Rtl, 5, mode);
        assert_eq!(lines.len(), 1, "{mode}");
        assert_eq!(emitted_width(&lines[0].text), 5, "{mode}");
    }
}

#[test]
fn a_cluster_wider_than_the_field_becomes_a_marker() {
    for mode in BidiMode::ALL {
        let lines = layout("漢a", Dir::Ltr, 1, mode);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, [TOO_WIDE_MARKER.to_string().as_str(), "a"], "{mode}");
        assert!(lines[0].cells[0].marker);
    }
    let text = "漢\u{1F3FB}";
    assert_eq!(layout(text, Dir::Ltr, 3, BidiMode::App)[0].text, TOO_WIDE_MARKER.to_string());
    assert_eq!(layout(text, Dir::Ltr, 4, BidiMode::App)[0].text, text);
}

#[test]
fn joiners_between_arabic_letters_still_shape_and_are_kept() {
    // ZWJ makes the beh initial, ZWNJ keeps the two behs apart; both still reach the terminal,
    // each after the letter whose cluster it ends.
    let line = &layout("ب\u{200D} ب\u{200C}ب", Dir::Ltr, 80, BidiMode::App)[0];
    assert_eq!(line.text, "ﺏﺏ\u{200C} ﺑ\u{200D}");
    assert_eq!(line.width, 4);
}

/// Pieces of random text: everything an interviewer may type or paste, and what survives
/// sanitising of what they should not (marks, zero-width and format characters, tabs, breaks).
const PIECES: &[&str] = &[
    "ب",
    "ت",
    "ن",
    "ي",
    "م",
    "س",
    "ل",
    "ا",
    "ع",
    "ه",
    "ر",
    "ء",
    "ة",
    "ـ",
    "لا",
    "لأ",
    "بَ",
    "سِّ",
    "\u{64E}",
    "\u{670}",
    "a",
    "b",
    "Z",
    "é",
    "e\u{301}",
    "\u{301}",
    "0",
    "7",
    "٠",
    "٣",
    "۵",
    " ",
    " ",
    "(",
    ")",
    "[",
    "«",
    "»",
    ".",
    ",",
    "-",
    "/",
    "%",
    "+",
    "$",
    "؟",
    "،",
    "\n",
    "\t",
    "漢",
    "字",
    "ｶ",
    "한",
    "\u{1100}\u{1161}",
    FAMILY,
    "👍",
    "👍🏽",
    "❤\u{FE0F}",
    "🇫🇷",
    "🇲🇦",
    "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
    "\u{200D}",
    "\u{200C}",
    "\u{200B}",
    "\u{200E}",
    "\u{200F}",
    "\u{61C}",
    "\u{AD}",
    "\u{2060}",
    "\u{FEFF}",
    "\u{600}",
    "\u{34F}",
    "\u{FE0F}",
    "\u{1F3FB}",
    "\u{93F}",
    "क",
];

fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40)
        .prop_map(|p| sanitize(&p.concat(), Lines::Multi).unwrap_or_default())
}

fn dir() -> impl Strategy<Value = Dir> {
    prop::sample::select(&[Dir::Ltr, Dir::Rtl, Dir::Auto][..])
}

fn mode() -> impl Strategy<Value = BidiMode> {
    prop::sample::select(&BidiMode::ALL[..])
}

/// A character, or its mirror image, whichever is smaller: equal for `(` and `)`.
fn unmirrored(c: char) -> char {
    c.min(mirror(c))
}

/// Characters shaping may change or merge (Arabic letters and their presentation forms).
fn shaped_by_app_mode(c: char) -> bool {
    matches!(c, '\u{600}'..='\u{6FF}' | '\u{FB50}'..='\u{FEFC}')
}

/// Checks one line: its own width, the emitted width, and every cell against its text.
fn check_line(line: &VisualLine, width: usize) -> Result<(), TestCaseError> {
    let counted: usize = line.cells.iter().map(|c| c.width).sum();
    prop_assert_eq!(counted, line.width);
    prop_assert_eq!(emitted_width(&line.text), line.width, "emitted {:?}", line.text);
    prop_assert!(line.width <= width, "line {:?} of width {}", line.text, line.width);
    // Cells start and end on cluster boundaries of what is printed: no cluster of the output
    // straddles two cells, so every printed cluster belongs to one logical position.
    let mut bounds: Vec<usize> = line.text.grapheme_indices(true).map(|(i, _)| i).collect();
    bounds.push(line.text.len());
    for cell in &line.cells {
        let text = line.cell_text(cell);
        prop_assert!(!cell.graphemes.is_empty() && cell.width >= 1);
        prop_assert!(bounds.contains(&cell.bytes.start) && bounds.contains(&cell.bytes.end), "cell {:?}", text);
        prop_assert_eq!(emitted_width(text), cell.width, "cell {:?}", text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// No line is wider than the field, and widths agree with what is printed.
    #[test]
    fn no_line_is_wider_than_its_width(text in any_text(), width in 1usize..40, dir in dir(), mode in mode()) {
        for line in &layout(&text, dir, width, mode) {
            check_line(line, width)?;
        }
    }

    /// Every logical cluster but a paragraph break is in exactly one cell, cells hold whole clusters in logical
    /// order, and a cell prints every character of its clusters that shaping does not
    /// replace (joiners, emoji, marks, Latin, CJK), the first one possibly mirrored.
    #[test]
    fn clusters_are_never_split(text in any_text(), width in 1usize..40, dir in dir(), mode in mode()) {
        let clusters: Vec<&str> = text.graphemes(true).collect();
        let lines = layout(&text, dir, width, mode);
        let mut seen = vec![0; clusters.len()];
        for line in &lines {
            for cell in &line.cells {
                for g in cell.graphemes.clone() {
                    seen[g] += 1;
                }
                prop_assert!(cell.graphemes.start >= line.graphemes.start && cell.graphemes.end <= line.graphemes.end);
                if cell.marker {
                    continue;
                }
                let source: String = clusters[cell.graphemes.clone()].concat();
                let keep = |c: &char| mode != BidiMode::App || !shaped_by_app_mode(*c);
                let want: Vec<char> = source.chars().filter(keep).map(unmirrored).collect();
                let got: Vec<char> = line.cell_text(cell).chars().filter(keep).map(unmirrored).collect();
                prop_assert_eq!(got, want, "cell of {:?}", source);
            }
        }
        // Paragraph separators end lines and are in no cell.
        for (g, n) in seen.iter().enumerate() {
            prop_assert_eq!(*n, usize::from(clusters[g] != "\n"), "cluster {} {:?}", g, clusters[g]);
        }
    }
}
