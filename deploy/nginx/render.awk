# Renders deploy/nginx/marquee.conf for one deployment: its example upstream lines (server 10.0.0.11:8082 …) become
# one line per address of `replicas` (space-separated host:port, keeping the example's max_fails/fail_timeout), and
# `listen 8082;` becomes `listen <listen>;`. Fails when the file lost either line.
#
#   awk -v replicas="127.0.0.1:18082 127.0.0.1:18083" -v listen="127.0.0.1:8080" -f render.awk marquee.conf
#
# Used by the nginx container's entrypoint and by bench/replicas.sh and bench/chaos.sh.
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
