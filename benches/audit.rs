//! The audit trail at scale (issue 11, item 4): what appending an entry adds to a commit (goal:
//! under 1 ms), and `audit verify`'s rate in entries per second over a log of 5,000,000 entries
//! (`DAFTAR_BENCH_AUDIT_ENTRIES` sets another count), written straight into a scratch store in
//! batches ([`daftar::synth::audit_log`]) and removed afterwards.
//!
//! Measured (session 16, release, a shared 2-core VM): the entry adds 16.8 µs to a commit's
//! transaction (9.2 µs without it, 26.0 µs with it); a registration with its entry, flushed,
//! median 0.79 ms, p99 7.97 ms; the 5,000,000 entries written in 70.8 s; `audit verify` of
//! 5,020,202 entries in 31.5 s, 159,423 entries per second; the store 2.2 GB.

use std::time::{Duration, Instant};

use daftar::store::Store;

fn main() {
    let dir = tempfile::TempDir::new_in(env!("CARGO_TARGET_TMPDIR")).unwrap_or_else(|e| panic!("{e}"));
    let store = Store::open(&dir.path().join("store")).unwrap_or_else(|e| panic!("{e}"));
    // In the transaction, without its flush: the same transaction with and without the entry.
    let n = 20_000;
    let (plain, audited) = daftar::store::audit::measure_append(&store, n).unwrap_or_else(|e| panic!("{e}"));
    let per = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(n);
    println!(
        "append in a commit's transaction: {:.1} µs without the entry, {:.1} µs with it: {:.1} µs added ({n} commits)",
        per(plain),
        per(audited),
        per(audited) - per(plain)
    );
    // A whole commit as the interface makes it (the entry, its transaction and the flush to
    // disk): a registration, median of 200.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let mut rng = daftar::synth::Rng::new(11);
    let mut times: Vec<Duration> = (0..200)
        .map(|i| {
            let p = daftar::synth::participant(&mut rng, i, today);
            let started = Instant::now();
            store.register(&p, today).unwrap_or_else(|e| panic!("{e}"));
            started.elapsed()
        })
        .collect();
    times.sort();
    println!("a registration with its entry, flushed: median {:.2} ms, p99 {:.2} ms", ms(times[100]), ms(times[198]));
    let count: u64 = std::env::var("DAFTAR_BENCH_AUDIT_ENTRIES").ok().and_then(|n| n.parse().ok()).unwrap_or(5_000_000);
    let started = Instant::now();
    daftar::synth::audit_log(&store, count, 12).unwrap_or_else(|e| panic!("{e}"));
    println!("wrote a synthetic log of {count} entries in {:.1} s", started.elapsed().as_secs_f64());
    drop(store);
    let store = Store::open(&dir.path().join("store")).unwrap_or_else(|e| panic!("{e}"));
    let head = store.audit_head().unwrap_or_else(|e| panic!("{e}"));
    let verified =
        store.verify_audit(head.as_ref()).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|b| panic!("{b:?}"));
    println!(
        "audit verify: {} entries in {:.2} s, {:.0} entries per second",
        verified.count,
        verified.elapsed.as_secs_f64(),
        verified.rate()
    );
    let size: u64 = std::fs::read_dir(dir.path().join("store"))
        .map(|d| d.filter_map(|e| e.ok()).filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0);
    println!("store size with the log: {:.0} MB", size as f64 / 1e6);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
