//! What a durable commit costs (issue 9, item 8): saving one draft answer on a real store
//! (sled's flush, then `fdatasync`, see `store::durable`), against the raw cost of the disk:
//! a small write and `fdatasync`/`fsync` of a file in the same directory, and sled's own
//! insert and flush without the `fdatasync` Daftar adds.
//!
//! Besides divan's table, `main` first prints the median and the 99th percentile of each,
//! over 1,000 commits, which divan does not give.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use daftar::store::{Answer, Interview, Measures, Position, RECORD_FORMAT, Status, Store};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
}

/// A fresh directory beside the build, on the disk a store would be on (not a tmpfs).
fn scratch() -> tempfile::TempDir {
    tempfile::TempDir::new_in(env!("CARGO_TARGET_TMPDIR")).unwrap_or_else(|e| panic!("{e}"))
}

/// A store with one participant and a draft intake interview.
fn store_with_draft(dir: &Path) -> (Store, Interview) {
    let store = Store::open(&dir.join("store")).unwrap_or_else(|e| panic!("{e}"));
    let p = daftar::synth::participant(&mut daftar::synth::Rng::new(5), 0, today());
    store.register(&p, today()).unwrap_or_else(|e| panic!("{e}"));
    let now = chrono::Utc::now();
    let draft = Interview {
        format: RECORD_FORMAT,
        id: daftar::store::Id::new_random(),
        participant_id: p.id.clone(),
        form_id: "intake".into(),
        form_version: 2,
        interviewer: daftar::store::Author::BeforeAccounts("bench".into()),
        status: Status::Draft,
        started_at: now,
        updated_at: now,
        finalized_at: None,
        answers: Default::default(),
        position: Position::default(),
        next_due: None,
        measures: Measures::default(),
    };
    store.save_draft(&draft).unwrap_or_else(|e| panic!("{e}"));
    (store, draft)
}

/// What one Enter in the wizard writes: the draft with one more (or another) answer.
fn commit(store: &Store, draft: &mut Interview, n: u64) {
    draft.answers.insert(format!("q{}", n % 40), Answer::Text(format!("réponse {n} — جواب")));
    draft.updated_at = chrono::Utc::now();
    store.save_draft(draft).unwrap_or_else(|e| panic!("{e}"));
}

/// 200 bytes appended, then `fdatasync`: a log's write.
fn append_fdatasync(file: &mut File) {
    file.write_all(&[b'x'; 200]).unwrap_or_else(|e| panic!("{e}"));
    file.sync_data().unwrap_or_else(|e| panic!("{e}"));
}

/// 200 bytes written over the start of the file, then `fdatasync` (no metadata to write).
fn overwrite_fdatasync(file: &File) {
    file.write_all_at(&[b'z'; 200], 0).unwrap_or_else(|e| panic!("{e}"));
    file.sync_data().unwrap_or_else(|e| panic!("{e}"));
}

/// 200 bytes written over the start of the file, then `fsync` (the time stamps too).
fn overwrite_fsync(file: &File) {
    file.write_all_at(&[b'y'; 200], 0).unwrap_or_else(|e| panic!("{e}"));
    file.sync_all().unwrap_or_else(|e| panic!("{e}"));
}

/// A file to append to.
fn raw_file(dir: &Path) -> (PathBuf, File) {
    let path = dir.join("raw");
    let file = OpenOptions::new().create(true).append(true).open(&path).unwrap_or_else(|e| panic!("{e}"));
    (path, file)
}

/// A 4 KB file, already on disk, to write over (not opened to append: Linux's `pwrite` on
/// such a file appends).
fn file_in_place(dir: &Path) -> File {
    let path = dir.join("in-place");
    std::fs::write(&path, [0u8; 4096]).unwrap_or_else(|e| panic!("{e}"));
    let file = OpenOptions::new().write(true).open(&path).unwrap_or_else(|e| panic!("{e}"));
    file.sync_all().unwrap_or_else(|e| panic!("{e}"));
    file
}

fn percentiles(name: &str, mut run: impl FnMut(u64)) {
    for n in 0..50 {
        run(n);
    }
    let mut times: Vec<Duration> = (0..1000)
        .map(|n| {
            let start = Instant::now();
            run(n);
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!("{name:<36} median {:>9.3?}   p99 {:>9.3?}   max {:>9.3?}", at(0.5), at(0.99), at(1.0));
}

fn main() {
    println!("1,000 samples each, in {}:", env!("CARGO_TARGET_TMPDIR"));
    {
        let dir = scratch();
        let (store, mut draft) = store_with_draft(dir.path());
        percentiles("draft answer commit (durable)", |n| commit(&store, &mut draft, n));
    }
    {
        let dir = scratch();
        let (_, mut file) = raw_file(dir.path());
        percentiles("raw 200-byte append + fdatasync", |_| append_fdatasync(&mut file));
        let file = file_in_place(dir.path());
        percentiles("raw 200-byte overwrite + fdatasync", |_| overwrite_fdatasync(&file));
        percentiles("raw 200-byte overwrite + fsync", |_| overwrite_fsync(&file));
    }
    {
        let dir = scratch();
        let db = sled::open(dir.path().join("sled")).unwrap_or_else(|e| panic!("{e}"));
        percentiles("sled insert + flush alone", |n| {
            db.insert(b"k", format!("value {n}").as_bytes()).unwrap_or_else(|e| panic!("{e}"));
            db.flush().unwrap_or_else(|e| panic!("{e}"));
        });
    }
    divan::main();
}

/// One draft answer saved as the wizard saves it on Enter, durable when it returns.
#[divan::bench(sample_count = 200)]
fn draft_answer_commit(bencher: divan::Bencher) {
    let dir = scratch();
    let (store, mut draft) = store_with_draft(dir.path());
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        commit(&store, &mut draft, n);
    });
}

/// The disk's own cost: 200 bytes appended to a file beside the store, then `fdatasync`.
#[divan::bench(sample_count = 200)]
fn raw_append_fdatasync(bencher: divan::Bencher) {
    let dir = scratch();
    let (_, mut file) = raw_file(dir.path());
    bencher.bench_local(|| append_fdatasync(&mut file));
}

/// 200 bytes written in place, then `fdatasync`.
#[divan::bench(sample_count = 200)]
fn raw_overwrite_fdatasync(bencher: divan::Bencher) {
    let dir = scratch();
    let file = file_in_place(dir.path());
    bencher.bench_local(|| overwrite_fdatasync(&file));
}

/// 200 bytes written in place, then `fsync`.
#[divan::bench(sample_count = 200)]
fn raw_overwrite_fsync(bencher: divan::Bencher) {
    let dir = scratch();
    let file = file_in_place(dir.path());
    bencher.bench_local(|| overwrite_fsync(&file));
}
