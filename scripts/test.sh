#!/usr/bin/env bash
# Marquee's test command: installs what the tests need on a fresh Debian machine, then runs every test, Kafka's included.
# Plain `swift test` runs the same suites except Kafka's (no librdkafka needed); this script adds the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need_packages+=(libsqlite3-dev)
# pip fetches the MovieLens-100k sample (inside the recbole wheel) for the real-data tests at test time.
command -v python3 >/dev/null 2>&1 || need_packages+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need_packages+=(python3-pip)
# promtool checks the /metrics exposition and the shipped alerts; a real Prometheus scrapes a running Marquee.
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || need_packages+=(prometheus)
# librdkafka (headers, library and its in-process mock cluster) for the Kafka trait's ingest and its tests.
dpkg -s librdkafka-dev >/dev/null 2>&1 || need_packages+=(librdkafka-dev)
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "==> installing ${need_packages[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_packages[@]}"
fi

# The Kafka trait adds the Kafka ingest, the simulator's Kafka sink and their tests (KafkaIngestTests) to every suite.
echo "==> swift test --traits Kafka"
swift test --traits Kafka "$@"
