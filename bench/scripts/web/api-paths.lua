-- wrk script: rotate over the dashboard's JSON endpoints; count non-2xx responses.
local paths = {
  "/api/options",
  "/api/projection?scenario=midden&societal=trends&policy=none",
  "/api/projection?scenario=groei&societal=none&policy=none",
  "/api/groups?by=education3",
  "/api/groups?by=origin7",
  "/api/population?scenario=midden&year=2050",
  "/api/health",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
local bad = 0
response = function(status, headers, body)
  if status < 200 or status >= 300 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("requests=%d duration_s=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  local e = summary.errors
  io.write(string.format("errors: connect=%d read=%d write=%d timeout=%d status=%d\n", e.connect, e.read, e.write, e.timeout, e.status))
end
