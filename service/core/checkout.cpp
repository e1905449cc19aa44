#include "core/checkout.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <date/tz.h>

#include "core/body_reader.hpp"
#include "core/calendar/carrier_services.hpp"
#include "core/calendar/holidays.hpp"
#include "core/destination.hpp"
#include "core/eta/promise.hpp"
#include "core/eta/sentence.hpp"

namespace forewarn {

namespace cal = core::calendar;
namespace eta = core::eta;

namespace {

constexpr std::array<std::pair<const char*, date::weekday>, 7> kDayNames{{
    {"mon", date::Monday}, {"tue", date::Tuesday}, {"wed", date::Wednesday}, {"thu", date::Thursday},
    {"fri", date::Friday}, {"sat", date::Saturday}, {"sun", date::Sunday},
}};

constexpr size_t kMaxServices = 20;
constexpr size_t kMaxDeadlines = 20;

bool is_locale_tag(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
}

std::string locale_tag(eta::Locale l) {
  switch (l) {
    case eta::Locale::fi: return "fi";
    case eta::Locale::pt_br: return "pt-BR";
    case eta::Locale::en: break;
  }
  return "en";
}

struct Destination {
  std::string postal_code, country, time_zone;
  bool zone_from_request = false;
  const date::time_zone* zone = nullptr;
};

std::optional<Destination> read_checkout_destination(BodyReader& outer, const nlohmann::json& j) {
  const auto fields = read_destination(outer, "destination", j);
  if (!fields) return std::nullopt;
  if (!fields->time_zone) {
    BodyReader r(j, outer.pointer("destination"));
    r.fail("time_zone", "is required: there is no default time zone for the country " + fields->country);
    outer.absorb(r);
    return std::nullopt;
  }
  Destination d{fields->postal_code, fields->country, *fields->time_zone, fields->zone_from_request, nullptr};
  d.zone = date::locate_zone(d.time_zone);
  return d;
}

}  // namespace

SnapshotWarehouse snapshot_warehouse(const Warehouse& w) {
  SnapshotWarehouse s;
  s.id = w.id;
  s.country = w.country;
  auto& c = s.calendar;
  c.time_zone = w.time_zone;
  if (w.cutoff_local.size() == 5)
    c.cutoff = std::chrono::minutes{((w.cutoff_local[0] - '0') * 10 + (w.cutoff_local[1] - '0')) * 60 +
                                    (w.cutoff_local[3] - '0') * 10 + (w.cutoff_local[4] - '0')};
  c.processing_days = cal::WeekdaySet::none();
  for (const auto& name : w.processing_days)
    for (const auto& [n, wd] : kDayNames)
      if (name == n) c.processing_days = c.processing_days.with(wd);
  for (const auto& d : w.closures)
    if (auto day = cal::parse_day(d)) c.closures.push_back(*day);
  if (w.country.size() == 2) c.holidays = cal::holiday_set_from_string(w.country);
  c.backlog_days = w.backlog_days;
  s.unusable = cal::validate(c);
  return s;
}

std::variant<nlohmann::json, Problem> answer_promise_request(const nlohmann::json& body, const TenantSnapshot& snapshot,
                                                             Instant now) {
  BodyReader r(body);
  const auto warehouse_id = r.required_string("warehouse_id", {1, 64});
  const auto* destination_json = r.required_member("destination", nlohmann::json::value_t::object);
  const auto order_text = r.optional_string("order_time", {1, 64});
  const auto* services_json = r.required_member("services", nlohmann::json::value_t::array);
  const auto* events_json = r.optional_member("events", nlohmann::json::value_t::array);
  const auto* deadlines_json = r.optional_member("deadlines", nlohmann::json::value_t::array);
  const auto locale = r.optional_string("locale", {2, 35});
  const auto confidence = r.optional_number("confidence", 0.5, 0.99);
  r.reject_unknown();

  // The warehouse: another tenant's is exactly as unknown as a missing one.
  const SnapshotWarehouse* warehouse = nullptr;
  if (warehouse_id) {
    auto it = snapshot.warehouses.find(*warehouse_id);
    if (it == snapshot.warehouses.end()) r.fail("warehouse_id", "is not a warehouse of this tenant");
    else if (it->second.unusable) r.fail("warehouse_id", "has a calendar that cannot be used: " + *it->second.unusable);
    else warehouse = &it->second;
  }

  std::optional<Destination> destination;
  if (destination_json) destination = read_checkout_destination(r, *destination_json);

  Instant order = now;
  if (order_text) {
    if (auto t = parse_iso8601(*order_text)) {
      if (*t < now - kOrderTimeMaxPast) r.fail("order_time", "must not be more than 30 days in the past");
      else if (*t > now + kOrderTimeMaxFuture) r.fail("order_time", "must not be more than 365 days in the future");
      else order = *t;
    } else {
      r.fail("order_time", "must be an RFC 3339 date-time such as 2026-12-18T15:00:00-05:00");
    }
  }

  std::vector<eta::ServiceOption> options;
  if (services_json) {
    if (services_json->empty()) r.fail("services", "must name at least one service");
    if (services_json->size() > kMaxServices) r.fail("services", "must have at most 20 items");
    for (size_t i = 0; i < services_json->size() && i < kMaxServices; ++i) {
      const auto& v = (*services_json)[i];
      const cal::CarrierService* svc = v.is_string() ? cal::find_carrier_service(v.get_ref<const std::string&>()) : nullptr;
      if (!svc) r.fail_item("services", i, "is not a known service id (such as ups-ground)");
      else if (std::any_of(options.begin(), options.end(), [&](const auto& o) { return o.id == svc->id; }))
        r.fail_item("services", i, "is listed twice");
      else options.push_back(eta::nominal_option(*svc));
    }
  }

  if (locale && !is_locale_tag(*locale)) r.fail("locale", "must be a language tag such as en, fi or pt-BR");

  // Deadlines: events first (their next occurrence after the order, in the
  // recipient's zone unless the event has its own), then explicit ones.
  std::vector<eta::Deadline> deadlines;
  const size_t n_events = events_json ? events_json->size() : 0;
  const size_t n_explicit = deadlines_json ? deadlines_json->size() : 0;
  if (n_events + n_explicit > kMaxDeadlines) r.fail(n_events > 0 ? "events" : "deadlines", "at most 20 events and deadlines together");
  if (events_json && n_events + n_explicit <= kMaxDeadlines) {
    for (size_t i = 0; i < n_events; ++i) {
      const auto& v = (*events_json)[i];
      const SnapshotEvent* ev = nullptr;
      if (v.is_string()) {
        const auto& key = v.get_ref<const std::string&>();
        for (const auto& e : snapshot.events)
          if (e.id == key || e.rule.name == key) {
            ev = &e;
            break;
          }
      }
      if (!ev) {
        r.fail_item("events", i, "is not an event of this tenant (give its name or id)");
        continue;
      }
      if (!destination || !r.ok()) continue;
      std::optional<Instant> at;
      try {
        at = cal::next_occurrence(ev->rule, order, *destination->zone);
      } catch (const std::runtime_error&) {
        r.fail_item("events", i, "has a time zone that is not known");
        continue;
      }
      if (!at) r.fail_item("events", i, "has no occurrence after the order time");
      else deadlines.push_back({ev->rule.name, *at});
    }
  }
  if (deadlines_json && n_events + n_explicit <= kMaxDeadlines) {
    for (size_t i = 0; i < n_explicit; ++i) {
      BodyReader d((*deadlines_json)[i], r.pointer("deadlines") + "/" + std::to_string(i));
      auto name = d.required_string("name", {1, 200});
      auto by = d.required_string("by", {1, 64});
      d.reject_unknown();
      std::optional<Instant> at;
      if (by && !(at = parse_iso8601(*by))) d.fail("by", "must be an RFC 3339 date-time such as 2026-12-24T23:59:59-05:00");
      r.absorb(d);
      if (d.ok() && name && at) deadlines.push_back({*name, *at});
    }
  }
  if (!r.ok()) return r.problem();

  eta::PromiseInput input;
  input.order_instant = order;
  input.warehouse = warehouse->calendar;
  input.services = std::move(options);
  input.destination_zone = destination->zone;
  input.deadlines = deadlines;
  input.confidence = confidence.value_or(kDefaultConfidence);
  const eta::Promise promise = eta::compute_promise(input);

  const std::string tag = locale_tag(eta::resolve_locale(locale.value_or("en")));
  nlohmann::json services = nlohmann::json::array();
  for (size_t i = 0; i < promise.services.size(); ++i) {
    const auto& sp = promise.services[i];
    nlohmann::json outcomes = nlohmann::json::array();
    for (const auto& d : sp.deadlines)
      outcomes.push_back({{"name", d.name},
                          {"deadline", format_iso8601(d.deadline)},
                          {"probability", d.probability},
                          {"meets", d.meets},
                          {"order_by", d.order_by ? nlohmann::json(format_iso8601(*d.order_by)) : nlohmann::json(nullptr)},
                          {"order_by_passed", d.order_by_passed}});
    services.push_back({{"id", sp.id},
                        {"name", sp.name},
                        {"handover_date", cal::format_day(sp.handover)},
                        {"earliest", cal::format_day(sp.earliest)},
                        {"p50", cal::format_day(sp.p50)},
                        {"p80", cal::format_day(sp.p80)},
                        {"p95", cal::format_day(sp.p95)},
                        {"deadlines", outcomes},
                        {"sentence", eta::promise_sentence(sp, eta::alternatives_to(promise, i), tag)}});
  }
  return nlohmann::json{{"order_time", format_iso8601(order)},
                        {"warehouse_id", warehouse->id},
                        {"destination",
                         {{"postal_code", destination->postal_code},
                          {"country", destination->country},
                          {"time_zone", destination->time_zone},
                          {"time_zone_source", destination->zone_from_request ? "request" : "default"}}},
                        {"confidence", input.confidence},
                        {"locale", tag},
                        {"services", services}};
}

}  // namespace forewarn
