//! Session 16, issue 11 item 4: the audit screen (supervisors and administrators), driven
//! through the keys at 80x24 in English, French and Arabic: the log newest first, an entry's
//! detail with its before → after, the filters, paging through a long log, and each view of
//! the log noted in the log itself.

use daftar::app::Screen;
use daftar::auth::Role;
use daftar::i18n::{Lang, T};
use daftar::store::Store;
use daftar::store::audit::{AuditAction, AuditEntry, AuditEvent};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

const NAME_AR: &str = "سعيد";
const NAME_LATIN: &str = "Said Alami";

/// A store with one participant whose names are [`NAME_AR`] and [`NAME_LATIN`].
fn with_participant(store: &Store) {
    let mut p = daftar::synth::participant(&mut daftar::synth::Rng::new(3), 0, today());
    p.name_ar = NAME_AR.into();
    p.name_latin = NAME_LATIN.into();
    store.register(&p, today()).unwrap();
}

/// Every entry of the log, oldest first.
fn entries(store: &Store) -> Vec<AuditEntry> {
    store.audit_entries().map(Result::unwrap).collect()
}

fn views(store: &Store) -> Vec<AuditEntry> {
    entries(store).into_iter().filter(|e| e.action() == Some(AuditAction::AuditViewed)).collect()
}

/// The entries the audit screen holds.
fn shown_entries(h: &Harness) -> Vec<AuditEntry> {
    match &h.app.state.screen {
        Screen::Audit(log) => log.entries.clone(),
        _ => panic!("not on the audit screen"),
    }
}

#[test]
fn a_supervisor_sees_the_log_newest_first_and_an_entrys_before_and_after() {
    let mut h = Harness::logged_in_prepared(Lang::En, Role::Supervisor, 80, 24, with_participant);
    assert!(views(h.store()).is_empty());
    h.press(KeyCode::Char('l'));
    let screen = h.screen();
    assert_shows(&screen, "Audit trail");
    assert_shows(&screen, "Time");
    assert_shows(&screen, "Account");
    // Newest first: the opening of this screen, by the supervisor, is the first line.
    let first = screen.lines().find(|l| l.contains("audit trail viewed")).expect("the view is listed");
    assert!(first.contains("Sara Supervisor"), "{screen}");
    let at_registered = screen.lines().position(|l| l.contains("participant registered")).expect("registration");
    let at_viewed = screen.lines().position(|l| l.contains("audit trail viewed")).unwrap();
    assert!(at_viewed < at_registered, "{screen}");
    assert!(screen.lines().nth(at_registered).unwrap().contains("Said Alami"), "{screen}");
    // The opening is itself in the trail, once.
    let noted = views(h.store());
    assert_eq!(noted.len(), 1);
    assert_eq!(noted[0].account, h.app.state.session.as_ref().map(|s| s.account.clone()));
    // The registration's detail: each field, labelled in the interface's language.
    let shown = shown_entries(&h);
    let at = shown.iter().position(|e| e.action() == Some(AuditAction::ParticipantRegistered)).unwrap();
    for _ in 0..at {
        h.press(KeyCode::Down);
    }
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, &format!("Audit entry {}", shown[at].seq));
    assert_shows(&screen, T::FieldNameLatin.get(Lang::En));
    assert_shows(&screen, "∅ → Said Alami");
    assert_shows(&screen, T::FieldFileNo.get(Lang::En));
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "audit trail viewed");
    // Paging within the list and back to Home do not note another view.
    h.press(KeyCode::PageDown).press(KeyCode::Esc);
    assert_eq!(views(h.store()).len(), 1);
    h.press(KeyCode::Char('l'));
    assert_eq!(views(h.store()).len(), 2, "each opening is noted");
}

#[test]
fn the_filters_by_action_account_participant_and_dates_work_from_the_keyboard() {
    let mut h = Harness::logged_in_prepared(Lang::En, Role::Administrator, 80, 24, with_participant);
    h.press(KeyCode::Char('l'));
    // By action, in the interface's words.
    h.press(KeyCode::Char('/'));
    assert_shows(&h.screen(), "Filter the audit trail");
    h.tab().tab().type_text("registered").enter();
    let shown = shown_entries(&h);
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|e| e.action() == Some(AuditAction::ParticipantRegistered)), "{shown:?}");
    let screen = h.screen();
    assert_shows(&screen, "Filter: Action registered");
    assert_hides(&screen, "audit trail viewed");
    // The view with its filter is noted.
    let last = views(h.store()).pop().unwrap();
    assert!(last.changes.iter().any(|c| c.field == "action" && c.after.as_deref() == Some("registered")));
    // By participant (file number or name): that participant's entries only.
    h.press(KeyCode::Char('/'));
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.shift_tab().type_text("alami").enter();
    let shown = shown_entries(&h);
    let id = h.app.state.directory[0].participant.id.to_string();
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|e| e.records.contains(&id)), "{shown:?}");
    let last = views(h.store()).pop().unwrap();
    assert!(last.records.contains(&id), "the view of a participant's trail names them");
    // A participant nobody is: refused under the form, nothing read.
    let noted = views(h.store()).len();
    h.press(KeyCode::Char('/'));
    h.type_text("zzzz").enter();
    let screen = h.screen();
    assert_shows(&screen, "No participant matches");
    assert_eq!(views(h.store()).len(), noted);
    for _ in 0..9 {
        h.press(KeyCode::Backspace);
    }
    // By account: the administrator's own entries.
    h.shift_tab();
    h.type_text("administrator").enter();
    let shown = shown_entries(&h);
    let me = h.app.state.session.as_ref().unwrap().account.clone();
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|e| e.account.as_ref() == Some(&me)));
    // By dates: from tomorrow, nothing; an end before the start is refused.
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Days::new(1)).format("%d/%m/%Y").to_string();
    let yesterday = (chrono::Local::now().date_naive() - chrono::Days::new(1)).format("%d/%m/%Y").to_string();
    h.press(KeyCode::Char('/'));
    for _ in 0..13 {
        h.press(KeyCode::Backspace);
    }
    h.tab().tab().tab().type_text(&tomorrow).enter();
    assert!(shown_entries(&h).is_empty());
    assert_shows(&h.screen(), "No entry matches.");
    h.press(KeyCode::Char('/'));
    h.tab().type_text(&yesterday).enter();
    assert_shows(&h.screen(), "The end date is before the start date.");
    // From yesterday to tomorrow: everything again.
    h.shift_tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text(&yesterday).tab();
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text(&tomorrow).enter();
    let everything = entries(h.store()).len();
    assert_eq!(shown_entries(&h).len(), everything);
    h.press(KeyCode::Char('/'));
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("31/02/2024").enter();
    assert_shows(&h.screen(), "is not a date");
}

#[test]
fn a_long_log_is_read_a_page_at_a_time_from_its_end() {
    let mut h = Harness::logged_in_prepared(Lang::En, Role::Supervisor, 80, 24, |store| {
        daftar::store::audit::write_synthetic_log(store, 50_000, |seq| {
            AuditEvent::new(AuditAction::SettingChanged).record(format!("r{seq}")).set("n", seq.to_string())
        })
        .unwrap();
    });
    let started = std::time::Instant::now();
    h.press(KeyCode::Char('l'));
    let opened = started.elapsed();
    let shown = shown_entries(&h);
    assert_eq!(shown.len(), daftar::app::audit_screen::PAGE);
    assert!(shown.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
    assert_eq!(shown[0].action(), Some(AuditAction::AuditViewed));
    assert_shows(&h.screen(), "older ones follow");
    for _ in 0..25 {
        h.press(KeyCode::PageDown);
    }
    let shown = shown_entries(&h);
    assert!(shown.len() > daftar::app::audit_screen::PAGE, "the next page was read");
    assert!(shown.windows(2).all(|w| w[0].seq > w[1].seq));
    assert_eq!(views(h.store()).len(), 1, "a further page is no new view");
    eprintln!("audit screen opened on a log of 50,000 entries in {opened:?}");
}

#[test]
fn an_interviewer_has_no_audit_screen_and_its_key_is_not_shown() {
    let mut h = Harness::logged_in_prepared(Lang::En, Role::Interviewer, 80, 24, with_participant);
    h.press(KeyCode::F(1));
    let help = h.screen();
    h.press(KeyCode::Esc);
    assert_hides(&help, "audit trail");
    h.press(KeyCode::Char('l'));
    assert!(matches!(h.app.state.screen, Screen::Home(_)));
    assert!(views(h.store()).is_empty());
    let status = h.app.state.status.as_ref().map(|s| daftar::i18n::plain(&s.text).into_owned()).unwrap_or_default();
    assert!(status.contains("Refused"), "{status}");
    // A supervisor's help lists it.
    let mut h = Harness::logged_in_prepared(Lang::En, Role::Supervisor, 80, 24, |_| {});
    h.press(KeyCode::F(1));
    assert_shows(&h.screen(), "audit trail");
}

#[test]
fn the_audit_screen_in_french_and_arabic_at_80x24() {
    let mut h = Harness::logged_in_prepared(Lang::Fr, Role::Supervisor, 80, 24, with_participant);
    h.press(KeyCode::Char('l'));
    let screen = h.screen();
    assert_shows(&screen, "Journal d'audit");
    assert_shows(&screen, "participant inscrit");
    assert_shows(&screen, "audit consulté");
    h.press(KeyCode::Char('/'));
    assert_shows(&h.screen(), "Filtrer le journal d'audit");

    let mut h = Harness::logged_in_prepared(Lang::Ar, Role::Supervisor, 80, 24, with_participant);
    h.press(KeyCode::Char('l'));
    let screen = h.screen();
    assert_shows(&screen, &shown("سجل التدقيق"));
    assert_shows(&screen, &shown("تسجيل مشارك"));
    // The participant's Arabic name, ordered and shaped as the text layer draws it.
    assert_shows(&screen, &shown(NAME_AR));
    // The detail, field labels in Arabic.
    let at = shown_entries(&h).iter().position(|e| e.action() == Some(AuditAction::ParticipantRegistered)).unwrap();
    for _ in 0..at {
        h.press(KeyCode::Down);
    }
    h.enter();
    let screen = h.screen();
    assert_shows(&screen, &shown(T::FieldNameAr.get(Lang::Ar)));
    // An Arabic filter typed through the Arabic layer's letters (pasted here).
    h.press(KeyCode::Esc).press(KeyCode::Char('/'));
    h.tab().paste(NAME_AR).enter();
    let id = h.app.state.directory[0].participant.id.to_string();
    let shown_now = shown_entries(&h);
    assert!(!shown_now.is_empty() && shown_now.iter().all(|e| e.records.contains(&id)));
}
