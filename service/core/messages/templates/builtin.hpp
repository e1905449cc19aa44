// The built-in templates, compiled in from builtin/ (cmake/EmbedTemplates.cmake):
//   <locale>/<kind>.email.subject|text[.html]   e-mail parts
//   <locale>/<kind>.sms.body                    the SMS
//   <locale>/partials/<name>                    partials of that locale ({{> name}})
//   layout.email.html                           the HTML frame of every locale's e-mail,
//                                               around body_html (the text part as HTML)
// Locales: en, fi, hu, zh-CN, pt-BR, de.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forewarn::core::messages::templates {

struct BuiltinTemplateFile {
  const char* name;    // the path under builtin/ without ".mustache"
  const char* source;
};
const std::vector<BuiltinTemplateFile>& builtin_template_files();  // generated

// The source of a built-in file by name, or nullptr.
const std::string* builtin_source(std::string_view name);

// The locales that have built-in templates: en, fi, hu, zh-CN, pt-BR, de.
const std::vector<std::string>& builtin_locales();

// The built-in locale for a tag, following fallback_chain (fi-FI → fi → en);
// a bare language, or a region without its own templates, takes the
// language's built-in variant (pt, pt-PT → pt-BR; zh, zh-TW → zh-CN).
// nullopt only when the tag's chain reaches no built-in (never: en exists).
std::optional<std::string> builtin_locale_for(std::string_view tag);

// The partials of a built-in locale, by name.
std::map<std::string, std::string> builtin_partials(std::string_view builtin_locale);

}  // namespace forewarn::core::messages::templates
