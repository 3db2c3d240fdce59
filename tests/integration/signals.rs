//! Issue 9, items 3 and 8: signals answered while the interface is busy, and every
//! acknowledged write on disk (fsynced) before the screen says it is saved.
//!
//! The busy case is real work on real data, never a test hook: a participant with 100,000
//! interviews, whose record takes many seconds to read in a debug build. The store is
//! generated once per target directory (about half a minute) and copied for each test.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use daftar::store::{Answer, Store};
use tempfile::TempDir;

use crate::pty::Session;
use crate::support::copy_dir;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";

/// Interviews of the one participant of the busy store.
const BUSY_INTERVIEWS: usize = 100_000;

/// The generated store, shared read-only by the tests of this run and the next ones. Its name
/// carries the index format it was made with (v4: index format 6, the review lists in numbered order): a
/// store made by an older build would be rebuilt at every open of its copies, which is not
/// what these tests time.
fn busy_store() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("busy-store-{BUSY_INTERVIEWS}-v4"));
        if !path.join("db").exists() {
            let partial = path.with_extension(format!("partial-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&partial);
            {
                // Made encrypted with its administrator, then filled: a store from before
                // encryption would be encrypted (100,000 interviews) before every session.
                let pw = daftar::auth::SecretString::from(crate::support::ADMIN_PASSWORD.to_string());
                let now = chrono::Utc::now();
                let (store, _, _) =
                    Store::create_with_admin(&partial, crate::support::ADMIN, "Test Administrator", &pw, &pw, now)
                        .unwrap();
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

/// A private copy of the busy store.
fn busy_copy() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    copy_dir(busy_store(), &store);
    (dir, store)
}

/// Sends `signal`, waits for the process to end, and returns the last frame it drew (the
/// alternate screen just before it was left), read from every byte it wrote.
///
/// What a test asks of it is an order, not a time (machines running the suite are noisy): the
/// loop draws the screen a long read leads to as soon as the read ends, before it looks for a
/// signal, so a process that waited for its read would have drawn that screen last.
fn exit_on(s: &mut Session, signal: &str) -> String {
    s.signal(signal);
    s.wait_exit();
    last_frame(&s.raw())
}

/// The alternate screen as `raw` (a process's output) left it just before leaving it.
fn last_frame(raw: &[u8]) -> String {
    const LEAVE: &[u8] = b"\x1b[?1049l";
    let end = raw.windows(LEAVE.len()).rposition(|w| w == LEAVE).unwrap_or(raw.len());
    let size = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(24), size(80), 0);
    parser.process(&raw[..end]);
    parser.screen().contents()
}

/// Opens the participant's record (slow) and starts an intake interview.
fn start_interview(s: &mut Session) {
    // The open verifies the busy store's whole log (100,000 sealed interviews) before the
    // login goes on: slow in a debug build on a loaded machine.
    s.wait_for_within("Participants", Duration::from_secs(180));
    s.send(ENTER);
    // The record reads and opens its 100,000 sealed interviews: many seconds in a debug build.
    s.wait_for_within("Interviews", Duration::from_secs(180));
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
    assert!(!s.contents().contains("Interviews"), "the wizard must not look like the record:\n{}", s.contents());
    // Back to the record: the interface reads its 100,000 interviews again, for seconds.
    s.send(ESC);
    std::thread::sleep(Duration::from_millis(300));
    let last = exit_on(&mut s, "TERM");
    // Ended while the record was still being read: the record was never drawn again.
    assert!(last.contains("Nationality *: Tunisienne"), "SIGTERM waited for the record:\n{last}");
    assert!(!last.contains("Interviews"), "SIGTERM waited for the record:\n{last}");
    assert!(!s.in_alternate_screen(), "the terminal is restored");
    // The lock is released: the store opens at once in another handle.
    // (Read through that handle: a raw sled handle opened just after dropping another races
    // with sled's flusher thread, which keeps the lock a moment after the drop under load.)
    let reopened = crate::support::open_as_admin(&store);
    let drafts = reopened.drafts().unwrap();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert_eq!(drafts[0].answers["nationality"], Answer::Text("Tunisienne".into()));
}

#[test]
fn sighup_while_a_huge_record_is_read_ends_at_once_and_releases_the_store() {
    let (_dir, store) = busy_copy();
    let mut s = Session::start(&store, "fr");
    // The open verifies the busy store's whole log (100,000 sealed interviews) before the
    // login goes on: slow in a debug build on a loaded machine.
    s.wait_for_within("Participants", Duration::from_secs(180));
    s.send(ENTER);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!s.contents().contains("Entretiens"), "the record must still be loading: the test needs more data");
    let last = exit_on(&mut s, "HUP");
    assert!(last.contains("Participants") && !last.contains("Entretiens"), "SIGHUP waited for the record:\n{last}");
    drop(Store::open(&store).unwrap());
}

/// The calls that matter for durability, as `strace -f -y` printed them, in order.
struct Trace {
    lines: Vec<String>,
}

const TRACED: &str = "trace=openat,write,writev,pwrite64,pwritev,pwritev2,fsync,fdatasync,sync_file_range";

/// Runs daftar on `store` under strace in a pseudo-terminal; None (with a visible note) where
/// strace is missing or cannot trace, unless `DAFTAR_REQUIRE_STRACE` is set (as in CI).
fn traced_session(store: &Path, log: &Path) -> Option<Session> {
    let usable = std::process::Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-e", "trace=fsync", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !usable {
        if std::env::var_os("DAFTAR_REQUIRE_STRACE").is_some() {
            panic!("cannot run strace: install it with `apt-get install strace` (DAFTAR_REQUIRE_STRACE is set)");
        }
        eprintln!("note: strace is not installed or cannot trace here; the durability trace is skipped");
        return None;
    }
    let log = log.to_str().unwrap();
    let store = store.to_str().unwrap();
    let daftar = env!("CARGO_BIN_EXE_daftar");
    let args = ["-f", "-qq", "-y", "-s", "0", "-e", TRACED, "-o", log, "--", daftar, "--store", store, "--lang", "en"];
    Some(Session::start_program("strace", &args))
}

/// A store write not yet followed by an `fsync`/`fdatasync` of the same file that began after
/// it, when the terminal was written to.
#[derive(Debug)]
struct Unsynced {
    terminal_write: usize,
    file: String,
    written_at: usize,
}

/// The path in `<…>` that strace's `-y` puts after a file descriptor.
fn fd_path(arg: &str) -> Option<&str> {
    let start = arg.find('<')? + 1;
    let end = start + arg[start..].find('>')?;
    Some(&arg[start..end])
}

impl Trace {
    fn read(path: &Path) -> Trace {
        Trace { lines: std::fs::read_to_string(path).unwrap().lines().map(str::to_string).collect() }
    }

    /// Walks the trace: every write to a file under `store` makes it dirty from the line where
    /// the write returned; an `fsync`/`fdatasync` of that file that began after makes it clean;
    /// `O_EXCL` creation makes the directory dirty until the directory is synced. Every write
    /// to the terminal (the only way the screen can say "saved") must find nothing dirty.
    fn unsynced(&self, store: &str) -> (Vec<Unsynced>, usize) {
        use std::collections::HashMap;
        let mut dirty: HashMap<String, usize> = HashMap::new();
        let mut pending: HashMap<String, (String, String, usize)> = HashMap::new();
        let mut out = Vec::new();
        let mut syncs = 0;
        for (i, line) in self.lines.iter().enumerate() {
            let Some((pid, rest)) = line.split_once(' ') else { continue };
            let rest = rest.trim_start();
            let (name, args, start, ret) = if let Some(resumed) = rest.strip_prefix("<... ") {
                let Some((name, tail)) = resumed.split_once(" resumed>") else { continue };
                let Some((n, args, start)) = pending.remove(pid) else { continue };
                assert_eq!(n, name, "{line}");
                (n, format!("{args}{tail}"), start, tail.rsplit_once(" = ").map(|t| t.1.to_string()))
            } else {
                let Some((name, args)) = rest.split_once('(') else { continue };
                if args.ends_with("<unfinished ...>") {
                    pending.insert(pid.to_string(), (name.to_string(), args.to_string(), i));
                }
                let first = args.split(',').next().unwrap_or("");
                let terminal = fd_path(first).is_some_and(|p| p.starts_with("/dev/pts/")) || first.starts_with("1<");
                if matches!(name, "write" | "writev") && terminal {
                    out.extend(dirty.iter().map(|(f, &w)| Unsynced {
                        terminal_write: i,
                        file: f.clone(),
                        written_at: w,
                    }));
                }
                if args.ends_with("<unfinished ...>") {
                    continue;
                }
                (name.to_string(), args.to_string(), i, args.rsplit_once(" = ").map(|t| t.1.to_string()))
            };
            let Some(ret) = ret else { continue };
            let first = args.split(',').next().unwrap_or("");
            let value: i64 =
                ret.split(|c: char| !c.is_ascii_digit() && c != '-').next().unwrap_or("").parse().unwrap_or(-1);
            match name.as_str() {
                "write" | "writev" | "pwrite64" | "pwritev" | "pwritev2" if value > 0 => {
                    if let Some(file) = fd_path(first).filter(|p| p.starts_with(store)) {
                        dirty.insert(file.to_string(), i);
                    }
                }
                "fsync" | "fdatasync" if value == 0 => {
                    if let Some(file) = fd_path(first).filter(|p| p.starts_with(store)) {
                        syncs += 1;
                        if dirty.get(file).is_some_and(|&w| start > w) {
                            dirty.remove(file);
                        }
                    }
                }
                "openat" if args.contains("O_EXCL") && value >= 0 => {
                    if let Some(created) = fd_path(&ret).filter(|p| p.starts_with(store)) {
                        let dir = Path::new(created).parent().unwrap().to_str().unwrap().to_string();
                        dirty.insert(dir, i);
                    }
                }
                _ => {}
            }
        }
        (out, syncs)
    }
}

#[test]
fn every_write_the_screen_acknowledges_is_fsynced_before_the_screen_changes() {
    const TAB: &str = "\t";
    let dir = TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let store = root.join("store");
    let log = root.join("strace.log");
    let Some(mut s) = traced_session(&store, &log) else { return };
    // A setting (the interviewer's name), a registration, then an intake opened.
    s.first_run_to_an_intake();
    // Draft answers, one commit each, then finalizing.
    for keys in ["Marocaine", ENTER, ENTER, "طنجة", ENTER, "1", ENTER] {
        s.send(keys);
    }
    s.wait_for("Section 2 of 8");
    for keys in ["2019/153", ENTER, "1", ENTER, "60", ENTER, "Salé 2", ENTER, "15/01/2019", ENTER, "n", ENTER] {
        s.send(keys);
    }
    s.finalize_from_section_3();
    // A change of stage, on the record.
    s.wait_for("Interviews");
    s.send("t");
    s.send("2");
    s.send(TAB);
    s.send(TAB);
    s.send("Admis");
    s.send("\x13");
    s.wait_for("Stage recorded.");
    // A setting: the display mode.
    s.send(ESC);
    // The open verifies the busy store's whole log (100,000 sealed interviews) before the
    // login goes on: slow in a debug build on a loaded machine.
    s.wait_for_within("Participants", Duration::from_secs(180));
    s.send("s");
    s.wait_for("Pick the line");
    s.send("\x1b[B");
    s.send(ENTER);
    s.wait_for("Display mode saved.");
    s.send("\x11");
    assert_eq!(s.wait_exit(), Some(0));

    let trace = Trace::read(&log);
    let (unsynced, syncs) = trace.unsynced(store.to_str().unwrap());
    let mut seen = std::collections::BTreeSet::new();
    let first: Vec<&Unsynced> = unsynced.iter().filter(|u| seen.insert(u.written_at)).collect();
    let shown: Vec<String> = first
        .iter()
        .take(5)
        .map(|u| {
            let (w, t) = (u.written_at, u.terminal_write);
            format!(
                "{} written at line {}: {}\n  then the terminal, line {}: {}",
                u.file,
                w + 1,
                trace.lines[w],
                t + 1,
                trace.lines[t]
            )
        })
        .collect();
    assert!(first.is_empty(), "{} writes were not on disk when the screen changed:\n{}", first.len(), shown.join("\n"));
    // One setting, a registration, about twenty draft answers, a finalization, a stage change
    // and a setting, each synced.
    let writes = trace.lines.iter().filter(|l| l.contains("pwrite64(") && l.contains("/store/db>")).count();
    eprintln!("{writes} writes to the store's data file, {syncs} fsync/fdatasync calls on the store");
    assert!(syncs >= 20, "only {syncs} fsync/fdatasync calls on the store");
    // The data really went through the traced paths.
    let export = crate::support::daftar_admin(&store, &["export"]);
    let text = String::from_utf8(export.stdout).unwrap();
    assert!(text.contains("\"status\":\"final\"") && text.contains("طنجة"), "{text}");
}

#[test]
fn a_value_too_large_for_the_log_is_synced_in_its_blob_file_and_directory_before_it_is_reported() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let store = root.join("store");
    crate::support::create_store(&store);
    // A form definition is stored whole, its comments too: past about 128 KB sled keeps the
    // value in a file of its own under blobs/.
    let mut source = std::fs::read_to_string(crate::support::data("forms/visits.toml")).unwrap();
    source = source.replace("id = \"visits\"", "id = \"visits_notes\"");
    for n in 0..4000 {
        source.push_str(&format!("# note {n}: a long comment that makes this definition large enough\n"));
    }
    let form = root.join("big.toml");
    std::fs::write(&form, source).unwrap();
    let log = root.join("strace.log");
    let usable =
        std::process::Command::new("strace").args(["-o", "/dev/null", "true"]).status().is_ok_and(|s| s.success());
    if !usable {
        assert!(
            std::env::var_os("DAFTAR_REQUIRE_STRACE").is_none(),
            "cannot run strace (DAFTAR_REQUIRE_STRACE is set)"
        );
        eprintln!("note: strace is not installed or cannot trace here; the blob durability trace is skipped");
        return;
    }
    crate::support::give_admin(&store);
    let out = crate::support::output_as_admin(
        std::process::Command::new("strace")
            .args(["-f", "-qq", "-y", "-s", "0", "-e", TRACED, "-o"])
            .arg(&log)
            .arg(env!("CARGO_BIN_EXE_daftar"))
            .arg("--store")
            .arg(&store)
            .args(["forms", "install"])
            .arg(&form),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("visits_notes"), "{out:?}");
    let trace = Trace::read(&log);
    let blobs = store.join("blobs");
    let created = trace.lines.iter().filter(|l| l.contains("O_EXCL") && l.contains(blobs.to_str().unwrap())).count();
    assert!(created >= 1, "the test needs a value stored as a blob:\n{}", trace.lines.join("\n"));
    let (unsynced, _) = trace.unsynced(store.to_str().unwrap());
    let files: std::collections::BTreeSet<&str> = unsynced.iter().map(|u| u.file.as_str()).collect();
    assert!(unsynced.is_empty(), "not on disk when the command said it was installed: {files:?}");
}

#[test]
fn sigterm_during_a_long_start_ends_at_once_and_the_store_reopens_whole() {
    let (_dir, store) = busy_copy();
    // An index from another layout, as after an upgrade: opening rebuilds it from the 100,000
    // interviews, for seconds, before the first frame.
    {
        let db = crate::support::raw_sled(&store);
        db.open_tree("meta").unwrap().remove("index-format").unwrap();
        db.flush().unwrap();
    }
    let mut s = Session::start_raw(&store, &["--lang", "en"]);
    std::thread::sleep(Duration::from_millis(1000));
    assert!(!s.contents().contains("Participants"), "the start must still be under way: the test needs more data");
    let last = exit_on(&mut s, "TERM");
    assert!(!last.contains("Participants"), "SIGTERM waited for the start:\n{last}");
    // Ended before the rebuild did: the index is still marked as to be rebuilt.
    {
        let db = crate::support::raw_sled(&store);
        assert_eq!(db.open_tree("meta").unwrap().get("index-format").unwrap(), None, "SIGTERM waited for the rebuild");
    }
    // Stopped half-way through the rebuild: the next open rebuilds it again, whole.
    let reopened = crate::support::open_as_admin(&store);
    assert_eq!(reopened.summaries().unwrap().len(), 1);
}
