#include "core/messages/templates/validate.hpp"

#include <algorithm>
#include <cctype>

#include "core/messages/templates/schema.hpp"

namespace forewarn::core::messages::templates {

namespace {

constexpr int kMaxPartialDepth = 4;

// Concatenation without `"literal" + std::string` (a -Wrestrict false
// positive of g++ 12 in release builds).
template <typename... A>
std::string cat(const A&... a) {
  std::string s;
  ((s += a), ...);
  return s;
}

struct Section {
  std::string name;
  int line;
  const Field* scope;  // the object or list item it enters; nullptr for a flag or text
  bool list;
};

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

bool valid_name(const std::string& n) {
  return !n.empty() && std::all_of(n.begin(), n.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

std::vector<std::string> split_dots(const std::string& name) {
  std::vector<std::string> out(1);
  for (char c : name) {
    if (c == '.')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

class Scanner {
 public:
  Scanner(const ValidateOptions& o, std::vector<TemplateError>& errors) : options_(o), errors_(errors) {}

  // Scans `src` with the sections currently open (`stack`), reporting lines
  // at `line_base` + the line within src (a partial reports the line of its
  // inclusion).
  void scan(std::string_view src, std::vector<Section>& stack, int depth, int include_line) {
    const size_t open_at_start = stack.size();
    int line = 1;
    size_t i = 0;
    auto where = [&](int l) { return include_line > 0 ? include_line : l; };
    while (true) {
      const size_t open = src.find("{{", i);
      if (open == std::string_view::npos) break;
      line += static_cast<int>(std::count(src.begin() + static_cast<long>(i), src.begin() + static_cast<long>(open), '\n'));
      const int tag_line = line;
      const bool triple = src.substr(open, 3) == "{{{";
      const size_t close = src.find(triple ? "}}}" : "}}", open + 2);
      if (close == std::string_view::npos) {
        const size_t plain = triple ? src.find("}}", open + 3) : std::string_view::npos;
        const std::string what = plain != std::string_view::npos
                                     ? "\"{{{\" is closed by \"}}\" instead of \"}}}\""
                                     : "a tag opened with \"{{\" is never closed with \"}}\"";
        errors_.push_back({where(tag_line), "", what});
        break;
      }
      const size_t inner_begin = open + (triple ? 3 : 2);
      const std::string_view inner = src.substr(inner_begin, close - inner_begin);
      line += static_cast<int>(std::count(inner.begin(), inner.end(), '\n'));
      i = close + (triple ? 3 : 2);
      tag(inner, triple, where(tag_line), stack, depth);
    }
    // Sections opened in this source must close in it.
    while (stack.size() > open_at_start) {
      const Section& s = stack.back();
      errors_.push_back({where(s.line), s.name, cat("section \"", s.name, "\" is never closed")});
      stack.pop_back();
    }
  }

 private:
  void tag(std::string_view inner, bool triple, int line, std::vector<Section>& stack, int depth) {
    const char sigil = triple || inner.empty() ? '\0' : inner.front();
    const bool has_sigil = sigil == '!' || sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' ||
                           sigil == '&' || sigil == '=' || sigil == '{';
    if (sigil == '!') return;  // comment
    const std::string name = trim(has_sigil ? inner.substr(1) : inner);
    if (sigil == '=') {
      errors_.push_back({line, "", "set-delimiter tags are not supported"});
      return;
    }
    if (!valid_name(name)) {
      errors_.push_back({line, name, name.empty() ? std::string("a tag without a name") : cat("\"", name, "\" is not a valid name")});
      return;
    }
    switch (sigil) {
      case '#':
      case '^': open_section(name, line, stack, sigil == '^'); return;
      case '/': close_section(name, line, stack); return;
      case '>': partial(name, line, stack, depth); return;
      default: break;
    }
    const bool raw = triple || sigil == '&' || sigil == '{';
    if (raw && options_.html && name != "body_html") {
      errors_.push_back({line, name, cat("\"", name, "\" would be inserted without HTML escaping: use {{", name, "}}")});
      return;
    }
    variable(name, line, stack);
  }

  // The field a (dotted) name refers to, resolved from the innermost scope out.
  // Sets `implicit` for ".".
  const Field* resolve(const std::string& name, const std::vector<Section>& stack, bool& implicit) const {
    implicit = false;
    if (name == ".") {
      implicit = std::any_of(stack.begin(), stack.end(), [](const Section& s) { return s.list; });
      return nullptr;
    }
    const auto parts = split_dots(name);
    const Field* f = nullptr;
    for (auto it = stack.rbegin(); it != stack.rend() && !f; ++it)
      if (it->scope) f = find_field(*it->scope, parts.front());
    if (!f) f = find_field(template_schema(), parts.front());
    for (size_t k = 1; f && k < parts.size(); ++k)
      f = f->type == FieldType::object ? find_field(*f, parts[k]) : nullptr;
    return f;
  }

  void variable(const std::string& name, int line, const std::vector<Section>& stack) {
    bool implicit = false;
    const Field* f = resolve(name, stack, implicit);
    if (implicit) return;
    if (!f) {
      errors_.push_back({line, name, cat("unknown variable \"", name, "\"")});
    } else if (f->type != FieldType::text) {
      errors_.push_back({line, name, cat("\"", name, "\" is a ", f->type == FieldType::flag ? "flag" : "list or object",
                                         ": use it as a section, {{#", name, "}}...{{/", name, "}}")});
    } else if (name == "body_html" && !options_.html) {
      errors_.push_back({line, name, "body_html exists only in the HTML part"});
    }
  }

  void open_section(const std::string& name, int line, std::vector<Section>& stack, bool inverted) {
    bool implicit = false;
    const Field* f = resolve(name, stack, implicit);
    if (!f && !implicit) errors_.push_back({line, name, cat("unknown section \"", name, "\"")});
    const bool enters = f && !inverted && (f->type == FieldType::object || f->type == FieldType::list);
    stack.push_back({name, line, enters ? f : nullptr, enters && f->type == FieldType::list});
  }

  void close_section(const std::string& name, int line, std::vector<Section>& stack) {
    if (stack.empty()) {
      errors_.push_back({line, name, cat("\"{{/", name, "}}\" closes a section that was never opened")});
      return;
    }
    if (stack.back().name != name) {
      errors_.push_back({line, name,
                         cat("\"{{/", name, "}}\" closes section \"", stack.back().name, "\" opened on line ",
                             std::to_string(stack.back().line))});
    }
    stack.pop_back();
  }

  void partial(const std::string& name, int line, std::vector<Section>& stack, int depth) {
    const auto* partials = options_.partials;
    const auto it = partials ? partials->find(name) : decltype(partials->end()){};
    if (!partials || it == partials->end()) {
      errors_.push_back({line, name, cat("unknown partial \"", name, "\"")});
      return;
    }
    if (depth >= kMaxPartialDepth) {
      errors_.push_back({line, name, cat("partials nest deeper than ", std::to_string(kMaxPartialDepth))});
      return;
    }
    scan(it->second, stack, depth + 1, line);
  }

  const ValidateOptions& options_;
  std::vector<TemplateError>& errors_;
};

}  // namespace

std::string to_string(const TemplateError& e) { return cat("line ", std::to_string(e.line), ": ", e.message); }

std::vector<TemplateError> validate_template(std::string_view source, const ValidateOptions& options) {
  std::vector<TemplateError> errors;
  std::vector<Section> stack;
  Scanner(options, errors).scan(source, stack, 0, 0);
  return errors;
}

}  // namespace forewarn::core::messages::templates
