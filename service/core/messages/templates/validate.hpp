// Checks a Mustache template before it is saved or rendered: mstch itself
// reports nothing (an unclosed section renders as nothing, an unknown name as
// an empty string), so this scanner walks the tags and reports, with the line:
//   - syntax: an unclosed tag ("{{name" with no "}}"), "{{{name}}" without the
//     third brace, an empty name, a section closed by another name or never
//     closed, a closing tag with nothing open, set-delimiter tags ("{{=<% %>=}}",
//     not supported: they would defeat this scanner);
//   - names: every variable and section name must be in the template data
//     schema (schema.hpp), resolved the Mustache way: in the innermost open
//     section's object or list item first, then outwards; dotted names reach
//     into objects. "." is allowed inside a list section;
//   - partials: "{{> name}}" must be one of the partials given, and the
//     partial's own tags are checked where it is included;
//   - HTML parts: "{{{name}}}" and "{{&name}}" (no escaping) are refused
//     except for body_html, which forewarn escapes itself, so that a
//     shopper-supplied name can never inject markup into an e-mail.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace forewarn::core::messages::templates {

struct TemplateError {
  int line = 0;          // 1-based line of the tag
  std::string name;      // the tag's name ("" for a tag without one)
  std::string message;   // "unknown variable \"foo\"", "section \"shipments\" is never closed", ...
  bool operator==(const TemplateError&) const = default;
};

// "line 3: unknown variable \"foo\""
std::string to_string(const TemplateError& e);

struct ValidateOptions {
  bool html = false;  // the HTML part of an e-mail
  const std::map<std::string, std::string>* partials = nullptr;
};

std::vector<TemplateError> validate_template(std::string_view source, const ValidateOptions& options = {});

}  // namespace forewarn::core::messages::templates
