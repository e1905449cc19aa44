#include "core/time.hpp"

#include <cctype>
#include <charconv>
#include <exception>

#include <date/tz.h>

namespace forewarn {

namespace {
// Writes `v` as `width` decimal digits (zero-padded) at `out`.
void put_digits(char* out, int width, long long v) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}
}  // namespace

// Hand-formatted: this runs several times per checkout request and per log
// line, and date::format (an ostringstream with its locale) costs ~1 us each.
// Years outside 0000-9999 keep date::format's spelling.
std::string format_iso8601(Instant t) {
  const auto day = std::chrono::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  const long long ms_of_day = (t - day).count();
  if (year < 0 || year > 9999) {
    if (ms_of_day % 1000 == 0) return date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(t));
    return date::format("%FT%TZ", t);
  }
  char buf[24];  // YYYY-MM-DDTHH:MM:SS.mmmZ
  put_digits(buf, 4, year);
  buf[4] = '-';
  put_digits(buf + 5, 2, static_cast<unsigned>(ymd.month()));
  buf[7] = '-';
  put_digits(buf + 8, 2, static_cast<unsigned>(ymd.day()));
  buf[10] = 'T';
  put_digits(buf + 11, 2, ms_of_day / 3600000);
  buf[13] = ':';
  put_digits(buf + 14, 2, ms_of_day / 60000 % 60);
  buf[16] = ':';
  put_digits(buf + 17, 2, ms_of_day / 1000 % 60);
  size_t n = 19;
  if (ms_of_day % 1000 != 0) {
    buf[n++] = '.';
    put_digits(buf + n, 3, ms_of_day % 1000);
    n += 3;
  }
  buf[n++] = 'Z';
  return std::string(buf, n);
}

std::string format_civil_day(date::days since_epoch) {
  const date::sys_days d{since_epoch};
  const date::year_month_day ymd{d};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return date::format("%F", d);
  char buf[10];
  put_digits(buf, 4, year);
  buf[4] = '-';
  put_digits(buf + 5, 2, static_cast<unsigned>(ymd.month()));
  buf[7] = '-';
  put_digits(buf + 8, 2, static_cast<unsigned>(ymd.day()));
  return std::string(buf, 10);
}

namespace {

bool read_int(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (size_t i = pos; i < pos + len; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

}  // namespace

std::optional<Instant> parse_iso8601(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|+HHMM]
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 20) return std::nullopt;
  if (!read_int(s, 0, 4, y) || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' ||
      !read_int(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !read_int(s, 11, 2, h) || s[13] != ':' || !read_int(s, 14, 2, mi) || s[16] != ':' ||
      !read_int(s, 17, 2, sec))
    return std::nullopt;
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!read_int(s, pos + 1, 2, oh)) return std::nullopt;
    size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!read_int(s, mpos, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
    pos = mpos + 2;
  } else {
    return std::nullopt;  // an instant without an offset is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  const auto day_start = date::sys_days{ymd};
  return Instant{std::chrono::duration_cast<Duration>(day_start.time_since_epoch())} +
         std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{sec} +
         std::chrono::milliseconds{millis} - std::chrono::minutes{offset_minutes};
}

std::optional<Instant> parse_rfc2822(std::string_view s) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  size_t pos = 0;
  const auto skip_spaces = [&] {
    while (pos < s.size() && s[pos] == ' ') ++pos;
  };
  const auto word = [&] {
    const size_t start = pos;
    while (pos < s.size() && s[pos] != ' ') ++pos;
    return s.substr(start, pos - start);
  };
  skip_spaces();
  if (const size_t comma = s.find(','); comma != std::string_view::npos) pos = comma + 1;  // the weekday is optional
  skip_spaces();
  int d = 0, y = 0, h = 0, mi = 0, sec = 0;
  const std::string_view day = word();
  if (day.empty() || day.size() > 2 || !read_int(day, 0, day.size(), d)) return std::nullopt;
  skip_spaces();
  const std::string_view month = word();
  unsigned mo = 0;
  for (unsigned i = 0; i < 12; ++i)
    if (month == kMonths[i]) mo = i + 1;
  skip_spaces();
  const std::string_view year = word();
  skip_spaces();
  const std::string_view clock = word();
  skip_spaces();
  const std::string_view zone = word();
  skip_spaces();
  if (mo == 0 || year.size() != 4 || !read_int(year, 0, 4, y) || pos != s.size()) return std::nullopt;
  if (clock.size() != 8 || !read_int(clock, 0, 2, h) || clock[2] != ':' || !read_int(clock, 3, 2, mi) ||
      clock[5] != ':' || !read_int(clock, 6, 2, sec))
    return std::nullopt;
  int offset_minutes = 0;
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
    int oh = 0, om = 0;
    if (!read_int(zone, 1, 2, oh) || !read_int(zone, 3, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_minutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
  } else if (zone != "GMT" && zone != "UT" && zone != "UTC" && zone != "Z") {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{y}, date::month{mo}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return Instant{std::chrono::duration_cast<Duration>(date::sys_days{ymd}.time_since_epoch())} +
         std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{sec} -
         std::chrono::minutes{offset_minutes};
}

const date::time_zone* find_time_zone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace forewarn
