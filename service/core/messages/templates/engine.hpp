// The template engine: Mustache, through mstch (Debian's libmstch-dev).
//
// Why Mustache, and mstch:
//   - logic-less: a template can only insert values, repeat over lists and
//     test flags. A merchant-written template cannot run code, loop forever,
//     read files or call out, which is what a multi-tenant service must
//     guarantee for text its customers type in (Jinja-like engines such as
//     inja evaluate expressions and call functions; a bug there is a bug in
//     every tenant's e-mail).
//   - HTML escaping by default ({{name}}), opt-out only where forewarn allows
//     it (validate.hpp refuses {{{ }}} in HTML parts), so a recipient name
//     cannot inject markup.
//   - partials ({{> name}}) share the pieces of a locale's messages.
//   - the syntax is a published spec (mustache/spec) that merchants and their
//     agencies already know from Shopify, Mailchimp and Postmark templates.
//   - mstch is a Debian 12 package (a static library, boost::variant nodes),
//     small, and renders in microseconds.
// Its limits are covered here: mstch reports no syntax errors and renders an
// unknown name as nothing, so templates are checked by validate.hpp first;
// its escaping is one global function, so `render` chooses HTML or raw
// per call through a thread-local setting installed once.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace forewarn::core::messages::templates {

enum class Escape { html, none };

// Renders `source` with `context` (a JSON object: strings, numbers, booleans,
// null, nested objects and arrays; null and "" are falsy as sections).
// Partials are looked up by name in `partials`. The source should have
// passed validate_template; an invalid one renders as mstch makes of it.
std::string render(const std::string& source, const nlohmann::json& context, Escape escape,
                   const std::map<std::string, std::string>& partials = {});

// The HTML escaping used by Escape::html: & < > " ' as entities.
std::string escape_html(std::string_view text);

}  // namespace forewarn::core::messages::templates
