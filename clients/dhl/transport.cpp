#include "clients/dhl/transport.hpp"

#include "clients/dhl/codec/parse.hpp"
#include "clients/dhl/codec/request.hpp"

namespace forewarn::clients::dhl {

CarrierApi api(const CarrierAccount&) {
  return {tracking::Carrier::dhl,
          [](const std::string& number, const std::string& api_key) { return track_request(number, api_key); },
          {},
          &parse_track};
}

}  // namespace forewarn::clients::dhl
