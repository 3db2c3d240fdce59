//! The terminal: raw mode and the alternate screen on the way in, restored on every way out
//! (normal exit, error, panic, SIGTERM, SIGHUP). This is the one place that reads events.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

use crate::app::{App, Msg};
use crate::error::{Error, Result};
use crate::text::BidiMode;

/// How often the loop looks for a termination signal while waiting for a key.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

fn io_err(action: &'static str) -> impl Fn(io::Error) -> Error {
    move |source| Error::Io { action, path: "the terminal".into(), source }
}

/// Puts the terminal back as the shell expects it. Safe to call more than once, and from the
/// panic hook; errors are ignored because the terminal may already be gone (SIGHUP).
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
    let _ = out.write_all(IMPLICIT_BIDI);
    let _ = out.flush();
}

/// ECMA-48 BDSM, as the terminal bidi recommendation uses it: explicit mode (CSI 8 l) tells a
/// terminal that reorders by itself that Daftar has already ordered the text; implicit mode
/// (CSI 8 h) gives it back its own bidi, for the shell after us and for `terminal` mode.
const EXPLICIT_BIDI: &[u8] = b"\x1b[8l";
const IMPLICIT_BIDI: &[u8] = b"\x1b[8h";

fn bidi_sequence(mode: BidiMode) -> &'static [u8] {
    if mode == BidiMode::Terminal { IMPLICIT_BIDI } else { EXPLICIT_BIDI }
}

/// Restores the terminal when dropped, so an early return or `?` cannot leave it raw.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Runs the interface until the interviewer quits or a signal asks us to stop.
pub fn run(app: &mut App) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).map_err(io_err("watching signals on"))?;
    }
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous_hook(info);
    }));

    terminal::enable_raw_mode().map_err(io_err("entering raw mode on"))?;
    let _guard = Guard;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste).map_err(io_err("setting up"))?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout())).map_err(io_err("opening"))?;
    let mut bidi = app.state.bidi;
    io::stdout().write_all(bidi_sequence(bidi)).map_err(io_err("setting up"))?;
    let size = terminal.size().map_err(io_err("measuring"))?;
    app.dispatch(Msg::Resize(size.width, size.height));

    if cfg!(debug_assertions) && std::env::var_os("DAFTAR_DEBUG_PANIC").is_some() {
        // Lets the tests check that a panic restores the terminal; debug builds only.
        terminal.draw(|frame| crate::ui::view(&app.state, frame)).map_err(io_err("drawing on"))?;
        panic!("DAFTAR_DEBUG_PANIC is set");
    }
    let events = spawn_reader();
    while !app.state.quit {
        if app.state.bidi != bidi {
            bidi = app.state.bidi;
            io::stdout().write_all(bidi_sequence(bidi)).map_err(io_err("writing to"))?;
        }
        terminal.draw(|frame| crate::ui::view(&app.state, frame)).map_err(io_err("drawing on"))?;
        loop {
            if stop.load(Ordering::SeqCst) {
                app.dispatch(Msg::Terminate);
                return Ok(());
            }
            match events.recv_timeout(SIGNAL_POLL) {
                Ok(event) => {
                    app.handle_event(event);
                    break;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let today = chrono::Local::now().date_naive();
                    if today != app.state.today {
                        app.dispatch(Msg::NewDay(today));
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // The terminal went away (a dropped SSH link): save and leave.
                    app.dispatch(Msg::Terminate);
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// Reads terminal events on their own thread. Reading can block for good (crossterm spins on
/// a hung-up terminal), so the main loop must stay free to notice SIGHUP and save the draft.
/// The channel closes when reading fails.
fn spawn_reader() -> mpsc::Receiver<Event> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(event) = event::read() {
            if tx.send(event).is_err() {
                break;
            }
        }
    });
    rx
}
