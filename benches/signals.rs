//! How soon a signal is answered (issue 9, item 3), measured, not judged: the real binary on a
//! pseudo-terminal of 80x24 is sent SIGTERM and timed until it has ended, five times each:
//!
//! - idle on Home (the main loop answers, and makes no backup on the way out);
//! - busy reading the record of a participant with 100,000 interviews;
//! - busy rebuilding that store's index at the start, before the first frame.
//!
//! The goal is what `src/tui.rs` promises: within about a second whatever Daftar is doing (the
//! watchdog's grace, then the draft saved and the terminal restored); each line says whether
//! the median met it, and whether the process was still busy when the signal came. The
//! integration tests check only what does not depend on speed: that the process ended before
//! the work it was busy with. The store is generated on the first run (under a minute) into
//! `target/bench-signals`.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use daftar::auth::SecretString;
use daftar::store::Store;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const PASSWORD: &str = "lantern orchard 7 river";
const INTERVIEWS: usize = 100_000;
const GOAL: Duration = Duration::from_secs(1);

fn fail(e: impl std::fmt::Display) -> ! {
    panic!("{e}")
}

/// The busy store: one participant with [`INTERVIEWS`] interviews and an administrator.
fn busy_store(root: &Path) -> PathBuf {
    let path = root.join(format!("busy-{INTERVIEWS}-v1"));
    if !path.join("db").exists() {
        let partial = root.join("busy.partial");
        let _ = std::fs::remove_dir_all(&partial);
        {
            let store = Store::open(&partial).unwrap_or_else(|e| fail(e));
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
            daftar::synth::fill(&store, 1, INTERVIEWS, 9, today, &mut |_| {}).unwrap_or_else(|e| fail(e));
            let pw = SecretString::from(PASSWORD.to_string());
            store.create_first_admin("admin", "Bench", &pw, &pw, chrono::Utc::now()).unwrap_or_else(|e| fail(e));
        }
        std::fs::rename(&partial, &path).unwrap_or_else(|e| fail(e));
    }
    path
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| fail(e));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| fail(e)).flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap_or_else(|e| fail(e));
        }
    }
}

/// Daftar on `store` in a pseudo-terminal, its screen kept up to date.
struct Running {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Running {
    fn start(store: &Path) -> Running {
        let pty = native_pty_system()
            .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
            .unwrap_or_else(|e| fail(e));
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_daftar"));
        cmd.arg("--store");
        cmd.arg(store);
        cmd.args(["--lang", "en"]);
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).unwrap_or_else(|e| fail(e));
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap_or_else(|e| fail(e));
        let writer = pty.master.take_writer().unwrap_or_else(|e| fail(e));
        let size = |n| NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(24), size(80), 0)));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = sink.lock() {
                    parser.process(&buf[..n]);
                }
            }
        });
        Running { child, writer, screen, _master: pty.master }
    }

    fn shows(&self, needle: &str) -> bool {
        self.screen.lock().is_ok_and(|p| p.screen().contents().contains(needle))
    }

    fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while !self.shows(needle) {
            assert!(start.elapsed() < Duration::from_secs(60), "{needle:?} never shown");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap_or_else(|e| fail(e));
        self.writer.flush().unwrap_or_else(|e| fail(e));
        std::thread::sleep(Duration::from_millis(60));
    }

    fn log_in(&mut self) {
        self.wait_for("Username");
        self.send("admin\r");
        self.send(&format!("{PASSWORD}\r"));
        self.wait_for("Participants");
    }

    /// Sends SIGTERM and returns how long the process took to end.
    fn terminate(&mut self) -> Duration {
        let pid = self.child.process_id().unwrap_or_else(|| fail("no pid"));
        let started = Instant::now();
        let status = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
        assert!(status.is_ok_and(|s| s.success()), "kill failed");
        loop {
            if self.child.try_wait().unwrap_or_else(|e| fail(e)).is_some() {
                return started.elapsed();
            }
            assert!(started.elapsed() < Duration::from_secs(60), "daftar did not end");
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// Runs `case` five times on fresh copies of `store`: each gives (how long, still busy).
fn measure(what: &str, store: &Path, scratch: &Path, case: impl Fn(&Path) -> (Duration, bool)) {
    let mut runs: Vec<(Duration, bool)> = (0..5)
        .map(|i| {
            let copy = scratch.join(format!("{what}-{i}"));
            let _ = std::fs::remove_dir_all(&copy);
            copy_dir(store, &copy);
            let run = case(&copy);
            let _ = std::fs::remove_dir_all(&copy);
            run
        })
        .collect();
    let busy = runs.iter().filter(|r| r.1).count();
    runs.sort();
    let (median, max) = (runs[2].0, runs[4].0);
    let verdict = if median < GOAL { "met" } else { "MISSED" };
    println!(
        "  {what:>34}: median {:>6.3} s, max {:>6.3} s (busy {busy} of 5); goal under {:.0} s: {verdict}",
        median.as_secs_f64(),
        max.as_secs_f64(),
        GOAL.as_secs_f64()
    );
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-signals");
    std::fs::create_dir_all(&root).unwrap_or_else(|e| fail(e));
    let store = busy_store(&root);
    let scratch = root.join("runs");
    println!("SIGTERM to the end of the process (release binary, 80x24 pseudo-terminal)");
    measure("idle on Home", &store, &scratch, |path| {
        let mut s = Running::start(path);
        s.log_in();
        (s.terminate(), false)
    });
    measure("reading a record of 100,000", &store, &scratch, |path| {
        let mut s = Running::start(path);
        s.log_in();
        s.send("\r");
        std::thread::sleep(Duration::from_millis(300));
        let busy = !s.shows("Interviews");
        (s.terminate(), busy)
    });
    measure("rebuilding the index at the start", &store, &scratch, |path| {
        {
            let db = sled::open(path).unwrap_or_else(|e| fail(e));
            db.open_tree("meta").and_then(|m| m.remove("index-format")).unwrap_or_else(|e| fail(e));
            db.flush().unwrap_or_else(|e| fail(e));
        }
        let mut s = Running::start(path);
        std::thread::sleep(Duration::from_millis(300));
        let busy = !s.shows("Username");
        (s.terminate(), busy)
    });
    let _ = std::fs::remove_dir_all(&scratch);
}
