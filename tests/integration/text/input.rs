//! Input-side helpers: sanitising, digits, search folding and the Arabic keyboard layer.

use daftar::text::{
    Lines, SanitizeError, arabic_key, fold, normalize_digits, parse_date_dmy, parse_int, sanitize, sanitize_char,
};

#[test]
fn sanitize_strips_bidi_controls_and_keeps_marks() {
    let input = "\u{202B}abc\u{202C} \u{2067}د\u{2069}\u{202A}\u{202D}\u{202E}\u{2066}\u{2068}";
    assert_eq!(sanitize(input, Lines::Single).unwrap(), "abc د");
    assert_eq!(sanitize("a\u{200E}b\u{200F}\u{61C}", Lines::Single).unwrap(), "a\u{200E}b\u{200F}\u{61C}");
}

#[test]
fn sanitize_refuses_controls_and_says_where() {
    for (input, ch, index) in [
        ("ab\u{7}", '\u{7}', 2),
        ("\u{1B}[2J", '\u{1B}', 0),
        ("x\u{9B}1m", '\u{9B}', 1),
        ("a\u{7F}", '\u{7F}', 1),
        ("é\u{0}", '\0', 1),
    ] {
        for lines in [Lines::Single, Lines::Multi] {
            assert_eq!(sanitize(input, lines), Err(SanitizeError { ch, index }));
        }
    }
    let message = sanitize("ab\u{7}", Lines::Single).unwrap_err().to_string();
    assert_eq!(message, "control character U+0007 at position 2 is not allowed");
}

#[test]
fn line_breaks_and_tabs_only_in_multi_line_fields() {
    assert_eq!(sanitize("a\r\nb\rc\u{2028}d\te", Lines::Multi).unwrap(), "a\nb\nc\nd\te");
    for bad in ["a\nb", "a\tb", "a\rb", "a\u{2029}b"] {
        assert!(sanitize(bad, Lines::Single).is_err(), "{bad:?}");
    }
}

#[test]
fn sanitize_returns_nfc() {
    assert_eq!(sanitize("e\u{301}te\u{301}", Lines::Single).unwrap(), "été");
    assert_eq!(sanitize("\u{627}\u{653}", Lines::Single).unwrap(), "\u{622}");
    // Harakat have no precomposed forms and stay after their letter.
    assert_eq!(sanitize("كِتَاب", Lines::Single).unwrap(), "كِتَاب");
}

#[test]
fn sanitize_char_accepts_drops_or_refuses() {
    assert_eq!(sanitize_char('ب', Lines::Single, 0), Ok(Some('ب')));
    assert_eq!(sanitize_char('\u{202E}', Lines::Single, 0), Ok(None));
    assert_eq!(sanitize_char('\u{200F}', Lines::Single, 0), Ok(Some('\u{200F}')));
    assert_eq!(sanitize_char('\n', Lines::Multi, 0), Ok(Some('\n')));
    assert!(sanitize_char('\n', Lines::Single, 4).is_err());
    assert!(sanitize_char('\u{1B}', Lines::Multi, 0).is_err());
}

#[test]
fn every_arabic_digit_normalizes() {
    let arabic: String = ('\u{660}'..='\u{669}').chain('\u{6F0}'..='\u{6F9}').collect();
    assert_eq!(normalize_digits(&arabic), "01234567890123456789");
    assert_eq!(normalize_digits("ف-٢٠٢٤/٠١٥٣ x9"), "ف-2024/0153 x9");
}

#[test]
fn parse_int_accepts_every_digit_set() {
    assert_eq!(parse_int("١٢٣"), Some(123));
    assert_eq!(parse_int(" -۴۲ "), Some(-42));
    assert_eq!(parse_int("+7"), Some(7));
    assert_eq!(parse_int("1٢۳"), Some(123));
    for bad in ["", "-", "12a", "1 2", "١٫٥", "99999999999999999999", "--1"] {
        assert_eq!(parse_int(bad), None, "{bad:?}");
    }
}

#[test]
fn parse_date_dmy_checks_the_calendar() {
    assert_eq!(parse_date_dmy("١٥/٠١/٢٠٢٤"), Some((15, 1, 2024)));
    assert_eq!(parse_date_dmy("۱۵/۰۱/۲۰۲۴"), Some((15, 1, 2024)));
    assert_eq!(parse_date_dmy("1/2/2024"), Some((1, 2, 2024)));
    assert_eq!(parse_date_dmy("29-02-2024"), Some((29, 2, 2024)));
    assert_eq!(parse_date_dmy("29.02.2000"), Some((29, 2, 2000)));
    for bad in [
        "29/02/2023",
        "29/02/1900",
        "31/04/2024",
        "00/01/2024",
        "15/13/2024",
        "15/01/24",
        "15/01-2024",
        "15/01/2024/1",
        "a/b/cdef",
        "",
        "123/01/2024",
    ] {
        assert_eq!(parse_date_dmy(bad), None, "{bad:?}");
    }
}

#[test]
fn fold_table() {
    for (input, folded) in [
        ("Élève ÉTÉ Ça", "eleve ete ca"),
        ("مُحَمَّدٌ", "محمد"),
        ("القُرْآنَ", "القران"),
        ("أحمد إبراهيم آمنة ٱبن", "احمد ابراهيم امنه ابن"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("كـــبير", "كبير"),
        ("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"),
        ("ع\u{200C}لي\u{200D} a\u{200B}b\u{200E}\u{202E}", "علي ab"),
        ("ﻻ ﷲ", "لا الله"),
        ("ٰ", ""),
    ] {
        assert_eq!(fold(input), folded, "{input}");
    }
}

/// Microsoft's Arabic (101) layout, row by row as its chart prints it, against the US keys.
#[test]
fn every_key_of_arabic_101() {
    let rows = [
        ("`1234567890-=", "ذ 1 2 3 4 5 6 7 8 9 0 - ="),
        ("qwertyuiop[]\\", "ض ص ث ق ف غ ع ه خ ح ج د \\"),
        ("asdfghjkl;'", "ش س ي ب ل ا ت ن م ك ط"),
        ("zxcvbnm,./", "ئ ء ؤ ر لا ى ة و ز ظ"),
        ("~!@#$%^&*()_+", "\u{651} ! @ # $ % ^ & * ) ( _ +"),
        ("QWERTYUIOP{}|", "\u{64E} \u{64B} \u{64F} \u{64C} لإ إ ‘ ÷ × ؛ < > |"),
        ("ASDFGHJKL:\"", "\u{650} \u{64D} ] [ لأ أ ـ ، / : \""),
        ("ZXCVBNM<>?", "~ \u{652} } { لآ آ ’ , . ؟"),
    ];
    let mut keys = vec![' '];
    assert_eq!(arabic_key(' '), Some(" "));
    for (us, arabic) in rows {
        let arabic: Vec<&str> = arabic.split(' ').collect();
        assert_eq!(us.chars().count(), arabic.len(), "{us}");
        for (key, want) in us.chars().zip(arabic) {
            assert_eq!(arabic_key(key), Some(want), "key {key:?}");
            keys.push(key);
        }
    }
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 95, "every printable ASCII key is checked");
    for not_a_key in ['\n', '\u{7F}', 'é', 'ب'] {
        assert_eq!(arabic_key(not_a_key), None);
    }
}
