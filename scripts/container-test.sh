#!/usr/bin/env bash
# Runs the compose topology (deploy/compose/docker-compose.yml) in containers with podman and checks it end to end:
#   1. builds the images (scripts/container-images.sh);
#   2. starts every service with podman-compose: PostgreSQL, the Kafka broker, the user/movie API, the ingest worker,
#      `marquee run`, two serve replicas, nginx, Prometheus, and the simulator playing the streaming service;
#   3. checks (a) that PostgreSQL holds the events the simulator produced to Kafka (ingested by the worker),
#      (b) that /recommend/<user> through nginx answers 200 with a list of movie ids (once `marquee run` has trained
#      and registered the first model and the replicas deployed it), (c) that Prometheus scraped every Marquee target
#      (`up` is 1 for both replicas, the lifecycle worker and the ingest worker), (d) that both replicas serve the
#      registry's production version (marquee_model_info in Prometheus), and that the simulator exited 0;
#   4. tears everything down (containers and volumes), also on failure, after printing every container's log.
# Exits non-zero on any failure. Called by .ci/run after the Swift tests; alone: `bash scripts/container-test.sh`.
# The ports are the compose file's defaults unless set (POSTGRES_PORT, KAFKA_PORT, NGINX_PORT, PROMETHEUS_PORT, …).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

bash scripts/container-images.sh
images_done=$(date +%s)
echo "==> images ready in $(elapsed "$started")"

export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/deploy/containers/containers.conf}"
PODMAN="podman"
[ "$(id -u)" -eq 0 ] || PODMAN="sudo --preserve-env=CONTAINERS_CONF podman"
project=${MARQUEE_COMPOSE_PROJECT:-marquee-test}
# podman-compose from PyPI, installed by scripts/container-images.sh.
compose=(.build-container/podman-compose/bin/podman-compose -p "$project" -f deploy/compose/docker-compose.yml)
[ "$(id -u)" -eq 0 ] || compose=(sudo --preserve-env "${compose[@]}")

# The same defaults as the compose file.
POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-marquee}
POSTGRES_PORT=${POSTGRES_PORT:-25432}
NGINX_PORT=${NGINX_PORT:-28082}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-29090}
timeout_seconds=${MARQUEE_CONTAINER_TEST_TIMEOUT:-420}

containers() { $PODMAN ps -a --filter "label=io.podman.compose.project=$project" --format '{{.Names}}'; }
teardown() {
    local status=$?
    if [ "$status" -ne 0 ]; then
        echo "==> FAILED (exit $status); the containers and their logs:"
        $PODMAN ps -a --filter "label=io.podman.compose.project=$project" --format '{{.Names}}  {{.Status}}' || true
        echo "---- GET /recommend/42 through nginx:"
        curl -si -m 2 "http://127.0.0.1:$NGINX_PORT/recommend/42" 2>&1 | head -12 || true
        for name in $(containers); do
            echo "---- $name (last 60 lines)"
            $PODMAN logs --tail 60 "$name" 2>&1 || true
        done
    fi
    [ "$status" -eq 0 ] || { echo "---- podman-compose up:"; cat "$up_log" 2>/dev/null || true; }
    rm -f "$up_log"
    echo "==> tearing down"
    "${compose[@]}" down -v >/dev/null 2>&1 || true
    # Whatever podman-compose left (a container it did not know of, the project's volumes).
    for name in $(containers); do $PODMAN rm -f "$name" >/dev/null 2>&1 || true; done
    for volume in pgdata models prometheus; do $PODMAN volume rm -f "${project}_$volume" >/dev/null 2>&1 || true; done
    # The closing line, in the plain form CI reads.
    if [ "$status" -eq 0 ]; then echo "containers: 1 passed, 0 failed"; else echo "containers: 0 passed, 1 failed"; fi
    exit "$status"
}
up_log=$(mktemp /tmp/marquee-compose-up.XXXXXX)
trap teardown EXIT

# A leftover of an interrupted run would hold the ports and the old store.
"${compose[@]}" down -v >/dev/null 2>&1 || true
echo "==> starting the topology (project $project)"
# podman logs an error for each health check it cannot schedule without systemd (the checks are for Docker; this
# script checks the services itself); kept out of the output unless the test fails.
"${compose[@]}" up -d >"$up_log" 2>&1 || { cat "$up_log"; exit 1; }
echo "==> started: $(containers | tr '\n' ' ')"

deadline=$(( $(date +%s) + timeout_seconds ))
# wait_for DESCRIPTION COMMAND...: runs COMMAND every 2 s until it succeeds; fails once the deadline has passed.
wait_for() {
    local description=$1
    shift
    local since
    since=$(date +%s)
    until "$@"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            LAST_TRY=1 "$@" || true
            echo "==> timed out after ${timeout_seconds} s waiting for: $description" >&2
            return 1
        fi
        sleep 2
    done
    echo "==> ok ($(elapsed "$since")): $description"
}

psql_events() {
    $PODMAN exec -e PGPASSWORD="$POSTGRES_PASSWORD" "${project}_postgres_1" \
        psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U marquee -d marquee -tAc "$1" 2>/dev/null
}
events_stored() {
    local count
    count=$(psql_events 'SELECT count(*) FROM events') || return 1
    [ "${count:-0}" -gt 0 ] && echo "    events in PostgreSQL: $count"
}
# A 200 whose body is one line of comma-separated movie ids (SPEC §3).
recommends() {
    local answer status body
    answer=$(curl -s -m 2 -w '\n%{http_code}' "http://127.0.0.1:$NGINX_PORT/recommend/$1") || return 1
    status=${answer##*$'\n'}
    body=${answer%$'\n'*}
    [ "$status" = 200 ] || return 1
    [[ "$body" =~ ^[^,[:space:]]+(,[^,[:space:]]+)*$ ]] || return 1
    echo "    /recommend/$1 through nginx: 200, $(tr ',' '\n' <<<"$body" | wc -l) movies: ${body:0:100}…"
}
# `up` of every target of the jobs marquee (both replicas and the lifecycle worker) and marquee-ingest is 1.
scraped() {
    curl -s -m 2 "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query" --data-urlencode 'query=up{job=~"marquee|marquee-ingest"}' |
        python3 -c '
import json, os, sys
results = json.load(sys.stdin)["data"]["result"]
up = {r["metric"]["instance"]: r["value"][1] for r in results}
ok = len(up) == 4 and all(value == "1" for value in up.values())
if ok or os.environ.get("LAST_TRY"):
    print("    up:", ", ".join(f"{instance}={value}" for instance, value in sorted(up.items())))
sys.exit(0 if ok else 1)
'
}
# Both replicas serve the registry's production version: Prometheus has marquee_model_info{version=V} == 1 from each.
serving_production() {
    local production
    production=$(psql_events "SELECT version FROM stage_changes WHERE stage = 'production' ORDER BY id DESC LIMIT 1") || return 1
    [ -n "$production" ] || return 1
    curl -s -m 2 "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query" \
        --data-urlencode "query=marquee_model_info{job=\"marquee\",version=\"$production\"} == 1" |
        python3 -c '
import json, os, sys
instances = {r["metric"]["instance"] for r in json.load(sys.stdin)["data"]["result"]}
replicas = set(sys.argv[2:])
if replicas <= instances or os.environ.get("LAST_TRY"):
    print(f"    production {sys.argv[1]} served by: {sorted(instances)}")
sys.exit(0 if replicas <= instances else 1)
' "$production" "127.0.0.1:${SERVE_1_PORT:-28083}" "127.0.0.1:${SERVE_2_PORT:-28084}" 2>&1
}
simulator_done() {
    local state
    state=$($PODMAN inspect --format '{{.State.Status}} {{.State.ExitCode}}' "${project}_simulator_1" 2>/dev/null) || return 1
    case "$state" in
        "exited 0") return 0 ;;
        exited*) echo "    the simulator failed: $state" >&2; exit 1 ;;
        *) return 1 ;;
    esac
}

topology_started=$(date +%s)
wait_for "the simulator produced its log to Kafka and exited 0" simulator_done
wait_for "events ingested from Kafka into PostgreSQL" events_stored
wait_for "/recommend through nginx answers 200 with a list" recommends 42
recommends 7
wait_for "Prometheus scrapes both replicas, the lifecycle worker and the ingest worker (up == 1)" scraped
wait_for "both replicas serve the registry's production version (marquee_model_info in Prometheus)" serving_production
[ "$(curl -s -m 2 "http://127.0.0.1:$NGINX_PORT/recommend/42")" != "$(curl -s -m 2 "http://127.0.0.1:$NGINX_PORT/recommend/7")" ] \
    && echo "    users 42 and 7 get different lists" || echo "    users 42 and 7 get the same list"
echo "    registry's stage changes: $(psql_events "SELECT string_agg(version || ' ' || stage, ', ' ORDER BY id) FROM stage_changes" || echo '?')"
echo "==> container test passed: images $(( images_done - started )) s, topology checks $(elapsed "$topology_started"), in all $(elapsed "$started")"
