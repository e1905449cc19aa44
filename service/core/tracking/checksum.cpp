#include "core/tracking/checksum.hpp"

namespace forewarn::tracking::checksum {
namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
}  // namespace

bool mod10(std::string_view serial, int check_digit, Mod10Options opt) {
  long total = 0;
  const std::size_t n = serial.size();
  for (std::size_t k = 0; k < n; ++k) {
    char c = opt.reverse ? serial[n - 1 - k] : serial[k];
    int x;
    if (is_digit(c)) x = c - '0';
    else if (is_upper(c)) x = (c - 3) % 10;
    else return false;
    x *= (k % 2 == 1) ? opt.odds_multiplier : opt.evens_multiplier;
    total += x;
  }
  int check = static_cast<int>(total % 10);
  if (check != 0) check = 10 - check;
  return check == check_digit;
}

bool mod7(std::string_view serial, int check_digit) {
  if (serial.empty()) return false;
  long rem = 0;  // long division keeps any length safe
  for (char c : serial) {
    if (!is_digit(c)) return false;
    rem = (rem * 10 + (c - '0')) % 7;
  }
  return rem == check_digit;
}

bool s10(std::string_view serial8, int check_digit) {
  static constexpr int kWeights[8] = {8, 6, 4, 2, 3, 5, 9, 7};
  if (serial8.size() != 8) return false;
  int total = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    if (!is_digit(serial8[i])) return false;
    total += (serial8[i] - '0') * kWeights[i];
  }
  int r = total % 11;
  int check = r == 1 ? 0 : r == 0 ? 5 : 11 - r;
  return check == check_digit;
}

bool sum_product(std::string_view serial, int check_digit, std::span<const int> weights,
                 int modulo1, int modulo2) {
  if (modulo1 <= 0 || modulo2 <= 0) return false;
  long total = 0;
  for (std::size_t i = 0; i < serial.size() && i < weights.size(); ++i) {
    if (!is_digit(serial[i])) return false;
    total += (serial[i] - '0') * weights[i];
  }
  return (total % modulo1) % modulo2 == check_digit;
}

bool luhn(std::string_view number) {
  if (number.empty()) return false;
  int total = 0;
  bool dbl = false;
  for (std::size_t k = number.size(); k-- > 0;) {
    if (!is_digit(number[k])) return false;
    int d = number[k] - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
    dbl = !dbl;
  }
  return total % 10 == 0;
}

}  // namespace forewarn::tracking::checksum
