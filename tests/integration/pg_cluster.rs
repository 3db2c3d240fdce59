//! A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary directory under /tmp
//! (a Unix socket's path must fit in 108 bytes), a Unix socket in that directory and no TCP
//! (`listen_addresses = ''`), port 5432 and 300 connections pinned, no `PG*` variable passed to
//! the server's tools, durability off (`fsync`, `synchronous_commit`, `full_page_writes`; so
//! connections go through [`connect`]), one fresh database per test.
//!
//! One cluster serves the whole test process ([`shared`]); a fault test that restarts its
//! server takes one of its own ([`private`]), so that the restart breaks no other test's
//! connections. Where PostgreSQL is not installed, [`shared`] and [`private`] print a note and
//! give `None` (the test returns), unless `DAFTAR_REQUIRE_POSTGRES` is set (as in CI): then
//! they panic with what is missing.
//!
//! Stopping: a static is never dropped and `atexit` is not reachable without unsafe code, so
//! each cluster starts a watchdog first, a shell in its own process group that reads a pipe
//! from this process. When the process ends, however it ends (a normal exit, a panic, kill -9),
//! the kernel closes the pipe; the watchdog then stops the server (`pg_ctl -m immediate stop`)
//! and removes the directory. A [`private`] cluster also stops on drop.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A connection to a database of a test cluster, which runs with `fsync = off` on purpose:
/// [`Pg::connect`] refuses that.
pub fn connect(url: &str) -> daftar::error::Result<daftar::store::pg::Pg> {
    daftar::store::pg::Pg::connect_unsafe_for_tests(url)
}

/// A new store in a new database of `cluster`, with the tests' administrator and interviewer
/// ([`crate::support::give_account`]), as a team's would be: its address, and the store.
pub fn team_store(cluster: &Cluster) -> (String, daftar::store::Store) {
    use crate::support::{ADMIN, ADMIN_PASSWORD};
    let url = cluster.database();
    let pw = daftar::auth::SecretString::from(ADMIN_PASSWORD.to_string());
    let (reads, writes) = (connect(&url).unwrap(), connect(&url).unwrap());
    let now = chrono::Utc::now();
    let made =
        daftar::store::Store::create_in_database(reads, writes, &url, ADMIN, "Test Administrator", &pw, &pw, now);
    let (store, _, _) = made.unwrap();
    crate::support::give_account(&store, daftar::auth::Role::Interviewer);
    (url, store)
}

/// A running cluster.
pub struct Cluster {
    /// The temporary directory: `data/` (the cluster), the socket, `server.log`.
    dir: PathBuf,
    /// The directory of `initdb`, `pg_ctl` and `createdb`.
    bin: PathBuf,
    /// Whether the server's commands run as `postgres` through `runuser` (the tests run as
    /// root, and PostgreSQL refuses to run as root).
    as_postgres: bool,
    /// Databases made so far, for the next one's name.
    databases: AtomicUsize,
    /// The watchdog; its stdin is the pipe whose closing stops the cluster.
    watchdog: Option<Child>,
}

/// The test process's cluster, started on first use; `None` (with a visible note) where
/// PostgreSQL is not installed and not required.
pub fn shared() -> Option<&'static Cluster> {
    static SHARED: OnceLock<Option<Cluster>> = OnceLock::new();
    let cluster = SHARED.get_or_init(|| installed().map(Cluster::start)).as_ref();
    if cluster.is_none() {
        skipped();
    }
    cluster
}

/// A cluster of the caller's own, stopped when it is dropped.
pub fn private() -> Option<Cluster> {
    let cluster = installed().map(Cluster::start);
    if cluster.is_none() {
        skipped();
    }
    cluster
}

/// The note of a skipped test, written past the test harness's capture so that it shows.
fn skipped() {
    let _ = writeln!(std::io::stderr(), "note: PostgreSQL is not installed here; the PostgreSQL tests are skipped");
}

/// The newest `/usr/lib/postgresql/*/bin` that holds `initdb`, `pg_ctl` and `createdb`.
fn installed() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            ["initdb", "pg_ctl", "createdb"].iter().all(|tool| bin.join(tool).is_file()).then_some((version, bin))
        })
        .collect();
    found.sort();
    let newest = found.pop().map(|(_, bin)| bin);
    if newest.is_none() && std::env::var_os("DAFTAR_REQUIRE_POSTGRES").is_some() {
        panic!(
            "PostgreSQL is not installed: no initdb, pg_ctl and createdb under /usr/lib/postgresql/*/bin; \
             install it with `apt-get install postgresql` (DAFTAR_REQUIRE_POSTGRES is set)"
        );
    }
    newest
}

impl Cluster {
    fn start(bin: PathBuf) -> Cluster {
        let as_postgres = rustix::process::geteuid().is_root();
        // Under /tmp whatever TMPDIR says: the socket's path must fit in sun_path.
        let temp = tempfile::Builder::new().prefix("daftar-pg-").tempdir_in("/tmp").expect("a temporary directory");
        let dir = temp.path().to_path_buf();
        let socket = dir.join(".s.PGSQL.5432");
        assert!(
            socket.as_os_str().len() < MAX_SOCKET_PATH,
            "the cluster's socket path {} is too long for a Unix socket",
            socket.display()
        );
        let mut cluster = Cluster { dir, bin, as_postgres, databases: AtomicUsize::new(0), watchdog: None };
        // First, so that a failure further on is cleaned up too (the pipe closes as the
        // panic drops the cluster). Until it runs, the TempDir removes the directory.
        cluster.watchdog = Some(cluster.start_watchdog());
        let _ = temp.keep();
        if as_postgres {
            run(Command::new("chown").arg("postgres:postgres").arg(&cluster.dir));
        }
        let data = cluster.data();
        run(cluster.server_command("initdb").args([
            OsStr::new("-D"),
            data.as_os_str(),
            OsStr::new("-U"),
            OsStr::new("postgres"),
            OsStr::new("--auth=trust"),
            OsStr::new("--encoding=UTF8"),
            OsStr::new("--locale=C"),
            OsStr::new("--no-sync"),
        ]));
        let settings = format!(
            "\n# daftar tests\nlisten_addresses = ''\nunix_socket_directories = '{}'\nport = 5432\n\
             max_connections = 300\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n\
             deadlock_timeout = '100ms'\n",
            cluster.dir.display()
        );
        let mut conf = std::fs::OpenOptions::new().append(true).open(data.join("postgresql.conf")).unwrap();
        conf.write_all(settings.as_bytes()).unwrap();
        cluster.pg_ctl(&["-w", "-t", "60", "start"]);
        cluster
    }

    /// The directory of the cluster's socket.
    pub fn socket_dir(&self) -> &Path {
        &self.dir
    }

    /// A new empty database; its `postgresql://` address.
    pub fn database(&self) -> String {
        let n = self.databases.fetch_add(1, Ordering::Relaxed);
        let name = format!("daftar_test_{n}");
        // Trust authentication on a private socket: any local user may connect as postgres.
        run(without_pg_variables(&mut Command::new(self.bin.join("createdb")))
            .arg("-h")
            .arg(&self.dir)
            .args(["-U", "postgres", &name]));
        self.url(&name)
    }

    /// The address of the database `name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgresql:///{name}?host={}&user=postgres", self.dir.display())
    }

    /// `pg_dump` of the database at `url` (one of [`Cluster::database`]'s), as plain SQL.
    pub fn dump(&self, url: &str) -> String {
        let name = url.trim_start_matches("postgresql:///").split('?').next().unwrap_or_default().to_string();
        let out = without_pg_variables(&mut Command::new(self.bin.join("pg_dump")))
            .arg("-h")
            .arg(&self.dir)
            .args(["-U", "postgres", &name])
            .output()
            .unwrap();
        assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Restarts the server (`pg_ctl -m fast restart`): every open connection is closed.
    pub fn restart(&self) {
        self.pg_ctl(&["-w", "-t", "60", "-m", "fast", "restart"]);
    }

    /// Stops the server (`pg_ctl -m fast stop`): every open connection is closed, and none is
    /// accepted until [`Cluster::start_again`].
    pub fn stop(&self) {
        self.pg_ctl(&["-w", "-t", "60", "-m", "fast", "stop"]);
    }

    /// Starts the server stopped by [`Cluster::stop`].
    pub fn start_again(&self) {
        self.pg_ctl(&["-w", "-t", "60", "start"]);
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// `pg_ctl -D data -l server.log ARGS`, its own output in a file: the server it starts
    /// must not hold a pipe of ours (a caller reading that pipe to its end would wait forever).
    fn pg_ctl(&self, args: &[&str]) {
        let out = self.dir.join("pg_ctl.out");
        let file = std::fs::File::create(&out).unwrap();
        let status = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .status()
            .unwrap();
        if !status.success() {
            let said = std::fs::read_to_string(&out).unwrap_or_default();
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            panic!("pg_ctl {args:?} failed ({status}):\n{said}\nserver log:\n{log}");
        }
    }

    /// `tool` from the server's directory, as `postgres` when the tests run as root.
    fn server_command(&self, tool: &str) -> Command {
        server_command(&self.bin, self.as_postgres, tool)
    }

    fn start_watchdog(&self) -> Child {
        // sh -c SCRIPT DIR COMMAND…: $0 is the directory, "$@" the pg_ctl to run.
        let script = r#"cat >/dev/null; "$@" -D "$0/data" -m immediate stop >/dev/null 2>&1; rm -rf "$0""#;
        let pg_ctl = server_command(&self.bin, self.as_postgres, "pg_ctl");
        use std::os::unix::process::CommandExt;
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(&self.dir)
            .arg(pg_ctl.get_program())
            .args(pg_ctl.get_args())
            .current_dir("/")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group: a Ctrl-C to the tests does not stop it before it cleans up.
            .process_group(0)
            .spawn()
            .expect("the cluster's watchdog (sh)")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some(mut watchdog) = self.watchdog.take() {
            // Closing its stdin lets it stop the server and remove the directory.
            drop(watchdog.stdin.take());
            let _ = watchdog.wait();
        }
    }
}

/// `tool` of `bin`, through `runuser -u postgres --` if `as_postgres`; run from `/`, which
/// `postgres` may enter (it may not enter the crate's directory).
fn server_command(bin: &Path, as_postgres: bool, tool: &str) -> Command {
    let mut command = if as_postgres {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(bin.join(tool));
        command
    } else {
        Command::new(bin.join(tool))
    };
    command.current_dir("/");
    without_pg_variables(&mut command);
    command
}

/// `command` without the `PG*` variables of the environment (PGPORT, PGHOST, PGDATA, …),
/// which would point the server's tools at another cluster or another port.
fn without_pg_variables(command: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(|name| name.starts_with("PG")) {
            command.env_remove(name);
        }
    }
    command
}

/// The longest Unix socket path, its final NUL included (sun_path of Linux).
const MAX_SOCKET_PATH: usize = 108;

/// Runs `command` to its end; panics with what it said if it fails.
fn run(command: &mut Command) {
    let output = command.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
