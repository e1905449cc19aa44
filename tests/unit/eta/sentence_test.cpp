#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/eta/sentence.hpp"
#include "eta_support.hpp"

using namespace eta_test;

namespace {

// A hand-made promise: delivered p50..p80, one deadline with probability p.
eta::ServicePromise made(const char* name, const char* p50, const char* p80, double p, const char* deadline_name = "Christmas") {
  eta::ServicePromise s;
  s.name = name;
  s.p50 = day(p50);
  s.p80 = day(p80);
  s.confidence = 0.9;
  s.zone = zone("America/New_York");
  eta::DeadlineOutcome d;
  d.name = deadline_name;
  d.deadline = end_of_day("America/New_York", "2026-12-24");
  d.probability = p;
  d.meets = p >= 0.9;
  if (d.meets) d.order_by = local("America/New_York", "2026-12-19", 14, 0) - std::chrono::milliseconds{1};
  d.order_by_passed = !d.meets;
  s.deadlines = {d};
  return s;
}

const std::vector<eta::AlternativeSummary> kAir = {{"UPS Next Day Air", {0.85}}, {"UPS 2nd Day Air", {0.937}}};

}  // namespace

TEST_CASE("locale fallback") {
  CHECK(eta::resolve_locale("en") == eta::Locale::en);
  CHECK(eta::resolve_locale("fi") == eta::Locale::fi);
  CHECK(eta::resolve_locale("fi-FI") == eta::Locale::fi);
  CHECK(eta::resolve_locale("FI_fi") == eta::Locale::fi);
  CHECK(eta::resolve_locale("pt-BR") == eta::Locale::pt_br);
  CHECK(eta::resolve_locale("pt") == eta::Locale::pt_br);
  CHECK(eta::resolve_locale("hu-HU") == eta::Locale::en);
  CHECK(eta::resolve_locale("") == eta::Locale::en);
  CHECK(eta::resolve_locale("fil") == eta::Locale::en);  // Filipino is not Finnish
}

TEST_CASE("the sentence in English, Finnish and Brazilian Portuguese") {
  const auto meets = made("UPS Ground", "2026-12-22", "2026-12-23", 0.95);
  CHECK(eta::promise_sentence(meets, {}, "en") ==
        "Arrives 22\u201323 Dec. Order by 19 Dec, 14:00 to have it for Christmas.");
  CHECK(eta::promise_sentence(meets, {}, "fi-FI") ==
        "Perillä 22.\u201323.12. Tilaa viimeistään 19.12. klo 14.00, niin se ehtii jouluksi.");
  CHECK(eta::promise_sentence(meets, {}, "pt-BR") ==
        "Chega entre 22/12 e 23/12. Peça até 19/12 às 14h para receber até o Natal.");

  const auto misses = made("UPS Ground", "2026-12-28", "2026-12-29", 0.6);
  CHECK(eta::promise_sentence(misses, kAir, "en") ==
        "Won't arrive by Christmas with UPS Ground. UPS 2nd Day Air will (93%).");
  CHECK(eta::promise_sentence(misses, kAir, "fi") ==
        "Ei ehdi jouluksi UPS Ground -palvelulla. UPS 2nd Day Air -palvelulla ehtii (93\u00a0%).");
  CHECK(eta::promise_sentence(misses, kAir, "pt-BR") ==
        "Não chega até o Natal com UPS Ground. Com UPS 2nd Day Air, chega a tempo (93%).");

  const std::vector<eta::AlternativeSummary> slow = {{"UPS 2nd Day Air", {0.5}}};
  CHECK(eta::promise_sentence(misses, slow, "en") ==
        "Won't arrive by Christmas with any service; expected 28\u201329 Dec.");
  CHECK(eta::promise_sentence(misses, slow, "fi") ==
        "Ei ehdi jouluksi millään toimitustavalla. Perillä arviolta 28.\u201329.12.");
  CHECK(eta::promise_sentence(misses, slow, "pt-BR") ==
        "Não chega até o Natal com nenhuma opção de envio. Previsão de entrega entre 28/12 e 29/12.");
  CHECK(eta::promise_sentence(misses, {}, "en") ==
        "Won't arrive by Christmas with UPS Ground; expected 28\u201329 Dec.");
  CHECK(eta::promise_sentence(misses, {}, "fi") ==
        "Ei ehdi jouluksi UPS Ground -palvelulla. Perillä arviolta 28.\u201329.12.");

  const auto over_new_year = made("UPS Ground", "2026-12-31", "2027-01-04", 0.0);
  CHECK(eta::promise_sentence(over_new_year, {}, "en") ==
        "Won't arrive by Christmas with UPS Ground; expected 31 Dec \u2013 4 Jan.");
  CHECK(eta::promise_sentence(over_new_year, {}, "fi") ==
        "Ei ehdi jouluksi UPS Ground -palvelulla. Perillä arviolta 31.12.\u20134.1.");
  CHECK(eta::promise_sentence(over_new_year, {}, "pt-BR") ==
        "Não chega até o Natal com UPS Ground. Previsão de entrega entre 31/12 e 04/01.");

  auto no_deadline = meets;
  no_deadline.deadlines.clear();
  no_deadline.p80 = no_deadline.p50;
  CHECK(eta::promise_sentence(no_deadline, {}, "en") == "Arrives 22 Dec.");
  CHECK(eta::promise_sentence(no_deadline, {}, "fi") == "Perillä 22.12.");
  CHECK(eta::promise_sentence(no_deadline, {}, "pt-BR") == "Chega em 22/12.");
  CHECK(eta::promise_sentence(no_deadline, {}, "hu") == "Arrives 22 Dec.");
}

TEST_CASE("event names: translated when known, else the name (en) or the date (fi, pt-BR)") {
  const auto mothers = made("UPS Ground", "2026-12-22", "2026-12-23", 0.95, "mother\u2019s-day");
  CHECK(eta::promise_sentence(mothers, {}, "fi") ==
        "Perillä 22.\u201323.12. Tilaa viimeistään 19.12. klo 14.00, niin se ehtii äitienpäiväksi.");
  const auto birthday = made("UPS Ground", "2026-12-22", "2026-12-23", 0.95, "Anna's birthday");
  CHECK(eta::promise_sentence(birthday, {}, "en") ==
        "Arrives 22\u201323 Dec. Order by 19 Dec, 14:00 to have it for Anna's birthday.");
  CHECK(eta::promise_sentence(birthday, {}, "fi") ==
        "Perillä 22.\u201323.12. Tilaa viimeistään 19.12. klo 14.00, niin se on perillä 24.12. mennessä.");
  CHECK(eta::promise_sentence(birthday, {}, "pt-BR") ==
        "Chega entre 22/12 e 23/12. Peça até 19/12 às 14h para receber até 24/12.");
  const auto late_birthday = made("UPS Ground", "2026-12-28", "2026-12-29", 0.2, "Anna's birthday");
  CHECK(eta::promise_sentence(late_birthday, {}, "fi") ==
        "Ei ehdi perille 24.12. mennessä UPS Ground -palvelulla. Perillä arviolta 28.\u201329.12.");
}

TEST_CASE("never claims a deadline below the confidence") {
  // Just below / at the confidence, for the service itself and for alternatives.
  for (double p : {0.0, 0.5, 0.8999999, 0.9, 0.93, 1.0}) {
    auto s = made("UPS Ground", "2026-12-22", "2026-12-23", p);
    for (double q : {0.0, 0.8999999, 0.9, 1.0}) {
      const std::vector<eta::AlternativeSummary> alt = {{"UPS 2nd Day Air", {q}}};
      for (const char* locale : {"en", "fi", "pt-BR"}) {
        const std::string text = eta::promise_sentence(s, alt, locale);
        CAPTURE(p);
        CAPTURE(q);
        CAPTURE(text);
        const bool claims_self = text.find("Order by") != std::string::npos ||
                                 text.find("Tilaa") != std::string::npos || text.find("Peça") != std::string::npos;
        const bool claims_alt = text.find("2nd Day Air") != std::string::npos;
        CHECK(claims_self == (p >= 0.9));
        CHECK(claims_alt == (p < 0.9 && q >= 0.9));
      }
    }
  }
  // A promise whose `meets` flag disagrees with its probability is not trusted.
  auto inconsistent = made("UPS Ground", "2026-12-22", "2026-12-23", 0.95);
  inconsistent.deadlines[0].probability = 0.5;
  CHECK(eta::promise_sentence(inconsistent, {}, "en").rfind("Won't", 0) == 0);
  // 0.999 is shown as 99%, never rounded up to a certainty.
  const auto misses = made("UPS Ground", "2026-12-28", "2026-12-29", 0.1);
  CHECK(eta::promise_sentence(misses, {{"UPS Next Day Air", {1.0}}}, "en") ==
        "Won't arrive by Christmas with UPS Ground. UPS Next Day Air will (99%).");
}
