// Sample template data (context.hpp: sample_data): what POST
// /v1/templates/preview renders when no data is given, and what the tests
// render every built-in template with.
#include <string>

#include "core/locale/locale.hpp"
#include "core/messages/templates/context.hpp"

namespace forewarn::core::messages::templates {

namespace {

using nlohmann::json;

struct People {
  const char* customer;
  const char* first;
  const char* second;
  const char* deadline;  // the event as a merchant in that country names it
  const char* currency;
  double shipping;
};

People people_for(std::string_view locale) {
  const std::string lang = locale::language_of(locale);
  if (lang == "fi") return {"Aino", "Eero", "Helmi", "jouluaatto", "EUR", 5.90};
  if (lang == "hu") return {"Kata", "Bence", "Zsófi", "Szenteste", "HUF", 1490};
  if (lang == "zh") return {"王芳", "李雷", "韩梅梅", "平安夜", "CNY", 12};
  if (lang == "pt") return {"Ana", "Pedro", "Beatriz", "Natal", "BRL", 19.90};
  if (lang == "de") return {"Lena", "Jonas", "Marie", "Heiligabend", "EUR", 4.90};
  return {"Emma", "Oliver", "Grace", "Christmas Eve", "USD", 6.95};
}

json shipment(const People& p, int index, std::string_view kind) {
  json s = {{"recipient_name", index == 0 ? p.first : p.second},
            {"order_id", "1042"},
            {"carrier", index == 0 ? "ups" : "dhl"},
            {"tracking_number", index == 0 ? "1Z999AA10123456784" : "JD014600006281230735"},
            {"tracking_url", index == 0 ? "https://track.example.com/1Z999AA10123456784"
                                        : "https://track.example.com/JD014600006281230735"},
            {"status", "in_transit"},
            {"exception_reason", nullptr},
            {"promised_date", "2026-12-22"},
            {"new_estimate", nullptr},
            {"deadline_name", p.deadline},
            {"deadline_date", "2026-12-24"},
            {"will_miss", false},
            {"delivered_at", nullptr}};
  const bool first = index == 0;
  if (kind == "will_miss_deadline" || kind == "delay_apology") {
    s["will_miss"] = first;
    s["new_estimate"] = first ? "2026-12-28" : "2026-12-22";
  } else if (kind == "back_on_track") {
    s["new_estimate"] = "2026-12-23";
  } else if (kind == "delivered_late_followup") {
    s["status"] = "delivered";
    s["delivered_at"] = first ? "2026-12-28T14:12:00Z" : "2026-12-22T10:40:00Z";
    s["will_miss"] = first;
  } else if (kind == "action_required") {
    s["status"] = first ? "exception" : "available_for_pickup";
    s["exception_reason"] = first ? json("address") : json(nullptr);
  }
  return s;
}

json options_for(std::string_view kind, bool gift) {
  json o = json::array();
  if (kind == "will_miss_deadline") {
    o.push_back({{"kind", "faster_service"}, {"label_key", "faster_service"}, {"url", "https://shop.example.com/o/1042/upgrade"},
                 {"service_name", "UPS Express Saver"}, {"arrives_by", "2026-12-23"}});
    if (gift) {
      o.push_back({{"kind", "egift"}, {"label_key", "egift"}, {"url", "https://shop.example.com/o/1042/egift"}});
      o.push_back({{"kind", "printable_card"}, {"label_key", "printable_card"}, {"url", "https://shop.example.com/o/1042/card"}});
    }
    o.push_back({{"kind", "cancel"}, {"label_key", "cancel"}, {"url", "https://shop.example.com/o/1042/cancel"}});
  } else if (kind == "action_required") {
    o.push_back({{"kind", "update_address"}, {"label_key", "update_address"}, {"url", "https://shop.example.com/o/1042/address"}});
    if (gift) o.push_back({{"kind", "pickup"}, {"label_key", "pickup"}, {"url", "https://track.example.com/JD014600006281230735"}});
  }
  return o;
}

json remedy_for(std::string_view kind, const People& p) {
  if (kind == "delay_apology")
    return {{"kind", "refund_shipping"}, {"amount", p.shipping}, {"currency", p.currency}, {"signer", nullptr}};
  if (kind == "delivered_late_followup")
    return {{"kind", "gift_in_next_box"}, {"amount", nullptr}, {"currency", nullptr}, {"signer", "Maija"}};
  return nullptr;
}

}  // namespace

json sample_data(std::string_view kind, std::string_view channel, std::string_view locale, int recipients) {
  const People p = people_for(locale);
  const bool gift = recipients > 1;
  json shipments = json::array();
  for (int i = 0; i < (gift ? recipients : 1); ++i) shipments.push_back(shipment(p, i % 2, kind));
  if (!gift) shipments[0]["recipient_name"] = p.customer;
  return {{"brand",
           {{"name", "Crumb & Co."},
            {"signature", "Crumb & Co. · crumb.example.com"},
            {"signer", "Maija"},
            {"tone", "warm"},
            {"support_url", "https://crumb.example.com/help"}}},
          {"kind", std::string(kind)},
          {"channel", std::string(channel)},
          {"locale", std::string(locale)},
          {"customer", {{"name", p.customer}}},
          {"gift", gift},
          {"shipment_count", static_cast<int>(shipments.size())},
          {"shipments", shipments},
          {"options", options_for(kind, gift)},
          {"remedy", remedy_for(kind, p)},
          {"unsubscribe_url", "https://forewarn.example.com/u/sample"}};
}

}  // namespace forewarn::core::messages::templates
