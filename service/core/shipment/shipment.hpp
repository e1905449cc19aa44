// A shipment as a merchant registers it (POST /v1/shipments): the order, the
// tracking number and its carrier, where it goes, the people it is for, what
// was promised, and the customer's standing; plus the tracking state that the
// carrier events maintain. Validation and the JSON form. Pure.
//
// Carrier: "ups", "fedex", "usps" or "dhl". When the request names none it is
// detected from the tracking number (core/tracking/detect.hpp): a number whose
// shape fits a checksummed format but whose check digit is wrong is refused
// at /tracking_number; an S10 postal number issued in the US is USPS's, any
// other S10 number needs an explicit carrier. When the request names one, a
// number that fits one of that carrier's formats must pass its check digit;
// a number that verifies as another carrier's is refused at /carrier; a number
// that fits no known format is accepted (the formats are not exhaustive).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

namespace forewarn::shipment {

inline constexpr const char* kCarriers[] = {"ups", "fedex", "usps", "dhl"};
bool is_carrier(const std::string& s);

struct Contact {
  std::string name;                    // may be empty
  std::optional<std::string> email;    // a plain address, local@domain.tld
  std::optional<std::string> phone;    // E.164, normalized: "+358401234567"
  std::optional<std::string> locale;   // BCP 47 language tag: en, fi, pt-BR
  std::optional<std::string> time_zone;  // IANA
  friend bool operator==(const Contact&, const Contact&) = default;
};

struct CustomerStanding {
  std::optional<double> lifetime_value;  // in `currency`, two decimals
  std::optional<std::string> currency;   // ISO 4217
  std::optional<long long> order_count;
  std::optional<std::string> tier;       // the merchant's own label: "gold", "vip"
};

struct Shipment {
  std::string id;
  std::string order_id;
  std::string carrier;
  std::optional<std::string> service;  // core/calendar/carrier_services id, e.g. "ups-ground"
  std::string tracking_number;         // normalized: no whitespace, upper case
  std::optional<std::string> warehouse_id;
  std::string destination_postal_code;
  std::string destination_country;
  std::optional<std::string> destination_time_zone;
  std::optional<std::string> promised_date;  // local date YYYY-MM-DD
  std::optional<std::string> event_id;
  CustomerStanding customer;
  std::optional<Contact> purchaser;
  std::vector<Contact> recipients;

  // Tracking state, maintained by the event ingestion (evaluate.hpp).
  std::string status = "unknown";
  std::string substatus;
  std::optional<std::string> exception_reason;
  std::optional<std::string> risk;  // core::risk::risk_label after the latest news; null before any
  std::optional<std::string> carrier_estimated_delivery;  // YYYY-MM-DD
  std::optional<std::string> delivered_at;                // RFC 3339
  std::optional<std::string> last_event_at;
  bool active = true;
  std::optional<std::string> stopped_at;
  std::optional<std::string> next_poll_at;
  std::string created_at;
  std::string updated_at;
};

struct ShipmentInput {
  std::optional<Shipment> value;
  Problem problem;
};

// Validates a POST /v1/shipments body, resolving the carrier (see above).
// Every bad field is named by its JSON Pointer. Whether warehouse_id and
// event_id exist for the tenant is the caller's check.
ShipmentInput shipment_from_json(const nlohmann::json& body);

// Validates a PATCH over `base`: purchaser, recipients (replaced as a whole),
// promised_date, event_id and customer. `null` clears purchaser,
// promised_date and event_id. Other fields cannot change (422).
ShipmentInput shipment_patch_from_json(const nlohmann::json& body, const Shipment& base);

// The API form. Events, when given, are already JSON (newest first).
nlohmann::json to_json(const Shipment& s);

// The contact rules, exposed for tests.
bool is_valid_email(const std::string& s);
std::optional<std::string> normalize_phone(const std::string& s);  // E.164 or nullopt
bool is_valid_locale(const std::string& s);

}  // namespace forewarn::shipment
