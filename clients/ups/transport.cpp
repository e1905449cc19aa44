#include "clients/ups/transport.hpp"

#include <atomic>

#include "clients/ups/codec/parse.hpp"
#include "clients/ups/codec/request.hpp"
#include "platform/crypto.hpp"

namespace forewarn::clients::ups {

CarrierApi api(const CarrierAccount& account) {
  // transId: "fw" + 10 random hex + a counter, at most 32 characters, unique per call.
  std::string random = "fw";
  random += crypto::random_id_hex(5);
  auto prefix = std::make_shared<const std::string>(std::move(random));
  auto calls = std::make_shared<std::atomic<unsigned long long>>(0);
  return {tracking::Carrier::ups,
          [prefix, calls](const std::string& number, const std::string& token) {
            std::string trans_id = *prefix;
            trans_id += std::to_string(calls->fetch_add(1, std::memory_order_relaxed));
            return track_request(number, token, trans_id);
          },
          [id = account.client_id, secret = account.client_secret] { return token_request(id, secret); },
          &parse_track};
}

}  // namespace forewarn::clients::ups
