#include "core/calendar/carrier_services.hpp"

#include <array>

namespace forewarn::core::calendar {
namespace {

constexpr WeekdaySet kMonFri = WeekdaySet::mon_fri();
constexpr WeekdaySet kMonSat = WeekdaySet::mon_sat();
constexpr WeekdaySet kTueSat = WeekdaySet::tue_sat();
constexpr WeekdaySet kAllWeek = WeekdaySet::all();

// Numbers and sources: see carrier_services.hpp.
constexpr std::array<CarrierService, 11> kServices = {{
    {"ups-ground", "UPS", "UPS Ground", 1, 5, kMonFri, kMonFri, HolidaySetId::ups},
    {"ups-2nd-day-air", "UPS", "UPS 2nd Day Air", 2, 2, kMonFri, kMonFri, HolidaySetId::ups},
    {"ups-next-day-air", "UPS", "UPS Next Day Air", 1, 1, kMonFri, kMonFri, HolidaySetId::ups},
    {"fedex-ground", "FedEx", "FedEx Ground", 1, 5, kMonFri, kMonFri, HolidaySetId::fedex},
    {"fedex-home-delivery", "FedEx", "FedEx Home Delivery", 1, 5, kMonFri, kTueSat, HolidaySetId::fedex},
    {"fedex-2day", "FedEx", "FedEx 2Day", 2, 2, kMonFri, kMonFri, HolidaySetId::fedex},
    {"fedex-standard-overnight", "FedEx", "FedEx Standard Overnight", 1, 1, kMonFri, kMonFri,
     HolidaySetId::fedex},
    {"usps-ground-advantage", "USPS", "USPS Ground Advantage", 2, 5, kMonSat, kMonSat, HolidaySetId::usps},
    {"usps-priority-mail", "USPS", "USPS Priority Mail", 1, 3, kMonSat, kMonSat, HolidaySetId::usps},
    {"usps-priority-mail-express", "USPS", "USPS Priority Mail Express", 1, 2, kMonSat, kAllWeek,
     HolidaySetId::usps},
    {"dhl-express-worldwide", "DHL", "DHL Express Worldwide", 1, 5, kMonFri, kMonFri, HolidaySetId::dhl_us},
}};

}  // namespace

std::span<const CarrierService> carrier_services() { return kServices; }

const CarrierService* find_carrier_service(std::string_view id) {
  for (const auto& s : kServices) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

ServiceDefinition definition_of(const CarrierService& service) {
  return ServiceDefinition{std::string(service.id),    std::string(service.carrier),
                           std::string(service.name),  service_calendar(service),
                           service.min_transit_days,   service.max_transit_days,
                           true};
}

ServiceCalendar service_calendar(const CarrierService& service) {
  return ServiceCalendar{service.pickup_days, service.delivery_days, service.holidays, {}};
}

DeliveryWindow nominal_delivery_window(const CarrierService& service, Day handover_day) {
  const ServiceCalendar cal = service_calendar(service);
  const Day pickup = next_pickup_day(cal, handover_day);
  return {pickup, add_business_days(cal, pickup, service.min_transit_days),
          add_business_days(cal, pickup, service.max_transit_days)};
}

}  // namespace forewarn::core::calendar
