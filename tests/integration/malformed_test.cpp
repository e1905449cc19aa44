// Bad input never gets a 500: more than fifty malformed requests, each with
// the right 4xx and an RFC 9457 problem naming what is wrong.
#include <doctest/doctest.h>

#include "harness.hpp"

using nlohmann::json;

namespace {

struct Case {
  std::string name;
  std::string request;  // raw HTTP/1.1 bytes
  int status;
  std::string pointer = "";  // for 422: a pointer the errors must name
};

std::string req(const std::string& method, const std::string& path, const std::string& key, const std::string& body,
                const std::string& content_type = "application/json", const std::string& extra_headers = "",
                bool content_length = true) {
  std::string r = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!key.empty()) r += "Authorization: Bearer " + key + "\r\n";
  if (!content_type.empty()) r += "Content-Type: " + content_type + "\r\n";
  if (content_length) r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  r += extra_headers + "\r\n" + body;
  return r;
}

const std::string kValid = R"("name":"Main","time_zone":"America/New_York","country":"US")";

}  // namespace

TEST_CASE("malformed requests get the right 4xx problem+json, never a 5xx") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Shop");
  fwtest::Server server(db, {{"FOREWARN_HTTP_MAX_BODY_BYTES", "65536"}});
  auto c = server.client();
  auto made = c.Post("/v1/warehouses", fwtest::bearer(key), "{" + kValid + "}", "application/json");
  REQUIRE(made->status == 201);
  const std::string id = json::parse(made->body)["id"];
  const std::string W = "/v1/warehouses";
  const std::string WID = W + "/" + id;
  auto post = [&](const std::string& body) { return req("POST", W, key, body); };

  std::vector<Case> cases = {
      // --- bad JSON: 400
      {"truncated object", post("{"), 400},
      {"missing value", post(R"({"name":})"), 400},
      {"not JSON at all", post("name=Main"), 400},
      {"trailing comma", post("{" + kValid + ",}"), 400},
      {"single quotes", post("{'name':'Main'}"), 400},
      {"unterminated array", post("[1,2"), 400},
      {"invalid escape", post(R"({"name":"\x41"})"), 400},
      {"empty body", post(""), 400},
      {"two documents", post("{}{}"), 400},
      {"invalid UTF-8", post("{\"name\":\"\xff\xfe\"}"), 400},
      {"NaN literal", post(R"({"backlog_days":NaN})"), 400},
      {"comment in JSON", post("{/* c */" + kValid + "}"), 400},
      // --- JSON that is not an object: 422
      {"array body", post("[]"), 422, ""},
      {"string body", post("\"Main\""), 422, ""},
      {"number body", post("5"), 422, ""},
      {"null body", post("null"), 422, ""},
      {"deeply nested array", post(std::string(5000, '[') + std::string(5000, ']')), 422, ""},
      // --- wrong types: 422 naming the field
      {"name is a number", post(R"({"name":5,"time_zone":"UTC","country":"US"})"), 422, "/name"},
      {"name is null", post(R"({"name":null,"time_zone":"UTC","country":"US"})"), 422, "/name"},
      {"name is an array", post(R"({"name":["a"],"time_zone":"UTC","country":"US"})"), 422, "/name"},
      {"backlog is a string", post("{" + kValid + R"(,"backlog_days":"5"})"), 422, "/backlog_days"},
      {"backlog is a fraction", post("{" + kValid + R"(,"backlog_days":1.5})"), 422, "/backlog_days"},
      {"backlog is a boolean", post("{" + kValid + R"(,"backlog_days":true})"), 422, "/backlog_days"},
      {"backlog overflows", post("{" + kValid + R"(,"backlog_days":99999999999999999999999})"), 422, "/backlog_days"},
      {"days is a string", post("{" + kValid + R"(,"processing_days":"mon"})"), 422, "/processing_days"},
      {"days holds a number", post("{" + kValid + R"(,"processing_days":[1]})"), 422, "/processing_days/0"},
      {"closures holds a bad date", post("{" + kValid + R"(,"closures":["2026-13-01"]})"), 422, "/closures/0"},
      {"country is a number", post(R"({"name":"M","time_zone":"UTC","country":12})"), 422, "/country"},
      // --- invalid values: 422
      {"unknown time zone", post(R"({"name":"M","time_zone":"Mars/Olympus","country":"US"})"), 422, "/time_zone"},
      {"empty time zone", post(R"({"name":"M","time_zone":"","country":"US"})"), 422, "/time_zone"},
      {"lower-case country", post(R"({"name":"M","time_zone":"UTC","country":"us"})"), 422, "/country"},
      {"cutoff in words", post("{" + kValid + R"(,"cutoff_local":"2pm!!"})"), 422, "/cutoff_local"},
      {"cutoff hour 25", post("{" + kValid + R"(,"cutoff_local":"25:00"})"), 422, "/cutoff_local"},
      {"backlog negative", post("{" + kValid + R"(,"backlog_days":-1})"), 422, "/backlog_days"},
      {"backlog too large", post("{" + kValid + R"(,"backlog_days":366})"), 422, "/backlog_days"},
      {"name too long", post(R"({"name":")" + std::string(201, 'x') + R"(","time_zone":"UTC","country":"US"})"), 422, "/name"},
      {"empty name", post(R"({"name":"","time_zone":"UTC","country":"US"})"), 422, "/name"},
      {"no processing days", post("{" + kValid + R"(,"processing_days":[]})"), 422, "/processing_days"},
      // --- missing and unknown fields: 422
      {"empty object", post("{}"), 422, "/name"},
      {"missing time zone", post(R"({"name":"M","country":"US"})"), 422, "/time_zone"},
      {"missing country", post(R"({"name":"M","time_zone":"UTC"})"), 422, "/country"},
      {"unknown field", post("{" + kValid + R"(,"colour":"red"})"), 422, "/colour"},
      {"field in wrong case", post(R"({"Name":"M","time_zone":"UTC","country":"US"})"), 422, "/Name"},
      {"read-only id in patch", req("PATCH", WID, key, R"({"id":"x"})"), 422, "/id"},
      {"patch with wrong type", req("PATCH", WID, key, R"({"backlog_days":"x"})"), 422, "/backlog_days"},
      // --- query strings: 422
      {"limit zero", req("GET", W + "?limit=0", key, "", ""), 422, "#/query/limit"},
      {"limit words", req("GET", W + "?limit=ten", key, "", ""), 422, "#/query/limit"},
      {"limit too big", req("GET", W + "?limit=500", key, "", ""), 422, "#/query/limit"},
      {"limit twice", req("GET", W + "?limit=1&limit=2", key, "", ""), 422, "#/query/limit"},
      {"forged cursor", req("GET", W + "?cursor=bm90LWEtY3Vyc29y", key, "", ""), 422, "#/query/cursor"},
      {"unknown parameter", req("GET", W + "?colour=red", key, "", ""), 422, "#/query/colour"},
      {"body on DELETE", req("DELETE", WID, key, "{}"), 422, ""},
      // --- huge bodies: 413
      {"body over the limit", post("{\"name\":\"" + std::string(70000, 'x') + "\"}"), 413},
      {"chunked body over the limit",
       req("POST", W, key, "", "application/json", "Transfer-Encoding: chunked\r\n", false) + "11170\r\n" +
           std::string(70000, 'x') + "\r\n0\r\n\r\n",
       413},
      // --- media types: 415
      {"text/plain body", req("POST", W, key, "{" + kValid + "}", "text/plain"), 415},
      {"no content type", req("POST", W, key, "{" + kValid + "}", ""), 415},
      {"XML body", req("POST", W, key, "<w/>", "application/xml"), 415},
      {"form body", req("PATCH", WID, key, "a=1", "application/x-www-form-urlencoded"), 415},
      // --- credentials: 401
      {"no credentials", req("GET", W, "", "", ""), 401},
      {"bearer without token", req("GET", W, "", "", "", "Authorization: Bearer\r\n"), 401},
      {"basic auth", req("GET", W, "", "", "", "Authorization: Basic dXNlcjpwYXNz\r\n"), 401},
      {"unknown key", req("GET", W, "fwk_000000000000_" + std::string(43, 'A'), "", ""), 401},
      // --- bad headers and request lines: 400
      {"Content-Length not a number", req("POST", W, key, "{}", "application/json", "Content-Length: abc\r\n", false), 400},
      {"key with spaces", req("GET", W, "", "", "", "Authorization: Bearer fwk_ spaced key\r\n"), 401},
      {"garbage request line", "GARBAGE\r\n\r\n", 400},
      {"unknown method", req("BREW", W, key, "", ""), 400},
      // cpp-httplib 0.11 rejects a request line over 8 KiB as a whole: 400, not 414.
      {"URI too long", req("GET", "/v1/" + std::string(10000, 'a'), key, "", ""), 400},
      // --- methods: 405 with Allow
      {"PUT on the collection", req("PUT", W, key, "{}"), 405},
      {"DELETE on the collection", req("DELETE", W, key, "", ""), 405},
      {"POST on an item", req("POST", WID, key, "{}"), 405},
      {"PATCH on healthz", req("PATCH", "/healthz", "", "{}"), 405},
      {"POST on metrics", req("POST", "/metrics", "", "{}"), 405},
      // --- unknown resources: 404
      {"unknown route", req("GET", "/v1/nothing", key, "", ""), 404},
      {"trailing slash", req("GET", W + "/", key, "", ""), 404},
      {"wrong case path", req("GET", "/V1/warehouses", key, "", ""), 404},
      {"id that is not a UUID", req("GET", W + "/not-a-uuid", key, "", ""), 404},
      {"unknown UUID", req("GET", W + "/00000000-0000-4000-8000-000000000000", key, "", ""), 404},
  };
  REQUIRE(cases.size() >= 50);

  int five_hundreds = 0;
  for (const auto& k : cases) {
    CAPTURE(k.name);
    const std::string resp = fwtest::raw_http(server.port(), k.request);
    const int status = fwtest::raw_status(resp);
    if (status >= 500) ++five_hundreds;
    CHECK(status == k.status);
    CHECK(fwtest::raw_header(resp, "Content-Type") == "application/problem+json");
    const auto body = json::parse(fwtest::raw_body(resp), nullptr, false);
    REQUIRE_FALSE(body.is_discarded());
    CHECK(body.value("status", 0) == status);
    CHECK(body.value("type", "").rfind("https://forewarn.dev/problems/", 0) == 0);
    CHECK_FALSE(body.value("title", "").empty());
    CHECK_FALSE(body.value("detail", "").empty());
    if (status == 405) CHECK_FALSE(fwtest::raw_header(resp, "Allow").empty());
    if (k.status == 422) {
      REQUIRE(body.contains("errors"));
      bool named = false;
      for (const auto& e : body["errors"]) {
        CHECK_FALSE(e.value("message", "").empty());
        named = named || e["pointer"] == k.pointer;
      }
      CHECK_MESSAGE(named, body.dump());
    }
  }
  CHECK(five_hundreds == 0);
  // The server is still healthy and nothing was half-written.
  CHECK(c.Get("/healthz")->status == 200);
  auto list = json::parse(c.Get(W.c_str(), fwtest::bearer(key))->body);
  CHECK(list["items"].size() == 1);
  CHECK(server.logs().find("\"level\":\"error\"") == std::string::npos);
}
