#include "core/event_json.hpp"

#include <array>

#include "core/body_reader.hpp"
#include "core/warehouse.hpp"

namespace forewarn {

namespace cal = core::calendar;

namespace {
constexpr std::array<const char*, 7> kWeekdays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::optional<std::chrono::seconds> parse_hms(const std::string& s) {
  if (s.size() != 8 || s[2] != ':' || s[5] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4, 6, 7})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  const int h = std::stoi(s.substr(0, 2)), m = std::stoi(s.substr(3, 2)), sec = std::stoi(s.substr(6, 2));
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  return std::chrono::seconds{h * 3600 + m * 60 + sec};
}

std::string format_hms(std::chrono::seconds t) {
  char buf[32];
  const int v = static_cast<int>(t.count() % 86400);
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", v / 3600, v / 60 % 60, v % 60);
  return buf;
}

std::optional<cal::DateRule> rule_from_json(BodyReader& outer, const nlohmann::json& j) {
  BodyReader r(j, outer.pointer("rule"));
  const auto type = r.required_string("type", {1, 20});
  std::optional<cal::DateRule> rule;
  if (type == "fixed") {
    const auto d = r.required_string("date", {10, 10});
    if (d && is_valid_local_date(*d)) {
      const int y = std::stoi(d->substr(0, 4));
      const unsigned m = static_cast<unsigned>(std::stoi(d->substr(5, 2))), day = static_cast<unsigned>(std::stoi(d->substr(8, 2)));
      rule = cal::FixedDate{date::year_month_day{date::year{y}, date::month{m}, date::day{day}}};
    } else if (d) {
      r.fail("date", "must be a date YYYY-MM-DD");
    }
  } else if (type == "annual") {
    const auto m = r.required_int("month", {1, 12});
    const auto d = r.required_int("day", {1, 31});
    if (m && d) {
      if (date::year_month_day{date::year{2024}, date::month{static_cast<unsigned>(*m)}, date::day{static_cast<unsigned>(*d)}}.ok())
        rule = cal::AnnualDate{static_cast<unsigned>(*m), static_cast<unsigned>(*d)};
      else
        r.fail("day", "is not a day of that month");
    }
  } else if (type == "nth_weekday") {
    const auto m = r.required_int("month", {1, 12});
    const auto wd = r.required_string("weekday", {3, 3});
    const auto n = r.required_int("n", {-5, 5});
    int index = -1;
    for (size_t i = 0; wd && i < kWeekdays.size(); ++i)
      if (*wd == kWeekdays[i]) index = static_cast<int>(i);
    if (wd && index < 0) r.fail("weekday", "must be mon, tue, wed, thu, fri, sat or sun");
    if (n && *n == 0) r.fail("n", "must be 1..5 or -1..-5 (from the end of the month)");
    if (m && index >= 0 && n && *n != 0)
      rule = cal::NthWeekdayOfMonth{static_cast<unsigned>(*m), date::weekday{static_cast<unsigned>(index)}, static_cast<int>(*n)};
  } else if (type == "easter" || type == "lunar_new_year") {
    const auto off = r.optional_int("offset_days", {-366, 366});
    if (r.ok()) {
      if (type == "easter") rule = cal::EasterRelative{static_cast<int>(off.value_or(0))};
      else rule = cal::ChineseNewYearRelative{static_cast<int>(off.value_or(0))};
    }
  } else if (type) {
    r.fail("type", "must be fixed, annual, nth_weekday, easter or lunar_new_year");
  }
  r.reject_unknown();
  outer.absorb(r);
  return r.ok() ? rule : std::nullopt;
}
}  // namespace

EventInput event_from_json(const nlohmann::json& body) {
  BodyReader r(body);
  cal::EventRule e;
  const auto name = r.required_string("name", {1, 200});
  const auto* rule = r.required_member("rule", nlohmann::json::value_t::object);
  const auto deadline = r.optional_string("deadline_time", {8, 8});
  const auto tz = r.optional_string("time_zone", {1, 64});
  const auto first = r.optional_int("first_year", {1970, 2200});
  const auto last = r.optional_int("last_year", {1970, 2200});
  r.reject_unknown();
  if (name) e.name = *name;
  if (rule) {
    if (auto parsed = rule_from_json(r, *rule)) e.date = *parsed;
  }
  if (deadline) {
    if (auto t = parse_hms(*deadline)) e.deadline_time = *t;
    else r.fail("deadline_time", "must be a local time HH:MM:SS");
  }
  if (tz) {
    if (is_valid_time_zone(*tz)) e.time_zone = *tz;
    else r.fail("time_zone", "must be an IANA time zone such as Europe/Helsinki");
  }
  if (first) e.first_year = static_cast<int>(*first);
  if (last) e.last_year = static_cast<int>(*last);
  if (first && last && *last < *first) r.fail("last_year", "must not be before first_year");
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {e, {}};
}

nlohmann::json to_json(const cal::EventRule& e) {
  nlohmann::json rule;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, cal::FixedDate>) {
          rule = {{"type", "fixed"}, {"date", date::format("%F", date::sys_days{d.date})}};
        } else if constexpr (std::is_same_v<T, cal::AnnualDate>) {
          rule = {{"type", "annual"}, {"month", d.month}, {"day", d.day}};
        } else if constexpr (std::is_same_v<T, cal::NthWeekdayOfMonth>) {
          rule = {{"type", "nth_weekday"}, {"month", d.month}, {"weekday", kWeekdays[d.weekday.c_encoding()]}, {"n", d.n}};
        } else if constexpr (std::is_same_v<T, cal::EasterRelative>) {
          rule = {{"type", "easter"}, {"offset_days", d.days}};
        } else {
          rule = {{"type", "lunar_new_year"}, {"offset_days", d.days}};
        }
      },
      e.date);
  nlohmann::json j = {{"name", e.name}, {"rule", rule}, {"deadline_time", format_hms(e.deadline_time)}};
  j["time_zone"] = e.time_zone ? nlohmann::json(*e.time_zone) : nlohmann::json(nullptr);
  j["first_year"] = e.first_year ? nlohmann::json(*e.first_year) : nlohmann::json(nullptr);
  j["last_year"] = e.last_year ? nlohmann::json(*e.last_year) : nlohmann::json(nullptr);
  return j;
}

}  // namespace forewarn
