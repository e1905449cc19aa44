// `forewarn sim-carrier --scenario FILE [--port N] [--seed S] [--threads N] [--list]`:
// the simulated UPS, FedEx, USPS and DHL APIs on 127.0.0.1 (docs/sim-carrier.md).
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "sim/server.hpp"
#include "sim/world.hpp"

namespace forewarn::app {

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: forewarn sim-carrier --scenario FILE [--port N] [--seed S] [--threads N] [--list]\n"
               "  serves the UPS, FedEx, USPS and DHL token and tracking APIs on 127.0.0.1;\n"
               "  prints {\"listening\": PORT} on stdout once it accepts connections.\n"
               "  --list prints the scenario's shipments (one JSON object a line) and exits.\n");
  return 2;
}

bool whole_number(const std::string& s, long long lo, long long hi, long long& out) {
  try {
    std::size_t used = 0;
    out = std::stoll(s, &used);
    return used == s.size() && out >= lo && out <= hi;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int cmd_sim_carrier(const Args& args) {
  std::string scenario_path;
  long long port = 0, seed = -1, threads = 256;
  bool list = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--scenario" && has_value) scenario_path = args[++i];
    else if (a == "--port" && has_value) {
      if (!whole_number(args[++i], 0, 65535, port)) return usage();
    } else if (a == "--seed" && has_value) {
      if (!whole_number(args[++i], 0, 1LL << 53, seed)) return usage();
    } else if (a == "--threads" && has_value) {
      if (!whole_number(args[++i], 1, 4096, threads)) return usage();
    } else if (a == "--list") list = true;
    else return usage();
  }
  if (scenario_path.empty()) return usage();

  // Blocked before any thread starts, so that only the waiter below sees them.
  const sigset_t signals = block_shutdown_signals();

  const Config config = load_config_or_exit();
  auto clock = setup_clock_and_logs(config);

  std::ifstream in(scenario_path);
  if (!in) {
    std::fprintf(stderr, "forewarn sim-carrier: cannot read %s\n", scenario_path.c_str());
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  // The default ship date: the clock's current UTC date.
  const core::calendar::Day today{std::chrono::floor<date::days>(clock->now()).time_since_epoch()};
  auto parsed = sim::parse_scenario(text.str(), today);
  if (!parsed.scenario) {
    for (const auto& e : parsed.errors) std::fprintf(stderr, "forewarn sim-carrier: %s: %s\n", scenario_path.c_str(), e.c_str());
    return 2;
  }
  if (seed >= 0) parsed.scenario->seed = static_cast<std::uint64_t>(seed);

  try {
    const sim::World world(std::move(*parsed.scenario));
    if (list) {
      for (std::size_t i = 0; i < world.size(); ++i) std::printf("%s\n", sim::describe(world, world.at(i)).dump().c_str());
      return 0;
    }
    sim::Server server(world, clock, sim::ServerOptions{"127.0.0.1", static_cast<int>(port), static_cast<int>(threads)});
    return serve_sim_until_signal(server, "sim-carrier", port, signals);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "forewarn sim-carrier: %s\n", e.what());
    return 1;
  }
}

}  // namespace forewarn::app
