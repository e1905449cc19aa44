#include "core/messages/templates/schema.hpp"

namespace forewarn::core::messages::templates {

namespace {

Field text(std::string name) { return {std::move(name), FieldType::text, {}}; }
Field flag(std::string name) { return {std::move(name), FieldType::flag, {}}; }
Field object(std::string name, std::vector<Field> fields) { return {std::move(name), FieldType::object, std::move(fields)}; }
Field list(std::string name, std::vector<Field> fields) { return {std::move(name), FieldType::list, std::move(fields)}; }

Field build_schema() {
  return object("", {
      object("brand", {text("name"), text("signature"), text("signer"), text("tone"), text("support_url"),
                       flag("casual")}),  // derived: tone is casual, friendly or playful
      text("kind"), text("channel"), text("locale"),
      object("customer", {text("name")}),
      flag("gift"), text("shipment_count"),
      // derived
      flag("single"), flag("several"), text("shipment_count_text"), text("late_count"), text("late_count_text"),
      flag("all_late"), flag("some_on_time"), text("recipients_text"), text("late_recipients_text"),
      text("on_time_recipients_text"), flag("has_options"),
      // derived: the headline shipment's (the first that will miss, else the first)
      text("order_id"), text("carrier_name"), text("tracking_url"), text("deadline_name"), text("target_date_text"),
      text("new_estimate_text"), text("delivered_at_text"),
      // derived, short forms for SMS: day and month without the weekday, and one link
      text("target_day_text"), text("new_estimate_day_text"), text("action_url"),
      list("shipments",
           {text("recipient_name"), text("order_id"), text("carrier"), text("tracking_number"), text("tracking_url"),
            text("status"), text("exception_reason"), text("promised_date"), text("new_estimate"),
            text("deadline_name"), text("deadline_date"), flag("will_miss"), text("delivered_at"),
            // derived
            text("carrier_name"), text("promised_date_text"), text("new_estimate_text"), text("deadline_date_text"),
            text("delivered_at_text"), text("target_date_text"), flag("needs_address"), flag("held_at_customs"),
            flag("awaiting_pickup"), flag("other_action")}),
      list("options", {text("kind"), text("label_key"), text("url"), text("service_name"), text("arrives_by"),
                       // derived
                       text("arrives_by_text"), flag("is_faster_service"), flag("is_egift"),
                       flag("is_printable_card"), flag("is_cancel"), flag("is_update_address"), flag("is_pickup")}),
      object("remedy", {text("kind"), text("amount"), text("currency"), text("signer"),
                        // derived
                        text("amount_text"), flag("is_refund_shipping"), flag("is_free_upgrade"),
                        flag("is_gift_in_next_box"), flag("is_personal_note"), flag("is_coupon")}),
      text("unsubscribe_url"),
      // html part only: the text part rendered and set as HTML paragraphs
      text("body_html"),
  });
}

}  // namespace

const Field& template_schema() {
  static const Field root = build_schema();
  return root;
}

const Field* find_field(const Field& scope, std::string_view name) {
  for (const auto& f : scope.fields)
    if (f.name == name) return &f;
  return nullptr;
}

const std::vector<std::string>& message_kinds() {
  static const std::vector<std::string> kinds = {"will_miss_deadline", "delay_apology", "back_on_track",
                                                 "delivered_late_followup", "action_required"};
  return kinds;
}

bool is_message_kind(std::string_view kind) {
  for (const auto& k : message_kinds())
    if (k == kind) return true;
  return false;
}

bool is_channel(std::string_view channel) { return channel == "email" || channel == "sms"; }

const std::vector<std::string>& channel_parts(std::string_view channel) {
  static const std::vector<std::string> email = {"subject", "text", "html"};
  static const std::vector<std::string> sms = {"body"};
  return channel == "sms" ? sms : email;
}

}  // namespace forewarn::core::messages::templates
