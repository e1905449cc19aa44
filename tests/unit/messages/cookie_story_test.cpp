// The cookie-gift story of DEVELOPERS.md: five gift boxes ordered on Friday
// 18 Dec 2026 at 15:00 from a New York bakery with a five-day backlog, sent
// UPS 2nd Day Air to five recipients in five states, for Christmas Eve. The
// purchaser must get ONE honest message, on 18 Dec, naming the recipients
// whose gift will not be there and what can still be done.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "messages_support.hpp"

using namespace msg_test;

namespace {

struct Sent {
  Instant decided_at;
  Instant send_at;
  msg::PlannedMessage message;
};

struct Story {
  std::vector<Shipment> shipments;
  std::vector<risk::Situation> situations;
  msg::Policy policy = gift_policy();
  risk::RiskRules rules;

  explicit Story(int backlog_days) {
    const Instant order = local("America/New_York", "2026-12-18", 15, 0);
    const std::pair<const char*, const char*> people[] = {{"Ada", "America/New_York"},
                                                          {"Bea", "America/Chicago"},
                                                          {"Cal", "America/Denver"},
                                                          {"Dot", "America/Phoenix"},
                                                          {"Eli", "America/Los_Angeles"}};
    const Contact purchaser = contact("Maria", "Maria@Example.com");
    for (const auto& [name, tz] : people) {
      const std::string id = std::string("box-") + name;
      shipments.push_back(shipment_for(id, purchaser, {contact(name, std::string(name) + "@example.net", tz)}));
      situations.push_back(gift_situation(id, tz, order, backlog_days));
    }
  }

  // Runs assess → decide → group every `step` from `from` to `to` (nothing
  // is ever scanned: the boxes wait in the backlog). Returns every planned
  // message.
  std::vector<Sent> run(Instant from, Instant to, std::chrono::minutes step) {
    std::vector<Sent> sent;
    std::vector<std::optional<risk::Assessment>> previous(shipments.size());
    std::vector<std::vector<msg::Episode>> episodes(shipments.size());
    for (Instant now = from; now <= to; now += step) {
      std::vector<msg::MessageIntent> intents;
      for (std::size_t i = 0; i < shipments.size(); ++i) {
        const auto next = risk::assess(situations[i], rules, now);
        for (auto& in : msg::decide(shipments[i], previous[i], next, episodes[i], policy, now)) {
          episodes[i].push_back(msg::episode_of(in));
          intents.push_back(std::move(in));
        }
        previous[i] = next;
      }
      auto planned = msg::group_for_purchaser(intents, shipments);
      msg::apply_remedies(planned, policy, 100.0);
      for (auto& m : planned) {
        const Instant at = msg::plan_send_at(m, *zone("America/New_York"), policy, now);
        sent.push_back({now, at, std::move(m)});
      }
    }
    return sent;
  }
};

// The story from 18 Dec 15:00 to 26 Dec 23:00, one evaluation an hour:
// exactly one message, a will_miss_deadline decided on 18 Dec.
Sent the_one_message(int backlog_days) {
  Story story(backlog_days);
  const auto sent = story.run(local("America/New_York", "2026-12-18", 15, 0),
                              local("America/New_York", "2026-12-26", 23, 0), std::chrono::hours{1});
  REQUIRE(sent.size() == 1);
  CHECK(sent.front().message.kind == msg::MessageKind::will_miss_deadline);
  CHECK(date::floor<date::days>(zone("America/New_York")->to_local(sent.front().decided_at)) ==
        day("2026-12-18"));
  return sent.front();
}


}  // namespace

TEST_CASE("cookie gifts with a five-day backlog: one will_miss message to the purchaser, on 18 Dec") {
  const Sent sent = the_one_message(5);
  const auto& m = sent.message;
  CHECK(m.audience == msg::Audience::purchaser);
  CHECK(m.addressee.name == "Maria");
  CHECK(sent.decided_at == local("America/New_York", "2026-12-18", 15, 0));
  CHECK(sent.send_at == sent.decided_at);  // 15:00 in New York: not quiet hours
  REQUIRE(m.lines.size() == 5);
  std::vector<std::string> names;
  for (const auto& line : m.lines) {
    names.push_back(line.recipient_name);
    CHECK(line.intent.facts.will_miss);
    CHECK(line.intent.facts.deadline_name == "Christmas Eve");
    CHECK(line.intent.facts.deadline_day == day("2026-12-24"));
    CHECK(line.intent.facts.probability == doctest::Approx(0.0));
    // The backlog hands the boxes over on 29 Dec (25 Dec is a holiday): they
    // arrive on 31 Dec at the earliest; the honest estimate says so.
    REQUIRE(line.intent.facts.new_estimate);
    CHECK(*line.intent.facts.new_estimate >= day("2026-12-31"));
    CHECK(std::find(line.intent.reasons.begin(), line.intent.reasons.end(), "handover_too_late") !=
          line.intent.reasons.end());
  }
  CHECK(names == std::vector<std::string>{"Ada", "Bea", "Cal", "Dot", "Eli"});
  // What can be done: no UPS service makes it from a 29 Dec hand-over, so no
  // faster service is offered; an e-gift, a printable card, or cancelling.
  std::vector<msg::OptionKind> options;
  for (const auto& o : m.options) options.push_back(o.kind);
  CHECK(options == std::vector<msg::OptionKind>{msg::OptionKind::egift, msg::OptionKind::printable_card,
                                                msg::OptionKind::cancel});
  CHECK(m.episode_keys.size() == 5);

  const auto data = msg::to_template_data(m, {}, gift_policy());
  CHECK(data["gift"] == true);
  CHECK(data["shipment_count"] == 5);
  CHECK(data["shipments"][4]["recipient_name"] == "Eli");
  CHECK(data["shipments"][4]["deadline_date"] == "2026-12-24");
  CHECK(data["options"][0]["url"] == "https://shop.example/egift?order=ORDER-1");
  CHECK(data["remedy"].is_null());  // remedies go with apologies, not with the warning
}

TEST_CASE("cookie gifts with a two-day backlog: the warning offers Next Day Air, which still makes it") {
  const Sent sent = the_one_message(2);
  const auto& m = sent.message;
  // Hand-over on Wed 23 Dec: 2nd Day Air arrives 28 Dec, Next Day Air 24 Dec.
  REQUIRE(!m.options.empty());
  const auto& faster = m.options.front();
  CHECK(faster.kind == msg::OptionKind::faster_service);
  CHECK(faster.service_id == "ups-next-day-air");
  CHECK(faster.arrives_by == day("2026-12-24"));
  CHECK(faster.act_by == local("America/New_York", "2026-12-23", 14, 0));
  CHECK(m.useful_until == faster.act_by);
}

TEST_CASE("cookie gifts without backlog but never handed over: warned the day the latest hand-over passes") {
  Story story(0);
  const auto sent = story.run(local("America/New_York", "2026-12-18", 15, 0),
                              local("America/New_York", "2026-12-26", 23, 0), std::chrono::minutes{30});
  REQUIRE(sent.size() == 1);
  // Handed over before the cutoff of Tue 22 Dec (14:00), 2nd Day Air still
  // delivers on 24 Dec; once that passes without a scan nothing makes it:
  // the warning goes out at 14:00 on the 22nd, not on the 24th.
  CHECK(sent.front().decided_at == local("America/New_York", "2026-12-22", 14, 0));
  CHECK(sent.front().message.lines.size() == 5);
}
