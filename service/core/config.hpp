// Configuration: environment variables only (FOREWARN_*), parsed once into a
// typed structure and validated before anything starts. A bad value stops
// start-up with a message naming the variable and the expected form.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace forewarn {

struct HttpConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                     // 0: any free port (logged at start-up)
  int threads = 128;                   // one per concurrent keep-alive connection
  int keepalive_max_requests = 10000;
  int keepalive_timeout_s = 5;
  int read_timeout_ms = 5000;
  int write_timeout_ms = 5000;
  long long max_body_bytes = 1 << 20;
  bool tcp_nodelay = true;
  int shutdown_grace_ms = 10000;
};

struct DatabaseConfig {
  std::optional<std::string> url;      // unset: the embedded private cluster
  std::string data_dir = ".forewarn";  // the embedded cluster lives in <data_dir>/postgres
  std::string pg_bindir = "/usr/lib/postgresql/15/bin";
  int pool_size = 8;
  int pool_timeout_ms = 2000;          // waiting for a free connection
  int statement_timeout_ms = 5000;
  int connect_timeout_s = 2;
};

// One carrier API account. OAuth carriers (UPS, FedEx, USPS) use client_id
// and client_secret, DHL an API key. A carrier without credentials is not
// polled.
struct CarrierAccount {
  std::string base_url;       // scheme://host[:port], no trailing slash
  std::string client_id;
  std::string client_secret;  // secret: never logged, masked by `forewarn config values`
  std::string api_key;        // secret: never logged, masked
  bool configured() const { return !base_url.empty() && ((!client_id.empty() && !client_secret.empty()) || !api_key.empty()); }
};

struct CarriersConfig {
  CarrierAccount ups{"https://onlinetools.ups.com", "", "", ""};
  CarrierAccount fedex{"https://apis.fedex.com", "", "", ""};
  CarrierAccount usps{"https://apis.usps.com", "", "", ""};
  CarrierAccount dhl{"https://api-eu.dhl.com", "", "", ""};
  int connect_timeout_ms = 2000;
  int timeout_ms = 10000;  // whole call, per attempt
  int concurrency = 32;    // calls in flight per carrier
};

// The message dispatcher (service/dispatch).
struct DispatchConfig {
  bool enabled = true;
  int threads = 8;
  int batch = 20;
  int lease_s = 120;
  int max_attempts = 8;
  int failover_after = 3;
  long long backoff_base_ms = 30000;
  long long backoff_cap_ms = 7200000;
  int idle_ms = 200;
  int provider_cache_ms = 5000;
  int quiet_guard_s = 60;
};

struct Config {
  HttpConfig http;
  DatabaseConfig db;
  CarriersConfig carriers;
  DispatchConfig dispatch;
  double rate_limit_rps = 500;         // per API key
  double rate_limit_burst = 1000;
  int auth_cache_ms = 5000;            // how long a key lookup is trusted (revocation delay)
  int snapshot_ttl_ms = 2000;          // how long a tenant's checkout snapshot is trusted (other replicas' writes)
  int model_rebuild_ms = 300000;       // period of the learned transit models' background rebuild
  double slip_max_trend_per_day = 0.5;  // steepest carrier-slip trend believed; 0: no projection (slip_model.hpp)
  int assess_interval_s = 3600;        // the sweep: every active shipment assessed at least this often
  int assess_batch = 200;              // shipments one sweep round takes
  std::string public_url;              // base of links in messages (unsubscribe); empty: http://host:port
  // The base URL of the links forewarn puts in messages.
  std::string public_base_url() const {
    return public_url.empty() ? "http://" + http.host + ":" + std::to_string(http.port) : public_url;
  }
  bool poller = true;                  // run the polling scheduler in `forewarn serve`
  int poll_batch = 200;                // shipments leased per poll round
  int poll_workers = 2;                // poll rounds run concurrently
  int poll_lease_s = 120;              // a poll lease, in seconds of the service's clock
  int poll_min_interval_s = 0;         // floor of the adaptive cadence (0: none)
  int carrier_rate_limit_rps = 50;     // per carrier, this process (burst: twice)
  int carrier_daily_quota = 0;         // per carrier per UTC day, this process; 0: none
  std::string log_level = "info";      // debug | info | warn | error
  std::string clock = "system";        // system | fixed:<RFC3339> | accelerated:<RFC3339>@<factor>
};

struct ConfigError {
  std::string variable;
  std::string message;  // what was expected
};

// One entry per variable: name, default, and meaning. The README's table is
// generated from the same list (`forewarn config --markdown`).
struct ConfigVariable {
  const char* name;
  const char* default_value;
  const char* description;
  bool secret = false;  // its value is never printed
};
const std::vector<ConfigVariable>& config_variables();

// The value to show for a variable: "********" for a set secret (a variable
// marked secret, or any FOREWARN_*SECRET* / *KEY* / *PASSWORD* / *TOKEN*
// name), the value itself otherwise.
std::string displayed_value(std::string_view name, std::string_view value);

// Parses the FOREWARN_* entries of an environment. Unknown FOREWARN_*
// variables are errors too (a typo must not silently fall back to a default).
struct ConfigParse {
  Config config;
  std::vector<ConfigError> errors;
};
ConfigParse parse_config(const std::map<std::string, std::string>& env);

}  // namespace forewarn
