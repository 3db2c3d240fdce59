//! Whether a store in a folder was closed, or left open by a process that died.
//!
//! sled writes its log in buffers, on several threads: when a process is killed, a buffer can
//! be missing from the disk while a later one is there. In a fresh part of the data file the
//! missing buffer reads as zeros, which [`super::verify`] knows for a torn write; in a segment
//! sled reuses it reads as whatever the segment held before, which looks exactly like a damaged
//! byte followed by more data. Nothing after such a place was ever acknowledged (sled's stable
//! position cannot pass a buffer that was not written), so after a crash it is a torn write;
//! in a store that was closed, every write had reached the disk, so it is damage.
//!
//! The two are told apart by a file in the store's folder, [`FILE`]: made (and synced) before
//! sled opens the store, removed once sled has let go of it after everything reached the disk.
//! A store found with it was left open: its last writes may be torn. One found without it was
//! closed, and any unreadable place followed by data is damage, refused.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The file's name in the store's folder.
pub(crate) const FILE: &str = "daftar-open";

/// How long closing waits for sled to let go of the store (its background threads finish a
/// moment after the last handle is dropped, later on a loaded machine) before leaving the mark
/// where it is. Since the wait ends as soon as the lock is free, only a store another process
/// took meanwhile waits it out.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// Whether the store at `store` was left open by the last process that wrote it.
pub(crate) fn was_left_open(store: &Path) -> bool {
    store.join(FILE).exists()
}

/// The mark of a store open in this process; dropping the last handle on the store (this is
/// the last field of [`super::Store`]) removes it once sled has let go of the store.
#[derive(Debug)]
pub(super) struct OpenMark {
    store: PathBuf,
    /// sled opened the store under this mark ([`OpenMark::opened`]): closing then waits for it
    /// to let go. An open that failed (the store in use by another process, say) does not wait.
    opened: bool,
}

impl OpenMark {
    /// Marks the store at `store` as open, durably, before sled writes to it.
    pub(super) fn set(store: &Path) -> std::io::Result<OpenMark> {
        let mut file = File::create(store.join(FILE))?;
        writeln!(file, "{}", std::process::id())?;
        file.sync_all()?;
        File::open(store)?.sync_all()?;
        Ok(OpenMark { store: store.to_path_buf(), opened: false })
    }

    /// sled has opened the store: closing waits for it to let go ([`CLOSE_WAIT`]).
    pub(super) fn opened(&mut self) {
        self.opened = true;
    }
}

impl Drop for OpenMark {
    /// Removes the mark once this process's sled has let go of the store's lock and the data
    /// file is synced. Another process that opened the store since holds the lock: the mark is
    /// then its own, and stays, as it does when anything here fails (the next open only takes
    /// an unreadable place for a torn write instead of damage).
    fn drop(&mut self) {
        let Ok(data) = File::open(self.store.join("db")) else { return };
        let deadline = Instant::now() + if self.opened { CLOSE_WAIT } else { Duration::ZERO };
        loop {
            match data.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return,
            }
        }
        if data.sync_all().is_ok() && std::fs::remove_file(self.store.join(FILE)).is_ok() {
            let _ = File::open(&self.store).and_then(|d| d.sync_all());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_stays_while_another_holds_the_store_and_goes_once_it_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path();
        std::fs::write(store.join("db"), b"").unwrap();
        let holder = File::open(store.join("db")).unwrap();
        holder.lock().unwrap();
        drop(OpenMark::set(store).unwrap());
        assert!(was_left_open(store), "a store another holds keeps its mark");
        drop(holder);
        drop(OpenMark::set(store).unwrap());
        assert!(!was_left_open(store), "a store nobody holds is marked closed");
    }
}
