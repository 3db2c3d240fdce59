//! The trees the store is written over (`store::kv`), held to one contract on both engines:
//! sled, and PostgreSQL on the throwaway cluster (`pg_cluster`). Each test runs its body on a
//! sled tree first, then on a PostgreSQL one; a difference between the engines fails it.

use std::sync::Arc;

use daftar::error::Error;
use daftar::store::kv::{self, Batch, PgLink, TransactionError, Tree, TxError};

use crate::pg_cluster;

/// Makes the trees named, all of one store, on one engine.
trait Engine {
    fn name(&self) -> &'static str;
    fn tree(&self, name: &str) -> Tree;
    /// Another handle on the same store, as a second thread or process would open it.
    fn again(&self) -> Box<dyn Engine + Send>;
}

struct Sled(sled::Db);

impl Engine for Sled {
    fn name(&self) -> &'static str {
        "sled"
    }
    fn tree(&self, name: &str) -> Tree {
        Tree::from(self.0.open_tree(name).unwrap())
    }
    fn again(&self) -> Box<dyn Engine + Send> {
        Box::new(Sled(self.0.clone()))
    }
}

struct Postgres {
    url: String,
    link: Arc<PgLink>,
}

impl Postgres {
    fn at(url: &str) -> Postgres {
        let link = PgLink::new(pg_cluster::connect(url).unwrap(), pg_cluster::connect(url).unwrap());
        Postgres { url: url.to_string(), link }
    }
}

impl Engine for Postgres {
    fn name(&self) -> &'static str {
        "postgresql"
    }
    fn tree(&self, name: &str) -> Tree {
        Tree::pg(name, &self.link)
    }
    fn again(&self) -> Box<dyn Engine + Send> {
        Box::new(Postgres::at(&self.url))
    }
}

/// Runs `body` on a fresh sled store, then (where PostgreSQL is there) on a fresh database.
fn on_both(body: impl Fn(&dyn Engine)) {
    let db = sled::Config::new().temporary(true).open().unwrap();
    body(&Sled(db));
    let Some(cluster) = pg_cluster::shared() else { return };
    let url = cluster.database();
    pg_cluster::connect(&url).unwrap().migrate().unwrap();
    body(&Postgres::at(&url));
}

fn keys(it: kv::Iter) -> Vec<Vec<u8>> {
    it.map(|r| r.unwrap().0.to_vec()).collect()
}

#[test]
fn point_reads_and_writes_agree() {
    on_both(|e| {
        let t = e.tree("t");
        let n = e.name();
        assert_eq!(t.get(b"k").unwrap(), None, "{n}");
        assert!(t.is_empty().unwrap(), "{n}");
        t.insert(b"k", &b"one"[..]).unwrap();
        t.insert(b"k", &b"two"[..]).unwrap();
        assert_eq!(t.get(b"k").unwrap().as_deref(), Some(&b"two"[..]), "{n}: the newer write wins");
        assert!(t.contains_key(b"k").unwrap(), "{n}");
        assert_eq!(t.count().unwrap(), 1, "{n}");
        assert!(e.tree("other").get(b"k").unwrap().is_none(), "{n}: trees are apart");
        assert_eq!(t.remove(b"k").unwrap().as_deref(), Some(&b"two"[..]), "{n}: remove gives back the value");
        assert_eq!(t.remove(b"k").unwrap(), None, "{n}");
        assert!(!t.compare_and_swap(b"c", Some(b"x"), Some(b"y")).unwrap(), "{n}: nothing there, no swap");
        assert!(t.compare_and_swap(b"c", None, Some(b"y")).unwrap(), "{n}");
        assert!(!t.compare_and_swap(b"c", None, Some(b"z")).unwrap(), "{n}: already there");
        assert!(t.compare_and_swap(b"c", Some(b"y"), None).unwrap(), "{n}: swapped out");
        assert!(t.get(b"c").unwrap().is_none(), "{n}");
    });
}

#[test]
fn scans_are_in_byte_order_both_ways_and_bounded() {
    on_both(|e| {
        let t = e.tree("s");
        let n = e.name();
        let stored: [&[u8]; 7] = [b"a", b"a\x00", b"a\xff", b"ab", b"b", b"\xff", b"\x00"];
        for k in stored {
            t.insert(k, k).unwrap();
        }
        let all: Vec<Vec<u8>> = vec![
            b"\x00".to_vec(),
            b"a".to_vec(),
            b"a\x00".to_vec(),
            b"ab".to_vec(),
            b"a\xff".to_vec(),
            b"b".to_vec(),
            b"\xff".to_vec(),
        ];
        assert_eq!(keys(t.iter()), all, "{n}: bytewise, the shorter first");
        let mut back = all.clone();
        back.reverse();
        assert_eq!(keys(t.iter().rev()), back, "{n}");
        assert_eq!(keys(t.scan_prefix(b"a")), all[1..5].to_vec(), "{n}");
        assert_eq!(keys(t.scan_prefix(b"a").rev()), back[2..6].to_vec(), "{n}");
        assert_eq!(keys(t.range(&b"a\x00"[..]..&b"b"[..])), all[2..5].to_vec(), "{n}: from included, to excluded");
        assert_eq!(keys(t.range(&b"a\x00"[..]..=&b"b"[..])), all[2..6].to_vec(), "{n}");
        assert_eq!(keys(t.range(..&b"a"[..])), all[..1].to_vec(), "{n}");
        assert_eq!(keys(t.range(&b"b"[..]..)), all[5..].to_vec(), "{n}");
        assert_eq!(keys(t.range(..&b"ab"[..]).rev()), back[4..].to_vec(), "{n}");
        assert_eq!(t.first().unwrap().map(|(k, _)| k.to_vec()), Some(all[0].clone()), "{n}");
        assert_eq!(
            t.last().unwrap().map(|(k, v)| (k.to_vec(), v.to_vec())),
            Some((all[6].clone(), all[6].clone())),
            "{n}"
        );
        assert_eq!(t.scan_prefix(b"a").values().map(|v| v.unwrap().to_vec()).collect::<Vec<_>>(), all[1..5].to_vec());
        t.clear().unwrap();
        assert!(t.is_empty().unwrap() && t.iter().next().is_none(), "{n}: cleared");
    });
}

/// A scan longer than a page (PostgreSQL reads 1,000 rows a statement) gives every row once,
/// and the store can be read and written while it is under way (the scan holds no
/// connection between rows).
#[test]
fn a_long_scan_lets_the_store_be_used_while_it_runs() {
    on_both(|e| {
        let (t, other) = (e.tree("long"), e.tree("other"));
        let n = e.name();
        let mut batch = Batch::default();
        for i in 0u32..2_500 {
            batch.insert(&i.to_be_bytes()[..], &i.to_le_bytes()[..]);
        }
        t.apply_batch(batch).unwrap();
        let mut seen = 0u32;
        for item in t.iter() {
            let (key, value) = item.unwrap();
            assert_eq!(&key[..], &seen.to_be_bytes()[..], "{n}: in order, none twice or missed");
            assert_eq!(&value[..], &seen.to_le_bytes()[..], "{n}");
            if seen.is_multiple_of(500) {
                assert!(t.get(key.clone()).unwrap().is_some(), "{n}: a read inside the scan");
                let r = kv::transaction([&other], |[o]| o.insert(key.clone(), &b"seen"[..]));
                r.unwrap();
            }
            seen += 1;
        }
        assert_eq!(seen, 2_500, "{n}");
        assert_eq!(other.count().unwrap(), 5, "{n}: the writes made during the scan");
        assert_eq!(t.iter().rev().take(3).count(), 3, "{n}");
    });
}

#[test]
fn a_batch_is_applied_whole_with_its_removals() {
    on_both(|e| {
        let t = e.tree("b");
        let n = e.name();
        t.insert(b"gone", &b"x"[..]).unwrap();
        let mut batch = Batch::default();
        batch.insert(&b"one"[..], &b"1"[..]);
        batch.remove(&b"gone"[..]);
        batch.insert(&b"two"[..], &b"2"[..]);
        t.apply_batch(batch).unwrap();
        assert_eq!(keys(t.iter()), vec![b"one".to_vec(), b"two".to_vec()], "{n}");
    });
}

#[test]
fn a_transaction_sees_its_own_writes_and_commits_all_or_nothing() {
    on_both(|e| {
        let (a, b) = (e.tree("a"), e.tree("b"));
        let n = e.name();
        a.insert(b"kept", &b"before"[..]).unwrap();
        let r = kv::transaction([&a, &b], |[a, b]| {
            a.insert(b"k", &b"v"[..])?;
            assert_eq!(a.get(b"k")?.as_deref(), Some(&b"v"[..]), "reads its own write");
            assert_eq!(a.remove(b"kept")?.as_deref(), Some(&b"before"[..]));
            assert!(a.get(b"kept")?.is_none(), "reads its own removal");
            let mut batch = Batch::default();
            batch.insert(&b"x"[..], &b"1"[..]);
            b.apply_batch(&batch)?;
            Ok(7)
        });
        assert_eq!(r.unwrap(), 7, "{n}");
        assert_eq!(a.get(b"k").unwrap().as_deref(), Some(&b"v"[..]), "{n}");
        assert!(a.get(b"kept").unwrap().is_none(), "{n}");
        assert_eq!(b.get(b"x").unwrap().as_deref(), Some(&b"1"[..]), "{n}");

        // The work's own refusal: returned as it is, and nothing written in any tree.
        let r: Result<(), TransactionError> = kv::transaction([&a, &b], |[a, b]| {
            a.insert(b"half", &b"written"[..])?;
            b.remove(b"x")?;
            Err(TxError::Abort(Error::DuplicateFileNumber("F-1".into())))
        });
        match r {
            Err(TransactionError::Abort(Error::DuplicateFileNumber(f))) => assert_eq!(f, "F-1", "{n}"),
            other => panic!("{n}: the abort comes back as it was: {other:?}"),
        }
        assert!(a.get(b"half").unwrap().is_none(), "{n}: nothing half-written");
        assert!(b.get(b"x").unwrap().is_some(), "{n}: the removal was undone");
    });
}

/// Eight writers, each on its own handle, add one to a counter in a transaction 25 times each:
/// no increment is lost (the engines serialise transactions that touch the same key).
#[test]
fn concurrent_transactions_lose_no_update() {
    on_both(|e| {
        let n = e.name();
        e.tree("c").insert(b"n", &0u64.to_be_bytes()[..]).unwrap();
        let writers: Vec<_> = (0..8)
            .map(|_| {
                let engine = e.again();
                std::thread::spawn(move || {
                    let counter = engine.tree("c");
                    for _ in 0..25 {
                        kv::transaction([&counter], |[c]| {
                            let now = c.get(b"n")?.map_or(0, |v| u64::from_be_bytes(v[..8].try_into().unwrap()));
                            c.insert(b"n", &(now + 1).to_be_bytes()[..])
                        })
                        .unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let v = e.tree("c").get(b"n").unwrap().unwrap();
        assert_eq!(u64::from_be_bytes(v[..8].try_into().unwrap()), 200, "{n}");
    });
}

/// A bulk load's batch (here 20,000 writes, as `daftar::synth` and an index rebuild write) is
/// applied whole on both engines; on PostgreSQL a lock for each key would run the server out
/// of shared memory.
#[test]
fn a_batch_of_twenty_thousand_writes_is_applied_whole() {
    on_both(|e| {
        let t = e.tree("bulk");
        let n = e.name();
        let mut batch = kv::Batch::default();
        for i in 0..20_000u32 {
            batch.insert(i.to_be_bytes().to_vec(), b"v".to_vec());
        }
        t.apply_batch(batch).unwrap();
        assert_eq!(t.count().unwrap(), 20_000, "{n}");
    });
}
