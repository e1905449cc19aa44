// JSON form of a merchant's events (Christmas, Mother's Day, a birthday):
//   {"name":"Christmas","rule":{"type":"annual","month":12,"day":24},
//    "deadline_time":"23:59:59","time_zone":null}
// Rule types: fixed {date}, annual {month, day}, nth_weekday {month, weekday
// (mon..sun), n (1..5 or -1..-5)}, easter {offset_days}, lunar_new_year
// {offset_days}. deadline_time defaults to the end of the day; time_zone
// defaults to the recipient's.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "core/calendar/events.hpp"
#include "core/problem.hpp"

namespace forewarn {

struct EventInput {
  std::optional<core::calendar::EventRule> value;
  Problem problem;
};
EventInput event_from_json(const nlohmann::json& body);
nlohmann::json to_json(const core::calendar::EventRule& rule);

}  // namespace forewarn
