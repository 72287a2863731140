#!/usr/bin/env bash
# Kafka ingest throughput, end to end: simulated log lines are produced to a standalone broker (noida-db from PyPI),
# then `marquee ingest --kafka` (release build) and the Python confluent-kafka peer (bench/peers/kafka_python)
# each consume the whole topic with their own consumer group into a fresh SQLite store, then into a fresh PostgreSQL
# database, in the same run. After each, the peer's store alone (no Kafka, no parsing timed) inserts the same events,
# to show how much of the peer's time is the database's, which no consumer can save.
#
#   bash bench/kafka_ingest.sh [LINES] [PARTITIONS]     (default 1,000,000 lines, 4 partitions)
#
# PostgreSQL: the server at MARQUEE_POSTGRES_URL, or else a throwaway cluster (scripts/throwaway-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
partitions=${2:-4}
work=$(mktemp -d /tmp/marquee-kafka-bench.XXXXXX)
python3 -m pip install --quiet confluent-kafka noida-db "psycopg[binary]" 2>/dev/null
swift build -c release --scratch-path .build-release --traits Kafka --product marquee 2>/dev/null >/dev/null
bin=$(swift build -c release --scratch-path .build-release --traits Kafka --show-bin-path)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
noida=$(python3 -c "from importlib.resources import files; print(files('noida_db').joinpath('noida-db'))")
chmod +x "$noida"
"$noida" start --only kafka --kafka-port "$port" --data-dir "$work/noida" >"$work/noida.log" 2>&1 &
broker=$!
# The broker may ignore SIGTERM without a terminal: it gets SIGKILL (its data directory is thrown away anyway).
source scripts/throwaway-postgres.sh
use_bench_postgres
trap 'status=$?; kill -KILL $broker 2>/dev/null; wait $broker 2>/dev/null || true
    stop_bench_postgres bench_kafka_marquee bench_kafka_python bench_kafka_floor; rm -rf "$work"; exit $status' EXIT
brokers="127.0.0.1:$port"
for _ in $(seq 1 150); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
    sleep 0.2
done
python3 - "$brokers" "$partitions" <<'PY'
import sys
from confluent_kafka.admin import AdminClient, NewTopic
admin = AdminClient({"bootstrap.servers": sys.argv[1]})
for future in admin.create_topics([NewTopic(name, int(sys.argv[2]), 1) for name in ("movielog", "startup")]).values():
    future.result(timeout=30)
PY

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm); librdkafka $(dpkg-query -W -f '${Version}' librdkafka1)"
# One simulated day of U users gives about 35 U lines. noida-db answers a fetch with everything after the fetch
# offset, regardless of the client's fetch.max.bytes, so a topic must stay well under librdkafka's
# receive.message.max.bytes (100 MB) in total: about 1.2 M lines.
users=$(( lines / 35 ))
# The same lines as the topic, in a file, for the store-alone floor below.
"$bin/marquee" simulate --users "$users" --movies 27000 --days 1 --seed 7 --out "$work/topic.log" 2>/dev/null
have=$(wc -l < "$work/topic.log")
bytes=$(wc -c < "$work/topic.log")
echo "== producing $have lines ($bytes bytes) to topic movielog ($partitions partitions) at $brokers with marquee simulate --kafka"
start=$(date +%s.%N)
"$bin/marquee" simulate --users "$users" --movies 27000 --days 1 --seed 7 --kafka "$brokers" --topic movielog 2>/dev/null
end=$(date +%s.%N)
echo "   $(python3 -c "print(f'{$have / ($end - $start):,.0f} lines/s including the simulation')")"

# consume STORE_KIND MARQUEE_STORE PYTHON_STORE: both consumers read the whole topic, each in a group of its own; sets
# python_seconds to the peer's time.
consume() {
    local kind=$1 marquee_store=$2 python_store=$3 start end marquee_rate python_rate
    echo "== $kind: marquee ingest --kafka (group marquee-$kind, fresh store)"
    start=$(date +%s.%N)
    /usr/bin/time -f "   marquee CPU: %U s user, %S s system, %M KiB max RSS" "$bin/marquee" ingest --store "$marquee_store" \
        --kafka "$brokers" --topic movielog --group "marquee-$kind" --until-caught-up
    end=$(date +%s.%N)
    marquee_rate=$(python3 -c "print($have / ($end - $start))")
    echo "   marquee: $(python3 -c "print(f'{$end - $start:.2f} s end to end (process start to exit), {$marquee_rate:,.0f} lines/s')")"

    echo "== $kind: Python confluent-kafka peer (group python-$kind, fresh store)"
    start=$(date +%s.%N)
    /usr/bin/time -f "   python CPU: %U s user, %S s system, %M KiB max RSS" python3 bench/peers/kafka_python/consume.py \
        --brokers "$brokers" --topic movielog --group "python-$kind" --db "$python_store"
    end=$(date +%s.%N)
    python_seconds=$(python3 -c "print($end - $start)")
    python_rate=$(python3 -c "print($have / $python_seconds)")
    echo "   python: $(python3 -c "print(f'{$end - $start:.2f} s end to end (process start to exit), {$python_rate:,.0f} lines/s')")"
    echo "== $kind: marquee / python: $(python3 -c "print(f'{$marquee_rate / $python_rate:.2f}x')")"
}

# What every consumer pays whatever the topic's size (process start, connecting, joining the group, finding each
# partition's end): marquee ingest --kafka on a topic of about 100 lines.
small=(simulate --users 3 --movies 100 --days 1 --seed 7)
"$bin/marquee" "${small[@]}" --kafka "$brokers" --topic startup 2>/dev/null
start=$(date +%s.%N)
"$bin/marquee" ingest --store "$work/startup.sqlite" --kafka "$brokers" --topic startup --group marquee-startup --until-caught-up >/dev/null
end=$(date +%s.%N)
startup_seconds=$(python3 -c "print($end - $start)")
echo "== start-up: $(python3 -c "print(f'{$startup_seconds:.2f}')") s for marquee ingest --kafka of a topic of \
$("$bin/marquee" "${small[@]}" 2>/dev/null | wc -l) lines (process start to exit)"

# floor STORE_KIND STORE: the time the peer's store alone takes for the topic's events (parsed beforehand, the peer's
# batches and schema; bench/peers/kafka_python/store_floor.py), plus the start-up above, against the time a consumer
# 5x faster than the peer would have end to end. Marquee cannot take less: it starts up as above, and stores every
# event as a row keyed by the whole event (so that a duplicate is skipped) in the same database.
floor() {
    local kind=$1 store=$2 output seconds
    echo "== $kind: the peer's store alone, same events, no Kafka, no parsing timed"
    output=$(cd bench/peers/kafka_python && python3 store_floor.py --log "$work/topic.log" --db "$store")
    grep -v '^store_seconds=' <<<"$output"
    seconds=$(sed -n 's/^store_seconds=//p' <<<"$output")
    python3 -c "
budget, least = $python_seconds / 5, $startup_seconds + $seconds
print(f'   5x the peer leaves {budget:.2f} s end to end; start-up ({$startup_seconds:.2f} s) and the store alone ({$seconds:.2f} s) '
      f'take {least:.2f} s: ' + ('within reach' if least < budget else 'out of reach before any fetching or parsing'))"
}

consume sqlite "$work/marquee.sqlite" "$work/python.sqlite"
floor sqlite "$work/floor.sqlite"
echo "== $("$psql" -tA "$MARQUEE_POSTGRES_URL" -c 'SELECT version()' | cut -d, -f1)"
consume postgres "$(fresh_database bench_kafka_marquee)" "$(fresh_database bench_kafka_python)"
floor postgres "$(fresh_database bench_kafka_floor)"
