// Every codec must survive every fixture truncated at several lengths and
// assorted garbage: no crash, no exception, an error value whenever the
// body was actually cut.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/tracking/codec_support.hpp"
#include "core/tracking/parse.hpp"
#include "tests/unit/tracking/shared_fixtures.hpp"

namespace trk = forewarn::tracking;

namespace {

std::vector<std::string> garbage() {
  std::vector<std::string> g = {"", " ", "null", "0", "true", "[]", "{}", "[{}]", "\"text\"", "{\"a\":",
                                "<", "<a>", "<a/>", "<?xml version=\"1.0\"?>", "<TrackResponse/>",
                                "<TrackReply><CompletedTrackDetails/></TrackReply>",
                                "{\"trackResponse\":{\"shipment\":[{\"package\":[{\"activity\":[{\"date\":1}]}]}]}}",
                                "{\"output\":{\"completeTrackResults\":[{\"trackResults\":[7]}]}}",
                                "{\"shipments\":[{\"events\":[{\"timestamp\":\"2018-99-99T99:99:99\"}]}]}",
                                "{\"data\":{\"tracking\":{\"checkpoints\":[{\"checkpoint_time\":null}]}}}",
                                "{\"meta\":{\"code\":\"x\"},\"data\":[]}",
                                "[{\"trackingEvents\":[{\"GMTTimestamp\":\"2024-13-01T00:00:00Z\",\"GMTOffset\":\"+99:99\"}]}]",
                                "{\"tracking_code\":1,\"status\":{},\"tracking_details\":\"x\"}",
                                std::string("\xff\xfe\x00\x01", 4),
                                "\xef\xbb\xbf{}"};
  g.push_back(std::string(20000, '[') );
  std::string deep_xml;
  for (int i = 0; i < 20000; ++i) deep_xml += "<a>";
  g.push_back(deep_xml);
  std::string bytes;
  unsigned x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    bytes += static_cast<char>(x >> 16);
  }
  g.push_back(bytes);
  return g;
}

}  // namespace

TEST_CASE("robustness: garbage into every codec gives an error value") {
  for (const auto& codec : trk::codecs()) {
    for (const auto& body : garbage()) {
      INFO(codec.name, " <- ", body.substr(0, 40));
      trk::ParseOutcome o = trk::parse_tracking(codec.name, body);
      if (o.ok()) {
        for (const auto& r : o.results()) (void)trk::to_json(r);
      } else {
        CHECK_FALSE(o.error().reason.empty());
      }
    }
  }
  CHECK_FALSE(trk::parse_tracking("royalmail", "{}").ok());
}

TEST_CASE("robustness: every fixture truncated, into every codec") {
  auto root = trk::testing::fixtures_or_skip("fixtures/tracking");
  if (!root) return;
  int files = 0, runs = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(*root)) {
    if (!entry.is_regular_file()) continue;
    auto ext = entry.path().extension().string();
    if (ext != ".json" && ext != ".xml" && ext != ".txt") continue;
    auto text = trk::testing::read_file(entry.path());
    REQUIRE(text);
    ++files;
    const std::string full = trk::codec::trim(*text);
    const std::size_t n = text->size();
    std::vector<std::size_t> cuts = {0, 1, 2, 7, n / 7, n / 3, n / 2, (2 * n) / 3, n > 1 ? n - 1 : 0, n};
    for (std::size_t cut : cuts) {
      if (cut > n) continue;
      std::string body = text->substr(0, cut);
      const bool really_cut = trk::codec::trim(body) != full;
      for (const auto& codec : trk::codecs()) {
        INFO(entry.path().string(), " cut at ", cut, " of ", n, " into ", codec.name);
        trk::ParseOutcome o = trk::parse_tracking(codec.name, body);
        ++runs;
        if (really_cut) {
          CHECK_FALSE(o.ok());
        } else if (o.ok()) {
          for (const auto& r : o.results()) (void)trk::to_json(r);
        }
      }
    }
  }
  MESSAGE("robustness: " << files << " fixture files, " << runs << " parses");
  CHECK(files > 250);
}
