#include "core/tenant_service.hpp"

#include <array>
#include <utility>

#include "core/body_reader.hpp"
#include "core/calendar/civil.hpp"
#include "core/warehouse.hpp"

namespace forewarn {

namespace cal = core::calendar;

namespace {

constexpr std::array<std::pair<std::string_view, cal::HolidaySetId>, 7> kHolidayNames{{
    {"none", cal::HolidaySetId::none},
    {"us-core", cal::HolidaySetId::ups},
    {"us-federal", cal::HolidaySetId::us_federal},
    {"fi", cal::HolidaySetId::finland},
    {"hu", cal::HolidaySetId::hungary},
    {"cn", cal::HolidaySetId::china},
    {"br", cal::HolidaySetId::brazil},
}};

constexpr const char* kHolidayRule = "must be one of none, us-core, us-federal, fi, hu, cn, br";
constexpr const char* kCalendarFields[] = {"pickup_days", "delivery_days", "holidays"};
constexpr const char* kOwnFields[] = {"carrier",  "name", "pickup_days", "delivery_days", "holidays",
                                      "min_transit_days", "max_transit_days"};

bool present(const nlohmann::json& body, const char* key) {
  if (!body.is_object()) return false;
  const auto it = body.find(key);
  return it != body.end() && !it->is_null();
}

}  // namespace

bool is_service_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '-') return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::optional<cal::HolidaySetId> holiday_set_from_api_name(std::string_view name) {
  for (const auto& [n, set] : kHolidayNames)
    if (n == name) return set;
  return std::nullopt;
}

std::string_view api_holiday_name(cal::HolidaySetId set) {
  switch (set) {
    case cal::HolidaySetId::usps: return "us-federal";
    case cal::HolidaySetId::fedex:
    case cal::HolidaySetId::dhl_us: return "us-core";
    default: break;
  }
  for (const auto& [n, s] : kHolidayNames)
    if (s == set) return n;
  return "none";
}

TenantServiceInput tenant_service_from_json(const nlohmann::json& body, const std::string* path_id) {
  BodyReader r(body);
  const auto id = r.optional_string("id", {1, 64});
  const auto carrier = r.optional_string("carrier", {1, 100});
  const auto name = r.optional_string("name", {1, 200});
  const auto based_on = r.optional_string("based_on", {1, 64});
  auto pickup = r.optional_string_list("pickup_days", 7, cal::is_weekday_name, kWeekdayNameRule);
  auto delivery = r.optional_string_list("delivery_days", 7, cal::is_weekday_name, kWeekdayNameRule);
  const auto holidays = r.optional_string("holidays", {1, 32});
  const auto min_days = r.optional_int("min_transit_days", {0, kMaxNominalTransitDays});
  const auto max_days = r.optional_int("max_transit_days", {0, kMaxNominalTransitDays});
  const auto enabled = r.optional_bool("enabled");
  r.reject_unknown();

  TenantService s;
  if (path_id) s.id = *path_id;
  if (id) {
    if (!is_service_id(*id))
      r.fail("id", "must be 1-64 lowercase letters, digits or dashes, starting with a letter or digit");
    else if (path_id && *id != *path_id) r.fail("id", std::string("must be the id in the path, ") + *path_id);
    else s.id = *id;
  }

  const cal::CarrierService* base = nullptr;
  if (present(body, "based_on")) {
    if (based_on && !(base = cal::find_carrier_service(*based_on)))
      r.fail("based_on", "is not a built-in service id (such as ups-ground)");
    for (const char* key : kCalendarFields)
      if (present(body, key)) r.fail(key, "cannot be combined with based_on: the calendar is the built-in service's");
  } else {
    for (const char* key : kOwnFields)
      if (!present(body, key)) r.fail(key, "is required unless based_on names a built-in service");
  }

  if (base) {
    s.based_on = std::string(base->id);
    s.carrier = carrier ? *carrier : std::string(base->carrier);
    s.name = name ? *name : std::string(base->name);
  } else {
    if (carrier) s.carrier = *carrier;
    if (name) s.name = *name;
  }
  if (pickup) {
    if (pickup->empty()) r.fail("pickup_days", "must name at least one day");
    cal::sort_weekday_names(*pickup);
    s.pickup_days = *pickup;
  }
  if (delivery) {
    if (delivery->empty()) r.fail("delivery_days", "must name at least one day");
    cal::sort_weekday_names(*delivery);
    s.delivery_days = *delivery;
  }
  if (holidays) {
    if (holiday_set_from_api_name(*holidays)) s.holidays = *holidays;
    else r.fail("holidays", kHolidayRule);
  }
  if (min_days) s.min_transit_days = static_cast<int>(*min_days);
  if (max_days) s.max_transit_days = static_cast<int>(*max_days);
  const int lo = s.min_transit_days.value_or(base ? base->min_transit_days : 0);
  const int hi = s.max_transit_days.value_or(base ? base->max_transit_days : kMaxNominalTransitDays);
  if ((min_days || max_days) && lo > hi)
    r.fail(max_days ? "max_transit_days" : "min_transit_days",
           std::string("the band must have min_transit_days <= max_transit_days (here ") + std::to_string(lo) + " > " +
               std::to_string(hi) + ")");
  if (enabled) s.enabled = *enabled;
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {std::move(s), {}};
}

std::optional<cal::ServiceDefinition> service_definition(const TenantService& s) {
  cal::ServiceDefinition d;
  if (s.based_on) {
    const cal::CarrierService* base = cal::find_carrier_service(*s.based_on);
    if (!base) return std::nullopt;
    d = cal::definition_of(*base);
  } else {
    d.calendar.pickup_days = cal::weekday_set_of(s.pickup_days);
    d.calendar.delivery_days = cal::weekday_set_of(s.delivery_days);
    d.calendar.holidays = holiday_set_from_api_name(s.holidays.value_or("none")).value_or(cal::HolidaySetId::none);
  }
  d.id = s.id;
  d.carrier = s.carrier;
  d.name = s.name;
  if (s.min_transit_days) d.min_transit_days = *s.min_transit_days;
  if (s.max_transit_days) d.max_transit_days = *s.max_transit_days;
  d.enabled = s.enabled;
  if (d.calendar.pickup_days.empty() || d.calendar.delivery_days.empty() || d.min_transit_days > d.max_transit_days)
    return std::nullopt;
  return d;
}

nlohmann::json to_json(const TenantService& s) {
  auto or_null = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json effective = nullptr;
  if (const auto d = service_definition(s))
    effective = {{"pickup_days", cal::weekday_names(d->calendar.pickup_days)},
                 {"delivery_days", cal::weekday_names(d->calendar.delivery_days)},
                 {"holidays", api_holiday_name(d->calendar.holidays)},
                 {"min_transit_days", d->min_transit_days},
                 {"max_transit_days", d->max_transit_days}};
  return {{"id", s.id},
          {"carrier", s.carrier},
          {"name", s.name},
          {"based_on", or_null(s.based_on)},
          {"pickup_days", s.based_on ? nlohmann::json(nullptr) : nlohmann::json(s.pickup_days)},
          {"delivery_days", s.based_on ? nlohmann::json(nullptr) : nlohmann::json(s.delivery_days)},
          {"holidays", or_null(s.holidays)},
          {"min_transit_days", or_null(s.min_transit_days)},
          {"max_transit_days", or_null(s.max_transit_days)},
          {"enabled", s.enabled},
          {"effective", effective},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at}};
}

}  // namespace forewarn
