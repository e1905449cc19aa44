#include "platform/log.hpp"

#include <cstdio>
#include <atomic>
#include <mutex>

#include "core/redact.hpp"
#include "platform/system_clock.hpp"

namespace forewarn::log {

namespace {
std::mutex g_mutex;  // serialises writes only
std::shared_ptr<const Clock> g_clock;
// Read on every request (also for lines below the level): no lock.
std::atomic<int> g_level{static_cast<int>(Level::info)};

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
  std::atomic_store(&g_clock, std::shared_ptr<const Clock>(std::move(clock)));
  const Level l = level == "debug" ? Level::debug : level == "warn" ? Level::warn : level == "error" ? Level::error : Level::info;
  g_level.store(static_cast<int>(l));
}

nlohmann::json mask_json(nlohmann::json v) {
  if (v.is_string()) return mask_pii(v.get_ref<const std::string&>());
  if (v.is_object() || v.is_array())
    for (auto& child : v) child = mask_json(std::move(child));
  return v;
}

void write(Level level, const std::string& msg, nlohmann::json fields) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  const std::shared_ptr<const Clock> clock = std::atomic_load(&g_clock);
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
