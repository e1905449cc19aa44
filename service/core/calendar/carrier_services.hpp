// Built-in table of carrier services with their nominal (advertised) transit
// times and service days. "Transit days" are business days after the pickup
// day, counted in the service's delivery days (see service_calendar.hpp).
//
// Where the numbers come from (the carriers' published service guides, as of
// 2024-2025; contiguous US unless noted):
// - UPS: ups.com "Compare UPS Shipping Services" and the UPS Rate and Service
//   Guide: Ground 1-5 business days, Mon-Fri; 2nd Day Air by end of the 2nd
//   business day; Next Day Air next business day. Saturday delivery is an
//   extra-cost option and is not assumed.
// - FedEx: FedEx Service Guide: FedEx Ground 1-5 business days, Mon-Fri;
//   FedEx Home Delivery 1-5 business days, delivered Tue-Sat; FedEx 2Day in
//   2 business days; FedEx Standard Overnight next business day.
// - USPS: usps.com and Notice 123: Ground Advantage 2-5 days, Priority Mail
//   1-3 days, delivered Mon-Sat; Priority Mail Express overnight to 2 days.
//   Simplification for Express: USPS delivers it 7 days a week (Sunday in most
//   areas; holidays only in select locations), so all weekdays are delivery
//   days but federal holidays are not (pessimistic on purpose).
// - DHL Express Worldwide (DHL Express USA service guide): time-definite
//   international door-to-door, "next possible business day" on major lanes;
//   DHL quotes transit per lane, the 1-5 band covers its quotes for common
//   US-international lanes. Delivery Mon-Fri.
// Holiday sets: UPS, FedEx and DHL close on the "core six" US holidays, USPS
// on the federal holidays (holidays.hpp).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/calendar/service_calendar.hpp"

namespace forewarn::core::calendar {

struct CarrierService {
  std::string_view id;       // stable key, e.g. "ups-ground"
  std::string_view carrier;  // "UPS", "FedEx", "USPS", "DHL"
  std::string_view name;     // the carrier's marketing name
  int min_transit_days;      // business days after the pickup day
  int max_transit_days;
  WeekdaySet pickup_days;
  WeekdaySet delivery_days;
  HolidaySetId holidays;
};

// A carrier service as the promise engine and the learned model use it: a
// built-in one from the table below, or a tenant's own (core/tenant_service.hpp).
struct ServiceDefinition {
  std::string id;
  std::string carrier;
  std::string name;
  ServiceCalendar calendar;
  int min_transit_days = 1;  // the nominal band, in business days after the pickup day
  int max_transit_days = 1;
  bool enabled = true;

  friend bool operator==(const ServiceDefinition&, const ServiceDefinition&) = default;
};
ServiceDefinition definition_of(const CarrierService& service);

// The whole table, in a stable order.
std::span<const CarrierService> carrier_services();

// The service with this id, or nullptr.
const CarrierService* find_carrier_service(std::string_view id);

// The service's pickup/delivery calendar (no extra closures).
ServiceCalendar service_calendar(const CarrierService& service);

// The nominal delivery window for a parcel handed to the carrier on
// `handover_day`: picked up on the next pickup day on or after it, delivered
// between min and max transit business days later.
struct DeliveryWindow {
  Day pickup;
  Day earliest;
  Day latest;
  friend bool operator==(const DeliveryWindow&, const DeliveryWindow&) = default;
};
DeliveryWindow nominal_delivery_window(const CarrierService& service, Day handover_day);

}  // namespace forewarn::core::calendar
