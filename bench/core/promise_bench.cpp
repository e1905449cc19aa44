// Microbenchmark of the checkout's pure work, single-threaded:
//   1. compute_promise: the promise engine alone (hand-over, transit
//      distribution on the calendars, quantiles, P(by deadline), order-by),
//      reported per service option;
//   2. answer_promise_request_text: what POST /v1/promises does between the
//      parsed request and the response text (validation, destination rules,
//      the engine, sentences, JSON writing), per request of 3 services;
//   3. the same plus the JSON parse of the request text, i.e. all the
//      handler's CPU apart from the HTTP stack.
// Cases: the cookie-gift order (18 Dec 15:00, backlog 5, Christmas) and an
// ordinary order (1 Dec, no backlog), each with 3 UPS services.
//
// Timing uses the thread's CPU clock (CLOCK_THREAD_CPUTIME_ID), so other load
// on the machine does not inflate the figures, and reports the median of 15
// rounds. Target (issue 3): <= 20 us per service option.
//
//   build/release/forewarn_bench_core [--rounds N]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar/carrier_services.hpp"
#include "core/checkout.hpp"
#include "tests/support/bakery.hpp"
#include "core/eta/promise.hpp"

using namespace forewarn;
namespace cal = forewarn::core::calendar;
namespace eta = forewarn::core::eta;

namespace {

double thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// Median over rounds of (CPU ns per call), each round `iters` calls.
template <class F>
double median_ns(int rounds, int iters, F&& f) {
  std::vector<double> per_call;
  for (int r = 0; r < rounds; ++r) {
    const double t0 = thread_cpu_ns();
    for (int i = 0; i < iters; ++i) f();
    per_call.push_back((thread_cpu_ns() - t0) / iters);
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

using forewarn::testing::bakery;

struct Case {
  const char* name;
  int backlog;
  const char* order_time;
};

std::size_t sink = 0;  // consumed in main's exit status, so the calls are not optimised away

}  // namespace

int main(int argc, char** argv) {
  int rounds = 15;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(3, std::atoi(argv[i + 1]));
  const Instant now = *parse_iso8601("2026-12-01T12:00:00Z");
  const std::vector<std::string> ids = {"ups-ground", "ups-2nd-day-air", "ups-next-day-air"};

  std::printf("%-44s %12s %14s\n", "benchmark (median of rounds, thread CPU)", "us/request", "us/option");
  for (const Case& c : {Case{"cookie gift (18 Dec 15:00, backlog 5)", 5, "2026-12-18T15:00:00-05:00"},
                        Case{"ordinary (1 Dec 09:00, no backlog)", 0, "2026-12-01T09:00:00-05:00"}}) {
    const TenantSnapshot snap = bakery(c.backlog);
    const auto& wh = snap.warehouses.at("wh-1");

    eta::PromiseInput input;
    input.order_instant = *parse_iso8601(c.order_time);
    input.warehouse = wh.calendar;
    for (const auto& id : ids) input.services.push_back(eta::nominal_option(*cal::find_carrier_service(id)));
    input.destination_zone = date::locate_zone("America/New_York");
    input.deadlines.push_back({"Christmas", *cal::next_occurrence(snap.events[0].rule, input.order_instant,
                                                                   *input.destination_zone)});
    const double engine = median_ns(rounds, 2000, [&] { sink += eta::compute_promise(input).services.size(); });

    const nlohmann::json body = {{"warehouse_id", "wh-1"},
                                 {"destination", {{"postal_code", "10025"}, {"country", "US"}}},
                                 {"order_time", c.order_time},
                                 {"services", ids},
                                 {"events", {"Christmas"}},
                                 {"locale", "en"}};
    const double answer = median_ns(rounds, 1000, [&] { sink += answer_promise_request_text(body, snap, now).index(); });

    const std::string text = body.dump();
    const double full = median_ns(rounds, 1000, [&] {
      const auto parsed = nlohmann::json::parse(text);
      const auto out = answer_promise_request_text(parsed, snap, now);
      if (const auto* t = std::get_if<std::string>(&out)) sink += t->size();
    });

    std::printf("%s\n", c.name);
    std::printf("  %-42s %12.2f %14.2f\n", "compute_promise (engine)", engine / 1000, engine / 1000 / 3);
    std::printf("  %-42s %12.2f %14.2f\n", "answer (validate+engine+sentence+JSON text)", answer / 1000,
                answer / 1000 / 3);
    std::printf("  %-42s %12.2f %14.2f\n", "+ parse the request text", full / 1000, full / 1000 / 3);
  }
  return sink == 0xFFFFFFFF ? 1 : 0;
}
