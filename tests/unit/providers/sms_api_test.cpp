// The SMS codecs: Twilio Messages and Vonage SMS (requests byte for byte,
// every class of answer, status callbacks, delivery receipts, inbound STOP),
// and Twilio's webhook signature with Twilio's own documented example.
#include <doctest/doctest.h>

#include "clients/twilio/codec/twilio.hpp"
#include "clients/twilio/transport.hpp"
#include "clients/vonage/codec/vonage.hpp"
#include "sim/provider_server.hpp"

namespace fc = forewarn::clients;
using fc::DeliveryState;
using fc::SendStatus;
using fc::SmsKeyword;

namespace {

fc::OutgoingMessage sms(std::string text = "Your parcel is late: 2 days. Reply STOP to opt out.") {
  fc::OutgoingMessage m;
  m.id = "3f1c2a8e-0d4b-4f7a-9c6e-2b5d8e1f0a93";
  m.channel = fc::Channel::sms;
  m.from = "+15005550006";
  m.to = "+358401234567";
  m.text = std::move(text);
  return m;
}

}  // namespace

TEST_CASE("twilio: the create message request, byte for byte, with the idempotency token") {
  fc::twilio::Account account{"AC0123456789abcdef0123456789abcdef", "AC0123456789abcdef0123456789abcdef", "token", "",
                              "https://forewarn.example/v1/webhooks/twilio/status?m={id}"};
  const auto r = fc::twilio::send_request(sms("Hei! Paketti on myöhässä."), account);
  CHECK(r.method == "POST");
  CHECK(r.target() == "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
  CHECK(*r.header("Authorization") == "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0b2tlbg==");
  CHECK(*r.header("Content-Type") == "application/x-www-form-urlencoded");
  CHECK(*r.header("I-Twilio-Idempotency-Token") == "3f1c2a8e-0d4b-4f7a-9c6e-2b5d8e1f0a93");
  CHECK(r.body ==
        "To=%2B358401234567&From=%2B15005550006&Body=Hei%21%20Paketti%20on%20my%C3%B6h%C3%A4ss%C3%A4."
        "&StatusCallback=https%3A%2F%2Fforewarn.example%2Fv1%2Fwebhooks%2Ftwilio%2Fstatus%3Fm%3D3f1c2a8e-0d4b-4f7a-9c6e-2b5d8e1f0a93");
  account.messaging_service_sid = "MG0123";
  account.status_callback.clear();
  CHECK(fc::twilio::send_request(sms("Hi"), account).body == "To=%2B358401234567&MessagingServiceSid=MG0123&Body=Hi");
}

TEST_CASE("twilio: answers: 201 with sid, 21211 and 21610 permanent, 429 and 5xx transient") {
  const auto ok = fc::twilio::parse_send_response(
      201, R"({"sid":"SM1f0e8ae6ade43cb3c0ce4525424e404f","status":"queued","to":"+358401234567","error_code":null})", std::nullopt);
  CHECK(ok.status == SendStatus::accepted);
  CHECK(ok.provider_message_id == "SM1f0e8ae6ade43cb3c0ce4525424e404f");
  const auto invalid = fc::twilio::parse_send_response(
      400,
      R"({"code":21211,"message":"Invalid 'To' Phone Number: +35840","more_info":"https://www.twilio.com/docs/errors/21211","status":400})",
      std::nullopt);
  CHECK(invalid.status == SendStatus::permanent_failure);
  CHECK(invalid.reason == "HTTP 400, error 21211: Invalid 'To' Phone Number: +35840");
  CHECK(fc::twilio::parse_send_response(400, R"({"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400})",
                                        std::nullopt)
            .status == SendStatus::permanent_failure);
  CHECK(fc::twilio::parse_send_response(401, R"({"code":20003,"message":"Authenticate","status":401})", std::nullopt).status ==
        SendStatus::permanent_failure);
  const auto limited = fc::twilio::parse_send_response(429, R"({"code":20429,"message":"Too Many Requests","status":429})",
                                                       std::chrono::seconds{2});
  CHECK(limited.status == SendStatus::transient_failure);
  CHECK(limited.retry_after == std::chrono::seconds{2});
  CHECK(fc::twilio::parse_send_response(500, R"({"code":20500,"message":"Internal Server Error","status":500})", std::nullopt)
            .status == SendStatus::transient_failure);
  CHECK(fc::twilio::parse_send_response(503, "", std::nullopt).status == SendStatus::transient_failure);
  // A 2xx without a sid cannot be trusted as an acceptance.
  CHECK(fc::twilio::parse_send_response(201, "{}", std::nullopt).status == SendStatus::transient_failure);
}

TEST_CASE("twilio: status callbacks and inbound STOP / START") {
  auto status = [](std::map<std::string, std::string> form) { return fc::twilio::parse_status_callback(form); };
  const auto delivered = status({{"MessageSid", "SM1"}, {"MessageStatus", "delivered"}, {"To", "+358401234567"}});
  REQUIRE(delivered.event);
  CHECK(delivered.event->state == DeliveryState::delivered);
  CHECK(delivered.event->provider_message_id == "SM1");
  CHECK(delivered.event->recipient == "+358401234567");
  CHECK(status({{"MessageSid", "SM1"}, {"MessageStatus", "sent"}}).event->state == DeliveryState::sent);
  const auto undelivered = status({{"MessageSid", "SM1"}, {"MessageStatus", "undelivered"}, {"ErrorCode", "30005"}});
  CHECK(undelivered.event->state == DeliveryState::bounced);
  CHECK(undelivered.event->reason == "undelivered (error 30005)");
  CHECK(status({{"MessageSid", "SM1"}, {"MessageStatus", "failed"}, {"ErrorCode", "30008"}}).event->state == DeliveryState::failed);
  CHECK_FALSE(status({{"MessageSid", "SM1"}, {"MessageStatus", "queued"}}).event);
  CHECK_FALSE(status({{"MessageSid", "SM1"}, {"MessageStatus", "queued"}}).error);
  CHECK(status({{"Body", "x"}}).error);

  const auto stop = fc::twilio::parse_inbound({{"MessageSid", "SM9"}, {"From", "+358401234567"}, {"To", "+15005550006"}, {"Body", " Stop "}});
  REQUIRE(stop.message);
  CHECK(stop.message->keyword == SmsKeyword::opt_out);
  CHECK(stop.message->from == "+358401234567");
  CHECK(fc::twilio::parse_inbound({{"MessageSid", "SM9"}, {"From", "+1"}, {"Body", "UNSTOP"}}).message->keyword == SmsKeyword::opt_in);
  CHECK(fc::twilio::parse_inbound({{"MessageSid", "SM9"}, {"From", "+1"}, {"Body", "thanks!"}}).message->keyword == SmsKeyword::none);
  // Advanced Opt-Out's own verdict wins (a custom keyword the account configured).
  CHECK(fc::twilio::parse_inbound({{"MessageSid", "SM9"}, {"From", "+1"}, {"Body", "LOPETA"}, {"OptOutType", "STOP"}})
            .message->keyword == SmsKeyword::opt_out);
  CHECK(fc::twilio::parse_inbound({{"Body", "STOP"}}).error);
}

TEST_CASE("twilio: X-Twilio-Signature with Twilio's documented example") {
  // From Twilio's security documentation and its helper libraries' tests.
  const std::string url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const std::map<std::string, std::string> params = {{"CallSid", "CA1234567890ABCDE"}, {"Caller", "+14158675309"},
                                                     {"Digits", "1234"}, {"From", "+14158675309"}, {"To", "+18005551212"}};
  CHECK(fc::twilio::webhook_signature("12345", url, params) == "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  CHECK(fc::twilio::verify_webhook_signature("12345", url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  auto tampered = params;
  tampered["Digits"] = "9999";
  CHECK_FALSE(fc::twilio::verify_webhook_signature("12345", url, tampered, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  CHECK_FALSE(fc::twilio::verify_webhook_signature("12345", url + "&x=1", params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  CHECK_FALSE(fc::twilio::verify_webhook_signature("54321", url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  CHECK_FALSE(fc::twilio::verify_webhook_signature("12345", url, params, ""));
}

TEST_CASE("vonage: GSM-7 or unicode, and the request byte for byte") {
  CHECK(fc::vonage::is_gsm7("Hello! Paketti on myöhässä @ 12:00 {€}"));
  CHECK(fc::vonage::is_gsm7("Csomagja késik"));        // 'é' is in GSM 03.38
  CHECK_FALSE(fc::vonage::is_gsm7("Szállítás"));       // 'á' and 'í' are not
  CHECK_FALSE(fc::vonage::is_gsm7("您的包裹"));
  CHECK_FALSE(fc::vonage::is_gsm7("ok 🙂"));
  const fc::vonage::Account account{"key", "secret", ""};
  const auto r = fc::vonage::send_request(sms("Hi"), account);
  CHECK(r.target() == "/sms/json");
  CHECK(r.body == "api_key=key&api_secret=secret&from=15005550006&to=358401234567&text=Hi"
                  "&client-ref=3f1c2a8e-0d4b-4f7a-9c6e-2b5d8e1f0a93");
  fc::OutgoingMessage named = sms("您的包裹");
  named.from = "Kakkutehdas";
  CHECK(fc::vonage::send_request(named, account).body ==
        "api_key=key&api_secret=secret&from=Kakkutehdas&to=358401234567&text=%E6%82%A8%E7%9A%84%E5%8C%85%E8%A3%B9"
        "&type=unicode&client-ref=3f1c2a8e-0d4b-4f7a-9c6e-2b5d8e1f0a93");
}

TEST_CASE("vonage: answers by status code") {
  const auto ok = fc::vonage::parse_send_response(
      200, R"({"message-count":"1","messages":[{"to":"358401234567","message-id":"0A0000000123ABCD1","status":"0","remaining-balance":"3.14159265","message-price":"0.03330000","network":"24405","client-ref":"m-1"}]})",
      std::nullopt);
  CHECK(ok.status == SendStatus::accepted);
  CHECK(ok.provider_message_id == "0A0000000123ABCD1");
  const auto two = fc::vonage::parse_send_response(
      200, R"({"message-count":"2","messages":[{"message-id":"A1","status":"0"},{"message-id":"A2","status":"0"}]})", std::nullopt);
  CHECK(two.provider_message_id == "A1,A2");
  auto status = [](const char* code, const char* text) {
    return fc::vonage::parse_send_response(
        200, std::string(R"({"message-count":"1","messages":[{"status":")") + code + R"(","error-text":")" + text + R"("}]})",
        std::nullopt);
  };
  CHECK(status("1", "Throttled").status == SendStatus::transient_failure);
  CHECK(status("5", "Internal Error").status == SendStatus::transient_failure);
  for (const char* code : {"2", "3", "4", "6", "7", "9", "15", "29"}) CHECK(status(code, "x").status == SendStatus::permanent_failure);
  const auto barred = status("7", "Number barred.");
  CHECK(barred.reason == "status 7: Number barred.");
  CHECK(barred.code == 7);
  CHECK(fc::vonage::parse_send_response(429, "", std::chrono::seconds{1}).status == SendStatus::transient_failure);
  CHECK(fc::vonage::parse_send_response(200, "{}", std::nullopt).status == SendStatus::transient_failure);
}

TEST_CASE("vonage: delivery receipts and inbound messages") {
  const auto delivered = fc::vonage::parse_receipt_json(
      R"({"msisdn":"358401234567","to":"Kakkutehdas","network-code":"24405","messageId":"0A0000000123ABCD1","price":"0.03330000",)"
      R"("status":"delivered","scts":"2612181501","err-code":"0","client-ref":"m-1","message-timestamp":"2026-12-18 15:01:02"})");
  REQUIRE(delivered.event);
  CHECK(delivered.event->state == DeliveryState::delivered);
  CHECK(delivered.event->message_id == "m-1");
  CHECK(delivered.event->recipient == "+358401234567");
  CHECK(delivered.event->at == *forewarn::parse_iso8601("2026-12-18T15:01:02Z"));
  CHECK(fc::vonage::parse_receipt({{"messageId", "A"}, {"status", "failed"}, {"err-code", "5"}}).event->state == DeliveryState::failed);
  CHECK(fc::vonage::parse_receipt({{"messageId", "A"}, {"status", "rejected"}, {"err-code", "6"}}).event->state == DeliveryState::bounced);
  CHECK_FALSE(fc::vonage::parse_receipt({{"messageId", "A"}, {"status", "buffered"}}).event);
  CHECK(fc::vonage::parse_receipt({{"status", "delivered"}}).error);
  CHECK(fc::vonage::parse_receipt_json("[").error);
  const auto in = fc::vonage::parse_inbound({{"msisdn", "358401234567"}, {"to", "447700900000"}, {"messageId", "B"}, {"text", "STOP"}});
  REQUIRE(in.message);
  CHECK(in.message->keyword == SmsKeyword::opt_out);
  CHECK(in.message->from == "+358401234567");
}

TEST_CASE("sim-provider: configuration errors name the field") {
  auto errors = [](const char* json) { return forewarn::sim::parse_provider_sim_config(json).errors; };
  CHECK(errors("{}").empty());
  CHECK(errors(R"({"faults":{"rate_limited":0.1,"timeout":0.1,"retry_after_s":2},"reject":["a@b.example"],)"
               R"("credentials":{"twilio":{"account_sid":"AC1","auth_token":"t"}},"webhooks":{"sendgrid":"http://127.0.0.1:9/x"},)"
               R"("providers":{"vonage":{"faults":{"server_error":1}}}})")
            .empty());
  CHECK(errors(R"({"faults":{"rate_limited":2}})").at(0).find("faults.rate_limited") == 0);
  CHECK(errors(R"({"faults":{"rate_limited":0.6,"server_error":0.6}})").at(0).find("more than 1") != std::string::npos);
  CHECK(errors(R"({"fualts":{}})").at(0) == "fualts: unknown field");
  CHECK(errors(R"({"credentials":{"mailgun":{}}})").at(0) == "credentials.mailgun: unknown provider");
  CHECK(errors(R"({"webhooks":{"twilio":"ftp://x"}})").at(0).find("webhooks.twilio") == 0);
  CHECK(errors("[").at(0).find("(root)") == 0);
  const auto parsed = forewarn::sim::parse_provider_sim_config(R"({"providers":{"vonage":{"faults":{"server_error":1}}},"bounce":["+1"]})");
  REQUIRE(parsed.config);
  CHECK(parsed.config->provider_faults.at("vonage").server_error == 1.0);
  CHECK(parsed.config->bounce.count("+1") == 1);
}
