// The cookie-gift bakery of DEVELOPERS.md as a checkout snapshot: one US
// warehouse (New York, cutoff 14:00, Monday-Friday) with a declared backlog,
// and the Christmas event (arrive by the end of 24 December). Shared by the
// checkout's unit tests and bench/core.
#pragma once

#include "core/checkout.hpp"

namespace forewarn::testing {

inline TenantSnapshot bakery(int backlog_days) {
  Warehouse w;
  w.id = "wh-1";
  w.time_zone = "America/New_York";
  w.country = "US";
  w.cutoff_local = "14:00";
  w.processing_days = {"mon", "tue", "wed", "thu", "fri"};
  w.backlog_days = backlog_days;
  TenantSnapshot s;
  s.warehouses.emplace(w.id, snapshot_warehouse(w));
  core::calendar::EventRule xmas;
  xmas.name = "Christmas";
  xmas.date = core::calendar::AnnualDate{12, 24};
  s.events.push_back({"ev-1", xmas});
  return s;
}

}  // namespace forewarn::testing
