//! The audit trail: an append-only log of everything that happened to the register, in its own
//! tree, each entry chained to the one before it by a keyed MAC, so that editing, deleting,
//! inserting, reordering or cutting entries is detected by [`Store::verify_audit`].
//!
//! # Layout
//! - Tree `audit`: key = the entry's sequence number, 8 bytes big-endian (0, 1, 2, … with no
//!   gap); value = the entry's canonical bytes followed by its 32-byte MAC, sealed under its
//!   key on an encrypted store ([`super::sealing`]; the key, the one ordered key the chain
//!   needs, tells how many events there were and nothing of them).
//! - Meta tree: `audit-key`, the store's 32-byte random chain key (made with `getrandom` when
//!   the store is created, or at the first open of a store from before the audit trail),
//!   sealed on an encrypted store: it is random rather than derived from the data key, so
//!   that a rotation or an upgrade re-seals one value instead of re-MACing the log. A plain
//!   store (from before encryption) keeps it plain until it is upgraded. And `audit-head`, the
//!   chain head: the last sequence number (8 bytes big-endian) and its MAC. The head is
//!   written in the same sled transaction as its entry.
//! - Tree `audit_pending`: what happened while no key was held (a failed login, a lockout, a
//!   refusal, a read noted while locked), which cannot be chained without the chain's key:
//!   the time, the action, the account id or the keyed digest of a typed name, and fixed
//!   words; nothing personal. Key: the time (8 bytes big-endian) and 8 random bytes. The first
//!   session that holds the key appends them to the chain, in order, with their own times and
//!   marked `queued`, in the transaction that deletes them ([`Store::chain_pending`]). Until
//!   then they are not tamper-evident: someone with the disk can delete one.
//!
//! # Canonical bytes (format 1)
//! The entry as [`Canonical`] serialized with postcard: its fields in the order they are
//! declared, integers as varints (the time, microseconds since 1970 UTC, zigzag-encoded),
//! strings as a varint length and their UTF-8 bytes, an `Option` as a tag byte 0/1 then the
//! value, a sequence as a varint count then its items, the 32-byte digest as its 32 bytes.
//! This encoding has exactly one form for a value, so the same entry always gives the same
//! bytes. A new layout gets a new `format` number; an entry of an unknown format is reported,
//! never guessed at.
//!
//! # The MAC
//! `mac[n] = BLAKE3-keyed(key, mac[n-1] || canonical[n])`, with 32 zero bytes before entry 0.
//! A chain is only as good as its anchor: whoever can write the store can recompute it, so
//! `daftar audit head` prints the head to be written down or sent elsewhere, and
//! `daftar audit verify --head SEQ:MAC` proves the log still holds that head.
//!
//! The typed username of a failed login for no account is never stored: it may be a password
//! typed in the wrong field. The entry holds the keyed digest the login failures are counted
//! under instead (see `accounts::login_failure_key`).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::kv;
use super::sealing::Sealer;
use super::{Store, storage};
use crate::auth::AccountId;
use crate::error::{Error, Result};

pub(super) const AUDIT_TREE: &str = "audit";
/// The plain queue of events noted while no key was held (see the module's documentation).
pub(super) const AUDIT_PENDING: &str = "audit_pending";
/// The layout of a queued event ([`Pending`]).
const PENDING_FORMAT: u32 = 1;
/// How far in the future a queued event's time may be (another process's clock) before it is
/// refused as a time.
const PENDING_SKEW: chrono::Duration = chrono::Duration::minutes(5);
/// The meta key of the chain's MAC key.
pub(super) const AUDIT_KEY: &[u8] = b"audit-key";
/// The meta key of the chain head: last sequence number and its MAC.
const AUDIT_HEAD: &[u8] = b"audit-head";
/// The meta keys of the index of the log by record (see [`index_key`]): each row is
/// `AUDIT_BY`, the record id's length (2 bytes big-endian), the record id, the entry's
/// sequence number (8 bytes big-endian); its value is empty. The rows live in the meta tree, the
/// one tree every append's transaction already holds, so each entry's rows are written in the
/// same transaction as the entry, by every caller of [`append`].
const AUDIT_BY: &[u8] = b"audit-by/";
/// Meta key: present once every entry of the log is in the index (a store from before the
/// index gets it built at open, see [`Store::build_audit_index`]).
const AUDIT_INDEXED: &[u8] = b"audit-indexed";
/// Meta key: while the index of an old log is being built, the sequence number reached (the
/// build resumes there after an interruption).
const AUDIT_INDEXING: &[u8] = b"audit-indexing";
/// The layout of [`Canonical`] this build writes and reads.
pub const ENTRY_FORMAT: u32 = 1;
const MAC_LEN: usize = 32;

/// A chain MAC (BLAKE3 keyed hash, 32 bytes).
pub type Mac = [u8; MAC_LEN];

/// What an append needs: the chain's key, and the sealer its entries are sealed with (taken
/// together, before the transaction, by [`Store::audit_key`]).
pub(super) struct AuditKey {
    mac: Zeroizing<Mac>,
    sealer: Sealer,
}

impl AuditKey {
    /// The sealer the entries are sealed with: the store's own (taken with the chain's key),
    /// for the other values of the same transaction.
    pub(super) fn sealer(&self) -> &Sealer {
        &self.sealer
    }
}

type TxError = kv::TxError;

/// Values to write again, sealed: (key, sealed value); the chain key's is under [`AUDIT_KEY`].
pub(super) type Resealed = Vec<(sled::IVec, Vec<u8>)>;

/// What went wrong with the audit trail itself (as opposed to an entry found broken by
/// [`Store::verify_audit`], which is a [`Broken`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditProblem {
    /// The store's audit key is gone: nothing can be appended, and nothing verified.
    KeyMissing,
    /// The log has entries but the head that says where it ends is gone or unreadable: an
    /// append would write over an entry, so none is made.
    HeadMissing,
    /// An entry is already where the next one would go, after the head: nothing is written
    /// over it.
    AfterHead(u64),
    /// An entry could not be encoded.
    Encoding(String),
}

impl AuditProblem {
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::T;
        match self {
            AuditProblem::KeyMissing => T::AuditKeyMissing.get(lang).to_string(),
            AuditProblem::HeadMissing => T::AuditHeadMissing.get(lang).to_string(),
            AuditProblem::AfterHead(seq) => T::AuditAfterHead.fill(lang, &[("seq", &seq.to_string())]),
            AuditProblem::Encoding(detail) => T::AuditEncoding.fill(lang, &[("err", detail)]),
        }
    }
}

/// What an entry records. Each has a stable name ([`AuditAction::name`]), the one written in
/// the entry: variants may be added or reordered, names never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// The first entry of every log: the store was created, or a store from before the audit
    /// trail was opened for the first time (what happened before is not in the log).
    TrailStarted,
    ParticipantRegistered,
    InterviewFinalized,
    StageChanged,
    /// A participant's record was opened on screen (who read what).
    RecordOpened,
    LoggedIn,
    LoggedOut,
    LoginFailed,
    /// The failure that locked an account (or an unknown username) out for a while.
    LockedOut,
    /// The interface locked itself after the idle time.
    IdleLocked,
    AccountAdded,
    AccountDisabled,
    AccountEnabled,
    RoleChanged,
    PasswordReset,
    PasswordChanged,
    /// An administrator ended a lockout.
    AccountUnlocked,
    SettingChanged,
    Imported,
    FormInstalled,
    IndexRebuilt,
    Exported,
    AuditHeadRead,
    AuditVerified,
    AuditExported,
    /// The audit screen was opened, or shown with another filter (the filter is the entry's
    /// fields).
    AuditViewed,
    /// A participant's details corrected: a new version, with the reason.
    ParticipantEdited,
    /// A finalized interview amended: a new version, with the reason.
    InterviewAmended,
    /// A stage change voided (kept, marked voided), with the reason.
    StageVoided,
    /// A draft discarded: it leaves the lists, its tombstone stays in the versions.
    DraftDiscarded,
    /// A supervisor approved a submitted interview: it is locked.
    InterviewApproved,
    /// A supervisor returned a submitted interview to its interviewer, with a comment.
    InterviewReturned,
    /// A supervisor unlocked an approved interview, with a reason.
    InterviewUnlocked,
    /// A returned or unlocked interview was amended: it is submitted again.
    InterviewResubmitted,
    /// A stage change corrected in one step: the old one voided and the corrected one recorded
    /// in its place (records: participant, old change, new change), with the reason.
    StageCorrected,
    /// A store from before encryption encrypted by an administrator (every value sealed from
    /// then on; the other active accounts given temporary passwords).
    StoreEncrypted,
    /// The store's key rotated: every value sealed again under a new key, wrapped for every
    /// active account and the recovery key (`key_id` before → after, the accounts named).
    KeyRotated,
    /// A queued event (see [`AUDIT_PENDING`]) that could not be read: its bytes, so that
    /// nothing is dropped unseen.
    QueuedUnreadable,
}

impl AuditAction {
    pub const ALL: [AuditAction; 38] = [
        AuditAction::TrailStarted,
        AuditAction::ParticipantRegistered,
        AuditAction::InterviewFinalized,
        AuditAction::StageChanged,
        AuditAction::RecordOpened,
        AuditAction::LoggedIn,
        AuditAction::LoggedOut,
        AuditAction::LoginFailed,
        AuditAction::LockedOut,
        AuditAction::IdleLocked,
        AuditAction::AccountAdded,
        AuditAction::AccountDisabled,
        AuditAction::AccountEnabled,
        AuditAction::RoleChanged,
        AuditAction::PasswordReset,
        AuditAction::PasswordChanged,
        AuditAction::AccountUnlocked,
        AuditAction::SettingChanged,
        AuditAction::Imported,
        AuditAction::FormInstalled,
        AuditAction::IndexRebuilt,
        AuditAction::Exported,
        AuditAction::AuditHeadRead,
        AuditAction::AuditVerified,
        AuditAction::AuditExported,
        AuditAction::AuditViewed,
        AuditAction::ParticipantEdited,
        AuditAction::InterviewAmended,
        AuditAction::StageVoided,
        AuditAction::DraftDiscarded,
        AuditAction::InterviewApproved,
        AuditAction::InterviewReturned,
        AuditAction::InterviewUnlocked,
        AuditAction::InterviewResubmitted,
        AuditAction::StageCorrected,
        AuditAction::StoreEncrypted,
        AuditAction::KeyRotated,
        AuditAction::QueuedUnreadable,
    ];

    /// The name stored in the entry and written by `daftar audit export`.
    pub fn name(self) -> &'static str {
        use AuditAction::*;
        match self {
            TrailStarted => "trail_started",
            ParticipantRegistered => "participant_registered",
            InterviewFinalized => "interview_finalized",
            StageChanged => "stage_changed",
            RecordOpened => "record_opened",
            LoggedIn => "logged_in",
            LoggedOut => "logged_out",
            LoginFailed => "login_failed",
            LockedOut => "locked_out",
            IdleLocked => "idle_locked",
            AccountAdded => "account_added",
            AccountDisabled => "account_disabled",
            AccountEnabled => "account_enabled",
            RoleChanged => "role_changed",
            PasswordReset => "password_reset",
            PasswordChanged => "password_changed",
            AccountUnlocked => "account_unlocked",
            SettingChanged => "setting_changed",
            Imported => "imported",
            FormInstalled => "form_installed",
            IndexRebuilt => "index_rebuilt",
            Exported => "exported",
            AuditHeadRead => "audit_head_read",
            AuditVerified => "audit_verified",
            AuditExported => "audit_exported",
            AuditViewed => "audit_viewed",
            ParticipantEdited => "participant_edited",
            InterviewAmended => "interview_amended",
            StageVoided => "stage_voided",
            DraftDiscarded => "draft_discarded",
            InterviewApproved => "interview_approved",
            InterviewReturned => "interview_returned",
            InterviewUnlocked => "interview_unlocked",
            InterviewResubmitted => "interview_resubmitted",
            StageCorrected => "stage_corrected",
            StoreEncrypted => "store_encrypted",
            KeyRotated => "key_rotated",
            QueuedUnreadable => "queued_unreadable",
        }
    }

    pub fn from_name(name: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// One field's change: its id (labels are looked up when shown, in the interface's language),
/// the value before (None: there was none) and after (None: there is none now).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An entry to append: what happened, to which records, by whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    pub action: AuditAction,
    /// The account that did it; None: the store's current actor ([`Store::act_as`]), if any.
    pub account: Option<AccountId>,
    /// For a failed login under a username no account has: its keyed digest.
    pub unknown_user: Option<Mac>,
    /// Ids of the records concerned (participant, interview, stage change, account, form…).
    pub records: Vec<String>,
    pub changes: Vec<Change>,
    pub reason: Option<String>,
    /// When it happened, if not when it is appended (a read noted late: see
    /// [`Store::record_opened`]).
    pub at: Option<DateTime<Utc>>,
}

impl AuditEvent {
    pub fn new(action: AuditAction) -> AuditEvent {
        AuditEvent {
            action,
            account: None,
            unknown_user: None,
            records: Vec::new(),
            changes: Vec::new(),
            reason: None,
            at: None,
        }
    }

    /// Done by `account` (whoever the store acts for otherwise).
    pub fn by(mut self, account: Option<&AccountId>) -> AuditEvent {
        if let Some(account) = account {
            self.account = Some(account.clone());
        }
        self
    }

    /// Done by `account` unless the event names an account already (the store's actor comes
    /// first: see [`Store::attributed`]).
    pub fn or_by(mut self, account: Option<&AccountId>) -> AuditEvent {
        if self.account.is_none() && self.unknown_user.is_none() {
            self.account = account.cloned();
        }
        self
    }

    pub fn record(mut self, id: impl std::fmt::Display) -> AuditEvent {
        self.records.push(id.to_string());
        self
    }

    /// A field's value before and after; nothing when they are the same.
    pub fn change(mut self, field: &str, before: Option<String>, after: Option<String>) -> AuditEvent {
        if before != after {
            self.changes.push(Change { field: field.to_string(), before, after });
        }
        self
    }

    /// A field given a value where there was none.
    pub fn set(self, field: &str, after: impl Into<String>) -> AuditEvent {
        self.change(field, None, Some(after.into()))
    }

    pub fn reason(mut self, reason: Option<&str>) -> AuditEvent {
        self.reason = reason.filter(|r| !r.is_empty()).map(str::to_string);
        self
    }
}

/// An entry's canonical form (see the module's documentation): the bytes the MAC covers.
#[derive(Serialize, Deserialize)]
struct Canonical {
    format: u32,
    seq: u64,
    /// Microseconds since 1970, UTC.
    at: i64,
    account: Option<String>,
    unknown_user: Option<Mac>,
    action: String,
    records: Vec<String>,
    changes: Vec<Change>,
    reason: Option<String>,
}

/// [`Canonical`] read in place: the same fields in the same order, its strings borrowed from
/// the stored bytes, for walking millions of entries without allocating ([`Store::verify_audit`]).
/// postcard reads a `&str` exactly as a `String` (a length and UTF-8 bytes, checked), so an
/// entry reads as one if and only if it reads as the other (a test holds them together).
#[derive(Deserialize)]
struct CanonicalRef<'a> {
    format: u32,
    seq: u64,
    #[allow(dead_code)]
    at: i64,
    #[serde(borrow)]
    #[allow(dead_code)]
    account: Option<&'a str>,
    #[allow(dead_code)]
    unknown_user: Option<Mac>,
    #[allow(dead_code)]
    action: &'a str,
    #[serde(borrow)]
    records: Vec<&'a str>,
    #[serde(borrow)]
    #[allow(dead_code)]
    changes: Vec<ChangeRef<'a>>,
    #[serde(borrow)]
    #[allow(dead_code)]
    reason: Option<&'a str>,
}

/// [`Change`] read in place.
#[derive(Deserialize)]
#[allow(dead_code)]
struct ChangeRef<'a> {
    field: &'a str,
    #[serde(borrow)]
    before: Option<&'a str>,
    #[serde(borrow)]
    after: Option<&'a str>,
}

/// An entry as read back from the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub account: Option<AccountId>,
    pub unknown_user: Option<Mac>,
    /// The action's stable name ([`AuditAction::name`]); [`AuditEntry::action`] reads it.
    pub action_name: String,
    pub records: Vec<String>,
    pub changes: Vec<Change>,
    pub reason: Option<String>,
    pub mac: Mac,
}

impl AuditEntry {
    /// The action, when this build knows its name.
    pub fn action(&self) -> Option<AuditAction> {
        AuditAction::from_name(&self.action_name)
    }
}

/// Which entries the audit screen shows; an empty part lets every entry through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Entries by one of these accounts (None: by anyone).
    pub accounts: Option<std::collections::BTreeSet<AccountId>>,
    /// Entries concerning one of these records (ids as the entries name them): a set, as a
    /// search may match thousands of participants.
    pub records: Option<std::collections::BTreeSet<String>>,
    /// Entries of one of these actions.
    pub actions: Option<Vec<AuditAction>>,
    /// Entries at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Entries before this time.
    pub until: Option<DateTime<Utc>>,
}

impl AuditFilter {
    pub fn admits(&self, entry: &AuditEntry) -> bool {
        let account =
            |ids: &std::collections::BTreeSet<AccountId>| entry.account.as_ref().is_some_and(|a| ids.contains(a));
        let record = |ids: &std::collections::BTreeSet<String>| entry.records.iter().any(|r| ids.contains(r));
        let action = |all: &Vec<AuditAction>| entry.action().is_some_and(|a| all.contains(&a));
        self.accounts.as_ref().is_none_or(account)
            && self.records.as_ref().is_none_or(record)
            && self.actions.as_ref().is_none_or(action)
            && self.from.is_none_or(|from| entry.at >= from)
            && self.until.is_none_or(|until| entry.at < until)
    }
}

/// A page of the log read backwards by [`Store::audit_page`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditPage {
    /// The entries the filter admits, newest first.
    pub entries: Vec<AuditEntry>,
    /// Where the next (older) page starts: the entries before this sequence number are still
    /// to be read. None: the log was read back to its start (or to the filter's first date).
    pub more_before: Option<u64>,
    /// How many entries were read to fill the page.
    pub scanned: usize,
}

/// A point of the chain: a sequence number and the MAC of its entry, written `SEQ:MAC` (MAC in
/// lowercase hex).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditHead {
    pub seq: u64,
    pub mac: Mac,
}

impl std::fmt::Display for AuditHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, hex(&self.mac))
    }
}

impl std::str::FromStr for AuditHead {
    type Err = ();

    fn from_str(s: &str) -> std::result::Result<AuditHead, ()> {
        let (seq, mac) = s.trim().split_once(':').ok_or(())?;
        let seq = seq.parse().map_err(|_| ())?;
        let mac = unhex(mac).ok_or(())?;
        Ok(AuditHead { seq, mac })
    }
}

/// What [`Store::verify_audit`] found wrong, at the first broken entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// The store has no audit key: no entry can be checked.
    NoKey,
    /// The entry's bytes cannot be read as an entry (too short, an unknown format).
    Unreadable,
    /// The entry's seal does not open at its place: it was changed, forged, or moved from a
    /// place no entry of the log was sealed for.
    SealBroken,
    /// The entry's MAC is not the one its bytes and the entry before it give: it was edited,
    /// or forged, or an entry before it was.
    MacMismatch,
    /// The entry is missing: the next one in the log has a later number.
    Missing { next: u64 },
    /// The entry at this place is another one (entries were swapped or moved).
    Reordered { holds: u64 },
    /// The log ends before the head the store itself keeps: its newest entries were cut.
    CutBeforeStoredHead { head: u64 },
    /// Entries after the head the store keeps (added without the chain's transaction).
    AfterStoredHead { head: u64 },
    /// The stored head's MAC is not the last entry's.
    HeadMismatch,
    /// The log ends before the head given (`--head`): its newest entries were cut.
    TruncatedBeforeGiven { given: u64 },
    /// The entry numbered as the head given has another MAC than the one given.
    NotTheGivenHead,
    /// The entry names this record but the index of the log by record has no row for it:
    /// the record's history would leave the entry out.
    IndexMissing { record: String },
    /// The index has a row for this record at this entry, which does not name it (or is not
    /// in the log): the record's history would show an entry that is not about it.
    IndexExtra { record: String },
}

/// The first broken entry: its sequence number, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub seq: u64,
    pub what: Break,
}

impl Broken {
    /// The sentence `daftar audit verify` prints.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::T;
        let seq = self.seq.to_string();
        let with = |t: T, extra: &[(&str, &str)]| {
            let mut args = vec![("seq", seq.as_str())];
            args.extend_from_slice(extra);
            t.fill_plain(lang, &args)
        };
        match &self.what {
            Break::NoKey => T::AuditBrokenNoKey.get(lang).to_string(),
            Break::Unreadable => with(T::AuditBrokenUnreadable, &[]),
            Break::SealBroken => with(T::AuditBrokenSeal, &[]),
            Break::MacMismatch => with(T::AuditBrokenMac, &[]),
            Break::Missing { next } => with(T::AuditBrokenMissing, &[("next", &next.to_string())]),
            Break::Reordered { holds } => with(T::AuditBrokenReordered, &[("holds", &holds.to_string())]),
            Break::CutBeforeStoredHead { head } => with(T::AuditBrokenCut, &[("head", &head.to_string())]),
            Break::AfterStoredHead { head } => with(T::AuditBrokenAfterHead, &[("head", &head.to_string())]),
            Break::HeadMismatch => with(T::AuditBrokenHeadMismatch, &[]),
            Break::TruncatedBeforeGiven { given } => with(T::AuditBrokenTruncated, &[("given", &given.to_string())]),
            Break::NotTheGivenHead => with(T::AuditBrokenNotGiven, &[]),
            Break::IndexMissing { record } => with(T::AuditBrokenIndexMissing, &[("record", record)]),
            Break::IndexExtra { record } => with(T::AuditBrokenIndexExtra, &[("record", record)]),
        }
    }
}

/// A chain that verified: how many entries, its head, and how long the walk took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub count: u64,
    pub head: Option<AuditHead>,
    pub elapsed: Duration,
}

impl Verified {
    /// Entries checked per second.
    pub fn rate(&self) -> f64 {
        self.count as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn unhex(text: &str) -> Option<Mac> {
    let text = text.trim();
    if text.len() != MAC_LEN * 2 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; MAC_LEN];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The MAC of an entry whose canonical bytes are `canonical`, after the entry whose MAC is `prev`.
pub fn chain_mac(key: &Mac, prev: &Mac, canonical: &[u8]) -> Mac {
    let mut hasher = blake3::Hasher::new_keyed(key);
    hasher.update(prev);
    hasher.update(canonical);
    *hasher.finalize().as_bytes()
}

fn encode_head(head: &AuditHead) -> [u8; 8 + MAC_LEN] {
    let mut out = [0u8; 8 + MAC_LEN];
    out[..8].copy_from_slice(&head.seq.to_be_bytes());
    out[8..].copy_from_slice(&head.mac);
    out
}

fn decode_head(bytes: &[u8]) -> Option<AuditHead> {
    let seq = u64::from_be_bytes(bytes.get(..8)?.try_into().ok()?);
    let mac = bytes.get(8..)?.try_into().ok()?;
    Some(AuditHead { seq, mac })
}

/// The canonical bytes of `event` as entry `seq` at `at`.
fn canonical(seq: u64, at: DateTime<Utc>, event: &AuditEvent) -> std::result::Result<Vec<u8>, AuditProblem> {
    let entry = Canonical {
        format: ENTRY_FORMAT,
        seq,
        at: event.at.unwrap_or(at).timestamp_micros(),
        account: event.account.as_ref().map(|a| a.as_str().to_string()),
        unknown_user: event.unknown_user,
        action: event.action.name().to_string(),
        records: event.records.clone(),
        changes: event.changes.clone(),
        reason: event.reason.clone(),
    };
    postcard::to_stdvec(&entry).map_err(|e| AuditProblem::Encoding(e.to_string()))
}

/// The plaintext of the entry stored at `seq` (canonical bytes and MAC); a seal that does not
/// open is refused naming the entry by its number.
fn open_value(sealer: &Sealer, seq: u64, stored: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    sealer.open("audit entry", AUDIT_TREE, &seq.to_be_bytes(), stored).map_err(|e| match e {
        Error::Key(super::keyring::KeyProblem::Altered { what, .. }) => {
            Error::Key(super::keyring::KeyProblem::Altered { what, id: seq.to_string() })
        }
        e => e,
    })
}

/// The entry stored at `seq`, opened and decoded; an entry that cannot be read is an error
/// naming it.
fn read_entry(sealer: &Sealer, seq: u64, stored: &[u8]) -> Result<AuditEntry> {
    let plain = open_value(sealer, seq, stored)?;
    decode_entry(seq, &plain).ok_or_else(|| Error::BadRecord {
        what: "audit entry",
        id: seq.to_string(),
        detail: "unreadable".into(),
    })
}

/// The sequence number a key of the `audit` tree holds (`u64::MAX` for a key that is none).
fn seq_of(key: &[u8]) -> u64 {
    <[u8; 8]>::try_from(key).map(u64::from_be_bytes).unwrap_or(u64::MAX)
}

fn decode_entry(seq_key: u64, value: &[u8]) -> Option<AuditEntry> {
    let split = value.len().checked_sub(MAC_LEN)?;
    let (bytes, mac) = value.split_at(split);
    let c: Canonical = postcard::from_bytes(bytes).ok()?;
    if c.format != ENTRY_FORMAT {
        return None;
    }
    let _ = seq_key;
    Some(AuditEntry {
        seq: c.seq,
        at: DateTime::from_timestamp_micros(c.at)?,
        account: c.account.as_deref().and_then(|a| AccountId::from_key(a.as_bytes())),
        unknown_user: c.unknown_user,
        action_name: c.action,
        records: c.records,
        changes: c.changes,
        reason: c.reason,
        mac: mac.try_into().ok()?,
    })
}

fn abort(problem: AuditProblem) -> TxError {
    kv::TxError::Abort(Error::Audit(problem))
}

/// Appends `event` to the log inside the caller's transaction (the trees of the `audit` tree
/// and the meta tree, as the transaction sees them), with its head: the entry is written if
/// and only if the change it records is. Several appends in one transaction chain in order.
pub(super) fn append(
    audit: &kv::TxTree<'_>,
    meta: &kv::TxTree<'_>,
    key: &AuditKey,
    event: &AuditEvent,
    at: DateTime<Utc>,
) -> std::result::Result<AuditHead, TxError> {
    let (seq, prev) = match meta.get(AUDIT_HEAD)? {
        Some(bytes) => {
            let head = decode_head(&bytes).ok_or_else(|| abort(AuditProblem::HeadMissing))?;
            (head.seq + 1, head.mac)
        }
        None => {
            if audit.get(0u64.to_be_bytes())?.is_some() {
                return Err(abort(AuditProblem::HeadMissing));
            }
            (0, [0u8; MAC_LEN])
        }
    };
    // Never over an entry: one already there is past the head (the head was rolled back, or
    // an entry was added outside the chain); `verify_audit` names it.
    if audit.get(seq.to_be_bytes())?.is_some() {
        return Err(abort(AuditProblem::AfterHead(seq)));
    }
    let mut value = canonical(seq, at, event).map_err(abort)?;
    let mac = chain_mac(&key.mac, &prev, &value);
    value.extend_from_slice(&mac);
    let sealed = key.sealer.seal(AUDIT_TREE, &seq.to_be_bytes(), value).map_err(kv::TxError::Abort)?;
    audit.insert(seq.to_be_bytes(), sealed)?;
    for record in distinct(&event.records) {
        meta.insert(index_key(record, seq), &[][..])?;
    }
    let head = AuditHead { seq, mac };
    meta.insert(AUDIT_HEAD, &encode_head(&head)[..])?;
    Ok(head)
}

/// The index row of entry `seq` under `record` (see [`AUDIT_BY`]).
pub(super) fn index_key(record: &str, seq: u64) -> Vec<u8> {
    let mut key = Vec::new();
    index_key_into(&mut key, record, seq);
    key
}

/// [`index_key`] written into `key` (cleared first), to reuse one buffer row after row.
fn index_key_into(key: &mut Vec<u8>, record: &str, seq: u64) {
    key.clear();
    let (len, id) = index_id(record);
    key.extend_from_slice(AUDIT_BY);
    key.extend_from_slice(&len.to_be_bytes());
    key.extend_from_slice(id);
    key.extend_from_slice(&seq.to_be_bytes());
}

/// The record id as its rows hold it: its length (2 bytes) and its bytes, cut at 65,535.
fn index_id(record: &str) -> (u16, &[u8]) {
    let id = record.as_bytes();
    let len = u16::try_from(id.len()).unwrap_or(u16::MAX);
    (len, &id[..usize::from(len)])
}

/// The prefix of every index row of `record`.
fn index_prefix(record: &str) -> Vec<u8> {
    let (len, id) = index_id(record);
    let mut key = Vec::with_capacity(AUDIT_BY.len() + 2 + id.len() + 8);
    key.extend_from_slice(AUDIT_BY);
    key.extend_from_slice(&len.to_be_bytes());
    key.extend_from_slice(id);
    key
}

/// An index row read back as (record, seq); None for a key that is not a well-formed row.
fn decode_index_key(key: &[u8]) -> Option<(String, u64)> {
    let rest = key.strip_prefix(AUDIT_BY)?;
    let len = usize::from(u16::from_be_bytes(rest.get(..2)?.try_into().ok()?));
    let id = rest.get(2..2 + len)?;
    let seq = rest.get(2 + len..)?;
    let seq = u64::from_be_bytes(seq.try_into().ok()?);
    Some((String::from_utf8(id.to_vec()).ok()?, seq))
}

/// The records an entry names, each once, in order (a record named twice has one row).
fn distinct(records: &[String]) -> impl Iterator<Item = &str> {
    records.iter().enumerate().filter(|(i, r)| !records[..*i].contains(r)).map(|(_, r)| r.as_str())
}

/// A chain walked to its end: how many entries, the last one's head, and the digest of the
/// index rows its entries call for.
type Walked = (u64, Option<AuditHead>, RowSum);

/// Whether `key` is shaped as an index row: the prefix, a length, that many bytes and a
/// sequence number (whether the id is text is left to [`decode_index_key`]).
fn row_shaped(key: &[u8]) -> bool {
    let Some(rest) = key.strip_prefix(AUDIT_BY) else { return false };
    let Some(len) = rest.get(..2).and_then(|b| <[u8; 2]>::try_from(b).ok()).map(u16::from_be_bytes) else {
        return false;
    };
    rest.len() == 2 + usize::from(len) + 8
}

/// An order-free digest of a set of index rows: the sum of a hash of each row's key bytes, so
/// the rows the log calls for and the rows stored are compared in one pass over each, in any
/// order, without holding either set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct RowSum {
    count: u64,
    sum: u128,
}

impl RowSum {
    /// Counts the row whose key is `key` (as [`index_key`] makes it).
    fn add(&mut self, key: &[u8]) {
        let digest = blake3::hash(key);
        let mut low = [0u8; 16];
        low.copy_from_slice(&digest.as_bytes()[..16]);
        self.count += 1;
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(low));
    }
}

/// A new random audit key.
fn fresh_key() -> Result<Zeroizing<Mac>> {
    let mut key = Zeroizing::new([0u8; MAC_LEN]);
    getrandom::fill(&mut key[..]).map_err(|e| Error::Kdf(crate::auth::kdf::KdfError::Random(e.to_string())))?;
    Ok(key)
}

/// The genesis entry: the trail starts, with the store's format.
fn genesis(store_format: u32, upgraded: bool) -> AuditEvent {
    let event = AuditEvent::new(AuditAction::TrailStarted).set("store_format", store_format.to_string());
    if upgraded { event.set("existing_store", "true") } else { event }
}

/// Starts the log of a store being built (nobody sees it yet): its key, its genesis entry, and
/// the entry of its first account when there is one. With a first account the store has its
/// data key: the chain's key and the entries are sealed with it.
pub(super) fn seed(db: &sled::Db, store_format: u32, first: Option<&super::First>) -> Result<()> {
    let sealer = first.map_or_else(Sealer::plain, |f| f.key.sealer());
    let key = AuditKey { mac: fresh_key()?, sealer };
    let stored_key = key.sealer.seal(super::META_TREE, AUDIT_KEY, key.mac.to_vec())?;
    let meta = kv::Tree::Sled(db.open_tree(super::META_TREE).map_err(storage("creating the store"))?);
    let audit = kv::Tree::Sled(db.open_tree(AUDIT_TREE).map_err(storage("creating the store"))?);
    let now = Utc::now();
    let r = kv::transaction([&meta, &audit], |[meta, audit]| {
        meta.insert(AUDIT_KEY, stored_key.as_slice())?;
        meta.insert(AUDIT_INDEXED, &[1u8][..])?;
        append(audit, meta, &key, &genesis(store_format, false), now)?;
        if let Some(first) = first {
            append(audit, meta, &key, &account_added(first.account, None), now)?;
        }
        Ok(())
    });
    super::index::tx_result("creating the store", r)
}

/// An event noted while no key is held, as the queue keeps it (see [`AUDIT_PENDING`]): no
/// reason, which a person may have typed; the account id or a name's keyed digest, the
/// records (account ids) and fixed words.
#[derive(Serialize, Deserialize)]
struct Pending {
    format: u32,
    /// Microseconds since 1970, UTC.
    at: i64,
    action: String,
    account: Option<String>,
    unknown_user: Option<Mac>,
    records: Vec<String>,
    changes: Vec<Change>,
}

/// Queues `event` (attributed), which happened at `at`, inside the caller's transaction on the
/// queue's tree.
pub(super) fn queue(
    pending: &kv::TxTree<'_>,
    event: &AuditEvent,
    at: DateTime<Utc>,
) -> std::result::Result<(), TxError> {
    let at = event.at.unwrap_or(at);
    let value = Pending {
        format: PENDING_FORMAT,
        at: at.timestamp_micros(),
        action: event.action.name().to_string(),
        account: event.account.as_ref().map(|a| a.as_str().to_string()),
        unknown_user: event.unknown_user,
        records: event.records.clone(),
        changes: event.changes.clone(),
    };
    let bytes = serde_json::to_vec(&value).map_err(|e| abort(AuditProblem::Encoding(e.to_string())))?;
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&at.timestamp_micros().max(0).to_be_bytes());
    getrandom::fill(&mut key[8..])
        .map_err(|e| kv::TxError::Abort(Error::Kdf(crate::auth::kdf::KdfError::Random(e.to_string()))))?;
    pending.insert(&key[..], bytes)?;
    Ok(())
}

/// The chain's entry of a queued event read from `bytes`: with its own time when it is one
/// (not in the future, not before `last`, the chain's last entry so far), else marked so
/// with the time it claimed; marked `queued`. One that cannot be read is kept as its bytes.
fn pending_event(bytes: &[u8], last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> AuditEvent {
    let read = serde_json::from_slice::<Pending>(bytes).ok().filter(|p| p.format == PENDING_FORMAT);
    let action = read.as_ref().and_then(|p| AuditAction::from_name(&p.action));
    let at = read.as_ref().and_then(|p| DateTime::from_timestamp_micros(p.at));
    let (Some(p), Some(action), Some(at)) = (read, action, at) else {
        let shown = &bytes[..bytes.len().min(1024)];
        return AuditEvent::new(AuditAction::QueuedUnreadable).set("queued", "true").set("bytes", hex(shown));
    };
    let mut event = AuditEvent::new(action);
    event.account = p.account.as_deref().and_then(|a| AccountId::from_key(a.as_bytes()));
    event.unknown_user = p.unknown_user;
    event.records = p.records;
    event.changes = p.changes;
    let event = event.set("queued", "true");
    let refused = if at > now + PENDING_SKEW {
        Some("in the future")
    } else if last.is_some_and(|last| at < last) {
        Some("before the chain's last entry")
    } else {
        None
    };
    match refused {
        None => AuditEvent { at: Some(at), ..event },
        Some(why) => event.set("queued_at", at.to_rfc3339()).set("queued_time_refused", why),
    }
}

/// The entry of an import: how many participants it added.
pub(super) fn imported(count: usize) -> AuditEvent {
    AuditEvent::new(AuditAction::Imported).set("participants", count.to_string())
}

/// The entry of a new account.
pub(super) fn account_added(account: &crate::auth::Account, by: Option<&AccountId>) -> AuditEvent {
    AuditEvent::new(AuditAction::AccountAdded)
        .by(Some(by.unwrap_or(&account.id)))
        .record(&account.id)
        .set("username", account.username.clone())
        .set("full_name", account.full_name.clone())
        .set("role", account.role.name())
}

impl Store {
    /// The key the chain is MACed with, and the sealer of its entries: the one place the key
    /// is read. Sealed on an encrypted store, so refused while its key is not held
    /// ([`KeyProblem::Locked`](super::keyring::KeyProblem::Locked)); a sealed key that does
    /// not open is refused as altered.
    pub(super) fn audit_key(&self) -> Result<AuditKey> {
        let sealer = self.sealer()?;
        let stored = self.meta.get(AUDIT_KEY).map_err(storage("reading the audit key"))?;
        let Some(stored) = stored else { return Err(Error::Audit(AuditProblem::KeyMissing)) };
        let plain = sealer.open("audit key", super::META_TREE, AUDIT_KEY, &stored)?;
        match <Mac>::try_from(&plain[..]) {
            Ok(mac) => Ok(AuditKey { mac: Zeroizing::new(mac), sealer }),
            Err(_) => Err(Error::Audit(AuditProblem::KeyMissing)),
        }
    }

    /// What a plain store's log becomes when the store is given its data key
    /// ([`Store::create_first_admin`]): the chain's key and every entry, sealed with `sealer`
    /// (the new key's), to be written in the transaction that writes the key ring; and the
    /// key to append with from then on. The entries and their MACs are unchanged.
    pub(super) fn sealed_log(&self, sealer: Sealer) -> Result<(AuditKey, Resealed)> {
        let plain = self.audit_key()?;
        let mut values =
            vec![(sled::IVec::from(AUDIT_KEY), sealer.seal(super::META_TREE, AUDIT_KEY, plain.mac.to_vec())?)];
        for item in self.audit.iter() {
            let (key, value) = item.map_err(storage("reading the audit trail"))?;
            let sealed = sealer.seal(AUDIT_TREE, &key, value.to_vec())?;
            values.push((key, sealed));
        }
        Ok((AuditKey { mac: plain.mac, sealer }, values))
    }

    /// The tree of events noted while no key was held ([`AUDIT_PENDING`]).
    pub(super) fn pending_tree(&self) -> Result<kv::Tree> {
        self.open_tree(AUDIT_PENDING, "opening the audit queue")
    }

    /// Whether events are queued rather than chained now: the store is encrypted and its key
    /// is not held.
    pub(super) fn queues(&self) -> Result<bool> {
        Ok(self.is_encrypted()? && !self.holds_key())
    }

    /// How many events wait in the queue to be chained.
    pub fn audit_pending_len(&self) -> Result<usize> {
        let n = self.pending_tree()?.count().map_err(storage("reading the audit queue"))?;
        Ok(n as usize)
    }

    /// Appends the events queued while no key was held to the chain, in the order they
    /// happened, each with its own time and marked `queued`, in the transaction that deletes
    /// them from the queue (a time in the future, or before the chain's last entry, is kept
    /// as the time it claimed and the entry has the time of the append). Run by the login that
    /// opens the key, before its own entry. Returns how many were chained.
    pub(super) fn chain_pending(&self) -> Result<usize> {
        if !self.is_encrypted()? {
            return Ok(0);
        }
        let pending = self.pending_tree()?;
        if pending.is_empty().map_err(storage("reading the audit queue"))? {
            return Ok(0);
        }
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let key = self.audit_key()?;
        let read = storage("reading the audit queue");
        let items: Vec<(sled::IVec, sled::IVec)> =
            pending.iter().collect::<std::result::Result<_, _>>().map_err(&read)?;
        let mut last = match self.audit.last().map_err(storage("reading the audit trail"))? {
            Some((k, v)) => Some(read_entry(&key.sealer, seq_of(&k), &v)?.at),
            None => None,
        };
        let now = Utc::now();
        let events: Vec<AuditEvent> = items
            .iter()
            .map(|(_, v)| {
                let event = pending_event(v, last, now);
                let at = event.at.unwrap_or(now);
                last = Some(last.map_or(at, |l| l.max(at)));
                event
            })
            .collect();
        let r = kv::transaction([&self.audit, &self.meta, &pending], |[audit, meta, pending]| {
            for ((k, _), event) in items.iter().zip(&events) {
                append(audit, meta, &key, event, now)?;
                pending.remove(k)?;
            }
            Ok(())
        });
        super::index::tx_result("writing the audit trail", r)?;
        self.flush()?;
        Ok(items.len())
    }

    /// Gives a store from before the audit trail its key and its genesis entry, at its first
    /// open; nothing for a store that has them. Never rewrites a log: a log with entries and no
    /// key is left as it is (its appends and its verification then say the key is missing).
    pub(super) fn start_audit_trail(&self, store_format: u32) -> Result<()> {
        if self.meta.get(AUDIT_KEY).map_err(storage("reading the audit key"))?.is_some()
            || !self.audit.is_empty().map_err(storage("reading the audit trail"))?
            || self.is_encrypted()?
        {
            return Ok(());
        }
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let key = AuditKey { mac: fresh_key()?, sealer: Sealer::plain() };
        let now = Utc::now();
        let r = kv::transaction([&self.meta, &self.audit], |[meta, audit]| {
            if meta.get(AUDIT_KEY)?.is_some() {
                return Ok(());
            }
            meta.insert(AUDIT_KEY, &key.mac[..])?;
            meta.insert(AUDIT_INDEXED, &[1u8][..])?;
            append(audit, meta, &key, &genesis(store_format, true), now)?;
            Ok(())
        });
        super::index::tx_result("starting the audit trail", r)?;
        self.flush()
    }

    /// From now on, entries whose event names no account are by `account` (the one logged
    /// in; None once nobody is). Shared by every handle on this store; [`Store::log_in`] sets it.
    pub fn act_as(&self, account: Option<AccountId>) {
        *self.actor.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = account;
    }

    /// The account the store acts for ([`Store::act_as`]).
    pub fn actor(&self) -> Option<AccountId> {
        self.actor.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// `event` with the actor filled in when it names no account.
    pub(super) fn attributed(&self, mut event: AuditEvent) -> AuditEvent {
        if event.account.is_none() && event.unknown_user.is_none() {
            event.account = self.actor();
        }
        event
    }

    /// Appends entries in their own transaction, for what changes nothing else (a read: a record
    /// opened, an export, the idle lock) or a change that is not one transaction itself; flushed.
    pub fn note(&self, event: AuditEvent) -> Result<AuditHead> {
        self.note_all(vec![event])?.ok_or(Error::Audit(AuditProblem::HeadMissing))
    }

    fn note_all(&self, events: Vec<AuditEvent>) -> Result<Option<AuditHead>> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let key = self.audit_key()?;
        let late: Vec<AuditEvent> = self.unwritten.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let events: Vec<AuditEvent> =
            late.iter().cloned().chain(events.into_iter().map(|e| self.attributed(e))).collect();
        let now = Utc::now();
        let r = kv::transaction([&self.audit, &self.meta], |[audit, meta]| {
            let mut head = None;
            for event in &events {
                head = Some(append(audit, meta, &key, event, now)?);
            }
            Ok(head)
        });
        let head = super::index::tx_result("writing the audit trail", r)?;
        self.flush()?;
        if !late.is_empty() {
            let mut unwritten = self.unwritten.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let n = late.len().min(unwritten.len());
            unwritten.drain(..n);
        }
        Ok(head)
    }

    /// Writes `value` under `key` in `tree` with its audit entry, in one transaction (for the
    /// writes that are a single insert: an account, a setting, a form).
    pub(super) fn insert_audited(
        &self,
        tree: &kv::Tree,
        key: &[u8],
        value: &[u8],
        events: Vec<AuditEvent>,
        action: &'static str,
    ) -> Result<()> {
        let events: Vec<AuditEvent> = events.into_iter().map(|e| self.attributed(e)).collect();
        let now = Utc::now();
        if self.queues()? {
            // No key is held (a refused login): the entries wait in the queue.
            let pending = self.pending_tree()?;
            let r = kv::transaction([tree, &pending], |[tree, pending]| {
                tree.insert(key, value)?;
                for event in &events {
                    queue(pending, event, now)?;
                }
                Ok(())
            });
            return super::index::tx_result(action, r);
        }
        let audit_key = self.audit_key()?;
        let r = kv::transaction([tree, &self.audit, &self.meta], |[tree, audit, meta]| {
            tree.insert(key, value)?;
            for event in &events {
                append(audit, meta, &audit_key, event, now)?;
            }
            Ok(())
        });
        super::index::tx_result(action, r)
    }

    /// A transaction on the meta tree, as `meta.transaction(f)` runs it, with `event`
    /// appended in it (for the import's commit: see `import.rs`).
    pub(super) fn meta_audited<R>(
        &self,
        event: AuditEvent,
        f: impl Fn(&kv::TxTree<'_>) -> std::result::Result<R, TxError>,
    ) -> std::result::Result<R, kv::TransactionError> {
        let (key, event, at) = self.audit_for(event).map_err(kv::TransactionError::Abort)?;
        kv::transaction([&self.meta, &self.audit], |[meta, audit]| {
            let r = f(meta)?;
            append(audit, meta, &key, &event, at)?;
            Ok(r)
        })
    }

    /// Notes that the participant `id`'s record was opened on screen (who read what). When the
    /// disk refuses the entry, the record is shown all the same and the entry, with the time
    /// it happened, is kept in memory and written before the next one that can be.
    pub fn record_opened(&self, id: &super::Id) -> Result<()> {
        self.note_or_keep(AuditEvent::new(AuditAction::RecordOpened).record(id));
        Ok(())
    }

    /// Notes `event` ([`Store::note`]); when that fails, keeps it in memory with the time it
    /// happened, to be written before the next note that succeeds. For what must not fail
    /// because the disk is full (a read, a lock, a refused login): the interface shows or
    /// refuses as it would, and the trail gets the entry as soon as it can.
    pub(super) fn note_or_keep(&self, event: AuditEvent) {
        let mut event = self.attributed(event);
        event.at = Some(event.at.unwrap_or_else(Utc::now));
        let noted = match self.queues() {
            Ok(true) => self.queue_event(&event),
            _ => self.note(event.clone()).map(drop),
        };
        if noted.is_err() {
            self.unwritten.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(event);
        }
    }

    /// Queues `event` (attributed, with its time) in its own transaction: no key is held.
    fn queue_event(&self, event: &AuditEvent) -> Result<()> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let pending = self.pending_tree()?;
        let now = Utc::now();
        let r = kv::transaction([&pending], |[pending]| queue(pending, event, now));
        super::index::tx_result("writing the audit queue", r)?;
        self.flush()
    }

    /// Notes that the account the store acts for logged out of the interface; from now on the
    /// store acts for nobody ([`Store::act_as`]).
    pub fn logged_out(&self) -> Result<()> {
        self.note_or_keep(AuditEvent::new(AuditAction::LoggedOut));
        self.act_as(None);
        self.drop_key();
        Ok(())
    }

    /// Notes that the interface locked itself: after `idle_minutes` without a key, or (None)
    /// at once, by its key.
    pub fn locked(&self, idle_minutes: Option<u32>) -> Result<()> {
        let event = AuditEvent::new(AuditAction::IdleLocked);
        let event = match idle_minutes {
            Some(minutes) => event.set("idle_minutes", minutes.to_string()),
            None => event.set("by_key", "true"),
        };
        self.note_or_keep(event);
        // Unlocking is a login: it opens the key again from the account's wrap.
        self.drop_key();
        Ok(())
    }

    /// The key and the time to append with inside a transaction the caller runs
    /// ([`append`]), and `event` attributed.
    pub(super) fn audit_for(&self, event: AuditEvent) -> Result<(AuditKey, AuditEvent, DateTime<Utc>)> {
        Ok((self.audit_key()?, self.attributed(event), Utc::now()))
    }

    /// The chain head as the store keeps it (None: an empty log).
    pub fn audit_head(&self) -> Result<Option<AuditHead>> {
        let bytes = self.meta.get(AUDIT_HEAD).map_err(storage("reading the audit trail"))?;
        Ok(bytes.as_deref().and_then(decode_head))
    }

    /// Every entry, oldest first, as stored (nothing checked: see [`Store::verify_audit`]); an
    /// entry that cannot be read is an error naming it.
    pub fn audit_entries(&self) -> impl Iterator<Item = Result<AuditEntry>> + '_ {
        let (sealer, refused) = match self.sealer() {
            Ok(sealer) => (Some(sealer), None),
            Err(e) => (None, Some(e)),
        };
        refused.map(Err).into_iter().chain(sealer.into_iter().flat_map(move |sealer| {
            self.audit.iter().map(move |item| {
                let (key, value) = item.map_err(storage("reading the audit trail"))?;
                read_entry(&sealer, seq_of(&key), &value)
            })
        }))
    }

    /// Reads the log backwards from just before `before` (None: from its newest entry) and
    /// keeps the entries `filter` admits, until `limit` are kept or `scan` have been read,
    /// whichever comes first: a page costs at most `scan` reads however long the log is, and a
    /// filter that matches little is continued page after page from
    /// [`AuditPage::more_before`]. Reading stops, too, a day before the filter's first date
    /// (entries are in the order they were appended; one noted late carries the time it
    /// happened, minutes earlier at most). An unreadable entry is an error naming it.
    pub fn audit_page(
        &self,
        before: Option<u64>,
        filter: &AuditFilter,
        limit: usize,
        scan: usize,
    ) -> Result<AuditPage> {
        let sealer = self.sealer()?;
        let range = match before {
            Some(seq) => self.audit.range(..seq.to_be_bytes()),
            None => self.audit.range::<&[u8], _>(..),
        };
        let stop = filter.from.map(|from| from - chrono::Duration::days(1));
        let mut page = AuditPage::default();
        let mut last = None;
        for item in range.rev() {
            if page.entries.len() >= limit || page.scanned >= scan {
                page.more_before = last;
                return Ok(page);
            }
            let (key, value) = item.map_err(storage("reading the audit trail"))?;
            let seq = seq_of(&key);
            let entry = read_entry(&sealer, seq, &value)?;
            page.scanned += 1;
            last = Some(seq);
            if stop.is_some_and(|stop| entry.at < stop) {
                return Ok(page);
            }
            if filter.admits(&entry) {
                page.entries.push(entry);
            }
        }
        Ok(page)
    }

    /// Which version of the interview `interview` the entry `seq` (its finalization or an
    /// amendment) stored: the entries of those actions naming it, up to this one, read from the
    /// index, after the versions made before the audit trail (if it was finalized before it).
    pub fn version_of_entry(&self, interview: &super::Id, seq: u64) -> Result<u32> {
        let stored = |e: &AuditEntry| {
            matches!(e.action(), Some(AuditAction::InterviewFinalized | AuditAction::InterviewAmended))
        };
        let all = self.record_history(interview.as_str(), None, usize::MAX)?.entries;
        let logged = all.iter().filter(|e| stored(e)).count() as u32;
        let upto = all.iter().filter(|e| stored(e) && e.seq <= seq).count() as u32;
        let before_trail = self.version_count(interview)?.saturating_sub(logged);
        Ok(before_trail + upto)
    }

    /// How many entries the log holds.
    pub fn audit_len(&self) -> Result<u64> {
        self.audit.count().map_err(storage("reading the audit trail"))
    }

    /// Walks the whole chain from entry 0: each entry's number, its place, its MAC over the one
    /// before; then the head the store keeps, and the head `anchor` given (written down earlier
    /// from `daftar audit head`), which must still be in the chain with the same MAC; then the
    /// index of the log by record, which must hold exactly the rows the entries call for. The
    /// first broken entry is returned as [`Broken`]; a storage failure as an error.
    ///
    /// The index is read on a second thread while the chain is walked (the two reads share
    /// nothing until their digests are compared), so on two cores its check costs little more
    /// than the walk itself.
    pub fn verify_audit(&self, anchor: Option<&AuditHead>) -> Result<std::result::Result<Verified, Broken>> {
        let started = Instant::now();
        let key = match self.audit_key() {
            Ok(key) => key,
            Err(Error::Audit(AuditProblem::KeyMissing)) => return Ok(Err(Broken { seq: 0, what: Break::NoKey })),
            Err(e) => return Err(e),
        };
        let stop = std::sync::atomic::AtomicBool::new(false);
        let (chain, index) = std::thread::scope(|scope| {
            let index = scope.spawn(|| self.audit_index_digest(&stop));
            let chain = self.verify_chain(&key, anchor);
            if !matches!(chain, Ok(Ok(_))) {
                // The chain is broken or unreadable: that is the answer, the index is not needed.
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            (chain, index.join())
        });
        let (count, last, expected) = match chain? {
            Ok(walked) => walked,
            Err(broken) => return Ok(Err(broken)),
        };
        let stored = index.map_err(|_| Error::Storage {
            action: "reading the audit index",
            detail: "the thread reading it stopped".into(),
        })??;
        let stored = match stored {
            Ok(stored) => stored,
            Err(broken) => return Ok(Err(broken)),
        };
        if let Some(broken) = self.check_audit_index(expected, stored)? {
            return Ok(Err(broken));
        }
        Ok(Ok(Verified { count, head: last, elapsed: started.elapsed() }))
    }

    /// The chain part of [`Store::verify_audit`]: the entries, the stored head and the head
    /// given. Returns the number of entries, the last one's head, and the digest of the index
    /// rows the entries call for.
    fn verify_chain(&self, key: &AuditKey, anchor: Option<&AuditHead>) -> Result<std::result::Result<Walked, Broken>> {
        let mut expected = 0u64;
        let mut prev = [0u8; MAC_LEN];
        let mut rows = RowSum::default();
        let mut row = Vec::new();
        let broken = |seq, what| Ok(Err(Broken { seq, what }));
        for item in self.audit.iter() {
            let (k, value) = item.map_err(storage("reading the audit trail"))?;
            let Ok(seq) = <[u8; 8]>::try_from(k.as_ref()).map(u64::from_be_bytes) else {
                return broken(expected, Break::Unreadable);
            };
            if seq != expected {
                return broken(expected, Break::Missing { next: seq });
            }
            let value = match open_value(&key.sealer, seq, &value) {
                Ok(plain) => plain,
                Err(Error::Key(super::keyring::KeyProblem::Altered { .. })) => {
                    return match self.sealed_for(&key.sealer, seq, &value)? {
                        Some(holds) => broken(seq, Break::Reordered { holds }),
                        None => broken(seq, Break::SealBroken),
                    };
                }
                Err(e) => return Err(e),
            };
            let Some(split) = value.len().checked_sub(MAC_LEN) else { return broken(seq, Break::Unreadable) };
            let (bytes, mac) = value.split_at(split);
            // Read in place (strings borrowed from the stored bytes, nothing allocated): the
            // same layout and the same checks as `Canonical`.
            let decoded = postcard::from_bytes::<CanonicalRef<'_>>(bytes).ok();
            if chain_mac(&key.mac, &prev, bytes) != mac {
                return match decoded {
                    Some(c) if c.seq != seq => broken(seq, Break::Reordered { holds: c.seq }),
                    _ => broken(seq, Break::MacMismatch),
                };
            }
            match decoded {
                Some(c) if c.seq != seq => return broken(seq, Break::Reordered { holds: c.seq }),
                Some(c) if c.format == ENTRY_FORMAT => {
                    for (i, record) in c.records.iter().enumerate() {
                        // A record named twice has one row (as `distinct`).
                        if !c.records[..i].contains(record) {
                            index_key_into(&mut row, record, seq);
                            rows.add(&row);
                        }
                    }
                }
                _ => return broken(seq, Break::Unreadable),
            }
            prev.copy_from_slice(mac);
            if let Some(anchor) = anchor
                && anchor.seq == seq
                && anchor.mac != prev
            {
                return broken(seq, Break::NotTheGivenHead);
            }
            expected += 1;
        }
        let count = expected;
        let last = count.checked_sub(1).map(|seq| AuditHead { seq, mac: prev });
        match (self.audit_head()?, last) {
            (None, None) => {}
            (Some(stored), None) => return broken(0, Break::CutBeforeStoredHead { head: stored.seq }),
            (Some(stored), Some(last)) if stored.seq > last.seq => {
                return broken(count, Break::CutBeforeStoredHead { head: stored.seq });
            }
            (Some(stored), Some(last)) if stored.seq < last.seq => {
                return broken(stored.seq + 1, Break::AfterStoredHead { head: stored.seq });
            }
            (Some(stored), Some(last)) if stored.mac != last.mac => return broken(last.seq, Break::HeadMismatch),
            (Some(_), Some(_)) => {}
            (None, Some(last)) => return broken(last.seq, Break::HeadMismatch),
        }
        if let Some(anchor) = anchor
            && anchor.seq >= count
        {
            return broken(count, Break::TruncatedBeforeGiven { given: anchor.seq });
        }
        Ok(Ok((count, last, rows)))
    }

    /// The place near `seq` that the entry `stored`, whose seal does not open at `seq`, was
    /// sealed for (an entry moved), if it opens at one of the log's places within 1,000 of it.
    fn sealed_for(&self, sealer: &Sealer, seq: u64, stored: &[u8]) -> Result<Option<u64>> {
        let count = self.audit_len()?;
        let near = seq.saturating_sub(1000)..(seq + 1000).min(count.max(seq + 2));
        Ok(near.filter(|s| *s != seq).find(|s| open_value(sealer, *s, stored).is_ok()))
    }

    /// The digest of the index rows stored: one pass over them, each hashed as its key's bytes
    /// (nothing decoded, nothing allocated). A row that is not shaped as a row is reported at
    /// once. Stops early (with what it has) when `stop` is set.
    fn audit_index_digest(&self, stop: &std::sync::atomic::AtomicBool) -> Result<std::result::Result<RowSum, Broken>> {
        let mut stored = RowSum::default();
        for item in self.meta.scan_prefix(AUDIT_BY) {
            let (key, _) = item.map_err(storage("reading the audit index"))?;
            if !row_shaped(&key) {
                return Ok(Err(Broken { seq: 0, what: Break::IndexExtra { record: hex(&key) } }));
            }
            stored.add(&key);
            if stored.count % 65_536 == 0 && stop.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
        }
        Ok(Ok(stored))
    }

    /// Whether the index of the log by record holds exactly the rows the log calls for: their
    /// digests, `expected` from the log and `stored` from the index, are compared; only when
    /// they differ, a second pass over the log and the index names the first entry missing
    /// from it, or the first row too many.
    fn check_audit_index(&self, expected: RowSum, stored: RowSum) -> Result<Option<Broken>> {
        let read = storage("reading the audit index");
        if stored == expected {
            return Ok(None);
        }
        let sealer = self.sealer()?;
        for entry in self.audit_entries() {
            let entry = entry?;
            for record in distinct(&entry.records) {
                if !self.meta.contains_key(index_key(record, entry.seq)).map_err(&read)? {
                    let what = Break::IndexMissing { record: record.to_string() };
                    return Ok(Some(Broken { seq: entry.seq, what }));
                }
            }
        }
        for item in self.meta.scan_prefix(AUDIT_BY) {
            let (key, _) = item.map_err(&read)?;
            let Some((record, seq)) = decode_index_key(&key) else {
                // Shaped as a row but not one (its id is not text): no entry can call for it.
                return Ok(Some(Broken { seq: 0, what: Break::IndexExtra { record: hex(&key) } }));
            };
            let names = match self.audit.get(seq.to_be_bytes()).map_err(&read)? {
                Some(value) => read_entry(&sealer, seq, &value).is_ok_and(|e| e.records.contains(&record)),
                None => false,
            };
            if !names {
                return Ok(Some(Broken { seq, what: Break::IndexExtra { record } }));
            }
        }
        // The digests differ but no row is missing or extra: a row counted twice cannot be
        // (keys are unique), so this is a digest collision; the index is what the log calls for.
        Ok(None)
    }

    /// Builds the index of the log by record for a log that has none (a store from before the
    /// index), in batches, resuming where an interrupted build stopped; nothing for a store
    /// whose index is complete. Returns how many entries were indexed (None: nothing to do).
    pub(super) fn build_audit_index(&self) -> Result<Option<u64>> {
        let read = storage("reading the audit trail");
        let write = storage("building the audit index");
        if self.meta.contains_key(AUDIT_INDEXED).map_err(&read)? {
            return Ok(None);
        }
        let sealer = self.sealer()?;
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let from = self
            .meta
            .get(AUDIT_INDEXING)
            .map_err(&read)?
            .and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok())
            .map_or(0, u64::from_be_bytes);
        let mut batch = kv::Batch::default();
        let mut in_batch = 0usize;
        let mut indexed = 0u64;
        for item in self.audit.range(from.to_be_bytes()..) {
            let (key, value) = item.map_err(&read)?;
            let Ok(seq) = <[u8; 8]>::try_from(key.as_ref()).map(u64::from_be_bytes) else { continue };
            // An unreadable entry gets no row; `verify_audit` names it.
            if let Ok(entry) = read_entry(&sealer, seq, &value) {
                for record in distinct(&entry.records) {
                    batch.insert(index_key(record, seq), &[][..]);
                }
            }
            indexed += 1;
            in_batch += 1;
            if in_batch == 50_000 {
                batch.insert(AUDIT_INDEXING, &(seq + 1).to_be_bytes()[..]);
                self.meta.apply_batch(std::mem::take(&mut batch)).map_err(&write)?;
                in_batch = 0;
            }
        }
        batch.insert(AUDIT_INDEXED, &[1u8][..]);
        batch.remove(AUDIT_INDEXING);
        self.meta.apply_batch(batch).map_err(&write)?;
        self.flush()?;
        Ok(Some(indexed))
    }

    /// The entries that name `record` (a participant: every entry about them, their interviews,
    /// stage changes and drafts names them first), newest first, read from the index of the
    /// log by record: at most `limit`, before the entry `before` (None: from the newest). The
    /// page's [`AuditPage::more_before`] says where the next, older one starts.
    pub fn record_history(&self, record: &str, before: Option<u64>, limit: usize) -> Result<AuditPage> {
        let read = storage("reading the audit trail");
        let sealer = self.sealer()?;
        let prefix = index_prefix(record);
        let rows = match before {
            Some(seq) => self.meta.range(prefix.clone()..index_key(record, seq)),
            None => self.meta.scan_prefix(&prefix),
        };
        let mut page = AuditPage::default();
        for item in rows.rev() {
            let (key, _) = item.map_err(&read)?;
            let Some((_, seq)) = decode_index_key(&key) else { continue };
            if page.entries.len() >= limit {
                page.more_before = page.entries.last().map(|e: &AuditEntry| e.seq);
                break;
            }
            let value = self.audit.get(seq.to_be_bytes()).map_err(&read)?;
            let entry = match value {
                Some(value) => read_entry(&sealer, seq, &value)?,
                None => {
                    return Err(Error::BadRecord {
                        what: "audit entry",
                        id: seq.to_string(),
                        detail: "unreadable".into(),
                    });
                }
            };
            page.scanned += 1;
            page.entries.push(entry);
        }
        Ok(page)
    }
}

/// Writes a synthetic, correctly chained log of `count` entries straight into the store's
/// audit tree in large batches (for benches: `daftar::synth`). Entries follow the head.
///
/// The index rows are gathered in memory (about 60 bytes a row) and written once the entries
/// are, in key order: written batch by batch as the entries came, each batch's rows (random
/// record ids) were spread over the whole index and every batch rewrote pages all over it,
/// which made a log of millions take many minutes instead of seconds.
pub fn write_synthetic_log(store: &Store, count: u64, mut make: impl FnMut(u64) -> AuditEvent) -> Result<()> {
    let key = store.audit_key()?;
    let mut head = store.audit_head()?;
    let at = Utc::now();
    let mut batch = kv::Batch::default();
    let mut rows = SortedRows::default();
    let mut in_batch = 0;
    let _write = store.gate.enter()?;
    for _ in 0..count {
        let (seq, prev) = head.map_or((0, [0u8; MAC_LEN]), |h| (h.seq + 1, h.mac));
        let event = make(seq);
        let mut value = canonical(seq, at, &event).map_err(Error::Audit)?;
        let mac = chain_mac(&key.mac, &prev, &value);
        value.extend_from_slice(&mac);
        batch.insert(&seq.to_be_bytes(), key.sealer.seal(AUDIT_TREE, &seq.to_be_bytes(), value)?);
        for record in distinct(&event.records) {
            rows.push(&index_key(record, seq));
        }
        head = Some(AuditHead { seq, mac });
        in_batch += 1;
        if in_batch == 100_000 {
            store.audit.apply_batch(std::mem::take(&mut batch)).map_err(storage("writing the audit trail"))?;
            in_batch = 0;
        }
    }
    store.audit.apply_batch(batch).map_err(storage("writing the audit trail"))?;
    let mut batch = kv::Batch::default();
    let mut in_batch = 0;
    for row in rows.sorted() {
        batch.insert(row, &[][..]);
        in_batch += 1;
        if in_batch == 100_000 {
            store.meta.apply_batch(std::mem::take(&mut batch)).map_err(storage("writing the audit index"))?;
            in_batch = 0;
        }
    }
    if let Some(head) = head {
        batch.insert(AUDIT_HEAD, &encode_head(&head)[..]);
    }
    store.meta.apply_batch(batch).map_err(storage("writing the audit index"))?;
    store.flush()
}

/// Keys gathered back to back in one buffer (no allocation per key), read back sorted.
#[derive(Default)]
struct SortedRows {
    bytes: Vec<u8>,
    /// Where each key starts in `bytes` (it ends where the next starts).
    starts: Vec<usize>,
}

impl SortedRows {
    fn push(&mut self, key: &[u8]) {
        self.starts.push(self.bytes.len());
        self.bytes.extend_from_slice(key);
    }

    fn sorted(&self) -> impl Iterator<Item = &[u8]> {
        let key = |i: usize| {
            let end = self.starts.get(i + 1).copied().unwrap_or(self.bytes.len());
            self.bytes.get(self.starts[i]..end).unwrap_or_default()
        };
        let mut order: Vec<usize> = (0..self.starts.len()).collect();
        order.sort_unstable_by(|a, b| key(*a).cmp(key(*b)));
        order.into_iter().map(key)
    }
}

/// What appending costs inside a commit, for the bench: `n` transactions each writing one
/// setting-sized value, without and then with an audit entry appended in the same
/// transaction, none flushed (the flush is the same with or without the entry). Returns the
/// total time of each.
pub fn measure_append(store: &Store, n: u32) -> Result<(Duration, Duration)> {
    let key = store.audit_key()?;
    let value = vec![b'x'; 200];
    let event = AuditEvent::new(AuditAction::SettingChanged).record("bench").set("bench", "a value of some length");
    let mut times = [Duration::ZERO; 2];
    for (audited, time) in times.iter_mut().enumerate() {
        let started = Instant::now();
        for i in 0..n {
            let r = kv::transaction([&store.settings, &store.audit, &store.meta], |[settings, audit, meta]| {
                settings.insert(format!("bench/{i}").as_bytes(), value.as_slice())?;
                if audited == 1 {
                    append(audit, meta, &key, &store.attributed(event.clone()), Utc::now())?;
                }
                Ok(())
            });
            super::index::tx_result("measuring", r)?;
        }
        *time = started.elapsed();
    }
    Ok((times[0], times[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(seen.insert(a.name()), "{}", a.name());
            assert_eq!(AuditAction::from_name(a.name()), Some(a));
        }
    }

    #[test]
    fn a_head_reads_back_from_its_text() {
        let head = AuditHead { seq: 42, mac: [0xab; 32] };
        assert_eq!(head.to_string().parse::<AuditHead>(), Ok(head));
        assert!("42".parse::<AuditHead>().is_err());
        assert!("x:abab".parse::<AuditHead>().is_err());
    }

    #[test]
    fn the_canonical_bytes_of_an_entry_are_always_the_same() {
        let at = DateTime::from_timestamp_micros(1_700_000_000_000_000).unwrap();
        let event = AuditEvent::new(AuditAction::ParticipantRegistered).record("p1").set("name_latin", "Said");
        let a = canonical(3, at, &event).unwrap();
        assert_eq!(a, canonical(3, at, &event).unwrap());
        let back = decode_entry(3, &[a.clone(), vec![0; 32]].concat()).unwrap();
        assert_eq!((back.seq, back.at, back.action_name.as_str()), (3, at, "participant_registered"));
        assert_eq!(back.changes, vec![Change { field: "name_latin".into(), before: None, after: Some("Said".into()) }]);
    }

    #[test]
    fn an_entry_read_in_place_reads_as_the_entry_and_a_broken_one_as_broken() {
        let at = DateTime::from_timestamp_micros(1_700_000_000_000_000).unwrap();
        let event = AuditEvent::new(AuditAction::InterviewAmended)
            .by(Some(&AccountId::new_random()))
            .record("p1")
            .record("i1")
            .record("p1")
            .change("work", Some("\"seeking\"".into()), Some("\"employed\"".into()))
            .set("notes", "بخير")
            .reason(Some("خطأ في الإدخال"));
        let bytes = canonical(9, at, &event).unwrap();
        let full: Canonical = postcard::from_bytes(&bytes).unwrap();
        let read: CanonicalRef<'_> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!((read.format, read.seq, read.at), (full.format, full.seq, full.at));
        assert_eq!(
            (read.account, read.action, read.reason),
            (full.account.as_deref(), "interview_amended", full.reason.as_deref())
        );
        assert_eq!(read.records, full.records);
        let changes: Vec<Change> = read
            .changes
            .iter()
            .map(|c| Change { field: c.field.into(), before: c.before.map(Into::into), after: c.after.map(Into::into) })
            .collect();
        assert_eq!(changes, full.changes);
        // Cut anywhere, or with a string made invalid UTF-8, both refuse it alike.
        for cut in 0..bytes.len() {
            let part = &bytes[..cut];
            assert_eq!(
                postcard::from_bytes::<Canonical>(part).is_ok(),
                postcard::from_bytes::<CanonicalRef<'_>>(part).is_ok(),
                "cut at {cut}"
            );
        }
        let mut bad = bytes.clone();
        let at_reason = bad.len() - 3;
        bad[at_reason] = 0xff;
        assert!(postcard::from_bytes::<Canonical>(&bad).is_err());
        assert!(postcard::from_bytes::<CanonicalRef<'_>>(&bad).is_err());
    }

    #[test]
    fn a_row_is_counted_as_its_key_and_only_a_row_shaped_key_passes() {
        let mut row = vec![1, 2, 3];
        index_key_into(&mut row, "p1", 7);
        assert_eq!(row, index_key("p1", 7));
        assert_eq!(decode_index_key(&row), Some(("p1".to_string(), 7)));
        assert!(row_shaped(&row));
        assert!(!row_shaped(&row[..row.len() - 1]));
        assert!(!row_shaped(&[row.as_slice(), &[0]].concat()));
        assert!(!row_shaped(b"audit-by/"));
        let (mut a, mut b) = (RowSum::default(), RowSum::default());
        a.add(&index_key("p1", 7));
        a.add(&index_key("p2", 8));
        b.add(&index_key("p2", 8));
        assert_ne!(a, b);
        b.add(&index_key("p1", 7));
        assert_eq!(a, b, "in any order");
        let mut c = RowSum::default();
        c.add(&index_key("p1", 8));
        c.add(&index_key("p2", 7));
        assert_ne!(a, c, "the same records and numbers, paired otherwise");
    }

    #[test]
    fn a_filter_admits_only_what_each_of_its_parts_admits() {
        let at = DateTime::from_timestamp_micros(1_700_000_000_000_000).unwrap();
        let bytes = canonical(
            7,
            at,
            &AuditEvent::new(AuditAction::RecordOpened).by(Some(&AccountId::new_random())).record("p1"),
        )
        .unwrap();
        let entry = decode_entry(7, &[bytes, vec![0; 32]].concat()).unwrap();
        let set = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect());
        assert!(AuditFilter::default().admits(&entry));
        assert!(AuditFilter { records: set(&["p1", "p2"]), ..Default::default() }.admits(&entry));
        assert!(!AuditFilter { records: set(&["p2"]), ..Default::default() }.admits(&entry));
        assert!(AuditFilter { actions: Some(vec![AuditAction::RecordOpened]), ..Default::default() }.admits(&entry));
        assert!(!AuditFilter { actions: Some(vec![AuditAction::LoggedIn]), ..Default::default() }.admits(&entry));
        let other = Some([AccountId::new_random()].into_iter().collect());
        assert!(!AuditFilter { accounts: other, ..Default::default() }.admits(&entry));
        assert!(
            AuditFilter { from: Some(at), until: Some(at + chrono::Duration::seconds(1)), ..Default::default() }
                .admits(&entry)
        );
        assert!(!AuditFilter { until: Some(at), ..Default::default() }.admits(&entry));
    }
}
