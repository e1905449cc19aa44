#include "clients/fedex/codec/request.hpp"

#include <nlohmann/json.hpp>

namespace forewarn::clients::fedex {

tracking::HttpRequest track_request(const std::vector<std::string>& tracking_numbers,
                                    std::string_view access_token) {
  nlohmann::json body;
  body["includeDetailedScans"] = true;
  body["trackingInfo"] = nlohmann::json::array();
  for (const auto& n : tracking_numbers)
    body["trackingInfo"].push_back({{"trackingNumberInfo", {{"trackingNumber", n}}}});
  tracking::HttpRequest r;
  r.method = "POST";
  r.path = "/track/v1/trackingnumbers";
  r.headers = {{"Authorization", "Bearer " + std::string(access_token)},
               {"Content-Type", "application/json"},
               {"X-locale", "en_US"},
               {"Accept", "application/json"}};
  r.body = body.dump();
  return r;
}

tracking::HttpRequest token_request(std::string_view client_id, std::string_view client_secret) {
  return tracking::client_credentials_request("/oauth/token", client_id, client_secret,
                                              tracking::ClientAuth::form_fields);
}

tracking::TokenOutcome parse_token_response(std::string_view body) {
  return tracking::parse_token_response(body);
}

}  // namespace forewarn::clients::fedex
