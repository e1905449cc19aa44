// SeasonData as JSON (season.json beside the report): the demo writes it, and
// `forewarn report --season FILE` recomputes a report from it. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include "core/report/season.hpp"

namespace forewarn::core::report {

nlohmann::json to_json(const SeasonData& season);
// Throws std::invalid_argument naming the JSON Pointer of the first bad field.
SeasonData season_from_json(const nlohmann::json& json);

}  // namespace forewarn::core::report
