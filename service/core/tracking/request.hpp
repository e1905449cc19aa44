// Pure descriptions of carrier HTTP requests and the OAuth2
// client-credentials codec shared by UPS, FedEx and USPS. Building a request
// performs no I/O; the transport layer sends it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/tracking/status.hpp"

namespace forewarn::tracking {

using Header = std::pair<std::string, std::string>;

struct HttpRequest {
  std::string method;                                      // "GET", "POST"
  std::string path;                                        // already percent-encoded
  std::vector<std::pair<std::string, std::string>> query;  // raw, encoded by target()
  std::vector<Header> headers;
  std::string body;

  // path + "?" + percent-encoded query (no host).
  std::string target() const;
  // First header with that name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
};

// RFC 3986 unreserved characters pass, everything else becomes %XX.
std::string percent_encode(std::string_view s);
std::string base64_encode(std::string_view s);
// application/x-www-form-urlencoded
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

struct OAuthToken {
  std::string access_token;
  std::string token_type;              // "Bearer"
  std::chrono::seconds expires_in{0};  // lifetime from the response
  std::string scope;
};

struct TokenOutcome {
  std::optional<OAuthToken> token;
  std::optional<ParseError> error;  // set iff !token
};

enum class ClientAuth {
  basic_header,  // Authorization: Basic base64(id:secret) (UPS)
  form_fields,   // client_id / client_secret in the form body (FedEx, USPS)
};

// POST <path> with grant_type=client_credentials.
HttpRequest client_credentials_request(std::string_view path, std::string_view client_id,
                                       std::string_view client_secret, ClientAuth auth,
                                       std::vector<std::pair<std::string, std::string>> extra = {});

// Accepts {"access_token", "token_type", "expires_in" (number or string), "scope"}.
// OAuth errors ({"error": "invalid_client"}), carrier error envelopes and
// garbage become error values. Never throws.
TokenOutcome parse_token_response(std::string_view body);

}  // namespace forewarn::tracking
