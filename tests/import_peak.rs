//! Issue 9, item 6: an import's memory does not grow with the file. A test binary of its own,
//! so that its counting allocator ([`peak_alloc`]: the bytes live and their peak) counts only
//! this import: the same calls as `daftar import participants`, in the same order (see
//! `examples/import_phases.rs`), on N and then 4N rows, each into a new store. Counting bytes
//! is deterministic where timing and resident memory are not.
//!
//! What it can tell: at the filing of the issue an import held about 12 KB a row (4.9 GB for
//! 384,315 rows), and 4N rows would then peak at more than three times N's. What sled itself
//! keeps of a small store grows with it too (the peak here grows from 25–30 MB to 44–45 MB
//! from 2,500 to 10,000 rows, most of it sled writing each batch of 2,000), so a leak of a few
//! hundred bytes a row would not show here; `examples/import_phases.rs` measures at scale.
//! Writing every row in one batch (memory proportional to the file) fails it: 4.03x.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use daftar::store::{Author, Store};
use peak_alloc::PeakAlloc;

#[global_allocator]
static COUNTED: PeakAlloc = PeakAlloc;

/// `n` different people, as the import bench writes them.
fn csv(n: usize) -> String {
    let mut out = String::from("name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n");
    for i in 0..n {
        let (d, m, y) = (1 + i % 28, 1 + i % 12, 1960 + i % 30);
        out.push_str(&format!("سعيد بن علي {i},Said Benali {i},{d:02}/{m:02}/{y},F-{i:07},Salé,01/02/2020\n"));
    }
    out
}

/// The bytes an import of `n` rows into a new store held at its peak, beyond those live when
/// it began (the store open, its people read): check, batched writes, commit, and the copy of
/// the summaries written at the end.
fn import_peak(dir: &std::path::Path, n: usize) -> usize {
    let path = dir.join(format!("store-{n}"));
    drop(Store::open(&path).unwrap());
    let file = dir.join(format!("people-{n}.csv"));
    std::fs::write(&file, csv(n)).unwrap();
    let store = Store::open_existing(&path).unwrap();
    let people = store.people().unwrap();
    let today = chrono::Local::now().date_naive();
    let author = Author::BeforeAccounts("test".into());
    let budget = daftar::store::spill::DEFAULT_BUDGET;
    let before = COUNTED.current_usage();
    COUNTED.reset_peak_usage();
    {
        let mut import = store.begin_import_within(today, budget / daftar::import::SHARES).unwrap();
        let memory = daftar::import::Memory { budget, scratch: daftar::store::spill::Scratch::new(dir.to_path_buf()) };
        let reader = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(&file).unwrap());
        let mut problem = |e: daftar::import::RowError| panic!("line {}: {:?}", e.line, e.text(daftar::i18n::Lang::En));
        let mut add = |p| import.add(p);
        let outcome =
            daftar::import::check_within(reader, &people, today, &author, &memory, &mut |_| {}, &mut problem, &mut add)
                .unwrap_or_else(|_| panic!("the import stopped"));
        assert_eq!(outcome.rows, n);
        assert_eq!(import.commit().unwrap(), n);
        store.save_summaries_copy_from_tree().unwrap();
    }
    let peak = COUNTED.peak_usage().saturating_sub(before);
    assert_eq!(store.summaries().unwrap().len(), n, "every row imported");
    peak
}

#[test]
fn an_import_four_times_as_long_holds_far_less_than_four_times_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let n = 2_500;
    let small = import_peak(dir.path(), n);
    let large = import_peak(dir.path(), 4 * n);
    let mb = |b: usize| b as f64 / (1 << 20) as f64;
    eprintln!("import peak: {n} rows {:.1} MB, {} rows {:.1} MB", mb(small), 4 * n, mb(large));
    assert!(
        large * 4 < small * 11,
        "4x the rows took {:.2}x the memory ({:.1} MB against {:.1} MB): the import holds what grows with the file",
        large as f64 / small as f64,
        mb(large),
        mb(small)
    );
}
