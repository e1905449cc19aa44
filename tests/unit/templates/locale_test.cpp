// Dates, times, plurals, lists, money and fallback of core/locale.
#include <doctest/doctest.h>

#include "core/calendar/civil.hpp"
#include "core/locale/locale.hpp"

namespace loc = forewarn::core::locale;
using forewarn::core::calendar::make_day;

TEST_CASE("locale: long dates in each language's own form") {
  const auto christmas_eve = make_day(2026, 12, 24);  // a Thursday
  CHECK(loc::long_date("en", christmas_eve) == "Thursday, 24 December");
  CHECK(loc::long_date("en-GB", christmas_eve) == "Thursday, 24 December");
  CHECK(loc::long_date("en-US", christmas_eve) == "Thursday, December 24");
  CHECK(loc::long_date("fi", christmas_eve) == "torstaina 24. joulukuuta");
  CHECK(loc::long_date("fi-FI", christmas_eve) == "torstaina 24. joulukuuta");
  CHECK(loc::long_date("hu", christmas_eve) == "december 24., csütörtök");
  CHECK(loc::long_date("zh-CN", christmas_eve) == "12月24日（星期四）");
  CHECK(loc::long_date("pt-BR", christmas_eve) == "quinta-feira, 24 de dezembro");
  CHECK(loc::long_date("de", christmas_eve) == "Donnerstag, 24. Dezember");
  CHECK(loc::long_date("sv", christmas_eve) == "Thursday, 24 December");  // unsupported: English
  const auto may_day = make_day(2027, 5, 3);  // a Monday
  CHECK(loc::long_date("fi", may_day) == "maanantaina 3. toukokuuta");
  CHECK(loc::long_date("de", make_day(2027, 3, 7)) == "Sonntag, 7. März");
  CHECK(loc::long_date("pt-BR", make_day(2027, 3, 6)) == "sábado, 6 de março");
}

TEST_CASE("locale: short dates, day-month and times") {
  const auto d = make_day(2026, 12, 4);
  CHECK(loc::short_date("en", d) == "04/12");
  CHECK(loc::short_date("en-US", d) == "12/4");
  CHECK(loc::short_date("fi", d) == "4.12.");
  CHECK(loc::short_date("de", d) == "4.12.");
  CHECK(loc::short_date("hu", d) == "12. 4.");
  CHECK(loc::short_date("zh-CN", d) == "12月4日");
  CHECK(loc::short_date("pt-BR", d) == "04/12");
  CHECK(loc::day_month("hu", d) == "december 4.");
  CHECK(loc::day_month("en-US", d) == "December 4");
  CHECK(loc::day_month("fi", d) == "4. joulukuuta");
  CHECK(loc::time_of_day("en-US", 15, 0) == "3:00 PM");
  CHECK(loc::time_of_day("en-US", 0, 5) == "12:05 AM");
  CHECK(loc::time_of_day("en-US", 12, 30) == "12:30 PM");
  CHECK(loc::time_of_day("en", 15, 0) == "15:00");
  CHECK(loc::time_of_day("fi", 9, 5) == "9.05");
  CHECK(loc::time_of_day("de", 21, 0) == "21:00");
  CHECK(loc::time_of_day("zh-CN", 8, 0) == "8:00");
}

TEST_CASE("locale: CLDR plural categories and forms") {
  using loc::PluralCategory;
  for (const char* l : {"en", "de", "fi", "hu"}) {
    CHECK(loc::plural_category(l, 1) == PluralCategory::one);
    CHECK(loc::plural_category(l, 0) == PluralCategory::other);
    CHECK(loc::plural_category(l, 2) == PluralCategory::other);
  }
  CHECK(loc::plural_category("pt-BR", 0) == PluralCategory::one);  // CLDR pt: i = 0..1
  CHECK(loc::plural_category("pt-BR", 1) == PluralCategory::one);
  CHECK(loc::plural_category("pt-BR", 2) == PluralCategory::other);
  CHECK(loc::plural_category("zh-CN", 1) == PluralCategory::other);
  CHECK(loc::plural("fi", 1, {"# paketti", "# pakettia"}) == "1 paketti");
  CHECK(loc::plural("fi", 3, {"# paketti", "# pakettia"}) == "3 pakettia");
  CHECK(loc::plural("en", 2, {"# gift", "# gifts"}) == "2 gifts");
  CHECK(loc::plural("zh-CN", 1, {"", "# 个包裹"}) == "1 个包裹");
  CHECK(loc::plural("pt-BR", 0, {"# presente", "# presentes"}) == "0 presente");
}

TEST_CASE("locale: lists and money") {
  const std::vector<std::string> three = {"Anna", "Ben", "Cara"};
  CHECK(loc::join_list("en", three) == "Anna, Ben and Cara");
  CHECK(loc::join_list("fi", three) == "Anna, Ben ja Cara");
  CHECK(loc::join_list("hu", three) == "Anna, Ben és Cara");
  CHECK(loc::join_list("zh-CN", three) == "Anna、Ben和Cara");
  CHECK(loc::join_list("pt-BR", three) == "Anna, Ben e Cara");
  CHECK(loc::join_list("de", {"Anna", "Ben"}) == "Anna und Ben");
  CHECK(loc::join_list("en", {"Anna"}) == "Anna");
  CHECK(loc::join_list("en", {}).empty());
  CHECK(loc::money("en-US", 6.95, "USD") == "$6.95");
  CHECK(loc::money("en", 1234.5, "GBP") == "£1,234.50");
  CHECK(loc::money("fi", 5.9, "EUR") == "5,90\u00a0€");
  CHECK(loc::money("de", 1234.5, "EUR") == "1.234,50\u00a0€");
  CHECK(loc::money("pt-BR", 19.9, "BRL") == "R$\u00a019,90");
  CHECK(loc::money("hu", 1490, "HUF") == "1\u00a0490\u00a0Ft");
  CHECK(loc::money("zh-CN", 12, "CNY") == "¥12.00");
}

TEST_CASE("locale: tags and the fallback chain") {
  CHECK(loc::normalize_tag("fi_fi") == "fi-FI");
  CHECK(loc::normalize_tag("ZH-cn") == "zh-CN");
  CHECK(loc::normalize_tag("pt-BR") == "pt-BR");
  CHECK_FALSE(loc::normalize_tag("f").has_value());
  CHECK_FALSE(loc::normalize_tag("fi FI").has_value());
  CHECK_FALSE(loc::normalize_tag("").has_value());
  CHECK(loc::fallback_chain("fi-FI") == std::vector<std::string>{"fi-FI", "fi", "en"});
  CHECK(loc::fallback_chain("en-US") == std::vector<std::string>{"en-US", "en"});
  CHECK(loc::fallback_chain("en") == std::vector<std::string>{"en"});
  CHECK(loc::fallback_chain("garbage tag") == std::vector<std::string>{"en"});
}
