//! The embedded event database: articles, merged events and their mentions, in one SQLite file.
//!
//! Marsad needs a store that a user gets with zero set-up, survives a killed process, and answers
//! the watch's and the server's questions (events by dyad, type and date) in milliseconds.
//! It is SQLite through `rusqlite`, with the library compiled in (no system package needed).
//!
//! # What is stored
//!
//! - `articles`: the [`Article`] fields plus the text itself, so that events can be recomputed and
//!   the server can show the evidence; the content hash is unique, so the same text is never stored
//!   twice, whatever its id.
//! - `events`: one row per *merged* event ([`StoredEvent`]), after GDELT's Events + Mentions model,
//!   with its mention, article and source counts; `event_codes` holds its actor and recipient
//!   country codes, and `events_by_code` and `events_by_pair` the same codes and pairs in date
//!   order, so that an actor or dyad query reads one page of one key range ([`schema`]).
//! - `mentions`: one row per coded sentence ([`Mention`]), with the coder's full record as JSON.
//!
//! The merge rule (which records are one event) is in [`merge`].
//!
//! # Writes and durability
//!
//! [`Store::add_article`] (or [`Batch::add`] for many articles in one transaction) stores an article,
//! its mentions and the merge of its records into events atomically, and is idempotent: an article
//! already present (same id, or same content hash) adds nothing and says so ([`AddOutcome`]).
//! The database runs in WAL mode with `synchronous=NORMAL`: a committed transaction survives the
//! process being killed at any point (the write-ahead log is in the operating system's hands once
//! the commit returns); only a power loss or an operating-system crash can lose the last few commits,
//! and even then the database stays consistent. That is the right trade for a re-runnable ingest:
//! running it again re-adds exactly what was lost.
//!
//! The schema is versioned with `PRAGMA user_version` and migrated on open ([`schema`]).
//!
//! ```
//! use marsad_coder::{Coder, DocumentInput, Options};
//! use marsad_store::{content_hash, AddOutcome, Article, EventQuery, Store};
//!
//! let lexicon = marsad_lexicon::Lexicon::embedded().unwrap();
//! let coder = Coder::new(&lexicon);
//! let mut store = Store::open_in_memory().unwrap();
//! let date = chrono::NaiveDate::from_ymd_opt(2026, 2, 4);
//! // One event told in two languages (from `examples/`): one stored event, two mentions.
//! for (id, lang, text) in [
//!     ("ar-1", "ar", "أسقطت القوات الأمريكية يوم الثلاثاء طائرة مسيرة إيرانية قرب حاملة الطائرات."),
//!     ("en-1", "en", "US forces shot down an Iranian drone near the aircraft carrier on Tuesday."),
//! ] {
//!     let doc = DocumentInput { id, text, date, lang: lang.parse().ok() };
//!     let records = coder.code(&doc, &Options { all: true, ..Options::default() });
//!     let article = Article {
//!         id: id.into(), url: None, title: None, source: Some(format!("{lang} desk")),
//!         language: lang.into(), published: date, fetched: "2026-02-04T12:00:00Z".into(),
//!         content_hash: content_hash(text), duplicate_of: None, copies: 0, origin: id.into(),
//!         published_at: None,
//!     };
//!     store.add_article(&article, text, &records).unwrap();
//!     // The same article again adds nothing.
//!     let again = store.add_article(&article, text, &records).unwrap();
//!     assert!(matches!(again, AddOutcome::AlreadyPresent { .. }));
//! }
//! let query = EventQuery { dyad: Some(("IRN".into(), "USA".into())), ..Default::default() };
//! let events = store.events(&query).unwrap();
//! assert_eq!(events.len(), 1);
//! assert_eq!((events[0].event.as_str(), events[0].mentions, events[0].articles), ("ASSAULT", 2, 2));
//! ```

pub mod alerts;
mod db;
pub mod merge;
pub mod model;
pub mod queue;
pub mod schema;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use marsad_coder::record::{ActorRef, EventRecord};
use rusqlite::Connection;

pub use db::Engine;
use db::{vals, Conn, Pg, Row, Val};

pub use alerts::{DeliveryAttempt, StoredAlert};
pub use merge::{content_hash, MergeKey};
pub use model::{Article, EventQuery, Mention, Stats, StoredEvent};
pub use queue::{Claim, QueueStatus, Released, Turn};
use schema::{MIGRATIONS, ROLE_ACTOR, ROLE_RECIPIENT};

/// A store error: the database it concerns and what went wrong.
#[derive(Debug, thiserror::Error)]
#[error("{db}: {kind}")]
pub struct Error {
    /// The database path, or `:memory:`.
    pub db: String,
    #[source]
    pub kind: ErrorKind,
}

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file cannot be opened or is not a SQLite database.
    #[error("cannot open the database: {0}")]
    Open(#[source] rusqlite::Error),
    /// The database was written by a newer Marsad.
    #[error("the database has schema version {found}, newer than this marsad knows ({known})")]
    TooNew { found: i64, known: i64 },
    /// A reader ([`Store::open_read_only`]) found a database an older Marsad wrote; readers never
    /// migrate, so a writer must open it once.
    #[error(
        "the database has schema version {found}, older than this marsad's ({known}), and \
         neither the file nor its folder may be written here: run any marsad command on it once from \
         an account that may write them, which upgrades it"
    )]
    TooOld { found: i64, known: i64 },
    /// A SQLite call failed (disk full, locked for too long, …).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL server cannot be reached or refused the connection.
    #[error("cannot connect to PostgreSQL: {0}")]
    Connect(#[source] postgres::Error),
    /// A PostgreSQL call failed (connection lost, constraint, …).
    #[error("database error: {0}")]
    Postgres(#[from] postgres::Error),
    /// A query that must answer one row answered none.
    #[error("database error: a query returned no row")]
    NoRow,
    /// A PostgreSQL connection was used while it was still streaming rows (a callback of
    /// [`Store::each_event`] called back into the store).
    #[error("database error: the connection is busy streaming rows")]
    Busy,
    /// What was asked needs the other engine.
    #[error("{0}")]
    Unsupported(&'static str),
    /// A stored value does not read back (a JSON column edited by hand, say).
    #[error("stored {what} is not valid: {detail}")]
    Corrupt { what: String, detail: String },
}

impl Error {
    /// True when the error is the PostgreSQL connection being unreachable or lost (the server
    /// stopped, restarted, or the network failed), rather than something the request did: the
    /// caller may reconnect and try again. A transaction that was open is rolled back by the server.
    pub fn is_connection_lost(&self) -> bool {
        let pg = match &self.kind {
            ErrorKind::Connect(_) => return true,
            ErrorKind::Postgres(e) => e,
            _ => return false,
        };
        if pg.is_closed() {
            return true;
        }
        match pg.code() {
            // Class 08: connection exception; 57P01..57P03: the server is shutting down or
            // starting; 57P05: idle session timeout.
            Some(code) => {
                let code = code.code();
                code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "57P05")
            }
            // No SQLSTATE: an I/O error on the socket.
            None => std::error::Error::source(pg)
                .is_some_and(|s| s.downcast_ref::<std::io::Error>().is_some()),
        }
    }
}

/// What [`Store::add_article`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddOutcome {
    /// The article was stored with its mentions.
    Added {
        /// Events created by this article.
        new_events: usize,
        /// Mentions merged into events that already existed.
        merged: usize,
        /// Mentions stored (one per record).
        mentions: usize,
    },
    /// The article was already stored (under `existing`, by id or by content hash): nothing added.
    AlreadyPresent { existing: String },
}

/// The store: one connection, used from one thread at a time, to a SQLite file or to a
/// PostgreSQL database (a `postgres://` URL where a path is expected; see [`db`]).
pub struct Store {
    conn: Conn,
    name: String,
}

/// A write transaction over many articles: each [`Batch::add`] is all-or-nothing with the batch,
/// and nothing is visible to other readers until [`Batch::commit`].
/// Dropping a batch without committing rolls it back.
///
/// On PostgreSQL a batch holds the store's write lock (a transaction-scoped advisory lock) from
/// its start to its end, so batches of concurrent writers apply one after the other and the
/// merge (which reads events before it writes them) sees every earlier batch: the result is that
/// of the batches run in commit order.
pub struct Batch<'s> {
    store: &'s mut Store,
    open: bool,
}

/// The advisory lock key every PostgreSQL write batch holds (`marsad` in ASCII).
const WRITE_LOCK: i64 = 0x6d61_7273_6164;
/// The advisory lock key a PostgreSQL migration holds, so that workers starting together migrate once.
const SCHEMA_LOCK: i64 = 0x006d_6172_7361_6401;

/// True when `db` names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather than a
/// SQLite file: every `--db` takes either.
pub fn is_postgres(db: impl AsRef<Path>) -> bool {
    db.as_ref()
        .to_str()
        .is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// How to name the database `db` in messages and pages: the file's path, or the URL without its
/// password.
pub fn display_name(db: impl AsRef<Path>) -> String {
    let db = db.as_ref();
    if is_postgres(db) {
        redact_url(&db.to_string_lossy())
    } else {
        db.display().to_string()
    }
}

/// The connection settings of a `postgres://` URL, with libpq's defaults where the URL is silent
/// (`postgres:///news`): the host from `PGHOST`, else the local socket folder Debian's server
/// uses, the port from `PGPORT`, the user from `PGUSER`, else the login name, and the password
/// from `PGPASSWORD` (so that it need not be on a command line, where `ps` shows it).
fn pg_config(url: &str) -> std::result::Result<postgres::Config, postgres::Error> {
    let mut config: postgres::Config = url.parse()?;
    if config.get_hosts().is_empty() {
        let host = std::env::var("PGHOST").unwrap_or_else(|_| "/var/run/postgresql".into());
        config.host(&host);
    }
    if config.get_ports().is_empty() {
        if let Some(port) = std::env::var("PGPORT").ok().and_then(|p| p.parse().ok()) {
            config.port(port);
        }
    }
    if config.get_password().is_none() {
        if let Ok(password) = std::env::var("PGPASSWORD") {
            config.password(password);
        }
    }
    if config.get_user().is_none() {
        let user = ["PGUSER", "USER", "LOGNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    Ok(config)
}

/// A PostgreSQL URL with its password hidden, for messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, host) = match rest.split_once('@') {
        Some((auth, host)) => (auth, host),
        None => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

type R<T> = std::result::Result<T, ErrorKind>;
pub type Result<T> = std::result::Result<T, Error>;

/// Registers the SQL functions the migrations call: `marsad_content_hash(text)` is
/// [`content_hash`], so migration 4 can rehash every article inside its own transaction.
fn register_functions(conn: &Connection) -> R<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "marsad_content_hash",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(content_hash(&ctx.get::<String>(0)?)),
    )?;
    Ok(())
}

/// The columns of `events` read into a [`StoredEvent`], in [`event_from_row`]'s order.
const EVENT_COLUMNS: &str =
    "e.id, e.event, e.mode, e.context, e.cameo, e.quad_code, e.event_scale, \
    e.goldstein, e.date, e.date_end, e.negated, e.aux, e.actor, e.recipient, e.actor_codes, \
    e.recipient_codes, e.location, e.trigger, e.text, e.language, e.mentions, e.articles, \
    e.sources, e.tables, e.confidence, \
    (SELECT min(a.published_at) FROM mentions m JOIN articles a ON a.id = m.article_id \
     WHERE m.event_id = e.id AND a.published = e.date)";

const ARTICLE_COLUMNS: &str =
    "id, url, title, source, language, published, fetched, content_hash, \
    duplicate_of, copies, origin, published_at";

/// A reader never migrates: a schema of another version than this build's is refused.
fn readable_version(found: i64) -> R<()> {
    let known = MIGRATIONS.len() as i64;
    if found > known {
        return Err(ErrorKind::TooNew { found, known });
    }
    if found < known {
        return Err(ErrorKind::TooOld { found, known });
    }
    Ok(())
}

/// SQLite's connection settings for a writer.
fn configure(conn: &Connection) -> R<()> {
    // `journal_mode` answers with a row, so it is queried rather than executed; it is `memory`
    // for an in-memory database and `wal` for a file.
    let _mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(..) => ErrorKind::Open(e),
            e => ErrorKind::Sqlite(e),
        })?;
    // A 64 MB page cache keeps a batch's index pages in memory instead of spilling and
    // re-reading them (measured: see scripts/measure-ingest-speed.sh).
    conn.execute_batch(
        "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA busy_timeout=10000; \
         PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;",
    )?;
    register_functions(conn)
}

/// Applies the SQLite migrations the database has not had yet, each in its own transaction.
fn migrate_sqlite(conn: &Connection) -> R<()> {
    let known = MIGRATIONS.len() as i64;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > known {
        return Err(ErrorKind::TooNew { found, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        conn.execute_batch("BEGIN")?;
        let step = conn
            .execute_batch(sql)
            .and_then(|()| conn.execute_batch(&format!("PRAGMA user_version = {}", i + 1)));
        match step {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e.into());
            }
        }
    }
    Ok(())
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date. A
    /// `postgres://` URL ([`is_postgres`]) connects to that PostgreSQL database instead, creating
    /// the schema when it has none.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        if is_postgres(&path) {
            return Self::connect(path.as_ref(), false);
        }
        let name = path.as_ref().display().to_string();
        let conn = Connection::open(path.as_ref()).map_err(|e| Error {
            db: name.clone(),
            kind: ErrorKind::Open(e),
        })?;
        Self::setup(conn, name)
    }

    /// Opens an existing database for reading only, the way `marsad events`, `report`, `export`
    /// and `serve` open it: SQLite's `SQLITE_OPEN_READ_ONLY` (no journal mode set, no migration,
    /// nothing created), so a database in a folder the user cannot write can be read (issue 13).
    ///
    /// A database in WAL mode needs its `-shm` index, which a reader cannot create in a read-only
    /// folder ("attempt to write a readonly database"). When the file or its folder has no write
    /// permission and no `-wal` (or `-journal`) file is waiting, the database is opened
    /// `immutable` (the main file holds every committed transaction, and nobody can change it);
    /// otherwise `mode=ro`, falling back to `immutable` only when that cannot read and there is no
    /// `-wal` to miss.
    /// A schema older or newer than this build's is refused with [`ErrorKind::TooOld`] or
    /// [`ErrorKind::TooNew`].
    ///
    /// On PostgreSQL the session is read-only (`default_transaction_read_only`).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        if is_postgres(path) {
            return Self::connect(path, true);
        }
        // A `-wal` (or a rollback `-journal`) may hold what the main file does not yet: then the
        // database must be read through SQLite's recovery, never as immutable.
        let wal_waiting = sibling(path, "-wal").exists() || sibling(path, "-journal").exists();
        let immutable_first = !wal_waiting && read_only_place(path);
        let first = Self::open_reader(path, immutable_first);
        let store = match first {
            Ok(store) => store,
            Err(_) if !immutable_first && !wal_waiting => Self::open_reader(path, true)?,
            Err(e) => return Err(e),
        };
        Ok(store)
    }

    /// [`Store::open_read_only`], except that a database an older Marsad wrote is first brought
    /// up to date when its file and folder may be written (a reader on an old database would
    /// otherwise refuse it); the schema versions before and after are returned so the caller can
    /// say so. Where nothing may be written, the old database is refused as
    /// [`ErrorKind::TooOld`] says, and nothing is changed.
    pub fn open_read_only_upgrading(path: impl AsRef<Path>) -> Result<(Self, Option<(i64, i64)>)> {
        let path = path.as_ref();
        match Self::open_read_only(path) {
            Err(Error {
                kind: ErrorKind::TooOld { found, known },
                ..
            }) if !read_only_place(path) => {
                drop(Self::open(path)?);
                Ok((Self::open_read_only(path)?, Some((found, known))))
            }
            other => other.map(|store| (store, None)),
        }
    }

    /// False when the database file or its folder has no write permission bits: then only an
    /// administrator could change it, and a command that reads it must not try (as root, opening
    /// it for writing would succeed and leave files behind). A PostgreSQL database may always be
    /// tried: the server decides.
    pub fn may_write(path: impl AsRef<Path>) -> bool {
        !read_only_place(path.as_ref())
    }

    /// True when the database exists: the file, or (for a URL) nothing to check before connecting.
    pub fn exists(path: impl AsRef<Path>) -> bool {
        is_postgres(&path) || path.as_ref().exists()
    }

    /// The engine the store runs on.
    pub fn engine(&self) -> Engine {
        self.conn.engine()
    }

    /// Connects to the PostgreSQL database at `url`; a reader's session is read-only and is
    /// refused on a schema of another version, a writer creates or migrates the schema.
    fn connect(url: &Path, read_only: bool) -> Result<Self> {
        let url = url.to_string_lossy();
        let name = redact_url(&url);
        let fail = |kind| Error {
            db: name.clone(),
            kind,
        };
        let client = pg_config(&url)
            .and_then(|c| c.connect(postgres::NoTls))
            .map_err(|e| fail(ErrorKind::Connect(e)))?;
        let store = Store {
            conn: Conn::Postgres(Box::new(std::cell::RefCell::new(Pg::new(client)))),
            name: name.clone(),
        };
        store.wrap_ref(|s| {
            // PostgreSQL may switch a prepared statement to a generic plan, made without the
            // parameters' values; the event filters are skewed (one dyad holds a large share of
            // the events, another ten), where the plan for the values at hand is the right one.
            // Planning each execution costs tens of microseconds.
            s.conn.batch("SET plan_cache_mode = force_custom_plan")?;
            if read_only {
                s.conn.batch("SET default_transaction_read_only = on")?;
                readable_version(s.schema_version_inner()?)
            } else {
                s.migrate_postgres()
            }
        })?;
        Ok(store)
    }

    /// Creates the PostgreSQL schema or brings it up to date, under the schema lock, in one
    /// transaction per step (PostgreSQL's DDL is transactional).
    fn migrate_postgres(&self) -> R<()> {
        let known = MIGRATIONS.len() as i64;
        self.conn.batch("BEGIN")?;
        let result = (|| {
            self.conn
                .query_one("SELECT pg_advisory_xact_lock(?1)", vals![SCHEMA_LOCK])?;
            let mut found = self.schema_version_inner()?;
            if found > known {
                return Err(ErrorKind::TooNew { found, known });
            }
            if found == 0 {
                self.conn.batch(schema::PG_BASE)?;
                self.conn.execute(
                    "INSERT INTO marsad_schema(version) VALUES (?1)",
                    vals![schema::PG_BASE_VERSION],
                )?;
                found = schema::PG_BASE_VERSION;
            }
            for (i, sql) in schema::PG_MIGRATIONS.iter().enumerate() {
                let version = schema::PG_BASE_VERSION + 1 + i as i64;
                if version > found {
                    self.conn.batch(sql)?;
                    self.conn
                        .execute("UPDATE marsad_schema SET version = ?1", vals![version])?;
                }
            }
            Ok(())
        })();
        match result {
            Ok(()) => self.conn.batch("COMMIT"),
            Err(e) => {
                let _ = self.conn.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn schema_version_inner(&self) -> R<i64> {
        match self.conn.engine() {
            Engine::Sqlite => self.conn.query_one("PRAGMA user_version", &[])?.get(0),
            Engine::Postgres => {
                let exists: bool = self
                    .conn
                    .query_one("SELECT to_regclass('marsad_schema') IS NOT NULL", &[])?
                    .get(0)?;
                if !exists {
                    return Ok(0);
                }
                Ok(self
                    .conn
                    .query_opt("SELECT version FROM marsad_schema", &[])?
                    .map(|r| r.get(0))
                    .transpose()?
                    .unwrap_or(0))
            }
        }
    }

    fn open_reader(path: &Path, immutable: bool) -> Result<Self> {
        use rusqlite::OpenFlags;
        let name = path.display().to_string();
        let uri = read_only_uri(path, immutable);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&uri, flags).map_err(|e| Error {
            db: name.clone(),
            kind: ErrorKind::Open(e),
        })?;
        // Connection settings only: none of these writes to the file.
        conn.execute_batch(
            "PRAGMA query_only=ON; PRAGMA busy_timeout=10000; PRAGMA cache_size=-65536; \
             PRAGMA temp_store=MEMORY;",
        )
        .map_err(|e| Error {
            db: name.clone(),
            kind: e.into(),
        })?;
        // The first read: it fails here, not later, when the database cannot be read.
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| Error {
                db: name.clone(),
                kind: ErrorKind::Open(e),
            })?;
        let store = Store {
            conn: Conn::Sqlite(conn),
            name,
        };
        store.wrap_ref(|_| readable_version(found))?;
        Ok(store)
    }

    /// A fresh database in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Self> {
        let name = ":memory:".to_string();
        let conn = Connection::open_in_memory().map_err(|e| Error {
            db: name.clone(),
            kind: ErrorKind::Open(e),
        })?;
        Self::setup(conn, name)
    }

    fn setup(conn: Connection, name: String) -> Result<Self> {
        let fail = |kind| Error {
            db: name.clone(),
            kind,
        };
        configure(&conn).map_err(fail)?;
        migrate_sqlite(&conn).map_err(fail)?;
        Ok(Store {
            conn: Conn::Sqlite(conn),
            name,
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.wrap_ref(|s| s.schema_version_inner())
    }

    /// The underlying SQLite connection, for tests that build old databases by hand.
    #[cfg(test)]
    fn sqlite(&self) -> &Connection {
        match &self.conn {
            Conn::Sqlite(c) => c,
            Conn::Postgres(_) => panic!("not a SQLite store"),
        }
    }

    /// The database's path as given (a URL without its password), or `:memory:`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The id of the stored article with this id or this content hash, if any.
    pub fn has_article(&self, id_or_hash: &str) -> Result<Option<String>> {
        self.wrap_ref(|s| find_article(&s.conn, id_or_hash, id_or_hash))
    }

    /// Stores one article with the events coded from it, in one transaction (see [`Batch::add`]).
    pub fn add_article(
        &mut self,
        article: &Article,
        text: &str,
        records: &[EventRecord],
    ) -> Result<AddOutcome> {
        let mut batch = self.batch()?;
        let outcome = batch.add(article, text, records, None)?;
        batch.commit()?;
        Ok(outcome)
    }

    /// Starts a write transaction for many articles (on PostgreSQL, under the write lock).
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        self.wrap_ref(|s| {
            s.conn.batch("BEGIN")?;
            if s.conn.engine() == Engine::Postgres {
                if let Err(e) = s
                    .conn
                    .query_one("SELECT pg_advisory_xact_lock(?1)", vals![WRITE_LOCK])
                {
                    let _ = s.conn.batch("ROLLBACK");
                    return Err(e);
                }
            }
            Ok(())
        })?;
        Ok(Batch {
            store: self,
            open: true,
        })
    }

    /// The events matching `q`, ordered by date (undated last) then id.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        self.each_event(q, |e| {
            out.push(e);
            Ok::<(), Error>(())
        })?;
        Ok(out)
    }

    /// Calls `f` on each event matching `q`, in [`Store::events`] order, without collecting them:
    /// the way to export or scan a large database in flat memory.
    /// `f`'s error type only needs to take a store [`Error`], so a writer can fail with its own.
    /// `f` must not call back into the store (on PostgreSQL the connection is streaming rows).
    pub fn each_event<E: From<Error>>(
        &self,
        q: &EventQuery,
        f: impl FnMut(StoredEvent) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let plan = EventPlan::of(q, self.engine());
        let mut sql = plan.select(EVENT_COLUMNS);
        if let Some(limit) = q.limit {
            sql.push_str(&format!(" LIMIT {limit} OFFSET {}", q.offset));
        } else if q.offset > 0 {
            sql.push_str(&format!(" LIMIT {} OFFSET {}", i64::MAX, q.offset));
        }
        self.stream(&sql, &plan.args, event_from_row, f)
    }

    /// Calls `f` on each row of `sql` as `read` reads it, without collecting them. The errors of
    /// the rows and of `f` travel apart, so that each keeps its own type.
    fn stream<T, E: From<Error>>(
        &self,
        sql: &str,
        args: &[Val],
        read: fn(&Row) -> R<T>,
        mut f: impl FnMut(T) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut failed: Option<E> = None;
        let streamed = self.conn.each(sql, args, |row| {
            if let Err(e) = f(read(&row)?) {
                failed = Some(e);
                return Err(ErrorKind::Busy);
            }
            Ok::<(), ErrorKind>(())
        });
        match (failed, streamed) {
            (Some(e), _) => Err(e),
            (None, Err(kind)) => Err(E::from(self.err(kind))),
            (None, Ok(())) => Ok(()),
        }
    }

    /// How many events match `q` (its limit and offset ignored).
    /// The count is read from an index, but it still visits every match: on a large database use
    /// [`Store::count_events_up_to`] when an exact figure is not needed.
    pub fn count_events(&self, q: &EventQuery) -> Result<u64> {
        self.count(q, None)
    }

    /// How many events match `q`, counting no further than `cap`: the result is `min(count, cap)`,
    /// so a result below `cap` is exact. Costs at most `cap` index entries (plus the filtered-out
    /// entries in between), whatever the size of the database: the way to show "at least N".
    pub fn count_events_up_to(&self, q: &EventQuery, cap: u64) -> Result<u64> {
        self.count(q, Some(cap))
    }

    fn count(&self, q: &EventQuery, cap: Option<u64>) -> Result<u64> {
        let plan = EventPlan::of(q, self.engine());
        let sql = match cap {
            None => format!("SELECT count(*) {}", plan.source_and_filter()),
            Some(cap) => format!(
                "SELECT count(*) FROM (SELECT 1 {} LIMIT {}) AS capped",
                plan.source_and_filter(),
                cap.min(i64::MAX as u64)
            ),
        };
        self.wrap_ref(|s| s.conn.query_one(&sql, &plan.args)?.get(0))
    }

    /// One event with one page of its mentions (in the order they were stored: `limit` of them
    /// after skipping `offset`), or `None`. The event row says how many mentions there are
    /// ([`StoredEvent::mentions`]).
    ///
    /// Memory is bounded by the page, whatever the event's size: the page's mention numbers are
    /// chosen from the `mentions_event` index alone (a top-`offset + limit` sort of integers), and
    /// only those rows are read (issue 13: one event of 464,000 mentions was a 570 MB response).
    pub fn event_page(
        &self,
        id: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Option<(StoredEvent, Vec<Mention>)>> {
        self.wrap_ref(|s| {
            let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1");
            let Some(row) = s.conn.query_opt(&sql, vals![id])? else {
                return Ok(None);
            };
            let event = event_from_row(&row)?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let offset = i64::try_from(offset).unwrap_or(i64::MAX);
            let rows = s.conn.query(
                "SELECT m.event_id, m.article_id, a.url, a.title, a.source, a.published, m.record \
                 FROM mentions m LEFT JOIN articles a ON a.id = m.article_id \
                 WHERE m.seq IN (SELECT seq FROM mentions WHERE event_id = ?1 \
                                 ORDER BY seq LIMIT ?2 OFFSET ?3) \
                 ORDER BY m.seq",
                vals![id, limit, offset],
            )?;
            let mentions = rows.iter().map(mention_from_row).collect::<R<_>>()?;
            Ok(Some((event, mentions)))
        })
    }

    /// One event with all its mentions (in the order they were stored), or `None`.
    /// An event can have hundreds of thousands of mentions: a server or any reader of untrusted
    /// sizes pages them with [`Store::event_page`].
    pub fn event(&self, id: &str) -> Result<Option<(StoredEvent, Vec<Mention>)>> {
        self.event_page(id, usize::MAX, 0)
    }

    /// Calls `f` on every mention in the order stored (GDELT's mentions table), without
    /// collecting them; `f` must not call back into the store.
    pub fn each_mention<E: From<Error>>(
        &self,
        f: impl FnMut(Mention) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.stream(
            "SELECT m.event_id, m.article_id, a.url, a.title, a.source, a.published, m.record \
             FROM mentions m LEFT JOIN articles a ON a.id = m.article_id ORDER BY m.seq",
            &[],
            mention_from_row,
            f,
        )
    }

    /// Articles in the order they were stored, a page at a time (`limit` `None`: all).
    pub fn articles(&self, limit: Option<usize>, offset: usize) -> Result<Vec<Article>> {
        self.wrap_ref(|s| {
            let limit = limit.map_or(i64::MAX, |l| i64::try_from(l).unwrap_or(i64::MAX));
            let offset = i64::try_from(offset).unwrap_or(i64::MAX);
            let sql =
                format!("SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq LIMIT ?1 OFFSET ?2");
            let rows = s.conn.query(&sql, vals![limit, offset])?;
            rows.iter().map(article_from_row).collect()
        })
    }

    /// One article with its text, or `None`.
    pub fn article(&self, id: &str) -> Result<Option<(Article, String)>> {
        self.wrap_ref(|s| {
            let sql = format!("SELECT {ARTICLE_COLUMNS}, text FROM articles WHERE id = ?1");
            s.conn
                .query_opt(&sql, vals![id])?
                .map(|r| Ok((article_from_row(&r)?, r.get(12)?)))
                .transpose()
        })
    }

    /// The near-duplicate fingerprints of the cluster heads (articles that are not copies), in the
    /// order they were stored, so that an ingest can rebuild its near-duplicate index after a restart.
    pub fn head_fingerprints(&self) -> Result<Vec<(String, u64)>> {
        self.wrap_ref(|s| {
            Ok(head_fingerprints_after(&s.conn, 0)?
                .into_iter()
                .map(|(_, id, fp)| (id, fp))
                .collect())
        })
    }

    /// Counts of articles, copies, events and mentions, and the span of event dates.
    pub fn stats(&self) -> Result<Stats> {
        self.wrap_ref(|s| {
            let count = |sql: &str| -> R<u64> { s.conn.query_one(sql, &[])?.get(0) };
            let span = s
                .conn
                .query_one("SELECT min(date), max(date) FROM events", &[])?;
            Ok(Stats {
                articles: count("SELECT count(*) FROM articles")?,
                duplicates: count("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")?,
                events: count("SELECT count(*) FROM events")?,
                mentions: count("SELECT count(*) FROM mentions")?,
                first_date: opt_day(span.get(0)?),
                last_date: opt_day(span.get(1)?),
            })
        })
    }

    /// How many stored articles name `source` as their outlet (copies included): the article
    /// count `marsad monitor` shows per source. A scan of the articles table, without an index:
    /// the monitor asks once per poll, and a new index would cost every ingest.
    pub fn count_articles_from(&self, source: &str) -> Result<u64> {
        self.wrap_ref(|s| {
            s.conn
                .query_one(
                    "SELECT count(*) FROM articles WHERE source = ?1",
                    vals![source],
                )?
                .get(0)
        })
    }

    /// The latest publication date of a stored article: the archive's present, which default
    /// periods end on (an event may be dated in a later year its article names; an article is not
    /// published in the future).
    pub fn last_published(&self) -> Result<Option<NaiveDate>> {
        self.wrap_ref(|s| {
            let last = s
                .conn
                .query_one("SELECT max(published) FROM articles", &[])?
                .get(0)?;
            Ok(opt_day(last))
        })
    }

    /// How many events naming one of `codes` (any event when `None`), negated ones included,
    /// are undated, and how many are dated outside `from..=to`: what a watch over that period
    /// does not read, so that it can say so.
    pub fn count_outside(
        &self,
        codes: Option<&[String]>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(u64, u64)> {
        self.wrap_ref(|s| {
            let (from, to) = (from.to_string(), to.to_string());
            let count = |sql: &str, args: &[Val]| -> R<u64> { s.conn.query_one(sql, args)?.get(0) };
            match codes {
                None => Ok((
                    count("SELECT count(*) FROM events WHERE date IS NULL", &[])?,
                    count(
                        "SELECT count(*) FROM events WHERE date < ?1 OR date > ?2",
                        vals![&from, &to],
                    )?,
                )),
                Some(codes) => {
                    let list = (0..codes.len())
                        .map(|i| format!("?{}", i + 1))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let codes: Vec<Val> = codes.iter().map(Val::from).collect();
                    let undated = count(
                        &format!(
                            "SELECT count(DISTINCT event_id) FROM events_by_code \
                             WHERE code IN ({list}) AND undated = 1"
                        ),
                        &codes,
                    )?;
                    let n = codes.len();
                    let mut args = codes;
                    args.extend([Val::from(&from), Val::from(&to)]);
                    let outside = count(
                        &format!(
                            "SELECT count(DISTINCT event_id) FROM events_by_code \
                             WHERE code IN ({list}) AND undated = 0 \
                             AND (date < ?{} OR date > ?{})",
                            n + 1,
                            n + 2
                        ),
                        &args,
                    )?;
                    Ok((undated, outside))
                }
            }
        })
    }

    /// Country codes that occur in events, with how many events each is in, most frequent first.
    /// `needle` matches anywhere in the code, case-insensitively (`ir` finds `IRN` and `IRQ`);
    /// an empty needle lists every code.
    pub fn actors(&self, needle: &str) -> Result<Vec<(String, u64)>> {
        self.wrap_ref(|s| {
            let pattern = format!(
                "%{}%",
                needle
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE does the same.
            let like = match s.engine() {
                Engine::Sqlite => "LIKE",
                Engine::Postgres => "ILIKE",
            };
            // `events_by_code` holds one row per code and event, so no DISTINCT is needed.
            let rows = s.conn.query(
                &format!(
                    "SELECT code, count(*) AS n FROM events_by_code \
                     WHERE code {like} ?1 ESCAPE '\\' GROUP BY code ORDER BY n DESC, code"
                ),
                vals![pattern],
            )?;
            rows.iter().map(|r| Ok((r.get(0)?, r.get(1)?))).collect()
        })
    }

    /// The `n` most frequent (actor code, recipient code) pairs among the events matching `q`,
    /// with their event and mention counts, most events first.
    pub fn top_dyads(&self, q: &EventQuery, n: usize) -> Result<Vec<DyadCount>> {
        let (filter, args) = event_filter(q);
        let sql = format!(
            "SELECT a.code, b.code, count(*) AS n, CAST(sum(e.mentions) AS BIGINT) FROM events e \
             JOIN event_codes a ON a.event_id = e.id AND a.role = {ROLE_ACTOR} \
             JOIN event_codes b ON b.event_id = e.id AND b.role = {ROLE_RECIPIENT} \
             {filter} GROUP BY a.code, b.code ORDER BY n DESC, a.code, b.code LIMIT {n}"
        );
        self.wrap_ref(|s| {
            let rows = s.conn.query(&sql, &args)?;
            rows.iter()
                .map(|r| {
                    Ok(DyadCount {
                        actor: r.get(0)?,
                        recipient: r.get(1)?,
                        events: r.get(2)?,
                        mentions: r.get(3)?,
                    })
                })
                .collect()
        })
    }

    fn err(&self, kind: ErrorKind) -> Error {
        Error {
            db: self.name.clone(),
            kind,
        }
    }

    fn wrap<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> Result<T> {
        f(self).map_err(|kind| self.err(kind))
    }

    fn wrap_ref<T>(&self, f: impl FnOnce(&Self) -> R<T>) -> Result<T> {
        f(self).map_err(|kind| self.err(kind))
    }
}

/// The cluster heads stored after article number `after` (their `seq`), in the order they were
/// stored: (seq, id, fingerprint).
fn head_fingerprints_after(conn: &Conn, after: i64) -> R<Vec<(i64, String, u64)>> {
    let rows = conn.query(
        "SELECT seq, id, fingerprint FROM articles \
         WHERE seq > ?1 AND fingerprint IS NOT NULL AND duplicate_of IS NULL ORDER BY seq",
        vals![after],
    )?;
    rows.iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?, r.get::<i64>(2)? as u64)))
        .collect()
}

/// A [`Mention`] from a row of `event_id, article_id, url, title, source, published, record`.
fn mention_from_row(r: &Row) -> R<Mention> {
    let record: String = r.get(6)?;
    Ok(Mention {
        event_id: r.get(0)?,
        article_id: r.get(1)?,
        url: r.get(2)?,
        title: r.get(3)?,
        source: r.get(4)?,
        published: opt_day(r.get(5)?),
        record: json("mention record", &record)?,
    })
}

/// `path` with `suffix` appended to its file name (`x.db` → `x.db-wal`).
fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// True when the database file or its folder has no write permission bits at all: then no one
/// but an administrator can change the database, and a reader must not try to create files there.
fn read_only_place(path: &Path) -> bool {
    let readonly = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly());
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    readonly(path) || readonly(folder)
}

/// A SQLite URI that opens `path` read-only (`file:...?mode=ro`, plus `&immutable=1` when asked).
fn read_only_uri(path: &Path, immutable: bool) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro");
    if immutable {
        uri.push_str("&immutable=1");
    }
    uri
}

/// One row of [`Store::top_dyads`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DyadCount {
    pub actor: String,
    pub recipient: String,
    pub events: u64,
    pub mentions: u64,
}

impl Batch<'_> {
    /// Stores `article` with `text` and the events coded from it: the article row, one mention per
    /// record, and each record merged into its event ([`merge`]).
    /// An article already present (same id or same content hash) adds nothing.
    /// `fingerprint` is the article's near-duplicate fingerprint, kept for [`Store::head_fingerprints`].
    /// A copy (`duplicate_of` set) raises its head's `copies`.
    pub fn add(
        &mut self,
        article: &Article,
        text: &str,
        records: &[EventRecord],
        fingerprint: Option<u64>,
    ) -> Result<AddOutcome> {
        let result = add_article(&self.store.conn, article, text, records, fingerprint);
        result.map_err(|kind| self.store.err(kind))
    }

    /// The id of an article already stored (or added in this batch) with this id or hash.
    pub fn has_article(&self, id: &str, hash: &str) -> Result<Option<String>> {
        find_article(&self.store.conn, id, hash).map_err(|kind| self.store.err(kind))
    }

    /// The cluster heads stored after article number `after` (see [`Store::head_fingerprints`]),
    /// as (seq, id, fingerprint): how a long-running worker brings its near-duplicate index up to
    /// date inside the transaction that will add to it.
    pub fn head_fingerprints_after(&self, after: i64) -> Result<Vec<(i64, String, u64)>> {
        head_fingerprints_after(&self.store.conn, after).map_err(|kind| self.store.err(kind))
    }

    /// Makes the batch's articles durable and visible.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.store
            .conn
            .batch("COMMIT")
            .map_err(|kind| self.store.err(kind))
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report: a failed rollback leaves the transaction to the server, which
            // rolls it back when the connection ends.
            let _ = self.store.conn.batch("ROLLBACK");
        }
    }
}

/// [`Batch::add`] inside the open transaction.
fn add_article(
    conn: &Conn,
    a: &Article,
    text: &str,
    records: &[EventRecord],
    fingerprint: Option<u64>,
) -> R<AddOutcome> {
    if let Some(existing) = find_article(conn, &a.id, &a.content_hash)? {
        return Ok(AddOutcome::AlreadyPresent { existing });
    }
    if let Some(source) = &a.source {
        conn.execute(
            "INSERT INTO sources(name, articles) VALUES (?1, 1) \
             ON CONFLICT(name) DO UPDATE SET articles = sources.articles + 1",
            vals![source],
        )?;
    }
    conn.execute(
        "INSERT INTO articles(id, url, title, source, language, published, fetched, \
         content_hash, duplicate_of, copies, origin, fingerprint, text, published_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        vals![
            &a.id,
            &a.url,
            &a.title,
            &a.source,
            &a.language,
            a.published.map(|d| d.to_string()),
            &a.fetched,
            &a.content_hash,
            &a.duplicate_of,
            a.copies,
            &a.origin,
            fingerprint.map(|f| f as i64),
            text,
            a.published_at.map(sql_time),
        ],
    )?;
    if let Some(head) = &a.duplicate_of {
        conn.execute(
            "UPDATE articles SET copies = copies + 1 WHERE id = ?1",
            vals![head],
        )?;
    }

    let mut new_events = 0;
    let mut merged = 0;
    // The events this article reports, in first-report order, with what its reports add to
    // each: one counts update and one union per event and article, not per sentence.
    let mut touched: Vec<Touched> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for rec in records {
        let key = MergeKey::of(rec, a.published);
        let found = match find_event(conn, &key)? {
            Some(id) => Some(id),
            None => find_partner(conn, &key, rec)?,
        };
        let i = match found {
            Some(id) => {
                merged += 1;
                match index.get(&id) {
                    Some(&i) => i,
                    None => {
                        index.insert(id.clone(), touched.len());
                        touched.push(Touched::new(id, false));
                        touched.len() - 1
                    }
                }
            }
            None => {
                let id = key.event_id();
                insert_event(conn, &id, rec, &key)?;
                new_events += 1;
                index.insert(id.clone(), touched.len());
                touched.push(Touched::new(id, true));
                touched.len() - 1
            }
        };
        let t = &mut touched[i];
        t.mentions += 1;
        if rec.confidence > t.confidence {
            t.confidence = rec.confidence;
        }
        t.context.extend(rec.context.iter().cloned());
        t.aux.extend(rec.aux.iter().cloned());
        let record = serde_json::to_string(rec).map_err(|e| ErrorKind::Corrupt {
            what: "event record".into(),
            detail: e.to_string(),
        })?;
        conn.execute(
            "INSERT INTO mentions(event_id, article_id, source, record) VALUES (?1, ?2, ?3, ?4)",
            vals![&t.id, &a.id, &a.source, record],
        )?;
    }
    for t in &touched {
        // A new event already holds its first report's contexts; a single report adds nothing.
        if !(t.created && t.mentions == 1) {
            widen_event(conn, &t.id, &t.context, &t.aux)?;
        }
        let new_source = match &a.source {
            Some(source) => !conn
                .query_one(
                    "SELECT EXISTS(SELECT 1 FROM mentions \
                     WHERE event_id = ?1 AND source = ?2 AND article_id <> ?3)",
                    vals![&t.id, source, &a.id],
                )?
                .get::<bool>(0)?,
            // An article of unknown outlet counts as an outlet of its own.
            None => true,
        };
        // An event is as credible as its most confident report.
        conn.execute(
            "UPDATE events SET mentions = mentions + ?2, articles = articles + 1, \
             sources = sources + ?3, \
             confidence = CASE WHEN CAST(?4 AS DOUBLE PRECISION) IS NULL THEN confidence \
             WHEN confidence IS NULL OR confidence < CAST(?4 AS DOUBLE PRECISION) \
             THEN CAST(?4 AS DOUBLE PRECISION) ELSE confidence END \
             WHERE id = ?1",
            vals![&t.id, t.mentions, new_source, t.confidence],
        )?;
    }
    Ok(AddOutcome::Added {
        new_events,
        merged,
        mentions: records.len(),
    })
}

/// The id of the article with this id or content hash.
fn find_article(conn: &Conn, id: &str, hash: &str) -> R<Option<String>> {
    conn.query_opt(
        "SELECT id FROM articles WHERE id = ?1 OR content_hash = ?2 LIMIT 1",
        vals![id, hash],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// The first column of the first row, if any.
fn first_text(conn: &Conn, sql: &str, args: &[Val]) -> R<Option<String>> {
    conn.query_opt(sql, args)?.map(|r| r.get(0)).transpose()
}

/// The event a report with this key merges into, if one exists (the rule is in [`merge`]).
fn find_event(conn: &Conn, key: &MergeKey) -> R<Option<String>> {
    let base = key.base_hash();
    match (key.date, key.date_end) {
        (Some(d), Some(e)) => first_text(
            conn,
            "SELECT id FROM events WHERE base = ?1 AND date BETWEEN ?2 AND ?3 \
             ORDER BY date, id LIMIT 1",
            vals![base, d.to_string(), e.to_string()],
        ),
        (Some(d), None) => {
            let id = key.event_id();
            let exact = first_text(conn, "SELECT id FROM events WHERE id = ?1", vals![&id])?;
            if exact.is_some() {
                return Ok(exact);
            }
            first_text(
                conn,
                "SELECT id FROM events WHERE base = ?1 AND date < ?2 AND date_end >= ?2 \
                 ORDER BY date, id LIMIT 1",
                vals![base, d.to_string()],
            )
        }
        (None, _) => first_text(
            conn,
            "SELECT id FROM events WHERE id = ?1",
            vals![key.event_id()],
        ),
    }
}

/// The partner of a single-day report that has no event of its own key (the rule and its limits
/// are in [`merge`]): the one event of the same type, negation and day whose stated sides agree.
/// When the partner lacks a side the report states, the event takes the report's side.
fn find_partner(conn: &Conn, key: &MergeKey, rec: &EventRecord) -> R<Option<String>> {
    let (Some(day), None) = (key.date, key.date_end) else {
        return Ok(None);
    };
    // A partner states, on one side at least, exactly the codes the report states there (see
    // `MergeKey::is_partner`), so it is indexed under one of them: only those events of the day
    // are read, not every event of the day and type (thousands a day at a region's scale).
    let mut codes: Vec<&String> = key
        .actor_stated
        .iter()
        .chain(&key.recipient_stated)
        .flatten()
        .collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Ok(None);
    }
    let list = (0..codes.len())
        .map(|i| format!("?{}", i + 4))
        .collect::<Vec<_>>()
        .join(", ");
    let mut args: Vec<Val> = vec![
        day.to_string().into(),
        (&rec.event).into(),
        rec.negated.into(),
    ];
    args.extend(codes.into_iter().map(Val::from));
    let rows = conn.query(
        &format!(
            "SELECT e.id, e.actor, e.recipient FROM events e \
             WHERE e.date = ?1 AND e.event = ?2 AND e.negated = ?3 AND e.date_end IS NULL \
             AND e.id IN (SELECT c.event_id FROM events_by_code c \
                          WHERE c.code IN ({list}) AND c.undated = 0 AND c.date = ?1) \
             ORDER BY e.id"
        ),
        &args,
    )?;
    let mut partners = Vec::new();
    for row in rows {
        let (id, actor, recipient): (String, String, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?);
        let actor: Vec<ActorRef> = json("event actor", &actor)?;
        let recipient: Vec<ActorRef> = json("event recipient", &recipient)?;
        let (a, r) = (merge::stated_codes(&actor), merge::stated_codes(&recipient));
        if key.is_partner(&a, &r) {
            partners.push((id, a.is_none(), r.is_none()));
        }
    }
    if partners.len() != 1 {
        return Ok(None);
    }
    let (id, lacks_actor, lacks_recipient) = partners.remove(0);
    let states = |s: &Option<Vec<String>>| s.as_ref().is_some_and(|c| !c.is_empty());
    let take_actor = lacks_actor && states(&key.actor_stated);
    let take_recipient = lacks_recipient && states(&key.recipient_stated);
    if take_actor || take_recipient {
        take_sides(conn, &id, rec, key, take_actor, take_recipient)?;
    }
    Ok(Some(id))
}

/// Gives event `id` the report's stated side(s), replacing a side it lacked, and rewrites its
/// base and side indexes to match.
fn take_sides(
    conn: &Conn,
    id: &str,
    rec: &EventRecord,
    key: &MergeKey,
    take_actor: bool,
    take_recipient: bool,
) -> R<()> {
    let row = conn.query_one(
        "SELECT actor, recipient, event, negated FROM events WHERE id = ?1",
        vals![id],
    )?;
    let (actor, recipient, event, negated): (String, String, String, bool) =
        (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
    let mut actor: Vec<ActorRef> = json("event actor", &actor)?;
    let mut recipient: Vec<ActorRef> = json("event recipient", &recipient)?;
    if take_actor {
        actor = rec.actor.clone();
    }
    if take_recipient {
        recipient = rec.recipient.clone();
    }
    // The event's new key: its own date and negation with the merged sides.
    let merged = EventRecord {
        actor: actor.clone(),
        recipient: recipient.clone(),
        ..rec.clone()
    };
    let new_key = MergeKey {
        date: key.date,
        date_end: None,
        ..MergeKey::of(&merged, key.date)
    };
    conn.execute(
        "UPDATE events SET base = ?2, actor = ?3, recipient = ?4, actor_codes = ?5, \
         recipient_codes = ?6 WHERE id = ?1",
        vals![
            id,
            new_key.base_hash(),
            to_json(&actor)?,
            to_json(&recipient)?,
            to_json(&new_key.actor_codes)?,
            to_json(&new_key.recipient_codes)?,
        ],
    )?;
    for table in ["event_codes", "events_by_code", "events_by_pair"] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE event_id = ?1"),
            vals![id],
        )?;
    }
    index_event(conn, id, &new_key, &event, negated)
}

/// Creates an event from its first report (the representative mention), with zero counts.
fn insert_event(conn: &Conn, id: &str, rec: &EventRecord, key: &MergeKey) -> R<()> {
    let mut context = rec.context.clone();
    context.sort();
    context.dedup();
    let mut aux = rec.aux.clone();
    aux.sort();
    aux.dedup();
    let trigger = rec
        .event_text
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    conn.execute(
        "INSERT INTO events(id, base, event, mode, context, cameo, quad_code, event_scale, \
         goldstein, date, date_end, negated, aux, actor, recipient, actor_codes, recipient_codes, \
         location, trigger, text, language, mentions, articles, sources, tables, confidence) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, \
         ?19, ?20, ?21, 0, 0, 0, ?22, ?23)",
        vals![
            id,
            key.base_hash(),
            &rec.event,
            &rec.mode,
            to_json(&context)?,
            &rec.cameo,
            rec.quad_code,
            rec.event_scale,
            rec.goldstein,
            key.date.map(|d| d.to_string()),
            key.date_end.map(|d| d.to_string()),
            rec.negated,
            to_json(&aux)?,
            to_json(&rec.actor)?,
            to_json(&rec.recipient)?,
            to_json(&key.actor_codes)?,
            to_json(&key.recipient_codes)?,
            rec.location.as_ref().map(to_json).transpose()?,
            trigger,
            &rec.text,
            &rec.language,
            &rec.tables,
            rec.confidence,
        ],
    )?;
    index_event(conn, id, key, &rec.event, rec.negated)
}

/// Writes the event's rows in the side indexes: `event_codes`, and (schema migration 2) the
/// ordered `events_by_code` and `events_by_pair`, where the event's date, type and negation
/// travel with each row so that a filtered page is read from one key range.
fn index_event(conn: &Conn, id: &str, key: &MergeKey, event: &str, negated: bool) -> R<()> {
    let codes = "INSERT INTO event_codes(code, event_id, role) VALUES (?1, ?2, ?3) \
                 ON CONFLICT DO NOTHING";
    for code in &key.actor_codes {
        conn.execute(codes, vals![code, id, ROLE_ACTOR])?;
    }
    for code in &key.recipient_codes {
        conn.execute(codes, vals![code, id, ROLE_RECIPIENT])?;
    }
    let date = key.date.map(|d| d.to_string()).unwrap_or_default();
    let undated = key.date.is_none();
    for code in key.actor_codes.iter().chain(&key.recipient_codes) {
        conn.execute(
            "INSERT INTO events_by_code(code, undated, date, event_id, negated, event) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            vals![code, undated, &date, id, negated, event],
        )?;
    }
    let pair = "INSERT INTO events_by_pair(a, b, undated, date, event_id, negated, event) \
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";
    for x in &key.actor_codes {
        for y in &key.recipient_codes {
            conn.execute(pair, vals![x, y, undated, &date, id, negated, event])?;
            conn.execute(pair, vals![y, x, undated, &date, id, negated, event])?;
        }
    }
    Ok(())
}

/// Merges further reports into an event: contexts and aux modes become unions.
/// The event's date and range stay those of its first report: a month-long report merged into an
/// event of a known day does not blur the day, and a day inside a ranged event does not narrow it.
fn widen_event(conn: &Conn, id: &str, context: &BTreeSet<String>, aux: &BTreeSet<String>) -> R<()> {
    let row = conn.query_one("SELECT context, aux FROM events WHERE id = ?1", vals![id])?;
    let (old_context, old_aux): (String, String) = (row.get(0)?, row.get(1)?);
    let mut ctx: BTreeSet<String> = json("event context", &old_context)?;
    let mut aux_set: BTreeSet<String> = json("event aux", &old_aux)?;
    let before = (ctx.len(), aux_set.len());
    ctx.extend(context.iter().cloned());
    aux_set.extend(aux.iter().cloned());
    if before == (ctx.len(), aux_set.len()) {
        return Ok(());
    }
    conn.execute(
        "UPDATE events SET context = ?2, aux = ?3 WHERE id = ?1",
        vals![id, to_json(&ctx)?, to_json(&aux_set)?],
    )?;
    Ok(())
}

/// What one article's reports add to one event.
struct Touched {
    id: String,
    created: bool,
    mentions: u32,
    /// The highest confidence among this article's reports of the event.
    confidence: Option<f64>,
    context: BTreeSet<String>,
    aux: BTreeSet<String>,
}

impl Touched {
    fn new(id: String, created: bool) -> Self {
        Touched {
            id,
            created,
            mentions: 0,
            confidence: None,
            context: BTreeSet::new(),
            aux: BTreeSet::new(),
        }
    }
}

/// How an [`EventQuery`] is answered: the table that drives it in list order, its `WHERE` clause,
/// and the parameters.
///
/// A dyad is read from `events_by_pair`, an actor from `events_by_code`, anything else from
/// `events` through `events_list` or `events_type`; each is ordered by (undated, date, id), the
/// list order, so a page is the first `limit` rows of one key range and a count walks only that
/// range. Type, date and negation filters are columns of the driving table.
struct EventPlan {
    engine: Engine,
    /// `events e`, or a side table `s` joined to `events e`.
    side: bool,
    /// A date bound leaves undated events out.
    dated: bool,
    from: &'static str,
    clauses: Vec<String>,
    args: Vec<Val>,
}

impl EventPlan {
    fn of(q: &EventQuery, engine: Engine) -> Self {
        let mut plan = EventPlan {
            engine,
            side: true,
            dated: q.from.is_some() || q.to.is_some(),
            from: "events_by_pair s",
            clauses: Vec::new(),
            args: Vec::new(),
        };
        match (&q.dyad, &q.actor) {
            (Some((x, y)), actor) => {
                let px = plan.arg(x);
                let py = plan.arg(y);
                plan.clauses.push(format!("s.a = {px} AND s.b = {py}"));
                if let Some(actor) = actor {
                    let p = plan.arg(actor);
                    plan.clauses.push(format!(
                        "EXISTS (SELECT 1 FROM events_by_code c WHERE c.code = {p} \
                         AND c.undated = s.undated AND c.date = s.date AND c.event_id = s.event_id)"
                    ));
                }
            }
            (None, Some(actor)) => {
                plan.from = "events_by_code s";
                let p = plan.arg(actor);
                plan.clauses.push(format!("s.code = {p}"));
            }
            (None, None) => {
                plan.side = false;
                plan.from = "events e";
            }
        }
        let t = if plan.side { "s" } else { "e" };
        if !q.include_negated {
            plan.clauses.push(format!("{t}.negated = 0"));
        }
        if !q.events.is_empty() {
            let list: Vec<String> = q.events.iter().map(|e| plan.arg(e)).collect();
            plan.clauses
                .push(format!("{t}.event IN ({})", list.join(", ")));
        }
        if plan.dated {
            // Said in the index's terms, so the date bounds become a range of its key.
            plan.clauses.push(match (plan.side, engine) {
                (true, _) => "s.undated = 0".into(),
                (false, Engine::Sqlite) => "(e.date IS NULL) = 0".into(),
                (false, Engine::Postgres) => "e.date IS NOT NULL".into(),
            });
        }
        if let Some(from) = q.from {
            let p = plan.arg(&from.to_string());
            plan.clauses.push(format!("{t}.date >= {p}"));
        }
        if let Some(to) = q.to {
            let p = plan.arg(&to.to_string());
            plan.clauses.push(format!("{t}.date <= {p}"));
        }
        plan
    }

    fn arg(&mut self, v: &str) -> String {
        self.args.push(Val::from(v));
        format!("?{}", self.args.len())
    }

    /// `FROM … WHERE …` over the driving table alone (enough to count).
    fn source_and_filter(&self) -> String {
        let mut sql = format!("FROM {}", self.from);
        if !self.clauses.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.clauses.join(" AND "));
        }
        sql
    }

    /// `SELECT columns` of `events e` in list order, without a limit.
    fn select(&self, columns: &str) -> String {
        let where_ = if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        };
        if self.side {
            // SQLite: CROSS JOIN keeps the side table outermost, so rows come in its key order.
            // PostgreSQL's planner chooses its own join order, and has no `CROSS JOIN … ON`.
            let join = match self.engine {
                Engine::Sqlite => "CROSS JOIN",
                Engine::Postgres => "JOIN",
            };
            format!(
                "SELECT {columns} FROM {} {join} events e ON e.id = s.event_id{where_} \
                 ORDER BY s.undated, s.date, s.event_id",
                self.from
            )
        } else {
            // With a date bound every row is dated, and the planner sees that `date, id` is the
            // order of `events_list` under `(date IS NULL) = 0`; it would sort `date IS NULL, …`.
            let order = if self.dated {
                "e.date, e.id"
            } else {
                "e.date IS NULL, e.date, e.id"
            };
            format!("SELECT {columns} FROM events e{where_} ORDER BY {order}")
        }
    }
}

/// The `WHERE` clause and its parameters for an [`EventQuery`] over `events e`, as a filter on
/// event ids (for [`Store::top_dyads`], which groups rather than pages).
fn event_filter(q: &EventQuery) -> (String, Vec<Val>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Val> = Vec::new();
    let arg = |v: &str, args: &mut Vec<Val>| {
        args.push(Val::from(v));
        format!("?{}", args.len())
    };
    if !q.include_negated {
        clauses.push("e.negated = 0".into());
    }
    if !q.events.is_empty() {
        let list: Vec<String> = q.events.iter().map(|t| arg(t, &mut args)).collect();
        clauses.push(format!("e.event IN ({})", list.join(", ")));
    }
    if let Some(from) = q.from {
        let p = arg(&from.to_string(), &mut args);
        clauses.push(format!("e.date >= {p}"));
    }
    if let Some(to) = q.to {
        let p = arg(&to.to_string(), &mut args);
        clauses.push(format!("e.date <= {p}"));
    }
    if let Some(actor) = &q.actor {
        let p = arg(actor, &mut args);
        clauses.push(format!(
            "e.id IN (SELECT event_id FROM events_by_code WHERE code = {p})"
        ));
    }
    if let Some((x, y)) = &q.dyad {
        let px = arg(x, &mut args);
        let py = arg(y, &mut args);
        clauses.push(format!(
            "e.id IN (SELECT event_id FROM events_by_pair WHERE a = {px} AND b = {py})"
        ));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (filter, args)
}

fn event_from_row(r: &Row) -> R<StoredEvent> {
    let text = |i: usize| -> R<String> { r.get::<String>(i) };
    let location: Option<String> = r.get(16)?;
    Ok(StoredEvent {
        id: r.get(0)?,
        event: r.get(1)?,
        mode: r.get(2)?,
        context: json("event context", &text(3)?)?,
        cameo: r.get(4)?,
        quad_code: r.get(5)?,
        event_scale: r.get::<Option<f64>>(6)?.map(|v| v as f32),
        goldstein: r.get::<Option<f64>>(7)?.map(|v| v as f32),
        date: opt_day(r.get(8)?),
        date_end: opt_day(r.get(9)?),
        negated: r.get(10)?,
        aux: json("event aux", &text(11)?)?,
        actor: json("event actor", &text(12)?)?,
        recipient: json("event recipient", &text(13)?)?,
        actor_codes: json("event actor codes", &text(14)?)?,
        recipient_codes: json("event recipient codes", &text(15)?)?,
        location: location.map(|l| json("event location", &l)).transpose()?,
        trigger: r.get(17)?,
        text: r.get(18)?,
        language: r.get(19)?,
        mentions: r.get(20)?,
        articles: r.get(21)?,
        sources: r.get(22)?,
        tables: r.get(23)?,
        confidence: r.get(24)?,
        reported_at: opt_time(r.get(25)?),
    })
}

fn article_from_row(r: &Row) -> R<Article> {
    Ok(Article {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        source: r.get(3)?,
        language: r.get(4)?,
        published: opt_day(r.get(5)?),
        fetched: r.get(6)?,
        content_hash: r.get(7)?,
        duplicate_of: r.get(8)?,
        copies: r.get(9)?,
        origin: r.get(10)?,
        published_at: opt_time(r.get(11)?),
    })
}

/// How `articles.published_at` is written: RFC 3339 in UTC with whole seconds, one fixed width,
/// so that SQL's `min()` over the text is the earliest instant.
fn sql_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn opt_time(s: Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn opt_day(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(merge::parse_day)
}

fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> R<String> {
    serde_json::to_string(v).map_err(|e| ErrorKind::Corrupt {
        what: "value".into(),
        detail: e.to_string(),
    })
}

fn json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> R<T> {
    serde_json::from_str(s).map_err(|e| ErrorKind::Corrupt {
        what: what.into(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod query_tests;
#[cfg(test)]
mod tests;
