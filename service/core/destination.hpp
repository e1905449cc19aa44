// Where a parcel goes: postal-code checks per country and the default time
// zone of a destination when the caller does not send one. Pure tables.
//
// Postal codes (after trimming nothing: the caller's text as sent):
//   US  5 digits or ZIP+4 (12345 or 12345-6789)
//   FI  5 digits          DE  5 digits          HU  4 digits
//   BR  8 digits, optional dash after the fifth (01310-100 or 01310100)
//   CN  6 digits
//   GB  outward code + inward code, optional space (SW1A 1AA, M1 1AE, B338TH)
//   any other country: 1-12 letters, digits, spaces or dashes, with at least
//   one letter or digit.
//
// Default time zone (the documented rule; approximate where a country has
// several zones; send destination.time_zone to be exact):
//   single-zone countries: a table (FI Europe/Helsinki, HU Europe/Budapest,
//   CN Asia/Shanghai, DE Europe/Berlin, GB Europe/London, and a few more in
//   destination.cpp).
//   US by the ZIP code's first three digits: 006-009 (Puerto Rico, USVI)
//   America/Puerto_Rico; 967-968 (Hawaii) Pacific/Honolulu; 995-999 (Alaska)
//   America/Anchorage; 850-865 (Arizona, no DST) America/Phoenix; 889-898
//   (Nevada) America/Los_Angeles; 798-799 (El Paso) America/Denver; 590-599
//   (Montana) America/Denver; otherwise by the first digit: 0-4
//   America/New_York, 5-7 America/Chicago, 8 America/Denver, 9
//   America/Los_Angeles. States split between zones (e.g. western Kentucky,
//   the Florida panhandle, most of Idaho's north) get their prefix's zone.
//   BR by the CEP's first three digits: 690-692 and 694-698 (Amazonas)
//   America/Manaus, 693 (Roraima) America/Boa_Vista, 699 (Acre)
//   America/Rio_Branco, 768-769 (Rondônia) America/Porto_Velho, 780-788 (Mato
//   Grosso) America/Cuiaba, 790-799 (Mato Grosso do Sul)
//   America/Campo_Grande; everything else America/Sao_Paulo (UTC-3, as are
//   all the other Brazilian zones).
//   Any other country: no default (the caller must send time_zone).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace forewarn {

class BodyReader;

// An ISO 3166-1 alpha-2 shape: two capital letters ("US", "FI").
bool is_country_code(std::string_view s);

// True when `postal_code` has the form of a postal code of `country` (an
// ISO 3166-1 alpha-2 code in capitals).
bool is_valid_postal_code(std::string_view country, std::string_view postal_code);

// What a valid postal code of `country` looks like, for error messages.
std::string postal_code_hint(std::string_view country);

// The destination's default IANA zone by the rule above; nullopt when the
// country has none. `postal_code` must be valid for `country`.
std::optional<std::string> default_time_zone(std::string_view country, std::string_view postal_code);

// The zone of a place, for the learned transit model's lanes (coarse on
// purpose: lanes need enough deliveries to learn from):
//   US  "US-" + the ZIP code's first three digits (the sectional center
//       facility that carriers' zone charts are keyed by), e.g. "US-100";
//   GB  "GB-" + the postcode area (its leading letters), e.g. "GB-SW";
//   any other country: the country + "-" + the first two letters or digits
//       of the postal code (the region in FI, DE, HU, BR, CN), e.g. "FI-00";
//   no postal code: the country alone, e.g. "US".
// Letters are upper-cased; spaces and dashes are skipped.
std::string postal_zone(std::string_view country, std::string_view postal_code);

// A lane, origin zone to destination zone: "US-100>US-941".
std::string lane_key(std::string_view origin_zone, std::string_view destination_zone);

// A request's destination object {"postal_code", "country", "time_zone"?}
// (member `key` of the body `outer` reads), checked by the rules above.
// Errors go to `outer` with their pointers (/<key>/postal_code, ...);
// nullopt when there is any. time_zone is the request's, else the default,
// else nullopt.
struct DestinationFields {
  std::string postal_code;
  std::string country;
  std::optional<std::string> time_zone;
  bool zone_from_request = false;
};
std::optional<DestinationFields> read_destination(BodyReader& outer, const std::string& key, const nlohmann::json& j);

}  // namespace forewarn
