#include "core/tracking/codec_support.hpp"

#include <array>
#include <cctype>
#include <cstdio>

namespace forewarn::tracking::codec {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at s[pos]; advances pos.
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

std::optional<std::chrono::year_month_day> make_date(int y, int m, int d) {
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900 || y > 2200) return std::nullopt;
  return ymd;
}

std::optional<Instant> make_instant(std::chrono::year_month_day d, int hh, int mm, int ss, int ms) {
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || ms < 0 || ms > 999)
    return std::nullopt;
  using namespace std::chrono;
  return Instant{sys_days{d}.time_since_epoch() + hours{hh} + minutes{mm} + seconds{ss} +
                 milliseconds{ms}};
}

constexpr std::array<std::string_view, 12> kMonths{"january", "february", "march",     "april",
                                                   "may",     "june",     "july",      "august",
                                                   "september", "october", "november", "december"};

}  // namespace

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return to_lower(haystack).find(to_lower(needle)) != std::string::npos;
}

std::string squash_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::optional<Timestamp> parse_timestamp(std::string_view s) {
  std::string t = trim(s);
  std::string_view v = t;
  std::size_t p = 0;
  auto y = digits(v, p, 4);
  if (!y || p >= v.size() || v[p] != '-') return std::nullopt;
  ++p;
  auto mo = digits(v, p, 2);
  if (!mo || p >= v.size() || v[p] != '-') return std::nullopt;
  ++p;
  auto d = digits(v, p, 2);
  if (!d) return std::nullopt;
  auto date = make_date(*y, *mo, *d);
  if (!date) return std::nullopt;
  int hh = 0, mm = 0, ss = 0, ms = 0;
  if (p < v.size() && (v[p] == 'T' || v[p] == 't' || v[p] == ' ')) {
    ++p;
    auto h = digits(v, p, 2);
    if (!h || p >= v.size() || v[p] != ':') return std::nullopt;
    ++p;
    auto m = digits(v, p, 2);
    if (!m) return std::nullopt;
    hh = *h;
    mm = *m;
    if (p < v.size() && v[p] == ':') {
      ++p;
      auto sec = digits(v, p, 2);
      if (!sec) return std::nullopt;
      ss = *sec;
      if (p < v.size() && (v[p] == '.' || v[p] == ',')) {
        ++p;
        int n = 0;
        while (p < v.size() && is_digit(v[p])) {
          if (n < 3) ms = ms * 10 + (v[p] - '0');
          ++n;
          ++p;
        }
        if (n == 0) return std::nullopt;
        for (int i = n; i < 3; ++i) ms *= 10;
      }
    }
  }
  std::optional<int> offset;
  if (p < v.size()) {
    if (v[p] == 'Z' || v[p] == 'z') {
      offset = 0;
      ++p;
    } else if (v[p] == '+' || v[p] == '-') {
      int sign = v[p] == '-' ? -1 : 1;
      ++p;
      auto oh = digits(v, p, 2);
      if (!oh) return std::nullopt;
      int om = 0;
      if (p < v.size() && v[p] == ':') ++p;
      if (p < v.size()) {
        auto m = digits(v, p, 2);
        if (!m) return std::nullopt;
        om = *m;
      }
      if (*oh > 18 || om > 59) return std::nullopt;
      offset = sign * (*oh * 60 + om);
    }
  }
  if (p != v.size()) return std::nullopt;
  auto local = make_instant(*date, hh, mm, ss, ms);
  if (!local) return std::nullopt;
  Timestamp out;
  out.utc_offset_minutes = offset;
  out.time = offset ? *local - std::chrono::minutes{*offset} : *local;
  return out;
}

std::optional<Timestamp> parse_compact(std::string_view yyyymmdd, std::string_view hhmmss) {
  std::string ds = trim(yyyymmdd);
  std::string ts = trim(hhmmss);
  std::string_view dv = ds;
  std::size_t p = 0;
  if (dv.size() != 8) return std::nullopt;
  auto y = digits(dv, p, 4);
  auto m = digits(dv, p, 2);
  auto d = digits(dv, p, 2);
  if (!y || !m || !d) return std::nullopt;
  auto date = make_date(*y, *m, *d);
  if (!date) return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!ts.empty()) {
    std::string_view tv = ts;
    std::size_t q = 0;
    if (tv.size() != 6 && tv.size() != 4) return std::nullopt;
    auto h = digits(tv, q, 2);
    auto mi = digits(tv, q, 2);
    if (!h || !mi) return std::nullopt;
    hh = *h;
    mm = *mi;
    if (tv.size() == 6) {
      auto se = digits(tv, q, 2);
      if (!se) return std::nullopt;
      ss = *se;
    }
  }
  auto t = make_instant(*date, hh, mm, ss, 0);
  if (!t) return std::nullopt;
  return Timestamp{*t, std::nullopt};
}

std::optional<std::chrono::year_month_day> parse_month_name_date(std::string_view s) {
  // "April 28, 2015"
  std::string t = to_lower(squash_spaces(s));
  std::size_t sp = t.find(' ');
  if (sp == std::string::npos) return std::nullopt;
  std::string month = t.substr(0, sp);
  int mon = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i] == month || (month.size() >= 3 && kMonths[i].substr(0, 3) == month)) mon = static_cast<int>(i) + 1;
  if (mon == 0) return std::nullopt;
  std::string_view rest = std::string_view(t).substr(sp + 1);
  std::size_t p = 0;
  int day = 0, n = 0;
  while (p < rest.size() && is_digit(rest[p]) && n < 2) {
    day = day * 10 + (rest[p] - '0');
    ++p;
    ++n;
  }
  if (n == 0 || p >= rest.size() || rest[p] != ',') return std::nullopt;
  ++p;
  while (p < rest.size() && rest[p] == ' ') ++p;
  auto y = digits(rest, p, 4);
  if (!y || p != rest.size()) return std::nullopt;
  return make_date(*y, mon, day);
}

std::optional<Timestamp> parse_month_name(std::string_view date, std::string_view time) {
  auto d = parse_month_name_date(date);
  if (!d) return std::nullopt;
  int hh = 0, mm = 0;
  std::string tt = to_lower(trim(time));
  if (!tt.empty()) {
    // "9:01 am", "12:18 am", "10:45 pm"
    std::string_view v = tt;
    std::size_t p = 0;
    int h = 0, n = 0;
    while (p < v.size() && is_digit(v[p]) && n < 2) {
      h = h * 10 + (v[p] - '0');
      ++p;
      ++n;
    }
    if (n == 0 || p >= v.size() || v[p] != ':') return std::nullopt;
    ++p;
    auto m = digits(v, p, 2);
    if (!m) return std::nullopt;
    while (p < v.size() && v[p] == ' ') ++p;
    std::string_view ampm = v.substr(p);
    if (h < 1 || h > 12) {
      if (!ampm.empty()) return std::nullopt;
    }
    if (ampm == "am" || ampm == "a.m.") {
      if (h == 12) h = 0;
    } else if (ampm == "pm" || ampm == "p.m.") {
      if (h != 12) h += 12;
    } else if (!ampm.empty()) {
      return std::nullopt;
    }
    hh = h;
    mm = *m;
  }
  auto t = make_instant(*d, hh, mm, 0, 0);
  if (!t) return std::nullopt;
  return Timestamp{*t, std::nullopt};
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view s) {
  std::string t = trim(s);
  std::string_view v = t;
  std::size_t p = 0;
  if (v.size() >= 10 && v[4] == '-') {
    auto y = digits(v, p, 4);
    ++p;
    auto m = digits(v, p, 2);
    if (p >= v.size() || v[p] != '-') return std::nullopt;
    ++p;
    auto d = digits(v, p, 2);
    if (!y || !m || !d) return std::nullopt;
    if (p != v.size() && v[p] != 'T' && v[p] != ' ') return std::nullopt;
    return make_date(*y, *m, *d);
  }
  if (v.size() == 8) {
    auto y = digits(v, p, 4);
    auto m = digits(v, p, 2);
    auto d = digits(v, p, 2);
    if (!y || !m || !d) return std::nullopt;
    return make_date(*y, *m, *d);
  }
  return parse_month_name_date(v);
}

std::string format_date(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::string format_timestamp(Instant t, std::optional<int> utc_offset_minutes) {
  using namespace std::chrono;
  Instant local = utc_offset_minutes ? t + minutes{*utc_offset_minutes} : t;
  auto day = floor<days>(local);
  year_month_day ymd{day};
  auto tod = local - day;
  auto h = duration_cast<hours>(tod);
  auto m = duration_cast<minutes>(tod - h);
  auto s = duration_cast<seconds>(tod - h - m);
  auto ms = duration_cast<milliseconds>(tod - h - m - s);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", format_date(ymd).c_str(),
                static_cast<int>(h.count()), static_cast<int>(m.count()),
                static_cast<int>(s.count()));
  std::string out = buf;
  if (ms.count() != 0) {
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(ms.count()));
    out += buf;
  }
  if (utc_offset_minutes) {
    int off = *utc_offset_minutes;
    if (off == 0) {
      out += 'Z';
    } else {
      char sign = off < 0 ? '-' : '+';
      off = off < 0 ? -off : off;
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, off / 60, off % 60);
      out += buf;
    }
  }
  return out;
}

void derive_status_from_events(TrackingResult& r) {
  sort_events_newest_first(r.events);
  if (r.events.empty()) return;
  for (const auto& e : r.events) {
    if (e.status == Status::delivered) {
      r.status = Status::delivered;
      r.substatus = e.substatus;
      r.exception_reason.reset();
      return;
    }
  }
  const auto& newest = r.events.front();
  r.status = newest.status;
  r.substatus = newest.substatus;
  r.exception_reason = newest.exception_reason;
}

const StatusRow* find_status(std::span<const StatusRow> table, std::string_view code) {
  for (const auto& row : table)
    if (row.code == code) return &row;
  return nullptr;
}

const Json* member(const Json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  if (it == j.end()) return nullptr;
  return &*it;
}

const Json* path(const Json& j, std::initializer_list<std::string_view> keys) {
  const Json* cur = &j;
  for (auto k : keys) {
    cur = member(*cur, k);
    if (!cur) return nullptr;
  }
  return cur;
}

std::string str(const Json* j) {
  if (!j) return {};
  if (j->is_string()) return trim(j->get_ref<const std::string&>());
  if (j->is_number_integer()) return std::to_string(j->get<long long>());
  if (j->is_number_unsigned()) return std::to_string(j->get<unsigned long long>());
  if (j->is_number_float()) return j->dump();
  if (j->is_boolean()) return j->get<bool>() ? "true" : "false";
  return {};
}

std::string str(const Json& j, std::string_view key) { return str(member(j, key)); }

const Json* array(const Json& j, std::string_view key) {
  const Json* a = member(j, key);
  return (a && a->is_array()) ? a : nullptr;
}

Json parse_json(std::string_view body) {
  return Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
}

ParseOutcome collected(std::vector<TrackingResult> results, const std::optional<ParseError>& first_error,
                       std::string none_reason) {
  if (!results.empty()) return ParseOutcome::success(std::move(results));
  if (first_error) return ParseOutcome::failure(first_error->kind, first_error->reason, first_error->carrier_code);
  return ParseOutcome::failure(ErrorKind::not_found, std::move(none_reason));
}

ParseOutcome parse_xml_or_json(std::string_view body, ParseOutcome (*xml)(std::string_view),
                               ParseOutcome (*json)(std::string_view)) {
  for (char ch : body) {
    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') continue;
    if (ch == '<') return xml(body);
    break;
  }
  return json(body);
}

}  // namespace forewarn::tracking::codec
