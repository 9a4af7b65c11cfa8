-- bench:search with wrk: GET the paths of the file $WRK_PATHS (one a line) in turn, each thread from
-- its own place in the list. done() writes one line, RESULT key=value …, that bench/search.bench.ts
-- reads: requests, the window (µs), wrk's error counts (status = answered 4xx/5xx) and latency
-- percentiles (µs) over every request of every thread.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
local paths = {}
local i = 0
function init(args)
  for line in io.lines(os.getenv("WRK_PATHS")) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  i = ((id - 1) * 7) % #paths
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50=%d p95=%d p99=%d mean=%d max=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), math.floor(latency.mean), latency.max))
end
