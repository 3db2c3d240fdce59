//! Supervision: the review state of finalized interviews. A finalized interview is
//! *submitted*; a supervisor approves it (it is then locked: no amendment until a supervisor
//! unlocks it, with a reason) or returns it to its interviewer with a comment; amending a
//! returned or unlocked interview resubmits it.
//!
//! # Layout (format 1)
//! - Tree `reviews` (history, carried by `daftar export --with-history`): key = the
//!   participant's id then the interview's (so a record's reviews are one prefix scan); value =
//!   its [`Review`] as JSON, sealed under its key ([`super::sealing`]: the comments are free
//!   text about a person), the state it is in now with who put it there, when and the comment
//!   or reason. An interview with no entry (finalized and never reviewed, or finalized before
//!   supervision existed) is submitted. Every step is also in the audit trail.
//! - In the derived `stats` tree (rebuilt with the index):
//!   - `review/queue/{state}/{n}` (`n` eight bytes, big-endian) to a [`QueueItem`] sealed under
//!     that key, its `since` inside: the list of each state in the order the interviews entered
//!     it, so that a list's first page is read without opening the rest (a store of 1,000,000
//!     interviews never reviewed has 1,000,000 submitted). `n` is a number the store counts up
//!     (`review/next`, sealed): it orders the entries and tells nothing else, neither a time nor
//!     which interview an entry is (before index format 6 the key was the interview's id, which
//!     told which interview was in which state);
//!   - `review/place/{digest}`, a blind index of the interview's id ([`Sealer::blind`]), to its
//!     entry's key, sealed: how a review step finds the entry it moves;
//!   - `review/count/{state}` to the number of interviews in that state (eight bytes,
//!     big-endian, sealed too: a count says nothing of anyone, but every value of `stats` is
//!     sealed, so that a key rotation re-seals the tree whole).
//!
//!   Home and the dashboard read these, never the interviews.
//!
//! Each review step writes the review, moves the queue entry, moves the counts and appends
//! its audit entry in one transaction; a refusal writes nothing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::audit::{self, AuditAction, AuditEvent};
use super::index::{TxError, bump, tx_result};
use super::kv;
use super::records::{Author, Id, Interview, Stored};
use super::sealing::Sealer;
use super::versions::CorrectionRefusal;
use super::{STATS, Store, decode, storage, to_json};
use crate::error::{Error, Result};

pub(super) const REVIEWS: &str = "reviews";
/// The layout of [`Review`] this build writes and reads.
pub const REVIEW_FORMAT: u32 = 1;

/// Where a finalized interview stands in supervision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Finalized (or resubmitted) and waiting for a supervisor.
    Submitted,
    /// Sent back to its interviewer with a comment.
    Returned,
    /// Approved by a supervisor: locked.
    Approved,
    /// Approved, then unlocked by a supervisor with a reason: it may be amended again.
    Unlocked,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] =
        [ReviewState::Submitted, ReviewState::Returned, ReviewState::Approved, ReviewState::Unlocked];

    /// The name used in keys and in the review record.
    pub fn name(self) -> &'static str {
        match self {
            ReviewState::Submitted => "submitted",
            ReviewState::Returned => "returned",
            ReviewState::Approved => "approved",
            ReviewState::Unlocked => "unlocked",
        }
    }

    /// The word a person reads for it.
    pub fn word(self) -> crate::i18n::T {
        use crate::i18n::T;
        match self {
            ReviewState::Submitted => T::RevStateSubmitted,
            ReviewState::Returned => T::RevStateReturned,
            ReviewState::Approved => T::RevStateApproved,
            ReviewState::Unlocked => T::RevStateUnlocked,
        }
    }

    /// Whether the interview may not be amended.
    pub fn is_locked(self) -> bool {
        self == ReviewState::Approved
    }
}

/// A finalized interview's review state, as kept in the `reviews` tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub format: u32,
    pub interview: Id,
    pub participant: Id,
    /// Who took the interview.
    pub interviewer: Author,
    pub state: ReviewState,
    /// When it entered this state.
    pub since: DateTime<Utc>,
    /// Who put it in this state.
    pub by: Author,
    /// The supervisor's comment (returned) or reason (unlocked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Stored for Review {}

impl Review {
    /// The review of a finalized interview never reviewed: submitted when it was finalized.
    pub fn submitted(interview: &Interview) -> Review {
        submitted_at_finalizing(interview)
    }
}
impl Stored for QueueItem {}

/// One entry of a review list (the queue of one state), as kept in the index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub format: u32,
    pub interview: Id,
    pub participant: Id,
    pub interviewer: Author,
    pub state: ReviewState,
    pub since: DateTime<Utc>,
}

/// How many interviews are in each review state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    pub submitted: u64,
    pub returned: u64,
    pub approved: u64,
    pub unlocked: u64,
}

/// What a supervisor decides about an interview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewDecision {
    /// Submitted → approved (locked).
    Approve,
    /// Submitted → returned, with a comment.
    Return,
    /// Approved → unlocked, with a reason.
    Unlock,
}

/// The key of an interview's review: its participant's id, then its own.
fn review_key(participant: &Id, interview: &Id) -> String {
    format!("{participant}{interview}")
}

fn queue_prefix(state: ReviewState) -> String {
    format!("review/queue/{}/", state.name())
}

/// The key of the `n`th entry of the list of `state`: which interview it is, and when it
/// entered the state, are in the sealed value, never in the key.
fn queue_key(state: ReviewState, n: u64) -> Vec<u8> {
    let mut key = queue_prefix(state).into_bytes();
    key.extend_from_slice(&n.to_be_bytes());
    key
}

/// The number the next list entry takes.
const NEXT_KEY: &str = "review/next";

/// The key under which the key of interview `id`'s list entry is kept: a blind index of its id.
fn place_key(sealer: &Sealer, id: &Id) -> Vec<u8> {
    let mut key = b"review/place/".to_vec();
    key.extend_from_slice(&sealer.blind("review place", id.as_str()));
    key
}

fn count_key(state: ReviewState) -> String {
    format!("review/count/{}", state.name())
}

/// The review of an interview never reviewed: submitted when it was finalized, by its
/// interviewer.
pub(super) fn submitted_at_finalizing(i: &Interview) -> Review {
    Review {
        format: REVIEW_FORMAT,
        interview: i.id.clone(),
        participant: i.participant_id.clone(),
        interviewer: i.interviewer.clone(),
        state: ReviewState::Submitted,
        since: i.finalized_at.unwrap_or(i.updated_at),
        by: i.interviewer.clone(),
        comment: None,
    }
}

fn item(r: &Review) -> QueueItem {
    QueueItem {
        format: REVIEW_FORMAT,
        interview: r.interview.clone(),
        participant: r.participant.clone(),
        interviewer: r.interviewer.clone(),
        state: r.state,
        since: r.since,
    }
}

/// A review as the reviews tree keeps it: encoded, then sealed under its key.
fn seal_review(sealer: &Sealer, review: &Review) -> Result<Vec<u8>> {
    let key = review_key(&review.participant, &review.interview);
    sealer.seal(REVIEWS, key.as_bytes(), to_json(review)?)
}

/// The review stored under `key` in the reviews tree: opened (a value altered, or moved from
/// another interview, is refused naming it), decoded, and checked ([`checked`]).
fn open_review(sealer: &Sealer, key: &[u8], stored: &[u8]) -> Result<Review> {
    checked(decode("review", key, &sealer.open("review", REVIEWS, key, stored)?)?)
}

/// A review list's entry as the stats tree keeps it under `key`: encoded, then sealed.
fn seal_item(sealer: &Sealer, key: &[u8], review: &Review) -> Result<Vec<u8>> {
    sealer.seal(STATS, key, to_json(&item(review))?)
}

/// A review count as the stats tree keeps it under `key`: eight bytes, big-endian, sealed.
fn seal_count(sealer: &Sealer, key: &str, count: i64) -> Result<Vec<u8>> {
    sealer.seal(STATS, key.as_bytes(), count.max(0).to_be_bytes().to_vec())
}

/// The review count stored under `key` (none stored: 0).
fn open_count(sealer: &Sealer, key: &str, stored: Option<&[u8]>) -> Result<i64> {
    let Some(stored) = stored else { return Ok(0) };
    let opened = sealer.open("review count", STATS, key.as_bytes(), stored)?;
    let bytes = <[u8; 8]>::try_from(&opened[..]).map_err(|_| Error::BadRecord {
        what: "review count",
        id: key.to_string(),
        detail: format!("{} bytes, not 8", opened.len()),
    })?;
    Ok(i64::from_be_bytes(bytes))
}

/// Adds `by` to the count of `state` (in a transaction).
fn add_count(sealer: &Sealer, stats: &kv::TxTree<'_>, state: ReviewState, by: i64) -> std::result::Result<(), TxError> {
    let key = count_key(state);
    let now = open_count(sealer, &key, stats.get(key.as_bytes())?.as_deref()).map_err(abort)?;
    stats.insert(key.as_bytes(), seal_count(sealer, &key, now + by).map_err(abort)?)?;
    Ok(())
}

/// A review this build can read: a newer format is refused, never guessed at.
fn checked(review: Review) -> Result<Review> {
    if review.format > REVIEW_FORMAT {
        return Err(Error::NewerRecord {
            what: "review",
            id: review.interview.to_string(),
            found: review.format,
            supported: REVIEW_FORMAT,
        });
    }
    Ok(review)
}

fn abort(e: Error) -> TxError {
    kv::TxError::Abort(e)
}

/// Puts `review` at the end of the list of its state, and in its count, in the derived index
/// (in a transaction).
pub(super) fn index_review(
    sealer: &Sealer,
    stats: &kv::TxTree<'_>,
    review: &Review,
) -> std::result::Result<(), TxError> {
    let n = open_count(sealer, NEXT_KEY, stats.get(NEXT_KEY)?.as_deref()).map_err(abort)?;
    stats.insert(NEXT_KEY, seal_count(sealer, NEXT_KEY, n + 1).map_err(abort)?)?;
    let key = queue_key(review.state, u64::try_from(n).unwrap_or(0));
    stats.insert(key.as_slice(), seal_item(sealer, &key, review).map_err(abort)?)?;
    let place = place_key(sealer, &review.interview);
    stats.insert(place.as_slice(), sealer.seal(STATS, &place, key).map_err(abort)?)?;
    add_count(sealer, stats, review.state, 1)
}

/// Takes `review` out of the list of its state and its count in the derived index (in a
/// transaction).
fn unindex_review(sealer: &Sealer, stats: &kv::TxTree<'_>, review: &Review) -> std::result::Result<(), TxError> {
    let place = place_key(sealer, &review.interview);
    if let Some(stored) = stats.remove(place.as_slice())? {
        let key = sealer.open("review list place", STATS, &place, &stored).map_err(abort)?;
        stats.remove(key.as_slice())?;
    }
    add_count(sealer, stats, review.state, -1)
}

/// The index entries of every review, for a rebuild, as (key, sealed value) pairs: the lists
/// (each in the order of `since`, as they would have been entered), their places, the counts
/// and the next entry's number.
pub(super) fn rebuilt_entries(sealer: &Sealer, reviews: &[Review]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut ordered: Vec<&Review> = reviews.iter().collect();
    ordered.sort_by(|a, b| (a.since, a.interview.as_str()).cmp(&(b.since, b.interview.as_str())));
    let mut entries = Vec::with_capacity(ordered.len() * 2 + 5);
    let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
    for (n, r) in (0u64..).zip(&ordered) {
        let key = queue_key(r.state, n);
        entries.push((key.clone(), seal_item(sealer, &key, r)?));
        let place = place_key(sealer, &r.interview);
        let sealed_key = sealer.seal(STATS, &place, key)?;
        entries.push((place, sealed_key));
        *counts.entry(count_key(r.state)).or_default() += 1;
    }
    // None written when there is no review: an empty store given its first administrator (and
    // its key) must not keep a value from before its key.
    if !ordered.is_empty() {
        counts.insert(NEXT_KEY.to_string(), i64::try_from(ordered.len()).unwrap_or(i64::MAX));
    }
    for (key, count) in counts {
        let value = seal_count(sealer, &key, count)?;
        entries.push((key.into_bytes(), value));
    }
    Ok(entries)
}

/// The trimmed comment or reason; an empty one refused with `empty`.
fn required_text(text: &str, empty: CorrectionRefusal) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Correction(empty));
    }
    crate::domain::participant::check_one_line(text)
        .map_err(|r| Error::Storage { action: "reviewing an interview", detail: r.text(crate::i18n::Lang::En) })?;
    Ok(text.to_string())
}

impl Store {
    /// The review state of a finalized interview (None: there is no such finalized interview).
    /// An interview never reviewed, or finalized before supervision existed, is submitted.
    pub fn review_of(&self, interview: &Id) -> Result<Option<Review>> {
        self.interview(interview)?.map(|i| self.review_for(&i)).transpose()
    }

    /// The reviews of a participant's finalized interviews, by interview id, in one prefix
    /// scan (a record of a hundred thousand interviews reads only the few reviewed); an
    /// interview not in it is submitted.
    pub fn reviews_of(&self, participant: &Id) -> Result<std::collections::BTreeMap<Id, Review>> {
        let sealer = self.sealer()?;
        let mut out = std::collections::BTreeMap::new();
        for item in self.reviews.scan_prefix(participant.as_str()) {
            let (key, bytes) = item.map_err(storage("reading reviews"))?;
            let review = open_review(&sealer, &key, &bytes)?;
            out.insert(review.interview.clone(), review);
        }
        Ok(out)
    }

    /// The review state of `interview`, a finalized interview already read (one read of the
    /// `reviews` tree, none of the interview again: a record of many interviews reads each
    /// once).
    pub fn review_for(&self, interview: &Interview) -> Result<Review> {
        let key = review_key(&interview.participant_id, &interview.id);
        match self.reviews.get(key.as_bytes()).map_err(storage("reading a review"))? {
            Some(bytes) => open_review(&self.sealer()?, key.as_bytes(), &bytes),
            None => Ok(submitted_at_finalizing(interview)),
        }
    }

    /// Every review as it stands, for a rebuild of the index: the kept ones, and submitted for
    /// every finalized interview that has none.
    pub(super) fn all_reviews(&self, finals: &[Interview]) -> Result<Vec<Review>> {
        finals.iter().map(|i| self.review_for(i)).collect()
    }

    /// Every draft in the store (drafts are few: each is finalized or discarded), for Home's
    /// drafts list.
    pub fn drafts(&self) -> Result<Vec<Interview>> {
        super::read_all(&self.sealer()?, &self.drafts, super::DRAFTS, "draft")
    }

    /// The first `limit` interviews in `state`, in the order they entered it (oldest first):
    /// only those entries of the index are read and opened, however long the list is
    /// ([`Store::review_counts`] says how many there are).
    pub fn review_list(&self, state: ReviewState, limit: usize) -> Result<Vec<QueueItem>> {
        let sealer = self.sealer()?;
        let mut out = Vec::with_capacity(limit.min(1024));
        for entry in self.stats.scan_prefix(queue_prefix(state).as_bytes()).take(limit) {
            let (key, bytes) = entry.map_err(storage("reading the review lists"))?;
            let opened = sealer.open("review list entry", STATS, &key, &bytes)?;
            out.push(decode::<QueueItem>("review list entry", &key, &opened)?);
        }
        Ok(out)
    }

    /// How many interviews are in each review state (kept as they change, never counted).
    pub fn review_counts(&self) -> Result<ReviewCounts> {
        let sealer = self.sealer()?;
        let read = |state: ReviewState| -> Result<u64> {
            let key = count_key(state);
            let bytes = self.stats.get(key.as_bytes()).map_err(storage("reading the review counts"))?;
            Ok(u64::try_from(open_count(&sealer, &key, bytes.as_deref())?).unwrap_or(0))
        };
        Ok(ReviewCounts {
            submitted: read(ReviewState::Submitted)?,
            returned: read(ReviewState::Returned)?,
            approved: read(ReviewState::Approved)?,
            unlocked: read(ReviewState::Unlocked)?,
        })
    }

    /// A supervisor's decision about a finalized interview, by `by`. Approving and returning
    /// are for a submitted interview that `by` did not take; returning needs a comment,
    /// unlocking (an approved interview) a reason. The review, the lists, the counts and the
    /// audit entry (participant id first, then the interview's; the comment or reason as its
    /// reason) are written in one transaction; a refusal writes nothing. Who may decide is
    /// the policy's question ([`crate::auth::Action::Review`], `UnlockInterview`), asked by
    /// the caller.
    pub fn review_interview(
        &self,
        interview: &Id,
        decision: ReviewDecision,
        by: &Author,
        comment: &str,
    ) -> Result<Review> {
        let _write = self.gate.enter()?;
        self.refuse_injected_write()?;
        let current = self.review_of(interview)?.ok_or(Error::Correction(CorrectionRefusal::Missing))?;
        let (wanted_from, to, action) = match decision {
            ReviewDecision::Approve => (ReviewState::Submitted, ReviewState::Approved, AuditAction::InterviewApproved),
            ReviewDecision::Return => (ReviewState::Submitted, ReviewState::Returned, AuditAction::InterviewReturned),
            ReviewDecision::Unlock => (ReviewState::Approved, ReviewState::Unlocked, AuditAction::InterviewUnlocked),
        };
        if current.state != wanted_from {
            return Err(Error::Correction(CorrectionRefusal::ReviewState(current.state)));
        }
        if decision != ReviewDecision::Unlock && &current.interviewer == by {
            return Err(Error::Correction(CorrectionRefusal::OwnInterview));
        }
        let comment = match decision {
            ReviewDecision::Approve => None,
            ReviewDecision::Return => Some(required_text(comment, CorrectionRefusal::CommentRequired)?),
            ReviewDecision::Unlock => Some(required_text(comment, CorrectionRefusal::ReasonRequired)?),
        };
        let next = Review {
            format: REVIEW_FORMAT,
            state: to,
            since: Utc::now(),
            by: by.clone(),
            comment: comment.clone(),
            ..current.clone()
        };
        let event = AuditEvent::new(action)
            .by(by.account())
            .record(&current.participant)
            .record(&current.interview)
            .change("review", Some(current.state.name().to_string()), Some(to.name().to_string()))
            .reason(comment.as_deref());
        let (audit_key, event, at) = self.audit_for(event)?;
        let sealer = self.sealer()?;
        let trees = [&self.reviews, &self.stats, &self.meta, &self.audit];
        let r = kv::transaction(trees, |[reviews, stats, meta, audit_tx]| {
            // Read again inside: a decision made meanwhile by another supervisor wins.
            let key = review_key(&current.participant, interview);
            if let Some(now) = reviews.get(key.as_bytes())? {
                let now = open_review(&sealer, key.as_bytes(), &now).map_err(abort)?;
                if now != current {
                    return Err(abort(Error::Correction(CorrectionRefusal::ReviewState(now.state))));
                }
            }
            move_review(&sealer, reviews, stats, &current, &next)?;
            audit::append(audit_tx, meta, &audit_key, &event, at)?;
            bump(meta)?;
            Ok(())
        });
        tx_result("reviewing an interview", r)?;
        self.flush()?;
        Ok(next)
    }
}

/// What an amendment does to the review of `current`: refused when it is locked; a returned
/// or unlocked interview is resubmitted (the review it gets and the audit entry that says so,
/// both to be written in the amendment's transaction with [`move_review`]); a submitted one
/// stays as it is (None).
pub(super) fn resubmission(current: &Review, by: &Author, at: DateTime<Utc>) -> Result<Option<(Review, AuditEvent)>> {
    match current.state {
        ReviewState::Approved => Err(Error::Correction(CorrectionRefusal::Locked)),
        ReviewState::Submitted => Ok(None),
        ReviewState::Returned | ReviewState::Unlocked => {
            let next = Review {
                format: REVIEW_FORMAT,
                state: ReviewState::Submitted,
                since: at,
                by: by.clone(),
                comment: None,
                ..current.clone()
            };
            let event = AuditEvent::new(AuditAction::InterviewResubmitted)
                .by(by.account())
                .record(&current.participant)
                .record(&current.interview)
                .change(
                    "review",
                    Some(current.state.name().to_string()),
                    Some(ReviewState::Submitted.name().to_string()),
                );
            Ok(Some((next, event)))
        }
    }
}

/// Writes `next` as the review of its interview in place of `current`, moving its list entry
/// and the counts (in a transaction).
pub(super) fn move_review(
    sealer: &Sealer,
    reviews: &kv::TxTree<'_>,
    stats: &kv::TxTree<'_>,
    current: &Review,
    next: &Review,
) -> std::result::Result<(), TxError> {
    let key = review_key(&next.participant, &next.interview);
    reviews.insert(key.as_bytes(), seal_review(sealer, next).map_err(abort)?)?;
    unindex_review(sealer, stats, current)?;
    index_review(sealer, stats, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{final_interview, participant, today};

    fn amended(store: &Store, i: &Interview, text: &str) -> Interview {
        let mut next = store.interview(&i.id).unwrap().unwrap();
        next.answers.insert("note".into(), crate::store::Answer::Text(text.into()));
        next
    }

    #[test]
    fn the_review_cycle_moves_lists_counts_and_locks() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let p = participant("R-1");
        store.register(&p, today()).unwrap();
        let i = final_interview(&p, (2026, 11, 10), (2026, 12, 10));
        store.finalize(&i).unwrap();
        let taker = i.interviewer.clone();
        let sup = Author::BeforeAccounts("supervisor".into());
        assert_eq!(store.review_of(&i.id).unwrap().unwrap().state, ReviewState::Submitted);
        assert_eq!(store.review_counts().unwrap().submitted, 1);
        assert_eq!(store.review_list(ReviewState::Submitted, 100).unwrap()[0].interview, i.id);

        // Own interview, empty comment, wrong state: refused, nothing written.
        let own = store.review_interview(&i.id, ReviewDecision::Approve, &taker, "");
        assert!(matches!(own, Err(Error::Correction(CorrectionRefusal::OwnInterview))), "{own:?}");
        let empty = store.review_interview(&i.id, ReviewDecision::Return, &sup, "  ");
        assert!(matches!(empty, Err(Error::Correction(CorrectionRefusal::CommentRequired))), "{empty:?}");
        let unlock = store.review_interview(&i.id, ReviewDecision::Unlock, &sup, "why");
        assert!(matches!(unlock, Err(Error::Correction(CorrectionRefusal::ReviewState(_)))), "{unlock:?}");
        assert_eq!(store.review_counts().unwrap().submitted, 1);

        let back = store.review_interview(&i.id, ReviewDecision::Return, &sup, "تاريخ خاطئ").unwrap();
        assert_eq!((back.state, back.comment.as_deref()), (ReviewState::Returned, Some("تاريخ خاطئ")));
        assert_eq!(store.review_counts().unwrap(), ReviewCounts { returned: 1, ..Default::default() });
        assert!(store.review_list(ReviewState::Submitted, 100).unwrap().is_empty());

        store.amend_interview(&amended(&store, &i, "fixed"), 1, &taker, "the date").unwrap();
        assert_eq!(store.review_of(&i.id).unwrap().unwrap().state, ReviewState::Submitted);
        assert_eq!(store.review_counts().unwrap(), ReviewCounts { submitted: 1, ..Default::default() });

        store.review_interview(&i.id, ReviewDecision::Approve, &sup, "").unwrap();
        let locked = store.amend_interview(&amended(&store, &i, "again"), 2, &taker, "more");
        assert!(matches!(locked, Err(Error::Correction(CorrectionRefusal::Locked))), "{locked:?}");
        assert_eq!(store.versions(crate::store::VersionOf::Interview, &i.id).unwrap().len(), 2);

        let no_reason = store.review_interview(&i.id, ReviewDecision::Unlock, &sup, "");
        assert!(matches!(no_reason, Err(Error::Correction(CorrectionRefusal::ReasonRequired))), "{no_reason:?}");
        store.review_interview(&i.id, ReviewDecision::Unlock, &sup, "late correction").unwrap();
        assert_eq!(store.amend_interview(&amended(&store, &i, "again"), 2, &taker, "more").unwrap(), 3);
        assert_eq!(store.review_counts().unwrap(), ReviewCounts { submitted: 1, ..Default::default() });

        let names: Vec<String> =
            store.audit_entries().map(|e| e.unwrap().action_name).filter(|a| a.starts_with("interview_")).collect();
        assert_eq!(
            names,
            [
                "interview_finalized",
                "interview_returned",
                "interview_amended",
                "interview_resubmitted",
                "interview_approved",
                "interview_unlocked",
                "interview_amended",
                "interview_resubmitted"
            ]
        );
    }

    #[test]
    fn a_rebuild_gives_the_same_lists_and_counts() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let p = participant("R-2");
        store.register(&p, today()).unwrap();
        let (a, b) =
            (final_interview(&p, (2026, 11, 1), (2026, 12, 1)), final_interview(&p, (2026, 11, 2), (2026, 12, 2)));
        store.finalize(&a).unwrap();
        store.finalize(&b).unwrap();
        let sup = Author::BeforeAccounts("supervisor".into());
        store.review_interview(&b.id, ReviewDecision::Approve, &sup, "").unwrap();
        let before = (store.review_counts().unwrap(), store.review_list(ReviewState::Submitted, 100).unwrap());
        store.rebuild_index().unwrap();
        assert_eq!((store.review_counts().unwrap(), store.review_list(ReviewState::Submitted, 100).unwrap()), before);
        assert_eq!(before.0, ReviewCounts { submitted: 1, approved: 1, ..Default::default() });
    }

    #[test]
    fn on_an_encrypted_store_reviews_and_lists_are_sealed_and_the_list_is_oldest_first() {
        use crate::store::keyring::KeyProblem;
        use crate::store::versions::tests::{encrypted_store, shows_in};
        let (_dir, store) = encrypted_store();
        let p = participant("R-3");
        store.register(&p, today()).unwrap();
        let sup = Author::BeforeAccounts("supervisor".into());
        let mut taken = Vec::new();
        for day in 1..=6 {
            let mut i = final_interview(&p, (2026, 11, day), (2026, 12, day));
            // Finalized in this order, a microsecond apart at least.
            i.finalized_at = Some(Utc::now() + chrono::Duration::seconds(i64::from(day)));
            store.finalize(&i).unwrap();
            taken.push(i);
        }
        store.review_interview(&taken[1].id, ReviewDecision::Return, &sup, "Zoubida's date of birth").unwrap();
        store.review_interview(&taken[4].id, ReviewDecision::Return, &sup, "the other name").unwrap();
        assert!(!shows_in(&store.reviews, "Zoubida"), "a comment shows in the reviews tree");
        assert!(!shows_in(&store.stats, &taken[0].id.to_string()), "a list entry shows its interview");
        // List keys: the state and the entry's number, never an interview's id nor a time; the
        // places: a digest, no id either.
        let mut numbers = Vec::new();
        for key in store.stats.scan_prefix(b"review/").keys() {
            let key = key.unwrap();
            assert!(
                !taken.iter().any(|i| key.windows(i.id.as_str().len()).any(|w| w == i.id.as_str().as_bytes())),
                "{key:?}"
            );
            for state in [ReviewState::Submitted, ReviewState::Returned] {
                if let Some(n) = key.strip_prefix(queue_prefix(state).as_bytes()) {
                    numbers.push(u64::from_be_bytes(n.try_into().unwrap()));
                }
            }
        }
        numbers.sort();
        assert_eq!(numbers, [0, 2, 3, 5, 6, 7], "6 finalized, then 2 returned: the number counts up");
        assert_eq!(store.stats.scan_prefix(b"review/place/").count(), 6, "one place per interview");
        let ids = |state, limit| -> Vec<Id> {
            store.review_list(state, limit).unwrap().into_iter().map(|item| item.interview).collect()
        };
        let submitted: Vec<Id> = [0, 2, 3, 5].iter().map(|&n| taken[n].id.clone()).collect();
        assert_eq!(ids(ReviewState::Submitted, 100), submitted, "oldest first");
        assert_eq!(ids(ReviewState::Submitted, 2), submitted[..2]);
        assert_eq!(ids(ReviewState::Returned, 100), [taken[1].id.clone(), taken[4].id.clone()]);
        // Every value review writes in stats is sealed, the counts too (a rotation re-seals the
        // tree whole): each opens under its own key, and a count is no bare eight bytes.
        let sealer = store.sealer().unwrap();
        let mut counts = 0;
        for item in store.stats.scan_prefix(b"review/") {
            let (key, value) = item.unwrap();
            let opened = sealer.open("review entry", STATS, &key, &value).unwrap();
            if key.starts_with(b"review/count/") {
                assert_ne!(value.len(), 8);
                assert_eq!(opened.len(), 8);
                counts += 1;
            }
        }
        assert_eq!(counts, 2, "submitted and returned");
        let back = store.reviews_of(&p.id).unwrap();
        assert_eq!(back[&taken[1].id].comment.as_deref(), Some("Zoubida's date of birth"));
        // The same after a rebuild of the index.
        store.rebuild_index().unwrap();
        assert_eq!(ids(ReviewState::Submitted, 100), submitted);
        let count = store.stats.get(count_key(ReviewState::Returned)).unwrap().unwrap();
        assert_eq!(
            &sealer.open("review count", STATS, count_key(ReviewState::Returned).as_bytes(), &count).unwrap()[..],
            &2i64.to_be_bytes()
        );
        assert_eq!(store.review_counts().unwrap(), ReviewCounts { submitted: 4, returned: 2, ..Default::default() });

        // One review moved over another's: refused naming it, the other reviews still read.
        let key = |i: &Interview| review_key(&i.participant_id, &i.id);
        let moved = store.reviews.get(key(&taken[1]).as_bytes()).unwrap().unwrap();
        store.reviews.insert(key(&taken[4]).as_bytes(), moved).unwrap();
        match store.review_for(&taken[4]) {
            Err(Error::Key(KeyProblem::Altered { what, id })) => assert_eq!((what, id), ("review", key(&taken[4]))),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.review_for(&taken[1]).unwrap().state, ReviewState::Returned);
        assert_eq!(store.review_for(&taken[0]).unwrap().state, ReviewState::Submitted);
    }
}
