//! Session 19, issue 12: exports encrypted with age (`--encrypt-to RECIPIENT`) and imports that
//! decrypt them (`--identity FILE`), through the binary. An export to a recipient holds no
//! name in the clear and begins with the age header; the receiving store imports the same
//! participants; another identity, or none, is refused with nothing imported; a recipient that
//! does not parse is refused before anything is written; a plaintext export is 0600 and warns.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::support::*;

const HEADER: &str = "name_ar,name_latin,date_of_birth,file_number,facility,entry_date\n";
/// A registered name that must never appear in an encrypted export.
const MARKER: &str = "Zoubeirmarqueur";
const MARKER_AR: &str = "زبيرالعلامة";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A store at `dir/name` with its administrator, and the participants of `csv` imported.
fn store_with(dir: &Path, name: &str, csv: Option<&str>) -> PathBuf {
    let store = dir.join(name);
    create_store(&store);
    give_admin(&store);
    if let Some(csv) = csv {
        let file = dir.join(format!("{name}.csv"));
        std::fs::write(&file, csv).unwrap();
        let out = daftar_admin(&store, &["import", "participants", file.to_str().unwrap()]);
        assert!(out.status.success(), "{out:?}");
    }
    store
}

fn source(dir: &Path) -> PathBuf {
    let csv = format!(
        "{HEADER}{MARKER_AR},{MARKER} Alami,07/03/1990,F-1,Salé,01/02/2020\nسعيد,Said Bennani,08/04/1991,F-2,Fès,01/02/2021\n"
    );
    store_with(dir, "src", Some(&csv))
}

/// A new identity at `path` made by `daftar keys identity` (no store, no login): its recipient.
fn identity(path: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .args(["keys", "identity"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let recipient = stdout(&out).trim().to_string();
    assert!(recipient.starts_with("age1"), "{recipient}");
    assert!(stderr(&out).contains("keep it secret"), "{out:?}");
    recipient
}

/// The participants of a store as its plaintext export gives them: (file number, Latin name,
/// Arabic name, date of birth, facility, entry date), sorted.
fn participants(store: &Path) -> Vec<[String; 6]> {
    let out = daftar_admin(store, &["export"]);
    assert!(out.status.success(), "{out:?}");
    let mut found: Vec<[String; 6]> = stdout(&out)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|v| v["record"] == "participant")
        .map(|v| {
            ["file_number", "name_latin", "name_ar", "date_of_birth", "facility", "entry_date"]
                .map(|k| v[k].as_str().unwrap().to_string())
        })
        .collect();
    found.sort();
    found
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn an_export_encrypted_to_a_recipient_imports_with_its_identity_only() {
    let dir = TempDir::new().unwrap();
    let src = source(dir.path());
    let key = dir.path().join("team.key");
    let recipient = identity(&key);
    #[cfg(unix)]
    assert_eq!(mode(&key), 0o600);
    // Never over an existing identity.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_daftar")).args(["keys", "identity"]).arg(&key).output();
    assert!(!again.unwrap().status.success());
    assert!(std::fs::read_to_string(&key).unwrap().contains(&recipient));

    let file = dir.path().join("export.age");
    let out = daftar_admin(&src, &["export", "--encrypt-to", &recipient, "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert!(!stderr(&out).contains("not encrypted"), "{out:?}");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    for needle in [MARKER.as_bytes(), MARKER_AR.as_bytes(), b"F-1", b"participant"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{} in the clear", String::from_utf8_lossy(needle));
    }
    // To standard output too.
    let out = daftar_admin(&src, &["export", "--encrypt-to", &recipient]);
    assert!(out.status.success() && out.stdout.starts_with(b"age-encryption.org/v1\n"), "{out:?}");
    assert!(!out.stdout.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()));

    // Another identity: refused, named, nothing imported.
    let other = dir.path().join("other.key");
    identity(&other);
    let dst = store_with(dir.path(), "dst", None);
    let out =
        daftar_admin(&dst, &["import", "participants", file.to_str().unwrap(), "--identity", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("this file was not encrypted to this identity"), "{out:?}");
    assert!(participants(&dst).is_empty());
    // No identity: says one is needed.
    let out = daftar_admin(&dst, &["import", "participants", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("--identity"), "{out:?}");
    assert!(participants(&dst).is_empty());
    // Something that is no identity file.
    let out =
        daftar_admin(&dst, &["import", "participants", file.to_str().unwrap(), "--identity", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("is not an age identity file"), "{out:?}");

    // The right identity: the same participants.
    let out =
        daftar_admin(&dst, &["import", "participants", file.to_str().unwrap(), "--identity", key.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("imported 2 participants"), "{out:?}");
    let imported = participants(&dst);
    assert_eq!(imported, participants(&src));
    assert!(imported.iter().any(|p| p[1].contains(MARKER)));

    // A file cut short is refused as damaged, nothing imported.
    let cut = dir.path().join("cut.age");
    std::fs::write(&cut, &bytes[..bytes.len() - 20]).unwrap();
    let empty = store_with(dir.path(), "empty", None);
    let out =
        daftar_admin(&empty, &["import", "participants", cut.to_str().unwrap(), "--identity", key.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("damaged or cut short"), "{out:?}");
    assert!(participants(&empty).is_empty());
}

#[test]
fn a_history_export_and_the_audit_trail_encrypt_too() {
    let dir = TempDir::new().unwrap();
    let src = source(dir.path());
    let key = dir.path().join("team.key");
    let recipient = identity(&key);
    let file = dir.path().join("history.age");
    let out =
        daftar_admin(&src, &["export", "--with-history", "--encrypt-to", &recipient, "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    assert!(!bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()));
    let dst = dir.path().join("dst");
    let import = |extra: &[&str]| {
        let mut args = vec!["import", "history", file.to_str().unwrap()];
        args.extend_from_slice(extra);
        daftar_as(&dst, ADMIN, ADMIN_PASSWORD, &args)
    };
    let out = import(&[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("--identity"), "{out:?}");
    assert!(!dst.exists());
    let out = import(&["--identity", key.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(participants(&dst), participants(&src));

    let audit = dir.path().join("audit.age");
    let out = daftar_admin(&src, &["audit", "export", "--encrypt-to", &recipient, "--out", audit.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert!(std::fs::read(&audit).unwrap().starts_with(b"age-encryption.org/v1\n"));
    assert!(!stderr(&out).contains("not encrypted"), "{out:?}");
}

#[test]
fn a_recipient_that_does_not_parse_is_refused_before_anything_is_written() {
    let dir = TempDir::new().unwrap();
    let src = source(dir.path());
    let good = identity(&dir.path().join("team.key"));
    let file = dir.path().join("export.age");
    for args in [
        vec!["export", "--encrypt-to", "age1notarecipient", "--out", file.to_str().unwrap()],
        vec!["export", "--encrypt-to", &good, "--encrypt-to", "age1notarecipient", "--out", file.to_str().unwrap()],
        vec!["export", "--with-history", "--encrypt-to", "age1notarecipient", "--out", file.to_str().unwrap()],
        vec!["audit", "export", "--encrypt-to", "age1notarecipient", "--out", file.to_str().unwrap()],
        vec!["export", "--encrypt-to", "age1notarecipient"],
    ] {
        // No --user: a recipient is checked before any login is asked for.
        let out = daftar(&src, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(stderr(&out).contains("'age1notarecipient' is not an age X25519 recipient"), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
        assert!(!file.exists(), "{args:?}");
    }
    // Several recipients: each identity opens the file.
    let second_key = dir.path().join("second.key");
    let second = identity(&second_key);
    let out = daftar_admin(
        &src,
        &["export", "--encrypt-to", &good, "--encrypt-to", &second, "--out", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    let dst = store_with(dir.path(), "dst", None);
    let out = daftar_admin(
        &dst,
        &["import", "participants", file.to_str().unwrap(), "--identity", second_key.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(participants(&dst), participants(&src));
}

#[test]
fn a_plaintext_export_is_private_and_warns() {
    let dir = TempDir::new().unwrap();
    let src = source(dir.path());
    let file = dir.path().join("export.jsonl");
    let out = daftar_admin(&src, &["export", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let warning = "warning: this export is not encrypted and holds personal data";
    assert_eq!(stderr(&out).matches(warning).count(), 1, "{out:?}");
    assert!(std::fs::read_to_string(&file).unwrap().contains(MARKER));
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);
    // To standard output, and the audit trail, warn as well.
    let out = daftar_admin(&src, &["export"]);
    assert!(out.status.success() && stderr(&out).contains(warning), "{out:?}");
    let out = daftar_admin(&src, &["audit", "export", "--out", dir.path().join("audit.jsonl").to_str().unwrap()]);
    assert!(out.status.success() && stderr(&out).contains(warning), "{out:?}");
    #[cfg(unix)]
    assert_eq!(mode(&dir.path().join("audit.jsonl")), 0o600);
    // A plaintext file imports as before.
    let dst = store_with(dir.path(), "dst", None);
    let out = daftar_admin(&dst, &["import", "participants", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(participants(&dst), participants(&src));
}
