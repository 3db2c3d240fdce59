//! A team on one PostgreSQL database (issue 13): 10 interviewers committing answers at once,
//! each on its own store handle and connections (as separate processes would be), over the
//! Unix socket; registration; and how long a change made by one takes to reach another.
//!
//! Needs an empty database on a durable server (Daftar refuses `fsync = off`):
//! `DAFTAR_BENCH_PG='postgresql:///benchdb?host=/run/postgresql' cargo bench --bench pg_team`.
//! Without it, it says so and measures nothing.

use std::time::{Duration, Instant};

use daftar::auth::SecretString;
use daftar::store::{Answer, Author, Interview, Measures, Position, RECORD_FORMAT, Status, Store};

const INTERVIEWERS: usize = 10;
const ANSWERS_EACH: u64 = 200;
const PASSWORD: &str = "lantern-orchard-river-13";

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn logged_in(url: &str) -> Store {
    let store = Store::open_database(url).unwrap_or_else(|e| panic!("{e}"));
    store
        .log_in("bench", &SecretString::from(PASSWORD.to_string()), chrono::Utc::now())
        .unwrap_or_else(|e| panic!("{e}"));
    store
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let Ok(url) = std::env::var("DAFTAR_BENCH_PG") else {
        println!(
            "pg_team: set DAFTAR_BENCH_PG to the address of an empty database on a durable server; nothing measured"
        );
        return;
    };
    let pw = SecretString::from(PASSWORD.to_string());
    let (reads, writes) = (
        daftar::store::pg::Pg::connect(&url).unwrap_or_else(|e| panic!("{e}")),
        daftar::store::pg::Pg::connect(&url).unwrap_or_else(|e| panic!("{e}")),
    );
    let made = Store::create_in_database(reads, writes, &url, "bench", "Bench Admin", &pw, &pw, chrono::Utc::now());
    drop(made.unwrap_or_else(|e| panic!("{e}")));

    // Ten interviewers at once: each registers a participant, then commits answers to a draft.
    let started = Instant::now();
    let workers: Vec<_> = (0..INTERVIEWERS)
        .map(|n| {
            let url = url.clone();
            std::thread::spawn(move || {
                let store = logged_in(&url);
                let p = daftar::synth::participant(&mut daftar::synth::Rng::new(n as u64 + 1), n, today());
                let t = Instant::now();
                store.register(&p, today()).unwrap_or_else(|e| panic!("{e}"));
                let registration = t.elapsed();
                let now = chrono::Utc::now();
                let mut draft = Interview {
                    format: RECORD_FORMAT,
                    id: daftar::store::Id::new_random(),
                    participant_id: p.id.clone(),
                    form_id: "intake".into(),
                    form_version: 2,
                    interviewer: Author::BeforeAccounts("bench".into()),
                    status: Status::Draft,
                    started_at: now,
                    updated_at: now,
                    finalized_at: None,
                    answers: Default::default(),
                    position: Position::default(),
                    next_due: None,
                    measures: Measures::default(),
                };
                let mut commits = Vec::new();
                for i in 0..ANSWERS_EACH {
                    draft.answers.insert(format!("q{}", i % 40), Answer::Text(format!("réponse {i} — جواب")));
                    draft.updated_at = chrono::Utc::now();
                    let t = Instant::now();
                    store.save_draft(&draft).unwrap_or_else(|e| panic!("{e}"));
                    commits.push(t.elapsed());
                }
                (registration, commits)
            })
        })
        .collect();
    let mut registrations = Vec::new();
    let mut commits = Vec::new();
    for w in workers {
        let (r, c) = w.join().unwrap_or_else(|_| panic!("an interviewer failed"));
        registrations.push(r);
        commits.extend(c);
    }
    let wall = started.elapsed();
    commits.sort();
    registrations.sort();
    let answers = commits.len();
    println!(
        "{INTERVIEWERS} interviewers, {answers} answers in {:.2} s: {:.0} answers/s; commit p50 {}, p99 {}, max {}",
        wall.as_secs_f64(),
        answers as f64 / wall.as_secs_f64(),
        ms(percentile(&commits, 0.5)),
        ms(percentile(&commits, 0.99)),
        ms(*commits.last().unwrap_or(&Duration::ZERO)),
    );
    println!(
        "registration (under the same load): median {}, max {}",
        ms(percentile(&registrations, 0.5)),
        ms(*registrations.last().unwrap_or(&Duration::ZERO))
    );

    // A registration alone, and how long it takes to reach another session's listener.
    let (writer, watcher) = (logged_in(&url), logged_in(&url));
    let mut listener =
        watcher.changes().unwrap_or_else(|| panic!("a database store listens")).unwrap_or_else(|e| panic!("{e}"));
    let mut alone = Vec::new();
    let mut seen = Vec::new();
    for n in 0..20 {
        let p = daftar::synth::participant(&mut daftar::synth::Rng::new(100 + n), 100 + n as usize, today());
        let t = Instant::now();
        writer.register(&p, today()).unwrap_or_else(|e| panic!("{e}"));
        alone.push(t.elapsed());
        loop {
            let trees = listener.wait(Duration::from_secs(5)).unwrap_or_else(|e| panic!("{e}"));
            if trees.iter().any(|t| t == "summaries") {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(5), "the change never arrived");
        }
        seen.push(t.elapsed());
    }
    alone.sort();
    seen.sort();
    println!(
        "registration alone: median {}, max {}",
        ms(percentile(&alone, 0.5)),
        ms(*alone.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "a registration reaches another session's listener (from the call, commit included): median {}, max {}",
        ms(percentile(&seen, 0.5)),
        ms(*seen.last().unwrap_or(&Duration::ZERO))
    );
}
