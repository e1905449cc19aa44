#include "clients/postmark/codec/postmark.hpp"

#include <nlohmann/json.hpp>

#include "clients/common/codec/provider.hpp"

namespace forewarn::clients::postmark {

namespace {

std::string mailbox(const std::string& name, const std::string& email) {
  if (name.empty()) return email;
  // Postmark parses RFC 5322 mailboxes: quote the name, escaping quotes and backslashes.
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    if (c != '\r' && c != '\n') out += c;
  }
  return out + "\" <" + email + ">";
}

bool transient_error_code(int code) { return code == 100 || code == 429; }

// Bounce types after which Postmark will not deliver to the address again.
bool hard_bounce(const std::string& type) {
  static constexpr std::string_view kHard[] = {"HardBounce", "BadEmailAddress", "ManuallyDeactivated",
                                               "Unsubscribe", "SpamNotification", "Blocked", "AddressChange",
                                               "DMARCPolicy", "InboundError"};
  for (auto t : kHard)
    if (type == t) return true;
  return false;
}

std::optional<Instant> instant_of(const nlohmann::json& j, const char* key) {
  const std::string s = json_text(j, key);
  return s.empty() ? std::nullopt : parse_iso8601(s);
}

}  // namespace

tracking::HttpRequest send_request(const OutgoingMessage& m, std::string_view server_token,
                                   std::string_view message_stream) {
  nlohmann::json body = {{"From", mailbox(m.from_name, m.from)},
                         {"To", mailbox(m.to_name, m.to)},
                         {"Subject", m.subject},
                         {"MessageStream", message_stream}};
  if (!m.reply_to.empty()) body["ReplyTo"] = m.reply_to;
  if (!m.text.empty()) body["TextBody"] = m.text;
  if (!m.html.empty()) body["HtmlBody"] = m.html;
  nlohmann::json headers = nlohmann::json::array();
  std::string unsubscribe;
  if (!m.list_unsubscribe_url.empty()) unsubscribe = "<" + m.list_unsubscribe_url + ">";
  if (!m.list_unsubscribe_mailto.empty()) unsubscribe += (unsubscribe.empty() ? "<" : ", <") + m.list_unsubscribe_mailto + ">";
  if (!unsubscribe.empty()) headers.push_back({{"Name", "List-Unsubscribe"}, {"Value", unsubscribe}});
  if (!m.list_unsubscribe_url.empty())
    headers.push_back({{"Name", "List-Unsubscribe-Post"}, {"Value", "List-Unsubscribe=One-Click"}});
  if (!headers.empty()) body["Headers"] = std::move(headers);
  nlohmann::json metadata = nlohmann::json::object();
  for (const auto& [k, v] : m.metadata) metadata[k] = v;
  metadata[kMessageIdKey] = m.id;
  body["Metadata"] = std::move(metadata);

  tracking::HttpRequest r;
  r.method = "POST";
  r.path = "/email";
  r.headers = {{"X-Postmark-Server-Token", std::string(server_token)},
               {"Content-Type", "application/json"},
               {"Accept", "application/json"}};
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

SendOutcome parse_send_response(int http_status, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  const bool has_code = j.is_object() && j.contains("ErrorCode") && j["ErrorCode"].is_number_integer();
  const int code = has_code ? j["ErrorCode"].get<int>() : -1;
  const std::string message = clip_utf8(json_text(j, "Message"), 500);
  if (http_status >= 200 && http_status < 300) {
    if (code == 0 && !json_text(j, "MessageID").empty()) {
      SendOutcome o = outcome_for_http_status(http_status, "accepted");
      o.provider_message_id = json_text(j, "MessageID");
      return o;
    }
    // A 200 without ErrorCode 0 and an id: we cannot tell whether it was taken; retrying is the safe side.
    return outcome_for_http_status(502, "HTTP " + std::to_string(http_status) + ": unexpected answer", retry_after);
  }
  std::string reason = "HTTP " + std::to_string(http_status);
  if (has_code) reason += ", ErrorCode " + std::to_string(code);
  if (!message.empty()) reason += ": " + message;
  if (has_code && transient_error_code(code)) {
    SendOutcome o = outcome_for_http_status(503, std::move(reason), retry_after);
    o.code = http_status;
    return o;
  }
  if (has_code && http_status == 422) {  // an API error about this message or account: retrying changes nothing
    SendOutcome o = outcome_for_http_status(400, std::move(reason));
    o.code = http_status;
    return o;
  }
  return outcome_for_http_status(http_status, std::move(reason), retry_after);
}

WebhookOutcome parse_webhook(std::string_view body) {
  WebhookOutcome out;
  const auto j = nlohmann::json::parse(body, nullptr, false);
  const std::string type = json_text(j, "RecordType");
  if (type.empty()) {
    out.error = "not a Postmark webhook (no RecordType)";
    return out;
  }
  DeliveryEvent d;
  d.provider = "postmark";
  d.provider_message_id = json_text(j, "MessageID");
  if (j.contains("Metadata")) d.message_id = json_text(j["Metadata"], kMessageIdKey);
  if (type == "Delivery") {
    d.state = DeliveryState::delivered;
    d.recipient = json_text(j, "Recipient");
    d.reason = clip_utf8(json_text(j, "Details"), 500);
    d.at = instant_of(j, "DeliveredAt");
  } else if (type == "Bounce") {
    const std::string kind = json_text(j, "Type");
    const bool inactive = j.contains("Inactive") && j["Inactive"].is_boolean() && j["Inactive"].get<bool>();
    d.state = inactive || hard_bounce(kind) ? DeliveryState::bounced : DeliveryState::deferred;
    d.recipient = json_text(j, "Email");
    std::string reason = kind;
    const std::string description = json_text(j, "Description");
    if (!description.empty()) reason += ": " + description;
    d.reason = clip_utf8(reason, 500);
    d.at = instant_of(j, "BouncedAt");
  } else if (type == "SpamComplaint") {
    d.state = DeliveryState::complained;
    d.recipient = json_text(j, "Email");
    d.reason = "spam complaint";
    d.at = instant_of(j, "BouncedAt");
  } else if (type == "SubscriptionChange") {
    const bool suppress = j.contains("SuppressSending") && j["SuppressSending"].is_boolean() && j["SuppressSending"].get<bool>();
    if (!suppress) return out;
    d.state = DeliveryState::unsubscribed;
    d.recipient = json_text(j, "Recipient");
    d.reason = clip_utf8(json_text(j, "SuppressionReason"), 500);
    d.at = instant_of(j, "ChangedAt");
  } else {
    return out;  // Open, Click
  }
  out.event = std::move(d);
  return out;
}

}  // namespace forewarn::clients::postmark
