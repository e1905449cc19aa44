// The one tracking vocabulary of forewarn: a status taxonomy every carrier's
// codes are mapped onto (see STATUS.md), a normalized event and a normalized
// per-shipment result, and the error values a carrier codec may return.
// Pure data: no I/O, no clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.hpp"

namespace forewarn::tracking {

enum class Status {
  unknown,               // the carrier said nothing we can classify
  info_received,         // label created / manifest, carrier does not hold it yet
  in_transit,            // the carrier holds it and it is moving
  out_for_delivery,      // on the vehicle for final delivery today
  available_for_pickup,  // waiting at a counter, locker or access point
  delivered,             // final: handed over
  attempt_failed,        // delivery tried and failed, will retry or hold
  exception,             // something went wrong (see ExceptionReason)
  expired,               // no news for so long that the carrier stopped tracking
};

enum class ExceptionReason { weather, address, damaged, customs, held, returned, lost, other };

std::string_view to_string(Status s) noexcept;
std::string_view to_string(ExceptionReason r) noexcept;
std::optional<Status> status_from_string(std::string_view s) noexcept;
std::optional<ExceptionReason> exception_reason_from_string(std::string_view s) noexcept;

// Every status except unknown, in lifecycle order (for docs and tests).
inline constexpr Status kAllStatuses[] = {
    Status::info_received,  Status::in_transit, Status::out_for_delivery,
    Status::available_for_pickup, Status::delivered, Status::attempt_failed,
    Status::exception,      Status::expired};

struct Location {
  std::string city;
  std::string state;        // state / province code when the carrier gives one
  std::string postal_code;
  std::string country;      // ISO 3166 alpha-2 (or alpha-3 when that is all we get)

  bool empty() const noexcept {
    return city.empty() && state.empty() && postal_code.empty() && country.empty();
  }
  // "ATLANTA, GA, US": non-empty parts of city, state, country joined by ", ".
  // The postal code is left out. Empty string when all are empty.
  std::string display() const;
  friend bool operator==(const Location&, const Location&) = default;
};

// One scan. Time policy:
//  - utc_offset_minutes set: the carrier gave the offset; `time` is the exact
//    UTC instant and the local reading is time + offset.
//  - utc_offset_minutes empty: the carrier gave a wall-clock reading only
//    (UPS date+time, USPS Web Tools, DHL/FedEx timestamps without offset).
//    `time` then holds that wall-clock reading as if it were UTC ("floating
//    time"); it is printed without a zone designator. Whoever knows the
//    location's IANA zone may convert it.
struct TrackingEvent {
  Instant time{};
  std::optional<int> utc_offset_minutes;
  Status status = Status::unknown;
  std::string substatus;     // the carrier's own code, e.g. "ups:I:DP" style per codec
  std::string description;   // carrier text, trimmed
  Location location;
  std::optional<ExceptionReason> exception_reason;
};

struct TrackingResult {
  std::string carrier;          // "ups", "fedex", "usps", "dhl", or the aggregator's slug
  std::string tracking_number;
  Status status = Status::unknown;
  std::string substatus;
  std::optional<ExceptionReason> exception_reason;
  std::optional<std::chrono::year_month_day> estimated_delivery;  // carrier EDD, a date
  std::optional<Instant> delivered_at;          // same time policy as TrackingEvent
  std::optional<int> delivered_at_utc_offset_minutes;
  std::vector<TrackingEvent> events;            // newest first
};

// Sorts events newest first (stable, so equal times keep carrier order).
void sort_events_newest_first(std::vector<TrackingEvent>& events);
// If the result is delivered and has no delivered_at, takes it from the newest
// delivered event. Sorts events. Codecs call this last.
void finalize(TrackingResult& result);

enum class ErrorKind {
  not_found,        // the carrier does not know this number (yet)
  invalid_request,  // the carrier rejected the request (bad number format, missing field)
  unauthorized,     // credentials / token rejected
  rate_limited,     // slow down
  server_error,     // carrier-side failure, retry later
  malformed,        // the body is not a response we understand
};
std::string_view to_string(ErrorKind k) noexcept;

struct ParseError {
  ErrorKind kind = ErrorKind::malformed;
  std::string reason;        // short, human readable
  std::string carrier_code;  // the carrier's own error code, if any
};

// A codec's answer: the shipments of the body, or one error value.
class ParseOutcome {
 public:
  static ParseOutcome success(std::vector<TrackingResult> results);
  static ParseOutcome failure(ErrorKind kind, std::string reason, std::string carrier_code = {});

  bool ok() const noexcept { return std::holds_alternative<std::vector<TrackingResult>>(value_); }
  // Precondition: ok().
  const std::vector<TrackingResult>& results() const { return std::get<0>(value_); }
  std::vector<TrackingResult>& results() { return std::get<0>(value_); }
  // Precondition: !ok().
  const ParseError& error() const { return std::get<1>(value_); }

 private:
  explicit ParseOutcome(std::variant<std::vector<TrackingResult>, ParseError> v)
      : value_(std::move(v)) {}
  std::variant<std::vector<TrackingResult>, ParseError> value_;
};

}  // namespace forewarn::tracking
