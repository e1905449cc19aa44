// Prepares the template data for one locale, so that templates stay
// logic-less: from the ISO fields decide produces (docs/messages-design.md,
// "Template data") it adds the derived fields of schema.hpp:
//   dates    shipments[].{promised_date,new_estimate,deadline_date,delivered_at}_text,
//            target_date_text (the deadline, else the promised date),
//            options[].arrives_by_text — long dates in the locale's own form;
//   counts   single / several, shipment_count_text ("3 gifts", "3 lahjaa", ...),
//            late_count, late_count_text, all_late, some_on_time;
//   lists    recipients_text, late_recipients_text, on_time_recipients_text
//            ("Anna, Ben and Cara" in the locale's form);
//   headline order_id, carrier_name, tracking_url, deadline_name, target_date_text,
//            new_estimate_text, delivered_at_text: copied from the first shipment
//            that will miss its date, else the first (for subjects and SMS);
//   SMS      target_day_text, new_estimate_day_text ("24. joulukuuta": no weekday),
//            action_url (a faster service's link, else the first option's, else
//            the headline tracking link);
//   flags    brand.casual, has_options, shipments[].{needs_address,
//            held_at_customs, awaiting_pickup, other_action},
//            options[].is_<kind>, remedy.is_<kind>;
//   money    remedy.amount_text ("4,90 €").
// It fills locale and shipment_count when missing. Unparseable dates are left
// without their *_text (the template's section on it then renders nothing).
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace forewarn::core::messages::templates {

nlohmann::json prepare_context(const nlohmann::json& data, std::string_view locale);

// Sample template data for previews and tests: a gift order of `recipients`
// shipments (1: a single order to the purchaser themselves) around Christmas
// 2026, with options and a remedy that fit the kind. Names and brand are
// fictional; the data is NOT prepared (call prepare_context).
nlohmann::json sample_data(std::string_view kind, std::string_view channel, std::string_view locale, int recipients);

}  // namespace forewarn::core::messages::templates
