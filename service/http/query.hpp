// Query-string reading with the same error style as bodies: every problem is
// a FieldError with a "#/query/<name>" pointer. Unknown parameters are errors.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "http/router.hpp"

namespace forewarn::http {

class QueryReader {
 public:
  explicit QueryReader(const Request& req) : req_(req) {}
  std::optional<long long> integer(const std::string& name, long long def, long long min, long long max);
  std::optional<std::string> text(const std::string& name, size_t max_len = 500);
  // A parameter that was read but is wrong: adds "#/query/<name>: message".
  void fail(const std::string& name, std::string message);
  void reject_unknown();
  bool ok() const { return errors_.empty(); }
  Problem problem() const { return Problem::validation(errors_, "The query string has invalid parameters."); }

 private:
  const std::string* single(const std::string& name);
  const Request& req_;
  std::set<std::string> known_;
  std::vector<FieldError> errors_;
};

// Opaque pagination cursor over (created_at, id).
std::string encode_cursor(const std::string& created_at, const std::string& id);
std::optional<std::pair<std::string, std::string>> decode_cursor(const std::string& cursor);

}  // namespace forewarn::http
