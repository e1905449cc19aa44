#include "clients/smtp/codec/message.hpp"

#include <array>
#include <cctype>
#include <cstdio>

#include <date/date.h>

#include "clients/common/codec/provider.hpp"
#include "core/encoding.hpp"

namespace forewarn::clients::smtp {

namespace {

constexpr std::size_t kLine = 78;
// Raw bytes per encoded word: 39 bytes → 52 base64 characters → a 64-character
// word, which fits on a line even after "Subject: ".
constexpr std::size_t kWordBytes = 39;

bool printable_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

// Control characters (CR and LF above all: header injection) become spaces.
std::string without_controls(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  return out;
}

bool atext_or_space(unsigned char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~ ";
  return std::isalnum(c) || kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
}

// Folds printable ASCII text at spaces so that lines stay within kLine
// (a word longer than a line stays whole: RFC 5322 allows 998).
std::string fold_ascii(std::string_view header_name, std::string_view text) {
  std::string out;
  std::size_t line = header_name.size() + 2;
  std::size_t i = 0;
  bool first = true;
  while (i < text.size()) {
    std::size_t j = text.find(' ', i + 1);
    if (j == std::string_view::npos) j = text.size();
    const std::string_view word = text.substr(i, j - i);  // with its leading space, except the first
    if (!first && line + word.size() > kLine && word.size() > 1 && word.front() == ' ') {
      out += "\r\n";
      line = 0;
    }
    out += word;
    line += word.size();
    first = false;
    i = j;
  }
  return out;
}

std::string boundary_for(std::string_view id) {
  // "=_" never occurs in quoted-printable output, so the boundary cannot occur in a part.
  std::string b = "=_fw_";
  for (char c : id)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') b += c;
  return b.substr(0, 70);
}

std::string domain_of(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

bool safe_id(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '-' && c != '.' && c != '_') return false;
  return true;
}

bool safe_uri(std::string_view s, std::string_view scheme) {
  if (s.rfind(scheme, 0) != 0 || s.size() <= scheme.size()) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '"') return false;
  return true;
}

void header(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

void part(std::string& out, std::string_view boundary, std::string_view type, std::string_view text) {
  out += "--";
  out += boundary;
  out += "\r\n";
  header(out, "Content-Type", std::string(type) + "; charset=UTF-8");
  header(out, "Content-Transfer-Encoding", "quoted-printable");
  out += "\r\n";
  out += quoted_printable(text);
  out += "\r\n";
}

}  // namespace

std::string message_id(const OutgoingMessage& m) {
  const std::string domain = m.message_id_domain.empty() ? domain_of(m.from) : m.message_id_domain;
  return "<" + m.id + "@" + domain + ">";
}

std::optional<std::string> invalid_reason(const OutgoingMessage& m) {
  if (!safe_id(m.id)) return "the message id must be 1-128 letters, digits, '-', '.' or '_'";
  if (!plausible_email(m.from)) return "from is not a single e-mail address";
  if (!plausible_email(m.to)) return "to is not a single e-mail address";
  if (!m.reply_to.empty() && !plausible_email(m.reply_to)) return "reply_to is not a single e-mail address";
  if (!m.message_id_domain.empty() && !safe_id(m.message_id_domain)) return "message_id_domain is not a domain name";
  if (m.text.empty() && m.html.empty()) return "the message has neither a text nor an HTML body";
  if (!m.list_unsubscribe_url.empty() && !safe_uri(m.list_unsubscribe_url, "https://"))
    return "list_unsubscribe_url must be an https URL (RFC 8058)";
  if (!m.list_unsubscribe_mailto.empty() && !safe_uri(m.list_unsubscribe_mailto, "mailto:"))
    return "list_unsubscribe_mailto must be a mailto: URI";
  return std::nullopt;
}

std::string format_date(Instant t) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<date::days>(secs);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{secs - day};
  char buf[128];  // the longest values fit in 31; the optimiser cannot tell
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02lld:%02lld:%02lld +0000",
                kDays[date::weekday{day}.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<long long>(hms.hours().count()), static_cast<long long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buf;
}

std::string encoded_words(std::string_view utf8) {
  std::string out;
  while (!utf8.empty()) {
    std::size_t n = std::min(kWordBytes, utf8.size());
    // Never split a UTF-8 sequence: back up to the start of a character.
    while (n < utf8.size() && n > 0 && (static_cast<unsigned char>(utf8[n]) & 0xC0) == 0x80) --n;
    if (n == 0) n = std::min(kWordBytes, utf8.size());  // not UTF-8 at all: cut anyway
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?";
    out += base64_encode(utf8.substr(0, n));
    out += "?=";
    utf8.remove_prefix(n);
  }
  return out;
}

std::string unstructured(std::string_view header_name, std::string_view utf8) {
  const std::string clean = without_controls(utf8);
  if (printable_ascii(clean)) {
    if (header_name.size() + 2 + clean.size() <= kLine) return clean;
    return fold_ascii(header_name, clean);
  }
  return encoded_words(clean);
}

std::string mailbox(std::string_view display_name, std::string_view address) {
  std::string name = without_controls(display_name);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(0, 1);
  if (name.empty()) return std::string(address);
  std::string phrase;
  bool atoms = true;
  for (unsigned char c : name) atoms = atoms && atext_or_space(c);
  if (atoms) {
    phrase = name;
  } else if (printable_ascii(name)) {
    phrase = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') phrase += '\\';
      phrase += c;
    }
    phrase += '"';
  } else {
    phrase = encoded_words(name);
  }
  return phrase + " <" + std::string(address) + ">";
}

std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool at_end = i + 1 == line.size();
      char token[4] = {static_cast<char>(c), 0, 0, 0};
      std::size_t len = 1;
      const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_end);
      if (!literal) {
        token[0] = '=';
        token[1] = kHex[c >> 4];
        token[2] = kHex[c & 15];
        len = 3;
      }
      // A soft break ("=") must fit too: at most 75 characters before it.
      if (width + len > 75) {
        out += "=\r\n";
        width = 0;
      }
      out.append(token, len);
      width += len;
    }
    if (last) break;
    out += "\r\n";
    start = end + 1;
  }
  return out;
}

std::string build_message(const OutgoingMessage& m, Instant date) {
  std::string out;
  out.reserve(m.text.size() + m.html.size() + 1024);
  header(out, "From", mailbox(m.from_name, m.from));
  header(out, "To", mailbox(m.to_name, m.to));
  if (!m.reply_to.empty()) header(out, "Reply-To", m.reply_to);
  header(out, "Subject", unstructured("Subject", m.subject));
  header(out, "Date", format_date(date));
  header(out, "Message-ID", message_id(m));
  header(out, "MIME-Version", "1.0");
  if (!m.list_unsubscribe_url.empty() || !m.list_unsubscribe_mailto.empty()) {
    std::string value;
    if (!m.list_unsubscribe_url.empty()) value = "<" + m.list_unsubscribe_url + ">";
    if (!m.list_unsubscribe_mailto.empty()) {
      if (!value.empty()) value += ",\r\n ";
      value += "<" + m.list_unsubscribe_mailto + ">";
    }
    header(out, "List-Unsubscribe", value);
    // RFC 8058: one-click only with an https URI to POST to.
    if (!m.list_unsubscribe_url.empty()) header(out, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }
  if (m.html.empty() || m.text.empty()) {
    const bool html = m.text.empty();
    header(out, "Content-Type", html ? "text/html; charset=UTF-8" : "text/plain; charset=UTF-8");
    header(out, "Content-Transfer-Encoding", "quoted-printable");
    out += "\r\n";
    out += quoted_printable(html ? m.html : m.text);
    out += "\r\n";
    return out;
  }
  const std::string boundary = boundary_for(m.id);
  header(out, "Content-Type", "multipart/alternative;\r\n boundary=\"" + boundary + "\"");
  out += "\r\n";
  part(out, boundary, "text/plain", m.text);
  part(out, boundary, "text/html", m.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

SendOutcome outcome_for_reply(int code, std::string reason) {
  SendOutcome o;
  o.code = code;
  o.reason = std::move(reason);
  if (code >= 200 && code < 300) o.status = SendStatus::accepted;
  else if (code >= 500 && code < 600) o.status = SendStatus::permanent_failure;
  else o.status = SendStatus::transient_failure;  // 4xx, or no reply at all
  return o;
}

}  // namespace forewarn::clients::smtp
