"""The database's share of the peer's work: the time its store alone takes to insert a topic's events, parsed
beforehand, in the peer's batches (10,000 lines, one transaction each), with no Kafka and no parsing timed.

    python3 store_floor.py --log topic.log --db floor.sqlite
    python3 store_floor.py --log topic.log --db postgresql://user@host:port/db

No consumer that stores every event as a row of this schema (the whole event as its key, so that a duplicate is
skipped) in this database can take less time than this, however fast its own code; bench/kafka_ingest.sh compares it
with the time a 5x faster consumer would have.
"""
import argparse
import sys
import time

from consume import PostgresStore, SQLiteStore, parse


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--log", required=True)
    arguments.add_argument("--db", required=True)
    arguments.add_argument("--batch", type=int, default=10_000)
    options = arguments.parse_args()

    with open(options.log, encoding="utf-8", errors="replace") as log:
        lines = log.read().splitlines()
    start = time.monotonic()
    batches = []
    for first in range(0, len(lines), options.batch):
        events, bad = [], []
        for offset, line in enumerate(lines[first:first + options.batch], start=first):
            try:
                events.append(parse(line))
            except (ValueError, IndexError):
                bad.append(("floor", offset, line, "malformed"))
        batches.append((events, bad))
    parsing = time.monotonic() - start

    store = PostgresStore(options.db) if options.db.startswith(("postgres://", "postgresql://")) else SQLiteStore(options.db)
    start = time.monotonic()
    stored = sum(store.insert(events, bad) for events, bad in batches)
    storing = time.monotonic() - start
    print(f"floor: {len(lines)} lines, {stored} events stored in {storing:.2f} s by the store alone "
          f"({len(lines) / storing:,.0f} lines/s); the peer's parsing alone took {parsing:.2f} s")
    print(f"store_seconds={storing:.3f}")


if __name__ == "__main__":
    sys.exit(main())
