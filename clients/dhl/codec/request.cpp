#include "clients/dhl/codec/request.hpp"

namespace forewarn::clients::dhl {

tracking::HttpRequest track_request(std::string_view tracking_number, std::string_view api_key,
                                    std::string_view service, std::string_view language) {
  tracking::HttpRequest r;
  r.method = "GET";
  r.path = "/track/shipments";
  r.query = {{"trackingNumber", std::string(tracking_number)}};
  if (!service.empty()) r.query.emplace_back("service", std::string(service));
  if (!language.empty()) r.query.emplace_back("language", std::string(language));
  r.headers = {{"DHL-API-Key", std::string(api_key)}, {"Accept", "application/json"}};
  return r;
}

}  // namespace forewarn::clients::dhl
