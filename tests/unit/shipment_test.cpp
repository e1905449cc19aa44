// Shipments: request validation with carrier detection, the contact rules,
// the ingestion decision (evaluate_shipment), event fingerprints, and the
// aggregators' webhook signatures.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/encoding.hpp"
#include "core/shipment/evaluate.hpp"
#include "core/shipment/shipment.hpp"
#include "core/time.hpp"
#include "core/webhook_secret.hpp"
#include "platform/crypto.hpp"
#include "platform/webhook_signature.hpp"

using namespace forewarn;
using nlohmann::json;
namespace sh = forewarn::shipment;
namespace tr = forewarn::tracking;

namespace {

json base_request() {
  return {{"order_id", "A-1001"},
          {"tracking_number", "1Z5R89390357567127"},
          {"destination", {{"postal_code", "10025"}, {"country", "US"}}},
          {"recipients", json::array({{{"name", "Jane"}, {"email", "jane@example.com"}, {"locale", "en-US"}}})}};
}

std::vector<std::string> pointers(const Problem& p) {
  std::vector<std::string> out;
  for (const auto& e : p.errors) out.push_back(e.pointer);
  return out;
}

bool has_pointer(const Problem& p, const std::string& pointer) {
  const auto all = pointers(p);
  return std::find(all.begin(), all.end(), pointer) != all.end();
}

Instant at(const char* iso) { return *parse_iso8601(iso); }

tr::TrackingEvent event(const char* iso, tr::Status status, const char* description = "SCAN") {
  tr::TrackingEvent e;
  e.time = at(iso);
  e.utc_offset_minutes = 0;
  e.status = status;
  e.substatus = std::string(tr::to_string(status));
  e.description = description;
  e.location.city = "ATLANTA";
  e.location.country = "US";
  return e;
}

tr::TrackingResult result(tr::Status status, std::vector<tr::TrackingEvent> events) {
  tr::TrackingResult r;
  r.carrier = "ups";
  r.tracking_number = "1Z5R89390357567127";
  r.status = status;
  r.substatus = std::string(tr::to_string(status));
  r.events = std::move(events);
  tr::finalize(r);
  return r;
}

}  // namespace

TEST_CASE("shipment: a valid request, carrier detected from the number, destination zone defaulted") {
  const auto in = sh::shipment_from_json(base_request());
  REQUIRE(in.value);
  CHECK(in.value->carrier == "ups");
  CHECK(in.value->tracking_number == "1Z5R89390357567127");
  CHECK(in.value->destination_time_zone == "America/New_York");
  REQUIRE(in.value->recipients.size() == 1);
  CHECK(in.value->recipients[0].email == "jane@example.com");
  CHECK_FALSE(in.value->purchaser);

  json spaced = base_request();
  spaced["tracking_number"] = " 1z5r 8939 0357 5671 27 ";
  CHECK(sh::shipment_from_json(spaced).value->tracking_number == "1Z5R89390357567127");

  json usps = base_request();
  usps["tracking_number"] = "RB123456785US";  // S10 issued in the US
  CHECK(sh::shipment_from_json(usps).value->carrier == "usps");
}

TEST_CASE("shipment: a failing check digit, an unknown carrier or service, a carrier mismatch are 422 at their field") {
  json bad_digit = base_request();
  bad_digit["tracking_number"] = "1Z5R89390357567128";
  auto p = sh::shipment_from_json(bad_digit).problem;
  CHECK(pointers(p) == std::vector<std::string>{"/tracking_number"});
  CHECK(p.errors[0].message.find("check digit") != std::string::npos);

  json bad_digit_named = bad_digit;
  bad_digit_named["carrier"] = "ups";
  CHECK(pointers(sh::shipment_from_json(bad_digit_named).problem) == std::vector<std::string>{"/tracking_number"});

  json unknown = base_request();
  unknown["carrier"] = "pony-express";
  CHECK(pointers(sh::shipment_from_json(unknown).problem) == std::vector<std::string>{"/carrier"});

  json mismatch = base_request();
  mismatch["carrier"] = "fedex";
  CHECK(pointers(sh::shipment_from_json(mismatch).problem) == std::vector<std::string>{"/carrier"});

  json service = base_request();
  service["service"] = "fedex-2day";
  CHECK(pointers(sh::shipment_from_json(service).problem) == std::vector<std::string>{"/service"});
  service["service"] = "warp-drive";
  CHECK(pointers(sh::shipment_from_json(service).problem) == std::vector<std::string>{"/service"});
  service["service"] = "ups-ground";
  CHECK(sh::shipment_from_json(service).value->service == "ups-ground");

  json undetectable = base_request();
  undetectable["tracking_number"] = "EZ4000000004";
  CHECK(pointers(sh::shipment_from_json(undetectable).problem) == std::vector<std::string>{"/carrier"});
  undetectable["carrier"] = "ups";  // a format forewarn does not know, named explicitly: accepted
  CHECK(sh::shipment_from_json(undetectable).value->carrier == "ups");

  json foreign_s10 = base_request();
  foreign_s10["tracking_number"] = "RB123456785GB";
  CHECK(pointers(sh::shipment_from_json(foreign_s10).problem) == std::vector<std::string>{"/carrier"});
  foreign_s10["carrier"] = "dhl";
  CHECK(sh::shipment_from_json(foreign_s10).value->carrier == "dhl");
}

TEST_CASE("shipment: every bad field is named, contacts included") {
  json j = base_request();
  j.erase("order_id");
  j["destination"] = {{"postal_code", "ABC"}, {"country", "US"}, {"time_zone", "Mars/Olympus"}};
  j["purchaser"] = {{"name", "Bob"}, {"phone", "12"}};
  j["recipients"] = json::array({{{"email", "not-an-address"}, {"locale", "english please"}}, {{"name", "No contact"}}});
  j["promised_date"] = "2026-02-30";
  j["event_id"] = "christmas";
  j["customer"] = {{"lifetime_value", -5}, {"currency", "usd"}, {"tier", "gold"}};
  j["colour"] = "red";
  const auto p = sh::shipment_from_json(j).problem;
  for (const char* ptr : {"/order_id", "/destination/postal_code", "/destination/time_zone", "/purchaser/phone",
                          "/recipients/0/email", "/recipients/0/locale", "/recipients/1/email", "/promised_date",
                          "/event_id", "/customer/lifetime_value", "/customer/currency", "/colour"})
    CHECK_MESSAGE(has_pointer(p, ptr), ptr);
}

TEST_CASE("shipment: contact rules") {
  CHECK(sh::is_valid_email("jane.doe+gift@example.co.uk"));
  CHECK_FALSE(sh::is_valid_email("jane@localhost"));
  CHECK_FALSE(sh::is_valid_email("jane@@example.com"));
  CHECK_FALSE(sh::is_valid_email("jane doe@example.com"));
  CHECK(sh::normalize_phone("+1 (415) 555-0123") == "+14155550123");
  CHECK(sh::normalize_phone("+358 40 123 4567") == "+358401234567");
  CHECK_FALSE(sh::normalize_phone("0401234567"));  // not international
  CHECK_FALSE(sh::normalize_phone("+1 415 CALL-NOW"));
  for (const char* ok : {"en", "fi", "pt-BR", "zh-Hant-TW", "es-419", "en_US"}) CHECK_MESSAGE(sh::is_valid_locale(ok), ok);
  for (const char* bad : {"e", "english", "en-", "pt-BRA-x", "12"}) CHECK_FALSE_MESSAGE(sh::is_valid_locale(bad), bad);
}

TEST_CASE("shipment: PATCH changes contacts, promise and standing, clears with null, refuses fixed fields") {
  auto created = sh::shipment_from_json([] {
    json j = base_request();
    j["promised_date"] = "2026-12-22";
    j["purchaser"] = {{"name", "Bob"}, {"email", "bob@example.com"}};
    return j;
  }());
  REQUIRE(created.value);
  const sh::Shipment base = *created.value;

  auto patched = sh::shipment_patch_from_json(
      {{"promised_date", nullptr}, {"purchaser", nullptr}, {"recipients", json::array({{{"phone", "+358401234567"}}})},
       {"customer", {{"order_count", 7}}}},
      base);
  REQUIRE(patched.value);
  CHECK_FALSE(patched.value->promised_date);
  CHECK_FALSE(patched.value->purchaser);
  REQUIRE(patched.value->recipients.size() == 1);
  CHECK(patched.value->recipients[0].phone == "+358401234567");
  CHECK(patched.value->customer.order_count == 7);
  CHECK(patched.value->tracking_number == base.tracking_number);

  auto untouched = sh::shipment_patch_from_json({{"event_id", "00000000-0000-4000-8000-000000000000"}}, base);
  REQUIRE(untouched.value);
  CHECK(untouched.value->promised_date == "2026-12-22");
  CHECK(untouched.value->purchaser == base.purchaser);

  const auto refused = sh::shipment_patch_from_json({{"tracking_number", "1Z5R89390357567127"}, {"carrier", "ups"}}, base);
  CHECK(pointers(refused.problem) == std::vector<std::string>{"/tracking_number", "/carrier"});
}

TEST_CASE("shipment: the API form hides nothing it stores and names the promise") {
  auto in = sh::shipment_from_json(base_request());
  REQUIRE(in.value);
  in.value->promised_date = "2026-12-22";
  const json j = sh::to_json(*in.value);
  CHECK(j["carrier"] == "ups");
  CHECK(j["promise"]["promised_date"] == "2026-12-22");
  CHECK(j["promise"]["carrier_estimated_delivery"].is_null());
  CHECK(j["recipients"][0]["locale"] == "en-US");
  CHECK(j["purchaser"].is_null());
  CHECK(j["risk"].is_null());
  CHECK(j["active"] == true);
}

TEST_CASE("evaluate: a newer result moves the status, an older one does not, delivered is final") {
  sh::TrackingState s;
  auto moving = result(tr::Status::in_transit, {event("2026-12-01T08:00:00Z", tr::Status::info_received),
                                                event("2026-12-02T09:00:00Z", tr::Status::in_transit)});
  moving.estimated_delivery = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{5}};
  auto e1 = sh::evaluate_shipment(s, moving, at("2026-12-02T10:00:00Z"));
  CHECK(e1.state.status == tr::Status::in_transit);
  CHECK(e1.status_changed);
  CHECK(e1.state.last_event_at == at("2026-12-02T09:00:00Z"));
  CHECK(e1.state.carrier_estimated_delivery == moving.estimated_delivery);
  CHECK(e1.state.active);

  // A late webhook with only the first scan changes nothing.
  auto late = result(tr::Status::info_received, {event("2026-12-01T08:00:00Z", tr::Status::info_received)});
  auto e2 = sh::evaluate_shipment(e1.state, late, at("2026-12-02T11:00:00Z"));
  CHECK(e2.state.status == tr::Status::in_transit);
  CHECK_FALSE(e2.changed);

  // The same result again: nothing changes.
  CHECK_FALSE(sh::evaluate_shipment(e1.state, moving, at("2026-12-02T12:00:00Z")).changed);

  // "unknown" never replaces a known status.
  auto pending = result(tr::Status::unknown, {event("2026-12-02T09:00:00Z", tr::Status::in_transit)});
  CHECK(sh::evaluate_shipment(e1.state, pending, at("2026-12-02T12:00:00Z")).state.status == tr::Status::in_transit);

  auto delivered = result(tr::Status::delivered, {event("2026-12-03T14:00:00Z", tr::Status::delivered)});
  auto e3 = sh::evaluate_shipment(e1.state, delivered, at("2026-12-03T15:00:00Z"));
  CHECK(e3.state.status == tr::Status::delivered);
  CHECK(e3.state.delivered_at == at("2026-12-03T14:00:00Z"));
  CHECK_FALSE(e3.state.active);

  // A later scan after delivery (a refund notice) does not undo it.
  auto after = result(tr::Status::exception, {event("2026-12-04T10:00:00Z", tr::Status::exception)});
  auto e4 = sh::evaluate_shipment(e3.state, after, at("2026-12-04T11:00:00Z"));
  CHECK(e4.state.status == tr::Status::delivered);
  CHECK_FALSE(e4.state.active);
  CHECK(e4.state.last_event_at == at("2026-12-04T10:00:00Z"));
}

TEST_CASE("evaluate: expired ends tracking, a stopped shipment stays stopped") {
  sh::TrackingState s;
  auto expired = result(tr::Status::expired, {event("2026-12-01T08:00:00Z", tr::Status::expired)});
  CHECK_FALSE(sh::evaluate_shipment(s, expired, at("2026-12-02T00:00:00Z")).state.active);

  sh::TrackingState stopped;
  stopped.active = false;
  stopped.stopped = true;
  auto moving = result(tr::Status::in_transit, {event("2026-12-01T08:00:00Z", tr::Status::in_transit)});
  const auto e = sh::evaluate_shipment(stopped, moving, at("2026-12-02T00:00:00Z"));
  CHECK(e.state.status == tr::Status::in_transit);
  CHECK_FALSE(e.state.active);
}

TEST_CASE("evaluate: the label and the first and last scans fold in every result, in any order, seen twice") {
  const auto now = at("2026-12-06T00:00:00Z");
  sh::TrackingState s;
  // The newest poll first: label, two scans.
  const auto newer = result(tr::Status::in_transit, {event("2026-12-03T09:00:00Z", tr::Status::in_transit, "ARRIVED"),
                                                      event("2026-12-02T18:00:00Z", tr::Status::in_transit, "DEPARTED"),
                                                      event("2026-12-01T10:00:00Z", tr::Status::info_received)});
  s = sh::evaluate_shipment(s, newer, now).state;
  CHECK(s.label_created_at == at("2026-12-01T10:00:00Z"));
  CHECK(s.first_scan_at == at("2026-12-02T18:00:00Z"));
  CHECK(s.last_scan_at == at("2026-12-03T09:00:00Z"));

  // A late webhook with an earlier scan and an unknown event: the first scan
  // moves back, the last stays, `unknown` counts as neither.
  const auto late = result(tr::Status::in_transit, {event("2026-12-04T00:00:00Z", tr::Status::unknown, "NOTE"),
                                                    event("2026-12-02T08:00:00Z", tr::Status::in_transit, "PICKUP")});
  const auto e = sh::evaluate_shipment(s, late, now);
  CHECK(e.state.first_scan_at == at("2026-12-02T08:00:00Z"));
  CHECK(e.state.last_scan_at == at("2026-12-03T09:00:00Z"));
  CHECK(e.state.label_created_at == at("2026-12-01T10:00:00Z"));
  CHECK(e.changed);

  // The same poll again changes nothing.
  CHECK_FALSE(sh::evaluate_shipment(e.state, newer, now).changed);
}

TEST_CASE("event fingerprint: insensitive to case and spacing, sensitive to time, place and code") {
  const auto a = event("2026-12-01T08:00:00Z", tr::Status::in_transit, "Departed  FACILITY ");
  auto b = a;
  b.description = "departed facility";
  b.location.city = " atlanta";
  CHECK(sh::event_fingerprint("ups", a) == sh::event_fingerprint("UPS", b));
  auto later = a;
  later.time += std::chrono::minutes{1};
  CHECK(sh::event_fingerprint("ups", a) != sh::event_fingerprint("ups", later));
  auto elsewhere = a;
  elsewhere.location.city = "MACON";
  CHECK(sh::event_fingerprint("ups", a) != sh::event_fingerprint("ups", elsewhere));
  auto floating = a;
  floating.utc_offset_minutes.reset();
  CHECK(sh::event_fingerprint("ups", a) != sh::event_fingerprint("ups", floating));
  CHECK(sh::event_fingerprint("ups", a) != sh::event_fingerprint("fedex", a));
}

TEST_CASE("time: RFC 2822 date-times as EasyPost's X-Timestamp carries them") {
  CHECK(parse_rfc2822("Tue, 19 Aug 2025 20:37:09 -0000") == parse_iso8601("2025-08-19T20:37:09Z"));
  CHECK(parse_rfc2822("19 Aug 2025 22:37:09 +0200") == parse_iso8601("2025-08-19T20:37:09Z"));
  CHECK(parse_rfc2822("Tue, 19 Aug 2025 20:37:09 GMT") == parse_iso8601("2025-08-19T20:37:09Z"));
  CHECK_FALSE(parse_rfc2822("Tue, 19 Foo 2025 20:37:09 GMT"));
  CHECK_FALSE(parse_rfc2822("Tue, 31 Feb 2025 20:37:09 GMT"));
  CHECK_FALSE(parse_rfc2822("2025-08-19T20:37:09Z"));
  CHECK_FALSE(parse_rfc2822("Tue, 19 Aug 2025 20:37:09 -0000 trailing"));
}

TEST_CASE("webhook signatures: EasyPost and AfterShip, exactly as they sign, nothing else") {
  using webhooks::Provider;
  const std::string secret = "whsec_s3cr3t!";
  const std::string body = R"({"description":"tracker.updated","result":{}})";
  const Instant now = at("2025-08-19T20:37:09Z");
  const auto lookup = [](std::vector<std::pair<std::string, std::string>> headers) {
    return [headers = std::move(headers)](const std::string& name) {
      for (const auto& [k, v] : headers) {
        std::string a = k, b = name;
        std::transform(a.begin(), a.end(), a.begin(), ::tolower);
        std::transform(b.begin(), b.end(), b.begin(), ::tolower);
        if (a == b) return v;
      }
      return std::string();
    };
  };
  const auto verify = [&](Provider p, const std::vector<std::pair<std::string, std::string>>& h,
                          const std::string& b = "", Instant when = Instant{}) {
    return webhooks::verify_signature(p, secret, "POST", b.empty() ? body : b, lookup(h),
                                      when == Instant{} ? now : when);
  };

  // EasyPost legacy: hmac-sha256-hex=<hex of HMAC-SHA256(secret, body)>.
  const std::string hex = crypto::hex(crypto::hmac_sha256(secret, body));
  CHECK(verify(Provider::easypost, {{"X-Hmac-Signature", "hmac-sha256-hex=" + hex}}).ok);
  CHECK(webhooks::sign(Provider::easypost, secret, body) ==
        std::vector<std::pair<std::string, std::string>>{{"X-Hmac-Signature", "hmac-sha256-hex=" + hex}});
  CHECK(verify(Provider::easypost, {{"x-hmac-signature", "HMAC-SHA256-HEX=" + hex}}).ok);  // case of hex digits
  CHECK_FALSE(verify(Provider::easypost, {{"X-Hmac-Signature", hex}}).ok);                  // the prefix is part of it
  CHECK_FALSE(verify(Provider::easypost, {{"X-Hmac-Signature", "hmac-sha256-hex=" + hex}}, body + " ").ok);
  CHECK_FALSE(verify(Provider::easypost, {}).ok);
  CHECK_FALSE(webhooks::verify_signature(Provider::easypost, "", "POST", body, lookup({}), now).ok);
  // A legacy delivery with an X-Timestamp must be fresh.
  CHECK_FALSE(verify(Provider::easypost,
                     {{"X-Hmac-Signature", "hmac-sha256-hex=" + hex}, {"X-Timestamp", "Tue, 19 Aug 2025 20:20:00 -0000"}})
                  .ok);

  // EasyPost V2: over timestamp + method + path + body, within five minutes.
  const std::string ts = "Tue, 19 Aug 2025 20:35:00 -0000", path = "/v1/webhooks/easypost/t";
  const auto v2 = webhooks::sign(Provider::easypost, secret, body, ts, path);
  REQUIRE(v2.size() == 4);
  CHECK(v2[3].second == "hmac-sha256-hex=" + crypto::hex(crypto::hmac_sha256(secret, ts + "POST" + path + body)));
  CHECK(verify(Provider::easypost, v2).ok);
  CHECK_FALSE(verify(Provider::easypost, v2, "", now + std::chrono::minutes{10}).ok);  // stale
  auto tampered = v2;
  tampered[2].second = "/elsewhere";
  CHECK_FALSE(verify(Provider::easypost, tampered).ok);

  // AfterShip: base64 of HMAC-SHA256(secret, body).
  const std::string b64 = base64_encode(crypto::hmac_sha256(secret, body));
  CHECK(b64.size() == 44);
  CHECK(verify(Provider::aftership, {{"aftership-hmac-sha256", b64}}).ok);
  CHECK(verify(Provider::aftership, webhooks::sign(Provider::aftership, secret, body)).ok);
  CHECK_FALSE(verify(Provider::aftership, {{"aftership-hmac-sha256", b64}}, body + "x").ok);
  CHECK_FALSE(verify(Provider::aftership, {{"X-Hmac-Signature", "hmac-sha256-hex=" + hex}}).ok);

  CHECK(is_acceptable_webhook_secret(secret));
  CHECK_FALSE(is_acceptable_webhook_secret("short"));
  CHECK_FALSE(is_acceptable_webhook_secret("with a space"));
  CHECK(base64_encode("any carnal pleas") == "YW55IGNhcm5hbCBwbGVhcw==");
}
