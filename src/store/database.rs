//! A store in a PostgreSQL database (issue 13): the same trees as a store in a folder, as rows
//! of one table ([`super::pg`]), through the same [`Store`]. The database holds only what the
//! trees hold: sealed values, random ids, keyed digests, sequence numbers.
//!
//! A new store is built whole in memory (the same [`super::build_in`] as a folder's), then
//! copied into the database in one transaction, so that nobody ever sees half a store and two
//! `daftar init` at once make one store.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::keyring::NewKey;
use super::kv::{self, PgLink};
use super::pg::Pg;
use super::{First, MARKER_KEY, META_TREE, Store, storage};
use crate::auth::Account;
use crate::crypto::RecoveryKey;
use crate::error::{Error, Result};

/// Whether `store` names a PostgreSQL database (`postgresql://…`, `postgres://…`) rather than
/// a folder.
pub fn is_database_address(store: &str) -> bool {
    store.starts_with("postgresql://") || store.starts_with("postgres://")
}

/// Whether the database at `url` holds a Daftar store, asked without writing anything (no
/// migration is run: a database without Daftar's schema holds none).
pub fn holds_store(url: &str) -> Result<bool> {
    let mut pg = Pg::connect(url)?;
    if pg.schema_version()?.is_none() {
        return Ok(false);
    }
    Ok(pg.get(META_TREE, MARKER_KEY)?.is_some())
}

impl Store {
    /// Opens the Daftar store in the PostgreSQL database at `url` (see [`Pg::connect`]).
    /// Refused when the database holds no store yet ([`Error::NoStoreInDatabase`]).
    pub fn open_database(url: &str) -> Result<Store> {
        Store::on_database(Pg::connect(url)?, Pg::connect(url)?, url)
    }

    /// [`Store::open_database`] on two connections to one database already made: one for
    /// reads, one for transactions. `shown` is how messages name the store (its address).
    pub fn on_database(reads: Pg, mut writes: Pg, shown: &str) -> Result<Store> {
        writes.migrate()?;
        let database = writes.database().to_string();
        let engine = kv::Engine::Pg(PgLink::new(reads, writes));
        let meta = engine.tree(META_TREE).map_err(storage("opening the store"))?;
        let Some(marker) = meta.get(MARKER_KEY).map_err(storage("reading the store marker"))? else {
            return Err(Error::NoStoreInDatabase { database });
        };
        let format = super::marker_format(&marker, Path::new(shown))?;
        let store = Store::on(engine, Path::new(shown), None, Arc::default(), false)?;
        store.start_audit_trail(format)?;
        if !store.is_encrypted()? {
            store.catch_up()?;
        }
        Ok(store)
    }

    /// On a store in a database, a listener for the trees other processes change (see
    /// [`super::pg::Listener::wait`]); None for a store in a folder, which no other process
    /// can change.
    /// Which connections a store in a database has (see [`kv::PgLink::connections`]): a
    /// listener from [`Store::changes`] made before this changed is to be made again. None in
    /// a folder.
    pub fn connections(&self) -> Option<u64> {
        match &self.db {
            kv::Engine::Pg(link) => Some(link.connections()),
            kv::Engine::Sled(_) => None,
        }
    }

    pub fn changes(&self) -> Option<Result<super::pg::Listener>> {
        match &self.db {
            kv::Engine::Pg(link) => Some(link.listen()),
            kv::Engine::Sled(_) => None,
        }
    }

    /// Creates the store, with its first administrator, in the database reached by `reads`
    /// and `writes`, which must hold none ([`Error::StoreInDatabase`] otherwise, and nothing
    /// written). As [`Store::create_with_admin`] does for a folder: the data key is made with
    /// it, wrapped for the administrator and for the recovery key returned (to be shown once),
    /// and the returned store holds the key.
    #[allow(clippy::too_many_arguments)]
    pub fn create_in_database(
        reads: Pg,
        mut writes: Pg,
        shown: &str,
        username: &str,
        full_name: &str,
        pw: &SecretString,
        again: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<(Store, Account, RecoveryKey)> {
        writes.migrate()?;
        let database = writes.database().to_string();
        let (admin, master) = super::accounts::first_administrator(username, full_name, pw, again, now)?;
        let key = NewKey::generate(now)?;
        let wrap = key.wrap_for(&admin, &master)?;
        let built = sled::Config::new().temporary(true).open().map_err(storage("creating the store"))?;
        super::build_in(&built, Some(&First { account: &admin, key: &key, wrap }))?;
        let rows = every_row(&built)?;
        writes.bulk_transaction(|tx| {
            if tx.get(META_TREE, MARKER_KEY)?.is_some() {
                return Err(Error::StoreInDatabase { database: database.clone() });
            }
            for (tree, key, value) in &rows {
                tx.insert(tree, key, value)?;
            }
            Ok(())
        })?;
        let store = Store::on_database(reads, writes, shown)?;
        let NewKey { keys, recovery, .. } = key;
        store.hold_key(keys);
        Ok((store, admin, recovery))
    }
}

/// One row of a store: its tree's name, its key, its value.
type Row = (String, Vec<u8>, Vec<u8>);

/// Every row of a sled store, by tree (sled's default tree, which Daftar never writes, left
/// out).
fn every_row(db: &sled::Db) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for name in db.tree_names() {
        if name.as_ref() == kv::SLED_DEFAULT_TREE {
            continue;
        }
        let tree = db.open_tree(&name).map_err(storage("creating the store"))?;
        let name = String::from_utf8_lossy(&name).into_owned();
        for item in tree.iter() {
            let (key, value) = item.map_err(storage("creating the store"))?;
            rows.push((name.clone(), key.to_vec(), value.to_vec()));
        }
    }
    Ok(rows)
}
