# Renders deploy/nginx/marquee.conf for one deployment: its example upstream lines (server 10.0.0.11:8082 …) become
# one line per address of `replicas` (space-separated host:port), once for the primary lines (keeping the first
# example's max_fails/fail_timeout) and once for the backup lines (keeping the first backup example's parameters), and
# `listen 8082;` becomes `listen <listen>;`. Fails when the file lost any of these lines.
#
# `budget` is the streaming service's request budget in milliseconds (the service configuration's request_budget_ms:
# 800, the default, for the older variant; 600 for the newer). The retry path's timeouts derive from it, and the
# comments that quote them follow: a replica's model deadline is 3/8 of the budget (`marquee serve`'s default,
# ServiceConfiguration.modelDeadline), a read or send timeout (and the X-Marquee-Timeout-Ms header telling the replica
# so) is the budget less that deadline less 50 ms, so that a retry after a timeout still has a whole model deadline,
# and no retry starts later than 50 ms before the budget ends. With 800 the file is printed as shipped (450 ms,
# 750 ms); with 600: 325 ms, 550 ms.
#
#   awk -v replicas="127.0.0.1:18082 127.0.0.1:18083" -v listen="127.0.0.1:8080" -f render.awk marquee.conf
#   awk -v replicas="10.0.0.11:8082 10.0.0.12:8082" -v listen="8082" -v budget=600 -f render.awk marquee.conf
#
# Used by the nginx container's entrypoint, by bench/replicas.sh and bench/chaos.sh, and by the tests' NginxServer.
BEGIN {
    if (budget == "") budget = 800
    if (budget !~ /^[0-9]+$/ || budget < 200 || budget > 10000) {
        print "render.awk: budget must be the request budget in milliseconds, 200...10000 (800 or 600), got '" budget "'" > "/dev/stderr"
        failed = 1; exit 1
    }
    deadline = int(budget * 3 / 8)
    read = budget - deadline - 50
    retry = budget - 50
}
/^[ \t]*server[ \t]+[0-9.]+:8082/ {
    backup = ($0 ~ /[ \t]backup([ \t;]|$)/)
    if (backup ? backups++ : primaries++) next
    match($0, /^[ \t]*/); indent = substr($0, 1, RLENGTH)
    rest = $0; sub(/^[ \t]*server[ \t]+[0-9.]+:8082/, "", rest)
    n = split(replicas, addresses, " ")
    for (i = 1; i <= n; i++) print indent "server " addresses[i] rest
    next
}
/^[ \t]*listen 8082;/ { print "    listen " listen ";"; listens++; next }
/^[ \t]*proxy_next_upstream_timeout 750ms;/ { sub(/750ms/, retry "ms"); timeouts++ }
/^[ \t]*proxy_(read|send)_timeout 450ms;/ { sub(/450ms/, read "ms"); timeouts++ }
/^[ \t]*proxy_set_header X-Marquee-Timeout-Ms 450;/ { sub(/450;/, read ";"); timeouts++ }
/^[ \t]*#/ { gsub(/800 ms/, budget " ms"); gsub(/750 ms/, retry " ms"); gsub(/450 ms/, read " ms"); gsub(/300 ms/, deadline " ms") }
{ print }
END {
    if (failed) exit 1
    if (!primaries || !backups || listens != 1 || timeouts != 4) {
        print "marquee.conf lost its upstream (primary or backup), listen or timeout lines" > "/dev/stderr"; exit 1
    }
}
