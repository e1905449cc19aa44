// Unit tests of the foundation's pure core: time, configuration, masking,
// request-body validation, API key format, encodings, rate limiting.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <set>

#include <date/tz.h>

#include "core/api_key.hpp"
#include "core/body_reader.hpp"
#include "core/config.hpp"
#include "core/encoding.hpp"
#include "core/json_writer.hpp"
#include "core/rate_limit.hpp"
#include "core/redact.hpp"
#include "core/time.hpp"
#include "core/warehouse.hpp"

using namespace forewarn;

TEST_CASE("ISO 8601 instants round-trip and offsets are applied") {
  const auto t = parse_iso8601("2026-12-18T15:00:00-05:00");
  REQUIRE(t);
  CHECK(format_iso8601(*t) == "2026-12-18T20:00:00Z");
  CHECK(format_iso8601(*parse_iso8601("2026-12-18T20:00:00.250Z")) == "2026-12-18T20:00:00.250Z");
  CHECK(parse_iso8601("2026-12-18T20:00:00+0530") == parse_iso8601("2026-12-18T14:30:00Z"));
  CHECK_FALSE(parse_iso8601("2026-12-18T20:00:00"));      // no offset: ambiguous
  CHECK_FALSE(parse_iso8601("2026-02-30T00:00:00Z"));     // no such day
  CHECK_FALSE(parse_iso8601("2026-12-18T24:00:00Z"));
  CHECK_FALSE(parse_iso8601("2026-12-18T20:00:00Zjunk"));
  CHECK_FALSE(parse_iso8601(""));
}

TEST_CASE("time zones are found by IANA name, or not at all") {
  const date::time_zone* helsinki = find_time_zone("Europe/Helsinki");
  REQUIRE(helsinki != nullptr);
  CHECK(helsinki->name() == "Europe/Helsinki");
  CHECK(find_time_zone("Mars/Olympus_Mons") == nullptr);
  CHECK(find_time_zone("") == nullptr);
  CHECK(is_valid_time_zone("America/New_York"));
  CHECK_FALSE(is_valid_time_zone("Mars/Olympus_Mons"));
}

TEST_CASE("configuration: defaults, typed values, and errors naming the variable") {
  auto ok = parse_config({});
  CHECK(ok.errors.empty());
  CHECK(ok.config.http.port == 8080);
  CHECK_FALSE(ok.config.db.url.has_value());
  CHECK(ok.config.http.tcp_nodelay);

  auto set = parse_config({{"FOREWARN_HTTP_PORT", "0"}, {"FOREWARN_HTTP_TCP_NODELAY", "false"},
                           {"FOREWARN_DATABASE_URL", "postgresql://u@h:5432/db"}, {"PATH", "/bin"}});
  CHECK(set.errors.empty());
  CHECK(set.config.http.port == 0);
  CHECK_FALSE(set.config.http.tcp_nodelay);
  CHECK(set.config.db.url == "postgresql://u@h:5432/db");

  auto bad = parse_config({{"FOREWARN_HTTP_PORT", "80a"},
                           {"FOREWARN_DB_POOL_SIZE", "0"},
                           {"FOREWARN_LOG_LEVEL", "loud"},
                           {"FOREWARN_DATABASE_URL", "mysql://x"},
                           {"FOREWARN_CLOCK", "fixed:yesterday"},
                           {"FOREWARN_HTTP_PROT", "1"}});
  REQUIRE(bad.errors.size() == 6);
  std::set<std::string> named;
  for (const auto& e : bad.errors) named.insert(e.variable);
  CHECK(named == std::set<std::string>{"FOREWARN_HTTP_PORT", "FOREWARN_DB_POOL_SIZE", "FOREWARN_LOG_LEVEL",
                                       "FOREWARN_DATABASE_URL", "FOREWARN_CLOCK", "FOREWARN_HTTP_PROT"});
  for (const auto& e : bad.errors) CHECK_FALSE(e.message.empty());
  CHECK(parse_config({{"FOREWARN_CLOCK", "accelerated:2026-12-01T00:00:00Z@3600"}}).errors.empty());
  // Anchored on a real instant, so that several processes share one clock (the demo).
  CHECK(parse_config({{"FOREWARN_CLOCK", "accelerated:2026-12-01T00:00:00Z@3600@2025-06-01T10:00:00.250Z"}}).errors.empty());
  CHECK(parse_config({{"FOREWARN_CLOCK", "accelerated:2026-12-01T00:00:00Z@3600@soon"}}).errors.size() == 1);
}

TEST_CASE("every configuration variable is documented and parsed") {
  for (const auto& v : config_variables()) {
    // A documented variable is never reported as unknown.
    auto r = parse_config({{v.name, v.default_value}});
    for (const auto& e : r.errors) CHECK_MESSAGE(e.message.find("not a forewarn setting") == std::string::npos, v.name);
  }
}

TEST_CASE("personal data is masked in log text") {
  CHECK(mask_pii("mail jane.doe@example.com now") == "mail j***@example.com now");
  CHECK(mask_pii("call +1 (415) 555-2671 please") == "call +* (***) ***-**71 please");
  CHECK(mask_pii("sms 4155552671") == "sms ********71");
  CHECK(mask_pii("+358401234567") == "+**********67");
  // Ids, UUIDs, timestamps and tracking numbers stay readable.
  CHECK(mask_pii("order 12345 at 2026-12-18T15:00:00Z") == "order 12345 at 2026-12-18T15:00:00Z");
  CHECK(mask_pii("a41b13dc-3d46-441a-8a90-a67ff912dd50") == "a41b13dc-3d46-441a-8a90-a67ff912dd50");
  CHECK(mask_pii("1Z999AA10123456784") == "1Z999AA10123456784");
  CHECK(mask_pii("fedex 123456789012") == "fedex 123456789012");
  CHECK(mask_pii("not@anaddress") == "not@anaddress");
}

TEST_CASE("body reader collects every bad field with a JSON pointer") {
  const auto body = nlohmann::json::parse(R"({"name": 5, "count": "x", "extra": true, "nested": {"a": 1}})");
  BodyReader r(body);
  (void)r.required_string("name");
  (void)r.optional_int("count");
  (void)r.required_string("missing");
  (void)r.optional_member("nested", nlohmann::json::value_t::object);
  r.reject_unknown();
  REQUIRE(r.errors().size() == 4);
  CHECK(r.errors()[0] == FieldError{"/name", "must be a string, not a number"});
  CHECK(r.errors()[1] == FieldError{"/count", "must be an integer, not a string"});
  CHECK(r.errors()[2] == FieldError{"/missing", "is required"});
  CHECK(r.errors()[3] == FieldError{"/extra", "is not a known field"});

  BodyReader arr(nlohmann::json::array());
  CHECK_FALSE(arr.ok());

  Problem p;
  CHECK_FALSE(parse_json_body("{\"a\":", p));
  CHECK(p.kind == ErrorKind::bad_request);
  CHECK(parse_json_body("{\"a\":1}", p));
}

TEST_CASE("warehouse validation") {
  auto good = warehouse_from_json(
      nlohmann::json::parse(R"({"name":"Bakery","time_zone":"America/New_York","country":"US","cutoff_local":"14:00",
                               "processing_days":["fri","mon"],"closures":["2026-12-25"],"backlog_days":5})"),
      nullptr);
  REQUIRE(good.value);
  CHECK(good.value->processing_days == std::vector<std::string>{"mon", "fri"});
  CHECK(good.value->backlog_days == 5);

  auto bad = warehouse_from_json(
      nlohmann::json::parse(R"({"name":"","time_zone":"Nowhere/City","country":"USA","cutoff_local":"25:00",
                               "processing_days":["funday"],"closures":["2026-02-30"],"backlog_days":-1})"),
      nullptr);
  REQUIRE_FALSE(bad.value);
  std::set<std::string> pointers;
  for (const auto& e : bad.problem.errors) pointers.insert(e.pointer);
  CHECK(pointers == std::set<std::string>{"/name", "/time_zone", "/country", "/cutoff_local", "/processing_days/0",
                                          "/closures/0", "/backlog_days"});

  // A patch only touches what it names.
  auto patched = warehouse_from_json(nlohmann::json::parse(R"({"backlog_days":0})"), &*good.value);
  REQUIRE(patched.value);
  CHECK(patched.value->backlog_days == 0);
  CHECK(patched.value->name == "Bakery");
}

TEST_CASE("API keys: format, parsing, bearer scheme") {
  const std::string key = "fwk_0123456789ab_" + std::string(43, 'A');
  auto parts = parse_api_key(key);
  REQUIRE(parts);
  CHECK(parts->prefix == "0123456789ab");
  CHECK(format_api_key(*parts) == key);
  CHECK_FALSE(parse_api_key("fwk_0123456789ab_short"));
  CHECK_FALSE(parse_api_key("xyz_0123456789ab_" + std::string(43, 'A')));
  CHECK_FALSE(parse_api_key("fwk_0123456789AB_" + std::string(43, 'A')));
  CHECK(bearer_token("Bearer abc") == std::optional<std::string_view>("abc"));
  CHECK(bearer_token("bearer   abc ") == std::optional<std::string_view>("abc"));
  CHECK_FALSE(bearer_token("Basic abc"));
  CHECK_FALSE(bearer_token("Bearer "));
}

TEST_CASE("base64url round-trips") {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)}) {
    CHECK(base64url_decode(base64url_encode(s)) == s);
  }
  CHECK(base64url_encode("foobar") == "Zm9vYmFy");
  CHECK_FALSE(base64url_decode("a"));
  CHECK_FALSE(base64url_decode("ab*c"));
}

TEST_CASE("token bucket allows a burst, then the sustained rate") {
  const Instant t0 = *parse_iso8601("2026-01-01T00:00:00Z");
  TokenBucket b(2.0, 3.0, t0);
  long long wait = 0;
  CHECK(b.try_take(t0, wait));
  CHECK(b.try_take(t0, wait));
  CHECK(b.try_take(t0, wait));
  CHECK_FALSE(b.try_take(t0, wait));
  CHECK(wait > 0);
  CHECK(wait <= 501);
  CHECK(b.try_take(t0 + std::chrono::milliseconds(500), wait));
  CHECK_FALSE(b.try_take(t0 + std::chrono::milliseconds(500), wait));
}

TEST_CASE("the README's configuration table lists every variable with its default") {
  std::ifstream in(FOREWARN_SOURCE_DIR "/README.md");
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string readme = buffer.str();
  for (const auto& v : config_variables()) {
    const std::string row = std::string("| `") + v.name + "` | `" + v.default_value + "` |";
    CHECK_MESSAGE(readme.find(row) != std::string::npos, "README.md lacks the row for " << v.name);
  }
}

TEST_CASE("json writer: what it writes reads back as the values written") {
  forewarn::JsonWriter w;
  w.begin_object();
  w.key("s").value("a\"b\\c\n\t\x01 é");
  w.key("d").value(0.93).key("tiny").value(0.0001).key("one").value(1.0).key("big").value(1e300);
  w.key("nan").value(std::nan(""));
  w.key("i").value(-42).key("t").value(true).key("f").value(false).key("n").null();
  w.key("a").begin_array().value(1).begin_object().end_object().begin_array().end_array().value("x").end_array();
  w.key("empty").begin_object().end_object();
  w.end_object();
  const auto j = nlohmann::json::parse(w.text());
  CHECK(j["s"] == "a\"b\\c\n\t\x01 é");
  CHECK(j["d"].get<double>() == 0.93);
  CHECK(j["tiny"].get<double>() == 0.0001);
  CHECK(j["one"].is_number_float());
  CHECK(j["big"].get<double>() == 1e300);
  CHECK(j["nan"].is_null());
  CHECK(j["i"] == -42);
  CHECK(j["t"] == true);
  CHECK(j["f"] == false);
  CHECK(j["n"].is_null());
  CHECK(j["a"] == nlohmann::json::parse(R"([1,{},[],"x"])"));
  CHECK(j["empty"] == nlohmann::json::object());
  CHECK(w.text().find("\\u0001") != std::string::npos);
  CHECK(w.text().rfind(R"({"s":)", 0) == 0);
}

TEST_CASE("time: format_iso8601 and format_civil_day spell dates as date::format does") {
  using namespace std::chrono;
  for (const char* text : {"2026-12-18T15:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.001Z",
                           "2026-03-08T07:00:00.120Z", "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z"}) {
    const auto t = forewarn::parse_iso8601(text);
    REQUIRE(t);
    CHECK(forewarn::format_iso8601(*t) == text);
    CHECK(forewarn::format_civil_day(floor<date::days>(*t).time_since_epoch()) ==
          date::format("%F", floor<date::days>(*t)));
  }
  const forewarn::Instant before_1970 = forewarn::Instant{} - milliseconds{1500};
  CHECK(forewarn::format_iso8601(before_1970) == "1969-12-31T23:59:58.500Z");
}

// --- the poll lease (FOREWARN_POLL_LEASE_S) ------------------------------------------
TEST_CASE("configuration: the poll lease is read in seconds and bounded") {
  CHECK(parse_config({}).config.poll_lease_s == 120);
  const auto day = parse_config({{"FOREWARN_POLL_LEASE_S", "86400"}});
  CHECK(day.errors.empty());
  CHECK(day.config.poll_lease_s == 86400);
  for (const char* bad : {"9", "604801", "2m", ""}) {
    const auto r = parse_config({{"FOREWARN_POLL_LEASE_S", bad}});
    REQUIRE_MESSAGE(r.errors.size() == 1, bad);
    CHECK(r.errors.front().variable == "FOREWARN_POLL_LEASE_S");
  }
}
