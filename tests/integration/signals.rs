//! Issue 9, items 3 and 8: signals answered while the interface is busy, and every
//! acknowledged write on disk (fsynced) before the screen says it is saved.
//!
//! The busy case is real work on real data, never a test hook: a participant with 100,000
//! interviews, whose record takes many seconds to read in a debug build. The store is
//! generated once per target directory (about half a minute) and copied for each test.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use daftar::store::{Answer, Interview, Store};
use tempfile::TempDir;

use crate::pty::Session;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";

/// Generous: the answer is due within a second; machines running the suite are noisy.
const EXIT_BOUND: Duration = Duration::from_secs(5);

/// Interviews of the one participant of the busy store.
const BUSY_INTERVIEWS: usize = 100_000;

/// The generated store, shared read-only by the tests of this run and the next ones.
fn busy_store() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("busy-store-{BUSY_INTERVIEWS}-v1"));
        if !path.join("db").exists() {
            let partial = path.with_extension(format!("partial-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&partial);
            {
                let store = Store::open(&partial).unwrap();
                let today = crate::support::today();
                daftar::synth::fill(&store, 1, BUSY_INTERVIEWS, 9, today, &mut |_| {}).unwrap();
            }
            if std::fs::rename(&partial, &path).is_err() {
                // Another test process made it first.
                let _ = std::fs::remove_dir_all(&partial);
            }
        }
        path
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A private copy of the busy store.
fn busy_copy() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    copy_dir(busy_store(), &store);
    (dir, store)
}

/// Every draft in the store, read from sled's drafts tree directly: the store's own reads go
/// through every interview of the participant, which is what makes this store slow.
fn drafts(store: &Path) -> Vec<Interview> {
    let db = sled::open(store).unwrap();
    let tree = db.open_tree("drafts").unwrap();
    tree.iter().map(|item| serde_json::from_slice(&item.unwrap().1).unwrap()).collect()
}

/// Sends `signal` and returns how long the process took to end.
fn time_exit(s: &mut Session, signal: &str) -> Duration {
    let start = Instant::now();
    s.signal(signal);
    s.wait_exit();
    start.elapsed()
}

/// Opens the participant's record (slow) and starts an intake interview.
fn start_interview(s: &mut Session) {
    s.wait_for("Participants");
    s.send(ENTER);
    s.wait_for("Interviews");
    s.send("n");
    s.wait_for("Which form?");
    s.send(ENTER);
    s.wait_for("Section 1 of 8");
}

#[test]
fn sigterm_while_a_huge_record_is_read_saves_the_draft_and_releases_the_store_at_once() {
    let (_dir, store) = busy_copy();
    let mut s = Session::start(&store, "en");
    start_interview(&mut s);
    s.send("Tunisienne");
    s.send(ENTER);
    s.wait_for("Nationality *: Tunisienne");
    // Back to the record: the interface reads its 100,000 interviews again, for seconds.
    s.send(ESC);
    std::thread::sleep(Duration::from_millis(300));
    let took = time_exit(&mut s, "TERM");
    assert!(took < EXIT_BOUND, "SIGTERM answered after {took:?}; screen:\n{}", s.contents());
    assert!(!s.in_alternate_screen(), "the terminal is restored");
    // The lock is released: the store opens at once in another handle.
    drop(Store::open(&store).unwrap());
    let drafts = drafts(&store);
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert_eq!(drafts[0].answers["nationality"], Answer::Text("Tunisienne".into()));
}

#[test]
fn sighup_while_a_huge_record_is_read_ends_at_once_and_releases_the_store() {
    let (_dir, store) = busy_copy();
    let mut s = Session::start(&store, "fr");
    s.wait_for("Participants");
    s.send(ENTER);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains("Entretiens"), "the record must still be loading: the test needs more data");
    let took = time_exit(&mut s, "HUP");
    assert!(took < EXIT_BOUND, "SIGHUP answered after {took:?}; screen:\n{}", s.contents());
    drop(Store::open(&store).unwrap());
}
