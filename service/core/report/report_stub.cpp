// TEMP report stub: a placeholder until the report's branch lands (the lead
// drops this commit when merging). Counts only; no measures.
#include <stdexcept>

#include "core/report/report.hpp"
#include "core/report/season_json.hpp"

namespace forewarn::core::report {

nlohmann::json to_json(const SeasonData& season) {
  return {{"seed", season.seed}, {"from", season.from}, {"to", season.to},
          {"orders", season.orders.size()}, {"shipments", season.shipments.size()}, {"messages", season.messages.size()}};
}

SeasonData season_from_json(const nlohmann::json& json) {
  SeasonData s;
  if (!json.is_object()) throw std::invalid_argument("/: expected an object");
  s.seed = json.value("seed", 0LL);
  s.from = json.value("from", std::string());
  s.to = json.value("to", std::string());
  return s;
}

ReportFiles render_report(const SeasonData& season) {
  ReportFiles f;
  f.json = {{"stub", true}, {"orders", season.orders.size()}, {"shipments", season.shipments.size()},
            {"messages", season.messages.size()}};
  f.html = "<!doctype html><html><body><h1>forewarn demo (stub report)</h1><p>" + std::to_string(season.orders.size()) +
           " orders, " + std::to_string(season.shipments.size()) + " shipments, " +
           std::to_string(season.messages.size()) + " messages.</p></body></html>\n";
  f.summary = "stub report: " + std::to_string(season.orders.size()) + " orders, " +
              std::to_string(season.shipments.size()) + " shipments, " + std::to_string(season.messages.size()) +
              " messages\n";
  return f;
}

}  // namespace forewarn::core::report
