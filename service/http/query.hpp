// Query-string reading with the same error style as bodies: every problem is
// a FieldError with a "#/query/<name>" pointer. Unknown parameters are errors.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

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

// Opaque pagination cursor over (created_at, id); decoding checks the id
// with `valid_id` (the form of the listed resource's ids).
std::string encode_cursor(const std::string& created_at, const std::string& id);
std::optional<std::pair<std::string, std::string>> decode_cursor(const std::string& cursor,
                                                                 bool (*valid_id)(const std::string&));

// The parameters of a cursor-paginated list: ?limit= (1-200, default 50) and
// ?cursor= (a next_cursor of the same list); any other parameter is an error.
struct PageQuery {
  int limit = 50;
  std::optional<std::pair<std::string, std::string>> after;  // (created_at, id) of the last row seen
};
std::variant<PageQuery, Problem> read_page_query(const Request& req, bool (*valid_id)(const std::string&));

// One page from `rows` as fetched with limit + 1 (the extra row says there
// is a next page): {"items": [...], "next_cursor": "..." or null}.
template <typename Row, typename ToJson>
nlohmann::json page_json(std::vector<Row> rows, int limit, ToJson&& to_json) {
  nlohmann::json out = {{"items", nlohmann::json::array()}, {"next_cursor", nullptr}};
  const bool more = rows.size() > static_cast<size_t>(limit);
  if (more) rows.pop_back();
  for (const auto& row : rows) out["items"].push_back(to_json(row));
  if (more) out["next_cursor"] = encode_cursor(rows.back().created_at, rows.back().id);
  return out;
}

}  // namespace forewarn::http
