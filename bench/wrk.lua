-- wrk script for `make bench`: a logged-in session (or an API token), optional HTMX form POST
-- (or an API call with a JSON body), JSON summary.
local cookie = os.getenv("BENCH_COOKIE") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local body = os.getenv("BENCH_BODY") or ""
local auth = os.getenv("BENCH_AUTH") or ""
local method = os.getenv("BENCH_METHOD") or ""
local content_type = os.getenv("BENCH_CONTENT_TYPE") or ""
if cookie ~= "" then wrk.headers["Cookie"] = cookie end
if auth ~= "" then wrk.headers["Authorization"] = auth end
if body ~= "" then
  wrk.method = method ~= "" and method or "POST"
  wrk.body = body
  if content_type ~= "" then
    wrk.headers["Content-Type"] = content_type
  else
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["X-CSRFToken"] = csrf
    wrk.headers["HX-Request"] = "true"
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
