#include "core/messages/templates/render.hpp"

#include <algorithm>

#include "core/locale/locale.hpp"
#include "core/messages/sms.hpp"
#include "core/messages/templates/builtin.hpp"
#include "core/messages/templates/context.hpp"
#include "core/messages/templates/engine.hpp"
#include "core/messages/templates/schema.hpp"

namespace forewarn::core::messages::templates {

namespace {

std::string file_name(std::string_view locale, std::string_view kind, std::string_view channel, std::string_view part) {
  std::string n(locale);
  n += '/';
  n += kind;
  n += '.';
  n += channel;
  n += '.';
  n += part;
  return n;
}

const std::string& html_layout() {
  static const std::string empty;
  const std::string* s = builtin_source("layout.email.html");
  return s ? *s : empty;
}

std::optional<ResolvedTemplates> builtin_set(std::string_view kind, std::string_view channel, const std::string& locale) {
  ResolvedTemplates r;
  r.locale = locale;
  for (const auto& part : channel_parts(channel)) {
    const std::string* s = builtin_source(file_name(locale, kind, channel, part));
    if (!s && part == "html") s = &html_layout();
    if (!s) return std::nullopt;
    r.parts.emplace(part, *s);
  }
  r.partials = builtin_partials(locale);
  return r;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trim(std::string s) {
  size_t b = 0;
  while (b < s.size() && is_blank(s[b])) ++b;
  size_t e = s.size();
  while (e > b && is_blank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// One line: a header must never carry a newline.
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Trailing spaces off every line, at most one blank line in a row.
std::string tidy_text(const std::string& s) {
  std::string out;
  size_t start = 0;
  int blank_run = 0;
  while (start <= s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    std::string line = s.substr(start, end - start);
    while (!line.empty() && is_blank(line.back())) line.pop_back();
    blank_run = line.empty() ? blank_run + 1 : 0;
    if (blank_run <= 1) {
      out += line;
      out += '\n';
    }
    start = end + 1;
  }
  out = trim(out);
  if (!out.empty()) out += '\n';
  return out;
}

}  // namespace

std::string formatting_locale(std::string_view requested, std::string_view template_locale) {
  const auto tag = locale::normalize_tag(requested);
  if (tag && locale::language_of(*tag) == locale::language_of(template_locale)) return *tag;
  return std::string(template_locale);
}

std::map<std::string, std::string> partials_for(std::string_view locale) {
  const auto b = builtin_locale_for(locale);
  return b ? builtin_partials(*b) : std::map<std::string, std::string>{};
}

std::vector<PartError> validate_parts(std::string_view channel, std::string_view locale,
                                      const std::map<std::string, std::string>& parts) {
  std::vector<PartError> out;
  const auto& allowed = channel_parts(channel);
  for (const auto& [part, source] : parts) {
    (void)source;
    if (std::find(allowed.begin(), allowed.end(), part) == allowed.end())
      out.push_back({part, {0, part, std::string("is not a part of a ").append(channel).append(" template")}});
  }
  for (const auto& part : allowed) {
    if (part == "html") continue;  // optional: the built-in layout around the text part
    if (!parts.contains(part)) out.push_back({part, {0, part, "is required"}});
  }
  const auto partials = partials_for(locale);
  for (const auto& [part, source] : parts) {
    const ValidateOptions o{part == "html", &partials};
    for (auto& e : validate_template(source, o)) out.push_back({part, std::move(e)});
  }
  return out;
}

std::optional<ResolvedTemplates> resolve_templates(std::string_view kind, std::string_view channel,
                                                   std::string_view locale,
                                                   const std::vector<TemplateOverride>& overrides) {
  if (!is_message_kind(kind) || !is_channel(channel)) return std::nullopt;
  std::vector<std::string> warnings;
  for (const auto& tag : locale::fallback_chain(locale)) {
    for (const auto& o : overrides) {
      if (o.kind != kind || o.channel != channel || o.locale != tag) continue;
      if (!validate_parts(channel, tag, o.parts).empty()) {
        warnings.push_back(std::string("the tenant's ").append(tag).append(" template does not validate; skipped"));
        continue;
      }
      ResolvedTemplates r;
      r.locale = tag;
      r.tenant = true;
      r.parts = o.parts;
      if (!r.parts.contains("html") && channel == "email") r.parts.emplace("html", html_layout());
      r.partials = partials_for(tag);
      r.warnings = warnings;
      return r;
    }
    // The built-in one of exactly this step: fi-FI has none of its own (fi
    // follows); a bare language takes its variant (pt → pt-BR).
    const auto b = builtin_locale_for(tag);
    const bool bare = tag.find('-') == std::string::npos;
    if (b && (*b == tag || (bare && locale::language_of(*b) == tag))) {
      if (auto r = builtin_set(kind, channel, *b)) {
        r->warnings = warnings;
        return r;
      }
    }
  }
  return std::nullopt;
}

std::string text_to_html(std::string_view text) {
  std::string out = "<p>";
  size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, 7) == "http://" || text.substr(i, 8) == "https://") {
      size_t end = i;
      while (end < text.size() && !is_blank(text[end])) ++end;
      while (end > i && (text[end - 1] == '.' || text[end - 1] == ',' || text[end - 1] == ')')) --end;
      const std::string url = escape_html(text.substr(i, end - i));
      out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
      i = end;
      continue;
    }
    if (text[i] == '\n') {
      size_t j = i;
      int newlines = 0;
      while (j < text.size() && is_blank(text[j])) newlines += text[j++] == '\n';
      if (j == text.size()) break;
      out += newlines > 1 ? "</p>\n<p>" : "<br>\n";
      i = j;
      continue;
    }
    out += escape_html(text.substr(i, 1));
    ++i;
  }
  out += "</p>";
  return out;
}

Rendered render_resolved(std::string_view channel, const ResolvedTemplates& t, const nlohmann::json& prepared,
                         const RenderOptions& options) {
  Rendered r;
  r.locale = t.locale;
  r.tenant = t.tenant;
  r.warnings = t.warnings;
  auto part = [&](const char* name, Escape e, const nlohmann::json& ctx) {
    const auto it = t.parts.find(name);
    return it == t.parts.end() ? std::string() : render(it->second, ctx, e, t.partials);
  };
  if (channel == "sms") {
    const std::string body = trim(tidy_text(part("body", Escape::none, prepared)));
    r.sms = fit_sms(body, options.sms_segment_limit);
    r.shortened = r.sms != body;
    const SmsCount count = count_sms(r.sms);
    r.segments = count.segments;
    r.encoding = to_string(count.encoding);
    return r;
  }
  r.subject = one_line(part("subject", Escape::none, prepared));
  r.text = tidy_text(part("text", Escape::none, prepared));
  nlohmann::json html_ctx = prepared;
  html_ctx["body_html"] = text_to_html(r.text);
  r.html = part("html", Escape::html, html_ctx);
  return r;
}

std::optional<Rendered> render_message(std::string_view kind, std::string_view channel, std::string_view locale,
                                       const nlohmann::json& data, const std::vector<TemplateOverride>& overrides,
                                       const RenderOptions& options) {
  const auto t = resolve_templates(kind, channel, locale, overrides);
  if (!t) return std::nullopt;
  return render_resolved(channel, *t, prepare_context(data, formatting_locale(locale, t->locale)), options);
}

}  // namespace forewarn::core::messages::templates
