-- wrk script of `make loadtest` (tools/loadtest.py): one page as one signed-in person.
-- LOADTEST_COOKIE holds the session and CSRF cookies; with LOADTEST_BODY the request is an
-- htmx autosave POST carrying the CSRF token in its header, as the browser sends it.
local cookie = os.getenv("LOADTEST_COOKIE") or ""
local body = os.getenv("LOADTEST_BODY") or ""

wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
if body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["HX-Request"] = "true"
  wrk.headers["X-CSRFToken"] = os.getenv("LOADTEST_CSRF") or ""
end

-- One JSON line for tools/loadtest.py; "status" counts responses of 400 and above.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
