#include "clients/twilio/codec/twilio.hpp"

#include <nlohmann/json.hpp>

#include "clients/common/codec/provider.hpp"

namespace forewarn::clients::twilio {

namespace {

std::string field(const std::map<std::string, std::string>& form, const char* name) {
  const auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

}  // namespace

bool permanent_error_code(int code) {
  switch (code) {
    case 20003:  // authentication
    case 20404:  // no such account / resource
    case 21211:  // invalid 'To'
    case 21408:  // permission to send to this region not enabled
    case 21606:  // 'From' is not a valid message-capable number
    case 21610:  // the recipient replied STOP
    case 21612:  // cannot route to this number
    case 21614:  // 'To' is not a mobile number
    case 21617:  // body too long
    case 21659:  // 'From' is not a Twilio number
    case 30003:  // unreachable handset
    case 30004:  // message blocked
    case 30005:  // unknown destination handset
    case 30006:  // landline or unreachable carrier
    case 30007:  // filtered as spam
      return true;
    default: return false;
  }
}

tracking::HttpRequest send_request(const OutgoingMessage& m, const Account& account) {
  std::vector<std::pair<std::string, std::string>> fields = {{"To", m.to}};
  if (!account.messaging_service_sid.empty()) fields.emplace_back("MessagingServiceSid", account.messaging_service_sid);
  else fields.emplace_back("From", m.from);
  fields.emplace_back("Body", m.text);
  if (!account.status_callback.empty()) {
    std::string callback = account.status_callback;
    if (const auto at = callback.find("{id}"); at != std::string::npos) callback.replace(at, 4, tracking::percent_encode(m.id));
    fields.emplace_back("StatusCallback", std::move(callback));
  }

  tracking::HttpRequest r;
  r.method = "POST";
  r.path = "/2010-04-01/Accounts/" + tracking::percent_encode(account.account_sid) + "/Messages.json";
  r.headers = {{"Authorization", "Basic " + tracking::base64_encode(account.auth_user + ":" + account.auth_secret)},
               {"Content-Type", "application/x-www-form-urlencoded"},
               {"Accept", "application/json"},
               {kIdempotencyHeader, m.id}};
  r.body = tracking::form_encode(fields);
  return r;
}

SendOutcome parse_send_response(int http_status, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (http_status >= 200 && http_status < 300) {
    const std::string sid = json_text(j, "sid");
    if (sid.empty()) return outcome_for_http_status(502, "HTTP " + std::to_string(http_status) + ": no sid in the answer", retry_after);
    SendOutcome o = outcome_for_http_status(http_status, "accepted (" + json_text(j, "status") + ")");
    o.provider_message_id = sid;
    return o;
  }
  const std::string code_text = json_text(j, "code");
  const int code = code_text.empty() ? 0 : std::atoi(code_text.c_str());
  std::string reason = "HTTP " + std::to_string(http_status);
  if (code != 0) reason += ", error " + code_text;
  const std::string message = clip_utf8(json_text(j, "message"), 500);
  if (!message.empty()) reason += ": " + message;
  if (code == 20429) return outcome_for_http_status(429, std::move(reason), retry_after);
  SendOutcome o = outcome_for_http_status(http_status, std::move(reason), retry_after);
  if (code != 0 && permanent_error_code(code)) o.status = SendStatus::permanent_failure, o.retry_after.reset();
  return o;
}

StatusOutcome parse_status_callback(const std::map<std::string, std::string>& form) {
  StatusOutcome out;
  const std::string sid = field(form, "MessageSid").empty() ? field(form, "SmsSid") : field(form, "MessageSid");
  std::string status = field(form, "MessageStatus");
  if (status.empty()) status = field(form, "SmsStatus");
  if (sid.empty() || status.empty()) {
    out.error = "not a Twilio status callback (MessageSid and MessageStatus are required)";
    return out;
  }
  DeliveryEvent d;
  d.provider = "twilio";
  d.provider_message_id = sid;
  d.recipient = field(form, "To");
  const std::string error_code = field(form, "ErrorCode");
  if (status == "sent") d.state = DeliveryState::sent;
  else if (status == "delivered") d.state = DeliveryState::delivered;
  else if (status == "undelivered" || status == "failed") {
    const int code = error_code.empty() ? 0 : std::atoi(error_code.c_str());
    d.state = code == 21610 || code == 30005 || code == 21211 || code == 21614 || code == 30006 ? DeliveryState::bounced
                                                                                                 : DeliveryState::failed;
  } else if (status == "canceled") d.state = DeliveryState::failed;
  else return out;  // accepted, queued, sending, scheduled, read, receiving, received
  d.reason = error_code.empty() ? status : status + " (error " + error_code + ")";
  out.event = std::move(d);
  return out;
}

InboundOutcome parse_inbound(const std::map<std::string, std::string>& form) {
  InboundOutcome out;
  InboundSms m;
  m.provider = "twilio";
  m.provider_message_id = field(form, "MessageSid");
  m.from = field(form, "From");
  m.to = field(form, "To");
  m.body = field(form, "Body");
  if (m.from.empty() || m.provider_message_id.empty()) {
    out.error = "not a Twilio incoming message (From and MessageSid are required)";
    return out;
  }
  const std::string opt = field(form, "OptOutType");
  if (opt == "STOP") m.keyword = SmsKeyword::opt_out;
  else if (opt == "START") m.keyword = SmsKeyword::opt_in;
  else if (opt == "HELP") m.keyword = SmsKeyword::help;
  else m.keyword = classify_sms_keyword(m.body);
  out.message = std::move(m);
  return out;
}

}  // namespace forewarn::clients::twilio
