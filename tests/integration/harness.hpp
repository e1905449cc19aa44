// Black-box test harness: starts the real `forewarn` binary on a free port
// against a fresh database of the test cluster (started by the ctest fixture
// `pg_start`, see tests/CMakeLists.txt), and talks HTTP to it.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace fwtest {

using Env = std::map<std::string, std::string>;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `forewarn ARGS...` to completion with the given extra environment.
RunResult run_forewarn(const std::vector<std::string>& args, const Env& env = {});

// A new, empty database in the shared test cluster; returns its URI.
std::string fresh_database();
// The URI of a database in the cluster whose data folder is `data_dir`.
std::string cluster_uri(const std::string& data_dir, const std::string& database);

// A scratch folder under the build tree, removed when the object dies.
struct TempDir {
  TempDir();
  ~TempDir();
  std::string path;
};

class Server {
 public:
  // Starts `forewarn serve` with FOREWARN_DATABASE_URL=db_url, port 0, and
  // `env` on top; waits until it logs that it listens (or throws).
  explicit Server(std::string db_url, Env env = {}, bool wait_listening = true);
  ~Server();
  Server(const Server&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  httplib::Client client() const;
  std::string logs() const;
  // Waits for the "listening" log line; returns false on timeout or exit.
  bool wait_listening(int timeout_ms = 30000);
  // SIGTERM and wait; returns the exit status.
  int terminate();

 private:
  std::string db_url_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  TempDir dir_;
};

// `forewarn sim-carrier` on a free loopback port, with a scenario written to
// a scratch file; `env` on top (FOREWARN_CLOCK, typically fixed:...). The sim
// serves one keep-alive connection per thread: `threads` must cover every
// connection the pollers open at once, or requests wait in its queue.
class SimCarrier {
 public:
  explicit SimCarrier(const std::string& scenario_json, Env env = {}, int threads = 64);
  ~SimCarrier();
  SimCarrier(const SimCarrier&) = delete;

  int port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:PORT
  nlohmann::json get(const std::string& path) const;   // a /_sim/ endpoint
  nlohmann::json post(const std::string& path) const;
  // The shipment the scenario calls `name`.
  nlohmann::json shipment(const std::string& name) const;
  std::string logs() const;  // its stderr
  int terminate();

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// tools/smtp-sink.py (Debian's aiosmtpd under /usr/bin/python3) on a free
// loopback port, recording every message it accepts to a JSONL file (see the
// script's header for the record's fields).
struct SmtpSinkOptions {
  std::vector<std::string> reject = {};  // RCPT TO answered 550 5.1.1
  double tempfail_rate = 0;         // this fraction of messages answered 421 at the end of DATA
  bool starttls = false;            // offer STARTTLS with a fresh self-signed certificate (ca_file())
  bool require_starttls = false;
  bool implicit_tls = false;        // smtps://
  std::string auth = {};            // "user:password": AUTH required
  bool no_body = false;             // records without the decoded parts (benchmarks)
};

class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkOptions options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;

  int port() const { return port_; }
  std::string url() const;                                // smtp://127.0.0.1:PORT or smtps://...
  const std::string& ca_file() const { return cert_; }    // the self-signed certificate (TLS only)
  std::string jsonl_path() const;
  std::vector<nlohmann::json> messages() const;           // every record so far
  std::map<std::string, int> counts_by_message_id() const;  // "<id@domain>" → times received
  bool wait_for(std::size_t n, int timeout_ms = 30000) const;  // until at least n records
  std::string logs() const;
  int terminate();

 private:
  SmtpSinkOptions options_;
  TempDir dir_;
  std::string cert_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// `forewarn sim-provider --config <config_json>` on a free loopback port
// (docs/sim-provider.md); `env` on top (FOREWARN_CLOCK).
class SimProvider {
 public:
  explicit SimProvider(const std::string& config_json = "{}", Env env = {});
  ~SimProvider();
  SimProvider(const SimProvider&) = delete;

  int port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:PORT: every provider's base URL
  nlohmann::json get(const std::string& path) const;  // /_sim/messages, /_sim/stats, /_sim/last?provider=
  nlohmann::json post(const std::string& path, const std::string& body = "{}") const;  // /_sim/faults, /_sim/reset
  std::string logs() const;
  int terminate();

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Creates a tenant through the CLI; returns its API key.
std::string create_tenant(const std::string& db_url, const std::string& name);

// Sends raw bytes to 127.0.0.1:port and returns everything read until the
// server closes or `timeout_ms` passes.
std::string raw_http(int port, const std::string& bytes, int timeout_ms = 3000);
// Status code of a raw HTTP response ("HTTP/1.1 404 Not Found" -> 404).
int raw_status(const std::string& response);
std::string raw_header(const std::string& response, const std::string& name);
std::string raw_body(const std::string& response);

httplib::Headers bearer(const std::string& key);

// A valid UPS number: the 17 characters given, then the check digit that verifies.
std::string ups_number(const std::string& first17);

}  // namespace fwtest
