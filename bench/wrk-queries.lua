-- bench/speed's wrk script: each request is the next line of a file of request paths
-- (/api/search?q=...&limit=10, the query URL-encoded), in a cycle, so that the load is the query
-- set and not one query answered from warm caches again and again.
--
--   wrk -t2 -c8 -d30s -s bench/wrk-queries.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- Each wrk thread runs its own copy of this script: thread i starts its cycle i * 997 lines in, so
-- that two threads do not ask the same query at the same moment. done() prints one line,
-- "wrk-json {...}", that bench/speed reads: requests answered, requests sent, duration, socket
-- errors (connect, read, write, timeout: wrk counts an answer that came after --timeout, not one
-- that never came), responses with a status of 400 or more ("status"), and latency percentiles in
-- microseconds. Sent minus answered is what was still waiting when wrk stopped: at most one request
-- per connection when the server keeps up, all of them when it does not answer.

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  threads[#threads + 1] = thread
end

local paths = {}
local next_path = 0
sent = 0

function init(args)
  local file = args[1]
  if file == nil then
    error("give the file of request paths after --")
  end
  for line in io.lines(file) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no request paths in " .. file)
  end
  next_path = ((index or 0) * 997) % #paths
end

function request()
  sent = sent + 1
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function done(summary, latency, requests)
  local e = summary.errors
  local total_sent = 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
  end
  io.write(string.format(
    'wrk-json {"requests": %d, "sent": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "status": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, ' ..
    '"max_us": %d}\n',
    summary.requests, total_sent, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end
