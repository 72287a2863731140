# Sourced by scripts/test.sh and the PostgreSQL benchmarks: start_throwaway_postgres starts a PostgreSQL 15 cluster in
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

# make_test_tls DIR: a test authority, a server certificate it signs for the host name localhost only (not 127.0.0.1),
# and an unrelated authority, in DIR; adds the server's TLS settings to PG_EXTRA_OPTIONS and exports
# MARQUEE_POSTGRES_CA and MARQUEE_POSTGRES_OTHER_CA for the tests of sslmode=verify-ca and verify-full.
make_test_tls() {
    local dir=$1
    test_tls_dir=$dir
    mkdir -p "$dir"
    chmod 755 "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Marquee test authority" \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1 || return 1
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Another authority" \
        -keyout "$dir/other-ca.key" -out "$dir/other-ca.crt" >/dev/null 2>&1 || return 1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1 || return 1
    printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n' >"$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
        -extfile "$dir/server.ext" -out "$dir/server.crt" >/dev/null 2>&1 || return 1
    chmod 600 "$dir/server.key"
    chmod 644 "$dir/server.crt" "$dir/ca.crt" "$dir/other-ca.crt"
    # PostgreSQL reads its key only if the cluster's owner owns it (under root, Debian's postgres user).
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir/server.key" "$dir/server.crt"
    PG_EXTRA_OPTIONS="${PG_EXTRA_OPTIONS:-} -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
    export MARQUEE_POSTGRES_CA="$dir/ca.crt" MARQUEE_POSTGRES_OTHER_CA="$dir/other-ca.crt"
}

stop_throwaway_postgres() {
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir" ${test_tls_dir:+"$test_tls_dir"}
}

# For benchmarks that write to PostgreSQL: use_bench_postgres uses the server at MARQUEE_POSTGRES_URL, or else starts a
# throwaway cluster, and sets psql; fresh_database NAME creates an empty database NAME there (dropping one of that
# name first) and prints its URL; stop_bench_postgres NAME... drops those databases from a given server, or stops the
# throwaway cluster. The caller's EXIT trap calls stop_bench_postgres.
use_bench_postgres() {
    psql=$(command -v psql || echo "$pg_bin/psql")
    bench_throwaway=false
    if [ -z "${MARQUEE_POSTGRES_URL:-}" ]; then
        start_throwaway_postgres
        bench_throwaway=true
    fi
}

fresh_database() {
    server_psql -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" || return 1
    echo "${MARQUEE_POSTGRES_URL%/*}/$1?sslmode=disable"
}

stop_bench_postgres() {
    if [ "${bench_throwaway:-false}" = true ]; then
        stop_throwaway_postgres
        return
    fi
    local database
    for database in "$@"; do server_psql -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true; done
}

# server_psql ARGS...: psql on the server's postgres database, quietly (no notices).
server_psql() {
    PGOPTIONS="-c client_min_messages=warning" "$psql" -q "$MARQUEE_POSTGRES_URL" "$@"
}
