// Message templates end to end: the built-in catalogue, CRUD of a tenant's
// override with validation (422 with the part and the line), 404 for an
// unknown kind or channel, resolution through GET, tenant scoping, and the
// preview of built-in, saved and unsaved templates.
#include <doctest/doctest.h>

#include <stdexcept>

#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {

const fwtest::Env kClock = {{"FOREWARN_CLOCK", "fixed:2026-12-18T15:00:00Z"}};

json body_of(const httplib::Result& r) {
  if (!r) throw std::runtime_error("no response: " + httplib::to_string(r.error()));
  return json::parse(r->body);
}

}  // namespace

TEST_CASE("templates: built-in catalogue, override CRUD, validation with lines, 404s and tenant scoping") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Crumb");
  const auto other = fwtest::create_tenant(db, "Other");
  fwtest::Server server(db, kClock);
  INFO(server.logs());
  auto c = server.client();
  const auto auth = bearer(key);

  auto list = c.Get("/v1/templates", auth);
  REQUIRE(list);
  REQUIRE_MESSAGE(list->status == 200, list->body);
  CHECK(body_of(list)["items"].empty());
  CHECK(body_of(list)["builtin"]["locales"] == json{"en", "fi", "hu", "zh-CN", "pt-BR", "de"});

  // What a Finnish shopper gets before any override: the built-in Finnish.
  auto got = c.Get("/v1/templates/delay_apology/email/fi-FI", auth);
  REQUIRE(got);
  REQUIRE_MESSAGE(got->status == 200, got->body);
  CHECK(body_of(got)["source"] == "builtin");
  CHECK(body_of(got)["resolved_locale"] == "fi");
  CHECK(body_of(got)["parts"]["subject"].get<std::string>().find("myöhässä") != std::string::npos);

  // Unknown kind or channel: 404; a language without formats: 422.
  CHECK(c.Get("/v1/templates/nope/email/fi", auth)->status == 404);
  CHECK(c.Put("/v1/templates/nope/email/fi", auth, R"({"subject":"x","text":"y"})", "application/json")->status == 404);
  CHECK(c.Get("/v1/templates/delay_apology/fax/fi", auth)->status == 404);
  auto bad_locale = c.Get("/v1/templates/delay_apology/email/sv-SE", auth);
  CHECK(bad_locale->status == 422);
  CHECK(body_of(bad_locale)["errors"][0]["pointer"] == "#/path/locale");

  // A template with an unknown variable on line 3: 422 naming the part and the line.
  const json bad = {{"subject", "Sorry, {{customer.name}}"},
                    {"text", "Hei {{customer.name}},\n\n{{#shipments}}{{parcel_name}}{{/shipments}}"}};
  auto rejected = c.Put("/v1/templates/delay_apology/email/fi-FI", auth, bad.dump(), "application/json");
  REQUIRE(rejected);
  CHECK(rejected->status == 422);
  const json problem = body_of(rejected);
  REQUIRE(problem["errors"].size() == 1);
  CHECK(problem["errors"][0]["pointer"] == "/text");
  CHECK(problem["errors"][0]["message"] == "line 3: unknown variable \"parcel_name\"");
  // Bad syntax: an unclosed section.
  auto unclosed = c.Put("/v1/templates/delay_apology/sms/en", auth, R"({"body":"Hi\n{{#shipments}}\n{{recipient_name}}"})",
                        "application/json");
  CHECK(unclosed->status == 422);
  CHECK(body_of(unclosed)["errors"][0]["message"] == "line 2: section \"shipments\" is never closed");
  // A missing required part and an unknown one.
  auto missing = c.Put("/v1/templates/delay_apology/email/en", auth, R"({"text":"x","body":"y"})", "application/json");
  CHECK(missing->status == 422);
  CHECK(c.Get("/v1/templates", auth)->body.find("parcel_name") == std::string::npos);  // nothing stored

  // A good one: 201, then 200 on replace.
  const json good = {{"subject", "Pahoittelut, {{customer.name}}: {{late_count_text}} myöhässä"},
                     {"text", "{{> greeting}}\n\n{{#shipments}}- {{recipient_name}}: {{new_estimate_text}}\n{{/shipments}}\n{{> signoff}}"}};
  auto put = c.Put("/v1/templates/delay_apology/email/FI_fi", auth, good.dump(), "application/json");
  REQUIRE(put);
  REQUIRE_MESSAGE(put->status == 201, put->body);
  CHECK(put->get_header_value("Location") == "/v1/templates/delay_apology/email/fi-FI");
  CHECK(body_of(put)["locale"] == "fi-FI");
  auto replaced = c.Put("/v1/templates/delay_apology/email/fi-FI", auth, good.dump(), "application/json");
  CHECK(replaced->status == 200);

  got = c.Get("/v1/templates/delay_apology/email/fi-FI", auth);
  CHECK(body_of(got)["source"] == "tenant");
  CHECK(body_of(got)["parts"]["subject"] == good["subject"]);
  // fi (no region) does not reach the fi-FI override: the built-in Finnish.
  CHECK(body_of(c.Get("/v1/templates/delay_apology/email/fi", auth))["source"] == "builtin");
  CHECK(body_of(c.Get("/v1/templates", auth))["items"].size() == 1);

  // Another tenant sees none of it.
  const auto other_auth = bearer(other);
  CHECK(body_of(c.Get("/v1/templates", other_auth))["items"].empty());
  CHECK(c.Delete("/v1/templates/delay_apology/email/fi-FI", other_auth)->status == 404);

  // The preview renders the saved override for fi-FI with sample data.
  auto preview = c.Post("/v1/templates/preview", auth,
                        R"({"kind":"delay_apology","channel":"email","locale":"fi-FI"})", "application/json");
  REQUIRE(preview);
  REQUIRE_MESSAGE(preview->status == 200, preview->body);
  const json p = body_of(preview);
  CHECK(p["source"] == "tenant");
  CHECK(p["subject"] == "Pahoittelut, Aino: 1 lahja myöhässä");
  CHECK(p["text"].get<std::string>().find("- Eero: maanantaina 28. joulukuuta") != std::string::npos);
  CHECK(p["html"].get<std::string>().find("<html lang=\"fi-FI\">") != std::string::npos);

  CHECK(c.Delete("/v1/templates/delay_apology/email/fi-FI", auth)->status == 204);
  CHECK(c.Delete("/v1/templates/delay_apology/email/fi-FI", auth)->status == 404);
  CHECK(body_of(c.Get("/v1/templates/delay_apology/email/fi-FI", auth))["source"] == "builtin");
}

TEST_CASE("templates: preview of built-in e-mail and SMS, unsaved sources, given data and the segment limit") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Crumb");
  fwtest::Server server(db, kClock);
  auto c = server.client();
  const auto auth = bearer(key);

  auto email = c.Post("/v1/templates/preview", auth,
                      R"({"kind":"will_miss_deadline","channel":"email","locale":"de-DE","recipients":2})",
                      "application/json");
  REQUIRE(email);
  REQUIRE_MESSAGE(email->status == 200, email->body);
  const json e = body_of(email);
  CHECK(e["source"] == "builtin");
  CHECK(e["locale"] == "de");
  CHECK_FALSE(e["subject"].get<std::string>().empty());
  CHECK(e["text"].get<std::string>().find("Donnerstag, 24. Dezember") != std::string::npos);
  CHECK(e["text"].get<std::string>().find("Jonas") != std::string::npos);
  CHECK(e["text"].get<std::string>().find("Marie") != std::string::npos);

  auto sms = c.Post("/v1/templates/preview", auth, R"({"kind":"delay_apology","channel":"sms","locale":"zh-CN"})",
                    "application/json");
  REQUIRE(sms);
  REQUIRE_MESSAGE(sms->status == 200, sms->body);
  const json s = body_of(sms);
  CHECK(s["sms"]["encoding"] == "ucs2");
  CHECK(s["sms"]["segments"].get<int>() >= 1);

  // Unsaved source with given data, over one segment: shortened to the limit.
  const json unsaved = {{"kind", "back_on_track"},
                        {"channel", "sms"},
                        {"locale", "en"},
                        {"sms_segment_limit", 1},
                        {"parts", {{"body", "{{brand.name}}: {{customer.name}}, good news about your order. "
                                            "It is moving again and should arrive soon, we are very glad to say. "
                                            "Thank you so much for your patience with us this week. {{tracking_url}}"}}},
                        {"data", {{"brand", {{"name", "Shop"}}},
                                  {"customer", {{"name", "Ann"}}},
                                  {"shipments", {{{"tracking_url", "https://t.example/1"}}}}}}};
  auto fit = c.Post("/v1/templates/preview", auth, unsaved.dump(), "application/json");
  REQUIRE(fit);
  REQUIRE_MESSAGE(fit->status == 200, fit->body);
  const json f = body_of(fit);
  CHECK(f["sms"]["segments"] == 1);
  CHECK(f["sms"]["encoding"] == "gsm7");
  CHECK(f["sms"]["shortened"] == true);
  CHECK(f["sms"]["body"].get<std::string>().starts_with("Shop: Ann, good news"));
  CHECK(f["sms"]["body"].get<std::string>().ends_with("... https://t.example/1"));

  // Unsaved source with a mismatched section: 422 at /parts/body with the line.
  const json broken = {{"kind", "back_on_track"}, {"channel", "sms"}, {"locale", "en"},
                       {"parts", {{"body", "a\n{{#shipments}}\n{{/options}}"}}}};
  auto bad = c.Post("/v1/templates/preview", auth, broken.dump(), "application/json");
  CHECK(bad->status == 422);
  CHECK(body_of(bad)["errors"][0]["pointer"] == "/parts/body");
  CHECK(body_of(bad)["errors"][0]["message"] == "line 3: \"{{/options}}\" closes section \"shipments\" opened on line 2");

  auto unknown = c.Post("/v1/templates/preview", auth, R"({"kind":"nope","channel":"sms","locale":"en"})",
                        "application/json");
  CHECK(unknown->status == 422);
  CHECK(body_of(unknown)["errors"][0]["pointer"] == "/kind");
}
