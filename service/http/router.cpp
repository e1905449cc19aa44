#include "http/router.hpp"

#include <algorithm>

namespace forewarn::http {

namespace {
std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const size_t j = path.find('/', i);
    out.push_back(path.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j;
  }
  return out;
}

bool match_pattern(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params) {
  // A trailing slash is a different resource: "/v1/warehouses/" does not match.
  if (path.size() > 1 && path.back() == '/') return false;
  const auto ps = split(pattern);
  const auto xs = split(path);
  if (ps.size() != xs.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].size() > 2 && ps[i].front() == '{' && ps[i].back() == '}') {
      if (xs[i].empty()) return false;
      found.emplace(std::string(ps[i].substr(1, ps[i].size() - 2)), std::string(xs[i]));
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}
}  // namespace

void Router::add(Route route) { routes_.push_back(std::move(route)); }

Match Router::match(const std::string& method, const std::string& path) const {
  Match m;
  const std::string& wanted = method == "HEAD" ? std::string("GET") : method;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!match_pattern(r.pattern, path, params)) continue;
    if (r.method == wanted) {
      m.route = &r;
      m.params = std::move(params);
      m.allow.clear();
      return m;
    }
    if (std::find(m.allow.begin(), m.allow.end(), r.method) == m.allow.end()) m.allow.push_back(r.method);
  }
  if (!m.allow.empty()) {
    if (std::find(m.allow.begin(), m.allow.end(), "GET") != m.allow.end()) m.allow.push_back("HEAD");
    std::sort(m.allow.begin(), m.allow.end());
  }
  return m;
}

}  // namespace forewarn::http
