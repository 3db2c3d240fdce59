//! Measures what verifying a store costs: `cargo run --release --example verify_cost -- PATH N`
//! generates a store of N participants (10 interviews each) at PATH if there is none, then times
//! `daftar::store::verify::verify` three times and one full open.
#![allow(clippy::unwrap_used)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = std::path::Path::new(&args[1]);
    let n: usize = args[2].parse().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    if !path.join("db").exists() {
        let t = std::time::Instant::now();
        let store = daftar::store::Store::open(path).unwrap();
        daftar::synth::fill(&store, n, n * 10, 42, today, &mut |_| {}).unwrap();
        drop(store);
        drop(daftar::store::Store::open(path).unwrap());
        eprintln!("generated in {:?}", t.elapsed());
    }
    let len = std::fs::metadata(path.join("db")).unwrap().len();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let r = daftar::store::verify::verify(path);
        eprintln!("verify {} bytes: {:?} in {:?}", len, r.is_ok(), t.elapsed());
    }
    let t = std::time::Instant::now();
    drop(daftar::store::Store::open_existing(path).unwrap());
    eprintln!("full open (verify + sled) in {:?}", t.elapsed());
}
