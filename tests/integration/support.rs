//! Shared helpers: an app on a fresh store drawn on ratatui's TestBackend, driven by key
//! events through the real keymap and update loop.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use daftar::app::App;
use daftar::i18n::Lang;
use daftar::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

pub struct Harness {
    pub app: App,
    terminal: Terminal<TestBackend>,
    _dir: TempDir,
}

impl Harness {
    /// A fresh store with its administrator logged in, opened on Home, in English.
    pub fn new() -> Harness {
        Harness::with(Lang::En, Some("Samira"), 80, 24)
    }

    pub fn with(lang: Lang, interviewer: Option<&str>, width: u16, height: u16) -> Harness {
        Harness::with_mode(lang, interviewer, width, height, None)
    }

    /// A harness in a given display mode (None: the store's choice, else `app`).
    pub fn with_mode(
        lang: Lang,
        interviewer: Option<&str>,
        width: u16,
        height: u16,
        mode: Option<daftar::text::BidiMode>,
    ) -> Harness {
        Harness::build(lang, interviewer, width, height, mode, &[])
    }

    /// An English harness on a store where the form files `forms` (paths under tests/data)
    /// are installed, as `daftar forms install` would.
    pub fn with_forms(forms: &[&str]) -> Harness {
        Harness::build(Lang::En, Some("Samira"), 80, 24, None, forms)
    }

    fn build(
        lang: Lang,
        interviewer: Option<&str>,
        width: u16,
        height: u16,
        mode: Option<daftar::text::BidiMode>,
        forms: &[&str],
    ) -> Harness {
        Harness::prepared(lang, interviewer, width, height, mode, |store| {
            for path in forms {
                install(store, path);
            }
        })
    }

    /// A harness on a store that `prepare` fills before the app opens it. With an
    /// `interviewer` (its name is not kept: records name the account logged in), the store has
    /// its administrator ([`ADMIN`]) and the app is logged in as them, on Home; without, the
    /// store has no account and the app opens on the first run.
    pub fn prepared(
        lang: Lang,
        interviewer: Option<&str>,
        width: u16,
        height: u16,
        mode: Option<daftar::text::BidiMode>,
        prepare: impl FnOnce(&Store),
    ) -> Harness {
        let role = interviewer.map(|_| daftar::auth::Role::Administrator);
        Harness::opened(lang, interviewer, width, height, mode, prepare, role)
    }

    /// The harness of [`Harness::prepared`], logged in as the test account of `login_as`.
    fn opened(
        lang: Lang,
        _interviewer: Option<&str>,
        width: u16,
        height: u16,
        mode: Option<daftar::text::BidiMode>,
        prepare: impl FnOnce(&Store),
        login_as: Option<daftar::auth::Role>,
    ) -> Harness {
        Harness::on_accounts(lang, width, height, mode, prepare, login_as, login_as)
    }

    /// A harness on a fresh store that has the accounts [`give_account`] gives for `accounts`
    /// (none without), copied from the template made once per test process
    /// ([`store_with_accounts`]), then filled by `prepare`; the app is logged in as the test
    /// account of `login_as`.
    fn on_accounts(
        lang: Lang,
        width: u16,
        height: u16,
        mode: Option<daftar::text::BidiMode>,
        prepare: impl FnOnce(&Store),
        accounts: Option<daftar::auth::Role>,
        login_as: Option<daftar::auth::Role>,
    ) -> Harness {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("store");
        if let Some(role) = accounts {
            store_with_accounts(role, &path);
        }
        let store = Store::open(&path).unwrap();
        // Logged in before `prepare`, which reads and writes sealed records with the key the
        // login opens; the app then takes that session (one Argon2id run, not two).
        let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
        let logged_in = login_as.map(|role| store.log_in(account_of(role).0, &pw, chrono::Utc::now()).unwrap());
        let at_login = logged_in.is_none() && accounts.is_some();
        if at_login {
            store.log_in(ADMIN, &pw, chrono::Utc::now()).unwrap();
        }
        prepare(&store);
        if at_login {
            // The app opens on its login screen, with no key held and nobody acting.
            store.drop_key();
            store.act_as(None);
        }
        let mut app = App::new(store, lang, today(), mode).unwrap();
        if let Some(logged_in) = logged_in {
            let must_change = app.adopt_login(logged_in);
            assert!(!must_change, "the test account's password is not temporary");
        }
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let mut h = Harness { app, terminal, _dir: dir };
        h.app.handle_event(Event::Resize(width, height));
        h
    }

    pub fn store(&self) -> &Store {
        self.app.store().expect("the app has a store")
    }

    pub fn press(&mut self, code: KeyCode) -> &mut Self {
        self.app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.app.handle_event(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
        self
    }

    pub fn shift_tab(&mut self) -> &mut Self {
        self.app.handle_event(Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
        self
    }

    /// Types text one key press per character, as an interviewer would.
    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
        self
    }

    pub fn enter(&mut self) -> &mut Self {
        self.press(KeyCode::Enter)
    }

    pub fn tab(&mut self) -> &mut Self {
        self.press(KeyCode::Tab)
    }

    /// Closes the app and opens a new one on the same store, as a restart would, logged in
    /// again as the same account.
    pub fn reopen(self) -> Harness {
        let Harness { app, terminal, _dir } = self;
        let lang = app.state.lang;
        let user = app.state.session.as_ref().map_or(ADMIN.to_string(), |s| s.username.clone());
        drop(app);
        let store = Store::open(&_dir.path().join("store")).unwrap();
        let accounts = store.has_accounts().unwrap();
        let mut app = App::new(store, lang, today(), None).unwrap();
        if accounts {
            // As a restart would: the same person logs in again.
            let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
            app.login(&user, &pw, chrono::Utc::now()).unwrap();
        }
        let mut h = Harness { app, terminal, _dir };
        let size = h.app.state.size;
        h.app.handle_event(Event::Resize(size.0, size.1));
        h
    }

    /// Pastes text as a terminal with bracketed paste does.
    pub fn paste(&mut self, text: &str) -> &mut Self {
        self.app.handle_event(Event::Paste(text.to_string()));
        self
    }

    /// The symbols of row `y` of the last drawn screen, one per column.
    pub fn row(&self, y: u16) -> Vec<String> {
        let buffer = self.terminal.backend().buffer();
        (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect()
    }

    /// The terminal cursor after the last draw.
    pub fn cursor(&mut self) -> (u16, u16) {
        let p = self.terminal.get_cursor_position().unwrap();
        (p.x, p.y)
    }

    /// Resizes the terminal as a window resize would, event included.
    pub fn resize(&mut self, width: u16, height: u16) -> &mut Self {
        self.terminal.backend_mut().resize(width, height);
        self.app.handle_event(Event::Resize(width, height));
        self
    }

    /// Draws the current state and returns the screen as text, one line per row.
    pub fn screen(&mut self) -> String {
        self.terminal.draw(|frame| daftar::ui::view(&self.app.state, frame)).unwrap();
        buffer_text(self.terminal.backend().buffer())
    }

    /// From a participant's record: a new interview with the first form offered (the intake).
    pub fn start_intake(&mut self) -> &mut Self {
        self.type_text("n").enter()
    }

    /// Registers a participant through the registration screen, starting on Home. The Arabic
    /// name is pasted (typed keys would go through the Arabic keyboard layer), the rest typed.
    pub fn register(&mut self, name_ar: &str, name_latin: &str, dob: &str, file: &str) -> &mut Self {
        self.type_text("n").paste(name_ar).tab();
        for value in [name_latin, dob, file, "Salé 2", "01/09/2024"] {
            self.type_text(value).tab();
        }
        self
    }
}

pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Asserts that `screen` contains `needle`, showing the screen when it does not.
#[track_caller]
pub fn assert_shows(screen: &str, needle: &str) {
    assert!(screen.contains(needle), "expected {needle:?} on screen:\n{screen}");
}

#[track_caller]
pub fn assert_hides(screen: &str, needle: &str) {
    assert!(!screen.contains(needle), "did not expect {needle:?} on screen:\n{screen}");
}

/// Right-to-left text as Daftar puts it on a terminal that does no bidi (display mode `app`):
/// reordered and shaped.
pub fn shown(logical: &str) -> String {
    daftar::text::render_lines(logical, daftar::text::BidiMode::App, daftar::text::Dir::Rtl, None).concat()
}

/// Stores the form file at `path` (under tests/data) as `daftar forms install` does.
pub fn install(store: &Store, path: &str) {
    let source = std::fs::read_to_string(data(path)).unwrap();
    let form = daftar::form::check_form(&source).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    store
        .save_form(&daftar::store::FormRecord {
            format: daftar::store::RECORD_FORMAT,
            id: form.id,
            version: form.version,
            source,
            installed_at: chrono::Utc::now(),
            builtin: false,
        })
        .unwrap();
}

/// A path under tests/data.
pub fn data(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

/// A summary of a made-up participant, for tests of due dates.
pub fn summary_for_tests() -> daftar::store::Summary {
    let mut rng = daftar::synth::Rng::new(5);
    let p = daftar::synth::participant(&mut rng, 1, today());
    let person = daftar::store::Person::from(&p);
    daftar::store::Summary {
        search: daftar::store::SearchKey::of(&person),
        participant: person,
        stage: Default::default(),
        stage_since: p.entry_date,
        last_interview: None,
        last_activity: p.registered_at,
        next_due: None,
        next_due_from: None,
    }
}

/// Runs the daftar binary on `store` with `args`, in English.
/// Waits until the process `pid` (an interface, whose login screen shows while the store is
/// opened behind it) holds the sled store at `store`: until /proc/locks lists its lock on the
/// store's data file. Read there, not by trying the lock, which would make the interface's own
/// open fail as "in use" if the two met.
#[cfg(target_os = "linux")]
pub fn wait_until_held(store: &std::path::Path, pid: u32) {
    use std::os::unix::fs::MetadataExt;
    let inode = std::fs::metadata(store.join("db")).expect("the store's data file").ino();
    let held = || {
        std::fs::read_to_string("/proc/locks").unwrap().lines().any(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF"
            fields.len() > 5
                && fields[4] == pid.to_string()
                && fields[5].rsplit(':').next() == Some(inode.to_string().as_str())
        })
    };
    // Held, and still held a moment later: not a lock taken only for an instant (a store
    // whose open failed, letting go as it closes).
    let start = std::time::Instant::now();
    loop {
        if held() {
            std::thread::sleep(std::time::Duration::from_millis(300));
            if held() {
                return;
            }
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(30), "{pid} never took {}", store.display());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

pub fn daftar(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    daftar_command(store).args(args).output().unwrap()
}

/// The daftar binary on `store`, in English, with no `DAFTAR_USER` from the environment: add
/// the arguments, then run it (with [`output_with_stdin`] for a password on standard input).
pub fn daftar_command(store: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"));
    command.env("LANG", "C.UTF-8").env_remove("DAFTAR_USER").arg("--store").arg(store);
    command
}

/// Opens the closed store at `path` and logs in as its administrator ([`ADMIN`]), so that its
/// sealed records can be read and written (an encrypted store holds its key only while logged in).
pub fn open_as_admin(path: &std::path::Path) -> Store {
    let store = Store::open(path).unwrap();
    let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
    store.log_in(ADMIN, &pw, chrono::Utc::now()).unwrap();
    store
}

/// `read` on `store`, with the administrator's key when no key is held (the app is locked, or
/// on its login screen), the store then left locked as it was. The login it takes is in the
/// audit trail, as any login is.
pub fn with_admin_key<R>(store: &Store, read: impl FnOnce(&Store) -> R) -> R {
    if store.holds_key() || !store.is_encrypted().unwrap() {
        return read(store);
    }
    let actor = store.actor();
    let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
    store.log_in(ADMIN, &pw, chrono::Utc::now()).unwrap();
    let r = read(store);
    store.drop_key();
    store.act_as(actor);
    r
}

/// Creates an empty store at `path`, as the interface's first run does (commands never create
/// one).
pub fn create_store(path: &std::path::Path) {
    drop(Store::open(path).unwrap());
}

/// Copies the directory `from` (a closed store, say) to `to`, which is created.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
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

/// Makes at `path` (which must not exist) a store that has exactly the accounts
/// [`give_account`] gives for `role`, with their passwords, by copying a template.
///
/// Each account costs Argon2id derivations at the production parameters (64 MiB, t=3, p=4:
/// the first administrator one, another role five more), the most expensive thing most tests
/// do: so the template of each role is made once per test process, through the same
/// [`give_account`], and closed; every test then gets its own copy. Tests of creating
/// accounts, logging in, lockout and password changes do those for real on their own stores.
pub fn store_with_accounts(role: daftar::auth::Role, path: &std::path::Path) {
    assert!(!path.exists(), "{} already exists", path.display());
    copy_dir(template_of(role), path);
}

/// The template store of `role` ([`store_with_accounts`]), made on first use.
fn template_of(role: daftar::auth::Role) -> &'static std::path::Path {
    use daftar::auth::Role;
    use std::path::PathBuf;
    use std::sync::OnceLock;
    static ADMINISTRATOR: OnceLock<PathBuf> = OnceLock::new();
    static SUPERVISOR: OnceLock<PathBuf> = OnceLock::new();
    static INTERVIEWER: OnceLock<PathBuf> = OnceLock::new();
    let cell = match role {
        Role::Administrator => &ADMINISTRATOR,
        Role::Supervisor => &SUPERVISOR,
        Role::Interviewer => &INTERVIEWER,
    };
    cell.get_or_init(|| {
        let path = templates_dir().join(format!("{role:?}"));
        // What a making that panicked left, if any.
        let _ = std::fs::remove_dir_all(&path);
        if role != Role::Administrator {
            // Its administrator is the same: copied, not derived again.
            copy_dir(template_of(Role::Administrator), &path);
        }
        let store = Store::open(&path).unwrap();
        give_account(&store, role);
        drop(store);
        path
    })
}

/// This test process's directory of templates, under cargo's temporary directory for tests.
/// Those of test processes that have ended are removed first (where `/proc` tells).
fn templates_dir() -> &'static std::path::Path {
    use std::path::PathBuf;
    use std::sync::OnceLock;
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        const PREFIX: &str = "account-templates-";
        let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let proc = std::path::Path::new("/proc");
        if proc.is_dir()
            && let Ok(entries) = std::fs::read_dir(root)
        {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Some(pid) = name.strip_prefix(PREFIX)
                    && !proc.join(pid).exists()
                {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = root.join(format!("{PREFIX}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

impl Harness {
    /// The style of the cell at (`x`, `y`) of the last drawn screen.
    pub fn style_at(&self, x: u16, y: u16) -> ratatui::style::Style {
        self.terminal.backend().buffer()[(x, y)].style()
    }

    /// Where `needle` (one grapheme or more, as drawn) first appears on the last drawn screen.
    pub fn find(&self, needle: &str) -> Option<(u16, u16)> {
        let buffer = self.terminal.backend().buffer();
        let first: String = needle.chars().next()?.to_string();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                if buffer[(x, y)].symbol().starts_with(&first) && self.row(y)[x as usize..].concat().starts_with(needle)
                {
                    return Some((x, y));
                }
            }
        }
        None
    }

    /// The cells last drawn, for checks of style (drawn by [`Harness::screen`]).
    pub fn buffer(&self) -> ratatui::buffer::Buffer {
        self.terminal.backend().buffer().clone()
    }

    /// Closes the app (and so the store) and hands back the directory holding the store, at
    /// `dir.path().join("store")`, for the binary to run on.
    pub fn close(self) -> TempDir {
        let Harness { app, _dir, .. } = self;
        drop(app);
        _dir
    }
}

// ---- issue 10: accounts core and commands ----

/// The administrator [`give_admin`] creates, and their password (on standard input only).
pub const ADMIN: &str = "admin";
pub const ADMIN_PASSWORD: &str = "lantern orchard 7 river";

/// Gives the store at `path` its first administrator ([`ADMIN`]) if it is a store that opens
/// and has no account yet, as `daftar init` does for a store from before accounts. A store
/// that does not open (missing, damaged, in use, not writable) is left as it is: the command
/// run on it then says why.
pub fn give_admin(path: &std::path::Path) {
    let Ok(store) = Store::open_existing(path) else { return };
    if !store.has_accounts().unwrap() {
        let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
        let (_, key) = store.create_first_admin(ADMIN, "Test Administrator", &pw, &pw, chrono::Utc::now()).unwrap();
        if key.is_none() {
            // Its records were written before encryption: encrypted now, as `daftar init` does.
            drop(store);
            Store::encrypt_plain(path, ADMIN, &pw, chrono::Utc::now(), &mut |_, _| {}).unwrap();
        }
    }
}

/// Runs the daftar binary on `store` as `user`, giving `password` on standard input
/// (`--password-stdin`), in English.
pub fn daftar_as(store: &std::path::Path, user: &str, password: &str, args: &[&str]) -> std::process::Output {
    // A command refused before it reads the password closes its end: not an error here.
    output_with_stdin(
        daftar_command(store).args(["--user", user, "--password-stdin"]).args(args),
        &format!("{password}\n"),
    )
}

/// [`daftar`] as the store's administrator: gives the store one first if it has none
/// ([`give_admin`]), then runs the command logged in as [`ADMIN`].
pub fn daftar_admin(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    give_admin(store);
    daftar_as(store, ADMIN, ADMIN_PASSWORD, args)
}

/// The arguments that make a command log in as [`ADMIN`] with the password on standard input
/// ([`send_password`] gives it).
pub const AS_ADMIN: [&str; 3] = ["--user", ADMIN, "--password-stdin"];

/// Writes [`ADMIN_PASSWORD`] to the standard input of `child` (spawned with a piped stdin and
/// [`AS_ADMIN`]) and closes it. A command that ends before reading it is no error here.
pub fn send_password(child: &mut std::process::Child) {
    use std::io::Write;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(format!("{ADMIN_PASSWORD}\n").as_bytes());
    }
}

/// A shell command line that gives [`ADMIN_PASSWORD`] to `daftar_command` (which must carry
/// [`AS_ADMIN`]) on its standard input, for tests that run daftar in a pipe.
pub fn shell_as_admin(daftar_command: &str) -> String {
    format!("printf '%s\\n' '{ADMIN_PASSWORD}' | {daftar_command}")
}

/// Runs `command` (a daftar command line) logged in as [`ADMIN`]: [`AS_ADMIN`] is appended
/// (global options may follow the subcommand) and the password given on standard input.
pub fn output_as_admin(command: &mut std::process::Command) -> std::process::Output {
    use std::process::Stdio;
    let mut child =
        command.args(AS_ADMIN).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    send_password(&mut child);
    child.wait_with_output().unwrap()
}

/// The username and full name of the test account of each role ([`Harness::logged_in`]); all
/// of them have the password [`ADMIN_PASSWORD`].
pub fn account_of(role: daftar::auth::Role) -> (&'static str, &'static str) {
    match role {
        daftar::auth::Role::Administrator => (ADMIN, "Test Administrator"),
        daftar::auth::Role::Supervisor => ("sara", "Sara Supervisor"),
        daftar::auth::Role::Interviewer => ("ilyas", "Ilyas Interviewer"),
    }
}

/// Gives `store` its first administrator ([`ADMIN`]) and, for another role, an account of that
/// role ([`account_of`]) whose temporary password has been changed to [`ADMIN_PASSWORD`], as an
/// administrator and that person would through the accounts.
pub fn give_account(store: &Store, role: daftar::auth::Role) {
    use daftar::auth::SecretString;
    let pw = SecretString::from(ADMIN_PASSWORD.to_string());
    let now = chrono::Utc::now();
    if !store.has_accounts().unwrap() {
        store.create_first_admin(ADMIN, "Test Administrator", &pw, &pw, now).unwrap();
    }
    if role == daftar::auth::Role::Administrator {
        return;
    }
    let admin = store.log_in(ADMIN, &pw, now).unwrap().into_session();
    let (username, full_name) = account_of(role);
    let (_, temporary) = store.add_account(&admin, username, full_name, role, now).unwrap();
    let first = store.log_in(username, &temporary, now).unwrap().into_session();
    store.change_password(&first, &temporary, &pw, &pw, now).unwrap();
}

impl Harness {
    /// A harness on a fresh store (English, 80x24, built-in forms) whose app is logged in as
    /// the test account of `role` ([`account_of`]).
    pub fn logged_in(role: daftar::auth::Role) -> Harness {
        Harness::logged_in_prepared(Lang::En, role, 80, 24, |_| {})
    }

    /// As [`Harness::logged_in`], on a store that `prepare` fills first.
    pub fn logged_in_prepared(
        lang: Lang,
        role: daftar::auth::Role,
        width: u16,
        height: u16,
        prepare: impl FnOnce(&Store),
    ) -> Harness {
        Harness::opened(lang, Some("Samira"), width, height, None, prepare, Some(role))
    }
}

// ---- issue 10: login, first run and idle lock ----

impl Harness {
    /// Fills the first-run screen through the keys, as the person would: the username, the full
    /// name (pasted, so Arabic goes in as written), the password twice, each followed by Enter.
    /// Then the recovery key it shows once is typed back ([`Harness::type_back_recovery_key`]).
    pub fn first_run(&mut self, username: &str, full_name: &str, password: &str) -> &mut Self {
        self.type_text(username).enter().paste(full_name).enter();
        self.type_text(password).enter().type_text(password).enter();
        // A store from before accounts that holds records is encrypted by this first login.
        self.app.wait_for_encryption();
        self.type_back_recovery_key();
        self
    }

    /// Reads the recovery key off the screen, as the administrator would, types back its last
    /// group and presses Enter; returns the key as shown.
    pub fn type_back_recovery_key(&mut self) -> String {
        let screen = self.screen();
        let key = recovery_key_on(&screen).unwrap_or_else(|| panic!("no recovery key on the screen:\n{screen}"));
        let last = key.rsplit('-').next().unwrap_or_default().to_string();
        self.type_text(&last).enter();
        key
    }

    /// Logs in through the login screen's keys.
    pub fn log_in_keys(&mut self, username: &str, password: &str) -> &mut Self {
        self.type_text(username).enter().type_text(password).enter()
    }

    /// Sends the time `now`, as the terminal loop does about every second.
    pub fn tick(&mut self, now: chrono::DateTime<chrono::Utc>) -> &mut Self {
        self.app.dispatch(daftar::app::Msg::Tick(now));
        self
    }

    /// A harness on a store that has its administrator ([`ADMIN`]), opened on the login
    /// screen with nobody logged in, in `lang`; `prepare` fills the store first.
    pub fn at_login(lang: Lang, prepare: impl FnOnce(&Store)) -> Harness {
        Harness::at_login_with(lang, daftar::auth::Role::Administrator, prepare)
    }

    /// As [`Harness::at_login`], on a store that has the accounts [`give_account`] gives for
    /// `role` (its administrator and the test account of `role`).
    pub fn at_login_with(lang: Lang, role: daftar::auth::Role, prepare: impl FnOnce(&Store)) -> Harness {
        Harness::on_accounts(lang, 80, 24, None, prepare, Some(role), None)
    }

    /// A harness on the first run of a store still to be made (nothing on disk yet), in
    /// `lang`; the store will be at `dir/store`, as [`Harness::close`] hands it back.
    pub fn first_run_of_a_new_store(lang: Lang) -> Harness {
        let dir = TempDir::new().unwrap();
        let app = App::first_run(&dir.path().join("store"), lang, today(), None);
        let terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut h = Harness { app, terminal, _dir: dir };
        h.app.handle_event(Event::Resize(80, 24));
        h
    }

    /// Closes the app and opens a new one on the same store, left on its login screen.
    pub fn reopen_at_login(self) -> Harness {
        let Harness { app, terminal, _dir } = self;
        let lang = app.state.lang;
        drop(app);
        let store = Store::open(&_dir.path().join("store")).unwrap();
        let app = App::new(store, lang, today(), None).unwrap();
        let mut h = Harness { app, terminal, _dir };
        let size = h.app.state.size;
        h.app.handle_event(Event::Resize(size.0, size.1));
        h
    }

    /// The app at its login screen on the store at `dir/store`, made by the caller, in `lang`.
    pub fn at_login_on(dir: TempDir, lang: Lang) -> Harness {
        let store = Store::open(&dir.path().join("store")).unwrap();
        let app = App::new(store, lang, today(), None).unwrap();
        let terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut h = Harness { app, terminal, _dir: dir };
        h.app.handle_event(Event::Resize(80, 24));
        h
    }

    /// Where the store is (or will be).
    pub fn store_path(&self) -> std::path::PathBuf {
        self._dir.path().join("store")
    }
}

/// Runs `command` with `input` on its standard input, and its output.
pub fn output_with_stdin(command: &mut std::process::Command, input: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

// ---- issue 10: accounts screen, settings and policy keys ----

impl Harness {
    /// Logs the app in as the test account of `role` ([`account_of`]), as the login screen
    /// would.
    pub fn log_in_as(&mut self, role: daftar::auth::Role) -> &mut Self {
        let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
        let must_change = self.app.login(account_of(role).0, &pw, chrono::Utc::now()).unwrap();
        assert!(!must_change, "the test account's password is not temporary");
        self.after_an_encryption();
        self
    }
}

// ---- issue 10: authors ----

impl Harness {
    /// Logs the app in as `username`, a test account ([`account_of`]: its password is
    /// [`ADMIN_PASSWORD`]).
    pub fn log_in_again(&mut self, username: &str) {
        let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
        self.app.login(username, &pw, chrono::Utc::now()).unwrap();
        self.after_an_encryption();
    }

    /// A store from before encryption is encrypted by an administrator's login: waits for it,
    /// and types back the recovery key it then shows, as the administrator would.
    pub fn after_an_encryption(&mut self) {
        self.app.wait_for_encryption();
        if self.app.state.recovery.is_some() {
            self.type_back_recovery_key();
        }
    }

    /// The author the records written now name: the account logged in.
    pub fn author(&self) -> daftar::store::Author {
        daftar::store::Author::Account(self.app.state.session.as_ref().expect("logged in").account.clone())
    }
}

impl Harness {
    /// A harness (English, 80x24) on the store already at `dir/store`, logged in as the test
    /// account `username` ([`account_of`]).
    pub fn on_store(dir: TempDir, username: &str) -> Harness {
        let store = Store::open_existing(&dir.path().join("store")).unwrap();
        let app = App::new(store, Lang::En, today(), None).unwrap();
        let terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut h = Harness { app, terminal, _dir: dir };
        h.log_in_again(username);
        h.app.handle_event(Event::Resize(80, 24));
        h
    }
}

/// From a participant's record: starts the intake and answers every section with the keys of
/// app_flow's full-flow test (which checks each step on the way), ending on the review page.
pub fn answer_every_intake_section(h: &mut Harness) {
    h.start_intake();
    h.type_text("Marocaine").enter().enter().type_text("Tanger").enter();
    h.type_text("13").enter();
    h.type_text("2019/153").enter().type_text("1").enter().type_text("60").enter();
    h.type_text("Salé 2").enter().type_text("15/01/2019").enter();
    h.type_text("n").enter();
    h.type_text("2").enter().type_text("3").enter();
    h.press(KeyCode::PageDown);
    h.ctrl('n');
    h.type_text("1").enter().type_text("Fatima").enter().type_text("35").enter().type_text("y").enter();
    h.type_text("3").enter().type_text("1").enter().type_text("Menuisier").enter();
    h.type_text("Atelier").enter().type_text("bois").tab();
    h.press(KeyCode::Right).press(KeyCode::Right).press(KeyCode::Right).press(KeyCode::Right).enter();
    h.type_text("y").enter();
    h.press(KeyCode::PageDown);
    h.type_text("Je veux changer de vie").tab().enter().type_text("y").enter().type_text("y").enter();
    h.type_text("3").enter().tab().type_text("2").enter().tab().type_text("4").enter();
    h.paste("تقدم ملحوظ").tab().enter();
}

/// The store of a Daftar from before accounts (kept in tests/data/stores/before_accounts),
/// unpacked into `dir`.
pub fn store_before_accounts(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::Read;
    let path = dir.join("old-store");
    std::fs::create_dir_all(path.join("blobs")).unwrap();
    for entry in std::fs::read_dir(data("stores/before_accounts")).unwrap() {
        let entry = entry.unwrap().path();
        let Some(name) = entry.file_name().unwrap().to_str().unwrap().strip_suffix(".gz") else { continue };
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&entry).unwrap()).read_to_end(&mut bytes).unwrap();
        std::fs::write(path.join(name), bytes).unwrap();
    }
    path
}

/// A participant registered (Latin name `name_latin`, filed `file`) and a training interview of
/// theirs (form version 1, which the store must have) finalized by `by`; the interview's id.
pub fn finalized_training(
    store: &daftar::store::Store,
    name_latin: &str,
    file: &str,
    by: daftar::store::Author,
) -> daftar::store::Id {
    use daftar::store::{Answer, Id, Interview, Measures, Participant, Position, RECORD_FORMAT, Status};
    let p = Participant {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        name_ar: "سعيد العلمي".into(),
        name_latin: name_latin.into(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1990, 3, 12).unwrap(),
        file_number: file.into(),
        facility: "Salé 2".into(),
        entry_date: chrono::NaiveDate::from_ymd_opt(2024, 9, 1).unwrap(),
        registered_at: chrono::Utc::now(),
        registered_by: by.clone(),
    };
    store.register(&p, today()).unwrap();
    let start = today() - chrono::Duration::days(30);
    let session = [
        ("session_date".to_string(), Answer::Date(start + chrono::Duration::days(7))),
        ("session_topic".to_string(), Answer::Text("Atelier".into())),
    ];
    let answers = [
        ("trade".to_string(), Answer::Choice("carpentry".into())),
        ("start".to_string(), Answer::Date(start)),
        ("hours".to_string(), Answer::Integer(10)),
        ("sessions".to_string(), Answer::Repeat(vec![session.into()])),
    ];
    let now = chrono::Utc::now();
    let interview = Interview {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        participant_id: p.id.clone(),
        form_id: "training".into(),
        form_version: 1,
        interviewer: by,
        status: Status::Final,
        started_at: now,
        updated_at: now,
        finalized_at: Some(now),
        answers: answers.into(),
        position: Position::default(),
        next_due: None,
        measures: Measures::default(),
    };
    store.finalize(&interview).unwrap();
    interview.id
}

// ---- session 18: the store's key (lead) ----

/// The recovery key shown in `text` (8 groups of 5 characters joined by hyphens), if any.
pub fn recovery_key_on(text: &str) -> Option<String> {
    let pattern = regex::Regex::new(r"[0-9A-Z]{5}(?:-[0-9A-Z]{5}){7}").unwrap();
    pattern.find(text).map(|m| m.as_str().to_string())
}

/// The fixtures of the correction tests (stage voids and corrections, discarded drafts): a
/// participant, stage changes and interviews written through the store.
pub mod corrections {
    use chrono::NaiveDate;
    use daftar::auth::Role;
    use daftar::store::audit::AuditAction;
    use daftar::store::{
        Answer, Author, Due, Id, Interview, Measures, Participant, Position, RECORD_FORMAT, Stage, StageEvent, Status,
        Store,
    };

    use super::{account_of, today};

    pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Said, registered (entered 2024-09-01).
    pub fn said(store: &Store) -> Participant {
        let p = Participant {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            name_ar: "سعيد العلمي".into(),
            name_latin: "Said Alami".into(),
            date_of_birth: day(1990, 3, 12),
            file_number: "F-2024/0153".into(),
            facility: "Salé 2".into(),
            entry_date: day(2024, 9, 1),
            registered_at: chrono::Utc::now(),
            registered_by: Author::BeforeAccounts("Samira".into()),
        };
        store.register(&p, today()).unwrap();
        p
    }

    pub fn stage(store: &Store, p: &Participant, from: Stage, to: Stage, date: NaiveDate, reason: &str) -> StageEvent {
        let event = StageEvent {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: p.id.clone(),
            from,
            stage: to,
            date,
            reason: reason.into(),
            interviewer: Author::BeforeAccounts("Samira".into()),
            recorded_at: chrono::Utc::now(),
        };
        store.record_stage(&event, today()).unwrap();
        event
    }

    pub fn interview(p: &Participant, by: Author, status: Status, date: NaiveDate) -> Interview {
        let now = chrono::Utc::now();
        Interview {
            format: RECORD_FORMAT,
            id: Id::new_random(),
            participant_id: p.id.clone(),
            form_id: "intake".into(),
            form_version: 1,
            interviewer: by,
            status,
            started_at: now,
            updated_at: now,
            finalized_at: (status == Status::Final).then_some(now),
            answers: [("notes".to_string(), Answer::Text("ملاحظة أولى".into()))].into(),
            position: Position::default(),
            next_due: (status == Status::Final).then(|| Due { date: day(2024, 12, 1), form_id: "follow_up".into() }),
            measures: Measures { date: Some(date), ..Measures::default() },
        }
    }

    pub fn account(store: &Store, role: Role) -> Author {
        Author::Account(store.account_by_username(account_of(role).0).unwrap().unwrap().id)
    }

    pub fn audited(store: &Store, action: AuditAction) -> Vec<daftar::store::audit::AuditEntry> {
        store.audit_entries().map(Result::unwrap).filter(|e| e.action() == Some(action)).collect()
    }
}

/// Every file under `dir`, recursively.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            out.extend(files(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out.sort();
    out
}

/// Each of `markers` found in a file under `dir`, in UTF-8, UTF-16LE or UTF-16BE: the marker,
/// its encoding, the file, the offset.
pub fn plain_under(dir: &Path, markers: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files(dir) {
        let bytes = std::fs::read(&file).unwrap();
        for marker in markers {
            let le: Vec<u8> = marker.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let be: Vec<u8> = marker.encode_utf16().flat_map(u16::to_be_bytes).collect();
            for (encoding, needle) in [("UTF-8", marker.as_bytes().to_vec()), ("UTF-16LE", le), ("UTF-16BE", be)] {
                if let Some(at) = memchr::memmem::find(&bytes, &needle) {
                    let shown = file.strip_prefix(dir).unwrap_or(&file).display().to_string();
                    found.push(format!("{marker:?} ({encoding}) in {shown} at offset {at}"));
                }
            }
        }
    }
    found
}

/// The store at `path` opened with sled directly, as someone with its files would, once the
/// store's last handle has let go of it: sled's threads keep the lock a moment after the drop,
/// longer on a loaded machine, so a lock refused is tried again for up to 30 s (any other
/// error fails at once).
pub fn raw_sled(path: &Path) -> sled::Db {
    let start = std::time::Instant::now();
    loop {
        match sled::open(path) {
            Ok(db) => return db,
            Err(e) if e.to_string().contains("could not acquire lock") && start.elapsed().as_secs() < 30 => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
}
