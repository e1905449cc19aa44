// Signed unsubscribe links: every message forewarn sends carries one (in the
// body and in the RFC 8058 List-Unsubscribe header). The token names the
// tenant and the address and is signed with HMAC-SHA256 under the service's
// "unsubscribe" signing key (db::signing_key, shared by the replicas); it is
// checked in constant time. It does not expire: an old e-mail's link still
// works, as RFC 8058 expects.
//
//   token = base64url(tenant_id "|" address) "." base64url(HMAC(key, "forewarn-unsubscribe-v1|" payload))
#pragma once

#include <optional>
#include <string>

namespace forewarn::platform {

struct UnsubscribeTarget {
  std::string tenant_id;
  std::string address;  // normalized e-mail or E.164
};

std::string sign_unsubscribe(const std::string& key, const UnsubscribeTarget& target);
// nullopt for a malformed token or a bad signature.
std::optional<UnsubscribeTarget> verify_unsubscribe(const std::string& key, const std::string& token);

}  // namespace forewarn::platform
