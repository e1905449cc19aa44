#include "core/destination.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "core/body_reader.hpp"
#include "core/warehouse.hpp"

namespace forewarn {

namespace {

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

bool all_digits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!digit(c)) return false;
  return true;
}

// GB: outward code A9, A99, AA9, AA99, A9A, AA9A; then an optional space;
// then the inward code 9AA.
bool is_gb_postcode(std::string_view s) {
  std::string t;
  for (char c : s)
    if (c != ' ') t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.find("  ") != std::string_view::npos || t.size() < 5 || t.size() > 7) return false;
  const std::string_view inward = std::string_view(t).substr(t.size() - 3);
  const std::string_view outward = std::string_view(t).substr(0, t.size() - 3);
  if (!digit(inward[0]) || !alpha(inward[1]) || !alpha(inward[2])) return false;
  if (outward.size() < 2 || outward.size() > 4 || !alpha(outward[0])) return false;
  size_t i = 1;
  if (alpha(outward[i])) ++i;
  if (i >= outward.size() || !digit(outward[i])) return false;
  ++i;
  if (i < outward.size() && !(digit(outward[i]) || alpha(outward[i]))) return false;
  return i + 1 >= outward.size();
}

bool is_generic(std::string_view s) {
  if (s.empty() || s.size() > 12) return false;
  bool any = false;
  for (char c : s) {
    if (digit(c) || alpha(c)) any = true;
    else if (c != ' ' && c != '-') return false;
  }
  return any;
}

int prefix3(std::string_view code) { return (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'); }

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kSingleZone{{
    {"AT", "Europe/Vienna"},   {"BE", "Europe/Brussels"}, {"CH", "Europe/Zurich"},  {"CN", "Asia/Shanghai"},
    {"CZ", "Europe/Prague"},   {"DE", "Europe/Berlin"},   {"DK", "Europe/Copenhagen"}, {"EE", "Europe/Tallinn"},
    {"FI", "Europe/Helsinki"}, {"FR", "Europe/Paris"},    {"GB", "Europe/London"},  {"HU", "Europe/Budapest"},
    {"IE", "Europe/Dublin"},   {"IT", "Europe/Rome"},     {"JP", "Asia/Tokyo"},     {"NL", "Europe/Amsterdam"},
    {"NO", "Europe/Oslo"},     {"PL", "Europe/Warsaw"},   {"SE", "Europe/Stockholm"}, {"SK", "Europe/Bratislava"},
}};

std::string us_zone(std::string_view zip) {
  const int p = prefix3(zip);
  if (p >= 6 && p <= 9) return "America/Puerto_Rico";
  if (p >= 967 && p <= 968) return "Pacific/Honolulu";
  if (p >= 995) return "America/Anchorage";
  if (p >= 850 && p <= 865) return "America/Phoenix";
  if (p >= 889 && p <= 898) return "America/Los_Angeles";
  if (p >= 798 && p <= 799) return "America/Denver";
  if (p >= 590 && p <= 599) return "America/Denver";
  const int first = zip[0] - '0';
  if (first <= 4) return "America/New_York";
  if (first <= 7) return "America/Chicago";
  if (first == 8) return "America/Denver";
  return "America/Los_Angeles";
}

std::string br_zone(std::string_view cep) {
  const int p = prefix3(cep);
  if ((p >= 690 && p <= 692) || (p >= 694 && p <= 698)) return "America/Manaus";
  if (p == 693) return "America/Boa_Vista";
  if (p == 699) return "America/Rio_Branco";
  if (p >= 768 && p <= 769) return "America/Porto_Velho";
  if (p >= 780 && p <= 788) return "America/Cuiaba";
  if (p >= 790 && p <= 799) return "America/Campo_Grande";
  return "America/Sao_Paulo";
}

}  // namespace

bool is_country_code(std::string_view s) {
  return s.size() == 2 && std::isupper(static_cast<unsigned char>(s[0])) && std::isupper(static_cast<unsigned char>(s[1]));
}

bool is_valid_postal_code(std::string_view country, std::string_view s) {
  if (country == "US") return all_digits(s, 5) || (s.size() == 10 && s[5] == '-' && all_digits(s.substr(0, 5), 5) &&
                                                    all_digits(s.substr(6), 4));
  if (country == "FI" || country == "DE") return all_digits(s, 5);
  if (country == "HU") return all_digits(s, 4);
  if (country == "CN") return all_digits(s, 6);
  if (country == "BR")
    return all_digits(s, 8) || (s.size() == 9 && s[5] == '-' && all_digits(s.substr(0, 5), 5) && all_digits(s.substr(6), 3));
  if (country == "GB") return is_gb_postcode(s);
  return is_generic(s);
}

std::string postal_code_hint(std::string_view country) {
  if (country == "US") return "5 digits or ZIP+4, such as 10001 or 10001-1234";
  if (country == "FI" || country == "DE") return "5 digits";
  if (country == "HU") return "4 digits";
  if (country == "CN") return "6 digits";
  if (country == "BR") return "8 digits, such as 01310-100";
  if (country == "GB") return "a UK postcode such as SW1A 1AA";
  return "1 to 12 letters, digits, spaces or dashes";
}

std::optional<std::string> default_time_zone(std::string_view country, std::string_view postal_code) {
  for (const auto& [c, zone] : kSingleZone)
    if (c == country) return std::string(zone);
  if (country == "US" && postal_code.size() >= 5 && all_digits(postal_code.substr(0, 5), 5)) return us_zone(postal_code);
  if (country == "BR" && postal_code.size() >= 8 && all_digits(postal_code.substr(0, 5), 5)) return br_zone(postal_code);
  return std::nullopt;
}

std::string postal_zone(std::string_view country, std::string_view postal_code) {
  std::string chars;
  for (char c : postal_code)
    if (digit(c) || alpha(c)) chars += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string zone(country);
  if (chars.empty()) return zone;
  size_t n = 2;
  if (country == "US") n = 3;
  if (country == "GB") {
    n = 0;
    while (n < chars.size() && n < 2 && alpha(chars[n])) ++n;
    if (n == 0) n = 2;
  }
  zone += '-';
  zone += chars.substr(0, n);
  return zone;
}

std::string lane_key(std::string_view origin_zone, std::string_view destination_zone) {
  std::string out(origin_zone);
  out += '>';
  out += destination_zone;
  return out;
}

std::optional<DestinationFields> read_destination(BodyReader& outer, const std::string& key, const nlohmann::json& j) {
  BodyReader r(j, outer.pointer(key));
  const auto postal = r.required_string("postal_code", {1, 20});
  const auto country = r.required_string("country", {2, 2});
  const auto zone = r.optional_string("time_zone", {1, 64});
  r.reject_unknown();
  if (country && !is_country_code(*country))
    r.fail("country", "must be an ISO 3166-1 alpha-2 code in capitals, such as US or FI");
  else if (country && postal && !is_valid_postal_code(*country, *postal))
    r.fail("postal_code", "is not a postal code of " + *country + ": expected " + postal_code_hint(*country));
  if (zone && !is_valid_time_zone(*zone)) r.fail("time_zone", "must be an IANA time zone such as Europe/Helsinki");
  outer.absorb(r);
  if (!r.ok() || !postal || !country) return std::nullopt;
  DestinationFields d{*postal, *country, zone, zone.has_value()};
  if (!zone) d.time_zone = default_time_zone(*country, *postal);
  return d;
}

}  // namespace forewarn
