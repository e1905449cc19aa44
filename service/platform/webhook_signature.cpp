#include "platform/webhook_signature.hpp"

#include <cctype>

#include "core/encoding.hpp"
#include "platform/crypto.hpp"

namespace forewarn::webhooks {

namespace {

constexpr std::string_view kHexPrefix = "hmac-sha256-hex=";

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

std::string easypost_digest(std::string_view secret, std::string_view signed_text) {
  std::string out(kHexPrefix);
  out += crypto::hex(crypto::hmac_sha256(secret, signed_text));
  return out;
}

std::optional<Instant> parse_timestamp(const std::string& text) {
  if (auto t = parse_rfc2822(text)) return t;
  return parse_iso8601(text);
}

// nullopt when fresh enough, else why not.
std::optional<std::string> stale(const std::string& timestamp, Instant now) {
  const auto t = parse_timestamp(timestamp);
  if (!t) return "X-Timestamp is not an RFC 2822 date-time";
  const auto age = now - *t;
  if (age > kTimestampTolerance || -age > kTimestampTolerance)
    return "X-Timestamp is more than " + std::to_string(kTimestampTolerance.count()) + " seconds from the server's time";
  return std::nullopt;
}

Verdict verify_easypost(std::string_view secret, std::string_view method, std::string_view body, const HeaderLookup& header,
                        Instant now) {
  const std::string v2 = trim(header("X-Hmac-Signature-V2"));
  const std::string timestamp = trim(header("X-Timestamp"));
  if (!v2.empty()) {
    const std::string path = trim(header("X-Path"));
    if (timestamp.empty() || path.empty()) return {false, "X-Hmac-Signature-V2 needs X-Timestamp and X-Path"};
    if (auto why = stale(timestamp, now)) return {false, *why};
    std::string text = timestamp;
    text += method;
    text += path;
    text += body;
    if (!crypto::constant_time_equal(lower(v2), easypost_digest(secret, text)))
      return {false, "X-Hmac-Signature-V2 does not match the body"};
    return {true, ""};
  }
  const std::string v1 = trim(header("X-Hmac-Signature"));
  if (v1.empty()) return {false, "the X-Hmac-Signature header is missing"};
  if (!timestamp.empty()) {
    if (auto why = stale(timestamp, now)) return {false, *why};
  }
  if (!crypto::constant_time_equal(lower(v1), easypost_digest(secret, body)))
    return {false, "X-Hmac-Signature does not match the body"};
  return {true, ""};
}

Verdict verify_aftership(std::string_view secret, std::string_view body, const HeaderLookup& header) {
  const std::string given = trim(header("aftership-hmac-sha256"));
  if (given.empty()) return {false, "the aftership-hmac-sha256 header is missing"};
  if (!crypto::constant_time_equal(given, base64_encode(crypto::hmac_sha256(secret, body))))
    return {false, "aftership-hmac-sha256 does not match the body"};
  return {true, ""};
}

}  // namespace

std::optional<Provider> provider_from_string(std::string_view s) {
  if (s == "easypost") return Provider::easypost;
  if (s == "aftership") return Provider::aftership;
  return std::nullopt;
}

std::string_view to_string(Provider p) { return p == Provider::easypost ? "easypost" : "aftership"; }

Verdict verify_signature(Provider provider, std::string_view secret, std::string_view method, std::string_view body,
                         const HeaderLookup& header, Instant now) {
  if (secret.empty()) return {false, "no webhook secret is configured"};
  return provider == Provider::easypost ? verify_easypost(secret, method, body, header, now)
                                        : verify_aftership(secret, body, header);
}

std::vector<std::pair<std::string, std::string>> sign(Provider provider, std::string_view secret, std::string_view body,
                                                      const std::optional<std::string>& timestamp,
                                                      const std::string& path) {
  if (provider == Provider::aftership)
    return {{"aftership-hmac-sha256", base64_encode(crypto::hmac_sha256(secret, body))}};
  std::vector<std::pair<std::string, std::string>> out = {{"X-Hmac-Signature", easypost_digest(secret, body)}};
  if (timestamp && !path.empty()) {
    std::string text = *timestamp;
    text += "POST";
    text += path;
    text += body;
    out.emplace_back("X-Timestamp", *timestamp);
    out.emplace_back("X-Path", path);
    out.emplace_back("X-Hmac-Signature-V2", easypost_digest(secret, text));
  }
  return out;
}

}  // namespace forewarn::webhooks
