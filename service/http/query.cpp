#include "http/query.hpp"

#include <charconv>

#include "core/encoding.hpp"
#include "core/time.hpp"

namespace forewarn::http {

const std::string* QueryReader::single(const std::string& name) {
  known_.insert(name);
  const auto [lo, hi] = req_.query.equal_range(name);
  if (lo == hi) return nullptr;
  if (std::next(lo) != hi) {
    errors_.push_back({"#/query/" + name, "must be given once"});
    return nullptr;
  }
  return &lo->second;
}

std::optional<long long> QueryReader::integer(const std::string& name, long long def, long long min, long long max) {
  const std::string* v = single(name);
  if (!v) return def;
  long long n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || p != v->data() + v->size() || n < min || n > max) {
    errors_.push_back({"#/query/" + name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)});
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> QueryReader::text(const std::string& name, size_t max_len) {
  const std::string* v = single(name);
  if (!v) return std::nullopt;
  if (v->empty() || v->size() > max_len) {
    errors_.push_back({"#/query/" + name, "must be 1 to " + std::to_string(max_len) + " characters"});
    return std::nullopt;
  }
  return *v;
}

void QueryReader::fail(const std::string& name, std::string message) {
  errors_.push_back({"#/query/" + name, std::move(message)});
}

void QueryReader::reject_unknown() {
  for (const auto& [k, v] : req_.query)
    if (!known_.count(k)) errors_.push_back({"#/query/" + k, "is not a known parameter"});
}

std::string encode_cursor(const std::string& created_at, const std::string& id) {
  return base64url_encode(created_at + "|" + id);
}

std::optional<std::pair<std::string, std::string>> decode_cursor(const std::string& cursor,
                                                                 bool (*valid_id)(const std::string&)) {
  const auto raw = base64url_decode(cursor);
  if (!raw) return std::nullopt;
  const auto bar = raw->find('|');
  if (bar == std::string::npos) return std::nullopt;
  auto t = raw->substr(0, bar);
  auto id = raw->substr(bar + 1);
  if (!parse_iso8601(t) || !valid_id(id)) return std::nullopt;
  return std::make_pair(t, id);
}

std::variant<PageQuery, Problem> read_page_query(const Request& req, bool (*valid_id)(const std::string&)) {
  QueryReader q(req);
  const auto limit = q.integer("limit", 50, 1, 200);
  const auto cursor_text = q.text("cursor");
  q.reject_unknown();
  PageQuery page;
  if (cursor_text) {
    page.after = decode_cursor(*cursor_text, valid_id);
    if (!page.after) return Problem::validation({{"#/query/cursor", "is not a cursor returned by this API"}});
  }
  if (!q.ok()) return q.problem();
  page.limit = static_cast<int>(*limit);
  return page;
}

}  // namespace forewarn::http
