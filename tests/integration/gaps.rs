//! Issue 9's last gaps: a start does not check again a form it has already checked (the
//! checked result is kept in the store's cache, see `daftar::form::checked`).

use daftar::form::checked::checks_on_this_thread;
use daftar::form::{FormDef, builtin_sources, check_form};
use daftar::store::{FormRecord, RECORD_FORMAT, Store};

use crate::support::{Harness, assert_hides, assert_shows};

/// The key of form `id` version `version` in the store's cache tree.
fn cache_key(id: &str, version: u32) -> Vec<u8> {
    format!("form/{id}\u{0}{version:010}").into_bytes()
}

fn save_big(store: &Store, questions: usize) {
    store
        .save_form(&FormRecord {
            format: RECORD_FORMAT,
            id: "big".into(),
            version: 1,
            source: daftar::synth::big_form(questions, false),
            installed_at: chrono::Utc::now(),
            builtin: false,
        })
        .unwrap();
}

fn form<'a>(h: &'a Harness, id: &str, version: u32) -> &'a FormDef {
    h.app.state.forms.iter().find(|f| f.id == id && f.version == version).unwrap()
}

/// How many checks a restart of `h` runs, and the restarted harness.
fn restart_counting(h: Harness) -> (u64, Harness) {
    let before = checks_on_this_thread();
    let h = h.reopen();
    (checks_on_this_thread() - before, h)
}

#[test]
fn a_start_does_not_check_an_installed_form_again() {
    let builtin = builtin_sources().len() as u64;
    let h = Harness::prepared(daftar::i18n::Lang::En, Some("Samira"), 80, 24, None, |_| {});
    // Installed after the first start, as `daftar forms install` does on a store in use.
    save_big(h.store(), 300);
    // The start after the installation checks it, once, and keeps the result...
    let (first, h) = restart_counting(h);
    assert_eq!(first, builtin + 1, "the new form is checked once");
    // ...so the next starts check only the built-in forms' texts in the binary (to know their
    // ids and versions), never a stored form: not the installed one, not the built-in copies.
    let (second, h) = restart_counting(h);
    assert_eq!(second, builtin, "no stored form is checked again");
    let (third, h) = restart_counting(h);
    assert_eq!(third, builtin);
    // The form the start used is the one the checker gives.
    let checked = check_form(&daftar::synth::big_form(300, false)).unwrap();
    assert_eq!(format!("{:?}", form(&h, "big", 1)), format!("{checked:?}"));
    assert_eq!(form(&h, "big", 1).source, checked.source);
}

#[test]
fn an_edited_cache_entry_is_noticed_and_the_form_checked_again() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("store");
    let store = Store::open(&path).unwrap();
    save_big(&store, 300);
    drop(daftar::app::App::new(store, daftar::i18n::Lang::En, crate::support::today(), None).unwrap());
    type Edit = fn(&mut Vec<u8>);
    let edits: [(&str, Edit); 4] = [
        // A label changed inside the kept result: it still decodes, to a wrong form.
        ("a changed label", |bytes| {
            let at = bytes.windows(4).position(|w| w == b"Q217").unwrap();
            bytes[at..at + 4].copy_from_slice(b"Q999");
        }),
        ("a flipped byte", |bytes| {
            let at = bytes.len() / 2;
            bytes[at] ^= 0x01;
        }),
        ("a cut", |bytes| bytes.truncate(bytes.len() / 3)),
        ("garbage", |bytes| *bytes = b"not a checked form".to_vec()),
    ];
    for (what, edit) in edits {
        {
            let db = crate::support::raw_sled(&path);
            let cache = db.open_tree("cache").unwrap();
            let mut bytes = cache.get(cache_key("big", 1)).unwrap().expect("the checked form is kept").to_vec();
            edit(&mut bytes);
            cache.insert(cache_key("big", 1), bytes).unwrap();
            db.flush().unwrap();
        }
        let before = checks_on_this_thread();
        let app =
            daftar::app::App::new(Store::open(&path).unwrap(), daftar::i18n::Lang::En, crate::support::today(), None)
                .unwrap();
        let checks = checks_on_this_thread() - before;
        assert_eq!(checks, builtin_sources().len() as u64 + 1, "{what}: the form is checked again");
        let big = app.state.forms.iter().find(|f| f.id == "big").unwrap();
        let q217 = big.field("q217").unwrap();
        assert_eq!(q217.label.en.as_deref(), Some("Q217"), "{what}");
        assert_eq!(format!("{big:?}"), format!("{:?}", check_form(&big.source).unwrap()), "{what}");
        drop(app);
        // The entry was written anew: the next start uses it.
        let before = checks_on_this_thread();
        drop(
            daftar::app::App::new(Store::open(&path).unwrap(), daftar::i18n::Lang::En, crate::support::today(), None)
                .unwrap(),
        );
        assert_eq!(checks_on_this_thread() - before, builtin_sources().len() as u64, "{what}: kept again");
    }
}

#[test]
fn forms_read_from_the_cache_work_as_checked_ones() {
    let h = Harness::with_forms(&["forms/valid_training.toml"]);
    let (_, h) = restart_counting(h);
    let (checks, mut h) = restart_counting(h);
    assert_eq!(checks, builtin_sources().len() as u64, "every stored form came from the cache");
    // Every built-in form, as the start read it, is the form its text gives.
    for (name, source) in builtin_sources() {
        let checked = check_form(source).unwrap();
        assert_eq!(format!("{:?}", form(&h, &checked.id, checked.version)), format!("{checked:?}"), "{name}");
    }
    // An installed form with relevance, read from the cache, skips and asks as it should.
    h.register("سعيد", "Said", "01/01/1985", "F-1").type_text("n").type_text("5");
    let screen = h.screen();
    assert_shows(&screen, "Section 1 of 3: Enrolment");
    assert_hides(&screen, "Which trade?");
    h.type_text("3").enter();
    assert_shows(&h.screen(), "▶ Which trade?");
}
