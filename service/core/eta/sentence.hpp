// One honest sentence per service option for the storefront, in the
// shopper's language: en, fi and pt-BR.
//
// The sentence talks about one deadline of the promise (options.deadline):
// - the service makes it (P >= confidence) and has an order-by instant:
//     en "Arrives 22–23 Dec. Order by 19 Dec, 14:00 to have it for Christmas."
//     fi "Perillä 22.–23.12. Tilaa viimeistään 19.12. klo 14.00, niin se ehtii jouluksi."
//     pt-BR "Chega entre 22/12 e 23/12. Peça até 19/12 às 14h para receber até o Natal."
// - it does not, and an alternative does (the first one in `others`, in the
//   caller's order, whose P >= the same confidence):
//     en "Won't arrive by Christmas with UPS Ground. UPS 2nd Day Air will (93%)."
// - it does not and no alternative does (others not empty):
//     en "Won't arrive by Christmas with any service; expected 29–30 Dec."
// - it does not and there are no alternatives:
//     en "Won't arrive by Christmas with UPS Ground; expected 29–30 Dec."
// - no deadline: "Arrives 22–23 Dec."
// The date range is p50–p80 (one date when they are equal): with the usual
// confidence (>= 0.8) a range shown next to a kept promise ends on or before
// the deadline's last delivery day. Percentages are rounded down and shown
// as at most 99%. The order-by time is the first instant that is too late
// (order_by + 1 ms, a cutoff: "order by 14:00" = before 14:00), in the
// recipient's zone unless options.display_zone says otherwise.
//
// A claim that a deadline will be met is only ever made from a probability
// >= the promise's confidence; everything else is worded as "won't".
//
// Deadline names: a few well-known events are translated (Christmas,
// Christmas Eve, Mother's Day, Father's Day, Valentine's Day, Easter; names
// matched case-insensitively, ignoring apostrophes, '-' and '_'). Other names
// are used verbatim in English; fi and pt-BR then name the deadline's date
// ("24.12. mennessä", "até 24/12") instead.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/eta/promise.hpp"

namespace forewarn::core::eta {

enum class Locale { en, fi, pt_br };

// BCP 47 tag to a supported locale: exact match, then the language alone
// ("fi-FI" -> fi, "pt" or "pt-PT" -> pt-BR, the only Portuguese), else en.
// Case-insensitive; '_' counts as '-'.
Locale resolve_locale(std::string_view tag);

// Another service's chances, for "... 2nd Day Air will (93%)".
struct AlternativeSummary {
  std::string name;
  std::vector<double> probability;  // P(by deadline i), the promise's deadlines in order
};

// Summaries of every service of `promise` except the one at `except`.
std::vector<AlternativeSummary> alternatives_to(const Promise& promise, std::size_t except);

struct SentenceOptions {
  std::size_t deadline = 0;                        // index into ServicePromise::deadlines
  const date::time_zone* display_zone = nullptr;   // zone of the order-by time; default: promise's zone
};

std::string promise_sentence(const ServicePromise& promise, const std::vector<AlternativeSummary>& others,
                             const std::string& locale, const SentenceOptions& options = {});

}  // namespace forewarn::core::eta
