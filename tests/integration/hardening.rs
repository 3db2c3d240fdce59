//! What the binary does at start so that its memory and its files stay its own
//! (`daftar::hardening`, main.rs), seen from outside a running `daftar`: no core file
//! (RLIMIT_CORE 0, soft and hard, in /proc/<pid>/limits), the umask 0077 (/proc/<pid>/status),
//! and, for a test run by another account than root, not dumpable (the kernel then gives the
//! process's /proc files to root). `PR_GET_DUMPABLE` can be asked only by the process itself,
//! and no daftar subcommand reports it: the unit test in src/hardening.rs asks it there.

use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{ADMIN, store_with_accounts};

#[test]
#[cfg(target_os = "linux")]
fn a_running_daftar_writes_no_core_file_keeps_its_files_private_and_is_not_dumpable() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    store_with_accounts(daftar::auth::Role::Administrator, &path);
    // Waits for its password on standard input, which is held open and never written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_daftar"))
        .env("LANG", "C.UTF-8")
        .arg("--store")
        .arg(&path)
        .args(["--user", ADMIN, "--password-stdin", "users", "list"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let proc = std::path::PathBuf::from(format!("/proc/{}", child.id()));
    fn core_line(limits: &str) -> Option<Vec<String>> {
        let line = limits.lines().find(|l| l.starts_with("Max core file size"))?;
        Some(line.split_whitespace().map(str::to_string).collect())
    }
    let umask_line =
        |status: &str| status.lines().find(|l| l.starts_with("Umask:")).map(|l| l["Umask:".len()..].trim().to_string());
    // main.rs hardens itself first thing: wait until it has (at most 10 s).
    let deadline = Instant::now() + Duration::from_secs(10);
    let (limits, status) = loop {
        let limits = std::fs::read_to_string(proc.join("limits")).unwrap_or_default();
        let status = std::fs::read_to_string(proc.join("status")).unwrap_or_default();
        let done = core_line(&limits).is_some_and(|l| l.get(4..6).is_some_and(|s| s.join(" ") == "0 0"))
            && umask_line(&status).as_deref() == Some("0077");
        if done || Instant::now() > deadline {
            break (limits, status);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let owner = std::fs::metadata(proc.join("status")).map(|m| m.uid());
    let still_running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let mut stderr = String::new();
    let _ = out.stderr.as_slice().read_to_string(&mut stderr);
    assert!(still_running, "daftar ended before it could be looked at: {stderr}");
    // "Max core file size  0  0  bytes": soft and hard limits 0.
    assert_eq!(core_line(&limits).and_then(|l| l.get(4..6).map(|s| s.join(" "))), Some("0 0".into()), "{limits}");
    assert_eq!(umask_line(&status).as_deref(), Some("0077"), "{status}");
    if rustix::process::getuid().as_raw() != 0 {
        assert_eq!(owner.unwrap(), 0, "a dumpable daftar: its /proc files are its user's");
    } else {
        eprintln!("run as root: whether daftar is dumpable cannot be seen from outside it");
    }
}
