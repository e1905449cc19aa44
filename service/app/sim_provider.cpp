// `forewarn sim-provider [--config FILE] [--port N] [--threads N] [--seed S]`:
// simulated SendGrid, Postmark, Twilio and Vonage send APIs on 127.0.0.1
// (docs/sim-provider.md).
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <thread>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "sim/provider_server.hpp"

namespace forewarn::app {

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: forewarn sim-provider [--config FILE] [--port N] [--threads N] [--seed S]\n"
               "  serves the SendGrid, Postmark, Twilio and Vonage send APIs on 127.0.0.1;\n"
               "  prints {\"listening\": PORT} on stdout once it accepts connections.\n");
  return 2;
}

bool number_arg(const std::string& s, long long lo, long long hi, long long& out) {
  char* end = nullptr;
  out = std::strtoll(s.c_str(), &end, 10);
  return !s.empty() && end && *end == '\0' && out >= lo && out <= hi;
}

}  // namespace

int cmd_sim_provider(const Args& args) {
  std::string config_path;
  long long port = 0, threads = 64, seed = -1;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--config" && has_value) config_path = args[++i];
    else if (a == "--port" && has_value) {
      if (!number_arg(args[++i], 0, 65535, port)) return usage();
    } else if (a == "--threads" && has_value) {
      if (!number_arg(args[++i], 1, 4096, threads)) return usage();
    } else if (a == "--seed" && has_value) {
      if (!number_arg(args[++i], 0, 1LL << 53, seed)) return usage();
    } else return usage();
  }

  const sigset_t signals = block_shutdown_signals();
  const Config config = load_config_or_exit();
  auto clock = setup_clock_and_logs(config);

  std::string text = "{}";
  if (!config_path.empty()) {
    auto content = read_file(config_path);
    if (!content) {
      std::fprintf(stderr, "forewarn sim-provider: cannot read %s\n", config_path.c_str());
      return 2;
    }
    text = std::move(*content);
  }
  auto parsed = sim::parse_provider_sim_config(text);
  if (!parsed.config) {
    for (const auto& e : parsed.errors) std::fprintf(stderr, "forewarn sim-provider: %s: %s\n", config_path.c_str(), e.c_str());
    return 2;
  }
  if (seed >= 0) parsed.config->seed = static_cast<std::uint64_t>(seed);

  try {
    sim::ProviderServer server(std::move(*parsed.config), clock,
                               sim::ProviderServerOptions{"127.0.0.1", static_cast<int>(port), static_cast<int>(threads)});
    return serve_sim_until_signal(server, "sim-provider", port, signals);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "forewarn sim-provider: %s\n", e.what());
    return 1;
  }
}

}  // namespace forewarn::app
