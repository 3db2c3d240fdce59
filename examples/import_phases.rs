//! Issue 9, item 6: where an import's memory goes, phase by phase.
//!
//! `cargo run --release --example import_phases -- STORE N [FROM]` imports N generated rows
//! (numbered from FROM) into STORE (created when missing) the way `daftar import participants`
//! does (the same calls, in the same order: [`daftar::store::Store::open_existing`], `people`,
//! `begin_import_within`, [`daftar::import::check_within`], `commit`,
//! `save_summaries_copy_from_tree`), printing the process's peak (VmHWM) and current (VmRSS)
//! resident memory after each phase and every 100,000 rows.
//!
//! `... -- STORE alone` measures the store by itself in a fresh process: opened as commands
//! open it, then every summary read (what the Home list reads), then every person (what an
//! import reads first). An import's own cost is its peak less this.
//!
//! `... -- STORE tree` reads every summary from the summaries tree instead of their saved copy
//! (what the first start reads when the copy is not current), and how long it took.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use daftar::store::{Author, Store};

fn status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1));
    kb.and_then(|kb| kb.parse::<u64>().ok()).unwrap_or(0) / 1024
}

fn say(phase: &str) {
    println!("  {phase:<28} peak {:>5} MB, now {:>5} MB", status("VmHWM"), status("VmRSS"));
}

/// The bench's rows (`benches/import_forms.rs`): `n` different people numbered from `from`.
fn csv(n: usize, from: usize) -> String {
    let mut out = String::from("name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n");
    for i in from..from + n {
        let (d, m, y) = (1 + i % 28, 1 + i % 12, 1960 + i % 30);
        out.push_str(&format!("سعيد بن علي {i},Said Benali {i},{d:02}/{m:02}/{y},F-{i:07},Salé,01/02/2020\n"));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = std::path::PathBuf::from(&args[0]);
    say("start");
    if args[1] == "tree" {
        let store = Store::open_existing(&path).unwrap();
        say("opened");
        let started = std::time::Instant::now();
        let n = store.summaries_from_tree().unwrap().len();
        say(&format!("{n} summaries read from the tree"));
        println!("  summaries read in {:.2} s", started.elapsed().as_secs_f64());
        return;
    }
    if args[1] == "alone" {
        let store = Store::open_existing(&path).unwrap();
        say("opened");
        let started = std::time::Instant::now();
        let n = store.summaries().unwrap().len();
        say(&format!("{n} summaries read"));
        println!("  summaries read in {:.2} s", started.elapsed().as_secs_f64());
        let people = store.people().unwrap();
        say(&format!("{} people read", people.len()));
        return;
    }
    let n: usize = args[1].parse().unwrap();
    let from: usize = args.get(2).map_or(0, |f| f.parse().unwrap());
    if !path.exists() {
        drop(Store::open(&path).unwrap());
    }
    let file = path.with_extension("csv");
    std::fs::write(&file, csv(n, from)).unwrap();
    let store = Store::open_existing(&path).unwrap();
    say("opened");
    let today = chrono::Local::now().date_naive();
    let people = store.people().unwrap();
    say(&format!("{} people read", people.len()));
    let budget = daftar::store::spill::DEFAULT_BUDGET;
    let mut import = store.begin_import_within(today, budget / daftar::import::SHARES).unwrap();
    say("import begun");
    let memory = daftar::import::Memory { budget, scratch: daftar::store::spill::Scratch::new(std::env::temp_dir()) };
    let reader = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(&file).unwrap());
    let author = Author::BeforeAccounts("bench".into());
    let mut progress = |done: usize| {
        if done > 0 && done.is_multiple_of(100_000) {
            say(&format!("{done} rows checked"));
        }
    };
    let mut problem = |e: daftar::import::RowError| panic!("line {}: {:?}", e.line, e.text(daftar::i18n::Lang::En));
    let mut add = |p| import.add(p);
    let started = std::time::Instant::now();
    let outcome =
        daftar::import::check_within(reader, &people, today, &author, &memory, &mut progress, &mut problem, &mut add)
            .unwrap_or_else(|_| panic!("the import stopped"));
    say(&format!("{} rows checked and written", outcome.rows));
    let added = import.commit().unwrap();
    say(&format!("{added} committed"));
    drop(people);
    store.save_summaries_copy_from_tree().unwrap();
    say("summaries copy saved");
    println!("  {:.0} rows/s", n as f64 / started.elapsed().as_secs_f64());
    std::fs::remove_file(&file).unwrap();
}
