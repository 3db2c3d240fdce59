//! Gives the crate a fingerprint of its own source, `DAFTAR_SOURCE_FINGERPRINT`: the cache of
//! checked forms (src/form/checked.rs) keeps a result only for the build that made it, so a
//! change to the form checker or to the form model can never hand back a result it would not
//! give now, and no version number has to be remembered by hand.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut paths = Vec::new();
    files(Path::new("src"), &mut paths);
    paths.push(PathBuf::from("Cargo.lock"));
    paths.sort();
    let mut hasher = DefaultHasher::new();
    for path in &paths {
        hasher.write(path.to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(path).unwrap_or_default());
    }
    println!("cargo:rustc-env=DAFTAR_SOURCE_FINGERPRINT={:016x}", hasher.finish());
}
