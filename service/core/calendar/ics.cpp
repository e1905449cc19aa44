#include "core/calendar/ics.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <exception>
#include <utility>

namespace forewarn::core::calendar {
namespace {

// Internal only: thrown by the helpers below, caught in import_ics.
struct ParseError {
  IcsError error;
};

[[noreturn]] void fail(int line, std::string message) { throw ParseError{{line, std::move(message)}}; }

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

struct Line {
  int number;
  std::string text;
};

// RFC 5545 3.1: a CRLF (we also accept LF) followed by one space or tab
// continues the previous line.
std::vector<Line> unfold(std::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    pos = end + 1;
    ++number;
    if (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) {
      if (lines.empty()) fail(number, "continuation line without a line to continue");
      lines.back().text.append(raw.substr(1));
    } else if (!raw.empty()) {
      lines.push_back({number, std::string(raw)});
    }
  }
  return lines;
}

struct ContentLine {
  int number = 0;
  std::string name;  // upper-case
  std::vector<std::pair<std::string, std::string>> params;  // upper-case names
  std::string value;

  const std::string* param(std::string_view key) const {
    for (const auto& [k, v] : params) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

// name *(";" param) ":" value, where param values may be "quoted".
ContentLine parse_content_line(const Line& line) {
  ContentLine out;
  out.number = line.number;
  const std::string& s = line.text;
  std::size_t i = s.find_first_of(";:");
  if (i == std::string::npos || i == 0) fail(line.number, "expected NAME:VALUE, got '" + s + "'");
  out.name = upper(s.substr(0, i));
  while (s[i] == ';') {
    const std::size_t eq = s.find('=', i + 1);
    if (eq == std::string::npos) fail(line.number, "parameter without '=' in " + out.name);
    std::string key = upper(s.substr(i + 1, eq - i - 1));
    std::string value;
    std::size_t j = eq + 1;
    if (j < s.size() && s[j] == '"') {
      const std::size_t close = s.find('"', j + 1);
      if (close == std::string::npos) fail(line.number, "unterminated quoted parameter value in " + out.name);
      value = s.substr(j + 1, close - j - 1);
      j = close + 1;
    } else {
      const std::size_t stop = s.find_first_of(";:", j);
      value = s.substr(j, stop == std::string::npos ? std::string::npos : stop - j);
      j = stop == std::string::npos ? s.size() : stop;
    }
    out.params.emplace_back(std::move(key), std::move(value));
    if (j >= s.size()) fail(line.number, "expected ':' after the parameters of " + out.name);
    i = j;
  }
  if (s[i] != ':') fail(line.number, "expected ':' in " + out.name);
  out.value = s.substr(i + 1);
  return out;
}

// RFC 5545 3.3.11 TEXT escapes.
std::string unescape_text(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      const char n = v[++i];
      out += (n == 'n' || n == 'N') ? '\n' : n;
    } else {
      out += v[i];
    }
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// YYYYMMDD -> Day.
std::optional<Day> parse_basic_date(std::string_view s) {
  if (s.size() != 8 || !all_digits(s)) return std::nullopt;
  const date::year_month_day ymd{date::year{*to_int(s.substr(0, 4))},
                                 date::month{static_cast<unsigned>(*to_int(s.substr(4, 2)))},
                                 date::day{static_cast<unsigned>(*to_int(s.substr(6, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  return Day{ymd};
}

// HHMMSS -> seconds since midnight (a leap second 60 counts as 59).
std::optional<std::chrono::seconds> parse_basic_time(std::string_view s) {
  if (s.size() != 6 || !all_digits(s)) return std::nullopt;
  const int h = *to_int(s.substr(0, 2)), m = *to_int(s.substr(2, 2)), sec = *to_int(s.substr(4, 2));
  if (h > 23 || m > 59 || sec > 60) return std::nullopt;
  return std::chrono::seconds{h * 3600 + m * 60 + std::min(sec, 59)};
}

struct Start {
  Day day;
  std::optional<std::chrono::seconds> time;  // nullopt: an all-day date
  std::optional<std::string> zone;
};

Start parse_dtstart(const ContentLine& cl) {
  const std::string& v = cl.value;
  const std::string* value_type = cl.param("VALUE");
  const std::string bad = "bad DTSTART '" + v + "': expected YYYYMMDD or YYYYMMDDTHHMMSS[Z]";
  Start out;
  if ((value_type != nullptr && upper(*value_type) == "DATE") || v.size() == 8) {
    const auto day = parse_basic_date(v);
    if (!day) fail(cl.number, bad);
    out.day = *day;
    return out;
  }
  if (value_type != nullptr && upper(*value_type) != "DATE-TIME") {
    fail(cl.number, "unsupported DTSTART VALUE=" + *value_type);
  }
  const bool utc = v.size() == 16 && v.back() == 'Z';
  if (!(v.size() == 15 || utc) || v[8] != 'T') fail(cl.number, bad);
  const auto day = parse_basic_date(std::string_view(v).substr(0, 8));
  const auto time = parse_basic_time(std::string_view(v).substr(9, 6));
  if (!day || !time) fail(cl.number, bad);
  out.day = *day;
  out.time = *time;
  if (const std::string* tzid = cl.param("TZID")) {
    if (utc) fail(cl.number, "DTSTART has both TZID and a UTC 'Z' time");
    std::string name = *tzid;
    if (!name.empty() && name.front() == '/') name.erase(0, 1);  // "globally unique" form
    try {
      (void)date::locate_zone(name);
    } catch (const std::exception&) {
      fail(cl.number, "unknown TZID '" + *tzid + "' (IANA names only)");
    }
    out.zone = name;
  } else if (utc) {
    out.zone = "UTC";
  }
  return out;
}

std::optional<date::weekday> weekday_code(std::string_view s) {
  static constexpr std::array<std::string_view, 7> kCodes = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  for (unsigned i = 0; i < 7; ++i) {
    if (s == kCodes[i]) return date::weekday{i};
  }
  return std::nullopt;
}

struct Recurrence {
  DateRule rule;
  std::optional<int> last_year;
};

Recurrence parse_rrule(const ContentLine& cl, const Start& start) {
  const int n = cl.number;
  std::optional<unsigned> month, month_day;
  std::optional<NthWeekdayOfMonth> by_day;
  std::optional<int> count;
  std::optional<Day> until;
  bool yearly = false;
  std::string_view rest = cl.value;
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    const std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) fail(n, "bad RRULE part '" + std::string(part) + "'");
    const std::string key = upper(part.substr(0, eq));
    const std::string val = upper(part.substr(eq + 1));
    if (key == "FREQ") {
      if (val != "YEARLY") fail(n, "unsupported RRULE FREQ=" + val + " (only FREQ=YEARLY is supported)");
      yearly = true;
    } else if (key == "INTERVAL") {
      if (val != "1") fail(n, "unsupported RRULE INTERVAL=" + val + " (only 1)");
    } else if (key == "BYMONTH") {
      const auto m = to_int(val);
      if (!m || *m < 1 || *m > 12) fail(n, "unsupported RRULE BYMONTH=" + val + " (one month 1..12)");
      month = static_cast<unsigned>(*m);
    } else if (key == "BYMONTHDAY") {
      const auto d = to_int(val);
      if (!d || *d < 1 || *d > 31) fail(n, "unsupported RRULE BYMONTHDAY=" + val + " (one day 1..31)");
      month_day = static_cast<unsigned>(*d);
    } else if (key == "BYDAY") {
      const auto wd = val.size() >= 2 ? weekday_code(std::string_view(val).substr(val.size() - 2)) : std::nullopt;
      const auto ord = to_int(std::string_view(val).substr(0, val.size() >= 2 ? val.size() - 2 : 0));
      if (!wd || !ord || *ord == 0 || *ord < -5 || *ord > 5) {
        fail(n, "unsupported RRULE BYDAY=" + val + " (one ordinal weekday such as 2SU, 4TH, -1MO)");
      }
      by_day = NthWeekdayOfMonth{0, *wd, *ord};
    } else if (key == "COUNT") {
      count = to_int(val);
      if (!count || *count < 1) fail(n, "bad RRULE COUNT=" + val);
    } else if (key == "UNTIL") {
      until = parse_basic_date(std::string_view(val).substr(0, 8));
      if (!until) fail(n, "bad RRULE UNTIL=" + val);
    } else if (key == "WKST") {
      // Week start only matters for weekly rules.
    } else {
      fail(n, "unsupported RRULE part " + key);
    }
  }
  if (!yearly) fail(n, "RRULE without FREQ");
  if (by_day && month_day) fail(n, "unsupported RRULE: both BYDAY and BYMONTHDAY");
  if (by_day && !month) fail(n, "unsupported RRULE: BYDAY needs BYMONTH");
  if (count && until) fail(n, "RRULE has both COUNT and UNTIL");

  const date::year_month_day s{start.day};
  Recurrence out;
  if (by_day) {
    by_day->month = *month;
    out.rule = *by_day;
  } else {
    out.rule = AnnualDate{month.value_or(static_cast<unsigned>(s.month())),
                          month_day.value_or(static_cast<unsigned>(s.day()))};
  }
  if (count) out.last_year = static_cast<int>(s.year()) + *count - 1;
  if (until) {
    const int y = year_of(*until);
    const auto occ = occurrence_in_year(out.rule, y);
    out.last_year = (occ && *occ > *until) ? y - 1 : y;
  }
  return out;
}

struct PendingEvent {
  int begin_line = 0;
  std::optional<ContentLine> summary, dtstart, rrule;
};

EventRule build_event(const PendingEvent& ev, int end_line) {
  if (!ev.dtstart) fail(end_line, "VEVENT (opened at line " + std::to_string(ev.begin_line) + ") has no DTSTART");
  if (!ev.summary) fail(end_line, "VEVENT (opened at line " + std::to_string(ev.begin_line) + ") has no SUMMARY");
  const Start start = parse_dtstart(*ev.dtstart);
  EventRule rule;
  rule.name = unescape_text(ev.summary->value);
  rule.time_zone = start.zone;
  if (start.time) rule.deadline_time = *start.time;
  if (ev.rrule) {
    Recurrence r = parse_rrule(*ev.rrule, start);
    rule.date = r.rule;
    rule.first_year = year_of(start.day);
    rule.last_year = r.last_year;
  } else {
    rule.date = FixedDate{date::year_month_day{start.day}};
  }
  return rule;
}

struct Open {
  std::string name;
  int line;
};

std::vector<EventRule> parse(std::string_view text) {
  std::vector<EventRule> events;
  std::vector<Open> stack;
  std::optional<PendingEvent> event;
  bool saw_calendar = false;
  for (const Line& line : unfold(text)) {
    const ContentLine cl = parse_content_line(line);
    if (cl.name == "BEGIN") {
      const std::string what = upper(cl.value);
      if (stack.empty() && what != "VCALENDAR") fail(cl.number, "expected BEGIN:VCALENDAR, got BEGIN:" + what);
      if (what == "VEVENT" && event) {
        fail(cl.number, "BEGIN:VEVENT inside the VEVENT opened at line " + std::to_string(event->begin_line) +
                            " (missing END:VEVENT)");
      }
      if (what == "VCALENDAR" && !stack.empty()) fail(cl.number, "nested BEGIN:VCALENDAR");
      if (what == "VEVENT" && stack.size() != 1) fail(cl.number, "VEVENT must be directly inside VCALENDAR");
      if (what == "VCALENDAR") saw_calendar = true;
      if (what == "VEVENT") event = PendingEvent{cl.number, {}, {}, {}};
      stack.push_back({what, cl.number});
    } else if (cl.name == "END") {
      const std::string what = upper(cl.value);
      if (stack.empty()) fail(cl.number, "END:" + what + " without BEGIN");
      if (stack.back().name != what) {
        fail(cl.number, "END:" + what + " while " + stack.back().name + " opened at line " +
                            std::to_string(stack.back().line) + " is still open (missing END:" +
                            stack.back().name + ")");
      }
      stack.pop_back();
      if (what == "VEVENT") {
        events.push_back(build_event(*event, cl.number));
        event.reset();
      }
    } else if (stack.empty()) {
      fail(cl.number, "property " + cl.name + " outside BEGIN:VCALENDAR/END:VCALENDAR");
    } else if (event && stack.back().name == "VEVENT") {
      std::optional<ContentLine>* slot = cl.name == "SUMMARY" ? &event->summary
                                         : cl.name == "DTSTART" ? &event->dtstart
                                         : cl.name == "RRULE"   ? &event->rrule
                                                                : nullptr;
      if (slot != nullptr) {
        if (slot->has_value()) fail(cl.number, "duplicate " + cl.name + " in VEVENT");
        *slot = cl;
      }
    }
  }
  if (!stack.empty()) {
    fail(stack.back().line, "BEGIN:" + stack.back().name + " at line " + std::to_string(stack.back().line) +
                                " is never closed (missing END:" + stack.back().name + ")");
  }
  if (!saw_calendar) fail(1, "no BEGIN:VCALENDAR found");
  return events;
}

}  // namespace

IcsImport import_ics(std::string_view text) {
  try {
    return {parse(text), std::nullopt};
  } catch (const ParseError& e) {
    return {{}, e.error};
  }
}

}  // namespace forewarn::core::calendar
