#include "clients/usps/codec/request.hpp"

namespace forewarn::clients::usps {

tracking::HttpRequest track_request(std::string_view tracking_number, std::string_view access_token) {
  tracking::HttpRequest r;
  r.method = "GET";
  r.path = "/tracking/v3/tracking/" + tracking::percent_encode(tracking_number);
  r.query = {{"expand", "DETAIL"}};
  r.headers = {{"Authorization", "Bearer " + std::string(access_token)},
               {"Accept", "application/json"}};
  return r;
}

tracking::HttpRequest token_request(std::string_view client_id, std::string_view client_secret,
                                    std::string_view scope) {
  std::vector<std::pair<std::string, std::string>> extra;
  if (!scope.empty()) extra.emplace_back("scope", std::string(scope));
  return tracking::client_credentials_request("/oauth2/v3/token", client_id, client_secret,
                                              tracking::ClientAuth::form_fields, std::move(extra));
}

tracking::TokenOutcome parse_token_response(std::string_view body) {
  return tracking::parse_token_response(body);
}

}  // namespace forewarn::clients::usps
