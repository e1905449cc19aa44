#include "core/tracking/encode_support.hpp"

#include <cstdio>

#include "core/tracking/codec_support.hpp"

namespace forewarn::tracking::encode {
namespace {

struct Parts {
  date::year_month_day ymd;
  int h, m, s;
};

Parts parts(Instant t) {
  const auto day = std::chrono::floor<date::days>(t);
  const auto tod = std::chrono::floor<std::chrono::seconds>(t - day);
  const date::hh_mm_ss hms{tod};
  return {date::year_month_day{day}, static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count())};
}

}  // namespace

std::string format_offset(int minutes) {
  const char sign = minutes < 0 ? '-' : '+';
  const int a = minutes < 0 ? -minutes : minutes;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 60, a % 60);
  return buf;
}

Instant local_reading(Instant time, std::optional<int> utc_offset_minutes) {
  return utc_offset_minutes ? time + std::chrono::minutes{*utc_offset_minutes} : time;
}

std::string compact_date(Instant t) {
  const Parts p = parts(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(p.ymd.year()), static_cast<unsigned>(p.ymd.month()),
                static_cast<unsigned>(p.ymd.day()));
  return buf;
}

std::string compact_time(Instant t) {
  const Parts p = parts(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d%02d", p.h, p.m, p.s);
  return buf;
}

std::string colon_time(Instant t) {
  const Parts p = parts(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", p.h, p.m, p.s);
  return buf;
}

std::string iso_date(std::chrono::year_month_day d) { return codec::format_date(d); }

bool starts_with_word(std::string_view text, std::string_view word) {
  return text.size() >= word.size() && codec::to_lower(text.substr(0, word.size())) == codec::to_lower(word);
}

StatusAndReason current_status(const TrackingResult& r) {
  if (r.status != Status::unknown || r.events.empty()) return {r.status, r.exception_reason};
  return {r.events.front().status, r.events.front().exception_reason};
}

std::string_view newest_description(const TrackingResult& r) {
  return r.events.empty() ? std::string_view{} : std::string_view{r.events.front().description};
}

}  // namespace forewarn::tracking::encode
