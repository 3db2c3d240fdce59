//! Encrypting a store written before encryption (issue 12): `daftar store encrypt` seals every
//! value, hands out temporary passwords, and a kill -9 at any moment leaves the plain store or
//! the encrypted one, whole, with nothing plain left beside it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use daftar::auth::{Role, SecretString};
use daftar::store::Store;

use crate::support::{ADMIN, ADMIN_PASSWORD, daftar_command, output_with_stdin, recovery_key_on, today};

const NAME_LATIN: &str = "Zumurrud Andalusi";
const NAME_AR: &str = "زمرد الأندلسي";
const FILE: &str = "ZUM-4471";

fn pw(text: &str) -> SecretString {
    SecretString::from(text.to_string())
}

/// A store as a Daftar from before encryption left it: `extra` synthetic participants (and
/// their interviews) and one with the markers, its administrator and an interviewer.
fn plain_store(path: &Path, extra: usize) {
    let store = Store::open(path).unwrap();
    daftar::synth::fill(&store, extra, extra * 3, 11, today(), &mut |_| {}).unwrap();
    let mut p = daftar::synth::participant(&mut daftar::synth::Rng::new(3), extra + 1, today());
    p.name_latin = NAME_LATIN.into();
    p.name_ar = NAME_AR.into();
    p.file_number = FILE.into();
    store.register(&p, today()).unwrap();
    store
        .create_first_admin(ADMIN, "Test Administrator", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), chrono::Utc::now())
        .unwrap();
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), chrono::Utc::now()).unwrap().into_session();
    store.add_account(&admin, "ilyas", "Ilyas Temsamani", Role::Interviewer, chrono::Utc::now()).unwrap();
    assert!(!store.is_encrypted().unwrap(), "a store that has records before its first account stays plain");
}

/// Every place under `dir` where one of the markers is, in UTF-8, UTF-16LE or UTF-16BE.
fn markers_under(dir: &Path) -> Vec<String> {
    crate::support::plain_under(dir, &[NAME_LATIN, NAME_AR, FILE])
}

fn leftovers(parent: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains(".rewriting-")))
        .collect()
}

fn encrypt_command(path: &Path) -> std::process::Command {
    let mut command = daftar_command(path);
    command.args(["--user", ADMIN, "--password-stdin", "store", "encrypt"]);
    command
}

#[test]
fn store_encrypt_seals_everything_and_hands_out_temporary_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    plain_store(&path, 20);
    assert!(!markers_under(&path).is_empty(), "the plain store holds the markers as they were typed");

    let out = output_with_stdin(&mut encrypt_command(&path), &format!("{ADMIN_PASSWORD}\n"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("The store is encrypted"), "{stdout}");
    let key = recovery_key_on(&stdout).expect("the recovery key is printed once");
    let temporary = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("ilyas: "))
        .unwrap_or_else(|| panic!("ilyas's temporary password is printed: {stdout}"))
        .to_string();

    assert_eq!(markers_under(&path), Vec::<String>::new(), "nothing plain is left in the store");
    assert_eq!(markers_under(dir.path()), Vec::<String>::new(), "nor beside it");
    assert!(leftovers(dir.path()).is_empty());

    let store = Store::open(&path).unwrap();
    assert!(store.is_encrypted().unwrap());
    assert!(store.participants().is_err(), "nothing is read without a login");
    store.log_in(ADMIN, &pw(ADMIN_PASSWORD), chrono::Utc::now()).unwrap();
    let people = store.participants().unwrap();
    assert_eq!(people.len(), 21);
    assert!(people.iter().any(|p| p.name_ar == NAME_AR && p.file_number == FILE));
    assert_eq!(store.summaries().unwrap().len(), 21, "the derived index is rebuilt at the first login");
    assert!(store.audit_entries().map(Result::unwrap).any(|e| e.action_name == "store_encrypted"));
    store.drop_key();
    let ilyas = store.log_in("ilyas", &pw(&temporary), chrono::Utc::now()).unwrap();
    assert!(matches!(ilyas, daftar::auth::login::LoggedIn::MustChangePassword(_)), "a temporary password");
    drop(store);

    // The recovery key printed opens it; a second encryption is refused by name.
    let out = output_with_stdin(
        daftar_command(&path).args(["keys", "recover", "--user", ADMIN, "--password-stdin"]),
        &format!("{key}\na fresh start at dawn 5\n"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = output_with_stdin(&mut encrypt_command(&path), "a fresh start at dawn 5\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already encrypted"), "{out:?}");
}

#[test]
fn a_wrong_password_or_an_interviewer_encrypts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    plain_store(&path, 0);
    let before = markers_under(&path);
    let out = output_with_stdin(&mut encrypt_command(&path), "not the password at all 9\n");
    assert!(!out.status.success());
    let mut as_ilyas = daftar_command(&path);
    as_ilyas.args(["--user", "ilyas", "--password-stdin", "store", "encrypt"]);
    let out = output_with_stdin(&mut as_ilyas, "whatever it is 42 x\n");
    assert!(!out.status.success());
    assert!(leftovers(dir.path()).is_empty());
    let store = Store::open(&path).unwrap();
    assert!(!store.is_encrypted().unwrap());
    assert_eq!(store.participants().unwrap().len(), 1);
    drop(store);
    assert_eq!(markers_under(&path).len(), before.len());
}

/// 50 encryptions killed (SIGKILL) at moments spread over a whole run: each leaves at the
/// store's path the plain store or the encrypted one, every record in it, and once opened
/// nothing plain anywhere beside it when it is the encrypted one.
#[test]
fn kill_9_at_any_moment_of_an_encryption_leaves_one_whole_store() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("fixture");
    plain_store(&fixture, 400);
    let people = 401;
    let (mut plain, mut encrypted) = (0, 0);
    kill_9_trials(dir.path(), &fixture, 50, 0x9E37_79B9_7F4A_7C15, &encrypt_command, &mut |what, parent, path| {
        let store = Store::open(path).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(leftovers(parent).is_empty(), "{what}: the open deletes what the encryption left");
        if store.is_encrypted().unwrap() {
            encrypted += 1;
            store.log_in(ADMIN, &pw(ADMIN_PASSWORD), chrono::Utc::now()).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(store.participants().unwrap().len(), people, "{what}");
            drop(store);
            assert_eq!(markers_under(parent), Vec::<String>::new(), "{what}");
        } else {
            plain += 1;
            assert_eq!(store.participants().unwrap().len(), people, "{what}");
        }
    });
    eprintln!("50 killed encryptions: {plain} left the plain store, {encrypted} the encrypted one");
    assert!(plain > 0 && encrypted > 0, "the kills fell both before and after the exchange");
}

/// An encrypted store with the marked participant, an administrator, an interviewer with their
/// own password, and "yusra", an interviewer disabled after a copy of the store was taken with
/// her wrap in it (`copy`, made before she was disabled).
fn encrypted_store(path: &Path, copy: &Path) {
    let now = chrono::Utc::now();
    let (store, _, _) =
        Store::create_with_admin(path, ADMIN, "Test Administrator", &pw(ADMIN_PASSWORD), &pw(ADMIN_PASSWORD), now)
            .unwrap();
    let mut p = daftar::synth::participant(&mut daftar::synth::Rng::new(3), 1, today());
    p.name_latin = NAME_LATIN.into();
    p.name_ar = NAME_AR.into();
    p.file_number = FILE.into();
    store.register(&p, today()).unwrap();
    // The start-up copy of the summaries, as quitting the interface saves it (its generation
    // mark is plain; the rotation must not take it for a sealed value).
    store.save_summaries_copy_from_tree().unwrap();
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), now).unwrap().into_session();
    for user in ["ilyas", "yusra"] {
        let (_, temporary) = store.add_account(&admin, user, user, Role::Interviewer, now).unwrap();
        let first = store.log_in(user, &temporary, now).unwrap().into_session();
        store.change_password(&first, &temporary, &pw("their own words 12"), &pw("their own words 12"), now).unwrap();
    }
    drop(store);
    crate::support::copy_dir(path, copy);
    let store = Store::open(path).unwrap();
    let admin = store.log_in(ADMIN, &pw(ADMIN_PASSWORD), now).unwrap().into_session();
    store.disable_account(&admin, "yusra").unwrap();
}

/// The key ids of every sealed value under the store at `path` (closed), by tree.
fn sealed_key_ids(path: &Path) -> std::collections::BTreeSet<String> {
    let db = crate::support::raw_sled(path);
    let mut ids = std::collections::BTreeSet::new();
    for name in db.tree_names() {
        let tree = db.open_tree(&name).unwrap();
        for item in tree.iter() {
            let (_, value) = item.unwrap();
            if let Some(id) = daftar::crypto::sealed_key_id(&value) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

#[test]
fn keys_rotate_seals_everything_anew_for_the_active_accounts_only() {
    let dir = tempfile::tempdir().unwrap();
    let (path, copy) = (dir.path().join("store"), dir.path().join("copy"));
    encrypted_store(&path, &copy);
    let before = sealed_key_ids(&path);
    assert_eq!(before.len(), 1, "one key seals everything: {before:?}");

    let mut rotate = daftar_command(&path);
    rotate.args(["--user", ADMIN, "--password-stdin", "keys", "rotate"]);
    let out = output_with_stdin(&mut rotate, &format!("{ADMIN_PASSWORD}\n"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("admin") && stdout.contains("ilyas") && !stdout.contains("yusra"), "{stdout}");
    let after = sealed_key_ids(&path);
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(before.is_disjoint(&after), "every value is sealed under the new key: {before:?} {after:?}");
    assert_eq!(markers_under(&path), Vec::<String>::new());
    assert!(leftovers(dir.path()).is_empty());

    // Every active account opens it with its own password; the disabled one with nothing.
    let store = Store::open(&path).unwrap();
    for (user, password) in [(ADMIN, ADMIN_PASSWORD), ("ilyas", "their own words 12")] {
        store.log_in(user, &pw(password), chrono::Utc::now()).unwrap();
        assert!(store.participants().unwrap().iter().any(|p| p.name_ar == NAME_AR), "{user}");
        store.drop_key();
    }
    assert!(store.log_in("yusra", &pw("their own words 12"), chrono::Utc::now()).is_err());
    drop(store);
    // Her copy, taken before she was disabled, still opens with her password, under the old
    // key: which seals nothing in the rotated store.
    let store = Store::open(&copy).unwrap();
    store.log_in("yusra", &pw("their own words 12"), chrono::Utc::now()).unwrap();
    assert!(store.holds_key());
    drop(store);
    assert!(sealed_key_ids(&copy).is_subset(&before));
    assert!(sealed_key_ids(&copy).is_disjoint(&after));
}

/// 20 rotations killed (SIGKILL) at moments spread over a whole run: each leaves the store
/// under one key, whole, opened by the administrator's password.
#[test]
fn kill_9_at_any_moment_of_a_rotation_leaves_the_store_under_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("fixture");
    encrypted_store(&fixture, &dir.path().join("copy"));
    let rotate = |path: &Path| {
        let mut command = daftar_command(path);
        command.args(["--user", ADMIN, "--password-stdin", "keys", "rotate"]);
        command
    };
    kill_9_trials(dir.path(), &fixture, 20, 0x2545_F491_4F6C_DD1D, &rotate, &mut |what, parent, path| {
        let store = Store::open(path).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(leftovers(parent).is_empty(), "{what}");
        store.log_in(ADMIN, &pw(ADMIN_PASSWORD), chrono::Utc::now()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(store.participants().unwrap().len(), 1, "{what}");
        drop(store);
        assert_eq!(sealed_key_ids(path).len(), 1, "{what}: one key seals everything");
    });
}

/// Runs `command` (made for a store's path; the administrator's password on its standard
/// input) once whole on a copy of `fixture` to time it, then `trials` times on fresh copies,
/// each killed (SIGKILL) after a moment drawn from `seed` within that time;
/// `check(what, parent, path)` judges what each kill left, before the copy is deleted.
fn kill_9_trials(
    dir: &Path,
    fixture: &Path,
    trials: usize,
    mut seed: u64,
    command: &dyn Fn(&Path) -> std::process::Command,
    check: &mut dyn FnMut(&str, &Path, &Path),
) {
    let whole = dir.join("whole");
    crate::support::copy_dir(fixture, &whole);
    let started = Instant::now();
    let out = output_with_stdin(&mut command(&whole), &format!("{ADMIN_PASSWORD}\n"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let span = started.elapsed();
    for trial in 0..trials {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_micros((seed >> 33) % (span.as_micros() as u64 + 1));
        let parent = dir.join(format!("trial-{trial}"));
        let path = parent.join("store");
        crate::support::copy_dir(fixture, &path);
        let mut child = command(&path)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let _ = writeln!(child.stdin.take().unwrap(), "{ADMIN_PASSWORD}");
        }
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        check(&format!("trial {trial}, killed after {delay:?} of {span:?}"), &parent, &path);
        std::fs::remove_dir_all(&parent).unwrap();
    }
}

/// In the interface: the first administrator login on a store from before encryption encrypts
/// it, the login screen showing the progress, then the recovery key and the other accounts'
/// temporary passwords are shown once, and Home lists the register as before.
#[test]
fn the_first_administrator_login_in_the_interface_encrypts_the_store() {
    let dir = tempfile::tempdir().unwrap();
    plain_store(&dir.path().join("store"), 5);
    let mut h = crate::support::Harness::at_login_on(dir, daftar::i18n::Lang::En);
    h.log_in_keys(ADMIN, ADMIN_PASSWORD);
    h.app.wait_for_encryption();
    let screen = h.screen();
    assert!(screen.contains("ilyas"), "the interviewer's temporary password is shown: {screen}");
    let key = recovery_key_on(&screen).unwrap_or_else(|| panic!("the recovery key is shown: {screen}"));
    assert!(h.store().is_encrypted().unwrap() && h.store().holds_key());
    let last = key.rsplit('-').next().unwrap().to_string();
    h.type_text(&last).enter();
    let screen = h.screen();
    assert!(screen.contains(NAME_LATIN) || screen.contains("Zumurrud"), "Home lists the register: {screen}");
    let path = h.store_path();
    let dir = h.close();
    assert_eq!(markers_under(dir.path()), Vec::<String>::new(), "nothing plain under {}", path.display());
}
