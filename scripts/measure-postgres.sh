#!/usr/bin/env bash
# Measures Marsad on PostgreSQL (issue 12, deliverable 5) against SQLite, on this machine:
#   1. ingest throughput (articles/s) of ARTICLES generated articles (default 20000, made by
#      scripts/gen-corpus.py as scripts/measure-ingest-speed.sh makes them), four ways:
#      SQLite direct (`marsad ingest --db FILE`), PostgreSQL direct (`marsad ingest --db URL`),
#      and the PostgreSQL work queue (`marsad ingest --queue`, timed apart, then `marsad worker
#      --until-empty`) with one worker and with two workers started together (wall time until
#      both exit); each PostgreSQL database is checked against the SQLite one (counts of articles,
#      events and mentions, a digest of the mentions in stored order, and `marsad export --format
#      plover-jsonl --all` compared byte for byte), and the WAL each run wrote is printed;
#   2. the dashboard: EVENTS synthetic events (default 1000000) written by the load test's
#      generator (crates/marsad-server/examples/gen_events.rs) into a PostgreSQL database (timed),
#      then scripts/load-test.sh's client against `marsad serve --db postgres://…` (REQUESTS
#      requests of GET /api/events, default 10000, 16 connections), once per reader-pool size in
#      READERS (default "2 8": serve's default on two cores, and more connections than cores, since
#      the work happens in PostgreSQL's own processes): p50/p90/p99 (the issue's target: p99 ≤ 50
#      ms on 1,000,000 events), each path of the mix alone, and the statements PostgreSQL logged
#      as slower than 20 ms, by shape;
#   3. the database size (pg_database_size) and each table's rows, heap, indexes and bytes a row,
#      after the ARTICLES ingest and after the EVENTS load: the inputs of docs/postgres-capacity.md.
#
#   scripts/measure-postgres.sh [ARTICLES] [EVENTS]
#   REQUESTS=2000 READERS="4" scripts/measure-postgres.sh 2000 50000   # a quick run
#   KEEP=1 scripts/measure-postgres.sh …   # leaves the cluster running at the end, to look into it
#
# It starts its own throwaway PostgreSQL cluster (initdb and pg_ctl from PATH, else Debian's
# /usr/lib/postgresql/<version>/bin; as root they run as `postgres`, else `nobody`, through
# runuser) in a temporary folder on a free port of 127.0.0.1, user `marsad` trusted, locale C,
# with deploy/postgresql.conf (the deployment's settings, durability on: fsync and
# synchronous_commit stay on, since this measures) plus the overrides printed at the start; the
# server is stopped and the folder deleted on exit (unless KEEP=1).
#
# Not part of CI. On two shared cores the ingest part takes about 6 minutes and writing the events
# the rest: 500,000 were written after 18 minutes and 1,000,000 after 55 (the store's partner
# lookup reads every stored event of the same day and type for each new one, so the time grows
# faster than the count; docs/postgres-capacity.md has the figures and the analysis). Figures
# depend on the other work on the machine, so the load average is printed beside each one; run
# it twice when it matters.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-20000}
events=${2:-1000000}
requests=${REQUESTS:-10000}
readers_list=${READERS:-2 8}
concurrency=16

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
say() { printf '\n== %s\n' "$*"; }

# --- the PostgreSQL programs ---------------------------------------------------------------------
pg_bin=
if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    pg_bin=$(dirname "$(readlink -f "$(command -v initdb)")")
else
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            pg_bin=$dir
            break
        fi
    done
fi
if [ -z "$pg_bin" ]; then
    echo "PostgreSQL not found (initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin):" \
        "install Debian's postgresql package" >&2
    exit 1
fi
psql=$pg_bin/psql
[ -x "$psql" ] || psql=$(command -v psql)
# PostgreSQL refuses to run as root.
as_pg=()
pg_user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    pg_user=nobody
    id postgres >/dev/null 2>&1 && pg_user=postgres
    as_pg=(runuser -u "$pg_user" --)
fi

work=$(mktemp -d)
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/marsad-pg.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if [ "${KEEP:-}" = 1 ] && [ -f "$pgdir/data/postmaster.pid" ]; then
        echo "KEEP=1: the cluster stays up at $(url events) (data in $pgdir); stop it with" \
            "(cd $pgdir && ${as_pg[*]} $pg_bin/pg_ctl -D $pgdir/data stop) && rm -rf $pgdir" >&2
        rm -rf "$work"
        return
    fi
    if [ -f "$pgdir/data/postmaster.pid" ]; then
        (cd "$pgdir" && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate -w stop) \
            >/dev/null 2>&1 || true
    fi
    rm -rf "$work" "$pgdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cargo build --quiet --release -p marsad-cli
cargo build --quiet --release -p marsad-server --example gen_events --example load
marsad=target/release/marsad

say "machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(awk '/MemTotal/ {printf "%.0f GB RAM", $2 / 1048576}' /proc/meminfo); load average $(loadavg)"

# --- the cluster ---------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chown "$pg_user" "$pgdir"
chmod 700 "$pgdir"
(cd "$pgdir" && "${as_pg[@]}" "$pg_bin/initdb" -D "$pgdir/data" -U marsad --auth=trust \
    --locale=C -E UTF8) >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
# The deployment's settings (deploy/postgresql.conf), then what a throwaway local cluster needs
# instead: its own port and socket, loopback only. The memory lines stay as deployed (sized for
# 8 GB), which fits this machine; slow statements are logged from 20 ms in the events database
# only (below), to see what the dashboard waits for.
install -o "$pg_user" -m 600 deploy/postgresql.conf "$pgdir/data/marsad.conf"
cat >>"$pgdir/data/postgresql.conf" <<EOF
include 'marsad.conf'
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$pgdir'
# Counts the statements each run sends (how many round trips an article costs); its own cost is a
# few per cent.
shared_preload_libraries = 'pg_stat_statements'
EOF
(cd "$pgdir" && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w start) \
    >/dev/null 2>&1 || { tail -20 "$pgdir/log" >&2; exit 1; }
q() { "$psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
url() { echo "postgres://marsad@127.0.0.1:$port/$1"; }
admin=$(url postgres)
for db in direct queue1 queue2 events; do
    q "$admin" "CREATE DATABASE $db" >/dev/null
done
q "$admin" "CREATE EXTENSION pg_stat_statements" >/dev/null
say "PostgreSQL"
q "$admin" "SELECT version()"
echo "programs in $pg_bin, run as $pg_user; settings (deploy/postgresql.conf):"
q "$admin" "SELECT '  ' || name || ' = ' || current_setting(name) FROM pg_settings
    WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_compression',
        'shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem',
        'max_wal_size', 'checkpoint_timeout', 'random_page_cost', 'max_connections',
        'autovacuum_naptime', 'jit', 'max_parallel_workers_per_gather', 'shared_preload_libraries')
    ORDER BY name"

# Seconds the sessions of database DB spent executing statements and idle inside a transaction
# (PostgreSQL 14+ counts both per database): for a writer, the second is its own work between
# the statements of a write transaction, so the sum is about the time the write lock was held.
db_time() {
    q "$admin" "SELECT round(active_time::numeric / 1000, 1) || ' ' || round(idle_in_transaction_time::numeric / 1000, 1)
        FROM pg_stat_database WHERE datname = '$1'"
}
# The statements sent to database DB (pg_stat_statements): how many per article, and the most
# frequent ones with their calls, mean time and share of the time spent executing.
statements() {
    local db=$1
    q "$admin" "SELECT 'statements: ' || sum(calls) || ' (' || round(sum(calls) / $articles.0, 1)
            || ' an article), ' || round(sum(total_exec_time)::numeric / 1000, 1) || ' s executing'
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$db')"
    q "$admin" "SELECT '  ' || lpad(calls::text, 8) || lpad(round(calls / $articles.0, 1)::text, 7) || '/article'
            || lpad(round(mean_exec_time::numeric * 1000)::text, 7) || ' µs'
            || lpad(round(100 * total_exec_time / sum(total_exec_time) OVER ())::text, 4) || '%  '
            || left(regexp_replace(query, '\s+', ' ', 'g'), 110)
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$db')
        ORDER BY calls DESC LIMIT 12"
}
# `in the database: X s executing statements + Y s idle in transactions` since BEFORE (a db_time).
db_time_since() {
    local now
    now=$(db_time "$1")
    awk -v a="$2" -v b="$now" 'BEGIN {
        split(a, x, " "); split(b, y, " ");
        printf "%.1f s executing statements + %.1f s between statements inside transactions", y[1] - x[1], y[2] - x[2] }'
}
wal_lsn() { q "$admin" "SELECT pg_current_wal_lsn()"; }
wal_mb_since() { q "$admin" "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$1') / 1048576.0, 1)"; }

# Runs CMD with its stderr in $work/NAME.err and `wall user system maxrss` in $work/NAME.time.
timed() {
    local name=$1
    shift
    echo "$(loadavg)" >"$work/$name.load"
    if ! /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" 2>"$work/$name.err"; then
        tail -20 "$work/$name.err" >&2
        exit 1
    fi
    echo "$(loadavg)" >>"$work/$name.load"
}
wall() { cut -d' ' -f1 "$work/$1.time"; }
cpu() { awk '{printf "%.1f", $2 + $3}' "$work/$1.time"; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", n / s}'; }
loads() { paste -sd'>' "$work/$1.load" | sed 's/>/ → /'; }

# One row of the summary table, printed at the end.
rows=$work/rows
row() { echo "| $* |" >>"$rows"; }

# `articles events mentions duplicates digest` of a database: the digest is the MD5 of its mentions
# (article, event) in stored order, so two databases that agree stored the same mentions in the
# same order.
fingerprint_pg() {
    q "$1" "SELECT (SELECT count(*) FROM articles) || ' ' || (SELECT count(*) FROM events) || ' '
        || (SELECT count(*) FROM mentions) || ' '
        || (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) || ' '
        || (SELECT md5(COALESCE(string_agg(article_id || ' ' || event_id, E'\n' ORDER BY seq), ''))
            FROM mentions)"
}
fingerprint_sqlite() {
    python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
one = lambda sql: con.execute(sql).fetchone()[0]
pairs = "\n".join(a + " " + e for a, e in con.execute(
    "SELECT article_id, event_id FROM mentions ORDER BY seq"))
print(one("SELECT count(*) FROM articles"), one("SELECT count(*) FROM events"),
      one("SELECT count(*) FROM mentions"),
      one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
      hashlib.md5(pairs.encode()).hexdigest())
PY
}
# Compares a PostgreSQL database with the SQLite run; prints the verdict and remembers it.
check() {
    local name=$1 db=$2 got
    got=$(fingerprint_pg "$db")
    "$marsad" export --db "$db" --format plover-jsonl --all -o "$work/$name.jsonl" 2>/dev/null
    if [ "$got" = "$reference" ] && cmp -s "$work/sqlite.jsonl" "$work/$name.jsonl"; then
        echo "same as SQLite: articles, events, mentions, duplicates, mention digest, export"
        echo yes >"$work/$name.same"
    else
        echo "DIFFERS from SQLite: $got (SQLite: $reference);" \
            "export $(cmp "$work/sqlite.jsonl" "$work/$name.jsonl" 2>&1 | head -1 || true)"
        echo NO >"$work/$name.same"
    fi
}

# Each table's rows, heap (with TOAST), indexes and bytes a row, then the database's size.
sizes() {
    q "$1" "SELECT rpad(c.relname, 17) || lpad(r.n::text, 11) || ' rows'
            || lpad(pg_size_pretty(pg_table_size(c.oid)), 11) || ' heap'
            || lpad(pg_size_pretty(pg_indexes_size(c.oid)), 11) || ' indexes'
            || lpad(pg_size_pretty(pg_total_relation_size(c.oid)), 11) || ' total'
            || lpad(CASE WHEN r.n > 0 THEN (pg_total_relation_size(c.oid) / r.n)::text ELSE '-' END, 8)
            || ' B/row'
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
        LATERAL (SELECT (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I',
            c.relname), false, true, '')))[1]::text::bigint AS n) r
        WHERE n.nspname = 'public' AND c.relkind = 'r'
        ORDER BY pg_total_relation_size(c.oid) DESC"
    q "$1" "SELECT 'database ' || current_database() || ': '
        || pg_size_pretty(pg_database_size(current_database()))
        || ' (' || pg_database_size(current_database()) || ' bytes)'"
}

# Reads a PostgreSQL server log on stdin and prints the statements logged by
# log_min_duration_statement, grouped by shape (the event columns abbreviated), most frequent
# first; the slowest instance of each of the three most frequent shapes is written, with its
# logged parameters substituted, to PREFIX.N.sql (first line: a `-- ` comment naming it).
slow_statements() {
    python3 -c '
import re, statistics, sys
prefix = sys.argv[1]
shapes, last = {}, None
for line in sys.stdin:
    m = re.search(r"duration: ([0-9.]+) ms\s+(?:execute [^:]*|statement): (.*)", line)
    if m:
        sql = m.group(2).strip()
        shape = re.sub(r"\s+", " ", sql)
        shape = re.sub(r"^SELECT e\.id, .*?a\.published = e\.date\) FROM", "SELECT <event columns> FROM", shape)
        last = [float(m.group(1)), sql, {}]
        shapes.setdefault(shape[:200], []).append(last)
        continue
    m = re.search(r"DETAIL:\s+parameters: (.*)", line)
    if m and last is not None:
        for n, v in re.findall(r"\$(\d+) = (NULL|\x27(?:[^\x27]|\x27\x27)*\x27)", m.group(1)):
            last[2][n] = v
    last = None
ranked = sorted(shapes.items(), key=lambda kv: -len(kv[1]))
for shape, runs in ranked[:8]:
    ms = [r[0] for r in runs]
    print(f"  {len(ms):6} {statistics.median(ms):8.1f} {max(ms):8.1f}  {shape}")
if not shapes:
    print("  none")
for i, (shape, runs) in enumerate(ranked[:3]):
    ms, sql, params = max(runs, key=lambda r: r[0])
    sql = re.sub(r"\$(\d+)\b", lambda m: params.get(m.group(1), m.group(0)), sql)
    with open(f"{prefix}.{i}.sql", "w") as f:
        f.write(f"-- {shape[:120]} ({ms:.1f} ms in the run)\n{sql}\n")
' "$1"
}

# --- 1. ingest -----------------------------------------------------------------------------------
say "corpus"
python3 scripts/gen-corpus.py "$work/corpus.jsonl" "$articles"
corpus_mb=$(du -m "$work/corpus.jsonl" | cut -f1)
echo "$articles articles, $corpus_mb MB"
echo "| run | command | wall s | articles/s | CPU s | WAL MB | load average (1, 5, 15 min) before → after | same as SQLite |" >"$rows"
echo "|---|---|---:|---:|---:|---:|---|---|" >>"$rows"

say "SQLite, direct ingest"
timed sqlite "$marsad" ingest --db "$work/sqlite.db" "$work/corpus.jsonl"
tail -1 "$work/sqlite.err"
reference=$(fingerprint_sqlite "$work/sqlite.db")
"$marsad" export --db "$work/sqlite.db" --format plover-jsonl --all -o "$work/sqlite.jsonl" 2>/dev/null
sqlite_mb=$(du -cm "$work/sqlite.db"* | tail -1 | cut -f1)
echo "wall $(wall sqlite) s: $(rate "$articles" "$(wall sqlite)") articles/s; load $(loads sqlite)"
echo "articles events mentions duplicates digest: $reference; file $sqlite_mb MB"
row "SQLite direct | \`marsad ingest --db FILE\` | $(wall sqlite) | $(rate "$articles" "$(wall sqlite)") | $(cpu sqlite) | - | $(loads sqlite) | (reference)"

say "coding alone (marsad code --all, no store; it also codes the near-duplicate copies ingest skips)"
timed code "$marsad" code --all "$work/corpus.jsonl" -o /dev/null
echo "wall $(wall code) s: $(rate "$articles" "$(wall code)") articles/s; CPU $(cpu code) s; load $(loads code)"
row "coding alone | \`marsad code --all\` | $(wall code) | $(rate "$articles" "$(wall code)") | $(cpu code) | - | $(loads code) | -"

say "PostgreSQL, direct ingest"
lsn=$(wal_lsn)
t0=$(db_time direct)
timed direct "$marsad" ingest --db "$(url direct)" "$work/corpus.jsonl"
wal_direct=$(wal_mb_since "$lsn")
tail -1 "$work/direct.err"
sleep 1 # a session's times reach pg_stat_database when it ends, within a second
echo "PostgreSQL's side: $(db_time_since direct "$t0")"
statements direct
echo "wall $(wall direct) s: $(rate "$articles" "$(wall direct)") articles/s; WAL $wal_direct MB; load $(loads direct)"
check direct "$(url direct)"
row "PostgreSQL direct | \`marsad ingest --db URL\` | $(wall direct) | $(rate "$articles" "$(wall direct)") | $(cpu direct) | $wal_direct | $(loads direct) | $(cat "$work/direct.same")"

# Enqueues the corpus into database DB, then runs N workers started together until the queue is
# empty; the enqueue and the workers are timed apart.
queue_run() {
    local db=$1 n=$2 lsn start end i
    lsn=$(wal_lsn)
    timed "$db-enqueue" "$marsad" ingest --db "$(url "$db")" --queue "$work/corpus.jsonl"
    local wal_enqueue
    wal_enqueue=$(wal_mb_since "$lsn")
    tail -1 "$work/$db-enqueue.err"
    echo "enqueue: wall $(wall "$db-enqueue") s, $(rate "$articles" "$(wall "$db-enqueue")") articles/s;" \
        "WAL $wal_enqueue MB; load $(loads "$db-enqueue")"
    row "PostgreSQL enqueue ($db) | \`marsad ingest --db URL --queue\` | $(wall "$db-enqueue") | $(rate "$articles" "$(wall "$db-enqueue")") | $(cpu "$db-enqueue") | $wal_enqueue | $(loads "$db-enqueue") | -"
    lsn=$(wal_lsn)
    local t0
    t0=$(db_time "$db")
    echo "$(loadavg)" >"$work/$db-workers.load"
    start=$(date +%s.%N)
    pids=()
    for i in $(seq 1 "$n"); do
        /usr/bin/time -f "%e %U %S %M" -o "$work/$db-w$i.time" \
            "$marsad" worker --db "$(url "$db")" --until-empty --name "w$i" 2>"$work/$db-w$i.err" &
        pids+=("$!")
    done
    for i in $(seq 1 "$n"); do
        if ! wait "${pids[$((i - 1))]}"; then
            tail -20 "$work/$db-w$i.err" >&2
            exit 1
        fi
    done
    pids=()
    end=$(date +%s.%N)
    echo "$(loadavg)" >>"$work/$db-workers.load"
    local secs cpu_all wal_work
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')
    cpu_all=$(cat "$work/$db"-w*.time | awk '{s += $2 + $3} END {printf "%.1f", s}')
    wal_work=$(wal_mb_since "$lsn")
    for i in $(seq 1 "$n"); do
        echo "worker w$i: $(tail -1 "$work/$db-w$i.err")"
    done
    echo "$n worker(s): wall $secs s: $(rate "$articles" "$secs") articles/s; WAL $wal_work MB; load $(loads "$db-workers")"
    sleep 1
    echo "PostgreSQL's side: $(db_time_since "$db" "$t0")" \
        "(with 2 workers, waiting for the write lock counts as executing)"
    if [ "$n" = 1 ]; then statements "$db"; fi
    q "$(url "$db")" "SELECT 'queue: ' || string_agg(state || ' ' || n, ', ') FROM
        (SELECT state, count(*) AS n FROM queue GROUP BY state ORDER BY state) s"
    check "$db" "$(url "$db")"
    row "PostgreSQL queue, $n worker(s) | \`marsad worker --until-empty\` ×$n | $secs | $(rate "$articles" "$secs") | $cpu_all | $wal_work | $(loads "$db-workers") | $(cat "$work/$db.same")"
}
say "PostgreSQL, work queue, 1 worker"
queue_run queue1 1
say "PostgreSQL, work queue, 2 workers"
queue_run queue2 2

say "sizes after $articles articles (direct ingest; a queue database also keeps its queue)"
sizes "$(url direct)"
q "$(url queue1)" "SELECT 'queue table of queue1: ' || pg_size_pretty(pg_total_relation_size('queue'))"
echo "SQLite file: $sqlite_mb MB"

# --- 2. the dashboard on EVENTS events -----------------------------------------------------------
say "PostgreSQL, $events events (gen_events)"
lsn=$(wal_lsn)
timed gen target/release/examples/gen_events "$(url events)" "$events"
wal_gen=$(wal_mb_since "$lsn")
tail -1 "$work/gen.err"
echo "wall $(wall gen) s: $(rate "$events" "$(wall gen)") events/s; WAL $wal_gen MB; load $(loads gen)"
row "gen_events $events | \`gen_events URL $events\` | $(wall gen) | ($(rate "$events" "$(wall gen)") events/s) | $(cpu gen) | $wal_gen | $(loads gen) | -"
# Autovacuum would analyse and vacuum the new rows within a minute or two (PostgreSQL 13 and
# later vacuum insert-only tables too, which sets the visibility map that index-only scans need);
# doing it now measures that steady state rather than the minute after a bulk load.
timed vacuum "$psql" -X -q -v ON_ERROR_STOP=1 -d "$(url events)" -c "VACUUM ANALYZE"
echo "VACUUM ANALYZE: $(wall vacuum) s"

say "sizes after $events events"
sizes "$(url events)"
echo "largest indexes:"
q "$(url events)" "SELECT '  ' || rpad(indexrelname, 24) || lpad(pg_size_pretty(pg_relation_size(indexrelid)), 10)
    FROM pg_stat_user_indexes ORDER BY pg_relation_size(indexrelid) DESC LIMIT 12"

# Statements of the dashboard's connections slower than 20 ms go to the server log.
q "$admin" "ALTER DATABASE events SET log_min_duration_statement = '20ms'" >/dev/null
dash=$work/dash
echo "| events | --readers | requests × connections | throughput | latency ms | load average before → after |" >"$dash"
echo "|---:|---:|---|---:|---|---|" >>"$dash"
paths=$(sed -n '/^const PATHS/,/^];/p' crates/marsad-server/examples/load.rs | grep -o '"/api[^"]*"' | tr -d '"')
for readers in $readers_list; do
    say "dashboard load test on PostgreSQL, $events events, marsad serve --readers $readers"
    log=$work/serve-$readers.log
    log_from=$(wc -c <"$pgdir/log")
    "$marsad" serve --db "$(url events)" --addr 127.0.0.1:0 --readers "$readers" 2>"$log" &
    pids=("$!")
    addr=
    for _ in $(seq 1 100); do
        addr=$(grep -o 'serving http://[^/]*' "$log" 2>/dev/null | sed 's|serving http://||' || true)
        [ -n "$addr" ] && break
        sleep 0.1
    done
    if [ -z "$addr" ]; then
        echo "marsad serve did not start:" >&2
        cat "$log" >&2
        exit 1
    fi
    # The same warm-up as scripts/load-test.sh, then the measured run.
    target/release/examples/load "$addr" 200 "$concurrency" >/dev/null
    before=$(loadavg)
    target/release/examples/load "$addr" "$requests" "$concurrency" | tee "$work/load-$readers"
    log_to=$(wc -c <"$pgdir/log")
    echo "load average $before → $(loadavg)"
    latency=$(grep -o 'p50.*' "$work/load-$readers" | sed 's/  */ /g')
    throughput=$(grep -o '[0-9]* req/s' "$work/load-$readers")
    echo "| $events | $readers | $requests × $concurrency | $throughput | $latency | $before → $(loadavg) |" >>"$dash"
    # Each path of the mix alone, one request at a time: which one is slow.
    echo "each path alone (20 requests one at a time; median and max ms):"
    python3 - "$addr" $paths <<'PY'
import http.client, statistics, sys, time
host, port = sys.argv[1].rsplit(":", 1)
conn = http.client.HTTPConnection(host, int(port), timeout=60)
for path in sys.argv[2:]:
    times = []
    for _ in range(20):
        t = time.perf_counter()
        conn.request("GET", path)
        conn.getresponse().read()
        times.append((time.perf_counter() - t) * 1000)
    print(f"  {statistics.median(times):8.1f} {max(times):8.1f}  {path}")
PY
    kill "${pids[0]}" 2>/dev/null || true
    wait "${pids[0]}" 2>/dev/null || true
    pids=()
    echo "statements over 20 ms during the measured run, by shape (count, median and max ms):"
    tail -c +"$((log_from + 1))" "$pgdir/log" | head -c "$((log_to - log_from))" \
        | slow_statements "$work/explain-$readers"
    # The slowest instance of the three most frequent slow shapes, as PostgreSQL plans it now.
    for sql in "$work/explain-$readers".*.sql; do
        [ -f "$sql" ] || continue
        echo "EXPLAIN (ANALYZE, BUFFERS) of the slowest $(head -1 "$sql" | cut -c4-):"
        "$psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$(url events)" \
            -c "EXPLAIN (ANALYZE, BUFFERS) $(tail -n +2 "$sql")" | head -40 | sed 's/^/    /'
    done
done

say "summary ($articles articles, $events events; $(nproc) cores; load average now $(loadavg))"
cat "$rows"
echo
cat "$dash"
