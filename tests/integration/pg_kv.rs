//! The PostgreSQL trees (`store::pg`) on a throwaway cluster (see `pg_cluster`): migrations,
//! byte order, compare-and-set, rollback, concurrent writers on their own connections,
//! notifications, and a server restart.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use daftar::error::Error;
use daftar::i18n::Lang;
use daftar::store::pg::{Entry, Pg, SCHEMA_VERSION, Scan};
use postgres::NoTls;
use postgres::fallible_iterator::FallibleIterator;

use crate::pg_cluster;

/// A fresh migrated database: its address and a connection to it.
fn fresh() -> Option<(String, Pg)> {
    let url = pg_cluster::shared()?.database();
    let mut pg = pg_cluster::connect(&url).unwrap();
    pg.migrate().unwrap();
    Some((url, pg))
}

/// A plain client, to look at or change the database behind `store::pg`'s back.
fn raw(url: &str) -> postgres::Client {
    postgres::Client::connect(url, NoTls).unwrap()
}

/// What the database holds apart from its rows: relations, functions and triggers, by name.
fn catalog(url: &str) -> Vec<String> {
    let rows = raw(url)
        .query(
            "SELECT 'relation ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'daftar'
             UNION ALL SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'daftar'
             UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
             ORDER BY 1",
            &[],
        )
        .unwrap();
    rows.iter().map(|row| row.get(0)).collect()
}

fn keys(entries: &[Entry]) -> Vec<Vec<u8>> {
    entries.iter().map(|e| e.key.clone()).collect()
}

#[test]
fn migrating_twice_is_a_no_op() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let url = cluster.database();
    let mut pg = pg_cluster::connect(&url).unwrap();
    assert_eq!(pg.schema_version().unwrap(), None, "an empty database has no schema yet");
    assert_eq!(pg.migrate().unwrap(), SCHEMA_VERSION as u32, "every migration is applied once");
    let version = pg.transaction(|tx| tx.insert("t", b"k", b"v")).unwrap();
    let before = catalog(&url);
    assert!(before.contains(&"relation daftar_kv".to_string()), "{before:?}");
    assert!(before.contains(&"trigger daftar_kv_notify".to_string()), "{before:?}");
    assert!(before.contains(&"function daftar_kv_notify".to_string()), "{before:?}");
    let mut plain = raw(&url);
    let public: i64 = plain
        .query_one(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(public, 0, "everything is in the schema daftar");
    let collation: String = plain
        .query_one(
            "SELECT coll.collname::text FROM pg_attribute a JOIN pg_collation coll ON coll.oid = a.attcollation
             WHERE a.attrelid = 'daftar.daftar_kv'::regclass AND a.attname = 'tree'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(collation, "C");
    let config: Vec<String> = plain
        .query_one("SELECT proconfig FROM pg_proc WHERE oid = 'daftar.daftar_kv_notify'::regproc", &[])
        .unwrap()
        .get(0);
    assert_eq!(config, ["search_path=pg_catalog"]);

    assert_eq!(pg.migrate().unwrap(), 0);
    assert_eq!(pg_cluster::connect(&url).unwrap().migrate().unwrap(), 0, "nor from another connection");
    assert_eq!(pg.schema_version().unwrap(), Some(SCHEMA_VERSION));
    assert_eq!(catalog(&url), before);
    assert_eq!(pg.get("t", b"k").unwrap(), Some((b"v".to_vec(), version)), "the rows are kept");
}

#[test]
fn processes_migrating_at_once_apply_each_step_once() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let url = cluster.database();
    let start = Arc::new(Barrier::new(4));
    let migrators: Vec<_> = (0..4)
        .map(|_| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let mut pg = pg_cluster::connect(&url).unwrap();
                start.wait();
                pg.migrate().unwrap()
            })
        })
        .collect();
    let applied: u32 = migrators.into_iter().map(|m| m.join().unwrap()).sum();
    assert_eq!(applied, SCHEMA_VERSION as u32);
    assert_eq!(pg_cluster::connect(&url).unwrap().schema_version().unwrap(), Some(SCHEMA_VERSION));
}

#[test]
fn a_newer_schema_is_refused_by_its_number() {
    let Some((url, mut pg)) = fresh() else { return };
    raw(&url).execute("UPDATE daftar.daftar_schema SET version = 99", &[]).unwrap();
    let before = catalog(&url);
    let e = pg.migrate().unwrap_err();
    assert!(matches!(&e, Error::NewerSchema { found: 99, supported, .. } if *supported == SCHEMA_VERSION), "{e:?}");
    let supported = SCHEMA_VERSION.to_string();
    for lang in Lang::ALL {
        let said = e.localized(lang);
        assert!(said.contains("99") && said.contains(&supported) && said.contains(pg.database()), "{lang}: {said}");
    }
    assert_eq!(pg.schema_version().unwrap(), Some(99), "nothing was written");
    assert_eq!(catalog(&url), before);
}

#[test]
fn a_database_of_another_application_is_refused_and_left_as_it_was() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let url = cluster.database();
    let mut other = raw(&url);
    other.batch_execute("CREATE TABLE patients (name text); INSERT INTO patients VALUES ('someone');").unwrap();
    let before = catalog(&url);

    let mut pg = pg_cluster::connect(&url).unwrap();
    let e = pg.migrate().unwrap_err();
    assert!(matches!(&e, Error::NotADaftarDatabase { database } if database == pg.database()), "{e:?}");
    assert!(e.to_string().contains("not a daftar database"), "{e}");
    assert!(e.localized(Lang::Fr).contains("n'est pas une base daftar"));
    assert_eq!(catalog(&url), before, "nothing was created");
    assert_eq!(pg.schema_version().unwrap(), None);
    let names: Vec<String> =
        other.query("SELECT name FROM patients", &[]).unwrap().iter().map(|row| row.get(0)).collect();
    assert_eq!(names, ["someone"]);
}

#[test]
fn reads_and_scans_follow_byte_order() {
    let Some((_, mut pg)) = fresh() else { return };
    // In an order neither bytewise nor of any text collation.
    let stored: Vec<Vec<u8>> = vec![
        vec![0xff, 0x00],
        b"b".to_vec(),
        vec![0xc3, 0xa9], // é in UTF-8: after every ASCII byte
        vec![],
        b"a\xff".to_vec(),
        vec![0x00],
        b"A".to_vec(),
        vec![0x80],
        b"a".to_vec(),
        vec![0xff, 0xff],
        vec![0x00, 0x00],
        b"a\x00".to_vec(),
        vec![0x7f],
        vec![0xff],
    ];
    pg.transaction(|tx| {
        for key in &stored {
            tx.insert("t", key, &[b"value of ".as_slice(), key].concat())?;
            tx.insert("other", key, b"elsewhere")?;
        }
        Ok(())
    })
    .unwrap();
    let mut sorted = stored.clone();
    sorted.sort(); // Vec<u8>'s order is sled's: bytewise, a prefix first.

    let all = pg.scan_prefix("t", b"").unwrap();
    assert_eq!(keys(&all), sorted);
    assert!(all.iter().all(|e| e.value == [b"value of ".as_slice(), &e.key].concat()), "{all:?}");
    assert_eq!(keys(&pg.scan_prefix("t", b"a").unwrap()), [b"a".to_vec(), b"a\x00".to_vec(), b"a\xff".to_vec()]);
    assert_eq!(keys(&pg.scan_prefix("t", &[0xff]).unwrap()), [vec![0xff], vec![0xff, 0x00], vec![0xff, 0xff]]);
    assert_eq!(keys(&pg.scan_prefix("t", &[0xff, 0xff]).unwrap()), [vec![0xff, 0xff]]);
    assert_eq!(keys(&pg.scan_prefix("t", b"c").unwrap()), Vec::<Vec<u8>>::new());

    let from: &[u8] = b"a";
    let to: &[u8] = &[0x80];
    assert_eq!(keys(&pg.range("t", from..to).unwrap()), [&b"a"[..], b"a\x00", b"a\xff", b"b", &[0x7f]]);
    assert_eq!(keys(&pg.range("t", from..=to).unwrap()).last(), Some(&vec![0x80]));
    assert_eq!(keys(&pg.range("t", ..from).unwrap()), [&[][..], &[0x00], &[0x00, 0x00], b"A"]);
    assert_eq!(
        keys(&pg.range("t", to..).unwrap()),
        [&[0x80][..], &[0xc3, 0xa9], &[0xff], &[0xff, 0x00], &[0xff, 0xff]]
    );
    assert_eq!(pg.range("t", ..).unwrap(), all);

    assert_eq!(pg.len("t").unwrap(), stored.len() as u64);
    assert_eq!(pg.len("other").unwrap(), stored.len() as u64);
    assert!(pg.is_empty("nothing").unwrap());
    assert_eq!(pg.get("other", b"a").unwrap().map(|(v, _)| v), Some(b"elsewhere".to_vec()));
    assert_eq!(pg.get("t", b"c").unwrap(), None);

    let (old, removed) = pg.transaction(|tx| Ok((tx.remove("t", b"a")?, tx.remove("t", b"c")?))).unwrap();
    assert_eq!(old.map(|(v, _)| v), Some(b"value of a".to_vec()));
    assert_eq!(removed, None);
    assert_eq!(pg.get("t", b"a").unwrap(), None);
    assert_eq!(pg.get("other", b"a").unwrap().map(|(v, _)| v), Some(b"elsewhere".to_vec()), "another tree's row");
    assert_eq!(pg.len("t").unwrap(), stored.len() as u64 - 1);
}

#[test]
fn compare_and_set_names_the_version_found() {
    let Some((_, mut pg)) = fresh() else { return };
    let conflict = |e: Error| match e {
        Error::Conflict { tree, key, found } => {
            assert_eq!((tree.as_str(), key.as_slice()), ("drafts", &b"k"[..]));
            found
        }
        other => panic!("not a conflict: {other:?}"),
    };
    let v1 = pg.transaction(|tx| tx.insert_if("drafts", b"k", b"one", None)).unwrap();
    let e = pg.transaction(|tx| tx.insert_if("drafts", b"k", b"two", None)).unwrap_err();
    assert!(e.to_string().contains(&format!("version {v1}")), "{e}");
    assert!(e.localized(Lang::Ar).contains(&v1.to_string()), "{}", e.localized(Lang::Ar));
    assert_eq!(conflict(e), Some(v1), "must not exist, but does");
    assert_eq!(pg.get("drafts", b"k").unwrap(), Some((b"one".to_vec(), v1)));

    let v2 = pg.transaction(|tx| tx.insert_if("drafts", b"k", b"two", Some(v1))).unwrap();
    assert!(v2 > v1, "every write bumps the version");
    let stale = pg.transaction(|tx| tx.insert_if("drafts", b"k", b"three", Some(v1))).unwrap_err();
    assert_eq!(conflict(stale), Some(v2));
    assert_eq!(pg.get("drafts", b"k").unwrap(), Some((b"two".to_vec(), v2)));

    let stale = pg.transaction(|tx| tx.remove_if("drafts", b"k", v1)).unwrap_err();
    assert_eq!(conflict(stale), Some(v2));
    pg.transaction(|tx| tx.remove_if("drafts", b"k", v2)).unwrap();
    let gone = pg.transaction(|tx| tx.insert_if("drafts", b"k", b"three", Some(v2))).unwrap_err();
    assert!(gone.to_string().contains("removed"), "{gone}");
    assert_eq!(conflict(gone), None);

    // Written again, the row never gets back a version it had: a write from before cannot pass.
    let v3 = pg.transaction(|tx| tx.insert_if("drafts", b"k", b"again", None)).unwrap();
    assert!(v3 > v2);
    let old = pg.transaction(|tx| tx.insert_if("drafts", b"k", b"late", Some(v1))).unwrap_err();
    assert_eq!(conflict(old), Some(v3));
    assert_eq!(pg.transaction(|tx| tx.insert("drafts", b"k", b"plain")).unwrap(), v3 + 1);
}

#[test]
fn a_transaction_that_aborts_leaves_nothing() {
    let Some((_, mut pg)) = fresh() else { return };
    let e = pg
        .transaction(|tx| {
            tx.insert("a", b"1", b"x")?;
            tx.insert("b", b"2", b"y")?;
            tx.remove("c", b"3")?;
            Err::<(), _>(Error::Usage("the caller's own reason".into()))
        })
        .unwrap_err();
    assert!(matches!(&e, Error::Usage(reason) if reason == "the caller's own reason"), "{e:?}");
    assert_eq!((pg.len("a").unwrap(), pg.len("b").unwrap()), (0, 0));

    let kept = pg.transaction(|tx| tx.insert("c", b"3", b"kept")).unwrap();
    let e = pg
        .transaction(|tx| {
            tx.insert("a", b"1", b"x")?;
            tx.remove("c", b"3")?;
            tx.insert_if("c", b"3", b"w", Some(kept))
        })
        .unwrap_err();
    assert!(matches!(e, Error::Conflict { found: None, .. }), "{e:?}");
    assert_eq!(pg.get("a", b"1").unwrap(), None);
    assert_eq!(pg.get("c", b"3").unwrap(), Some((b"kept".to_vec(), kept)), "the removal was rolled back");

    // Work that ignores a failed statement and returns Ok: PostgreSQL would turn the COMMIT
    // into a ROLLBACK in silence; the caller must hear of it.
    let e = pg
        .transaction(|tx| {
            let _ = tx.insert("a", b"1", b"x");
            let _ = tx.insert("nul\0tree", b"1", b"x");
            let _ = tx.insert("b", b"2", b"y");
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(&e, Error::Database { detail, .. } if detail.starts_with("22021")), "{e:?}");
    assert_eq!((pg.len("a").unwrap(), pg.len("b").unwrap()), (0, 0));
}

#[test]
fn eight_connections_incrementing_one_counter_lose_no_increment() {
    let Some((url, _)) = fresh() else { return };
    const THREADS: u64 = 8;
    const EACH: u64 = 200;
    let start = Arc::new(Barrier::new(THREADS as usize));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let mut pg = pg_cluster::connect(&url).unwrap();
                start.wait();
                for _ in 0..EACH {
                    pg.transaction(|tx| {
                        let n = match tx.get("counters", b"n")? {
                            Some((bytes, _)) => u64::from_le_bytes(bytes.try_into().unwrap()),
                            None => 0,
                        };
                        tx.insert("counters", b"n", &(n + 1).to_le_bytes())
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let (bytes, _) = pg_cluster::connect(&url).unwrap().get("counters", b"n").unwrap().unwrap();
    assert_eq!(u64::from_le_bytes(bytes.try_into().unwrap()), THREADS * EACH);
}

#[test]
fn a_deadlock_is_retried_until_both_transactions_commit() {
    let Some((url, _)) = fresh() else { return };
    let both_hold_one = Arc::new(Barrier::new(2));
    let attempts = Arc::new(AtomicU32::new(0));
    let workers: Vec<_> = [(&b"a"[..], &b"b"[..]), (b"b", b"a")]
        .into_iter()
        .map(|(first, second)| {
            let (url, both_hold_one, attempts) = (url.clone(), both_hold_one.clone(), attempts.clone());
            std::thread::spawn(move || {
                let mut pg = pg_cluster::connect(&url).unwrap();
                let first_try = AtomicBool::new(true);
                pg.transaction(|tx| {
                    attempts.fetch_add(1, Ordering::SeqCst);
                    let a = tx.get("locks", first)?.map_or(0, |(v, _)| v[0]);
                    if first_try.swap(false, Ordering::SeqCst) {
                        // Each holds its first key and now asks for the other's.
                        both_hold_one.wait();
                    }
                    let b = tx.get("locks", second)?.map_or(0, |(v, _)| v[0]);
                    tx.insert("locks", first, &[a + 1])?;
                    tx.insert("locks", second, &[b + 1])
                })
                .unwrap();
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let mut pg = pg_cluster::connect(&url).unwrap();
    assert_eq!(pg.get("locks", b"a").unwrap().unwrap().0, [2]);
    assert_eq!(pg.get("locks", b"b").unwrap().unwrap().0, [2]);
    assert!(attempts.load(Ordering::SeqCst) >= 3, "one of the two was rolled back by the deadlock and run again");
}

#[test]
fn a_commit_notifies_the_tree_name_and_nothing_else() {
    let Some((url, pg)) = fresh() else { return };
    let listener = RefCell::new(pg.listen().unwrap());
    let mut plain = raw(&url);
    plain.batch_execute("LISTEN daftar").unwrap();
    let mut writer = pg_cluster::connect(&url).unwrap();

    writer
        .transaction(|tx| {
            tx.insert("participants", b"KEY-MARKER-1", b"VALUE-MARKER-1")?;
            tx.insert("participants", b"KEY-MARKER-2", b"VALUE-MARKER-2")?;
            tx.remove("drafts", b"KEY-MARKER-3")?; // not there: no change, no notification
            assert_eq!(
                listener.borrow_mut().wait(Duration::from_millis(300))?,
                Vec::<String>::new(),
                "not before the commit"
            );
            Ok(())
        })
        .unwrap();
    let mut listener = listener.into_inner();
    assert_eq!(listener.wait(Duration::from_secs(10)).unwrap(), ["participants"]);

    writer.transaction(|tx| tx.insert("drafts", b"KEY-MARKER-3", b"VALUE-MARKER-3")).unwrap();
    let _ = writer.transaction(|tx| {
        tx.insert("stages", b"KEY-MARKER-4", b"VALUE-MARKER-4")?;
        Err::<(), _>(Error::Usage("rolled back".into()))
    });
    writer.transaction(|tx| tx.remove("participants", b"KEY-MARKER-1")).unwrap();
    let mut seen = Vec::new();
    while seen.len() < 2 {
        let trees = listener.wait(Duration::from_secs(10)).unwrap();
        assert!(!trees.is_empty(), "a change was not announced; seen {seen:?}");
        seen.extend(trees);
    }
    seen.sort();
    assert_eq!(seen, ["drafts", "participants"], "a rolled-back transaction announces nothing");
    assert_eq!(listener.wait(Duration::from_millis(300)).unwrap(), Vec::<String>::new());

    // What went over the wire: the channel and a tree name, no key, no value.
    let mut notifications = plain.notifications();
    let mut wire = notifications.timeout_iter(Duration::from_secs(2));
    let mut payloads = Vec::new();
    while let Some(n) = wire.next().unwrap() {
        assert_eq!(n.channel(), "daftar");
        assert!(!n.payload().contains("MARKER"), "{}", n.payload());
        payloads.push(n.payload().to_string());
        if payloads.len() == 3 {
            break;
        }
    }
    assert_eq!(payloads, ["participants", "drafts", "participants"]);
}

#[test]
fn a_server_restart_is_a_lost_connection_and_a_reconnect_works() {
    let Some(cluster) = pg_cluster::private() else { return };
    let url = cluster.database();
    let mut pg = pg_cluster::connect(&url).unwrap();
    pg.migrate().unwrap();
    let version = pg.transaction(|tx| tx.insert("participants", b"k", b"sealed")).unwrap();
    let mut listener = pg.listen().unwrap();

    cluster.restart();

    let e = pg.get("participants", b"k").unwrap_err();
    assert!(matches!(&e, Error::DatabaseClosed { database, .. } if database == pg.database()), "{e:?}");
    for lang in Lang::ALL {
        assert!(e.localized(lang).contains(pg.database()), "{}", e.localized(lang));
    }
    let e = pg.transaction(|tx| tx.insert("participants", b"k", b"lost")).unwrap_err();
    assert!(matches!(e, Error::DatabaseClosed { .. }), "{e:?}");
    let e = listener.wait(Duration::from_secs(2)).unwrap_err();
    assert!(matches!(e, Error::DatabaseClosed { .. }), "{e:?}");

    pg.reconnect().unwrap();
    assert_eq!(pg.get("participants", b"k").unwrap(), Some((b"sealed".to_vec(), version)), "nothing lost");
    assert!(pg.transaction(|tx| tx.insert("participants", b"k", b"after")).unwrap() > version);
    let mut listener = pg.listen().unwrap();
    pg_cluster::connect(&url).unwrap().transaction(|tx| tx.remove("participants", b"k")).unwrap();
    assert_eq!(listener.wait(Duration::from_secs(10)).unwrap(), ["participants"]);
}

#[test]
fn pg_addresses_without_a_server_are_refused_clearly() {
    let e = Pg::connect("postgresql:///daftar?sslmode=require").err().unwrap();
    assert!(matches!(e, Error::DatabaseTlsNotYet));
    assert!(e.to_string().contains("TLS") && e.to_string().contains("later"), "{e}");
    for lang in Lang::ALL {
        assert!(e.localized(lang).contains("TLS"), "{}", e.localized(lang));
    }
    let nobody = tempfile::TempDir::new().unwrap();
    let url = format!("postgresql:///daftar?host={}", nobody.path().display());
    let e = Pg::connect(&url).err().unwrap();
    assert!(matches!(&e, Error::DatabaseUnreachable { database, .. } if database == "daftar"), "{e:?}");
}

#[test]
fn a_bulk_transaction_of_many_keys_commits_and_an_ordinary_one_waits_for_it() {
    let Some((url, mut pg)) = fresh() else { return };
    // Far more keys than a default server's lock table holds (about 7,800): with a lock per
    // key this fails with 53200 "out of shared memory".
    const KEYS: u32 = 100_000;
    let (started, wait_started) = std::sync::mpsc::channel();
    let observer = RefCell::new(raw(&url));
    let bulk = std::thread::spawn(move || {
        let sent = AtomicBool::new(false);
        pg.bulk_transaction(|tx| {
            for n in 0..KEYS {
                tx.insert("copied", &n.to_be_bytes(), b"row")?;
            }
            if !sent.swap(true, Ordering::SeqCst) {
                started.send(()).unwrap();
            }
            // Until the ordinary transaction is seen waiting for the store lock.
            while observer
                .borrow_mut()
                .query_one("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", &[])
                .unwrap()
                .get::<_, i64>(0)
                == 0
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(())
        })
        .unwrap();
    });
    wait_started.recv().unwrap();
    let mut ordinary = pg_cluster::connect(&url).unwrap();
    let seen = ordinary.transaction(|tx| tx.get("copied", &(KEYS - 1).to_be_bytes())).unwrap();
    assert_eq!(seen.map(|(v, _)| v), Some(b"row".to_vec()), "it waited for the bulk transaction and saw it");
    bulk.join().unwrap();
    assert_eq!(ordinary.len("copied").unwrap(), u64::from(KEYS));
}

/// `ALTER SYSTEM SET assignment` and a reload (two statements: ALTER SYSTEM refuses to run in
/// a transaction, which a batch of several is).
fn set_system(url: &str, assignment: &str) {
    let mut client = raw(url);
    client.batch_execute(&format!("ALTER SYSTEM SET {assignment}")).unwrap();
    client.batch_execute("SELECT pg_reload_conf()").unwrap();
}

/// Until a new connection to `url` sees `setting` at `value` (a reload is asynchronous).
fn wait_for_setting(url: &str, setting: &str, value: &str) {
    for _ in 0..200 {
        let now: String = raw(url).query_one(&format!("SHOW {setting}"), &[]).unwrap().get(0);
        if now == value {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{setting} never became {value}");
}

#[test]
fn a_commit_whose_answer_was_lost_but_was_applied_is_reported_saved_and_not_run_again() {
    let Some(cluster) = pg_cluster::private() else { return };
    let url = cluster.database();
    pg_cluster::connect(&url).unwrap().migrate().unwrap();
    // A synchronous standby that never comes: every COMMIT is written, then waits for it;
    // terminating the backend then loses the answer of a COMMIT that was applied.
    set_system(&url, "synchronous_standby_names = 'nobody'");
    wait_for_setting(&url, "synchronous_standby_names", "nobody");
    let mut pg = pg_cluster::connect(&url).unwrap();
    let killer = {
        let url = url.clone();
        std::thread::spawn(move || {
            let mut killer = raw(&url);
            for _ in 0..600 {
                let waiting =
                    killer.query("SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep'", &[]).unwrap();
                if let Some(row) = waiting.first() {
                    let pid: i32 = row.get(0);
                    killer.execute("SELECT pg_terminate_backend($1)", &[&pid]).unwrap();
                    return true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            false
        })
    };
    let attempts = AtomicU32::new(0);
    let version = pg
        .transaction(|tx| {
            attempts.fetch_add(1, Ordering::SeqCst);
            tx.insert("answers", b"k", b"saved")
        })
        .unwrap();
    assert!(killer.join().unwrap(), "the COMMIT never waited");
    assert_eq!(attempts.load(Ordering::SeqCst), 1, "applied, so not run again");
    set_system(&url, "synchronous_standby_names = DEFAULT");
    wait_for_setting(&url, "synchronous_standby_names", "");
    assert_eq!(pg.get("answers", b"k").unwrap(), Some((b"saved".to_vec(), version)));
}

#[test]
fn a_commit_whose_connection_died_before_it_applied_is_run_again_once() {
    let Some((url, mut pg)) = fresh() else { return };
    // At the first COMMIT that writes a row, the backend terminates itself before the commit
    // is written (a deferred trigger runs inside the COMMIT); a sequence is not rolled back,
    // so the second try goes through.
    raw(&url)
        .batch_execute(
            "CREATE SEQUENCE kills;
             CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF nextval('kills') = 1 THEN
                     PERFORM pg_terminate_backend(pg_backend_pid());
                     PERFORM pg_sleep(10);
                 END IF;
                 RETURN NULL;
             END $$;
             CREATE CONSTRAINT TRIGGER die AFTER INSERT ON daftar.daftar_kv DEFERRABLE INITIALLY DEFERRED
                 FOR EACH ROW EXECUTE FUNCTION die();",
        )
        .unwrap();
    let attempts = AtomicU32::new(0);
    let version = pg
        .transaction(|tx| {
            attempts.fetch_add(1, Ordering::SeqCst);
            tx.insert("answers", b"k", b"saved")
        })
        .unwrap();
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "aborted by the lost connection, then run again");
    assert_eq!(pg.get("answers", b"k").unwrap(), Some((b"saved".to_vec(), version)));
    assert_eq!(pg.len("answers").unwrap(), 1);
}

#[test]
fn pg_an_unknown_commit_is_said_in_every_language() {
    let e = Error::CommitUnknown { database: "register".into() };
    assert!(e.to_string().contains("cannot be known"), "{e}");
    for lang in Lang::ALL {
        assert!(e.localized(lang).contains("register"), "{}", e.localized(lang));
    }
    assert_ne!(e.localized(Lang::Fr), e.localized(Lang::En));
    assert_ne!(e.localized(Lang::Ar), e.localized(Lang::En));
}

/// The keys `scan` reads from `tree`, checked one at a time.
fn scanned(pg: &mut Pg, tree: &str, scan: Scan) -> Vec<Vec<u8>> {
    pg.rows(tree, scan).map(|row| row.unwrap().key).collect()
}

#[test]
fn scans_read_in_keyset_pages_both_ways_with_a_limit() {
    let Some((url, mut pg)) = fresh() else { return };
    let stored: Vec<Vec<u8>> = (0u8..10).map(|n| vec![b'k', n]).chain([b"j".to_vec(), b"l".to_vec()]).collect();
    pg.transaction(|tx| {
        for key in &stored {
            tx.insert("t", key, key)?;
        }
        Ok(())
    })
    .unwrap();
    let ascending: Vec<Vec<u8>> = (0u8..10).map(|n| vec![b'k', n]).collect();
    let descending: Vec<Vec<u8>> = ascending.iter().rev().cloned().collect();
    // Pages of 3 over 10 rows: 3 + 3 + 3 + 1; of 5: two full pages and an empty one.
    for page in [1, 3, 5, 10, 1000] {
        let prefix = Scan::prefix(b"k").page_size(page);
        assert_eq!(scanned(&mut pg, "t", prefix.clone()), ascending, "page {page}");
        assert_eq!(scanned(&mut pg, "t", prefix.clone().reverse()), descending, "page {page}");
        assert_eq!(scanned(&mut pg, "t", prefix.clone().limit(4)), ascending[..4], "page {page}");
        assert_eq!(scanned(&mut pg, "t", prefix.clone().reverse().limit(7)), descending[..7], "page {page}");
        assert_eq!(scanned(&mut pg, "t", prefix.clone().limit(0)), Vec::<Vec<u8>>::new());
        assert_eq!(scanned(&mut pg, "t", prefix.limit(50)), ascending);
        let from: &[u8] = &[b'k', 2];
        let to: &[u8] = &[b'k', 7];
        let range = Scan::range(from..=to).page_size(page);
        assert_eq!(scanned(&mut pg, "t", range.clone()), ascending[2..=7], "page {page}");
        assert_eq!(scanned(&mut pg, "t", range.reverse()), descending[2..=7], "page {page}");
        let after = Scan::range(from..).page_size(page).reverse();
        let mut expected: Vec<Vec<u8>> = ascending[2..].iter().cloned().chain([b"l".to_vec()]).collect();
        expected.reverse();
        assert_eq!(scanned(&mut pg, "t", after), expected, "page {page}");
        let all = Scan::all().page_size(page);
        let mut sorted = stored.clone();
        sorted.sort();
        assert_eq!(scanned(&mut pg, "t", all.clone()), sorted);
        sorted.reverse();
        assert_eq!(scanned(&mut pg, "t", all.reverse()), sorted);
    }
    assert_eq!(pg.first("t").unwrap().map(|e| e.key), Some(b"j".to_vec()));
    assert_eq!(pg.last("t").unwrap().map(|e| e.key), Some(b"l".to_vec()));
    let last = pg.last("t").unwrap().unwrap();
    assert_eq!((last.value, Some(last.version)), (b"l".to_vec(), pg.get("t", b"l").unwrap().map(|(_, v)| v)));
    assert_eq!(pg.first("empty").unwrap(), None);
    assert_eq!(pg.last("empty").unwrap(), None);
    assert_eq!(scanned(&mut pg, "empty", Scan::all().page_size(2)), Vec::<Vec<u8>>::new());
    assert_eq!(scanned(&mut pg, "empty", Scan::all().reverse()), Vec::<Vec<u8>>::new());

    // Between pages nothing is held: no transaction stays open, and a row written meanwhile
    // ahead of the scan is read when the scan gets there.
    let mut other = raw(&url);
    let mut rows = pg.rows("t", Scan::prefix(b"k").page_size(2));
    assert_eq!(rows.next().unwrap().unwrap().key, ascending[0]);
    let open: i64 = other
        .query_one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'", &[])
        .unwrap()
        .get(0);
    assert_eq!(open, 0, "a transaction is held between pages");
    pg_cluster::connect(&url).unwrap().transaction(|tx| tx.insert("t", &[b'k', 20], b"late")).unwrap();
    let rest: Vec<Vec<u8>> = rows.map(|row| row.unwrap().key).collect();
    assert_eq!(rest.last(), Some(&vec![b'k', 20]), "{rest:?}");
    assert_eq!(rest.len(), 10);
}

#[test]
fn pg_a_server_without_fsync_is_refused_and_only_the_tests_accept_it() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let url = cluster.database();
    let e = Pg::connect(&url).err().unwrap();
    assert!(matches!(&e, Error::DatabaseNotDurable { database } if database.starts_with("daftar_test_")), "{e:?}");
    assert!(e.to_string().contains("fsync = off") && e.to_string().contains("power"), "{e}");
    for lang in Lang::ALL {
        let said = e.localized(lang);
        assert!(said.contains("fsync = on") && said.contains("daftar_test_"), "{lang}: {said}");
    }
    let mut pg = Pg::connect_unsafe_for_tests(&url).unwrap();
    pg.migrate().unwrap();
    assert_eq!(pg.schema_version().unwrap(), Some(SCHEMA_VERSION));
}

#[test]
fn a_key_held_longer_than_the_lock_timeout_is_busy_not_a_frozen_screen() {
    let Some((url, _)) = fresh() else { return };
    // The default is 10 s; the address's own options may shorten it (not synchronous_commit).
    let short = format!("{url}&options=-c%20lock_timeout%3D300ms");
    let mut holder = pg_cluster::connect(&url).unwrap();
    let mut waiter = pg_cluster::connect(&short).unwrap();
    let (held, wait_held) = std::sync::mpsc::channel();
    let (done, wait_done) = std::sync::mpsc::channel::<()>();
    let holding = std::thread::spawn(move || {
        holder
            .transaction(|tx| {
                tx.insert("drafts", b"k", b"mine")?;
                held.send(()).unwrap();
                wait_done.recv_timeout(Duration::from_secs(30)).unwrap();
                Ok(())
            })
            .unwrap();
    });
    wait_held.recv().unwrap();
    let started = std::time::Instant::now();
    let e = waiter.transaction(|tx| tx.insert("drafts", b"k", b"theirs")).unwrap_err();
    assert!(matches!(e, Error::DatabaseBusy { attempts: 1 }), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    done.send(()).unwrap();
    holding.join().unwrap();
    assert_eq!(waiter.get("drafts", b"k").unwrap().map(|(v, _)| v), Some(b"mine".to_vec()));
}

#[test]
fn a_claim_is_won_by_one_writer_and_the_others_are_told_it_exists() {
    let Some((url, mut pg)) = fresh() else { return };
    let (won, other) = pg
        .transaction(|tx| {
            let won = tx.insert_new("file_numbers", b"digest", b"participant 1")?;
            let again = tx.insert_new("file_numbers", b"digest", b"participant 2");
            assert!(matches!(&again, Err(Error::Conflict { found: Some(v), .. }) if *v == won), "{again:?}");
            // The conflict left the transaction usable.
            Ok((won, tx.insert("participants", b"1", b"sealed")?))
        })
        .unwrap();
    assert!(other > won);
    assert_eq!(pg.get("file_numbers", b"digest").unwrap(), Some((b"participant 1".to_vec(), won)));
    assert_eq!(pg.get("participants", b"1").unwrap().map(|(_, v)| v), Some(other));

    // A race of 8 connections for one claim: one wins, seven are told it exists.
    let start = Arc::new(Barrier::new(8));
    let racers: Vec<_> = (0..8u8)
        .map(|n| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let mut pg = pg_cluster::connect(&url).unwrap();
                start.wait();
                pg.transaction(|tx| tx.insert_new("file_numbers", b"raced", &[n]))
            })
        })
        .collect();
    let results: Vec<_> = racers.into_iter().map(|r| r.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    let winner = results.iter().find_map(|r| r.as_ref().ok().copied()).unwrap();
    for lost in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(matches!(lost, Error::Conflict { found: Some(v), .. } if *v == winner), "{lost:?}");
    }
}

#[test]
fn pg_the_test_cluster_is_pinned_whatever_the_environment_says() {
    let Some(cluster) = pg_cluster::shared() else { return };
    assert!(cluster.socket_dir().starts_with("/tmp"), "{}", cluster.socket_dir().display());
    let url = cluster.database();
    let mut plain = raw(&url);
    let show = |plain: &mut postgres::Client, setting: &str| -> String {
        plain.query_one(&format!("SHOW {setting}"), &[]).unwrap().get(0)
    };
    assert_eq!(show(&mut plain, "port"), "5432");
    assert_eq!(show(&mut plain, "max_connections"), "300");
    assert_eq!(show(&mut plain, "listen_addresses"), "");
}

/// The schema belongs to the database's owner whichever member of the owner's role migrates
/// it first, so that every member can use it (the README's set-up: one owner role, one role
/// per interviewer's system account in it).
#[test]
fn the_schema_belongs_to_the_databases_owner_whoever_migrates_it() {
    let Some(cluster) = pg_cluster::shared() else { return };
    let admin_url = cluster.database();
    let mut admin = raw(&admin_url);
    // Roles are the cluster's, shared by its databases: named for this database.
    let db: String = admin.query_one("SELECT current_database()", &[]).unwrap().get(0);
    let (owner, first, second) = (format!("{db}_staff"), format!("{db}_ilyas"), format!("{db}_sara"));
    admin
        .batch_execute(&format!(
            "CREATE ROLE {owner}; CREATE ROLE {first} LOGIN IN ROLE {owner}; CREATE ROLE {second} LOGIN IN ROLE {owner};"
        ))
        .unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {db}_team OWNER {owner}")).unwrap();
    let url_as = |role: &str| {
        admin_url.replace(&format!("/{db}?"), &format!("/{db}_team?")).replace("user=postgres", &format!("user={role}"))
    };
    let mut pg = pg_cluster::connect(&url_as(&first)).unwrap();
    pg.migrate().unwrap();
    pg.transaction(|tx| tx.insert("t", b"k", b"by the first")).unwrap();
    let owners: Vec<String> = raw(&url_as(&first))
        .query("SELECT tableowner::text FROM pg_tables WHERE schemaname = 'daftar' ORDER BY tablename", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(owners, vec![owner.clone(), owner.clone()], "daftar_kv and daftar_schema");
    let mut other = pg_cluster::connect(&url_as(&second)).unwrap();
    assert_eq!(other.migrate().unwrap(), 0, "nothing left to migrate");
    other.transaction(|tx| tx.insert("t", b"k", b"by the second")).unwrap();
    assert_eq!(pg.get("t", b"k").unwrap().map(|(v, _)| v), Some(b"by the second".to_vec()));
}

/// What a link's own connections commit is not announced to its listener; what another
/// connection commits is, with the tree's name, within the wait.
#[test]
fn a_link_hears_other_connections_and_not_its_own() {
    let Some((url, pg)) = fresh() else { return };
    let link = daftar::store::kv::PgLink::new(pg, pg_cluster::connect(&url).unwrap());
    let mut listener = link.listen().unwrap();
    let own = daftar::store::kv::Tree::pg("summaries", &link);
    own.insert(b"mine", &b"1"[..]).unwrap();
    assert!(listener.wait(Duration::from_millis(300)).unwrap().is_empty(), "its own write is not news to it");
    let mut other = pg_cluster::connect(&url).unwrap();
    other.transaction(|tx| tx.insert("stages", b"theirs", b"2")).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(listener.wait(Duration::from_secs(5)).unwrap(), vec!["stages".to_string()]);
    assert!(started.elapsed() < Duration::from_secs(5));
}
