#include "clients/vonage/transport.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>

#include "clients/common/codec/provider.hpp"
#include "core/tracking/codec_support.hpp"
#include "platform/crypto.hpp"

namespace forewarn::clients::vonage {

VonageProvider::VonageProvider(VonageConfig config, std::shared_ptr<HttpClient> http, const Clock& clock)
    : config_(std::move(config)),
      http_(std::move(http), "vonage", ProviderEndpoint{config_.base_url, config_.max_in_flight}),
      clock_(clock) {}

SendOutcome VonageProvider::send(const OutgoingMessage& message) {
  if (!is_e164(message.to)) {
    return SendOutcome{SendStatus::permanent_failure, {}, "to is not an E.164 phone number", 0, std::nullopt};
  }
  const HttpResponse r = http_.send(send_request(message, config_.account));
  if (r.failure != HttpResponse::Failure::none) return no_answer_outcome(r);
  return parse_send_response(r.status, r.body, retry_after_from(r.header("retry-after"), nullptr, clock_.now()));
}

std::optional<SignatureMethod> signature_method_from_string(std::string_view name) {
  if (name == "md5hash") return SignatureMethod::md5hash;
  if (name == "md5") return SignatureMethod::md5;
  if (name == "sha1") return SignatureMethod::sha1;
  if (name == "sha256") return SignatureMethod::sha256;
  if (name == "sha512") return SignatureMethod::sha512;
  return std::nullopt;
}

std::string webhook_signature(std::string_view secret, SignatureMethod method,
                              const std::map<std::string, std::string>& params) {
  std::string data;
  for (const auto& [name, value] : params) {  // std::map: sorted by name
    if (name == "sig") continue;
    std::string v = value;
    std::replace(v.begin(), v.end(), '&', '_');
    std::replace(v.begin(), v.end(), '=', '_');
    data += '&';
    data += name;
    data += '=';
    data += v;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (method == SignatureMethod::md5hash) {
    data += secret;
    EVP_Digest(data.data(), data.size(), mac, &len, EVP_md5(), nullptr);
    return crypto::hex(std::string_view(reinterpret_cast<const char*>(mac), len));
  }
  const EVP_MD* md = method == SignatureMethod::md5    ? EVP_md5()
                     : method == SignatureMethod::sha1 ? EVP_sha1()
                     : method == SignatureMethod::sha256 ? EVP_sha256()
                                                         : EVP_sha512();
  HMAC(md, secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &len);
  std::string out = crypto::hex(std::string_view(reinterpret_cast<const char*>(mac), len));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool verify_webhook_signature(std::string_view secret, SignatureMethod method,
                              const std::map<std::string, std::string>& params, Instant now,
                              std::chrono::seconds max_skew, std::string& why) {
  const auto sig = params.find("sig");
  if (sig == params.end() || sig->second.empty()) {
    why = "no sig parameter";
    return false;
  }
  const auto ts = params.find("timestamp");
  long long seconds = 0;
  try {
    if (ts == params.end()) throw std::invalid_argument("none");
    std::size_t used = 0;
    seconds = std::stoll(ts->second, &used);
    if (used != ts->second.size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    why = "no valid timestamp parameter";
    return false;
  }
  const auto at = Instant{} + std::chrono::seconds{seconds};
  if (at < now - max_skew || at > now + max_skew) {
    why = "the timestamp is too far from now";
    return false;
  }
  if (secret.empty() ||
      !crypto::constant_time_equal(tracking::codec::to_lower(webhook_signature(secret, method, params)),
                                   tracking::codec::to_lower(sig->second))) {
    why = "the signature does not match";
    return false;
  }
  return true;
}

}  // namespace forewarn::clients::vonage
