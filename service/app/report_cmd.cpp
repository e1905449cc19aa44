// forewarn report --season FILE --out DIR: recomputes the season report from
// the season.json a demo left behind (core/report), writes report.json and
// report.html into DIR and prints the terminal summary. No database, no
// network: the report is a function of the file.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "app/commands.hpp"
#include "core/report/report.hpp"
#include "core/report/season_json.hpp"

namespace forewarn::app {

namespace {

bool write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  return static_cast<bool>(out);
}

}  // namespace

int cmd_report(const Args& args) {
  std::string season_file, out_dir;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--season" && i + 1 < args.size()) {
      season_file = args[++i];
    } else if (args[i] == "--out" && i + 1 < args.size()) {
      out_dir = args[++i];
    } else {
      season_file.clear();
      break;
    }
  }
  if (season_file.empty() || out_dir.empty()) {
    std::fprintf(stderr, "usage: forewarn report --season FILE --out DIR\n");
    return 2;
  }
  std::ifstream in(season_file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "forewarn: cannot read %s\n", season_file.c_str());
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  core::report::ReportFiles files;
  try {
    const auto json = nlohmann::json::parse(buf.str());
    files = core::report::render_report(core::report::season_from_json(json));
  } catch (const nlohmann::json::parse_error& e) {
    std::fprintf(stderr, "forewarn: %s: not JSON (byte %zu)\n", season_file.c_str(), e.byte);
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "forewarn: %s: %s\n", season_file.c_str(), e.what());
    return 1;
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  const std::filesystem::path dir(out_dir);
  if (ec || !write_file(dir / "report.json", files.json.dump(2) + "\n") || !write_file(dir / "report.html", files.html)) {
    std::fprintf(stderr, "forewarn: cannot write the report into %s\n", out_dir.c_str());
    return 1;
  }
  std::fputs(files.summary.c_str(), stdout);
  std::printf("report: %s, %s\n", (dir / "report.html").c_str(), (dir / "report.json").c_str());
  return 0;
}

}  // namespace forewarn::app
