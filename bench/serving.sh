#!/usr/bin/env bash
# Serving benchmark of issue 4: Marquee's server against a Flask + implicit peer (gunicorn, 2 workers) answering
# from the same trained ALS factors, under wrk (saturation) and hey (fixed 1,000 requests/s) on loopback.
# Results go to bench/RESULTS.md by hand, with this command and the machine it ran on.
#
#   bash bench/serving.sh
#
# Environment (all optional):
#   ART                 reference-scale ALS artifact, made by `marquee-bench als-scale` when missing
#                       (default /tmp/marquee-ref/als-1m.mqm; ~2-4 minutes and ~3 GB of memory to make)
#   WORK                scratch directory: factor export, empty store, logs, CSVs (default: a new /tmp directory)
#   MARQUEE_PORT        default 8082;  FLASK_PORT  default 8083
#   MARQUEE_CONNECTIONS wrk connections at saturation for Marquee (default 64)
#   FLASK_CONNECTIONS   wrk connections at saturation for Flask (default 64)
#   DURATION            seconds of each timed run (default 20)
#   QUIET_WAIT          seconds to wait for an idle machine before each timed run (default 600)
#   PRECOMPUTE=1        serve Marquee with --precompute (every user's answer computed ahead; ready after that)
#   ATTEMPTS, OTHER_LIMIT   repeat a timed run (up to ATTEMPTS, default 4) while other work took more than
#                       OTHER_LIMIT CPU seconds (default 4) during it
#
# Each timed run prints a CPU line: seconds used by the server, by the load generator, and by anything else
# (kernel networking not charged to a process, and other work on a shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && PATH=/opt/swift/usr/bin:$PATH
art=${ART:-/tmp/marquee-ref/als-1m.mqm}
work=${WORK:-$(mktemp -d /tmp/marquee-serving.XXXXXX)}
marquee_port=${MARQUEE_PORT:-8082}
flask_port=${FLASK_PORT:-8083}
marquee_connections=${MARQUEE_CONNECTIONS:-64}
flask_connections=${FLASK_CONNECTIONS:-64}
duration=${DURATION:-20}
mkdir -p "$work"

# The load generators and the peer, installed when missing (Debian packages and PyPI).
command -v wrk >/dev/null && command -v hey >/dev/null || apt-get install -y wrk hey >/dev/null
python3 -c 'import flask, gunicorn, implicit' 2>/dev/null || python3 -m pip install --quiet flask gunicorn implicit

swift build -c release --scratch-path .build-release --product marquee >/dev/null
swift build -c release --scratch-path .build-release --product marquee-bench >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm)"
echo "== tools: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); hey; python $(python3 -c 'import platform; print(platform.python_version())');" \
    "$(python3 -c 'import flask, gunicorn, implicit, importlib.metadata as m; print("flask", m.version("flask"), "gunicorn", gunicorn.__version__, "implicit", implicit.__version__)')"
if [ ! -s "$art" ]; then
    echo "== training the reference-scale ALS into $art"
    mkdir -p "$(dirname "$art")"
    "$bin/marquee-bench" als-scale 1000000 27000 30 "$art"
fi
echo "== artifact $art ($(du -h "$art" | cut -f1))"
"$bin/marquee-bench" export-factors "$art" "$work/factors"
: > "$work/empty.log"
rm -f "$work/empty.sqlite"*
"$bin/marquee" ingest --store "$work/empty.sqlite" "$work/empty.log" >/dev/null

pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

precompute_flag=()
[ "${PRECOMPUTE:-0}" = 1 ] && precompute_flag=(--precompute)
"$bin/marquee" serve --store "$work/empty.sqlite" --model "$art" --rate-limit 0 --registry-poll 0 --port "$marquee_port" \
    "${precompute_flag[@]}" >"$work/marquee.log" 2>&1 &
marquee_pid=$!
pids+=("$marquee_pid")
MARQUEE_FACTORS="$work/factors" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    gunicorn -w 2 -b "127.0.0.1:$flask_port" --chdir bench/peers/flask_als app:app >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!
pids+=("$gunicorn_pid")

# Marquee is ready when /ready answers 200 (and, with PRECOMPUTE=1, its answers are computed); gunicorn when both
# workers logged that they loaded the factors.
for _ in $(seq 1200); do
    marquee_ready=0 flask_ready=0
    curl -sf "http://127.0.0.1:$marquee_port/ready" >/dev/null && marquee_ready=1
    [ "${PRECOMPUTE:-0}" = 1 ] && ! grep -q 'Precomputed answers' "$work/marquee.log" && marquee_ready=0
    [ "$(grep -c 'flask_als loaded' "$work/gunicorn.log" || true)" -ge 2 ] && flask_ready=1
    [ "$marquee_ready$flask_ready" = 11 ] && break
    kill -0 "$marquee_pid" "$gunicorn_pid" 2>/dev/null || { echo "a server exited; see $work/*.log" >&2; exit 1; }
    sleep 0.5
done
[ "$marquee_ready$flask_ready" = 11 ] || { echo "servers not ready after 600 s; see $work/*.log" >&2; exit 1; }
grep 'Precomputed answers' "$work/marquee.log" || true

# Resident memory: VmRSS (and PSS, which splits pages shared between processes) of Marquee, and summed over the
# gunicorn master and its workers.
memory() {
    local label=$1 rss=0 pss=0 pid
    for pid in "${@:2}"; do
        rss=$(( rss + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") ))
        pss=$(( pss + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup") ))
    done
    echo "MEMORY $label rss_mb=$(( rss / 1024 )) pss_mb=$(( pss / 1024 )) processes=$(( $# - 1 ))"
}
gunicorn_pids() { echo "$gunicorn_pid" $(pgrep -P "$gunicorn_pid"); }
echo "== resident memory after loading"
memory marquee "$marquee_pid"
memory flask $(gunicorn_pids)

echo "== correctness: the same users asked of both (100 random users)"
python3 bench/peers/compare_answers.py "http://127.0.0.1:$marquee_port" "http://127.0.0.1:$flask_port" --users 100

# CPU seconds (in clock ticks) busy on the whole machine, and used by the given processes; the share neither the
# server nor the load generator used shows whether anything else ran during a measurement.
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
process_ticks() {
    local total=0 pid
    for pid in "$@"; do total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}') )); done
    echo "$total"
}
# measure NAME OUTPUT PIDS... -- COMMAND: runs COMMAND with its output to the file OUTPUT, then prints the CPU seconds
# of the servers (PIDS), the load generator (COMMAND itself) and everything else during it.
measure() {
    local name=$1 output=$2 pids=() hz machine_before server_before machine_after server_after
    shift 2
    while [ "$1" != -- ]; do pids+=("$1"); shift; done
    shift
    hz=$(getconf CLK_TCK)
    machine_before=$(machine_ticks) server_before=$(process_ticks "${pids[@]}")
    /usr/bin/time -f "%U %S" -o "$work/$name.time" "$@" >"$output"
    machine_after=$(machine_ticks) server_after=$(process_ticks "${pids[@]}")
    awk -v name="$name" -v hz="$hz" -v machine=$(( machine_after - machine_before )) \
        -v server=$(( server_after - server_before )) '{
            generator = $1 + $2; busy = machine / hz; served = server / hz
            printf "CPU %s server_s=%.1f load_generator_s=%.1f other_s=%.1f machine_busy_s=%.1f\n",
                name, served, generator, busy - served - generator, busy }' "$work/$name.time"
}

# The machine may be shared: before each timed run, wait (up to QUIET_WAIT seconds, default 600) for a 2-second window
# in which the whole machine was busy under 5 % of one core, so other work does not start inside the measurement.
wait_quiet() {
    local hz before waited=0
    hz=$(getconf CLK_TCK)
    while [ "$waited" -lt "${QUIET_WAIT:-600}" ]; do
        before=$(machine_ticks)
        sleep 2
        waited=$(( waited + 2 ))
        [ $(( $(machine_ticks) - before )) -le $(( hz / 10 )) ] && { echo "   (machine quiet after ${waited} s)"; return; }
    done
    echo "   (machine still busy after ${waited} s; measuring anyway: see the CPU line)"
}

# timed NAME OUTPUT PIDS... -- COMMAND: a measurement on a quiet machine. Waits for quiet, runs `measure`, and repeats
# (up to ATTEMPTS times, default 4) while other work used more than OTHER_LIMIT CPU seconds (default 4, a tenth of
# the machine over 20 s) during the run. Every attempt's results are printed; discarded ones are marked.
timed() {
    local name=$1 output=$2 attempt other
    for attempt in $(seq "${ATTEMPTS:-4}"); do
        wait_quiet
        measure "$@" | tee "$work/$name.cpu"
        other=$(sed 's/.*other_s=\([-0-9.]*\).*/\1/' "$work/$name.cpu")
        awk -v other="$other" -v limit="${OTHER_LIMIT:-4}" 'BEGIN { exit !(other <= limit) }' && return
        [ "$attempt" -lt "${ATTEMPTS:-4}" ] || { echo "   (kept: every attempt shared the machine with other work)"; return; }
        echo "   (attempt $attempt discarded: other work used ${other} CPU s during it)"
        "${report:?}" "$output" | sed 's/^/   DISCARDED /'
    done
}
saturation_report() { grep '^RESULT' "$1"; }
fixed_rate_report() { python3 bench/peers/latency_percentiles.py "$1" --expected $(( duration * 1000 )); }

run() {
    local name=$1 connections=$2 url="http://127.0.0.1:$3" server_pids=("${@:4}") report
    echo "== $name: warm-up (5 s, not reported)"
    wrk -t2 -c"$connections" -d5s -s bench/wrk/random-users-percentiles.lua "$url" >/dev/null
    echo "== $name: saturation: wrk -t2 -c$connections -d${duration}s --latency, random users 0..999999"
    report=saturation_report
    timed "$name-saturation" "$work/$name-wrk.txt" "${server_pids[@]}" -- \
        wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/wrk/random-users-percentiles.lua "$url"
    saturation_report "$work/$name-wrk.txt" | sed "s/^RESULT/SATURATION $name connections=$connections/"
    echo "== $name: fixed rate: hey -z ${duration}s -c 10 -q 100 (1,000 requests/s asked), user 12345"
    report=fixed_rate_report
    timed "$name-fixed-rate" "$work/$name-hey.csv" "${server_pids[@]}" -- \
        hey -z "${duration}s" -c 10 -q 100 -o csv "$url/recommend/12345"
    fixed_rate_report "$work/$name-hey.csv" | sed "s/^RESULT/FIXED-RATE $name/"
}
run marquee "$marquee_connections" "$marquee_port" "$marquee_pid"
run flask "$flask_connections" "$flask_port" $(gunicorn_pids)

echo "== resident memory after the runs"
memory marquee "$marquee_pid"
memory flask $(gunicorn_pids)
echo "== logs and raw outputs in $work"
