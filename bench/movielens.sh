#!/usr/bin/env bash
# MovieLens-100k, one per-user split: every Marquee model kind tuned by its model search (random, and for ALS and BPR also
# successive halving over iterations, for about the same work; `marquee-bench
# movielens-search`, the search of `marquee tune` and the pipeline), and `implicit`'s ALS tuned by a random search of
# the same size over the same ranges on the same split files (bench/peers/implicit_tuned.py). Three comparisons of the
# two ALS searches: each library's own sampler for the same number of trials; the very same candidate configurations
# (Marquee's trial list given to the peer: same work, only training and validation differ); and Marquee's random search
# given the seconds the peer's search took. Prints NDCG@20 of each with popularity's as the reference. Results go to bench/RESULTS.md by hand, with this command and the machine.
#
#   bash bench/movielens.sh [TRIALS] [SEED]        (defaults: 20 trials, seed 42; MARQUEE_BENCH_DIR keeps the files)
#
# The data come from the recbole==1.2.1 wheel (recbole/dataset_example/ml-100k), cached like the tests' data sets in
# $TMPDIR/marquee-datasets, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-20}
seed=${2:-42}
[ -d /opt/swift/usr/bin ] && PATH=/opt/swift/usr/bin:$PATH
work=${MARQUEE_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
cache=${TMPDIR:-/tmp}/marquee-datasets/recbole-1.2.1
data=$cache/x/recbole/dataset_example/ml-100k
if [ ! -f "$data/ml-100k.inter" ]; then
    mkdir -p "$cache"
    python3 -m pip download --quiet --no-deps recbole==1.2.1 -d "$cache"
    python3 - "$cache" <<'PY'
import glob, sys, zipfile
wheel = sorted(glob.glob(sys.argv[1] + "/recbole-1.2.1-*.whl"))[0]
archive = zipfile.ZipFile(wheel)
for name in archive.namelist():
    if name.startswith("recbole/dataset_example/ml-100k/"):
        archive.extract(name, sys.argv[1] + "/x")
PY
fi
python3 -c 'import implicit, threadpoolctl' 2>/dev/null || python3 -m pip install --quiet implicit threadpoolctl

swift build -c release --scratch-path .build-release --product marquee >/dev/null
swift build -c release --scratch-path .build-release --product marquee-bench >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm), $(swift --version 2>&1 | head -1)"
echo "== commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)'), $trials trials, seed $seed, files in $work"

rm -f "$work/ml.sqlite"
"$bin/marquee" import movielens "$data" --store "$work/ml.sqlite" >/dev/null
"$bin/marquee-bench" movielens-search "$work/ml.sqlite" "$work/split" "$trials" "$seed" >"$work/marquee.jsonl"
python3 bench/peers/implicit_tuned.py "$work/split" --threads 2 >"$work/implicit.json"
python3 bench/peers/implicit_tuned.py "$work/split" --threads 2 --trials-file "$work/split/als_trials.json" >"$work/implicit-shared.json"
peer_seconds=$(python3 -c 'import json, sys; print(round(json.load(open(sys.argv[1]))["search_seconds"], 1))' "$work/implicit.json")
"$bin/marquee-bench" movielens-als-seconds "$work/ml.sqlite" "$work/split-seconds" "$peer_seconds" "$seed" >"$work/als-seconds.jsonl"
# The CLI runs the same search on the same split: its ALS figure must match the bench's.
"$bin/marquee" tune --store "$work/ml.sqlite" --model als --split per-user --trials "$trials" --seed "$seed" --budget 1h --json >"$work/tune.json"

python3 - "$work/marquee.jsonl" "$work/implicit.json" "$work/tune.json" "$work/implicit-shared.json" "$work/als-seconds.jsonl" <<'PY'
import json, sys
marquee = [json.loads(line) for line in open(sys.argv[1])]
peer = json.load(open(sys.argv[2]))
tune = json.load(open(sys.argv[3]))
shared = json.load(open(sys.argv[4]))
timed = json.loads(open(sys.argv[5]).readline())
timed["strategy"] = f"random for the peer's {peer['search_seconds']:.1f} s"
marquee.insert(next(i for i, row in enumerate(marquee) if row["kind"] == "als") + 2, timed)
popularity = next(row for row in marquee if row["kind"] == "popularity")
reference, peer_reference = popularity["test_ndcg@20"], popularity["peer_protocol_ndcg@20"]
print("\n| library | model | search | NDCG@20 tuned | × popularity | NDCG@20 defaults | NDCG@20, peer's protocol | × popularity | search s | chosen |")
print("|---|---|---|---|---|---|---|---|---|---|")
for row in marquee:
    chosen = " ".join(f"{key}={value}" for key, value in sorted(row["chosen"].items()))
    search = f"{row['strategy']}, {row['trials']} trials" + (f", {row['iterations_trained']} iterations" if row["iterations_trained"] else "")
    print(f"| marquee | {row['kind']} | {search} | {row['test_ndcg@20']:.4f} | {row['test_ndcg@20'] / reference:.2f}× | {row['default_test_ndcg@20']:.4f} "
          f"| {row['peer_protocol_ndcg@20']:.4f} | {row['peer_protocol_ndcg@20'] / peer_reference:.2f}× | {row['search_seconds']:.1f} | {chosen} |")
for row, search in ((peer, "random"), (shared, "Marquee's random trials")):
    chosen = " ".join(f"{key}={value}" for key, value in sorted(row["chosen"].items()))
    print(f"| implicit {row['version']} | als | {search}, {row['trials']} trials | | | | {row['test_ndcg@20']:.4f} | {row['test_ndcg@20'] / peer_reference:.2f}× "
          f"| {row['search_seconds']:.1f} | {chosen} (defaults: {row['default_test_ndcg@20']:.4f}) |")
best = max(marquee, key=lambda row: row["test_ndcg@20"])
als = next(row for row in marquee if row["kind"] == "als" and row["strategy"] == "random")
print(f"\nbest Marquee model: {best['kind']} at {best['test_ndcg@20'] / reference:.2f}× popularity (goal ≥ 1.9×)")
for row in (row for row in marquee if row["kind"] == "als"):
    print(f"Marquee tuned ALS ({row['strategy']}, {row['trials']} trials, {row['iterations_trained']} iterations trained) {row['peer_protocol_ndcg@20']:.4f} "
          f"vs implicit tuned ALS (random, {peer['trials']} trials) {peer['test_ndcg@20']:.4f} on the same files: "
          f"{row['peer_protocol_ndcg@20'] / peer['test_ndcg@20']:.3f}× (goal ≥ 1)")
print(f"Same candidates (same work): Marquee {als['peer_protocol_ndcg@20']:.4f} vs implicit {shared['test_ndcg@20']:.4f}: "
      f"{als['peer_protocol_ndcg@20'] / shared['test_ndcg@20']:.3f}× (Marquee chose trial {als['chosen_trial']}, implicit trial {shared['chosen_trial']})")
print(f"marquee tune --model als --split per-user: test NDCG@20 {tune['chosen']['test_ndcg@20']:.4f} (trial {tune['chosen']['trial']}; the bench's: {als['test_ndcg@20']:.4f}, trial {als['chosen_trial']})")
PY
