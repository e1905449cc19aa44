// forewarn: one binary, several commands.
#include <cstdio>
#include <cstring>
#include <map>

#include "app/commands.hpp"

namespace {

struct Command {
  int (*run)(const forewarn::app::Args&);
  const char* help;
};

const std::map<std::string, Command>& commands() {
  using namespace forewarn::app;
  static const std::map<std::string, Command> all = {
      {"demo", {cmd_demo, "replay a holiday season end to end (simulated carriers, SMTP, SMS) and write its report"}},
      {"serve", {cmd_serve, "run the HTTP service (applies migrations first)"}},
      {"quickstart", {cmd_quickstart, "create the first tenant and a key, then serve"}},
      {"migrate", {cmd_migrate, "apply pending database migrations"}},
      {"tenant", {cmd_tenant, "create, list tenants; create, list, revoke API keys"}},
      {"import-history", {cmd_import_history, "import a CSV of delivered shipments for the learned transit model"}},
      {"db", {cmd_db, "start, stop, inspect the embedded PostgreSQL cluster"}},
      {"routes", {cmd_routes, "print the HTTP routes (METHOD PATH)"}},
      {"eval-promises", {cmd_eval_promises, "replay an Olist orders CSV walk-forward and score the promises"}},
      {"parse-tracking", {cmd_parse_tracking, "print the normalized form of a saved carrier response"}},
      {"sim-carrier", {cmd_sim_carrier, "serve simulated UPS, FedEx, USPS and DHL tracking APIs from a scenario"}},
      {"enqueue-test-messages", {cmd_enqueue_test_messages, "put N synthetic messages in a tenant's outbox (dispatch tests and bench/dispatch.sh)"}},
      {"sim-provider", {cmd_sim_provider, "serve simulated SendGrid, Postmark, Twilio and Vonage send APIs (tests, benchmarks)"}},
      {"report", {cmd_report, "recompute the season report (report.json, report.html) from a demo's season.json"}},
      {"config", {cmd_config, "print the configuration variables; 'config check' validates the environment; 'config values' shows the effective values, secrets masked"}},
  };
  return all;
}

int help(FILE* out) {
  std::fprintf(out, "forewarn: honest delivery promises and proactive delay messages\n\nusage: forewarn COMMAND [ARGS]\n\n");
  for (const auto& [name, c] : commands()) std::fprintf(out, "  %-12s %s\n", name.c_str(), c.help);
  std::fprintf(out, "\nConfiguration comes from FOREWARN_* environment variables: forewarn config\n");
  return out == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return help(stderr);
  const std::string name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") return help(stdout);
  if (name == "version" || name == "--version") {
    std::printf("forewarn %s\n", FOREWARN_VERSION);
    return 0;
  }
  auto it = commands().find(name);
  if (it == commands().end()) {
    std::fprintf(stderr, "forewarn: unknown command '%s'\n\n", name.c_str());
    return help(stderr);
  }
  return it->second.run(forewarn::app::Args(argv + 2, argv + argc));
}
