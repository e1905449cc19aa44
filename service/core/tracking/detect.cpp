#include "core/tracking/detect.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/tracking/checksum.hpp"

namespace forewarn::tracking {
namespace {

using checksum::Mod10Options;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }
bool all_upper(std::string_view s) { return std::all_of(s.begin(), s.end(), is_upper); }
bool all_alnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || is_upper(c); });
}
int digit(char c) { return c - '0'; }

// ISO 3166-1 alpha-2 codes: the S10 country suffix must be one of them.
constexpr std::array<std::string_view, 249> kIsoCountries{
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"};

bool is_iso_country(std::string_view cc) {
  return std::binary_search(kIsoCountries.begin(), kIsoCountries.end(), cc);
}

constexpr int kFedex12Weights[] = {3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1};
constexpr int kFedex34Weights[] = {1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1};

struct Collector {
  std::vector<FormatMatch>& out;
  void add(Carrier c, std::string_view id, std::string_view name, bool has_cd, bool ok,
           std::string country = {}) {
    out.push_back(FormatMatch{c, id, name, has_cd, ok, std::move(country)});
  }
};

// ---- UPS ------------------------------------------------------------------
void ups(std::string_view n, Collector& c) {
  // 1Z + shipper(6) + service(2) + package(7) + check digit
  if (n.size() == 18 && n.substr(0, 2) == "1Z" && all_alnum(n.substr(2, 15)) && is_digit(n[17]))
    c.add(Carrier::ups, "ups", "UPS", true,
          checksum::mod10(n.substr(2, 15), digit(n[17]), Mod10Options{1, 2, false}));
  // waybill: [AHJKTV] + 9 digits + check digit
  if (n.size() == 11 && std::string_view("AHJKTV").find(n[0]) != std::string_view::npos &&
      all_digits(n.substr(1)))
    c.add(Carrier::ups, "ups_waybill", "UPS Waybill", true,
          checksum::mod10(n.substr(1, 9), digit(n[10]), Mod10Options{1, 2, false}));
}

// ---- USPS -----------------------------------------------------------------
// Each USPS matcher tries the bodies left after the optional "420" + ZIP
// routing prefix in the order a backtracking regex would, and keeps the first
// structural match (the check digit is verified on that match only).
bool impb_n_body(std::string_view r) {
  if (!all_digits(r) || r.size() < 22 || r.substr(0, 2) != "94") return false;
  if (r[5] == '9') return r.size() == 30 || r.size() == 26 || r.size() == 22;
  return r.size() == 26 || r.size() == 22;
}

bool impb_c_body(std::string_view r) {
  if (!all_digits(r) || (r.size() != 22 && r.size() != 26)) return false;
  std::string_view ai = r.substr(0, 2);
  if (ai == "92") return r[5] == '9';
  if (ai == "93") return r[5] != '9';
  return ai == "95";
}

bool legacy_body(std::string_view r) {
  if (!all_digits(r)) return false;
  return (r.size() == 22 && r.substr(0, 2) == "91") || r.size() == 20;
}

void usps(std::string_view n, Collector& c) {
  if (!all_digits(n)) return;
  const bool p420 = n.size() > 8 && n.substr(0, 3) == "420";
  const Mod10Options w31{3, 1, false};

  // IMpb C: [420 ZIP5 [ZIP4 (?=22 digits)]] (92|93|95) ...
  {
    std::vector<std::string_view> tries;
    if (p420 && n.size() == 12 + 22) tries.push_back(n.substr(12));
    if (p420) tries.push_back(n.substr(8));
    tries.push_back(n);
    for (auto r : tries) {
      if (!impb_c_body(r)) continue;
      auto serial = r.substr(0, r.size() - 1);
      c.add(Carrier::usps, "usps_impb_c", "USPS IMpb C", true,
            checksum::mod10(serial, digit(r.back()), w31));
      break;
    }
  }
  // IMpb N: [420 ZIP5(?=22|26 digits) [ZIP4(?=22 digits)]] 94 ...
  {
    std::vector<std::string_view> tries;
    const std::size_t after5 = n.size() >= 8 ? n.size() - 8 : 0;
    if (p420 && (after5 == 22 || after5 == 26)) {
      if (after5 == 26) tries.push_back(n.substr(12));
      tries.push_back(n.substr(8));
    }
    tries.push_back(n);
    for (auto r : tries) {
      if (!impb_n_body(r)) continue;
      auto serial = r.substr(0, r.size() - 1);
      c.add(Carrier::usps, "usps_impb_n", "USPS IMpb N", true,
            checksum::mod10(serial, digit(r.back()), Mod10Options{3, 1, true}));
      break;
    }
  }
  // Legacy: [420 ZIP5 [ZIP4]] [91] SS(2) shipper(9) package(8) check
  {
    std::vector<std::string_view> tries;
    if (p420 && n.size() >= 12) tries.push_back(n.substr(12));
    if (p420) tries.push_back(n.substr(8));
    tries.push_back(n);
    for (auto r : tries) {
      if (!legacy_body(r)) continue;
      std::string serial(r.substr(0, r.size() - 1));
      // serial_number_format: prepend "91" unless it already starts with it
      if (serial.substr(0, 2) != "91") serial = "91" + serial;
      c.add(Carrier::usps, "usps_legacy", "USPS Legacy", true,
            checksum::mod10(serial, digit(r.back()), w31));
      break;
    }
  }
  // 20 digits: service(2) shipper(9) package(8) check
  if (n.size() == 20)
    c.add(Carrier::usps, "usps_20", "USPS 20", true,
          checksum::mod10(n.substr(0, 19), digit(n[19]), w31));
}

// ---- FedEx ----------------------------------------------------------------
void fedex(std::string_view n, Collector& c) {
  if (!all_digits(n)) return;
  if (n.size() == 12)
    c.add(Carrier::fedex, "fedex_12", "FedEx Express (12)", true,
          checksum::sum_product(n.substr(0, 11), digit(n[11]), kFedex12Weights, 11, 10));
  if (n.size() == 34 && n[0] != '9')
    c.add(Carrier::fedex, "fedex_34", "FedEx Express (34)", true,
          checksum::sum_product(n.substr(20, 13), digit(n[33]), kFedex34Weights, 11, 10));
  if (n.size() == 32 && n[0] == '3')
    c.add(Carrier::fedex, "fedex_astra_32", "FedEx ASTRA (32)", true,
          checksum::sum_product(n.substr(16, 11), digit(n[27]), kFedex12Weights, 11, 10));
  if (n.size() == 15)
    c.add(Carrier::fedex, "fedex_ground", "FedEx Ground", true,
          checksum::mod10(n.substr(0, 14), digit(n[14]), Mod10Options{1, 3, false}));
  if (n.size() == 18)
    c.add(Carrier::fedex, "fedex_ground_sscc_18", "FedEx Ground (SSCC-18)", true,
          checksum::mod10(n.substr(2, 15), digit(n[17]), Mod10Options{3, 1, false}));
  if (n.size() == 22 && n.substr(0, 2) == "96")
    c.add(Carrier::fedex, "fedex_ground_96", "FedEx Ground 96 (22)", true,
          checksum::mod10(n.substr(7, 14), digit(n[21]), Mod10Options{1, 3, false}));
  if (n.size() == 34 && n.substr(0, 2) == "96")
    c.add(Carrier::fedex, "fedex_ground_gsn", "FedEx Ground GSN", true,
          checksum::sum_product(n.substr(20, 13), digit(n[33]), kFedex34Weights, 11, 10));
}

// ---- DHL ------------------------------------------------------------------
void dhl(std::string_view n, Collector& c) {
  if ((n.size() == 10 || n.size() == 11) && all_digits(n))
    c.add(Carrier::dhl, "dhl_express", "DHL Express", true,
          checksum::mod7(n.substr(0, n.size() - 1), digit(n.back())));
  // J + 2..3 letters + 9..10 digits
  if (n.size() >= 12 && n[0] == 'J') {
    std::size_t letters = 1;
    while (letters < n.size() && is_upper(n[letters])) ++letters;
    std::size_t prefix = letters - 1, rest = n.size() - letters;
    if (prefix >= 2 && prefix <= 3 && (rest == 9 || rest == 10) && all_digits(n.substr(letters)))
      c.add(Carrier::dhl, "dhl_express_piece_id", "DHL Express (Piece ID)", false, true);
  }
  static constexpr std::array<std::string_view, 10> kEcomPrefixes{"GM", "LX", "RX", "UV", "CN",
                                                                  "SG", "TH", "IN", "HK", "MY"};
  if (n.size() >= 12 && n.size() <= 41 &&
      std::find(kEcomPrefixes.begin(), kEcomPrefixes.end(), n.substr(0, 2)) != kEcomPrefixes.end()) {
    auto serial = n.substr(2);
    if (all_alnum(serial) && std::any_of(serial.begin(), serial.end(), is_digit))
      c.add(Carrier::dhl, "dhl_ecommerce", "DHL E-Commerce", false, true);
  }
  if (n.size() == 14 && all_digits(n))
    c.add(Carrier::dhl, "dhl_ecommerce_14", "DHL E-Commerce (14)", false, true);
}

// ---- UPU S10 --------------------------------------------------------------
void s10(std::string_view n, Collector& c) {
  if (n.size() != 13 || !all_upper(n.substr(0, 2)) || !all_digits(n.substr(2, 9)) ||
      !all_upper(n.substr(11, 2)))
    return;
  std::string cc(n.substr(11, 2));
  if (!is_iso_country(cc)) return;  // unknown country: not an S10 number
  c.add(Carrier::s10, "s10", "S10", true, checksum::s10(n.substr(2, 8), digit(n[10])), cc);
}

}  // namespace

std::string_view to_string(Carrier c) noexcept {
  switch (c) {
    case Carrier::ups: return "ups";
    case Carrier::fedex: return "fedex";
    case Carrier::usps: return "usps";
    case Carrier::dhl: return "dhl";
    case Carrier::s10: return "s10";
  }
  return "unknown";
}

std::optional<Carrier> carrier_from_string(std::string_view s) noexcept {
  for (Carrier c : {Carrier::ups, Carrier::fedex, Carrier::usps, Carrier::dhl, Carrier::s10})
    if (to_string(c) == s) return c;
  return std::nullopt;
}

const FormatMatch* Detection::best() const noexcept {
  for (const auto& m : matches)
    if (m.check_digit_ok) return &m;
  return nullptr;
}

const FormatMatch* Detection::failed_check_digit() const noexcept {
  if (best()) return nullptr;
  for (const auto& m : matches)
    if (m.has_check_digit && !m.check_digit_ok) return &m;
  return nullptr;
}

Detection detect(std::string_view tracking_number) {
  Detection d;
  if (tracking_number.size() > 256) return d;  // nothing real is that long
  for (char ch : tracking_number) {
    if (std::isspace(static_cast<unsigned char>(ch))) continue;
    d.normalized += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  const std::string_view n = d.normalized;
  if (n.empty()) return d;
  Collector c{d.matches};
  ups(n, c);
  usps(n, c);
  fedex(n, c);
  s10(n, c);
  dhl(n, c);
  // Verified checksummed formats first, then verified formats without a
  // check digit, then failures; declaration order otherwise.
  auto rank = [](const FormatMatch& m) {
    if (m.check_digit_ok) return m.has_check_digit ? 0 : 1;
    return 2;
  };
  std::stable_sort(d.matches.begin(), d.matches.end(),
                   [&](const FormatMatch& a, const FormatMatch& b) { return rank(a) < rank(b); });
  return d;
}

std::optional<Carrier> detect_carrier(std::string_view tracking_number) {
  Detection d = detect(tracking_number);
  if (const FormatMatch* m = d.best()) return m->carrier;
  return std::nullopt;
}

}  // namespace forewarn::tracking
