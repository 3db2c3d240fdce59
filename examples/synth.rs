//! Generates a synthetic store for benchmarks and demonstrations:
//! `cargo run --release --example synth -- PATH PARTICIPANTS INTERVIEWS`
//! (default 100000 participants and 1000000 interviews).

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: synth PATH [PARTICIPANTS] [INTERVIEWS]");
        std::process::exit(2);
    };
    let participants = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let interviews = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let started = Instant::now();
    let store = match daftar::store::Store::open(std::path::Path::new(path)) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(1);
        }
    };
    let today = chrono::Local::now().date_naive();
    let result = daftar::synth::fill(&store, participants, interviews, 42, today, &mut |done| {
        eprint!("\r{done} of {participants} participants written");
    });
    eprintln!();
    match result {
        Ok(()) => eprintln!("done in {:.1} s: {path}", started.elapsed().as_secs_f64()),
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(1);
        }
    }
}
