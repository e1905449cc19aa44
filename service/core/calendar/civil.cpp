#include "core/calendar/civil.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/time.hpp"

namespace forewarn::core::calendar {

Day make_day(int y, unsigned m, unsigned d) {
  return Day{date::year{y} / date::month{m} / date::day{d}};
}

std::string format_day(Day d) { return format_civil_day(d.time_since_epoch()); }

namespace {
bool parse_uint(std::string_view s, unsigned& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}
}  // namespace

std::optional<Day> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  unsigned y = 0, m = 0, d = 0;
  if (!parse_uint(text.substr(0, 4), y) || !parse_uint(text.substr(5, 2), m) ||
      !parse_uint(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{static_cast<int>(y)}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return Day{ymd};
}

int year_of(Day d) { return static_cast<int>(date::year_month_day{d}.year()); }

Day easter_sunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher), J. Meeus,
  // "Astronomical Algorithms", 2nd ed. (1998), chapter 8.
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return make_day(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<Day> nth_weekday_of_month(int year, unsigned month, date::weekday wd, int n) {
  const date::year_month ym{date::year{year}, date::month{month}};
  if (!ym.ok()) return std::nullopt;
  if (n >= 1 && n <= 5) {
    const date::year_month_weekday ymw{ym.year(), ym.month(),
                                       wd[static_cast<unsigned>(n)]};
    if (!ymw.ok()) return std::nullopt;
    return Day{ymw};
  }
  if (n <= -1 && n >= -5) {
    const Day last = Day{ym.year() / ym.month() / date::last};
    const Day d = first_on_or_before(last, wd) - date::weeks{-n - 1};
    if (date::year_month_day{d}.month() != ym.month()) return std::nullopt;
    return d;
  }
  return std::nullopt;
}

Day nth_weekday(int year, unsigned month, date::weekday wd, int n) {
  // n in 1..4 or -1 always exists; other n fall back to the last one.
  if (auto d = nth_weekday_of_month(year, month, wd, n)) return *d;
  return *nth_weekday_of_month(year, month, wd, -1);
}

Day first_on_or_after(Day from, date::weekday wd) { return from + (wd - date::weekday{from}); }

Day first_on_or_before(Day from, date::weekday wd) { return from - (date::weekday{from} - wd); }

WeekdaySet WeekdaySet::range(date::weekday first, date::weekday last) {
  WeekdaySet s;
  for (date::weekday wd = first;; ++wd) {
    s = s.with(wd);
    if (wd == last) break;
  }
  return s;
}

int WeekdaySet::size() const {
  int n = 0;
  for (unsigned i = 0; i < 7; ++i) n += (bits_ >> i) & 1u;
  return n;
}

std::string WeekdaySet::to_string() const {
  static constexpr const char* kNames[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  if (empty()) return "none";
  // Order Mon..Sun; look for one contiguous run to print as "A-B".
  auto in = [&](unsigned iso) { return contains(date::weekday{iso % 7}); };  // iso 1..7
  int runs = 0;
  unsigned first = 0, last = 0;
  for (unsigned iso = 1; iso <= 7; ++iso) {
    if (in(iso) && (iso == 1 || !in(iso - 1))) {
      ++runs;
      first = iso;
    }
    if (in(iso)) last = iso;
  }
  if (runs == 1 && last > first) {
    if (last - first == 6) return "Mon-Sun";
    return std::string(kNames[first % 7]) + "-" + kNames[last % 7];
  }
  std::string out;
  for (unsigned iso = 1; iso <= 7; ++iso) {
    if (!in(iso)) continue;
    if (!out.empty()) out += ',';
    out += kNames[iso % 7];
  }
  return out;
}

namespace {
// Monday first: the order in which the API lists days.
constexpr std::array<std::pair<std::string_view, date::weekday>, 7> kWeekdayNames{{
    {"mon", date::Monday}, {"tue", date::Tuesday}, {"wed", date::Wednesday}, {"thu", date::Thursday},
    {"fri", date::Friday}, {"sat", date::Saturday}, {"sun", date::Sunday},
}};

std::size_t week_position(std::string_view name) {
  for (std::size_t i = 0; i < kWeekdayNames.size(); ++i)
    if (kWeekdayNames[i].first == name) return i;
  return kWeekdayNames.size();
}
}  // namespace

std::optional<date::weekday> parse_weekday_name(std::string_view name) {
  const std::size_t i = week_position(name);
  if (i == kWeekdayNames.size()) return std::nullopt;
  return kWeekdayNames[i].second;
}

bool is_weekday_name(const std::string& name) { return parse_weekday_name(name).has_value(); }

WeekdaySet weekday_set_of(const std::vector<std::string>& names) {
  WeekdaySet s = WeekdaySet::none();
  for (const auto& n : names)
    if (auto wd = parse_weekday_name(n)) s = s.with(*wd);
  return s;
}

std::vector<std::string> weekday_names(WeekdaySet set) {
  std::vector<std::string> out;
  for (const auto& [name, wd] : kWeekdayNames)
    if (set.contains(wd)) out.emplace_back(name);
  return out;
}

void sort_weekday_names(std::vector<std::string>& names) {
  std::stable_sort(names.begin(), names.end(),
                   [](const std::string& a, const std::string& b) { return week_position(a) < week_position(b); });
}

Day day_of(std::chrono::year_month_day d) { return Day{date::days{std::chrono::sys_days(d).time_since_epoch().count()}}; }

}  // namespace forewarn::core::calendar
