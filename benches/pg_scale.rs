//! Daftar on PostgreSQL at programme scale (issue 13): start to first frame after login at
//! 100,000 participants, the budget being 1.5 s (a sled store's is 1 s: here every summary
//! comes over the socket). The median of 5 starts, with and without the login's key
//! derivation, as `benches/scale.rs` measures a folder's store.
//!
//! Needs a database on a durable server (Daftar refuses `fsync = off`):
//! `DAFTAR_BENCH_PG='postgresql:///benchscale?host=/run/postgresql' cargo bench --bench pg_scale`.
//! An empty database is filled once (100,000 participants, 200,000 interviews; some minutes)
//! and reused. Without the variable, it says so and measures nothing.

use std::time::{Duration, Instant};

use daftar::app::{App, Screen};
use daftar::auth::SecretString;
use daftar::i18n::Lang;
use daftar::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ADMIN: &str = "bench";
const PASSWORD: &str = "lantern-orchard-river-13";
const PARTICIPANTS: usize = 100_000;
const INTERVIEWS: usize = 200_000;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
}

fn main() {
    let Ok(url) = std::env::var("DAFTAR_BENCH_PG") else {
        println!("pg_scale: set DAFTAR_BENCH_PG to the address of a database on a durable server; nothing measured");
        return;
    };
    let pw = SecretString::from(PASSWORD.to_string());
    if daftar::store::is_free_for_a_store(std::path::Path::new(&url)).unwrap_or_else(|e| panic!("{e}")) {
        eprintln!("pg_scale: filling the database ({PARTICIPANTS} participants, {INTERVIEWS} interviews)…");
        let started = Instant::now();
        let (reads, writes) = (
            daftar::store::pg::Pg::connect(&url).unwrap_or_else(|e| panic!("{e}")),
            daftar::store::pg::Pg::connect(&url).unwrap_or_else(|e| panic!("{e}")),
        );
        let made = Store::create_in_database(reads, writes, &url, ADMIN, "Bench Admin", &pw, &pw, chrono::Utc::now());
        let (store, _, _) = made.unwrap_or_else(|e| panic!("{e}"));
        daftar::synth::fill(&store, PARTICIPANTS, INTERVIEWS, 42, today(), &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        eprintln!("pg_scale: filled in {:.1} s", started.elapsed().as_secs_f64());
    }
    let mut runs: Vec<(Duration, Duration)> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let store = Store::open_database(&url).unwrap_or_else(|e| panic!("{e}"));
            let mut app = App::new(store, Lang::En, today(), None).unwrap_or_else(|e| panic!("{e}"));
            let login = Instant::now();
            app.login(ADMIN, &pw, chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
            let login = login.elapsed();
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|e| panic!("{e}"));
            let _ = terminal.draw(|frame| daftar::ui::view(&app.state, frame));
            assert!(matches!(app.state.screen, Screen::Home(_)), "Home after the login");
            assert_eq!(app.state.directory.len(), PARTICIPANTS, "every participant on Home");
            (started.elapsed(), login)
        })
        .collect();
    runs.sort();
    let (total, login) = runs[2];
    println!(
        "pg_scale: start to first frame after login at {PARTICIPANTS} participants on PostgreSQL: {:.3} s with the key derivation, {:.3} s without it (login {:.3} s); budget 1.5 s",
        total.as_secs_f64(),
        (total - login).as_secs_f64(),
        login.as_secs_f64()
    );
}
