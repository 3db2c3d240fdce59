//! `daftar text`: what an administrator runs to check a terminal, and what scripts use.

use std::io::Write;
use std::process::{Command, Stdio};

fn daftar_text(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .arg("text")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A run refused for its arguments may exit before reading: a broken pipe is expected then.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn app_mode_reorders_and_shapes_like_fribidi() {
    let input = "مرحبا (world) 123\nالسلام عليكم يا أحمد، الملف رقم 2024/153\nRéunion à 10h (قاعة ٣)\n";
    let ours = stdout(&daftar_text(&[], input.as_bytes()));
    let lines: Vec<&str> = input.lines().collect();
    if let Some(theirs) = crate::text::fribidi::fribidi(&lines) {
        let theirs: Vec<String> = theirs.iter().map(|l| l.replace('\u{FEFF}', "")).collect();
        assert_eq!(ours.lines().collect::<Vec<_>>(), theirs);
    }
    let expected = ["123 (world) ﺎﺒﺣﺮﻣ", "2024/153 ﻢﻗﺭ ﻒﻠﻤﻟﺍ ،ﺪﻤﺣﺃ ﺎﻳ ﻢﻜﻴﻠﻋ ﻡﻼﺴﻟﺍ", "Réunion à 10h (٣ ﺔﻋﺎﻗ)"];
    assert_eq!(ours.lines().collect::<Vec<_>>(), expected);
    assert_eq!(ours.lines().next().unwrap(), "123 (world) ﺎﺒﺣﺮﻣ");
}

#[test]
fn modes_direction_and_width() {
    let line = "سجن سلا 2 (الجناح ب)\n";
    assert_eq!(stdout(&daftar_text(&["--mode", "terminal"], line.as_bytes())), line);
    assert_eq!(stdout(&daftar_text(&["--mode", "reorder"], line.as_bytes())), "(ب حانجلا) 2 الس نجس\n");
    assert_eq!(stdout(&daftar_text(&["--mode", "app"], line.as_bytes())), "(ﺏ ﺡﺎﻨﺠﻟﺍ) 2 ﻼﺳ ﻦﺠﺳ\n");
    // One output line per display line, wrapped in logical order. The space the line breaks
    // at ends the first line logically, so (rule L1) it shows at its left end.
    let wrapped = stdout(&daftar_text(&["--width", "10"], line.as_bytes()));
    assert_eq!(wrapped, " 2 ﻼﺳ ﻦﺠﺳ\n(ﺏ ﺡﺎﻨﺠﻟﺍ)\n");
    // An explicit direction: two Latin words in a right-to-left paragraph read from the right.
    assert_eq!(stdout(&daftar_text(&["--dir", "rtl"], b"(a) b\n")), "b (a)\n");
    assert_eq!(stdout(&daftar_text(&["--dir", "ltr"], b"(a) b\n")), "(a) b\n");
}

#[test]
fn bad_input_gets_a_clear_message() {
    let output = daftar_text(&[], b"ok\n\xff\xfe\n");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2 of the input is not UTF-8"), "{stderr}");
    let output = daftar_text(&["--width", "0"], b"x\n");
    assert_eq!(output.status.code(), Some(1));
    let output = daftar_text(&["--mode", "both"], b"x\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("app"), "{output:?}");
}
