#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/tracking/checksum.hpp"
#include "core/tracking/detect.hpp"
#include "tests/unit/tracking/shared_fixtures.hpp"

namespace trk = forewarn::tracking;

TEST_CASE("checksum algorithms on textbook numbers") {
  CHECK(trk::checksum::luhn("79927398713"));
  CHECK_FALSE(trk::checksum::luhn("79927398710"));
  CHECK(trk::checksum::s10("12345678", 5));
  CHECK(trk::checksum::mod7("331881002", 5));
  CHECK_FALSE(trk::checksum::mod7("", 0));
}

TEST_CASE("detect: hand-picked numbers") {
  CHECK(trk::detect_carrier("1Z5R89390357567127") == trk::Carrier::ups);
  CHECK(trk::detect_carrier(" 1z5r 8939 0357 5671 27 ") == trk::Carrier::ups);
  CHECK(trk::detect_carrier("986578788855") == trk::Carrier::fedex);
  CHECK(trk::detect_carrier("9400111206206406260787") == trk::Carrier::usps);
  CHECK(trk::detect_carrier("3318810025") == trk::Carrier::dhl);
  CHECK(trk::detect_carrier("RB123456785GB") == trk::Carrier::s10);
  CHECK_FALSE(trk::detect_carrier(""));
  CHECK_FALSE(trk::detect_carrier("hello world"));

  auto d = trk::detect("1Z5R89390357567128");  // last digit altered
  REQUIRE(d.best() == nullptr);
  REQUIRE(d.failed_check_digit() != nullptr);
  CHECK(d.failed_check_digit()->carrier == trk::Carrier::ups);
  CHECK(d.failed_check_digit()->format == "ups");

  auto s = trk::detect("RB123456785US");
  REQUIRE(s.best());
  CHECK(s.best()->country == "US");
}

namespace {

std::vector<std::string> strings(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("detect: every valid sample of the shared tracking-number data, every invalid rejected") {
  auto dir = trk::testing::fixtures_or_skip("data/tracking-numbers/couriers");
  if (!dir) return;
  const std::pair<const char*, trk::Carrier> files[] = {{"ups.json", trk::Carrier::ups},
                                                        {"fedex.json", trk::Carrier::fedex},
                                                        {"usps.json", trk::Carrier::usps},
                                                        {"dhl.json", trk::Carrier::dhl},
                                                        {"s10.json", trk::Carrier::s10}};
  int valid_seen = 0, invalid_seen = 0;
  for (const auto& [file, carrier] : files) {
    auto text = trk::testing::read_file(*dir / file);
    REQUIRE_MESSAGE(text, file);
    auto j = nlohmann::json::parse(*text, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    for (const auto& fmt : j["tracking_numbers"]) {
      const std::string name = fmt.value("name", "?");
      for (const auto& number : strings(fmt["test_numbers"]["valid"])) {
        ++valid_seen;
        auto d = trk::detect(number);
        INFO(file, " / ", name, " valid: '", number, "'");
        REQUIRE(d.best() != nullptr);
        CHECK(d.best()->carrier == carrier);
      }
      for (const auto& number : strings(fmt["test_numbers"]["invalid"])) {
        ++invalid_seen;
        auto d = trk::detect(number);
        INFO(file, " / ", name, " invalid: '", number, "'");
        // Rejected: not detected as this carrier (and, for these samples, as no carrier).
        CHECK(d.best() == nullptr);
      }
    }
  }
  MESSAGE("tracking-number samples checked: " << valid_seen << " valid, " << invalid_seen << " invalid");
  CHECK(valid_seen >= 90);
}
