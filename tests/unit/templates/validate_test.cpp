// The template scanner: syntax and names, with the line.
#include <doctest/doctest.h>

#include "core/messages/templates/validate.hpp"

using namespace forewarn::core::messages::templates;

namespace {
TemplateError only(const std::vector<TemplateError>& errors) {
  REQUIRE(errors.size() == 1);
  return errors.front();
}
}  // namespace

TEST_CASE("validate: a good template passes") {
  CHECK(validate_template("Hi {{customer.name}},\n{{#shipments}}- {{recipient_name}} {{#will_miss}}late{{/will_miss}}\n"
                          "{{/shipments}}{{! a comment\nover lines }}{{#remedy}}{{amount_text}}{{/remedy}}{{{brand.name}}}"
                          "{{&brand.signer}}{{^gift}}x{{/gift}}")
            .empty());
}

TEST_CASE("validate: an unknown variable is named with its line, inside sections too") {
  auto e = only(validate_template("Hi {{customer.name}},\n\nYour {{parcel_name}} is late."));
  CHECK(e.line == 3);
  CHECK(e.name == "parcel_name");
  CHECK(to_string(e) == "line 3: unknown variable \"parcel_name\"");

  // recipient_name exists only inside shipments.
  e = only(validate_template("{{#options}}\n{{recipient_name}}\n{{/options}}"));
  CHECK(e.line == 2);
  CHECK(e.name == "recipient_name");
  CHECK(validate_template("{{#shipments}}{{recipient_name}} {{brand.name}}{{/shipments}}").empty());  // outer scope
  e = only(validate_template("{{brand.colour}}"));
  CHECK(e.name == "brand.colour");
  e = only(validate_template("line 1\n{{#shipments}}\n{{#nope}}x{{/nope}}\n{{/shipments}}"));
  CHECK(e.line == 3);
  CHECK(e.message == "unknown section \"nope\"");
}

TEST_CASE("validate: unbalanced and mismatched sections") {
  auto e = only(validate_template("a\n{{#shipments}}\nb"));
  CHECK(e.line == 2);
  CHECK(e.message == "section \"shipments\" is never closed");
  auto errors = validate_template("{{#shipments}}\n{{#will_miss}}\n{{/shipments}}\n{{/will_miss}}");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 3);
  CHECK(errors[0].message == "\"{{/shipments}}\" closes section \"will_miss\" opened on line 2");
  e = only(validate_template("x\n\n{{/gift}}"));
  CHECK(e.line == 3);
  CHECK(e.message == "\"{{/gift}}\" closes a section that was never opened");
}

TEST_CASE("validate: broken tags") {
  auto e = only(validate_template("ok\n{{customer.name"));
  CHECK(e.line == 2);
  CHECK(e.message == "a tag opened with \"{{\" is never closed with \"}}\"");
  e = only(validate_template("{{{brand.name}}"));
  CHECK(e.message == "\"{{{\" is closed by \"}}\" instead of \"}}}\"");
  e = only(validate_template("{{ }}"));
  CHECK(e.message == "a tag without a name");
  e = only(validate_template("{{=<% %>=}}"));
  CHECK(e.message == "set-delimiter tags are not supported");
  e = only(validate_template("{{brand name}}"));
  CHECK(e.message == "\"brand name\" is not a valid name");
}

TEST_CASE("validate: flags and lists are sections, not text") {
  auto e = only(validate_template("{{gift}}"));
  CHECK(e.message == "\"gift\" is a flag: use it as a section, {{#gift}}...{{/gift}}");
  e = only(validate_template("{{shipments}}"));
  CHECK(e.name == "shipments");
}

TEST_CASE("validate: HTML parts escape everything but body_html") {
  const ValidateOptions html{true, nullptr};
  CHECK(validate_template("<p>{{customer.name}}</p>{{{body_html}}}", html).empty());
  auto e = only(validate_template("<p>\n{{{customer.name}}}</p>", html));
  CHECK(e.line == 2);
  CHECK(e.name == "customer.name");
  e = only(validate_template("{{&customer.name}}", html));
  CHECK(e.name == "customer.name");
  e = only(validate_template("{{body_html}}"));
  CHECK(e.message == "body_html exists only in the HTML part");
}

TEST_CASE("validate: partials are known by name and checked where included") {
  const std::map<std::string, std::string> partials = {{"line", "{{recipient_name}}"}, {"bad", "{{nope}}"}};
  const ValidateOptions o{false, &partials};
  CHECK(validate_template("{{#shipments}}{{> line}}{{/shipments}}", o).empty());
  auto e = only(validate_template("\n{{> line}}", o));  // recipient_name outside shipments
  CHECK(e.line == 2);
  CHECK(e.name == "recipient_name");
  e = only(validate_template("{{> missing}}", o));
  CHECK(e.message == "unknown partial \"missing\"");
  e = only(validate_template("{{>missing}}"));
  CHECK(e.name == "missing");
}
