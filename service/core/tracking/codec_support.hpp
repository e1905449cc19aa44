// Small pure helpers shared by the carrier codecs in clients/*/codec:
// text trimming, carrier timestamp and date parsing, ISO formatting with an
// offset, status-table lookup, and null-safe JSON access. No I/O.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "core/tracking/status.hpp"

namespace forewarn::tracking::codec {

std::string trim(std::string_view s);
std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);
// Case-insensitive substring test (ASCII).
bool contains_ci(std::string_view haystack, std::string_view needle);
// Collapses runs of whitespace to one space and trims.
std::string squash_spaces(std::string_view s);

// A point in time as a carrier wrote it (see TrackingEvent for the policy).
struct Timestamp {
  Instant time{};
  std::optional<int> utc_offset_minutes;
};

// "YYYY-MM-DD[T| ]HH:MM[:SS[.fff...]][Z|+HH:MM|+HHMM|+HH]" or a bare
// "YYYY-MM-DD" (midnight). Without a designator the offset stays empty.
std::optional<Timestamp> parse_timestamp(std::string_view s);
// "YYYYMMDD" and optional "HHMMSS" / "HHMM" (UPS), local time, no offset.
std::optional<Timestamp> parse_compact(std::string_view yyyymmdd, std::string_view hhmmss);
// "April 28, 2015" and optional "9:01 am" (USPS Web Tools), local time.
std::optional<Timestamp> parse_month_name(std::string_view date, std::string_view time);
// Date part of "YYYY-MM-DD...", "YYYYMMDD" or "April 28, 2015".
std::optional<std::chrono::year_month_day> parse_date(std::string_view s);

// "2008-12-08T07:43:37-08:00" when the offset is known, "2008-12-08T07:43:37Z"
// for offset 0, "2008-12-08T07:43:37" (floating) when it is not.
// Milliseconds are printed only when non-zero.
std::string format_timestamp(Instant t, std::optional<int> utc_offset_minutes);
std::string format_date(std::chrono::year_month_day d);

// For carriers without a "current status" field: sorts the events, then the
// result takes the status of the newest event, except that a delivered event
// anywhere makes the shipment delivered (delivery is terminal; later scans
// such as refunds or internal codes do not undo it).
void derive_status_from_events(TrackingResult& r);

// One row of a carrier's status table (STATUS.md mirrors these tables).
struct StatusRow {
  std::string_view code;
  Status status;
  std::optional<ExceptionReason> reason = std::nullopt;
};
// Exact (case-sensitive) lookup; nullptr when absent.
const StatusRow* find_status(std::span<const StatusRow> table, std::string_view code);

// Null-safe JSON access: never throws, returns empty values on type mismatch.
using Json = nlohmann::json;
const Json* member(const Json& j, std::string_view key);
const Json* path(const Json& j, std::initializer_list<std::string_view> keys);
// String value, numbers rendered as text, empty for anything else.
std::string str(const Json& j, std::string_view key);
std::string str(const Json* j);
// The array under key, or nullptr.
const Json* array(const Json& j, std::string_view key);
// Parses without exceptions; returns a discarded value on error.
Json parse_json(std::string_view body);

// The outcome of a response that lists shipments: the results, else the
// first per-shipment error the carrier reported, else `none` (not found).
ParseOutcome collected(std::vector<TrackingResult> results, const std::optional<ParseError>& first_error,
                       std::string none_reason);

// Carriers that answer in XML or JSON: the first non-blank byte decides.
ParseOutcome parse_xml_or_json(std::string_view body, ParseOutcome (*xml)(std::string_view),
                               ParseOutcome (*json)(std::string_view));

}  // namespace forewarn::tracking::codec
