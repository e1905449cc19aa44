// The SMTP codec (clients/smtp/codec): quoted-printable, RFC 2047 encoded
// words, mailboxes, the RFC 5322 date, the whole MIME message and the reply
// code mapping.
#include <doctest/doctest.h>

#include <sstream>

#include "clients/common/codec/provider.hpp"
#include "clients/smtp/codec/message.hpp"
#include "core/encoding.hpp"

namespace smtp = forewarn::clients::smtp;
using forewarn::clients::OutgoingMessage;
using forewarn::clients::SendStatus;

namespace {

forewarn::Instant at(const char* iso) { return *forewarn::parse_iso8601(iso); }

OutgoingMessage sample() {
  OutgoingMessage m;
  m.id = "0b7c6f2e-5a1d-4c3b-9e8f-1a2b3c4d5e6f";
  m.from = "hello@shop.example";
  m.from_name = "Kakkutehdas Oy";
  m.to = "anna@example.fi";
  m.to_name = "Anna Meikäläinen";
  m.subject = "Paketti myöhästyy: pahoittelemme";
  m.text = "Hei Anna,\npaketti on myöhässä.\n.\nTerveisin";
  m.html = "<p>Hei Anna,</p>";
  m.message_id_domain = "mail.shop.example";
  m.list_unsubscribe_url = "https://shop.example/u/abc";
  m.list_unsubscribe_mailto = "mailto:unsubscribe@shop.example?subject=abc";
  return m;
}

// Decodes "=?UTF-8?B?...?=" words separated by folding white space.
std::string decode_words(const std::string& value) {
  std::string out;
  std::size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = value.find("?=", pos + 10);
    std::string b64 = value.substr(pos + 10, end - pos - 10);
    for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
    out += forewarn::base64url_decode(b64).value();
    pos = end + 2;
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0, end;
  while ((end = s.find("\r\n", start)) != std::string::npos) {
    out.push_back(s.substr(start, end - start));
    start = end + 2;
  }
  if (start < s.size()) out.push_back(s.substr(start));
  return out;
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0, pos = 0;
  while ((pos = s.find(what, pos)) != std::string::npos) ++n, pos += what.size();
  return n;
}

}  // namespace

TEST_CASE("smtp: quoted-printable encodes UTF-8, '=' and trailing white space, and soft-breaks long lines") {
  CHECK(smtp::quoted_printable("Hyvää päivää") == "Hyv=C3=A4=C3=A4 p=C3=A4iv=C3=A4=C3=A4");
  CHECK(smtp::quoted_printable("a=b") == "a=3Db");
  CHECK(smtp::quoted_printable("end \nnext\t\r\nlast") == "end=20\r\nnext=09\r\nlast");
  const std::string long_line(100, 'a');
  CHECK(smtp::quoted_printable(long_line) == std::string(75, 'a') + "=\r\n" + std::string(25, 'a'));
  // An escape is never split across a soft break.
  const std::string qp = smtp::quoted_printable(std::string(74, 'a') + "ä");
  CHECK(qp == std::string(74, 'a') + "=\r\n=C3=A4");
  for (const auto& line : lines_of(smtp::quoted_printable(std::string(500, 'x') + "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€")))
    CHECK(line.size() <= 76);
}

TEST_CASE("smtp: encoded words keep characters whole and stay short") {
  CHECK(smtp::encoded_words("ää") == "=?UTF-8?B?w6TDpA==?=");
  const std::string chinese = "您的包裹将晚到两天我们非常抱歉请查看我们为您准备的选项";
  const std::string words = smtp::encoded_words(chinese);
  CHECK(decode_words(words) == chinese);
  for (const auto& line : lines_of(words)) CHECK(line.size() <= 76);
  CHECK(count_of(words, "=?UTF-8?B?") > 1);
  // Each word decodes to whole characters (13 three-byte characters a word).
  CHECK(decode_words(words.substr(0, words.find("?=") + 2)) == chinese.substr(0, 39));
}

TEST_CASE("smtp: subjects: short ASCII unchanged, long ASCII folded, UTF-8 encoded, CR LF removed") {
  CHECK(smtp::unstructured("Subject", "Your parcel is late") == "Your parcel is late");
  CHECK(smtp::unstructured("Subject", "Bcc: x\r\nevil") == "Bcc: x  evil");
  const std::string long_ascii = "Your parcel is late and we are sorry: here is what we can still do for the recipient today";
  const std::string folded = smtp::unstructured("Subject", long_ascii);
  CHECK(folded.find("\r\n ") != std::string::npos);
  std::string unfolded = folded;
  for (std::size_t p; (p = unfolded.find("\r\n")) != std::string::npos;) unfolded.erase(p, 2);
  CHECK(unfolded == long_ascii);
  CHECK(decode_words(smtp::unstructured("Subject", "Csomagja késik")) == "Csomagja késik");
}

TEST_CASE("smtp: mailboxes: atoms, quoted strings and encoded words") {
  CHECK(smtp::mailbox("", "a@b.example") == "a@b.example");
  CHECK(smtp::mailbox("Anna Virtanen", "a@b.example") == "Anna Virtanen <a@b.example>");
  CHECK(smtp::mailbox("Shop, Inc. \"Best\"", "a@b.example") == "\"Shop, Inc. \\\"Best\\\"\" <a@b.example>");
  const std::string encoded = smtp::mailbox("Zoë Müller", "z@b.example");
  CHECK(encoded.rfind("=?UTF-8?B?", 0) == 0);
  CHECK(decode_words(encoded) == "Zoë Müller");
  CHECK(encoded.substr(encoded.size() - 14) == " <z@b.example>");
}

TEST_CASE("smtp: Date is RFC 5322 in UTC from the instant given") {
  CHECK(smtp::format_date(at("2026-11-22T21:31:46.789Z")) == "Sun, 22 Nov 2026 21:31:46 +0000");
  CHECK(smtp::format_date(at("2026-12-18T09:05:00Z")) == "Fri, 18 Dec 2026 09:05:00 +0000");
}

TEST_CASE("smtp: the whole message: headers, multipart/alternative, Message-ID, List-Unsubscribe") {
  const OutgoingMessage m = sample();
  REQUIRE_FALSE(smtp::invalid_reason(m));
  const std::string msg = smtp::build_message(m, at("2026-12-18T15:00:00Z"));
  const auto head_end = msg.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  const std::string head = msg.substr(0, head_end + 2);
  CHECK(head.find("\r\nMessage-ID: <0b7c6f2e-5a1d-4c3b-9e8f-1a2b3c4d5e6f@mail.shop.example>\r\n") != std::string::npos);
  CHECK(head.find("\r\nDate: Fri, 18 Dec 2026 15:00:00 +0000\r\n") != std::string::npos);
  CHECK(head.find("\r\nMIME-Version: 1.0\r\n") != std::string::npos);
  CHECK(head.find("\r\nList-Unsubscribe: <https://shop.example/u/abc>,\r\n <mailto:unsubscribe@shop.example?subject=abc>\r\n") !=
        std::string::npos);
  CHECK(head.find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n") != std::string::npos);
  CHECK(head.find("From: Kakkutehdas Oy <hello@shop.example>\r\n") == 0);
  CHECK(head.find("\r\nContent-Type: multipart/alternative;\r\n boundary=\"=_fw_0b7c6f2e-5a1d-4c3b-9e8f-1a2b3c4d5e6f\"\r\n") !=
        std::string::npos);
  for (const auto& line : lines_of(msg)) CHECK(line.size() <= 78);
  // text first, then HTML (the last alternative is the preferred one), then the closing delimiter
  const auto text_at = msg.find("Content-Type: text/plain; charset=UTF-8");
  const auto html_at = msg.find("Content-Type: text/html; charset=UTF-8");
  CHECK(text_at < html_at);
  CHECK(count_of(msg, "--=_fw_0b7c6f2e-5a1d-4c3b-9e8f-1a2b3c4d5e6f\r\n") == 2);
  const std::string closing = "\r\n--=_fw_0b7c6f2e-5a1d-4c3b-9e8f-1a2b3c4d5e6f--\r\n";
  REQUIRE(msg.size() > closing.size());
  CHECK(msg.substr(msg.size() - closing.size()) == closing);
  // The lone "." line is left as it is: libcurl dot-stuffs while sending.
  CHECK(msg.find("\r\n.\r\nTerveisin") != std::string::npos);
  CHECK(decode_words(head.substr(head.find("Subject: "), head.find("\r\nDate:") - head.find("Subject: "))) ==
        "Paketti myöhästyy: pahoittelemme");
}

TEST_CASE("smtp: text-only and HTML-only messages are single parts; no unsubscribe headers without URLs") {
  OutgoingMessage m = sample();
  m.html.clear();
  m.list_unsubscribe_url.clear();
  m.list_unsubscribe_mailto.clear();
  m.message_id_domain.clear();
  std::string msg = smtp::build_message(m, at("2026-12-18T15:00:00Z"));
  CHECK(msg.find("multipart") == std::string::npos);
  CHECK(msg.find("\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n") !=
        std::string::npos);
  CHECK(msg.find("List-Unsubscribe") == std::string::npos);
  CHECK(msg.find("Message-ID: <0b7c6f2e-5a1d-4c3b-9e8f-1a2b3c4d5e6f@shop.example>") != std::string::npos);
  m.list_unsubscribe_mailto = "mailto:u@shop.example";  // a mailto alone: no one-click header (RFC 8058 needs https)
  msg = smtp::build_message(m, at("2026-12-18T15:00:00Z"));
  CHECK(msg.find("List-Unsubscribe: <mailto:u@shop.example>\r\n") != std::string::npos);
  CHECK(msg.find("List-Unsubscribe-Post") == std::string::npos);
  m.text.clear();
  m.html = "<p>x</p>";
  CHECK(smtp::build_message(m, at("2026-12-18T15:00:00Z")).find("Content-Type: text/html; charset=UTF-8") != std::string::npos);
}

TEST_CASE("smtp: messages that cannot be written safely are refused with a reason") {
  auto reason = [](auto change) {
    OutgoingMessage m = sample();
    change(m);
    return smtp::invalid_reason(m).value_or("");
  };
  CHECK(reason([](OutgoingMessage& m) { m.to = "anna@example.fi\r\nRCPT TO:<x@evil.example>"; }).find("to ") == 0);
  CHECK(reason([](OutgoingMessage& m) { m.to = "not an address"; }).find("to ") == 0);
  CHECK(reason([](OutgoingMessage& m) { m.from = "a@b.example, c@d.example"; }).find("from ") == 0);
  CHECK(reason([](OutgoingMessage& m) { m.id = "x>\r\nBcc: y"; }).find("the message id") == 0);
  CHECK(reason([](OutgoingMessage& m) { m.text.clear(), m.html.clear(); }).find("neither") != std::string::npos);
  CHECK(reason([](OutgoingMessage& m) { m.list_unsubscribe_url = "http://shop.example/u"; }).find("https") != std::string::npos);
  CHECK(reason([](OutgoingMessage& m) { m.list_unsubscribe_mailto = "u@shop.example"; }).find("mailto") != std::string::npos);
  CHECK(reason([](OutgoingMessage&) {}).empty());
}

TEST_CASE("smtp: reply codes: 2xx accepted, 4xx transient, 5xx permanent, none transient") {
  CHECK(smtp::outcome_for_reply(250, "ok").status == SendStatus::accepted);
  CHECK(smtp::outcome_for_reply(421, "421 4.7.0 try later").status == SendStatus::transient_failure);
  CHECK(smtp::outcome_for_reply(452, "452 4.2.2 mailbox full").status == SendStatus::transient_failure);
  const auto rejected = smtp::outcome_for_reply(550, "550 5.1.1 user unknown");
  CHECK(rejected.status == SendStatus::permanent_failure);
  CHECK(rejected.code == 550);
  CHECK(rejected.reason == "550 5.1.1 user unknown");
  CHECK(smtp::outcome_for_reply(554, "").status == SendStatus::permanent_failure);
  CHECK(smtp::outcome_for_reply(0, "Connection refused").status == SendStatus::transient_failure);
}
