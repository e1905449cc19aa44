// Vonage (Nexmo) SMS API (pure): POST /sms/json, its answer, delivery
// receipts and inbound messages.
//
// Request: form-encoded api_key, api_secret, from, to (E.164 digits without
// '+'), text, type=unicode when the text is not GSM-7, client-ref (forewarn's
// message id, echoed in delivery receipts), callback (optional). Vonage
// offers no idempotency key.
// Answer: HTTP 200 {"message-count", "messages": [{"status", "message-id",
// "error-text", ...}]}, one entry per part of a long text. status 0 accepted;
// 1 throttled, 5 internal error, 10 too many binds, 13 communication failure:
// transient; 2, 3 (invalid parameters, e.g. the number), 4 credentials, 6
// unroutable, 7 number barred, 8 account barred, 9 partner quota, 12 too long,
// 15 invalid sender, 29 non-whitelisted destination, 33 number de-activated
// and other codes: permanent. HTTP 429 / 5xx transient.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "clients/common/messaging.hpp"
#include "core/tracking/request.hpp"

namespace forewarn::clients::vonage {

inline constexpr std::string_view kProductionBaseUrl = "https://rest.nexmo.com";

struct Account {
  std::string api_key;
  std::string api_secret;
  std::string callback;  // delivery receipt URL (may be empty: the account's default)
};

// Whether every character of a UTF-8 text is in the GSM 03.38 default alphabet
// or its extension table (otherwise the text goes as UCS-2, type=unicode).
bool is_gsm7(std::string_view utf8);

tracking::HttpRequest send_request(const OutgoingMessage& m, const Account& account);

SendOutcome parse_send_response(int http_status, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after);

struct ReceiptOutcome {
  std::optional<DeliveryEvent> event;  // nullopt for accepted/buffered: nothing new
  std::optional<std::string> error;
};
// A delivery receipt, as form/query fields or a JSON object (both carry the
// same names): messageId, status (delivered, expired, failed, rejected,
// accepted, buffered, unknown), err-code, client-ref, msisdn, message-timestamp.
ReceiptOutcome parse_receipt(const std::map<std::string, std::string>& fields);
ReceiptOutcome parse_receipt_json(std::string_view body);

struct InboundOutcome {
  std::optional<InboundSms> message;
  std::optional<std::string> error;
};
// An inbound message: msisdn (the sender), to, messageId, text, keyword.
InboundOutcome parse_inbound(const std::map<std::string, std::string>& fields);

}  // namespace forewarn::clients::vonage
