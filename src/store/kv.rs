//! The trees the store is written over, whatever engine holds them: sled's named trees, or
//! the rows of one PostgreSQL table ([`super::pg`]). Everything above (sealing, the audit
//! chain, the policy, the indexes, the summaries) sees only [`Tree`], [`TxTree`] and
//! [`transaction`], so it is written once for both engines. Keys and values are opaque bytes:
//! every value that holds anything personal is sealed before it gets here.
//!
//! The operations are sled's, with sled's meaning: point reads and writes that are each
//! atomic, ordered scans (lazy on both engines: PostgreSQL reads them in keyset pages and
//! holds no transaction between pages), batches applied whole, and transactions over several
//! trees that see their own writes and commit all or nothing.

use std::cell::{Cell, RefCell};
use std::ops::RangeBounds;
use std::sync::{Arc, Mutex, MutexGuard};

use sled::IVec;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionalTree, UnabortableTransactionError};

use super::pg::{self, Cursor, Pg, Scan};
use crate::error::Error;

/// What an engine refused: sled's own error (turned into the crate's by
/// [`super::sled_error`], which knows an io error from the rest), or PostgreSQL's, already
/// the crate's.
#[derive(Debug)]
pub enum KvError {
    Sled(sled::Error),
    Db(Error),
}

impl From<sled::Error> for KvError {
    fn from(e: sled::Error) -> KvError {
        KvError::Sled(e)
    }
}

pub type KvResult<T> = std::result::Result<T, KvError>;

/// The connections a PostgreSQL store shares among its trees: one for reads outside
/// transactions, one for transactions, so that a read made while a transaction runs (or a
/// transaction begun while a scan is under way) never waits for itself.
pub struct PgLink {
    reads: Mutex<Pg>,
    writes: Mutex<Pg>,
    /// How many times the link was connected again: a listener made before the last time
    /// leaves out connections the link no longer has ([`PgLink::connections`]).
    reconnections: std::sync::atomic::AtomicU64,
}

impl PgLink {
    pub fn new(reads: Pg, writes: Pg) -> Arc<PgLink> {
        Arc::new(PgLink { reads: Mutex::new(reads), writes: Mutex::new(writes), reconnections: Default::default() })
    }

    /// Connects both again (after [`Error::DatabaseClosed`]: the server restarted).
    pub fn reconnect(&self) -> crate::error::Result<()> {
        self.reconnections.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.reads().reconnect()?;
        self.writes().reconnect()
    }

    /// Which connections the link has: a number that changes each time it connects again.
    pub fn connections(&self) -> u64 {
        self.reconnections.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A listener for what other processes commit, leaving out this link's own connections.
    /// A link whose connections were lost (the server restarted) is connected again first, so
    /// that the pids left out are those of the connections it now has.
    pub fn listen(&self) -> crate::error::Result<pg::Listener> {
        let pids =
            || -> crate::error::Result<[i32; 2]> { Ok([self.reads().backend_pid()?, self.writes().backend_pid()?]) };
        let pids = match pids() {
            Ok(pids) => pids,
            Err(_) => {
                self.reconnect()?;
                pids()?
            }
        };
        let mut listener = self.reads().listen()?;
        listener.ignore(&pids);
        Ok(listener)
    }

    /// Holds the whole store on the reads connection, so that what is read through it is one
    /// moment of the store, until the returned guard is dropped ([`Pg::hold_store`]).
    pub fn hold_store(self: &Arc<PgLink>) -> crate::error::Result<StoreHeld> {
        self.reads().hold_store()?;
        Ok(StoreHeld(Arc::clone(self)))
    }

    /// The connection transactions run on, for what is done once (migrations, a store's
    /// creation).
    pub fn writer(&self) -> MutexGuard<'_, Pg> {
        self.writes()
    }

    fn reads(&self) -> MutexGuard<'_, Pg> {
        self.reads.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn writes(&self) -> MutexGuard<'_, Pg> {
        self.writes.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The name sled gives its default tree, which Daftar never writes.
pub const SLED_DEFAULT_TREE: &[u8] = b"__sled__default";

/// The engine a store is held in: sled's database, or the connections to a PostgreSQL one.
#[derive(Clone)]
pub enum Engine {
    Sled(sled::Db),
    Pg(Arc<PgLink>),
}

impl Engine {
    /// The tree `name`, made empty where it is not there yet.
    pub fn tree(&self, name: &str) -> KvResult<Tree> {
        match self {
            Engine::Sled(db) if name.as_bytes() == SLED_DEFAULT_TREE => Ok(Tree::Sled((**db).clone())),
            Engine::Sled(db) => Ok(Tree::Sled(db.open_tree(name)?)),
            Engine::Pg(link) => Ok(Tree::pg(name, link)),
        }
    }

    /// The names of the trees that hold anything (sled also names its default tree and every
    /// tree ever opened), in byte order.
    pub fn tree_names(&self) -> KvResult<Vec<IVec>> {
        match self {
            Engine::Sled(db) => {
                let mut names = db.tree_names();
                names.sort();
                Ok(names)
            }
            Engine::Pg(link) => {
                Ok(link.reads().tree_names().map_err(KvError::Db)?.into_iter().map(IVec::from).collect())
            }
        }
    }

    /// Makes every write so far durable: sled's flush. A PostgreSQL commit already is (every
    /// connection runs with `synchronous_commit = on`).
    pub fn flush(&self) -> KvResult<()> {
        match self {
            Engine::Sled(db) => db.flush().map(|_| ()).map_err(KvError::Sled),
            Engine::Pg(_) => Ok(()),
        }
    }

    /// sled's database, where the store is one.
    pub fn sled(&self) -> Option<&sled::Db> {
        match self {
            Engine::Sled(db) => Some(db),
            Engine::Pg(_) => None,
        }
    }
}

/// The store held still by [`PgLink::hold_store`], let go of when dropped.
pub struct StoreHeld(Arc<PgLink>);

impl Drop for StoreHeld {
    fn drop(&mut self) {
        // A connection that cannot say it lets go has ended, and its lock with it.
        let _ = self.0.reads().let_go_of_store();
    }
}

/// One named tree of a store.
#[derive(Clone)]
pub enum Tree {
    Sled(sled::Tree),
    Pg { name: Arc<str>, link: Arc<PgLink> },
}

impl From<sled::Tree> for Tree {
    fn from(tree: sled::Tree) -> Tree {
        Tree::Sled(tree)
    }
}

impl Tree {
    /// The tree `name` of the PostgreSQL store that `link` reaches.
    pub fn pg(name: &str, link: &Arc<PgLink>) -> Tree {
        Tree::Pg { name: Arc::from(name), link: Arc::clone(link) }
    }

    pub fn get(&self, key: impl AsRef<[u8]>) -> KvResult<Option<IVec>> {
        match self {
            Tree::Sled(t) => Ok(t.get(key)?),
            Tree::Pg { name, link } => {
                let found = link.reads().get(name, key.as_ref()).map_err(KvError::Db)?;
                Ok(found.map(|(value, _)| IVec::from(value)))
            }
        }
    }

    pub fn contains_key(&self, key: impl AsRef<[u8]>) -> KvResult<bool> {
        Ok(self.get(key)?.is_some())
    }

    /// Writes `value` under `key`.
    pub fn insert(&self, key: impl AsRef<[u8]>, value: impl Into<IVec>) -> KvResult<()> {
        let value: IVec = value.into();
        match self {
            Tree::Sled(t) => t.insert(key.as_ref(), value).map(|_| ()).map_err(KvError::Sled),
            Tree::Pg { name, link } => {
                link.writes().transaction(|tx| tx.insert(name, key.as_ref(), &value).map(|_| ())).map_err(KvError::Db)
            }
        }
    }

    /// Removes `key`, returning what it held.
    pub fn remove(&self, key: impl AsRef<[u8]>) -> KvResult<Option<IVec>> {
        match self {
            Tree::Sled(t) => Ok(t.remove(key)?),
            Tree::Pg { name, link } => {
                let old = link.writes().transaction(|tx| tx.remove(name, key.as_ref())).map_err(KvError::Db)?;
                Ok(old.map(|(value, _)| IVec::from(value)))
            }
        }
    }

    /// Writes `new` under `key` (None: removes it) only if it holds `old` (None: nothing);
    /// whether it did.
    pub fn compare_and_swap(&self, key: impl AsRef<[u8]>, old: Option<&[u8]>, new: Option<&[u8]>) -> KvResult<bool> {
        match self {
            Tree::Sled(t) => Ok(t.compare_and_swap(key, old, new)?.is_ok()),
            Tree::Pg { name, link } => link
                .writes()
                .transaction(|tx| {
                    let found = tx.get(name, key.as_ref())?;
                    if found.as_ref().map(|(v, _)| v.as_slice()) != old {
                        return Ok(false);
                    }
                    match new {
                        Some(value) => tx.insert(name, key.as_ref(), value).map(|_| ())?,
                        None => tx.remove(name, key.as_ref()).map(|_| ())?,
                    }
                    Ok(true)
                })
                .map_err(KvError::Db),
        }
    }

    /// How many entries the tree holds, or the engine's refusal.
    pub fn count(&self) -> KvResult<u64> {
        match self {
            Tree::Sled(t) => Ok(t.len() as u64),
            Tree::Pg { name, link } => link.reads().len(name).map_err(KvError::Db),
        }
    }

    /// Whether the tree holds nothing, or the engine's refusal (never "empty" for a read that
    /// failed).
    pub fn is_empty(&self) -> KvResult<bool> {
        match self {
            Tree::Sled(t) => Ok(t.is_empty()),
            Tree::Pg { .. } => Ok(self.first()?.is_none()),
        }
    }

    pub fn first(&self) -> KvResult<Option<(IVec, IVec)>> {
        self.iter().next().transpose()
    }

    pub fn last(&self) -> KvResult<Option<(IVec, IVec)>> {
        self.iter().rev().next().transpose()
    }

    /// Every entry, in key order (bytewise).
    pub fn iter(&self) -> Iter {
        match self {
            Tree::Sled(t) => Iter::Sled(t.iter()),
            Tree::Pg { .. } => self.pg_scan(Scan::all()),
        }
    }

    /// The entries whose key starts with `prefix`, in key order.
    pub fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> Iter {
        match self {
            Tree::Sled(t) => Iter::Sled(t.scan_prefix(prefix)),
            Tree::Pg { .. } => self.pg_scan(Scan::prefix(prefix.as_ref())),
        }
    }

    /// The entries whose keys are in `range`, in key order.
    pub fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> Iter {
        match self {
            Tree::Sled(t) => Iter::Sled(t.range(range)),
            Tree::Pg { .. } => {
                let (start, end) = (range.start_bound().map(K::as_ref), range.end_bound().map(K::as_ref));
                self.pg_scan(Scan::range((start, end)))
            }
        }
    }

    fn pg_scan(&self, scan: Scan) -> Iter {
        match self {
            Tree::Pg { name, link } => Iter::Pg { link: Arc::clone(link), cursor: Cursor::new(name, scan) },
            Tree::Sled(_) => unreachable!("a sled tree is scanned by sled"),
        }
    }

    /// Removes every entry.
    pub fn clear(&self) -> KvResult<()> {
        match self {
            Tree::Sled(t) => t.clear().map_err(KvError::Sled),
            Tree::Pg { name, link } => {
                link.writes().bulk_transaction(|tx| tx.clear(name).map(|_| ())).map_err(KvError::Db)
            }
        }
    }

    /// Applies every write of `batch`, all or none.
    /// Applies every write of `batch` at once. On PostgreSQL a batch of more than
    /// [`KEY_LOCKED_BATCH`] writes (a bulk load: an import, a rebuild, generated data) runs as
    /// a [`pg::Pg::bulk_transaction`], holding the store alone for its commit instead of taking
    /// a lock for each key, which would fill the server's lock table (its 10,000 keys ran it
    /// out of shared memory at the default `max_locks_per_transaction`).
    pub fn apply_batch(&self, batch: Batch) -> KvResult<()> {
        match self {
            Tree::Sled(t) => t.apply_batch(batch.into_sled()).map_err(KvError::Sled),
            Tree::Pg { name, link } => {
                let work = |tx: &mut pg::Tx<'_>| {
                    for (key, value) in &batch.writes {
                        match value {
                            Some(value) => tx.insert(name, key, value).map(|_| ())?,
                            None => tx.remove(name, key).map(|_| ())?,
                        }
                    }
                    Ok(())
                };
                let mut writes = link.writes();
                if batch.writes.len() > KEY_LOCKED_BATCH {
                    writes.bulk_transaction(work).map_err(KvError::Db)
                } else {
                    writes.transaction(work).map_err(KvError::Db)
                }
            }
        }
    }
}

/// The most writes [`Tree::apply_batch`] applies with a lock on each key, on PostgreSQL.
pub const KEY_LOCKED_BATCH: usize = 256;

/// Writes to one tree, applied together by [`Tree::apply_batch`] or [`TxTree::apply_batch`].
#[derive(Default)]
pub struct Batch {
    writes: Vec<(IVec, Option<IVec>)>,
}

impl Batch {
    pub fn insert(&mut self, key: impl Into<IVec>, value: impl Into<IVec>) {
        self.writes.push((key.into(), Some(value.into())));
    }

    pub fn remove(&mut self, key: impl Into<IVec>) {
        self.writes.push((key.into(), None));
    }

    fn into_sled(self) -> sled::Batch {
        let mut batch = sled::Batch::default();
        for (key, value) in self.writes {
            match value {
                Some(value) => batch.insert(key, value),
                None => batch.remove(key),
            }
        }
        batch
    }
}

/// A scan of a [`Tree`]: `(key, value)` in key order, or in reverse after [`Iter::rev`].
pub enum Iter {
    Sled(sled::Iter),
    SledRev(std::iter::Rev<sled::Iter>),
    Pg { link: Arc<PgLink>, cursor: Cursor },
}

impl Iter {
    /// The same scan from the greatest key down (before any entry is read).
    pub fn rev(self) -> Iter {
        match self {
            Iter::Sled(it) => Iter::SledRev(it.rev()),
            Iter::SledRev(_) => unreachable!("a scan is reversed once"),
            Iter::Pg { link, cursor } => Iter::Pg { link, cursor: cursor.reversed() },
        }
    }
}

impl Iter {
    /// The keys alone.
    pub fn keys(self) -> impl Iterator<Item = KvResult<IVec>> {
        self.map(|r| r.map(|(key, _)| key))
    }

    /// The values alone.
    pub fn values(self) -> impl Iterator<Item = KvResult<IVec>> {
        self.map(|r| r.map(|(_, value)| value))
    }
}

impl Iterator for Iter {
    type Item = KvResult<(IVec, IVec)>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Sled(it) => it.next().map(|r| r.map_err(KvError::Sled)),
            Iter::SledRev(it) => it.next().map(|r| r.map_err(KvError::Sled)),
            // The connection is held for one row (one page read at most), then let go.
            Iter::Pg { link, cursor } => {
                let row = cursor.next(&mut link.reads())?;
                Some(row.map(|e| (IVec::from(e.key), IVec::from(e.value))).map_err(KvError::Db))
            }
        }
    }
}

/// What ends a transaction early: the work's own refusal ([`TxError::Abort`], returned as it
/// is), a conflict with another writer (the engine runs the work again), or the engine's
/// refusal.
#[derive(Debug)]
pub enum TxError {
    Abort(Error),
    Conflict,
    Storage(KvError),
}

/// How a transaction failed, once it is over.
#[derive(Debug)]
pub enum TransactionError {
    Abort(Error),
    Storage(KvError),
}

pub type TxResult<T> = std::result::Result<T, TxError>;

impl From<UnabortableTransactionError> for TxError {
    fn from(e: UnabortableTransactionError) -> TxError {
        match e {
            UnabortableTransactionError::Conflict => TxError::Conflict,
            UnabortableTransactionError::Storage(e) => TxError::Storage(KvError::Sled(e)),
        }
    }
}

/// A tree inside a [`transaction`]: what it reads includes what the transaction wrote.
pub enum TxTree<'t> {
    Sled(&'t TransactionalTree),
    Pg { name: &'t str, tx: &'t dyn PgTx },
}

/// A PostgreSQL transaction as a [`TxTree`] reaches it, shared by the transaction's trees.
pub trait PgTx {
    fn get(&self, tree: &str, key: &[u8]) -> crate::error::Result<Option<pg::Versioned>>;
    fn insert(&self, tree: &str, key: &[u8], value: &[u8]) -> crate::error::Result<i64>;
    fn remove(&self, tree: &str, key: &[u8]) -> crate::error::Result<Option<pg::Versioned>>;
}

impl PgTx for RefCell<&mut pg::Tx<'_>> {
    fn get(&self, tree: &str, key: &[u8]) -> crate::error::Result<Option<pg::Versioned>> {
        self.borrow_mut().get(tree, key)
    }

    fn insert(&self, tree: &str, key: &[u8], value: &[u8]) -> crate::error::Result<i64> {
        self.borrow_mut().insert(tree, key, value)
    }

    fn remove(&self, tree: &str, key: &[u8]) -> crate::error::Result<Option<pg::Versioned>> {
        self.borrow_mut().remove(tree, key)
    }
}

impl TxTree<'_> {
    pub fn get(&self, key: impl AsRef<[u8]>) -> TxResult<Option<IVec>> {
        match self {
            TxTree::Sled(t) => Ok(t.get(key)?),
            TxTree::Pg { name, tx } => {
                let found = tx.get(name, key.as_ref()).map_err(pg_failed)?;
                Ok(found.map(|(value, _)| IVec::from(value)))
            }
        }
    }

    pub fn insert(&self, key: impl AsRef<[u8]>, value: impl Into<IVec>) -> TxResult<()> {
        let value: IVec = value.into();
        match self {
            TxTree::Sled(t) => t.insert(key.as_ref(), value).map(|_| ()).map_err(TxError::from),
            TxTree::Pg { name, tx } => tx.insert(name, key.as_ref(), &value).map(|_| ()).map_err(pg_failed),
        }
    }

    /// Removes `key`, returning what it held.
    pub fn remove(&self, key: impl AsRef<[u8]>) -> TxResult<Option<IVec>> {
        match self {
            TxTree::Sled(t) => Ok(t.remove(key.as_ref())?),
            TxTree::Pg { name, tx } => {
                let old = tx.remove(name, key.as_ref()).map_err(pg_failed)?;
                Ok(old.map(|(value, _)| IVec::from(value)))
            }
        }
    }

    pub fn apply_batch(&self, batch: &Batch) -> TxResult<()> {
        for (key, value) in &batch.writes {
            match value {
                Some(value) => self.insert(key, value.clone())?,
                None => self.remove(key).map(|_| ())?,
            }
        }
        Ok(())
    }
}

fn pg_failed(e: Error) -> TxError {
    TxError::Storage(KvError::Db(e))
}

/// Runs `work` on `trees` in one transaction: all its writes, or none, are committed. `work`
/// may run more than once (another writer got there first), so it must act only through the
/// trees it is given. The trees must all be of one store.
pub fn transaction<const N: usize, R>(
    trees: [&Tree; N],
    work: impl Fn(&[TxTree<'_>; N]) -> TxResult<R>,
) -> std::result::Result<R, TransactionError> {
    match trees.first() {
        None | Some(Tree::Sled(_)) => sled_transaction(trees, work),
        Some(Tree::Pg { link, .. }) => {
            let link = Arc::clone(link);
            pg_transaction(&link, trees, work)
        }
    }
}

fn sled_transaction<const N: usize, R>(
    trees: [&Tree; N],
    work: impl Fn(&[TxTree<'_>; N]) -> TxResult<R>,
) -> std::result::Result<R, TransactionError> {
    let sled_trees: Vec<&sled::Tree> = trees
        .iter()
        .map(|t| match t {
            Tree::Sled(t) => t,
            Tree::Pg { .. } => unreachable!("one transaction, one engine"),
        })
        .collect();
    let result = sled_trees.as_slice().transaction(|view: &Vec<TransactionalTree>| {
        let txs: [TxTree<'_>; N] = std::array::from_fn(|i| TxTree::Sled(&view[i]));
        work(&txs).map_err(|e| match e {
            TxError::Abort(e) => ConflictableTransactionError::Abort(e),
            TxError::Conflict => ConflictableTransactionError::Conflict,
            TxError::Storage(KvError::Sled(e)) => ConflictableTransactionError::Storage(e),
            TxError::Storage(KvError::Db(e)) => ConflictableTransactionError::Abort(e),
        })
    });
    result.map_err(|e| match e {
        sled::transaction::TransactionError::Abort(e) => TransactionError::Abort(e),
        sled::transaction::TransactionError::Storage(e) => TransactionError::Storage(KvError::Sled(e)),
    })
}

fn pg_transaction<const N: usize, R>(
    link: &PgLink,
    trees: [&Tree; N],
    work: impl Fn(&[TxTree<'_>; N]) -> TxResult<R>,
) -> std::result::Result<R, TransactionError> {
    let names: [&str; N] = std::array::from_fn(|i| match trees[i] {
        Tree::Pg { name, .. } => &**name,
        Tree::Sled(_) => unreachable!("one transaction, one engine"),
    });
    // Whether the work's last try ended with its own refusal (returned as it is) rather than
    // the engine's.
    let aborted = Cell::new(false);
    let result = link.writes().transaction(|tx| {
        aborted.set(false);
        let cell = RefCell::new(tx);
        let txs: [TxTree<'_>; N] = std::array::from_fn(|i| TxTree::Pg { name: names[i], tx: &cell });
        match work(&txs) {
            Ok(value) => Ok(value),
            Err(TxError::Abort(e)) => {
                aborted.set(true);
                Err(e)
            }
            // The statement that failed is remembered by the transaction, which runs the work
            // again if the server asked for that (a deadlock), or rolls back.
            Err(TxError::Storage(KvError::Db(e))) => Err(e),
            Err(TxError::Storage(KvError::Sled(e))) => Err(super::sled_error("a transaction", e)),
            Err(TxError::Conflict) => Err(Error::DatabaseBusy { attempts: 1 }),
        }
    });
    result
        .map_err(|e| if aborted.get() { TransactionError::Abort(e) } else { TransactionError::Storage(KvError::Db(e)) })
}
