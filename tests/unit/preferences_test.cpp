#include <doctest/doctest.h>

#include "core/preferences.hpp"
#include "platform/unsubscribe.hpp"

using namespace forewarn;
using nlohmann::json;

TEST_CASE("recipient addresses are normalized or refused") {
  auto a = parse_recipient_address("Anna.Virtanen@Example.FI");
  REQUIRE(a);
  CHECK(a->kind == AddressKind::email);
  CHECK(a->value == "anna.virtanen@example.fi");
  a = parse_recipient_address("+1 (212) 555-0199");
  REQUIRE(a);
  CHECK(a->kind == AddressKind::phone);
  CHECK(a->value == "+12125550199");
  CHECK_FALSE(parse_recipient_address("anna@"));
  CHECK_FALSE(parse_recipient_address("hello"));
}

TEST_CASE("preferences: a PUT keeps what it leaves out and names every bad field") {
  Preferences base;
  base.sms = false;
  auto in = preferences_from_json(json::parse(R"({"opted_out":true,"quiet_hours":{"start":"22:30","end":"06:00"}})"), base);
  REQUIRE(in.value);
  CHECK(in.value->sms == false);
  CHECK(in.value->opted_out);
  CHECK(in.value->opted_out_source == "api");
  CHECK(in.value->quiet_hours == QuietHours{"22:30", "06:00"});

  in = preferences_from_json(json::parse(R"({"quiet_hours":null,"opted_out":false})"), *in.value);
  REQUIRE(in.value);
  CHECK(in.value->quiet_hours == QuietHours{});
  CHECK_FALSE(in.value->opted_out_source);

  in = preferences_from_json(
      json::parse(R"({"channels":{"fax":true},"quiet_hours":{"start":"9:00","end":"09:00"},"time_zone":"Nowhere/X"})"),
      base);
  CHECK_FALSE(in.value);
  std::vector<std::string> pointers;
  for (const auto& e : in.problem.errors) pointers.push_back(e.pointer);
  CHECK(std::find(pointers.begin(), pointers.end(), "/channels/fax") != pointers.end());
  CHECK(std::find(pointers.begin(), pointers.end(), "/quiet_hours/start") != pointers.end());
  CHECK(std::find(pointers.begin(), pointers.end(), "/time_zone") != pointers.end());
  CHECK(is_clock_time("00:00"));
  CHECK(is_clock_time("23:59"));
  CHECK_FALSE(is_clock_time("24:00"));
  CHECK_FALSE(is_clock_time("12:60"));
}

TEST_CASE("unsubscribe tokens verify only with their key and unaltered") {
  const std::string key(32, 'k');
  const platform::UnsubscribeTarget t{"7d1f0a6e-8c1b-4a57-9a55-2f4c3b1e9d10", "anna@example.fi"};
  const auto token = platform::sign_unsubscribe(key, t);
  const auto back = platform::verify_unsubscribe(key, token);
  REQUIRE(back);
  CHECK(back->tenant_id == t.tenant_id);
  CHECK(back->address == t.address);
  CHECK_FALSE(platform::verify_unsubscribe(std::string(32, 'j'), token));
  std::string altered = token;
  altered[3] = altered[3] == 'A' ? 'B' : 'A';
  CHECK_FALSE(platform::verify_unsubscribe(key, altered));
  CHECK_FALSE(platform::verify_unsubscribe(key, "no-dot"));
  CHECK_FALSE(platform::verify_unsubscribe(key, ""));
}
