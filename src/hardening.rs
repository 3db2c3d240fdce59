//! What the process does at start so that its memory stays its own: a crash writes no core
//! file, and on Linux the process is not dumpable, so no other process of the same user can
//! attach to it (ptrace, gdb, strace -p) or read its memory through /proc, without privileges.
//! Passwords, the keys derived from them and the register being read live in this memory; a
//! shared kiosk account must not be able to lift them from a running interface.
//!
//! A tracer started before (strace running daftar as its child, as the durability tests do)
//! stays attached: only new attaches are refused. Root keeps CAP_SYS_PTRACE and can still
//! attach.

/// Sets RLIMIT_CORE to 0 (soft and hard, so nothing later raises it) and, on Linux,
/// PR_SET_DUMPABLE to 0. Lowering a limit and dropping the dumpable flag are never refused to
/// an unprivileged process; if either fails all the same, the error is returned for the caller
/// to report, and Daftar goes on (it would be no safer to refuse to start).
pub fn keep_memory_private() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) })?;
    }
    #[cfg(target_os = "linux")]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn core_files_are_off_and_the_process_is_not_dumpable() {
        use rustix::process::{DumpableBehavior, Resource, dumpable_behavior, getrlimit};
        super::keep_memory_private().unwrap();
        let core = getrlimit(Resource::Core);
        assert_eq!((core.current, core.maximum), (Some(0), Some(0)));
        assert_eq!(dumpable_behavior().unwrap(), DumpableBehavior::NotDumpable);
    }
}
