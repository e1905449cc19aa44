#include "core/messages/templates/engine.hpp"

#include <mutex>

#include <mstch/mstch.hpp>

namespace forewarn::core::messages::templates {

namespace {

thread_local Escape t_escape = Escape::html;

// mstch::config::escape is one process-wide function; it is set once to a
// function that reads this thread's choice.
void install_escape() {
  static std::once_flag once;
  std::call_once(once, [] {
    mstch::config::escape = [](const std::string& s) { return t_escape == Escape::html ? escape_html(s) : s; };
  });
}

mstch::node to_node(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::map m;
      for (const auto& [k, v] : j.items()) m.emplace(k, to_node(v));
      return m;
    }
    case nlohmann::json::value_t::array: {
      mstch::array a;
      a.reserve(j.size());
      for (const auto& v : j) a.push_back(to_node(v));
      return a;
    }
    case nlohmann::json::value_t::string: return j.get<std::string>();  // "" is falsy in mstch

    case nlohmann::json::value_t::boolean: return j.get<bool>();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return j.dump();  // 4.9, not mstch's 4.900000
    default: return nullptr;  // null: falsy, renders as nothing
  }
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render(const std::string& source, const nlohmann::json& context, Escape escape,
                   const std::map<std::string, std::string>& partials) {
  install_escape();
  const Escape saved = t_escape;
  t_escape = escape;
  std::string out = mstch::render(source, to_node(context), partials);
  t_escape = saved;
  return out;
}

}  // namespace forewarn::core::messages::templates
