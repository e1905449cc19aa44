// The carrier response encoders (clients/*/codec/encode) written back through
// the existing parsers: status, EDD, event count, event statuses and exact
// times survive the round trip for every carrier.
#include <doctest/doctest.h>

#include <array>

#include "clients/dhl/codec/encode.hpp"
#include "clients/fedex/codec/encode.hpp"
#include "clients/ups/codec/encode.hpp"
#include "clients/usps/codec/encode.hpp"
#include "core/tracking/codec_support.hpp"
#include "core/tracking/parse.hpp"
#include "core/tracking/request.hpp"

namespace trk = forewarn::tracking;
using trk::ExceptionReason;
using trk::Status;

namespace {

trk::TrackingEvent event(const char* utc, int offset, Status s, std::optional<ExceptionReason> r = std::nullopt,
                         const char* description = "") {
  trk::TrackingEvent e;
  e.time = *forewarn::parse_iso8601(utc);
  e.utc_offset_minutes = offset;
  e.status = s;
  e.exception_reason = r;
  e.description = description;
  e.location = trk::Location{"MEMPHIS", "TN", "38118", "US"};
  return e;
}

// A shipment whose newest event has status `last` (and reason).
trk::TrackingResult shipment(const char* carrier, Status last, std::optional<ExceptionReason> reason = std::nullopt) {
  trk::TrackingResult r;
  r.carrier = carrier;
  r.tracking_number = "1Z999AA10123456784";
  // A description longer than the small-string buffer: the encoders must not keep views of copies.
  const char* newest = last == Status::in_transit ? "Arrived at Facility, sorted and loaded for onward travel" : "";
  r.events = {event("2026-12-17T19:05:00Z", -360, last, reason, newest),
              event("2026-12-16T08:10:00Z", -300, Status::in_transit, std::nullopt, "Departed from Facility"),
              event("2026-12-15T23:40:00Z", -480, Status::in_transit, std::nullopt, "Arrived at Facility"),
              event("2026-12-15T01:30:00Z", -480, Status::in_transit, std::nullopt, "Pickup Scan"),
              event("2026-12-14T16:00:00Z", -480, Status::info_received)};
  r.status = last;
  r.exception_reason = reason;
  r.estimated_delivery = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{18}};
  trk::finalize(r);
  return r;
}

std::string encode(const std::string& carrier, const trk::TrackingResult& r) {
  const std::array<trk::TrackingResult, 1> one{r};
  const std::array<std::string, 1> service{"Ground"};
  if (carrier == "ups") return forewarn::clients::ups::encode_track_response(one, service);
  if (carrier == "fedex") return forewarn::clients::fedex::encode_track_response(one, service);
  if (carrier == "usps") return forewarn::clients::usps::encode_track_response(r, "USPS Ground Advantage");
  return forewarn::clients::dhl::encode_track_response(one);
}

// The reason a carrier can express (others come back as `other`).
std::optional<ExceptionReason> expressible(const std::string& carrier, ExceptionReason r) {
  using R = ExceptionReason;
  if (carrier == "usps") return r == R::returned ? R::returned : R::other;  // statusCategory Alert / Return to Sender
  if (r == R::lost || (r == R::held && carrier != "fedex")) return R::other;
  return r;
}

}  // namespace

TEST_CASE("encoders round-trip through the parsers: status, EDD, events, times") {
  for (const std::string carrier : {"ups", "fedex", "usps", "dhl"}) {
    for (Status s : {Status::info_received, Status::in_transit, Status::out_for_delivery, Status::available_for_pickup,
                     Status::delivered, Status::attempt_failed}) {
      CAPTURE(carrier);
      CAPTURE(trk::to_string(s));
      const trk::TrackingResult in = shipment(carrier.c_str(), s);
      const trk::ParseOutcome out = trk::parse_tracking(carrier, encode(carrier, in));
      REQUIRE(out.ok());
      REQUIRE(out.results().size() == 1);
      const trk::TrackingResult& r = out.results()[0];
      CHECK(r.tracking_number == in.tracking_number);
      CHECK(r.status == s);
      REQUIRE(r.estimated_delivery);
      CHECK(trk::codec::format_date(*r.estimated_delivery) == "2026-12-18");
      REQUIRE(r.events.size() == in.events.size());
      for (std::size_t i = 0; i < r.events.size(); ++i) {
        CHECK(r.events[i].status == in.events[i].status);
        CHECK(r.events[i].time == in.events[i].time);
        CHECK(r.events[i].utc_offset_minutes == in.events[i].utc_offset_minutes);
      }
      if (s == Status::delivered) {
        REQUIRE(r.delivered_at);
        CHECK(*r.delivered_at == in.events.front().time);
      }
    }
  }
}

TEST_CASE("encoders round-trip exceptions with the reasons each carrier can express") {
  for (const std::string carrier : {"ups", "fedex", "usps", "dhl"}) {
    for (ExceptionReason reason : {ExceptionReason::weather, ExceptionReason::address, ExceptionReason::damaged,
                                   ExceptionReason::customs, ExceptionReason::held, ExceptionReason::returned,
                                   ExceptionReason::lost, ExceptionReason::other}) {
      CAPTURE(carrier);
      CAPTURE(trk::to_string(reason));
      const trk::ParseOutcome out =
          trk::parse_tracking(carrier, encode(carrier, shipment(carrier.c_str(), Status::exception, reason)));
      REQUIRE(out.ok());
      const trk::TrackingResult& r = out.results()[0];
      CHECK(r.status == Status::exception);
      CHECK(r.exception_reason == expressible(carrier, reason));
      CHECK(r.events.size() == 5);
      CHECK(r.events.front().status == Status::exception);
    }
  }
}

TEST_CASE("expired round-trips where the carrier has a code for it") {
  for (const std::string carrier : {"ups", "usps"}) {
    CAPTURE(carrier);
    const trk::ParseOutcome out = trk::parse_tracking(carrier, encode(carrier, shipment(carrier.c_str(), Status::expired)));
    REQUIRE(out.ok());
    CHECK(out.results()[0].status == Status::expired);
  }
}

TEST_CASE("encoded not-found and error bodies parse as the matching error values") {
  using trk::ErrorKind;
  const auto kind = [](const char* carrier, const std::string& body) {
    const trk::ParseOutcome o = trk::parse_tracking(carrier, body);
    REQUIRE_FALSE(o.ok());
    return o.error().kind;
  };
  CHECK(kind("ups", forewarn::clients::ups::encode_not_found("1Z999AA10123456784")) == ErrorKind::not_found);
  const std::array<std::string, 1> missing{"123456789012"};
  CHECK(kind("fedex", forewarn::clients::fedex::encode_track_response({}, {}, missing)) == ErrorKind::not_found);
  CHECK(kind("usps", forewarn::clients::usps::encode_error(404, "404", "not found")) == ErrorKind::not_found);
  CHECK(kind("dhl", forewarn::clients::dhl::encode_not_found("1234567890")) == ErrorKind::not_found);
  CHECK(kind("ups", forewarn::clients::ups::encode_error("250002", "Invalid Authentication Information.")) ==
        ErrorKind::unauthorized);
  CHECK(kind("fedex", forewarn::clients::fedex::encode_error("NOT.AUTHORIZED.ERROR", "The given JWT is invalid.")) ==
        ErrorKind::unauthorized);
  CHECK(kind("usps", forewarn::clients::usps::encode_error(429, "429", "Too Many Requests")) == ErrorKind::rate_limited);
  CHECK(kind("dhl", forewarn::clients::dhl::encode_problem(500, "Internal error", "try later")) == ErrorKind::server_error);
}

TEST_CASE("encoded token answers parse with their lifetime") {
  const std::string bodies[] = {
      forewarn::clients::ups::encode_token_response("tok-u", std::chrono::seconds{14399}, "id", 1765000000000),
      forewarn::clients::fedex::encode_token_response("tok-f", std::chrono::seconds{3599}),
      forewarn::clients::usps::encode_token_response("tok-p", std::chrono::seconds{28799}, 1765000000000)};
  const long long lifetimes[] = {14399, 3599, 28799};
  for (std::size_t i = 0; i < 3; ++i) {
    const trk::TokenOutcome t = trk::parse_token_response(bodies[i]);
    REQUIRE(t.token);
    CHECK(t.token->expires_in.count() == lifetimes[i]);
    CHECK_FALSE(t.token->access_token.empty());
  }
}
