// Table-driven checks of the carrier codecs against the shared fixtures.
// Each row states, from reading the payload by hand: how many shipments the
// body holds, and for the first one its status, EDD and event count; or the
// error kind for error payloads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/tracking/codec_support.hpp"
#include "core/tracking/parse.hpp"
#include "tests/unit/tracking/shared_fixtures.hpp"

namespace forewarn::tracking::testing {

struct Expect {
  const char* file;      // relative to fixtures/tracking
  const char* error;     // error kind, or nullptr for a success
  int results;           // shipments in the body
  const char* status;    // first shipment's status
  const char* edd;       // first shipment's EDD, "" for none
  int events;            // first shipment's event count
  const char* number;    // first shipment's tracking number
  const char* extract;   // optional JSON member to feed instead of the whole body (schema samples)
};

inline std::string body_for(const std::string& text, const char* extract) {
  if (!extract) return text;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains(extract)) return {};
  return j[extract].dump();
}

// Returns the number of files checked (0 when skipped).
inline int check_table(std::string_view carrier, const std::vector<Expect>& rows) {
  auto root = fixtures_or_skip("fixtures/tracking");
  if (!root) return 0;
  int checked = 0;
  for (const auto& row : rows) {
    INFO(carrier, " fixture ", row.file, row.extract ? std::string(" [") + row.extract + "]" : "");
    auto text = read_file(*root / row.file);
    REQUIRE_MESSAGE(text.has_value(), "cannot read fixture");
    ParseOutcome o = parse_tracking(carrier, body_for(*text, row.extract));
    ++checked;
    if (row.error) {
      REQUIRE_FALSE(o.ok());
      CHECK(to_string(o.error().kind) == std::string_view(row.error));
      CHECK_FALSE(o.error().reason.empty());
      continue;
    }
    REQUIRE_MESSAGE(o.ok(), (o.ok() ? "" : o.error().reason));
    REQUIRE(static_cast<int>(o.results().size()) == row.results);
    const TrackingResult& r = o.results().front();
    CHECK(to_string(r.status) == std::string_view(row.status));
    CHECK((r.estimated_delivery ? codec::format_date(*r.estimated_delivery) : std::string()) ==
          std::string(row.edd));
    CHECK(static_cast<int>(r.events.size()) == row.events);
    CHECK(r.tracking_number == std::string(row.number));
    for (std::size_t i = 1; i < r.events.size(); ++i) CHECK(r.events[i - 1].time >= r.events[i].time);
  }
  return checked;
}

}  // namespace forewarn::tracking::testing
