#!/bin/sh
# Renders the shipped /etc/marquee/marquee.conf for this deployment, as Tests/MarqueeCLITests/NginxServer.swift does:
# its example upstream lines (server 10.0.0.11:8082 …) become one line per address of MARQUEE_REPLICAS (space-separated
# host:port, same max_fails/fail_timeout), and `listen 8082;` becomes `listen NGINX_LISTEN;`. Then runs nginx in the
# foreground.
set -eu
: "${MARQUEE_REPLICAS:?set MARQUEE_REPLICAS, e.g. 127.0.0.1:18082 127.0.0.1:18083}" "${NGINX_LISTEN:=8082}"
awk -v replicas="$MARQUEE_REPLICAS" -v listen="$NGINX_LISTEN" '
    /^[ \t]*server[ \t]+[0-9.]+:8082/ {
        if (done++) next
        match($0, /^[ \t]*/); indent = substr($0, 1, RLENGTH)
        rest = $0; sub(/^[ \t]*server[ \t]+[0-9.]+:8082/, "", rest)
        n = split(replicas, addresses, " ")
        for (i = 1; i <= n; i++) print indent "server " addresses[i] rest
        next
    }
    /^[ \t]*listen 8082;/ { print "    listen " listen ";"; listens++; next }
    { print }
    END { if (!done || listens != 1) { print "marquee.conf lost its upstream or listen line" > "/dev/stderr"; exit 1 } }
' /etc/marquee/marquee.conf > /etc/nginx/conf.d/marquee.conf
nginx -t -q
exec nginx -g 'daemon off;'
