#!/usr/bin/env python3
"""Steady load for the chaos run: CLIENTS threads each ask GET URL/recommend/<random user> at RATE requests/s in all,
with the streaming service's budget as timeout (SPEC §3: slower, refused or non-200 counts as failed), until SIGTERM.
Then writes a JSON summary: answers by status, failures (time, what), latency percentiles, per-second answer counts.

    python3 load.py --url http://127.0.0.1:PORT --users N --rate 60 --clients 6 --timeout 0.8 --out load.json
"""
import argparse
import http.client
import json
import random
import signal
import threading
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--rate", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--timeout", type=float, default=0.8)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    target = urllib.parse.urlsplit(args.url)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    lock = threading.Lock()
    statuses: dict[str, int] = {}
    failures: list[dict] = []
    latencies: list[float] = []
    started = time.time()

    def client(index: int) -> None:
        rng = random.Random(index)
        interval = args.clients / args.rate
        connection = None
        next_at = time.monotonic() + rng.random() * interval
        while not stop.is_set():
            delay = next_at - time.monotonic()
            if delay > 0:
                stop.wait(delay)
                if stop.is_set():
                    break
            next_at += interval
            user = rng.randrange(args.users)
            begun = time.monotonic()
            status, what = None, ""
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=args.timeout)
                connection.request("GET", f"/recommend/{user}")
                response = connection.getresponse()
                body = response.read()
                status = response.status
                elapsed = time.monotonic() - begun
                if status == 200 and elapsed > args.timeout:
                    what = f"answered after {elapsed * 1000:.0f} ms"
                elif status != 200:
                    what = body[:100].decode("utf-8", "replace")
                elif not body.strip():
                    what = "empty answer"
            except Exception as error:  # a refused, reset or timed-out request is a failed one
                elapsed = time.monotonic() - begun
                what = f"{type(error).__name__}: {error}"
                if connection is not None:
                    connection.close()
                connection = None
            key = str(status) if status is not None else "no answer"
            with lock:
                statuses[key] = statuses.get(key, 0) + 1
                latencies.append(elapsed)
                if what:
                    failures.append({"at": round(time.time() - started, 3), "status": key, "what": what})
            if next_at < time.monotonic() - 1:  # fell behind (a stall): do not send a burst to catch up
                next_at = time.monotonic()
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    while not stop.is_set():
        stop.wait(0.5)
    for thread in threads:
        thread.join(timeout=5)
    ended = time.time()
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1) if ordered else 0.0

    summary = {
        "seconds": round(ended - started, 1),
        "requests": len(latencies),
        "statuses": statuses,
        "answered_200": statuses.get("200", 0),
        "failed": len(failures),
        "failures": failures[:50],
        "latency_ms": {"p50": percentile(0.5), "p99": percentile(0.99), "p999": percentile(0.999), "max": percentile(1.0)},
    }
    with open(args.out, "w") as file:
        json.dump(summary, file, indent=1)


if __name__ == "__main__":
    main()
