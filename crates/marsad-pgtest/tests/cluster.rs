//! A cluster's whole life through the public API: start, databases, restart, drop.
//!
//! Skips with a message where PostgreSQL is not installed (fails under MARSAD_REQUIRE_POSTGRES=1).

use std::path::Path;
use std::time::Instant;

use marsad_pgtest::Cluster;

/// `SELECT 1` through `url` answers `1`, and the database is the one the URL names.
fn check_answers(pg: &Cluster, url: &str) {
    let db = url.rsplit('/').next().unwrap();
    let answer = pg.psql(url, "SELECT 1, current_database(), current_user");
    assert_eq!(answer, Ok(format!("1|{db}|marsad")), "{url}");
}

#[test]
fn start_databases_restart_drop() {
    let started = Instant::now();
    let Some(pg) = Cluster::start("the marsad-pgtest cluster test") else {
        return;
    };
    eprintln!(
        "started PostgreSQL from {} on port {} in {} in {:.2?}",
        pg.bin_dir().display(),
        pg.port(),
        pg.dir().display(),
        started.elapsed()
    );
    let dir = pg.dir().to_path_buf();
    assert!(dir.join("data/PG_VERSION").is_file());
    assert!(pg.bin_dir().join("pg_ctl").is_file());

    let (a, b) = (pg.new_database(), pg.new_database());
    assert_ne!(a, b);
    assert_eq!(a, pg.url("test_1"));
    assert_eq!(
        b,
        format!("postgres://marsad@127.0.0.1:{}/test_2", pg.port())
    );
    check_answers(&pg, &a);
    check_answers(&pg, &b);
    let version = pg.psql(&a, "SHOW server_version_num").unwrap();
    let fsync = pg.psql(&a, "SHOW fsync").unwrap();
    eprintln!("server_version_num {version}, fsync {fsync}");
    assert_eq!(fsync, "off");

    // Data written before a restart is there after it; the port stays the same.
    pg.psql(&a, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)")
        .unwrap();
    let port = pg.port();
    let restarted = Instant::now();
    pg.restart();
    eprintln!("restarted in {:.2?}", restarted.elapsed());
    assert_eq!(pg.port(), port);
    check_answers(&pg, &a);
    check_answers(&pg, &b);
    assert_eq!(pg.psql(&a, "SELECT n FROM kept"), Ok("7".to_owned()));

    // While stopped, connections are refused; start_again brings the same server back.
    pg.stop();
    let refused = pg.psql(&a, "SELECT 1").unwrap_err();
    assert!(refused.contains("127.0.0.1"), "{refused}");
    pg.start_again();
    check_answers(&pg, &a);

    drop(pg);
    assert!(!dir.exists(), "{} is left after drop", dir.display());
}

#[test]
fn two_clusters_side_by_side() {
    let Some(one) = Cluster::start("the marsad-pgtest side-by-side test") else {
        return;
    };
    let Some(two) = Cluster::start("the marsad-pgtest side-by-side test") else {
        return;
    };
    assert_ne!(one.port(), two.port());
    assert_ne!(one.dir(), two.dir());
    let (a, b) = (one.new_database(), two.new_database());
    one.psql(&a, "CREATE TABLE only_in_one (n int)").unwrap();
    assert_eq!(
        one.psql(&a, "SELECT count(*) FROM only_in_one"),
        Ok("0".into())
    );
    assert!(two.psql(&b, "SELECT count(*) FROM only_in_one").is_err());
    let dirs: Vec<_> = [one.dir(), two.dir()].map(Path::to_path_buf).into();
    drop((one, two));
    assert!(dirs.iter().all(|d| !d.exists()));
}

/// The way a test binary shares one cluster: every test thread creates its own database at once.
#[test]
fn databases_from_many_threads() {
    let Some(pg) = Cluster::start("the marsad-pgtest shared cluster test") else {
        return;
    };
    let urls: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..8).map(|_| scope.spawn(|| pg.new_database())).collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let mut names: Vec<&str> = urls.iter().map(|u| u.rsplit('/').next().unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 8, "{urls:?}");
    for url in &urls {
        check_answers(&pg, url);
    }
}
