#include "db/pool.hpp"

#include "platform/log.hpp"

namespace forewarn::db {

std::string with_connect_timeout(const std::string& conninfo, int seconds) {
  const std::string param = "connect_timeout=" + std::to_string(seconds);
  if (conninfo.find("connect_timeout") != std::string::npos) return conninfo;
  if (conninfo.rfind("postgres", 0) == 0)
    return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") + param;
  return conninfo + " " + param;
}

Pool::Pool(PoolOptions options) : options_(std::move(options)) {
  options_.conninfo = with_connect_timeout(options_.conninfo, options_.connect_timeout_s);
}

Pool::~Pool() { close(); }

std::unique_ptr<pqxx::connection> Pool::open() {
  auto conn = std::make_unique<pqxx::connection>(options_.conninfo);
  pqxx::nontransaction tx(*conn);
  tx.exec("SET TIME ZONE 'UTC'");
  tx.exec("SET application_name = 'forewarn'");
  tx.exec("SET statement_timeout = " + std::to_string(options_.statement_timeout_ms));
  return conn;
}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  for (;;) {
    if (closed_) throw Unavailable("the database pool is closed");
    if (!idle_.empty()) {
      auto conn = std::move(idle_.front());
      idle_.pop_front();
      ++in_use_;
      return Lease(this, std::move(conn));
    }
    if (open_count_ < options_.size) {
      ++open_count_;
      ++in_use_;
      lock.unlock();
      try {
        return Lease(this, open());
      } catch (const std::exception& e) {
        lock.lock();
        --open_count_;
        --in_use_;
        cv_.notify_one();
        throw Unavailable(std::string("cannot connect to the database: ") + e.what());
      }
    }
    ++waiting_;
    const bool woke = cv_.wait_until(lock, deadline) != std::cv_status::timeout;
    --waiting_;
    if (!woke && idle_.empty() && open_count_ >= options_.size)
      throw Unavailable("no database connection became free in time");
  }
}

void Pool::give_back(std::unique_ptr<pqxx::connection> conn, bool broken) {
  std::lock_guard lock(mu_);
  --in_use_;
  if (broken || closed_ || !conn || !conn->is_open()) {
    --open_count_;
    conn.reset();
  } else {
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

Pool::Lease::~Lease() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_), broken_);
}

PoolStats Pool::stats() const {
  std::lock_guard lock(mu_);
  return PoolStats{in_use_, static_cast<int>(idle_.size()), waiting_, options_.size};
}

void Pool::close() {
  std::deque<std::unique_ptr<pqxx::connection>> idle;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    idle.swap(idle_);
    open_count_ -= static_cast<int>(idle.size());
    cv_.notify_all();
  }
}

}  // namespace forewarn::db
