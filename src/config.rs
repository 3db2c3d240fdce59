//! Where the settings come from: command-line flags first, then environment variables, then
//! the platform defaults. The interviewer's own settings live in the store.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::i18n::Lang;

/// The store used when neither `--store` nor `DAFTAR_STORE` is given: `daftar/store` in the
/// platform data directory (on Linux `~/.local/share/daftar/store`).
pub fn default_store_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "daftar").map(|dirs| dirs.data_dir().join("store")).ok_or_else(|| {
        Error::NotAStore {
            path: PathBuf::from("~"),
            reason: "no home directory is known; give --store PATH or set DAFTAR_STORE".into(),
        }
    })
}

/// The interface language: the flag, else the `LANG` environment variable, else English.
pub fn language(flag: Option<Lang>) -> Lang {
    flag.unwrap_or_else(|| Lang::from_locale(&std::env::var("LANG").unwrap_or_default()))
}
