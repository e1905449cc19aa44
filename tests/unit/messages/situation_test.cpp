// From stored facts to a risk::Situation (core/risk/situation.hpp): the
// tenant's warehouse, event and service are used when the shipment names
// them, the documented fallbacks otherwise, and no zone means no assessment.
#include <doctest/doctest.h>

#include "core/risk/situation.hpp"
#include "core/time.hpp"

using namespace forewarn;
namespace risk = forewarn::core::risk;
namespace cal = forewarn::core::calendar;

namespace {

TenantSnapshot bakery() {
  TenantSnapshot t;
  SnapshotWarehouse w;
  w.id = "wh-1";
  w.calendar.time_zone = "America/New_York";
  w.calendar.backlog_days = 5;
  t.warehouses.emplace(w.id, w);
  cal::EventRule xmas;
  xmas.name = "Christmas Eve";
  xmas.date = cal::AnnualDate{12, 24};
  t.events.push_back({"ev-1", xmas});
  return t;
}

risk::ShipmentFacts facts() {
  risk::ShipmentFacts f;
  f.id = "s-1";
  f.carrier = "ups";
  f.destination_time_zone = "America/Chicago";
  f.created_at = *parse_iso8601("2026-12-18T15:00:00-05:00");
  return f;
}

}  // namespace

TEST_CASE("situation_of uses the tenant's warehouse, event and the shipment's service") {
  auto f = facts();
  f.service = "ups-2nd-day-air";
  f.warehouse_id = "wh-1";
  f.event_id = "ev-1";
  const auto s = risk::situation_of(f, bakery());
  REQUIRE(s);
  REQUIRE(s->used_service);
  CHECK(s->used_service->id == "ups-2nd-day-air");
  CHECK(s->warehouse.backlog_days == 5);
  CHECK(s->warehouse.time_zone == "America/New_York");
  REQUIRE(s->event);
  CHECK(s->event->name == "Christmas Eve");
  CHECK(s->event->at > f.created_at);
  CHECK(s->label_created_at == f.created_at);
  CHECK(s->upgrades.size() == 3);  // UPS Ground, 2nd Day Air, Next Day Air

  // The assessment runs on it: a five-day backlog from 18 Dec misses Christmas Eve by 2nd Day Air.
  const auto a = risk::assess(*s, risk::RiskRules{}, f.created_at);
  REQUIRE(a.event);
  CHECK(a.event->probability < 0.5);
}

TEST_CASE("situation_of falls back to the carrier's everyday service and a plain warehouse; no zone, no situation") {
  auto f = facts();
  f.carrier = "fedex";
  f.warehouse_id = "unknown";
  f.event_id = "gone";
  const auto s = risk::situation_of(f, bakery());
  REQUIRE(s);
  REQUIRE(s->used_service);
  CHECK(s->used_service->id == "fedex-ground");
  CHECK(s->warehouse.time_zone == "America/Chicago");
  CHECK(s->warehouse.backlog_days == 0);
  CHECK_FALSE(s->event);

  f.destination_time_zone.reset();
  CHECK_FALSE(risk::situation_of(f, bakery()));
  f.destination_time_zone = "Not/AZone";
  CHECK_FALSE(risk::situation_of(f, bakery()));
  CHECK(risk::default_service_id("usps") == "usps-ground-advantage");
}
