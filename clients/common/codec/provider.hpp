// Pure helpers shared by the e-mail and SMS providers' codecs
// (clients/{sendgrid,postmark,twilio,vonage,smtp}/codec): the mapping of an
// HTTP answer to a SendOutcome, Retry-After, SMS keywords, and the small
// form/JSON utilities their webhooks need.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clients/common/messaging.hpp"
#include "core/time.hpp"

namespace forewarn::clients {

// An answer that carries no provider-specific verdict: 2xx accepted; 408,
// 409 (a concurrent request with the same idempotency key), 425, 429 and 5xx
// transient; every other status permanent. `reason` is kept as given.
SendOutcome outcome_for_http_status(int status, std::string reason,
                                    std::optional<std::chrono::seconds> retry_after = std::nullopt);
bool is_transient_http_status(int status);

// How long to wait: the Retry-After header (delta-seconds or HTTP-date) when
// present, else an X-RateLimit-Reset epoch (SendGrid) turned into seconds from
// `now`. nullopt when neither says anything usable.
std::optional<std::chrono::seconds> retry_after_from(const std::string* retry_after,
                                                     const std::string* ratelimit_reset_epoch, Instant now);

// STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT (opt-out); START, UNSTOP, YES
// (opt-in); HELP, INFO: the whole body trimmed, any case, as the US carriers
// and Twilio's Advanced Opt-Out read it. Anything else: none.
SmsKeyword classify_sms_keyword(std::string_view body);

// application/x-www-form-urlencoded body → fields (a repeated name keeps the last value).
std::map<std::string, std::string> parse_form(std::string_view body);

// A JSON member as a string whether the provider sent a string or a number; "" otherwise.
std::string json_text(const nlohmann::json& object, const char* key);

// The first `max` bytes of `s` cut at a UTF-8 character boundary (reasons kept for people).
std::string clip_utf8(std::string_view s, std::size_t max);

// True when `s` is a plausible single e-mail address (local@domain, no
// whitespace, no control characters, no angle brackets): what may go into an
// envelope or a header without injection.
bool plausible_email(std::string_view s);
// E.164: '+' and 8 to 15 digits.
bool is_e164(std::string_view s);

}  // namespace forewarn::clients
