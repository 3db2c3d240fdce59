//! Layout cost per frame. Budget: a full 200x60 screen of Arabic in under 1 ms.

use daftar::text::{BidiMode, Dir, layout};

fn main() {
    divan::main();
}

/// 80 columns of what interviewers type: Arabic with harakat and lam-alef, French, digits.
const MIXED: &str = "الاسم: مُحَمَّد (Mohamed) — dossier ف-2024/0153, né le ١٥/٠١/١٩٩٠ à Salé; لا";

const ARABIC: &str =
    "قال المستفيد إنه يريد العودة إلى العمل بعد الإفراج عنه، وإن أسرته تدعمه في مشروعه الصغير لبيع الخضر في السوق ";

/// 60 lines of Arabic, each as close to 200 columns as whole words allow.
fn screen() -> Vec<String> {
    let words: Vec<&str> = ARABIC.split(' ').filter(|w| !w.is_empty()).collect();
    let mut lines = Vec::new();
    let mut w = words.iter().cycle();
    for _ in 0..60 {
        let mut line = String::new();
        loop {
            let next = w.next().copied().unwrap_or("");
            let candidate = format!("{line}{next} ");
            if layout(&candidate, Dir::Auto, usize::MAX, BidiMode::App)[0].width > 200 {
                break;
            }
            line = candidate;
        }
        lines.push(line);
    }
    lines
}

#[divan::bench]
fn mixed_line_80_columns(bencher: divan::Bencher) {
    bencher.bench(|| layout(divan::black_box(MIXED), Dir::Auto, 80, BidiMode::App));
}

#[divan::bench]
fn arabic_screen_200x60(bencher: divan::Bencher) {
    let lines = screen();
    bencher.bench(|| {
        lines.iter().map(|l| layout(divan::black_box(l), Dir::Auto, 200, BidiMode::App).len()).sum::<usize>()
    });
}
