#!/usr/bin/env bash
# Marquee's test command: installs what the tests need on a fresh Debian machine, then runs every test, Kafka's included.
# Plain `swift test` runs the same suites except Kafka's (no librdkafka needed); this script adds the system packages and a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need_packages+=(libsqlite3-dev)
# pip fetches the MovieLens-100k sample (inside the recbole wheel) for the real-data tests at test time.
command -v python3 >/dev/null 2>&1 || need_packages+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need_packages+=(python3-pip)
# promtool checks the /metrics exposition and the shipped alerts; a real Prometheus scrapes a running Marquee.
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || need_packages+=(prometheus)
# The store tests run against SQLite and PostgreSQL; without MARQUEE_POSTGRES_URL a throwaway server is started below.
pg_bin=/usr/lib/postgresql/15/bin
[ -n "${MARQUEE_POSTGRES_URL:-}" ] || [ -x "$pg_bin/initdb" ] || need_packages+=(postgresql-15)
# nginx runs deploy/nginx/marquee.conf in front of two real replicas (run as the current user, files in a test directory).
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_packages+=(nginx)
# PyYAML checks that deploy/compose/docker-compose.yml is valid YAML.
python3 -c 'import yaml' >/dev/null 2>&1 || need_packages+=(python3-yaml)
# headless Chromium loads /dashboard from a real server, takes a screenshot and checks for script errors.
{ command -v chromium || command -v chromium-browser; } >/dev/null 2>&1 || need_packages+=(chromium)
# librdkafka (headers, library and its in-process mock cluster) for the Kafka trait's ingest and its tests.
dpkg -s librdkafka-dev >/dev/null 2>&1 || need_packages+=(librdkafka-dev)
# openssl makes the test authority and server certificate of the throwaway PostgreSQL's TLS.
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "==> installing ${need_packages[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_packages[@]}"
fi

if [ -z "${MARQUEE_POSTGRES_URL:-}" ]; then
    # Tests need no durability: fsync off makes creating a database per test cheap.
    PG_EXTRA_OPTIONS="-c fsync=off"
    source scripts/throwaway-postgres.sh
    # TLS with a test authority, for the tests of sslmode=verify-ca and verify-full (PostgresTLSTests).
    make_test_tls "$(mktemp -d /tmp/marquee-tls.XXXXXX)"
    start_throwaway_postgres
    echo "==> PostgreSQL 15 at $MARQUEE_POSTGRES_URL (throwaway, stopped on exit)"
fi

# The Kafka trait adds the Kafka ingest, the simulator's Kafka sink and their tests (KafkaIngestTests) to every suite.
# The tests run in parallel in this one process (swift-testing; `--parallel`/`--num-workers` concern XCTest only).
# Once that starved in-process servers past their clients' 10-15 s timeouts on 2 cores: tests that compute for
# seconds (simulations, training) or wait on a child process held both threads of Swift's cooperative pool. Those
# suites, and those whose servers answer over sockets, now run on threads of their own (`.dedicatedThreads`,
# Sources/MarqueeTestSupport/DedicatedThreadsExecutor.swift). At most 3 tests run at once: swift-testing otherwise
# starts all 751 together, and on 2 cores every test then took minutes and latency checks failed (docs/testing.md).
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-3}"
echo "==> swift test --traits Kafka (at most $SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH tests at once)"
swift test --traits Kafka "$@"
