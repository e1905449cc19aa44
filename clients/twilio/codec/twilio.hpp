// Twilio Programmable Messaging (pure): the Create Message request, its
// answer, the status callback and the inbound message webhook.
//
// Request: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded
// To, From or MessagingServiceSid, Body, StatusCallback; HTTP Basic
// AccountSid:AuthToken (or an API key sid:secret); the forewarn message id as
// I-Twilio-Idempotency-Token (Twilio answers a repeated token with the first
// answer instead of sending again).
// Answer: 201 {"sid", "status", ...}; errors {"code", "message", "more_info",
// "status"}: 21211 invalid To, 21610 unsubscribed recipient (STOP), 21614 not
// a mobile number, 21408 region not enabled, 21612 cannot route, 21606/21659
// bad From, 20003 authentication: permanent; 20429, HTTP 429 and 5xx transient.
// The webhooks' signature (X-Twilio-Signature) is checked on the adapter side:
// clients/twilio/transport.hpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "clients/common/messaging.hpp"
#include "core/tracking/request.hpp"

namespace forewarn::clients::twilio {

inline constexpr std::string_view kProductionBaseUrl = "https://api.twilio.com";
inline constexpr const char* kIdempotencyHeader = "I-Twilio-Idempotency-Token";

struct Account {
  std::string account_sid;     // AC...
  std::string auth_user;       // Basic user: the account sid, or an API key sid (SK...)
  std::string auth_secret;     // the auth token, or the API key secret
  std::string messaging_service_sid;  // MG...: sent instead of From when set
  std::string status_callback;        // our status webhook URL (may be empty); "{id}" in it becomes the message id
};

tracking::HttpRequest send_request(const OutgoingMessage& m, const Account& account);

SendOutcome parse_send_response(int http_status, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after);

// Twilio's error codes that mean "this message will never go out this way".
bool permanent_error_code(int code);

struct StatusOutcome {
  std::optional<DeliveryEvent> event;  // nullopt for accepted/queued/sending/scheduled/read: nothing new
  std::optional<std::string> error;    // not a status callback
};
// The status callback's form fields: MessageSid, MessageStatus (queued,
// sending, sent, delivered, undelivered, failed, read, canceled), ErrorCode, To.
StatusOutcome parse_status_callback(const std::map<std::string, std::string>& form);

struct InboundOutcome {
  std::optional<InboundSms> message;
  std::optional<std::string> error;
};
// The incoming message webhook: From, To, Body, MessageSid (OptOutType when
// Advanced Opt-Out is on: STOP / START / HELP, which wins over the body).
InboundOutcome parse_inbound(const std::map<std::string, std::string>& form);

}  // namespace forewarn::clients::twilio
