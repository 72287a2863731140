#!/usr/bin/env bash
# The periodic and public reads of a store, each timed with its peak RSS: `marquee online`, `report`, `audit`,
# `experiment status`, `provenance` of one user, and `/dashboard` from a `marquee serve` following the store (first
# load). Prints a Markdown table. Release build expected (`swift build -c release --scratch-path .build-release
# --product marquee`).
#
#   bash bench/reads.sh STORE [LABEL]
#
# With DASHBOARD_PORT set, /dashboard is loaded from the server already listening there (bench/reference.sh's
# `marquee run`), and that server's RSS and peak RSS are reported, instead of starting a replica.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: bash bench/reads.sh STORE [LABEL]}
label=${2:-$store}
marquee=${MARQUEE:-.build-release/release/marquee}
work=$(mktemp -d)
trap '[ -z "${server:-}" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# Runs a command under /usr/bin/time; prints "seconds|peak MB", and the exit status and last line of its error output
# when it failed (e.g. `experiment status` with no experiment), since what it cost to find that out is still measured.
timed() {
    local status=0
    /usr/bin/time -f "%e|%M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || status=$?
    local note=""
    [ "$status" -eq 0 ] || note=" (exit $status: $(grep -v '^Command exited' "$work/err" | tail -1 | cut -c1-80))"
    awk -F'|' -v note="$note" 'NR == 1 { printf "%.1f s%s|%d MB\n", $1, note, $2 / 1024 }' "$work/time"
}

# A user Marquee answered (telemetry), so that provenance has an answer to trace.
user=$(sqlite3 "$store" "SELECT user FROM telemetry ORDER BY rowid DESC LIMIT 1" 2>/dev/null || true)
[ -n "$user" ] || user=1
echo "| $label | time | peak RSS |"
echo "|---|---|---|"
echo "| \`marquee online\` | $(timed "$marquee" online --store "$store")|"
echo "| \`marquee report\` | $(timed "$marquee" report --store "$store" --out "$work/report")|"
echo "| \`marquee audit\` | $(timed "$marquee" audit --store "$store")|"
echo "| \`marquee experiment status\` | $(timed "$marquee" experiment status --store "$store")|"
echo "| \`marquee provenance --user $user\` | $(timed "$marquee" provenance --store "$store" --user "$user")|"

if [ -n "${DASHBOARD_PORT:-}" ]; then
    seconds=$(curl -fs -o /dev/null -w "%{time_total}" "http://127.0.0.1:$DASHBOARD_PORT/dashboard" || echo failed)
    echo "| \`/dashboard\` of the running server | ${seconds} s | (see the server's RSS) |"
    exit 0
fi
# The dashboard of a replica following the store: time of the first load, and the replica's peak RSS after it.
port=$((20000 + RANDOM % 20000))
"$marquee" serve --store "$store" --port "$port" --log-level error >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
seconds=$(curl -fs -o /dev/null -w "%{time_total}" "http://127.0.0.1:$port/dashboard" || echo failed)
peak=$(awk '/VmHWM/ { printf "%d MB", $2 / 1024 }' "/proc/$server/status")
echo "| \`/dashboard\`, first load | ${seconds} s | ${peak} (replica) |"
