// The RFC 5322 / MIME message forewarn sends over SMTP (pure): a
// multipart/alternative of a text/plain and a text/html part (or text/plain
// alone), both UTF-8 in quoted-printable; RFC 2047 encoded words for a
// non-ASCII subject and display names; a stable Message-ID from forewarn's
// message id; Date from the instant passed in; RFC 2369 / RFC 8058
// List-Unsubscribe headers. Lines end in CRLF and stay within 78 characters
// except where a header cannot be folded. Dot-stuffing ("." at the start of a
// line) is left to the SMTP client (libcurl does it while uploading).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clients/common/messaging.hpp"
#include "core/time.hpp"

namespace forewarn::clients::smtp {

// "<id@domain>": the domain is message_id_domain, else the From address's domain.
std::string message_id(const OutgoingMessage& m);

// Why this message cannot be written or sent (a From or To that is not a
// single plausible address, an empty id or body), or nullopt.
std::optional<std::string> invalid_reason(const OutgoingMessage& m);

// The whole message: headers, blank line, body. Call invalid_reason() first.
std::string build_message(const OutgoingMessage& m, Instant date);

// RFC 5322 date-time in UTC: "Sun, 22 Nov 2026 21:31:46 +0000".
std::string format_date(Instant t);

// RFC 2047 "B" encoded words for a UTF-8 text, each at most 75 characters and
// never splitting a character, joined by CRLF SP (a folded header).
std::string encoded_words(std::string_view utf8);
// A header value for unstructured text (Subject): unchanged when it is
// printable ASCII that fits on one line with `header_name`, else encoded words.
// CR, LF and other control characters become spaces.
std::string unstructured(std::string_view header_name, std::string_view utf8);
// "Name <addr>" with the name as atoms, a quoted-string or encoded words;
// just "addr" without a name.
std::string mailbox(std::string_view display_name, std::string_view address);

// Quoted-printable (RFC 2045 6.7) of UTF-8 text: line breaks (LF or CRLF)
// become CRLF, lines are soft-broken at 76 characters.
std::string quoted_printable(std::string_view text);

// An SMTP reply code (and the server's text) as an outcome: 2xx accepted, 4xx
// transient, 5xx permanent; 0 (no reply: connection refused, TLS, timeout) transient.
SendOutcome outcome_for_reply(int code, std::string reason);

}  // namespace forewarn::clients::smtp
