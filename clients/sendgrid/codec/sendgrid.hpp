// SendGrid v3 Mail Send (pure): the POST /v3/mail/send request, its answer
// as a SendOutcome, and the Event Webhook as DeliveryEvents.
//
// Request: one personalization with the recipient, from, reply_to, subject,
// content text/plain then text/html, headers List-Unsubscribe(-Post), and
// custom_args {forewarn_message_id, metadata...} (SendGrid echoes custom_args
// in every event). SendGrid offers no idempotency key.
// Answer: 202 with X-Message-Id (the id events carry as the first part of
// sg_message_id); 400 permanent with SendGrid's error messages; 401/403
// permanent (the key or its permissions: configuration); 413 permanent;
// 429 and 5xx transient (Retry-After, else X-RateLimit-Reset).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clients/common/messaging.hpp"
#include "core/tracking/request.hpp"

namespace forewarn::clients::sendgrid {

inline constexpr std::string_view kProductionBaseUrl = "https://api.sendgrid.com";
inline constexpr const char* kMessageIdArg = "forewarn_message_id";

tracking::HttpRequest send_request(const OutgoingMessage& m, std::string_view api_key);

// `x_message_id`: the X-Message-Id header, or nullptr.
SendOutcome parse_send_response(int http_status, const std::string* x_message_id, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after);

struct EventsOutcome {
  std::vector<DeliveryEvent> events;  // open, click, processed, group_resubscribe: not reported
  std::optional<std::string> error;   // the body is not a JSON array of objects
};
// The Event Webhook body: a JSON array of events (delivered, bounce with type
// bounce|blocked, dropped, deferred, spamreport, unsubscribe, group_unsubscribe).
EventsOutcome parse_events(std::string_view body);

}  // namespace forewarn::clients::sendgrid
