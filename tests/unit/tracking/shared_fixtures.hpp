// Locating ../shared for the tracking tests: ${FOREWARN_SHARED_DIR} when set,
// else <FOREWARN_SOURCE_DIR>/../shared. Tests skip with a message when absent.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

namespace forewarn::tracking::testing {

inline std::optional<std::filesystem::path> shared_dir() {
  namespace fs = std::filesystem;
  fs::path p;
  if (const char* env = std::getenv("FOREWARN_SHARED_DIR"); env && *env) {
    p = env;
  } else {
#ifdef FOREWARN_SOURCE_DIR
    p = fs::path(FOREWARN_SOURCE_DIR) / ".." / "shared";
#else
    return std::nullopt;
#endif
  }
  std::error_code ec;
  if (!fs::is_directory(p, ec)) return std::nullopt;
  return p;
}

inline std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The fixtures root, or nullopt after printing why the test is skipped.
inline std::optional<std::filesystem::path> fixtures_or_skip(const char* sub) {
  auto dir = shared_dir();
  if (!dir || !std::filesystem::is_directory(*dir / sub)) {
    MESSAGE("SKIPPED: shared folder not found (set FOREWARN_SHARED_DIR or place it at "
            "<repo>/../shared); missing " << std::string(sub));
    return std::nullopt;
  }
  return *dir / sub;
}

}  // namespace forewarn::tracking::testing
