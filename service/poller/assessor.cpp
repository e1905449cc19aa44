#include "poller/assessor.hpp"

#include "platform/log.hpp"

namespace forewarn::poller {

Assessor::Assessor(db::Pool& pool, const Clock& clock, AssessorOptions options)
    : pool_(pool), clock_(clock), options_(std::move(options)) {}

Assessor::~Assessor() { stop(); }

void Assessor::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] {
    while (running_.load()) {
      std::size_t n = 0;
      try {
        n = run_once();
      } catch (const std::exception& e) {
        log::warn("assessment sweep failed; retrying", {{"error", e.what()}});
      }
      if (n < static_cast<std::size_t>(options_.batch)) {
        std::unique_lock lock(wake_mu_);
        wake_.wait_for(lock, std::chrono::milliseconds{options_.idle_sleep_ms}, [this] { return !running_.load(); });
      }
    }
  });
}

void Assessor::stop() {
  if (!running_.exchange(false)) return;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t Assessor::run_once() {
  const std::size_t n = pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    const Instant now = clock_.now();
    const auto due = db::lease_assessments(tx, now - options_.interval, options_.batch);
    if (due.empty()) return std::size_t{0};
    db::record_tracking_round(tx, due, "", {}, now, options_.messaging);
    tx.commit();
    return due.size();
  });
  assessed_ += n;
  return n;
}

}  // namespace forewarn::poller
