# Sourced by scripts/test.sh and bench/postgres_ingest.sh: start_throwaway_postgres starts a PostgreSQL 15 cluster in
# a temporary directory, listening on 127.0.0.1 at the first free port from 55432 on, with trust authentication for
# the user marquee; exports MARQUEE_POSTGRES_URL (its postgres database); stops and removes it on exit, also on failure.
# initdb refuses to run as root, so under root the cluster belongs to the postgres user of Debian's package.
pg_bin=/usr/lib/postgresql/15/bin

start_throwaway_postgres() {
    pg_dir=$(mktemp -d /tmp/marquee-postgres.XXXXXX)
    as_owner=()
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$pg_dir"
        as_owner=(runuser -u postgres --)
    fi
    trap stop_throwaway_postgres EXIT
    "${as_owner[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U marquee --auth=trust >"$pg_dir/initdb.log" 2>&1 \
        || { cat "$pg_dir/initdb.log"; return 1; }
    local port pg_port=""
    for port in $(seq 55432 55461); do
        if "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
            -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 ${PG_EXTRA_OPTIONS:-}" start >/dev/null 2>&1; then
            pg_port=$port
            break
        fi
    done
    [ -n "$pg_port" ] || { echo "could not start PostgreSQL on ports 55432-55461:"; cat "$pg_dir/server.log"; return 1; }
    export MARQUEE_POSTGRES_URL="postgres://marquee@127.0.0.1:$pg_port/postgres"
}

stop_throwaway_postgres() {
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}
