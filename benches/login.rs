//! What one login costs (issue 10): `Store::log_in` on a real store with the production
//! Argon2id parameters (64 MiB, t=3, p=4), the derivation included, and the derivation alone.
//! The goal is under 0.5 s in a release build.
//!
//! Besides divan's table, `main` first prints the median of 15 logins.

use std::time::{Duration, Instant};

use daftar::auth::SecretString;
use daftar::store::Store;

const PASSWORD: &str = "lantern orchard 7 river";

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::TempDir::new_in(env!("CARGO_TARGET_TMPDIR")).unwrap_or_else(|e| panic!("{e}"));
    let pw = SecretString::from(PASSWORD.to_string());
    let (store, _, _) =
        Store::create_with_admin(&dir.path().join("store"), "admin", "Bench", &pw, &pw, chrono::Utc::now())
            .unwrap_or_else(|e| panic!("{e}"));
    (dir, store)
}

fn main() {
    let (_dir, store) = store();
    let pw = SecretString::from(PASSWORD.to_string());
    let mut times: Vec<Duration> = (0..15)
        .map(|_| {
            let start = Instant::now();
            store.log_in("admin", &pw, chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
            start.elapsed()
        })
        .collect();
    times.sort();
    println!("login (Argon2id 64 MiB, t=3, p=4, and the account's update): median {:?}, max {:?}", times[7], times[14]);
    drop(store);
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn login(bencher: divan::Bencher) {
    let (_dir, store) = store();
    let pw = SecretString::from(PASSWORD.to_string());
    bencher
        .bench_local(|| store.log_in("admin", &pw, chrono::Utc::now()).map(|_| ()).unwrap_or_else(|e| panic!("{e}")));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn derivation_alone() -> daftar::auth::kdf::MasterSecret {
    let pw = SecretString::from(PASSWORD.to_string());
    daftar::auth::kdf::master_secret(&pw, &[7; 16], daftar::auth::kdf::KdfParams::CURRENT)
        .unwrap_or_else(|e| panic!("{e}"))
}
