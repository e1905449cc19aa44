// The demo's season (core/demo/season.hpp): deterministic per seed, and
// holding every situation issue 6 asks a season to hold.
#include <doctest/doctest.h>

#include <set>

#include "core/demo/season.hpp"
#include "sim/scenario.hpp"

namespace demo = forewarn::core::demo;
namespace cal = forewarn::core::calendar;

TEST_CASE("demo season: the same seed gives the same season, another seed another") {
  const auto a = demo::sim_scenario(demo::generate_season({.seed = 7, .orders = 300}));
  const auto b = demo::sim_scenario(demo::generate_season({.seed = 7, .orders = 300}));
  const auto c = demo::sim_scenario(demo::generate_season({.seed = 8, .orders = 300}));
  CHECK(a.dump() == b.dump());
  CHECK(a.dump() != c.dump());
}

TEST_CASE("demo season: every situation of a real December is in the default season") {
  const demo::Season s = demo::generate_season({});
  REQUIRE(s.orders.size() == 2400);
  std::set<std::string> locales, zones, tiers, plans, causes, events;
  int gifts = 0, before_20 = 0, after_20 = 0, bakery_behind = 0;
  for (std::size_t i = 0; i < s.orders.size(); ++i) {
    const auto& o = s.orders[i];
    if (i > 0) CHECK(s.orders[i - 1].placed_at <= o.placed_at);
    tiers.insert(s.customers[static_cast<std::size_t>(o.customer)].tier);
    if (!o.event.empty()) events.insert(o.event);
    if (o.gift) {
      ++gifts;
      CHECK(o.parcels.size() >= 2);
    }
    CHECK(std::find(o.offered.begin(), o.offered.end(), o.chosen) != o.offered.end());
    (o.placed_at < *forewarn::parse_iso8601("2026-12-11T00:00:00Z") ? before_20 : after_20) += 1;
    for (const auto& p : o.parcels) {
      locales.insert(p.recipient.locale);
      zones.insert(p.recipient.time_zone);
      plans.insert(p.plan);
      for (const auto& c : p.causes) causes.insert(c);
      if (p.handover_delay_days == 5) {
        ++bakery_behind;
        CHECK(o.placed_at >= s.backlog_at);
        CHECK(o.warehouse == 1);
      }
    }
  }
  CHECK(locales == std::set<std::string>{"en", "fi", "hu", "zh-CN", "pt-BR", "de"});
  CHECK(zones.size() >= 6);
  CHECK(tiers == std::set<std::string>{"standard", "gold", "vip"});
  CHECK(plans.count("never_scanned") == 1);
  CHECK(plans.count("exception") == 1);
  CHECK(causes == std::set<std::string>{"backlog", "slower_service"});
  CHECK(events.count("Christmas (FI)") == 1);
  CHECK(events.count("Lunar New Year") == 1);
  CHECK(gifts > 100);
  CHECK(bakery_behind > 20);
  CHECK(after_20 > before_20);  // volume rises toward Christmas
  CHECK(demo::parcel_count(s) > s.orders.size());
}

TEST_CASE("demo season: the simulated carrier accepts its scenario, with the weather day") {
  const demo::Season s = demo::generate_season({.orders = 200});
  const auto parsed = forewarn::sim::parse_scenario(demo::sim_scenario(s).dump(), cal::make_day(2026, 12, 1));
  for (const auto& e : parsed.errors) MESSAGE(e);
  REQUIRE(parsed.scenario);
  CHECK(parsed.scenario->shipments.size() == demo::parcel_count(s));
  REQUIRE(parsed.scenario->weather.size() == 1);
  CHECK(parsed.scenario->weather[0].date == cal::make_day(2026, 12, 16));
}

TEST_CASE("demo season: tiers follow the policy's thresholds") {
  CHECK(demo::tier_for(100, 50) == "standard");
  CHECK(demo::tier_for(600, 5) == "gold");
  CHECK(demo::tier_for(2500, 19) == "gold");
  CHECK(demo::tier_for(2500, 20) == "vip");
}
