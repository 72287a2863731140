"""Latency percentiles and errors of a `hey -o csv` run (bench/serving.sh, fixed-rate load).

    python3 bench/peers/latency_percentiles.py hey.csv [--expected 20000]

hey's CSV has one row per answered request (response-time in seconds to 0.1 ms, status-code, offset in seconds from
the start). Requests that failed at the socket are not in it, and hey's rate limiter skips a tick while a connection
still waits for its previous answer, so `short` (--expected, i.e. rate x seconds, minus the rows) counts both.
Prints one line: requests, achieved rate, p50/p90/p99/p99.9/max in ms, non-200 answers, short of the schedule.
"""
import argparse
import csv
import math


def percentile(sorted_values, fraction):
    """Nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--expected", type=int, help="requests the schedule asked for (rate x seconds)")
    args = parser.parse_args()
    latencies, non_ok, first, last = [], 0, math.inf, 0.0
    with open(args.csv, newline="") as handle:
        for row in csv.DictReader(handle):
            seconds, offset = float(row["response-time"]), float(row["offset"])
            latencies.append(seconds * 1000)
            if row["status-code"] != "200":
                non_ok += 1
            first, last = min(first, offset), max(last, offset + seconds)
    latencies.sort()
    span = last - first if latencies else 0.0
    rate = len(latencies) / span if span > 0 else 0.0
    short = f" short={args.expected - len(latencies)}" if args.expected is not None else ""
    print(
        f"RESULT requests={len(latencies)} seconds={span:.2f} rps={rate:.1f} "
        + " ".join(f"{name}_ms={percentile(latencies, q):.2f}" for name, q in
                   (("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)))
        + f" non200={non_ok}{short}")


if __name__ == "__main__":
    main()
