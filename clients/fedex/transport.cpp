#include "clients/fedex/transport.hpp"

#include "clients/fedex/codec/parse.hpp"
#include "clients/fedex/codec/request.hpp"

namespace forewarn::clients::fedex {

CarrierApi api(const CarrierAccount& account) {
  return {tracking::Carrier::fedex,
          [](const std::string& number, const std::string& token) { return track_request({number}, token); },
          [id = account.client_id, secret = account.client_secret] { return token_request(id, secret); },
          &parse_track};
}

}  // namespace forewarn::clients::fedex
