// Locales of the shopper messages: tag normalization and fallback, dates,
// times, money, lists and plurals in each supported language's own forms.
//
// Supported languages: en (en-US with month-first dates and a 12-hour clock,
// every other English with day-first dates and 24 hours), fi, hu, zh (zh-CN),
// pt (pt-BR), de. The forms are CLDR's (cldr.unicode.org, "gregorian" long
// and medium formats, plural rules) written out by hand for these six: the
// core links no ICU, and six languages are a short table.
//
// A tag is "language[-Region]" (BCP 47 subset): "fi", "fi-FI", "pt-BR",
// "zh-CN". Input is matched case-insensitively and "_" is read as "-".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/civil.hpp"

namespace forewarn::core::locale {

// "FI-fi" / "fi_FI" → "fi-FI"; "ZH-cn" → "zh-CN"; nullopt when not a tag
// (language 2-3 letters, then up to three subtags of 2-8 letters/digits).
std::optional<std::string> normalize_tag(std::string_view tag);

// The language of a tag: "fi-FI" → "fi".
std::string language_of(std::string_view tag);

// True when the language is one the formats below know (en fi hu zh pt de).
bool is_supported_language(std::string_view tag);

// Where a lookup for `tag` goes, best first, without duplicates:
// "fi-FI" → fi-FI, fi, en; "en-US" → en-US, en; "zh" → zh, en.
std::vector<std::string> fallback_chain(std::string_view tag);

// --- dates and times ---
// "Thursday, 24 December" (en), "Thursday, December 24" (en-US),
// "torstaina 24. joulukuuta" (fi), "december 24., csütörtök" (hu),
// "12月24日（星期四）" (zh), "quinta-feira, 24 de dezembro" (pt),
// "Donnerstag, 24. Dezember" (de). Unsupported languages get en.
std::string long_date(std::string_view tag, calendar::Day day);
// Day and month without the weekday: "24 December" / "December 24" /
// "24. joulukuuta" / "december 24." / "12月24日" / "24 de dezembro" / "24. Dezember".
std::string day_month(std::string_view tag, calendar::Day day);
// Numeric: "24/12" (en), "12/24" (en-US), "24.12." (fi, de), "12. 24." (hu),
// "12月24日" (zh), "24/12" (pt).
std::string short_date(std::string_view tag, calendar::Day day);
// A wall-clock time: "3:00 PM" (en-US), "15.00" (fi), "15:00" (the others).
std::string time_of_day(std::string_view tag, int hour, int minute);

// --- plurals (CLDR cardinal rules for integers) ---
enum class PluralCategory { one, other };
// en, de, fi, hu: one for 1; pt: one for 0 and 1; zh: always other.
PluralCategory plural_category(std::string_view tag, long long n);

struct PluralForms {
  std::string one;    // may be empty for languages without "one" (zh)
  std::string other;
};
// The form for n with every "#" replaced by n: plural("fi", 3, {"# paketti",
// "# pakettia"}) == "3 pakettia". An empty "one" falls back to "other".
std::string plural(std::string_view tag, long long n, const PluralForms& forms);

// --- lists and money ---
// "Anna, Ben and Cara" / "Anna, Ben ja Cara" / "Anna, Ben és Cara" /
// "Anna、Ben和Cara" / "Anna, Ben e Cara" / "Anna, Ben und Cara".
std::string join_list(std::string_view tag, const std::vector<std::string>& items);

// An amount in minor-unit precision with the currency's symbol placed and the
// decimal separator chosen the locale's way: "€4.90" (en), "4,90 €" (fi, de,
// pt), "R$ 4,90" (pt BRL), "1 490 Ft" (hu HUF, no decimals), "¥4.90" (zh CNY),
// "$4.90" (en-US USD). Unknown currencies print their ISO code.
std::string money(std::string_view tag, double amount, std::string_view currency);

}  // namespace forewarn::core::locale
