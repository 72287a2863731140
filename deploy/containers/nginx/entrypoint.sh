#!/bin/sh
# Renders the shipped /etc/marquee/marquee.conf for this deployment with deploy/nginx/render.awk (the upstream lines
# become MARQUEE_REPLICAS, space-separated host:port; `listen 8082;` becomes `listen NGINX_LISTEN;`; the retry path's
# timeouts derive from MARQUEE_REQUEST_BUDGET_MS, the service's request budget: 800 by default, 600 for the newer
# variant), then runs nginx in the foreground.
set -eu
: "${MARQUEE_REPLICAS:?set MARQUEE_REPLICAS, e.g. 127.0.0.1:18082 127.0.0.1:18083}" "${NGINX_LISTEN:=8082}" "${MARQUEE_REQUEST_BUDGET_MS:=800}"
awk -v replicas="$MARQUEE_REPLICAS" -v listen="$NGINX_LISTEN" -v budget="$MARQUEE_REQUEST_BUDGET_MS" -f /etc/marquee/render.awk /etc/marquee/marquee.conf \
    > /etc/nginx/conf.d/marquee.conf
nginx -t -q
exec nginx -g 'daemon off;'
