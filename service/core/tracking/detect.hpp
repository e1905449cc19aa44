// Carrier detection from a tracking number: UPS (1Z and waybill), FedEx
// (Express 12/34, ASTRA 32, Ground 15, SSCC-18, Ground 96 and GSN), USPS
// (20-digit, legacy 91, IMpb N and C with or without the 420 ZIP routing
// prefix), DHL (Express with mod 7, Express piece IDs, eCommerce) and UPU S10
// international postal numbers. Formats and check digits follow
// jkeen/tracking_number_data. Pure; no regex at run time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forewarn::tracking {

enum class Carrier { ups, fedex, usps, dhl, s10 };

std::string_view to_string(Carrier c) noexcept;
std::optional<Carrier> carrier_from_string(std::string_view s) noexcept;

struct FormatMatch {
  Carrier carrier;
  std::string_view format;       // stable id: "ups", "ups_waybill", "fedex_12", "usps_impb_c", ...
  std::string_view format_name;  // human name: "FedEx Express (12)"
  bool has_check_digit = false;  // the format defines a check digit
  bool check_digit_ok = false;   // it verifies (always true when the format has none)
  std::string country;           // S10 only: the issuing country (ISO alpha-2)
};

struct Detection {
  std::string normalized;            // whitespace removed, upper case
  std::vector<FormatMatch> matches;  // every format whose shape fits; verified ones first

  // The best verified format, or nullptr.
  const FormatMatch* best() const noexcept;
  // When no format verifies but some checksummed format's shape fits: the
  // first such format (lets the API answer 422 "looks like UPS but its check
  // digit is wrong"). nullptr otherwise.
  const FormatMatch* failed_check_digit() const noexcept;
};

Detection detect(std::string_view tracking_number);
// Shortcut: the carrier of detect(...).best(), if any.
std::optional<Carrier> detect_carrier(std::string_view tracking_number);

}  // namespace forewarn::tracking
