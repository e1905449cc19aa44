// The route table: method + path pattern ("/v1/warehouses/{id}") → handler.
// It is the single source of the API surface: the server dispatches from it,
// `forewarn routes` prints it, and a test compares it with openapi.yaml.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

namespace forewarn::http {

struct Services;

struct Request {
  std::string method;
  std::string path;
  std::string target;                              // the request target as sent: path and raw query string
  std::map<std::string, std::string> params;       // path parameters
  std::multimap<std::string, std::string> query;   // query string
  nlohmann::json body;                             // parsed JSON body (Body::json routes)
  std::string text;                                // raw body (Body::calendar and Body::raw routes)
  std::string request_id;
  std::string tenant_id;                           // set on authenticated routes
  // A request header by name, case-insensitive; "" when absent.
  std::function<std::string(const std::string&)> header = [](const std::string&) { return std::string(); };
};

struct Response {
  int status = 200;
  nlohmann::json body;  // rendered as JSON unless `text` is set
  std::optional<std::string> text;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(int status, nlohmann::json body) { return Response{status, std::move(body), std::nullopt, "application/json", {}}; }
  static Response no_content() { return Response{204, nullptr, std::string(), "", {}}; }
};

using Result = std::variant<Response, Problem>;
using Handler = std::function<Result(Services&, Request&)>;

enum class Auth { none, tenant };

// What a route takes as its body.
enum class Body {
  none,      // no body
  json,      // an application/json object, parsed into Request::body
  calendar,  // text/calendar (iCalendar), kept as text in Request::text
  raw,       // any body, kept byte for byte in Request::text (signed webhooks)
};

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // segments; "{name}" captures one segment
  Auth auth = Auth::tenant;
  Body body = Body::none;
  Handler handler;
};

struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allow;  // methods of the path, when the method did not match
};

class Router {
 public:
  void add(Route route);
  Match match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace forewarn::http
