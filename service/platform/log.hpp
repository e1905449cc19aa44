// Structured logs: one JSON object per line on stderr, e.g.
// {"time":"...","level":"info","msg":"request","request_id":"...","tenant":"...","route":"...","status":200,"latency_ms":0.4}
// Every string that reaches a log line goes through mask_pii() first.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace forewarn::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

// Set once at start-up. Until then logs use the system clock and level info.
void configure(std::shared_ptr<const Clock> clock, const std::string& level);

void write(Level level, const std::string& msg, nlohmann::json fields = nlohmann::json::object());
inline void debug(const std::string& m, nlohmann::json f = nlohmann::json::object()) { write(Level::debug, m, std::move(f)); }
inline void info(const std::string& m, nlohmann::json f = nlohmann::json::object()) { write(Level::info, m, std::move(f)); }
inline void warn(const std::string& m, nlohmann::json f = nlohmann::json::object()) { write(Level::warn, m, std::move(f)); }
inline void error(const std::string& m, nlohmann::json f = nlohmann::json::object()) { write(Level::error, m, std::move(f)); }

// Masks every string inside a JSON value (keys are left alone).
nlohmann::json mask_json(nlohmann::json value);

}  // namespace forewarn::log
