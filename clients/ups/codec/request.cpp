#include "clients/ups/codec/request.hpp"

namespace forewarn::clients::ups {

tracking::HttpRequest track_request(std::string_view inquiry_number, std::string_view access_token,
                                    std::string_view transaction_id) {
  tracking::HttpRequest r;
  r.method = "GET";
  r.path = "/api/track/v1/details/" + tracking::percent_encode(inquiry_number);
  r.query = {{"locale", "en_US"}, {"returnSignature", "false"}};
  r.headers = {{"Authorization", "Bearer " + std::string(access_token)},
               {"transId", std::string(transaction_id.substr(0, 32))},
               {"transactionSrc", "forewarn"},
               {"Accept", "application/json"}};
  return r;
}

tracking::HttpRequest token_request(std::string_view client_id, std::string_view client_secret,
                                    std::string_view merchant_id) {
  auto r = tracking::client_credentials_request("/security/v1/oauth/token", client_id, client_secret,
                                                tracking::ClientAuth::basic_header);
  if (!merchant_id.empty()) r.headers.emplace_back("x-merchant-id", std::string(merchant_id));
  return r;
}

tracking::TokenOutcome parse_token_response(std::string_view body) {
  return tracking::parse_token_response(body);
}

}  // namespace forewarn::clients::ups
