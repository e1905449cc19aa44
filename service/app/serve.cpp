#include <csignal>
#include <functional>
#include <cstdio>
#include <thread>

#include <unistd.h>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "http/server.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"
#include "platform/system_clock.hpp"
#include "dispatch/dispatcher.hpp"
#include "dispatch/providers.hpp"
#include "poller/assessor.hpp"
#include "poller/poller.hpp"

namespace forewarn::app {

namespace {

void describe_metrics(platform::Metrics& m, db::Pool& pool) {
  m.describe("forewarn_http_requests_total", "counter", "HTTP requests by route, method and status.");
  m.describe("forewarn_http_request_duration_seconds", "histogram", "HTTP request latency by route and method.");
  m.gauge("forewarn_db_pool_connections", "Database pool connections by state.", [&pool] {
    const auto s = pool.stats();
    return std::vector<std::pair<platform::Labels, double>>{
        {{{"state", "in_use"}}, double(s.in_use)}, {{{"state", "idle"}}, double(s.idle)},
        {{{"state", "waiting"}}, double(s.waiting)}};
  });
  m.gauge("forewarn_db_pool_size", "Configured size of the database pool.", [&pool] {
    return std::vector<std::pair<platform::Labels, double>>{{{}, static_cast<double>(pool.stats().size)}};
  });
  m.gauge("forewarn_messages", "Messages in the outbox by status (every tenant); alert on failed.", [&pool] {
    std::vector<std::pair<platform::Labels, double>> out;
    try {
      const auto counts = pool.run([](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        return db::count_messages_by_status(tx);
      });
      for (const auto& [status, n] : counts) out.push_back({{{"status", status}}, static_cast<double>(n)});
    } catch (const std::exception&) {  // the database is away: no samples this scrape
    }
    return out;
  });
  m.gauge("forewarn_build_info", "Build information.", [] {
    return std::vector<std::pair<platform::Labels, double>>{
        {{{"version", FOREWARN_VERSION}, {"compiler", FOREWARN_COMPILER}}, 1.0}};
  });
}

// Runs after migrations, before listening; returns an API key to print once.
using Prepare = std::function<std::string(Database&, const Clock&)>;

int serve(const Prepare& prepare) {
  const sigset_t signals = block_shutdown_signals();
  const Config config = load_config_or_exit();
  auto clock = setup_clock_and_logs(config);
  try {
    Database database(config);
    database.migrate(*clock);
    const std::string first_key = prepare ? prepare(database, *clock) : "";

    db::Pool pool({database.url(), config.db.pool_size, std::chrono::milliseconds(config.db.pool_timeout_ms),
                   config.db.statement_timeout_ms, config.db.connect_timeout_s});
    platform::Metrics metrics;
    describe_metrics(metrics, pool);
    http::Authenticator auth(pool, config.auth_cache_ms);
    http::RateLimiter limiter(config.rate_limit_rps, config.rate_limit_burst);
    http::TenantSnapshots snapshots(pool, config.snapshot_ttl_ms);
    core::promise::SlipConfig slip_config;
    slip_config.max_trend_per_day = config.slip_max_trend_per_day;
    http::TransitModels models(pool, clock, {}, slip_config);
    models.start(config.model_rebuild_ms);  // builds at once in the background; requests never wait for it
    char host[256] = "host";
    gethostname(host, sizeof host - 1);
    const std::string worker = std::string(host) + ":" + std::to_string(getpid());
    // The message dispatcher: sender threads lease due messages of the outbox
    // (shared with other replicas) and send them through the tenants' providers.
    dispatch::DispatcherOptions dispatch_options;
    dispatch_options.worker = worker;
    dispatch_options.threads = config.dispatch.threads;
    dispatch_options.batch = config.dispatch.batch;
    dispatch_options.lease_for = std::chrono::seconds{config.dispatch.lease_s};
    dispatch_options.idle_sleep_ms = config.dispatch.idle_ms;
    dispatch_options.provider_cache_ms = config.dispatch.provider_cache_ms;
    dispatch_options.quiet_guard = std::chrono::seconds{config.dispatch.quiet_guard_s};
    dispatch_options.retry.max_attempts = config.dispatch.max_attempts;
    dispatch_options.retry.failover_after = config.dispatch.failover_after;
    dispatch_options.retry.backoff = {std::chrono::milliseconds{config.dispatch.backoff_base_ms},
                                      std::chrono::milliseconds{config.dispatch.backoff_cap_ms}};
    dispatch::ProviderRegistry providers(*clock);
    dispatch::Dispatcher dispatcher(
        pool, *clock, dispatch_options,
        [&providers](const std::string& kind, const nlohmann::json& settings, std::string& error) {
          return providers.make(kind, settings, error);
        },
        &metrics);
    if (config.dispatch.enabled) dispatcher.start();
    http::Services services{config, clock, pool, metrics, auth, limiter, snapshots, models};
    const http::Router router = http::make_router();
    http::Server server(services, router);
    const int port = server.bind();
    if (port <= 0) {
      log::error("cannot listen", {{"host", config.http.host}, {"port", config.http.port}});
      return 1;
    }
    log::info("listening", {{"host", config.http.host}, {"port", port}, {"threads", config.http.threads},
                            {"tcp_nodelay", config.http.tcp_nodelay}});
    // The links in messages name the port really listened on (FOREWARN_HTTP_PORT=0 picks one).
    services.messaging.public_url =
        config.public_url.empty() ? "http://" + config.http.host + ":" + std::to_string(port) : config.public_url;
    // The polling scheduler: carrier transports over one libcurl multi client,
    // and the poller that leases due shipments (shared with other replicas).
    clients::CarrierTransports transports(config.carriers, *clock);
    poller::PollerOptions poll_options;
    poll_options.worker = worker;
    poll_options.messaging = services.messaging;
    poll_options.batch = config.poll_batch;
    poll_options.workers = config.poll_workers;
    poll_options.lease_for = std::chrono::seconds{config.poll_lease_s};
    poll_options.cadence.minimum = std::chrono::seconds{config.poll_min_interval_s};
    poll_options.budget.rate_per_s = config.carrier_rate_limit_rps;
    poll_options.budget.burst = 2.0 * config.carrier_rate_limit_rps;
    poll_options.budget.daily_quota = config.carrier_daily_quota;
    poller::Poller poller(pool, *clock, transports, poll_options, &metrics);
    if (config.poller) poller.start();
    // The sweep: time alone changes risk (poller/assessor.hpp); it runs with the poller.
    poller::AssessorOptions assess_options;
    assess_options.interval = std::chrono::seconds{config.assess_interval_s};
    assess_options.batch = config.assess_batch;
    assess_options.messaging = services.messaging;
    poller::Assessor assessor(pool, *clock, assess_options);
    if (config.poller) assessor.start();

    if (!first_key.empty()) {
      const std::string base = "http://" + config.http.host + ":" + std::to_string(port);
      std::printf(
          "\nforewarn is running at %s\n\n"
          "  API key of the tenant \"My shop\" (shown once, keep it):\n    %s\n\n"
          "  Try it:\n"
          "    curl -s %s/v1/warehouses -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\\n"
          "      -d '{\"name\":\"Main\",\"time_zone\":\"America/New_York\",\"country\":\"US\",\"cutoff_local\":\"14:00\"}'\n"
          "    curl -s %s/v1/warehouses -H 'Authorization: Bearer %s'\n\n"
          "  Press Ctrl-C to stop forewarn and its database.\n\n",
          base.c_str(), first_key.c_str(), base.c_str(), first_key.c_str(), base.c_str(), first_key.c_str());
      std::fflush(stdout);
    }

    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      log::info("shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
      server.stop();
      // In-flight requests get the grace period; then the process goes.
      const int grace = config.http.shutdown_grace_ms;
      std::thread([grace] {
        std::this_thread::sleep_for(std::chrono::milliseconds(grace));
        log::error("graceful shutdown took longer than the grace period; exiting");
        _exit(1);
      }).detach();
    });
    server.run();  // returns once stopped and the workers have finished
    waiter.join();
    assessor.stop();
    poller.stop();
    dispatcher.stop();
    models.stop();
    pool.close();
    log::info("stopped");
    return 0;  // `database` stops the embedded cluster if this process started it
  } catch (const std::exception& e) {
    log::error("cannot start", {{"error", e.what()}});
    return 1;
  }
}

}  // namespace

int cmd_serve(const Args&) { return serve(nullptr); }

int cmd_quickstart(const Args&) {
  // The first tenant ("My shop") and a fresh key for it, then serve.
  return serve([](Database& database, const Clock& clock) {
    pqxx::connection conn(database.url());
    pqxx::work tx(conn);
    auto existing = db::find_tenant(tx, "My shop");
    const std::string tenant_id = existing ? existing->id : db::insert_tenant(tx, "My shop", clock.now());
    const auto key = crypto::generate_api_key();
    db::insert_api_key(tx, tenant_id, key.prefix, crypto::hex(key.secret_hash), "quickstart", clock.now());
    tx.commit();
    return key.token;
  });
}

}  // namespace forewarn::app
