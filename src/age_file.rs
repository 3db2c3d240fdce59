//! Exports encrypted with age (issue 12): `--encrypt-to RECIPIENT` writes an export as the age
//! stream of its plaintext, to X25519 recipients (`age1…`); imports recognise an age file by
//! its header and decrypt it, as a stream, with an identity file (`AGE-SECRET-KEY-1…`). The
//! format is age's own (<https://age-encryption.org/v1>), so the receiving side may also read a
//! file with `age -d -i FILE` or `rage`.
//!
//! Nothing here touches the store: the commands wrap the writer and the reader where the file
//! is opened (see `cli`).

use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;

use age::secrecy::ExposeSecret;

use crate::error::{Error, Result};
use crate::i18n::{Lang, T};

/// The first line of every (binary, unarmored) age file.
pub const HEADER: &[u8] = b"age-encryption.org/v1";

/// The first line of an armored (PEM-like) age file, which is not read here.
const ARMOR_HEADER: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// The recipients an export is encrypted to; empty: the export is written in the clear.
#[derive(Default)]
pub struct Recipients(Vec<age::x25519::Recipient>);

impl Recipients {
    /// Parses every `--encrypt-to` given, refusing the first that is not an X25519 recipient,
    /// by name (before anything is read or written).
    pub fn parse(texts: &[String], lang: Lang) -> Result<Recipients> {
        texts
            .iter()
            .map(|text| {
                text.trim()
                    .parse::<age::x25519::Recipient>()
                    .map_err(|_| Error::Usage(T::AgeBadRecipient.fill_plain(lang, &[("recipient", text.as_str())])))
            })
            .collect::<Result<Vec<_>>>()
            .map(Recipients)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Writes what `write` writes to `out`, encrypted to these recipients (as it is when there
    /// are none). The stream is finished, so a file cut short by a failure does not decrypt.
    /// An error of `out` itself is reported as `Error::Io { action, path: what }`.
    pub fn write_to(
        &self,
        out: &mut dyn Write,
        what: &Path,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        if self.0.is_empty() {
            return write(out);
        }
        let io = |source| Error::Io { action: "writing to", path: what.to_path_buf(), source };
        let encryptor = age::Encryptor::with_recipients(self.0.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| io(io::Error::other(e.to_string())))?;
        let mut sealed = encryptor.wrap_output(out).map_err(io)?;
        write(&mut sealed)?;
        sealed.finish().map_err(io)?.flush().map_err(io)
    }
}

/// Whether the file at `path` begins with the age header (a binary age file).
pub fn is_age(path: &Path) -> io::Result<bool> {
    let mut start = Vec::with_capacity(ARMOR_HEADER.len());
    fs::File::open(path)?.take(ARMOR_HEADER.len() as u64).read_to_end(&mut start)?;
    Ok(start.starts_with(HEADER))
}

/// Whether the file at `path` is an armored age file (which an import refuses, saying how to
/// read it).
pub fn is_armored(path: &Path) -> io::Result<bool> {
    let mut start = Vec::with_capacity(ARMOR_HEADER.len());
    fs::File::open(path)?.take(ARMOR_HEADER.len() as u64).read_to_end(&mut start)?;
    Ok(start.starts_with(ARMOR_HEADER))
}

/// The identities of an identity file (`--identity FILE`), as `age-keygen` and
/// `daftar keys identity` write them.
pub struct Identities {
    identities: Vec<Box<dyn age::Identity + Send + Sync>>,
    /// The file they were read from, for the messages.
    path: String,
}

impl Identities {
    pub fn read(path: &Path, lang: Lang) -> Result<Identities> {
        let shown = path.display().to_string();
        let file = fs::File::open(path).map_err(|source| Error::Io { action: "reading", path: path.into(), source })?;
        let bad = || Error::Usage(T::AgeBadIdentity.fill_plain(lang, &[("identity", &shown)]));
        let parsed = age::IdentityFile::from_buffer(io::BufReader::new(file)).map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData => bad(),
            _ => Error::Io { action: "reading", path: path.into(), source: e },
        })?;
        let identities = parsed.into_identities().map_err(|_| bad())?;
        if identities.is_empty() {
            return Err(bad());
        }
        Ok(Identities { identities, path: shown })
    }

    /// The plaintext of the age file `input` (read from `path`), decrypted as it is read: the
    /// memory stays a chunk of 64 KiB whatever the size of the file. A file these identities
    /// cannot open is refused before anything of it is returned.
    pub fn decrypt<'r>(&self, input: impl BufRead + 'r, path: &Path, lang: Lang) -> Result<Box<dyn BufRead + 'r>> {
        let file = path.display().to_string();
        let refused = |e: age::DecryptError| match e {
            age::DecryptError::NoMatchingKeys => {
                Error::Usage(T::AgeNotForIdentity.fill_plain(lang, &[("path", &file), ("identity", &self.path)]))
            }
            age::DecryptError::Io(source) => Error::Io { action: "reading", path: path.into(), source },
            _ => Error::Usage(T::AgeDamaged.fill_plain(lang, &[("path", &file)])),
        };
        let decryptor = age::Decryptor::new_buffered(input).map_err(refused)?;
        let reader =
            decryptor.decrypt(self.identities.iter().map(|i| i.as_ref() as &dyn age::Identity)).map_err(refused)?;
        let damaged = T::AgeDamaged.fill_plain(lang, &[("path", &file)]);
        Ok(Box::new(io::BufReader::with_capacity(1 << 16, Damage { inner: reader, damaged })))
    }
}

/// The plaintext reader of an age stream, whose failures (a chunk altered or the file cut
/// short) say so, instead of age's own words or a kind an import would take for bad text.
struct Damage<R> {
    inner: R,
    damaged: String,
}

impl<R: Read> Read for Damage<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => io::Error::other(self.damaged.clone()),
            _ => e,
        })
    }
}

/// The file a reader reads: plaintext as it is, an age file decrypted with `identity` (or
/// refused without one, or armored).
pub fn open_reader(path: &Path, identity: Option<&Identities>, lang: Lang) -> Result<Box<dyn BufRead>> {
    let io = |source| Error::Io { action: "reading", path: path.to_path_buf(), source };
    let file = path.display().to_string();
    let encrypted = is_age(path).map_err(io)?;
    if !encrypted && is_armored(path).map_err(io)? {
        return Err(Error::Usage(T::AgeArmored.fill_plain(lang, &[("path", &file)])));
    }
    let reader = io::BufReader::with_capacity(1 << 16, fs::File::open(path).map_err(io)?);
    if !encrypted {
        return Ok(Box::new(reader));
    }
    match identity {
        None => Err(Error::Usage(T::AgeNeedsIdentity.fill_plain(lang, &[("path", &file)]))),
        Some(identities) => identities.decrypt(reader, path, lang),
    }
}

/// `daftar keys identity FILE`: a new X25519 identity written to `path` (mode 0600, never over
/// an existing file), in the format of `age-keygen`; returns its recipient, to give out.
pub fn make_identity(path: &Path, created: chrono::DateTime<chrono::Utc>) -> Result<String> {
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let io = |action| move |source| Error::Io { action, path: path.to_path_buf(), source };
    let mut file = options.open(path).map_err(io("creating"))?;
    let secret = identity.to_string();
    let text = zeroize::Zeroizing::new(format!(
        "# created: {}\n# public key: {recipient}\n{}\n",
        created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        secret.expose_secret()
    ));
    let written = file.write_all(text.as_bytes()).and_then(|()| file.sync_all());
    if let Err(source) = written {
        drop(file);
        let _ = fs::remove_file(path);
        return Err(io("writing")(source));
    }
    Ok(recipient)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_encrypted_to_a_recipient_decrypts_with_its_identity_only() {
        let dir = tempfile::TempDir::new().unwrap();
        let key = dir.path().join("key.txt");
        let recipient = make_identity(&key, chrono::Utc::now()).unwrap();
        let other = dir.path().join("other.txt");
        make_identity(&other, chrono::Utc::now()).unwrap();
        let recipients = Recipients::parse(&[recipient], Lang::En).unwrap();
        let mut sealed = Vec::new();
        let text = "line\n".repeat(50_000);
        recipients
            .write_to(&mut sealed, Path::new("x"), |w| {
                w.write_all(text.as_bytes()).map_err(|source| Error::Io { action: "writing", path: "x".into(), source })
            })
            .unwrap();
        assert!(sealed.starts_with(HEADER));
        let file = dir.path().join("export.age");
        fs::write(&file, &sealed).unwrap();
        let mine = Identities::read(&key, Lang::En).unwrap();
        let mut plain = String::new();
        open_reader(&file, Some(&mine), Lang::En).unwrap().read_to_string(&mut plain).unwrap();
        assert_eq!(plain, text);
        let theirs = Identities::read(&other, Lang::En).unwrap();
        let refused = open_reader(&file, Some(&theirs), Lang::En).err().unwrap().to_string();
        assert!(refused.contains("not encrypted to this identity"), "{refused}");
        let missing = open_reader(&file, None, Lang::En).err().unwrap().to_string();
        assert!(missing.contains("--identity"), "{missing}");
        // Cut short: the reader says the file is damaged, never that it ended well.
        fs::write(&file, &sealed[..sealed.len() - 100]).unwrap();
        let mut reader = open_reader(&file, Some(&mine), Lang::En).unwrap();
        let err = reader.read_to_string(&mut String::new()).unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
    }

    #[test]
    fn a_recipient_that_does_not_parse_is_named() {
        let err = Recipients::parse(&["age1nope".into()], Lang::En).err().unwrap().to_string();
        assert!(err.contains("age1nope"), "{err}");
        assert!(Recipients::parse(&[], Lang::En).unwrap().is_empty());
    }
}
