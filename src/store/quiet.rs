//! sled panics on some damaged stores. Daftar catches those panics where it reads a store that
//! may be damaged, and says what is wrong in its own words; [`quietly`] keeps such a caught
//! panic from printing sled's message as well. It silences the calling thread only: the
//! process's panic hook is wrapped once, by one that asks the panicking thread whether it is
//! being quiet, so that a panic anywhere else (a test running beside it, a bug) still prints.
//! (It used to swap the process's hook for a silent one during each read, which silenced every
//! thread's panics meanwhile: a test that failed then failed without a word.)

use std::cell::Cell;
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read`, catching its panic, which prints nothing.
pub(crate) fn quietly<T>(read: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !panicking_quietly() {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|quiet| quiet.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    QUIET.with(|quiet| quiet.set(was));
    result
}

/// Whether this thread's panic is one [`quietly`] catches (a panic hook installed after the
/// first [`quietly`], as the interface's is, asks it before doing anything).
pub(crate) fn panicking_quietly() -> bool {
    QUIET.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_panic_is_caught_and_the_thread_is_loud_again_after() {
        let caught = quietly(|| -> u32 { panic!("sled's own words") });
        assert!(caught.is_err());
        assert!(!panicking_quietly());
        assert_eq!(quietly(|| 7).unwrap(), 7);
        // Another thread meanwhile is not quiet.
        let other = std::thread::spawn(|| quietly(|| std::thread::spawn(panicking_quietly).join().unwrap()));
        assert!(!other.join().unwrap().unwrap(), "another thread is not quiet");
    }
}
