#!/usr/bin/env bash
# Release-mode throughput benchmarks of Marquee's foundation; results go to bench/RESULTS.md by hand,
# with this command and the machine it ran on.
#
#   bash bench/run.sh [LINES]     (default 10,000,000 simulated log lines)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-10000000}
work=${BENCH_DIR:-$(mktemp -d /tmp/marquee-bench.XXXXXX)}
swift build -c release --scratch-path .build-release --product marquee >/dev/null
swift build -c release --scratch-path .build-release --product marquee-bench >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm)"
echo "== simulator output rate (no HTTP, writing to /dev/null)"
"$bin/marquee-bench" simulate 200000 27000 7

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

echo "== parse throughput (one core)"
"$bin/marquee-bench" parse "$log"

echo "== ingest throughput into SQLite (fresh store)"
rm -f "$work/bench.sqlite"*
"$bin/marquee-bench" ingest "$log" "$work/bench.sqlite"

[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
