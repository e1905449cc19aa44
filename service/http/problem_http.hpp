// The one table from ErrorKind to HTTP status, and the RFC 9457 rendering.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

namespace forewarn::http {

int status_of(ErrorKind kind);
ErrorKind kind_of_status(int status);
// {"type","title","status","detail","instance"?,"errors"?}
nlohmann::json problem_json(const Problem& p, const std::string& request_id);

inline constexpr const char* kProblemType = "application/problem+json";

}  // namespace forewarn::http
