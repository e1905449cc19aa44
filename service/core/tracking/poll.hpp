// The answer to one carrier poll as the scheduler sees it: the parsed
// shipments, or one error value. Extends the codec's ErrorKind with the
// failures only a transport can see (timeout, network) and keeps what the
// scheduler needs to react: the HTTP status, Retry-After, and for a body we
// could not understand the raw body, for an operator. Pure: the transport
// hands in the status, the Retry-After header, the body and `now`.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.hpp"
#include "core/tracking/parse.hpp"
#include "core/tracking/status.hpp"

namespace forewarn::tracking {

enum class PollErrorKind {
  not_found,        // the carrier does not know the number (yet)
  invalid_request,  // the carrier rejected the request
  unauthorized,     // credentials or token rejected (after one token refresh)
  rate_limited,     // 429 or a carrier quota error; see retry_after
  server_error,     // 5xx or a carrier-side failure; retry later
  timeout,          // no complete answer within the transport's timeout
  network,          // connection refused / reset, DNS, TLS
  malformed,        // a 2xx body we do not understand; raw_body keeps it
};
std::string_view to_string(PollErrorKind k) noexcept;
PollErrorKind poll_error_kind(ErrorKind k) noexcept;

struct PollError {
  PollErrorKind kind = PollErrorKind::network;
  std::string reason;        // short, human readable, never a secret
  std::string carrier_code;  // the carrier's own error code, if any
  int http_status = 0;       // 0 when no response arrived
  std::optional<std::chrono::seconds> retry_after;  // from the Retry-After header
  std::string raw_body;      // malformed: the body exactly as received
};

class PollOutcome {
 public:
  static PollOutcome success(std::vector<TrackingResult> results);
  static PollOutcome failure(PollError error);

  bool ok() const noexcept { return std::holds_alternative<std::vector<TrackingResult>>(value_); }
  // Precondition: ok().
  const std::vector<TrackingResult>& results() const { return std::get<0>(value_); }
  std::vector<TrackingResult>& results() { return std::get<0>(value_); }
  // Precondition: !ok().
  const PollError& error() const { return std::get<1>(value_); }

 private:
  explicit PollOutcome(std::variant<std::vector<TrackingResult>, PollError> v) : value_(std::move(v)) {}
  std::variant<std::vector<TrackingResult>, PollError> value_;
};

// RFC 9110 HTTP-date: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the
// two obsolete forms recipients must accept (RFC 850 "Sunday, 06-Nov-94
// 08:49:37 GMT", asctime "Sun Nov  6 08:49:37 1994").
std::optional<Instant> parse_http_date(std::string_view text);
// IMF-fixdate.
std::string format_http_date(Instant t);

// Retry-After (RFC 9110 10.2.3): delta-seconds or an HTTP-date, which is
// turned into seconds from `now` (a date in the past gives 0 s). nullopt for
// anything else. Capped at one day: a carrier asking for more is treated as
// asking for a day.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, Instant now);

// Maps one HTTP answer of a tracking endpoint to a PollOutcome:
//  2xx: the codec's parse; its errors become error values (malformed keeps
//       the raw body, a carrier "not found" in a 200 is not_found);
//  401/403 unauthorized, 404 not_found, 429 rate_limited, 5xx server_error
//  (both with Retry-After when given), other statuses invalid_request; the
//  carrier's own message and code are taken from the body when it parses.
PollOutcome classify_response(int http_status, std::string_view retry_after_header, std::string body,
                              ParseFn parse, Instant now);

}  // namespace forewarn::tracking
