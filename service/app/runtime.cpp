#include "app/runtime.hpp"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include <pqxx/pqxx>

#include "db/migrations.hpp"
#include "db/pool.hpp"
#include "platform/log.hpp"
#include "platform/system_clock.hpp"

extern char** environ;

namespace forewarn::app {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

Config load_config_or_exit() {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    const auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  auto parsed = parse_config(env);
  if (!parsed.errors.empty()) {
    for (const auto& e : parsed.errors)
      std::fprintf(stderr, "forewarn: configuration error: %s %s\n", e.variable.c_str(), e.message.c_str());
    std::exit(2);
  }
  return parsed.config;
}

std::shared_ptr<Clock> setup_clock_and_logs(const Config& config) {
  auto clock = platform::make_clock(config.clock);
  log::configure(clock, config.log_level);
  return clock;
}

Database::Database(const Config& config) {
  if (config.db.url) {
    url_ = *config.db.url;
    return;
  }
  embedded_ = std::make_unique<db::EmbeddedPostgres>(config.db.data_dir, config.db.pg_bindir);
  url_ = embedded_->ensure_running("forewarn");
}

void Database::migrate(const Clock& clock, int wait_s) {
  const auto deadline = platform::monotonic_ms() + wait_s * 1000LL;
  for (;;) {
    try {
      pqxx::connection conn(db::with_connect_timeout(url_, 2));
      const auto report = db::migrate(conn, clock.now());
      log::info("database schema is current",
                {{"version", report.current_version}, {"applied_now", report.applied.size()}});
      return;
    } catch (const pqxx::broken_connection& e) {
      if (platform::monotonic_ms() > deadline) throw;
      log::warn("database not reachable yet; retrying", {{"error", e.what()}});
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

}  // namespace forewarn::app
