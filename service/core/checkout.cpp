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
#include "core/json_writer.hpp"

namespace forewarn {

namespace cal = core::calendar;
namespace eta = core::eta;

namespace {

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
  s.zone = postal_zone(w.country, w.postal_code);
  auto& c = s.calendar;
  c.time_zone = w.time_zone;
  if (w.cutoff_local.size() == 5)
    c.cutoff = std::chrono::minutes{((w.cutoff_local[0] - '0') * 10 + (w.cutoff_local[1] - '0')) * 60 +
                                    (w.cutoff_local[3] - '0') * 10 + (w.cutoff_local[4] - '0')};
  c.processing_days = cal::weekday_set_of(w.processing_days);
  for (const auto& d : w.closures)
    if (auto day = cal::parse_day(d)) c.closures.push_back(*day);
  if (w.country.size() == 2) c.holidays = cal::holiday_set_from_string(w.country);
  c.backlog_days = w.backlog_days;
  s.unusable = cal::validate(c);
  return s;
}

std::map<std::string, cal::ServiceDefinition> snapshot_services(const std::vector<TenantService>& services) {
  std::map<std::string, cal::ServiceDefinition> out;
  for (const auto& s : services)
    if (auto d = service_definition(s)) out.emplace(s.id, std::move(*d));
  return out;
}

const core::promise::ServiceSlip* slip_of(const TenantSnapshot& snapshot, const cal::ServiceDefinition& service) {
  if (const auto it = snapshot.slips.find(service.id); it != snapshot.slips.end()) return &it->second;
  if (const auto it = snapshot.slips.find(core::promise::carrier_slip_key(service.carrier)); it != snapshot.slips.end())
    return &it->second;
  return nullptr;
}

std::optional<cal::ServiceDefinition> resolve_service(const TenantSnapshot& snapshot, const std::string& id) {
  if (auto it = snapshot.services.find(id); it != snapshot.services.end()) return it->second;
  if (const cal::CarrierService* builtin = cal::find_carrier_service(id)) return cal::definition_of(*builtin);
  return std::nullopt;
}

std::variant<std::string, Problem> answer_promise_request_text(const nlohmann::json& body, const TenantSnapshot& snapshot,
                                                               Instant now, const core::promise::TransitModel* learned) {
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

  std::vector<cal::ServiceDefinition> chosen;
  if (services_json) {
    if (services_json->empty()) r.fail("services", "must name at least one service");
    if (services_json->size() > kMaxServices) r.fail("services", "must have at most 20 items");
    for (size_t i = 0; i < services_json->size() && i < kMaxServices; ++i) {
      const auto& v = (*services_json)[i];
      auto svc = v.is_string() ? resolve_service(snapshot, v.get_ref<const std::string&>()) : std::nullopt;
      if (!svc) r.fail_item("services", i, "is not a service of this tenant nor a built-in service id (such as ups-ground)");
      else if (!svc->enabled) r.fail_item("services", i, "is a disabled service of this tenant");
      else if (std::any_of(chosen.begin(), chosen.end(), [&](const auto& o) { return o.id == svc->id; }))
        r.fail_item("services", i, "is listed twice");
      else chosen.push_back(std::move(*svc));
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

  // Transit: learned where the tenant's deliveries say something, else nominal.
  const std::string lane = lane_key(warehouse->zone, postal_zone(destination->country, destination->postal_code));
  std::vector<eta::ServiceOption> options;
  std::vector<const core::promise::LearnedTransit*> models;  // null: nominal
  std::vector<const core::promise::ServiceSlip*> slips;      // null: no recent slip
  std::vector<const core::promise::NonArrival*> non_arrivals;  // null: no rate
  options.reserve(chosen.size());
  for (const auto& svc : chosen) {
    const core::promise::LearnedTransit* lt = learned ? learned->find(svc.id, lane) : nullptr;
    options.push_back(lt ? eta::learned_option(svc, lt->transit) : eta::nominal_option(svc));
    models.push_back(lt);
    // The carrier's recent slip, on top: the learned transit is months of
    // deliveries, the slip is this week's.
    const core::promise::ServiceSlip* slip = slip_of(snapshot, svc);
    if (slip) options.back().transit = eta::sum_of(options.back().transit, slip->slip);
    slips.push_back(slip);
    // Parcels that never arrive are in neither.
    const core::promise::NonArrival* lost = core::promise::non_arrival_of(snapshot.non_arrival, svc.carrier);
    if (lost) options.back().arrival = 1.0 - lost->rate;
    non_arrivals.push_back(lost);
  }

  eta::PromiseInput input;
  input.order_instant = order;
  input.warehouse = warehouse->calendar;
  input.services = std::move(options);
  input.destination_zone = destination->zone;
  input.deadlines = deadlines;
  input.confidence = confidence.value_or(kDefaultConfidence);
  const eta::Promise promise = eta::compute_promise(input);

  const std::string tag = locale_tag(eta::resolve_locale(locale.value_or("en")));
  // Written straight to text: building a JSON tree only to dump it cost more
  // than the promise itself (bench/core.sh).
  JsonWriter w;
  w.begin_object();
  w.key("order_time").value(format_iso8601(order));
  w.key("warehouse_id").value(warehouse->id);
  w.key("destination").begin_object();
  w.key("postal_code").value(destination->postal_code);
  w.key("country").value(destination->country);
  w.key("time_zone").value(destination->time_zone);
  w.key("time_zone_source").value(destination->zone_from_request ? "request" : "default");
  w.end_object();
  w.key("confidence").value(input.confidence);
  w.key("locale").value(tag);
  w.key("services").begin_array();
  for (size_t i = 0; i < promise.services.size(); ++i) {
    const auto& sp = promise.services[i];
    w.begin_object();
    w.key("id").value(sp.id);
    w.key("name").value(sp.name);
    w.key("handover_date").value(cal::format_day(sp.handover));
    w.key("earliest").value(cal::format_day(sp.earliest));
    w.key("p50").value(cal::format_day(sp.p50));
    w.key("p80").value(cal::format_day(sp.p80));
    w.key("p95").value(cal::format_day(sp.p95));
    w.key("deadlines").begin_array();
    for (const auto& d : sp.deadlines) {
      w.begin_object();
      w.key("name").value(d.name);
      w.key("deadline").value(format_iso8601(d.deadline));
      w.key("probability").value(d.probability);
      w.key("meets").value(d.meets);
      w.key("order_by");
      if (d.order_by) w.value(format_iso8601(*d.order_by));
      else w.null();
      w.key("order_by_passed").value(d.order_by_passed);
      w.end_object();
    }
    w.end_array();
    w.key("model").begin_object();
    if (const auto* lt = models[i]) {
      w.key("source").value("learned");
      w.key("level").value(lt->level);
      w.key("observations").value(static_cast<long long>(lt->observations));
      w.key("effective_observations").value(lt->effective_observations);
    } else {
      w.key("source").value("nominal");
      w.key("min_transit_days").value(chosen[i].min_transit_days);
      w.key("max_transit_days").value(chosen[i].max_transit_days);
    }
    if (const auto* slip = slips[i]) {
      double mean = 0.0;
      for (int d = slip->slip.min_days(); d <= slip->slip.max_days(); ++d) mean += d * slip->slip.probability(d);
      w.key("carrier_slip").begin_object();
      w.key("mean_days").value(mean);
      w.key("observations").value(static_cast<long long>(slip->observations));
      w.end_object();
    }
    if (const auto* lost = non_arrivals[i]) {
      w.key("non_arrival").begin_object();
      w.key("rate").value(lost->rate);
      w.key("parcels").value(static_cast<long long>(lost->parcels));
      w.key("failed").value(static_cast<long long>(lost->failed));
      w.end_object();
    }
    w.end_object();
    w.key("sentence").value(eta::promise_sentence(sp, eta::alternatives_to(promise, i), tag));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return std::move(w).str();
}

std::variant<nlohmann::json, Problem> answer_promise_request(const nlohmann::json& body, const TenantSnapshot& snapshot,
                                                             Instant now, const core::promise::TransitModel* learned) {
  auto answer = answer_promise_request_text(body, snapshot, now, learned);
  if (auto* p = std::get_if<Problem>(&answer)) return std::move(*p);
  return nlohmann::json::parse(std::get<std::string>(answer));
}

}  // namespace forewarn
