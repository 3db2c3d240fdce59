//! Session 16: the security review's leftovers (issue 10): the interface serves `daftar
//! backup` only while someone who may take backups is at its keyboard; look-alike and
//! invisible usernames; password fields emptied after a refusal; no core dumps; drafts
//! recorded before accounts.

use std::path::Path;

use daftar::auth::Role;
use tempfile::TempDir;

use crate::pty::Session;
use crate::support::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `daftar backup DEST` in `lang` while the interface holds the store (the request goes to it).
fn ask_backup(store: &Path, dest: &Path, lang: &str) -> std::process::Output {
    daftar(store, &["--lang", lang, "backup", dest.to_str().unwrap()])
}

#[track_caller]
fn assert_refused_and_nothing_written(out: &std::process::Output, dest: &Path, words: &str) {
    assert!(!out.status.success(), "served: {out:?}");
    assert!(stderr(out).contains(words), "{}", stderr(out));
    assert!(!dest.exists(), "something was written at {}", dest.display());
}

#[test]
fn the_interface_serves_a_backup_request_only_to_an_administrator_at_its_keyboard() {
    let dir = TempDir::new().unwrap();
    let store_path = dir.path().join("store");
    {
        let store = daftar::store::Store::open(&store_path).unwrap();
        give_account(&store, Role::Interviewer);
    }
    let nobody_en = daftar::i18n::T::BakNobodyAtInterface.get(daftar::i18n::Lang::En);
    let nobody_fr = daftar::i18n::T::BakNobodyAtInterface.get(daftar::i18n::Lang::Fr);
    let mut s = Session::start_raw(&store_path, &["--lang", "en"]);
    s.wait_for("Username");

    // The login screen: nobody is logged in.
    let dest = dir.path().join("at-login");
    assert_refused_and_nothing_written(&ask_backup(&store_path, &dest, "en"), &dest, nobody_en);
    // The refusal is in the language of whoever asks.
    assert_refused_and_nothing_written(&ask_backup(&store_path, &dest, "fr"), &dest, nobody_fr);

    // An interviewer may not take backups.
    let (interviewer, _) = account_of(Role::Interviewer);
    s.send(interviewer);
    s.send("\r");
    s.send(ADMIN_PASSWORD);
    s.send("\r");
    s.wait_for("Ilyas Interviewer");
    let dest = dir.path().join("as-interviewer");
    assert_refused_and_nothing_written(&ask_backup(&store_path, &dest, "en"), &dest, nobody_en);

    // An administrator may: the backup is taken, and the status line says where and when.
    s.send("o");
    s.wait_for("Username");
    s.log_in(daftar::i18n::Lang::En);
    s.wait_for("Test Administrator");
    let dest = dir.path().join("as-admin");
    let out = ask_backup(&store_path, &dest, "en");
    assert!(out.status.success(), "{}", stderr(&out));
    daftar::store::backup::verify(&dest).unwrap();
    s.wait_for("Backup taken for daftar backup at");
    s.wait_for("as-admin");

    // Idle-locked (Ctrl-L): the administrator is not at the keyboard.
    s.send("\x0c");
    s.wait_for("Locked");
    let dest = dir.path().join("while-locked");
    assert_refused_and_nothing_written(&ask_backup(&store_path, &dest, "en"), &dest, nobody_en);

    s.send("\x11");
    assert_eq!(s.wait_exit(), Some(0));
}
