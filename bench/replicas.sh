#!/usr/bin/env bash
# Serving throughput of 1 and 2 `marquee serve` replicas behind nginx running deploy/nginx/marquee.conf (addresses
# and port substituted), and of one replica without nginx for reference: same PostgreSQL store, same model artifact,
# wrk at saturation with random users of the store. Results go to bench/RESULTS.md by hand, with this command and the
# machine it ran on.
#
#   bash bench/replicas.sh
#
# Environment (all optional): USERS (20000), MOVIES (2000), DAYS (2) of the simulated store; MODEL (item-knn);
# CONNECTIONS (64) and DURATION (20 s) of each wrk run. PostgreSQL is the server named by MARQUEE_POSTGRES_URL (a
# database bench_replicas_<pid> is created there and dropped), or else a throwaway PostgreSQL 15 cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && PATH=/opt/swift/usr/bin:$PATH
users=${USERS:-20000}
movies=${MOVIES:-2000}
days=${DAYS:-2}
model=${MODEL:-item-knn}
connections=${CONNECTIONS:-64}
duration=${DURATION:-20}
work=$(mktemp -d /tmp/marquee-bench-replicas.XXXXXX)
nginx=$(command -v nginx || echo /usr/sbin/nginx)

swift build -c release --scratch-path .build-release --product marquee >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)

pids=()
stop_servers() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
source scripts/throwaway-postgres.sh
use_bench_postgres
database="bench_replicas_$$"
trap 'stop_servers; stop_bench_postgres $database; rm -rf "$work"' EXIT
store=$(fresh_database $database)

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm)"
echo "== tools: $("$nginx" -v 2>&1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $("$psql" -tA "$MARQUEE_POSTGRES_URL" -c 'SELECT version()' | cut -d, -f1)"
echo "== store: simulate --users $users --movies $movies --days $days --seed 7, ingested into PostgreSQL; model $model"
"$bin/marquee" simulate --users "$users" --movies "$movies" --days "$days" --seed 7 --out "$work/log.txt" --catalogue-out "$work/catalogue"
"$bin/marquee" ingest --store "$store" --catalogue "$work/catalogue" "$work/log.txt" >/dev/null
"$bin/marquee" train --store "$store" --model "$model" --out "$work/model.mqm" >/dev/null

# start_replica PORT: a replica as in production (no per-client rate limit behind nginx), the same artifact for all.
start_replica() {
    "$bin/marquee" serve --store "$store" --model "$work/model.mqm" --rate-limit 0 --registry-poll 0 --port "$1" \
        --log-level notice >"$work/serve-$1.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 600); do curl -sf "http://127.0.0.1:$1/ready" >/dev/null && return; sleep 0.2; done
    echo "replica on $1 not ready; see $work/serve-$1.log" >&2
    exit 1
}

# start_nginx PORT REPLICA_PORTS...: the shipped configuration with the upstream lines and listen port replaced, and
# one worker process per core (Debian's `worker_processes auto`).
start_nginx() {
    local listen=$1 dir="$work/nginx-$1"
    shift
    mkdir -p "$dir/tmp"
    local addresses
    addresses=$(printf '127.0.0.1:%s ' "$@")
    awk -v replicas="$addresses" -v listen="127.0.0.1:$listen" -f deploy/nginx/render.awk deploy/nginx/marquee.conf >"$dir/marquee.conf"
    cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy; fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;
    include $dir/marquee.conf;
}
CONF
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -g "daemon off; pid $dir/nginx.pid; error_log $dir/error.log;" &
    pids+=("$!")
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$listen/ready" >/dev/null && return; sleep 0.1; done
    echo "nginx on $listen not answering; see $dir/error.log" >&2
    exit 1
}

# measure NAME URL: warm-up, then one timed wrk run at saturation; prints the RESULT line and the load before it.
measure() {
    echo "== $1: warm-up 5 s, then wrk -t2 -c$connections -d${duration}s --latency (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
    MARQUEE_BENCH_USERS=$users wrk -t2 -c"$connections" -d5s -s bench/wrk/random-users-percentiles.lua "$2" >/dev/null
    MARQUEE_BENCH_USERS=$users wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/wrk/random-users-percentiles.lua "$2" \
        | grep '^RESULT' | sed "s/^RESULT/RESULT $1/"
}

start_replica 18182
measure "1-replica-direct" "http://127.0.0.1:18182"
start_nginx 18180 18182
measure "1-replica-nginx" "http://127.0.0.1:18180"
stop_servers
start_replica 18182
start_replica 18183
start_nginx 18181 18182 18183
measure "2-replicas-nginx" "http://127.0.0.1:18181"
echo "== requests answered per replica in the last run (their /metrics):"
for port in 18182 18183; do
    echo "   $port: $(curl -s "http://127.0.0.1:$port/metrics" | grep '^marquee_http_requests_total' | grep 'route="recommend"' | grep 'status="200"' | awk '{s += $NF} END {print s}')"
done
