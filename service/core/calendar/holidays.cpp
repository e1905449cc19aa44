#include "core/calendar/holidays.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/calendar/china.hpp"

namespace forewarn::core::calendar {
namespace {

using date::Monday;
using date::Thursday;

constexpr date::days operator""_d(unsigned long long n) { return date::days{static_cast<int>(n)}; }

void add(std::vector<Holiday>& out, Day d, std::string_view name, HolidayKind kind = HolidayKind::actual) {
  out.push_back({d, name, kind});
}

// Adds the observed day (5 U.S.C. 6103(b)) of every weekend holiday in
// `actual` to `out`.
void add_us_observed(std::vector<Holiday>& out, const std::vector<Holiday>& actual) {
  for (const auto& h : actual) {
    if (auto obs = us_observed_day(h.day)) add(out, *obs, h.name, HolidayKind::observed);
  }
}

// US national days of mourning (executive orders closing federal offices).
// Source: the executive orders as published in the Federal Register; they are
// listed in the `holidays` library's US data that /work/shared's cross-check
// file comes from. Days declared after this table was written are missing.
struct OneOff {
  int y;
  unsigned m, d;
  const char* name;
};
constexpr std::array<OneOff, 4> kUsOneOffs = {{
    {2004, 6, 11, "National Day of Mourning for former President Ronald Reagan"},
    {2007, 1, 2, "National Day of Mourning for former President Gerald R. Ford"},
    {2018, 12, 5, "National Day of Mourning for former President George H. W. Bush"},
    {2025, 1, 9, "National Day of Mourning for former President Jimmy Carter"},
}};

// The six holidays on which UPS, FedEx and DHL Express USA do not pick up or
// deliver (UPS "Holiday Schedule", FedEx "Holiday Service Schedule", DHL
// Express USA holiday notices), with the same Saturday->Friday and
// Sunday->Monday observance as federal holidays (e.g. UPS was closed on Fri
// 31 Dec 2021 for New Year's Day 2022). The carriers' reduced-service days
// (e.g. the day after Thanksgiving) are not closures and are not listed.
std::vector<Holiday> us_core_six_actual(int year) {
  std::vector<Holiday> out;
  out.reserve(16);
  add(out, make_day(year, 1, 1), "New Year's Day");
  add(out, nth_weekday(year, 5, Monday, -1), "Memorial Day");
  add(out, make_day(year, 7, 4), "Independence Day");
  add(out, nth_weekday(year, 9, Monday, 1), "Labor Day");
  add(out, nth_weekday(year, 11, Thursday, 4), "Thanksgiving Day");
  add(out, make_day(year, 12, 25), "Christmas Day");
  return out;
}

// Rule-year holidays of a US set including observed days (and, for the
// federal set, one-offs) before filtering to a calendar year.
std::vector<Holiday> us_rule_year(HolidaySetId set, int year) {
  const bool federal = set == HolidaySetId::us_federal || set == HolidaySetId::usps;
  std::vector<Holiday> actual = federal ? us_federal_actual(year) : us_core_six_actual(year);
  std::vector<Holiday> out = actual;
  add_us_observed(out, actual);
  if (federal) {
    for (const auto& o : kUsOneOffs) {
      if (o.y == year) add(out, make_day(o.y, o.m, o.d), o.name, HolidayKind::one_off);
    }
  }
  return out;
}

// Finland. Source: the official Finnish calendar published by the University
// of Helsinki Almanac Office (almanakka.helsinki.fi), which lists the public
// holidays (church holidays per the Church Act; May Day; Independence Day).
// Midsummer Day is the Saturday between 20 and 26 June and All Saints' Day the
// Saturday between 31 Oct and 6 Nov (moved to Saturdays in 1955). Midsummer
// Eve (the Friday before Midsummer Day, 19..25 June) and Christmas Eve are not
// church holidays but are days off by collective agreements and closed banks,
// so they count here.
std::vector<Holiday> finland(int year) {
  std::vector<Holiday> out;
  const Day easter = easter_sunday(year);
  const Day midsummer_day = first_on_or_after(make_day(year, 6, 20), date::Saturday);
  add(out, make_day(year, 1, 1), "New Year's Day");
  add(out, make_day(year, 1, 6), "Epiphany");
  add(out, easter - 2_d, "Good Friday");
  add(out, easter, "Easter Sunday");
  add(out, easter + 1_d, "Easter Monday");
  add(out, make_day(year, 5, 1), "May Day");
  add(out, easter + 39_d, "Ascension Day");
  add(out, easter + 49_d, "Whit Sunday");
  add(out, midsummer_day - 1_d, "Midsummer Eve");
  add(out, midsummer_day, "Midsummer Day");
  add(out, first_on_or_after(make_day(year, 10, 31), date::Saturday), "All Saints' Day");
  add(out, make_day(year, 12, 6), "Independence Day");
  add(out, make_day(year, 12, 24), "Christmas Eve");
  add(out, make_day(year, 12, 25), "Christmas Day");
  add(out, make_day(year, 12, 26), "St Stephen's Day");
  return out;
}

// Hungary. Source: Act I of 2012 on the Labour Code (Munka Törvénykönyve),
// section 102(1): 1 Jan, 15 Mar, Good Friday (since 2017), Easter Sunday and
// Monday, 1 May, Whit Sunday and Monday, 20 Aug, 23 Oct, 1 Nov, 25-26 Dec.
// Christmas Eve (24 Dec) is added as a day off: it is not in that list, but
// shops close early, most employers give it off, and the `holidays` library
// (python-holidays) lists it from 2010. An assumption; see the tests.
// The yearly decree's bridge-day swaps (a weekday off, a Saturday worked) are
// NOT modelled.
std::vector<Holiday> hungary(int year) {
  std::vector<Holiday> out;
  const Day easter = easter_sunday(year);
  add(out, make_day(year, 1, 1), "New Year's Day");
  add(out, make_day(year, 3, 15), "National Day (1848 Revolution)");
  if (year >= 2017) add(out, easter - 2_d, "Good Friday");
  add(out, easter, "Easter Sunday");
  add(out, easter + 1_d, "Easter Monday");
  add(out, make_day(year, 5, 1), "Labour Day");
  add(out, easter + 49_d, "Whit Sunday");
  add(out, easter + 50_d, "Whit Monday");
  add(out, make_day(year, 8, 20), "State Foundation Day");
  add(out, make_day(year, 10, 23), "National Day (1956 Revolution)");
  add(out, make_day(year, 11, 1), "All Saints' Day");
  add(out, make_day(year, 12, 24), "Christmas Eve");
  add(out, make_day(year, 12, 25), "Christmas Day");
  add(out, make_day(year, 12, 26), "Second Day of Christmas");
  return out;
}

// Brazil, national. Sources: Lei 662/1949 as amended by Lei 10.607/2002
// (1 Jan, 21 Apr, 1 May, 7 Sep, 2 Nov, 15 Nov, 25 Dec); Lei 6.802/1980 (12 Oct);
// Lei 9.093/1995 (Good Friday as a religious holiday); Lei 14.759/2023 (20 Nov,
// national from 2024). Carnival Monday/Tuesday (Easter - 48/-47) and Corpus
// Christi (Easter + 60) are federal "pontos facultativos" in the Ministry's
// yearly ordinance, but banks (FEBRABAN calendar) and most businesses close,
// so they count as holidays here.
std::vector<Holiday> brazil(int year) {
  std::vector<Holiday> out;
  const Day easter = easter_sunday(year);
  add(out, make_day(year, 1, 1), "Confraternização Universal");
  add(out, easter - 48_d, "Carnival Monday");
  add(out, easter - 47_d, "Carnival Tuesday");
  add(out, easter - 2_d, "Good Friday");
  add(out, make_day(year, 4, 21), "Tiradentes");
  add(out, make_day(year, 5, 1), "Labour Day");
  add(out, easter + 60_d, "Corpus Christi");
  add(out, make_day(year, 9, 7), "Independence Day");
  add(out, make_day(year, 10, 12), "Nossa Senhora Aparecida");
  add(out, make_day(year, 11, 2), "All Souls' Day");
  add(out, make_day(year, 11, 15), "Proclamation of the Republic");
  if (year >= 2024) add(out, make_day(year, 11, 20), "Black Consciousness Day");
  add(out, make_day(year, 12, 25), "Christmas Day");
  return out;
}

bool is_us_set(HolidaySetId set) {
  switch (set) {
    case HolidaySetId::us_federal:
    case HolidaySetId::usps:
    case HolidaySetId::ups:
    case HolidaySetId::fedex:
    case HolidaySetId::dhl_us:
      return true;
    default:
      return false;
  }
}

}  // namespace

// US federal holidays, 5 U.S.C. 6103(a), with their history:
// Uniform Monday Holiday Act (Pub. L. 90-363, effective 1971) moved
// Washington's Birthday, Memorial Day, Columbus Day and (1971-1977) Veterans
// Day to Mondays; Pub. L. 94-97 returned Veterans Day to 11 Nov from 1978;
// Martin Luther King Jr. Day from 1986 (Pub. L. 98-144); Juneteenth from
// 2021 (Pub. L. 117-17, first observed Fri 18 Jun 2021).
std::vector<Holiday> us_federal_actual(int year) {
  std::vector<Holiday> out;
  out.reserve(32);
  const bool monday_act = year >= 1971;
  add(out, make_day(year, 1, 1), "New Year's Day");
  if (year >= 1986) add(out, nth_weekday(year, 1, Monday, 3), "Martin Luther King Jr. Day");
  add(out, monday_act ? nth_weekday(year, 2, Monday, 3) : make_day(year, 2, 22), "Washington's Birthday");
  add(out, monday_act ? nth_weekday(year, 5, Monday, -1) : make_day(year, 5, 30), "Memorial Day");
  if (year >= 2021) add(out, make_day(year, 6, 19), "Juneteenth National Independence Day");
  add(out, make_day(year, 7, 4), "Independence Day");
  add(out, nth_weekday(year, 9, Monday, 1), "Labor Day");
  add(out, monday_act ? nth_weekday(year, 10, Monday, 2) : make_day(year, 10, 12), "Columbus Day");
  if (year >= 1971 && year <= 1977) {
    add(out, nth_weekday(year, 10, Monday, 4), "Veterans Day");
  } else {
    add(out, make_day(year, 11, 11), year <= 1953 ? "Armistice Day" : "Veterans Day");
  }
  add(out, nth_weekday(year, 11, Thursday, 4), "Thanksgiving Day");
  add(out, make_day(year, 12, 25), "Christmas Day");
  return out;
}

std::optional<Day> us_observed_day(Day actual) {
  const date::weekday wd{actual};
  if (wd == date::Saturday) return actual - 1_d;
  if (wd == date::Sunday) return actual + 1_d;
  return std::nullopt;
}

std::vector<Holiday> holidays_in_year(HolidaySetId set, int year) {
  std::vector<Holiday> out;
  out.reserve(32);
  if (is_us_set(set)) {
    // Observed days cross the year boundary only at New Year: include the
    // next rule year so that 31 Dec appears when 1 Jan is a Saturday.
    for (int rule_year : {year, year + 1}) {
      for (const auto& h : us_rule_year(set, rule_year)) {
        if (year_of(h.day) == year) out.push_back(h);
      }
    }
  } else {
    switch (set) {
      case HolidaySetId::finland: out = finland(year); break;
      case HolidaySetId::hungary: out = hungary(year); break;
      case HolidaySetId::brazil: out = brazil(year); break;
      case HolidaySetId::china: out = china::holidays(year); break;
      default: break;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
  return out;
}

std::vector<Holiday> holidays_on(HolidaySetId set, Day day) {
  std::vector<Holiday> out;
  for (const auto& h : holidays_in_year(set, year_of(day))) {
    if (h.day == day) out.push_back(h);
  }
  return out;
}

bool is_holiday(HolidaySetId set, Day day) {
  // Hot path of every business-day computation: same answer as
  // holidays_on(set, day), without sorting and filtering a whole year.
  const auto contains = [day](const std::vector<Holiday>& hs) {
    return std::any_of(hs.begin(), hs.end(), [day](const Holiday& h) { return h.day == day; });
  };
  const int year = year_of(day);
  if (is_us_set(set)) {
    // Only 31 Dec can be the observed day of the next rule year's holiday.
    const bool dec31 = date::year_month_day{day}.month() == date::December &&
                       date::year_month_day{day}.day() == date::day{31};
    return contains(us_rule_year(set, year)) || (dec31 && contains(us_rule_year(set, year + 1)));
  }
  switch (set) {
    case HolidaySetId::finland: return contains(finland(year));
    case HolidaySetId::hungary: return contains(hungary(year));
    case HolidaySetId::brazil: return contains(brazil(year));
    case HolidaySetId::china: return contains(china::holidays(year));
    default: return false;
  }
}

std::string display_name(const Holiday& h) {
  std::string out(h.name);
  if (h.kind == HolidayKind::observed) out += " (observed)";
  return out;
}

std::vector<Day> extra_working_days(HolidaySetId set, int year) {
  if (set != HolidaySetId::china) return {};
  return china::extra_working_days(year);
}

bool is_extra_working_day(HolidaySetId set, Day day) {
  if (set != HolidaySetId::china) return false;
  const auto days = china::extra_working_days(year_of(day));
  return std::find(days.begin(), days.end(), day) != days.end();
}

namespace {
struct SetName {
  HolidaySetId id;
  std::string_view name;
  std::string_view country;  // empty when the set is not a country's
};
constexpr std::array<SetName, 10> kSetNames = {{
    {HolidaySetId::none, "none", ""},
    {HolidaySetId::us_federal, "us-federal", "us"},
    {HolidaySetId::usps, "usps", ""},
    {HolidaySetId::ups, "ups", ""},
    {HolidaySetId::fedex, "fedex", ""},
    {HolidaySetId::dhl_us, "dhl-us", ""},
    {HolidaySetId::finland, "finland", "fi"},
    {HolidaySetId::hungary, "hungary", "hu"},
    {HolidaySetId::china, "china", "cn"},
    {HolidaySetId::brazil, "brazil", "br"},
}};
}  // namespace

std::string_view to_string(HolidaySetId set) {
  for (const auto& n : kSetNames) {
    if (n.id == set) return n.name;
  }
  return "none";
}

std::optional<HolidaySetId> holiday_set_from_string(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& n : kSetNames) {
    if (lower == n.name || (!n.country.empty() && lower == n.country)) return n.id;
  }
  return std::nullopt;
}

}  // namespace forewarn::core::calendar
