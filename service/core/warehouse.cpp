#include "core/warehouse.hpp"

#include <algorithm>
#include <array>

#include <date/tz.h>

#include "core/body_reader.hpp"
#include "core/calendar/civil.hpp"
#include "core/destination.hpp"
#include "core/time.hpp"

namespace forewarn {

namespace {
bool is_hh_mm(const std::string& s) {
  return s.size() == 5 && s[2] == ':' && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1])) && std::isdigit(static_cast<unsigned char>(s[3])) &&
         std::isdigit(static_cast<unsigned char>(s[4])) && (s[0] - '0') * 10 + (s[1] - '0') < 24 &&
         (s[3] - '0') * 10 + (s[4] - '0') < 60;
}


}  // namespace

bool is_valid_time_zone(const std::string& name) {
  return name.size() <= 64 && find_time_zone(name) != nullptr;
}

bool is_valid_local_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int y = std::stoi(s.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(s.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
  return y >= 1970 && y <= 2200 && date::year_month_day{date::year{y}, date::month{m}, date::day{d}}.ok();
}

WarehouseInput warehouse_from_json(const nlohmann::json& body, const Warehouse* base) {
  const bool create = base == nullptr;
  Warehouse w = create ? Warehouse{} : *base;
  if (create) w.processing_days = {"mon", "tue", "wed", "thu", "fri"};
  BodyReader r(body);
  auto name = create ? r.required_string("name", {1, 200}) : r.optional_string("name", {1, 200});
  auto tz = create ? r.required_string("time_zone", {1, 64}) : r.optional_string("time_zone", {1, 64});
  auto country = create ? r.required_string("country", {2, 2}) : r.optional_string("country", {2, 2});
  auto postal = r.optional_string("postal_code", {0, 20});
  auto cutoff = r.optional_string("cutoff_local", {5, 5});
  auto days = r.optional_string_list("processing_days", 7, core::calendar::is_weekday_name, kWeekdayNameRule);
  auto closures = r.optional_string_list("closures", 1000, is_valid_local_date, "a date YYYY-MM-DD");
  auto backlog = r.optional_int("backlog_days", {0, 365});
  r.reject_unknown();

  if (name) w.name = *name;
  if (tz) {
    if (is_valid_time_zone(*tz)) w.time_zone = *tz;
    else r.fail("time_zone", "must be an IANA time zone such as Europe/Helsinki");
  }
  if (country) {
    if (is_country_code(*country)) w.country = *country;
    else r.fail("country", kCountryRule);
  }
  if (postal) w.postal_code = *postal;
  if (cutoff) {
    if (is_hh_mm(*cutoff)) w.cutoff_local = *cutoff;
    else r.fail("cutoff_local", "must be a local time HH:MM, such as 14:00");
  }
  if (days) {
    if (days->empty()) r.fail("processing_days", "must name at least one day");
    core::calendar::sort_weekday_names(*days);
    w.processing_days = *days;
  }
  if (closures) {
    std::sort(closures->begin(), closures->end());
    w.closures = *closures;
  }
  if (backlog) w.backlog_days = static_cast<int>(*backlog);
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {w, {}};
}

nlohmann::json to_json(const Warehouse& w) {
  return {{"id", w.id},
          {"name", w.name},
          {"time_zone", w.time_zone},
          {"country", w.country},
          {"postal_code", w.postal_code},
          {"cutoff_local", w.cutoff_local},
          {"processing_days", w.processing_days},
          {"closures", w.closures},
          {"backlog_days", w.backlog_days},
          {"created_at", w.created_at},
          {"updated_at", w.updated_at}};
}

}  // namespace forewarn
