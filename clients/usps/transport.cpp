#include "clients/usps/transport.hpp"

#include "clients/usps/codec/parse.hpp"
#include "clients/usps/codec/request.hpp"

namespace forewarn::clients::usps {

CarrierApi api(const CarrierAccount& account) {
  return {tracking::Carrier::usps,
          [](const std::string& number, const std::string& token) { return track_request(number, token); },
          [id = account.client_id, secret = account.client_secret] { return token_request(id, secret); },
          &parse_track};
}

}  // namespace forewarn::clients::usps
