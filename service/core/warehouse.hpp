// A warehouse as a merchant configures it: where orders are packed and handed
// to carriers, on which days, until what time, and how far behind it is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/destination.hpp"  // is_country_code

#include "core/problem.hpp"

namespace forewarn {

struct Warehouse {
  std::string id;
  std::string name;
  std::string time_zone;                     // IANA, e.g. "America/New_York"
  std::string country;                       // ISO 3166-1 alpha-2
  std::string postal_code;
  std::string cutoff_local = "14:00";        // orders before this local time ship that day
  std::vector<std::string> processing_days;  // "mon".."sun"
  std::vector<std::string> closures;         // local dates YYYY-MM-DD
  int backlog_days = 0;                      // declared backlog in processing days
  std::string created_at;
  std::string updated_at;
};

// Validates a create (all required fields) or a patch over `base`.
// Returns the merged warehouse or a validation problem naming each field.
struct WarehouseInput {
  std::optional<Warehouse> value;
  Problem problem;
};
WarehouseInput warehouse_from_json(const nlohmann::json& body, const Warehouse* base);

nlohmann::json to_json(const Warehouse& w);

bool is_valid_time_zone(const std::string& name);
// An ISO 3166-1 alpha-2 code in capitals ("US", "FI"); the form only.
inline constexpr const char* kCountryRule = "must be an ISO 3166-1 alpha-2 code in capitals, such as US or FI";
// What a weekday name must be, for error messages.
inline constexpr const char* kWeekdayNameRule = "a day name: mon, tue, wed, thu, fri, sat or sun";
bool is_valid_local_date(const std::string& yyyy_mm_dd);

}  // namespace forewarn
