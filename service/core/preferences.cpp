#include "core/preferences.hpp"

#include <algorithm>
#include <cctype>

#include "core/body_reader.hpp"
#include "core/shipment/shipment.hpp"
#include "core/warehouse.hpp"

namespace forewarn {

using nlohmann::json;

bool is_clock_time(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return false;
  for (int i : {0, 1, 3, 4})
    if (!std::isdigit(static_cast<unsigned char>(s[static_cast<size_t>(i)]))) return false;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  return h < 24 && m < 60;
}

std::optional<RecipientAddress> parse_recipient_address(const std::string& raw) {
  if (raw.find('@') != std::string::npos) {
    std::string lower = raw;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!shipment::is_valid_email(lower)) return std::nullopt;
    return RecipientAddress{AddressKind::email, lower};
  }
  if (auto phone = shipment::normalize_phone(raw)) return RecipientAddress{AddressKind::phone, *phone};
  return std::nullopt;
}

PreferencesInput preferences_from_json(const json& body, const Preferences& base) {
  Preferences p = base;
  BodyReader r(body);
  if (const auto* channels = r.optional_member("channels", json::value_t::object)) {
    BodyReader c(*channels, r.pointer("channels"));
    if (auto v = c.optional_bool("email")) p.email = *v;
    if (auto v = c.optional_bool("sms")) p.sms = *v;
    c.reject_unknown();
    r.absorb(c);
  }
  if (auto v = r.optional_bool("opted_out")) {
    if (*v && !p.opted_out) p.opted_out_source = "api";
    if (!*v) p.opted_out_source.reset();
    p.opted_out = *v;
  }
  if (body.contains("quiet_hours") && body["quiet_hours"].is_null()) {
    r.optional_member("quiet_hours", json::value_t::null);
    p.quiet_hours = QuietHours{};
  } else if (const auto* quiet = r.optional_member("quiet_hours", json::value_t::object)) {
    BodyReader q(*quiet, r.pointer("quiet_hours"));
    const auto start = q.required_string("start", {.min_len = 5, .max_len = 5});
    const auto end = q.required_string("end", {.min_len = 5, .max_len = 5});
    if (start && !is_clock_time(*start)) q.fail("start", "must be a local time HH:MM");
    if (end && !is_clock_time(*end)) q.fail("end", "must be a local time HH:MM");
    if (start && end && *start == *end) q.fail("end", "must differ from start (leave quiet_hours out for none)");
    q.reject_unknown();
    if (q.ok()) p.quiet_hours = QuietHours{*start, *end};
    r.absorb(q);
  }
  if (body.contains("time_zone") && body["time_zone"].is_null()) {
    r.optional_member("time_zone", json::value_t::null);
    p.time_zone.reset();
  } else if (auto tz = r.optional_string("time_zone", {.max_len = 100})) {
    if (!is_valid_time_zone(*tz)) r.fail("time_zone", "is not an IANA time zone");
    else p.time_zone = *tz;
  }
  r.reject_unknown();
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {p, {}};
}

json to_json(const RecipientAddress& address, const Preferences& p) {
  return {
      {"address", address.value},
      {"kind", address.kind == AddressKind::email ? "email" : "phone"},
      {"channels", {{"email", p.email}, {"sms", p.sms}}},
      {"opted_out", p.opted_out},
      {"opted_out_source", p.opted_out_source ? json(*p.opted_out_source) : json(nullptr)},
      {"opted_out_at", p.opted_out_at ? json(*p.opted_out_at) : json(nullptr)},
      {"quiet_hours", {{"start", p.quiet_hours.start}, {"end", p.quiet_hours.end}}},
      {"time_zone", p.time_zone ? json(*p.time_zone) : json(nullptr)},
      {"updated_at", p.updated_at.empty() ? json(nullptr) : json(p.updated_at)},
  };
}

}  // namespace forewarn
