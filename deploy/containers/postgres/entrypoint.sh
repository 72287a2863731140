#!/bin/sh
# Creates the cluster on first start (role and database POSTGRES_USER, password POSTGRES_PASSWORD, password
# authentication over TCP), then runs PostgreSQL in the foreground on POSTGRES_HOST:POSTGRES_PORT.
set -eu
: "${POSTGRES_USER:=marquee}" "${POSTGRES_DB:=marquee}" "${POSTGRES_HOST:=127.0.0.1}" "${POSTGRES_PORT:=5432}"
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    initdb --pgdata="$PGDATA" --username=postgres --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
    # Single quotes doubled, so any password is one SQL string literal.
    password=$(printf '%s' "$POSTGRES_PASSWORD" | sed "s/'/''/g")
    postgres --single -D "$PGDATA" postgres >/dev/null <<SQL
CREATE ROLE "$POSTGRES_USER" LOGIN PASSWORD '$password';
CREATE DATABASE "$POSTGRES_DB" OWNER "$POSTGRES_USER";
SQL
    echo "marquee-postgres: created database $POSTGRES_DB owned by $POSTGRES_USER"
fi
exec postgres -D "$PGDATA" -c listen_addresses="$POSTGRES_HOST" -c port="$POSTGRES_PORT" -c unix_socket_directories=/tmp
