// SMS length: which alphabet a body needs and how many segments it takes.
//
// GSM 03.38 7-bit (GSM-7) holds the basic table plus an extension table whose
// characters (^ { } \ [ ~ ] | €, form feed) take two septets (an escape and
// the character). A body with any other character (ő ű, Chinese, emoji, “”)
// goes as UCS-2, counted in UTF-16 code units (an emoji is two).
//   GSM-7: one segment up to 160 septets, else 153 per segment (a 7-byte UDH).
//   UCS-2: one segment up to 70 units, else 67 per segment.
// ä ö å ü é ñ are in the basic table, so Finnish and German usually stay GSM-7;
// Hungarian ő ű and Portuguese ã õ ç (ç only as the capital Ç) do not.
#pragma once

#include <string>
#include <string_view>

namespace forewarn::core::messages {

enum class SmsEncoding { gsm7, ucs2 };
const char* to_string(SmsEncoding e);

struct SmsCount {
  SmsEncoding encoding = SmsEncoding::gsm7;
  int units = 0;      // GSM-7 septets or UTF-16 code units
  int segments = 0;   // 0 for an empty body
};

// Counts a UTF-8 body. Invalid UTF-8 bytes count as one UCS-2 unit each.
SmsCount count_sms(std::string_view utf8);

// The body as it is when it fits in `max_segments`; otherwise shortened at a
// word boundary and ended with an ellipsis ("..." in GSM-7 so that the body
// does not turn UCS-2; "…" in UCS-2) so that it fits. A trailing link (the
// last word, starting with http:// or https://) is kept whole and the text
// before it is shortened instead. max_segments < 1 is read as 1.
std::string fit_sms(std::string_view utf8, int max_segments);

}  // namespace forewarn::core::messages
