//! UAX #9 conformance of Daftar's reordering path (`Bidi::reorder`, which `layout` uses) on
//! every case of Unicode's BidiTest.txt and BidiCharacterTest.txt (15.0.0, gzipped in
//! tests/data). Each character is its own unit, so levels and order are compared per character;
//! characters removed by rule X9 (`x`) are skipped as the files specify.

use std::{collections::BTreeMap, fs::File, io::Read, ops::Range, path::Path};

use daftar::text::{
    bidi::{Bidi, Dir},
    resolve_dir,
};
use flate2::read::GzDecoder;

fn read_gz(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    let mut text = String::new();
    GzDecoder::new(File::open(&path).unwrap()).read_to_string(&mut text).unwrap();
    text
}

/// `(unit index, level)` from left to right for `text`, one unit per character, by the strict
/// UAX #9 path or (`display`) the one `layout` uses.
fn reorder(text: &str, dir: Dir, display: bool) -> Vec<(usize, u8)> {
    let units: Vec<Range<usize>> = text.char_indices().map(|(i, c)| i..i + c.len_utf8()).collect();
    let bidi = if display { Bidi::for_display(text, dir) } else { Bidi::new(text, dir) };
    bidi.reorder(&units)
}

/// Expected levels (`None` for `x`) and visual order, against what [`reorder`] gives.
fn check(text: &str, dir: Dir, levels: &[Option<u8>], order: &[usize], display: bool) -> Result<(), String> {
    let got = reorder(text, dir, display);
    let mut got_levels = vec![0; levels.len()];
    for &(i, level) in &got {
        got_levels[i] = level;
    }
    let got_order: Vec<usize> = got.iter().map(|&(i, _)| i).filter(|&i| levels[i].is_some()).collect();
    let level_ok = levels.iter().zip(&got_levels).all(|(want, got)| want.is_none_or(|w| w == *got));
    match (level_ok, got_order == order) {
        (true, true) => Ok(()),
        (false, _) => Err(format!("levels {got_levels:?}, want {levels:?}")),
        (true, false) => Err(format!("order {got_order:?}, want {order:?}")),
    }
}

fn levels(field: &str) -> Vec<Option<u8>> {
    field.split_whitespace().map(|l| l.parse().ok()).collect()
}

fn numbers(field: &str) -> Vec<usize> {
    field.split_whitespace().map(|n| n.parse().unwrap()).collect()
}

/// A character of each bidi class, to spell BidiTest.txt's class sequences.
fn sample(class: &str) -> char {
    match class {
        "L" => 'a',
        "R" => '\u{5D0}',
        "AL" => '\u{627}',
        "EN" => '0',
        "ES" => '+',
        "ET" => '$',
        "AN" => '\u{660}',
        "CS" => ',',
        "NSM" => '\u{300}',
        "BN" => '\u{AD}',
        "B" => '\u{2029}',
        "S" => '\t',
        "WS" => ' ',
        "ON" => '!',
        "LRE" => '\u{202A}',
        "RLE" => '\u{202B}',
        "PDF" => '\u{202C}',
        "LRO" => '\u{202D}',
        "RLO" => '\u{202E}',
        "LRI" => '\u{2066}',
        "RLI" => '\u{2067}',
        "FSI" => '\u{2068}',
        "PDI" => '\u{2069}',
        _ => panic!("unknown bidi class {class}"),
    }
}

/// Failures per category, with the first example of each.
#[derive(Default)]
struct Tally {
    cases: usize,
    failures: BTreeMap<String, (usize, String)>,
}

impl Tally {
    fn record(&mut self, category: impl FnOnce() -> String, result: Result<(), String>) {
        self.cases += 1;
        if let Err(why) = result {
            let entry = self.failures.entry(category()).or_insert((0, why));
            entry.0 += 1;
        }
    }

    /// Asserts the failure counts per category are exactly `expected`.
    fn assert(self, file: &str, expected: &[(&str, usize)]) {
        let got: Vec<(&str, usize)> = self.failures.iter().map(|(k, (n, _))| (k.as_str(), *n)).collect();
        let report: String = self.failures.iter().map(|(k, (n, e))| format!("\n  {k}: {n} (first: {e})")).collect();
        eprintln!("{file}: {} cases, failures:{report}", self.cases);
        assert_eq!(got, expected, "{file}: failure counts changed:{report}");
    }
}

#[test]
fn bidi_test_txt() {
    let data = read_gz("BidiTest.txt.gz");
    let mut tally = Tally::default();
    let (mut want_levels, mut want_order) = (Vec::new(), Vec::new());
    for line in data.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(l) = line.strip_prefix("@Levels:") {
            want_levels = levels(l);
        } else if let Some(o) = line.strip_prefix("@Reorder:") {
            want_order = numbers(o);
        } else if let Some((classes, bits)) = line.split_once(';') {
            let text: String = classes.split_whitespace().map(sample).collect();
            let bits = u8::from_str_radix(bits.trim(), 16).unwrap();
            for (bit, dir) in [(1, Dir::Auto), (2, Dir::Ltr), (4, Dir::Rtl)] {
                if bits & bit != 0 {
                    let result = check(&text, dir, &want_levels, &want_order, false);
                    tally.record(|| format!("{dir} {}", classes.trim()), result);
                }
            }
        }
    }
    assert_eq!(tally.cases, 770_241, "every BidiTest.txt case must run");
    tally.assert("BidiTest.txt", &[]);
}

/// Runs every BidiCharacterTest.txt case; failures are keyed by paragraph direction.
fn character_tests(display: bool) -> Tally {
    let data = read_gz("BidiCharacterTest.txt.gz");
    let mut tally = Tally::default();
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let f: Vec<&str> = line.split(';').collect();
        let text: String =
            f[0].split_whitespace().map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap()).collect();
        let dir = [Dir::Ltr, Dir::Rtl, Dir::Auto][f[1].parse::<usize>().unwrap()];
        let para_rtl = f[2] == "1";
        let result = if resolve_dir(&text, dir) == para_rtl {
            check(&text, dir, &levels(f[3]), &numbers(f[4]), display)
        } else {
            Err("paragraph level".to_owned())
        };
        let hyphen = if text.contains('-') { " with '-'" } else { "" };
        tally.record(|| format!("{dir}{hyphen}"), result);
    }
    assert_eq!(tally.cases, 91_707, "every BidiCharacterTest.txt case must run");
    tally
}

#[test]
fn bidi_character_test_txt() {
    character_tests(false).assert("BidiCharacterTest.txt", &[]);
}

/// The display path differs from UAX #9 only where `-` separates two Arabic numbers (see
/// `DisplayClasses`): exactly these 7 cases, all with a `-`.
#[test]
fn display_path_differs_only_for_hyphenated_numbers() {
    character_tests(true).assert("BidiCharacterTest.txt (display path)", &[("ltr with '-'", 6), ("rtl with '-'", 1)]);
}
