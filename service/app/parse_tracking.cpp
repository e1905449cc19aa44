// forewarn parse-tracking --carrier NAME FILE: the normalized form of a saved
// carrier response, for operators debugging a carrier. One JSON object, or a
// JSON array when the response holds several shipments.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/commands.hpp"
#include "core/tracking/parse.hpp"

namespace forewarn::app {

int cmd_parse_tracking(const Args& args) {
  std::string carrier, file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--carrier" && i + 1 < args.size()) carrier = args[++i];
    else if (file.empty() && !args[i].empty() && args[i][0] != '-') file = args[i];
    else {
      file.clear();
      break;
    }
  }
  if (carrier.empty() || file.empty()) {
    std::fprintf(stderr, "usage: forewarn parse-tracking --carrier ups|fedex|usps|dhl|easypost|aftership FILE\n");
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "forewarn: cannot read %s\n", file.c_str());
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const auto outcome = tracking::parse_tracking(carrier, buf.str());
  if (!outcome.ok()) {
    const auto& e = outcome.error();
    std::fprintf(stderr, "forewarn: %s: %s: %s\n", file.c_str(), tracking::to_string(e.kind).data(), e.reason.c_str());
    return 1;
  }
  const auto& results = outcome.results();
  if (results.size() == 1) {
    std::printf("%s\n", tracking::to_json(results[0]).c_str());
  } else {
    std::string out = "[";
    for (size_t i = 0; i < results.size(); ++i) {
      if (i) out += ',';
      out += tracking::to_json(results[i]);  // not `"," + ...`: g++ 12 -O2 false -Wrestrict (GCC bug 105329)
    }
    std::printf("%s]\n", out.c_str());
  }
  return 0;
}

}  // namespace forewarn::app
