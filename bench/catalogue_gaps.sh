#!/usr/bin/env bash
# catalogueGaps() at reference-like scale: the users and movies a day of 200,000 simulated users names without a
# record, on SQLite and PostgreSQL, against the full-scan queries it replaced (run on the same stores through sqlite3
# and psql). Results go to bench/RESULTS.md by hand, with this command and the machine it ran on.
#
#   bash bench/catalogue_gaps.sh [DAYS]      (default 1 simulated day: about 7 million lines)
#   MODE=debug bash bench/catalogue_gaps.sh  (the debug build in .build, when there is no time for a release build)
#
# PostgreSQL is the server named by MARQUEE_POSTGRES_URL (a database bench_gaps_<pid> is created and dropped there),
# or else a throwaway PostgreSQL 15 cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
days=${1:-1}
mode=${MODE:-release}
scratch=.build-release
[ "$mode" = debug ] && scratch=.build
work=$(mktemp -d /tmp/marquee-bench-gaps.XXXXXX)
swift build -c "$mode" --scratch-path "$scratch" --product marquee >/dev/null
swift build -c "$mode" --scratch-path "$scratch" --product marquee-bench >/dev/null
bin=$(swift build -c "$mode" --scratch-path "$scratch" --show-bin-path)

source scripts/throwaway-postgres.sh
use_bench_postgres
database="bench_gaps_$$"
trap 'stop_bench_postgres $database; rm -rf "$work"' EXIT
postgres_url=$(fresh_database $database)

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm), $mode build"
echo "== $("$psql" -tA "$MARQUEE_POSTGRES_URL" -c 'SELECT version()' | cut -d, -f1)"
log="$work/day.log"
"$bin/marquee" simulate --users 200000 --movies 27000 --days "$days" --seed 7 --out "$log"
echo "== log: $(wc -l < "$log") lines, $(du -h "$log" | cut -f1)"

echo "== SQLite: ingest (marquee ingest), then open, record half of what the events name, catalogueGaps() 5 times"
# MARQUEE_INGEST=path/to/an/older/marquee ingests with a build from before the gaps were indexed, so that opening the
# store afterwards times the migration that fills event_users from the events.
ingest=${MARQUEE_INGEST:-$bin/marquee}
/usr/bin/time -f "   ingest: %e s" "$ingest" ingest --store "$work/gaps.sqlite" "$log" >/dev/null
"$bin/marquee-bench" catalogue-gaps "$work/gaps.sqlite" 5
echo "== SQLite: the full-scan queries catalogueGaps() ran before (same store, sqlite3)"
sqlite3 "$work/gaps.sqlite" <<'SQL'
.timer on
SELECT count(*) FROM (SELECT DISTINCT user FROM events WHERE user NOT IN (SELECT id FROM users) ORDER BY user);
SELECT count(*) FROM (SELECT slug FROM movies WHERE record IS NULL AND key IN (SELECT movie FROM events WHERE movie != 0) ORDER BY slug);
SQL

echo "== PostgreSQL: the same"
/usr/bin/time -f "   ingest: %e s" "$ingest" ingest --store "$postgres_url" "$log" >/dev/null
"$bin/marquee-bench" catalogue-gaps "$postgres_url" 5
echo "== PostgreSQL: the queries catalogueGaps() ran before (same database, psql)"
"$psql" -q "$postgres_url" <<'SQL'
\timing on
SELECT count(*) FROM (SELECT DISTINCT e.user_id FROM events e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.user_id) ORDER BY 1) g;
SELECT count(*) FROM (SELECT m.slug FROM movies m WHERE m.record IS NULL AND EXISTS (SELECT 1 FROM events e WHERE e.movie = m.key) ORDER BY m.slug COLLATE "C") g;
SQL
