//! An Arabic keyboard inside Daftar, for interviewers on locked-down machines whose system
//! keyboard is US-only: the key a US layout reports is mapped to what the same key types on the
//! standard "Arabic (101)" layout.
//!
//! Source: Microsoft's Arabic (101) layout (KBDA1), cross-checked against X11's `ara` symbols.
//! Where X11 differs, Microsoft is followed: `b`, `T`, `G`, `B` give lam-alef as two letters
//! (X11 gives presentation-form ligatures, which Daftar would store as such), `U` and `M` give
//! `‘` and `’` (X11: `` ` `` and `'`), and Shift+`\` stays `|` (X11: `…`). Both layouts swap the
//! parentheses: Shift+9 types `)` and Shift+0 types `(`, which show as the printed `(` and `)`
//! once mirrored in right-to-left text.

/// Printable ASCII, indexed from U+0020, to hand out keys that type themselves.
const ASCII: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// What the key that types `c` on a US layout (unshifted or shifted) types on Arabic (101);
/// `None` when `c` is not printable ASCII. Digits and most symbols type themselves.
pub fn arabic_key(c: char) -> Option<&'static str> {
    Some(match c {
        '`' => "ذ",
        'q' => "ض",
        'w' => "ص",
        'e' => "ث",
        'r' => "ق",
        't' => "ف",
        'y' => "غ",
        'u' => "ع",
        'i' => "ه",
        'o' => "خ",
        'p' => "ح",
        '[' => "ج",
        ']' => "د",
        'a' => "ش",
        's' => "س",
        'd' => "ي",
        'f' => "ب",
        'g' => "ل",
        'h' => "ا",
        'j' => "ت",
        'k' => "ن",
        'l' => "م",
        ';' => "ك",
        '\'' => "ط",
        'z' => "ئ",
        'x' => "ء",
        'c' => "ؤ",
        'v' => "ر",
        'b' => "لا",
        'n' => "ى",
        'm' => "ة",
        ',' => "و",
        '.' => "ز",
        '/' => "ظ",
        '~' => "\u{651}",
        '(' => ")",
        ')' => "(",
        'Q' => "\u{64E}",
        'W' => "\u{64B}",
        'E' => "\u{64F}",
        'R' => "\u{64C}",
        'T' => "لإ",
        'Y' => "إ",
        'U' => "\u{2018}",
        'I' => "÷",
        'O' => "×",
        'P' => "؛",
        '{' => "<",
        '}' => ">",
        'A' => "\u{650}",
        'S' => "\u{64D}",
        'D' => "]",
        'F' => "[",
        'G' => "لأ",
        'H' => "أ",
        'J' => "\u{640}",
        'K' => "،",
        'L' => "/",
        'Z' => "~",
        'X' => "\u{652}",
        'C' => "}",
        'V' => "{",
        'B' => "لآ",
        'N' => "آ",
        'M' => "\u{2019}",
        '<' => ",",
        '>' => ".",
        '?' => "؟",
        ' '..='~' => {
            let i = usize::from(c as u8 - b' ');
            return ASCII.get(i..=i);
        }
        _ => return None,
    })
}
