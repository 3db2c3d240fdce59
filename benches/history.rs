//! The history of a participant at scale (issue 11, Build 3 and its bench): a register of
//! 100,000 participants and 1,000,000 interviews (`daftar::synth::fill`) with an audit log of
//! 5,000,000 entries spread over the participants (`daftar::synth::participant_audit_log`),
//! indexed by record. Measures opening a participant's history (its first page read from the
//! index; goal under 50 ms), what appending an entry with its index row adds to a commit (goal
//! under 1 ms), and `audit verify` of the whole log, index check included, with its rate.
//! `DAFTAR_BENCH_HISTORY_ENTRIES` sets another count, `DAFTAR_BENCH_HISTORY_PARTICIPANTS` and
//! `DAFTAR_BENCH_HISTORY_INTERVIEWS` another register, `DAFTAR_BENCH_HISTORY_PART` the entries
//! written per build step, `DAFTAR_BENCH_HISTORY_VERIFY=n` runs only `audit verify` n times.
//! The store is built once per size into `target/bench-history-P-I-E` and kept (7.8 GB at full
//! size: delete it when done); each build step runs in a process of its own.
//!
//! Measured (session 18, release, the shared 2-core VM beside other sessions building and
//! testing): see README, "History of a participant", for the table at the three sizes. At full
//! size: built in 243 s (register) and about 578 s (the log in five parts with its index rows,
//! written in key order); opening a history median 0.85 ms, p99 16.6 ms, the very first (cold)
//! 741 ms; an entry with its index row adds 42.6 µs to a commit; `audit verify` 5,020,203 entries in 57.5 s, 87,289 per second (cold, the test suite
//! building beside it), 165,000 to 343,000 per second warm;
//! the store 7.8 GB. Session 17 had only reached a fifth of that size.

use std::time::{Duration, Instant};

use daftar::store::Store;

fn var(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

fn main() {
    let participants = var("DAFTAR_BENCH_HISTORY_PARTICIPANTS", 100_000) as usize;
    let interviews = var("DAFTAR_BENCH_HISTORY_INTERVIEWS", 1_000_000) as usize;
    let entries = var("DAFTAR_BENCH_HISTORY_ENTRIES", 5_000_000);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    // The store is built once per size and kept: a run on a kept store starts measuring at once.
    let target = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let path = target.join(format!("bench-history-{participants}-{interviews}-{entries}"));
    let built = target.join(format!("bench-history-{participants}-{interviews}-{entries}.built"));
    if let Ok(step) = std::env::var("DAFTAR_BENCH_HISTORY_STEP") {
        build_step(&step, &path, participants, interviews, today);
        return;
    }
    match std::fs::read_to_string(&built) {
        Ok(times) => println!("kept store {} (built: {})", path.display(), times.trim()),
        Err(_) => {
            // A store whose build did not finish is made again from nothing.
            if path.exists() {
                std::fs::remove_dir_all(&path).unwrap_or_else(|e| panic!("{e}"));
            }
            // Each step in a process of its own: sled's memory grows with what a process
            // writes and is not given back when the store is closed (one process writing the
            // whole store went past 24 GB and was killed).
            let step = |what: String| {
                let started = Instant::now();
                let status = std::process::Command::new(std::env::current_exe().unwrap_or_else(|e| panic!("{e}")))
                    .env("DAFTAR_BENCH_HISTORY_STEP", what)
                    .status()
                    .unwrap_or_else(|e| panic!("{e}"));
                assert!(status.success(), "a step of the build failed: {status}");
                started.elapsed().as_secs_f64()
            };
            let register = step("register".into());
            println!("register: {participants} participants, {interviews} interviews in {register:.1} s");
            let part = var("DAFTAR_BENCH_HISTORY_PART", 1_000_000).max(1);
            let mut log = 0.0;
            let mut written = 0;
            while written < entries {
                let count = part.min(entries - written);
                log += step(format!("log:{written}:{count}"));
                written += count;
                println!("  {written} entries after {log:.1} s");
            }
            println!("audit log: {entries} entries over the participants, with their index rows, in {log:.1} s");
            let times = format!("register {register:.1} s, audit log with its index rows {log:.1} s");
            std::fs::write(&built, times).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let started = Instant::now();
    let store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    println!("store opened in {:.2} s, memory {} MB", started.elapsed().as_secs_f64(), rss_mb());
    // `DAFTAR_BENCH_HISTORY_VERIFY=n`: only `audit verify`, n times (to compare builds).
    if let Some(n) = std::env::var("DAFTAR_BENCH_HISTORY_VERIFY").ok().and_then(|n| n.parse::<u32>().ok()) {
        for _ in 0..n {
            let head = store.audit_head().unwrap_or_else(|e| panic!("{e}"));
            let verified =
                store.verify_audit(head.as_ref()).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|b| panic!("{b:?}"));
            println!(
                "audit verify: {} entries in {:.2} s, {:.0} per second",
                verified.count,
                verified.elapsed.as_secs_f64(),
                verified.rate()
            );
        }
        return;
    }
    println!("log length: {} entries", store.audit_len().unwrap_or_else(|e| panic!("{e}")));
    let ids: Vec<daftar::store::Id> =
        store.participants().unwrap_or_else(|e| panic!("{e}")).into_iter().map(|p| p.id).collect();
    // Opening a history: its first page (what the screen shows first), for 300 participants
    // picked at random, the first 50 read cold.
    let mut rng = daftar::synth::Rng::new(3);
    let mut times = Vec::new();
    let mut sizes = 0usize;
    let mut longest = (0usize, Duration::ZERO);
    for _ in 0..300 {
        let id = &ids[rng.below(ids.len() as u64) as usize];
        let started = Instant::now();
        let page = store
            .record_history(id.as_str(), None, daftar::app::history_screen::PAGE)
            .unwrap_or_else(|e| panic!("{e}"));
        times.push(started.elapsed());
        sizes += page.entries.len();
        // The whole history of the same participant, every page.
        let started = Instant::now();
        let all = store.record_history(id.as_str(), None, usize::MAX).unwrap_or_else(|e| panic!("{e}"));
        let whole = started.elapsed();
        if all.entries.len() > longest.0 {
            longest = (all.entries.len(), whole);
        }
    }
    let cold: Vec<Duration> = times[..50].to_vec();
    times.sort();
    println!(
        "open a participant's history (first page, {:.0} entries on average): median {:.2} ms, p99 {:.2} ms, max {:.2} ms; cold (first 50) max {:.2} ms",
        sizes as f64 / 300.0,
        ms(times[150]),
        ms(times[296]),
        ms(times[299]),
        ms(cold.iter().copied().max().unwrap_or_default())
    );
    println!("the longest whole history seen: {} entries read in {:.2} ms", longest.0, ms(longest.1));
    // Appending: the same transaction without and with an entry (its index row included).
    let n = 20_000;
    let (plain, audited) = daftar::store::audit::measure_append(&store, n).unwrap_or_else(|e| panic!("{e}"));
    let per = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(n);
    println!(
        "append with its index row in a commit's transaction: {:.1} µs without the entry, {:.1} µs with it: {:.1} µs added ({n} commits, log of {} entries)",
        per(plain),
        per(audited),
        per(audited) - per(plain),
        store.audit_len().unwrap_or_else(|e| panic!("{e}"))
    );
    // New file numbers and ids on a kept store that earlier runs registered into already.
    let registered = ids.len();
    let mut rng = daftar::synth::Rng::new(11 + registered as u64);
    let mut regs: Vec<Duration> = (0..200)
        .map(|i| {
            let p = daftar::synth::participant(&mut rng, registered + i, today);
            let started = Instant::now();
            store.register(&p, today).unwrap_or_else(|e| panic!("{e}"));
            started.elapsed()
        })
        .collect();
    regs.sort();
    println!(
        "a registration with its entry and index row, flushed: median {:.2} ms, p99 {:.2} ms",
        ms(regs[100]),
        ms(regs[198])
    );
    let head = store.audit_head().unwrap_or_else(|e| panic!("{e}"));
    let verified =
        store.verify_audit(head.as_ref()).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|b| panic!("{b:?}"));
    println!(
        "audit verify (chain and index): {} entries in {:.2} s, {:.0} entries per second (memory {} MB)",
        verified.count,
        verified.elapsed.as_secs_f64(),
        verified.rate(),
        rss_mb()
    );
    let size = disk_size(&path);
    println!("store size: {:.0} MB; memory at the end {} MB", size as f64 / 1e6, rss_mb());
}

/// One step of building the store, in its own process: the register, or `log:FROM:COUNT`,
/// that many entries of the log after the `FROM` already written.
fn build_step(step: &str, path: &std::path::Path, participants: usize, interviews: usize, today: chrono::NaiveDate) {
    let store = Store::open(path).unwrap_or_else(|e| panic!("{e}"));
    if step == "register" {
        daftar::synth::fill(&store, participants, interviews, 42, today, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    } else if let Some((from, count)) = step.strip_prefix("log:").and_then(|s| s.split_once(':')) {
        let from: u64 = from.parse().unwrap_or_else(|e| panic!("{e}"));
        let count: u64 = count.parse().unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<daftar::store::Id> =
            store.participants().unwrap_or_else(|e| panic!("{e}")).into_iter().map(|p| p.id).collect();
        daftar::synth::participant_audit_log(&store, &ids, count, 7 + from).unwrap_or_else(|e| panic!("{e}"));
    } else {
        panic!("unknown step {step}");
    }
    println!("  (step {step}: memory at its end {} MB)", rss_mb());
}

/// The memory this process holds (resident), in MB, as Linux reports it; 0 elsewhere.
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb / 1024)
}

/// The bytes of every file under `path`.
fn disk_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let meta = e.metadata().ok()?;
                    Some(if meta.is_dir() { disk_size(&e.path()) } else { meta.len() })
                })
                .sum()
        })
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
