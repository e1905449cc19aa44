#include <doctest/doctest.h>

#include "messages_support.hpp"

using namespace msg_test;
using risk::Level;
using risk::RuleId;
using tracking::ExceptionReason;
using tracking::Status;

namespace {

const risk::RiskRules kRules{};

// Ordered Mon 7 Dec 2026 10:00 New York, promised Wed 9 Dec in Chicago
// (2nd Day Air: picked up 7 Dec, delivered 9 Dec).
risk::Situation december_order() {
  return plain_situation("2026-12-09", local("America/New_York", "2026-12-07", 10, 0));
}

const risk::FiredRule* find_rule(const risk::Assessment& a, RuleId id) {
  for (const auto& r : a.rules)
    if (r.id == id) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("risk: an order on its way as promised is on track") {
  auto s = december_order();
  const auto a = risk::assess(s, kRules, local("America/New_York", "2026-12-07", 11, 0));
  REQUIRE(a.promise);
  CHECK(a.promise->key == "promise:2026-12-09");
  CHECK(a.promise->probability == doctest::Approx(0.96));
  CHECK(a.level == Level::on_track);
  CHECK(a.rules.empty());
  CHECK(a.estimate == day("2026-12-09"));
  CHECK(risk::risk_label(a) == "on_track");
}

TEST_CASE("risk: business hours count only the service's pickup days, in the warehouse's zone") {
  const auto& ny = *zone("America/New_York");
  const cal::ServiceCalendar ups = carrier("ups-ground").calendar;
  // Friday 16:00 + 24 business hours: 8 h on Friday, 16 h on Monday.
  CHECK(risk::add_business_hours(local("America/New_York", "2026-12-04", 16, 0), 24, ny, ups) ==
        local("America/New_York", "2026-12-07", 16, 0));
  // Over Christmas (a UPS holiday on Friday 25 Dec): Thu 24 Dec 20:00 → Mon 28 Dec 20:00.
  CHECK(risk::add_business_hours(local("America/New_York", "2026-12-24", 20, 0), 24, ny, ups) ==
        local("America/New_York", "2026-12-28", 20, 0));
}

TEST_CASE("risk: no carrier scan 24 business hours after the label") {
  auto s = december_order();
  s.label_created_at = local("America/New_York", "2026-12-04", 16, 0);  // a Friday
  s.order_instant = local("America/New_York", "2026-12-04", 15, 0);
  s.status = Status::info_received;
  CHECK_FALSE(risk::assess(s, kRules, local("America/New_York", "2026-12-07", 15, 59)).fired(RuleId::no_first_scan));
  const auto a = risk::assess(s, kRules, local("America/New_York", "2026-12-07", 16, 0));
  const auto* r = find_rule(a, RuleId::no_first_scan);
  REQUIRE(r);
  CHECK(r->facts["due"] == "2026-12-07T21:00:00Z");
  CHECK(a.level != Level::on_track);
  // Per carrier: USPS waits longer; the UPS shipment uses its own rules.
  auto rules = risk::rules_from_json({{"carriers", {{"ups", {{"no_first_scan_business_hours", 48}}}}}}).value;
  REQUIRE(rules);
  CHECK_FALSE(risk::assess(s, *rules, local("America/New_York", "2026-12-07", 16, 0)).fired(RuleId::no_first_scan));
  s.first_scan_at = local("America/New_York", "2026-12-07", 17, 0);
  s.status = Status::in_transit;
  CHECK_FALSE(risk::assess(s, kRules, local("America/New_York", "2026-12-07", 18, 0)).fired(RuleId::no_first_scan));
}

TEST_CASE("risk: no scan for N business days in transit") {
  auto s = plain_situation("2026-12-10", local("America/New_York", "2026-12-07", 10, 0));
  s.status = Status::in_transit;
  s.first_scan_at = local("America/New_York", "2026-12-07", 18, 0);
  s.last_scan_at = local("America/Chicago", "2026-12-07", 22, 0);  // Monday
  // Tuesday and Wednesday pass without a scan: fires on Thursday.
  CHECK_FALSE(risk::assess(s, kRules, local("America/Chicago", "2026-12-09", 23, 0)).fired(RuleId::no_scan_in_transit));
  const auto a = risk::assess(s, kRules, local("America/Chicago", "2026-12-10", 8, 0));
  const auto* r = find_rule(a, RuleId::no_scan_in_transit);
  REQUIRE(r);
  CHECK(r->facts["business_days"] == 2);
  // A weekend does not count: last scan Friday, Monday is only one day later.
  s.last_scan_at = local("America/Chicago", "2026-12-11", 9, 0);
  s.promised_date = day("2026-12-16");
  CHECK_FALSE(risk::assess(s, kRules, local("America/Chicago", "2026-12-15", 8, 0)).fired(RuleId::no_scan_in_transit));
  CHECK(risk::assess(s, kRules, local("America/Chicago", "2026-12-16", 8, 0)).fired(RuleId::no_scan_in_transit));
}

TEST_CASE("risk: in transit, the days gone are removed from the distribution") {
  auto s = december_order();
  s.status = Status::in_transit;
  s.first_scan_at = local("America/New_York", "2026-12-07", 18, 0);
  s.last_scan_at = s.first_scan_at;
  // 9 Dec 21:00 in Chicago, not delivered: the 96% of the 9th is gone.
  const auto a = risk::assess(s, kRules, local("America/Chicago", "2026-12-09", 21, 0));
  CHECK(a.promise->probability == doctest::Approx(0.0));
  CHECK(a.estimate > day("2026-12-09"));
  CHECK(a.level == Level::will_miss);
  // Still the morning of the 9th: on track.
  CHECK(risk::assess(s, kRules, local("America/Chicago", "2026-12-09", 9, 0)).promise->probability ==
        doctest::Approx(0.96));
}

TEST_CASE("risk: out for delivery means today") {
  auto s = december_order();
  s.status = Status::out_for_delivery;
  s.first_scan_at = local("America/New_York", "2026-12-07", 18, 0);
  const auto a = risk::assess(s, kRules, local("America/Chicago", "2026-12-09", 8, 0));
  CHECK(a.promise->probability == doctest::Approx(0.95));
  CHECK(a.estimate == day("2026-12-09"));
}

TEST_CASE("risk: the carrier's estimate is strong evidence, and past the deadline fires a rule") {
  auto s = december_order();
  s.status = Status::in_transit;
  s.first_scan_at = local("America/New_York", "2026-12-07", 18, 0);
  s.carrier_edd = day("2026-12-11");
  const auto a = risk::assess(s, kRules, local("America/Chicago", "2026-12-08", 9, 0));
  CHECK(a.promise->probability == doctest::Approx(0.2 * 0.96));
  CHECK(a.level == Level::will_miss);
  const auto* r = find_rule(a, RuleId::edd_past_deadline);
  REQUIRE(r);
  CHECK(r->facts["carrier_edd"] == "2026-12-11");
  CHECK(r->facts["deadline"] == "promise:2026-12-09");
  // An estimate on time raises P and fires nothing.
  s.carrier_edd = day("2026-12-09");
  const auto b = risk::assess(s, kRules, local("America/Chicago", "2026-12-08", 9, 0));
  CHECK(b.promise->probability == doctest::Approx(0.8 * 0.85 + 0.2 * 0.96));
  CHECK_FALSE(b.fired(RuleId::edd_past_deadline));
}

TEST_CASE("risk: the carrier's recent slip counts until the carrier revises its estimate") {
  auto s = december_order();
  s.status = Status::in_transit;
  s.first_scan_at = local("America/New_York", "2026-12-07", 18, 0);
  s.carrier_edd = day("2026-12-09");
  s.first_carrier_edd = day("2026-12-09");
  const Instant now = local("America/Chicago", "2026-12-08", 9, 0);
  // The service has lately delivered two days after its estimates.
  s.carrier_slip = eta::DayDistribution::exactly(2);
  const auto a = risk::assess(s, kRules, now);
  CHECK(a.promise->probability == doctest::Approx(0.0));
  CHECK(a.level == Level::will_miss);
  CHECK(a.estimate == day("2026-12-11"));
  // Half of them one day late, half on time.
  const std::pair<int, double> half[] = {{0, 0.5}, {1, 0.5}};
  s.carrier_slip = eta::DayDistribution::from_weights(half);
  CHECK(risk::assess(s, kRules, now).promise->probability == doctest::Approx(0.8 * 0.5 + 0.2 * 0.96 * 0.5));
  // The carrier revised this parcel's estimate: its own view of the delay wins.
  s.carrier_slip = eta::DayDistribution::exactly(2);
  s.carrier_edd = day("2026-12-10");
  CHECK(risk::assess(s, kRules, now).promise->probability == doctest::Approx(0.2 * 0.96));
  // On the estimated day itself an unrevised estimate holds.
  s.carrier_edd = day("2026-12-09");
  CHECK(risk::assess(s, kRules, local("America/Chicago", "2026-12-09", 9, 0)).promise->probability > 0.8);
  // Before the hand-over the slip is added to the transit the promise engine uses.
  auto pending = december_order();
  pending.carrier_slip = eta::DayDistribution::exactly(1);
  const auto p = risk::assess(pending, kRules, local("America/New_York", "2026-12-07", 11, 0));
  CHECK(p.promise->probability < 0.05);
  CHECK(p.estimate == day("2026-12-10"));
}

TEST_CASE("risk: exceptions: address, customs and held need action; pickup too; lost never arrives") {
  auto s = december_order();
  s.status = Status::exception;
  s.first_scan_at = local("America/New_York", "2026-12-07", 18, 0);
  const Instant now = local("America/Chicago", "2026-12-08", 9, 0);
  const std::pair<ExceptionReason, risk::Action> actions[] = {{ExceptionReason::address, risk::Action::update_address},
                                                              {ExceptionReason::customs, risk::Action::customs},
                                                              {ExceptionReason::held, risk::Action::held}};
  for (const auto& [reason, action] : actions) {
    s.exception_reason = reason;
    const auto a = risk::assess(s, kRules, now);
    CHECK(a.level == Level::action_required);
    CHECK(a.action == action);
    REQUIRE(find_rule(a, RuleId::exception));
    CHECK(find_rule(a, RuleId::exception)->facts["reason"] == std::string(tracking::to_string(reason)));
  }
  CHECK(risk::risk_label(risk::assess(s, kRules, now)) == "action_required:held");

  s.exception_reason = ExceptionReason::weather;  // one delivery day later: the 10th
  auto w = risk::assess(s, kRules, now);
  CHECK(w.fired(RuleId::exception));
  CHECK_FALSE(w.action);
  CHECK(w.promise->probability == doctest::Approx(0.0));
  CHECK(w.estimate == day("2026-12-10"));

  s.exception_reason = ExceptionReason::lost;
  auto lost = risk::assess(s, kRules, now);
  CHECK(lost.promise->probability == 0.0);
  CHECK(lost.level == Level::will_miss);

  s.status = Status::available_for_pickup;
  s.exception_reason.reset();
  auto pickup = risk::assess(s, kRules, now);
  CHECK(pickup.level == Level::action_required);
  CHECK(pickup.action == risk::Action::pickup);
  CHECK(pickup.fired(RuleId::available_for_pickup));
}

TEST_CASE("risk: a slower service than the one promised") {
  auto s = december_order();
  s.used_service = carrier("ups-ground");
  const auto a = risk::assess(s, kRules, local("America/New_York", "2026-12-07", 11, 0));
  const auto* r = find_rule(a, RuleId::slower_service);
  REQUIRE(r);
  CHECK(r->facts["promised_service"] == "ups-2nd-day-air");
  CHECK(r->facts["used_service"] == "ups-ground");
  CHECK(a.level != Level::on_track);
  s.used_service = carrier("ups-next-day-air");  // faster: fine
  CHECK_FALSE(risk::assess(s, kRules, local("America/New_York", "2026-12-07", 11, 0)).fired(RuleId::slower_service));
  // A disabled rule does not fire.
  auto rules = risk::rules_from_json({{"defaults", {{"disabled", {"slower_service"}}}}}).value;
  REQUIRE(rules);
  s.used_service = carrier("ups-ground");
  CHECK_FALSE(risk::assess(s, *rules, local("America/New_York", "2026-12-07", 11, 0)).fired(RuleId::slower_service));
}

TEST_CASE("risk: the latest hand-over fires as soon as it passes, or at once when the backlog makes it late") {
  const Instant order = local("America/New_York", "2026-12-18", 15, 0);
  auto s = gift_situation("g", "America/Chicago", order, 0);
  // Without backlog the latest hand-over is Tue 22 Dec before the 14:00 cutoff.
  const auto before = risk::assess(s, kRules, local("America/New_York", "2026-12-22", 13, 59));
  CHECK_FALSE(before.fired(RuleId::handover_too_late));
  CHECK(before.event->probability == doctest::Approx(0.96));
  const auto after = risk::assess(s, kRules, local("America/New_York", "2026-12-22", 14, 0));
  const auto* r = find_rule(after, RuleId::handover_too_late);
  REQUIRE(r);
  CHECK(r->facts["latest_handover"] == "2026-12-22T19:00:00Z");
  CHECK(after.level == Level::will_miss);
  // Handed over in time: nothing fires.
  s.first_scan_at = local("America/New_York", "2026-12-22", 13, 0);
  s.status = Status::in_transit;
  CHECK_FALSE(risk::assess(s, kRules, local("America/New_York", "2026-12-22", 14, 0)).fired(RuleId::handover_too_late));
  // With a three-day backlog the planned hand-over (24 Dec) is already too
  // late when the order is placed.
  auto b = gift_situation("g", "America/Chicago", order, 3);
  const auto at_order = risk::assess(b, kRules, order);
  const auto* rb = find_rule(at_order, RuleId::handover_too_late);
  REQUIRE(rb);
  CHECK(rb->facts["planned_handover"] == "2026-12-24");
}

TEST_CASE("risk: deadlines passed and deliveries") {
  auto s = december_order();
  s.status = Status::in_transit;
  s.first_scan_at = local("America/New_York", "2026-12-07", 18, 0);
  CHECK(risk::assess(s, kRules, local("America/Chicago", "2026-12-10", 9, 0)).level == Level::late);
  s.status = Status::delivered;
  s.delivered_at = local("America/Chicago", "2026-12-09", 15, 0);
  auto on_time = risk::assess(s, kRules, local("America/Chicago", "2026-12-10", 9, 0));
  CHECK(on_time.level == Level::delivered_on_time);
  CHECK(on_time.promise->delivered_in_time == true);
  CHECK(on_time.rules.empty());
  s.delivered_at = local("America/Chicago", "2026-12-10", 8, 0);
  auto late = risk::assess(s, kRules, local("America/Chicago", "2026-12-10", 9, 0));
  CHECK(late.level == Level::delivered_late);
  CHECK(late.promise->probability == 0.0);
}

TEST_CASE("risk: labels and JSON") {
  CHECK(risk::assessment_from_label("action_required:pickup")->action == risk::Action::pickup);
  CHECK(risk::assessment_from_label("late")->level == Level::late);
  CHECK_FALSE(risk::assessment_from_label("sunny"));
  CHECK_FALSE(risk::assessment_from_label("late:nonsense"));
  for (auto l : {Level::on_track, Level::at_risk, Level::will_miss, Level::late, Level::delivered_on_time,
                 Level::delivered_late, Level::action_required})
    CHECK(risk::level_from_string(risk::to_string(l)) == l);
  const auto a = risk::assess(december_order(), kRules, local("America/New_York", "2026-12-07", 11, 0));
  const auto j = risk::to_json(a);
  CHECK(j["level"] == "on_track");
  CHECK(j["promise"]["key"] == "promise:2026-12-09");
}

TEST_CASE("risk rules: JSON with defaults, per-carrier overrides and named errors") {
  const auto ok = risk::rules_from_json(
      {{"defaults", {{"no_scan_business_days", 3}}}, {"carriers", {{"usps", {{"will_miss_below", 0.2}}}}}});
  REQUIRE(ok.value);
  CHECK(ok.value->defaults.no_scan_business_days == 3);
  CHECK(ok.value->for_carrier("usps").no_scan_business_days == 3);  // inherited
  CHECK(ok.value->for_carrier("usps").will_miss_below == 0.2);
  CHECK(ok.value->for_carrier("fedex").will_miss_below == 0.3);
  CHECK(risk::rules_from_json(risk::to_json(*ok.value)).value == ok.value);

  const auto bad = risk::rules_from_json({{"defaults", {{"no_scan_business_days", 0}, {"disabled", {"nope"}}}},
                                          {"carriers", {{"ups", {{"at_risk_below", 0.1}}}}},
                                          {"extra", 1}});
  CHECK_FALSE(bad.value);
  std::vector<std::string> pointers;
  for (const auto& e : bad.problem.errors) pointers.push_back(e.pointer);
  CHECK(pointers == std::vector<std::string>{"/defaults/no_scan_business_days", "/defaults/disabled/0",
                                             "/carriers/ups/will_miss_below", "/extra"});
}
