#include "core/body_reader.hpp"

#include <algorithm>

namespace forewarn {

namespace {

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

const char* type_name_of(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_float: return "a number with a fraction";
    default: return "a number";
  }
}

bool type_matches(const nlohmann::json& v, nlohmann::json::value_t t) {
  if (t == nlohmann::json::value_t::number_integer) return v.is_number_integer();
  if (t == nlohmann::json::value_t::number_float) return v.is_number();
  return v.type() == t;
}

}  // namespace

BodyReader::BodyReader(const nlohmann::json& object, std::string base)
    : obj_(object), base_(std::move(base)), is_object_(object.is_object()) {
  if (!is_object_) errors_.push_back({base_.empty() ? "" : base_, "must be a JSON object"});
}

std::string BodyReader::pointer(const std::string& key) const { return base_ + "/" + escape_pointer_token(key); }

void BodyReader::fail(const std::string& key, std::string message) {
  errors_.push_back({pointer(key), std::move(message)});
}

void BodyReader::fail_item(const std::string& key, size_t index, std::string message) {
  errors_.push_back({pointer(key) + "/" + std::to_string(index), std::move(message)});
}

const nlohmann::json* BodyReader::find(const std::string& key, bool required, nlohmann::json::value_t type,
                                       const char* type_name) {
  known_.insert(key);
  if (!is_object_) return nullptr;
  auto it = obj_.find(key);
  if (it == obj_.end() || (!required && it->is_null())) {
    if (required) fail(key, "is required");
    return nullptr;
  }
  if (!type_matches(*it, type)) {
    fail(key, std::string("must be ") + type_name + ", not " + type_name_of(*it));
    return nullptr;
  }
  return &*it;
}

static std::optional<std::string> check_string(BodyReader& r, const std::string& key, const nlohmann::json* v,
                                               StringRule rule) {
  if (!v) return std::nullopt;
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() < rule.min_len) {
    r.fail(key, rule.min_len == 1 ? "must not be empty" : "must be at least " + std::to_string(rule.min_len) + " characters");
    return std::nullopt;
  }
  if (s.size() > rule.max_len) {
    r.fail(key, "must be at most " + std::to_string(rule.max_len) + " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> BodyReader::required_string(const std::string& key, StringRule rule) {
  return check_string(*this, key, find(key, true, nlohmann::json::value_t::string, "a string"), rule);
}
std::optional<std::string> BodyReader::optional_string(const std::string& key, StringRule rule) {
  return check_string(*this, key, find(key, false, nlohmann::json::value_t::string, "a string"), rule);
}

static std::optional<long long> check_int(BodyReader& r, const std::string& key, const nlohmann::json* v,
                                          IntRule rule) {
  if (!v) return std::nullopt;
  if (v->is_number_unsigned() && v->get<unsigned long long>() > static_cast<unsigned long long>(rule.max)) {
    r.fail(key, "must be from " + std::to_string(rule.min) + " to " + std::to_string(rule.max));
    return std::nullopt;
  }
  const long long n = v->get<long long>();
  if (n < rule.min || n > rule.max) {
    r.fail(key, "must be from " + std::to_string(rule.min) + " to " + std::to_string(rule.max));
    return std::nullopt;
  }
  return n;
}

std::optional<long long> BodyReader::required_int(const std::string& key, IntRule rule) {
  return check_int(*this, key, find(key, true, nlohmann::json::value_t::number_integer, "an integer"), rule);
}
std::optional<long long> BodyReader::optional_int(const std::string& key, IntRule rule) {
  return check_int(*this, key, find(key, false, nlohmann::json::value_t::number_integer, "an integer"), rule);
}

std::optional<bool> BodyReader::optional_bool(const std::string& key) {
  const auto* v = find(key, false, nlohmann::json::value_t::boolean, "a boolean");
  if (!v) return std::nullopt;
  return v->get<bool>();
}

std::optional<double> BodyReader::optional_number(const std::string& key, double min, double max) {
  const auto* v = find(key, false, nlohmann::json::value_t::number_float, "a number");
  if (!v) return std::nullopt;
  const double d = v->get<double>();
  if (!(d >= min && d <= max)) {
    fail(key, "must be a number from " + nlohmann::json(min).dump() + " to " + nlohmann::json(max).dump());
    return std::nullopt;
  }
  return d;
}

std::optional<std::vector<std::string>> BodyReader::optional_string_list(const std::string& key, size_t max_items,
                                                                         bool (*valid)(const std::string&),
                                                                         const char* what) {
  const auto* arr = optional_member(key, nlohmann::json::value_t::array);
  if (!arr) return std::nullopt;
  if (arr->size() > max_items) {
    fail(key, "must have at most " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (size_t i = 0; i < arr->size(); ++i) {
    const auto& v = (*arr)[i];
    if (!v.is_string() || !valid(v.get_ref<const std::string&>())) {
      fail_item(key, i, std::string("must be ") + what);
      ok = false;
      continue;
    }
    if (std::find(out.begin(), out.end(), v.get_ref<const std::string&>()) == out.end())
      out.push_back(v.get<std::string>());
  }
  if (!ok) return std::nullopt;
  return out;
}

const nlohmann::json* BodyReader::optional_member(const std::string& key, nlohmann::json::value_t type) {
  const char* name = type == nlohmann::json::value_t::array ? "an array" : "an object";
  return find(key, false, type, name);
}
const nlohmann::json* BodyReader::required_member(const std::string& key, nlohmann::json::value_t type) {
  const char* name = type == nlohmann::json::value_t::array ? "an array" : "an object";
  return find(key, true, type, name);
}

void BodyReader::reject_unknown() {
  if (!is_object_) return;
  for (const auto& [key, value] : obj_.items())
    if (!known_.count(key)) fail(key, "is not a known field");
}

void BodyReader::absorb(const BodyReader& nested) {
  errors_.insert(errors_.end(), nested.errors_.begin(), nested.errors_.end());
}

std::optional<nlohmann::json> parse_json_body(const std::string& body, Problem& problem) {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    problem = Problem::of(ErrorKind::bad_request,
                          "The body is not valid JSON (at byte " + std::to_string(e.byte) + ").");
    return std::nullopt;
  }
}

}  // namespace forewarn
