#include "core/config.hpp"

#include <algorithm>
#include <charconv>
#include <functional>

namespace forewarn {

const std::vector<ConfigVariable>& config_variables() {
  static const std::vector<ConfigVariable> vars = {
      {"FOREWARN_DATABASE_URL", "(unset)",
       "PostgreSQL connection URI. Unset: forewarn runs a private PostgreSQL 15 cluster in FOREWARN_DATA_DIR."},
      {"FOREWARN_DATA_DIR", ".forewarn", "Folder of the embedded cluster (created on first use)."},
      {"FOREWARN_PG_BINDIR", "/usr/lib/postgresql/15/bin", "Where initdb, pg_ctl and postgres are."},
      {"FOREWARN_DB_POOL_SIZE", "8", "PostgreSQL connections in the pool (1-256)."},
      {"FOREWARN_DB_POOL_TIMEOUT_MS", "2000", "How long a request waits for a free connection before 503."},
      {"FOREWARN_DB_STATEMENT_TIMEOUT_MS", "5000", "statement_timeout of every connection."},
      {"FOREWARN_DB_CONNECT_TIMEOUT_S", "2", "connect_timeout when opening a connection."},
      {"FOREWARN_HTTP_HOST", "127.0.0.1", "Address to listen on (0.0.0.0 in containers)."},
      {"FOREWARN_HTTP_PORT", "8080", "Port to listen on; 0 picks a free one and logs it."},
      {"FOREWARN_HTTP_THREADS", "128",
       "Worker threads. cpp-httplib serves one keep-alive connection per thread: size it to the concurrent connections."},
      {"FOREWARN_HTTP_KEEPALIVE_MAX_REQUESTS", "10000", "Requests served on one connection before it is closed."},
      {"FOREWARN_HTTP_KEEPALIVE_TIMEOUT_S", "5", "Idle seconds before a keep-alive connection is closed."},
      {"FOREWARN_HTTP_READ_TIMEOUT_MS", "5000", "Socket read timeout."},
      {"FOREWARN_HTTP_WRITE_TIMEOUT_MS", "5000", "Socket write timeout."},
      {"FOREWARN_HTTP_MAX_BODY_BYTES", "1048576", "Largest accepted request body; larger gets 413."},
      {"FOREWARN_HTTP_TCP_NODELAY", "true", "Disable Nagle's algorithm (true/false). Off adds ~40 ms per response."},
      {"FOREWARN_SHUTDOWN_GRACE_MS", "10000", "On SIGTERM, how long in-flight requests may take to finish."},
      {"FOREWARN_RATE_LIMIT_RPS", "500", "Sustained requests per second per API key (429 beyond)."},
      {"FOREWARN_RATE_LIMIT_BURST", "1000", "Burst size of the per-key token bucket."},
      {"FOREWARN_AUTH_CACHE_MS", "5000", "How long a verified key is cached; a revoked key stops working within this."},
      {"FOREWARN_SNAPSHOT_TTL_MS", "2000",
       "How long the checkout's in-memory copy of a tenant's warehouses and events is kept; other replicas' writes show within this."},
      {"FOREWARN_MODEL_REBUILD_MS", "300000",
       "How often `forewarn serve` rebuilds the learned transit models from delivered shipments (also once at start-up)."},
      {"FOREWARN_SLIP_MAX_TREND", "0.5",
       "The carrier slip's trend: the steepest growth (or fall) of a carrier's lateness believed, in business days per day, when the slip is projected to the estimates of the next days (0-2; 0: this week's slip as it was, no projection)."},
      {"FOREWARN_ASSESS_INTERVAL_S", "3600",
       "The sweep: every active shipment's risk is assessed again (and its messages decided) at least this often, in seconds of the service's clock, news or not (60-86400)."},
      {"FOREWARN_ASSESS_BATCH", "200", "Shipments one sweep round assesses (1-10000)."},
      {"FOREWARN_PUBLIC_URL", "(unset)",
       "Base URL of the links forewarn puts in messages (one-click unsubscribe), e.g. https://forewarn.shop.example; unset: http://FOREWARN_HTTP_HOST:FOREWARN_HTTP_PORT."},
      {"FOREWARN_POLLER", "true",
       "Run the carrier polling scheduler in this `forewarn serve` process (true/false); replicas share the work."},
      {"FOREWARN_POLL_BATCH", "200", "Shipments one poll round leases at a time (1-10000)."},
      {"FOREWARN_POLL_WORKERS", "2", "Poll rounds run at once in this process, each on its own batch (1-64)."},
      {"FOREWARN_POLL_LEASE_S", "120",
       "How long a leased shipment belongs to this process's poll round, in seconds of the service's clock (10-604800); must exceed the longest round (carrier calls queued per carrier, the timeout, two transactions), else another replica may poll it at the same time. A process that dies holds its shipments this long."},
      {"FOREWARN_POLL_MIN_INTERVAL_S", "0",
       "No shipment is polled again sooner than this after a successful poll, whatever the adaptive cadence asks (30 minutes for a parcel out for delivery, an hour when at risk), less the cadence's 10% spread; seconds of the service's clock (0-86400), 0: the cadence alone. A lever for a tight carrier quota."},
      {"FOREWARN_CARRIER_RATE_LIMIT_RPS", "50",
       "Calls per second to each carrier from this process (token bucket, burst twice this); beyond, polls wait."},
      {"FOREWARN_CARRIER_DAILY_QUOTA", "0", "Calls per carrier per UTC day from this process; 0: no quota."},
      {"FOREWARN_DISPATCHER", "true",
       "Run the message dispatcher (e-mail and SMS outbox) in this `forewarn serve` process (true/false); replicas share the work."},
      {"FOREWARN_DISPATCH_THREADS", "8",
       "Sender threads of the dispatcher (1-256): messages in flight to providers at once from this process."},
      {"FOREWARN_DISPATCH_BATCH", "20",
       "Messages one sender thread leases per round (1-1000)."},
      {"FOREWARN_DISPATCH_LEASE_S", "120",
       "How long a leased message belongs to this process (10-86400 s); must exceed the longest provider call. A message of a process that died is sent again (same idempotency key) after it."},
      {"FOREWARN_DISPATCH_QUIET_GUARD_S", "60",
       "Quiet hours are checked again at send time: a message whose send would start within this many seconds of the "
       "addressee's quiet hours waits for their end (0-86400)."},
      {"FOREWARN_DISPATCH_MAX_ATTEMPTS", "8",
       "Attempts before a message that keeps failing transiently is marked failed (1-100)."},
      {"FOREWARN_DISPATCH_FAILOVER_AFTER", "3",
       "Consecutive transient failures of the primary provider after which a message goes to the tenant's secondary (1-100)."},
      {"FOREWARN_DISPATCH_BACKOFF_BASE_MS", "30000",
       "First retry delay after a transient failure; doubles per attempt, full jitter (1-86400000)."},
      {"FOREWARN_DISPATCH_BACKOFF_CAP_MS", "7200000",
       "Longest retry delay (1-604800000)."},
      {"FOREWARN_DISPATCH_PROVIDER_CACHE_MS", "5000",
       "How long a sender trusts a tenant's provider configuration (0-3600000); a change through PUT /v1/providers shows within this."},
      {"FOREWARN_DISPATCH_IDLE_MS", "200",
       "Sleep of a sender thread after a round that found nothing due (1-60000)."},
      {"FOREWARN_LOG_LEVEL", "info", "debug, info, warn or error."},
      {"FOREWARN_CLOCK", "system",
       "system, fixed:<RFC 3339 instant>, or accelerated:<RFC 3339 instant>@<factor>[@<real RFC 3339 instant it read the first>] (replays; the anchor lets several processes share one clock)."},
      {"FOREWARN_UPS_BASE_URL", "https://onlinetools.ups.com",
       "UPS API base URL (OAuth token and Track API); https://wwwcie.ups.com for the test environment, or `forewarn sim-carrier`."},
      {"FOREWARN_UPS_CLIENT_ID", "(unset)", "UPS OAuth2 client id. UPS is polled only when id and secret are set."},
      {"FOREWARN_UPS_CLIENT_SECRET", "(unset)", "UPS OAuth2 client secret (never printed or logged).", true},
      {"FOREWARN_FEDEX_BASE_URL", "https://apis.fedex.com",
       "FedEx API base URL; https://apis-sandbox.fedex.com for the sandbox."},
      {"FOREWARN_FEDEX_CLIENT_ID", "(unset)", "FedEx OAuth2 client id (API key). FedEx is polled only when id and secret are set."},
      {"FOREWARN_FEDEX_CLIENT_SECRET", "(unset)", "FedEx OAuth2 client secret (secret key; never printed or logged).", true},
      {"FOREWARN_USPS_BASE_URL", "https://apis.usps.com",
       "USPS APIs v3 base URL; https://apis-tem.usps.com for the test environment."},
      {"FOREWARN_USPS_CLIENT_ID", "(unset)", "USPS OAuth2 client id (consumer key). USPS is polled only when id and secret are set."},
      {"FOREWARN_USPS_CLIENT_SECRET", "(unset)", "USPS OAuth2 client secret (consumer secret; never printed or logged).", true},
      {"FOREWARN_DHL_BASE_URL", "https://api-eu.dhl.com", "DHL Shipment Tracking - Unified API base URL."},
      {"FOREWARN_DHL_API_KEY", "(unset)", "DHL API key (DHL-API-Key header; never printed or logged). DHL is polled only when it is set.", true},
      {"FOREWARN_CARRIER_CONNECT_TIMEOUT_MS", "2000", "Connect timeout of a carrier API call."},
      {"FOREWARN_CARRIER_TIMEOUT_MS", "10000", "Total timeout of one carrier API call; beyond it the poll is a timeout."},
      {"FOREWARN_CARRIER_CONCURRENCY", "32",
       "Carrier API calls in flight per carrier (1-1024); more wait in that carrier's queue, other carriers are not held up."},
  };
  return vars;
}

namespace {

struct Parser {
  const std::map<std::string, std::string>& env;
  std::vector<ConfigError>& errors;

  const std::string* get(const char* name) const {
    auto it = env.find(name);
    return it == env.end() ? nullptr : &it->second;
  }

  void integer(const char* name, long long lo, long long hi, auto& out) {
    const std::string* v = get(name);
    if (!v) return;
    long long parsed = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), parsed);
    if (ec != std::errc{} || p != v->data() + v->size() || parsed < lo || parsed > hi) {
      errors.push_back({name, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                                  ", got \"" + *v + "\""});
      return;
    }
    out = static_cast<std::remove_reference_t<decltype(out)>>(parsed);
  }

  void number(const char* name, double lo, double hi, double& out) {
    const std::string* v = get(name);
    if (!v) return;
    double parsed = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), parsed);
    if (ec != std::errc{} || p != v->data() + v->size() || parsed < lo || parsed > hi) {
      errors.push_back({name, "expected a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                                  ", got \"" + *v + "\""});
      return;
    }
    out = parsed;
  }

  void boolean(const char* name, bool& out) {
    const std::string* v = get(name);
    if (!v) return;
    if (*v == "true" || *v == "1" || *v == "yes") out = true;
    else if (*v == "false" || *v == "0" || *v == "no") out = false;
    else errors.push_back({name, "expected true or false, got \"" + *v + "\""});
  }

  void text(const char* name, std::string& out, bool allow_empty = false) {
    const std::string* v = get(name);
    if (!v) return;
    if (v->empty() && !allow_empty) {
      errors.push_back({name, "must not be empty"});
      return;
    }
    out = *v;
  }

  void one_of(const char* name, std::initializer_list<const char*> choices, std::string& out) {
    const std::string* v = get(name);
    if (!v) return;
    for (const char* c : choices)
      if (*v == c) {
        out = *v;
        return;
      }
    std::string list;
    for (const char* c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
    errors.push_back({name, "expected one of " + list + ", got \"" + *v + "\""});
  }
};

bool valid_clock(const std::string& v) {
  if (v == "system") return true;
  if (v.rfind("fixed:", 0) == 0) return parse_iso8601(v.substr(6)).has_value();
  if (v.rfind("accelerated:", 0) == 0) {
    const auto at = v.find('@');
    if (at == std::string::npos) return false;
    double factor = 0;
    std::string f = v.substr(at + 1);
    // An optional anchor: the real instant at which the clock read <start>, so
    // that processes started at different moments share one clock (the demo).
    if (const auto anchor = f.find('@'); anchor != std::string::npos) {
      if (!parse_iso8601(f.substr(anchor + 1))) return false;
      f.resize(anchor);
    }
    auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), factor);
    return parse_iso8601(v.substr(12, at - 12)).has_value() && ec == std::errc{} && p == f.data() + f.size() &&
           factor > 0 && factor <= 1e6;
  }
  return false;
}

bool is_secret_name(std::string_view name) {
  for (const auto& v : config_variables())
    if (v.secret && name == v.name) return true;
  for (std::string_view word : {"SECRET", "KEY", "PASSWORD", "TOKEN"})
    if (name.find(word) != std::string_view::npos) return true;
  return false;
}

void base_url(Parser& p, const char* name, std::string& out) {
  const std::string* v = p.get(name);
  if (!v) return;
  std::string url = *v;
  while (!url.empty() && url.back() == '/') url.pop_back();
  const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const auto host_at = url.find("://") + 3;
  if (!scheme || url.size() <= host_at || url.find_first_of(" ?#", host_at) != std::string::npos) {
    std::string message = "expected an http:// or https:// base URL without query, got \"";
    message += *v;
    message += '"';
    p.errors.push_back({name, std::move(message)});
    return;
  }
  out = url;
}

void oauth_account(Parser& p, const char* prefix, CarrierAccount& a) {
  const std::string id = std::string(prefix) + "_CLIENT_ID";
  const std::string secret = std::string(prefix) + "_CLIENT_SECRET";
  base_url(p, (std::string(prefix) + "_BASE_URL").c_str(), a.base_url);
  p.text(id.c_str(), a.client_id);
  p.text(secret.c_str(), a.client_secret);
  if (a.client_id.empty() != a.client_secret.empty()) {
    std::string message = "must be set together with ";
    message += a.client_id.empty() ? secret : id;
    p.errors.push_back({a.client_id.empty() ? id : secret, std::move(message)});
  }
}

}  // namespace

std::string displayed_value(std::string_view name, std::string_view value) {
  if (is_secret_name(name) && !value.empty()) return "********";
  return std::string(value);
}

ConfigParse parse_config(const std::map<std::string, std::string>& env) {
  ConfigParse out;
  Config& c = out.config;
  Parser p{env, out.errors};

  if (const auto* url = p.get("FOREWARN_DATABASE_URL")) {
    if (url->rfind("postgresql://", 0) == 0 || url->rfind("postgres://", 0) == 0) c.db.url = *url;
    else out.errors.push_back({"FOREWARN_DATABASE_URL", "expected a postgresql://user@host:port/dbname URI"});
  }
  p.text("FOREWARN_DATA_DIR", c.db.data_dir);
  p.text("FOREWARN_PG_BINDIR", c.db.pg_bindir);
  p.integer("FOREWARN_DB_POOL_SIZE", 1, 256, c.db.pool_size);
  p.integer("FOREWARN_DB_POOL_TIMEOUT_MS", 1, 600000, c.db.pool_timeout_ms);
  p.integer("FOREWARN_DB_STATEMENT_TIMEOUT_MS", 0, 3600000, c.db.statement_timeout_ms);
  p.integer("FOREWARN_DB_CONNECT_TIMEOUT_S", 1, 600, c.db.connect_timeout_s);
  p.text("FOREWARN_HTTP_HOST", c.http.host);
  p.integer("FOREWARN_HTTP_PORT", 0, 65535, c.http.port);
  p.integer("FOREWARN_HTTP_THREADS", 1, 4096, c.http.threads);
  p.integer("FOREWARN_HTTP_KEEPALIVE_MAX_REQUESTS", 1, 100000000, c.http.keepalive_max_requests);
  p.integer("FOREWARN_HTTP_KEEPALIVE_TIMEOUT_S", 1, 3600, c.http.keepalive_timeout_s);
  p.integer("FOREWARN_HTTP_READ_TIMEOUT_MS", 1, 600000, c.http.read_timeout_ms);
  p.integer("FOREWARN_HTTP_WRITE_TIMEOUT_MS", 1, 600000, c.http.write_timeout_ms);
  p.integer("FOREWARN_HTTP_MAX_BODY_BYTES", 1024, 1LL << 30, c.http.max_body_bytes);
  p.boolean("FOREWARN_HTTP_TCP_NODELAY", c.http.tcp_nodelay);
  p.integer("FOREWARN_SHUTDOWN_GRACE_MS", 0, 600000, c.http.shutdown_grace_ms);
  p.number("FOREWARN_RATE_LIMIT_RPS", 0.01, 1e7, c.rate_limit_rps);
  p.number("FOREWARN_RATE_LIMIT_BURST", 1, 1e8, c.rate_limit_burst);
  p.integer("FOREWARN_AUTH_CACHE_MS", 0, 3600000, c.auth_cache_ms);
  p.integer("FOREWARN_SNAPSHOT_TTL_MS", 0, 3600000, c.snapshot_ttl_ms);
  p.integer("FOREWARN_MODEL_REBUILD_MS", 50, 86400000, c.model_rebuild_ms);
  p.number("FOREWARN_SLIP_MAX_TREND", 0, 2, c.slip_max_trend_per_day);
  p.integer("FOREWARN_ASSESS_INTERVAL_S", 60, 86400, c.assess_interval_s);
  p.integer("FOREWARN_ASSESS_BATCH", 1, 10000, c.assess_batch);
  if (const auto* url = p.get("FOREWARN_PUBLIC_URL")) {
    const std::string u = *url;
    if ((u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0) && u.back() != '/') c.public_url = u;
    else out.errors.push_back({"FOREWARN_PUBLIC_URL", "expected an http(s):// base URL without a trailing slash"});
  }
  p.boolean("FOREWARN_POLLER", c.poller);
  p.integer("FOREWARN_POLL_BATCH", 1, 10000, c.poll_batch);
  p.integer("FOREWARN_POLL_WORKERS", 1, 64, c.poll_workers);
  p.integer("FOREWARN_POLL_LEASE_S", 10, 604800, c.poll_lease_s);
  p.integer("FOREWARN_POLL_MIN_INTERVAL_S", 0, 86400, c.poll_min_interval_s);
  p.integer("FOREWARN_CARRIER_RATE_LIMIT_RPS", 1, 1000000, c.carrier_rate_limit_rps);
  p.integer("FOREWARN_CARRIER_DAILY_QUOTA", 0, 2000000000, c.carrier_daily_quota);
  p.boolean("FOREWARN_DISPATCHER", c.dispatch.enabled);
  p.integer("FOREWARN_DISPATCH_THREADS", 1, 256, c.dispatch.threads);
  p.integer("FOREWARN_DISPATCH_BATCH", 1, 1000, c.dispatch.batch);
  p.integer("FOREWARN_DISPATCH_LEASE_S", 10, 86400, c.dispatch.lease_s);
  p.integer("FOREWARN_DISPATCH_QUIET_GUARD_S", 0, 86400, c.dispatch.quiet_guard_s);
  p.integer("FOREWARN_DISPATCH_MAX_ATTEMPTS", 1, 100, c.dispatch.max_attempts);
  p.integer("FOREWARN_DISPATCH_FAILOVER_AFTER", 1, 100, c.dispatch.failover_after);
  p.integer("FOREWARN_DISPATCH_BACKOFF_BASE_MS", 1, 86400000, c.dispatch.backoff_base_ms);
  p.integer("FOREWARN_DISPATCH_BACKOFF_CAP_MS", 1, 604800000, c.dispatch.backoff_cap_ms);
  p.integer("FOREWARN_DISPATCH_IDLE_MS", 1, 60000, c.dispatch.idle_ms);
  p.integer("FOREWARN_DISPATCH_PROVIDER_CACHE_MS", 0, 3600000, c.dispatch.provider_cache_ms);
  p.one_of("FOREWARN_LOG_LEVEL", {"debug", "info", "warn", "error"}, c.log_level);
  if (const auto* clk = p.get("FOREWARN_CLOCK")) {
    if (valid_clock(*clk)) c.clock = *clk;
    else
      out.errors.push_back({"FOREWARN_CLOCK",
                            "expected system, fixed:<RFC 3339 instant> or accelerated:<RFC 3339 instant>@<factor>[@<RFC 3339 anchor>]"});
  }

  oauth_account(p, "FOREWARN_UPS", c.carriers.ups);
  oauth_account(p, "FOREWARN_FEDEX", c.carriers.fedex);
  oauth_account(p, "FOREWARN_USPS", c.carriers.usps);
  base_url(p, "FOREWARN_DHL_BASE_URL", c.carriers.dhl.base_url);
  p.text("FOREWARN_DHL_API_KEY", c.carriers.dhl.api_key);
  p.integer("FOREWARN_CARRIER_CONNECT_TIMEOUT_MS", 1, 600000, c.carriers.connect_timeout_ms);
  p.integer("FOREWARN_CARRIER_TIMEOUT_MS", 1, 600000, c.carriers.timeout_ms);
  p.integer("FOREWARN_CARRIER_CONCURRENCY", 1, 1024, c.carriers.concurrency);

  for (const auto& [name, value] : env) {
    if (name.rfind("FOREWARN_", 0) != 0) continue;
    const auto& vars = config_variables();
    const bool known = std::any_of(vars.begin(), vars.end(), [&](const auto& v) { return name == v.name; });
    // Variables read by tools around the service, not by the service itself.
    const bool tooling = name == "FOREWARN_SHARED_DIR" || name.rfind("FOREWARN_TEST_", 0) == 0 ||
                         name.rfind("FOREWARN_BENCH_", 0) == 0;
    if (!known && !tooling) out.errors.push_back({name, "is not a forewarn setting (see the README's table)"});
  }
  return out;
}

}  // namespace forewarn
