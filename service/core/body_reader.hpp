// Reads a JSON request body field by field and collects every problem with a
// JSON Pointer, so a caller learns about all bad fields at once:
//
//   BodyReader r(body);
//   auto name = r.required_string("name", {.max_len = 200});
//   auto backlog = r.optional_int("backlog_days", {.min = 0, .max = 365});
//   r.reject_unknown();
//   if (!r.ok()) return r.problem();
//
// Wrong types, missing and unknown fields are all 422 validation problems.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

namespace forewarn {

struct StringRule {
  size_t min_len = 1;
  size_t max_len = 1000;
};
struct IntRule {
  long long min = 0;
  long long max = 1000000;
};

class BodyReader {
 public:
  // `object` must be the parsed body; a non-object body is itself an error.
  explicit BodyReader(const nlohmann::json& object, std::string base = "");

  std::optional<std::string> required_string(const std::string& key, StringRule rule = {});
  std::optional<std::string> optional_string(const std::string& key, StringRule rule = {});
  std::optional<long long> required_int(const std::string& key, IntRule rule = {});
  std::optional<long long> optional_int(const std::string& key, IntRule rule = {});
  std::optional<bool> optional_bool(const std::string& key);
  // Any JSON number (integer or not) within [min, max].
  std::optional<double> optional_number(const std::string& key, double min, double max);
  // An array of distinct strings, each accepted by `valid` (else an error at
  // "/key/index" saying it must be `what`); duplicates are dropped, the
  // order is kept. At most `max_items` items.
  std::optional<std::vector<std::string>> optional_string_list(const std::string& key, size_t max_items,
                                                               bool (*valid)(const std::string&), const char* what);
  // The raw member, for nested readers; marks the key as known.
  const nlohmann::json* optional_member(const std::string& key, nlohmann::json::value_t type);
  const nlohmann::json* required_member(const std::string& key, nlohmann::json::value_t type);

  // Custom check on a value that was read: adds an error at that key.
  void fail(const std::string& key, std::string message);
  // The same for one item of an array member: pointer "/key/index".
  void fail_item(const std::string& key, size_t index, std::string message);
  // Every member that no accessor asked for is an "unknown field" error.
  void reject_unknown();

  bool ok() const { return errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }
  std::string pointer(const std::string& key) const;
  Problem problem() const { return Problem::validation(errors_); }
  void absorb(const BodyReader& nested);

 private:
  const nlohmann::json* find(const std::string& key, bool required, nlohmann::json::value_t type,
                             const char* type_name);
  const nlohmann::json& obj_;
  std::string base_;
  std::set<std::string> known_;
  std::vector<FieldError> errors_;
  bool is_object_;
};

// Parses a request body. Errors: malformed JSON → bad_request naming the
// byte offset; a JSON value that is not an object → validation at "".
std::optional<nlohmann::json> parse_json_body(const std::string& body, Problem& problem);

}  // namespace forewarn
