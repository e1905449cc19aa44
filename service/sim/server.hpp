// The HTTP side of `forewarn sim-carrier` (adapter, cpp-httplib): the UPS,
// FedEx, USPS and DHL token and tracking endpoints on their real paths and
// wire formats, answering from a World at the injected clock's `now`, with
// the scenario's faults; and a few /_sim/ endpoints for tests and benchmarks:
//   GET  /_sim/stats                      request and answer counters
//   GET  /_sim/shipments?offset=&limit=   the scenario's shipments (numbers, plans, final status)
//   GET  /_sim/shipment?tracking_number=  one shipment: spec, current view, final status
//   POST /_sim/advance?seconds=N          moves a fixed clock (FOREWARN_CLOCK=fixed:...) forward
//   POST /_sim/revoke-tokens              every token issued so far becomes invalid (401)
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "sim/world.hpp"

namespace forewarn::sim {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;       // 0: any free port
  int threads = 256;  // cpp-httplib serves one keep-alive connection per thread
};

// {"name","tracking_number","carrier","service","ship_date","plan","reason",
//  "final_status","final_reason","handover_delay_days","delay_days",
//  "first_scan_at","delivered_at","christmas_delay_days","weather"} (the
//  ground truth: when it really arrives, and why late): one shipment as /_sim/shipments and
// `forewarn sim-carrier --list` show it.
nlohmann::json describe(const World& world, const ShipmentSpec& s);

class Server {
 public:
  Server(const World& world, std::shared_ptr<Clock> clock, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds; returns the port, or -1.
  int bind();
  // Serves until stop().
  void run();
  void stop();

  nlohmann::json stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace forewarn::sim
