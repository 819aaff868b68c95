//! The work queue's rules on a real PostgreSQL server (skipped with a message where PostgreSQL is
//! not installed; never in CI): claims in order and never twice, turns, leases that run out, a
//! lost claim that can no longer finish, parking after three failures.

use std::time::Duration;

use marsad_pgtest::Cluster;
use marsad_store::{Released, Store, Turn};

#[test]
fn claims_turns_and_leases() {
    let Some(pg) = Cluster::start("the work queue tests") else {
        return;
    };
    let url = pg.new_database();
    let mut a = Store::open(&url).unwrap();
    let mut b = Store::open(&url).unwrap();
    for i in 1..=3 {
        a.enqueue(&format!("[{i}]"), 1).unwrap();
    }
    let short = Duration::from_secs(1);
    let long = Duration::from_secs(60);
    // Lowest first, never the same batch twice.
    let first = a.claim("a", short).unwrap().unwrap();
    let second = b.claim("b", long).unwrap().unwrap();
    assert_eq!((first.seq, second.seq), (1, 2));
    assert_eq!(first.docs, "[1]");
    assert_eq!(a.turn(&first).unwrap(), Turn::Go);
    assert_eq!(
        b.turn(&second).unwrap(),
        Turn::Wait,
        "batch 1 is still claimed"
    );
    // Batch 1's lease runs out: the waiting worker is told to give its batch back and take it.
    std::thread::sleep(Duration::from_millis(1300));
    assert_eq!(b.turn(&second).unwrap(), Turn::Yield);
    assert_eq!(b.release(&second, None).unwrap(), Released::Pending);
    let retaken = b.claim("b", long).unwrap().unwrap();
    assert_eq!((retaken.seq, retaken.claims), (1, 2));
    // The first claim is lost: it can neither renew nor finish.
    assert!(!a.renew(&first, long).unwrap());
    assert_eq!(a.turn(&first).unwrap(), Turn::Lost);
    let mut tx = a.batch().unwrap();
    assert!(!tx.finish_claim(&first).unwrap());
    drop(tx);
    // The new claim finishes, in a write batch.
    let mut tx = b.batch().unwrap();
    assert_eq!(tx.is_turn(&retaken).unwrap(), Turn::Go);
    assert!(tx.finish_claim(&retaken).unwrap());
    tx.commit().unwrap();
    let status = a.queue_status().unwrap();
    assert_eq!((status.pending.0, status.done.0), (2, 1), "{status:?}");
    // Three failures park a batch; it is shown with its error and can be put back.
    for n in 1..=3 {
        let c = a.claim("a", long).unwrap().unwrap();
        assert_eq!(c.seq, 2);
        let r = a.release(&c, Some("it broke")).unwrap();
        assert_eq!(r == Released::Parked, n == 3);
    }
    let status = a.queue_status().unwrap();
    assert_eq!(status.failed.0, 1);
    assert_eq!(status.open[0].error.as_deref(), Some("it broke"));
    assert_eq!(
        a.claim("a", long).unwrap().unwrap().seq,
        3,
        "the parked batch is passed over"
    );
    assert_eq!(a.requeue_failed(None).unwrap(), 1);
}

#[test]
fn the_queue_is_refused_on_sqlite() {
    let mut s = Store::open_in_memory().unwrap();
    let e = s.enqueue("[]", 0).unwrap_err();
    assert!(e.to_string().contains("needs a PostgreSQL database"), "{e}");
}
