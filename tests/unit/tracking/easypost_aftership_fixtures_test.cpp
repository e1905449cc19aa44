#include <doctest/doctest.h>

#include "tests/unit/tracking/fixture_table.hpp"

using forewarn::tracking::testing::check_table;
using forewarn::tracking::testing::Expect;

TEST_CASE("EasyPost codec: every EasyPost fixture") {
  const char* cas = "easypost/easypost_python_cassettes/";
  const char* ex = "easypost/examples_repo/";
  auto f = [](const char* dir, const char* name) { return std::string(dir) + name; };
  // Keep the strings alive for the table.
  std::vector<std::string> names;
  std::vector<Expect> rows;
  auto add = [&](const char* dir, const char* name, Expect e) {
    names.push_back(f(dir, name));
    rows.push_back(e);
  };
  // Event lists without tracker results, webhooks and batches: not tracking data.
  add(cas, "test_event_all__0__GET.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(cas, "test_event_retrieve_all_payloads__0__POST.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(cas, "test_event_retrieve_all_payloads__1__POST.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(cas, "test_event_retrieve_all_payloads__2__GET.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(cas, "test_event_retrieve_payload__0__POST.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(cas, "test_event_retrieve_payload__1__POST.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(cas, "test_event_retrieve_payload__2__GET.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(cas, "test_event_retrieve_payload__3__GET.json", {nullptr, "not_found", 0, "", "", 0, "", nullptr});
  // Trackers: pre_transit, est_delivery_date 2025-03-06T19:48:26Z, two details each.
  add(cas, "test_tracker_all__0__GET.json", {nullptr, nullptr, 5, "info_received", "2025-03-06", 2, "9400100208303109500782", nullptr});
  add(cas, "test_tracker_create__0__POST.json", {nullptr, nullptr, 1, "info_received", "2025-03-06", 2, "EZ1000000001", nullptr});
  add(cas, "test_tracker_get_next_page__1__GET.json", {nullptr, nullptr, 5, "info_received", "2025-03-06", 2, "9400100208303109500737", nullptr});
  add(cas, "test_tracker_retrieve__1__GET.json", {nullptr, nullptr, 1, "info_received", "2025-03-06", 2, "EZ1000000001", nullptr});
  add(cas, "test_tracker_retrieve_batch__0__POST.json", {nullptr, nullptr, 1, "info_received", "2025-11-05", 2, "EZ1000000001", nullptr});
  add(cas, "test_tracker_retrieve_batch__1__POST.json", {nullptr, nullptr, 1, "info_received", "2025-11-05", 2, "EZ1000000001", nullptr});
  add(ex, "docs__responses__events__events-list.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(ex, "docs__responses__events__events-retrieve.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(ex, "docs__responses__trackers__trackers-create.json", {nullptr, nullptr, 1, "info_received", "2025-05-09", 2, "EZ1000000001", nullptr});
  add(ex, "docs__responses__trackers__trackers-list.json", {nullptr, nullptr, 1, "info_received", "2025-05-09", 2, "EZ1000000001", nullptr});
  add(ex, "docs__responses__trackers__trackers-retrieve.json", {nullptr, nullptr, 1, "info_received", "2025-05-09", 2, "EZ1000000001", nullptr});
  // tracker.updated webhook: FedEx in transit, est_delivery_date_local 2024-08-05, 7 details
  add(ex, "fixtures__event-body.json", {nullptr, nullptr, 1, "in_transit", "2024-08-05", 7, "1", nullptr});
  add(ex, "guides__tracking-guide__json__tracking-webhook.json", {nullptr, nullptr, 1, "delivered", "2014-11-27", 6, "EZ4000000004", nullptr});
  add(ex, "guides__webhooks-guide__event__event_example.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(ex, "guides__webhooks-guide__event__post_json_example.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add(ex, "landing_pages__built_for_developers__create_tracker_response.json", {nullptr, nullptr, 1, "delivered", "", 3, "EZ1000000001", nullptr});
  add(ex, "landing_pages__tracking_webhooks__tracking_webhook_response.json", {nullptr, nullptr, 1, "delivered", "2014-08-27", 6, "EZ4000000004", nullptr});
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].file = names[i].c_str();
  int n = check_table("easypost", rows);
  MESSAGE("EasyPost fixtures checked: " << n);
}

TEST_CASE("AfterShip codec: every AfterShip fixture") {
  const std::string dir = "aftership/aftership_sdk_python_cassettes/";
  std::vector<std::string> names;
  std::vector<Expect> rows;
  auto add = [&](const char* name, Expect e) {
    names.push_back(dir + name);
    rows.push_back(e);
  };
  // Courier lists and EDD predictions are not tracking payloads.
  add("CourierTestCase.test_detect_courier__0__200.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add("CourierTestCase.test_get_all_couriers__0__200.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  add("EstimatedDeliveryDateTestCase.test_batch_predict_estimated_delivery_date__0__200.json", {nullptr, "malformed", 0, "", "", 0, "", nullptr});
  // tag Pending, no checkpoints
  add("TrackingTestCase.test_create_tracking__0__201.json", {nullptr, nullptr, 1, "unknown", "", 0, "HH19260817", nullptr});
  add("TrackingTestCase.test_get_last_checkpoint__0__200.json", {nullptr, nullptr, 1, "unknown", "", 0, "19260817", nullptr});
  add("TrackingTestCase.test_get_tracking__0__200.json", {nullptr, nullptr, 1, "unknown", "", 0, "HH19260817", nullptr});
  add("TrackingTestCase.test_list_trackings__0__200.json", {nullptr, nullptr, 1, "unknown", "", 0, "HH19260817", nullptr});
  add("TrackingTestCase.test_retrack__0__200.json", {nullptr, nullptr, 1, "unknown", "", 0, "19260817", nullptr});
  add("TrackingTestCase.test_update_tracking__0__200.json", {nullptr, nullptr, 1, "unknown", "", 0, "19260817", nullptr});
  add("TrackingWithAdditionalFieldsTestCase.test_create_tracking__0__201.json", {nullptr, nullptr, 1, "unknown", "", 0, "3SKAAG5995399", nullptr});
  // last checkpoint: InTransit_004, one checkpoint
  add("TrackingWithAdditionalFieldsTestCase.test_get_last_checkpoint__0__200.json", {nullptr, nullptr, 1, "in_transit", "", 1, "3SKAAG5995399", nullptr});
  // PostNL: 6 checkpoints, tag InTransit, expected_delivery null
  add("TrackingWithAdditionalFieldsTestCase.test_get_tracking__0__200.json", {nullptr, nullptr, 1, "in_transit", "", 6, "3SKAAG5995399", nullptr});
  add("TrackingWithAdditionalFieldsTestCase.test_get_tracking_by_id__0__200.json", {nullptr, nullptr, 1, "in_transit", "", 6, "3SKAAG5995399", nullptr});
  add("TrackingWithAdditionalFieldsTestCase.test_update_tracking__0__200.json", {nullptr, nullptr, 1, "in_transit", "", 6, "3SKAAG5995399", nullptr});
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].file = names[i].c_str();
  int n = check_table("aftership", rows);
  MESSAGE("AfterShip fixtures checked: " << n);
}
