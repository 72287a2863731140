-- wrk script: GET /recommend/<random user of the reference scale>, as random-users.lua (one seeded sequence per
-- thread), and at the end one line of results: requests/s, latency percentiles in ms, and the error counts
-- (non-2xx/3xx answers and socket errors), e.g.
--   wrk -t2 -c64 -d20s --latency -s bench/wrk/random-users-percentiles.lua http://127.0.0.1:8082
-- MARQUEE_BENCH_USERS=N draws users from 0..N-1 instead (e.g. the users of a smaller simulated store).
local threads = 0
local users = tonumber(os.getenv("MARQUEE_BENCH_USERS") or "1000000")

function setup(thread)
  threads = threads + 1
  thread:set("seed", 41 + threads)
end

function init(args)
  math.randomseed(seed or 42)
end

request = function()
  return wrk.format("GET", "/recommend/" .. math.random(0, users - 1))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p99.9_ms=%.2f max_ms=%.2f "
      .. "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
