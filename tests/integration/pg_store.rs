//! The whole store on PostgreSQL (`Store::create_in_database`, `Store::on_database`): made in
//! one step with its first administrator, opened again, logged into, written and read through
//! the same `Store` as a folder's, and its database holding no personal data in the clear.

use daftar::auth::SecretString;
use daftar::error::Error;
use daftar::store::Store;

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
