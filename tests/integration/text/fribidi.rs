//! App mode against GNU FriBidi, the reference for terminals that do neither bidi nor shaping:
//! `render_lines` must print what `fribidi --nopad --nobreak` prints for every line of
//! tests/data/fribidi_lines.txt, up to FriBidi's own conventions (see [`normalize`]).
//! FriBidi's output is also kept in tests/data/fribidi_expected.txt: where the `fribidi`
//! command is installed (always in CI, where `DAFTAR_REQUIRE_FRIBIDI=1` makes its absence an
//! error) the test runs it and checks the kept output is still what it prints; elsewhere it
//! compares with the kept output.

use std::{
    fs,
    io::Write,
    path::Path,
    process::{Command, Stdio},
};

use daftar::text::{BidiMode, Dir, render_lines};

/// Runs `fribidi --nopad --nobreak` once over all `lines`, or None when it is not installed
/// (an error when `DAFTAR_REQUIRE_FRIBIDI` is set, as in CI).
pub fn fribidi(lines: &[&str]) -> Option<Vec<String>> {
    let spawned =
        Command::new("fribidi").args(["--nopad", "--nobreak"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if std::env::var_os("DAFTAR_REQUIRE_FRIBIDI").is_some() => {
            panic!("cannot run `fribidi` ({e}): install it with `apt-get install libfribidi-bin`")
        }
        Err(_) => {
            eprintln!("note: `fribidi` is not installed; comparing with its output kept in tests/data");
            return None;
        }
    };
    let mut input = lines.join("\n");
    input.push('\n');
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "fribidi failed: {output:?}");
    Some(String::from_utf8(output.stdout).unwrap().lines().map(str::to_owned).collect())
}

/// Removes what only FriBidi's conventions add: the U+FEFF it leaves where the alef of a
/// lam-alef ligature was, and ZWJ/ZWNJ, which it prints and Daftar hides once they have
/// acted on joining. A letter that joins nothing (hamza) may be itself or its isolated form.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{FEFF}' | '\u{200C}' | '\u{200D}'))
        .map(|c| if c == '\u{FE80}' { '\u{621}' } else { c })
        .collect()
}

#[test]
fn app_mode_matches_fribidi() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fribidi_lines.txt");
    let fixture = fs::read_to_string(path).unwrap();
    let cases: Vec<(&str, bool)> = fixture
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| match l.strip_prefix("≠ ") {
            Some(l) => (l, true),
            None => (l, false),
        })
        .collect();
    assert!(cases.len() >= 300, "the fixture must keep a few hundred lines");
    let lines: Vec<&str> = cases.iter().map(|&(l, _)| l).collect();
    let kept_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fribidi_expected.txt");
    let kept: Vec<String> = fs::read_to_string(kept_path).unwrap().lines().map(str::to_owned).collect();
    let reference = match fribidi(&lines) {
        Some(live) => {
            assert_eq!(live, kept, "tests/data/fribidi_expected.txt is not what this fribidi prints; regenerate it");
            live
        }
        None => kept,
    };
    assert_eq!(reference.len(), lines.len(), "fribidi printed one line per input line");
    let mut report = String::new();
    for ((line, differs), theirs) in cases.iter().zip(&reference) {
        let ours = render_lines(line, BidiMode::App, Dir::Auto, None).join("\n");
        let same = normalize(&ours) == normalize(theirs);
        if same == *differs {
            let want = if *differs { "differ" } else { "match" };
            report.push_str(&format!("\n{line}\n  daftar:  {ours}\n  fribidi: {theirs}\n  (expected to {want})"));
        }
    }
    assert!(report.is_empty(), "App mode vs FriBidi:{report}");
}
