#include <doctest/doctest.h>

#include "tests/unit/tracking/fixture_table.hpp"

using forewarn::tracking::testing::check_table;
using forewarn::tracking::testing::Expect;

TEST_CASE("UPS codec: every UPS tracking fixture") {
  const std::vector<Expect> rows = {
      // active_shipping: XML Tools TrackResponse
      {"active_shipping/ups/delivered_shipment_with_refund.xml", nullptr, 1, "delivered", "", 11, "1Z4189020353476816", nullptr},
      {"active_shipping/ups/delivered_shipment_without_events_tracking_response.xml", nullptr, 1, "delivered", "", 1, "1ZA7226W1388491331", nullptr},
      // one activity without date/time and made-up codes XX/YY: no event, unknown
      {"active_shipping/ups/example_tracking_response.xml", nullptr, 1, "unknown", "", 0, "1Z9999999999999999", nullptr},
      {"active_shipping/ups/in_transit_shipment.xml", nullptr, 1, "in_transit", "2011-08-24", 6, "1Z4F940A0266088694", nullptr},
      // RescheduledDeliveryDate 20120510 wins over ScheduledDeliveryDate 20120511
      {"active_shipping/ups/out_for_delivery_shipment.xml", nullptr, 1, "out_for_delivery", "2012-05-10", 5, "1ZW22A280305086608", nullptr},
      {"active_shipping/ups/rescheduled_shipment.xml", nullptr, 1, "out_for_delivery", "2015-01-29", 7, "1ZW5A7604293617812", nullptr},
      {"active_shipping/ups/shipment_from_tiger_direct.xml", nullptr, 1, "delivered", "", 8, "1Z5FX0076803466397", nullptr},
      // karrio: Track API JSON and XOLTWS SOAP
      {"karrio/fixtures_from_tests/ups/AuthError.json", "unauthorized", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/ups/AuthError.xml", "unauthorized", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/ups/InvalidTrackingNumberResponseJSON.json", "invalid_request", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/ups/InvalidTrackingNumberResponseXML.xml", "invalid_request", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/ups/InvalidTrackingNumberResponseXML_2.xml", "invalid_request", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/ups/LabelCreatedTrackingResponseJSON.json", nullptr, 1, "info_received", "", 1, "1Z999AA10123456784", nullptr},
      {"karrio/fixtures_from_tests/ups/TrackingNumberNotFoundResponseJSON.json", "not_found", 0, "", "", 0, "", nullptr},
      // schema example: currentStatus X/SR "released by the customs agency"; deliveryDate "string"
      {"karrio/fixtures_from_tests/ups/TrackingResponseJSON.json", nullptr, 1, "in_transit", "", 1, "string", nullptr},
      {"karrio/fixtures_from_tests/ups/TrackingResponseJSON_2.json", nullptr, 1, "in_transit", "", 1, "string", nullptr},
      {"karrio/fixtures_from_tests/ups/TrackingResponseXml.xml", nullptr, 1, "delivered", "", 6, "1Z12345E6205277936", nullptr},
      {"karrio/fixtures_from_tests/ups/TrackingResponseXml_2.xml", nullptr, 1, "delivered", "", 6, "1Z12345E6205277936", nullptr},
      {"karrio/schema_samples/ups__tracking_response.json", nullptr, 1, "delivered", "", 2, "1Z1442YY7229014688", nullptr},
  };
  int n = check_table("ups", rows);
  MESSAGE("UPS fixtures checked: " << n);
}

TEST_CASE("FedEx codec: every FedEx tracking fixture") {
  const std::vector<Expect> rows = {
      // active_shipping: Web Services TrackReply v3 and v7
      {"active_shipping/fedex/tracking_response.xml", nullptr, 1, "delivered", "", 7, "077973360403984", nullptr},
      {"active_shipping/fedex/tracking_response2.xml", "malformed", 0, "", "", 0, "", nullptr},  // empty file
      {"active_shipping/fedex/tracking_response_bad_tracking_number.xml", "invalid_request", 0, "", "", 0, "", nullptr},
      {"active_shipping/fedex/tracking_response_delivered_at_door.xml", nullptr, 1, "delivered", "", 10, "403934084723025", nullptr},
      {"active_shipping/fedex/tracking_response_delivered_at_facility.xml", nullptr, 1, "delivered", "", 19, "843119172384577", nullptr},
      {"active_shipping/fedex/tracking_response_delivered_with_signature.xml", nullptr, 1, "delivered", "", 11, "449044304137821", nullptr},
      {"active_shipping/fedex/tracking_response_delivery_with_signature.xml", nullptr, 1, "delivered", "", 9, "857371454789156", nullptr},
      {"active_shipping/fedex/tracking_response_empty_destination.xml", nullptr, 1, "in_transit", "2014-05-14", 2, "805573019619", nullptr},
      {"active_shipping/fedex/tracking_response_empty_status_detail.xml", nullptr, 1, "unknown", "", 0, "123456789012", nullptr},
      {"active_shipping/fedex/tracking_response_failure_code_9045.xml", "server_error", 0, "", "", 0, "", nullptr},
      {"active_shipping/fedex/tracking_response_failure_code_9080.xml", "server_error", 0, "", "", 0, "", nullptr},
      {"active_shipping/fedex/tracking_response_in_transit.xml", nullptr, 1, "in_transit", "", 1, "123456789012", nullptr},
      {"active_shipping/fedex/tracking_response_invalid_status_code.xml", nullptr, 1, "unknown", "", 0, "123456789012", nullptr},
      {"active_shipping/fedex/tracking_response_invalid_tracking_number.xml", "invalid_request", 0, "", "", 0, "", nullptr},
      {"active_shipping/fedex/tracking_response_missing_status_code.xml", nullptr, 1, "unknown", "", 0, "123456789012", nullptr},
      {"active_shipping/fedex/tracking_response_multiple_results.xml", nullptr, 3, "unknown", "", 0, "123456789012", nullptr},
      {"active_shipping/fedex/tracking_response_no_destination.xml", nullptr, 1, "delivered", "", 7, "077973360403984", nullptr},
      {"active_shipping/fedex/tracking_response_no_results.xml", "not_found", 0, "", "", 0, "", nullptr},
      {"active_shipping/fedex/tracking_response_no_ship_time.xml", nullptr, 1, "delivered", "", 7, "077973360403984", nullptr},
      {"active_shipping/fedex/tracking_response_not_found.xml", "not_found", 0, "", "", 0, "", nullptr},
      {"active_shipping/fedex/tracking_response_shipment_exception.xml", nullptr, 1, "exception", "", 8, "957794015041323", nullptr},
      {"active_shipping/fedex/tracking_response_unable_to_process.xml", "server_error", 0, "", "", 0, "", nullptr},
      {"active_shipping/fedex/tracking_response_with_blank_state.xml", nullptr, 1, "delivered", "", 1, "798701052354", nullptr},
      {"active_shipping/fedex/tracking_response_with_estimated_delivery_date.xml", nullptr, 1, "in_transit", "2013-10-15", 3, "1234567890111", nullptr},
      {"active_shipping/fedex/tracking_response_with_shipper_address.xml", nullptr, 1, "info_received", "", 1, "9274899998944505028386", nullptr},
      // karrio: Track API JSON and SOAP v14+
      {"karrio/fixtures_from_tests/fedex/ErrorResponse.json", "invalid_request", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/fedex/ProofOfDeliveryResponse.json", "malformed", 0, "", "", 0, "", nullptr},  // a document, not tracking
      {"karrio/fixtures_from_tests/fedex/TrackingAuthErrorXML.xml", "unauthorized", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/fedex/TrackingErrorResponseJSON.json", "unauthorized", 0, "", "", 0, "", nullptr},
      {"karrio/fixtures_from_tests/fedex/TrackingErrorResponseXML.xml", "invalid_request", 0, "", "", 0, "", nullptr},
      // second trackResult is a NOTFOUND error and is left out; EDD = estimatedDeliveryTimeWindow.ends
      {"karrio/fixtures_from_tests/fedex/TrackingResponse.json", nullptr, 1, "in_transit", "2021-10-15", 1, "128667043726", nullptr},
      {"karrio/fixtures_from_tests/fedex/TrackingResponseXML.xml", nullptr, 1, "info_received", "", 1, "794887075005", nullptr},
      {"karrio/fixtures_from_tests/fedex/TrackingResponseXML_2.xml", nullptr, 1, "info_received", "", 3, "794887075005", nullptr},
      {"karrio/fixtures_from_tests/fedex/TrackingResponseXml.xml", nullptr, 1, "info_received", "", 1, "794887075005", nullptr},
      {"karrio/schema_samples/fedex__tracking_response.json", nullptr, 1, "in_transit", "2021-10-15", 1, "128667043726", nullptr},
      {"karrio/schema_samples/fedex__tracking_document_response.json", "malformed", 0, "", "", 0, "", nullptr},
  };
  int n = check_table("fedex", rows);
  MESSAGE("FedEx fixtures checked: " << n);
}
