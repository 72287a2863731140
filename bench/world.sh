#!/usr/bin/env bash
# Models in the simulator's world (bench world): for each seed and history length, the same history (2 warm-up days,
# then days served by popularity, as in the demo) trains every candidate; each is scored offline (the pipeline's
# global split: plain NDCG@20, NDCG@20 of watches of movies the user was not shown, exposure-weighted NDCG@20),
# online (the next days' simulated users served by it, replayed in process) and against the ground truth (NDCG@20 of
# its top 20 against the oracle's, per user activity level). Prints each table and the Spearman correlation of each
# offline score with the online metric over the candidates.
#
#   bash bench/world.sh [USERS] [MOVIES] [SEEDS] [HISTORIES]    (defaults: 5000 500 "42 7 11" "9 16", the demo's world)
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-5000}
movies=${2:-500}
seeds=${3:-42 7 11}
histories=${4:-9 16}
swift build -c release --scratch-path .build-release --product marquee-bench >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm)"
# Kinds and hyperparameters: popularity, item-kNN, ALS at its defaults and small, BPR, the hybrid at its defaults
# and at other points of its exposure trade-off (negatives by popularity, blend with popularity, passed-over lists),
# and EASE at its defaults, without recency and with 10× the regularization.
candidates=(
    popularity=popularity item-knn=item-knn als=als:factors=32,iterations=10 als-small=als:factors=8,regularization=20,alpha=2
    bpr=bpr hybrid=hybrid hybrid-watch=hybrid:negative_exponent=0,popularity_weight=0,shown_negatives=0
    hybrid-taste=hybrid:popularity_weight=0.7 hybrid-unshown=hybrid:shown_negatives=0
    ease=ease ease-flat=ease:recency_half_life=0 ease-strong=ease:regularization=3000
)
for seed in $seeds; do
    for history in $histories; do
        echo "== seed $seed, $history days of history, 2 replayed"
        "$bin/marquee-bench" world "$users" "$movies" "$seed" "$history" 2 "${candidates[@]}"
    done
done
