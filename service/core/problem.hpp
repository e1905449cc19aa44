// The protocol-neutral error model. Everything that can go wrong for a caller
// is a Problem with a kind; the HTTP layer maps kinds to status codes in one
// table (http/problem_http.cpp) and renders RFC 9457 problem+json.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace forewarn {

enum class ErrorKind {
  bad_request,             // malformed syntax (bad JSON, bad header)
  unauthorized,            // missing, unknown or revoked credentials
  not_found,               // no such resource for this tenant (or any tenant)
  method_not_allowed,      // route exists, method does not
  conflict,                // state conflict (duplicate name, ...)
  payload_too_large,       // body over the configured limit
  unsupported_media_type,  // body is not application/json
  validation,              // well-formed but wrong: types, missing/unknown fields
  rate_limited,            // too many requests; retry later
  internal,                // a bug: never carries details to the caller
  unavailable,             // a dependency (the database) is down
};

// One bad field: a JSON Pointer (RFC 6901) into the request body, or a
// pseudo-pointer for other inputs ("#/query/limit", "#/header/Authorization").
struct FieldError {
  std::string pointer;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

struct Problem {
  ErrorKind kind = ErrorKind::internal;
  std::string detail;
  std::vector<FieldError> errors;        // for validation
  std::vector<std::string> allow;        // for method_not_allowed
  std::optional<int> retry_after_seconds;  // for rate_limited / unavailable

  static Problem validation(std::vector<FieldError> errs, std::string detail = "The request has invalid fields.") {
    return Problem{ErrorKind::validation, std::move(detail), std::move(errs), {}, std::nullopt};
  }
  static Problem of(ErrorKind k, std::string detail) {
    return Problem{k, std::move(detail), {}, {}, std::nullopt};
  }
};

// Slug used in the problem `type` URI and in logs, e.g. "validation-failed".
const char* error_slug(ErrorKind kind);
// Human title, e.g. "Validation failed".
const char* error_title(ErrorKind kind);

}  // namespace forewarn
