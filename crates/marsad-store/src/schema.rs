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
    // 2: indexes that answer a page of the event list in date order without sorting or scanning.
    //
    // Every list is ordered by `date IS NULL, date, id` (undated last). `events_list` and
    // `events_type` hold that order (for all events, and per type), with `negated` and `event`
    // carried along so that filters on them are checked in the index, not the table.
    // `events_by_code` (one row per code among an event's actors or recipients) and
    // `events_by_pair` (one row per actor-recipient code pair, stored in both directions) hold it
    // per code and per dyad, so `--actor IRN` and `--dyad IRN-USA` read their page and count their
    // matches from one key range. `undated` is 1 with `date = ''` for an undated event (primary
    // key columns cannot be NULL). The rows of existing events are filled in here.
    "
    CREATE INDEX events_list ON events(date IS NULL, date, id, negated, event);
    DROP INDEX events_type;
    CREATE INDEX events_type ON events(event, date IS NULL, date, id, negated);
    CREATE TABLE events_by_code (
        code     TEXT NOT NULL,
        undated  INTEGER NOT NULL,
        date     TEXT NOT NULL,
        event_id TEXT NOT NULL,
        negated  INTEGER NOT NULL,
        event    TEXT NOT NULL,
        PRIMARY KEY (code, undated, date, event_id)
    ) WITHOUT ROWID;
    CREATE TABLE events_by_pair (
        a        TEXT NOT NULL,
        b        TEXT NOT NULL,
        undated  INTEGER NOT NULL,
        date     TEXT NOT NULL,
        event_id TEXT NOT NULL,
        negated  INTEGER NOT NULL,
        event    TEXT NOT NULL,
        PRIMARY KEY (a, b, undated, date, event_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO events_by_code(code, undated, date, event_id, negated, event)
        SELECT c.value, e.date IS NULL, ifnull(e.date, ''), e.id, e.negated, e.event
        FROM events e, json_each(e.actor_codes) c
        UNION ALL
        SELECT c.value, e.date IS NULL, ifnull(e.date, ''), e.id, e.negated, e.event
        FROM events e, json_each(e.recipient_codes) c
        ORDER BY 1, 2, 3, 4;
    INSERT OR IGNORE INTO events_by_pair(a, b, undated, date, event_id, negated, event)
        SELECT x.value, y.value, e.date IS NULL, ifnull(e.date, ''), e.id, e.negated, e.event
        FROM events e, json_each(e.actor_codes) x, json_each(e.recipient_codes) y
        UNION ALL
        SELECT y.value, x.value, e.date IS NULL, ifnull(e.date, ''), e.id, e.negated, e.event
        FROM events e, json_each(e.actor_codes) x, json_each(e.recipient_codes) y
        ORDER BY 1, 2, 3, 4, 5;
    ",
    // 3: the scorer's confidence of each event, the highest of its mentions' (filled in from the
    // mentions' records of existing events; NULL for events coded without a scorer).
    "
    ALTER TABLE events ADD COLUMN confidence REAL;
    UPDATE events SET confidence = (
        SELECT max(json_extract(m.record, '$.confidence')) FROM mentions m WHERE m.event_id = events.id
    );
    ",
    // 4: content hashes become SHA-256 (issue 13: the 128-bit FNV-1a they were is not collision
    // resistant, so a crafted article could pose as a real one and have it skipped as "already
    // present"). Every stored article's hash is recomputed from its stored text by
    // `marsad_content_hash`, the SQL face of `content_hash` that `Store` registers on each
    // connection. Old hashes have 32 hex digits and new ones 64, so the UNIQUE index never sees
    // an old and a new hash collide half-way through the update.
    "
    UPDATE articles SET content_hash = marsad_content_hash(text);
    ",
    // 5: the publication time of an article, when its source gives one (a JSONL `date` or
    // `published` with a time, a feed item's time, an HTML page's meta time), as RFC 3339 UTC with
    // seconds (`2026-02-06T18:30:00Z`), so that `min()` over the column is the earliest instant.
    // `published` keeps the day every event record is dated by; this column only orders two
    // events of the same day (issue 14, item 1: sequence rules). NULL when the source gives a date
    // only, and for every article stored before this migration.
    "
    ALTER TABLE articles ADD COLUMN published_at TEXT;
    ",
    // 6: alerts raised by watches, each stored once under its stable id, and every attempt to
    // deliver one to a webhook (issue 14, item 3). `detail` is the alert as its producer serialised
    // it (with its evidence sentences), so the Atom feed and the webhook body need no
    // reassessment. A receiver has acknowledged an alert when one of its attempts is `delivered`;
    // the index answers that question for each (alert, target) pair.
    "
    CREATE TABLE alerts (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        watch      TEXT NOT NULL,
        kind       TEXT NOT NULL,
        indicator  TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date   TEXT NOT NULL,
        value      REAL NOT NULL,
        threshold  REAL NOT NULL,
        message    TEXT NOT NULL,
        detail     TEXT NOT NULL,
        raised_at  TEXT NOT NULL
    );
    CREATE INDEX alerts_watch ON alerts(watch, seq);
    CREATE TABLE alert_deliveries (
        seq       INTEGER PRIMARY KEY,
        alert_id  TEXT NOT NULL,
        target    TEXT NOT NULL,
        attempt   INTEGER NOT NULL,
        at        TEXT NOT NULL,
        status    INTEGER,
        delivered INTEGER NOT NULL,
        detail    TEXT NOT NULL
    );
    CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id, target, delivered);
    ",
];

/// `event_codes.role` of an actor's code.
pub const ROLE_ACTOR: i64 = 0;
/// `event_codes.role` of a recipient's code.
pub const ROLE_RECIPIENT: i64 = 1;

/// The schema version [`PG_BASE`] creates: PostgreSQL support came with version 6, so a new
/// PostgreSQL database starts there, in one step, and takes the later migrations as SQLite does.
pub const PG_BASE_VERSION: i64 = 6;

/// PostgreSQL migrations after [`PG_BASE_VERSION`], one per SQLite migration after it, in the
/// same order: a change to the schema appends to both lists (a test checks they stay in step).
pub const PG_MIGRATIONS: &[&str] = &[];

/// The PostgreSQL schema of version [`PG_BASE_VERSION`]: the tables of [`MIGRATIONS`] 1 to 6 in
/// PostgreSQL's types, plus the work queue (`queue`, see `crate::queue`).
///
/// The differences, and why:
/// - every text column is `COLLATE "C"`: SQLite compares text byte by byte, and the exports' order
///   must not depend on the server's locale;
/// - integers are `BIGINT` and reals `DOUBLE PRECISION`, SQLite's 64-bit storage; booleans stay
///   0/1 integers, as the shared SQL compares them;
/// - `seq` columns are identity columns (SQLite's rowid), so "the order stored" is the same;
/// - `mentions_event_seq` serves "this event's mentions in order" (SQLite reads it from
///   `mentions_event` plus the rowid);
/// - the side tables' keys and `events_date` carry `negated` and `event` as `INCLUDE` columns:
///   SQLite's `WITHOUT ROWID` tables hold them in the key's B-tree, and without them PostgreSQL
///   read a table row per index entry to filter on them (an actor + type count on 1,000,000
///   events: 8,065 buffers, 91 with them; docs/postgres-capacity.md).
pub const PG_BASE: &str = r#"
CREATE TABLE marsad_schema (version BIGINT NOT NULL);
CREATE TABLE sources (
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name     TEXT COLLATE "C" NOT NULL UNIQUE,
    articles BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE articles (
    seq          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    url          TEXT COLLATE "C",
    title        TEXT COLLATE "C",
    source       TEXT COLLATE "C",
    language     TEXT COLLATE "C" NOT NULL,
    published    TEXT COLLATE "C",
    fetched      TEXT COLLATE "C" NOT NULL,
    content_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    duplicate_of TEXT COLLATE "C",
    copies       BIGINT NOT NULL DEFAULT 0,
    origin       TEXT COLLATE "C" NOT NULL,
    fingerprint  BIGINT,
    text         TEXT COLLATE "C" NOT NULL,
    published_at TEXT COLLATE "C"
);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE events (
    id              TEXT COLLATE "C" PRIMARY KEY,
    base            TEXT COLLATE "C" NOT NULL,
    event           TEXT COLLATE "C" NOT NULL,
    mode            TEXT COLLATE "C",
    context         TEXT COLLATE "C" NOT NULL,
    cameo           TEXT COLLATE "C",
    quad_code       BIGINT,
    event_scale     DOUBLE PRECISION,
    goldstein       DOUBLE PRECISION,
    date            TEXT COLLATE "C",
    date_end        TEXT COLLATE "C",
    negated         BIGINT NOT NULL,
    aux             TEXT COLLATE "C" NOT NULL,
    actor           TEXT COLLATE "C" NOT NULL,
    recipient       TEXT COLLATE "C" NOT NULL,
    actor_codes     TEXT COLLATE "C" NOT NULL,
    recipient_codes TEXT COLLATE "C" NOT NULL,
    location        TEXT COLLATE "C",
    trigger         TEXT COLLATE "C" NOT NULL,
    text            TEXT COLLATE "C" NOT NULL,
    language        TEXT COLLATE "C" NOT NULL,
    mentions        BIGINT NOT NULL,
    articles        BIGINT NOT NULL,
    sources         BIGINT NOT NULL,
    tables          TEXT COLLATE "C",
    confidence      DOUBLE PRECISION
);
CREATE INDEX events_date ON events(date, id) INCLUDE (negated, event);
CREATE INDEX events_base ON events(base, date);
CREATE INDEX events_list ON events((date IS NULL), date, id, negated, event);
CREATE INDEX events_type ON events(event, (date IS NULL), date, id, negated);
CREATE INDEX events_day_type ON events(date, event);
CREATE TABLE event_codes (
    code     TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL,
    role     BIGINT NOT NULL,
    PRIMARY KEY (code, event_id, role)
);
CREATE INDEX event_codes_event ON event_codes(event_id);
CREATE TABLE mentions (
    seq        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    event_id   TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL,
    source     TEXT COLLATE "C",
    record     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX mentions_event ON mentions(event_id, source);
CREATE INDEX mentions_event_seq ON mentions(event_id, seq);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE TABLE events_by_code (
    code     TEXT COLLATE "C" NOT NULL,
    undated  BIGINT NOT NULL,
    date     TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL,
    negated  BIGINT NOT NULL,
    event    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (code, undated, date, event_id) INCLUDE (negated, event)
);
CREATE INDEX events_by_code_event ON events_by_code(event_id);
CREATE TABLE events_by_pair (
    a        TEXT COLLATE "C" NOT NULL,
    b        TEXT COLLATE "C" NOT NULL,
    undated  BIGINT NOT NULL,
    date     TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL,
    negated  BIGINT NOT NULL,
    event    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (a, b, undated, date, event_id) INCLUDE (negated, event)
);
CREATE INDEX events_by_pair_event ON events_by_pair(event_id);
CREATE TABLE alerts (
    seq        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id         TEXT COLLATE "C" NOT NULL UNIQUE,
    watch      TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    indicator  TEXT COLLATE "C" NOT NULL,
    start_date TEXT COLLATE "C" NOT NULL,
    end_date   TEXT COLLATE "C" NOT NULL,
    value      DOUBLE PRECISION NOT NULL,
    threshold  DOUBLE PRECISION NOT NULL,
    message    TEXT COLLATE "C" NOT NULL,
    detail     TEXT COLLATE "C" NOT NULL,
    raised_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX alerts_watch ON alerts(watch, seq);
CREATE TABLE alert_deliveries (
    seq       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    alert_id  TEXT COLLATE "C" NOT NULL,
    target    TEXT COLLATE "C" NOT NULL,
    attempt   BIGINT NOT NULL,
    at        TEXT COLLATE "C" NOT NULL,
    status    BIGINT,
    delivered BIGINT NOT NULL,
    detail    TEXT COLLATE "C" NOT NULL
);
CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id, target, delivered);
CREATE TABLE queue (
    seq         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    state       TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'claimed', 'done', 'failed')),
    docs        TEXT COLLATE "C" NOT NULL,
    size        BIGINT NOT NULL,
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    worker      TEXT COLLATE "C",
    token       TEXT COLLATE "C",
    lease_until TIMESTAMPTZ,
    claims      BIGINT NOT NULL DEFAULT 0,
    failures    BIGINT NOT NULL DEFAULT 0,
    error       TEXT COLLATE "C",
    done_at     TIMESTAMPTZ
);
CREATE INDEX queue_open ON queue(seq) WHERE state IN ('pending', 'claimed');
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_postgres_migrations_keep_step_with_sqlites() {
        assert_eq!(
            PG_BASE_VERSION + PG_MIGRATIONS.len() as i64,
            MIGRATIONS.len() as i64,
            "a migration was added to one engine only"
        );
    }
}
