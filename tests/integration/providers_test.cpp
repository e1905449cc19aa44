// The e-mail and SMS provider transports (clients/*/transport) on loopback:
// SMTP against a real SMTP server (tools/smtp-sink.py, Debian's aiosmtpd),
// SendGrid, Postmark, Twilio and Vonage against `forewarn sim-provider`, which
// speaks their documented formats. Every answer a provider can give becomes an
// outcome value: accepted (with the provider's id), transient (with
// Retry-After) or permanent (with the provider's reason).
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

#include <httplib.h>

#include "clients/common/codec/provider.hpp"
#include "clients/postmark/transport.hpp"
#include "clients/sendgrid/transport.hpp"
#include "clients/smtp/transport.hpp"
#include "clients/twilio/transport.hpp"
#include "clients/vonage/transport.hpp"
#include "harness.hpp"

namespace fc = forewarn::clients;
using fc::SendStatus;

namespace {

constexpr const char* kNow = "2026-12-18T15:00:00Z";
const fwtest::Env kFixedClock{{"FOREWARN_CLOCK", std::string("fixed:") + kNow}};

forewarn::ManualClock& test_clock() {
  static forewarn::ManualClock clock(*forewarn::parse_iso8601(kNow));
  return clock;
}

fc::OutgoingMessage email(const std::string& id, const std::string& to = "anna@example.fi") {
  fc::OutgoingMessage m;
  m.id = id;
  m.from = "hello@shop.example";
  m.from_name = "Kakkutehdas — Leivonnaiset";
  m.to = to;
  m.to_name = "Anna Meikäläinen";
  m.subject = "Lahjasi ei ehdi jouluksi perille – näin korjaamme asian";
  m.text = "Hei Anna,\nLahjapaketti myöhästyy kaksi päivää.\n.\nTämä rivi alkaa pisteellä:\n.piste\nTerveisin Liisa";
  m.html = "<p>Hei Anna,</p><p>Lahjapaketti myöhästyy kaksi päivää.</p>";
  m.message_id_domain = "mail.shop.example";
  m.list_unsubscribe_url = "https://shop.example/u/abc?sig=1";
  m.list_unsubscribe_mailto = "mailto:unsubscribe@shop.example?subject=abc";
  m.metadata = {{"tenant", "t1"}};
  return m;
}

fc::OutgoingMessage sms(const std::string& id, const std::string& to = "+358401234567", std::string text = "Your gift is 2 days late.") {
  fc::OutgoingMessage m;
  m.id = id;
  m.channel = fc::Channel::sms;
  m.from = "+15005550006";
  m.to = to;
  m.text = std::move(text);
  return m;
}

std::string without_cr(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

std::string header_of(const nlohmann::json& record, const std::string& name) {
  for (const auto& h : record["headers"])
    if (h[0] == name) {
      std::string v = h[1];
      v.erase(std::remove(v.begin(), v.end(), '\r'), v.end());
      v.erase(std::remove(v.begin(), v.end(), '\n'), v.end());
      return v;
    }
  return "";
}

fc::smtp::SmtpConfig smtp_config(const fwtest::SmtpSink& sink) {
  fc::smtp::SmtpConfig c;
  c.url = sink.url();
  c.helo_domain = "forewarn.test";
  c.ca_file = sink.ca_file();
  return c;
}

}  // namespace

// ---- SMTP -----------------------------------------------------------------------

TEST_CASE("providers: SMTP delivers multipart UTF-8 with Message-ID and List-Unsubscribe intact") {
  fwtest::SmtpSink sink;
  fc::smtp::SmtpProvider smtp(smtp_config(sink), test_clock());
  const auto m = email("7d0f3a52-0c1e-4b8e-9a55-4e2f61c0b001");
  const auto out = smtp.send(m);
  INFO(out.reason);
  REQUIRE(out.status == SendStatus::accepted);
  CHECK(out.provider_message_id == "<7d0f3a52-0c1e-4b8e-9a55-4e2f61c0b001@mail.shop.example>");
  REQUIRE(sink.wait_for(1));
  const auto r = sink.messages().at(0);
  CHECK(r["message_id"] == "<7d0f3a52-0c1e-4b8e-9a55-4e2f61c0b001@mail.shop.example>");
  CHECK(r["mail_from"] == "hello@shop.example");
  CHECK(r["rcpt_tos"] == nlohmann::json::array({"anna@example.fi"}));
  CHECK(r["subject"] == m.subject);
  CHECK(r["from"] == "Kakkutehdas — Leivonnaiset <hello@shop.example>");
  CHECK(r["to"] == "Anna Meikäläinen <anna@example.fi>");
  CHECK(r["date"] == "Fri, 18 Dec 2026 15:00:00 +0000");
  CHECK(r["content_type"] == "multipart/alternative");
  REQUIRE(r["parts"].size() == 2);
  CHECK(r["parts"][0]["content_type"] == "text/plain");
  CHECK(r["parts"][0]["charset"] == "utf-8");
  CHECK(without_cr(r["parts"][0]["text"]) == m.text);  // the lone "." and ".piste" lines survive (dot-stuffing)
  CHECK(r["parts"][1]["content_type"] == "text/html");
  CHECK(without_cr(r["parts"][1]["text"]) == m.html);
  CHECK(header_of(r, "List-Unsubscribe") == "<https://shop.example/u/abc?sig=1>, <mailto:unsubscribe@shop.example?subject=abc>");
  CHECK(header_of(r, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");
  CHECK(header_of(r, "MIME-Version") == "1.0");
  CHECK(r["tls"] == false);
}

TEST_CASE("providers: SMTP 550 at RCPT is permanent with the relay's words, and the connection goes on") {
  fwtest::SmtpSink sink({.reject = {"gone@example.fi"}});
  fc::smtp::SmtpProvider smtp(smtp_config(sink), test_clock());
  const auto rejected = smtp.send(email("7d0f3a52-0c1e-4b8e-9a55-4e2f61c0b002", "gone@example.fi"));
  CHECK(rejected.status == SendStatus::permanent_failure);
  CHECK(rejected.code == 550);
  CHECK(rejected.reason.find("550 5.1.1") == 0);
  CHECK(rejected.reason.find("User unknown") != std::string::npos);
  const auto next = smtp.send(email("7d0f3a52-0c1e-4b8e-9a55-4e2f61c0b003"));
  CHECK(next.status == SendStatus::accepted);
  REQUIRE(sink.wait_for(1));
  CHECK(sink.messages().size() == 1);
  // An address that could inject commands never reaches the relay.
  const auto injected = smtp.send(email("7d0f3a52-0c1e-4b8e-9a55-4e2f61c0b004", "a@example.fi>\r\nRCPT TO:<b@example.fi"));
  CHECK(injected.status == SendStatus::permanent_failure);
}

TEST_CASE("providers: SMTP keeps its connections: one per concurrent sender") {
  fwtest::SmtpSink sink({.no_body = true});
  fc::smtp::SmtpProvider smtp(smtp_config(sink), test_clock());
  for (int i = 0; i < 10; ++i) {
    const auto out = smtp.send(email("seq-" + std::to_string(i)));
    REQUIRE(out.status == SendStatus::accepted);
  }
  REQUIRE(sink.wait_for(10));
  std::set<std::string> peers;
  for (const auto& r : sink.messages()) peers.insert(r["peer"].get<std::string>());
  CHECK(peers.size() == 1);

  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i)
        if (smtp.send(email("par-" + std::to_string(t) + "-" + std::to_string(i))).status == SendStatus::accepted) ++accepted;
    });
  for (auto& t : threads) t.join();
  CHECK(accepted == 100);
  REQUIRE(sink.wait_for(110));
  peers.clear();
  for (const auto& r : sink.messages()) peers.insert(r["peer"].get<std::string>());
  CHECK(peers.size() <= 5);  // the sequential connection plus at most one per thread
  const auto counts = sink.counts_by_message_id();
  CHECK(counts.size() == 110);
}

TEST_CASE("providers: SMTP 421 and a relay that is down are transient") {
  {
    fwtest::SmtpSink sink({.tempfail_rate = 1.0});
    fc::smtp::SmtpProvider smtp(smtp_config(sink), test_clock());
    const auto out = smtp.send(email("tf-1"));
    CHECK(out.status == SendStatus::transient_failure);
    CHECK(out.code == 421);
  }
  fwtest::SmtpSink gone;
  auto config = smtp_config(gone);
  gone.terminate();
  fc::smtp::SmtpProvider smtp(config, test_clock());
  const auto out = smtp.send(email("tf-2"));
  CHECK(out.status == SendStatus::transient_failure);
  CHECK(out.code == 0);
  CHECK_FALSE(out.reason.empty());
}

TEST_CASE("providers: SMTP with STARTTLS, implicit TLS and AUTH") {
  fwtest::SmtpSink starttls({.starttls = true, .require_starttls = true, .auth = "mailer:s3cret"});
  auto config = smtp_config(starttls);
  config.starttls = true;
  config.username = "mailer";
  config.password = "s3cret";
  {
    fc::smtp::SmtpProvider smtp(config, test_clock());
    const auto out = smtp.send(email("tls-1"));
    INFO(out.reason);
    CHECK(out.status == SendStatus::accepted);
  }
  config.password = "wrong";
  {
    fc::smtp::SmtpProvider smtp(config, test_clock());
    const auto out = smtp.send(email("tls-2"));
    CHECK(out.status == SendStatus::permanent_failure);
    CHECK(out.code == 535);
  }
  REQUIRE(starttls.wait_for(1));
  CHECK(starttls.messages().at(0)["tls"] == true);
  CHECK(starttls.messages().at(0)["auth_user"] == "mailer");

  fwtest::SmtpSink implicit({.implicit_tls = true});
  {
    fc::smtp::SmtpProvider smtp(smtp_config(implicit), test_clock());
    const auto out = smtp.send(email("tls-3"));
    INFO(out.reason);
    CHECK(out.status == SendStatus::accepted);
    REQUIRE(implicit.wait_for(1));
    CHECK(implicit.messages().at(0)["tls"] == true);
  }
  // A relay without STARTTLS when it is required: refused before anything is sent.
  fwtest::SmtpSink plain;
  auto strict = smtp_config(plain);
  strict.starttls = true;
  fc::smtp::SmtpProvider smtp(strict, test_clock());
  const auto out = smtp.send(email("tls-4"));
  CHECK(out.status == SendStatus::permanent_failure);
  CHECK(out.reason.find("STARTTLS") != std::string::npos);
  CHECK(plain.messages().empty());
}

// ---- HTTP providers against forewarn sim-provider --------------------------------

TEST_CASE("providers: SendGrid: accepted with X-Message-Id, bad key, invalid address, 429 with X-RateLimit-Reset, 5xx") {
  fwtest::SimProvider sim(R"({"credentials":{"sendgrid":{"api_key":"SG.good"}},"reject":["bad@example.fi"]})", kFixedClock);
  auto http = fc::make_provider_http_client();
  fc::sendgrid::SendGridProvider good({sim.base_url(), "SG.good"}, http, test_clock());
  const auto ok = good.send(email("sg-1"));
  INFO(ok.reason);
  REQUIRE(ok.status == SendStatus::accepted);
  CHECK(ok.provider_message_id.size() == 22);
  CHECK(sim.get("/_sim/messages?id=sg-1")["count"] == 1);
  const auto last = sim.get("/_sim/last?provider=sendgrid");
  CHECK(last["headers"]["Authorization"] == "Bearer SG.good");
  const auto body = nlohmann::json::parse(last["body"].get<std::string>());
  CHECK(body["custom_args"]["forewarn_message_id"] == "sg-1");
  CHECK(body["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click");

  fc::sendgrid::SendGridProvider wrong({sim.base_url(), "SG.wrong"}, http, test_clock());
  const auto unauthorized = wrong.send(email("sg-2"));
  CHECK(unauthorized.status == SendStatus::permanent_failure);
  CHECK(unauthorized.code == 401);
  CHECK(unauthorized.reason.find("authorization grant is invalid") != std::string::npos);

  const auto invalid = good.send(email("sg-3", "bad@example.fi"));
  CHECK(invalid.status == SendStatus::permanent_failure);
  CHECK(invalid.reason.find("Does not contain a valid address") != std::string::npos);

  sim.post("/_sim/faults", R"({"rate_limited":1,"retry_after_s":7})");
  const auto limited = good.send(email("sg-4"));
  CHECK(limited.status == SendStatus::transient_failure);
  CHECK(limited.code == 429);
  CHECK(limited.retry_after == std::chrono::seconds{7});

  sim.post("/_sim/faults", R"({"server_error":1})");
  CHECK(good.send(email("sg-5")).status == SendStatus::transient_failure);
  CHECK(sim.get("/_sim/messages")["accepted"] == 1);
}

TEST_CASE("providers: Postmark: accepted with MessageID, inactive recipient 406, bad token, 429") {
  fwtest::SimProvider sim(R"({"credentials":{"postmark":{"server_token":"pm-good"}},"reject":["inactive@example.fi"]})", kFixedClock);
  auto http = fc::make_provider_http_client();
  fc::postmark::PostmarkProvider good({sim.base_url(), "pm-good"}, http, test_clock());
  const auto ok = good.send(email("pm-1"));
  INFO(ok.reason);
  REQUIRE(ok.status == SendStatus::accepted);
  CHECK(ok.provider_message_id.size() == 36);
  CHECK(sim.get("/_sim/messages?id=pm-1")["count"] == 1);
  const auto inactive = good.send(email("pm-2", "inactive@example.fi"));
  CHECK(inactive.status == SendStatus::permanent_failure);
  CHECK(inactive.reason.find("ErrorCode 406") != std::string::npos);
  fc::postmark::PostmarkProvider wrong({sim.base_url(), "pm-bad"}, http, test_clock());
  CHECK(wrong.send(email("pm-3")).status == SendStatus::permanent_failure);
  sim.post("/_sim/faults", R"({"provider":"postmark","rate_limited":1,"retry_after_s":3})");
  const auto limited = good.send(email("pm-4"));
  CHECK(limited.status == SendStatus::transient_failure);
  CHECK(limited.retry_after == std::chrono::seconds{3});
}

TEST_CASE("providers: Twilio: accepted sid, idempotency key honoured across a timeout, 21211 and 21610 permanent, 429") {
  fwtest::SimProvider sim(R"({"credentials":{"twilio":{"account_sid":"AC0123456789abcdef0123456789abcdef","auth_token":"tok"}},)"
                          R"("reject":["+358409999999"]})",
                          kFixedClock);
  auto options = fc::provider_http_options();
  options.total_timeout = std::chrono::milliseconds{700};
  auto http = fc::make_provider_http_client(options);
  fc::twilio::TwilioConfig config;
  config.base_url = sim.base_url();
  config.account = {"AC0123456789abcdef0123456789abcdef", "AC0123456789abcdef0123456789abcdef", "tok", "", ""};
  fc::twilio::TwilioProvider twilio(config, http, test_clock());

  const auto ok = twilio.send(sms("tw-1"));
  INFO(ok.reason);
  REQUIRE(ok.status == SendStatus::accepted);
  CHECK(ok.provider_message_id.rfind("SM", 0) == 0);
  CHECK(sim.get("/_sim/last?provider=twilio")["headers"]["I-Twilio-Idempotency-Token"] == "tw-1");
  // The same message again: Twilio answers with the first answer and sends nothing.
  const auto again = twilio.send(sms("tw-1"));
  CHECK(again.status == SendStatus::accepted);
  CHECK(again.provider_message_id == ok.provider_message_id);

  // Taken, but the answer never arrives in time: transient; the retry gets the same sid, one message.
  sim.post("/_sim/faults", R"({"timeout":1,"timeout_ms":1500})");
  const auto lost = twilio.send(sms("tw-2"));
  CHECK(lost.status == SendStatus::transient_failure);
  sim.post("/_sim/faults", R"({})");
  const auto retried = twilio.send(sms("tw-2"));
  CHECK(retried.status == SendStatus::accepted);
  CHECK(sim.get("/_sim/messages?id=tw-2")["count"] == 1);
  const auto summary = sim.get("/_sim/messages?summary=1");
  CHECK(summary["duplicates"] == 0);
  CHECK(summary["idempotent_replays"] == 2);

  const auto invalid = twilio.send(sms("tw-3", "+35840"));
  CHECK(invalid.status == SendStatus::permanent_failure);
  CHECK(invalid.reason.find("21211") != std::string::npos);
  const auto unsubscribed = twilio.send(sms("tw-4", "+358409999999"));
  CHECK(unsubscribed.status == SendStatus::permanent_failure);
  CHECK(unsubscribed.reason.find("21610") != std::string::npos);
  sim.post("/_sim/faults", R"({"rate_limited":1,"retry_after_s":4})");
  const auto limited = twilio.send(sms("tw-5"));
  CHECK(limited.status == SendStatus::transient_failure);
  CHECK(limited.retry_after == std::chrono::seconds{4});

  config.account.auth_secret = "wrong";
  fc::twilio::TwilioProvider wrong(config, http, test_clock());
  CHECK(wrong.send(sms("tw-6")).status == SendStatus::permanent_failure);
}

TEST_CASE("providers: Twilio status callback arrives signed and parses as delivered") {
  httplib::Server hook;
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> received;  // body, signature
  hook.Post("/status", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    received.emplace_back(req.body, req.get_header_value("X-Twilio-Signature"));
    res.status = 204;
  });
  const int port = hook.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { hook.listen_after_bind(); });
  const std::string callback = "http://127.0.0.1:" + std::to_string(port) + "/status";

  fwtest::SimProvider sim(R"({"credentials":{"twilio":{"auth_token":"tok"}},"bounce":["+358408888888"]})", kFixedClock);
  fc::twilio::TwilioConfig config;
  config.base_url = sim.base_url();
  config.account = {"AC1", "AC1", "tok", "", callback};
  fc::twilio::TwilioProvider twilio(config, fc::make_provider_http_client(), test_clock());
  const auto ok = twilio.send(sms("cb-1"));
  const auto bounced = twilio.send(sms("cb-2", "+358408888888"));
  REQUIRE(ok.status == SendStatus::accepted);
  REQUIRE(bounced.status == SendStatus::accepted);
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mu);
      if (received.size() >= 2) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  hook.stop();
  serving.join();
  REQUIRE(received.size() == 2);
  std::map<std::string, fc::DeliveryState> states;
  for (const auto& [body, signature] : received) {
    const auto form = fc::parse_form(body);
    CHECK(fc::twilio::verify_webhook_signature("tok", callback, form, signature));
    CHECK_FALSE(fc::twilio::verify_webhook_signature("other", callback, form, signature));
    const auto status = fc::twilio::parse_status_callback(form);
    REQUIRE(status.event);
    states[status.event->provider_message_id] = status.event->state;
  }
  CHECK(states.at(ok.provider_message_id) == fc::DeliveryState::delivered);
  CHECK(states.at(bounced.provider_message_id) == fc::DeliveryState::bounced);
}

TEST_CASE("providers: Vonage: accepted, unicode, throttled transient, barred number permanent, bad credentials") {
  fwtest::SimProvider sim(R"({"credentials":{"vonage":{"api_key":"k","api_secret":"s"}},"reject":["+358407777777"]})", kFixedClock);
  auto http = fc::make_provider_http_client();
  fc::vonage::VonageProvider vonage({sim.base_url(), {"k", "s", ""}}, http, test_clock());
  const auto ok = vonage.send(sms("vo-1", "+358401234567", "您的礼物将晚到两天"));
  INFO(ok.reason);
  REQUIRE(ok.status == SendStatus::accepted);
  CHECK(ok.provider_message_id.size() == 16);
  CHECK(sim.get("/_sim/messages?id=vo-1")["count"] == 1);
  const auto sent = fc::parse_form(sim.get("/_sim/last?provider=vonage")["body"].get<std::string>());
  CHECK(sent.at("type") == "unicode");
  CHECK(sent.at("text") == "您的礼物将晚到两天");
  CHECK(sent.at("client-ref") == "vo-1");
  const auto barred = vonage.send(sms("vo-2", "+358407777777"));
  CHECK(barred.status == SendStatus::permanent_failure);
  CHECK(barred.code == 7);
  CHECK(vonage.send(sms("vo-3", "not-a-number")).status == SendStatus::permanent_failure);
  sim.post("/_sim/faults", R"({"rate_limited":1})");
  CHECK(vonage.send(sms("vo-4")).status == SendStatus::transient_failure);
  sim.post("/_sim/faults", R"({})");
  fc::vonage::VonageProvider wrong({sim.base_url(), {"k", "nope", ""}}, http, test_clock());
  const auto unauthorized = wrong.send(sms("vo-5"));
  CHECK(unauthorized.status == SendStatus::permanent_failure);
  CHECK(unauthorized.code == 4);
}

TEST_CASE("providers: a provider that is down is transient") {
  fwtest::SimProvider sim("{}", kFixedClock);
  const std::string url = sim.base_url();
  sim.terminate();
  auto http = fc::make_provider_http_client();
  fc::sendgrid::SendGridProvider sendgrid({url, "k"}, http, test_clock());
  const auto out = sendgrid.send(email("down-1"));
  CHECK(out.status == SendStatus::transient_failure);
  CHECK_FALSE(out.reason.empty());
}
