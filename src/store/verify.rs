//! Reads a sled 0.34.7 store byte by byte, without writing, and decides whether sled's own
//! recovery would destroy anything in it. sled treats the first unreadable message of its log
//! as the log's end: it fills the rest of that segment with zeros, zeroes every later segment
//! and writes new data over them. That is right for a write torn by a crash (nothing after it
//! was ever acknowledged) and destructive for a damaged byte in committed data. This module
//! tells the two apart before sled runs, so a damaged store is refused untouched.
//!
//! The format is sled 0.34.7's (pinned in Cargo.toml): the data file `db` is a sequence of
//! segments of `segment_size` bytes (from `conf`). A segment begins with a 20-byte header
//! (CRC-32 of bytes 4..20 inverted, the segment's log sequence number (LSN) and the highest
//! LSN known to be on disk when the segment began, both XOR 0x7FFF_FFFF_FFFF_FFFF). Messages
//! follow: a CRC-32 (over the body, then the header after the CRC, inverted), a kind byte, and
//! sled's varints for the body length, the segment number (LSN / segment size) and the page.
//! A full segment ends with a `Cap` message or fewer than 32 bytes left. The snapshot file
//! `snap.<LSN in hex>` (CRC-32 at its end) names the LSN up to which recovery last read the
//! log: everything before it was on disk.
//!
//! A store is damaged when:
//! - a segment header or the snapshot fails its checksum (a zeroed, never-used segment is not
//!   damage);
//! - a segment other than the newest stops before its end with an unreadable message (sled
//!   would skip or zero what follows), unless the place is a region never written, past what
//!   is known to be on disk (see below);
//! - the newest segment stops before an LSN known to be on disk (the snapshot's, or a later
//!   segment header's): committed data was cut off or overwritten;
//! - after the point where the newest segment stops on bytes that were written (not zeros), a
//!   readable message of that segment remains: a damaged byte, not a torn write, ended the log,
//!   and sled would zero what follows.
//!
//! What is accepted: past every LSN known to be on disk, a newest segment that ends with an
//! unreadable or missing message and nothing readable after it (the write sled was making when
//! the process died), or a region never written (zeros) with readable data after it (a buffer,
//! or the manifest sled reserves at the start of a batch and fills in at its end, that had not
//! reached the disk while later buffers had). Nothing after such a place was ever
//! acknowledged: sled's stable LSN cannot pass a region that was not written. sled discards it.
//!
//! A store that was left open by a process that died (its folder holds the mark of
//! [`super::open_mark`]) is also accepted with, past every LSN known to be on disk, an
//! unreadable place followed by readable data: a buffer that had not reached the disk while a
//! later one had, in a segment sled reuses, reads as what the segment held before, not as
//! zeros. In a store that was closed every write had reached the disk, and such a place is
//! refused as damage.
//!
//! Limits, stated plainly: a damaged byte in the very last message written since the store was
//! last opened looks exactly like such a torn write, and is accepted (sled then drops that one
//! message), and so does a block of zeros written over such recent data by a failing disk. In a
//! store left open by a crash, a damaged byte anywhere past the last LSN known to be on disk is
//! taken for the torn write, and sled drops what follows it in the log.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

const SEG_HEADER_LEN: u64 = 20;
const MAX_MSG_HEADER_LEN: u64 = 32;
const CAP: u8 = 2;
const LAST_KIND: u8 = 11;

/// What is wrong with a damaged store, in words an administrator can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    /// The file that is damaged (inside the store directory).
    pub file: PathBuf,
    /// The byte offset in that file where the damage starts.
    pub offset: u64,
    /// What was found there, in English (the catalog's message frames it).
    pub what: String,
    /// How a copy of the store can be changed so that sled reads past the damage.
    pub(crate) fix: Option<Fix>,
}

/// A change to a COPY of a damaged store (never to the store itself) after which sled's
/// recovery reads on past the damage instead of zeroing what follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fix {
    /// Turn the unreadable bytes `from..to` of segment `number` into one cancelled message,
    /// which sled skips.
    Cancel { from: u64, to: u64, number: u64 },
    /// End the segment at `at` with a Cap message: sled goes on with the next segment.
    Cap { at: u64, number: u64 },
    /// Write a new header for the segment at `offset`, whose number is taken from its first
    /// readable message.
    Header { offset: u64 },
    /// Move the snapshot file aside: sled then rebuilds its page table from the log.
    DropSnapshot,
}

/// The outcome of reading one segment's messages.
#[derive(Debug)]
enum End {
    /// The segment is full: a Cap message or its last bytes reached.
    Full,
    /// The messages stop at this offset of the file, before the segment's end; `later` is
    /// the offset of a readable message of the same segment after that point, if any;
    /// `unwritten` says that the bytes from there to it (or the next 32) are all zeros: a
    /// place never written.
    Open { at: u64, why: &'static str, later: Option<u64>, unwritten: bool },
}

struct Segment {
    offset: u64,
    lsn: i64,
    end: End,
    /// Where each readable message of the segment starts, relative to it, in order.
    messages: Vec<u32>,
}

/// A message header as sled 0.34.7 writes it.
struct MessageHeader {
    crc: u32,
    kind: u8,
    len: u64,
    segment_number: u64,
    page: u64,
    header_len: usize,
}

/// sled's varint (serialization.rs, `impl Serialize for u64`).
fn varint(buf: &[u8], at: &mut usize) -> Option<u64> {
    let first = *buf.get(*at)?;
    let (value, used) = match first {
        0..=240 => (u64::from(first), 1),
        241..=248 => (240 + 256 * (u64::from(first) - 241) + u64::from(*buf.get(*at + 1)?), 2),
        249 => (2288 + 256 * u64::from(*buf.get(*at + 1)?) + u64::from(*buf.get(*at + 2)?), 3),
        other => {
            let size = usize::from(other) - 247;
            let mut bytes = [0u8; 8];
            bytes[..size].copy_from_slice(buf.get(*at + 1..*at + 1 + size)?);
            (u64::from_le_bytes(bytes), size + 1)
        }
    };
    *at += used;
    Some(value)
}

fn parse_header(buf: &[u8]) -> Option<MessageHeader> {
    let crc = u32::from_le_bytes(buf.get(0..4)?.try_into().ok()?);
    let kind = *buf.get(4)?;
    let mut at = 5;
    let len = varint(buf, &mut at)?;
    let segment_number = varint(buf, &mut at)?;
    let page = varint(buf, &mut at)?;
    Some(MessageHeader { crc, kind, len, segment_number, page, header_len: at })
}

fn message_crc(header: &[u8], body: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(body);
    hasher.update(&header[4..]);
    hasher.finalize() ^ 0xFFFF_FFFF
}

/// The store's data file, read without ever being opened for writing.
struct Log {
    file: File,
    len: u64,
    segment_size: u64,
}

impl Log {
    fn read(&self, at: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut done = 0;
        while done < buf.len() && at + (done as u64) < self.len {
            match self.file.read_at(&mut buf[done..], at + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }

    /// The bytes of the segment at `base` that the file holds (fewer at the file's end).
    fn segment(&self, base: u64) -> std::io::Result<Vec<u8>> {
        let mut bytes = vec![0u8; usize::try_from(self.segment_size).unwrap_or(0)];
        let got = self.read(base, &mut bytes)?;
        bytes.truncate(got);
        Ok(bytes)
    }
}

/// Reads the message at `at` (relative to the segment's start) of a segment whose number is
/// `number`, as sled's `read_message` does: Ok((length, is a Cap)) for a readable message,
/// Err(reason) for one sled would take as the end of the log.
fn message(seg: &[u8], segment_size: usize, number: u64, at: usize) -> Result<(usize, bool), &'static str> {
    if at >= seg.len() {
        return Err("the file ends here");
    }
    let mut head = [0u8; 128];
    let avail = (seg.len() - at).min(128);
    head[..avail].copy_from_slice(&seg[at..at + avail]);
    if head[..(MAX_MSG_HEADER_LEN as usize).min(avail)].iter().all(|b| *b == 0) {
        return Err("zeros");
    }
    let Some(header) = parse_header(&head) else { return Err("an unreadable message header") };
    if header.kind == 0 || header.kind > LAST_KIND {
        return Err("an unreadable message header");
    }
    let body_at = at + header.header_len;
    if body_at > segment_size || header.len > (segment_size - body_at) as u64 {
        return Err("an impossible message length");
    }
    let body_end = body_at + header.len as usize;
    if body_end > seg.len() {
        return Err("a message cut off by the end of the file");
    }
    if message_crc(&head[..header.header_len], &seg[body_at..body_end]) != header.crc {
        return Err("a message that fails its checksum");
    }
    if header.segment_number != number {
        return Err("a message left over from an earlier use of the segment");
    }
    Ok((header.header_len + header.len as usize, header.kind == CAP))
}

/// Follows a segment's messages from its header to its end or its first unreadable one,
/// noting where each starts in `messages`; returns the offset (in the segment) where they stop,
/// with the reason, or None when the segment is full.
fn walk(seg: &[u8], segment_size: usize, number: u64, messages: &mut Vec<u32>) -> Option<(usize, &'static str)> {
    let mut at = SEG_HEADER_LEN as usize;
    loop {
        if at > segment_size - MAX_MSG_HEADER_LEN as usize {
            return None;
        }
        match message(seg, segment_size, number, at) {
            Ok((_, true)) => return None,
            Ok((len, false)) => {
                messages.push(u32::try_from(at).unwrap_or(u32::MAX));
                at += len;
            }
            Err(why) => return Some((at, why)),
        }
    }
}

/// The first readable message of segment `number` beginning at or after `from`: data that a
/// torn write cannot have left behind.
fn readable_after(seg: &[u8], segment_size: usize, number: u64, from: usize) -> Option<usize> {
    let end = (segment_size - MAX_MSG_HEADER_LEN as usize).min(seg.len());
    (from..end).find(|&at| {
        (1..=LAST_KIND).contains(&seg.get(at + 4).copied().unwrap_or(0))
            && seg.get(at..).and_then(parse_header).is_some_and(|h| h.segment_number == number)
            && message(seg, segment_size, number, at).is_ok()
    })
}

fn segment_header(bytes: &[u8; 20]) -> (bool, i64, i64) {
    let stored = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) ^ 0xFFFF_FFFF;
    let ok = crc32fast::hash(&bytes[4..20]) == stored;
    let word = |r: std::ops::Range<usize>| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[r]);
        i64::from_le_bytes(b) ^ 0x7FFF_FFFF_FFFF_FFFF
    };
    (ok, word(4..12), word(12..20))
}

/// Whether a snapshot file is whole: longer than its 12-byte tail, whose last 4 bytes are the
/// CRC-32 of everything before the tail.
fn snapshot_checks_out(bytes: &[u8]) -> bool {
    if bytes.len() <= 12 {
        return false;
    }
    let (body, tail) = bytes.split_at(bytes.len() - 12);
    crc32fast::hash(body) == u32::from_le_bytes([tail[8], tail[9], tail[10], tail[11]])
}

/// The LSN the newest snapshot was taken at, after checking its checksum; None without one.
/// sled reads the file whose name sorts last (a `.generating` one included).
fn snapshot_lsn(store: &Path) -> Result<Option<(i64, Pages)>, VerifyError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| VerifyError::Io(p.clone(), source)
    };
    let mut names: Vec<String> = std::fs::read_dir(store)
        .map_err(io(store))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("snap.") && !n.ends_with(".in___motion"))
        .collect();
    names.sort();
    let (path, bytes) = loop {
        let Some(name) = names.pop() else { return Ok(None) };
        let path = store.join(&name);
        let mut bytes = Vec::new();
        File::open(&path).and_then(|mut f| f.read_to_end(&mut bytes)).map_err(io(&path))?;
        // A snapshot still `.generating` was never finished (sled renames it when it is): one
        // that does not check out is what a crash or a full disk left while it was written,
        // not damage. It holds nothing the log does not; the open removes it before sled
        // would read it (see `discard_unfinished_snapshots` in the store's open).
        if name.ends_with(".generating") && !snapshot_checks_out(&bytes) {
            continue;
        }
        break (path, bytes);
    };
    let damaged = |what: &str| {
        VerifyError::Damaged(Damage { file: path.clone(), offset: 0, what: what.into(), fix: Some(Fix::DropSnapshot) })
    };
    if bytes.len() <= 12 {
        return Err(damaged("the snapshot file is empty or cut short"));
    }
    if !snapshot_checks_out(&bytes) {
        return Err(damaged("the snapshot file fails its checksum"));
    }
    let (body, _) = bytes.split_at(bytes.len() - 12);
    // The snapshot begins with its stable LSN as sled's Option<i64>: 8 bytes, little-endian,
    // 0 for none and v + 1 for a positive v; then the active segment (a varint) and the page
    // table, one page state after another.
    let lsn = match body.get(0..8).and_then(|b| b.try_into().ok()).map(i64::from_le_bytes) {
        None | Some(0) => return Ok(None),
        Some(v) if v < 0 => v,
        Some(v) => v - 1,
    };
    let pages = page_table(body).ok_or_else(|| damaged("the snapshot file cannot be read"))?;
    Ok(Some((lsn, pages)))
}

/// Where each page's current version lies: for every page id, the offsets of its base and
/// fragments (None for a freed page).
type Pages = Vec<Option<Vec<u64>>>;

fn page_table(body: &[u8]) -> Option<Pages> {
    let mut at = 8;
    varint(body, &mut at)?;
    let i64_at = |at: &mut usize| -> Option<i64> {
        let v = i64::from_le_bytes(body.get(*at..*at + 8)?.try_into().ok()?);
        *at += 8;
        Some(v)
    };
    let pointer = |at: &mut usize| -> Option<u64> {
        let kind = *body.get(*at)?;
        *at += 1;
        let lid = varint(body, at)?;
        match kind {
            0 => {}
            1 => {
                i64_at(at)?;
            }
            _ => return None,
        }
        Some(lid)
    };
    let mut pages = Vec::new();
    while at < body.len() {
        let count = body[at];
        at += 1;
        if count == 0 {
            i64_at(&mut at)?;
            pointer(&mut at)?;
            pages.push(None);
            continue;
        }
        let mut lids = Vec::new();
        for _ in 0..count {
            i64_at(&mut at)?;
            lids.push(pointer(&mut at)?);
            varint(body, &mut at)?;
        }
        pages.push(Some(lids));
    }
    Some(pages)
}

/// Why a store could not be verified.
#[derive(Debug)]
pub enum VerifyError {
    /// The store is damaged, here.
    Damaged(Damage),
    /// A file could not be read at all.
    Io(PathBuf, std::io::Error),
}

/// The segment size from sled's `conf` file.
pub fn segment_size(store: &Path) -> Result<u64, VerifyError> {
    let path = store.join("conf");
    let conf = std::fs::read(&path).map_err(|e| VerifyError::Io(path.clone(), e))?;
    let conf = String::from_utf8_lossy(&conf);
    let damaged =
        |what: &str| VerifyError::Damaged(Damage { file: path.clone(), offset: 0, what: what.into(), fix: None });
    if !conf.lines().any(|l| l.trim() == "use_compression: false") {
        return Err(damaged("its settings file is unreadable"));
    }
    conf.lines()
        .find_map(|l| l.strip_prefix("segment_size: "))
        .and_then(|v| v.trim().parse().ok())
        .filter(|v: &u64| *v >= 4096 && v.is_power_of_two())
        .ok_or_else(|| damaged("its settings file is unreadable"))
}

/// Reads segment `index`: None for a never-used (all-zero) one, else the segment and the
/// highest LSN its header says was on disk when it began.
fn read_segment(log: &Log, db_path: &Path, index: u64) -> Result<Option<(Segment, i64)>, VerifyError> {
    let segment_size = log.segment_size;
    let size = usize::try_from(segment_size).unwrap_or(usize::MAX);
    let offset = index * segment_size;
    let seg = log.segment(offset).map_err(|e| VerifyError::Io(db_path.to_path_buf(), e))?;
    let fixable = |offset: u64, what: String, fix: Option<Fix>| {
        VerifyError::Damaged(Damage { file: db_path.to_path_buf(), offset, what, fix })
    };
    let mut bytes = [0u8; 20];
    let got = seg.len().min(20);
    bytes[..got].copy_from_slice(&seg[..got]);
    let (ok, lsn, max_stable) = segment_header(&bytes);
    let valid = ok && got == 20 && lsn >= 0 && (lsn as u64).is_multiple_of(segment_size);
    if !valid {
        if bytes.iter().all(|b| *b == 0) {
            // Never used, or cleared by sled: nothing there may hold data.
            if let Some(at) = seg.iter().position(|b| *b != 0) {
                return Err(fixable(
                    offset + at as u64,
                    format!("segment {index} has lost its header but still holds data"),
                    Some(Fix::Header { offset }),
                ));
            }
            return Ok(None);
        }
        return Err(fixable(
            offset,
            format!("the header of segment {index} fails its checksum"),
            Some(Fix::Header { offset }),
        ));
    }
    let number = lsn as u64 / segment_size;
    let mut messages = Vec::new();
    let end = match walk(&seg, size, number, &mut messages) {
        None => End::Full,
        Some((at, why)) => {
            let later = readable_after(&seg, size, number, at + 1);
            let to = later.unwrap_or(at + MAX_MSG_HEADER_LEN as usize).min(seg.len());
            let unwritten = to > at && seg[at..to].iter().all(|b| *b == 0);
            let later = later.map(|l| offset + l as u64);
            End::Open { at: offset + at as u64, why, later, unwritten }
        }
    };
    Ok(Some((Segment { offset, lsn, end, messages }, max_stable)))
}

/// Reads the whole store at `store` and returns Ok when sled's recovery would keep every
/// committed byte of it. Never writes.
pub fn verify(store: &Path) -> Result<(), VerifyError> {
    let segment_size = segment_size(store)?;
    let db_path = store.join("db");
    let file = File::open(&db_path).map_err(|e| VerifyError::Io(db_path.clone(), e))?;
    let len = file.metadata().map_err(|e| VerifyError::Io(db_path.clone(), e))?.len();
    let log = Log { file, len, segment_size };
    let io = |e| VerifyError::Io(db_path.clone(), e);
    let fixable = |offset: u64, what: String, fix: Option<Fix>| {
        VerifyError::Damaged(Damage { file: db_path.clone(), offset, what, fix })
    };
    let damaged = |offset: u64, what: String| fixable(offset, what, None);
    if len == 0 {
        return Err(damaged(0, "the data file is empty".into()));
    }
    let left_open = super::open_mark::was_left_open(store);
    let snapshot = snapshot_lsn(store)?;
    let mut on_disk = snapshot.as_ref().map_or(0, |(lsn, _)| *lsn);
    let count = len / segment_size + u64::from(len % segment_size >= SEG_HEADER_LEN);
    let mut segments = Vec::new();
    // Segments are independent: read them on several threads, keep the first damage found
    // in file order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8) as u64;
    let results: Vec<Result<Vec<(Segment, i64)>, VerifyError>> = std::thread::scope(|scope| {
        let log = &log;
        let db_path = &db_path;
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut found = Vec::new();
                    let mut index = t;
                    while index < count {
                        if let Some(segment) = read_segment(log, db_path, index)? {
                            found.push(segment);
                        }
                        index += threads;
                    }
                    Ok(found)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Ok(Vec::new()))).collect()
    });
    let mut first_damage: Option<Damage> = None;
    for result in results {
        match result {
            Ok(found) => {
                for (segment, max_stable) in found {
                    on_disk = on_disk.max(max_stable.saturating_add(1));
                    segments.push(segment);
                }
            }
            Err(VerifyError::Damaged(d)) => {
                if first_damage.as_ref().is_none_or(|f| d.offset < f.offset) {
                    first_damage = Some(d);
                }
            }
            Err(e) => return Err(e),
        }
    }
    if let Some(d) = first_damage {
        return Err(VerifyError::Damaged(d));
    }
    segments.sort_by_key(|s| s.lsn);
    if let Some(pair) = segments.windows(2).find(|w| w[0].lsn == w[1].lsn) {
        return Err(damaged(pair[1].offset, "two segments claim the same place in the log".into()));
    }
    let Some(newest) = segments.last() else {
        return Err(damaged(0, "no segment of the data file is readable".into()));
    };
    // Where sled's recovery will take the log to end: the first place, in log order, where the
    // messages stop. Everything after it is discarded, so it must be a write that was never
    // acknowledged: past every LSN known to be on disk, and either the last segment's end
    // (nothing readable after it) or a region never written (zeros: a buffer, or the manifest
    // sled reserves at the start of a batch and fills in at its end, that had not reached the
    // disk when the process died, while later buffers had).
    let mut log_end = newest.lsn.saturating_add(segment_size as i64);
    for (i, segment) in segments.iter().enumerate() {
        let End::Open { at, why, later, unwritten } = segment.end else { continue };
        let index = segment.offset / segment_size;
        let number = segment.lsn as u64 / segment_size;
        let lsn = segment.lsn + (at - segment.offset) as i64;
        let is_newest = i + 1 == segments.len();
        let fix = match later {
            Some(to) => Some(Fix::Cancel { from: at, to, number }),
            None if !is_newest => Some(Fix::Cap { at, number }),
            None => None,
        };
        if lsn < on_disk {
            let what = format!("{why} in segment {index}, where data was known to be on disk");
            return Err(fixable(at, what, fix));
        }
        // After a crash, an unreadable place followed by data is a buffer that had not
        // reached the disk while later ones had, over what a reused segment held before.
        let torn = unwritten || (is_newest && later.is_none()) || left_open;
        if !torn {
            let what = match later {
                Some(later) => format!("{why} in segment {index}, followed by readable data at offset {later}"),
                None => format!("{why} in segment {index}, before later data"),
            };
            return Err(fixable(at, what, fix));
        }
        log_end = lsn;
        break;
    }
    if log_end < on_disk {
        return Err(damaged(len, "the data file ends before data known to be on disk".into()));
    }
    check_blobs(store, log_end)?;
    if let Some((snap_lsn, pages)) = snapshot {
        check_pages(&log, &segments, snap_lsn, pages).map_err(|e| match e {
            Ok((offset, what)) => damaged(offset, what),
            Err(e) => io(e),
        })?;
    }
    Ok(())
}

/// Checks the files sled keeps records too large for the log in (`blobs/<LSN>`: a CRC-32 of the
/// rest, then a kind byte and the data). A file written for a message past the end of the log
/// belongs to a write a crash cut short (sled deletes it); any other that fails its checksum
/// is damage.
fn check_blobs(store: &Path, log_end: i64) -> Result<(), VerifyError> {
    let dir = store.join("blobs");
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(()) };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(lsn) = entry.file_name().to_str().and_then(|n| n.parse::<i64>().ok()) else { continue };
        if lsn >= log_end {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| VerifyError::Io(path.clone(), e))?;
        let ok = bytes.len() >= 5
            && crc32fast::hash(&bytes[4..]) == u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if !ok {
            let what = "a file holding a large record fails its checksum".to_string();
            return Err(VerifyError::Damaged(Damage { file: path, offset: 0, what, fix: None }));
        }
    }
    Ok(())
}

/// Replays the log after the snapshot over its page table, as sled's recovery does, and checks
/// that every page's current version lies in a readable message: a page whose data was cut off
/// or lies in a lost segment would make sled fail, or lose the page.
fn check_pages(
    log: &Log,
    segments: &[Segment],
    snap_lsn: i64,
    mut pages: Pages,
) -> Result<(), Result<(u64, String), std::io::Error>> {
    let segment_size = log.segment_size;
    let size = usize::try_from(segment_size).unwrap_or(usize::MAX);
    let start = snap_lsn - snap_lsn.rem_euclid(segment_size as i64);
    for segment in segments.iter().filter(|s| s.lsn >= start) {
        let seg = log.segment(segment.offset).map_err(Err)?;
        let number = segment.lsn as u64 / segment_size;
        let stop = match segment.end {
            End::Full => size,
            End::Open { at, .. } => (at - segment.offset) as usize,
        };
        let mut at = SEG_HEADER_LEN as usize;
        while at < stop && at <= size - MAX_MSG_HEADER_LEN as usize {
            let Ok((len, false)) = message(&seg, size, number, at) else { break };
            let Some(header) = parse_header(&seg[at..]) else { break };
            let pid = usize::try_from(header.page).unwrap_or(usize::MAX);
            if segment.lsn + at as i64 >= snap_lsn && pid < pages.len() + 1_000_000 {
                let lid = segment.offset + at as u64;
                if pid >= pages.len() && matches!(header.kind, 4..=9) {
                    pages.resize(pid + 1, None);
                }
                match header.kind {
                    4 => pages[pid] = None,
                    5..=9 => pages[pid] = Some(vec![lid]),
                    10 | 11 => {
                        if let Some(Some(lids)) = pages.get_mut(pid) {
                            lids.push(lid);
                        }
                    }
                    _ => {}
                }
            }
            at += len;
        }
    }
    let mut by_segment: std::collections::BTreeMap<u64, Vec<(usize, u64)>> = Default::default();
    for (pid, lids) in pages.iter().enumerate() {
        for lid in lids.iter().flatten() {
            by_segment.entry(lid - lid % segment_size).or_default().push((pid, *lid));
        }
    }
    let by_offset: std::collections::HashMap<u64, &Segment> = segments.iter().map(|s| (s.offset, s)).collect();
    for (base, pointers) in by_segment {
        let index = base / segment_size;
        let Some(segment) = by_offset.get(&base) else {
            let (pid, lid) = pointers[0];
            return Err(Ok((
                lid,
                format!("page {pid} lies in segment {index}, which is missing or has no readable header"),
            )));
        };
        for (pid, lid) in pointers {
            let rel = u32::try_from(lid - base).unwrap_or(u32::MAX);
            if segment.messages.binary_search(&rel).is_err() {
                return Err(Ok((lid, format!("page {pid} lies at an unreadable place of segment {index}"))));
            }
        }
    }
    Ok(())
}

/// Changes the COPY of a store at `copy` until it verifies or no change helps, so that sled's
/// recovery reads every message that is still readable. Returns the damage found, in order.
/// Must never be given a store itself: it writes to its files.
pub(crate) fn repair_copy(copy: &Path) -> Result<Vec<Damage>, VerifyError> {
    let mut found = Vec::new();
    // Each fix moves past one damaged place; the bound only guards against a loop.
    for _ in 0..100_000 {
        let damage = match verify(copy) {
            Ok(()) => return Ok(found),
            Err(VerifyError::Damaged(d)) => d,
            Err(e) => return Err(e),
        };
        let Some(fix) = damage.fix else {
            found.push(damage);
            return Ok(found);
        };
        let applied = apply(copy, fix).map_err(|e| VerifyError::Io(copy.to_path_buf(), e))?;
        found.push(damage);
        if !applied {
            return Ok(found);
        }
    }
    Ok(found)
}

fn varint_bytes(value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    if value <= 240 {
        out.push(value as u8);
    } else if value <= 2287 {
        out.push(((value - 240) / 256 + 241) as u8);
        out.push(((value - 240) % 256) as u8);
    } else if value <= 67823 {
        out.extend([249, ((value - 2288) / 256) as u8, ((value - 2288) % 256) as u8]);
    } else {
        let size = (8 - (value.leading_zeros() / 8) as usize).max(3);
        out.push((247 + size) as u8);
        out.extend(&value.to_le_bytes()[..size]);
    }
    out
}

/// A message of `kind` filling exactly `span` bytes (header included), body zeros.
fn filler(kind: u8, span: u64, number: u64) -> Option<Vec<u8>> {
    let fixed = 5 + varint_bytes(number).len() + 1;
    for len_size in 1..=9 {
        let len = span.checked_sub((fixed + len_size) as u64)?;
        let len_bytes = varint_bytes(len);
        if len_bytes.len() != len_size {
            continue;
        }
        let mut msg = vec![0u8; 4];
        msg.push(kind);
        msg.extend(len_bytes);
        msg.extend(varint_bytes(number));
        msg.push(0);
        let header_len = msg.len();
        msg.resize(usize::try_from(span).ok()?, 0);
        let crc = message_crc(&msg[..header_len], &msg[header_len..]);
        msg[..4].copy_from_slice(&crc.to_le_bytes());
        return Some(msg);
    }
    None
}

fn apply(copy: &Path, fix: Fix) -> std::io::Result<bool> {
    let db_path = copy.join("db");
    let file = std::fs::OpenOptions::new().read(true).write(true).open(&db_path)?;
    match fix {
        Fix::Cancel { from, to, number } => match filler(1, to - from, number) {
            Some(msg) => file.write_all_at(&msg, from).map(|()| true),
            None => Ok(false),
        },
        Fix::Cap { at, number } => match filler(CAP, MAX_MSG_HEADER_LEN, number) {
            Some(msg) => file.write_all_at(&msg, at).map(|()| true),
            None => Ok(false),
        },
        Fix::Header { offset } => {
            let segment_size = match segment_size(copy) {
                Ok(size) => size,
                Err(_) => return Ok(false),
            };
            let len = file.metadata()?.len();
            let log = Log { file: file.try_clone()?, len, segment_size };
            let seg = log.segment(offset)?;
            let Some(header) = seg.get(20..).and_then(parse_header) else { return Ok(false) };
            let size = usize::try_from(segment_size).unwrap_or(usize::MAX);
            if message(&seg, size, header.segment_number, 20).is_err() {
                return Ok(false);
            }
            let lsn = i64::try_from(header.segment_number.saturating_mul(segment_size)).unwrap_or(i64::MAX);
            let mut bytes = [0u8; 20];
            bytes[4..12].copy_from_slice(&(lsn ^ 0x7FFF_FFFF_FFFF_FFFF).to_le_bytes());
            bytes[12..20].copy_from_slice(&(-1i64 ^ 0x7FFF_FFFF_FFFF_FFFF).to_le_bytes());
            let crc = crc32fast::hash(&bytes[4..20]) ^ 0xFFFF_FFFF;
            bytes[..4].copy_from_slice(&crc.to_le_bytes());
            file.write_all_at(&bytes, offset).map(|()| true)
        }
        Fix::DropSnapshot => {
            let mut moved = false;
            for entry in std::fs::read_dir(copy)?.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with("snap.") {
                    std::fs::remove_file(entry.path())?;
                    moved = true;
                }
            }
            Ok(moved)
        }
    }
}

/// Every readable message body of every segment with a readable header, with its LSN, stepping
/// over unreadable bytes: what a salvage can still find when sled cannot open a copy at all.
/// Blob messages (a pointer to a file in `blobs/`) are left out.
pub(crate) fn readable_messages(store: &Path) -> Result<Vec<(i64, Vec<u8>)>, VerifyError> {
    let segment_size = segment_size(store)?;
    let db_path = store.join("db");
    let io = |e| VerifyError::Io(db_path.clone(), e);
    let file = File::open(&db_path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let log = Log { file, len, segment_size };
    let size = usize::try_from(segment_size).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let count = len.div_ceil(segment_size);
    for index in 0..count {
        let offset = index * segment_size;
        let seg = log.segment(offset).map_err(io)?;
        let Some(bytes) = seg.get(..20).and_then(|b| <[u8; 20]>::try_from(b).ok()) else { continue };
        let (ok, lsn, _) = segment_header(&bytes);
        if !ok || lsn < 0 {
            continue;
        }
        let newest = lsn as u64 / segment_size;
        let mut number = newest;
        let mut at = SEG_HEADER_LEN as usize;
        while at <= size - MAX_MSG_HEADER_LEN as usize {
            match message(&seg, size, number, at) {
                Ok((_, true)) => break,
                Ok((len, false)) => {
                    if let Some(header) = seg.get(at..).and_then(parse_header)
                        && !matches!(header.kind, 7 | 9 | 11)
                    {
                        let body = &seg[at + header.header_len..at + len];
                        let lsn = i64::try_from(number * segment_size + at as u64).unwrap_or(i64::MAX);
                        out.push((lsn, body.to_vec()));
                    }
                    at += len;
                }
                // Past an unreadable message: the next readable one of this or an earlier use
                // of the segment (an older version of the records, older by its LSN).
                Err(_) => match (at + 1..size - MAX_MSG_HEADER_LEN as usize).find_map(|next| {
                    let header = seg.get(next..).and_then(parse_header)?;
                    let plausible = (1..=LAST_KIND).contains(&header.kind) && header.segment_number <= newest;
                    (plausible && message(&seg, size, header.segment_number, next).is_ok())
                        .then_some((next, header.segment_number))
                }) {
                    Some((next, n)) => (at, number) = (next, n),
                    None => break,
                },
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The newest segment of the store at `store`: its offset and where its messages start.
    fn newest_segment(store: &Path) -> (u64, Vec<u32>) {
        let segment_size = segment_size(store).unwrap();
        let db_path = store.join("db");
        let file = File::open(&db_path).unwrap();
        let len = file.metadata().unwrap().len();
        let log = Log { file, len, segment_size };
        let newest = (0..len / segment_size + 1)
            .filter_map(|i| read_segment(&log, &db_path, i).unwrap())
            .map(|(segment, _)| segment)
            .max_by_key(|segment| segment.lsn)
            .unwrap();
        (newest.offset, newest.messages)
    }

    /// What a buffer sled had not written when the process died looks like in a reused
    /// segment: the bytes of the segment's earlier use, unreadable, with later data after them.
    /// A store left open (its mark there) is opened; the same bytes in a closed store are
    /// damage, and refused.
    #[test]
    fn an_unwritten_buffer_over_old_bytes_is_a_torn_write_only_in_a_store_left_open() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        for session in 0..2u32 {
            let db = sled::Config::new().path(&store).flush_every_ms(None).open().unwrap();
            for i in 0..40u32 {
                db.insert(format!("{session}-{i:03}"), vec![7u8; 300]).unwrap();
                db.flush().unwrap();
            }
        }
        let (offset, messages) = newest_segment(&store);
        let at = offset + u64::from(messages[messages.len() - 3]);
        let mut bytes = std::fs::read(store.join("db")).unwrap();
        bytes[at as usize..at as usize + 6].copy_from_slice(&[0xA5, 0x5A, 0xC3, 0x3C, 0xFF, 0x81]);
        std::fs::write(store.join("db"), &bytes).unwrap();

        let Err(VerifyError::Damaged(damage)) = verify(&store) else { panic!("a closed store is refused") };
        assert_eq!(damage.offset, at);
        assert!(damage.what.contains("followed by readable data"), "{}", damage.what);

        std::fs::write(store.join(super::super::open_mark::FILE), b"1\n").unwrap();
        verify(&store).unwrap();
        let db = sled::Config::new().path(&store).open().unwrap();
        assert!(db.get("0-039").unwrap().is_some(), "what the first session wrote is kept");
    }

    #[test]
    fn varints_read_back_as_sled_writes_them() {
        for value in [0, 1, 240, 241, 2287, 2288, 67823, 67824, 0xFF_FFFF, 0x1_0000_0000, u64::MAX] {
            let bytes = varint_bytes(value);
            let mut at = 0;
            assert_eq!(varint(&bytes, &mut at), Some(value), "{value}");
            assert_eq!(at, bytes.len());
        }
    }

    #[test]
    fn a_filler_message_is_read_as_one_message_of_its_exact_length() {
        let size = 4096;
        for span in [12, 33, 300, 2000, 4000] {
            let mut seg = vec![0u8; size];
            let msg = filler(1, span, 7).unwrap();
            seg[20..20 + msg.len()].copy_from_slice(&msg);
            assert_eq!(message(&seg, size, 7, 20), Ok((span as usize, false)), "{span}");
            assert!(message(&seg, size, 8, 20).is_err(), "another segment's number is refused");
            seg[20 + msg.len() - 1] ^= 1;
            assert_eq!(message(&seg, size, 7, 20), Err("a message that fails its checksum"));
        }
        let cap = filler(CAP, MAX_MSG_HEADER_LEN, 3).unwrap();
        let mut seg = vec![0u8; size];
        seg[100..100 + cap.len()].copy_from_slice(&cap);
        assert_eq!(message(&seg, size, 3, 100), Ok((32, true)));
    }
}
