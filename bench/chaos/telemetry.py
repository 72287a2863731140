#!/usr/bin/env python3
"""The chaos run's telemetry check: telemetry rows against the answers nginx took from the replicas, user by user.

    python3 telemetry.py ACCESS_LOG TELEMETRY_USERS KILLED_REPLICA KILLED_AT DROPPED ABANDONED

ACCESS_LOG is nginx's log in bench/chaos.sh's `chaos` format ($msec $status "$upstream_addr" "$upstream_status" …
$request_time $request_uri); TELEMETRY_USERS the user id of every telemetry row, one a line; KILLED_REPLICA the
address (host:port) of the replica SIGKILLed during the run and KILLED_AT when (epoch seconds); DROPPED and ABANDONED
the answers the replicas counted as not recorded (marquee_telemetry_dropped_total: the buffer was full;
marquee_recommend_abandoned_total: given after the caller's timeout as the replica measures it).

Each attempt nginx logged for GET /recommend/<user> is one of:
  - delivered: the replica answered 200 and nginx passed the answer on; its row must be in telemetry;
  - given up: nginx stopped waiting (504: its read timeout; "-": the client left first) and the replica may still
    answer later. A replica that sees the answer came too late for the caller counts it as abandoned instead of a row,
    but it measures from when it read the request, not from when nginx sent it (docs/threat-model.md, Known gaps), so
    such an attempt may have a row or not;
  - failed: refused, reset or a 502/503 from the replica: no answer, no row.
Per user, rows beyond that user's delivered answers are allowed only up to the attempts nginx gave up on (recorded
late: reported); any more are invented. Delivered answers without a row are lost: for each user, at most what the
SIGKILLed replica answered that user in the KILLED_WINDOW before the kill (its buffer dies with it: what it answered
since the last flush it committed); beyond that, in all, at most what the replicas counted as dropped or abandoned.
nginx's read timeout runs between reads from when it sent the request, and on a CPU-starved machine it may take an
answer that arrived after it (a read is handled before expired timers): a replica may count as abandoned an answer
nginx delivered; counted, it is not lost unseen. Prints one summary line, with "ok" as its last word when it passes.
"""
import collections
import sys

# How far back a SIGKILLed replica's answers may be lost, in seconds: its telemetry flusher writes the buffer, waits a
# second, and writes again; the rows of a write still in progress at the kill are lost too, and a write takes longer on
# a loaded machine (up to 2 s allowed).
KILLED_WINDOW = 3.0


def main() -> None:
    log, users_file, killed_replica, killed_at = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    dropped, abandoned = int(sys.argv[5]), int(sys.argv[6])
    delivered: collections.Counter[int] = collections.Counter()
    given_up: collections.Counter[int] = collections.Counter()
    killed_window: collections.Counter[int] = collections.Counter()
    failed_attempts = 0
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
                if address == killed_replica and killed_at - KILLED_WINDOW <= started <= killed_at:
                    killed_window[user] += 1
            elif status in ("504", "-", "499"):
                given_up[user] += 1
            else:
                failed_attempts += 1
    rows: collections.Counter[int] = collections.Counter(int(line) for line in open(users_file) if line.strip())
    lost = lost_elsewhere = invented = recorded_late = 0
    for user in delivered.keys() | given_up.keys() | rows.keys():
        extra = rows[user] - delivered[user]
        if extra < 0:
            lost += -extra
            # beyond what the SIGKILLed replica answered this user just before the kill: only a counted drop explains it
            lost_elsewhere += max(0, -extra - killed_window[user])
        else:
            recorded_late += min(extra, given_up[user])
            invented += max(0, extra - given_up[user])
    ok = invented == 0 and lost_elsewhere <= dropped + abandoned
    print(
        f"{sum(rows.values())} rows for {sum(delivered.values())} answers nginx took from the replicas "
        f"({sum(given_up.values())} attempts nginx gave up on, {failed_attempts} failed); "
        f"{lost} answers without a row ({lost - lost_elsewhere} of them answered by the SIGKILLed replica in the {KILLED_WINDOW:g} s before "
        f"the kill, {sum(killed_window.values())} such answers in all; {lost_elsewhere} others, at most {dropped + abandoned} "
        f"allowed: the {dropped} drops and {abandoned} abandoned answers the replicas counted); {invented} rows invented; "
        f"{recorded_late} rows of answers nginx had given up on (recorded late){' ok' if ok else ''}"
    )


if __name__ == "__main__":
    main()
