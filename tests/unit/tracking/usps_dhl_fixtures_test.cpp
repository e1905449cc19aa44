#include <doctest/doctest.h>

#include "tests/unit/tracking/fixture_table.hpp"

using forewarn::tracking::testing::check_table;
using forewarn::tracking::testing::Expect;

TEST_CASE("USPS codec: every USPS tracking fixture") {
  const std::vector<Expect> rows = {
      // Web Tools, sentence form: TrackSummary + 5 TrackDetail sentences
      {"active_shipping/usps/delivered_extended_tracking_response.xml", nullptr, 1, "delivered", "", 6, "9361289949034102283511", nullptr},
      {"active_shipping/usps/delivered_tracking_response.xml", nullptr, 1, "delivered", "", 6, "9361289949034102283511", nullptr},
      {"active_shipping/usps/invalid_xml_tracking_response_error.xml", "invalid_request", 0, "", "", 0, "", nullptr},
      // structured form: summary + 9 details, ExpectedDeliveryDate April 28, 2015
      {"active_shipping/usps/tracking_response.xml", nullptr, 1, "delivered", "2015-04-28", 10, "9102901000462189604217", nullptr},
      // the only TrackDetail has empty EventTime/EventDate: dropped
      {"active_shipping/usps/tracking_response_alt.xml", nullptr, 1, "delivered", "", 1, "9102901000462189604217", nullptr},
      // 4 TrackInfo: 2 tracked, 2 errors (left out)
      {"active_shipping/usps/tracking_response_batch.xml", nullptr, 2, "delivered", "2015-04-28", 10, "9102901000462189604217", nullptr},
      {"active_shipping/usps/tracking_response_failure.xml", "not_found", 0, "", "", 0, "", nullptr},
      {"active_shipping/usps/tracking_response_not_available.xml", "not_found", 0, "", "", 0, "", nullptr},
      {"active_shipping/usps/tracking_response_test_error.xml", "server_error", 0, "", "", 0, "", nullptr},
      // karrio: v3 JSON errors and Web Tools XML
      {"karrio/fixtures_from_tests/usps/AuthErrorResponse.json", "unauthorized", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/usps/ErrorResponse.json", "invalid_request", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/usps/TRACKING_RESPONSE.xml", nullptr, 1, "in_transit", "", 2, "XXXXXXXXXX1", nullptr},
      // v3 JSON: an array of two tracking objects (a real one and the schema example)
      {"karrio/schema_samples/usps__tracking_responses.json", nullptr, 2, "delivered", "", 12, "9400109104250532908587", nullptr},
  };
  int n = check_table("usps", rows);
  MESSAGE("USPS fixtures checked: " << n);
}

TEST_CASE("USPS v3: GMT offset kept, EDD from expectedDeliveryTimeStamp") {
  auto root = forewarn::tracking::testing::fixtures_or_skip("fixtures/tracking");
  if (!root) return;
  auto text = forewarn::tracking::testing::read_file(*root / "karrio/schema_samples/usps__tracking_responses.json");
  REQUIRE(text);
  auto o = forewarn::tracking::parse_tracking("usps", *text);
  REQUIRE(o.ok());
  const auto& first = o.results()[0];
  REQUIRE_FALSE(first.events.empty());
  CHECK(first.events[0].utc_offset_minutes == -300);
  CHECK(forewarn::tracking::codec::format_timestamp(first.events[0].time, first.events[0].utc_offset_minutes) ==
        "2024-11-22T13:58:40-05:00");
  REQUIRE(o.results()[1].estimated_delivery);
  CHECK(forewarn::tracking::codec::format_date(*o.results()[1].estimated_delivery) == "2019-08-24");
}

TEST_CASE("DHL codec: every DHL Unified Shipment Tracking fixture") {
  const std::vector<Expect> rows = {
      {"karrio/fixtures_from_tests/dhl_universal/TrackingErrorResponseJSON.json", "not_found", 0, "", "", 0, "", nullptr},
      // statusCode "pre-transit" decides, whatever the free "status" text says
      {"karrio/fixtures_from_tests/dhl_universal/TrackingResponseJSON.json", nullptr, 1, "info_received", "2018-08-03", 1, "7777777770", nullptr},
      // schema sample wraps a response and an error object side by side
      {"karrio/schema_samples/dhl_universal__tracking.json", nullptr, 1, "info_received", "2018-08-03", 1, "7777777770", "trackingResponse"},
      {"karrio/schema_samples/dhl_universal__tracking.json", "not_found", 0, "", "", 0, "", "error"},
  };
  int n = check_table("dhl", rows);
  MESSAGE("DHL fixture payloads checked: " << n);
}
