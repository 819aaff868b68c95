//! Throwaway PostgreSQL clusters for Marsad's tests (a dev-only crate, issue 12).
//!
//! The PostgreSQL store and its work queue can only be tested against a real server: leases,
//! `SKIP LOCKED`, a worker losing its connection. [`Cluster::start`] builds one in a fresh folder
//! under `/tmp` with PostgreSQL's own programs (`initdb`, then `pg_ctl start` on a free port of
//! 127.0.0.1, trusting every local connection as user `marsad`), and dropping the [`Cluster`]
//! stops the server and deletes the folder. [`Cluster::new_database`] gives each test its own
//! empty database, so the tests of one binary can share a cluster; [`Cluster::restart`] cuts
//! every connection, for reconnection tests.
//!
//! What it does not do: speak the PostgreSQL protocol. Databases are created with `psql`, so the
//! crate depends on nothing and the crates under test pick their own client. Nor does it make
//! the cluster durable: `fsync`, `synchronous_commit` and `full_page_writes` are off, which makes
//! a test cluster several times faster and costs nothing when it is thrown away anyway.
//!
//! Where PostgreSQL is not installed, `start` prints `PostgreSQL not found (initdb/pg_ctl):
//! skipping <what>` to stderr (past `cargo test`'s capture, so it shows) and returns `None`: a
//! machine without PostgreSQL passes and says so. CI sets `MARSAD_REQUIRE_POSTGRES=1`, which
//! turns that absence into a panic, so there the PostgreSQL tests cannot silently skip. The
//! programs are looked for on `PATH`, then in Debian's `/usr/lib/postgresql/<version>/bin`.
//!
//! PostgreSQL refuses to run as root. When the tests do (containers, CI), `initdb` and `pg_ctl`
//! run as `postgres` (else `nobody`) through `runuser` (else `setpriv`, else `su`), and the folder
//! is given to that user.
//!
//! Failures panic with what the server said (the tail of its log): this is a test fixture, and a
//! test that cannot get its server has nothing better to do than stop and show why.
//!
//! A watchdog shell started with the cluster waits for this process to end and then stops the
//! server and deletes the folder, so a cluster that is never dropped (one kept in a `static` to
//! share it between tests, or a test binary killed by a timeout or Ctrl-C) leaves nothing running.
//!
//! ```
//! use marsad_pgtest::Cluster;
//!
//! let Some(pg) = Cluster::start("the marsad-pgtest example") else { return };
//! let url = pg.new_database();
//! assert!(url.starts_with("postgres://marsad@127.0.0.1:"));
//! assert_eq!(pg.psql(&url, "SELECT 1 + 1").unwrap(), "2");
//!
//! pg.restart(); // every open connection is cut; the data stays
//! assert_eq!(pg.psql(&url, "SELECT 2 + 2").unwrap(), "4");
//! ```
//!
//! Sharing one cluster between the tests of a binary:
//!
//! ```
//! use std::sync::OnceLock;
//! use marsad_pgtest::Cluster;
//!
//! fn cluster() -> Option<&'static Cluster> {
//!     static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
//!     CLUSTER.get_or_init(|| Cluster::start("the PostgreSQL store tests")).as_ref()
//! }
//!
//! let Some(pg) = cluster() else { return };
//! let (a, b) = (pg.new_database(), pg.new_database());
//! assert_ne!(a, b);
//! ```

mod bins;
mod user;

use std::env;
use std::fs;
use std::io::{self, Write};
use std::net::TcpListener;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{self, Child, ChildStdin, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use bins::Bins;
use user::RunAs;

/// The environment variable that turns a missing PostgreSQL from a skip into a panic (CI sets it).
pub const REQUIRE_ENV: &str = "MARSAD_REQUIRE_POSTGRES";

/// The superuser every cluster is created with; connections need no password.
pub const USER: &str = "marsad";

/// A throwaway PostgreSQL cluster in a temporary folder, stopped and deleted on drop.
///
/// The folder holds the data directory (`data/`), the server's Unix socket and its log (`log`).
/// A `Cluster` is `Sync`: tests may share one (see the crate example), each with its own
/// database. Restarting a shared cluster cuts the other tests' connections too, so a test that
/// restarts should start its own.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    port: u16,
    bins: Bins,
    run_as: RunAs,
    databases: AtomicU32,
    /// The watchdog's stdin: closing it (or this process ending) makes it clean up.
    watchdog: Option<(Child, ChildStdin)>,
}

impl Cluster {
    /// Starts a fresh cluster, or returns None after printing a visible message to stderr
    /// ("PostgreSQL not found (initdb/pg_ctl): skipping <what>") when the binaries are absent.
    /// When the environment variable MARSAD_REQUIRE_POSTGRES=1 is set, absence panics instead.
    ///
    /// Panics, with the server log's tail, when the binaries are there but the cluster does not
    /// start.
    pub fn start(what: &str) -> Option<Cluster> {
        match bins::find() {
            Some(bins) => Some(Cluster::start_with(bins)),
            None => absent(what, env::var(REQUIRE_ENV).as_deref() == Ok("1")),
        }
    }

    /// A `postgres://` URL of a fresh empty database in this cluster: each call creates a new
    /// one (`test_1`, `test_2`, …) with `CREATE DATABASE` through `psql`.
    pub fn new_database(&self) -> String {
        let name = format!(
            "test_{}",
            self.databases.fetch_add(1, Ordering::Relaxed) + 1
        );
        if let Err(error) = self.psql(&self.url("postgres"), &format!("CREATE DATABASE {name}")) {
            panic!("postgres test cluster: creating database {name} failed: {error}");
        }
        self.url(&name)
    }

    /// The URL of database `db` in this cluster: `postgres://marsad@127.0.0.1:PORT/db`.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{db}", self.port)
    }

    /// Runs `sql` through `psql` against `url` (a URL of this cluster or any other), and returns
    /// what it printed, unaligned and without headers (`SELECT 1` gives `1`), or its error.
    /// Panics when `psql` is found neither next to `initdb` nor on `PATH`.
    pub fn psql(&self, url: &str, sql: &str) -> Result<String, String> {
        let Some(psql) = &self.bins.psql else {
            panic!(
                "postgres test cluster: psql found neither in {} nor on PATH",
                self.bins.dir.display()
            );
        };
        let mut command = Command::new(psql);
        command
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args(["-d", url, "-c", sql])
            .env("PGCONNECT_TIMEOUT", "10");
        let output = run(clean_env(&mut command));
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        } else {
            Err(describe(&output))
        }
    }

    /// Stops the server (pg_ctl stop -m fast) and starts it again on the same port and data: for
    /// connection-cut tests.
    pub fn restart(&self) {
        self.stop();
        self.start_again();
    }

    /// Stops the server (`pg_ctl stop -m fast`: open connections are cut, committed data stays).
    pub fn stop(&self) {
        let output = run(&mut self.pg_ctl(["stop", "-m", "fast", "-w"]));
        if !output.status.success() {
            panic!(
                "postgres test cluster: pg_ctl stop failed: {}",
                describe(&output)
            );
        }
    }

    /// Starts the server again after [`Cluster::stop`], on the same port and data.
    pub fn start_again(&self) {
        if let Err(error) = self.pg_ctl_start() {
            panic!("postgres test cluster: pg_ctl start failed: {error}");
        }
    }

    /// The TCP port the server listens on, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder of the PostgreSQL programs this cluster runs (`initdb`, `pg_ctl`, `postgres`).
    pub fn bin_dir(&self) -> &Path {
        &self.bins.dir
    }

    /// The cluster's temporary folder: `data/`, the Unix socket, and the server log `log`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Cluster {
    /// Stops the server at once (`pg_ctl stop -m immediate`) and deletes the folder.
    fn drop(&mut self) {
        if self.data().join("postmaster.pid").exists() {
            let _ = self.pg_ctl(["stop", "-m", "immediate", "-w"]).output();
        }
        // The watchdog deletes the folder, and kills the server if pg_ctl could not.
        if let Some((mut child, stdin)) = self.watchdog.take() {
            drop(stdin);
            let _ = child.wait();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// How many fresh ports to try when the one picked was taken before the server could bind it.
const PORT_ATTEMPTS: usize = 5;

/// How many lines of the server log a panic shows.
const LOG_TAIL_LINES: usize = 30;

impl Cluster {
    fn start_with(bins: Bins) -> Cluster {
        let run_as = RunAs::detect();
        let dir = make_folder();
        if let Some((uid, gid)) = run_as.owner() {
            if let Err(error) = std::os::unix::fs::chown(&dir, Some(uid), Some(gid)) {
                let _ = fs::remove_dir_all(&dir);
                panic!(
                    "postgres test cluster: cannot give {} to uid {uid}: {error}",
                    dir.display()
                );
            }
        }
        let mut cluster = Cluster {
            watchdog: spawn_watchdog(&dir),
            dir,
            port: 0,
            bins,
            run_as,
            databases: AtomicU32::new(0),
        };
        // From here on, a panic drops `cluster`, which deletes the folder.
        let data = cluster.data();
        let initdb = cluster.bins.initdb.clone();
        let mut command = cluster.run_as.command(
            &initdb,
            [
                "-D".as_ref(),
                data.as_os_str(),
                "--auth=trust".as_ref(),
                format!("--username={USER}").as_ref(),
                "--encoding=UTF8".as_ref(),
                "--locale=C".as_ref(),
                // Like fsync=off for the server: nothing here needs to survive a power cut.
                "--no-sync".as_ref(),
            ],
        );
        let output = run(cluster.in_folder(&mut command));
        if !output.status.success() {
            panic!(
                "postgres test cluster: initdb failed: {}",
                describe(&output)
            );
        }
        // Binding port 0 picks a free port, but another process may take it before the server
        // binds it in turn: then try another.
        for attempt in 1..=PORT_ATTEMPTS {
            cluster.port = free_port();
            let log_before = fs::metadata(cluster.log()).map_or(0, |m| m.len());
            match cluster.pg_ctl_start() {
                Ok(()) => return cluster,
                Err(error) => {
                    let log = fs::read(cluster.log()).unwrap_or_default();
                    let new =
                        String::from_utf8_lossy(log.get(log_before as usize..).unwrap_or(&[]));
                    if attempt == PORT_ATTEMPTS || !new.contains("already in use") {
                        panic!("postgres test cluster: pg_ctl start failed: {error}");
                    }
                }
            }
        }
        unreachable!("the last attempt returns or panics")
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn log(&self) -> PathBuf {
        self.dir.join("log")
    }

    /// `pg_ctl start` on this cluster's port and folder; the error carries the log's tail.
    fn pg_ctl_start(&self) -> Result<(), String> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            self.port,
            self.dir.display()
        );
        let log = self.log();
        let output = run(&mut self.pg_ctl([
            "start".as_ref(),
            "-l".as_ref(),
            log.as_os_str(),
            "-w".as_ref(),
            "-t".as_ref(),
            "60".as_ref(),
            "-o".as_ref(),
            options.as_ref(),
        ]));
        if output.status.success() {
            return Ok(());
        }
        let log = fs::read_to_string(&log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n");
        Err(format!(
            "{}\n--- last lines of the server log {} ---\n{tail}",
            describe(&output),
            self.log().display()
        ))
    }

    /// `pg_ctl ARGS -D <data>` as the cluster's user.
    fn pg_ctl<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let data = self.data();
        let args: Vec<std::ffi::OsString> = args
            .into_iter()
            .map(|a| a.as_ref().to_owned())
            .chain(["-D".into(), data.into_os_string()])
            .collect();
        let mut command = self.run_as.command(&self.bins.pg_ctl, args);
        self.in_folder(&mut command);
        command
    }

    /// Runs server programs from the cluster's folder, which their user can enter (the test's
    /// working directory may not be), with none of the caller's `PG*` settings.
    fn in_folder<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        clean_env(command).current_dir(&self.dir)
    }
}

/// The skip (or, when required, the panic) for a machine without PostgreSQL.
fn absent(what: &str, required: bool) -> Option<Cluster> {
    match absence(what, required) {
        // Written to the stream itself rather than with `eprintln!`, which libtest captures: a
        // skip must show in a plain `cargo test`.
        Ok(skip) => {
            let _ = writeln!(io::stderr(), "{skip}");
            None
        }
        Err(message) => panic!("{message}"),
    }
}

/// What [`absent`] says: the skip message, or the panic message when PostgreSQL is required.
fn absence(what: &str, required: bool) -> Result<String, String> {
    if required {
        return Err(format!(
            "PostgreSQL not found (initdb/pg_ctl) on PATH nor in {}/*/bin, and {REQUIRE_ENV}=1 \
             forbids skipping {what}: install Debian's `postgresql` package",
            bins::DEBIAN_VERSIONS
        ));
    }
    Ok(format!(
        "PostgreSQL not found (initdb/pg_ctl): skipping {what}"
    ))
}

/// A new folder `/tmp/marsad-pgtest-<pid>-<n>-<nanos>`, mode 0755. Always under `/tmp`: the
/// server's user must reach it (a `TMPDIR` under root's home would not do), and the Unix socket's
/// path must stay under the 107 bytes `sockaddr_un` allows.
fn make_folder() -> PathBuf {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    loop {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = PathBuf::from(format!("/tmp/marsad-pgtest-{}-{n}-{nanos}", process::id()));
        match fs::DirBuilder::new().mode(0o755).create(&dir) {
            Ok(()) => {
                // The mode passed to mkdir is narrowed by the umask; the socket needs 0755.
                let set = fs::set_permissions(&dir, fs::Permissions::from_mode(0o755));
                if let Err(error) = set {
                    panic!(
                        "postgres test cluster: chmod 755 {}: {error}",
                        dir.display()
                    );
                }
                return dir;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(error) => panic!("postgres test cluster: mkdir {}: {error}", dir.display()),
        }
    }
}

/// A port of 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|error| panic!("postgres test cluster: no free port on 127.0.0.1: {error}"))
}

/// The watchdog: `sh` waiting on a pipe that only this process holds. When the pipe closes (the
/// cluster dropped, or this process gone for any reason), it stops the server if it still runs
/// (SIGQUIT, PostgreSQL's immediate shutdown), waits until its pid file is gone (the process may
/// linger as a zombie where nothing reaps orphans), and deletes the folder. It ignores the
/// signals that end a test run (Ctrl-C reaches the whole process group): cleaning up is its job.
///
/// Nothing else inherits the pipe: Rust opens every descriptor close-on-exec.
fn spawn_watchdog(dir: &Path) -> Option<(Child, ChildStdin)> {
    const SCRIPT: &str = r#"
trap '' INT HUP TERM QUIT
read _ || :
pid=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null)
if [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" != postgres ]; then
    pid=
fi
if [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null; then
    i=0
    while [ -e "$1/data/postmaster.pid" ] && kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
fi
rm -rf "$1"
"#;
    let mut child = Command::new("sh")
        .args(["-c", SCRIPT, "marsad-pgtest-watchdog"])
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let stdin = child.stdin.take()?;
    Some((child, stdin))
}

/// Removes the caller's `PG*` variables (`PGDATA`, `PGPORT`, `PGOPTIONS`, `PGSSLMODE` …), which
/// would otherwise reach the programs and the server and change what a test sees.
fn clean_env(command: &mut Command) -> &mut Command {
    for (name, _) in env::vars_os() {
        if name.to_str().is_some_and(|n| n.starts_with("PG")) {
            command.env_remove(name);
        }
    }
    command
}

/// Runs a command to its end, or panics when it cannot be started at all.
fn run(command: &mut Command) -> Output {
    command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("postgres test cluster: cannot run {command:?}: {error}"))
}

/// A failed command's status and output, for a panic message.
fn describe(output: &Output) -> String {
    let mut text = output.status.to_string();
    for stream in [&output.stdout, &output.stderr] {
        let stream = String::from_utf8_lossy(stream);
        if !stream.trim().is_empty() {
            text.push('\n');
            text.push_str(stream.trim_end());
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_postgres_skips_with_a_message() {
        // `absence` rather than `absent`, which would print a skip message into every test run.
        assert_eq!(
            absence("the store tests", false),
            Ok("PostgreSQL not found (initdb/pg_ctl): skipping the store tests".to_owned())
        );
    }

    #[test]
    fn absent_postgres_fails_when_required() {
        let message = absence("the store tests", true).unwrap_err();
        assert!(message.contains("MARSAD_REQUIRE_POSTGRES=1"), "{message}");
        assert!(message.contains("skipping the store tests"), "{message}");
    }

    #[test]
    fn cluster_is_shareable_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Cluster>();
    }
}
