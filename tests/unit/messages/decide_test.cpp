#include <doctest/doctest.h>

#include "messages_support.hpp"

using namespace msg_test;
using msg::MessageKind;
using tracking::ExceptionReason;
using tracking::Status;

namespace {

const risk::RiskRules kRules{};

// Runs decide and records the episodes it opens, as the outbox would.
struct Customer {
  Shipment shipment = shipment_for("s1", contact("Maria", "maria@example.com"), {});
  msg::Policy policy = gift_policy();
  std::vector<msg::Episode> episodes;
  std::optional<risk::Assessment> previous;

  std::vector<msg::MessageIntent> step(const risk::Situation& s, Instant now) {
    const auto next = risk::assess(s, kRules, now);
    auto intents = msg::decide(shipment, previous, next, episodes, policy, now);
    for (const auto& in : intents) episodes.push_back(msg::episode_of(in));
    previous = next;
    return intents;
  }
};

// Plain order promised Wed 9 Dec in Chicago, picked up Mon 7 Dec.
risk::Situation in_transit() {
  auto s = plain_situation("2026-12-09", local("America/New_York", "2026-12-07", 10, 0));
  s.status = Status::in_transit;
  s.first_scan_at = local("America/New_York", "2026-12-07", 18, 0);
  s.last_scan_at = s.first_scan_at;
  return s;
}

Instant tue(int h) { return local("America/Chicago", "2026-12-08", h, 0); }

}  // namespace

TEST_CASE("decide: will_miss_deadline once per episode, within the lead time") {
  const Instant order = local("America/New_York", "2026-12-18", 15, 0);
  const auto s = gift_situation("s1", "America/Chicago", order, 5);
  Customer c;
  const auto first = c.step(s, order);
  REQUIRE(first.size() == 1);
  CHECK(first[0].kind == MessageKind::will_miss_deadline);
  CHECK(first[0].deadline_key == "event:xmas");
  CHECK(first[0].episode == 1);
  CHECK(first[0].episode_key == "s1/will_miss_deadline/event:xmas/1");
  CHECK(first[0].audience == msg::Audience::purchaser);
  CHECK(first[0].useful_until == s.event->at);
  CHECK_FALSE(first[0].remedy);  // will_miss is not in the default remedy kinds
  CHECK(c.step(s, order + std::chrono::hours{1}).empty());
  CHECK(c.step(s, order + date::days{7}).empty());  // passed: the warning covers it, no apology

  Customer early;
  early.policy.will_miss_max_days_ahead = 5;  // Christmas Eve is six days away
  CHECK(early.step(s, order).empty());
  early.policy.kinds.erase(MessageKind::will_miss_deadline);
  CHECK(early.step(s, order + date::days{2}).empty());
}

TEST_CASE("decide: delay_apology needs evidence or a passed promise; back_on_track only after bad news") {
  Customer c;
  auto s = in_transit();
  CHECK(c.step(s, tue(9)).empty());  // on track
  s.carrier_edd = day("2026-12-11");  // the carrier now says Friday
  auto apology = c.step(s, tue(10));
  REQUIRE(apology.size() == 1);
  CHECK(apology[0].kind == MessageKind::delay_apology);
  CHECK(apology[0].cause == "delay_confirmed");
  CHECK(apology[0].deadline_key == "promise:2026-12-09");
  CHECK(apology[0].reasons == std::vector<std::string>{"edd_past_deadline"});
  CHECK(apology[0].facts.will_miss);
  CHECK(apology[0].facts.new_estimate == day("2026-12-11"));
  CHECK(c.step(s, tue(11)).empty());

  s.carrier_edd = day("2026-12-09");  // back: P = 0.872
  auto back = c.step(s, tue(12));
  REQUIRE(back.size() == 1);
  CHECK(back[0].kind == MessageKind::back_on_track);
  CHECK(back[0].episode_key == "s1/back_on_track/promise:2026-12-09/1");
  CHECK(c.step(s, tue(13)).empty());

  s.carrier_edd = day("2026-12-11");  // it changes again: a new episode
  auto again = c.step(s, tue(14));
  REQUIRE(again.size() == 1);
  CHECK(again[0].kind == MessageKind::delay_apology);
  CHECK(again[0].episode == 2);
  CHECK(again[0].episode_key == "s1/delay_apology/promise:2026-12-09/2");

  // P between the thresholds (0.3 <= P < 0.8) neither recovers nor warns
  // again: UPS Ground from the same pickup gives P = 0.57.
  s.carrier_edd.reset();
  s.used_service = carrier("ups-ground");
  const auto wobble = risk::assess(s, kRules, tue(15));
  CHECK(wobble.promise->probability == doctest::Approx(0.57).epsilon(0.02));
  CHECK(c.step(s, tue(15)).empty());
}

TEST_CASE("decide: no back_on_track without a bad-news message before it") {
  Customer c;
  auto s = in_transit();
  s.carrier_edd = day("2026-12-11");
  c.policy.kinds.erase(MessageKind::delay_apology);
  CHECK(c.step(s, tue(10)).empty());
  s.carrier_edd = day("2026-12-09");
  CHECK(c.step(s, tue(11)).empty());
}

TEST_CASE("decide: a promise that passes unannounced gets an apology with the tier's remedy") {
  Customer c;
  c.policy.tiers = {{"standard", 0, 0, {{msg::RemedyKind::coupon, 4, std::nullopt, 10.0, ""}}},
                    {"vip", 1000, 10, {{msg::RemedyKind::coupon, 4, std::nullopt, 10.0, ""}}}};
  c.policy.signer = "Anna";
  const auto s = in_transit();
  auto late = c.step(s, local("America/Chicago", "2026-12-10", 9, 0));
  REQUIRE(late.size() == 1);
  CHECK(late[0].kind == MessageKind::delay_apology);
  CHECK(late[0].cause == "deadline_passed");
  REQUIRE(late[0].remedy);
  CHECK(late[0].remedy->kind == msg::RemedyKind::coupon);
  // The same order for a VIP: never a bare coupon.
  Customer vip;
  vip.policy = c.policy;
  vip.shipment.customer.lifetime_value = 5000;
  vip.shipment.customer.order_count = 40;
  auto v = vip.step(s, local("America/Chicago", "2026-12-10", 9, 0));
  REQUIRE(v.size() == 1);
  CHECK(v[0].top_tier);
  CHECK(v[0].remedy->kind == msg::RemedyKind::personal_note);
  CHECK(v[0].remedy->signer == "Anna");
}

TEST_CASE("decide: what a customer wrote has no effect on the remedy") {
  // There is no complaint input at all; the free text a shipment does carry
  // (names, the carrier's words) changes nothing.
  Customer calm, angry;
  for (auto* c : {&calm, &angry}) {
    c->policy.tiers = {{"standard", 0, 0, {{msg::RemedyKind::refund_shipping, 8, 8.0, std::nullopt, ""}}}};
    c->policy.monthly_budget = 100;
  }
  angry.shipment.purchaser->name = "I WILL SUE YOU unless you refund everything";
  angry.shipment.order_id = "complaint: furious, posting on social media";
  auto s = in_transit();
  const auto a = calm.step(s, local("America/Chicago", "2026-12-10", 9, 0));
  const auto b = angry.step(s, local("America/Chicago", "2026-12-10", 9, 0));
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0].remedy == b[0].remedy);
  auto pa = msg::group_for_purchaser(a, std::vector<Shipment>{calm.shipment});
  auto pb = msg::group_for_purchaser(b, std::vector<Shipment>{angry.shipment});
  CHECK(msg::apply_remedies(pa, calm.policy, 50) == msg::apply_remedies(pb, angry.policy, 50));
  CHECK(pa[0].remedy == pb[0].remedy);
}

TEST_CASE("decide: action_required per action, again only when the problem comes back or changes") {
  Customer c;
  auto s = in_transit();
  s.status = Status::exception;
  s.exception_reason = ExceptionReason::address;
  s.carrier_edd = day("2026-12-14");  // bad news too, but it waits while an action is needed
  auto first = c.step(s, tue(9));
  REQUIRE(first.size() == 1);
  CHECK(first[0].kind == MessageKind::action_required);
  CHECK(first[0].cause == "update_address");
  REQUIRE(first[0].options.size() == 1);
  CHECK(first[0].options[0].kind == msg::OptionKind::update_address);
  CHECK(c.step(s, tue(10)).empty());

  s.exception_reason = ExceptionReason::customs;  // a different action: a new episode
  auto customs = c.step(s, tue(11));
  REQUIRE(customs.size() == 1);
  CHECK(customs[0].cause == "customs");
  CHECK(customs[0].episode == 2);
  CHECK(customs[0].options.empty());

  s.status = Status::in_transit;  // solved...
  s.exception_reason.reset();
  s.carrier_edd.reset();
  CHECK(c.step(s, tue(12)).empty());
  s.status = Status::exception;  // ...and back
  s.exception_reason = ExceptionReason::customs;
  auto back = c.step(s, tue(13));
  REQUIRE(back.size() == 1);
  CHECK(back[0].episode == 3);

  // A pickup point.
  Customer p;
  s.status = Status::available_for_pickup;
  s.exception_reason.reset();
  auto pickup = p.step(s, tue(9));
  REQUIRE(pickup.size() == 1);
  CHECK(pickup[0].cause == "pickup");
  CHECK(pickup[0].options[0].kind == msg::OptionKind::pickup);
  // Unknown previous assessment, same action as the latest episode: continuing.
  p.previous.reset();
  CHECK(p.step(s, tue(10)).empty());
}

TEST_CASE("decide: delivered_late_followup once, after followup_after_hours") {
  Customer c;
  auto s = in_transit();
  s.status = Status::delivered;
  s.delivered_at = local("America/Chicago", "2026-12-10", 11, 0);
  const Instant now = local("America/Chicago", "2026-12-10", 11, 5);
  auto f = c.step(s, now);
  REQUIRE(f.size() == 1);
  CHECK(f[0].kind == MessageKind::delivered_late_followup);
  CHECK(f[0].due_at == local("America/Chicago", "2026-12-10", 13, 0));
  CHECK(f[0].remedy_eligible);
  CHECK_FALSE(f[0].facts.new_estimate);
  CHECK(c.step(s, now + std::chrono::hours{5}).empty());
  // On time: nothing.
  Customer ok;
  s.delivered_at = local("America/Chicago", "2026-12-09", 11, 0);
  CHECK(ok.step(s, now).empty());
}

TEST_CASE("decide: gift recipients only when turned on, without remedy, price or order") {
  Customer c;
  c.shipment = shipment_for("s1", contact("Maria", "maria@example.com"),
                            {contact("Ada", "ada@example.net", "America/Chicago")});
  c.policy.tiers = {{"standard", 0, 0, {{msg::RemedyKind::refund_shipping, 8, 8.0, std::nullopt, ""}}}};
  c.policy.remedy_kinds.insert(MessageKind::action_required);
  auto s = in_transit();
  s.status = Status::available_for_pickup;
  CHECK(c.step(s, tue(9)).size() == 1);  // recipients off: the purchaser only

  Customer on = c;
  on.episodes.clear();
  on.previous.reset();
  on.policy.recipients_enabled = true;
  auto both = on.step(s, tue(9));
  REQUIRE(both.size() == 2);
  const auto& r = both[0];
  CHECK(r.audience == msg::Audience::recipient);
  CHECK(r.recipient_index == 0u);
  CHECK(r.episode_key == "s1/action_required/promise:2026-12-09/1/r0");
  CHECK_FALSE(r.remedy);
  CHECK(both[1].audience == msg::Audience::purchaser);
  CHECK(both[1].remedy);

  auto planned = msg::group_for_purchaser(both, std::vector<Shipment>{on.shipment});
  REQUIRE(planned.size() == 2);
  CHECK(msg::apply_remedies(planned, on.policy, 100) == 8);
  CHECK(planned[0].addressee.name == "Ada");
  CHECK_FALSE(planned[0].remedy);
  const auto data = msg::to_template_data(planned[0], {}, on.policy);
  CHECK(data["audience"] == "recipient");
  CHECK(data["remedy"].is_null());
  CHECK(data["shipments"][0]["order_id"].is_null());
  CHECK(data["shipments"][0]["recipient_name"] == "Ada");
  CHECK(data.dump().find("amount") == std::string::npos);
  const auto purchaser = msg::to_template_data(planned[1], {}, on.policy);
  CHECK(purchaser["remedy"]["kind"] == "refund_shipping");
  CHECK(purchaser["remedy"]["amount"] == 8.0);
  CHECK(purchaser["shipments"][0]["order_id"] == "ORDER-1");
}

TEST_CASE("group: one message per addressee and kind; the budget across messages; send time") {
  msg::Policy policy = gift_policy();
  policy.tiers = {{"standard", 0, 0, {{msg::RemedyKind::refund_shipping, 8, 8.0, std::nullopt, ""}}}};
  const Contact maria = contact("Maria", "maria@example.com");
  const std::vector<Shipment> shipments = {shipment_for("a", maria, {contact("Ada", "ada@x.net")}),
                                           shipment_for("b", contact("Maria", "MARIA@example.com"), {}),
                                           shipment_for("c", contact("Zed", "zed@example.com"), {})};
  std::vector<msg::MessageIntent> intents(3);
  for (std::size_t i = 0; i < 3; ++i) {
    intents[i].kind = MessageKind::delay_apology;
    intents[i].shipment_id = shipments[i].id;
    intents[i].episode_key = shipments[i].id + "/delay_apology/none/1";
    intents[i].remedy_eligible = true;
    intents[i].tier_rank = 0;
    intents[i].due_at = local("America/New_York", "2026-12-10", 22, 0);
  }
  auto planned = msg::group_for_purchaser(intents, shipments);
  REQUIRE(planned.size() == 2);
  CHECK(planned[0].addressee_key == "email:maria@example.com");
  CHECK(planned[0].lines.size() == 2);
  CHECK(planned[0].gift);
  CHECK_FALSE(planned[1].gift);
  CHECK(planned[0].episode_keys == std::vector<std::string>{"a/delay_apology/none/1", "b/delay_apology/none/1"});
  CHECK(msg::apply_remedies(planned, policy, 10) == 8);  // one refund fits the budget
  CHECK(planned[0].remedy);
  CHECK_FALSE(planned[1].remedy);
  // 22:00 in New York: quiet until 08:00.
  CHECK(msg::plan_send_at(planned[0], *zone("America/New_York"), policy,
                          local("America/New_York", "2026-12-10", 21, 0)) ==
        local("America/New_York", "2026-12-11", 8, 0));
  intents[0].shipment_id = "nope";
  CHECK_THROWS_AS(msg::group_for_purchaser(intents, shipments), std::invalid_argument);
}
