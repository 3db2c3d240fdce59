//! Arabic shaping: every joining type, lam-alef in its four alefs and two forms, harakat,
//! tatweel, ZWJ and ZWNJ. Expected strings are in logical order, as `shape_str` returns them.

use daftar::text::{
    BidiMode, Dir, layout,
    shape::{Joining, joining_type, shape, shape_str},
};

#[test]
fn joining_types_come_from_arabic_shaping_txt() {
    assert_eq!(joining_type('ا'), Joining::Right);
    assert_eq!(joining_type('ب'), Joining::Dual);
    assert_eq!(joining_type('\u{A872}'), Joining::Left); // PHAGS-PA SUPERFIXED LETTER RA
    assert_eq!(joining_type('ـ'), Joining::Causing);
    assert_eq!(joining_type('\u{200D}'), Joining::Causing);
    assert_eq!(joining_type('ء'), Joining::NonJoining);
    assert_eq!(joining_type('\u{200C}'), Joining::NonJoining);
    assert_eq!(joining_type('a'), Joining::NonJoining);
    assert_eq!(joining_type('\u{64E}'), Joining::Transparent); // fatha: listed nowhere, Mn
    assert_eq!(joining_type('\u{670}'), Joining::Transparent); // superscript alef
    assert_eq!(joining_type('\u{301}'), Joining::Transparent); // combining acute, Mn
}

#[test]
fn dual_joining_takes_four_forms() {
    assert_eq!(shape_str("ب"), "ﺏ");
    assert_eq!(shape_str("بب"), "ﺑﺐ");
    assert_eq!(shape_str("ببب"), "ﺑﺒﺐ");
}

#[test]
fn right_joining_joins_only_what_precedes_it() {
    assert_eq!(shape_str("ا"), "ﺍ");
    assert_eq!(shape_str("با"), "ﺑﺎ");
    assert_eq!(shape_str("اب"), "ﺍﺏ");
    assert_eq!(shape_str("بدب"), "ﺑﺪﺏ");
}

#[test]
fn left_joining_joins_only_what_follows_it() {
    // U+A872 has no presentation forms: it stays, but beh after it takes its final form.
    assert_eq!(shape_str("\u{A872}ب"), "\u{A872}ﺐ");
    assert_eq!(shape_str("ب\u{A872}"), "ﺏ\u{A872}");
}

#[test]
fn join_causing_tatweel_joins_both_sides_and_is_kept() {
    assert_eq!(shape_str("ـبـ"), "ـﺒـ");
    assert_eq!(shape_str("بـب"), "ﺑـﺐ");
    assert_eq!(shape_str("كـــبير"), "ﻛـــﺒﻴﺮ");
}

#[test]
fn non_joining_hamza_breaks_words() {
    assert_eq!(shape_str("بءب"), "ﺏءﺏ");
    assert_eq!(shape_str("ء"), "ء");
}

#[test]
fn harakat_are_transparent_and_kept() {
    assert_eq!(shape_str("بَبِب"), "ﺑَﺒِﺐ");
    assert_eq!(shape_str("كِتَابٌ"), "ﻛِﺘَﺎﺏٌ");
}

#[test]
fn zwj_forces_and_zwnj_breaks_joining_and_both_vanish() {
    assert_eq!(shape("ب\u{200D}"), [Some('ﺑ'), None]);
    assert_eq!(shape_str("\u{200D}ب"), "ﺐ");
    assert_eq!(shape_str("ب\u{200C}ب"), "ﺏﺏ");
}

#[test]
fn lam_alef_ligatures_isolated_and_final() {
    for (alef, isolated, final_) in [
        ('\u{622}', '\u{FEF5}', '\u{FEF6}'),
        ('\u{623}', '\u{FEF7}', '\u{FEF8}'),
        ('\u{625}', '\u{FEF9}', '\u{FEFA}'),
        ('\u{627}', '\u{FEFB}', '\u{FEFC}'),
    ] {
        assert_eq!(shape(&format!("ل{alef}")), [Some(isolated), None]);
        assert_eq!(shape_str(&format!("ب ل{alef}")), format!("ﺏ {isolated}"));
        assert_eq!(shape_str(&format!("بل{alef}")), format!("ﺑ{final_}"));
        assert_eq!(shape_str(&format!("ـل{alef}ب")), format!("ـ{final_}ﺏ"));
    }
}

#[test]
fn lam_alef_keeps_the_alefs_harakat_but_not_a_haraka_between_them() {
    assert_eq!(shape_str("لاً"), "ﻻً");
    // Like FriBidi, a haraka on the lam prevents the ligature.
    assert_eq!(shape_str("لَا"), "ﻟَﺎ");
}

#[test]
fn no_other_ligature() {
    assert_eq!(shape_str("الله"), "ﺍﻟﻠﻪ");
    assert_eq!(shape_str("لم"), "ﻟﻢ");
}

#[test]
fn letters_without_presentation_forms_stay_but_join() {
    // U+08A0 BEH WITH SMALL V BELOW is dual-joining with no presentation forms.
    assert_eq!(shape_str("ب\u{8A0}ب"), "ﺑ\u{8A0}ﺐ");
}

#[test]
fn alef_maksura_uses_its_uighur_medial_form_like_fribidi() {
    assert_eq!(shape_str("علىه"), "ﻋﻠﯩﻪ");
}

#[test]
fn ligature_is_one_cell_for_two_graphemes_and_harakat_take_none() {
    let line = &layout("بلا كِتَابٌ", Dir::Auto, 80, BidiMode::App)[0];
    assert_eq!(line.width, 7);
    let ligature = line.cells.iter().find(|c| line.cell_text(c) == "ﻼ").unwrap();
    assert_eq!((ligature.width, ligature.graphemes.clone()), (1, 1..3));
    let kaf = line.cells.iter().find(|c| line.cell_text(c).starts_with('ﻛ')).unwrap();
    assert_eq!((line.cell_text(kaf), kaf.width), ("ﻛ\u{650}", 1));
}

#[test]
fn joining_spans_the_paragraph_not_the_display_line() {
    // A word hard-broken over two lines keeps its joined forms.
    let lines = layout("بببب", Dir::Auto, 2, BidiMode::App);
    let shown: Vec<String> = lines.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["ﺒﺑ", "ﺐﺒ"]);
}
