-- bench:login with BENCH_CLIENT=wrk: each wrk thread holds one connection and is one virtual user that
-- signs in again and again as a fresh browser: GET /login (CSRF cookie and token) → POST /login
-- (303 with the session cookie) → GET / (接続先選択 naming the user) with both cookies, as a browser
-- sends them, carrying no cookie from one sign-in to the next.
-- WRK_ACCOUNTS="user:pass,…"; WRK_CHOOSER=0 stops after the 303.
-- wrk keeps one Set-Cookie header per response (the last): the login routes set the session cookie last.
local accounts = {}
local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
local csrfCookie, token, session, user, pass
step, done_count, failures = 1, 0, 0
function init(args)
  local list = os.getenv("WRK_ACCOUNTS")
  local i = 0
  for u, p in string.gmatch(list, "([^:,]+):([^,]+)") do
    i = i + 1
    accounts[i] = { u, p }
  end
  local a = accounts[((id - 1) % #accounts) + 1]
  user, pass = a[1], a[2]
  chooser = os.getenv("WRK_CHOOSER") ~= "0"
  step = 1
  done_count = 0
  failures = 0
end
local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function request()
  if step == 1 then
    return wrk.format("GET", "/login", {}, nil)
  elseif step == 2 then
    local body = "_csrf=" .. urlencode(token) .. "&username=" .. urlencode(user) .. "&password=" .. urlencode(pass)
    return wrk.format("POST", "/login", { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = csrfCookie }, body)
  else
    return wrk.format("GET", "/", { ["Cookie"] = csrfCookie .. "; " .. session }, nil)
  end
end
function response(status, headers, body)
  if step == 1 then
    local sc = headers["Set-Cookie"] or headers["set-cookie"]
    csrfCookie = sc and sc:match("^([^;]+)")
    token = body:match('name="_csrf" value="([^"]+)"')
    if status ~= 200 or not csrfCookie or not token then failures = failures + 1; step = 1; return end
    step = 2
  elseif step == 2 then
    local sc = headers["Set-Cookie"] or headers["set-cookie"]
    session = sc and sc:match("^([^;]+)")
    if status ~= 303 or not session or not session:find("session") then failures = failures + 1; step = 1; return end
    if chooser then step = 3 else done_count = done_count + 1; step = 1 end
  else
    if status == 200 and body:find(user, 1, true) then done_count = done_count + 1 else failures = failures + 1 end
    step = 1
  end
end
function done(summary, latency, requests)
  local total, fails = 0, 0
  for _, t in ipairs(threads) do
    total = total + t:get("done_count")
    fails = fails + t:get("failures")
  end
  io.write(string.format("SIGNINS %d FAILURES %d MICROSECONDS %d\n", total, fails, summary.duration))
end
