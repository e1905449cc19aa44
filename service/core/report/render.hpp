// The report's renderings, shared between report.cpp (report.json and the
// terminal summary) and html.cpp (report.html). Internal to core/report. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/report/measures.hpp"
#include "core/report/season.hpp"

namespace forewarn::core::report {

// A few real rendered messages, one per locale, up to `count` locales: sent
// messages with a body, "en" first, then the other locales by how many
// messages they have (ties by name), the first message of each locale in the
// season's order. Subject and body go through mask_pii() before they are shown.
std::vector<const MessageRecord*> sample_messages(const SeasonData& season, size_t count);

// "12.3%" / "n/a"; "1,234"; "1,234.50".
std::string format_percent(std::optional<double> share);
std::string format_count(long long n);
std::string format_money(double amount);
std::string format_hours(std::optional<double> hours);

std::string render_html(const SeasonData& season, const Measures& m, const std::vector<const MessageRecord*>& samples);

}  // namespace forewarn::core::report
