// `forewarn demo [--seed N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--orders N]
// [--out DIR] [--exit] [--port P] [--data-dir DIR] [--replay-seconds S]`:
// the season replay of issue 6 (service/demo/replay.hpp, docs/demo.md).
#include <cstdio>
#include <string>

#include "app/commands.hpp"
#include "demo/replay.hpp"

namespace forewarn::app {

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: forewarn demo [--seed N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--orders N] [--out DIR]\n"
               "                     [--exit] [--port P] [--data-dir DIR] [--replay-seconds S] [--clients N]\n"
               "  replays a holiday season (default seed 1, 2026-12-01 to 2026-12-27, 2400 orders) through forewarn\n"
               "  with simulated carriers, a local SMTP server and an SMS provider fake, writes report.html and\n"
               "  report.json into DIR (default demo-report), then keeps forewarn serving on port P (default 8080)\n"
               "  until Ctrl-C; --exit stops instead. The PostgreSQL cluster lives in --data-dir (.forewarn-demo).\n");
  return 2;
}

bool number(const std::string& s, double lo, double hi, double& out) {
  try {
    std::size_t used = 0;
    out = std::stod(s, &used);
    return used == s.size() && out >= lo && out <= hi;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int cmd_demo(const Args& args) {
  demo::DemoOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has = i + 1 < args.size();
    double v = 0;
    if (a == "--exit") o.exit_at_end = true;
    else if (a == "--seed" && has && number(args[i + 1], 0, 9e15, v)) o.seed = static_cast<std::uint64_t>(v), ++i;
    else if (a == "--orders" && has && number(args[i + 1], 1, 200000, v)) o.orders = static_cast<int>(v), ++i;
    else if (a == "--port" && has && number(args[i + 1], 0, 65535, v)) o.port = static_cast<int>(v), ++i;
    else if (a == "--replay-seconds" && has && number(args[i + 1], 5, 86400, v)) o.replay_seconds = v, ++i;
    else if (a == "--clients" && has && number(args[i + 1], 1, 64, v)) o.clients = static_cast<int>(v), ++i;
    else if (a == "--from" && has) o.from = args[++i];
    else if (a == "--to" && has) o.to = args[++i];
    else if (a == "--out" && has) o.out = args[++i];
    else if (a == "--data-dir" && has) o.data_dir = args[++i];
    else return usage();
  }
  return demo::run_demo(o);
}

}  // namespace forewarn::app
