// openapi.yaml is the contract: it must describe exactly the routes the server
// registers, and what the running server answers must be what it documents.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "harness.hpp"
#include "http/handlers/handlers.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {

using Operation = std::pair<std::string, std::string>;  // METHOD, path template

const char* const kSpecPath = FOREWARN_SOURCE_DIR "/openapi.yaml";
const char* const kSomeUuid = "00000000-0000-4000-8000-000000000000";
const char* kWarehouse = R"({"name":"Main","time_zone":"America/New_York","country":"US","cutoff_local":"14:00"})";

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string describe(const Operation& op) { return op.first + " " + op.second; }

// The (METHOD, path) pairs of a parsed openapi.yaml, without HEAD and OPTIONS.
std::set<Operation> spec_operations(const YAML::Node& spec) {
  static const std::vector<std::string> kMethods = {"get", "put", "post", "delete", "patch", "trace"};
  std::set<Operation> out;
  for (const auto& path : spec["paths"])
    for (const auto& m : kMethods)
      if (path.second[m]) out.insert({upper(m), path.first.as<std::string>()});
  return out;
}

std::set<Operation> served_operations() {
  const forewarn::http::Router router = forewarn::http::make_router();  // must outlive the loop
  std::set<Operation> out;
  for (const auto& r : router.routes())
    if (r.method != "HEAD" && r.method != "OPTIONS") out.insert({upper(r.method), r.pattern});
  return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) s.replace(i, from.size(), to);
}

// Follows a local "$ref" ("#/components/responses/NotFound") if the node is one.
// (Nodes are only read through const references and moved with reset():
// yaml-cpp's operator[] on a non-const node and its operator= change the tree.)
YAML::Node deref(const YAML::Node& root, const YAML::Node& node) {
  if (!node.IsMap() || !node["$ref"]) return node;
  const std::string ref = node["$ref"].as<std::string>();
  REQUIRE_MESSAGE(ref.rfind("#/", 0) == 0, "only local references are supported: " << ref);
  YAML::Node at;
  at.reset(root);
  size_t start = 2;
  while (start <= ref.size()) {
    size_t end = ref.find('/', start);
    if (end == std::string::npos) end = ref.size();
    std::string token = ref.substr(start, end - start);
    replace_all(token, "~1", "/");
    replace_all(token, "~0", "~");
    const YAML::Node& current = at;
    const YAML::Node next = current[token];
    REQUIRE_MESSAGE(next, "unresolvable $ref " << ref);
    at.reset(next);
    start = end + 1;
  }
  return deref(root, at);
}

// What one request got, and how the contract has to describe it.
struct Observed {
  int status = 0;
  std::string content_type;  // media type without parameters
  std::string body;
  bool has_request_id = false;
};

Observed observe(const httplib::Result& r) {
  REQUIRE(r);
  Observed o;
  o.status = r->status;
  const auto ct = r->get_header_value("Content-Type");
  o.content_type = lower(ct.substr(0, ct.find(';')));
  o.body = r->body;
  o.has_request_id = !r->get_header_value("X-Request-Id").empty();
  return o;
}

class Contract {
 public:
  explicit Contract(YAML::Node root) : root_(std::move(root)) {}

  bool secured(const Operation& op) const {
    const YAML::Node node = operation(op);
    const YAML::Node security = node["security"] ? node["security"] : root_["security"];
    return security && security.IsSequence() && security.size() > 0;
  }

  // Checks that `o` is a documented response of `op`: its status, its media
  // type, the X-Request-Id header, and the required properties of a JSON
  // object body whose schema is a component.
  void check(const Operation& op, const Observed& o) {
    exercised_.insert(op);
    INFO(describe(op) << " answered " << o.status << " " << o.content_type << ": " << o.body);
    CHECK(o.has_request_id);
    const YAML::Node node = operation(op);
    const YAML::Node responses = node["responses"];
    REQUIRE(responses);
    const YAML::Node documented = responses[std::to_string(o.status)];
    if (!documented) {
      FAIL_CHECK("status " << o.status << " is not documented for " << describe(op));
      return;
    }
    const YAML::Node response = deref(root_, documented);
    CHECK_MESSAGE(response["headers"]["X-Request-Id"], "X-Request-Id is not documented on this response");
    if (o.status == 204 || !response["content"]) {
      CHECK(o.body.empty());
      return;
    }
    const YAML::Node media = response["content"][o.content_type];
    if (!media) {
      FAIL_CHECK("media type " << o.content_type << " is not documented for this response");
      return;
    }
    if (o.content_type.find("json") == std::string::npos || !media["schema"]) return;
    const YAML::Node schema = deref(root_, media["schema"]);
    const json body = json::parse(o.body);
    if (!body.is_object() || !schema["required"]) return;
    for (const auto& name : schema["required"])
      CHECK_MESSAGE(body.contains(name.as<std::string>()), "required property " << name.as<std::string>() << " is missing");
  }

  const std::set<Operation>& exercised() const { return exercised_; }

 private:
  YAML::Node operation(const Operation& op) const {
    const YAML::Node node = root_["paths"][op.second][lower(op.first)];
    REQUIRE_MESSAGE(node, describe(op) << " is not in openapi.yaml");
    return node;
  }

  YAML::Node root_;
  std::set<Operation> exercised_;
};

httplib::Result send_request(httplib::Client& c, const std::string& method, const std::string& path,
                             const httplib::Headers& headers = {}, const std::string& body = "",
                             const std::string& content_type = "application/json") {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = headers;
  if (!body.empty()) {
    req.body = body;
    req.set_header("Content-Type", content_type);
  }
  return c.send(req);
}

std::string concrete(std::string path_template) {
  for (size_t open; (open = path_template.find('{')) != std::string::npos;)
    path_template.replace(open, path_template.find('}', open) - open + 1, kSomeUuid);
  return path_template;
}

}  // namespace

TEST_CASE("openapi.yaml documents exactly the routes the server registers") {
  const YAML::Node spec = YAML::LoadFile(kSpecPath);
  REQUIRE(spec["openapi"].as<std::string>() == "3.1.0");
  const auto documented = spec_operations(spec);
  const auto served = served_operations();
  REQUIRE_FALSE(served.empty());
  for (const auto& op : served) CHECK_MESSAGE(documented.count(op) == 1, describe(op) << " is served but not documented");
  for (const auto& op : documented) CHECK_MESSAGE(served.count(op) == 1, describe(op) << " is documented but not served");
  CHECK(documented == served);
}

TEST_CASE("the running server answers every operation with a status openapi.yaml documents for it") {
  const YAML::Node spec = YAML::LoadFile(kSpecPath);
  const auto operations = spec_operations(spec);
  Contract contract(spec);
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Contract Shop");
  fwtest::Server server(db, {{"FOREWARN_HTTP_MAX_BODY_BYTES", "4096"}});
  auto c = server.client();

  SUBCASE("every operation, without an API key: 401 where one is needed") {
    for (const auto& op : operations) {
      const bool has_body = op.first == "POST" || op.first == "PUT" || op.first == "PATCH";
      const Observed o = observe(send_request(c, op.first, concrete(op.second), {}, has_body ? "{}" : ""));
      if (contract.secured(op)) CHECK_MESSAGE(o.status == 401, describe(op) << " without a key gave " << o.status);
      // A signed token in the path is the credential: a made-up one is not found.
      else if (op.second.find("{token}") != std::string::npos)
        CHECK_MESSAGE(o.status == 404, describe(op) << " with a made-up token gave " << o.status);
      else CHECK_MESSAGE(o.status / 100 == 2, describe(op) << " gave " << o.status);
      contract.check(op, o);
    }
    CHECK(contract.exercised() == operations);
  }

  SUBCASE("the tenant and the warehouse life cycle, with an API key") {
    const auto auth = bearer(key);
    const Operation tenant{"GET", "/v1/tenant"}, create{"POST", "/v1/warehouses"}, list{"GET", "/v1/warehouses"},
        get{"GET", "/v1/warehouses/{id}"}, patch{"PATCH", "/v1/warehouses/{id}"},
        remove{"DELETE", "/v1/warehouses/{id}"};

    auto ok = observe(c.Get("/v1/tenant", auth));
    CHECK(ok.status == 200);
    contract.check(tenant, ok);

    const Observed created = observe(c.Post("/v1/warehouses", auth, kWarehouse, "application/json"));
    REQUIRE(created.status == 201);
    contract.check(create, created);
    const std::string id = json::parse(created.body).at("id");
    const std::string at = "/v1/warehouses/" + id;

    const std::vector<std::pair<int, Observed>> create_errors = {
        {409, observe(c.Post("/v1/warehouses", auth, kWarehouse, "application/json"))},
        {400, observe(c.Post("/v1/warehouses", auth, "{\"name\":", "application/json"))},
        {415, observe(c.Post("/v1/warehouses", auth, kWarehouse, "text/plain"))},
        {422, observe(c.Post("/v1/warehouses", auth, R"({"name":"X","colour":"red"})", "application/json"))},
        {413, observe(c.Post("/v1/warehouses", auth, std::string(8192, ' ') + kWarehouse, "application/json"))},
    };
    for (const auto& [expected, o] : create_errors) {
      CHECK(o.status == expected);
      CHECK(o.content_type == "application/problem+json");
      contract.check(create, o);
    }

    for (const auto& [path, expected] : std::vector<std::pair<std::string, int>>{
             {"/v1/warehouses", 200}, {"/v1/warehouses?limit=1", 200}, {"/v1/warehouses?limit=0", 422},
             {"/v1/warehouses?cursor=nonsense", 422}, {"/v1/warehouses?colour=red", 422}}) {
      const Observed o = observe(c.Get(path.c_str(), auth));
      CHECK_MESSAGE(o.status == expected, path);
      contract.check(list, o);
    }

    for (const auto& [path, expected] : std::vector<std::pair<std::string, int>>{
             {at, 200}, {std::string("/v1/warehouses/") + kSomeUuid, 404}, {"/v1/warehouses/not-a-uuid", 404}}) {
      const Observed o = observe(c.Get(path.c_str(), auth));
      CHECK_MESSAGE(o.status == expected, path);
      contract.check(get, o);
    }

    for (const auto& [path, body, expected] : std::vector<std::tuple<std::string, std::string, int>>{
             {at, R"({"backlog_days":3})", 200},
             {at, R"({"backlog_days":366})", 422},
             {std::string("/v1/warehouses/") + kSomeUuid, R"({"backlog_days":1})", 404}}) {
      const Observed o = observe(c.Patch(path.c_str(), auth, body, "application/json"));
      CHECK_MESSAGE(o.status == expected, path << " " << body);
      contract.check(patch, o);
    }

    const Observed with_body = observe(send_request(c, "DELETE", at, auth, "{}"));
    CHECK(with_body.status == 422);
    contract.check(remove, with_body);
    const Observed deleted = observe(c.Delete(at.c_str(), auth));
    CHECK(deleted.status == 204);
    contract.check(remove, deleted);
    const Observed again = observe(c.Delete(at.c_str(), auth));
    CHECK(again.status == 404);
    contract.check(remove, again);
  }

  SUBCASE("the carrier service life cycle, with an API key") {
    const auto auth = bearer(key);
    const Operation create{"POST", "/v1/carrier-services"}, list{"GET", "/v1/carrier-services"},
        get{"GET", "/v1/carrier-services/{id}"}, put{"PUT", "/v1/carrier-services/{id}"},
        remove{"DELETE", "/v1/carrier-services/{id}"};
    const char* body = R"({"id":"standard","based_on":"ups-ground","name":"Standard"})";
    for (const auto& [sent, type, expected] : std::vector<std::tuple<std::string, std::string, int>>{
             {body, "application/json", 201},
             {body, "application/json", 409},
             {"{\"id\":", "application/json", 400},
             {body, "text/plain", 415},
             {R"({"based_on":"ups-teleport"})", "application/json", 422},
             {std::string(8192, ' ') + body, "application/json", 413}}) {
      const Observed o = observe(c.Post("/v1/carrier-services", auth, sent, type.c_str()));
      CHECK_MESSAGE(o.status == expected, sent.substr(0, 60));
      contract.check(create, o);
    }
    for (const auto& [path, expected] : std::vector<std::pair<std::string, int>>{
             {"/v1/carrier-services", 200}, {"/v1/carrier-services?limit=0", 422}}) {
      const Observed o = observe(c.Get(path.c_str(), auth));
      CHECK_MESSAGE(o.status == expected, path);
      contract.check(list, o);
    }
    for (const auto& [path, expected] : std::vector<std::pair<std::string, int>>{
             {"/v1/carrier-services/standard", 200}, {"/v1/carrier-services/nope", 404}}) {
      const Observed o = observe(c.Get(path.c_str(), auth));
      CHECK_MESSAGE(o.status == expected, path);
      contract.check(get, o);
    }
    for (const auto& [path, sent, expected] : std::vector<std::tuple<std::string, std::string, int>>{
             {"/v1/carrier-services/standard", R"({"based_on":"fedex-2day"})", 200},
             {"/v1/carrier-services/standard", R"({"based_on":"fedex-2day","holidays":"fi"})", 422},
             {"/v1/carrier-services/nope", R"({"based_on":"fedex-2day"})", 404}}) {
      const Observed o = observe(c.Put(path.c_str(), auth, sent, "application/json"));
      CHECK_MESSAGE(o.status == expected, path << " " << sent);
      contract.check(put, o);
    }
    const Observed with_body = observe(send_request(c, "DELETE", "/v1/carrier-services/standard", auth, "{}"));
    CHECK(with_body.status == 422);
    contract.check(remove, with_body);
    for (int expected : {204, 404}) {
      const Observed o = observe(c.Delete("/v1/carrier-services/standard", auth));
      CHECK(o.status == expected);
      contract.check(remove, o);
    }
  }
}
