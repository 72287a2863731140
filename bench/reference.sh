#!/usr/bin/env bash
# The whole loop at the reference scale (issue 17): the simulator's service at 1M users × 27k movies, about 10 % of
# users active a day, followed by one `marquee run --precompute` (ingest, serving, the quality monitor, retraining every
# 3 days of event time, canaries judged on their answers). Day 0 is the service before Marquee (users browse); on each
# later day the simulated users ask `marquee run` for recommendations over HTTP, within the service's 800 ms budget,
# and the day's log is then appended to the log `marquee run` follows, as the service's log shipper would.
#
# Per day it prints one table row: lines, simulation time and peak RSS, ingest time (from the append until the server
# has read every line; then it waits until no retraining is under way, since a simulated day takes minutes, not a
# day), `marquee drift`'s time, the retraining steps that ended that day (with their times: snapshot,
# validation, split, each candidate, gate, deploy or canary start with its warm-up), warm-ups, `marquee run`'s RSS and
# peak RSS, and availability and p50/p99 of the day's recommendation requests as the service logged them (status 200
# within the budget; latency as logged). On day 2 and on the last day it also times the periodic and public reads
# (bench/reads.sh against the running server's /dashboard). Release build.
#
#   bash bench/reference.sh [--days N] [--store sqlite|postgres] [--users U] [--movies M] [--daily-activity P]
#
# Defaults: 14 days, SQLite, 1,000,000 users, 27,000 movies, 0.1. WORK (a directory, default a new one under /tmp)
# keeps the logs, the store and `marquee run`'s log; PORT (default 8094) is the server's.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && PATH=/opt/swift/usr/bin:$PATH
days=14 store_kind=sqlite users=1000000 movies=27000 activity=0.1 seed=42
while [ $# -gt 0 ]; do
    case $1 in
    --days) days=$2; shift 2 ;;
    --store) store_kind=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --movies) movies=$2; shift 2 ;;
    --daily-activity) activity=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "unknown argument $1; usage: bash bench/reference.sh [--days N] [--store sqlite|postgres] [--users U] [--movies M] [--daily-activity P] [--seed S]" >&2; exit 2 ;;
    esac
done
work=${WORK:-$(mktemp -d /tmp/marquee-reference.XXXXXX)}
port=${PORT:-8094}
mkdir -p "$work/models" "$work/days"

swift build -c release --scratch-path .build-release --product marquee >/dev/null
marquee=$(swift build -c release --scratch-path .build-release --show-bin-path)/marquee
case $store_kind in
sqlite) store="$work/reference.sqlite"; rm -f "$store"* ;;
postgres)
    source scripts/throwaway-postgres.sh
    use_bench_postgres
    store=$(fresh_database marquee_reference)
    ;;
*) echo "--store must be sqlite or postgres" >&2; exit 2 ;;
esac
world=(--users "$users" --movies "$movies" --seed "$seed" --daily-activity "$activity")
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm); commit $(git rev-parse --short HEAD)"
echo "== $users users × $movies movies, daily activity $activity, $days served days after day 0, store $store_kind; work in $work"

# Runs a command under /usr/bin/time; sets $seconds and $peak_mb, and returns the command's status.
timed() {
    local status=0
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" || status=$?
    read -r seconds peak_kb < <(tail -1 "$work/time")
    peak_mb=$((peak_kb / 1024))
    return "$status"
}
# A counter or gauge of the server's /metrics (0 when absent).
metric() { curl -fs "http://127.0.0.1:$port/metrics" | awk -v name="$1" '$1 == name { value = $2 } END { printf "%d", value + 0 }'; }
# Availability, p50 and p99 of a day's recommendation requests as the service logged them: lines whose status is a
# number (the injected faults, e.g. "status OK", are malformed lines, quarantined by ingest, not requests).
served() {
    awk '/,recommendation request / && match($0, /, status [0-9]+,/) {
            n++; if (substr($0, RSTART + 9, RLENGTH - 10) == "200") ok++
            if (match($0, /[0-9]+ ?ms$/)) { t = substr($0, RSTART, RLENGTH); sub(/ ?ms$/, "", t); print t > "/dev/stderr" }
        }
        END { printf "%.3f %% of %d", n ? 100 * ok / n : 0, n }' "$1" 2>"$work/latencies"
    sort -n "$work/latencies" | awk '{ v[NR] = $1 }
        function at(q,   i) { i = int(NR * q) + 1; if (i > NR) i = NR; return v[i] }
        END { if (NR) printf ", p50 %d ms, p99 %d ms, max %d ms", at(0.5), at(0.99), v[NR] }'
}
# Waits until `marquee run` has looked at the log since it caught up (two ticks) and no retraining is under way.
wait_settled() {
    sleep 21
    while [ "$(grep -c 'Retraining started' "$work/run.log")" -gt "$(grep -c 'timings=.*\] Lifecycle$' "$work/run.log" || true)" ]; do
        kill -0 "$run" 2>/dev/null || { echo "marquee run exited; see $work/run.log" >&2; tail -5 "$work/run.log" >&2; exit 1; }
        sleep 5
    done
}

# Day 0: the service before Marquee, and the catalogue.
timed "$marquee" simulate "${world[@]}" --first-day 0 --days 1 --out "$work/days/0.log" --catalogue-out "$work/catalogue" 2>/dev/null
mv "$work/days/0.log" "$work/service.log"
lines_total=$(wc -l <"$work/service.log")
echo "== day 0 simulated: $lines_total lines in $seconds s (peak $peak_mb MB)"
head -c 32 /dev/urandom | base64 >"$work/token"
started=$(date +%s)
"$marquee" run --store "$store" --models-dir "$work/models" --catalogue "$work/catalogue" --precompute --port "$port" \
    --admin-token-file "$work/token" --log-level notice "$work/service.log" >"$work/run.log" 2>&1 &
run=$!
cleanup() {
    kill "$run" 2>/dev/null || true
    [ "$store_kind" != postgres ] || stop_bench_postgres marquee_reference
}
trap cleanup EXIT
wait_caught_up() {
    while [ "$(metric marquee_ingest_lines_read_total)" -lt "$1" ]; do
        kill -0 "$run" 2>/dev/null || { echo "marquee run exited; see $work/run.log" >&2; tail -5 "$work/run.log" >&2; exit 1; }
        sleep 1
    done
}
until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    kill -0 "$run" 2>/dev/null || { echo "marquee run exited; see $work/run.log" >&2; tail -5 "$work/run.log" >&2; exit 1; }
    sleep 1
done
wait_caught_up "$lines_total"
wait_settled
echo "== marquee run ingested day 0, trained its first model and serves after $(( $(date +%s) - started )) s"

echo
echo "| day | lines | simulated (s, peak MB) | ingest (s) | drift (s) | retrainings ended that day (steps, times) | warm-ups (s) | run RSS / peak (MB) | recommendations as logged |"
echo "|---|---|---|---|---|---|---|---|---|"
run_log_lines=$(wc -l <"$work/run.log")
for day in $(seq 1 "$days"); do
    timed "$marquee" simulate "${world[@]}" --first-day "$day" --days 1 --recommender "127.0.0.1:$port" --out "$work/days/$day.log" 2>/dev/null
    simulated="$seconds, $peak_mb"
    lines=$(wc -l <"$work/days/$day.log")
    requests=$(served "$work/days/$day.log")
    append_started=$(date +%s.%N)
    cat "$work/days/$day.log" >>"$work/service.log"
    rm "$work/days/$day.log" # at 1M users a day is about 0.8 GB of log; service.log keeps it
    lines_total=$((lines_total + lines))
    wait_caught_up "$lines_total"
    ingest=$(awk -v a="$append_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
    wait_settled
    if timed "$marquee" drift --store "$store" >/dev/null 2>"$work/drift.err"; then
        drift=$seconds
    else
        drift="failed ($(tail -1 "$work/drift.err" | cut -c1-60))"
    fi
    # What `marquee run` logged since the last row: retrainings (their steps and timings) and warm-ups.
    news=$(tail -n +"$((run_log_lines + 1))" "$work/run.log")
    run_log_lines=$(wc -l <"$work/run.log")
    retrainings=$(sed -n 's/.* timings=\(.*\) \[MarqueeServer\] Lifecycle$/\1/p' <<<"$news" | paste -sd ';' - || true)
    # The day's decisions: deployments, canary starts and failed retrainings, and the canary judge's last look.
    decisions=$(
        {
            grep 'Lifecycle$' <<<"$news" | sed 's/ timings=.*//' | grep -oE '(deployed|started canary|validation: the data failed|gate: [^ ]+ failed)[^;]{0,60}' || true
            grep 'step=canary: ' <<<"$news" | tail -1 | grep -oE 'canary: [^[]{0,120}' || true
        } | paste -sd ';' -
    )
    warmups=$(grep 'Precomputed answers$' <<<"$news" | grep -oE 'seconds=[0-9.]+' | cut -d= -f2 | awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 }' || true)
    rss=$(awk '/VmRSS/ { r = $2 } /VmHWM/ { h = $2 } END { printf "%d / %d", r / 1024, h / 1024 }' "/proc/$run/status")
    echo "| $day | $lines | $simulated | $ingest | $drift | ${decisions:-none} ${retrainings:+($retrainings)} | ${warmups:-none} | $rss | $requests |"
    if [ "$day" -eq 2 ] || [ "$day" -eq "$days" ]; then
        echo
        echo "Reads on day $day:"
        echo
        DASHBOARD_PORT=$port MARQUEE=$marquee bash bench/reads.sh "$store" "day $day"
        echo
    fi
done
echo "== $days days in $(( $(date +%s) - started )) s; marquee run's log: $work/run.log"
kill "$run"
wait "$run" 2>/dev/null || true
