// Mainland China's moving holidays. Gregorian dates of the lunar new year
// (Spring Festival, 春节) for 2000..2050, and the State Council's official
// holiday schedules (国务院办公厅关于部分节假日安排的通知) for the years we
// have them. Sources are named in china.cpp.
#pragma once

#include <optional>
#include <vector>

#include "core/calendar/civil.hpp"
#include "core/calendar/holidays.hpp"

namespace forewarn::core::calendar::china {

inline constexpr int kFirstSpringFestivalYear = 2000;
inline constexpr int kLastSpringFestivalYear = 2050;

// Day 1 of the first lunar month in Gregorian `year`; nullopt outside
// 2000..2050 (the table's range).
std::optional<Day> spring_festival(int year);

// True when the official State Council schedule for `year` is in the table
// (2024, 2025, 2026). Other years use the approximation in china.cpp.
bool has_official_schedule(int year);

// Days off in `year` (kind `period`), sorted. Official schedule when known,
// otherwise: 1 Jan; Spring Festival eve..6th day (before 2024) or eve..7th
// day (after 2026); 1-5 May (1-3 May before 2020); 1-7 Oct. Qingming, Dragon
// Boat and Mid-Autumn are only present in official-schedule years.
std::vector<Holiday> holidays(int year);

// Weekend days that are official working days (make-up days) in `year`;
// empty when the official schedule is unknown.
std::vector<Day> extra_working_days(int year);

}  // namespace forewarn::core::calendar::china
