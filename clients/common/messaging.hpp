// What every e-mail and SMS provider adapter offers the dispatcher
// (service/dispatch): one outgoing message in, one outcome value out. A
// provider failure is a value, never an exception. Each clients/<provider>/
// has a pure codec (request body, response → SendOutcome, status webhooks)
// and a transport implementing MessageProvider over libcurl.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace forewarn::clients {

enum class Channel { email, sms };

struct OutgoingMessage {
  // forewarn's own message id (UUID): the idempotency key sent to providers
  // that accept one, and the left part of the e-mail Message-ID.
  std::string id;
  std::string tenant_id;
  Channel channel = Channel::email;
  std::string from;       // e-mail address, or the SMS sender (E.164 or alphanumeric)
  std::string from_name;  // display name (e-mail)
  std::string reply_to;
  std::string to;         // e-mail address or E.164 phone number
  std::string to_name;
  std::string subject;    // e-mail, UTF-8
  std::string text;       // e-mail plain part, or the SMS body
  std::string html;       // e-mail HTML part (may be empty)
  std::string message_id_domain;         // Message-ID: <id@domain>
  std::string list_unsubscribe_url;      // RFC 8058 one-click (https), e-mail only
  std::string list_unsubscribe_mailto;   // optional mailto: alternative
  std::map<std::string, std::string> metadata;  // echoed by providers in status webhooks
};

enum class SendStatus {
  accepted,           // the provider took it: provider_message_id is set
  transient_failure,  // retry later (network, 429, 5xx, timeout)
  permanent_failure,  // never retry this message with this provider (invalid address, rejected)
};

struct SendOutcome {
  SendStatus status = SendStatus::transient_failure;
  std::string provider_message_id;
  std::string reason;       // for people: "550 5.1.1 user unknown", "HTTP 429", ...
  int code = 0;             // HTTP status or SMTP reply code, 0 when none
  std::optional<std::chrono::seconds> retry_after;
};

// What a provider's status webhook says about a message it accepted,
// normalized (clients/<provider>/codec parses each provider's format).
enum class DeliveryState {
  queued,        // accepted by the provider, not yet handed on
  sent,          // handed to the carrier network / the receiving mail server
  delivered,     // the receiving server or handset confirmed it
  deferred,      // a temporary failure; the provider keeps trying
  bounced,       // the receiving side rejected it for good (invalid address, mailbox gone)
  failed,        // the provider gave up for another reason (dropped, undeliverable, expired)
  complained,    // the recipient marked it as spam
  unsubscribed,  // the recipient unsubscribed through the provider
};

constexpr std::string_view to_string(DeliveryState s) {
  switch (s) {
    case DeliveryState::queued: return "queued";
    case DeliveryState::sent: return "sent";
    case DeliveryState::delivered: return "delivered";
    case DeliveryState::deferred: return "deferred";
    case DeliveryState::bounced: return "bounced";
    case DeliveryState::failed: return "failed";
    case DeliveryState::complained: return "complained";
    case DeliveryState::unsubscribed: return "unsubscribed";
  }
  return "failed";
}

// delivered, bounced, failed, complained, unsubscribed: nothing later changes the outcome
// (a complaint may follow a delivery, though).
constexpr bool is_final(DeliveryState s) {
  return s != DeliveryState::queued && s != DeliveryState::sent && s != DeliveryState::deferred;
}

struct DeliveryEvent {
  std::string provider;             // "sendgrid", "postmark", "twilio", "vonage"
  std::string provider_message_id;  // the id SendOutcome::provider_message_id held
  std::string message_id;           // forewarn's id when the provider echoes it back, else ""
  DeliveryState state = DeliveryState::queued;
  std::string reason;               // the provider's words or error code, for people
  std::string recipient;            // address or number (personal data: mask before logging)
  std::optional<Instant> at;        // when it happened, as the provider says
};

// An SMS keyword's meaning (carrier-mandated opt-out words, case-insensitive).
enum class SmsKeyword { none, opt_out, opt_in, help };

// An incoming SMS (the provider's inbound webhook), for STOP / START handling.
struct InboundSms {
  std::string provider;
  std::string provider_message_id;
  std::string from;  // the recipient who wrote (E.164), personal data
  std::string to;    // our number or sender id
  std::string body;
  SmsKeyword keyword = SmsKeyword::none;
};

class MessageProvider {
 public:
  virtual ~MessageProvider() = default;
  virtual std::string name() const = 0;  // "smtp", "sendgrid", "postmark", "twilio", "vonage"
  virtual Channel channel() const = 0;
  // Blocking; safe to call from several threads at once.
  virtual SendOutcome send(const OutgoingMessage& message) = 0;
  // True when the provider takes forewarn's message id as an idempotency key:
  // a repeated send gets the first answer and is never delivered twice.
  virtual bool idempotent() const { return false; }
  // Several messages at once, one outcome each, in order (an HTTP provider
  // has them all in flight together on its lane). By default one by one.
  virtual std::vector<SendOutcome> send_all(const std::vector<OutgoingMessage>& messages) {
    std::vector<SendOutcome> out;
    out.reserve(messages.size());
    for (const auto& m : messages) out.push_back(send(m));
    return out;
  }
};

}  // namespace forewarn::clients
