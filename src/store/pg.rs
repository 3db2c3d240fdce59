//! Named trees of opaque bytes in PostgreSQL: the lower layer of the PostgreSQL back end.
//!
//! Everything personal is sealed above this layer and every key is a random id, a sealed
//! sequence number or a keyed digest, so the server only ever holds ciphertext. This module
//! therefore keeps the model the store is written over with sled (named trees, point reads,
//! ordered scans, multi-tree transactions) in one table of the schema `daftar`,
//! `daftar.daftar_kv(tree, key, value, version)`,
//! and adds what several processes on one database need: a version on every row for
//! compare-and-set, transactions retried on deadlock, and a notification naming the tree of
//! every change.
//!
//! Only a Unix socket is accepted for now (peer authentication on the server); TLS comes later.

use std::collections::{HashSet, VecDeque};
use std::ops::{Bound, RangeBounds};
use std::str::FromStr;
use std::time::Duration;

use postgres::config::Host;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, NoTls};

use crate::error::{Error, Result};

/// The schema version this build creates and reads; a database at a higher one is refused.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The channel every change is announced on; the payload is the tree's name and nothing else.
pub const CHANNEL: &str = "daftar";

/// Where the server's socket is looked for when the address names no host (Debian's place).
const DEFAULT_SOCKET_DIR: &str = "/run/postgresql";

/// Tries of one transaction before [`Error::DatabaseBusy`]; only deadlocks and serialization
/// failures are retried, and with key locks (see [`Tx`]) those are rare.
const MAX_ATTEMPTS: u32 = 20;

/// Tries to reconnect, half a second apart, after a COMMIT lost its connection.
const RECONNECT_TRIES: u32 = 20;

/// How long a transaction whose COMMIT lost its connection may stay "in progress" on the
/// server before [`Error::CommitUnknown`].
const IN_PROGRESS_WAIT: Duration = Duration::from_secs(30);

/// The advisory lock (two 32-bit keys, a space apart from the one-key locks of [`Tx`]) that
/// serialises migrations: "daft" and 1.
const MIGRATION_LOCK: (i32, i32) = (0x6461_6674, 1);

/// The store-wide advisory lock, "daft" and 2: every ordinary transaction holds it shared,
/// a [`Pg::bulk_transaction`] exclusively. Each key lock is one entry of the server's shared
/// lock table (about 7,800 on a default server; when it is full every session gets 53200
/// "out of shared memory"), so a transaction of many keys must not take key locks: it takes
/// this one lock instead, and the exclusive hold keeps every other transaction out.
const STORE_LOCK: (i32, i32) = (0x6461_6674, 2);

/// Migration `n` (1-based) takes a database from schema version `n - 1` to `n`. Applied in
/// order, each once, all of those missing in one transaction. Never edit one that has shipped:
/// add the next.
const MIGRATIONS: &[&str] = &[
    // 1: the trees, in the schema `daftar` (created with `daftar_schema`), every name qualified;
    // `tree` compares bytewise (COLLATE "C") whatever the database's collation. Versions come
    // from one sequence, so a row removed and written again never gets back a version it had:
    // a compare-and-set from before the removal still fails.
    "CREATE SEQUENCE daftar.daftar_kv_version AS bigint;
     CREATE TABLE daftar.daftar_kv (
         tree text COLLATE \"C\" NOT NULL,
         key bytea NOT NULL,
         value bytea NOT NULL,
         version bigint NOT NULL,
         PRIMARY KEY (tree, key)
     );",
    // 2: a notification on every change, naming only the tree (never a key or a value). The
    // function runs with `search_path = pg_catalog`, so that no object a role puts in another
    // schema can stand in for `pg_notify`.
    // PostgreSQL delivers it at commit, once per tree and transaction, and never for a
    // transaction rolled back.
    "CREATE FUNCTION daftar.daftar_kv_notify() RETURNS trigger LANGUAGE plpgsql
     SET search_path = pg_catalog AS $$
     BEGIN
         IF TG_OP = 'DELETE' THEN
             PERFORM pg_notify('daftar', OLD.tree);
         ELSE
             PERFORM pg_notify('daftar', NEW.tree);
         END IF;
         RETURN NULL;
     END $$;
     CREATE TRIGGER daftar_kv_notify AFTER INSERT OR UPDATE OR DELETE ON daftar.daftar_kv
         FOR EACH ROW EXECUTE FUNCTION daftar.daftar_kv_notify();",
];

/// A value and the version of the row it was read from.
pub type Versioned = (Vec<u8>, i64);

/// One row of a scan, in key order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: Vec<u8>,
    pub value: Vec<u8>,
    pub version: i64,
}

/// A connection to one Daftar database. Methods take `&mut self` (one connection does one
/// thing at a time); a thread that works on its own opens its own `Pg`.
pub struct Pg {
    client: Client,
    config: Config,
    /// The database's name, for messages (never the address: it may hold a password).
    database: String,
    /// Whether a server with `fsync = off` is accepted: only through
    /// [`Pg::connect_unsafe_for_tests`].
    fsync_off_accepted: bool,
}

impl Pg {
    /// Connects to the database at `url`, a `postgresql://` (or `postgres://`) URL. With no
    /// host it uses the Unix socket in `/run/postgresql`; `?host=/some/dir` names another
    /// socket directory. A TCP host or `sslmode=require` is refused: TLS is not built yet, and
    /// no connection leaves the machine without it.
    pub fn connect(url: &str) -> Result<Pg> {
        Pg::open(url, tests_accept_fsync_off())
    }

    /// [`Pg::connect`], accepting a server that runs with `fsync = off`, as the throwaway test
    /// cluster does on purpose (speed, and nothing there must survive a crash). For the tests
    /// only: nothing in the program calls it, and no address, option or variable of a build
    /// without the `fault-injection` feature leads to it.
    pub fn connect_unsafe_for_tests(url: &str) -> Result<Pg> {
        Pg::open(url, true)
    }
}

/// Whether the tests' own daftar processes (built with the `fault-injection` feature, which
/// only the tests enable) were told to use the throwaway cluster: `DAFTAR_TEST_FSYNC_OFF=accept`.
/// Always false in any other build.
fn tests_accept_fsync_off() -> bool {
    #[cfg(feature = "fault-injection")]
    if std::env::var("DAFTAR_TEST_FSYNC_OFF").as_deref() == Ok("accept") {
        return true;
    }
    false
}

impl Pg {
    fn open(url: &str, fsync_off_accepted: bool) -> Result<Pg> {
        let (config, database) = parse_address(url)?;
        let client = config
            .connect(NoTls)
            .map_err(|e| Error::DatabaseUnreachable { database: database.clone(), detail: reason(&e) })?;
        let mut pg = Pg { client, config, database, fsync_off_accepted };
        pg.check_durability()?;
        Ok(pg)
    }

    /// Refuses a server with `fsync = off` (unless [`Pg::connect_unsafe_for_tests`]): a
    /// committed answer would not survive a power loss. (`synchronous_commit` is forced on
    /// for every connection by the address's options.)
    fn check_durability(&mut self) -> Result<()> {
        if self.fsync_off_accepted {
            return Ok(());
        }
        let fsync: String = self
            .client
            .query_one("SHOW fsync", &[])
            .and_then(|row| row.try_get(0))
            .map_err(|e| self.failed("reading the server's settings", &e))?;
        if fsync == "off" {
            return Err(Error::DatabaseNotDurable { database: self.database.clone() });
        }
        Ok(())
    }

    /// A new connection with the same address, in place of this one (after
    /// [`Error::DatabaseClosed`]).
    pub fn reconnect(&mut self) -> Result<()> {
        self.client = self
            .config
            .connect(NoTls)
            .map_err(|e| Error::DatabaseUnreachable { database: self.database.clone(), detail: reason(&e) })?;
        self.check_durability()
    }

    /// The database's name, as messages give it.
    pub fn database(&self) -> &str {
        &self.database
    }

    /// Brings the schema to [`SCHEMA_VERSION`] and returns how many migrations it applied (0
    /// when it was there already). One transaction under an advisory lock, so two processes
    /// migrating at once apply each step once and a failure leaves the database as it was.
    /// Refuses a database of another application (tables, but no `daftar_schema`) and one
    /// whose schema is newer than this build, writing nothing to either.
    pub fn migrate(&mut self) -> Result<u32> {
        let database = &self.database;
        let failed = |action| move |e: postgres::Error| db_error(database, action, &e);
        let mut tx = self.client.transaction().map_err(failed("beginning the migration"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1, $2)", &[&MIGRATION_LOCK.0, &MIGRATION_LOCK.1])
            .map_err(failed("waiting for the migration lock"))?;
        // What the migration makes belongs to the database's owner, not to whichever member of
        // it ran the first `init`: every member of the owner's role may then use it.
        let as_owner: Option<String> = tx
            .query_one(
                "SELECT CASE WHEN d.datdba <> r.oid AND pg_catalog.pg_has_role(d.datdba, 'MEMBER')
                             THEN pg_catalog.format('SET LOCAL ROLE %I', pg_catalog.pg_get_userbyid(d.datdba)) END
                 FROM pg_catalog.pg_database d, pg_catalog.pg_roles r
                 WHERE d.datname = pg_catalog.current_database() AND r.rolname = current_user",
                &[],
            )
            .and_then(|row| row.try_get(0))
            .map_err(failed("looking at the database's owner"))?;
        if let Some(set_role) = as_owner {
            tx.batch_execute(&set_role).map_err(failed("taking the database owner's role"))?;
        }
        let current = match schema_version_in(&mut tx).map_err(failed("reading the schema version"))? {
            Some(rows) => single_version(&self.database, rows)?,
            None => {
                let others: i64 = tx
                    .query_one(
                        "SELECT count(*) FROM pg_catalog.pg_class c
                         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                           AND n.nspname NOT LIKE 'pg\\_toast%'
                           AND n.nspname NOT LIKE 'pg\\_temp\\_%'",
                        &[],
                    )
                    .and_then(|row| row.try_get(0))
                    .map_err(failed("looking at the database's tables"))?;
                if others > 0 {
                    return Err(Error::NotADaftarDatabase { database: self.database.clone() });
                }
                tx.batch_execute(
                    "CREATE SCHEMA daftar;
                     CREATE TABLE daftar.daftar_schema (version integer NOT NULL);
                     INSERT INTO daftar.daftar_schema (version) VALUES (0);",
                )
                .map_err(failed("creating the schema table"))?;
                0
            }
        };
        if current > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                database: self.database.clone(),
                found: current,
                supported: SCHEMA_VERSION,
            });
        }
        let mut applied = 0;
        for (done, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
            tx.batch_execute(sql).map_err(failed("migrating the schema"))?;
            let version = done as i32 + 1;
            tx.execute("UPDATE daftar.daftar_schema SET version = $1", &[&version])
                .map_err(failed("migrating the schema"))?;
            applied += 1;
        }
        tx.commit().map_err(failed("committing the migration"))?;
        Ok(applied)
    }

    /// The schema version the database is at; `None` where there is no `daftar_schema`.
    pub fn schema_version(&mut self) -> Result<Option<i32>> {
        let rows = schema_version_in(&mut self.client).map_err(|e| self.failed("reading the schema version", &e))?;
        rows.map(|rows| single_version(&self.database, rows)).transpose()
    }

    /// The value under `key` in `tree` and its row version, as last committed.
    pub fn get(&mut self, tree: &str, key: &[u8]) -> Result<Option<Versioned>> {
        let rows = self
            .client
            .query_typed(GET, &[(&tree, Type::TEXT), (&key, Type::BYTEA)])
            .map_err(|e| self.failed("reading a row", &e))?;
        rows.first().map(|row| versioned(row).map_err(|e| self.failed("reading a row", &e))).transpose()
    }

    /// Every row of `tree` whose key starts with `prefix`, in key order (bytewise, as sled).
    /// Read in pages (see [`Pg::rows`]), gathered.
    pub fn scan_prefix(&mut self, tree: &str, prefix: &[u8]) -> Result<Vec<Entry>> {
        self.rows(tree, Scan::prefix(prefix)).collect()
    }

    /// The rows of `tree` whose keys are in `keys` (`from..to`, `from..`, `..=to`, …), in key
    /// order. Read in pages (see [`Pg::rows`]), gathered.
    pub fn range<'k>(&mut self, tree: &str, keys: impl RangeBounds<&'k [u8]>) -> Result<Vec<Entry>> {
        self.rows(tree, Scan::range(keys)).collect()
    }

    /// The rows of `tree` that `scan` names, one at a time, in its order. They are read in
    /// keyset pages (`key > last ORDER BY key LIMIT n`, or `key < last … DESC` in reverse),
    /// each its own statement: no transaction and no cursor is held between pages, so a long
    /// scan blocks nobody, and a row written or removed by another connection while it runs is
    /// seen or not according to where the scan has got to (as with sled's iterators).
    pub fn rows<'p>(&'p mut self, tree: &str, scan: Scan) -> Rows<'p> {
        Rows { pg: self, cursor: Cursor::new(tree, scan) }
    }

    /// The row of `tree` with the smallest key.
    pub fn first(&mut self, tree: &str) -> Result<Option<Entry>> {
        self.rows(tree, Scan::all().limit(1)).next().transpose()
    }

    /// The row of `tree` with the greatest key.
    pub fn last(&mut self, tree: &str) -> Result<Option<Entry>> {
        self.rows(tree, Scan::all().reverse().limit(1)).next().transpose()
    }

    /// How many rows `tree` holds.
    pub fn len(&mut self, tree: &str) -> Result<u64> {
        let count: i64 = self
            .client
            .query_typed_one("SELECT count(*) FROM daftar.daftar_kv WHERE tree = $1", &[(&tree, Type::TEXT)])
            .and_then(|row| row.try_get(0))
            .map_err(|e| self.failed("counting rows", &e))?;
        Ok(count.max(0) as u64)
    }

    /// Holds the whole store on this connection until [`Pg::let_go_of_store`] (or the
    /// connection's end): every transaction of every process waits meanwhile (and gives up
    /// after `lock_timeout`, [`Error::DatabaseBusy`]), so that what this connection reads is one
    /// moment of the store (`store copy`). Waits for the transactions under way to end.
    pub fn hold_store(&mut self) -> Result<()> {
        self.client
            .query_typed("SELECT pg_advisory_lock($1, $2)", &[(&STORE_LOCK.0, Type::INT4), (&STORE_LOCK.1, Type::INT4)])
            .map_err(|e| self.failed("holding the store", &e))?;
        Ok(())
    }

    /// Lets go of the store held by [`Pg::hold_store`].
    pub fn let_go_of_store(&mut self) -> Result<()> {
        self.client
            .query_typed(
                "SELECT pg_advisory_unlock($1, $2)",
                &[(&STORE_LOCK.0, Type::INT4), (&STORE_LOCK.1, Type::INT4)],
            )
            .map_err(|e| self.failed("letting go of the store", &e))?;
        Ok(())
    }

    /// The names of the trees that hold at least one row, in byte order.
    pub fn tree_names(&mut self) -> Result<Vec<Vec<u8>>> {
        let rows = self
            .client
            .query_typed("SELECT DISTINCT tree FROM daftar.daftar_kv ORDER BY tree", &[])
            .map_err(|e| self.failed("listing the trees", &e))?;
        rows.iter()
            .map(|row| {
                row.try_get::<_, String>(0).map(String::into_bytes).map_err(|e| self.failed("listing the trees", &e))
            })
            .collect()
    }

    /// Whether `tree` holds no row.
    pub fn is_empty(&mut self, tree: &str) -> Result<bool> {
        Ok(self.len(tree)? == 0)
    }

    /// One page of `tree`: at most `limit` rows between `start` and `end`, from the start (or
    /// from the end, `reverse`).
    fn page(
        &mut self,
        tree: &str,
        start: Bound<&[u8]>,
        end: Bound<&[u8]>,
        reverse: bool,
        limit: i64,
    ) -> Result<Vec<Entry>> {
        let mut sql = String::from("SELECT key, value, version FROM daftar.daftar_kv WHERE tree = $1");
        let mut params: Vec<(&(dyn ToSql + Sync), Type)> = vec![(&tree, Type::TEXT)];
        let start_key;
        let end_key;
        match start {
            Bound::Included(k) | Bound::Excluded(k) => {
                start_key = k;
                let op = if matches!(start, Bound::Included(_)) { ">=" } else { ">" };
                params.push((&start_key, Type::BYTEA));
                sql.push_str(&format!(" AND key {op} ${}", params.len()));
            }
            Bound::Unbounded => {}
        }
        match end {
            Bound::Included(k) | Bound::Excluded(k) => {
                end_key = k;
                let op = if matches!(end, Bound::Included(_)) { "<=" } else { "<" };
                params.push((&end_key, Type::BYTEA));
                sql.push_str(&format!(" AND key {op} ${}", params.len()));
            }
            Bound::Unbounded => {}
        }
        // bytea orders bytewise (memcmp, then the shorter first), whatever the collation.
        sql.push_str(if reverse { " ORDER BY key DESC" } else { " ORDER BY key" });
        params.push((&limit, Type::INT8));
        sql.push_str(&format!(" LIMIT ${}", params.len()));
        let rows = self.client.query_typed(&sql, &params).map_err(|e| self.failed("scanning rows", &e))?;
        rows.iter().map(|row| entry(row).map_err(|e| self.failed("scanning rows", &e))).collect()
    }

    /// Runs `work` in one transaction and commits it; all of it or nothing is written.
    ///
    /// The isolation is READ COMMITTED with a lock on every key the transaction touches
    /// (an exclusive transaction-scoped advisory lock on a digest of tree and key, taken by
    /// [`Tx::get`] and every write before the row is read): strict two-phase locking on keys,
    /// so transactions that touch the same key run one after the other and each reads what the
    /// one before committed. `SELECT … FOR UPDATE` alone would not do: it cannot lock a key that
    /// does not exist yet, so two transactions could both read "absent" and both write.
    /// SERIALIZABLE would, but it fails every transaction that read a row before a concurrent
    /// one committed it, and under contention (a counter, the audit chain's head) the retries
    /// starve; with key locks the second transaction waits instead of failing. Before any key,
    /// it takes the store lock shared, so that it waits while a [`Pg::bulk_transaction`] runs.
    ///
    /// A deadlock (SQLSTATE 40P01; keys locked in opposite orders) or a serialization failure
    /// (40001) rolls back and runs `work` again, up to [`MAX_ATTEMPTS`] times, so `work` must
    /// do nothing but through its [`Tx`]. It is `Fn`, as sled's transactions take it: state it
    /// keeps across tries has to be explicit (an atomic, a cell), not a captured `mut`. Any other error, or an error `work` returns, rolls
    /// back and is returned as it is. A connection lost before the COMMIT is
    /// [`Error::DatabaseClosed`] (nothing was written), not retried here. A connection lost
    /// during the COMMIT leaves its outcome unknown to this side: the transaction's id was
    /// taken at its start, so this reconnects and asks the server (`pg_xact_status`):
    /// committed, it returns `work`'s value; aborted, it runs `work` again; otherwise
    /// [`Error::CommitUnknown`]. So a change is never applied twice by a retry here, and never
    /// reported saved unless it was.
    pub fn transaction<T>(&mut self, work: impl Fn(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.run(Mode::Keys, work)
    }

    /// Runs `work` in one transaction that holds the whole store alone: it first takes the
    /// store lock exclusively (waiting for every ordinary transaction under way to end, and
    /// keeping new ones waiting until it ends), then takes no key lock, so that it may touch
    /// any number of keys without filling the server's lock table. For what writes many rows at
    /// once (`store copy`, a rebuild of an index); everything else uses [`Pg::transaction`].
    /// Retried and rolled back as that one is.
    pub fn bulk_transaction<T>(&mut self, work: impl Fn(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.run(Mode::Bulk, work)
    }

    fn run<T>(&mut self, mode: Mode, work: impl Fn(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        for attempt in 1..=MAX_ATTEMPTS {
            match self.attempt(mode, attempt, &work)? {
                Attempt::Done(value) => return Ok(value),
                Attempt::Again => {}
                // The COMMIT was sent and its answer lost: it may have been applied.
                // Aborted (nothing was written): run it again.
                Attempt::CommitLost(value, xid) => {
                    if self.commit_outcome(&xid)? == CommitStatus::Committed {
                        return Ok(value);
                    }
                }
            }
            if attempt < MAX_ATTEMPTS {
                std::thread::sleep(backoff(attempt));
            }
        }
        Err(Error::DatabaseBusy { attempts: MAX_ATTEMPTS })
    }

    /// One try of [`Pg::run`]: the store lock and the transaction's id, `work`, and the COMMIT
    /// or the ROLLBACK.
    fn attempt<T>(&mut self, mode: Mode, attempt: u32, work: &impl Fn(&mut Tx<'_>) -> Result<T>) -> Result<Attempt<T>> {
        // The transaction's id is taken first: should the connection be lost during the
        // COMMIT, the server is asked what became of it.
        let start = match mode {
            Mode::Keys => "SELECT pg_advisory_xact_lock_shared($1, $2)::text, pg_current_xact_id()::text",
            Mode::Bulk => "SELECT pg_advisory_xact_lock($1, $2)::text, pg_current_xact_id()::text",
        };
        let database = self.database.as_str();
        let inner = self.client.transaction().map_err(|e| db_error(database, "beginning a transaction", &e))?;
        let mut tx = Tx { inner, database, mode, attempt, locked: HashSet::new(), failure: None };
        let started = tx
            .inner
            .query_typed_one(start, &[(&STORE_LOCK.0, Type::INT4), (&STORE_LOCK.1, Type::INT4)])
            .and_then(|row| row.try_get::<_, String>(1));
        let (outcome, xid) = match tx.check("waiting for the store lock", started) {
            Ok(xid) => (work(&mut tx), xid),
            Err(e) => (Err(e), String::new()),
        };
        let Tx { inner, failure, .. } = tx;
        match (outcome, failure) {
            (Ok(value), None) => match inner.commit() {
                Ok(()) => Ok(Attempt::Done(value)),
                Err(e) if retryable(&e) => Ok(Attempt::Again),
                Err(e) if connection_lost(&e) => Ok(Attempt::CommitLost(value, xid)),
                Err(e) => Err(db_error(database, "committing a transaction", &e)),
            },
            // Rolled back, and run again. Whatever the rollback says, nothing is
            // committed; a lost connection shows at the next BEGIN.
            (_, Some(Failure::Retry)) => {
                let _ = inner.rollback();
                Ok(Attempt::Again)
            }
            // `work`'s own error; or `work` went on after a statement failed, and
            // PostgreSQL would have turned its COMMIT into a ROLLBACK without a word.
            (Err(e), _) | (Ok(_), Some(Failure::Error(e))) => {
                let _ = inner.rollback();
                Err(e)
            }
        }
    }

    /// What became of the transaction `xid` whose COMMIT lost its connection: reconnects
    /// (a few tries, the server may be restarting) and asks `pg_xact_status` until the
    /// transaction is no longer in progress. [`CommitStatus::Committed`] or
    /// [`CommitStatus::Aborted`]; anything else is [`Error::CommitUnknown`].
    fn commit_outcome(&mut self, xid: &str) -> Result<CommitStatus> {
        let unknown = |database: &str| Error::CommitUnknown { database: database.to_string() };
        let mut tries = 0;
        while self.reconnect().is_err() {
            tries += 1;
            if tries >= RECONNECT_TRIES {
                return Err(unknown(&self.database));
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        let asked = std::time::Instant::now();
        loop {
            let status = self
                .client
                .query_typed_one("SELECT pg_xact_status($1::xid8)", &[(&xid, Type::TEXT)])
                .and_then(|row| row.try_get::<_, Option<String>>(0))
                .map_err(|_| unknown(&self.database))?;
            match commit_status(status.as_deref()) {
                CommitStatus::InProgress if asked.elapsed() < IN_PROGRESS_WAIT => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                status @ (CommitStatus::Committed | CommitStatus::Aborted) => return Ok(status),
                CommitStatus::InProgress | CommitStatus::Unknown => return Err(unknown(&self.database)),
            }
        }
    }

    /// A second connection that receives the name of every tree changed by any committed
    /// transaction, from this process or another.
    pub fn listen(&self) -> Result<Listener> {
        let mut client = self
            .config
            .connect(NoTls)
            .map_err(|e| Error::DatabaseUnreachable { database: self.database.clone(), detail: reason(&e) })?;
        client.batch_execute("LISTEN daftar").map_err(|e| db_error(&self.database, "listening for changes", &e))?;
        Ok(Listener { client, database: self.database.clone(), ignored: Vec::new() })
    }

    /// The process id of this connection's backend on the server, as announcements name it.
    pub fn backend_pid(&mut self) -> Result<i32> {
        let row = self
            .client
            .query_typed_one("SELECT pg_backend_pid()", &[])
            .map_err(|e| self.failed("asking the backend", &e))?;
        row.try_get(0).map_err(|e| self.failed("asking the backend", &e))
    }

    fn failed(&self, action: &'static str, e: &postgres::Error) -> Error {
        db_error(&self.database, action, e)
    }
}

/// One attempt of a [`Pg::transaction`]. Every read and write locks its key first (see there),
/// so what it reads stays as read until the transaction ends.
pub struct Tx<'c> {
    inner: postgres::Transaction<'c>,
    database: &'c str,
    /// Whether keys are locked one by one, or the whole store is held (see [`STORE_LOCK`]).
    mode: Mode,
    /// Which try of the transaction this is, for [`Error::DatabaseBusy`].
    attempt: u32,
    /// The key locks taken, so each costs one round trip per transaction.
    locked: HashSet<i64>,
    /// The first statement that failed: PostgreSQL refuses every statement after it.
    failure: Option<Failure>,
}

/// How a transaction keeps others off what it reads and writes.
#[derive(Clone, Copy)]
enum Mode {
    /// The store lock shared, and a lock on every key touched.
    Keys,
    /// The store lock alone, held exclusively.
    Bulk,
}

/// How one try of a transaction ended.
enum Attempt<T> {
    /// Committed.
    Done(T),
    /// Rolled back (deadlock, serialization failure): to run again.
    Again,
    /// `work` returned this value, but the connection was lost during the COMMIT of the
    /// transaction of this id.
    CommitLost(T, String),
}

/// What `pg_xact_status` says of a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CommitStatus {
    Committed,
    Aborted,
    /// Its backend has not finished yet (it is still writing its commit, or waiting).
    InProgress,
    /// NULL (too old to be known, or the id is from another server) or a word unknown here.
    Unknown,
}

fn commit_status(status: Option<&str>) -> CommitStatus {
    match status {
        Some("committed") => CommitStatus::Committed,
        Some("aborted") => CommitStatus::Aborted,
        Some("in progress") => CommitStatus::InProgress,
        _ => CommitStatus::Unknown,
    }
}

enum Failure {
    /// A deadlock or serialization failure: the whole transaction is tried again.
    Retry,
    /// Anything else, returned if `work` ignores it.
    Error(Error),
}

impl Tx<'_> {
    /// The value under `key` in `tree` and its version, locking the key until the end of the
    /// transaction (whether or not it exists).
    pub fn get(&mut self, tree: &str, key: &[u8]) -> Result<Option<Versioned>> {
        self.lock(tree, key)?;
        let rows = self.inner.query_typed(GET, &[(&tree, Type::TEXT), (&key, Type::BYTEA)]);
        let row = self.check("reading a row", rows)?;
        let value = row.first().map(versioned).transpose();
        self.check("reading a row", value)
    }

    /// Writes `value` under `key` in `tree` and returns the row's new version.
    pub fn insert(&mut self, tree: &str, key: &[u8], value: &[u8]) -> Result<i64> {
        self.lock(tree, key)?;
        let version = self
            .inner
            .query_typed_one(UPSERT, &[(&tree, Type::TEXT), (&key, Type::BYTEA), (&value, Type::BYTEA)])
            .and_then(|row| row.try_get(0));
        self.check("writing a row", version)
    }

    /// Writes `value` under `key` only if there is no such row, by a plain INSERT that the
    /// primary key decides: for a claim that must be unique across processes (a blind index of
    /// a file number). Its new version; [`Error::Conflict`] with the version found if the key
    /// exists (SQLSTATE 23505), nothing written, and the transaction can go on (the INSERT runs
    /// in a savepoint, rolled back on the conflict).
    pub fn insert_new(&mut self, tree: &str, key: &[u8], value: &[u8]) -> Result<i64> {
        self.lock(tree, key)?;
        let claimed = match self.inner.savepoint("insert_new") {
            Ok(mut savepoint) => {
                let inserted = savepoint
                    .query_typed_one(INSERT, &[(&tree, Type::TEXT), (&key, Type::BYTEA), (&value, Type::BYTEA)])
                    .and_then(|row| row.try_get::<_, i64>(0));
                match inserted {
                    Ok(version) => savepoint.commit().map(|()| Some(version)),
                    Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => savepoint.rollback().map(|()| None),
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        };
        match self.check("claiming a row", claimed)? {
            Some(version) => Ok(version),
            None => {
                let found = self.get(tree, key)?.map(|(_, version)| version);
                Err(Error::Conflict { tree: tree.to_string(), key: key.to_vec(), found })
            }
        }
    }

    /// Removes `key` from `tree`; the value and version it had, if it was there.
    pub fn remove(&mut self, tree: &str, key: &[u8]) -> Result<Option<Versioned>> {
        self.lock(tree, key)?;
        let rows = self.inner.query_typed(
            "DELETE FROM daftar.daftar_kv WHERE tree = $1 AND key = $2 RETURNING value, version",
            &[(&tree, Type::TEXT), (&key, Type::BYTEA)],
        );
        let rows = self.check("removing a row", rows)?;
        let old = rows.first().map(versioned).transpose();
        self.check("removing a row", old)
    }

    /// Removes every row of `tree` (an index about to be rebuilt), and says how many. Only in a
    /// [`Pg::bulk_transaction`]: it takes no key lock, so it must hold the whole store.
    pub fn clear(&mut self, tree: &str) -> Result<u64> {
        if matches!(self.mode, Mode::Keys) {
            return Err(Error::Storage {
                action: "clearing a tree",
                detail: "only a transaction that holds the whole store may clear a tree".into(),
            });
        }
        let done = self.inner.execute_typed("DELETE FROM daftar.daftar_kv WHERE tree = $1", &[(&tree, Type::TEXT)]);
        self.check("clearing a tree", done)
    }

    /// Writes `value` under `key` only if the row is at version `expected` (`None`: only if
    /// there is no row), and returns the new version; otherwise [`Error::Conflict`] with the
    /// version found, and nothing written. The transaction can go on after a conflict.
    pub fn insert_if(&mut self, tree: &str, key: &[u8], value: &[u8], expected: Option<i64>) -> Result<i64> {
        self.require_version(tree, key, expected)?;
        self.insert(tree, key, value)
    }

    /// Removes `key` from `tree` only if the row is at version `expected`; otherwise
    /// [`Error::Conflict`], and nothing removed.
    pub fn remove_if(&mut self, tree: &str, key: &[u8], expected: i64) -> Result<()> {
        self.require_version(tree, key, Some(expected))?;
        self.remove(tree, key).map(|_| ())
    }

    fn require_version(&mut self, tree: &str, key: &[u8], expected: Option<i64>) -> Result<()> {
        let found = self.get(tree, key)?.map(|(_, version)| version);
        if found == expected {
            Ok(())
        } else {
            Err(Error::Conflict { tree: tree.to_string(), key: key.to_vec(), found })
        }
    }

    fn lock(&mut self, tree: &str, key: &[u8]) -> Result<()> {
        if matches!(self.mode, Mode::Bulk) {
            return Ok(());
        }
        let id = lock_id(tree, key);
        if self.locked.contains(&id) {
            return Ok(());
        }
        let done = self.inner.query_typed("SELECT pg_advisory_xact_lock($1)", &[(&id, Type::INT8)]);
        self.check("locking a row", done)?;
        self.locked.insert(id);
        Ok(())
    }

    /// `result` in the crate's terms, remembering a failure (see [`Tx::failure`]).
    fn check<T>(&mut self, action: &'static str, result: Result<T, postgres::Error>) -> Result<T> {
        result.map_err(|e| {
            // A lock not had within lock_timeout: the transaction was too busy to go on.
            let error = if lock_timed_out(&e) {
                Error::DatabaseBusy { attempts: self.attempt }
            } else {
                db_error(self.database, action, &e)
            };
            if self.failure.is_none() {
                self.failure = Some(if retryable(&e) {
                    Failure::Retry
                } else {
                    Failure::Error(if lock_timed_out(&e) {
                        Error::DatabaseBusy { attempts: self.attempt }
                    } else {
                        db_error(self.database, action, &e)
                    })
                });
            }
            error
        })
    }
}

/// The rows a lazy scan reads ([`Pg::rows`]): a key range, an order, a limit, a page size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    start: Bound<Vec<u8>>,
    end: Bound<Vec<u8>>,
    reverse: bool,
    limit: Option<u64>,
    page_size: u32,
}

/// Rows read per statement by a scan, unless [`Scan::page_size`] says otherwise.
pub const PAGE_SIZE: u32 = 1000;

impl Scan {
    /// Every row of the tree, in key order.
    pub fn all() -> Scan {
        Scan { start: Bound::Unbounded, end: Bound::Unbounded, reverse: false, limit: None, page_size: PAGE_SIZE }
    }

    /// The rows whose key starts with `prefix`.
    pub fn prefix(prefix: &[u8]) -> Scan {
        let end = match prefix_end(prefix) {
            Some(end) => Bound::Excluded(end),
            None => Bound::Unbounded,
        };
        Scan { start: Bound::Included(prefix.to_vec()), end, ..Scan::all() }
    }

    /// The rows whose keys are in `keys` (`from..to`, `from..`, `..=to`, …).
    pub fn range<'k>(keys: impl RangeBounds<&'k [u8]>) -> Scan {
        let owned = |bound: Bound<&&[u8]>| bound.map(|k| k.to_vec());
        Scan { start: owned(keys.start_bound()), end: owned(keys.end_bound()), ..Scan::all() }
    }

    /// From the greatest key down.
    pub fn reverse(self) -> Scan {
        Scan { reverse: !self.reverse, ..self }
    }

    /// At most `rows` rows.
    pub fn limit(self, rows: u64) -> Scan {
        Scan { limit: Some(rows), ..self }
    }

    /// `rows` rows per statement (at least 1); [`PAGE_SIZE`] by default.
    pub fn page_size(self, rows: u32) -> Scan {
        Scan { page_size: rows.max(1), ..self }
    }
}

/// A scan under way ([`Pg::rows`]): an iterator of rows, reading the next page when the one it
/// holds is used up. After an error it ends.
pub struct Rows<'p> {
    pg: &'p mut Pg,
    cursor: Cursor,
}

impl Iterator for Rows<'_> {
    type Item = Result<Entry>;

    fn next(&mut self) -> Option<Result<Entry>> {
        self.cursor.next(self.pg)
    }
}

/// Where a scan has got to, apart from its connection: [`Rows`] holds one with the connection
/// it borrows; a scan that must let go of its connection between rows (the store's trees share
/// one among many readers) holds one alone and lends it the connection at each row.
pub struct Cursor {
    tree: String,
    /// What remains to read: its bounds move past each page read.
    scan: Scan,
    page: VecDeque<Entry>,
    returned: u64,
    done: bool,
}

impl Cursor {
    /// The rows of `tree` that `scan` names, none read yet.
    pub fn new(tree: &str, scan: Scan) -> Cursor {
        Cursor { tree: tree.to_string(), scan, page: VecDeque::new(), returned: 0, done: false }
    }

    /// The scan's next row, reading a page through `pg` when the one held is used up; `None`
    /// at the end, and after an error.
    pub fn next(&mut self, pg: &mut Pg) -> Option<Result<Entry>> {
        if self.page.is_empty()
            && !self.done
            && let Err(e) = self.next_page(pg)
        {
            self.done = true;
            return Some(Err(e));
        }
        let row = self.page.pop_front()?;
        self.returned += 1;
        Some(Ok(row))
    }

    /// Whether no row has been read yet (a scan can still be turned round).
    pub fn untouched(&self) -> bool {
        self.returned == 0 && self.page.is_empty() && !self.done
    }

    /// The same scan in the other order; only before its first row ([`Cursor::untouched`]).
    pub fn reversed(self) -> Cursor {
        debug_assert!(self.untouched(), "a scan is turned round only before it starts");
        Cursor { scan: self.scan.reverse(), ..self }
    }

    fn next_page(&mut self, pg: &mut Pg) -> Result<()> {
        let left = self.scan.limit.map_or(u64::MAX, |limit| limit.saturating_sub(self.returned));
        let wanted = left.min(u64::from(self.scan.page_size));
        if wanted == 0 {
            self.done = true;
            return Ok(());
        }
        let scan = &self.scan;
        let page = pg.page(
            &self.tree,
            scan.start.as_ref().map(Vec::as_slice),
            scan.end.as_ref().map(Vec::as_slice),
            scan.reverse,
            wanted as i64,
        )?;
        if (page.len() as u64) < wanted {
            self.done = true;
        }
        if let Some(last) = page.last() {
            let past = Bound::Excluded(last.key.clone());
            if self.scan.reverse {
                self.scan.end = past;
            } else {
                self.scan.start = past;
            }
        }
        self.page.extend(page);
        Ok(())
    }
}

/// A connection listening on [`CHANNEL`]. Announcements are not kept for a listener that is
/// not connected: after [`Error::DatabaseClosed`], listen again and reload what is shown.
pub struct Listener {
    client: Client,
    database: String,
    /// Backends whose announcements are not wanted (this process's own connections: what it
    /// wrote, it knows).
    ignored: Vec<i32>,
}

impl Listener {
    /// Leaves out, from now on, what the backends `pids` announce ([`Pg::backend_pid`]).
    pub fn ignore(&mut self, pids: &[i32]) {
        self.ignored = pids.to_vec();
    }

    /// The trees changed since the last call, each once, in the order first announced: waits
    /// up to `timeout` for the first announcement, then takes those already arrived. Empty when
    /// nothing changed in time.
    pub fn wait(&mut self, timeout: Duration) -> Result<Vec<String>> {
        let database = self.database.clone();
        let lost = |e: postgres::Error| db_error(&database, "waiting for changes", &e);
        let mut trees: Vec<String> = Vec::new();
        let ignored = self.ignored.clone();
        let mut add = |n: &postgres::Notification| {
            let (channel, payload) = (n.channel(), n.payload());
            if channel == CHANNEL && !ignored.contains(&n.process_id()) && !trees.iter().any(|t| t == payload) {
                trees.push(payload.to_string());
            }
        };
        let arrived = {
            let mut notifications = self.client.notifications();
            let first = notifications.timeout_iter(timeout).next().map_err(lost)?;
            if let Some(n) = &first {
                add(n);
                let mut pending = notifications.iter();
                while let Some(n) = pending.next().map_err(lost)? {
                    add(&n);
                }
            }
            first.is_some()
        };
        if !arrived {
            // Nothing in time, or the server went away: ask.
            self.client.check_connection().map_err(lost)?;
        }
        Ok(trees)
    }
}

const GET: &str = "SELECT value, version FROM daftar.daftar_kv WHERE tree = $1 AND key = $2";

/// A row that must not exist yet (see [`Tx::insert_new`]).
const INSERT: &str = "INSERT INTO daftar.daftar_kv (tree, key, value, version)
     VALUES ($1, $2, $3, nextval('daftar.daftar_kv_version')) RETURNING version";

/// Every write takes a new version from the sequence: greater than any the row had.
const UPSERT: &str = "INSERT INTO daftar.daftar_kv (tree, key, value, version)
     VALUES ($1, $2, $3, nextval('daftar.daftar_kv_version'))
     ON CONFLICT (tree, key) DO UPDATE SET value = excluded.value, version = excluded.version
     RETURNING version";

fn entry(row: &postgres::Row) -> Result<Entry, postgres::Error> {
    Ok(Entry { key: row.try_get(0)?, value: row.try_get(1)?, version: row.try_get(2)? })
}

fn versioned(row: &postgres::Row) -> Result<Versioned, postgres::Error> {
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// The rows of `daftar_schema`, or `None` where it does not exist.
fn schema_version_in(client: &mut impl postgres::GenericClient) -> Result<Option<Vec<i32>>, postgres::Error> {
    let exists: bool = client.query_one("SELECT to_regclass('daftar.daftar_schema') IS NOT NULL", &[])?.try_get(0)?;
    if !exists {
        return Ok(None);
    }
    let rows = client.query("SELECT version FROM daftar.daftar_schema", &[])?;
    rows.iter().map(|row| row.try_get(0)).collect::<Result<Vec<i32>, _>>().map(Some)
}

fn single_version(database: &str, rows: Vec<i32>) -> Result<i32> {
    match rows.as_slice() {
        [version] => Ok(*version),
        _ => Err(Error::Database {
            action: "reading the schema version",
            detail: format!("daftar_schema of {database} holds {} rows, not one", rows.len()),
        }),
    }
}

/// The parsed address and the database's name, refusing what this version does not do.
fn parse_address(url: &str) -> Result<(Config, String)> {
    if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return Err(Error::DatabaseAddress { detail: "it must begin with postgresql://".into() });
    }
    // libpq's verifying modes, which the driver does not parse: TLS all the same.
    if url.contains("sslmode=verify-ca") || url.contains("sslmode=verify-full") {
        return Err(Error::DatabaseTlsNotYet);
    }
    let mut config = Config::from_str(url).map_err(|e| Error::DatabaseAddress { detail: reason(&e) })?;
    // An address is given on the command line or in DAFTAR_STORE, where any user of the
    // machine can read it (ps, /proc): a password there would be a secret in the clear.
    if config.get_password().is_some() {
        return Err(Error::DatabasePasswordInAddress);
    }
    let network = config.get_hosts().iter().any(|h| matches!(h, Host::Tcp(_))) || !config.get_hostaddrs().is_empty();
    if network || config.get_ssl_mode() == postgres::config::SslMode::Require {
        return Err(Error::DatabaseTlsNotYet);
    }
    if config.get_hosts().is_empty() {
        config.host_path(DEFAULT_SOCKET_DIR);
    }
    config.ssl_mode(postgres::config::SslMode::Disable);
    // A lock waited for more than 10 s is given up (DatabaseBusy) rather than freezing the
    // interface, and a session that stays in a transaction a minute (a process stopped with
    // SIGSTOP, a hung terminal) is ended so that it holds no key lock longer: both defaults,
    // which the address's own options may change. An answer is reported saved only once it is
    // on disk, whatever the server's default or the address's options: that one comes last.
    let given = config.get_options().map(|given| format!(" {given}")).unwrap_or_default();
    config.options(&format!(
        "-c lock_timeout=10s -c idle_in_transaction_session_timeout=60s{given} -c synchronous_commit=on"
    ));
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    if config.get_application_name().is_none() {
        config.application_name("daftar");
    }
    let database = config.get_dbname().or(config.get_user()).unwrap_or("(the role's own)").to_string();
    Ok((config, database))
}

/// The key just after every key that starts with `prefix`; `None` when there is none (the
/// prefix is empty or all 0xff). Salvage uses it too, to step past a part it cannot read.
pub(super) fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// The advisory lock of one key: a digest of tree and key (a collision only makes two keys wait
/// for each other). Never change it: every Daftar process on a database, of whatever build,
/// must lock a key under the same number, or their transactions would not exclude each other.
fn lock_id(tree: &str, key: &[u8]) -> i64 {
    let mut hasher = blake3::Hasher::new_derive_key("daftar 2026 store::pg key lock");
    hasher.update(&(tree.len() as u64).to_le_bytes());
    hasher.update(tree.as_bytes());
    hasher.update(key);
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest.as_bytes()[..8]);
    i64::from_le_bytes(first)
}

/// A deadlock or a serialization failure: the transaction may succeed if run again.
fn retryable(e: &postgres::Error) -> bool {
    matches!(e.code(), Some(code) if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED)
}

/// A lock not obtained within `lock_timeout` (SQLSTATE 55P03).
fn lock_timed_out(e: &postgres::Error) -> bool {
    e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE)
}

/// Whether `e` means the connection is gone: closed, broken socket, or the server shutting
/// down or restarting (SQLSTATE class 08 and 57P01-57P03).
fn connection_lost(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        let code = code.code();
        return code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03");
    }
    std::error::Error::source(e).is_some_and(|source| source.is::<std::io::Error>())
}

fn db_error(database: &str, action: &'static str, e: &postgres::Error) -> Error {
    if connection_lost(e) {
        Error::DatabaseClosed { database: database.to_string(), action }
    } else if lock_timed_out(e) {
        Error::DatabaseBusy { attempts: 1 }
    } else {
        Error::Database { action, detail: reason(e) }
    }
}

/// What went wrong, without anything a row could put there: the SQLSTATE and primary message
/// of a server error (its detail can quote a key), the driver's words otherwise.
fn reason(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} {}", db.code().code(), db.message()),
        None => e.to_string(),
    }
}

/// A random pause before try `attempt + 1`, growing with the tries (up to 0.2 s), so that
/// transactions that deadlocked do not meet again in step.
fn backoff(attempt: u32) -> Duration {
    let ceiling_ms = 5u64.saturating_mul(1 << attempt.min(5)).min(200);
    let jitter = getrandom::u64().unwrap_or(0);
    Duration::from_millis(1 + jitter % ceiling_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lock_id` as shipped with the first PostgreSQL layer (commit a78d9e6).
    const GOLDEN_PARTICIPANTS_K: i64 = 93_918_270_707_062_392;
    const GOLDEN_EMPTY: i64 = -2_900_996_009_783_076_661;

    #[test]
    fn the_end_of_a_prefix_is_the_next_key_after_all_it_starts() {
        assert_eq!(prefix_end(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_end(&[0x01, 0xff]), Some(vec![0x02]));
        assert_eq!(prefix_end(&[0xff, 0xff]), None);
        assert_eq!(prefix_end(b""), None);
    }

    #[test]
    fn only_a_unix_socket_is_accepted_for_now() {
        for url in [
            "postgresql:///daftar?sslmode=require",
            "postgresql://db.example.org/daftar",
            "postgresql:///daftar?host=localhost",
            "postgresql:///daftar?hostaddr=127.0.0.1",
            "postgresql:///daftar?sslmode=verify-full",
        ] {
            assert!(matches!(parse_address(url), Err(Error::DatabaseTlsNotYet)), "{url}");
        }
        assert!(Error::DatabaseTlsNotYet.to_string().contains("TLS"));
        assert!(matches!(parse_address("/var/lib/daftar"), Err(Error::DatabaseAddress { .. })));
        let (config, database) = parse_address("postgresql:///register").unwrap();
        assert_eq!(database, "register");
        assert!(matches!(config.get_hosts(), [Host::Unix(dir)] if dir == std::path::Path::new(DEFAULT_SOCKET_DIR)));
        let (config, _) = parse_address("postgresql:///register?host=/tmp/pg").unwrap();
        assert!(matches!(config.get_hosts(), [Host::Unix(dir)] if dir == std::path::Path::new("/tmp/pg")));
    }

    #[test]
    fn a_bad_address_is_refused_without_repeating_it() {
        let Err(e) = parse_address("postgresql://daftar:s3cret-pw@%2Frun/x?port=notaport") else { panic!("accepted") };
        assert!(!e.to_string().contains("s3cret-pw"), "{e}");
    }

    #[test]
    fn only_committed_is_saved_and_only_aborted_is_run_again() {
        assert_eq!(commit_status(Some("committed")), CommitStatus::Committed);
        assert_eq!(commit_status(Some("aborted")), CommitStatus::Aborted);
        assert_eq!(commit_status(Some("in progress")), CommitStatus::InProgress);
        assert_eq!(commit_status(None), CommitStatus::Unknown, "too old to be known");
        assert_eq!(commit_status(Some("Committed")), CommitStatus::Unknown);
        assert_eq!(commit_status(Some("")), CommitStatus::Unknown);
    }

    #[test]
    fn a_password_in_the_address_is_refused_without_repeating_it() {
        for url in [
            "postgresql://daftar:s3cret-pw@%2Frun%2Fpostgresql/register",
            "postgresql:///register?password=s3cret-pw",
            "postgres://daftar:s3cret-pw@/register?host=/run/postgresql",
        ] {
            let Err(e) = parse_address(url) else { panic!("accepted {url}") };
            assert!(matches!(e, Error::DatabasePasswordInAddress), "{url}: {e:?}");
            assert!(!e.to_string().contains("s3cret-pw") && e.to_string().contains("peer"), "{e}");
            for lang in crate::i18n::Lang::ALL {
                assert!(!e.localized(lang).contains("s3cret-pw") && e.localized(lang).contains("peer"), "{lang}");
            }
        }
        assert!(parse_address("postgresql://daftar@%2Frun%2Fpostgresql/register").is_ok(), "a user without password");
    }

    #[test]
    fn a_key_lock_has_the_same_number_in_every_build() {
        // Golden values: if this fails, lock_id changed, and processes of two builds on one
        // database would no longer exclude each other. Change lock_id back, never these.
        assert_eq!(lock_id("participants", b"k"), GOLDEN_PARTICIPANTS_K);
        assert_eq!(lock_id("", b""), GOLDEN_EMPTY);
    }

    #[test]
    fn key_locks_differ_by_tree_and_key() {
        assert_ne!(lock_id("a", b"bc"), lock_id("ab", b"c"));
        assert_eq!(lock_id("a", b"b"), lock_id("a", b"b"));
    }
}
