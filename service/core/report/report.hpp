// The season report of `forewarn demo` (issue 6): every measure computed from
// a SeasonData alone, and its three renderings. Pure (no I/O: the demo writes
// the files). The measures are defined in docs/demo.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/report/season.hpp"

namespace forewarn::core::report {

struct ReportFiles {
  nlohmann::json json;  // report.json: every figure (top-level keys of issue 6 at least)
  std::string html;     // report.html: self-contained, inline SVG charts, opens offline
  std::string summary;  // the terminal summary (plain text, a dozen lines)
};

ReportFiles render_report(const SeasonData& season);

}  // namespace forewarn::core::report
