"""The Python peer of `marquee ingest --kafka`: a confluent-kafka consumer-group member that parses each log line
(SPEC §1), quarantines bad ones, inserts events into SQLite in batches (skipping identical events) and commits the
offsets after each stored batch, until every assigned partition is read to its end.

    python3 consume.py --brokers 127.0.0.1:9092 --topic movielog --group python-bench --db python.sqlite
    python3 consume.py --brokers 127.0.0.1:9092 --topic movielog --group python-bench --db postgresql://user@host:port/db

With a postgresql:// URL it inserts with psycopg 3, whose `executemany` sends a batch in one pipeline.

It does less than Marquee (no derived interactions, counters or recommendation table), which favours it.
"""
import argparse
import sqlite3
import sys
import time
from datetime import datetime, timedelta

from confluent_kafka import Consumer, KafkaError, TopicPartition

SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS events (
    time INTEGER NOT NULL, user INTEGER NOT NULL, kind INTEGER NOT NULL, movie TEXT NOT NULL DEFAULT '',
    value INTEGER NOT NULL DEFAULT 0, payload TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (time, user, kind, movie, value, payload)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quarantine (
    source TEXT NOT NULL, offset INTEGER NOT NULL, line TEXT NOT NULL, reason TEXT NOT NULL, UNIQUE (source, offset, line)
);
"""
POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    time BIGINT NOT NULL, "user" BIGINT NOT NULL, kind SMALLINT NOT NULL, movie TEXT NOT NULL DEFAULT '',
    value INTEGER NOT NULL DEFAULT 0, payload TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (time, "user", kind, movie, value, payload)
);
CREATE TABLE IF NOT EXISTS quarantine (
    source TEXT NOT NULL, "offset" BIGINT NOT NULL, line TEXT NOT NULL, reason TEXT NOT NULL, UNIQUE (source, "offset", line)
);
"""
EPOCH = datetime(1970, 1, 1)
MICROSECOND = timedelta(microseconds=1)


def parse(line):
    """(time µs, user, kind, movie, value, payload) for a valid line; raises ValueError otherwise."""
    time_text, user_text, rest = line.split(",", 2)
    moment = datetime.fromisoformat(time_text)
    if moment.tzinfo is not None:
        raise ValueError("zone")
    micros = (moment - EPOCH) // MICROSECOND
    user = int(user_text)
    if user < 0:
        raise ValueError("user")
    if rest.startswith("GET /data/m/"):
        movie, minute = rest[12:].rsplit("/", 1)
        if not minute.endswith(".mpg") or not movie:
            raise ValueError("watch")
        minute = int(minute[:-4])
        if minute < 0:
            raise ValueError("minute")
        return (micros, user, 0, movie, minute, "")
    if rest.startswith("GET /rate/"):
        movie, rating = rest[10:].rsplit("=", 1)
        rating = int(rating)
        if not movie or not 1 <= rating <= 5:
            raise ValueError("rating")
        return (micros, user, 1, movie, rating, "")
    if rest.startswith("recommendation request "):
        if ", status " not in rest or ", result: " not in rest or not rest.endswith(" ms"):
            raise ValueError("request")
        return (micros, user, 2, "", 0, rest)
    if rest == "GET /create_account":
        return (micros, user, 3, "", 0, "")
    raise ValueError("unknown")


class SQLiteStore:
    def __init__(self, path):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript(SCHEMA)

    def insert(self, events, bad):
        """Stores one batch in one transaction; returns how many events were new."""
        self.db.execute("BEGIN")
        before = self.db.total_changes
        self.db.executemany("INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?)", events)
        stored = self.db.total_changes - before
        self.db.executemany("INSERT OR IGNORE INTO quarantine VALUES (?, ?, ?, ?)", bad)
        self.db.execute("COMMIT")
        return stored


class PostgresStore:
    def __init__(self, url):
        import psycopg
        self.db = psycopg.connect(url)
        with self.db.transaction():
            self.db.execute(POSTGRES_SCHEMA)

    def insert(self, events, bad):
        """Stores one batch in one transaction; returns how many events were new."""
        with self.db.transaction(), self.db.cursor() as cursor:
            cursor.executemany("INSERT INTO events VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING", events)
            stored = cursor.rowcount
            if bad:
                cursor.executemany("INSERT INTO quarantine VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING", bad)
        return stored


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--brokers", required=True)
    arguments.add_argument("--topic", required=True)
    arguments.add_argument("--group", required=True)
    arguments.add_argument("--db", required=True)
    arguments.add_argument("--batch", type=int, default=10_000)
    options = arguments.parse_args()

    store = PostgresStore(options.db) if options.db.startswith(("postgres://", "postgresql://")) else SQLiteStore(options.db)
    consumer = Consumer({
        "bootstrap.servers": options.brokers, "group.id": options.group, "enable.auto.commit": False,
        "auto.offset.reset": "earliest", "enable.partition.eof": True,
    })
    assigned, at_end = set(), set()

    def on_assign(c, partitions):
        assigned.update(p.partition for p in partitions)

    def on_revoke(c, partitions):
        for p in partitions:
            assigned.discard(p.partition)
            at_end.discard(p.partition)

    consumer.subscribe([options.topic], on_assign=on_assign, on_revoke=on_revoke)
    start = time.monotonic()
    lines = stored = quarantined = 0
    while not (assigned and assigned <= at_end):
        messages = consumer.consume(num_messages=options.batch, timeout=0.1)
        events, bad, offsets = [], [], {}
        for message in messages:
            error = message.error()
            if error is not None:
                if error.code() == KafkaError._PARTITION_EOF:
                    at_end.add(message.partition())
                    continue
                raise SystemExit(f"kafka error: {error}")
            at_end.discard(message.partition())
            line = message.value().decode("utf-8", "replace")
            lines += 1
            offsets[message.partition()] = message.offset() + 1
            try:
                events.append(parse(line))
            except (ValueError, IndexError):
                bad.append((f"kafka:{options.topic}/{message.partition()}", message.offset(), line, "malformed"))
        if not offsets:
            continue
        stored += store.insert(events, bad)
        quarantined += len(bad)
        consumer.commit(offsets=[TopicPartition(options.topic, p, o) for p, o in offsets.items()], asynchronous=False)
    consumer.close()
    elapsed = time.monotonic() - start
    print(f"python: read {lines} lines, stored {stored} events, quarantined {quarantined} lines, "
          f"{elapsed:.2f} s, {lines / elapsed:.0f} lines/s")


if __name__ == "__main__":
    sys.exit(main())
