#include "core/tracking/poll.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "core/tracking/codec_support.hpp"

namespace forewarn::tracking {
namespace {

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kWeekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// A small cursor over the header value.
struct Reader {
  std::string_view s;
  std::size_t i = 0;

  bool eat(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void spaces() {
    while (i < s.size() && s[i] == ' ') ++i;
  }
  std::string_view word() {
    const std::size_t b = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(b, i - b);
  }
  // Exactly min..max digits.
  std::optional<int> number(std::size_t min, std::size_t max) {
    const std::size_t b = i;
    while (i < s.size() && i - b < max && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i - b < min) return std::nullopt;
    int v = 0;
    std::from_chars(s.data() + b, s.data() + i, v);
    return v;
  }
  bool done() const { return i == s.size(); }
};

std::optional<unsigned> month_of(std::string_view name) {
  for (std::size_t m = 0; m < kMonths.size(); ++m)
    if (kMonths[m] == name) return static_cast<unsigned>(m + 1);
  return std::nullopt;
}

std::optional<Instant> make_instant(int y, std::optional<unsigned> mon, int d, int hh, int mm, int ss) {
  if (!mon || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  const date::year_month_day ymd{date::year{y}, date::month{*mon}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Instant{date::sys_days{ymd}.time_since_epoch()} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
         std::chrono::seconds{ss};
}

// "HH:MM:SS"
bool clock_time(Reader& r, int& hh, int& mm, int& ss) {
  auto h = r.number(2, 2);
  if (!h || !r.eat(':')) return false;
  auto m = r.number(2, 2);
  if (!m || !r.eat(':')) return false;
  auto s = r.number(2, 2);
  if (!s) return false;
  hh = *h;
  mm = *m;
  ss = *s;
  return true;
}

PollError error_of(PollErrorKind kind, std::string reason, int status) {
  PollError e;
  e.kind = kind;
  e.reason = std::move(reason);
  e.http_status = status;
  return e;
}

}  // namespace

std::string_view to_string(PollErrorKind k) noexcept {
  switch (k) {
    case PollErrorKind::not_found: return "not_found";
    case PollErrorKind::invalid_request: return "invalid_request";
    case PollErrorKind::unauthorized: return "unauthorized";
    case PollErrorKind::rate_limited: return "rate_limited";
    case PollErrorKind::server_error: return "server_error";
    case PollErrorKind::timeout: return "timeout";
    case PollErrorKind::network: return "network";
    case PollErrorKind::malformed: return "malformed";
  }
  return "network";
}

PollErrorKind poll_error_kind(ErrorKind k) noexcept {
  switch (k) {
    case ErrorKind::not_found: return PollErrorKind::not_found;
    case ErrorKind::invalid_request: return PollErrorKind::invalid_request;
    case ErrorKind::unauthorized: return PollErrorKind::unauthorized;
    case ErrorKind::rate_limited: return PollErrorKind::rate_limited;
    case ErrorKind::server_error: return PollErrorKind::server_error;
    case ErrorKind::malformed: return PollErrorKind::malformed;
  }
  return PollErrorKind::malformed;
}

PollOutcome PollOutcome::success(std::vector<TrackingResult> results) { return PollOutcome(std::move(results)); }
PollOutcome PollOutcome::failure(PollError error) { return PollOutcome(std::move(error)); }

std::optional<Instant> parse_http_date(std::string_view text) {
  const std::string trimmed = codec::trim(text);
  Reader r{trimmed};
  const std::string_view wd = r.word();
  int hh = 0, mm = 0, ss = 0;
  if (r.eat(',')) {
    r.spaces();
    auto day = r.number(2, 2);
    if (!day) return std::nullopt;
    if (r.eat(' ')) {  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
      if (wd.size() != 3) return std::nullopt;
      auto mon = month_of(r.word());
      if (!r.eat(' ')) return std::nullopt;
      auto year = r.number(4, 4);
      if (!year || !r.eat(' ') || !clock_time(r, hh, mm, ss) || !r.eat(' ') || r.word() != "GMT" || !r.done())
        return std::nullopt;
      return make_instant(*year, mon, *day, hh, mm, ss);
    }
    if (r.eat('-')) {  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
      auto mon = month_of(r.word());
      if (!r.eat('-')) return std::nullopt;
      auto yy = r.number(2, 2);
      if (!yy || !r.eat(' ') || !clock_time(r, hh, mm, ss) || !r.eat(' ') || r.word() != "GMT" || !r.done())
        return std::nullopt;
      // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
      const int year = *yy < 70 ? 2000 + *yy : 1900 + *yy;
      return make_instant(year, mon, *day, hh, mm, ss);
    }
    return std::nullopt;
  }
  // asctime: "Sun Nov  6 08:49:37 1994"
  if (wd.size() != 3 || !r.eat(' ')) return std::nullopt;
  auto mon = month_of(r.word());
  if (!r.eat(' ')) return std::nullopt;
  r.eat(' ');  // day padded with a space
  auto day = r.number(1, 2);
  if (!day || !r.eat(' ') || !clock_time(r, hh, mm, ss) || !r.eat(' ')) return std::nullopt;
  auto year = r.number(4, 4);
  if (!year || !r.done()) return std::nullopt;
  return make_instant(*year, mon, *day, hh, mm, ss);
}

std::string format_http_date(Instant t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<date::days>(secs);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{secs - day};
  const auto wd = date::weekday{day}.c_encoding();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", std::string(kWeekdays[wd]).c_str(),
                static_cast<unsigned>(ymd.day()),
                std::string(kMonths[static_cast<unsigned>(ymd.month()) - 1]).c_str(), static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, Instant now) {
  constexpr std::chrono::seconds kMax{86400};
  const std::string v = codec::trim(value);
  if (v.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(v.front()))) {
    long long secs = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
    if (p != v.data() + v.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range || secs > kMax.count()) return kMax;
    if (ec != std::errc{}) return std::nullopt;
    return std::chrono::seconds{secs};
  }
  const auto at = parse_http_date(v);
  if (!at) return std::nullopt;
  if (*at <= now) return std::chrono::seconds{0};
  // Round up: waiting 0.4 s too little would just earn another 429.
  const auto wait = std::chrono::ceil<std::chrono::seconds>(*at - now);
  return wait > kMax ? kMax : wait;
}

PollOutcome classify_response(int http_status, std::string_view retry_after_header, std::string body,
                              ParseFn parse, Instant now) {
  const auto retry_after = parse_retry_after(retry_after_header, now);
  if (http_status >= 200 && http_status < 300) {
    ParseOutcome parsed = parse(body);
    if (parsed.ok()) return PollOutcome::success(std::move(parsed.results()));
    const ParseError& pe = parsed.error();
    PollError e = error_of(poll_error_kind(pe.kind), pe.reason, http_status);
    e.carrier_code = pe.carrier_code;
    if (e.kind == PollErrorKind::rate_limited) e.retry_after = retry_after;
    if (e.kind == PollErrorKind::malformed) e.raw_body = std::move(body);
    return PollOutcome::failure(std::move(e));
  }
  PollErrorKind kind = PollErrorKind::invalid_request;
  std::string reason = "HTTP " + std::to_string(http_status);
  if (http_status == 401 || http_status == 403) kind = PollErrorKind::unauthorized;
  else if (http_status == 404) kind = PollErrorKind::not_found;
  else if (http_status == 429) kind = PollErrorKind::rate_limited;
  else if (http_status >= 500) kind = PollErrorKind::server_error;
  PollError e = error_of(kind, reason, http_status);
  // The carrier's own words, when the error body is one of its envelopes.
  if (!body.empty()) {
    const ParseOutcome parsed = parse(body);
    if (!parsed.ok() && parsed.error().kind != ErrorKind::malformed) {
      if (!parsed.error().reason.empty()) e.reason = parsed.error().reason;
      e.carrier_code = parsed.error().carrier_code;
      // A 400 whose body says "not found" is a not found (UPS, FedEx do that).
      if (kind == PollErrorKind::invalid_request) e.kind = poll_error_kind(parsed.error().kind);
    }
  }
  if (e.kind == PollErrorKind::rate_limited || e.kind == PollErrorKind::server_error) e.retry_after = retry_after;
  return PollOutcome::failure(std::move(e));
}

}  // namespace forewarn::tracking
