#include "clients/vonage/codec/vonage.hpp"

#include <nlohmann/json.hpp>

#include "clients/common/codec/provider.hpp"

namespace forewarn::clients::vonage {

namespace {

std::string field(const std::map<std::string, std::string>& f, const char* name) {
  const auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

// Decodes one UTF-8 code point at s[i], advancing i; 0xFFFD for bad input.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i++]);
  int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
  if (extra < 0) return 0xFFFD;
  char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
  for (; extra > 0; --extra) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

bool gsm7_char(char32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= '0' && c <= '9') return true;
  static constexpr std::u32string_view kBasic =
      U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà";
  static constexpr std::u32string_view kExtension = U"\f^{}\\[~]|€";
  return kBasic.find(c) != std::u32string_view::npos || kExtension.find(c) != std::u32string_view::npos;
}

bool transient_status(int status) { return status == 1 || status == 5 || status == 10 || status == 13; }

std::string error_text_for(int status) {
  switch (status) {
    case 1: return "Throttled";
    case 2: return "Missing Parameters";
    case 3: return "Invalid Parameters";
    case 4: return "Invalid Credentials";
    case 5: return "Internal Error";
    case 6: return "Invalid Message";
    case 7: return "Number Barred";
    case 8: return "Partner Account Barred";
    case 9: return "Partner Quota Violation";
    case 12: return "Message Too Long";
    case 15: return "Invalid Sender Address";
    case 29: return "Non-Whitelisted Destination";
    default: return "status " + std::to_string(status);
  }
}

}  // namespace

bool is_gsm7(std::string_view utf8) {
  std::size_t i = 0;
  while (i < utf8.size())
    if (!gsm7_char(next_code_point(utf8, i))) return false;
  return true;
}

tracking::HttpRequest send_request(const OutgoingMessage& m, const Account& account) {
  std::string to = m.to;
  if (!to.empty() && to.front() == '+') to.erase(0, 1);
  std::string from = m.from;
  if (!from.empty() && from.front() == '+') from.erase(0, 1);
  std::vector<std::pair<std::string, std::string>> fields = {
      {"api_key", account.api_key}, {"api_secret", account.api_secret}, {"from", from}, {"to", to}, {"text", m.text}};
  if (!is_gsm7(m.text)) fields.emplace_back("type", "unicode");
  fields.emplace_back("client-ref", m.id);
  if (!account.callback.empty()) fields.emplace_back("callback", account.callback);
  tracking::HttpRequest r;
  r.method = "POST";
  r.path = "/sms/json";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  r.body = tracking::form_encode(fields);
  return r;
}

SendOutcome parse_send_response(int http_status, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after) {
  if (http_status < 200 || http_status >= 300)
    return outcome_for_http_status(http_status, "HTTP " + std::to_string(http_status), retry_after);
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("messages") || !j["messages"].is_array() || j["messages"].empty())
    return outcome_for_http_status(502, "HTTP " + std::to_string(http_status) + ": no messages in the answer", retry_after);
  // A long text comes back as several parts: accepted when any part was (the
  // ids of all accepted parts, comma-separated; retrying would resend those).
  std::string ids;
  int worst = 0;
  std::string worst_text;
  for (const auto& part : j["messages"]) {
    const std::string status_text = json_text(part, "status");
    const int status = status_text.empty() ? -1 : std::atoi(status_text.c_str());
    if (status == 0) {
      if (!ids.empty()) ids += ",";
      ids += json_text(part, "message-id");
    } else if (worst == 0 || transient_status(worst)) {
      worst = status;
      worst_text = json_text(part, "error-text");
    }
  }
  if (!ids.empty()) {
    SendOutcome o = outcome_for_http_status(http_status, worst == 0 ? "accepted" : "accepted in part: " + error_text_for(worst));
    o.provider_message_id = ids;
    return o;
  }
  std::string reason = "status " + std::to_string(worst) + ": " + (worst_text.empty() ? error_text_for(worst) : clip_utf8(worst_text, 300));
  SendOutcome o = outcome_for_http_status(transient_status(worst) ? 503 : 400, std::move(reason), retry_after);
  o.code = worst;
  return o;
}

ReceiptOutcome parse_receipt(const std::map<std::string, std::string>& f) {
  ReceiptOutcome out;
  const std::string id = field(f, "messageId");
  const std::string status = field(f, "status");
  if (id.empty() || status.empty()) {
    out.error = "not a Vonage delivery receipt (messageId and status are required)";
    return out;
  }
  DeliveryEvent d;
  d.provider = "vonage";
  d.provider_message_id = id;
  d.message_id = field(f, "client-ref");
  d.recipient = field(f, "msisdn");
  if (!d.recipient.empty() && d.recipient.front() != '+') d.recipient.insert(0, "+");
  const std::string err = field(f, "err-code");
  if (status == "delivered") d.state = DeliveryState::delivered;
  else if (status == "expired" || status == "failed" || status == "unknown") d.state = DeliveryState::failed;
  else if (status == "rejected") d.state = err == "6" || err == "7" || err == "1" ? DeliveryState::bounced : DeliveryState::failed;
  else return out;  // accepted, buffered
  d.reason = err.empty() || err == "0" ? status : status + " (err-code " + err + ")";
  // message-timestamp: "2020-01-01 12:00:00" (UTC)
  std::string ts = field(f, "message-timestamp");
  if (ts.size() == 19 && ts[10] == ' ') {
    ts[10] = 'T';
    d.at = parse_iso8601(ts + "Z");
  }
  out.event = std::move(d);
  return out;
}

ReceiptOutcome parse_receipt_json(std::string_view body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return ReceiptOutcome{std::nullopt, std::string("not a JSON object")};
  std::map<std::string, std::string> fields;
  for (auto it = j.begin(); it != j.end(); ++it) fields[it.key()] = json_text(j, it.key().c_str());
  return parse_receipt(fields);
}

InboundOutcome parse_inbound(const std::map<std::string, std::string>& f) {
  InboundOutcome out;
  InboundSms m;
  m.provider = "vonage";
  m.provider_message_id = field(f, "messageId");
  m.from = field(f, "msisdn");
  if (!m.from.empty() && m.from.front() != '+') m.from.insert(0, "+");
  m.to = field(f, "to");
  m.body = field(f, "text");
  if (m.provider_message_id.empty() || field(f, "msisdn").empty()) {
    out.error = "not a Vonage inbound message (msisdn and messageId are required)";
    return out;
  }
  m.keyword = classify_sms_keyword(m.body);
  out.message = std::move(m);
  return out;
}

}  // namespace forewarn::clients::vonage
