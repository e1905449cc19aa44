#include <doctest/doctest.h>

#include "clients/dhl/codec/request.hpp"
#include "clients/fedex/codec/request.hpp"
#include "clients/ups/codec/request.hpp"
#include "clients/usps/codec/request.hpp"
#include "core/tracking/codec_support.hpp"
#include "core/tracking/parse.hpp"

namespace trk = forewarn::tracking;
namespace c = forewarn::tracking::codec;

TEST_CASE("status names round-trip") {
  for (auto s : trk::kAllStatuses) CHECK(trk::status_from_string(trk::to_string(s)) == s);
  CHECK(trk::to_string(trk::Status::unknown) == "unknown");
  CHECK(trk::exception_reason_from_string("customs") == trk::ExceptionReason::customs);
  CHECK_FALSE(trk::status_from_string("lost in space"));
}

TEST_CASE("timestamps: offsets kept, floating times printed without zone") {
  auto t = c::parse_timestamp("2008-12-08T07:43:37-08:00");
  REQUIRE(t);
  CHECK(t->utc_offset_minutes == -480);
  CHECK(forewarn::format_iso8601(t->time) == "2008-12-08T15:43:37Z");
  CHECK(c::format_timestamp(t->time, t->utc_offset_minutes) == "2008-12-08T07:43:37-08:00");
  auto z = c::parse_timestamp("2024-11-22T18:58:40.250Z");
  REQUIRE(z);
  CHECK(c::format_timestamp(z->time, z->utc_offset_minutes) == "2024-11-22T18:58:40.250Z");
  auto f = c::parse_compact("20120510", "043400");
  REQUIRE(f);
  CHECK_FALSE(f->utc_offset_minutes);
  CHECK(c::format_timestamp(f->time, f->utc_offset_minutes) == "2012-05-10T04:34:00");
  auto u = c::parse_month_name("April 28, 2015", "12:18 am");
  REQUIRE(u);
  CHECK(c::format_timestamp(u->time, std::nullopt) == "2015-04-28T00:18:00");
  CHECK_FALSE(c::parse_timestamp("2018-02-30T00:00:00"));
  CHECK_FALSE(c::parse_timestamp("string"));
  CHECK_FALSE(c::parse_compact("2012051", ""));
  CHECK(c::format_date(*c::parse_date("2021-10-15T00:00:00-06:00")) == "2021-10-15");
}

TEST_CASE("to_json: exact shape, newest event first, null location") {
  trk::TrackingResult r;
  r.carrier = "ups";
  r.tracking_number = "1Z5R89390357567127";
  r.status = trk::Status::delivered;
  r.substatus = "D/FS";
  r.estimated_delivery = std::chrono::year_month_day{std::chrono::year{2024}, std::chrono::month{3}, std::chrono::day{5}};
  trk::TrackingEvent old_e;
  old_e.time = c::parse_timestamp("2024-03-04T10:00:00Z")->time;
  old_e.utc_offset_minutes = 0;
  old_e.status = trk::Status::info_received;
  old_e.description = "Label created";
  trk::TrackingEvent new_e;
  auto nt = c::parse_timestamp("2024-03-05T09:30:00-05:00");
  new_e.time = nt->time;
  new_e.utc_offset_minutes = nt->utc_offset_minutes;
  new_e.status = trk::Status::delivered;
  new_e.description = "Delivered";
  new_e.location = {"ATLANTA", "GA", "30301", "US"};
  r.events = {old_e, new_e};
  trk::finalize(r);
  CHECK(trk::to_json(r) ==
        R"({"carrier":"ups","tracking_number":"1Z5R89390357567127","status":"delivered","substatus":"D/FS",)"
        R"("estimated_delivery":"2024-03-05","delivered_at":"2024-03-05T09:30:00-05:00","events":[)"
        R"({"time":"2024-03-05T09:30:00-05:00","status":"delivered","description":"Delivered","location":"ATLANTA, GA, US"},)"
        R"({"time":"2024-03-04T10:00:00Z","status":"info_received","description":"Label created","location":null}]})");
  trk::TrackingResult empty;
  CHECK(trk::to_json(empty) ==
        R"({"carrier":"","tracking_number":"","status":"unknown","substatus":"","estimated_delivery":null,"delivered_at":null,"events":[]})");
}

TEST_CASE("registry: one entry per carrier, unknown name is an error value") {
  std::vector<std::string> names;
  for (const auto& e : trk::codecs()) names.emplace_back(e.name);
  CHECK(names == std::vector<std::string>{"ups", "fedex", "usps", "dhl", "easypost", "aftership"});
  auto o = trk::parse_tracking("pony-express", "{}");
  REQUIRE_FALSE(o.ok());
  CHECK(o.error().kind == trk::ErrorKind::invalid_request);
}

TEST_CASE("request builders") {
  auto ups = forewarn::clients::ups::track_request("1Z 999", "tok", "tx-1");
  CHECK(ups.method == "GET");
  CHECK(ups.target() == "/api/track/v1/details/1Z%20999?locale=en_US&returnSignature=false");
  REQUIRE(ups.header("authorization"));
  CHECK(*ups.header("Authorization") == "Bearer tok");
  CHECK(*ups.header("transId") == "tx-1");

  auto fx = forewarn::clients::fedex::track_request({"123456789012"}, "tok");
  CHECK(fx.method == "POST");
  CHECK(fx.target() == "/track/v1/trackingnumbers");
  CHECK(fx.body ==
        R"({"includeDetailedScans":true,"trackingInfo":[{"trackingNumberInfo":{"trackingNumber":"123456789012"}}]})");

  auto us = forewarn::clients::usps::track_request("9400111206206406260787", "tok");
  CHECK(us.target() == "/tracking/v3/tracking/9400111206206406260787?expand=DETAIL");

  auto dh = forewarn::clients::dhl::track_request("7777777770", "key", "express");
  CHECK(dh.target() == "/track/shipments?trackingNumber=7777777770&service=express&language=en");
  CHECK(*dh.header("DHL-API-Key") == "key");
}

TEST_CASE("OAuth client-credentials codecs") {
  auto ut = forewarn::clients::ups::token_request("id", "secret");
  CHECK(ut.path == "/security/v1/oauth/token");
  CHECK(*ut.header("Authorization") == "Basic aWQ6c2VjcmV0");
  CHECK(ut.body == "grant_type=client_credentials");
  auto ft = forewarn::clients::fedex::token_request("my id", "s&t");
  CHECK(ft.path == "/oauth/token");
  CHECK(ft.body == "grant_type=client_credentials&client_id=my%20id&client_secret=s%26t");
  auto st = forewarn::clients::usps::token_request("id", "secret", "tracking");
  CHECK(st.path == "/oauth2/v3/token");
  CHECK(st.body == "grant_type=client_credentials&client_id=id&client_secret=secret&scope=tracking");

  auto ok = forewarn::clients::ups::parse_token_response(
      R"({"token_type":"Bearer","issued_at":"1","client_id":"x","access_token":"abc","expires_in":"14399","status":"approved"})");
  REQUIRE(ok.token);
  CHECK(ok.token->access_token == "abc");
  CHECK(ok.token->expires_in == std::chrono::seconds{14399});
  auto fx = forewarn::clients::fedex::parse_token_response(
      R"({"access_token":"t","token_type":"bearer","expires_in":3599,"scope":"CXS"})");
  REQUIRE(fx.token);
  CHECK(fx.token->expires_in == std::chrono::seconds{3599});
  auto bad = forewarn::clients::usps::parse_token_response(
      R"({"error":"invalid_client","error_description":"Client authentication failed."})");
  REQUIRE(bad.error);
  CHECK(bad.error->kind == trk::ErrorKind::unauthorized);
  auto ue = forewarn::clients::ups::parse_token_response(
      R"({"response":{"errors":[{"code":"10401","message":"ClientId is Invalid"}]}})");
  REQUIRE(ue.error);
  CHECK(ue.error->kind == trk::ErrorKind::unauthorized);
  CHECK(forewarn::clients::fedex::parse_token_response("<html>").error->kind == trk::ErrorKind::malformed);
  CHECK(forewarn::clients::fedex::parse_token_response(R"({"access_token":"t"})").error);
}
