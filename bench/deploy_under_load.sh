#!/usr/bin/env bash
# A deploy under load (issue 17): the reference-scale ALS (1M users × 27k movies) served with --precompute under steady
# wrk load; DEPLOY_AT seconds in, the admin API deploys another version (the same factors under another name, so its
# answers must all be computed again). Every second the server's /metrics are sampled: the version serving, answers
# given on the event loop (precomputed lookups), deadline fallbacks and shed answers. Printed at the end: wrk's
# latency percentiles and errors over the whole run, when the deploy was asked for and when it answered, the counts
# while the new version warmed up and after, and the seconds after the deploy in which the new version served
# without its precomputed answers (must be none). Results go to bench/RESULTS.md by hand.
#
#   bash bench/deploy_under_load.sh
#
# Environment (all optional): ART (default /tmp/marquee-ref/als-1m.mqm, made by `marquee-bench als-scale 1000000
# 27000 30 ART` when missing, ~5 minutes), WORK (scratch directory), PORT (default 8092), DURATION (seconds of load,
# default 600, so that the new version serves under load too), DEPLOY_AT (default 20), CONNECTIONS (wrk connections, default 32).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && PATH=/opt/swift/usr/bin:$PATH
art=${ART:-/tmp/marquee-ref/als-1m.mqm}
work=${WORK:-$(mktemp -d /tmp/marquee-deploy.XXXXXX)}
port=${PORT:-8092}
duration=${DURATION:-600}
deploy_at=${DEPLOY_AT:-20}
connections=${CONNECTIONS:-32}
mkdir -p "$work/models"
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

swift build -c release --scratch-path .build-release --product marquee >/dev/null 2>&1
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)
if [ ! -f "$art" ]; then
    swift build -c release --scratch-path .build-release --product marquee-bench >/dev/null
    "$bin/marquee-bench" als-scale 1000000 27000 30 "$art"
fi
ln -f "$art" "$work/models/first.mqm" 2>/dev/null || cp "$art" "$work/models/first.mqm"
ln -f "$art" "$work/models/second.mqm" 2>/dev/null || cp "$art" "$work/models/second.mqm"
head -c 32 /dev/urandom | base64 >"$work/token"
token=$(cat "$work/token")

# The server needs a store: an empty one, as in bench/serving.sh.
: >"$work/empty.log"
rm -f "$work/empty.sqlite"*
"$bin/marquee" ingest --store "$work/empty.sqlite" "$work/empty.log" >/dev/null
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm); commit $(git rev-parse --short HEAD)"
"$bin/marquee" serve --store "$work/empty.sqlite" --models-dir "$work/models" --model "$work/models/first.mqm" --precompute \
    --rate-limit 0 --admin-token-file "$work/token" --port "$port" --log-level notice >"$work/marquee.log" 2>&1 &
server=$!
trap 'kill $server ${sampler:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 900); do
    curl -sf "http://127.0.0.1:$port/ready" >/dev/null && grep -q 'Precomputed answers' "$work/marquee.log" && break
    kill -0 "$server" 2>/dev/null || { echo "the server exited; see $work/marquee.log" >&2; exit 1; }
    sleep 1
done
echo "== serving first.mqm with its answers computed; $duration s of load, the deploy of second.mqm at $deploy_at s"

# One line a second: time, the version serving, event-loop answers, fallbacks, shed answers.
sample() {
    while :; do
        curl -s "http://127.0.0.1:$port/metrics" | awk -v now="$(date +%s.%N)" '
            /^marquee_model_info\{/ && $NF + 0 == 1 { match($0, /version="[^"]*"/); version = substr($0, RSTART + 9, RLENGTH - 10) }
            /^marquee_recommend_event_loop_answers_total/ { loop = $NF }
            /^marquee_recommend_fallbacks_total/ { fallbacks = $NF }
            /^marquee_recommend_shed_total/ { shed = $NF }
            END { printf "%.1f %s %d %d %d\n", now, version, loop, fallbacks, shed }' >>"$work/samples.txt"
        sleep 1
    done
}
sample &
sampler=$!
wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/wrk/random-users-percentiles.lua "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1 &
load=$!
sleep "$deploy_at"
asked=$(date +%s.%N)
status=$(curl -s -o "$work/deploy.txt" -w "%{http_code}" -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"artifact": "second.mqm"}' "http://127.0.0.1:$port/admin/deploy")
answered=$(date +%s.%N)
echo "$asked $answered" >"$work/deploy-times.txt"
wait "$load"
kill "$sampler" 2>/dev/null || true

echo "== the deploy: HTTP $status after $(awk -v a="$asked" -v b="$answered" 'BEGIN { printf "%.1f", b - a }') s ($(head -c 200 "$work/deploy.txt"))"
echo "== wrk over the whole run: $(grep RESULT "$work/wrk.txt" | sed 's/RESULT //')"
awk -v asked="$asked" -v answered="$answered" '
    NR == 1 { first = $0 }
    { time[NR] = $1; version[NR] = $2; loop[NR] = $3; fallbacks[NR] = $4; shed[NR] = $5; n = NR }
    END {
        for (i = 2; i <= n; i++) {
            phase = time[i] < asked ? "before the deploy" : (time[i] < answered ? "while the new version warmed up" : "after it served")
            loops[phase] += loop[i] - loop[i - 1]; falls[phase] += fallbacks[i] - fallbacks[i - 1]; sheds[phase] += shed[i] - shed[i - 1]
            seconds[phase] += time[i] - time[i - 1]
            if (version[i] == "second" && time[i] < answered) early++
            versions[phase] = versions[phase] (index(versions[phase], version[i]) ? "" : " " version[i])
        }
        split("before the deploy|while the new version warmed up|after it served", phases, "|")
        for (p = 1; p <= 3; p++) {
            name = phases[p]
            rate = seconds[name] > 0 ? loops[name] / seconds[name] : 0
            printf "   %-32s %6.1f s, serving:%s; event-loop answers %d/s, fallbacks %d, shed %d\n", name, seconds[name], versions[name],
                rate, falls[name], sheds[name]
        }
        printf "   samples in which second served before the deploy answered: %d\n", early
    }' "$work/samples.txt"
echo "== logs and samples in $work"
