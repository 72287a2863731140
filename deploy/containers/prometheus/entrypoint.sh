#!/bin/sh
# Fills the addresses into the scrape configuration (${MARQUEE_…} variables of /etc/marquee/prometheus.yml.in, each
# Marquee process's host:port), checks it with promtool, and runs Prometheus in the foreground on PROMETHEUS_LISTEN.
set -eu
: "${PROMETHEUS_LISTEN:=127.0.0.1:9090}"
envsubst < /etc/marquee/prometheus.yml.in > /tmp/prometheus.yml
cp /etc/prometheus/alerts.yml /tmp/alerts.yml
promtool check config /tmp/prometheus.yml >/dev/null
exec prometheus --config.file=/tmp/prometheus.yml --web.listen-address="$PROMETHEUS_LISTEN" \
    --storage.tsdb.path=/var/lib/prometheus/data "$@"
