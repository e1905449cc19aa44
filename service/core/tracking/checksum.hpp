// Check-digit algorithms used by carrier tracking numbers (after
// jkeen/tracking_number_data CHECKSUM_ALGORITHMS.md). Inputs are the
// "serial number" part (digits, or letters for UPS) and the expected check
// digit. Pure functions.
#pragma once

#include <span>
#include <string_view>

namespace forewarn::tracking::checksum {

struct Mod10Options {
  int evens_multiplier = 1;  // weight of positions 0, 2, 4, ...
  int odds_multiplier = 1;   // weight of positions 1, 3, 5, ...
  bool reverse = false;      // count positions from the right
};
// Letters count as (ASCII - 3) % 10 (the UPS convention).
bool mod10(std::string_view serial, int check_digit, Mod10Options opt);
// serial (as an integer) % 7 == check digit (DHL Express).
bool mod7(std::string_view serial, int check_digit);
// UPU S10: weights 8,6,4,2,3,5,9,7 mod 11; 10 -> 0, 11 -> 5.
bool s10(std::string_view serial8, int check_digit);
// sum(d[i] * w[i]) % modulo1 % modulo2 == check digit (FedEx Express).
bool sum_product(std::string_view serial, int check_digit, std::span<const int> weights,
                 int modulo1, int modulo2);
// Classic Luhn over the whole number including its check digit.
bool luhn(std::string_view number);

}  // namespace forewarn::tracking::checksum
