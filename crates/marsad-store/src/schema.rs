//! The database schema as an ordered list of migrations, versioned with `PRAGMA user_version`.
//!
//! Migration `n` (1-based) takes a database from version `n - 1` to `n`; each runs in its own
//! transaction together with the version bump, so a crash leaves the database at one version or
//! the next, never in between. Never edit a released migration: append a new one.

/// The migrations, oldest first; the database's version is how many of them it has had.
pub const MIGRATIONS: &[&str] = &[
    // 1: sources, articles with their text, merged events, mentions, and the codes side table.
    //
    // Dyads are a side table `event_codes(code, event_id, role)` rather than `actor`/`recipient`
    // columns because an event often has several actors on one side (`Egypt, Turkey and Qatar
    // proposed…`): one row per code and role lets one index answer `--actor IRN` and
    // `--dyad IRN-USA` for events with any number of participants.
    "
    CREATE TABLE sources (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE,
        articles INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        url          TEXT,
        title        TEXT,
        source       TEXT,
        language     TEXT NOT NULL,
        published    TEXT,
        fetched      TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        duplicate_of TEXT,
        copies       INTEGER NOT NULL DEFAULT 0,
        origin       TEXT NOT NULL,
        fingerprint  INTEGER,
        text         TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE events (
        id              TEXT PRIMARY KEY,
        base            TEXT NOT NULL,
        event           TEXT NOT NULL,
        mode            TEXT,
        context         TEXT NOT NULL,
        cameo           TEXT,
        quad_code       INTEGER,
        event_scale     REAL,
        goldstein       REAL,
        date            TEXT,
        date_end        TEXT,
        negated         INTEGER NOT NULL,
        aux             TEXT NOT NULL,
        actor           TEXT NOT NULL,
        recipient       TEXT NOT NULL,
        actor_codes     TEXT NOT NULL,
        recipient_codes TEXT NOT NULL,
        location        TEXT,
        trigger         TEXT NOT NULL,
        text            TEXT NOT NULL,
        language        TEXT NOT NULL,
        mentions        INTEGER NOT NULL,
        articles        INTEGER NOT NULL,
        sources         INTEGER NOT NULL,
        tables          TEXT
    );
    CREATE INDEX events_date ON events(date, id);
    CREATE INDEX events_type ON events(event, date);
    CREATE INDEX events_base ON events(base, date);
    CREATE TABLE event_codes (
        code     TEXT NOT NULL,
        event_id TEXT NOT NULL,
        role     INTEGER NOT NULL,
        PRIMARY KEY (code, event_id, role)
    ) WITHOUT ROWID;
    CREATE TABLE mentions (
        seq        INTEGER PRIMARY KEY,
        event_id   TEXT NOT NULL,
        article_id TEXT NOT NULL,
        source     TEXT,
        record     TEXT NOT NULL
    );
    CREATE INDEX mentions_event ON mentions(event_id, source);
    CREATE INDEX mentions_article ON mentions(article_id);
    ",
];

/// `event_codes.role` of an actor's code.
pub const ROLE_ACTOR: i64 = 0;
/// `event_codes.role` of a recipient's code.
pub const ROLE_RECIPIENT: i64 = 1;
