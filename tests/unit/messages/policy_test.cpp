#include <doctest/doctest.h>

#include "messages_support.hpp"

using namespace msg_test;
using msg::RemedyKind;
using nlohmann::json;

namespace {

const json kExample = json::parse(R"({
  "thresholds": {"will_miss_below": 0.25, "back_on_track_above": 0.85},
  "lead_times": {"will_miss_max_days_ahead": 21, "followup_after_hours": 3},
  "kinds": {"back_on_track": false},
  "recipients": {"enabled": true, "kinds": ["action_required", "back_on_track"]},
  "quiet_hours": {"start": "22:00", "end": "07:30"},
  "options": {"egift": {"enabled": true, "url": "https://shop.example/egift?order={order_id}"}},
  "remedies": {"kinds": ["delay_apology", "delivered_late_followup"], "monthly_budget": 500,
               "currency": "EUR", "signer": "Anna, founder"},
  "tiers": [
    {"name": "standard", "remedies": [{"kind": "coupon", "percent": 10, "cost": 4}]},
    {"name": "gold", "min_lifetime_value": 500, "min_order_count": 5,
     "remedies": [{"kind": "refund_shipping", "cost": 9, "amount": 9}, {"kind": "personal_note"}]},
    {"name": "vip", "min_lifetime_value": 2000, "min_order_count": 20,
     "remedies": [{"kind": "gift_in_next_box", "cost": 30, "amount": 25}, {"kind": "coupon", "percent": 20, "cost": 10}]}
  ]
})");

std::vector<std::string> pointers(const forewarn::Problem& p) {
  std::vector<std::string> out;
  for (const auto& e : p.errors) out.push_back(e.pointer);
  return out;
}

forewarn::shipment::CustomerStanding standing(double value, long long orders, std::optional<std::string> tier = {}) {
  forewarn::shipment::CustomerStanding c;
  c.lifetime_value = value;
  c.order_count = orders;
  c.tier = std::move(tier);
  return c;
}

}  // namespace

TEST_CASE("policy: defaults, and the JSON form round-trips") {
  const auto d = msg::policy_from_json(json::object());
  REQUIRE(d.value);
  CHECK(*d.value == msg::Policy{});
  CHECK(d.value->quiet_hours.start == std::chrono::hours{21});
  CHECK(d.value->quiet_hours.end == std::chrono::hours{8});
  CHECK(d.value->will_miss_below == 0.3);
  CHECK_FALSE(d.value->recipients_enabled);
  CHECK(d.value->kinds.size() == 5);

  const auto p = msg::policy_from_json(kExample);
  REQUIRE(p.value);
  CHECK(p.value->will_miss_below == 0.25);
  CHECK_FALSE(p.value->kinds.contains(msg::MessageKind::back_on_track));
  CHECK(p.value->quiet_hours.end == std::chrono::minutes{7 * 60 + 30});
  CHECK_FALSE(p.value->quiet_hours.urgent_exception);  // absolute unless the tenant says otherwise
  CHECK(p.value->tiers.size() == 3);
  CHECK(p.value->tiers[1].remedies[1].signer == "Anna, founder");  // the policy's signer
  CHECK(p.value->option_enabled(msg::OptionKind::egift));
  CHECK(msg::policy_from_json(msg::to_json(*p.value)).value == p.value);
}

TEST_CASE("policy: every bad field is named") {
  const auto bad = msg::policy_from_json(json::parse(R"({
    "thresholds": {"will_miss_below": 2},
    "kinds": {"spam": true},
    "quiet_hours": {"start": "9pm"},
    "options": {"egift": {"enabled": true}},
    "remedies": {"currency": "eur"},
    "tiers": [{"name": "a"}, {"name": "A", "remedies": [{"kind": "coupon"}, {"kind": "hug"}]}],
    "complaint_text": "I will sue you"
  })"));
  CHECK_FALSE(bad.value);
  CHECK(pointers(bad.problem) == std::vector<std::string>{
                                     "/thresholds/will_miss_below", "/kinds/spam", "/quiet_hours/start",
                                     "/options/egift/url", "/remedies/currency", "/tiers/1/name",
                                     "/tiers/1/remedies/0/percent", "/tiers/1/remedies/1/kind", "/complaint_text"});
  // A personal note needs a named person.
  const auto note = msg::policy_from_json(json::parse(R"({"tiers": [{"name": "x", "remedies": [{"kind": "personal_note"}]}]})"));
  CHECK(pointers(note.problem) == std::vector<std::string>{"/tiers/0/remedies/0/signer"});
}

TEST_CASE("policy: the highest matching tier wins; the merchant's label overrides") {
  const auto p = *msg::policy_from_json(kExample).value;
  CHECK(msg::tier_for(p, standing(0, 0)) == 0u);
  CHECK(msg::tier_for(p, standing(600, 6)) == 1u);
  CHECK(msg::tier_for(p, standing(5000, 3)) == 0u);  // both thresholds must be met
  CHECK(msg::tier_for(p, standing(3000, 25)) == 2u);
  CHECK(msg::tier_for(p, standing(0, 0, "VIP")) == 2u);
  CHECK(msg::tier_for(p, standing(600, 6, "platinum")) == 1u);  // not a tier: the figures decide
  CHECK(msg::tier_for(p, {}) == 0u);
  msg::Policy high;
  high.tiers = {{"only", 100, 1, {}}};
  CHECK_FALSE(msg::tier_for(high, standing(10, 1)));
}

TEST_CASE("remedies: the budget is spent highest tier first, a VIP never gets a bare coupon") {
  const auto p = *msg::policy_from_json(kExample).value;
  const std::vector<msg::RemedyCandidate> c = {{0, false, p.tiers[0].remedies, p.signer},
                                               {2, true, p.tiers[2].remedies, p.signer},
                                               {1, false, p.tiers[1].remedies, p.signer}};
  auto a = msg::allocate_remedies(c, 35);
  CHECK(a.remedies[1]->kind == RemedyKind::gift_in_next_box);  // VIP first: 30
  CHECK(a.remedies[2]->kind == RemedyKind::personal_note);     // gold: 9 > 5 left
  CHECK(a.remedies[0]->kind == RemedyKind::coupon);            // standard: 4 <= 5
  CHECK(a.spent == 34);

  a = msg::allocate_remedies(c, 12);
  REQUIRE(a.remedies[1]);
  CHECK(a.remedies[1]->kind == RemedyKind::personal_note);  // the 20% coupon would fit, but not for a VIP
  CHECK(a.remedies[1]->signer == "Anna, founder");
  CHECK(a.remedies[2]->kind == RemedyKind::refund_shipping);
  CHECK_FALSE(a.remedies[0]);  // 3 left, the coupon costs 4, no note on the menu
  CHECK(a.spent == 9);

  CHECK(msg::allocate_remedies(c, 0).spent == 0);
  // A VIP whose whole menu is one coupon still gets no coupon, even with money.
  const std::vector<msg::RemedyCandidate> only_coupon = {{2, true, p.tiers[0].remedies, "Anna"}};
  CHECK(msg::allocate_remedies(only_coupon, 1000).remedies[0]->kind == RemedyKind::personal_note);
}
