// The router and the error table are adapter code but pure: tested here.
#include <doctest/doctest.h>

#include "http/problem_http.hpp"
#include "http/router.hpp"

using namespace forewarn;
using namespace forewarn::http;

TEST_CASE("router: matches, captures, 404 and 405 with Allow") {
  Router r;
  auto h = [](Services&, Request&) -> Result { return Response::json(200, nullptr); };
  r.add({"GET", "/v1/things", Auth::tenant, Body::none, h});
  r.add({"POST", "/v1/things", Auth::tenant, Body::json, h});
  r.add({"GET", "/v1/things/{id}", Auth::tenant, Body::none, h});
  r.add({"DELETE", "/v1/things/{id}", Auth::tenant, Body::none, h});

  auto m = r.match("GET", "/v1/things/abc");
  REQUIRE(m.route);
  CHECK(m.params.at("id") == "abc");
  CHECK(r.match("HEAD", "/v1/things").route);

  auto not_allowed = r.match("PUT", "/v1/things/abc");
  CHECK_FALSE(not_allowed.route);
  CHECK(not_allowed.allow == std::vector<std::string>{"DELETE", "GET", "HEAD"});

  auto missing = r.match("GET", "/v1/nothing");
  CHECK_FALSE(missing.route);
  CHECK(missing.allow.empty());
  CHECK_FALSE(r.match("GET", "/v1/things/").route);
  CHECK_FALSE(r.match("GET", "/v1/things/a/b").route);
}

TEST_CASE("every error kind has one status and renders as RFC 9457") {
  CHECK(status_of(ErrorKind::validation) == 422);
  CHECK(status_of(ErrorKind::rate_limited) == 429);
  CHECK(status_of(ErrorKind::payload_too_large) == 413);
  CHECK(status_of(ErrorKind::unsupported_media_type) == 415);
  CHECK(status_of(ErrorKind::method_not_allowed) == 405);
  for (int s : {400, 401, 404, 405, 409, 413, 415, 422, 429, 500, 503}) CHECK(status_of(kind_of_status(s)) == s);
  const auto j = problem_json(Problem::validation({{"/name", "is required"}}), "rid-1");
  CHECK(j["status"] == 422);
  CHECK(j["type"] == "https://forewarn.dev/problems/validation-failed");
  CHECK(j["title"] == "Validation failed");
  CHECK(j["errors"][0]["pointer"] == "/name");
  CHECK(j["request_id"] == "rid-1");
}
