// `forewarn enqueue-test-messages`: puts N synthetic messages in a tenant's
// outbox through db::insert_message, the same function the decisions use, so
// that the dispatch tests and bench/dispatch.sh exercise the real path.
// Addresses are numbered: e-mail <prefix>-<i>@<domain>, SMS +1555<7 digits>.
// Running it twice with the same --prefix adds nothing (one message per episode).
#include <cstdio>
#include <string>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "db/store.hpp"

namespace forewarn::app {

int cmd_enqueue_test_messages(const Args& args) {
  const char* help =
      "forewarn enqueue-test-messages --tenant TENANT --count N [--channel email|sms] [--prefix P]\n"
      "                               [--domain example.test] [--first I]   (tests and benchmarks)";
  std::string tenant_arg, channel = "email", prefix = "test", domain = "example.test";
  long long count = 0, first = 0;
  try {
    for (size_t i = 0; i < args.size(); ++i) {
      const bool has_value = i + 1 < args.size();
      if (args[i] == "--tenant" && has_value) tenant_arg = args[++i];
      else if (args[i] == "--count" && has_value) count = std::stoll(args[++i]);
      else if (args[i] == "--first" && has_value) first = std::stoll(args[++i]);
      else if (args[i] == "--channel" && has_value) channel = args[++i];
      else if (args[i] == "--prefix" && has_value) prefix = args[++i];
      else if (args[i] == "--domain" && has_value) domain = args[++i];
      else {
        std::fprintf(stderr, "usage: %s\n", help);
        return 2;
      }
    }
  } catch (const std::exception&) {
    std::fprintf(stderr, "usage: %s\n", help);
    return 2;
  }
  if (tenant_arg.empty() || count <= 0 || count > 10000000 || first < 0 || (channel != "email" && channel != "sms")) {
    std::fprintf(stderr, "usage: %s\n", help);
    return 2;
  }
  return with_database([&](pqxx::work& tx, const Clock& clock) {
    const auto tenant = db::find_tenant(tx, tenant_arg);
    if (!tenant) {
      std::fprintf(stderr, "forewarn: no tenant %s\n", tenant_arg.c_str());
      return 1;
    }
    const Instant now = clock.now();
    long long created = 0;
    for (long long i = first; i < first + count; ++i) {
      db::NewMessage m;
      m.kind = "delay_apology";
      m.channel = channel;
      m.audience = "purchaser";
      m.contact_ref = "purchaser";
      m.recipient_name = "Test " + std::to_string(i);
      if (channel == "email") {
        m.recipient_address = prefix + "-" + std::to_string(i) + "@" + domain;
      } else {
        char phone[32];
        std::snprintf(phone, sizeof phone, "+1555%07lld", i % 10000000);
        m.recipient_address = phone;
      }
      m.episode_key = "test:" + prefix + ":" + std::to_string(i);
      m.subject = "Your parcel is running late (" + std::to_string(i) + ")";
      m.body_text = "We are sorry: your parcel will arrive a day later than we promised. Test message " +
                    std::to_string(i) + ".";
      if (channel == "email") m.body_html = "<p>" + m.body_text + "</p>";
      m.send_at = now;
      if (db::insert_message(tx, tenant->id, m, now).created) ++created;
    }
    std::printf("enqueued %lld %s messages for tenant %s (%lld were there already)\n", created, channel.c_str(),
                tenant->id.c_str(), count - created);
    return 0;
  });
}

}  // namespace forewarn::app
