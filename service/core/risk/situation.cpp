#include "core/risk/situation.hpp"

#include <cctype>

#include <date/tz.h>

#include "core/eta/promise.hpp"

namespace forewarn::core::risk {

std::string default_service_id(const std::string& carrier) {
  if (carrier == "ups") return "ups-ground";
  if (carrier == "fedex") return "fedex-ground";
  if (carrier == "usps") return "usps-ground-advantage";
  return "dhl-express-worldwide";
}

std::optional<Situation> situation_of(const ShipmentFacts& f, const TenantSnapshot& tenant) {
  if (!f.destination_time_zone) return std::nullopt;
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(*f.destination_time_zone);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
  Situation s;
  s.shipment_id = f.id;
  s.carrier = f.carrier;
  s.destination_zone = zone;
  auto service = resolve_service(tenant, f.service.value_or(default_service_id(f.carrier)));
  if (!service) service = resolve_service(tenant, default_service_id(f.carrier));
  if (service) {
    s.used_service = eta::nominal_option(*service);
    s.promised_service = s.used_service;
  }
  // The carrier's other built-in services: the faster ones that still make
  // the deadline are offered while the parcel is not handed over.
  for (const auto& c : calendar::carrier_services()) {
    std::string carrier(c.carrier);
    for (auto& ch : carrier) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (carrier == f.carrier) s.upgrades.push_back(eta::nominal_option(c));
  }
  calendar::WarehouseCalendar fallback;
  fallback.time_zone = *f.destination_time_zone;
  s.warehouse = fallback;
  if (f.warehouse_id)
    if (const auto it = tenant.warehouses.find(*f.warehouse_id); it != tenant.warehouses.end() && !it->second.unusable)
      s.warehouse = it->second.calendar;
  s.order_instant = f.created_at;
  s.label_created_at = f.state.label_created_at.value_or(f.created_at);
  s.first_scan_at = f.state.first_scan_at;
  s.last_scan_at = f.state.last_scan_at;
  s.status = f.state.status;
  s.exception_reason = f.state.exception_reason;
  if (f.state.carrier_estimated_delivery) s.carrier_edd = calendar::day_of(*f.state.carrier_estimated_delivery);
  if (f.first_carrier_estimated_delivery) s.first_carrier_edd = calendar::day_of(*f.first_carrier_estimated_delivery);
  if (service)
    if (const auto* slip = slip_of(tenant, *service)) s.carrier_slip = slip->slip;
  s.delivered_at = f.state.delivered_at;
  if (f.state.promised_date) s.promised_date = calendar::day_of(*f.state.promised_date);
  if (f.event_id)
    for (const auto& e : tenant.events)
      if (e.id == *f.event_id) {
        try {
          if (const auto at = calendar::next_occurrence(e.rule, f.created_at, *zone))
            s.event = EventDeadline{e.id, e.rule.name, *at};
        } catch (const std::runtime_error&) {
          // an event whose own zone is unknown has no deadline to check
        }
        break;
      }
  return s;
}

}  // namespace forewarn::core::risk
