// Every built-in template, rendered for every locale with a gift order of two
// recipients and a single order; resolution and fallback; escaping; the
// context helper.
#include <doctest/doctest.h>

#include "core/messages/sms.hpp"
#include "core/messages/templates/builtin.hpp"
#include "core/messages/templates/context.hpp"
#include "core/messages/templates/engine.hpp"
#include "core/messages/templates/render.hpp"
#include "core/messages/templates/schema.hpp"

using namespace forewarn::core::messages::templates;
using nlohmann::json;

namespace {

Rendered must_render(const std::string& kind, const std::string& channel, const std::string& locale, const json& data,
                     const std::vector<TemplateOverride>& overrides = {}) {
  const auto r = render_message(kind, channel, locale, data, overrides);
  REQUIRE(r.has_value());
  return *r;
}

void check_clean(const std::string& what, const std::string& out) {
  INFO(what);
  INFO(out);
  CHECK(out.find("{{") == std::string::npos);
  CHECK(out.find("}}") == std::string::npos);
  CHECK(out.find("  ") == std::string::npos);  // a value that rendered empty leaves a double space
  CHECK(out.find(" .") == std::string::npos);
  CHECK(out.find(" ,") == std::string::npos);
  CHECK(out.find("()") == std::string::npos);
}

}  // namespace

TEST_CASE("templates: every built-in file validates with its locale's partials") {
  for (const auto& f : builtin_template_files()) {
    const std::string name = f.name;
    const auto slash = name.find('/');
    const std::string locale = slash == std::string::npos ? "en" : name.substr(0, slash);
    const auto partials = builtin_partials(locale);
    const bool partial = name.find("/partials/") != std::string::npos;
    const bool html = name.ends_with(".html");
    INFO(name);
    // A partial is checked where it is included; alone, at the top level,
    // it may use the names of a section around its inclusion.
    if (!partial) CHECK(validate_template(f.source, {html, &partials}).empty());
  }
}

TEST_CASE("templates: every kind, channel and locale renders a gift order and a single order") {
  for (const auto& locale : builtin_locales()) {
    for (const auto& kind : message_kinds()) {
      for (int recipients : {1, 2}) {
        const std::string what = locale + " " + kind + " recipients=" + std::to_string(recipients);
        const json email_data = sample_data(kind, "email", locale, recipients);
        const Rendered email = must_render(kind, "email", locale, email_data);
        INFO(what);
        CHECK(email.locale == locale);
        CHECK_FALSE(email.tenant);
        CHECK_FALSE(email.subject.empty());
        CHECK(email.subject.find('\n') == std::string::npos);
        CHECK(email.text.size() > 100);
        CHECK(email.html.find("<html lang=\"" + locale + "\">") != std::string::npos);
        check_clean(what + " subject", email.subject);
        check_clean(what + " text", email.text);
        CHECK(email.text.find(email_data["customer"]["name"].get<std::string>()) != std::string::npos);
        CHECK(email.text.find("Crumb &amp; Co.") == std::string::npos);  // text is not HTML-escaped
        CHECK(email.html.find("Crumb &amp; Co.") != std::string::npos);  // html is
        if (recipients == 2) {  // a gift summary names every recipient
          for (const auto& s : email_data["shipments"])
            CHECK(email.text.find(s["recipient_name"].get<std::string>()) != std::string::npos);
        }
        const Rendered sms = must_render(kind, "sms", locale, sample_data(kind, "sms", locale, recipients));
        CHECK_FALSE(sms.sms.empty());
        check_clean(what + " sms", sms.sms);
        CHECK(sms.segments >= 1);
        CHECK(sms.segments <= 2);
        CHECK(sms.sms.find("Crumb & Co.") == 0);
      }
    }
  }
}

TEST_CASE("templates: dates and plurals reach the text in the locale's form") {
  const json data = sample_data("will_miss_deadline", "email", "fi-FI", 2);
  const Rendered fi = must_render("will_miss_deadline", "email", "fi-FI", data);
  CHECK(fi.locale == "fi");
  CHECK(fi.text.find("torstaina 24. joulukuuta") != std::string::npos);
  CHECK(fi.text.find("Eero") != std::string::npos);
  const Rendered zh = must_render("will_miss_deadline", "email", "zh", sample_data("will_miss_deadline", "email", "zh", 2));
  CHECK(zh.locale == "zh-CN");
  CHECK(zh.text.find("12月24日（星期四）") != std::string::npos);
  const Rendered de = must_render("delay_apology", "email", "de-AT", sample_data("delay_apology", "email", "de", 1));
  CHECK(de.locale == "de");
  CHECK(de.text.find("4,90\u00a0€") != std::string::npos);
  // An en-US shopper reads the en template with American dates.
  const Rendered us = must_render("will_miss_deadline", "email", "en-US", sample_data("will_miss_deadline", "email", "en-US", 1));
  CHECK(us.locale == "en");
  CHECK(us.subject == "Your order won't arrive by Thursday, December 24, and what we can do");
}

TEST_CASE("templates: resolution is language first, the tenant's before the built-in") {
  const json data = sample_data("delay_apology", "sms", "fi", 1);
  const TemplateOverride en{"delay_apology", "sms", "en", {{"body", "EN {{brand.name}}"}}};
  const TemplateOverride fi{"delay_apology", "sms", "fi", {{"body", "FI {{brand.name}}"}}};
  const TemplateOverride fi_fi{"delay_apology", "sms", "fi-FI", {{"body", "FI-FI {{brand.name}}"}}};
  CHECK(must_render("delay_apology", "sms", "fi-FI", data, {en, fi, fi_fi}).sms == "FI-FI Crumb & Co.");
  CHECK(must_render("delay_apology", "sms", "fi-FI", data, {en, fi}).sms == "FI Crumb & Co.");
  // Only English customised: a Finnish shopper still reads the built-in Finnish.
  const Rendered builtin_fi = must_render("delay_apology", "sms", "fi-FI", data, {en});
  CHECK_FALSE(builtin_fi.tenant);
  CHECK(builtin_fi.locale == "fi");
  // Swedish has no template anywhere: the tenant's English.
  const Rendered sv = must_render("delay_apology", "sms", "sv-SE", data, {en, fi});
  CHECK(sv.tenant);
  CHECK(sv.sms == "EN Crumb & Co.");
  CHECK(must_render("delay_apology", "sms", "sv-SE", data).locale == "en");
  // Another kind's or channel's override is not used.
  CHECK_FALSE(must_render("back_on_track", "sms", "fi", data, {fi}).tenant);
  CHECK_FALSE(render_message("no_such_kind", "sms", "fi", data, {}).has_value());
  CHECK_FALSE(render_message("delay_apology", "fax", "fi", data, {}).has_value());
  CHECK(builtin_locale_for("pt") == "pt-BR");
  CHECK(builtin_locale_for("pt-PT") == "pt-BR");
  CHECK(builtin_locale_for("zh-TW") == "zh-CN");
  CHECK(builtin_locale_for("fi-FI") == "fi");
  CHECK(builtin_locale_for("xx") == "en");
}

TEST_CASE("templates: a tenant template that no longer validates is skipped") {
  const TemplateOverride broken{"delay_apology", "email", "en", {{"subject", "{{#gift}}"}, {"text", "x"}}};
  const Rendered r = must_render("delay_apology", "email", "en", sample_data("delay_apology", "email", "en", 1), {broken});
  CHECK_FALSE(r.tenant);
  REQUIRE(r.warnings.size() == 1);
}

TEST_CASE("templates: a tenant e-mail without html gets the layout around its text, escaped") {
  const TemplateOverride o{"back_on_track", "email", "en",
                           {{"subject", "Back on track, {{customer.name}}"}, {"text", "Hello {{customer.name}}\n\nMore: {{tracking_url}}"}}};
  json data = sample_data("back_on_track", "email", "en", 1);
  data["customer"]["name"] = "<b>Eve</b>";
  const Rendered r = must_render("back_on_track", "email", "en", data, {o});
  CHECK(r.tenant);
  CHECK(r.subject == "Back on track, <b>Eve</b>");
  CHECK(r.text.starts_with("Hello <b>Eve</b>\n"));
  CHECK(r.html.find("<p>Hello &lt;b&gt;Eve&lt;/b&gt;</p>") != std::string::npos);
  CHECK(r.html.find("<a href=\"https://track.example.com/1Z999AA10123456784\">") != std::string::npos);
}

TEST_CASE("templates: validate_parts names the part, the line and the name") {
  auto errors = validate_parts("email", "en", {{"subject", "Hi"}, {"text", "ok\n{{#shipments}}\n{{parcel}}\n{{/shipments}}"}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].part == "text");
  CHECK(errors[0].error.line == 3);
  CHECK(errors[0].error.name == "parcel");
  errors = validate_parts("email", "en", {{"text", "x"}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].part == "subject");
  errors = validate_parts("sms", "en", {{"body", "x"}, {"subject", "y"}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].part == "subject");
  CHECK(validate_parts("sms", "fi", {{"body", "{{> greeting}}"}}).empty());  // the locale's partials
}

TEST_CASE("templates: an SMS over the tenant's limit is shortened") {
  const TemplateOverride o{"delay_apology", "sms", "hu",
                           {{"body", "{{brand.name}}: elnézést, a csomagod késik. Őszintén sajnáljuk, hogy így alakult, "
                                     "és köszönjük a türelmedet. Új időpont: {{new_estimate_text}}. {{tracking_url}}"}}};
  const json data = sample_data("delay_apology", "sms", "hu", 1);
  const auto one = render_message("delay_apology", "sms", "hu", data, {o}, {1});
  REQUIRE(one);
  CHECK(one->encoding == "ucs2");
  CHECK(one->segments == 1);
  CHECK(one->shortened);
  CHECK(one->sms.ends_with("https://track.example.com/1Z999AA10123456784"));
  const auto three = render_message("delay_apology", "sms", "hu", data, {o}, {3});
  REQUIRE(three);
  CHECK_FALSE(three->shortened);
  CHECK(three->segments > 1);
}

TEST_CASE("templates: the context helper fills the derived fields") {
  const json c = prepare_context(sample_data("will_miss_deadline", "email", "en-US", 2), "en-US");
  CHECK(c["several"] == true);
  CHECK(c["shipment_count_text"] == "2 gifts");
  CHECK(c["late_count"] == 1);
  CHECK(c["late_recipients_text"] == "Oliver");
  CHECK(c["recipients_text"] == "Oliver and Grace");
  CHECK(c["some_on_time"] == true);
  CHECK(c["target_date_text"] == "Thursday, December 24");
  CHECK(c["shipments"][0]["carrier_name"] == "UPS");
  CHECK(c["options"][0]["is_faster_service"] == true);
  CHECK(c["options"][0]["arrives_by_text"] == "Wednesday, December 23");
  const json h = prepare_context(sample_data("delay_apology", "email", "hu", 1), "hu");
  CHECK(h["remedy"]["amount_text"] == "1\u00a0490\u00a0Ft");
  CHECK(h["shipment_count_text"] == "1 csomag");
}

TEST_CASE("engine: HTML escaping only where asked, numbers as text") {
  const json ctx = {{"name", "<Ann & \"Bo\">"}, {"n", 3}, {"x", 4.5}, {"none", nullptr}};
  CHECK(render("{{name}}", ctx, Escape::html) == "&lt;Ann &amp; &quot;Bo&quot;&gt;");
  CHECK(render("{{name}}", ctx, Escape::none) == "<Ann & \"Bo\">");
  CHECK(render("{{n}} {{x}}[{{none}}]{{#none}}y{{/none}}", ctx, Escape::none) == "3 4.5[]");
}
