#include "core/messages/sms.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace forewarn::core::messages {

namespace {

// GSM 03.38 basic character set, as Unicode code points (0x1B, the escape, is
// not a character of its own).
constexpr char32_t kBasic[] = {
    U'@', U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø', U'\r', U'Å', U'å',
    U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ', U'Θ', U'Ξ', U'Æ', U'æ', U'ß', U'É',
    U' ', U'!', U'"', U'#', U'¤', U'%', U'&', U'\'', U'(', U')', U'*', U'+', U',', U'-', U'.', U'/',
    U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U':', U';', U'<', U'=', U'>', U'?',
    U'¡', U'A', U'B', U'C', U'D', U'E', U'F', U'G', U'H', U'I', U'J', U'K', U'L', U'M', U'N', U'O',
    U'P', U'Q', U'R', U'S', U'T', U'U', U'V', U'W', U'X', U'Y', U'Z', U'Ä', U'Ö', U'Ñ', U'Ü', U'§',
    U'¿', U'a', U'b', U'c', U'd', U'e', U'f', U'g', U'h', U'i', U'j', U'k', U'l', U'm', U'n', U'o',
    U'p', U'q', U'r', U's', U't', U'u', U'v', U'w', U'x', U'y', U'z', U'ä', U'ö', U'ñ', U'ü', U'à'};
constexpr char32_t kExtension[] = {U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€'};

template <size_t N>
bool in(const char32_t (&table)[N], char32_t c) {
  for (char32_t t : table)
    if (t == c) return true;
  return false;
}

// One decoded character with the bytes it came from.
struct Char {
  char32_t cp;
  size_t begin, end;
  bool valid;
};

std::vector<Char> decode(std::string_view s) {
  std::vector<Char> out;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    bool valid = len > 0 && i + len <= s.size();
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; valid && k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (!valid) len = 1;
    out.push_back({valid ? cp : 0xFFFD, i, i + len, valid});
    i += len;
  }
  return out;
}

int gsm_units(char32_t c) { return in(kBasic, c) ? 1 : in(kExtension, c) ? 2 : -1; }
int utf16_units(char32_t c) { return c > 0xFFFF ? 2 : 1; }

int segments_for(SmsEncoding e, int units) {
  if (units == 0) return 0;
  const int single = e == SmsEncoding::gsm7 ? 160 : 70;
  const int multi = e == SmsEncoding::gsm7 ? 153 : 67;
  return units <= single ? 1 : (units + multi - 1) / multi;
}

int capacity(SmsEncoding e, int segments) {
  if (segments <= 1) return e == SmsEncoding::gsm7 ? 160 : 70;
  return segments * (e == SmsEncoding::gsm7 ? 153 : 67);
}

bool is_space(char32_t c) { return c == U' ' || c == U'\n' || c == U'\r' || c == U'\t'; }
// Chinese and Japanese punctuation: a cut may follow it (CJK has no spaces).
bool is_cjk_stop(char32_t c) {
  return c == U'\u3002' || c == U'\uFF0C' || c == U'\u3001' || c == U'\uFF1A' || c == U'\uFF1B' || c == U'\uFF01' ||
         c == U'\uFF1F' || c == U'\uFF09';
}
bool is_cjk(char32_t c) { return (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFFEF); }

}  // namespace

const char* to_string(SmsEncoding e) { return e == SmsEncoding::gsm7 ? "gsm7" : "ucs2"; }

SmsCount count_sms(std::string_view utf8) {
  const auto chars = decode(utf8);
  bool gsm = true;
  for (const auto& c : chars)
    if (!c.valid || gsm_units(c.cp) < 0) gsm = false;
  SmsCount r;
  r.encoding = gsm ? SmsEncoding::gsm7 : SmsEncoding::ucs2;
  for (const auto& c : chars) r.units += gsm ? gsm_units(c.cp) : utf16_units(c.cp);
  r.segments = segments_for(r.encoding, r.units);
  return r;
}

std::string fit_sms(std::string_view utf8, int max_segments) {
  if (max_segments < 1) max_segments = 1;
  const SmsCount whole = count_sms(utf8);
  if (whole.segments <= max_segments) return std::string(utf8);

  const bool gsm = whole.encoding == SmsEncoding::gsm7;
  const std::string ellipsis = gsm ? "..." : "\u2026";
  const int ellipsis_units = gsm ? 3 : 1;
  auto units_of = [&](char32_t c) { return gsm ? gsm_units(c) : utf16_units(c); };

  // A trailing link stays whole: it is what the reader needs most.
  std::string_view head = utf8, tail;
  const auto last_space = utf8.find_last_of(" \n");
  if (last_space != std::string_view::npos) {
    const std::string_view last = utf8.substr(last_space + 1);
    if (last.rfind("http://", 0) == 0 || last.rfind("https://", 0) == 0) {
      head = utf8.substr(0, last_space);
      tail = utf8.substr(last_space);  // with its separating space
    }
  }
  int budget = capacity(whole.encoding, max_segments) - ellipsis_units;
  for (const auto& c : decode(tail)) budget -= units_of(c.cp);
  if (budget <= 0) {  // the link alone does not fit: shorten everything
    head = utf8;
    tail = {};
    budget = capacity(whole.encoding, max_segments) - ellipsis_units;
  }

  // The longest prefix of head within budget, then back to the last word boundary.
  const auto chars = decode(head);
  int used = 0;
  size_t cut = 0;  // byte offset
  size_t last_boundary = 0;
  bool cjk_at_cut = false;
  for (const auto& c : chars) {
    const int u = units_of(c.cp);
    if (used + u > budget) break;
    used += u;
    cut = c.end;
    cjk_at_cut = is_cjk(c.cp);
    if (is_space(c.cp)) last_boundary = c.begin;
    if (is_cjk_stop(c.cp)) last_boundary = c.end;
  }
  // A word boundary, unless the text there is CJK and the boundary is far back
  // (a CJK character is a word of its own).
  const bool far = last_boundary < cut - std::min<size_t>(cut, 24);
  if (last_boundary > 0 && cut < head.size() && !(cjk_at_cut && far)) cut = last_boundary;
  std::string out(head.substr(0, cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == ',' || out.back() == '.'))
    out.pop_back();
  for (const char* stop : {"\uFF0C", "\u3001", "\uFF1A"})  // a CJK comma or colon before the ellipsis
    if (out.ends_with(stop)) out.resize(out.size() - std::string_view(stop).size());
  out += ellipsis;
  out += tail;
  return out;
}

}  // namespace forewarn::core::messages
