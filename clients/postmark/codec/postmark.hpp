// Postmark (pure): POST /email, its answer, and the Delivery / Bounce /
// SpamComplaint webhooks.
//
// Request: From, To, ReplyTo, Subject, TextBody, HtmlBody, MessageStream,
// Headers (List-Unsubscribe, List-Unsubscribe-Post), Metadata
// {forewarn_message_id, ...} (echoed in webhooks). Postmark offers no
// idempotency key. Authentication: the X-Postmark-Server-Token header.
// Answer: {"ErrorCode", "Message", "MessageID", "To", "SubmittedAt"}:
// ErrorCode 0 accepted (MessageID); 300 invalid e-mail request, 406 inactive
// recipient, 400/401 sender signature, 405/412/413 account, 10 bad token
// (HTTP 401): permanent; 100 maintenance, 429 rate limit, HTTP 5xx: transient.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clients/common/messaging.hpp"
#include "core/tracking/request.hpp"

namespace forewarn::clients::postmark {

inline constexpr std::string_view kProductionBaseUrl = "https://api.postmarkapp.com";
inline constexpr const char* kMessageIdKey = "forewarn_message_id";

tracking::HttpRequest send_request(const OutgoingMessage& m, std::string_view server_token,
                                   std::string_view message_stream = "outbound");

SendOutcome parse_send_response(int http_status, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after);

struct WebhookOutcome {
  std::optional<DeliveryEvent> event;  // nullopt for record types that change nothing (Open, Click)
  std::optional<std::string> error;    // not a Postmark webhook
};
// One webhook body: RecordType Delivery, Bounce (hard: bounced; soft and
// transient kinds: deferred), SpamComplaint, SubscriptionChange (suppression: unsubscribed).
WebhookOutcome parse_webhook(std::string_view body);

}  // namespace forewarn::clients::postmark
