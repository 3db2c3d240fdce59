//! Issue 9, item 6: what memory a store costs by itself, apart from any import.
//!
//! `cargo run --release --example store_cost -- STORE open|sled|scan` opens an existing store
//! as commands do ([`daftar::store::Store::open_existing`]), or its sled database alone with
//! the commands' cache (32 MB), or that and then reads every entry of every tree; it prints the
//! process's peak resident memory (VmHWM) after each step.
//!
//! `... -- DIR write N` writes N entries the size of an import's (a participant and its
//! summary) into a new sled database at DIR, in batches of 2,000 each flushed, as an import
//! does, printing the peak every 100,000; with `EPOCH=N`, each batch is followed by N flushes
//! of sled's deferred frees (`PendingImport` does 16; more changed nothing). Measured with
//! 200,000 rows: 1,025 MB without, 227 MB with; at 100,000 rows, 109 MB with 16, 106 MB with
//! 256 (what remains is sled's own: the allocator's arenas changed nothing).
#![allow(clippy::unwrap_used)]

fn status(field: &str) -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1));
    format!("{} MB", kb.and_then(|kb| kb.parse::<u64>().ok()).unwrap_or(0) / 1024)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = std::path::PathBuf::from(&args[0]);
    let open = || sled::Config::new().path(&path).cache_capacity(32 << 20).open().unwrap();
    println!("start: peak {}", status("VmHWM"));
    match args.get(1).map_or("open", String::as_str) {
        "open" => {
            let store = daftar::store::Store::open_existing(&path).unwrap();
            println!("opened: peak {}", status("VmHWM"));
            drop(store);
        }
        "write" => {
            let n: usize = args[2].parse().unwrap();
            let db = open();
            let (participants, summaries) = (db.open_tree("participants").unwrap(), db.open_tree("summaries").unwrap());
            for start in (0..n).step_by(2000) {
                let (mut a, mut b) = (sled::Batch::default(), sled::Batch::default());
                for i in start..(start + 2000).min(n) {
                    let key = format!("{:032x}", (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835));
                    a.insert(key.as_bytes(), vec![b'x'; 350]);
                    b.insert(key.as_bytes(), vec![b'y'; 210]);
                }
                participants.apply_batch(a).unwrap();
                summaries.apply_batch(b).unwrap();
                db.flush().unwrap();
                let flushes = std::env::var("EPOCH").map_or(0, |n| n.parse().unwrap_or(16));
                for _ in 0..flushes {
                    sled::pin().flush();
                }
                if (start + 2000).is_multiple_of(100_000) {
                    println!("  {}: peak {}, now {}", start + 2000, status("VmHWM"), status("VmRSS"));
                }
            }
        }
        scan => {
            let db = open();
            println!("sled opened: peak {}", status("VmHWM"));
            if scan == "scan" {
                for name in db.tree_names() {
                    let tree = db.open_tree(&name).unwrap();
                    let (mut n, mut bytes) = (0u64, 0u64);
                    for kv in tree.iter() {
                        let (k, v) = kv.unwrap();
                        n += 1;
                        bytes += (k.len() + v.len()) as u64;
                    }
                    let name = String::from_utf8_lossy(&name);
                    println!("  {name}: {n} entries, {} MB, peak {}", bytes >> 20, status("VmHWM"));
                }
            }
        }
    }
    println!("end: peak {}", status("VmHWM"));
}
