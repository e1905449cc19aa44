// Start-up shared by the commands: configuration from the environment (a bad
// value stops with a message naming the variable), the clock, logging, and
// the database (the embedded cluster unless FOREWARN_DATABASE_URL is set).
#pragma once

#include <cstdio>
#include <csignal>
#include <pthread.h>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <pqxx/pqxx>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "db/embedded.hpp"

namespace forewarn::app {

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::string& path);

// Blocks SIGTERM and SIGINT in this thread and every thread started after
// (sigwait on the returned set receives them); ignores SIGPIPE.
sigset_t block_shutdown_signals();

// The simulators' main loop (sim-carrier, sim-provider): binds `server` on
// loopback, prints {"listening": PORT} on stdout, serves until SIGTERM or
// SIGINT arrives on `signals` (block_shutdown_signals), then stops it.
// Returns the exit status: 1 when it cannot listen.
template <typename SimServer>
int serve_sim_until_signal(SimServer& server, const char* name, long long port, const sigset_t& signals) {
  const int bound = server.bind();
  if (bound <= 0) {
    std::fprintf(stderr, "forewarn %s: cannot listen on 127.0.0.1:%lld\n", name, port);
    return 1;
  }
  std::printf("{\"listening\": %d}\n", bound);
  std::fflush(stdout);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  server.run();
  // run() also returns when listening fails; wake the waiter in that case.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return 0;
}

// Parses the environment; on errors prints them and exits with status 2.
Config load_config_or_exit();
std::shared_ptr<Clock> setup_clock_and_logs(const Config& config);

// The database this process talks to. For the embedded cluster it starts it
// when needed and stops it on destruction if it started it.
class Database {
 public:
  explicit Database(const Config& config);
  const std::string& url() const { return url_; }
  // Connects (retrying while the server starts, up to `wait_s`) and applies
  // pending migrations.
  void migrate(const Clock& clock, int wait_s = 30);
  db::EmbeddedPostgres* embedded() { return embedded_.get(); }

 private:
  std::unique_ptr<db::EmbeddedPostgres> embedded_;
  std::string url_;
};

// Runs `fn(tx, clock)` in one transaction on the configured database (after
// migrating it); commits when fn returns 0, else rolls back. An exception is
// printed and gives 1.
template <typename F>
int with_database(F&& fn) {
  const Config config = load_config_or_exit();
  auto clock = setup_clock_and_logs(config);
  try {
    Database database(config);
    database.migrate(*clock);
    pqxx::connection conn(database.url());
    pqxx::work tx(conn);
    const int rc = fn(tx, *clock);
    if (rc == 0) tx.commit();
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "forewarn: %s\n", e.what());
    return 1;
  }
}

}  // namespace forewarn::app
