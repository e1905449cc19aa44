#include "core/redact.hpp"

#include <cctype>

namespace forewarn {

namespace {

bool is_local_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' ||
         c == '-' || c == '\'';
}
bool is_domain_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }

// Phone-like run starting at i: optional '+', then digits with single
// spaces, dashes, dots or parentheses between them. Returns its length, and
// the digit count through `digits`.
size_t phone_run(std::string_view s, size_t i, int& digits) {
  size_t j = i;
  digits = 0;
  if (j < s.size() && s[j] == '+') ++j;
  size_t last_digit_end = j;
  while (j < s.size()) {
    const char c = s[j];
    if (is_digit(c)) {
      ++digits;
      ++j;
      last_digit_end = j;
    } else if (is_separator(c) && j + 1 < s.size() &&
               (is_digit(s[j + 1]) || s[j + 1] == '(' ||
                (is_separator(s[j + 1]) && j + 2 < s.size() && is_digit(s[j + 2])))) {
      ++j;
    } else {
      break;
    }
  }
  return last_digit_end - i;
}

}  // namespace

std::string mask_pii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    // E-mail: find an '@' with a local part before and a dotted domain after.
    if (s[i] == '@' && i > 0) {
      size_t start = out.size();
      while (start > 0 && is_local_char(out[start - 1])) --start;
      size_t end = i + 1;
      while (end < s.size() && is_domain_char(s[end])) ++end;
      const std::string_view domain = s.substr(i + 1, end - i - 1);
      if (start < out.size() && domain.find('.') != std::string_view::npos) {
        const size_t local_len = out.size() - start;
        out.resize(start + 1);
        out.append(local_len > 1 ? "***" : "*");
        out.push_back('@');
        out.append(domain);
        i = end;
        continue;
      }
    }
    // Phone: at least 7 digits in a phone-shaped run, not glued to letters
    // or other digits (so ids, UUIDs and timestamps mostly survive).
    const bool boundary = i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '-' ||
                                      s[i - 1] == ':' || s[i - 1] == '.');
    if (boundary && (s[i] == '+' || is_digit(s[i]) || s[i] == '(')) {
      int digits = 0;
      const size_t len = phone_run(s, i, digits);
      const size_t after = i + len;
      const bool clean_end = after >= s.size() || !std::isalnum(static_cast<unsigned char>(s[after]));
      const bool starts_plus = s[i] == '+';
      if (len > 0 && clean_end && digits >= 7 && digits <= 15 &&
          (starts_plus || s.substr(i, len).find_first_of(" -.()") != std::string_view::npos || digits == 10 ||
           digits == 11)) {
        int seen = 0;
        for (size_t k = i; k < after; ++k) {
          if (is_digit(s[k])) {
            ++seen;
            out.push_back(seen > digits - 2 ? s[k] : '*');
          } else {
            out.push_back(s[k]);
          }
        }
        i = after;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

}  // namespace forewarn
