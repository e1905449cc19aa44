// Operator commands: migrate, tenant ..., import-history, db ..., routes, config.
#include <cstdio>
#include <cstdlib>

#include <pqxx/pqxx>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "core/api_key.hpp"
#include "core/checkout.hpp"
#include "core/promise/history.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"

namespace forewarn::app {

namespace {

int usage(const char* text) {
  std::fprintf(stderr, "usage: %s\n", text);
  return 2;
}

}  // namespace

int cmd_migrate(const Args&) {
  return with_database([](pqxx::work&, const Clock&) { return 0; });
}

int cmd_tenant(const Args& args) {
  const char* help =
      "forewarn tenant create NAME [--label TEXT] | list | create-key TENANT [--label TEXT] | keys TENANT | revoke-key PREFIX";
  if (args.empty()) return usage(help);
  const std::string& sub = args[0];
  std::string label;
  for (size_t i = 1; i + 1 < args.size(); ++i)
    if (args[i] == "--label") label = args[i + 1];

  auto new_key = [&](pqxx::work& tx, const std::string& tenant_id, const Clock& clock) {
    const auto key = crypto::generate_api_key();
    db::insert_api_key(tx, tenant_id, key.prefix, crypto::hex(key.secret_hash), label, clock.now());
    return key;
  };

  if (sub == "create") {
    if (args.size() < 2 || args[1].empty() || args[1].size() > 200) return usage(help);
    return with_database([&](pqxx::work& tx, const Clock& clock) {
      const std::string id = db::insert_tenant(tx, args[1], clock.now());
      const auto key = new_key(tx, id, clock);
      std::printf("tenant %s created: %s\napi key (shown once, store it now): %s\n", args[1].c_str(), id.c_str(),
                  key.token.c_str());
      return 0;
    });
  }
  if (sub == "list") {
    return with_database([&](pqxx::work& tx, const Clock&) {
      for (const auto& t : db::list_tenants(tx))
        std::printf("%s  %-30s  created %s  active keys %lld\n", t.id.c_str(), t.name.c_str(), t.created_at.c_str(),
                    t.active_keys);
      return 0;
    });
  }
  if (sub == "create-key" || sub == "keys") {
    if (args.size() < 2) return usage(help);
    return with_database([&](pqxx::work& tx, const Clock& clock) {
      const auto tenant = db::find_tenant(tx, args[1]);
      if (!tenant) {
        std::fprintf(stderr, "forewarn: no tenant %s\n", args[1].c_str());
        return 1;
      }
      if (sub == "keys") {
        for (const auto& k : db::list_api_keys(tx, tenant->id))
          std::printf("%s  %-20s  created %s  %s\n", k.prefix.c_str(), k.label.c_str(), k.created_at.c_str(),
                      k.revoked_at.empty() ? "active" : ("revoked " + k.revoked_at).c_str());
        return 0;
      }
      const auto key = new_key(tx, tenant->id, clock);
      std::printf("api key (shown once, store it now): %s\n", key.token.c_str());
      return 0;
    });
  }
  if (sub == "revoke-key") {
    if (args.size() < 2) return usage(help);
    // Accept the prefix or the whole key.
    std::string prefix = args[1];
    if (auto parts = parse_api_key(prefix)) prefix = parts->prefix;
    return with_database([&](pqxx::work& tx, const Clock& clock) {
      if (!db::revoke_api_key(tx, prefix, clock.now())) {
        std::fprintf(stderr, "forewarn: no active key with prefix %s\n", prefix.c_str());
        return 1;
      }
      std::printf("key %s revoked\n", prefix.c_str());
      return 0;
    });
  }
  return usage(help);
}

// forewarn import-history --tenant TENANT FILE: the delivered shipments of a
// CSV (core/promise/history.hpp) in one transaction: a bad row imports nothing.
int cmd_import_history(const Args& args) {
  const char* help = "forewarn import-history --tenant TENANT FILE   (a CSV of delivered shipments, see the README)";
  std::string tenant_arg, file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--tenant" && i + 1 < args.size()) tenant_arg = args[++i];
    else if (args[i].rfind("--", 0) == 0 || !file.empty()) return usage(help);
    else file = args[i];
  }
  if (tenant_arg.empty() || file.empty()) return usage(help);
  const auto text = read_file(file);
  if (!text) {
    std::fprintf(stderr, "forewarn: cannot read %s\n", file.c_str());
    return 1;
  }

  return with_database([&](pqxx::work& tx, const Clock& clock) {
    const auto tenant = db::find_tenant(tx, tenant_arg);
    if (!tenant) {
      std::fprintf(stderr, "forewarn: no tenant %s\n", tenant_arg.c_str());
      return 1;
    }
    TenantSnapshot known;  // the tenant's services, resolved as the checkout resolves them
    known.services = snapshot_services(db::all_carrier_services(tx, tenant->id));
    core::promise::HistoryContext context;
    context.is_service = [&](const std::string& id) { return resolve_service(known, id).has_value(); };
    for (const auto& w : db::all_warehouses(tx, tenant->id)) context.warehouses[w.id] = {w.country, w.postal_code};

    const auto parsed = core::promise::parse_history_csv(*text, context);
    if (parsed.error) {
      std::fprintf(stderr, "forewarn: %s: %s\nforewarn: nothing was imported\n", file.c_str(),
                   core::promise::to_string(*parsed.error).c_str());
      return 1;
    }
    const auto result = db::insert_delivery_history(tx, tenant->id, parsed.rows, clock.now());
    std::printf("imported %zu deliveries for tenant %s: %zu new, %zu already imported\n", parsed.rows.size(),
                tenant->id.c_str(), result.added, result.present);
    return 0;
  });
}

int cmd_db(const Args& args) {
  const char* help = "forewarn db start [DATABASE] | stop | status | url [DATABASE]   (the embedded cluster)";
  if (args.empty()) return usage(help);
  const Config config = load_config_or_exit();
  setup_clock_and_logs(config);
  if (config.db.url) {
    std::fprintf(stderr, "forewarn: FOREWARN_DATABASE_URL is set; the embedded cluster is not in use\n");
    return 1;
  }
  try {
    db::EmbeddedPostgres pg(config.db.data_dir, config.db.pg_bindir);
    const std::string database = args.size() > 1 ? args[1] : "forewarn";
    if (args[0] == "start") {
      std::printf("%s\n", pg.ensure_running(database).c_str());
      pg.detach();  // leave it running for the processes that follow
      return 0;
    }
    if (args[0] == "stop") {
      pg.stop(true);
      return 0;
    }
    if (args[0] == "status") {
      const bool up = pg.is_running();
      std::printf("%s\n", up ? "running" : "stopped");
      return up ? 0 : 3;
    }
    if (args[0] == "url") {
      std::printf("%s\n", pg.uri(database).c_str());
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "forewarn: %s\n", e.what());
    return 1;
  }
  return usage(help);
}

int cmd_routes(const Args&) {
  const http::Router router = http::make_router();
  for (const auto& r : router.routes()) std::printf("%s %s\n", r.method.c_str(), r.pattern.c_str());
  return 0;
}

int cmd_config(const Args& args) {
  if (!args.empty() && args[0] == "check") {
    load_config_or_exit();
    std::printf("configuration ok\n");
    return 0;
  }
  if (!args.empty() && args[0] == "values") {
    // The effective value of every variable; secrets are masked.
    load_config_or_exit();
    for (const auto& v : config_variables()) {
      const char* value = std::getenv(v.name);
      if (value) std::printf("%s=%s\n", v.name, displayed_value(v.name, value).c_str());
      else std::printf("%s=%s (default)\n", v.name, v.default_value);
    }
    return 0;
  }
  std::printf("| variable | default | meaning |\n|---|---|---|\n");
  for (const auto& v : config_variables()) std::printf("| `%s` | `%s` | %s |\n", v.name, v.default_value, v.description);
  return 0;
}

}  // namespace forewarn::app
