//! Prints README's key tables from the keymap: `cargo run --example keys`, then put the output
//! between README's `<!-- keys:start -->` and `<!-- keys:end -->` markers.

fn main() {
    print!("{}", daftar::app::keymap::markdown());
}
