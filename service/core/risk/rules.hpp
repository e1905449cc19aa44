// The risk rules and the parameters of the conditional delivery model,
// configurable per carrier. Pure data plus its JSON form.
//
// JSON (every member optional; a carrier's block overrides only the fields it
// names, on top of "defaults"):
//   {"defaults": {"no_first_scan_business_hours": 24, "no_scan_business_days": 2,
//                 "exception_delay_business_days": 1, "carrier_edd_weight": 0.8,
//                 "out_for_delivery_today": 0.95, "at_risk_below": 0.8,
//                 "will_miss_below": 0.3, "confidence": 0.9, "disabled": ["slower_service"]},
//    "carriers": {"usps": {"no_scan_business_days": 3}}}
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

namespace forewarn::core::risk {

enum class RuleId {
  no_first_scan,         // no carrier scan N business hours after the label
  no_scan_in_transit,    // no scan for N business days while in transit
  edd_past_deadline,     // the carrier's estimate lies past a deadline
  exception,             // the carrier reports an exception
  available_for_pickup,  // waiting at a pickup point
  slower_service,        // shipped with a slower service than the one promised
  handover_too_late,     // not (or not going to be) handed over by the latest hand-over that makes a deadline
};
inline constexpr RuleId kAllRules[] = {RuleId::no_first_scan,        RuleId::no_scan_in_transit,
                                       RuleId::edd_past_deadline,    RuleId::exception,
                                       RuleId::available_for_pickup, RuleId::slower_service,
                                       RuleId::handover_too_late};
std::string_view to_string(RuleId r) noexcept;
std::optional<RuleId> rule_from_string(std::string_view s) noexcept;

struct CarrierRules {
  // no_first_scan fires once this many business hours (wall-clock hours in the
  // warehouse's zone on the service's pickup days) have passed since the label.
  double no_first_scan_business_hours = 24;
  // no_scan_in_transit fires once this many whole delivery days of the service
  // have passed since the day of the last scan (the scan day itself and today
  // do not count).
  int no_scan_business_days = 2;
  // A non-final exception pushes the remaining delivery days back this many
  // delivery days.
  int exception_delay_business_days = 1;
  // Weight of the carrier's estimated delivery date against the model (0..1).
  double carrier_edd_weight = 0.8;
  // P(delivered today) once out for delivery.
  double out_for_delivery_today = 0.95;
  // Levels: below at_risk_below for some deadline → at_risk, below
  // will_miss_below → will_miss.
  double at_risk_below = 0.8;
  double will_miss_below = 0.3;
  // Confidence for the latest hand-over and for the faster services offered.
  double confidence = 0.9;
  std::set<RuleId> disabled;

  bool enabled(RuleId r) const { return !disabled.contains(r); }
  friend bool operator==(const CarrierRules&, const CarrierRules&) = default;
};

struct RiskRules {
  CarrierRules defaults;
  std::map<std::string, CarrierRules> carriers;  // carrier ("ups") → its rules, already merged over defaults

  // The carrier's rules, or the defaults.
  const CarrierRules& for_carrier(const std::string& carrier) const;
  friend bool operator==(const RiskRules&, const RiskRules&) = default;
};

struct RulesInput {
  std::optional<RiskRules> value;
  Problem problem;
};
// Validates the JSON form above; every bad field is named by its JSON Pointer.
RulesInput rules_from_json(const nlohmann::json& body);
nlohmann::json to_json(const RiskRules& rules);

}  // namespace forewarn::core::risk
