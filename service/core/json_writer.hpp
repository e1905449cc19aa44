// A small streaming JSON writer for hot responses (the checkout), where
// building an nlohmann::json tree only to dump it costs more than the answer
// itself. Compact output, keys in the order written, strings escaped as
// nlohmann's dump() escapes them (RFC 8259; UTF-8 passes through), doubles in
// the shortest form that reads back exactly (std::to_chars), non-finite
// doubles as null. Tests parse what it writes back with nlohmann.
//
//   JsonWriter w;
//   w.begin_object().key("id").value("ups-ground").key("p").value(0.93).end_object();
//   std::string text = std::move(w).str();
//
// Commas are placed automatically. Misuse (a value where a key is due) is a
// programming error, not checked beyond what the tests cover.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace forewarn {

class JsonWriter {
 public:
  JsonWriter() { out_.reserve(1024); }

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(double d);
  JsonWriter& value(bool b);
  JsonWriter& value(long long i);
  JsonWriter& value(int i) { return value(static_cast<long long>(i)); }
  JsonWriter& null();

  const std::string& text() const { return out_; }
  std::string str() && { return std::move(out_); }

 private:
  void separate();
  void escape(std::string_view s);

  std::string out_;
  std::vector<bool> first_;   // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace forewarn
