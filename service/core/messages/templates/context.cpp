#include "core/messages/templates/context.hpp"

#include <cstdlib>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "core/calendar/civil.hpp"
#include "core/locale/locale.hpp"

namespace forewarn::core::messages::templates {

namespace {

using nlohmann::json;

std::string str(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool truthy(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

// "2026-12-24" or "2026-12-24T15:00:00Z" → the long date; "" when neither.
std::string date_text(std::string_view locale, const std::string& iso) {
  if (iso.size() < 10) return "";
  const auto day = calendar::parse_day(std::string_view(iso).substr(0, 10));
  return day ? locale::long_date(locale, *day) : "";
}

void add_date_text(json& obj, const char* key, std::string_view locale) {
  const std::string t = date_text(locale, str(obj, key));
  if (!t.empty()) obj[std::string(key) + "_text"] = t;
}

std::string carrier_name(const std::string& code) {
  if (code == "ups") return "UPS";
  if (code == "fedex") return "FedEx";
  if (code == "usps") return "USPS";
  if (code == "dhl") return "DHL";
  return code;
}

// The words for a number of parcels (or gifts) in each language.
locale::PluralForms count_forms(std::string_view locale, bool gift) {
  const std::string lang = locale::language_of(locale);
  if (lang == "fi") return gift ? locale::PluralForms{"# lahja", "# lahjaa"} : locale::PluralForms{"# paketti", "# pakettia"};
  if (lang == "hu") return gift ? locale::PluralForms{"# ajándék", "# ajándék"} : locale::PluralForms{"# csomag", "# csomag"};
  if (lang == "zh") return gift ? locale::PluralForms{"", "# 份礼物"} : locale::PluralForms{"", "# 个包裹"};
  if (lang == "pt") return gift ? locale::PluralForms{"# presente", "# presentes"} : locale::PluralForms{"# encomenda", "# encomendas"};
  if (lang == "de") return gift ? locale::PluralForms{"# Geschenk", "# Geschenke"} : locale::PluralForms{"# Paket", "# Pakete"};
  return gift ? locale::PluralForms{"# gift", "# gifts"} : locale::PluralForms{"# parcel", "# parcels"};
}

void flag_kind(json& obj, const std::vector<const char*>& kinds) {
  const std::string kind = str(obj, "kind");
  for (const char* k : kinds) obj[std::string("is_") + k] = kind == k;
}

void prepare_shipment(json& s, std::string_view locale) {
  s["carrier_name"] = carrier_name(str(s, "carrier"));
  for (const char* key : {"promised_date", "new_estimate", "deadline_date", "delivered_at"}) add_date_text(s, key, locale);
  if (s.contains("deadline_date_text"))
    s["target_date_text"] = s["deadline_date_text"];
  else if (s.contains("promised_date_text"))
    s["target_date_text"] = s["promised_date_text"];
  const std::string reason = str(s, "exception_reason");
  s["needs_address"] = reason == "address";
  s["held_at_customs"] = reason == "customs";
  s["awaiting_pickup"] = str(s, "status") == "available_for_pickup";
  s["other_action"] = !s["needs_address"].get<bool>() && !s["held_at_customs"].get<bool>() &&
                      !s["awaiting_pickup"].get<bool>();
}

}  // namespace

json prepare_context(const json& data, std::string_view locale) {
  json c = data.is_object() ? data : json::object();
  if (!c.contains("locale")) c["locale"] = std::string(locale);

  json& brand = c["brand"];
  if (!brand.is_object()) brand = json::object();
  const std::string tone = str(brand, "tone");
  brand["casual"] = tone == "casual" || tone == "friendly" || tone == "playful";

  json& shipments = c["shipments"];
  if (!shipments.is_array()) shipments = json::array();
  std::vector<std::string> all, late, on_time;
  for (auto& s : shipments) {
    if (!s.is_object()) continue;
    prepare_shipment(s, locale);
    const std::string name = str(s, "recipient_name");
    if (name.empty()) continue;
    all.push_back(name);
    (truthy(s, "will_miss") ? late : on_time).push_back(name);
  }
  long long late_count = 0;
  for (const auto& s : shipments) late_count += s.is_object() && truthy(s, "will_miss") ? 1 : 0;

  long long count = static_cast<long long>(shipments.size());
  if (c.contains("shipment_count") && c["shipment_count"].is_number_integer()) count = c["shipment_count"].get<long long>();
  c["shipment_count"] = count;
  const bool gift = truthy(c, "gift");
  c["single"] = count <= 1;
  c["several"] = count > 1;
  c["shipment_count_text"] = locale::plural(locale, count, count_forms(locale, gift));
  c["late_count"] = late_count;
  c["late_count_text"] = locale::plural(locale, late_count, count_forms(locale, gift));
  c["all_late"] = late_count > 0 && late_count == count;
  c["some_on_time"] = late_count > 0 && late_count < count;
  c["recipients_text"] = locale::join_list(locale, all);
  c["late_recipients_text"] = locale::join_list(locale, late);
  c["on_time_recipients_text"] = locale::join_list(locale, on_time);

  // The headline shipment: what a subject or an SMS talks about.
  const json* headline = nullptr;
  for (const auto& s : shipments)
    if (s.is_object() && (!headline || (truthy(s, "will_miss") && !truthy(*headline, "will_miss")))) headline = &s;
  if (headline) {
    for (const char* key : {"order_id", "carrier_name", "tracking_url", "deadline_name", "target_date_text",
                            "new_estimate_text", "delivered_at_text"}) {
      const auto it = headline->find(key);
      if (it != headline->end() && !c.contains(key)) c[key] = *it;
    }
  }

  if (headline) {
    for (const auto& [key, from] : {std::pair{"target_day_text", "deadline_date"}, std::pair{"new_estimate_day_text", "new_estimate"}}) {
      std::string iso = str(*headline, from);
      if (iso.empty() && std::string_view(from) == "deadline_date") iso = str(*headline, "promised_date");
      const auto day = iso.size() >= 10 ? calendar::parse_day(std::string_view(iso).substr(0, 10)) : std::nullopt;
      if (day && !c.contains(key)) c[key] = locale::day_month(locale, *day);
    }
  }

  json& options = c["options"];
  if (!options.is_array()) options = json::array();
  for (auto& o : options) {
    if (!o.is_object()) continue;
    add_date_text(o, "arrives_by", locale);
    flag_kind(o, {"faster_service", "egift", "printable_card", "cancel", "update_address", "pickup"});
  }
  c["has_options"] = !options.empty();
  // One link for an SMS: a faster service, else the first option, else tracking.
  if (!c.contains("action_url")) {
    std::string url;
    for (const auto& o : options)
      if (o.is_object() && str(o, "kind") == "faster_service") url = str(o, "url");
    for (const auto& o : options)
      if (url.empty() && o.is_object()) url = str(o, "url");
    if (url.empty() && headline) url = str(*headline, "tracking_url");
    if (!url.empty()) c["action_url"] = url;
  }

  if (c.contains("remedy") && c["remedy"].is_object()) {
    json& r = c["remedy"];
    flag_kind(r, {"refund_shipping", "free_upgrade", "gift_in_next_box", "personal_note", "coupon"});
    const auto amount = r.find("amount");
    std::optional<double> value;
    if (amount != r.end() && amount->is_number()) value = amount->get<double>();
    if (amount != r.end() && amount->is_string()) {  // "4.90", as a decimal column reads
      char* end = nullptr;
      const std::string text = amount->get<std::string>();
      const double v = std::strtod(text.c_str(), &end);
      if (!text.empty() && end && *end == '\0') value = v;
    }
    if (value) r["amount_text"] = locale::money(locale, *value, str(r, "currency"));
  }
  return c;
}

}  // namespace forewarn::core::messages::templates
