// `forewarn demo` (issue 6): a private PostgreSQL, forewarn serve, the
// simulated carriers, a local SMTP server and the SMS provider fake, all on
// one accelerated clock; a tenant set up through the real HTTP API; a season
// (core/demo/season.hpp) replayed as a storefront and a warehouse would; then
// every message and the carriers' ground truth read back into a SeasonData,
// and the report (core/report/report.hpp) written. docs/demo.md.
#pragma once

#include <cstdint>
#include <string>

namespace forewarn::demo {

struct DemoOptions {
  std::uint64_t seed = 1;
  std::string from = "2026-12-01", to = "2026-12-27";  // inclusive
  int orders = 2400;
  std::string out = "demo-report";
  std::string data_dir = ".forewarn-demo";  // the demo's own PostgreSQL cluster
  bool exit_at_end = false;
  int port = 8080;              // forewarn serve's; 0: any free one
  double replay_seconds = 100;  // real seconds the season's days take
  int clients = 8;              // HTTP clients of the storefront and warehouse
};

// Runs the whole demo; returns the exit status.
int run_demo(const DemoOptions& options);

}  // namespace forewarn::demo
