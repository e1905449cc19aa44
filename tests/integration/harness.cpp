#include "harness.hpp"

#include "core/tracking/detect.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <pqxx/pqxx>

extern char** environ;

namespace fwtest {

namespace fs = std::filesystem;

namespace {

std::string binary() { return FOREWARN_BINARY; }

std::string test_pg_dir() {
  const char* d = std::getenv("FOREWARN_TEST_PG_DIR");
  if (!d) throw std::runtime_error("FOREWARN_TEST_PG_DIR is not set: run the integration tests through ctest");
  return d;
}

std::string random_suffix() {
  static std::mt19937_64 rng(std::random_device{}());
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::ostringstream s;
  s << std::hex << rng();
  return s.str();
}

std::vector<std::string> child_env(const Env& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    const auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = kv.substr(0, eq);
    if (key.rfind("FOREWARN_", 0) == 0 && key.rfind("FOREWARN_TEST_", 0) != 0) continue;
    env[key] = kv.substr(eq + 1);
  }
  env["FOREWARN_LOG_LEVEL"] = "info";
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

// Starts `program ARGS...` with stdin from /dev/null and stdout / stderr to files.
pid_t spawn_program(const std::string& program, const std::vector<std::string>& args, const Env& env,
                    const std::string& out_path, const std::string& err_path) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv_s = {program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto env_s = child_env(env);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start " + program);
  return pid;
}

pid_t spawn(const std::vector<std::string>& args, const Env& env, const std::string& out_path,
            const std::string& err_path) {
  return spawn_program(binary(), args, env, out_path, err_path);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Waits until the child prints {"listening": PORT} on its first stdout line
// (files `dir`/out and `dir`/err); returns the port. Kills the child and
// throws when it exits or stays silent for 30 s (pid is then -1).
int listening_port(pid_t& pid, const std::string& dir, const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = slurp(dir + "/out");
    if (out.find('\n') != std::string::npos)
      return nlohmann::json::parse(out.substr(0, out.find('\n'))).at("listening").get<int>();
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      throw std::runtime_error(what + " exited: " + slurp(dir + "/err"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  pid = -1;
  throw std::runtime_error(what + " did not print its port");
}

int stop_child(pid_t& pid) {
  if (pid <= 0) return -1;
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  pid = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TempDir::TempDir() {
  path = (fs::path(FOREWARN_TEST_TMP) / ("t-" + random_suffix())).string();
  fs::create_directories(path);
}
TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

RunResult run_forewarn(const std::vector<std::string>& args, const Env& env) {
  TempDir dir;
  const pid_t pid = spawn(args, env, dir.path + "/out", dir.path + "/err");
  int status = 0;
  waitpid(pid, &status, 0);
  return RunResult{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(dir.path + "/out"),
                   slurp(dir.path + "/err")};
}

std::string cluster_uri(const std::string& data_dir, const std::string& database) {
  auto r = run_forewarn({"db", "url", database}, {{"FOREWARN_DATA_DIR", data_dir}});
  if (r.exit_code != 0) throw std::runtime_error("forewarn db url failed: " + r.err);
  std::string uri = r.out;
  while (!uri.empty() && (uri.back() == '\n' || uri.back() == '\r')) uri.pop_back();
  return uri;
}

std::string fresh_database() {
  const std::string name = "fw_" + random_suffix();
  pqxx::connection admin(cluster_uri(test_pg_dir(), "postgres"));
  pqxx::nontransaction tx(admin);
  tx.exec("CREATE DATABASE " + tx.quote_name(name));
  return cluster_uri(test_pg_dir(), name);
}

Server::Server(std::string db_url, Env env, bool wait) : db_url_(std::move(db_url)) {
  log_path_ = dir_.path + "/server.log";
  env["FOREWARN_DATABASE_URL"] = db_url_;
  if (!env.count("FOREWARN_HTTP_PORT")) env["FOREWARN_HTTP_PORT"] = "0";
  if (!env.count("FOREWARN_HTTP_THREADS")) env["FOREWARN_HTTP_THREADS"] = "16";
  pid_ = spawn({"serve"}, env, dir_.path + "/stdout", log_path_);
  if (wait && !wait_listening()) {
    const std::string logs_now = logs();
    terminate();
    throw std::runtime_error("forewarn serve did not start:\n" + logs_now);
  }
}

Server::~Server() {
  if (pid_ > 0) terminate();
}

bool Server::wait_listening(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::istringstream lines(logs());
    for (std::string line; std::getline(lines, line);) {
      if (line.find("\"msg\":\"listening\"") == std::string::npos) continue;
      port_ = nlohmann::json::parse(line).at("port").get<int>();
      return true;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

httplib::Client Server::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(10, 0);
  return c;
}

std::string Server::logs() const { return slurp(log_path_); }

int Server::terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 300; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return 137;
}

SimCarrier::SimCarrier(const std::string& scenario_json, Env env, int threads) {
  const std::string scenario = dir_.path + "/scenario.json";
  std::ofstream(scenario) << scenario_json;
  pid_ = spawn({"sim-carrier", "--scenario", scenario, "--port", "0", "--threads", std::to_string(threads)}, env,
               dir_.path + "/out", dir_.path + "/err");
  port_ = listening_port(pid_, dir_.path, "forewarn sim-carrier");
}

SimCarrier::~SimCarrier() { terminate(); }

std::string SimCarrier::logs() const { return slurp(dir_.path + "/err"); }

std::string SimCarrier::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

nlohmann::json SimCarrier::get(const std::string& path) const {
  httplib::Client c("127.0.0.1", port_);
  auto r = c.Get(path.c_str());
  if (!r) throw std::runtime_error("sim-carrier: no answer to GET " + path);
  return nlohmann::json::parse(r->body);
}

nlohmann::json SimCarrier::post(const std::string& path) const {
  httplib::Client c("127.0.0.1", port_);
  auto r = c.Post(path.c_str());
  if (!r) throw std::runtime_error("sim-carrier: no answer to POST " + path);
  return nlohmann::json::parse(r->body);
}

nlohmann::json SimCarrier::shipment(const std::string& name) const {
  const nlohmann::json all = get("/_sim/shipments?limit=100000");
  for (const auto& s : all.at("shipments"))
    if (s.at("name") == name) return s;
  throw std::runtime_error("no shipment named " + name);
}

int SimCarrier::terminate() { return stop_child(pid_); }

// ---- providers: tools/smtp-sink.py and forewarn sim-provider -----------------

SmtpSink::SmtpSink(SmtpSinkOptions options) : options_(std::move(options)) {
  std::vector<std::string> args = {std::string(FOREWARN_SOURCE_DIR) + "/tools/smtp-sink.py", "--jsonl", jsonl_path()};
  if (options_.starttls || options_.implicit_tls) {
    cert_ = dir_.path + "/cert.pem";
    const std::string key = dir_.path + "/key.pem";
    const pid_t openssl = spawn_program("/usr/bin/openssl",
                                        {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert_,
                                         "-days", "2", "-subj", "/CN=localhost", "-addext",
                                         "subjectAltName=DNS:localhost,IP:127.0.0.1"},
                                        {}, dir_.path + "/openssl.out", dir_.path + "/openssl.err");
    int status = 0;
    waitpid(openssl, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      throw std::runtime_error("openssl req failed: " + slurp(dir_.path + "/openssl.err"));
    args.insert(args.end(), {"--cert", cert_, "--key", key});
    args.push_back(options_.implicit_tls ? "--implicit-tls" : "--starttls");
    if (options_.require_starttls) args.push_back("--require-starttls");
  }
  if (!options_.auth.empty()) args.insert(args.end(), {"--auth", options_.auth});
  for (const auto& r : options_.reject) args.insert(args.end(), {"--reject", r});
  if (options_.tempfail_rate > 0) args.insert(args.end(), {"--tempfail-rate", std::to_string(options_.tempfail_rate)});
  if (options_.no_body) args.push_back("--no-body");
  pid_ = spawn_program("/usr/bin/python3", args, {}, dir_.path + "/out", dir_.path + "/err");
  port_ = listening_port(pid_, dir_.path, "tools/smtp-sink.py");
}

SmtpSink::~SmtpSink() { terminate(); }

std::string SmtpSink::url() const {
  return (options_.implicit_tls ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") + std::to_string(port_);
}

std::string SmtpSink::jsonl_path() const { return dir_.path + "/messages.jsonl"; }

std::vector<nlohmann::json> SmtpSink::messages() const {
  std::vector<nlohmann::json> out;
  std::istringstream in(slurp(jsonl_path()));
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line, nullptr, false));  // a half-written last line: discarded
  if (!out.empty() && out.back().is_discarded()) out.pop_back();
  return out;
}

std::map<std::string, int> SmtpSink::counts_by_message_id() const {
  std::map<std::string, int> counts;
  for (const auto& m : messages()) ++counts[m.value("message_id", "")];
  return counts;
}

bool SmtpSink::wait_for(std::size_t n, int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (messages().size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return messages().size() >= n;
}

std::string SmtpSink::logs() const { return slurp(dir_.path + "/err"); }

int SmtpSink::terminate() { return stop_child(pid_); }

SimProvider::SimProvider(const std::string& config_json, Env env) {
  const std::string config = dir_.path + "/providers.json";
  std::ofstream(config) << config_json;
  pid_ = spawn({"sim-provider", "--config", config, "--port", "0", "--threads", "64"}, env, dir_.path + "/out",
               dir_.path + "/err");
  port_ = listening_port(pid_, dir_.path, "forewarn sim-provider");
}

SimProvider::~SimProvider() { terminate(); }

std::string SimProvider::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

nlohmann::json SimProvider::get(const std::string& path) const {
  httplib::Client c("127.0.0.1", port_);
  auto r = c.Get(path);
  if (!r) throw std::runtime_error("sim-provider: no answer to GET " + path);
  return nlohmann::json::parse(r->body);
}

nlohmann::json SimProvider::post(const std::string& path, const std::string& body) const {
  httplib::Client c("127.0.0.1", port_);
  auto r = c.Post(path, body, "application/json");
  if (!r) throw std::runtime_error("sim-provider: no answer to POST " + path);
  return nlohmann::json::parse(r->body);
}

std::string SimProvider::logs() const { return slurp(dir_.path + "/err"); }

int SimProvider::terminate() { return stop_child(pid_); }

std::string create_tenant(const std::string& db_url, const std::string& name) {
  auto r = run_forewarn({"tenant", "create", name}, {{"FOREWARN_DATABASE_URL", db_url}});
  if (r.exit_code != 0) throw std::runtime_error("tenant create failed: " + r.err);
  const auto at = r.out.find("fwk_");
  if (at == std::string::npos) throw std::runtime_error("no key printed: " + r.out);
  return r.out.substr(at, r.out.find_first_of("\r\n", at) - at);
}

std::string raw_http(int port, const std::string& bytes, int timeout_ms) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("cannot connect");
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<size_t>(n);
  }
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[8192];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) {
      // A complete response with Content-Length is enough.
      const auto head_end = out.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const std::string cl = raw_header(out, "Content-Length");
        if (!cl.empty() && out.size() >= head_end + 4 + std::stoul(cl)) break;
      }
      continue;
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

int raw_status(const std::string& r) {
  if (r.size() < 12 || r.rfind("HTTP/1.", 0) != 0) return -1;
  return std::stoi(r.substr(9, 3));
}

std::string raw_header(const std::string& r, const std::string& name) {
  const auto head_end = r.find("\r\n\r\n");
  std::istringstream lines(r.substr(0, head_end));
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0 &&
        line[name.size()] == ':') {
      std::string v = line.substr(name.size() + 1);
      while (!v.empty() && (v.front() == ' ')) v.erase(v.begin());
      while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
      return v;
    }
  }
  return "";
}

std::string raw_body(const std::string& r) {
  const auto head_end = r.find("\r\n\r\n");
  return head_end == std::string::npos ? "" : r.substr(head_end + 4);
}

httplib::Headers bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

std::string ups_number(const std::string& first17) {
  for (char d = '0'; d <= '9'; ++d) {
    const std::string n = first17 + d;
    const auto detection = forewarn::tracking::detect(n);
    const auto* best = detection.best();
    if (best && best->carrier == forewarn::tracking::Carrier::ups) return n;
  }
  throw std::runtime_error("no check digit for " + first17);
}

}  // namespace fwtest
