//! `daftar text --mode app --dir rtl` against GNU FriBidi's `fribidi --nopad --nobreak`, both
//! as whole processes on the same generated corpus (10,000 lines of Arabic and mixed
//! Arabic/French/English text with harakat, lam-alef, digits, dates and brackets, about
//! 2.8 MB), run side by side several times. Prints each program's wall times and the ratio
//! daftar/fribidi (min and median); below 1.0 means Daftar is faster. Skips, saying so, when
//! `fribidi` is not installed.
//!
//! `cargo bench --bench text_vs_fribidi`; `DAFTAR_CORPUS=path` also writes the corpus there
//! (for profiling), `DAFTAR_RUNS=n` sets the number of runs (default 9).

use std::{
    io::Write,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

/// Words the corpus is made of, as interviewers write them.
const ARABIC: &[&str] = &[
    "قال",
    "المستفيد",
    "إنه",
    "يريد",
    "العودة",
    "إلى",
    "العمل",
    "بعد",
    "الإفراج",
    "عنه",
    "وإن",
    "أسرته",
    "تدعمه",
    "في",
    "مشروعه",
    "الصغير",
    "لبيع",
    "الخضر",
    "السوق",
    "لا",
    "الأسرة",
    "السلام",
    "مُحَمَّد",
    "كِتَابٌ",
    "الله",
    "المراجعة",
    "الفكرية",
    "مع",
    "العلماء",
    "سَلَامٌ",
    "الاندماج",
    "الاجتماعي",
    "لأن",
    "إلا",
    "السكن",
    "الدخل",
    "ة",
    "على",
    "هذا",
    "المقابلة",
    "الثانية",
    "تقدم",
    "ملحوظ",
    "،",
    "؟",
];
const LATIN: &[&str] = &[
    "Mohamed",
    "dossier",
    "né",
    "le",
    "à",
    "Salé",
    "suivi",
    "emploi",
    "logement",
    "projet",
    "(famille)",
    "CNSS",
    "OK",
    "prison",
    "release",
    "aftercare",
    "review",
    "«bien»",
    "[note]",
];
const NUMBERS: &[&str] =
    &["2024", "١٥/٠١/١٩٩٠", "07/03/1990", "ف-2024/0153", "٣٫٥", "10:30", "12%", "٠٦١-٢٣٤", "(2026)"];

/// A small deterministic generator (64-bit LCG), so every run measures the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.next() % words.len()]
    }
}

/// 10,000 lines: three in four mostly Arabic, one in four mixed; about 280 bytes each.
fn corpus() -> String {
    let mut rng = Lcg(0x5eed_da17);
    let mut out = String::with_capacity(3_000_000);
    for n in 0..10_000 {
        let mixed = n % 4 == 3;
        let start = out.len();
        while out.len() - start < 270 {
            let word = match rng.next() % 10 {
                0 => rng.pick(NUMBERS),
                1..=3 if mixed => rng.pick(LATIN),
                _ => rng.pick(ARABIC),
            };
            out.push_str(word);
            out.push(' ');
        }
        out.push_str(rng.pick(ARABIC));
        out.push('\n');
    }
    out
}

/// Wall time of one run of `program args < input`, output read and discarded.
fn run(program: &str, args: &[&str], input: &[u8]) -> Result<Duration, String> {
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().map_err(|e| format!("{program}: {e}"))?;
    let elapsed = started.elapsed();
    let _ = writer.join();
    if !output.status.success() || output.stdout.is_empty() {
        return Err(format!("{program} failed: {:?}", output.status));
    }
    Ok(elapsed)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let corpus = corpus();
    if let Some(path) = std::env::var_os("DAFTAR_CORPUS")
        && let Err(e) = std::fs::write(&path, &corpus)
    {
        eprintln!("cannot write the corpus: {e}");
    }
    let fribidi_args = ["--nopad", "--nobreak"];
    if Command::new("fribidi").args(fribidi_args).stdin(Stdio::null()).output().is_err() {
        println!("text_vs_fribidi: skipped, `fribidi` is not installed (apt-get install libfribidi-bin)");
        return;
    }
    let daftar = env!("CARGO_BIN_EXE_daftar");
    let daftar_args = ["text", "--mode", "app", "--dir", "rtl"];
    let runs: usize = std::env::var("DAFTAR_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(9).max(1);
    println!("text_vs_fribidi: {} lines, {} bytes, {runs} runs each", corpus.lines().count(), corpus.len());
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let timed = run(daftar, &daftar_args, corpus.as_bytes())
            .and_then(|d| Ok((d, run("fribidi", &fribidi_args, corpus.as_bytes())?)));
        match timed {
            Ok((d, f)) => {
                ours.push(d.as_secs_f64() * 1e3);
                theirs.push(f.as_secs_f64() * 1e3);
                ratios.push(d.as_secs_f64() / f.as_secs_f64());
            }
            Err(e) => {
                println!("text_vs_fribidi: {e}");
                return;
            }
        }
    }
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    println!("daftar text: min {:.1} ms, median {:.1} ms", min(&ours), median(ours.clone()));
    println!("fribidi:     min {:.1} ms, median {:.1} ms", min(&theirs), median(theirs.clone()));
    println!("ratio daftar/fribidi: min {:.3}, median {:.3}", min(&ratios), median(ratios));
}
