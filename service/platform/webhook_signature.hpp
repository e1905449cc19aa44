// Signatures of the aggregators' tracking webhooks, checked exactly as each
// provider signs them, in constant time (CRYPTO_memcmp):
//
// EasyPost (its client libraries' validate_webhook, and its "Webhook HMAC
// Validation" article):
//   X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256 of the raw body>, keyed
//   with the webhook secret (EasyPost NFKD-normalizes the secret; forewarn
//   only accepts printable ASCII secrets, for which NFKD changes nothing).
//   Newer deliveries also carry X-Timestamp (RFC 2822), X-Path and
//   X-Hmac-Signature-V2: hmac-sha256-hex=<hex HMAC-SHA256 of timestamp +
//   method + path + body>. When V2 is present it is the one checked, and the
//   timestamp must be within kTimestampTolerance of now; when only the legacy
//   header is present, an X-Timestamp, if sent, must be within it too.
// AfterShip (Tracking webhooks, "Webhook Signature"):
//   aftership-hmac-sha256: <base64 HMAC-SHA256 of the raw body>, keyed with
//   the webhook secret. The format has no timestamp header (the body's `ts`
//   is when the tracking event happened, not when it was sent), so there is no
//   freshness check; a replayed delivery stores nothing new (events are
//   de-duplicated).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"

namespace forewarn::webhooks {

enum class Provider { easypost, aftership };
std::optional<Provider> provider_from_string(std::string_view s);
std::string_view to_string(Provider p);

inline constexpr std::chrono::seconds kTimestampTolerance{300};

// A header by name, case-insensitive; "" when absent.
using HeaderLookup = std::function<std::string(const std::string&)>;

struct Verdict {
  bool ok = false;
  std::string reason;  // why not, for the 401's detail (names headers, never secrets)
};

Verdict verify_signature(Provider provider, std::string_view secret, std::string_view method, std::string_view body,
                         const HeaderLookup& header, Instant now);

// The headers a provider would send with `body` (EasyPost: the legacy header;
// with `timestamp` and `path` also the V2 headers). For tests and tools.
std::vector<std::pair<std::string, std::string>> sign(Provider provider, std::string_view secret, std::string_view body,
                                                      const std::optional<std::string>& timestamp = std::nullopt,
                                                      const std::string& path = "");

}  // namespace forewarn::webhooks
