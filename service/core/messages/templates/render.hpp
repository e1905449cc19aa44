// Rendering a planned message: choose the templates (the tenant's or the
// built-in ones, with locale fallback), prepare the data for that locale,
// render every part, and fit an SMS within the tenant's segment limit.
//
// Resolution, language first: for each tag of fallback_chain(locale)
// (fi-FI → fi → en), the tenant's template for exactly that tag, then the
// built-in one for it (pt, zh: the pt-BR, zh-CN built-ins). So a Finnish
// shopper of a tenant that customised only English still reads Finnish.
// A tenant template that no longer validates (the schema changed under it)
// is skipped with a warning rather than sent broken.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/messages/templates/validate.hpp"

namespace forewarn::core::messages::templates {

// One tenant's templates for a kind, channel and locale: part → source
// (email: subject, text, optional html; sms: body).
struct TemplateOverride {
  std::string kind, channel, locale;
  std::map<std::string, std::string> parts;
};

struct ResolvedTemplates {
  std::string locale;   // the locale of the templates (and of the formatting)
  bool tenant = false;  // the tenant's own, else built-in
  std::map<std::string, std::string> parts;     // every part of the channel
  std::map<std::string, std::string> partials;  // the built-in partials of that language
  std::vector<std::string> warnings;
};

// nullopt for an unknown kind or channel.
std::optional<ResolvedTemplates> resolve_templates(std::string_view kind, std::string_view channel,
                                                   std::string_view locale,
                                                   const std::vector<TemplateOverride>& overrides);

// The partials a template of `locale` may include: its language's built-ins.
std::map<std::string, std::string> partials_for(std::string_view locale);

struct PartError {
  std::string part;  // subject, text, html, body
  TemplateError error;
};
// Checks a tenant's parts for a channel: required parts present (email:
// subject and text; sms: body), no unknown parts, each part valid.
std::vector<PartError> validate_parts(std::string_view channel, std::string_view locale,
                                      const std::map<std::string, std::string>& parts);

struct Rendered {
  std::string locale;        // the locale the message is written in
  bool tenant = false;       // the tenant's templates, else built-in
  std::string subject, text, html;  // email
  std::string sms;           // sms: the body, within the segment limit
  int segments = 0;          // sms
  std::string encoding;      // sms: "gsm7" or "ucs2"
  bool shortened = false;    // sms: cut to fit the limit
  std::vector<std::string> warnings;
};

struct RenderOptions {
  int sms_segment_limit = 2;  // the tenant's policy
};

// Renders a planned message. `data` is the template data of
// docs/messages-design.md (ISO dates; the *_text fields are filled here).
// nullopt for an unknown kind or channel.
std::optional<Rendered> render_message(std::string_view kind, std::string_view channel, std::string_view locale,
                                       const nlohmann::json& data, const std::vector<TemplateOverride>& overrides,
                                       const RenderOptions& options = {});

// The locale dates and numbers are written in: the shopper's own tag when the
// template is in its language (an en-US shopper reading the en template gets
// "Thursday, December 24"), else the template's.
std::string formatting_locale(std::string_view requested, std::string_view template_locale);

// Renders resolved templates with prepared data (what render_message does
// after resolving; also the preview of unsaved sources).
Rendered render_resolved(std::string_view channel, const ResolvedTemplates& templates,
                         const nlohmann::json& prepared, const RenderOptions& options);

// The text part as HTML paragraphs: escaped, blank lines → paragraphs,
// newlines → <br>, http(s) links → <a href>.
std::string text_to_html(std::string_view text);

}  // namespace forewarn::core::messages::templates
