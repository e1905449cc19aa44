// Preferences at send time, against the real binary:
//   - SMS STOP / START through the SMS providers' inbound webhooks (Twilio
//     signed with X-Twilio-Signature, Vonage with `sig` when the account has a
//     signature secret): a bad token or signature is a 401 and nothing is
//     stored; STOP opts the number out and suppresses its queued SMS at once;
//     START lifts an SMS opt-out but not the merchant's own;
//   - the dispatcher: a message whose recipient opted out (or turned the
//     channel off) after it was queued is `suppressed` with the reason, never
//     sent, shown by GET /v1/messages and not retryable.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>

#include "clients/twilio/transport.hpp"
#include "clients/vonage/transport.hpp"
#include "core/tracking/request.hpp"
#include "dispatch_support.hpp"
#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;
namespace fwd = fwtest::dispatch;

namespace {

using Form = std::map<std::string, std::string>;

std::string form_body(const Form& form) { return forewarn::tracking::form_encode({form.begin(), form.end()}); }

json get_json(httplib::Client& c, const std::string& path, const std::string& key) {
  auto r = c.Get(path.c_str(), bearer(key));
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  return json::parse(r->body);
}

// The one message to `address` (GET /v1/messages?recipient=).
json message_to(httplib::Client& c, const std::string& key, const std::string& address) {
  const json page = get_json(c, "/v1/messages?recipient=" + forewarn::tracking::percent_encode(address), key);
  REQUIRE(page["items"].size() == 1);
  return page["items"][0];
}

struct Posted {
  int status = 0;
  std::string body, action;
};

Posted post_form(httplib::Client& c, const std::string& path, const Form& form, const httplib::Headers& headers = {}) {
  auto r = c.Post(path.c_str(), headers, form_body(form), "application/x-www-form-urlencoded");
  REQUIRE(r);
  return {r->status, r->body, r->get_header_value("X-Forewarn-Action")};
}

}  // namespace

TEST_CASE("SMS STOP and START through the Twilio inbound webhook, signed with X-Twilio-Signature") {
  const auto url = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(url, "Cookies");
  fwtest::Server server(url, {{"FOREWARN_DISPATCHER", "false"}});  // the messages stay queued
  auto c = server.client();
  fwd::put_providers(c, key, "sms",
                     {{"primary", {{"kind", "twilio"},
                                   {"config", {{"base_url", "http://127.0.0.1:9"}, {"account_sid", "ACstop"},
                                               {"auth_token", "twilio-token"}, {"from", "+15005550006"}}}}}});
  const json providers = get_json(c, "/v1/providers/sms", key);
  const std::string inbound = providers["primary"]["inbound_webhook_url"];
  CHECK(inbound.find("/v1/webhooks/providers/twilio/") == 0);
  CHECK(inbound.find("/inbound?token=") != std::string::npos);
  fwd::enqueue(url, "sms", 2, "stop");  // +15550000000 and +15550000001

  // Twilio signs the full URL it called (here: http://127.0.0.1:PORT + the path and query).
  const std::string called = "http://127.0.0.1:" + std::to_string(server.port()) + inbound;
  auto signed_headers = [&](const Form& form, const std::string& token = "twilio-token") {
    return httplib::Headers{{"X-Twilio-Signature", forewarn::clients::twilio::webhook_signature(token, called, form)}};
  };
  Form stop = {{"From", "+15550000000"}, {"To", "+15005550006"}, {"Body", "Stop"}, {"MessageSid", "SM1"},
               {"AccountSid", "ACstop"}, {"NumMedia", "0"}};

  // Refused, and nothing stored: no signature, a signature with another token,
  // a signed body changed on the way, a wrong URL token.
  CHECK(post_form(c, inbound, stop).status == 401);
  CHECK(post_form(c, inbound, stop, signed_headers(stop, "other-token")).status == 401);
  Form tampered = stop;
  tampered["From"] = "+15550000001";
  CHECK(post_form(c, inbound, tampered, signed_headers(stop)).status == 401);
  const std::string wrong_token = inbound.substr(0, inbound.find("token=") + 6) + std::string(32, 'a');
  auto r = post_form(c, wrong_token, stop, signed_headers(stop));
  CHECK(r.status == 401);
  CHECK(get_json(c, "/v1/recipients/+15550000000/preferences", key)["opted_out"] == false);
  CHECK(message_to(c, key, "+15550000000")["status"] == "pending");

  // STOP: the number is opted out and its queued SMS suppressed at once; the other number is untouched.
  r = post_form(c, inbound, stop, signed_headers(stop));
  CHECK(r.status == 200);
  CHECK(r.action == "opted_out");
  CHECK(r.body.find("<Response>") != std::string::npos);
  json prefs = get_json(c, "/v1/recipients/+15550000000/preferences", key);
  CHECK(prefs["opted_out"] == true);
  CHECK(prefs["opted_out_source"] == "sms_stop");
  json m = message_to(c, key, "+15550000000");
  CHECK(m["status"] == "suppressed");
  CHECK(m["last_error"] == "suppressed: the recipient opted out (sms_stop)");
  CHECK(message_to(c, key, "+15550000001")["status"] == "pending");
  CHECK(get_json(c, "/v1/messages?status=suppressed", key)["items"].size() == 1);

  // Other words change nothing; START (any case, Twilio's OptOutType wins over the text) opts back in.
  const auto signed_post = [&](const Form& changes) {
    Form form = stop;
    for (const auto& [k, v] : changes) form[k] = v;
    return post_form(c, inbound, form, signed_headers(form));
  };
  CHECK(signed_post({{"Body", "thanks!"}, {"MessageSid", "SM2"}}).action == "none");
  CHECK(get_json(c, "/v1/recipients/+15550000000/preferences", key)["opted_out"] == true);
  CHECK(signed_post({{"Body", "unstop"}, {"MessageSid", "SM3"}}).action == "opted_in");
  CHECK(get_json(c, "/v1/recipients/+15550000000/preferences", key)["opted_out"] == false);
  CHECK(message_to(c, key, "+15550000000")["status"] == "suppressed");  // old news stays unsent
  CHECK(signed_post({{"Body", "please no more"}, {"OptOutType", "STOP"}, {"MessageSid", "SM4"}}).action == "opted_out");

  // The merchant's own opt-out is not lifted by START.
  auto put = c.Put("/v1/recipients/+15550000001/preferences", bearer(key), R"({"opted_out":true})", "application/json");
  REQUIRE(put);
  CHECK(put->status == 200);
  Form start2 = {{"From", "+15550000001"}, {"To", "+15005550006"}, {"Body", "START"}, {"MessageSid", "SM5"}};
  CHECK(post_form(c, inbound, start2, signed_headers(start2)).action == "kept_opted_out");
  prefs = get_json(c, "/v1/recipients/+15550000001/preferences", key);
  CHECK(prefs["opted_out"] == true);
  CHECK(prefs["opted_out_source"] == "api");

  // Another tenant's URL with this tenant's token: 401.
  const auto other = fwtest::create_tenant(url, "Other");
  const std::string other_id = get_json(c, "/v1/tenant", other)["id"];
  std::string cross = inbound;
  const auto tenant_start = std::string("/v1/webhooks/providers/twilio/").size();
  cross.replace(tenant_start, 36, other_id);
  CHECK(post_form(c, cross, stop, signed_headers(stop)).status == 401);
}

TEST_CASE("SMS STOP through the Vonage inbound webhook, with and without a signature secret") {
  const auto url = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(url, "Cookies");
  fwtest::Server server(url, {{"FOREWARN_DISPATCHER", "false"}});
  auto c = server.client();
  fwd::put_providers(c, key, "sms",
                     {{"primary", {{"kind", "vonage"},
                                   {"config", {{"base_url", "http://127.0.0.1:9"}, {"api_key", "k"}, {"api_secret", "s"},
                                               {"from", "Cookies"}, {"signature_secret", "vonage-sig-secret"},
                                               {"signature_method", "md5hash"}}}}}});
  const json providers = get_json(c, "/v1/providers/sms", key);
  CHECK(providers["primary"]["config"]["signature_secret"] == "********");
  const std::string inbound = providers["primary"]["inbound_webhook_url"];
  fwd::enqueue(url, "sms", 1, "vstop");

  using forewarn::clients::vonage::SignatureMethod;
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  auto sign = [](Form f, SignatureMethod method, const std::string& secret = "vonage-sig-secret") {
    f["sig"] = forewarn::clients::vonage::webhook_signature(secret, method, f);
    return f;
  };
  const Form stop = {{"msisdn", "15550000000"}, {"to", "15005550006"}, {"text", "STOP"}, {"messageId", "0A1"},
                     {"type", "text"}, {"keyword", "STOP"}, {"message-timestamp", "2026-11-23 01:00:00"},
                     {"timestamp", std::to_string(now_s)}, {"nonce", "a&b=c"}};

  CHECK(post_form(c, inbound, stop).status == 401);                                        // no sig
  CHECK(post_form(c, inbound, sign(stop, SignatureMethod::md5hash, "wrong")).status == 401);  // another secret
  Form stale = stop;
  stale["timestamp"] = std::to_string(now_s - 3600);
  CHECK(post_form(c, inbound, sign(stale, SignatureMethod::md5hash)).status == 401);  // an old request replayed
  CHECK(get_json(c, "/v1/recipients/+15550000000/preferences", key)["opted_out"] == false);

  auto r = post_form(c, inbound, sign(stop, SignatureMethod::md5hash));
  CHECK(r.status == 200);
  CHECK(json::parse(r.body)["action"] == "opted_out");
  CHECK(get_json(c, "/v1/recipients/+15550000000/preferences", key)["opted_out_source"] == "sms_stop");
  CHECK(message_to(c, key, "+15550000000")["status"] == "suppressed");

  // JSON body, SHA-256 HMAC signature.
  fwd::put_providers(c, key, "sms",
                     {{"primary", {{"kind", "vonage"},
                                   {"config", {{"base_url", "http://127.0.0.1:9"}, {"api_key", "k"}, {"api_secret", "********"},
                                               {"from", "Cookies"}, {"signature_secret", "********"},
                                               {"signature_method", "sha256"}}}}}});
  Form start = stop;
  start["text"] = "Start";
  start["messageId"] = "0A2";
  const json start_body = sign(start, SignatureMethod::sha256);
  auto rj = c.Post(inbound.c_str(), start_body.dump(), "application/json");
  REQUIRE(rj);
  CHECK(rj->status == 200);
  CHECK(json::parse(rj->body)["action"] == "opted_in");
  CHECK(get_json(c, "/v1/recipients/+15550000000/preferences", key)["opted_out"] == false);

  // Without a signature secret the token alone authenticates.
  fwd::put_providers(c, key, "sms",
                     {{"primary", {{"kind", "vonage"},
                                   {"config", {{"base_url", "http://127.0.0.1:9"}, {"api_key", "k"}, {"api_secret", "********"},
                                               {"from", "Cookies"}}}}}});
  r = post_form(c, inbound, stop);
  CHECK(r.status == 200);
  CHECK(get_json(c, "/v1/recipients/+15550000000/preferences", key)["opted_out"] == true);
}

TEST_CASE("the dispatcher honours preferences at send time: opted out after queueing means suppressed, not sent") {
  fwd::SmtpSink sink;
  const auto url = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(url, "Cookies");
  {
    fwtest::Server setup(url, {{"FOREWARN_DISPATCHER", "false"}});
    auto c = setup.client();
    fwd::put_providers(c, key, "email",
                       {{"primary", {{"kind", "smtp"}, {"config", {{"url", sink.url()}, {"from", "shop@cookies.example"}}}}}});
    // Queued first (mixed-case addresses, as a merchant's data may have them)...
    fwd::enqueue(url, "email", 4, "Pref", "Example.TEST");
    // ...then the recipients change their minds: one opts out of everything,
    // one turns e-mail off (SMS still on), one only moves its quiet hours.
    for (const auto& [address, body] : std::map<std::string, std::string>{
             {"pref-0@example.test", R"({"opted_out":true})"},
             {"pref-1@example.test", R"({"channels":{"email":false}})"},
             {"pref-2@example.test", R"({"quiet_hours":{"start":"22:00","end":"07:00"}})"}}) {
      auto r = c.Put(("/v1/recipients/" + address + "/preferences").c_str(), bearer(key), body, "application/json");
      REQUIRE(r);
      REQUIRE_MESSAGE(r->status == 200, r->body);
    }
  }
  fwtest::Server server(url, {{"FOREWARN_DISPATCH_IDLE_MS", "20"}});
  REQUIRE_MESSAGE(fwd::settle(url, 60), server.logs());
  auto c = server.client();

  const json opted_out = message_to(c, key, "Pref-0@Example.TEST");
  CHECK(opted_out["status"] == "suppressed");
  CHECK(opted_out["last_error"] == "suppressed: the recipient opted out (api)");
  CHECK(opted_out["attempts"] == 0);
  CHECK(opted_out["sent_at"].is_null());
  const json email_off = message_to(c, key, "Pref-1@Example.TEST");
  CHECK(email_off["status"] == "suppressed");
  CHECK(email_off["last_error"] == "suppressed: the recipient turned e-mail off");
  CHECK(message_to(c, key, "Pref-2@Example.TEST")["status"] == "sent");
  CHECK(message_to(c, key, "Pref-3@Example.TEST")["status"] == "sent");
  CHECK(get_json(c, "/v1/messages?status=suppressed", key)["items"].size() == 2);

  // Nothing reached the SMTP server for them.
  const auto received = sink.received();
  CHECK(received.size() == 2);
  for (const auto& [message_id, n] : received)
    CHECK((message_id.find(opted_out["id"].get<std::string>()) == std::string::npos &&
           message_id.find(email_off["id"].get<std::string>()) == std::string::npos));

  // Not retryable by hand, and no attempt was made.
  auto retry = c.Post(("/v1/messages/" + opted_out["id"].get<std::string>() + "/retry").c_str(), bearer(key), "",
                      "application/json");
  REQUIRE(retry);
  CHECK(retry->status == 409);
  const json detail = get_json(c, "/v1/messages/" + opted_out["id"].get<std::string>(), key);
  CHECK(detail["attempt_log"].empty());
}
