// The simulated carriers' world (service/sim): scenario parsing, generated
// tracking numbers that pass detection, shipments progressing on the clock
// (holidays without movement, delays growing toward Christmas, labels never
// scanned), deterministic faults and stateless tokens.
#include <doctest/doctest.h>

#include <set>

#include "core/calendar/carrier_services.hpp"
#include "core/tracking/detect.hpp"
#include "sim/scenario.hpp"
#include "sim/world.hpp"

namespace cal = forewarn::core::calendar;
namespace trk = forewarn::tracking;
using forewarn::Instant;
using forewarn::sim::Plan;

namespace {

Instant at(const char* iso) { return *forewarn::parse_iso8601(iso); }
const Instant kForever = at("2100-01-01T00:00:00Z");

forewarn::sim::Scenario scenario(const std::string& json) {
  auto parsed = forewarn::sim::parse_scenario(json, cal::make_day(2026, 12, 1));
  for (const auto& e : parsed.errors) MESSAGE(e);
  REQUIRE(parsed.scenario);
  return *parsed.scenario;
}

// The local calendar day of an event.
cal::Day local_day(const trk::TrackingEvent& e) {
  const Instant local = e.time + std::chrono::minutes{e.utc_offset_minutes.value_or(0)};
  return cal::Day{std::chrono::floor<date::days>(local).time_since_epoch()};
}

}  // namespace

TEST_CASE("scenario: errors name the field") {
  const auto errors = [](const char* json) { return forewarn::sim::parse_scenario(json, cal::make_day(2026, 12, 1)).errors; };
  CHECK(errors("[]").size() == 1);
  CHECK(errors(R"({"seed": 1, "bogus": 2})") == std::vector<std::string>{"bogus: is not a scenario field"});
  CHECK(errors(R"({"faults": {"rate_limited": 0.7, "timeout": 0.7}})") ==
        std::vector<std::string>{"faults: the fault rates add up to more than 1"});
  CHECK(errors(R"({"shipments": [{"tracking_number": "1Z999AA10123456785"}]})") ==
        std::vector<std::string>{"shipments[0].tracking_number: fails its check digit"});
  CHECK(errors(R"({"shipments": [{"carrier": "ups", "service": "fedex-ground"}]})") ==
        std::vector<std::string>{"shipments[0].service: is not a service of that carrier (see core/calendar/carrier_services)"});
  CHECK(errors(R"({"shipments": [{"carrier": "ups", "plan": "teleported"}]})").size() == 1);
  CHECK(errors(R"({"generate": {"count": 10, "carriers": ["ups", "s10"]}})").size() == 1);
  CHECK(errors(R"({"shipments": [{"tracking_number": "1Z999AA10123456784", "carrier": "ups"}],
                   "generate": {"count": 10, "plans": {"normal": 1}}, "faults": {"retry_after_format": "http-date"}})")
            .empty());
}

TEST_CASE("generated tracking numbers pass the project's detection and check digits, and are found again") {
  const forewarn::sim::World world(scenario(R"({"seed": 42, "generate": {"count": 400, "ship_days": 10}})"));
  REQUIRE(world.size() == 400);
  std::set<std::string> seen;
  std::map<trk::Carrier, int> per_carrier;
  for (std::size_t i = 0; i < world.size(); ++i) {
    const auto s = world.at(i);
    CAPTURE(s.tracking_number);
    const trk::Detection d = trk::detect(s.tracking_number);
    REQUIRE(d.best());
    CHECK(d.best()->carrier == s.carrier);
    CHECK(d.best()->has_check_digit);
    CHECK(seen.insert(s.tracking_number).second);
    ++per_carrier[s.carrier];
    const auto found = world.find(s.carrier, s.tracking_number);
    REQUIRE(found);
    CHECK(found->service == s.service);
    CHECK(found->plan == s.plan);
    CHECK_FALSE(world.find(s.carrier == trk::Carrier::ups ? trk::Carrier::dhl : trk::Carrier::ups, s.tracking_number));
  }
  CHECK(per_carrier.size() == 4);
  CHECK(per_carrier[trk::Carrier::ups] == 100);
  // Another seed, other numbers; an unknown valid number is not found unless the scenario tracks any number.
  const forewarn::sim::World other(scenario(R"({"seed": 43, "generate": {"count": 4}})"));
  CHECK_FALSE(other.find(world.at(0).carrier, world.at(0).tracking_number));
  const forewarn::sim::World any(scenario(R"({"unknown_numbers": "track"})"));
  CHECK(any.find(trk::Carrier::ups, "1Z999AA10123456784"));
  CHECK_FALSE(any.find(trk::Carrier::ups, "1Z999AA10123456785"));
}

TEST_CASE("a normal shipment progresses on the clock: label, pickup, transit, out for delivery, delivered") {
  const forewarn::sim::World world(scenario(R"({"christmas": {"max_extra_days": 0}, "shipments": [
      {"name": "n", "carrier": "ups", "service": "ups-ground", "ship_date": "2026-11-09", "plan": "normal"}]})"));
  const auto s = world.at(0);
  CHECK(world.make_number(trk::Carrier::ups, 9000000, "ups-ground") == s.tracking_number);
  CHECK_FALSE(world.view(s, at("2026-11-08T12:00:00Z")));  // before the label: unknown to the carrier
  const auto label = world.view(s, at("2026-11-09T21:00:00Z"));
  REQUIRE(label);
  CHECK(label->status == trk::Status::info_received);
  CHECK(label->events.size() == 1);
  CHECK_FALSE(label->estimated_delivery);

  const auto final_view = world.view(s, kForever);
  REQUIRE(final_view);
  CHECK(final_view->status == trk::Status::delivered);
  REQUIRE(final_view->delivered_at);
  REQUIRE(final_view->estimated_delivery);
  const auto& events = final_view->events;  // newest first
  CHECK(events.front().status == trk::Status::delivered);
  CHECK(events[1].status == trk::Status::out_for_delivery);
  CHECK(events.back().status == trk::Status::info_received);
  for (std::size_t i = 1; i < events.size(); ++i) CHECK(events[i - 1].time >= events[i].time);
  for (const auto& e : events) {
    REQUIRE(e.utc_offset_minutes);
    CHECK(e.location.country == "US");
  }
  // Somewhere in between: in transit, with the carrier's EDD.
  bool saw_transit = false;
  for (Instant t = at("2026-11-09T00:00:00Z"); t < *final_view->delivered_at; t += std::chrono::hours{6}) {
    const auto v = world.view(s, t);
    if (v && v->status == trk::Status::in_transit) {
      saw_transit = true;
      CHECK(v->estimated_delivery);
    }
  }
  CHECK(saw_transit);
  CHECK(world.final_state(s).status == trk::Status::delivered);
}

TEST_CASE("holidays and weekends show no movement") {
  // Shipped the day before Thanksgiving 2026 (Thu 26 Nov, a UPS holiday).
  const forewarn::sim::World world(scenario(R"({"shipments": [
      {"carrier": "ups", "service": "ups-ground", "ship_date": "2026-11-25", "plan": "normal", "delay_days": 3}]})"));
  const auto v = world.view(world.at(0), kForever);
  REQUIRE(v);
  const auto svc = cal::find_carrier_service("ups-ground");
  const auto calendar = cal::service_calendar(*svc);
  for (const auto& e : v->events) {
    if (e.status == trk::Status::info_received) continue;
    const cal::Day d = local_day(e);
    CAPTURE(cal::format_day(d));
    CHECK(d != cal::make_day(2026, 11, 26));
    CHECK(date::weekday{d} != date::Sunday);
    if (e.description != "Pickup Scan" && e.description != "Departed from Facility") CHECK(cal::is_delivery_day(calendar, d));
  }
}

TEST_CASE("labels never scanned stay info_received; exceptions, attempts, pickups and returns end as planned") {
  const forewarn::sim::World world(scenario(R"({"shipments": [
      {"carrier": "usps", "plan": "never_scanned"},
      {"carrier": "fedex", "plan": "exception", "reason": "weather"},
      {"carrier": "fedex", "plan": "exception", "reason": "address"},
      {"carrier": "dhl", "plan": "exception", "reason": "lost"},
      {"carrier": "ups", "plan": "attempt_failed"},
      {"carrier": "ups", "plan": "pickup"},
      {"carrier": "usps", "plan": "returned"}],
      "generate": {"count": 200, "ship_days": 30}})"));
  const auto never = world.view(world.at(0), kForever);
  REQUIRE(never);
  CHECK(never->status == trk::Status::info_received);
  CHECK(never->events.size() == 1);

  const auto weather = world.view(world.at(1), kForever);
  bool saw_exception = false;
  for (const auto& e : weather->events) saw_exception |= e.exception_reason == trk::ExceptionReason::weather;
  CHECK(saw_exception);
  CHECK(weather->status == trk::Status::delivered);

  CHECK(world.view(world.at(2), kForever)->exception_reason == trk::ExceptionReason::returned);
  CHECK(world.view(world.at(3), kForever)->exception_reason == trk::ExceptionReason::lost);
  CHECK_FALSE(world.view(world.at(3), kForever)->estimated_delivery);  // a lost parcel has no EDD
  bool attempted = false;
  const auto attempt = world.view(world.at(4), kForever);
  for (const auto& e : attempt->events) attempted |= e.status == trk::Status::attempt_failed;
  CHECK(attempted);
  bool pickup = false;
  const auto collected = world.view(world.at(5), kForever);
  for (const auto& e : collected->events) pickup |= e.status == trk::Status::available_for_pickup;
  CHECK(pickup);

  // final_state() (what /_sim/shipments promises) is what the carrier ends up showing, for every plan.
  for (std::size_t i = 0; i < world.size(); ++i) {
    const auto s = world.at(i);
    CAPTURE(s.tracking_number);
    const auto v = world.view(s, kForever);
    REQUIRE(v);
    CHECK(v->status == world.final_state(s).status);
    CHECK(v->exception_reason == world.final_state(s).reason);
  }
}

TEST_CASE("delays grow toward Christmas") {
  const auto mean_delay = [](const char* ship_date) {
    const forewarn::sim::World world(scenario(std::string(R"({"generate": {"count": 200, "carriers": ["ups"],
        "plans": {"normal": 1}, "ship_from": ")") + ship_date + R"("}})"));
    double total = 0;
    for (std::size_t i = 0; i < world.size(); ++i) {
      const auto s = world.at(i);
      const auto v = world.view(s, kForever);
      const cal::Day delivered = local_day(v->events.front());
      total += static_cast<double>((delivered - s.ship_date).count());
    }
    return total / static_cast<double>(world.size());
  };
  const double november = mean_delay("2026-11-10");
  const double early_december = mean_delay("2026-12-08");
  const double before_christmas = mean_delay("2026-12-18");
  CHECK(early_december > november);
  CHECK(before_christmas > early_december);
}

TEST_CASE("faults follow the rates; tokens are stateless, signed, expiring and revocable") {
  const forewarn::sim::World world(scenario(R"({"faults": {"rate_limited": 0.1, "server_error": 0.1, "timeout": 0.1,
      "malformed": 0.1}, "shipments": [{"carrier": "dhl", "faults": {"rate_limited": 1}}]})"));
  const auto always = world.at(0);
  std::map<forewarn::sim::Fault, int> counts;
  for (std::uint64_t n = 0; n < 4000; ++n) {
    CHECK(world.fault(&always, always.tracking_number, n) == forewarn::sim::Fault::rate_limited);
    ++counts[world.fault(nullptr, "1Z999AA10123456784", n)];
  }
  for (auto f : {forewarn::sim::Fault::rate_limited, forewarn::sim::Fault::server_error, forewarn::sim::Fault::timeout,
                 forewarn::sim::Fault::malformed}) {
    CAPTURE(forewarn::sim::to_string(f));
    CHECK(counts[f] > 300);
    CHECK(counts[f] < 500);
  }
  CHECK(counts[forewarn::sim::Fault::unauthorized] == 0);

  const Instant now = at("2026-12-18T10:00:00Z");
  const std::string token = world.issue_token(trk::Carrier::ups, now + std::chrono::hours{1}, 0);
  CHECK(world.token_valid(trk::Carrier::ups, token, now, 0));
  CHECK_FALSE(world.token_valid(trk::Carrier::fedex, token, now, 0));
  CHECK_FALSE(world.token_valid(trk::Carrier::ups, token, now + std::chrono::hours{1}, 0));  // expired
  CHECK_FALSE(world.token_valid(trk::Carrier::ups, token, now, 1));                          // revoked
  std::string forged = token;
  forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
  CHECK_FALSE(world.token_valid(trk::Carrier::ups, forged, now, 0));
  CHECK_FALSE(world.token_valid(trk::Carrier::ups, "", now, 0));
}

TEST_CASE("a warehouse backlog: the label on the ship date, the first scan days later; the truth says when it arrives") {
  const forewarn::sim::World world(scenario(R"({"christmas": {"max_extra_days": 0}, "shipments": [
      {"name": "on-time", "carrier": "ups", "service": "ups-ground", "ship_date": "2026-12-07"},
      {"name": "behind", "carrier": "ups", "service": "ups-ground", "ship_date": "2026-12-07", "handover_delay_days": 5}]})"));
  const auto on_time = world.timeline(world.at(0));
  const auto behind = world.timeline(world.at(1));
  REQUIRE(on_time.first_scan_at);
  REQUIRE(behind.first_scan_at);
  CHECK(local_day(behind.events.front()) == cal::make_day(2026, 12, 7));  // the label, on the order day
  CHECK(*behind.first_scan_at - *on_time.first_scan_at >= std::chrono::hours{24 * 5});
  REQUIRE(behind.delivered_at);
  CHECK(behind.delivered_at == world.view(world.at(1), kForever)->events.front().time);
  CHECK_FALSE(world.timeline(forewarn::sim::World(scenario(R"({"shipments": [{"carrier": "ups", "plan": "never_scanned"}]})")).at(0)).delivered_at);
}

TEST_CASE("a weather day: the carrier's parcels in transit get exception weather and arrive later; others do not") {
  const char* shipments = R"("shipments": [
      {"carrier": "ups", "service": "ups-2nd-day-air", "ship_date": "2026-12-14"},
      {"carrier": "fedex", "service": "fedex-2day", "ship_date": "2026-12-14"},
      {"carrier": "ups", "service": "ups-2nd-day-air", "ship_date": "2026-12-17"}])";
  const forewarn::sim::World calm(scenario(std::string(R"({"christmas": {"max_extra_days": 0}, )") + shipments + "}"));
  const forewarn::sim::World stormy(scenario(std::string(R"({"christmas": {"max_extra_days": 0},
      "weather": [{"date": "2026-12-15", "carriers": ["ups"], "delay_days": 2}], )") + shipments + "}"));
  const auto hit = stormy.timeline(stormy.at(0));
  CHECK(hit.weather);
  CHECK(*hit.delivered_at > *calm.timeline(calm.at(0)).delivered_at);
  bool weather_scan = false;
  for (const auto& e : hit.events)
    weather_scan |= e.status == trk::Status::exception && e.exception_reason == trk::ExceptionReason::weather &&
                    local_day(e) == cal::make_day(2026, 12, 15);
  CHECK(weather_scan);
  CHECK_FALSE(stormy.timeline(stormy.at(1)).weather);  // FedEx: not that carrier
  CHECK_FALSE(stormy.timeline(stormy.at(2)).weather);  // picked up after the storm
  CHECK(stormy.timeline(stormy.at(1)).delivered_at == calm.timeline(calm.at(1)).delivered_at);
  CHECK_FALSE(forewarn::sim::parse_scenario(R"({"weather": [{"carriers": ["ups"]}]})", cal::make_day(2026, 12, 1)).errors.empty());
}
