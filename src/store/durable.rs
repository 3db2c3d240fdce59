//! What makes a write durable, and who may still write while Daftar stops.
//!
//! sled's `flush` (0.34.7, on Linux) ends with `sync_file_range`, which starts the write-out
//! of the log's pages and waits for it, but neither writes the file's metadata (the log grows
//! at every write) nor flushes the disk's cache; large values go to files under `blobs/` that
//! it never syncs at all. Only its background thread calls `fsync`, every half second. So after
//! sled's flush, [`Durability::sync`] calls `fdatasync` on the data file and on every blob file
//! written since the last call, and `fsync` on the blob directory when a blob appeared: what the
//! interface then reports as saved survives a power cut, not only kill -9.
//!
//! [`Gate`] serialises the store's writes and lets the process's last writer (the signal
//! watchdog of `tui`, when the main thread is too busy to answer a signal) close the store to
//! every other write, and know whether one happened since it last looked.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The files whose data must be on disk before a write is acknowledged.
pub(super) struct Durability {
    /// sled's log, opened a second time: `fdatasync` on any descriptor of a file writes out
    /// all of its dirty pages, whichever descriptor wrote them.
    data: File,
    blobs: PathBuf,
    /// Blob files already synced (their names are the log positions sled gives them).
    synced_blobs: Mutex<BTreeSet<u64>>,
}

fn io(action: &'static str, path: &Path) -> impl Fn(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io { action, path: path.clone(), source }
}

/// `fsync` of a directory, so that the names created in it survive a power cut.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io("syncing", dir))
}

impl Durability {
    /// Opens the data file of the sled database at `path` (already opened by sled) and makes
    /// what sled created on disk durable: its configuration, its data file, its blob directory,
    /// and their names in the store directory and in the directory above it.
    pub(super) fn new(path: &Path) -> Result<Durability> {
        let data_path = path.join("db");
        let data = File::open(&data_path).map_err(io("opening", &data_path))?;
        let blobs = path.join("blobs");
        let conf = path.join("conf");
        if conf.exists() {
            File::open(&conf).and_then(|f| f.sync_all()).map_err(io("syncing", &conf))?;
        }
        data.sync_all().map_err(io("syncing", &data_path))?;
        if blobs.is_dir() {
            sync_dir(&blobs)?;
        }
        sync_dir(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
        let durability = Durability { data, blobs, synced_blobs: Mutex::new(BTreeSet::new()) };
        durability.sync_blobs()?;
        Ok(durability)
    }

    /// After sled's flush: the data file, and any blob written since the last call, on disk.
    pub(super) fn sync(&self) -> Result<()> {
        self.sync_blobs()?;
        self.data.sync_data().map_err(io("writing to disk", &self.blobs.with_file_name("db")))
    }

    fn sync_blobs(&self) -> Result<()> {
        let Ok(entries) = std::fs::read_dir(&self.blobs) else { return Ok(()) };
        let mut synced = self.synced_blobs.lock().unwrap_or_else(PoisonError::into_inner);
        let mut present = BTreeSet::new();
        let mut new = false;
        for entry in entries.flatten() {
            let Some(lsn) = entry.file_name().to_str().and_then(|n| n.parse::<u64>().ok()) else { continue };
            present.insert(lsn);
            if !synced.contains(&lsn) {
                let path = entry.path();
                match File::open(&path) {
                    Ok(file) => file.sync_data().map_err(io("writing to disk", &path))?,
                    // Removed by sled's cleaning in the meantime: nothing to keep.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(io("opening", &path)(e)),
                }
                new = true;
            }
        }
        if new {
            sync_dir(&self.blobs)?;
        }
        *synced = present;
        Ok(())
    }
}

/// Shared by every handle on one open store (see [`super::Store::clone`]).
#[derive(Default)]
pub(super) struct Gate {
    state: Mutex<GateState>,
}

#[derive(Default)]
pub(super) struct GateState {
    closed: bool,
    /// Writes begun through this gate since the store was opened.
    writes: u64,
}

/// A write in progress: other writes wait until it is dropped.
pub(super) type Entered<'a> = MutexGuard<'a, GateState>;

impl Gate {
    /// Waits for the write in progress, if any, and lets this one in, unless the store was
    /// closed by [`Gate::close`].
    pub(super) fn enter(&self) -> Result<Entered<'_>> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.closed {
            return Err(Error::Storage { action: "writing", detail: "Daftar is stopping".into() });
        }
        state.writes += 1;
        Ok(state)
    }

    /// Holds every write back without counting as one: for a backup, which reads the store at
    /// one point in time and changes no record (a write it makes, the store's id, is not the
    /// interviewer's). Waits for the write in progress, if any.
    pub(super) fn hold(&self) -> Entered<'_> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a stopping process closed the gate (see [`Gate::close`]).
    pub(super) fn is_closed(&self) -> bool {
        match self.state.try_lock() {
            Ok(state) => state.closed,
            // Held: by a write in progress, or by the stopping process's last write.
            Err(_) => false,
        }
    }

    pub(super) fn writes(&self) -> u64 {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).writes
    }

    /// Closes the gate to every other write, waiting at most `wait` for the write in progress
    /// to end. None when it did not end in time (a write is stuck: the caller stops without
    /// writing; sled's log makes that as safe as kill -9).
    pub(super) fn close(&self, wait: Duration) -> Option<Entered<'_>> {
        let deadline = Instant::now() + wait;
        loop {
            match self.state.try_lock() {
                Ok(mut state) => {
                    state.closed = true;
                    return Some(state);
                }
                Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                    let mut state = poisoned.into_inner();
                    state.closed = true;
                    return Some(state);
                }
                Err(std::sync::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::sync::TryLockError::WouldBlock) => return None,
            }
        }
    }
}

impl GateState {
    pub(super) fn writes(&self) -> u64 {
        self.writes
    }
}
