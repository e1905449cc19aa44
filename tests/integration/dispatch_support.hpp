// Helpers of the dispatch tests (dispatch_test.cpp, dispatch_kill_test.cpp):
// the local SMTP server (tools/smtp-sink.py under Debian's python3 with
// aiosmtpd) and `forewarn sim-provider`, each on a free loopback port.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "harness.hpp"

extern char** environ;

namespace fwtest::dispatch {

// A fresh database with one tenant (made through the CLI); returns its URI.
inline std::string fresh_database_with_tenant(const std::string& name) {
  const std::string url = fresh_database();
  create_tenant(url, name);
  return url;
}

inline long long scalar(const std::string& db, const std::string& sql) {
  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  return tx.exec1(sql)[0].as<long long>();
}

inline std::string slurp_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A helper process that prints {"listening": PORT} on its first line.
class Listener {
 public:
  Listener(std::vector<std::string> argv, const std::string& name) : name_(name) {
    const std::string out = dir_.path + "/out", err = dir_.path + "/err";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + name_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string text = slurp_file(out);
      if (text.find('\n') != std::string::npos) {
        port_ = nlohmann::json::parse(text.substr(0, text.find('\n'))).at("listening").get<int>();
        return;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error(name_ + " exited: " + slurp_file(err));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
    throw std::runtime_error(name_ + " did not print its port");
  }
  ~Listener() { stop(); }
  Listener(const Listener&) = delete;
  int port() const { return port_; }
  const std::string& dir() const { return dir_.path; }
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) != pid_; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }

 protected:
  TempDir dir_;  // first: the files live in it

 private:
  std::string name_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// tools/smtp-sink.py: records every accepted message as a JSON line.
class SmtpSink {
 public:
  explicit SmtpSink(const std::vector<std::string>& extra = {}) : jsonl_(dir_.path + "/sink.jsonl") {
    std::vector<std::string> argv = {"/usr/bin/python3", std::string(FOREWARN_SOURCE_DIR) + "/tools/smtp-sink.py",
                                     "--jsonl", jsonl_, "--port", "0", "--no-body"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<Listener>(argv, "smtp-sink");
  }
  int port() const { return process_->port(); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }
  // Message-ID -> how many times it arrived.
  std::map<std::string, int> received() const {
    std::map<std::string, int> out;
    std::istringstream lines(slurp_file(jsonl_));
    for (std::string line; std::getline(lines, line);) {
      if (line.empty()) continue;
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object()) ++out[j.value("message_id", "")];
    }
    return out;
  }

 private:
  TempDir dir_;
  std::string jsonl_;
  std::unique_ptr<Listener> process_;
};

// `forewarn sim-provider` with a configuration (docs: service/sim/provider_server.hpp).
class SimProvider {
 public:
  explicit SimProvider(const nlohmann::json& config) {
    const std::string path = dir_.path + "/provider.json";
    std::ofstream(path) << config.dump();
    process_ = std::make_unique<Listener>(
        std::vector<std::string>{FOREWARN_BINARY, "sim-provider", "--config", path, "--port", "0", "--threads", "64"},
        "sim-provider");
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(process_->port()); }
  nlohmann::json get(const std::string& path) const {
    httplib::Client c("127.0.0.1", process_->port());
    auto r = c.Get(path.c_str());
    if (!r) throw std::runtime_error("sim-provider: no answer to GET " + path);
    return nlohmann::json::parse(r->body);
  }

 private:
  TempDir dir_;
  std::unique_ptr<Listener> process_;
};

// Statuses of the tenant's messages: status -> count.
inline std::map<std::string, long long> statuses(const std::string& db) {
  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  std::map<std::string, long long> out;
  for (const auto& r : tx.exec("SELECT status, count(*) FROM messages GROUP BY status"))
    out[r[0].as<std::string>()] = r[1].as<long long>();
  return out;
}

// Sets the channel's providers through the API.
inline void put_providers(httplib::Client& c, const std::string& key, const std::string& channel, const nlohmann::json& body) {
  auto r = c.Put(("/v1/providers/" + channel).c_str(), fwtest::bearer(key), body.dump(), "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
}

inline void enqueue(const std::string& url, const std::string& channel, int count, const std::string& prefix,
             const std::string& domain = "example.test", int first = 0) {
  const auto r = fwtest::run_forewarn({"enqueue-test-messages", "--tenant", "Cookies", "--count", std::to_string(count),
                                       "--channel", channel, "--prefix", prefix, "--domain", domain, "--first",
                                       std::to_string(first)},
                                      {{"FOREWARN_DATABASE_URL", url}});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

// Waits (up to `seconds`) until no message is pending or sending.
inline bool settle(const std::string& url, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    const auto s = statuses(url);
    if (!s.count("pending") && !s.count("sending")) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  return false;
}

}  // namespace fwtest::dispatch
