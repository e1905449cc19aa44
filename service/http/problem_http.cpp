#include "http/problem_http.hpp"

namespace forewarn::http {

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_request: return 400;
    case ErrorKind::unauthorized: return 401;
    case ErrorKind::not_found: return 404;
    case ErrorKind::method_not_allowed: return 405;
    case ErrorKind::conflict: return 409;
    case ErrorKind::payload_too_large: return 413;
    case ErrorKind::unsupported_media_type: return 415;
    case ErrorKind::validation: return 422;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::internal: return 500;
    case ErrorKind::unavailable: return 503;
  }
  return 500;
}

ErrorKind kind_of_status(int status) {
  switch (status) {
    case 401: return ErrorKind::unauthorized;
    case 404: return ErrorKind::not_found;
    case 405: return ErrorKind::method_not_allowed;
    case 409: return ErrorKind::conflict;
    case 413: return ErrorKind::payload_too_large;
    case 415: return ErrorKind::unsupported_media_type;
    case 422: return ErrorKind::validation;
    case 429: return ErrorKind::rate_limited;
    case 503: return ErrorKind::unavailable;
    default: return status >= 500 ? ErrorKind::internal : ErrorKind::bad_request;
  }
}

nlohmann::json problem_json(const Problem& p, const std::string& request_id) {
  nlohmann::json j = {{"type", std::string("https://forewarn.dev/problems/") + error_slug(p.kind)},
                      {"title", error_title(p.kind)},
                      {"status", status_of(p.kind)},
                      {"detail", p.detail}};
  if (!request_id.empty()) j["request_id"] = request_id;
  if (!p.errors.empty()) {
    j["errors"] = nlohmann::json::array();
    for (const auto& e : p.errors) j["errors"].push_back({{"pointer", e.pointer}, {"message", e.message}});
  }
  return j;
}

}  // namespace forewarn::http
