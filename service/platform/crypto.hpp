// Cryptographic primitives from OpenSSL: random bytes, SHA-256, HMAC-SHA256,
// constant-time comparison, and the encodings used by API keys and ids.
#pragma once

#include <string>
#include <string_view>

namespace forewarn::crypto {

std::string random_bytes(size_t n);  // throws if the CSPRNG fails
std::string sha256(std::string_view data);                        // raw 32 bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
bool constant_time_equal(std::string_view a, std::string_view b);
std::string hex(std::string_view raw);
std::string base64url(std::string_view raw);  // unpadded

// A new API key: 6 random bytes of prefix (12 hex chars) and 32 of secret.
struct NewKey {
  std::string token;        // shown to the caller once
  std::string prefix;       // stored, used for lookup
  std::string secret_hash;  // stored: sha256(secret)
};
NewKey generate_api_key();

std::string random_id_hex(size_t bytes);  // e.g. request ids

}  // namespace forewarn::crypto
