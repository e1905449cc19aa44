#include "poller/poller.hpp"

#include <algorithm>
#include <functional>
#include <vector>

#include <date/tz.h>

#include "core/calendar/civil.hpp"
#include "core/tracking/detect.hpp"
#include "db/store.hpp"
#include "platform/log.hpp"

namespace forewarn::poller {

namespace {

using core::polling::CarrierBudget;

std::uint64_t salt_of(const std::string& id) { return std::hash<std::string>{}(id); }

// The end of the promised day in the recipient's zone (UTC when unknown).
std::optional<Instant> deadline_of(const db::LeasedShipment& s) {
  if (!s.promised_date) return std::nullopt;
  const auto day = core::calendar::parse_day(*s.promised_date);
  if (!day) return std::nullopt;
  const date::local_days next = *day + date::days{1};
  try {
    const auto* zone = date::locate_zone(s.destination_time_zone.value_or("UTC"));
    return std::chrono::time_point_cast<Duration>(zone->to_sys(next, date::choose::earliest));
  } catch (const std::exception&) {
    return Instant{std::chrono::duration_cast<Duration>(next.time_since_epoch())};
  }
}

// A risk label (core/risk) that asks for the close cadence.
bool at_risk(const std::optional<std::string>& risk) {
  return risk && (*risk == "at_risk" || *risk == "will_miss" || *risk == "late" || risk->starts_with("action_required"));
}

// Failures that say the carrier is unwell (they trip its breaker); "not
// found" is a label not scanned yet, "invalid request" is about one number.
bool carrier_unwell(tracking::PollErrorKind k) {
  using K = tracking::PollErrorKind;
  return k == K::server_error || k == K::timeout || k == K::network || k == K::rate_limited || k == K::unauthorized;
}

const tracking::TrackingResult* result_for(const std::vector<tracking::TrackingResult>& results,
                                           const std::string& number) {
  for (const auto& r : results)
    if (r.tracking_number == number) return &r;
  return results.empty() ? nullptr : &results.front();
}

struct Slot {
  db::LeasedShipment shipment;
  std::optional<tracking::PollOutcome> outcome;  // empty: not polled (deferred)
  Instant retry_at{};                            // deferred: when it may go
};

}  // namespace

Poller::Poller(db::Pool& pool, const Clock& clock, clients::CarrierTransports& transports, PollerOptions options,
               platform::Metrics* metrics)
    : pool_(pool), clock_(clock), transports_(transports), options_(std::move(options)), metrics_(metrics),
      rng_(salt_of(options_.worker)) {
  if (!metrics_) return;
  metrics_->describe("forewarn_polls_total", "counter",
                     "Carrier tracking calls this process made, by carrier and outcome (ok, not_found or the error).");
  metrics_->describe("forewarn_poll_leases_lost_total", "counter",
                     "Polled shipments whose lease had run out and been taken by another worker before the round stored them.");
  metrics_->describe("forewarn_poll_rounds_over_lease_total", "counter",
                     "Poll rounds that took longer than FOREWARN_POLL_LEASE_S: raise it, or a shipment may be polled twice at once.");
}

Poller::~Poller() { stop(); }

void Poller::start() {
  if (running_.exchange(true)) return;
  for (int w = 0; w < std::max(1, options_.workers); ++w) threads_.emplace_back([this] {
    while (running_.load()) {
      std::size_t leased = 0;
      try {
        leased = run_once();
      } catch (const std::exception& e) {
        log::warn("poll round failed; retrying", {{"error", e.what()}});
      }
      if (leased == 0) {
        std::unique_lock lock(wake_mu_);
        wake_.wait_for(lock, std::chrono::milliseconds{options_.idle_sleep_ms}, [this] { return !running_.load(); });
      }
    }
  });
}

void Poller::stop() {
  if (!running_.exchange(false)) return;
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

PollerStats Poller::stats() const {
  std::lock_guard lock(stats_mu_);
  return stats_;
}

Poller::CarrierGate& Poller::gate(tracking::Carrier c, Instant now) {
  auto it = gates_.find(c);
  if (it == gates_.end())
    it = gates_.emplace(c, CarrierGate{CarrierBudget(options_.budget, now), core::polling::CircuitBreaker(options_.breaker)})
             .first;
  return it->second;
}

std::size_t Poller::run_once() {
  const Instant now = clock_.now();
  std::vector<db::LeasedShipment> leased = pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto rows = db::lease_due_shipments(tx, options_.worker, now, options_.lease_for, options_.batch);
    tx.commit();
    return rows;
  });
  if (leased.empty()) return 0;

  std::vector<Slot> slots;
  slots.reserve(leased.size());
  for (auto& s : leased) slots.push_back({std::move(s), std::nullopt, {}});

  // Which calls may go out now, and send them all at once.
  std::mutex done_mu;
  std::condition_variable done_cv;
  std::vector<std::pair<std::size_t, clients::CarrierTransport*>> sends;
  {
    std::lock_guard lock(gates_mu_);
    for (std::size_t i = 0; i < slots.size(); ++i) {
      auto& slot = slots[i];
      const auto carrier = tracking::carrier_from_string(slot.shipment.carrier);
      auto* transport = carrier ? transports_.get(*carrier) : nullptr;
      if (!transport) {  // no credentials for this carrier: look again in an hour
        slot.retry_at = now + std::chrono::hours{1};
        continue;
      }
      auto& g = gate(*carrier, now);
      if (!g.breaker.allow(now)) {
        slot.retry_at = std::max(g.breaker.reopens_at(), now + std::chrono::seconds{1});
        continue;
      }
      Instant retry{};
      if (g.budget.take(now, retry) != CarrierBudget::Verdict::ok) {
        slot.retry_at = retry;
        continue;
      }
      sends.emplace_back(i, transport);
    }
  }
  std::size_t pending = sends.size();
  for (auto& [i, transport] : sends) {
    transport->poll_async(slots[i].shipment.tracking_number, [&, i = i](tracking::PollOutcome outcome) {
      std::lock_guard lock(done_mu);
      slots[i].outcome = std::move(outcome);
      if (--pending == 0) done_cv.notify_all();
    });
  }
  {
    std::unique_lock lock(done_mu);
    done_cv.wait(lock, [&] { return pending == 0; });
  }

  // Breakers learn from the answers; jitter for the failures.
  const Instant after = clock_.now();
  const bool over_lease = after - now >= options_.lease_for;
  if (over_lease && !warned_over_lease_.exchange(true))
    log::warn("a poll round outlasted its lease: another worker may have polled the same shipments; raise "
              "FOREWARN_POLL_LEASE_S",
              {{"round_s", std::chrono::duration<double>(after - now).count()},
               {"lease_s", std::chrono::duration<double>(options_.lease_for).count()}});
  if (metrics_) {
    if (over_lease) metrics_->count("forewarn_poll_rounds_over_lease_total", {});
    for (const auto& slot : slots)
      if (slot.outcome)
        metrics_->count("forewarn_polls_total",
                        {{"carrier", slot.shipment.carrier},
                         {"outcome", slot.outcome->ok() ? std::string("ok")
                                                        : std::string(tracking::to_string(slot.outcome->error().kind))}});
  }
  std::vector<double> jitter(slots.size(), 0.0);
  {
    std::lock_guard lock(gates_mu_);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (std::size_t i = 0; i < slots.size(); ++i) {
      jitter[i] = unit(rng_);
      const auto& slot = slots[i];
      if (!slot.outcome) continue;
      auto& g = gate(*tracking::carrier_from_string(slot.shipment.carrier), after);
      if (slot.outcome->ok() || !carrier_unwell(slot.outcome->error().kind)) g.breaker.success();
      else g.breaker.failure(after);
    }
  }

  // The round's news, and the next poll of each shipment: a deferred one when
  // its gate said so, a backoff after a failure, else the cadence of the state
  // its news left it in (record_tracking_round evaluates it).
  std::vector<db::TrackingNews> news;
  news.reserve(slots.size());
  PollerStats d;
  d.rounds = 1;
  d.over_lease = over_lease ? 1 : 0;
  for (const auto& slot : slots) {
    const auto& s = slot.shipment;
    db::TrackingNews n{s.tenant_id, s.id, s.carrier, nullptr, true, false};
    if (!slot.outcome) {
      ++d.deferred;
    } else if (slot.outcome->ok()) {
      ++d.polled;
      ++d.updated;
      n.result = result_for(slot.outcome->results(), s.tracking_number);
    } else {
      ++d.polled;
      if (slot.outcome->error().kind != tracking::PollErrorKind::not_found) {
        ++d.failures;
        n.failed = true;
      }
    }
    news.push_back(std::move(n));
  }
  const auto next_poll = [&](std::size_t i, const db::IngestResult& ingest) {
    const auto& slot = slots[i];
    const auto& s = slot.shipment;
    if (!slot.outcome) return slot.retry_at;
    if (slot.outcome->ok()) {
      const auto status = tracking::status_from_string(ingest.status).value_or(s.status);
      core::polling::ShipmentState state{status, at_risk(ingest.risk), deadline_of(s)};
      return core::polling::next_poll(state, after, salt_of(s.id), options_.cadence).value_or(after);
    }
    const auto& err = slot.outcome->error();
    if (err.kind == tracking::PollErrorKind::not_found) {
      // A label not scanned yet: the label cadence, not a failure.
      core::polling::ShipmentState state{tracking::Status::info_received, false, deadline_of(s)};
      return core::polling::next_poll(state, after, salt_of(s.id), options_.cadence).value_or(after);
    }
    std::optional<Duration> retry_after;
    if (err.retry_after) retry_after = std::chrono::duration_cast<Duration>(*err.retry_after);
    return core::polling::backoff_until(s.poll_failures + 1, after, jitter[i], retry_after, options_.backoff);
  };

  PollerStats delta;  // stays zero unless the round's transaction commits
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    PollerStats round = d;
    for (const auto& slot : slots) {
      if (!slot.outcome || slot.outcome->ok() || slot.outcome->error().kind != tracking::PollErrorKind::malformed)
        continue;
      const auto& s = slot.shipment;
      const auto& err = slot.outcome->error();
      db::record_carrier_fault(tx, s.tenant_id, s.id, s.carrier, std::string(tracking::to_string(err.kind)),
                               err.reason, err.carrier_code, err.raw_body, after);
    }
    for (const auto& r : db::record_tracking_round(tx, news, options_.worker, next_poll, after, options_.messaging)) {
      round.new_events += static_cast<std::uint64_t>(r.new_events);
      if (r.lease_lost) ++round.lost_leases;
    }
    tx.commit();
    delta = round;  // only a committed round counts
  });

  std::lock_guard lock(stats_mu_);
  stats_.rounds += delta.rounds;
  stats_.polled += delta.polled;
  stats_.updated += delta.updated;
  stats_.new_events += delta.new_events;
  stats_.failures += delta.failures;
  stats_.deferred += delta.deferred;
  stats_.lost_leases += delta.lost_leases;
  stats_.over_lease += delta.over_lease;
  if (metrics_ && delta.lost_leases) metrics_->count("forewarn_poll_leases_lost_total", {}, double(delta.lost_leases));
  return slots.size();
}

}  // namespace forewarn::poller
