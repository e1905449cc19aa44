#include "core/messages/templates/builtin.hpp"

#include "core/locale/locale.hpp"

namespace forewarn::core::messages::templates {

namespace {

const std::map<std::string, std::string, std::less<>>& by_name() {
  static const auto all = [] {
    std::map<std::string, std::string, std::less<>> m;
    for (const auto& f : builtin_template_files()) m.emplace(f.name, f.source);
    return m;
  }();
  return all;
}

}  // namespace

const std::string* builtin_source(std::string_view name) {
  const auto& m = by_name();
  const auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

const std::vector<std::string>& builtin_locales() {
  static const std::vector<std::string> all = {"en", "fi", "hu", "zh-CN", "pt-BR", "de"};
  return all;
}

std::optional<std::string> builtin_locale_for(std::string_view tag) {
  for (const auto& candidate : locale::fallback_chain(tag)) {
    for (const auto& b : builtin_locales())
      if (b == candidate) return b;
    if (candidate.find('-') == std::string::npos)  // a bare language: its built-in variant
      for (const auto& b : builtin_locales())
        if (locale::language_of(b) == candidate) return b;
  }
  return std::nullopt;
}

std::map<std::string, std::string> builtin_partials(std::string_view builtin_locale) {
  std::map<std::string, std::string> out;
  const std::string prefix = std::string(builtin_locale) + "/partials/";
  for (const auto& [name, source] : by_name())
    if (name.rfind(prefix, 0) == 0) out.emplace(name.substr(prefix.size()), source);
  return out;
}

}  // namespace forewarn::core::messages::templates
