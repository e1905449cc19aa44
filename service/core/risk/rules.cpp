#include "core/risk/rules.hpp"

#include "core/body_reader.hpp"

namespace forewarn::core::risk {

namespace {

constexpr std::string_view kRuleNames[] = {"no_first_scan",        "no_scan_in_transit", "edd_past_deadline",
                                           "exception",            "available_for_pickup", "slower_service",
                                           "handover_too_late"};

bool is_rule_name(const std::string& s) { return rule_from_string(s).has_value(); }

// Reads one block of CarrierRules over `base`.
CarrierRules read_block(BodyReader& r, CarrierRules base) {
  if (auto v = r.optional_number("no_first_scan_business_hours", 1, 24 * 60)) base.no_first_scan_business_hours = *v;
  if (auto v = r.optional_int("no_scan_business_days", {.min = 1, .max = 60})) base.no_scan_business_days = static_cast<int>(*v);
  if (auto v = r.optional_int("exception_delay_business_days", {.min = 0, .max = 30}))
    base.exception_delay_business_days = static_cast<int>(*v);
  if (auto v = r.optional_number("carrier_edd_weight", 0, 1)) base.carrier_edd_weight = *v;
  if (auto v = r.optional_number("out_for_delivery_today", 0, 1)) base.out_for_delivery_today = *v;
  const auto at_risk = r.optional_number("at_risk_below", 0, 1);
  const auto will_miss = r.optional_number("will_miss_below", 0, 1);
  if (at_risk) base.at_risk_below = *at_risk;
  if (will_miss) base.will_miss_below = *will_miss;
  if (base.will_miss_below > base.at_risk_below) r.fail("will_miss_below", "must not be above at_risk_below");
  if (auto v = r.optional_number("confidence", 0.01, 1)) base.confidence = *v;
  if (auto names = r.optional_string_list("disabled", 16, is_rule_name, "a rule id")) {
    base.disabled.clear();
    for (const auto& n : *names) base.disabled.insert(*rule_from_string(n));
  }
  r.reject_unknown();
  return base;
}

nlohmann::json block_json(const CarrierRules& c) {
  nlohmann::json disabled = nlohmann::json::array();
  for (auto id : c.disabled) disabled.push_back(to_string(id));
  return {{"no_first_scan_business_hours", c.no_first_scan_business_hours},
          {"no_scan_business_days", c.no_scan_business_days},
          {"exception_delay_business_days", c.exception_delay_business_days},
          {"carrier_edd_weight", c.carrier_edd_weight},
          {"out_for_delivery_today", c.out_for_delivery_today},
          {"at_risk_below", c.at_risk_below},
          {"will_miss_below", c.will_miss_below},
          {"confidence", c.confidence},
          {"disabled", disabled}};
}

}  // namespace

std::string_view to_string(RuleId r) noexcept { return kRuleNames[static_cast<int>(r)]; }

std::optional<RuleId> rule_from_string(std::string_view s) noexcept {
  for (auto id : kAllRules)
    if (to_string(id) == s) return id;
  return std::nullopt;
}

const CarrierRules& RiskRules::for_carrier(const std::string& carrier) const {
  const auto it = carriers.find(carrier);
  return it == carriers.end() ? defaults : it->second;
}

RulesInput rules_from_json(const nlohmann::json& body) {
  BodyReader r(body);
  RiskRules rules;
  if (const auto* d = r.optional_member("defaults", nlohmann::json::value_t::object)) {
    BodyReader nested(*d, r.pointer("defaults"));
    rules.defaults = read_block(nested, rules.defaults);
    r.absorb(nested);
  }
  if (const auto* cs = r.optional_member("carriers", nlohmann::json::value_t::object)) {
    for (const auto& [carrier, block] : cs->items()) {
      BodyReader nested(block, r.pointer("carriers") + "/" + carrier);
      rules.carriers[carrier] = read_block(nested, rules.defaults);
      r.absorb(nested);
    }
  }
  r.reject_unknown();
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {std::move(rules), {}};
}

nlohmann::json to_json(const RiskRules& rules) {
  nlohmann::json carriers = nlohmann::json::object();
  for (const auto& [name, c] : rules.carriers) carriers[name] = block_json(c);
  return {{"defaults", block_json(rules.defaults)}, {"carriers", carriers}};
}

}  // namespace forewarn::core::risk
