#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/calendar/events.hpp"
#include "core/eta/promise.hpp"
#include "core/eta/sentence.hpp"
#include "eta_support.hpp"

using namespace eta_test;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

TEST_CASE("cookie gift: 18 Dec 15:00 with a five-day backlog misses Christmas with every service") {
  // Fri 18 Dec 15:00 is after the cutoff: the first processing day is Mon 21
  // Dec, then five backlog processing days: 22, 23, 24, (25 is Christmas Day),
  // 28, 29. Hand-over Tue 29 Dec, long after Christmas.
  const auto in = ups_christmas(local("America/New_York", "2026-12-18", 15, 0), 5);
  const auto promise = eta::compute_promise(in);
  REQUIRE(promise.services.size() == 3);
  for (const auto& s : promise.services) {
    CAPTURE(s.id);
    CHECK(s.handover == day("2026-12-29"));
    CHECK(s.deadlines.at(0).last_delivery_day == day("2026-12-24"));
    CHECK(s.deadlines.at(0).probability < 0.9);
    CHECK(s.deadlines.at(0).probability == 0.0);
    CHECK_FALSE(s.deadlines.at(0).meets);
    CHECK_FALSE(s.deadlines.at(0).order_by.has_value());
    CHECK(s.deadlines.at(0).order_by_passed);
    CHECK(s.earliest > day("2026-12-24"));
    CHECK(s.p50 > day("2026-12-24"));
  }
  // Next Day Air: picked up Tue 29 Dec, delivered Wed 30 Dec (96%).
  CHECK(promise.services[2].earliest == day("2026-12-30"));
  CHECK(promise.services[2].p50 == day("2026-12-30"));
  // Ground, days 1..7 after pickup: 30, 31 Dec, (1 Jan is a UPS holiday) 4..8 Jan.
  CHECK(promise.services[0].p50 == day("2026-12-31"));
  CHECK(promise.services[0].p80 == day("2027-01-05"));

  for (std::size_t i = 0; i < 3; ++i) {
    const auto others = eta::alternatives_to(promise, i);
    const std::string en = eta::promise_sentence(promise.services[i], others, "en-US");
    CAPTURE(en);
    CHECK(en.rfind("Won't arrive by Christmas with any service; expected ", 0) == 0);
  }
  CHECK(eta::promise_sentence(promise.services[0], eta::alternatives_to(promise, 0), "en") ==
        "Won't arrive by Christmas with any service; expected 31 Dec \u2013 5 Jan.");
  CHECK(eta::promise_sentence(promise.services[2], eta::alternatives_to(promise, 2), "en") ==
        "Won't arrive by Christmas with any service; expected 30 Dec.");
  CHECK(eta::promise_sentence(promise.services[0], eta::alternatives_to(promise, 0), "fi-FI") ==
        "Ei ehdi jouluksi millään toimitustavalla. Perillä arviolta 31.12.\u20135.1.");
}

TEST_CASE("14 Dec 10:00 without backlog: 2nd Day Air makes Christmas; order by Tue 22 Dec, 14:00") {
  const auto in = ups_christmas(local("America/New_York", "2026-12-14", 10, 0), 0);
  const auto promise = eta::compute_promise(in);
  const auto& air = promise.services[1];
  CHECK(air.handover == day("2026-12-14"));
  CHECK(air.earliest == day("2026-12-16"));
  const auto& xmas = air.deadlines.at(0);
  CHECK(xmas.probability >= 0.9);
  CHECK(xmas.meets);
  // Hand-over Tue 22 Dec: delivered Thu 24 Dec on time (96%). Hand-over Wed
  // 23 Dec: two business days later is Mon 28 Dec (25 Dec is a UPS holiday,
  // then the weekend), so P = 0. The last order for 22 Dec is one millisecond
  // before that day's 14:00 cutoff in New York (EST, UTC-5).
  REQUIRE(xmas.order_by.has_value());
  CHECK(iso(*xmas.order_by) == "2026-12-22T18:59:59.999Z");
  CHECK(xmas.order_by_handover == day("2026-12-22"));
  CHECK_FALSE(xmas.order_by_passed);
  CHECK(*xmas.order_by < end_of_day("America/New_York", "2026-12-24"));

  // Ground: days 1..4 after pickup hold only 89.7%, so 90% needs the whole
  // 1..5 band before 24 Dec: the last hand-over is Thu 17 Dec.
  CHECK(iso(*promise.services[0].deadlines[0].order_by) == "2026-12-17T18:59:59.999Z");
  // Next Day Air: hand-over Wed 23 Dec, delivered Thu 24 Dec (96%).
  CHECK(iso(*promise.services[2].deadlines[0].order_by) == "2026-12-23T18:59:59.999Z");

  CHECK(eta::promise_sentence(air, eta::alternatives_to(promise, 1), "en") ==
        "Arrives 16 Dec. Order by 22 Dec, 14:00 to have it for Christmas.");
  CHECK(eta::promise_sentence(air, eta::alternatives_to(promise, 1), "fi") ==
        "Perillä 16.12. Tilaa viimeistään 22.12. klo 14.00, niin se ehtii jouluksi.");
}

TEST_CASE("a parcel that may never arrive: its deadlines' probability, meets and order-by take it, its dates do not") {
  auto in = ups_christmas(local("America/New_York", "2026-12-14", 10, 0), 0);
  const auto sure = eta::compute_promise(in);
  for (auto& s : in.services) s.arrival = 0.93;
  const auto lossy = eta::compute_promise(in);
  REQUIRE(lossy.services.size() == sure.services.size());
  for (std::size_t i = 0; i < sure.services.size(); ++i) {
    CAPTURE(sure.services[i].id);
    CHECK(lossy.services[i].deadlines[0].probability ==
          doctest::Approx(0.93 * sure.services[i].deadlines[0].probability));
    CHECK(lossy.services[i].p50 == sure.services[i].p50);
    CHECK(lossy.services[i].p95 == sure.services[i].p95);
  }
  // Next Day Air handed over on 23 Dec arrives by the 24th 96% of the time:
  // 0.96 x 0.93 < 0.9, so the last order moves to the 22nd (100% x 0.93).
  // 2nd Day Air likewise moves from the 22nd to the 21st.
  CHECK(iso(*lossy.services[2].deadlines[0].order_by) == "2026-12-22T18:59:59.999Z");
  CHECK(iso(*lossy.services[1].deadlines[0].order_by) == "2026-12-21T18:59:59.999Z");

  // Below the confidence whatever the transit: nothing meets.
  for (auto& s : in.services) s.arrival = 0.85;
  for (const auto& s : eta::compute_promise(in).services) {
    CHECK_FALSE(s.deadlines[0].meets);
    CHECK(s.deadlines[0].order_by_passed);
  }
  in.services[0].arrival = 0.0;
  CHECK_THROWS_AS(eta::compute_promise(in), std::invalid_argument);
}

TEST_CASE("order-by inverse: ordering at order_by makes it, one millisecond (or minute) later does not") {
  // For every service, order instants every 7 hours from 1 to 24 Dec, with
  // and without backlog and with an uncertain extra handling delay:
  // - order_by is set exactly when P(ordering now) >= confidence;
  // - P(order at order_by) >= confidence, and P(order_by + 1 ms) < confidence
  //   and P(order_by + 1 min) < confidence: the answer is exact to the
  //   millisecond, because it is a cutoff instant minus 1 ms and P only
  //   changes when the hand-over day does;
  // - asking earlier gives the same order_by (it does not depend on `now`).
  for (int backlog : {0, 2}) {
    for (bool delay : {false, true}) {
      auto in = ups_christmas(local("America/New_York", "2026-12-01", 0, 0), backlog);
      if (delay) in.handling = eta::HandlingDelay::from_weights(std::vector<std::pair<int, double>>{{0, 0.7}, {1, 0.3}});
      for (std::size_t i = 0; i < in.services.size(); ++i) {
        std::optional<forewarn::Instant> first_answer;
        for (auto t = in.order_instant; t < end_of_day("America/New_York", "2026-12-24"); t += hours{7}) {
          in.order_instant = t;
          const auto o = eta::compute_promise(in).services[i].deadlines[0];
          CAPTURE(backlog);
          CAPTURE(delay);
          CAPTURE(in.services[i].id);
          CAPTURE(iso(t));
          CHECK(o.order_by.has_value() == (o.probability >= in.confidence));
          CHECK(o.order_by_passed == !o.order_by.has_value());
          if (!o.order_by) continue;
          CHECK(*o.order_by >= t);
          if (!first_answer) first_answer = o.order_by;
          CHECK(*o.order_by == *first_answer);
          CHECK(p_at(in, *o.order_by, i) >= in.confidence);
          CHECK(p_at(in, *o.order_by + milliseconds{1}, i) < in.confidence);
          CHECK(p_at(in, *o.order_by + minutes{1}, i) < in.confidence);
        }
        CHECK(first_answer.has_value());
        in.order_instant = local("America/New_York", "2026-12-01", 0, 0);
      }
    }
  }
}

TEST_CASE("quantiles are monotone and P(by D) does not decrease with D") {
  std::vector<eta::Deadline> deadlines;
  for (int h = 0; h < 24 * 21; h += 11) {
    deadlines.push_back({"d", local("America/Los_Angeles", "2026-12-10", 0, 0) + hours{h}});
  }
  for (const auto& service : cal::carrier_services()) {
    for (bool delay : {false, true}) {
      eta::PromiseInput in;
      in.warehouse = ny_warehouse(1);
      in.services = {eta::nominal_option(service)};
      in.destination_zone = zone("America/Los_Angeles");
      in.deadlines = deadlines;
      if (delay) in.handling = eta::HandlingDelay::nominal(0, 2);
      for (int d = 0; d < 12; ++d) {
        in.order_instant = local("America/New_York", "2026-12-05", 9, 30) + hours{29 * d};
        const auto s = eta::compute_promise(in).services.at(0);
        CAPTURE(s.id);
        CAPTURE(iso(in.order_instant));
        CHECK(s.earliest <= s.p50);
        CHECK(s.p50 <= s.p80);
        CHECK(s.p80 <= s.p95);
        CHECK(s.p95 <= s.latest);
        CHECK(s.delivery.back().cumulative == 1.0);
        for (std::size_t k = 1; k < s.deadlines.size(); ++k) {
          CHECK(s.deadlines[k - 1].probability <= s.deadlines[k].probability);
          CHECK(s.deadlines[k - 1].last_delivery_day <= s.deadlines[k].last_delivery_day);
        }
      }
    }
  }
}

TEST_CASE("Saturday delivery services deliver on Saturday; others on Monday") {
  // Fri 11 Dec 10:00: handed over and picked up the same day.
  auto in = ups_christmas(local("America/New_York", "2026-12-11", 10, 0), 0);
  const auto one_day = eta::TransitDistribution::exactly(1);
  const auto two_days = eta::TransitDistribution::exactly(2);
  in.services = {
      eta::learned_option(*cal::find_carrier_service("fedex-home-delivery"), one_day),  // Tue-Sat
      eta::learned_option(*cal::find_carrier_service("usps-priority-mail"), one_day),   // Mon-Sat
      eta::learned_option(*cal::find_carrier_service("ups-ground"), one_day),           // Mon-Fri
      eta::learned_option(*cal::find_carrier_service("fedex-home-delivery"), two_days),
  };
  in.deadlines = {{"Saturday", end_of_day("America/New_York", "2026-12-12")}};
  const auto p = eta::compute_promise(in);
  CHECK(p.services[0].p50 == day("2026-12-12"));
  CHECK(p.services[1].p50 == day("2026-12-12"));
  CHECK(p.services[2].p50 == day("2026-12-14"));
  CHECK(p.services[3].p50 == day("2026-12-15"));  // no Sunday, no Monday delivery
  CHECK(p.services[0].deadlines[0].probability == 1.0);
  CHECK(p.services[2].deadlines[0].probability == 0.0);
}

TEST_CASE("a carrier holiday or closure inside the transit window shifts delivery") {
  auto in = ups_christmas(local("America/New_York", "2026-11-18", 10, 0), 0);
  in.services = {eta::learned_option(*cal::find_carrier_service("ups-next-day-air"), eta::TransitDistribution::exactly(1))};
  CHECK(eta::compute_promise(in).services[0].p50 == day("2026-11-19"));  // Wed -> Thu
  in.order_instant = local("America/New_York", "2026-11-25", 10, 0);
  CHECK(eta::compute_promise(in).services[0].p50 == day("2026-11-27"));  // Thanksgiving 26 Nov
  in.services[0].calendar.closures = {day("2026-11-27")};                 // and a storm on Friday
  CHECK(eta::compute_promise(in).services[0].p50 == day("2026-11-30"));
  in.order_instant = local("America/New_York", "2026-12-24", 10, 0);
  in.services[0].calendar.closures.clear();
  CHECK(eta::compute_promise(in).services[0].p50 == day("2026-12-28"));  // Christmas, weekend
}

TEST_CASE("recipient in Helsinki: days and deadline in Helsinki time") {
  // New York warehouse, DHL Express, 50% two / 50% three business days.
  // Mon 21 Dec 10:00 New York: picked up 21 Dec, delivered 23 or 24 Dec.
  const auto* helsinki = zone("Europe/Helsinki");
  cal::EventRule christmas;
  christmas.name = "Christmas";
  christmas.date = cal::AnnualDate{12, 24};
  eta::PromiseInput in;
  in.order_instant = local("America/New_York", "2026-12-21", 10, 0);
  in.warehouse = ny_warehouse(0);
  in.services = {eta::learned_option(*cal::find_carrier_service("dhl-express-worldwide"),
                                     eta::TransitDistribution::from_weights(
                                         std::vector<std::pair<int, double>>{{2, 1.0}, {3, 1.0}}))};
  in.destination_zone = helsinki;
  const auto deadline = *cal::next_occurrence(christmas, in.order_instant, *helsinki);
  CHECK(iso(deadline) == "2026-12-24T21:59:59.000Z");  // the end of 24 Dec in Helsinki (UTC+2)
  in.deadlines = {{"Christmas", deadline}};

  const auto s = eta::compute_promise(in).services[0];
  CHECK(s.p50 == day("2026-12-23"));
  CHECK(s.p80 == day("2026-12-24"));
  CHECK(s.deadlines[0].last_delivery_day == day("2026-12-24"));
  CHECK(s.deadlines[0].probability == 1.0);
  // Hand-over Tue 22 Dec would deliver 24 Dec (50%) or 28 Dec: too late for
  // 90%. So Mon 21 Dec, before 14:00 New York = 19:00 UTC = 21:00 Helsinki.
  REQUIRE(s.deadlines[0].order_by.has_value());
  CHECK(iso(*s.deadlines[0].order_by) == "2026-12-21T18:59:59.999Z");
  CHECK(eta::promise_sentence(s, {}, "fi-FI") ==
        "Perillä 23.\u201324.12. Tilaa viimeistään 21.12. klo 21.00, niin se ehtii jouluksi.");
  CHECK(eta::promise_sentence(s, {}, "en", {0, zone("America/New_York")}) ==
        "Arrives 23\u201324 Dec. Order by 21 Dec, 14:00 to have it for Christmas.");

  // The same deadline instant for a New York recipient is 16:59:59 on 24 Dec
  // there: before 20:00, so 24 Dec no longer counts.
  in.destination_zone = zone("America/New_York");
  const auto ny = eta::compute_promise(in).services[0];
  CHECK(ny.deadlines[0].last_delivery_day == day("2026-12-23"));
  CHECK(ny.deadlines[0].probability == doctest::Approx(0.5));
  CHECK_FALSE(ny.deadlines[0].meets);
}

TEST_CASE("invalid input is rejected") {
  auto in = ups_christmas(local("America/New_York", "2026-12-14", 10, 0), 0);
  auto bad = in;
  bad.destination_zone = nullptr;
  CHECK_THROWS_AS(eta::compute_promise(bad), std::invalid_argument);
  bad = in;
  bad.confidence = 0.0;
  CHECK_THROWS_AS(eta::compute_promise(bad), std::invalid_argument);
  bad.confidence = 1.5;
  CHECK_THROWS_AS(eta::compute_promise(bad), std::invalid_argument);
  bad = in;
  bad.warehouse.time_zone = "Nowhere/Land";
  CHECK_THROWS_AS(eta::compute_promise(bad), std::invalid_argument);
  bad = in;
  bad.services[0].calendar.delivery_days = cal::WeekdaySet::none();
  CHECK_THROWS_AS(eta::compute_promise(bad), std::invalid_argument);
  in.services.clear();
  CHECK(eta::compute_promise(in).services.empty());
}

TEST_CASE("confidence 1: only a certain delivery counts") {
  auto in = ups_christmas(local("America/New_York", "2026-12-14", 10, 0), 0);
  in.confidence = 1.0;
  const auto p = eta::compute_promise(in);
  // All mass of 2nd Day Air (days 2..4) lands by 18 Dec: P = 1 exactly.
  CHECK(p.services[1].deadlines[0].probability == 1.0);
  CHECK(p.services[1].deadlines[0].meets);
  // Order by: hand-over Fri 18 Dec reaches 22, 23, 24 Dec on days 2, 3, 4.
  CHECK(iso(*p.services[1].deadlines[0].order_by) == "2026-12-18T18:59:59.999Z");
}
