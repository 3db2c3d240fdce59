//! Prints the key tables that README.md embeds: `cargo run --example keys`.
fn main() {
    print!("{}", daftar::app::keymap::markdown());
}
