// GSM-7 / UCS-2 detection, segment counts and fitting a body to a limit.
#include <doctest/doctest.h>

#include <string>

#include "core/messages/sms.hpp"

using forewarn::core::messages::count_sms;
using forewarn::core::messages::fit_sms;
using forewarn::core::messages::SmsEncoding;

namespace {
std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}
}  // namespace

TEST_CASE("sms: GSM-7 or UCS-2 by the characters, in each language") {
  CHECK(count_sms("Your parcel is late, sorry!").encoding == SmsEncoding::gsm7);
  CHECK(count_sms("Pakettisi on myöhässä, pahoittelut. Äiti ja Öljy").encoding == SmsEncoding::gsm7);  // ä ö Ä Ö
  CHECK(count_sms("Ihr Paket verspätet sich. Grüße, Straße").encoding == SmsEncoding::gsm7);           // ä ü ß
  CHECK(count_sms("A csomag késik, elnézést").encoding == SmsEncoding::gsm7);                          // é only
  CHECK(count_sms("Sajnáljuk, a csomag késik: új időpont").encoding == SmsEncoding::ucs2);              // ő
  CHECK(count_sms("Köszönjük a türelmedet, ű").encoding == SmsEncoding::ucs2);                          // ű
  CHECK(count_sms("Seu pedido está atrasado").encoding == SmsEncoding::ucs2);                           // á
  CHECK(count_sms("Não chegará a tempo").encoding == SmsEncoding::ucs2);                                // ã
  CHECK(count_sms("您的包裹将延迟送达").encoding == SmsEncoding::ucs2);
  CHECK(count_sms("Price: 5 €").encoding == SmsEncoding::gsm7);  // € is in the extension table
}

TEST_CASE("sms: extension characters take two septets, UCS-2 counts UTF-16 units") {
  CHECK(count_sms("abc").units == 3);
  CHECK(count_sms("€").units == 2);
  CHECK(count_sms("[x]").units == 5);
  CHECK(count_sms("包裹").units == 2);
  CHECK(count_sms("ok 🎁").units == 5);  // the emoji is a surrogate pair
  CHECK(count_sms("").segments == 0);
}

TEST_CASE("sms: segment boundaries 160/153 and 70/67") {
  CHECK(count_sms(repeat("a", 160)).segments == 1);
  CHECK(count_sms(repeat("a", 161)).segments == 2);
  CHECK(count_sms(repeat("a", 306)).segments == 2);
  CHECK(count_sms(repeat("a", 307)).segments == 3);
  CHECK(count_sms(repeat("€", 80)).segments == 1);   // 160 septets
  CHECK(count_sms(repeat("€", 81)).segments == 2);
  CHECK(count_sms(repeat("包", 70)).segments == 1);
  CHECK(count_sms(repeat("包", 71)).segments == 2);
  CHECK(count_sms(repeat("包", 134)).segments == 2);
  CHECK(count_sms(repeat("包", 135)).segments == 3);
  CHECK(count_sms(repeat("ő", 70)).segments == 1);
}

TEST_CASE("sms: a body over the limit is cut at a word boundary with an ellipsis") {
  const std::string fi = repeat("Pakettisi on valitettavasti myöhässä. ", 10);  // GSM-7, 380 septets
  const std::string cut = fit_sms(fi, 2);
  CHECK(count_sms(cut).segments <= 2);
  CHECK(count_sms(cut).encoding == SmsEncoding::gsm7);  // "..." keeps it GSM-7
  CHECK(cut.ends_with("..."));
  CHECK(fi.starts_with(cut.substr(0, cut.size() - 3)));
  CHECK(cut[cut.size() - 4] != ' ');
  const std::string before_dots = cut.substr(0, cut.size() - 3);
  CHECK((fi[before_dots.size()] == ' ' || fi[before_dots.size()] == '.'));  // ended at a word's end

  const std::string zh = repeat("您的包裹 将延迟送达 ", 20);
  const std::string zcut = fit_sms(zh, 1);
  CHECK(count_sms(zcut).segments == 1);
  CHECK(zcut.ends_with("\u2026"));

  const std::string hu = repeat("A csomagod sajnos késni fog, új időpont holnap. ", 8);
  const std::string hcut = fit_sms(hu, 2);
  CHECK(count_sms(hcut).segments <= 2);
  CHECK(count_sms(hcut).encoding == SmsEncoding::ucs2);

  CHECK(fit_sms("short", 1) == "short");
}

TEST_CASE("sms: a trailing link is kept whole when the text is shortened") {
  const std::string link = "https://track.example.com/1Z999AA10123456784";
  const std::string pt = repeat("Sua encomenda vai atrasar, desculpe. ", 9) + link;
  const std::string cut = fit_sms(pt, 2);
  CHECK(count_sms(cut).segments <= 2);
  CHECK(cut.ends_with(" " + link));
  CHECK(cut.find("... https://") != std::string::npos);
  const std::string de = repeat("Ihr Paket kommt später als versprochen. ", 8) + link;
  const std::string dcut = fit_sms(de, 1);
  CHECK(count_sms(dcut).segments == 1);
  CHECK(dcut.ends_with(link));
}
