#!/usr/bin/env python3
"""The chaos run's telemetry check: telemetry rows against the answers nginx took from the replicas, user by user.

    python3 telemetry.py ACCESS_LOG TELEMETRY_USERS KILLED_REPLICA KILLED_AT DROPPED

ACCESS_LOG is nginx's log in bench/chaos.sh's `chaos` format ($msec $status "$upstream_addr" "$upstream_status" …
$request_time $request_uri); TELEMETRY_USERS the user id of every telemetry row, one a line; KILLED_REPLICA the
address (host:port) of the replica SIGKILLed during the run and KILLED_AT when (epoch seconds); DROPPED the drops the
replicas counted (marquee_telemetry_dropped_total).

Each attempt nginx logged for GET /recommend/<user> is one of:
  - delivered: the replica answered 200 and nginx passed the answer on; its row must be in telemetry;
  - given up: nginx stopped waiting (504: its read timeout; "-": the client left first) and the replica may still
    answer later. A replica that sees the answer came too late for the caller counts it as abandoned instead of a row,
    but it measures from when it read the request, not from when nginx sent it (docs/threat-model.md, Known gaps), so
    such an attempt may have a row or not;
  - failed: refused, reset or a 502/503 from the replica: no answer, no row.
Per user, rows beyond that user's delivered answers are allowed only up to the attempts nginx gave up on (recorded
late: reported); any more are invented. Delivered answers without a row are lost; in all, at most the drops the
replicas counted plus what the SIGKILLed replica answered in the 1.5 s before the kill (its buffer, flushed once a
second, dies with it). Prints one summary line and "ok" as its last word when the check passes.
"""
import collections
import sys


def main() -> None:
    log, users_file, killed_replica, killed_at, dropped = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
    delivered: collections.Counter[int] = collections.Counter()
    given_up: collections.Counter[int] = collections.Counter()
    killed_window = failed_attempts = 0
    for line in open(log):
        parts = line.split('"')
        if len(parts) < 5:
            continue
        fields = parts[4].split()
        if len(fields) < 2 or not fields[-1].startswith("/recommend/"):
            continue
        user_text = fields[-1][len("/recommend/"):]
        if not user_text.isdigit():
            continue
        user = int(user_text)
        started = float(parts[0].split()[0]) - float(fields[0])
        addresses = [a.strip() for a in parts[1].split(",")]
        statuses = [s.strip() for s in parts[3].split(",")]
        for address, status in zip(addresses, statuses):
            if status == "200":
                delivered[user] += 1
                if address == killed_replica and killed_at - 1.5 <= started <= killed_at:
                    killed_window += 1
            elif status in ("504", "-", "499"):
                given_up[user] += 1
            else:
                failed_attempts += 1
    rows: collections.Counter[int] = collections.Counter(int(line) for line in open(users_file) if line.strip())
    lost = invented = recorded_late = 0
    for user in delivered.keys() | given_up.keys() | rows.keys():
        extra = rows[user] - delivered[user]
        if extra < 0:
            lost += -extra
        else:
            recorded_late += min(extra, given_up[user])
            invented += max(0, extra - given_up[user])
    allowed_lost = dropped + killed_window
    ok = invented == 0 and lost <= allowed_lost
    print(
        f"{sum(rows.values())} rows for {sum(delivered.values())} answers nginx took from the replicas "
        f"({sum(given_up.values())} attempts nginx gave up on, {failed_attempts} failed); "
        f"{lost} answers without a row, at most {allowed_lost} allowed ({dropped} drops counted, {killed_window} answered by "
        f"the SIGKILLed replica in the 1.5 s before the kill); {invented} rows invented; "
        f"{recorded_late} rows of answers nginx had given up on (recorded late){' ok' if ok else ''}"
    )


if __name__ == "__main__":
    main()
