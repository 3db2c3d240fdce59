//! Issue 11, item 2: supervision. Through the keys: a supervisor's review queue on Home, an
//! interview returned with a comment (an empty one refused), the interviewer's returned list
//! and the amendment that resubmits it, approval (one's own refused) and the lock (amending
//! refused), unlocking with a reason, and the amendment after it; the dashboard's counts; the
//! review state carried by a history export.

use daftar::auth::Role;
use daftar::store::audit::AuditAction;
use daftar::store::{Author, Id, ReviewState, Store};
use ratatui::crossterm::event::KeyCode;

use daftar::app::{HomeTab, Screen};

use crate::support::*;

/// The account id of the test account `username`.
fn account(store: &Store, username: &str) -> daftar::auth::AccountId {
    store.accounts().unwrap().into_iter().find(|a| a.username == username).unwrap().id
}

/// A store with the supervisor Sara, the interviewer Ilyas, and two finalized training
/// interviews: Ilyas's (Said F-1), then Sara's own (Said F-2).
fn two_submitted(store: &Store) {
    give_account(store, Role::Interviewer);
    install(store, "forms/valid_training.toml");
    finalized_training(store, "Said F-1", "F-1", Author::Account(account(store, "ilyas")));
    finalized_training(store, "Said F-2", "F-2", Author::Account(account(store, "sara")));
}

fn state_of(h: &Harness, file: &str) -> ReviewState {
    let store = h.store();
    let p = store.participants().unwrap().into_iter().find(|p| p.file_number == file).unwrap();
    let i = store.interviews_of(&p.id).unwrap().pop().unwrap();
    store.review_of(&i.id).unwrap().unwrap().state
}

fn interview_of(h: &Harness, file: &str) -> daftar::store::Interview {
    let store = h.store();
    let p = store.participants().unwrap().into_iter().find(|p| p.file_number == file).unwrap();
    store.interviews_of(&p.id).unwrap().pop().unwrap()
}

fn count(h: &Harness, action: AuditAction) -> usize {
    h.store().audit_entries().map(Result::unwrap).filter(|e| e.action() == Some(action)).count()
}

/// Tab until Home shows `tab`.
fn home_tab(h: &Harness) -> HomeTab {
    match &h.app.state.screen {
        Screen::Home(home) => home.tab,
        _ => panic!("not on Home"),
    }
}

fn tab_to(h: &mut Harness, tab: HomeTab) {
    for _ in 0..7 {
        if matches!(&h.app.state.screen, Screen::Home(home) if home.tab == tab) {
            h.screen();
            return;
        }
        h.tab();
    }
    panic!("no tab {tab:?}: {}", h.screen());
}

/// Replaces the text of the focused field.
fn retype(h: &mut Harness, text: &str) {
    h.press(KeyCode::End);
    for _ in 0..40 {
        h.press(KeyCode::Backspace);
    }
    h.type_text(text);
}

/// From the read-only view of the training interview: amended (hours to `hours`) and saved
/// with `reason`.
fn amend_hours(h: &mut Harness, hours: &str, reason: &str) {
    h.type_text("a");
    assert_shows(&h.screen(), "Amending");
    h.enter().enter();
    retype(h, hours);
    h.enter();
    for _ in 0..6 {
        h.press(KeyCode::PageDown);
    }
    h.type_text("f");
    assert_shows(&h.screen(), "Reason for the correction");
    h.paste(reason).enter();
    assert_shows(&h.screen(), "Correction saved as version");
}

#[test]
fn the_whole_review_cycle_through_the_keys() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, two_submitted);
    // The supervisor's queue: both interviews, oldest first, counted in the tab's title.
    tab_to(&mut h, HomeTab::ToReview);
    let screen = h.screen();
    assert_shows(&screen, "To review (2)");
    assert_shows(&screen, "Said F-1");
    assert_shows(&screen, "Said F-2");
    assert!(screen.find("Said F-1").unwrap() < screen.find("Said F-2").unwrap(), "oldest first:\n{screen}");
    // Each line says who took it, beside the file number.
    assert!(h.row(3).concat().contains("File no.") && h.row(3).concat().contains("Interviewer"), "{screen}");
    assert_shows(&screen, "Ilyas Interviewer");
    assert_shows(&screen, "Sara Supervisor");

    // Her own interview (F-2, second): approving and returning it are refused, nothing written.
    h.press(KeyCode::Down).enter();
    assert_shows(&h.screen(), "Review: submitted");
    h.type_text("A");
    assert_shows(&h.screen(), "You cannot approve or return an interview you took yourself.");
    h.type_text("R");
    assert_shows(&h.screen(), "You cannot approve or return an interview you took yourself.");
    assert_eq!(state_of(&h, "F-2"), ReviewState::Submitted);
    assert_eq!(count(&h, AuditAction::InterviewApproved), 0);
    // Esc: to the participant's record, then Home.
    h.press(KeyCode::Esc).press(KeyCode::Esc);

    // Ilyas's (F-1): returned. An empty comment is refused; an Arabic one typed through the
    // Arabic layer (F2) and pasted is kept.
    tab_to(&mut h, HomeTab::ToReview);
    h.enter();
    assert_shows(&h.screen(), "Review: submitted");
    h.type_text("R");
    assert_shows(&h.screen(), "Comment for the interviewer");
    h.enter();
    assert_shows(&h.screen(), "Returning an interview needs a comment for its interviewer.");
    assert_eq!(state_of(&h, "F-1"), ReviewState::Submitted);
    assert_eq!(count(&h, AuditAction::InterviewReturned), 0);
    h.press(KeyCode::F(2)).type_text("hgs").press(KeyCode::F(2)).paste(" عدد الساعات خاطئ").enter();
    assert_shows(&h.screen(), "Returned to its interviewer with your comment.");
    assert_eq!(state_of(&h, "F-1"), ReviewState::Returned);
    let returned = h.store().review_of(&interview_of(&h, "F-1").id).unwrap().unwrap();
    let comment = returned.comment.clone().unwrap();
    assert!(comment.ends_with("عدد الساعات خاطئ") && comment.starts_with("ال"), "{comment}");
    assert_eq!(returned.by, h.author());
    let entry = h
        .store()
        .audit_entries()
        .map(Result::unwrap)
        .find(|e| e.action() == Some(AuditAction::InterviewReturned))
        .unwrap();
    let f1 = interview_of(&h, "F-1");
    assert_eq!(entry.records, vec![f1.participant_id.to_string(), f1.id.to_string()], "participant first");
    assert_eq!(entry.reason.as_deref(), Some(comment.as_str()));
    assert_shows(&h.screen(), "To review (1)");

    // The interviewer: no review queue; their returned interview with the comment.
    h.log_in_again("ilyas");
    h.screen();
    assert_hides(&h.screen(), "To review");
    tab_to(&mut h, HomeTab::Returned);
    let screen = h.screen();
    assert_shows(&screen, "Returned (1)");
    assert_shows(&screen, "Said F-1");
    assert_shows(&screen, &shown("عدد الساعات خاطئ"));
    h.enter();
    assert_shows(&h.screen(), "Review: returned");
    // Ilyas may not review.
    h.type_text("A");
    assert_eq!(state_of(&h, "F-1"), ReviewState::Returned);
    // Amended: resubmitted, back in the queue.
    amend_hours(&mut h, "12", "ساعات مصححة");
    assert_eq!(state_of(&h, "F-1"), ReviewState::Submitted);
    assert_eq!(count(&h, AuditAction::InterviewResubmitted), 1);
    assert_eq!(h.store().version_count(&f1.id).unwrap(), 2);

    // The supervisor approves it: locked.
    h.log_in_again("sara");
    tab_to(&mut h, HomeTab::ToReview);
    // Resubmitted now: after Sara's own, which has waited longer.
    let screen = h.screen();
    assert_shows(&screen, "To review (2)");
    assert!(screen.find("Said F-2").unwrap() < screen.find("Said F-1").unwrap(), "oldest first:\n{screen}");
    h.press(KeyCode::Down).enter();
    assert_shows(&h.screen(), "F-1");
    h.type_text("A");
    assert_shows(&h.screen(), "Approved: the interview is locked.");
    assert_eq!(state_of(&h, "F-1"), ReviewState::Approved);
    assert_shows(&h.screen(), "To review (1)");

    // On the record: approved, locked; amending refused, from the keys and from the store.
    tab_to(&mut h, HomeTab::All);
    h.type_text("/").type_text("F-1").enter().enter();
    let screen = h.screen();
    assert_shows(&screen, "approved, locked");
    h.type_text("a");
    assert_shows(&h.screen(), "This interview is locked: a supervisor must unlock it.");
    let now = interview_of(&h, "F-1");
    let refused = h.store().amend_interview(&now, 2, &h.author(), "sneaking past the keys");
    assert!(matches!(refused, Err(daftar::error::Error::Correction(daftar::store::CorrectionRefusal::Locked))));
    assert_eq!(h.store().version_count(&f1.id).unwrap(), 2);

    // Unlocked with a reason (an empty one refused), then amended again: resubmitted.
    h.enter();
    assert_shows(&h.screen(), "Review: approved, locked");
    h.type_text("U");
    assert_shows(&h.screen(), "Why unlock it");
    h.enter();
    assert_shows(&h.screen(), "A correction needs a reason");
    assert_eq!(state_of(&h, "F-1"), ReviewState::Approved);
    h.paste("date de séance corrigée").enter();
    assert_shows(&h.screen(), "Unlocked: the interview can be amended again.");
    assert_eq!(state_of(&h, "F-1"), ReviewState::Unlocked);
    let unlock = h
        .store()
        .audit_entries()
        .map(Result::unwrap)
        .find(|e| e.action() == Some(AuditAction::InterviewUnlocked))
        .unwrap();
    assert_eq!(unlock.reason.as_deref(), Some("date de séance corrigée"));
    tab_to(&mut h, HomeTab::All);
    h.type_text("/").type_text("F-1").enter().enter();
    assert_shows(&h.screen(), "unlocked");
    h.enter();
    amend_hours(&mut h, "14", "encore");
    assert_eq!(state_of(&h, "F-1"), ReviewState::Submitted);
    assert_eq!(h.store().version_count(&f1.id).unwrap(), 3);
    assert_eq!(count(&h, AuditAction::InterviewResubmitted), 2);
}

#[test]
fn drafts_and_counts_for_an_interviewer_and_a_supervisor() {
    let mut h = Harness::logged_in_prepared(daftar::i18n::Lang::En, Role::Supervisor, 80, 24, |store| {
        two_submitted(store);
        let p = store.participants().unwrap().into_iter().find(|p| p.file_number == "F-1").unwrap();
        let ilyas = Author::Account(account(store, "ilyas"));
        let mut draft = store.interviews_of(&p.id).unwrap().pop().unwrap();
        draft.id = Id::new_random();
        draft.status = daftar::store::Status::Draft;
        draft.finalized_at = None;
        draft.interviewer = ilyas;
        store.save_draft(&draft).unwrap();
    });
    // Shift-Tab goes back round the lists: from All to the last, Drafts, then to Returned.
    assert_eq!(home_tab(&h), HomeTab::All);
    h.press(KeyCode::BackTab);
    assert_eq!(home_tab(&h), HomeTab::Drafts);
    h.press(KeyCode::BackTab);
    assert_eq!(home_tab(&h), HomeTab::Returned);
    h.press(KeyCode::Tab);
    assert_eq!(home_tab(&h), HomeTab::Drafts);
    // The supervisor sees every draft; the dashboard counts the review states.
    tab_to(&mut h, HomeTab::Drafts);
    assert_shows(&h.screen(), "Drafts (1)");
    assert_shows(&h.screen(), "Said F-1");
    tab_to(&mut h, HomeTab::All);
    h.type_text("d");
    assert_shows(&h.screen(), "Interviews: 2 to review · 0 returned · 0 approved");
    h.press(KeyCode::Esc);
    tab_to(&mut h, HomeTab::ToReview);
    h.enter().type_text("A");
    assert_shows(&h.screen(), "Approved: the interview is locked.");
    h.type_text("d");
    assert_shows(&h.screen(), "Interviews: 1 to review · 0 returned · 1 approved");
    h.press(KeyCode::Esc);
    // The interviewer: their own draft, resumed with Enter; no queue.
    h.log_in_again("ilyas");
    assert_hides(&h.screen(), "To review");
    tab_to(&mut h, HomeTab::Drafts);
    assert_shows(&h.screen(), "Drafts (1)");
    h.enter();
    assert_shows(&h.screen(), "Section 1 of");
    // An interviewer without the draft: another interviewer's is not listed.
    assert_eq!(h.app.state.work.drafts.len(), 1);
    assert_eq!(h.app.state.work.returned.len(), 0);
}

#[test]
fn a_history_export_carries_the_review_state() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    store_with_accounts(Role::Supervisor, &path);
    let (ilyas_interview, sara) = {
        let store = Store::open(&path).unwrap();
        two_submitted(&store);
        let sara = Author::Account(account(&store, "sara"));
        let p = store.participants().unwrap().into_iter().find(|p| p.file_number == "F-1").unwrap();
        let i = store.interviews_of(&p.id).unwrap().pop().unwrap();
        store.review_interview(&i.id, daftar::store::ReviewDecision::Return, &sara, "à revoir").unwrap();
        (i.id, sara)
    };
    let file = dir.path().join("history.jsonl");
    let out = daftar_admin(&path, &["export", "--with-history", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let copy = dir.path().join("copy");
    let out = daftar_as(&copy, ADMIN, ADMIN_PASSWORD, &["import", "history", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = open_as_admin(&copy);
    let review = store.review_of(&ilyas_interview).unwrap().unwrap();
    assert_eq!((review.state, review.comment.as_deref(), &review.by), (ReviewState::Returned, Some("à revoir"), &sara));
    let counts = store.review_counts().unwrap();
    assert_eq!((counts.submitted, counts.returned), (1, 1));
}
