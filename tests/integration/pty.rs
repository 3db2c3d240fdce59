//! The real binary in a pseudo-terminal, read through a VT100 parser: what only a terminal
//! shows (raw mode restored, alternate screen left) and what only a real process loses
//! (kill -9, SIGTERM).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use daftar::store::{Answer, Status};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

const TAB: &str = "\t";
const ENTER: &str = "\r";
const PGDN: &str = "\x1b[6~";
pub const CTRL_Q: &str = "\x11";

/// A daftar process on a pseudo-terminal of 80x24.
pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for escape sequences the screen does not keep.
    raw: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    pub fn start(store: &Path, lang: &str) -> Session {
        Session::start_with(store, &["--lang", lang])
    }

    /// Starts daftar on `store` and, when the store exists, logs in as the administrator
    /// (giving a store from before accounts its administrator first, as `daftar init` does), so
    /// the session is on Home as the person would be after the login. On a path with no store
    /// it stays on the first run.
    pub fn start_with(store: &Path, args: &[&str]) -> Session {
        let login = ready_to_log_in(store);
        let mut s = Session::start_raw(store, args);
        if login {
            s.log_in(lang_of(args));
        }
        s
    }

    /// Starts daftar on `store` and leaves it on its first screen (the login, the first run, or
    /// a start still under way).
    pub fn start_raw(store: &Path, args: &[&str]) -> Session {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_daftar"));
        cmd.arg("--store");
        cmd.arg(store);
        for arg in args {
            cmd.arg(arg);
        }
        Session::spawn(cmd)
    }

    /// Starts daftar on `store` with `args` and the environment `env`, on its first screen.
    pub fn start_raw_with_env(store: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_daftar"));
        cmd.arg("--store");
        cmd.arg(store);
        for arg in args {
            cmd.arg(arg);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        Session::spawn(cmd)
    }

    /// Logs in as the administrator on the login screen, in `lang`.
    pub fn log_in(&mut self, lang: daftar::i18n::Lang) {
        self.wait_for(daftar::i18n::T::LoginUsername.get(lang));
        self.send(crate::support::ADMIN);
        self.send(ENTER);
        self.send(crate::support::ADMIN_PASSWORD);
        self.send(ENTER);
    }

    /// Runs `program` with `args` on the pseudo-terminal (strace wrapping daftar, say).
    pub fn start_program(program: &str, args: &[&str]) -> Session {
        let mut cmd = CommandBuilder::new(program);
        for arg in args {
            cmd.arg(arg);
        }
        Session::spawn(cmd)
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Runs daftar from a shell that, once it ends, prints its exit code and the terminal's
    /// settings, as the interviewer's shell would find them.
    pub fn start_in_shell(store: &Path, env: &[(&str, &str)]) -> Session {
        let login = ready_to_log_in(store) && !env.iter().any(|(k, _)| *k == "DAFTAR_DEBUG_PANIC");
        let mut s = Session::start_in_shell_raw(store, env);
        if login {
            s.log_in(daftar::i18n::Lang::En);
        }
        s
    }

    fn start_in_shell_raw(store: &Path, env: &[(&str, &str)]) -> Session {
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg(r#""$0" --store "$1"; echo "exit=$?"; stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' '; echo "stty-done"; sleep 5"#);
        cmd.arg(env!("CARGO_BIN_EXE_daftar"));
        cmd.arg(store);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Session::spawn(cmd)
    }

    fn spawn(mut cmd: CommandBuilder) -> Session {
        let pty = native_pty_system().openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 }).unwrap();
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen =
            Arc::new(Mutex::new(vt100::Parser::new(NonZeroU16::new(24).unwrap(), NonZeroU16::new(80).unwrap(), 0)));
        let sink = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session { child, writer, screen, raw, _master: pty.master }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `needle`; fails with the screen after 20 s.
    #[track_caller]
    pub fn wait_for(&self, needle: &str) {
        self.wait_for_within(needle, Duration::from_secs(20));
    }

    /// [`Session::wait_for`] with a patience of its own (a store whose open verifies a large
    /// log before the login can go on).
    pub fn wait_for_within(&self, needle: &str, patience: Duration) {
        let start = Instant::now();
        while start.elapsed() < patience {
            if self.contents().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {needle:?}; screen:\n{}", self.contents());
    }

    /// Sends keys as the terminal would, one chunk at a time with a pause, as typed.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    /// On a new store: creates it with its administrator on the first-run screen (the
    /// username and password [`Session::log_in`] uses), registers one participant and opens an
    /// intake on its first question, each step checked on screen.
    pub fn first_run_to_an_intake(&mut self) {
        self.wait_for("This creates the register");
        for value in [
            crate::support::ADMIN,
            "Test Administrator",
            crate::support::ADMIN_PASSWORD,
            crate::support::ADMIN_PASSWORD,
        ] {
            self.send(value);
            self.send("\r");
        }
        // The recovery key, shown once: its last group is typed back, read off the screen.
        self.wait_for("recovery key");
        let key = crate::support::recovery_key_on(&self.contents()).expect("the recovery key is on the screen");
        self.send(key.rsplit('-').next().unwrap());
        self.send("\r");
        self.wait_for("No participants yet");
        self.send("n");
        self.wait_for("Register a participant");
        for value in ["أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153", "Salé 2", "01/09/2024"] {
            self.send(value);
            self.send("\t");
        }
        self.wait_for("Participant registered.");
        self.send("n");
        self.wait_for("Which form?");
        self.send("\r");
        self.wait_for("Section 1 of 8: Identity");
    }

    /// In an intake, from section 3 (waited for): answers the sections left as a person
    /// would and finalizes, each step checked on screen, ending on "Interview finalized.".
    pub fn finalize_from_section_3(&mut self) {
        self.wait_for("Section 3 of 8");
        for keys in
            ["2", ENTER, PGDN, PGDN, "3", ENTER, PGDN, PGDN, "Je veux changer", TAB, ENTER, "y", ENTER, "y", ENTER]
        {
            self.send(keys);
        }
        self.wait_for("Section 8 of 8");
        for keys in ["3", ENTER, TAB, "2", ENTER, TAB, "4", ENTER, TAB, ENTER] {
            self.send(keys);
        }
        self.wait_for("Nothing stands in the way of finalizing.");
        self.send("f");
        self.wait_for("Finalize this interview?");
        self.send("y");
        self.wait_for("Interview finalized.");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    pub fn signal(&self, name: &str) {
        let status = Command::new("kill").arg(format!("-{name}")).arg(self.pid().to_string()).status().unwrap();
        assert!(status.success());
    }

    /// Waits for the process to end and returns its exit code (None when killed by a signal).
    pub fn wait_exit(&mut self) -> Option<u32> {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(100));
                return status.success().then_some(0).or(Some(status.exit_code()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("daftar did not exit; screen:\n{}", self.contents());
    }

    pub fn in_alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }
}

/// Whether `store` exists, so that daftar will open on its login screen: a store from before
/// accounts is given its administrator first ([`crate::support::give_admin`]).
fn ready_to_log_in(store: &Path) -> bool {
    crate::support::give_admin(store);
    daftar::store::Store::open_existing(store).is_ok_and(|s| s.has_accounts().unwrap_or(false))
}

/// The language `--lang` names among `args` (English without one).
fn lang_of(args: &[&str]) -> daftar::i18n::Lang {
    args.windows(2).find(|w| w[0] == "--lang").and_then(|w| w[1].parse().ok()).unwrap_or(daftar::i18n::Lang::En)
}

fn export(store: &Path) -> Vec<serde_json::Value> {
    let out = crate::support::daftar_admin(store, &["export"]);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_draft_survives_kill_9_and_resumes_to_be_finalized_and_exported() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    let mut s = Session::start(&store, "en");
    s.first_run_to_an_intake();
    s.send("Marocaine");
    s.send(ENTER);
    s.send(ENTER);
    s.send("طنجة");
    s.send(ENTER);
    s.send("1");
    s.send(ENTER);
    s.wait_for("Section 2 of 8");
    s.send("2019/153");
    s.send(ENTER);
    s.wait_for("▶ Legal status");
    // Typed but not committed: allowed to be lost by kill -9.
    s.send("3");
    s.signal("KILL");
    s.wait_exit();

    let mut s = Session::start(&store, "en");
    s.wait_for("Ahmed Ben Ali");
    s.send(ENTER);
    s.wait_for("draft");
    s.send(ENTER);
    s.wait_for("Section 2 of 8: Legal situation");
    let screen = s.contents();
    assert!(screen.contains("Case number *: 2019/153"), "{screen}");
    assert!(screen.contains("▶ Legal status"), "{screen}");
    // Every committed answer of section 1 is there too.
    s.send("\x1b[5~");
    s.wait_for("Nationality *: Marocaine");
    let screen = s.contents();
    assert!(screen.contains(&format!("Place of birth: {}", crate::support::shown("طنجة"))), "{screen}");
    assert!(screen.contains("Languages spoken: Arabic"), "{screen}");
    // Finish the required answers and finalize.
    s.send(PGDN);
    s.send(TAB);
    for keys in ["1", ENTER, "60", ENTER, "Salé 2", ENTER, "15/01/2019", ENTER, "n", ENTER] {
        s.send(keys);
    }
    s.finalize_from_section_3();
    s.send(CTRL_Q);
    assert_eq!(s.wait_exit(), Some(0));
    assert!(!s.in_alternate_screen(), "the alternate screen is left on exit");

    let lines = export(&store);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["record"], "participant");
    assert_eq!(lines[0]["name_ar"], "أحمد بن علي");
    assert_eq!(lines[0]["date_of_birth"], "1990-03-07");
    assert_eq!(lines[1]["record"], "interview");
    assert_eq!(lines[1]["status"], "final");
    assert_eq!(lines[1]["answers"]["place_of_birth"]["value"], "طنجة");
    assert_eq!(lines[1]["answers"]["detention_start"]["value"], "2019-01-15");
}

#[test]
fn sigterm_saves_the_field_being_typed_and_restores_the_terminal() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    crate::support::create_store(&store);
    let mut s = Session::start(&store, "en");
    s.wait_for("No participants yet");
    s.send("n");
    for value in ["سعيد", "Said", "01/01/1985", "F-9", "Salé 2", "01/09/2024"] {
        s.send(value);
        s.send(TAB);
    }
    s.wait_for("Participant registered.");
    s.send("n");
    s.send(ENTER);
    s.wait_for("Section 1 of 8");
    s.send("Tunisienne");
    s.wait_for("Tunisienne");
    s.signal("TERM");
    assert_eq!(s.wait_exit(), Some(0));
    assert!(!s.in_alternate_screen());
    let store = crate::support::open_as_admin(&store);
    let draft = store.all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.status, Status::Draft);
    assert_eq!(draft.answers["nationality"], Answer::Text("Tunisienne".into()));
}

#[test]
fn sighup_from_a_dropped_link_saves_the_draft() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    crate::support::create_store(&store);
    let mut s = Session::start(&store, "fr");
    s.wait_for("Aucun participant");
    s.send("n");
    for value in ["سعيد", "Said", "01/01/1985", "F-9", "Salé 2", "01/09/2024"] {
        s.send(value);
        s.send(TAB);
    }
    s.wait_for("Participant inscrit.");
    s.send("n");
    s.send(ENTER);
    s.wait_for("Section 1 sur 8");
    s.send("Libyenne");
    s.wait_for("Libyenne");
    s.signal("HUP");
    s.wait_exit();
    let store = crate::support::open_as_admin(&store);
    let draft = store.all_interviews().unwrap().pop().unwrap();
    assert_eq!(draft.answers["nationality"], Answer::Text("Libyenne".into()));
}

/// The pid of daftar started by the shell of `session`.
fn daftar_pid(session: &Session) -> String {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        let out = Command::new("pgrep").arg("-P").arg(session.pid().to_string()).output().unwrap();
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !pid.is_empty() {
            return pid;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no daftar process under the shell");
}

#[track_caller]
fn assert_shell_usable(s: &Session, exit: &str) {
    s.wait_for(exit);
    // The whole stty line, not its first word: a loaded machine may show it in two pieces.
    s.wait_for("stty-done");
    let screen = s.contents();
    assert!(!s.in_alternate_screen(), "still in the alternate screen:\n{screen}");
    assert!(screen.contains("icanon") && !screen.contains("-icanon"), "raw mode left on:\n{screen}");
    assert!(screen.contains(" echo") && !screen.contains("-echo "), "echo left off:\n{screen}");
}

#[test]
fn the_terminal_is_restored_after_quit_panic_and_sigterm() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    crate::support::create_store(&store);

    let mut s = Session::start_in_shell(&store, &[]);
    s.wait_for("No participants yet");
    s.send(CTRL_Q);
    assert_shell_usable(&s, "exit=0");

    let s = Session::start_in_shell(&store, &[("DAFTAR_DEBUG_PANIC", "1")]);
    assert_shell_usable(&s, "exit=101");
    assert!(s.contents().contains("DAFTAR_DEBUG_PANIC is set"), "{}", s.contents());

    let s = Session::start_in_shell(&store, &[]);
    s.wait_for("No participants yet");
    let status = Command::new("kill").arg("-TERM").arg(daftar_pid(&s)).status().unwrap();
    assert!(status.success());
    assert_shell_usable(&s, "exit=0");
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn explicit_bidi_mode_is_asked_for_and_implicit_mode_restored() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    crate::support::create_store(&store);

    let mut s = Session::start_with(&store, &["--lang", "en", "--bidi", "app"]);
    s.wait_for("No participants yet");
    let raw = s.raw();
    let explicit = find(&raw, b"\x1b[8l").expect("CSI 8 l sent in app mode");
    let first_frame = find(&raw, b"Participants").unwrap();
    assert!(explicit < first_frame, "explicit mode is set before anything is drawn");
    // Switching to terminal mode on the settings screen gives the terminal its bidi back.
    s.send("s");
    s.wait_for("Pick the line");
    s.send("\x1b[B");
    s.send("\x1b[B");
    s.send(ENTER);
    s.wait_for("Display mode saved.");
    let raw = s.raw();
    assert!(rfind(&raw, b"\x1b[8h").unwrap() > rfind(&raw, b"\x1b[8l").unwrap());
    s.send(CTRL_Q);
    assert_eq!(s.wait_exit(), Some(0));

    // The choice was kept: the next start is in terminal mode once the store is open. (The
    // login screen is drawn while the store, which holds the setting, is still being opened:
    // in the default mode, asking for explicit mode; the terminal is given its bidi back as
    // soon as the store is read, before anything of the register is shown.)
    let mut s = Session::start_with(&store, &["--lang", "en"]);
    s.wait_for("No participants yet");
    let raw = s.raw();
    let implicit = rfind(&raw, b"\x1b[8h").expect("terminal mode gives the terminal its bidi back");
    assert!(rfind(&raw, b"\x1b[8l").is_none_or(|explicit| explicit < implicit));
    assert!(implicit < rfind(&raw, b"Participants").unwrap(), "terminal mode is set before Home is drawn");
    s.send(CTRL_Q);
    s.wait_exit();

    // A panic restores implicit mode too.
    let s = Session::start_in_shell(&store, &[("DAFTAR_DEBUG_PANIC", "1"), ("DAFTAR_BIDI", "reorder")]);
    s.wait_for("exit=101");
    let raw = s.raw();
    let explicit = find(&raw, b"\x1b[8l").expect("reorder mode asks for explicit mode");
    assert!(rfind(&raw, b"\x1b[8h").unwrap() > explicit, "implicit mode restored after the panic");
}
