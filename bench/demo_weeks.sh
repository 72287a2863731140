#!/usr/bin/env bash
# The demo's own goal, over several seeds: how much of the gap from the popularity prior to the oracle the production
# model closes in the demo's last week. For each seed it runs `marquee demo` with its defaults (release build) and
# reads, from what the demo prints, the online metric of each of the last 7 serving days (whatever version served it,
# weighted by the day's closed 24-hour windows), the oracle and the popularity prior (both replayed on the last day),
# the version in production at the end and the A/B experiment's verdict.
#
#   bash bench/demo_weeks.sh [SEEDS] [DAYS]    (defaults: "42 7 11" 21)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-42 7 11}
days=${2:-21}
swift build -c release --scratch-path .build-release --product marquee >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm); commit $(git rev-parse --short HEAD)"
printf '| seed | last week (production) | popularity prior | oracle | gap closed | in production at the end | A/B |\n|---|---|---|---|---|---|---|\n'
for seed in $seeds; do
    "$bin/marquee" demo --seed "$seed" --days "$days" --dir "$work/demo-$seed" >"$work/demo-$seed.txt" 2>&1 \
        || { echo "demo with seed $seed failed:" >&2; tail -20 "$work/demo-$seed.txt" >&2; exit 1; }
    awk -v seed="$seed" '
        # "day 16         v13-hybrid: 1820 requests, online metric 64.4 % of 1820 closed windows, ..."
        /^day [0-9]+ / && /online metric/ {
            for (i = 1; i <= NF; i++) if ($i == "metric") { rate = $(i + 1); closed = $(i + 4) }
            day[++n] = $2; metric[n] = rate; weight[n] = closed
        }
        /^  baseline +oracle:/ { oracle = $3 }
        /^  baseline +popularity prior:/ { prior = $4 }
        / production$/ && /^  v/ { production = $1 }
        /^  status: / { verdict = $2 }
        /^  z-test: / { difference = $3 " points" }
        END {
            first = n - 6; if (first < 1) first = 1
            for (i = first; i <= n; i++) { sum += metric[i] * weight[i]; total += weight[i] }
            week = sum / total
            printf "| %s | %.1f %% (days %s–%s, %d answers) | %.1f %% | %.1f %% | %.0f %% | %s | %s %s |\n",
                seed, week, day[first], day[n], total, prior, oracle, 100 * (week - prior) / (oracle - prior), production,
                verdict, difference
        }' "$work/demo-$seed.txt"
done
