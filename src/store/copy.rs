//! `daftar store copy FROM TO` (issue 13): a whole store copied from one engine to the other
//! (a folder into PostgreSQL, or back), so that a programme that began on one laptop can move
//! to a server. The copy is of the trees' bytes as they are: sealed values stay sealed, and the
//! key ring and its wraps go with them, so the same accounts open the copy with the same
//! passwords. It is all or nothing: into a folder it is built under a temporary name and then
//! renamed; into a database it is one transaction. Nothing is written to the source, which is
//! held still while it is read.

use std::cell::RefCell;
use std::path::Path;

use super::kv::{self, Engine};
use super::pg::Pg;
use super::{Store, storage};
use crate::error::{Error, Result};

/// Rows written to a folder's sled per batch.
const BATCH: usize = 10_000;

/// Every entry of a store as bytes, by tree ([`Store::raw_trees`]).
pub type RawTrees = std::collections::BTreeMap<String, Vec<(Vec<u8>, Vec<u8>)>>;

/// Where a copy goes: a folder that does not exist or is empty, or a database (reached by
/// this connection) that holds no store.
pub enum CopyTarget<'a> {
    Folder(&'a Path),
    Database(Box<Pg>),
}

/// What a copy wrote: by tree, how many entries, and their sum.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Copied {
    pub trees: Vec<(String, u64)>,
    pub entries: u64,
}

impl Store {
    /// Copies every tree of this store into a new store at `to`, reporting (entries done,
    /// entries in all) to `progress`. The caller then opens the copy, asks it
    /// [`Store::holds_copy_of`] what was copied, and verifies its audit chain (which needs a
    /// login on it).
    pub fn copy_to(&self, to: CopyTarget<'_>, progress: &mut dyn FnMut(u64, u64)) -> Result<Copied> {
        // Held still while it is read: this process's writes wait at the gate; on PostgreSQL
        // every other process's at the store lock; a folder's store is this process's alone.
        let _gate = self.gate.hold();
        let _held = match &self.db {
            Engine::Pg(link) => Some(link.hold_store()?),
            Engine::Sled(_) => None,
        };
        let mut plan = Copied::default();
        for name in self.db.tree_names().map_err(storage("reading the store"))? {
            // The draft holds are the open sessions' on this store, not the copy's.
            if name.as_ref() == kv::SLED_DEFAULT_TREE || name.as_ref() == super::holds::HOLDS.as_bytes() {
                continue;
            }
            let name = String::from_utf8_lossy(&name).into_owned();
            let n = self.db.tree(&name).and_then(|t| t.count()).map_err(storage("reading the store"))?;
            if n > 0 {
                plan.entries += n;
                plan.trees.push((name, n));
            }
        }
        let progress = RefCell::new(progress);
        let done = RefCell::new(0u64);
        let tick = |n: u64| {
            let mut done = done.borrow_mut();
            *done += n;
            (progress.borrow_mut())(*done, plan.entries);
        };
        (progress.borrow_mut())(0, plan.entries);
        match to {
            CopyTarget::Database(writes) => {
                self.copy_into_database(*writes, &plan, &|| *done.borrow_mut() = 0, &tick)?
            }
            CopyTarget::Folder(to) => {
                if !super::layout(to)? {
                    return Err(Error::NotAStore {
                        path: to.to_path_buf(),
                        reason: "it is not empty; a copy is made only where there is nothing".into(),
                    });
                }
                super::create_by(to, &|at| {
                    *done.borrow_mut() = 0;
                    self.copy_into_folder(at, &plan, &tick)
                })?;
            }
        }
        Ok(plan)
    }

    /// Every entry of every tree, as bytes, by tree name (for the tests' comparisons of a
    /// store with its copy).
    #[doc(hidden)]
    pub fn raw_trees(&self) -> Result<RawTrees> {
        let mut all = std::collections::BTreeMap::new();
        for name in self.db.tree_names().map_err(storage("reading the store"))? {
            let name = String::from_utf8_lossy(&name).into_owned();
            let rows: Vec<(Vec<u8>, Vec<u8>)> = self
                .db
                .tree(&name)
                .map_err(storage("reading the store"))?
                .iter()
                .map(|item| item.map(|(k, v)| (k.to_vec(), v.to_vec())).map_err(storage("reading the store")))
                .collect::<Result<_>>()?;
            if !rows.is_empty() {
                all.insert(name, rows);
            }
        }
        Ok(all)
    }

    /// Refuses, naming the tree, a store that does not hold as many entries in each tree as
    /// `copied` says were copied into it.
    pub fn holds_copy_of(&self, copied: &Copied) -> Result<()> {
        for (name, n) in &copied.trees {
            let found = self.db.tree(name).and_then(|t| t.count()).map_err(storage("reading the copy"))?;
            if found != *n {
                return Err(Error::Storage {
                    action: "checking the copy",
                    detail: format!("the tree {name} holds {found} entries in the copy and {n} in the store"),
                });
            }
        }
        Ok(())
    }

    /// Every entry of every tree of `plan` into the empty sled store being built at `at`.
    fn copy_into_folder(&self, at: &Path, plan: &Copied, tick: &dyn Fn(u64)) -> Result<()> {
        super::private_store_dir(at).map_err(|source| Error::StoreNotWritable { path: at.to_path_buf(), source })?;
        let out = sled::Config::new().path(at).flush_every_ms(None).open().map_err(storage("writing the copy"))?;
        for (name, _) in &plan.trees {
            let into = out.open_tree(name).map_err(storage("writing the copy"))?;
            let mut batch = sled::Batch::default();
            let mut in_batch = 0;
            for item in self.db.tree(name).map_err(storage("reading the store"))?.iter() {
                let (key, value) = item.map_err(storage("reading the store"))?;
                batch.insert(key, value);
                in_batch += 1;
                if in_batch == BATCH {
                    into.apply_batch(std::mem::take(&mut batch)).map_err(storage("writing the copy"))?;
                    tick(in_batch as u64);
                    in_batch = 0;
                }
            }
            into.apply_batch(batch).map_err(storage("writing the copy"))?;
            tick(in_batch as u64);
        }
        out.flush().map_err(storage("writing the copy"))?;
        drop(out);
        super::private_files(at).map_err(|source| Error::StoreNotWritable { path: at.to_path_buf(), source })
    }

    /// Every entry of every tree of `plan` into the database of `writes`, which must hold no
    /// store, in one transaction.
    fn copy_into_database(&self, mut writes: Pg, plan: &Copied, again: &dyn Fn(), tick: &dyn Fn(u64)) -> Result<()> {
        writes.migrate()?;
        let database = writes.database().to_string();
        writes.bulk_transaction(|tx| {
            again();
            if tx.get(super::META_TREE, super::MARKER_KEY)?.is_some() {
                return Err(Error::StoreInDatabase { database: database.clone() });
            }
            for (name, _) in &plan.trees {
                let mut since_tick = 0u64;
                for item in self.db.tree(name).map_err(storage("reading the store"))?.iter() {
                    let (key, value) = item.map_err(storage("reading the store"))?;
                    tx.insert(name, &key, &value)?;
                    since_tick += 1;
                    if since_tick == 1_000 {
                        tick(since_tick);
                        since_tick = 0;
                    }
                }
                tick(since_tick);
            }
            Ok(())
        })
    }
}
