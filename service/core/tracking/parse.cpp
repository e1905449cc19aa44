#include "core/tracking/parse.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "clients/aftership/codec/parse.hpp"
#include "clients/dhl/codec/parse.hpp"
#include "clients/easypost/codec/parse.hpp"
#include "clients/fedex/codec/parse.hpp"
#include "clients/ups/codec/parse.hpp"
#include "clients/usps/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"

namespace forewarn::tracking {
namespace {

constexpr std::array<CodecEntry, 6> kCodecs{{
    {"ups", &clients::ups::parse_track},
    {"fedex", &clients::fedex::parse_track},
    {"usps", &clients::usps::parse_track},
    {"dhl", &clients::dhl::parse_track},
    {"easypost", &clients::easypost::parse_track},
    {"aftership", &clients::aftership::parse_track},
}};

}  // namespace

std::span<const CodecEntry> codecs() noexcept { return kCodecs; }

ParseOutcome parse_tracking(std::string_view carrier_name, std::string_view body) {
  for (const auto& c : kCodecs)
    if (c.name == carrier_name) return c.parse(body);
  std::string names;
  for (const auto& c : kCodecs) names += (names.empty() ? "" : ", ") + std::string(c.name);
  return ParseOutcome::failure(ErrorKind::invalid_request,
                               "unknown carrier '" + std::string(carrier_name) + "' (expected one of: " + names + ")");
}

std::string to_json(const TrackingResult& r) {
  using json = nlohmann::ordered_json;
  json j = json::object();
  j["carrier"] = r.carrier;
  j["tracking_number"] = r.tracking_number;
  j["status"] = std::string(to_string(r.status));
  j["substatus"] = r.substatus;
  j["estimated_delivery"] = r.estimated_delivery ? json(codec::format_date(*r.estimated_delivery)) : json(nullptr);
  j["delivered_at"] = r.delivered_at
                          ? json(codec::format_timestamp(*r.delivered_at, r.delivered_at_utc_offset_minutes))
                          : json(nullptr);
  json events = json::array();
  for (const auto& e : r.events) {
    std::string where = e.location.display();
    events.push_back({{"time", codec::format_timestamp(e.time, e.utc_offset_minutes)},
                      {"status", std::string(to_string(e.status))},
                      {"description", e.description},
                      {"location", where.empty() ? json(nullptr) : json(where)}});
  }
  j["events"] = std::move(events);
  // Invalid UTF-8 from a carrier must not make dump() throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace forewarn::tracking
