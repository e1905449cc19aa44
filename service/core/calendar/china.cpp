#include "core/calendar/china.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace forewarn::core::calendar::china {
namespace {

struct MonthDayEntry {
  unsigned month;
  unsigned day;
};

// Gregorian date of the first day of the first lunar month (Spring Festival,
// 春节), 2000..2050. Source: Hong Kong Observatory, "Gregorian-Lunar Calendar
// Conversion Table" (www.hko.gov.hk/en/gts/time/conversion.htm), which follows
// the Chinese national standard GB/T 33661-2017 "Calculation and promulgation
// of the Chinese calendar"; the same dates appear in the US Naval
// Observatory's list of Chinese New Year dates.
constexpr std::array<MonthDayEntry, 51> kSpringFestival = {{
    {2, 5},   // 2000
    {1, 24},  // 2001
    {2, 12},  // 2002
    {2, 1},   // 2003
    {1, 22},  // 2004
    {2, 9},   // 2005
    {1, 29},  // 2006
    {2, 18},  // 2007
    {2, 7},   // 2008
    {1, 26},  // 2009
    {2, 14},  // 2010
    {2, 3},   // 2011
    {1, 23},  // 2012
    {2, 10},  // 2013
    {1, 31},  // 2014
    {2, 19},  // 2015
    {2, 8},   // 2016
    {1, 28},  // 2017
    {2, 16},  // 2018
    {2, 5},   // 2019
    {1, 25},  // 2020
    {2, 12},  // 2021
    {2, 1},   // 2022
    {1, 22},  // 2023
    {2, 10},  // 2024
    {1, 29},  // 2025
    {2, 17},  // 2026
    {2, 6},   // 2027
    {1, 26},  // 2028
    {2, 13},  // 2029
    {2, 3},   // 2030
    {1, 23},  // 2031
    {2, 11},  // 2032
    {1, 31},  // 2033
    {2, 19},  // 2034
    {2, 8},   // 2035
    {1, 28},  // 2036
    {2, 15},  // 2037
    {2, 4},   // 2038
    {1, 24},  // 2039
    {2, 12},  // 2040
    {2, 1},   // 2041
    {1, 22},  // 2042
    {2, 10},  // 2043
    {1, 30},  // 2044
    {2, 17},  // 2045
    {2, 6},   // 2046
    {1, 26},  // 2047
    {2, 14},  // 2048
    {2, 2},   // 2049
    {1, 23},  // 2050
}};

struct FullDate {
  int year;
  unsigned month;
  unsigned day;
  Day to_day() const { return make_day(year, month, day); }
};

struct Period {
  int year;  // the schedule (notice) year
  const char* name;
  FullDate first;
  FullDate last;  // inclusive
};

// Official schedules, from the State Council General Office's yearly notice
// (国务院办公厅关于YYYY年部分节假日安排的通知, published on www.gov.cn):
//   2024: notice of 25 Oct 2023.
//   2025: notice of 12 Nov 2024, the first under the amended "National
//         Festivals and Memorial Days" regulation (Spring Festival eve and
//         2 May became statutory days off).
//   2026: notice published in Nov 2025; written down from memory, not
//         re-checked against the text. Verify before relying on it.
// 2027's notice was not known when this table was written.
// Periods include the weekend days the notices join to the holiday
// ("与周末连休"), because shops and carriers treat them alike.
constexpr std::array<Period, 20> kPeriods = {{
    {2024, "New Year's Day", {2023, 12, 30}, {2024, 1, 1}},
    {2024, "Spring Festival", {2024, 2, 10}, {2024, 2, 17}},
    {2024, "Qingming Festival", {2024, 4, 4}, {2024, 4, 6}},
    {2024, "Labour Day", {2024, 5, 1}, {2024, 5, 5}},
    {2024, "Dragon Boat Festival", {2024, 6, 8}, {2024, 6, 10}},
    {2024, "Mid-Autumn Festival", {2024, 9, 15}, {2024, 9, 17}},
    {2024, "National Day", {2024, 10, 1}, {2024, 10, 7}},
    {2025, "New Year's Day", {2025, 1, 1}, {2025, 1, 1}},
    {2025, "Spring Festival", {2025, 1, 28}, {2025, 2, 4}},
    {2025, "Qingming Festival", {2025, 4, 4}, {2025, 4, 6}},
    {2025, "Labour Day", {2025, 5, 1}, {2025, 5, 5}},
    {2025, "Dragon Boat Festival", {2025, 5, 31}, {2025, 6, 2}},
    {2025, "National Day and Mid-Autumn Festival", {2025, 10, 1}, {2025, 10, 8}},
    {2026, "New Year's Day", {2026, 1, 1}, {2026, 1, 3}},
    {2026, "Spring Festival", {2026, 2, 15}, {2026, 2, 23}},
    {2026, "Qingming Festival", {2026, 4, 4}, {2026, 4, 6}},
    {2026, "Labour Day", {2026, 5, 1}, {2026, 5, 5}},
    {2026, "Dragon Boat Festival", {2026, 6, 19}, {2026, 6, 21}},
    {2026, "Mid-Autumn Festival", {2026, 9, 25}, {2026, 9, 27}},
    {2026, "National Day", {2026, 10, 1}, {2026, 10, 7}},
}};

// Weekend days declared working days ("调休" make-up days), same notices.
constexpr std::array<FullDate, 19> kWorkdays = {{
    {2024, 2, 4},   {2024, 2, 18}, {2024, 4, 7},  {2024, 4, 28}, {2024, 5, 11},
    {2024, 9, 14},  {2024, 9, 29}, {2024, 10, 12},
    {2025, 1, 26},  {2025, 2, 8},  {2025, 4, 27}, {2025, 9, 28}, {2025, 10, 11},
    {2026, 1, 4},   {2026, 2, 14}, {2026, 2, 28}, {2026, 5, 9},  {2026, 9, 20},
    {2026, 10, 10},
}};

bool schedule_known(int year) {
  return std::any_of(kPeriods.begin(), kPeriods.end(), [&](const Period& p) { return p.year == year; });
}

void add_period(std::vector<Holiday>& out, int year, std::string_view name, Day first, Day last) {
  for (Day d = first; d <= last; d += date::days{1}) {
    if (year_of(d) == year) out.push_back({d, name, HolidayKind::period});
  }
}

}  // namespace

std::optional<Day> spring_festival(int year) {
  if (year < kFirstSpringFestivalYear || year > kLastSpringFestivalYear) return std::nullopt;
  const auto& e = kSpringFestival[static_cast<std::size_t>(year - kFirstSpringFestivalYear)];
  return make_day(year, e.month, e.day);
}

bool has_official_schedule(int year) { return schedule_known(year); }

std::vector<Holiday> holidays(int year) {
  std::vector<Holiday> out;
  if (schedule_known(year)) {
    // This year's periods; days before 1 Jan (2024's New Year period starts
    // on 30 Dec 2023) are dropped by add_period's year filter.
    for (const auto& p : kPeriods) {
      if (p.year == year || p.last.year == year) {
        add_period(out, year, p.name, p.first.to_day(), p.last.to_day());
      }
    }
  } else {
    add_period(out, year, "New Year's Day", make_day(year, 1, 1), make_day(year, 1, 1));
    if (auto sf = spring_festival(year)) {
      const Day eve = *sf - date::days{1};
      // eve..6th day as practised 2008-2023; eve..7th day as since 2025.
      const int last_lunar_day = year < 2024 ? 6 : 7;
      add_period(out, year, "Spring Festival", eve, *sf + date::days{last_lunar_day - 1});
    }
    add_period(out, year, "Labour Day", make_day(year, 5, 1), make_day(year, 5, year < 2020 ? 3 : 5));
    add_period(out, year, "National Day", make_day(year, 10, 1), make_day(year, 10, 7));
  }
  std::sort(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Day> extra_working_days(int year) {
  std::vector<Day> out;
  for (const auto& w : kWorkdays) {
    if (w.year == year) out.push_back(w.to_day());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace forewarn::core::calendar::china
