//! Issue 9, a full disk must never fake a save: with the store's writes failing (a fault the
//! store injects for tests; tests/integration/pty.rs has the same on a real full disk), the
//! wizard stays on its question with the answer in the field, says why in the interviewer's
//! language until a write succeeds, retries on Enter, and asks before quitting with what would
//! be lost. What the screen shows as saved is what the store holds.

use std::io::ErrorKind;

use daftar::app::Screen;
use daftar::i18n::Lang;
use daftar::store::Answer;
use ratatui::crossterm::event::KeyCode;

use crate::support::{Harness, assert_hides, assert_shows};

const FULL: &str = "Not saved: the disk is full. Free some space, then try again.";

fn interviewing(lang: Lang) -> Harness {
    let mut h = Harness::with(lang, Some("Samira"), 80, 24);
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    h.start_intake().type_text("Marocaine").enter();
    h
}

/// The focused question's place, as the wizard holds it.
fn focus(h: &Harness) -> (usize, usize) {
    match &h.app.state.screen {
        Screen::Wizard(w) => (w.interview.position.section, w.interview.position.field),
        _ => panic!("not in the wizard"),
    }
}

fn saved_answer(h: &Harness, id: &str) -> Option<Answer> {
    h.store().all_interviews().unwrap().pop().unwrap().answers.get(id).cloned()
}

#[test]
fn a_failed_save_keeps_the_focus_and_the_answer_and_says_why_until_saved() {
    let mut h = interviewing(Lang::En);
    let before = focus(&h);
    assert_shows(&h.screen(), "▶ National identity card number");
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.type_text("AB123456").enter();
    let screen = h.screen();
    assert_eq!(focus(&h), before, "a failed save must not move the focus on");
    assert_shows(&screen, "▶ National identity card number");
    assert_shows(&screen, FULL);
    assert_shows(&screen, "AB123456");
    assert_hides(&screen, "Os {");
    // The message stays through other keys while nothing is saved.
    h.press(KeyCode::Left).press(KeyCode::Right);
    assert_shows(&h.screen(), FULL);
    h.enter();
    assert_eq!(focus(&h), before, "nor a second one");
    assert_eq!(saved_answer(&h, "national_id"), None, "nothing reached the store");
    // Space freed: Enter again saves and moves on, and the message goes.
    h.store().fail_writes_with(None);
    h.enter();
    let screen = h.screen();
    assert_ne!(focus(&h), before);
    assert_hides(&screen, FULL);
    assert_shows(&screen, "National identity card number: AB123456");
    assert_eq!(saved_answer(&h, "national_id"), Some(Answer::Text("AB123456".into())));
}

#[test]
fn the_review_and_a_reopened_draft_show_only_what_the_store_holds() {
    let mut h = interviewing(Lang::En);
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.type_text("AB123456").enter();
    // Leaving asks (the answer is not saved), and the reopened draft does not have it.
    h.press(KeyCode::Esc);
    assert_shows(&h.screen(), "Discard what you typed?");
    h.type_text("y");
    assert_shows(&h.screen(), "Participant record");
    h.store().fail_writes_with(None);
    h.start_intake();
    let screen = h.screen();
    assert_shows(&screen, "▶ National identity card number");
    assert_hides(&screen, "AB123456");
    assert_shows(&screen, "Nationality *: Marocaine");
    // Keep as draft from the review while the disk is full: the record is not shown as saved.
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    for _ in 0..8 {
        h.press(KeyCode::PageDown);
    }
    assert_shows(&h.screen(), FULL);
    assert!(!matches!(h.app.state.screen, Screen::Record(_)));
}

#[test]
fn ctrl_q_on_a_failed_save_asks_and_says_what_would_be_lost() {
    let mut h = interviewing(Lang::En);
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.type_text("AB123456");
    h.ctrl('q');
    assert!(!h.app.state.quit, "the draft is not saved: quitting asks first");
    let screen = h.screen();
    assert_shows(&screen, "the disk is full");
    assert_shows(&screen, "Quitting now loses the answer to “National identity card");
    assert_shows(&screen, "Quit anyway?");
    h.type_text("n");
    assert!(!h.app.state.quit);
    assert_shows(&h.screen(), "AB123456");
    // Space freed: Ctrl-Q saves it and quits.
    h.store().fail_writes_with(None);
    h.ctrl('q');
    assert!(h.app.state.quit);
    assert_eq!(saved_answer(&h, "national_id"), Some(Answer::Text("AB123456".into())));
}

#[test]
fn ctrl_q_twice_on_a_failed_save_quits() {
    let mut h = interviewing(Lang::En);
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.type_text("AB123456");
    h.ctrl('q');
    h.ctrl('q');
    assert!(h.app.state.quit);
}

#[test]
fn the_failure_is_told_in_the_interviewers_language_by_its_kind() {
    for (lang, kind, text) in [
        (Lang::Ar, ErrorKind::StorageFull, "لم يحفظ: القرص ممتلئ"),
        (Lang::Fr, ErrorKind::StorageFull, "Non enregistré : le disque est plein."),
        (Lang::En, ErrorKind::PermissionDenied, "Not saved: Daftar may not write to the store's folder."),
        (Lang::En, ErrorKind::ReadOnlyFilesystem, "Not saved: the store's disk is read-only."),
    ] {
        let mut h = interviewing(lang);
        let before = focus(&h);
        h.store().fail_writes_with(Some(kind));
        h.type_text("AB123456").enter();
        assert_eq!(focus(&h), before);
        let status = &h.app.state.status.as_ref().unwrap().text;
        assert!(status.contains(text), "{lang:?} {kind:?}: {status}");
    }
}

#[test]
fn a_new_interview_opens_only_once_its_draft_is_saved() {
    let mut h = Harness::new();
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.start_intake();
    assert!(matches!(h.app.state.screen, Screen::Record(_)), "no wizard on a draft that is not on disk");
    assert_shows(&h.screen(), FULL);
    h.store().fail_writes_with(None);
    h.start_intake();
    assert!(matches!(h.app.state.screen, Screen::Wizard(_)));
    assert_eq!(h.store().all_interviews().unwrap().len(), 1);
}

#[test]
fn registration_and_settings_change_only_once_saved() {
    let mut h = Harness::new();
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    assert!(matches!(h.app.state.screen, Screen::Register(_)), "the form stays, filled in");
    assert_shows(&h.screen(), FULL);
    assert!(h.store().participants().unwrap().is_empty());
    h.store().fail_writes_with(None);
    h.ctrl('s');
    assert!(matches!(h.app.state.screen, Screen::Record(_)));
    assert_eq!(h.store().participants().unwrap().len(), 1);
    // Settings: the display mode chosen is kept only once stored.
    h.press(KeyCode::Esc);
    let mode = h.app.state.bidi;
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.type_text("s").press(KeyCode::Down).enter();
    assert_eq!(h.app.state.bidi, mode, "the mode is not changed by a failed save");
    assert_shows(&h.screen(), FULL);
    h.store().fail_writes_with(None);
    h.enter();
    assert_ne!(h.app.state.bidi, mode);
    assert_eq!(h.store().bidi_mode().unwrap(), Some(h.app.state.bidi));
}

/// A small tmpfs mounted for one test, unmounted when dropped; None (with a visible message)
/// where mounting is not permitted, unless DAFTAR_REQUIRE_MOUNT is set (CI runs as root).
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(what: &str) -> Option<SmallDisk> {
        let dir = tempfile::TempDir::new().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status();
        if status.is_ok_and(|s| s.success()) {
            return Some(SmallDisk { dir });
        }
        assert!(std::env::var_os("DAFTAR_REQUIRE_MOUNT").is_none(), "DAFTAR_REQUIRE_MOUNT is set but mount failed");
        eprintln!(
            "SKIPPED {what}: mounting a tmpfs is not permitted here (run as root, or set DAFTAR_REQUIRE_MOUNT=1)"
        );
        None
    }

    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Fills the disk with a file until it refuses more.
    fn fill(&self) {
        use std::io::Write;
        let mut file = std::fs::File::create(self.path().join("filler")).unwrap();
        let block = vec![0x55u8; 4096];
        while file.write_all(&block).is_ok() {}
        let _ = file.sync_all();
    }

    fn free(&self) {
        std::fs::remove_file(self.path().join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

#[test]
fn on_a_really_full_disk_the_binary_keeps_the_answer_and_saves_it_once_space_is_freed() {
    use crate::pty::Session;
    let Some(disk) = SmallDisk::mount("the full-disk test") else { return };
    let store = disk.path().join("store");
    let mut s = Session::start(&store, "en");
    s.first_run_to_an_intake();
    s.send("Marocaine");
    s.send("\r");
    s.wait_for("▶ National identity card number");
    disk.fill();
    // A write that fits in a page the store's file already has still succeeds on tmpfs: move
    // back and forth (each move saves the draft) until a save needs a page the disk has not.
    // sled writes into a segment of 512 KiB it already holds, so this takes about a thousand
    // saves; once one fails, the keys after it fail too (the disk is still full).
    for _ in 0..300 {
        s.send(&"\t\x1b[Z".repeat(10));
        if s.contents().contains("Not saved") {
            break;
        }
    }
    s.wait_for("Not saved: the disk is full.");
    // Each failed save opens the store again (see `Store::reopen`): let the keys still queued
    // be handled before looking.
    settle(&s);
    let (field, id, answer) = if s.contents().contains("▶ Place of birth") {
        ("Place of birth", "place_of_birth", "Tanger")
    } else {
        ("National identity card number", "national_id", "AB123456")
    };
    s.send(answer);
    s.send("\r");
    s.wait_for(answer);
    settle(&s);
    let screen = s.contents();
    assert!(screen.contains(&format!("▶ {field}")), "the focus stays:\n{screen}");
    assert!(screen.contains(answer), "the answer stays in the field:\n{screen}");
    assert!(screen.contains("Not saved: the disk is full."), "{screen}");
    assert!(!screen.contains("Os {"), "{screen}");
    // Enter again on the full disk: still not saved, still there.
    s.send("\r");
    settle(&s);
    let screen = s.contents();
    assert!(screen.contains(&format!("▶ {field}")) && screen.contains("Not saved"), "{screen}");
    disk.free();
    s.send("\r");
    s.wait_for(&format!("{field}: {answer}"));
    assert!(!s.contents().contains(&format!("▶ {field}")), "{}", s.contents());
    assert!(!s.contents().contains("Not saved"), "{}", s.contents());
    s.signal("KILL");
    s.wait_exit();
    let out = crate::support::daftar_admin(&store, &["export"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let interview: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["record"] == "interview")
        .unwrap();
    assert_eq!(interview["answers"][id]["value"], answer, "{interview}");
    assert_eq!(interview["answers"]["nationality"]["value"], "Marocaine");
}

/// Waits until the screen has not changed for a second (at most 30 s).
fn settle(s: &crate::pty::Session) {
    let start = std::time::Instant::now();
    let mut last = s.contents();
    let mut since = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) && since.elapsed() < std::time::Duration::from_secs(1) {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let now = s.contents();
        if now != last {
            last = now;
            since = std::time::Instant::now();
        }
    }
}

/// Runs the interface with no terminal: it opens (or creates) the store, then stops at
/// "entering raw mode", which tells that the store was opened.
fn open_without_terminal(store: &std::path::Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_daftar"))
        .arg("--store")
        .arg(store)
        .args(["--lang", "en"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

const OPENED: &str = "entering raw mode";

/// `daftar init` on `store` with the administrator's password on standard input: the explicit
/// creation of a store (the interface creates one only through its first-run screen).
fn init_without_terminal(store: &std::path::Path) -> std::process::Child {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .arg("--store")
        .arg(store)
        .args(["init", "--admin", crate::support::ADMIN, "--name", "Test Administrator", "--password-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(format!("{}\n", crate::support::ADMIN_PASSWORD).as_bytes());
    child
}

const CREATED: &str = "Created the store";

#[test]
fn the_interface_writes_nothing_on_a_new_path_until_its_first_run_is_done() {
    let dir = tempfile::TempDir::new().unwrap();
    let store = dir.path().join("new-store");
    // No terminal: it stops before the first-run screen, and nothing is left.
    let out = open_without_terminal(&store).wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains(OPENED));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing is made before the first run ends");
}

#[test]
fn forty_first_opens_at_once_each_open_the_store_or_are_told_it_is_in_use() {
    let dir = tempfile::TempDir::new().unwrap();
    let store = dir.path().join("new-store");
    let children: Vec<_> = (0..40).map(|_| init_without_terminal(&store)).collect();
    let mut opened = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(CREATED)
                || said.contains("is in use by another daftar process")
                || said.contains("already has accounts"),
            "{said}"
        );
        opened += usize::from(said.contains(CREATED));
    }
    assert_eq!(opened, 1, "one creation wins");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("new-store")], "no temporary copy is left behind");
    daftar::store::Store::open_existing(&store).unwrap();
}

#[test]
fn creating_a_store_on_a_full_disk_leaves_nothing_and_can_be_tried_again() {
    let Some(disk) = SmallDisk::mount("the store creation on a full disk test") else { return };
    disk.fill();
    let store = disk.path().join("store");
    let out = init_without_terminal(&store).wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the disk is full. Nothing was left half-made"), "{err}");
    let names: Vec<_> = std::fs::read_dir(disk.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("filler")], "nothing half-made is left");
    disk.free();
    let out = init_without_terminal(&store).wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(CREATED), "{out:?}");
    daftar::store::Store::open_existing(&store).unwrap();
}

#[test]
fn a_store_on_a_read_only_disk_is_refused_saying_what_needs_write_access() {
    let Some(disk) = SmallDisk::mount("the read-only store test") else { return };
    let store = disk.path().join("store");
    crate::support::create_store(&store);
    let remount = std::process::Command::new("mount").args(["-o", "remount,ro"]).arg(disk.path()).status().unwrap();
    assert!(remount.success());
    for (lang, text) in [
        ("en", "is on a read-only disk. Daftar needs write access to the store and its folder"),
        ("ar", "على قرص للقراءة فقط. يحتاج دفتر إلى إذن الكتابة"),
    ] {
        let out = crate::support::daftar_admin(&store, &["--lang", lang, "export"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains(text), "{err}");
        assert!(err.contains(&store.display().to_string()), "names the path: {err}");
        assert!(!err.contains("os error 30)") || lang == "en", "{err}");
    }
}

#[test]
fn a_store_daftar_may_not_write_to_is_refused_naming_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let store = dir.path().join("store");
    crate::support::create_store(&store);
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Another user runs a copy of the binary (the build directory may be closed to them).
    let binary = dir.path().join("daftar");
    std::fs::copy(env!("CARGO_BIN_EXE_daftar"), &binary).unwrap();
    let run = |lang: &str| {
        std::process::Command::new("runuser")
            .args(["-u", "nobody", "--"])
            .arg(&binary)
            .args(["--lang", lang, "--store"])
            .arg(&store)
            .arg("export")
            .output()
    };
    let Ok(out) = run("en").map_err(|e| e.to_string()).and_then(|o| {
        if String::from_utf8_lossy(&o.stderr).starts_with("runuser:") { Err("runuser refused".into()) } else { Ok(o) }
    }) else {
        assert!(std::env::var_os("DAFTAR_REQUIRE_MOUNT").is_none(), "DAFTAR_REQUIRE_MOUNT is set but runuser failed");
        eprintln!("SKIPPED the store permission test: running as user nobody needs root and runuser");
        return;
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    let db = store.join("db").display().to_string();
    assert!(err.contains(&format!("Daftar may not write to {db}")), "{err}");
    assert!(err.contains("It needs write access to the store and its folder, even to read or export it."), "{err}");
    let out = run("ar").unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("لا يسمح لدفتر بالكتابة في") && err.contains(&db), "{err}");
}

#[test]
fn a_keyboard_layer_is_remembered_only_once_stored() {
    let mut h = interviewing(Lang::En);
    h.enter();
    assert_shows(&h.screen(), "▶ Place of birth");
    assert!(!h.app.state.arabic_keyboard(), "an auto question starts as typed");
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.press(KeyCode::F(2));
    assert!(!h.app.state.arabic_keyboard(), "the layer is not switched by a failed save");
    assert_shows(&h.screen(), FULL);
    assert!(h.store().keyboards::<String>().unwrap().is_empty());
    h.store().fail_writes_with(None);
    h.press(KeyCode::F(2));
    assert!(h.app.state.arabic_keyboard());
    assert_hides(&h.screen(), FULL);
    assert_eq!(h.store().keyboards::<String>().unwrap().len(), 1);
}

#[test]
fn a_change_of_stage_that_cannot_be_written_stays_on_its_screen_filled_in() {
    let mut h = Harness::new();
    h.register("أحمد بن علي", "Ahmed Ben Ali", "07/03/1990", "F-2024/0153");
    h.type_text("t").type_text("2").tab().tab().type_text("Fin de peine");
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.ctrl('s');
    assert!(matches!(h.app.state.screen, Screen::StageChange(_)), "not shown as recorded");
    let screen = h.screen();
    assert_shows(&screen, FULL);
    assert_shows(&screen, "Fin de peine");
    assert_hides(&screen, "Stage recorded.");
    let id = h.store().participants().unwrap()[0].id.clone();
    assert!(h.store().stages_of(&id).unwrap().is_empty());
    h.store().fail_writes_with(None);
    h.ctrl('s');
    assert_shows(&h.screen(), "Stage recorded.");
    assert_eq!(h.store().stages_of(&id).unwrap().len(), 1);
}

#[test]
fn a_snapshot_left_unfinished_by_a_full_disk_does_not_make_the_store_damaged() {
    let dir = tempfile::TempDir::new().unwrap();
    let store = dir.path().join("store");
    crate::support::create_store(&store);
    // What sled 0.34 leaves when the disk fills while it writes a snapshot (seen on a full
    // tmpfs): an empty file it then takes for the newest snapshot.
    std::fs::write(store.join("snap.000000000007FE59.generating"), b"").unwrap();
    let out = crate::support::daftar_admin(&store, &["export"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!store.join("snap.000000000007FE59.generating").exists());
}

#[test]
fn finalizing_on_a_full_disk_keeps_the_draft_on_its_review_page() {
    let mut h = Harness::with_forms(&["forms/valid_training.toml"]);
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("n").type_text("5");
    h.type_text("2").enter().type_text("01/09/2026").enter().type_text("40").enter().type_text("12,5").enter();
    h.type_text("15/09/2026").enter().enter().enter();
    assert_shows(&h.screen(), "Nothing stands in the way of finalizing.");
    h.store().fail_writes_with(Some(ErrorKind::StorageFull));
    h.type_text("f").type_text("y");
    let screen = h.screen();
    assert_shows(&screen, FULL);
    assert_shows(&screen, "Nothing stands in the way of finalizing.");
    assert_hides(&screen, "Interview finalized.");
    assert_eq!(h.store().all_interviews().unwrap().pop().unwrap().status, daftar::store::Status::Draft);
    h.store().fail_writes_with(None);
    h.type_text("f").type_text("y");
    assert_shows(&h.screen(), "Interview finalized.");
    assert_eq!(h.store().all_interviews().unwrap().pop().unwrap().status, daftar::store::Status::Final);
}

#[test]
fn a_creation_killed_half_way_leaves_nothing_under_the_store_name_and_is_cleaned_up() {
    let dir = tempfile::TempDir::new().unwrap();
    let store = dir.path().join("store");
    // What a creation killed with -9 leaves: its temporary copy, of a process that cannot exist (above the
    // largest pid Linux gives).
    let abandoned = dir.path().join(".store.creating-4194399-1");
    std::fs::create_dir(&abandoned).unwrap();
    std::fs::write(abandoned.join("db"), b"half").unwrap();
    let out = crate::support::daftar_admin(&store, &["export"]);
    assert!(!out.status.success(), "no store there yet: commands do not create one");
    let out = init_without_terminal(&store).wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(CREATED), "{out:?}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("store")]);
}
