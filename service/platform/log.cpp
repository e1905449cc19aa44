#include "platform/log.hpp"

#include <cstdio>
#include <mutex>

#include "core/redact.hpp"
#include "platform/system_clock.hpp"

namespace forewarn::log {

namespace {
std::mutex g_mutex;
std::shared_ptr<const Clock> g_clock;
Level g_level = Level::info;

const char* level_name(Level l) {
  switch (l) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}
}  // namespace

void configure(std::shared_ptr<const Clock> clock, const std::string& level) {
  std::lock_guard lock(g_mutex);
  g_clock = std::move(clock);
  g_level = level == "debug" ? Level::debug : level == "warn" ? Level::warn : level == "error" ? Level::error : Level::info;
}

nlohmann::json mask_json(nlohmann::json v) {
  if (v.is_string()) return mask_pii(v.get_ref<const std::string&>());
  if (v.is_object() || v.is_array())
    for (auto& child : v) child = mask_json(std::move(child));
  return v;
}

void write(Level level, const std::string& msg, nlohmann::json fields) {
  std::shared_ptr<const Clock> clock;
  {
    std::lock_guard lock(g_mutex);
    if (level < g_level) return;
    clock = g_clock;
  }
  const Instant now = clock ? clock->now() : platform::SystemClock{}.now();
  nlohmann::json line = nlohmann::json::object();
  line["time"] = format_iso8601(now);
  line["level"] = level_name(level);
  line["msg"] = mask_pii(msg);
  if (fields.is_object())
    for (auto& [k, v] : fields.items()) line[k] = mask_json(std::move(v));
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(g_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace forewarn::log
