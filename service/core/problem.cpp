#include "core/problem.hpp"

namespace forewarn {

const char* error_slug(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_request: return "bad-request";
    case ErrorKind::unauthorized: return "unauthorized";
    case ErrorKind::not_found: return "not-found";
    case ErrorKind::method_not_allowed: return "method-not-allowed";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::payload_too_large: return "payload-too-large";
    case ErrorKind::unsupported_media_type: return "unsupported-media-type";
    case ErrorKind::validation: return "validation-failed";
    case ErrorKind::rate_limited: return "rate-limited";
    case ErrorKind::internal: return "internal-error";
    case ErrorKind::unavailable: return "service-unavailable";
  }
  return "internal-error";
}

const char* error_title(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_request: return "Bad request";
    case ErrorKind::unauthorized: return "Unauthorized";
    case ErrorKind::not_found: return "Not found";
    case ErrorKind::method_not_allowed: return "Method not allowed";
    case ErrorKind::conflict: return "Conflict";
    case ErrorKind::payload_too_large: return "Payload too large";
    case ErrorKind::unsupported_media_type: return "Unsupported media type";
    case ErrorKind::validation: return "Validation failed";
    case ErrorKind::rate_limited: return "Too many requests";
    case ErrorKind::internal: return "Internal error";
    case ErrorKind::unavailable: return "Service unavailable";
  }
  return "Internal error";
}

}  // namespace forewarn
