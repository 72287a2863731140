#!/usr/bin/env bash
# The warm start from new users' sign-up self-descriptions against the plain (demographic) cold start, on the
# simulator: hit rate and recall@20 of their first 5 watches, per model (`marquee warm-start --help`). Results go to
# bench/RESULTS.md by hand, with this command and the machine it ran on.
#
#   bash bench/warm_start.sh [marquee warm-start options]     (defaults: 3,000 users × 600 movies, 14 + 7 days, seed 7)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && PATH=/opt/swift/usr/bin:$PATH
swift build -c release --scratch-path .build-release --product marquee >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm), $(swift --version 2>&1 | head -1)"
echo "== commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)')"
echo "== marquee warm-start $*"
/usr/bin/time -f "== %e s wall, %M KiB peak" "$bin/marquee" warm-start "$@"
