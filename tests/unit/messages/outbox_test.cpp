// plan_outbox: from one change's intents to the outbox rows (channel,
// preferences, quiet hours in the addressee's zone, rendering).
#include <doctest/doctest.h>

#include "core/messages/outbox.hpp"
#include "messages_support.hpp"

using namespace msg_test;

namespace {

struct Case {
  std::vector<Shipment> shipments;
  std::vector<msg::MessageIntent> intents;
  msg::Policy policy = gift_policy();
  std::map<std::string, forewarn::Preferences> prefs;

  // Five gift boxes for Maria (New York), all warned at `now`.
  Case(Instant now, Contact purchaser) {
    const char* zones[] = {"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                           "America/Los_Angeles"};
    const char* names[] = {"Ada", "Bea", "Cal", "Dot", "Eli"};
    for (int i = 0; i < 5; ++i) {
      const std::string id = std::string("box-") + names[i];
      shipments.push_back(shipment_for(id, purchaser, {contact(names[i], std::string(names[i]) + "@example.net", zones[i])}));
      const auto a = risk::assess(gift_situation(id, zones[i], now, 5), risk::RiskRules{}, now);
      for (auto& in : msg::decide(shipments.back(), std::nullopt, a, {}, policy, now)) intents.push_back(in);
    }
  }

  msg::OutboxPlan plan(Instant now) {
    msg::OutboxInputs in;
    in.policy = &policy;
    in.brand_name = "Sweet Crumbs";
    in.preferences = [this](const std::string& address) -> std::optional<forewarn::Preferences> {
      const auto it = prefs.find(address);
      if (it == prefs.end()) return std::nullopt;
      return it->second;
    };
    in.unsubscribe_url = [](const std::string& address) { return "https://fw.example/unsubscribe/" + address; };
    return msg::plan_outbox(intents, shipments, in, now);
  }
};

Contact maria(const char* email = "Maria@Example.com") {
  Contact c = contact("Maria", email);
  c.phone = "+12125550123";
  c.locale = "fi-FI";
  return c;
}

}  // namespace

TEST_CASE("outbox: five gift warnings become one e-mail to the purchaser, rendered in her language") {
  const Instant now = local("America/New_York", "2026-12-18", 15, 0);
  Case c(now, maria());
  REQUIRE(c.intents.size() == 5);
  const auto plan = c.plan(now);
  REQUIRE(plan.messages.size() == 1);
  const auto& m = plan.messages.front();
  CHECK(m.channel == "email");
  CHECK(m.address == "maria@example.com");
  CHECK(m.contact_ref == "purchaser");
  CHECK(m.locale == "fi-FI");
  CHECK(m.time_zone == "America/New_York");
  CHECK(m.send_at == now);
  CHECK(!m.suppressed);
  CHECK(m.planned.lines.size() == 5);
  CHECK(m.tier == "standard");
  CHECK(!m.subject.empty());
  for (const char* name : {"Ada", "Bea", "Cal", "Dot", "Eli"}) CHECK(m.body_text.find(name) != std::string::npos);
  CHECK(m.body_text.find("https://fw.example/unsubscribe/maria@example.com") != std::string::npos);
  CHECK(m.body_html.find("<") != std::string::npos);
}

TEST_CASE("outbox: e-mail turned off goes by SMS; opted out everywhere is suppressed, not dropped") {
  const Instant now = local("America/New_York", "2026-12-18", 15, 0);
  Case c(now, maria());
  forewarn::Preferences no_email;
  no_email.email = false;
  c.prefs["maria@example.com"] = no_email;
  auto plan = c.plan(now);
  REQUIRE(plan.messages.size() == 1);
  CHECK(plan.messages[0].channel == "sms");
  CHECK(plan.messages[0].address == "+12125550123");
  CHECK(plan.messages[0].subject.empty());
  CHECK(!plan.messages[0].body_text.empty());
  CHECK(!plan.messages[0].suppressed);

  forewarn::Preferences out;
  out.opted_out = true;
  c.prefs["+12125550123"] = out;
  plan = c.plan(now);
  REQUIRE(plan.messages.size() == 1);
  REQUIRE(plan.messages[0].suppressed);
  CHECK(*plan.messages[0].suppressed == "opted_out");
}

TEST_CASE("outbox: a change at 23:00 in the addressee's zone waits for the end of her quiet hours") {
  // 23:00 in New York on 18 Dec; Maria's own window ends at 07:30.
  const Instant now = local("America/New_York", "2026-12-18", 23, 0);
  Case c(now, maria());
  forewarn::Preferences quiet;
  quiet.quiet_hours = {"22:00", "07:30"};
  c.prefs["maria@example.com"] = quiet;
  const auto plan = c.plan(now);
  REQUIRE(plan.messages.size() == 1);
  CHECK(plan.messages[0].send_at == local("America/New_York", "2026-12-19", 7, 30));
}

TEST_CASE("outbox: a warning the quiet hours would send after its deadline is not queued") {
  // 22:00 in New York on Christmas Eve: Maria's quiet hours (21:00-08:00)
  // would send "won't arrive by the 24th" on the morning of the 25th.
  const Instant late = local("America/New_York", "2026-12-24", 22, 0);
  Case c(late, maria());
  REQUIRE(c.intents.size() == 5);
  REQUIRE(c.intents.front().kind == msg::MessageKind::will_miss_deadline);
  auto plan = c.plan(late);
  CHECK(plan.messages.empty());
  REQUIRE(plan.not_queued.size() == 1);
  CHECK(plan.not_queued[0].find("will_miss_deadline about shipment box-Ada, box-Bea") == 0);
  CHECK(plan.not_queued[0].find("America/New_York") != std::string::npos);
  CHECK(plan.warnings.empty());

  // Her own window ending at 06:00 does not help: still after the deadline.
  forewarn::Preferences early_riser;
  early_riser.quiet_hours = {"21:00", "06:00"};
  c.prefs["maria@example.com"] = early_riser;
  CHECK(c.plan(late).messages.empty());

  // Her window starting at 23:00: 22:00 is not quiet, it goes now.
  forewarn::Preferences night_owl;
  night_owl.quiet_hours = {"23:00", "08:00"};
  c.prefs["maria@example.com"] = night_owl;
  plan = c.plan(late);
  REQUIRE(plan.messages.size() == 1);
  CHECK(plan.messages[0].send_at == late);

  // A tenant that allows the urgent exception sends it at once.
  c.prefs.clear();
  c.policy.quiet_hours.urgent_exception = true;
  plan = c.plan(late);
  REQUIRE(plan.messages.size() == 1);
  CHECK(plan.messages[0].send_at == late);
  CHECK(plan.not_queued.empty());

  // Decided at 23:00 on the 22nd, the same warning waits for 08:00 on the
  // 23rd, well before the deadline: queued.
  const Instant earlier = local("America/New_York", "2026-12-22", 23, 0);
  Case d(earlier, maria());
  plan = d.plan(earlier);
  REQUIRE(plan.messages.size() == 1);
  CHECK(plan.messages[0].send_at == local("America/New_York", "2026-12-23", 8, 0));
  CHECK(plan.not_queued.empty());
  // It carries the latest of its five deadlines (Los Angeles') for the
  // dispatcher, which cancels it if it is still unsent then.
  CHECK(plan.messages[0].stale_at == christmas_eve("America/Los_Angeles", earlier));
  CHECK(christmas_eve("America/Los_Angeles", earlier) > christmas_eve("America/New_York", earlier));
}
