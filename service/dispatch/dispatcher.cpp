#include "dispatch/dispatcher.hpp"

#include <algorithm>
#include <set>

#include "core/messages/quiet_hours.hpp"
#include "core/time.hpp"
#include "dispatch/providers.hpp"
#include "platform/log.hpp"
#include "platform/system_clock.hpp"

namespace forewarn::dispatch {

namespace {

using core::dispatch::Outcome;

std::string config_text(const nlohmann::json& config, const char* key) {
  if (!config.is_object()) return "";
  const auto it = config.find(key);
  return it != config.end() && it->is_string() ? it->get<std::string>() : "";
}

Outcome outcome_of(clients::SendStatus s) {
  switch (s) {
    case clients::SendStatus::accepted: return Outcome::accepted;
    case clients::SendStatus::permanent_failure: return Outcome::permanent;
    case clients::SendStatus::transient_failure: return Outcome::transient;
  }
  return Outcome::transient;
}

clients::SendOutcome transient(std::string reason) {
  clients::SendOutcome o;
  o.status = clients::SendStatus::transient_failure;
  o.reason = std::move(reason);
  return o;
}

}  // namespace

Dispatcher::Dispatcher(db::Pool& pool, const Clock& clock, DispatcherOptions options, ProviderFactory factory,
                       platform::Metrics* metrics)
    : pool_(pool), clock_(clock), options_(std::move(options)), metrics_(metrics),
      factory_(std::move(factory)),
      rng_(std::hash<std::string>{}(options_.worker)) {
  if (metrics_) {
    metrics_->describe("forewarn_message_attempts_total", "counter",
                       "Message send attempts by provider kind and outcome (accepted, transient, permanent).");
    metrics_->describe("forewarn_messages_failed_total", "counter",
                       "Messages that failed for good (alert on it): permanent rejections and exhausted attempts.");
    metrics_->describe("forewarn_messages_suppressed_total", "counter",
                       "Due messages not sent because the recipient opted out or turned the channel off after they were queued.");
    metrics_->describe("forewarn_messages_held_total", "counter",
                       "Due messages given back unsent because the addressee's quiet hours had begun (sent when they end).");
    metrics_->describe("forewarn_messages_expired_total", "counter",
                       "Warnings cancelled unsent because they would have reached the shopper after the deadline they are about.");
  }
}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
  if (running_.exchange(true)) return;
  for (int t = 0; t < std::max(1, options_.threads); ++t) threads_.emplace_back([this] {
    while (running_.load()) {
      std::size_t leased = 0;
      try {
        leased = run_once();
      } catch (const std::exception& e) {
        log::warn("dispatch round failed; retrying", {{"error", e.what()}});
      }
      if (leased == 0) {
        std::unique_lock lock(wake_mu_);
        wake_.wait_for(lock, std::chrono::milliseconds{options_.idle_sleep_ms}, [this] { return !running_.load(); });
      }
    }
  });
}

void Dispatcher::stop() {
  if (!running_.exchange(false)) return;
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

DispatcherStats Dispatcher::stats() const {
  std::lock_guard lock(stats_mu_);
  return stats_;
}

void Dispatcher::refresh_routes(pqxx::work& tx, const std::string& tenant_id) {
  const long long now_ms = platform::monotonic_ms();
  {
    std::lock_guard lock(routes_mu_);
    auto it = tenants_.find(tenant_id);
    if (it != tenants_.end() && now_ms - it->second.loaded_ms < options_.provider_cache_ms) return;
  }
  const auto rows = db::list_tenant_providers(tx, tenant_id);
  std::lock_guard lock(routes_mu_);
  TenantRoutes& t = tenants_[tenant_id];
  std::map<std::pair<std::string, int>, std::shared_ptr<Route>> next;
  for (const auto& row : rows) {
    const auto key = std::make_pair(row.channel, row.priority);
    const auto old = t.routes.find(key);
    if (old != t.routes.end() && old->second->row.kind == row.kind && old->second->row.updated_at == row.updated_at) {
      next[key] = old->second;  // unchanged: keep its connections and its breaker
      continue;
    }
    auto route = std::make_shared<Route>(Route{row, nullptr, "", core::polling::CircuitBreaker(options_.breaker)});
    route->provider = std::shared_ptr<clients::MessageProvider>(factory_(row.kind, row.config, route->error));
    if (!route->provider)
      log::error("a message provider cannot be used", {{"tenant", tenant_id}, {"channel", row.channel},
                                                       {"priority", row.priority}, {"error", route->error}});
    next[key] = std::move(route);
  }
  t.routes = std::move(next);
  t.loaded_ms = now_ms;
}

std::vector<Dispatcher::Job> Dispatcher::lease_round(Instant now, DispatcherStats& d) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto leased = db::lease_due_messages(tx, options_.worker, now, options_.lease_for, options_.batch);
    const auto kept = std::remove_if(leased.begin(), leased.end(), [&](const db::LeasedMessage& m) {
      if (!m.suppressed) return false;
      ++d.suppressed;
      if (metrics_) metrics_->count("forewarn_messages_suppressed_total", {{"channel", m.channel}});
      log::info("message suppressed: the recipient's preferences forbid it now",
                {{"message_id", m.id}, {"tenant", m.tenant_id}, {"channel", m.channel}, {"why", *m.suppressed}});
      return true;
    });
    leased.erase(kept, leased.end());
    // Quiet hours again, now: a message planned for the evening that a retry,
    // a backlog or a stopped process carried into the night waits. A warning
    // about a deadline that is past, or that waiting would carry past it, is
    // cancelled instead (not one whose send was interrupted: that one may
    // have reached the provider, and goes again with its key).
    std::vector<db::HeldMessage> held;
    std::vector<db::ExpiredMessage> expired;
    const auto stale = [&](const db::LeasedMessage& m, Instant at) {
      if (!m.stale_at || m.interrupted || at <= *m.stale_at) return false;
      expired.push_back({m.tenant_id, m.id});
      ++d.expired;
      if (metrics_) metrics_->count("forewarn_messages_expired_total", {{"channel", m.channel}});
      log::info("message cancelled: it would reach the shopper after the deadline it is about",
                {{"message_id", m.id}, {"tenant", m.tenant_id}, {"kind", m.kind},
                 {"deadline", format_iso8601(*m.stale_at)}, {"send_at", format_iso8601(at)}});
      return true;
    };
    const auto awake = std::remove_if(leased.begin(), leased.end(), [&](const db::LeasedMessage& m) {
      if (stale(m, now)) return true;
      if (m.quiet_start < 0 || m.quiet_end < 0) return false;
      const date::time_zone* zone = find_time_zone(m.time_zone);
      if (!zone) return false;  // the decision checked the zone; a database edited by hand sends as before
      // A message carries useful_until only where the tenant allows the urgent exception.
      const core::messages::QuietHours window{std::chrono::minutes{m.quiet_start}, std::chrono::minutes{m.quiet_end},
                                              m.useful_until.has_value()};
      const auto until = core::messages::hold_until(now, options_.quiet_guard, *zone, window, m.useful_until);
      if (!until) return false;
      if (stale(m, *until)) return true;
      held.push_back({m.tenant_id, m.id, m.interrupted, *until});
      ++d.held;
      if (metrics_) metrics_->count("forewarn_messages_held_total", {{"channel", m.channel}});
      log::info("message held: quiet hours in the addressee's time zone",
                {{"message_id", m.id}, {"tenant", m.tenant_id}, {"until", format_iso8601(*until)}});
      return true;
    });
    leased.erase(awake, leased.end());
    db::hold_messages(tx, options_.worker, held);
    db::expire_messages(tx, options_.worker, expired, "expired: it would have reached the shopper after its deadline",
                        now);
    std::vector<Job> jobs;
    if (leased.empty()) {
      tx.commit();
      return jobs;
    }
    std::set<std::string> tenants;
    for (const auto& m : leased) tenants.insert(m.tenant_id);
    for (const auto& t : tenants) refresh_routes(tx, t);

    std::vector<db::AttemptStart> starts;
    {
      std::lock_guard lock(routes_mu_);
      for (auto& m : leased) {
        auto& routes = tenants_[m.tenant_id].routes;
        const auto primary = routes.find({m.channel, 1});
        const auto secondary = routes.find({m.channel, 2});
        Job job;
        if (primary != routes.end()) {
          core::dispatch::RouteInput in;
          in.has_secondary = secondary != routes.end();
          in.interrupted = m.interrupted;
          in.previous_priority = m.previous_priority;
          in.primary_failures = m.primary_failures;
          in.primary_open = !primary->second->breaker.allow(now);
          in.secondary_open = in.has_secondary && !secondary->second->breaker.allow(now);
          job.priority = core::dispatch::choose_provider(in, options_.retry);
          job.route = job.priority == 2 ? secondary->second : primary->second;
        }
        starts.push_back({m.tenant_id, m.id, m.attempt, job.route ? job.route->row.kind : "", job.priority,
                          m.interrupted});
        job.message = std::move(m);
        jobs.push_back(std::move(job));
      }
    }
    db::begin_attempts(tx, options_.worker, starts, now);
    tx.commit();
    return jobs;
  });
}

clients::OutgoingMessage Dispatcher::outgoing(const Job& job) const {
  const auto& m = job.message;
  const auto& config = job.route->row.config;
  clients::OutgoingMessage out;
  out.id = m.id;
  out.tenant_id = m.tenant_id;
  out.channel = m.channel == "sms" ? clients::Channel::sms : clients::Channel::email;
  out.from = config_text(config, "from");
  out.from_name = config_text(config, "from_name");
  out.reply_to = config_text(config, "reply_to");
  out.to = m.recipient_address;
  out.to_name = m.recipient_name;
  out.subject = m.subject;
  out.text = m.body_text;
  out.html = m.body_html;
  out.message_id_domain = config_text(config, "message_id_domain");
  if (out.message_id_domain.empty()) {
    const auto at = out.from.find('@');
    out.message_id_domain = at == std::string::npos ? "forewarn.invalid" : out.from.substr(at + 1);
  }
  out.list_unsubscribe_url = m.list_unsubscribe_url;
  out.metadata = {{"forewarn_message_id", m.id}, {"forewarn_tenant", m.tenant_id}};
  return out;
}

clients::SendOutcome Dispatcher::send(const Job& job) {
  const auto& m = job.message;
  if (!job.route) return transient("no " + m.channel + " provider is configured for this tenant");
  if (!job.route->provider) return transient(job.route->error);
  try {
    return job.route->provider->send(outgoing(job));
  } catch (const std::exception& e) {  // a provider reports failures as values; this is a bug, kept retryable
    return transient(std::string("provider error: ") + e.what());
  }
}

std::vector<clients::SendOutcome> Dispatcher::send_together(const std::vector<const Job*>& jobs) {
  std::vector<clients::OutgoingMessage> messages;
  messages.reserve(jobs.size());
  for (const Job* job : jobs) messages.push_back(outgoing(*job));
  try {
    auto outcomes = jobs.front()->route->provider->send_all(messages);
    if (outcomes.size() == jobs.size()) return outcomes;
  } catch (const std::exception& e) {
    return std::vector<clients::SendOutcome>(jobs.size(), transient(std::string("provider error: ") + e.what()));
  }
  return std::vector<clients::SendOutcome>(jobs.size(), transient("provider error: outcomes do not match the messages"));
}

Dispatcher::Step Dispatcher::prepare(const Job& job, const clients::SendOutcome& outcome, bool shutting_down) {
  const auto& m = job.message;
  const Instant now = clock_.now();
  const Outcome o = outcome_of(outcome.status);
  double unit = 0;
  {
    std::lock_guard lock(routes_mu_);
    unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    if (job.route && !shutting_down) {
      if (o == Outcome::transient) job.route->breaker.failure(now);
      else job.route->breaker.success();
    }
  }
  core::dispatch::Attempt a;
  a.outcome = o;
  a.priority = job.priority;  // 0: no provider was configured (not a failure of the primary)
  a.attempts = m.attempts_since_retry;
  a.primary_failures = m.primary_failures;
  if (outcome.retry_after) a.retry_after = std::chrono::duration_cast<Duration>(*outcome.retry_after);
  Step step;
  step.next = core::dispatch::after_attempt(a, now, unit, options_.retry);
  if (shutting_down) step.next = {"pending", now, m.primary_failures, false};

  db::SendRecord& r = step.record;
  r.tenant_id = m.tenant_id;
  r.message_id = m.id;
  r.attempt = m.attempt;
  r.provider = job.route ? job.route->row.kind : "";
  r.priority = job.priority;
  r.outcome = std::string(core::dispatch::to_string(o));
  r.code = outcome.code;
  r.reason = outcome.reason;
  r.provider_message_id = o == Outcome::accepted ? outcome.provider_message_id : "";
  r.status = step.next.status;
  r.next_attempt_at = step.next.next_attempt_at;
  r.primary_failures = step.next.primary_failures;
  return step;
}

std::vector<bool> Dispatcher::write(const std::vector<Step>& steps) {
  std::vector<db::SendRecord> records;
  records.reserve(steps.size());
  for (const auto& s : steps) records.push_back(s.record);
  const Instant now = clock_.now();
  return pool_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement: atomic on its own, committed when it returns
    return db::record_send_outcomes(tx, options_.worker, records, now);
  });
}

void Dispatcher::account(const Job& job, const Step& step, const clients::SendOutcome& outcome, bool kept,
                         DispatcherStats& d) {
  const auto& m = job.message;
  const auto& r = step.record;
  if (!kept) ++d.lost_leases;
  if (metrics_) metrics_->count("forewarn_message_attempts_total", {{"provider", r.provider}, {"outcome", r.outcome}});
  if (step.next.status == "sent") {
    ++d.sent;
  } else if (step.next.status == "failed") {
    ++d.failed;
    if (metrics_)
      metrics_->count("forewarn_messages_failed_total",
                      {{"channel", m.channel}, {"reason", step.next.exhausted ? "exhausted" : "permanent"}});
    log::error("message failed", {{"message_id", m.id},
                                  {"tenant", m.tenant_id},
                                  {"channel", m.channel},
                                  {"provider", r.provider},
                                  {"attempts", m.attempt},
                                  {"why", step.next.exhausted ? "attempts exhausted" : "permanent rejection"},
                                  {"reason", outcome.reason}});
  } else {
    ++d.retried;
    log::debug("message send will be retried", {{"message_id", m.id}, {"provider", r.provider},
                                                {"reason", outcome.reason},
                                                {"next_attempt_at", format_iso8601(step.next.next_attempt_at)}});
  }
}

std::size_t Dispatcher::run_once() {
  DispatcherStats d;
  std::vector<Job> jobs = lease_round(clock_.now(), d);
  if (jobs.empty()) {
    if (d.suppressed == 0 && d.held == 0 && d.expired == 0) return 0;
    std::lock_guard lock(stats_mu_);
    stats_.suppressed += d.suppressed;
    stats_.held += d.held;
    stats_.expired += d.expired;
    return d.suppressed + d.held + d.expired;  // work was done: look again at once
  }
  d.rounds = 1;
  d.leased = jobs.size();
  // The round's messages for a provider that takes the idempotency key go
  // out together; the others one by one (see the header).
  std::map<const Route*, std::vector<const Job*>> together;
  std::vector<const Job*> one_by_one;
  for (const auto& job : jobs) {
    if (job.message.interrupted) {
      ++d.interrupted;
      log::warn("message send was interrupted; sending again with the same idempotency key",
                {{"message_id", job.message.id}, {"attempt", job.message.attempt}});
    }
    if (job.route && job.route->provider && job.route->provider->idempotent()) together[job.route.get()].push_back(&job);
    else one_by_one.push_back(&job);
  }
  const auto stopping = [this] { return !running_.load() && !threads_.empty(); };
  const clients::SendOutcome not_sent = transient("not sent: this process is shutting down");
  std::size_t recorded = 0;
  try {
    for (const auto& [route, group] : together) {
      const bool stop = stopping();
      const auto outcomes = stop ? std::vector<clients::SendOutcome>(group.size(), not_sent) : send_together(group);
      std::vector<Step> steps;
      for (std::size_t k = 0; k < group.size(); ++k) steps.push_back(prepare(*group[k], outcomes[k], stop));
      const auto kept = write(steps);
      for (std::size_t k = 0; k < group.size(); ++k) account(*group[k], steps[k], outcomes[k], kept[k], d);
      recorded += group.size();
    }
    for (const Job* job : one_by_one) {
      const bool stop = stopping();
      const clients::SendOutcome outcome = stop ? not_sent : send(*job);
      const Step step = prepare(*job, outcome, stop);
      account(*job, step, outcome, write({step}).front(), d);
      ++recorded;
    }
  } catch (const std::exception& e) {
    // The database is unreachable: the rest of the batch stays leased and is
    // taken again when its lease runs out.
    log::warn("dispatch could not record an outcome", {{"error", e.what()}, {"unrecorded", jobs.size() - recorded}});
  }
  std::lock_guard lock(stats_mu_);
  stats_.rounds += d.rounds;
  stats_.leased += d.leased;
  stats_.sent += d.sent;
  stats_.retried += d.retried;
  stats_.failed += d.failed;
  stats_.interrupted += d.interrupted;
  stats_.lost_leases += d.lost_leases;
  stats_.suppressed += d.suppressed;
  stats_.held += d.held;
  stats_.expired += d.expired;
  return jobs.size() + d.suppressed + d.held + d.expired;
}

}  // namespace forewarn::dispatch
