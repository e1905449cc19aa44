#include "clients/common/codec/provider.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/tracking/poll.hpp"

namespace forewarn::clients {

bool is_transient_http_status(int status) {
  return status == 408 || status == 409 || status == 425 || status == 429 || status >= 500 || status == 0;
}

SendOutcome outcome_for_http_status(int status, std::string reason, std::optional<std::chrono::seconds> retry_after) {
  SendOutcome o;
  o.code = status;
  o.reason = std::move(reason);
  if (status >= 200 && status < 300) {
    o.status = SendStatus::accepted;
  } else if (is_transient_http_status(status)) {
    o.status = SendStatus::transient_failure;
    o.retry_after = retry_after;
  } else {
    o.status = SendStatus::permanent_failure;
  }
  return o;
}

std::optional<std::chrono::seconds> retry_after_from(const std::string* retry_after,
                                                     const std::string* ratelimit_reset_epoch, Instant now) {
  if (retry_after && !retry_after->empty()) {
    if (auto s = tracking::parse_retry_after(*retry_after, now)) return s;
  }
  if (ratelimit_reset_epoch && !ratelimit_reset_epoch->empty()) {
    long long epoch = 0;
    const char* b = ratelimit_reset_epoch->data();
    const char* e = b + ratelimit_reset_epoch->size();
    const auto [p, ec] = std::from_chars(b, e, epoch);
    if (ec == std::errc() && p == e && epoch > 0) {
      const auto now_s = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
      return std::chrono::seconds{std::max<long long>(0, epoch - now_s)};
    }
  }
  return std::nullopt;
}

SmsKeyword classify_sms_keyword(std::string_view body) {
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
  while (!body.empty() && (std::isspace(static_cast<unsigned char>(body.back())) || body.back() == '.' || body.back() == '!'))
    body.remove_suffix(1);
  std::string word;
  for (char c : body) word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static constexpr std::string_view kOut[] = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"};
  static constexpr std::string_view kIn[] = {"START", "UNSTOP", "YES"};
  static constexpr std::string_view kHelp[] = {"HELP", "INFO"};
  for (auto w : kOut)
    if (word == w) return SmsKeyword::opt_out;
  for (auto w : kIn)
    if (word == w) return SmsKeyword::opt_in;
  for (auto w : kHelp)
    if (word == w) return SmsKeyword::help;
  return SmsKeyword::none;
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 &&
               hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> parse_form(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) out[form_decode(pair)] = "";
      else out[form_decode(pair.substr(0, eq))] = form_decode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return out;
}

std::string json_text(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number()) return it->dump();
  if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
  return {};
}

std::string clip_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

bool plausible_email(std::string_view s) {
  if (s.size() < 3 || s.size() > 254) return false;
  const auto at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size()) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' || c == ')' ||
        c == '\\' || c == '[' || c == ']')
      return false;
  }
  const std::string_view domain = s.substr(at + 1);
  return domain.find('@') == std::string_view::npos && domain.front() != '.' && domain.back() != '.';
}

bool is_e164(std::string_view s) {
  if (s.size() < 9 || s.size() > 16 || s.front() != '+' || s[1] == '0') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace forewarn::clients
