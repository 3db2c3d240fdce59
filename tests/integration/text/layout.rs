//! Layout: wrapping on shaped widths, reordering per line, mirroring, markers, modes, and the
//! logical<->visual maps of `VisualLine`.

use daftar::text::{
    BidiMode, Dir, layout,
    layout::{DOTTED_CIRCLE, INVISIBLE_MARKER, LRM_MARKER, RLM_MARKER},
    render_lines, resolve_dir,
};

fn app(text: &str) -> Vec<String> {
    render_lines(text, BidiMode::App, Dir::Auto, None)
}

#[test]
fn matches_the_fribidi_example() {
    assert_eq!(app("مرحبا (world) 123"), ["123 (world) ﺎﺒﺣﺮﻣ"]);
}

#[test]
fn auto_direction_is_the_first_strong_character_of_the_whole_text() {
    assert!(resolve_dir("123 مرحبا abc", Dir::Auto));
    assert!(!resolve_dir("123 abc مرحبا", Dir::Auto));
    assert!(!resolve_dir("123 ...", Dir::Auto));
    assert!(resolve_dir("\n\nمرحبا", Dir::Auto));
    assert!(resolve_dir("abc", Dir::Rtl));
    assert!(!resolve_dir("مرحبا", Dir::Ltr));
    let lines = layout("abc\nمرحبا", Dir::Auto, 80, BidiMode::App);
    assert!(lines.iter().all(|l| !l.rtl), "one direction for the whole field");
}

#[test]
fn modes_parse_and_print() {
    for name in ["app", "reorder", "terminal"] {
        assert_eq!(name.parse::<BidiMode>().unwrap().to_string(), name);
    }
    for name in ["ltr", "rtl", "auto"] {
        assert_eq!(name.parse::<Dir>().unwrap().to_string(), name);
    }
    assert!("fribidi".parse::<BidiMode>().is_err());
}

#[test]
fn reorder_mode_reorders_without_shaping_and_terminal_mode_changes_nothing() {
    let text = "مرحبا (world)";
    assert_eq!(render_lines(text, BidiMode::Reorder, Dir::Auto, None), ["(world) ابحرم"]);
    assert_eq!(render_lines(text, BidiMode::Terminal, Dir::Auto, None), [text]);
}

#[test]
fn brackets_are_mirrored_on_rtl_levels_only() {
    assert_eq!(app("(مرحبا)"), ["(ﺎﺒﺣﺮﻣ)"]);
    assert_eq!(render_lines("«نعم» [x]", BidiMode::App, Dir::Rtl, None), ["[x] «ﻢﻌﻧ»"]);
    assert_eq!(app("(abc)"), ["(abc)"]);
}

#[test]
fn cells_are_measured_after_shaping() {
    let line = &layout("لا 漢字 é", Dir::Ltr, 80, BidiMode::App)[0];
    let widths: Vec<usize> = line.cells.iter().map(|c| c.width).collect();
    assert_eq!(widths, [1, 1, 2, 2, 1, 1]);
    assert_eq!(line.width, 8);
    // Unshaped, lam and alef are two cells.
    assert_eq!(layout("لا", Dir::Ltr, 80, BidiMode::Reorder)[0].width, 2);
}

#[test]
fn wraps_at_spaces_in_logical_order_then_reorders_each_line() {
    let lines = render_lines("مرحبا بكم في البرنامج", BidiMode::App, Dir::Auto, Some(10));
    // The space a line breaks after stays on it, logically last: visually leftmost.
    assert_eq!(lines, [" ﻢﻜﺑ ﺎﺒﺣﺮﻣ", " ﻲﻓ", "ﺞﻣﺎﻧﺮﺒﻟﺍ"]);
    let first = &layout("مرحبا بكم في البرنامج", Dir::Auto, 10, BidiMode::App)[0];
    assert_eq!(first.cell_text(&first.cells[0]), " ");
    assert_eq!((first.graphemes.clone(), first.ends_paragraph), (0..10, false));
}

#[test]
fn a_word_longer_than_the_line_is_broken_at_graphemes() {
    assert_eq!(render_lines("abcdefgh ij", BidiMode::App, Dir::Auto, Some(3)), ["abc", "def", "gh ", "ij"]);
}

#[test]
fn wrapping_counts_a_ligature_as_one_column() {
    // Six graphemes, five cells once shaped: fits in 5 columns.
    assert_eq!(render_lines("سلامة", BidiMode::App, Dir::Auto, Some(4)).len(), 1);
    assert_eq!(render_lines("سلامتي", BidiMode::App, Dir::Auto, Some(4)).len(), 2);
}

#[test]
fn paragraphs_start_lines_and_a_final_newline_opens_an_empty_line() {
    let lines = layout("abc\n\nd\n", Dir::Auto, 80, BidiMode::App);
    let ranges: Vec<_> = lines.iter().map(|l| l.graphemes.clone()).collect();
    assert_eq!(ranges, [0..3, 4..4, 5..6, 7..7]);
    assert!(lines.iter().all(|l| l.ends_paragraph));
    assert_eq!(layout("", Dir::Auto, 80, BidiMode::App).len(), 1);
}

#[test]
fn visual_line_maps_both_ways() {
    let line = &layout("ab سلام", Dir::Ltr, 80, BidiMode::App)[0];
    assert_eq!(line.to_string(), "ab ﻡﻼﺳ");
    // graphemes: a b ' ' س ل ا م ; shown: a b ' ' م لا س
    let cols: Vec<_> = (0..7).map(|g| line.col_of(g)).collect();
    assert_eq!(cols, [0, 1, 2, 5, 4, 4, 3].map(Some));
    let back: Vec<_> = (0..7).map(|c| line.grapheme_at(c)).collect();
    assert_eq!(back, [Some(0), Some(1), Some(2), Some(6), Some(4), Some(3), None]);
    assert_eq!(line.col_of(7), None);
}

#[test]
fn lrm_and_rlm_show_as_markers_and_still_act() {
    let ltr = |t: &str| render_lines(t, BidiMode::App, Dir::Ltr, None);
    assert_eq!(ltr("مرحبا!"), ["ﺎﺒﺣﺮﻣ!"]);
    // The RLM makes the "!" right to left: it moves to the other end of the Arabic.
    let line = &layout("مرحبا!\u{200F}", Dir::Ltr, 80, BidiMode::App)[0];
    assert_eq!(line.to_string(), format!("{RLM_MARKER}!ﺎﺒﺣﺮﻣ"));
    assert!(line.cells[0].marker && line.cells[0].width == 1);
    assert_eq!(app("\u{200E}"), [LRM_MARKER.to_string()]);
    // Terminal mode sends the mark too, after its marker.
    assert_eq!(render_lines("a\u{200E}", BidiMode::Terminal, Dir::Auto, None), [format!("a{LRM_MARKER}\u{200E}")]);
}

#[test]
fn invisible_characters_cannot_disguise_text() {
    for hidden in ['\u{200B}', '\u{2060}', '\u{FEFF}', '\u{AD}', '\u{202E}', '\u{2066}', '\u{9B}'] {
        let shown = app(&format!("ab{hidden}c"));
        assert_eq!(shown, [format!("ab{INVISIBLE_MARKER}c")], "U+{:04X}", u32::from(hidden));
    }
    assert_eq!(app("a\u{1B}[31mb"), ["a␛[31mb"]);
    assert_eq!(app("\u{64E}"), [format!("{DOTTED_CIRCLE}\u{64E}")]);
    assert_eq!(app("a\tb"), ["a␉b"]);
}

#[test]
fn arabic_indic_numbers_display_left_to_right() {
    assert_eq!(app("رقم ١٢٣٤"), ["١٢٣٤ ﻢﻗﺭ"]);
    assert_eq!(app("تاريخ ١٥/٠١/٢٠٢٤"), ["١٥/٠١/٢٠٢٤ ﺦﻳﺭﺎﺗ"]);
    assert_eq!(app("الساعة ١٠:٣٠"), ["١٠:٣٠ ﺔﻋﺎﺴﻟﺍ"]);
    assert_eq!(app("نسبة ٣٫٥"), ["٣٫٥ ﺔﺒﺴﻧ"]);
    assert_eq!(app("رقم ۱۲۳/۴"), ["۱۲۳/۴ ﻢﻗﺭ"]);
}

#[test]
fn hyphenated_numbers_stay_left_to_right_unlike_plain_uax9() {
    assert_eq!(app("هاتف ٠٦١-٢٣٤-٥٦٧"), ["٠٦١-٢٣٤-٥٦٧ ﻒﺗﺎﻫ"]);
    assert_eq!(app("تاريخ 2024-01-15"), ["2024-01-15 ﺦﻳﺭﺎﺗ"]);
    assert_eq!(app("ف-2024/0153"), ["2024/0153-ﻑ"]);
}
