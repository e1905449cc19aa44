// A fixed-size pool of PostgreSQL connections. A request leases one only for
// the duration of its queries and never while waiting on anything else.
// Connections are opened lazily, checked on return, and replaced when broken
// (so the service recovers on its own when the database restarts).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include <pqxx/pqxx>

namespace forewarn::db {

// No connection could be had in time: the database is down or overloaded.
class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PoolOptions {
  std::string conninfo;  // URI or key=value
  int size = 8;
  std::chrono::milliseconds acquire_timeout{2000};
  int statement_timeout_ms = 5000;
  int connect_timeout_s = 2;
};

struct PoolStats {
  int in_use = 0;
  int idle = 0;
  int waiting = 0;
  int size = 0;
};

class Pool {
 public:
  explicit Pool(PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }
    void discard() { broken_ = true; }

   private:
    Pool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
    bool broken_ = false;
  };

  // Throws Unavailable when no connection is free within acquire_timeout or
  // a new one cannot be opened.
  Lease acquire();
  PoolStats stats() const;
  // Closes idle connections and refuses new leases (graceful shutdown).
  void close();

  // Runs `fn(pqxx::connection&)`. A connection that turns out to be broken
  // (the database restarted) is replaced and `fn` is tried once more.
  template <typename F>
  auto run(F&& fn) -> decltype(fn(std::declval<pqxx::connection&>())) {
    for (int attempt = 0;; ++attempt) {
      Lease lease = acquire();
      try {
        return fn(*lease);
      } catch (const pqxx::broken_connection&) {
        lease.discard();
        if (attempt >= 1) throw Unavailable("the database connection was lost");
      }
    }
  }

 private:
  friend class Lease;
  std::unique_ptr<pqxx::connection> open();
  void give_back(std::unique_ptr<pqxx::connection> conn, bool broken);

  PoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<pqxx::connection>> idle_;
  int open_count_ = 0;  // leased + idle + being opened
  int in_use_ = 0;
  int waiting_ = 0;
  bool closed_ = false;
};

// Appends connect_timeout to a URI or key=value conninfo.
std::string with_connect_timeout(const std::string& conninfo, int seconds);

}  // namespace forewarn::db
