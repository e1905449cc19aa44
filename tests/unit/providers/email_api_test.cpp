// The e-mail API codecs: SendGrid v3 Mail Send and Postmark (requests byte
// for byte, every class of answer, status webhooks), and the shared helpers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "clients/common/codec/provider.hpp"
#include "clients/common/provider_http.hpp"
#include "clients/common/providers.hpp"
#include "clients/postmark/codec/postmark.hpp"
#include "clients/sendgrid/codec/sendgrid.hpp"

namespace fc = forewarn::clients;
using fc::DeliveryState;
using fc::SendStatus;

namespace {

forewarn::Instant at(const char* iso) { return *forewarn::parse_iso8601(iso); }

fc::OutgoingMessage email() {
  fc::OutgoingMessage m;
  m.id = "3f1c2a8e-0d4b-4f7a-9c6e-2b5d8e1f0a93";
  m.from = "hello@shop.example";
  m.from_name = "Shop";
  m.reply_to = "help@shop.example";
  m.to = "anna@example.com";
  m.to_name = "Anna";
  m.subject = "Your parcel";
  m.text = "Hi";
  m.html = "<p>Hi</p>";
  m.list_unsubscribe_url = "https://shop.example/u/1";
  m.list_unsubscribe_mailto = "mailto:u@shop.example";
  m.metadata = {{"tenant", "t1"}};
  return m;
}

}  // namespace

TEST_CASE("providers: HTTP statuses, Retry-After and X-RateLimit-Reset") {
  CHECK(fc::outcome_for_http_status(202, "ok").status == SendStatus::accepted);
  for (int s : {408, 409, 429, 500, 502, 503, 504}) CHECK(fc::outcome_for_http_status(s, "").status == SendStatus::transient_failure);
  for (int s : {400, 401, 403, 404, 413, 422}) CHECK(fc::outcome_for_http_status(s, "").status == SendStatus::permanent_failure);
  const auto now = at("2026-12-18T15:00:00Z");
  const std::string seconds = "30", date = "Fri, 18 Dec 2026 15:01:00 GMT";
  const std::string reset = std::to_string(std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count() + 12);
  CHECK(fc::retry_after_from(&seconds, &reset, now) == std::chrono::seconds{30});
  CHECK(fc::retry_after_from(&date, nullptr, now) == std::chrono::seconds{60});
  CHECK(fc::retry_after_from(nullptr, &reset, now) == std::chrono::seconds{12});
  const std::string garbage = "soon";
  CHECK_FALSE(fc::retry_after_from(&garbage, nullptr, now));
  CHECK_FALSE(fc::retry_after_from(nullptr, nullptr, now));
}

TEST_CASE("providers: SMS keywords and plausible addresses") {
  CHECK(fc::classify_sms_keyword(" stop ") == fc::SmsKeyword::opt_out);
  for (const char* w : {"STOP", "StopAll", "unsubscribe", "CANCEL", "end", "QUIT", "Stop."})
    CHECK(fc::classify_sms_keyword(w) == fc::SmsKeyword::opt_out);
  for (const char* w : {"START", "unstop", "Yes"}) CHECK(fc::classify_sms_keyword(w) == fc::SmsKeyword::opt_in);
  CHECK(fc::classify_sms_keyword("help") == fc::SmsKeyword::help);
  CHECK(fc::classify_sms_keyword("please stop sending") == fc::SmsKeyword::none);
  CHECK(fc::classify_sms_keyword("") == fc::SmsKeyword::none);
  CHECK(fc::plausible_email("a.b+c@example.co.uk"));
  CHECK_FALSE(fc::plausible_email("a@b\r\nRCPT TO:<c@d>"));
  CHECK_FALSE(fc::plausible_email("<a@b.example>"));
  CHECK_FALSE(fc::plausible_email("ab.example"));
  CHECK(fc::is_e164("+358401234567"));
  CHECK_FALSE(fc::is_e164("0401234567"));
  CHECK_FALSE(fc::is_e164("+35840123x567"));
  CHECK(fc::parse_form("To=%2B1555&Body=Hi+there%21&Empty=") ==
        std::map<std::string, std::string>{{"To", "+1555"}, {"Body", "Hi there!"}, {"Empty", ""}});
}

TEST_CASE("sendgrid: the mail send request, byte for byte") {
  const auto r = fc::sendgrid::send_request(email(), "SG.key");
  CHECK(r.method == "POST");
  CHECK(r.target() == "/v3/mail/send");
  REQUIRE(r.header("Authorization"));
  CHECK(*r.header("Authorization") == "Bearer SG.key");
  CHECK(*r.header("Content-Type") == "application/json");
  CHECK(r.body ==
        R"({"content":[{"type":"text/plain","value":"Hi"},{"type":"text/html","value":"<p>Hi</p>"}],)"
        R"("custom_args":{"forewarn_message_id":"3f1c2a8e-0d4b-4f7a-9c6e-2b5d8e1f0a93","tenant":"t1"},)"
        R"("from":{"email":"hello@shop.example","name":"Shop"},)"
        R"("headers":{"List-Unsubscribe":"<https://shop.example/u/1>, <mailto:u@shop.example>",)"
        R"("List-Unsubscribe-Post":"List-Unsubscribe=One-Click"},)"
        R"("personalizations":[{"to":[{"email":"anna@example.com","name":"Anna"}]}],)"
        R"("reply_to":{"email":"help@shop.example"},"subject":"Your parcel"})");
  auto plain = email();
  plain.html.clear();
  plain.list_unsubscribe_url.clear();
  plain.list_unsubscribe_mailto.clear();
  const auto j = nlohmann::json::parse(fc::sendgrid::send_request(plain, "k").body);
  CHECK(j["content"].size() == 1);
  CHECK_FALSE(j.contains("headers"));
}

TEST_CASE("sendgrid: answers: 202 with X-Message-Id, 400 with SendGrid's messages, 401, 429 and 5xx") {
  const std::string xid = "W8mB2hJ4S1uX0aQ7cE3pRw";
  const auto ok = fc::sendgrid::parse_send_response(202, &xid, "", std::nullopt);
  CHECK(ok.status == SendStatus::accepted);
  CHECK(ok.provider_message_id == xid);

  const auto bad = fc::sendgrid::parse_send_response(
      400, nullptr,
      R"({"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email","help":"http://sendgrid.com/docs"}]})",
      std::nullopt);
  CHECK(bad.status == SendStatus::permanent_failure);
  CHECK(bad.code == 400);
  CHECK(bad.reason == "HTTP 400: personalizations.0.to.0.email: Does not contain a valid address.");

  const auto unauthorized = fc::sendgrid::parse_send_response(
      401, nullptr, R"({"errors":[{"field":null,"message":"The provided authorization grant is invalid, expired, or revoked","help":null}]})",
      std::nullopt);
  CHECK(unauthorized.status == SendStatus::permanent_failure);
  CHECK(unauthorized.reason.find("authorization grant is invalid") != std::string::npos);
  CHECK(fc::sendgrid::parse_send_response(403, nullptr, "{}", std::nullopt).status == SendStatus::permanent_failure);

  const auto limited = fc::sendgrid::parse_send_response(429, nullptr, R"({"errors":[{"field":null,"message":"too many requests"}]})",
                                                         std::chrono::seconds{7});
  CHECK(limited.status == SendStatus::transient_failure);
  CHECK(limited.retry_after == std::chrono::seconds{7});
  CHECK(fc::sendgrid::parse_send_response(503, nullptr, "<html>", std::nullopt).status == SendStatus::transient_failure);
}

TEST_CASE("sendgrid: the event webhook as normalized statuses") {
  const auto out = fc::sendgrid::parse_events(R"([
    {"email":"anna@example.com","timestamp":1797606000,"event":"processed","sg_message_id":"W8mB2hJ4S1uX0aQ7cE3pRw.filterdrecv-1.0"},
    {"email":"anna@example.com","timestamp":1797606060,"event":"delivered","response":"250 OK",
     "sg_message_id":"W8mB2hJ4S1uX0aQ7cE3pRw.filterdrecv-1.0","forewarn_message_id":"m-1","tenant":"t1"},
    {"email":"gone@example.com","timestamp":1797606000,"event":"bounce","type":"bounce","status":"5.1.1",
     "reason":"550 5.1.1 The email account that you tried to reach does not exist.","sg_message_id":"X1.f","forewarn_message_id":"m-2"},
    {"email":"b@example.com","event":"bounce","type":"blocked","reason":"blocked by policy","sg_message_id":"X2.f"},
    {"email":"c@example.com","event":"dropped","reason":"Bounced Address","sg_message_id":"X3.f"},
    {"email":"d@example.com","event":"deferred","response":"400 try again later","sg_message_id":"X4.f"},
    {"email":"e@example.com","event":"spamreport","sg_message_id":"X5.f"},
    {"email":"f@example.com","event":"open","sg_message_id":"X6.f"},
    {"email":"g@example.com","event":"group_unsubscribe","sg_message_id":"X7.f"}
  ])");
  REQUIRE_FALSE(out.error);
  REQUIRE(out.events.size() == 7);
  CHECK(out.events[0].state == DeliveryState::delivered);
  CHECK(out.events[0].provider_message_id == "W8mB2hJ4S1uX0aQ7cE3pRw");
  CHECK(out.events[0].message_id == "m-1");
  CHECK(out.events[0].at == at("2026-12-18T15:01:00Z"));
  CHECK(out.events[1].state == DeliveryState::bounced);
  CHECK(out.events[1].reason == "550 5.1.1 The email account that you tried to reach does not exist.");
  CHECK(out.events[1].recipient == "gone@example.com");
  CHECK(out.events[2].state == DeliveryState::failed);
  CHECK(out.events[3].state == DeliveryState::failed);
  CHECK(out.events[4].state == DeliveryState::deferred);
  CHECK(out.events[5].state == DeliveryState::complained);
  CHECK(out.events[6].state == DeliveryState::unsubscribed);
  CHECK(fc::sendgrid::parse_events(R"({"event":"delivered"})").error);
  CHECK(fc::sendgrid::parse_events(R"([1,2])").error);
  CHECK(fc::sendgrid::parse_events("[").error);
}

TEST_CASE("postmark: the email request, byte for byte") {
  const auto r = fc::postmark::send_request(email(), "server-token");
  CHECK(r.target() == "/email");
  CHECK(*r.header("X-Postmark-Server-Token") == "server-token");
  CHECK(r.body ==
        R"({"From":"\"Shop\" <hello@shop.example>","Headers":[{"Name":"List-Unsubscribe","Value":"<https://shop.example/u/1>, <mailto:u@shop.example>"},)"
        R"({"Name":"List-Unsubscribe-Post","Value":"List-Unsubscribe=One-Click"}],"HtmlBody":"<p>Hi</p>","MessageStream":"outbound",)"
        R"("Metadata":{"forewarn_message_id":"3f1c2a8e-0d4b-4f7a-9c6e-2b5d8e1f0a93","tenant":"t1"},"ReplyTo":"help@shop.example",)"
        R"("Subject":"Your parcel","TextBody":"Hi","To":"\"Anna\" <anna@example.com>"})");
}

TEST_CASE("postmark: answers by ErrorCode and HTTP status") {
  const auto ok = fc::postmark::parse_send_response(
      200, R"({"To":"anna@example.com","SubmittedAt":"2026-12-18T10:00:00.1234567-05:00","MessageID":"b7bc2f4a-e38e-4336-af7d-e6c392c2f817","ErrorCode":0,"Message":"OK"})",
      std::nullopt);
  CHECK(ok.status == SendStatus::accepted);
  CHECK(ok.provider_message_id == "b7bc2f4a-e38e-4336-af7d-e6c392c2f817");
  const auto inactive = fc::postmark::parse_send_response(
      422, R"({"ErrorCode":406,"Message":"You tried to send to recipient(s) that have been marked as inactive."})", std::nullopt);
  CHECK(inactive.status == SendStatus::permanent_failure);
  CHECK(inactive.code == 422);
  CHECK(inactive.reason == "HTTP 422, ErrorCode 406: You tried to send to recipient(s) that have been marked as inactive.");
  CHECK(fc::postmark::parse_send_response(422, R"({"ErrorCode":300,"Message":"Invalid email request"})", std::nullopt).status ==
        SendStatus::permanent_failure);
  CHECK(fc::postmark::parse_send_response(401, R"({"ErrorCode":10,"Message":"Bad or missing API token"})", std::nullopt).status ==
        SendStatus::permanent_failure);
  const auto limited = fc::postmark::parse_send_response(429, R"({"ErrorCode":429,"Message":"Rate limit exceeded"})", std::chrono::seconds{3});
  CHECK(limited.status == SendStatus::transient_failure);
  CHECK(limited.retry_after == std::chrono::seconds{3});
  CHECK(fc::postmark::parse_send_response(422, R"({"ErrorCode":100,"Message":"Maintenance"})", std::nullopt).status ==
        SendStatus::transient_failure);
  CHECK(fc::postmark::parse_send_response(500, "Internal Server Error", std::nullopt).status == SendStatus::transient_failure);
  // A 200 that is not an acceptance: we cannot know, so it is retried.
  CHECK(fc::postmark::parse_send_response(200, "<html>", std::nullopt).status == SendStatus::transient_failure);
}

TEST_CASE("postmark: Delivery, Bounce, SpamComplaint webhooks") {
  const auto delivered = fc::postmark::parse_webhook(
      R"({"RecordType":"Delivery","ServerID":23,"MessageStream":"outbound","MessageID":"883953f4-6105-42a2-a16a-77a8eac79483",)"
      R"("Recipient":"john@example.com","Tag":"welcome","DeliveredAt":"2026-12-18T16:33:54.9070259Z","Details":"Test delivery webhook details",)"
      R"("Metadata":{"forewarn_message_id":"m-9","tenant":"t1"}})");
  REQUIRE(delivered.event);
  CHECK(delivered.event->state == DeliveryState::delivered);
  CHECK(delivered.event->provider_message_id == "883953f4-6105-42a2-a16a-77a8eac79483");
  CHECK(delivered.event->message_id == "m-9");
  CHECK(delivered.event->at);

  const auto hard = fc::postmark::parse_webhook(
      R"({"RecordType":"Bounce","ID":42,"Type":"HardBounce","TypeCode":1,"Name":"Hard bounce","MessageID":"m-id",)"
      R"("Description":"The server was unable to deliver your message (ex: unknown user, mailbox not found).",)"
      R"("Email":"gone@example.com","BouncedAt":"2026-12-18T16:33:54Z","Inactive":true})");
  REQUIRE(hard.event);
  CHECK(hard.event->state == DeliveryState::bounced);
  CHECK(hard.event->recipient == "gone@example.com");
  CHECK(hard.event->reason.find("HardBounce: The server was unable") == 0);

  const auto soft = fc::postmark::parse_webhook(
      R"({"RecordType":"Bounce","Type":"SoftBounce","TypeCode":4096,"MessageID":"m-id","Email":"full@example.com","Inactive":false})");
  REQUIRE(soft.event);
  CHECK(soft.event->state == DeliveryState::deferred);

  const auto spam = fc::postmark::parse_webhook(
      R"({"RecordType":"SpamComplaint","Type":"SpamComplaint","TypeCode":512,"MessageID":"m-id","Email":"x@example.com"})");
  REQUIRE(spam.event);
  CHECK(spam.event->state == DeliveryState::complained);

  const auto open = fc::postmark::parse_webhook(R"({"RecordType":"Open","MessageID":"m-id"})");
  CHECK_FALSE(open.event);
  CHECK_FALSE(open.error);
  CHECK(fc::postmark::parse_webhook(R"({"MessageID":"m-id"})").error);
}


TEST_CASE("providers: the registry builds each kind from settings and names what is wrong") {
  forewarn::ManualClock clock(at("2026-12-18T15:00:00Z"));
  auto http = fc::make_provider_http_client();
  auto make = [&](std::string kind, std::map<std::string, std::string> values) {
    return fc::make_provider({std::move(kind), std::move(values)}, http, clock);
  };
  const auto sendgrid = make("sendgrid", {{"api_key", "SG.x"}});
  REQUIRE(sendgrid.provider);
  CHECK(sendgrid.provider->name() == "sendgrid");
  CHECK(sendgrid.provider->channel() == fc::Channel::email);
  CHECK(make("postmark", {{"server_token", "t"}}).provider->name() == "postmark");
  CHECK(make("twilio", {{"account_sid", "AC1"}, {"auth_token", "t"}}).provider->channel() == fc::Channel::sms);
  CHECK(make("twilio", {{"account_sid", "AC1"}, {"api_key_sid", "SK1"}, {"api_key_secret", "s"}}).provider);
  CHECK(make("vonage", {{"api_key", "k"}, {"api_secret", "s"}}).provider->name() == "vonage");
  CHECK(make("smtp", {{"url", "smtps://mail.example:465"}, {"starttls", "false"}}).provider->name() == "smtp");

  CHECK(make("mailgun", {}).error.find("unknown provider kind 'mailgun'") == 0);
  CHECK(make("sendgrid", {}).error == "sendgrid.api_key is required");
  CHECK(make("sendgrid", {{"api_key", "k"}, {"apikey", "k"}}).error == "sendgrid.apikey is not a known setting");
  CHECK(make("twilio", {{"account_sid", "AC1"}}).error == "twilio.auth_token is required");
  CHECK(make("smtp", {{"url", "http://x"}}).error == "smtp.url must start with smtp:// or smtps://");
  CHECK(make("smtp", {{"url", "smtp://x"}, {"starttls", "yes"}}).error == "smtp.starttls must be true or false");
  CHECK_FALSE(make("smtp", {{"url", "smtp://x"}, {"starttls", "yes"}}).provider);
}
