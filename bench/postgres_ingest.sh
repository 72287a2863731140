#!/usr/bin/env bash
# Ingest throughput into PostgreSQL against SQLite: the same simulated log, the same release build, the same run.
# Results go to bench/RESULTS.md by hand, with this command and the machine it ran on.
#
#   bash bench/postgres_ingest.sh [LINES]     (default 2,000,000 simulated log lines)
#
# PostgreSQL is the server named by MARQUEE_POSTGRES_URL (a database bench_ingest_<pid> is created and dropped there),
# or else a throwaway PostgreSQL 15 cluster with its default, durable settings (fsync and synchronous_commit on).
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-2000000}
work=$(mktemp -d /tmp/marquee-bench-postgres.XXXXXX)
swift build -c release --scratch-path .build-release --product marquee >/dev/null
swift build -c release --scratch-path .build-release --product marquee-bench >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)

source scripts/throwaway-postgres.sh
use_bench_postgres
database="bench_ingest_$$"
trap 'stop_bench_postgres $database; rm -rf "$work"' EXIT
postgres_url=$(fresh_database $database)

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm)"
echo "== $("$psql" -tA "$MARQUEE_POSTGRES_URL" -c 'SELECT version()' | cut -d, -f1)"
echo "== generating a log of at least $lines lines"
log="$work/bench.log"
days=1
while :; do
    "$bin/marquee" simulate --users 200000 --movies 27000 --days "$days" --seed 7 --out "$log"
    have=$(wc -l < "$log")
    [ "$have" -ge "$lines" ] && break
    days=$(( days * lines / have + 1 ))
done
echo "   $(wc -l < "$log") lines, $(du -h "$log" | cut -f1)"

echo "== ingest throughput into SQLite (fresh store)"
"$bin/marquee-bench" ingest "$log" "$work/bench.sqlite"
echo "== ingest throughput into PostgreSQL (fresh database)"
"$bin/marquee-bench" ingest "$log" "$postgres_url"
echo "== both stores hold the same counts"
"$bin/marquee" stats --store "$work/bench.sqlite" --json > "$work/sqlite.json"
"$bin/marquee" stats --store "$postgres_url" --json > "$work/postgres.json"
cmp "$work/sqlite.json" "$work/postgres.json" && cat "$work/postgres.json"
