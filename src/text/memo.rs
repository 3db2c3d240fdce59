//! A small bounded memo of layouts. The interface lays out every visible text on every frame,
//! and between two frames almost none of them changes: a text whose layout is remembered
//! (same text, direction, width and mode) costs a hash and a copy instead of a layout.
//!
//! Two generations, per thread: hits are looked up in the current one, then in the previous
//! one (and moved forward); when the current one has held its budget, it becomes the previous
//! one and the oldest is dropped. Memory stays under two budgets whatever is laid out.

use std::{cell::RefCell, collections::HashMap, mem};

use super::{
    bidi::{BidiMode, Dir},
    layout::VisualLine,
};

/// Bytes of remembered text and layout per generation.
const BUDGET: usize = 4 << 20;
/// Longer texts are laid out each time: one would fill a generation by itself.
const LONGEST: usize = 16 << 10;

struct Entry {
    text: Box<str>,
    dir: Dir,
    width: usize,
    mode: BidiMode,
    /// Laid out for display (isolates ordered and hidden, see `layout_display`).
    display: bool,
    lines: Vec<VisualLine>,
}

#[derive(Default)]
struct Memo {
    current: HashMap<u64, Entry>,
    previous: HashMap<u64, Entry>,
    /// Bytes held by `current`.
    used: usize,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// What `lay` returns for these arguments, from the memo when it has them.
pub(super) fn cached(
    text: &str,
    dir: Dir,
    width: usize,
    mode: BidiMode,
    display: bool,
    lay: impl FnOnce() -> Vec<VisualLine>,
) -> Vec<VisualLine> {
    if text.len() > LONGEST {
        return lay();
    }
    let key = hash(text, dir, width, mode, display);
    let same =
        |e: &Entry| &*e.text == text && e.dir == dir && e.width == width && e.mode == mode && e.display == display;
    let found = MEMO.with_borrow_mut(|memo| {
        if let Some(e) = memo.current.get(&key).filter(|e| same(e)) {
            return Some(e.lines.clone());
        }
        let e = memo.previous.remove(&key).filter(|e| same(e))?;
        let lines = e.lines.clone();
        memo.keep(key, e);
        Some(lines)
    });
    if let Some(lines) = found {
        return lines;
    }
    let lines = lay();
    let entry = Entry { text: text.into(), dir, width, mode, display, lines: lines.clone() };
    MEMO.with_borrow_mut(|memo| memo.keep(key, entry));
    lines
}

impl Memo {
    fn keep(&mut self, key: u64, entry: Entry) {
        let size = entry.text.len()
            + entry
                .lines
                .iter()
                .map(|l| mem::size_of::<VisualLine>() + l.text.len() + l.cells.len() * mem::size_of::<super::Cell>())
                .sum::<usize>();
        if self.used + size > BUDGET {
            self.previous = mem::take(&mut self.current);
            self.used = 0;
        }
        self.used += size;
        self.current.insert(key, entry);
    }
}

/// A fast 64-bit hash of the arguments (FxHash's multiply-rotate over 8-byte words); entries
/// are compared in full on a hit, so a collision only costs a layout.
fn hash(text: &str, dir: Dir, width: usize, mode: BidiMode, display: bool) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut h = mix(mix(0, width as u64), (display as u64) << 16 | (dir as u64) << 8 | mode as u64);
    let mut words = text.as_bytes().chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = mix(h, u64::from_le_bytes(w));
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    mix(mix(h, u64::from_le_bytes(tail)), text.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_layout_is_the_layout() {
        let lay = || super::super::layout::layout_uncached("مرحبا (world) 123", Dir::Auto, 7, BidiMode::App);
        let first = cached("مرحبا (world) 123", Dir::Auto, 7, BidiMode::App, false, lay);
        let again = cached("مرحبا (world) 123", Dir::Auto, 7, BidiMode::App, false, Vec::new);
        assert_eq!(first, again);
        assert_eq!(first, lay());
        // Any other argument is another entry.
        assert!(cached("مرحبا (world) 123", Dir::Auto, 8, BidiMode::App, false, Vec::new).is_empty());
        assert!(cached("مرحبا (world) 123", Dir::Ltr, 7, BidiMode::App, false, Vec::new).is_empty());
        assert!(cached("مرحبا (world) 123", Dir::Auto, 7, BidiMode::Reorder, false, Vec::new).is_empty());
        assert!(cached("مرحبا (world) 12", Dir::Auto, 7, BidiMode::App, false, Vec::new).is_empty());
        assert!(cached("مرحبا (world) 123", Dir::Auto, 7, BidiMode::App, true, Vec::new).is_empty());
    }

    #[test]
    fn memory_stays_within_two_budgets() {
        for n in 0..20_000 {
            let text = format!("سطر رقم {n} من نص طويل بعض الشيء، لملء الذاكرة");
            cached(&text, Dir::Auto, 80, BidiMode::App, false, || {
                super::super::layout::layout_uncached(&text, Dir::Auto, 80, BidiMode::App)
            });
        }
        MEMO.with_borrow(|memo| {
            assert!(memo.used <= BUDGET);
            assert!(memo.current.len() + memo.previous.len() < 20_000);
        });
    }
}
