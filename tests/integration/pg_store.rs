//! The whole store on PostgreSQL (`Store::create_in_database`, `Store::on_database`): made in
//! one step with its first administrator, opened again, logged into, written and read through
//! the same `Store` as a folder's, and its database holding no personal data in the clear.

use daftar::auth::SecretString;
use daftar::error::Error;
use daftar::store::{CopyTarget, Store};

use crate::pg_cluster;
use crate::support::today;

const ADMIN: &str = "amina";
const PASSWORD: &str = "correct-horse-battery-13";

fn password() -> SecretString {
    SecretString::from(PASSWORD.to_string())
}

/// A fresh database of the test cluster, and two connections to it.
fn connections(url: &str) -> (daftar::store::pg::Pg, daftar::store::pg::Pg) {
    (pg_cluster::connect(url).unwrap(), pg_cluster::connect(url).unwrap())
}

fn create(url: &str) -> Store {
    let (reads, writes) = connections(url);
    let (store, account, _recovery) = Store::create_in_database(
        reads,
        writes,
        url,
        ADMIN,
        "Amina Idrissi",
        &password(),
        &password(),
        chrono::Utc::now(),
    )
    .unwrap();
    assert_eq!(account.username, ADMIN);
    store
}

fn open(url: &str) -> daftar::error::Result<Store> {
    let (reads, writes) = connections(url);
    Store::on_database(reads, writes, url)
}

#[test]
fn a_store_made_in_a_database_opens_again_with_what_was_written() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let url = cluster.database();
    let store = create(&url);
    assert!(store.is_encrypted().unwrap(), "a store in a database is encrypted from its creation");
    let participant = daftar::synth::participant(&mut daftar::synth::Rng::new(13), 0, today());
    store.register(&participant, today()).unwrap();
    let mut twin = daftar::synth::participant(&mut daftar::synth::Rng::new(14), 1, today());
    twin.file_number = participant.file_number.clone();
    assert!(
        matches!(store.register(&twin, today()), Err(Error::DuplicateFileNumber(_))),
        "the file number's blind index refuses another participant with it"
    );
    drop(store);

    let store = open(&url).unwrap();
    assert!(!store.holds_key(), "opened again, the key is held only after a login");
    store.log_in(ADMIN, &password(), chrono::Utc::now()).unwrap();
    let read = store.participant(&participant.id).unwrap().expect("the participant is in the database");
    assert_eq!(read.name_ar, participant.name_ar);
    assert_eq!(read.file_number, participant.file_number);
    let summaries = store.summaries().unwrap();
    assert_eq!(summaries.len(), 1, "Home's list is read from the database's summaries");
    let verified = store.verify_audit(None).unwrap().expect("the audit chain verifies on PostgreSQL");
    assert!(verified.count >= 4, "genesis, account, login and registration at least: {}", verified.count);
}

#[test]
fn a_database_is_given_one_store_and_an_empty_one_none() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let url = cluster.database();
    match open(&url) {
        Err(Error::NoStoreInDatabase { .. }) => {}
        other => panic!("an empty database holds no store: {:?}", other.err()),
    }
    drop(create(&url));
    let rows = |url: &str| -> i64 {
        let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
        client.query_one("SELECT count(*) FROM daftar.daftar_kv", &[]).unwrap().get(0)
    };
    let before = rows(&url);
    let (reads, writes) = connections(&url);
    let again = Store::create_in_database(
        reads,
        writes,
        &url,
        "sara",
        "Sara Alaoui",
        &password(),
        &password(),
        chrono::Utc::now(),
    );
    assert!(matches!(again, Err(Error::StoreInDatabase { .. })), "{:?}", again.err());
    assert_eq!(rows(&url), before, "nothing written by the refused creation");
    let store = open(&url).unwrap();
    assert!(store.log_in("sara", &password(), chrono::Utc::now()).is_err(), "the second administrator was never made");
}

/// Everything personal is sealed before it reaches the database: a dump of it holds none of
/// the participant's name, file number or facility, nor the administrator's name.
#[test]
fn a_dump_of_the_database_holds_no_personal_data() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let url = cluster.database();
    let store = create(&url);
    let mut participant = daftar::synth::participant(&mut daftar::synth::Rng::new(31), 0, today());
    participant.name_ar = "يوسف بن عمر".into();
    participant.name_latin = "Youssef Benomar".into();
    participant.file_number = "RB-2026/4471".into();
    store.register(&participant, today()).unwrap();
    drop(store);
    let dump = cluster.dump(&url);
    assert!(dump.contains("daftar_kv"), "the dump is of the store's table");
    for marker in ["يوسف", "Youssef", "Benomar", "RB-2026/4471", "4471", "Amina Idrissi", "Idrissi", ADMIN] {
        assert!(!dump.contains(marker), "{marker} is in the dump in the clear");
    }
}

/// Every tree of a store, entry by entry, as bytes.
fn trees_of(store: &Store) -> daftar::store::RawTrees {
    store.raw_trees().unwrap()
}

/// `store copy` both ways: a folder's store into a database, and that one into a new folder,
/// is the same store, entry for entry; a copy into a database that holds one, or into a folder
/// that is not empty, writes nothing.
#[test]
fn a_store_copied_into_a_database_and_back_is_the_same_entry_for_entry() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (folder, back) = (dir.path().join("laptop"), dir.path().join("back"));
    let (store, _, _) =
        Store::create_with_admin(&folder, ADMIN, "Amina Idrissi", &password(), &password(), chrono::Utc::now())
            .unwrap();
    for n in 0..40 {
        let participant = daftar::synth::participant(&mut daftar::synth::Rng::new(40 + n), n as usize, today());
        store.register(&participant, today()).unwrap();
    }
    let before = trees_of(&store);
    let url = cluster.database();
    let mut reports = Vec::new();
    let copied = store
        .copy_to(CopyTarget::Database(Box::new(pg_cluster::connect(&url).unwrap())), &mut |done, total| {
            reports.push((done, total))
        })
        .unwrap();
    assert_eq!(copied.entries, before.values().map(|rows| rows.len() as u64).sum::<u64>());
    assert_eq!(reports.first(), Some(&(0, copied.entries)), "the bar starts at nothing of everything");
    assert_eq!(reports.last(), Some(&(copied.entries, copied.entries)), "and ends full");
    assert_eq!(trees_of(&store), before, "the source is not written by the copy");
    drop(store);

    let in_database = open(&url).unwrap();
    in_database.holds_copy_of(&copied).unwrap();
    assert_eq!(trees_of(&in_database), before, "the database holds the folder's store, entry for entry");
    let again = Store::open(&folder).unwrap();
    let refused = again.copy_to(CopyTarget::Database(Box::new(pg_cluster::connect(&url).unwrap())), &mut |_, _| {});
    assert!(matches!(refused, Err(Error::StoreInDatabase { .. })), "{:?}", refused.err());
    drop(again);
    assert_eq!(trees_of(&in_database), before, "nothing written by the refused copy");

    in_database.copy_to(CopyTarget::Folder(&back), &mut |_, _| {}).unwrap();
    let full = dir.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("notes.txt"), "keep").unwrap();
    assert!(in_database.copy_to(CopyTarget::Folder(&full), &mut |_, _| {}).is_err(), "a folder that holds something");
    assert_eq!(std::fs::read_dir(&full).unwrap().count(), 1, "nothing written beside it");
    drop(in_database);
    let returned = Store::open_existing(&back).unwrap();
    returned.holds_copy_of(&copied).unwrap();
    assert_eq!(trees_of(&returned), before, "back in a folder, the same store");
    returned.log_in(ADMIN, &password(), chrono::Utc::now()).unwrap();
    assert_eq!(returned.summaries().unwrap().len(), 40, "opened with the same password, it reads");
    returned.verify_audit(None).unwrap().expect("its chain verifies");
}

/// `daftar store copy` through the binary, folder to folder (the test cluster runs without
/// fsync, which the program refuses, so a database is reached by the tests above): the copy,
/// its report, and the refusals that write nothing.
#[test]
fn store_copy_through_the_command_reports_and_refuses_cleanly() {
    use crate::support::{ADMIN as TEST_ADMIN, ADMIN_PASSWORD, daftar_as, store_with_accounts};
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (dir.path().join("from"), dir.path().join("to"));
    store_with_accounts(daftar::auth::Role::Interviewer, &from);
    let (from_s, to_s) = (from.to_str().unwrap(), to.to_str().unwrap());

    let wrong = daftar_as(&from, TEST_ADMIN, "not the password at all", &["store", "copy", from_s, to_s]);
    assert!(!wrong.status.success(), "a wrong password copies nothing");
    assert!(!to.exists(), "nothing made at TO");
    let interviewer = daftar_as(&from, "ilyas", ADMIN_PASSWORD, &["store", "copy", from_s, to_s]);
    assert!(!interviewer.status.success(), "an interviewer may not copy the whole store");
    assert!(
        String::from_utf8_lossy(&interviewer.stderr).contains("ilyas"),
        "{}",
        String::from_utf8_lossy(&interviewer.stderr)
    );
    assert!(!to.exists(), "nothing made at TO");

    let done = daftar_as(&from, TEST_ADMIN, ADMIN_PASSWORD, &["store", "copy", from_s, to_s]);
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(done.status.success(), "{said}{}", String::from_utf8_lossy(&done.stderr));
    assert!(said.contains("accounts: 2") && said.contains("its audit trail verifies"), "{said}");
    let store = Store::open_existing(&to).unwrap();
    store.log_in("ilyas", &SecretString::from(ADMIN_PASSWORD.to_string()), chrono::Utc::now()).unwrap();
    drop(store);

    let again = daftar_as(&from, TEST_ADMIN, ADMIN_PASSWORD, &["store", "copy", from_s, to_s]);
    assert!(!again.status.success(), "TO holds a store now");
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"), "{}", String::from_utf8_lossy(&again.stderr));
}
