// The sweep (adapter): time alone changes a shipment's risk (a day passes
// without a scan, the latest useful hand-over goes by, a declared backlog
// grows), so every active shipment is assessed again at least every
// `interval` even when no carrier news comes: rounds of `batch` shipments not
// assessed since now − interval (SKIP LOCKED: replicas share the work) go
// through db::record_tracking_round with `reassess` set, which assesses,
// decides and writes the messages in one transaction, as for carrier news.
// A warehouse's or event's change clears its shipments' assessed_at, so they
// are swept at once. Time comes from the injected Clock.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "db/pool.hpp"
#include "db/store.hpp"

namespace forewarn::poller {

struct AssessorOptions {
  Duration interval = std::chrono::hours{1};
  int batch = 200;
  int idle_sleep_ms = 500;  // between rounds that found nothing due (real time)
  db::MessagingSettings messaging{};
};

class Assessor {
 public:
  Assessor(db::Pool& pool, const Clock& clock, AssessorOptions options);
  ~Assessor();
  Assessor(const Assessor&) = delete;
  Assessor& operator=(const Assessor&) = delete;

  void start();
  void stop();
  // One round on the caller's thread: the number of shipments assessed.
  std::size_t run_once();
  std::uint64_t assessed() const { return assessed_.load(); }

 private:
  db::Pool& pool_;
  const Clock& clock_;
  AssessorOptions options_;
  std::atomic<std::uint64_t> assessed_{0};
  std::atomic<bool> running_{false};
  std::mutex wake_mu_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace forewarn::poller
