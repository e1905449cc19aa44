// When to use, refresh or wait for an OAuth2 access token. Pure: the
// thread-safe cache around it (clients/common/token_cache) passes `now` from
// its injected Clock and does what this says.
#pragma once

#include <chrono>
#include <optional>

#include "core/time.hpp"

namespace forewarn::tracking {

struct TokenLifetime {
  Instant obtained_at{};             // when the token request was sent (conservative)
  std::chrono::seconds expires_in{0};

  Instant expires_at() const { return obtained_at + expires_in; }
  bool usable(Instant now) const { return now < expires_at(); }
  // `early` before expiry, but for a short-lived token never before half of
  // its lifetime (a 60 s token is not refreshed on every call).
  Instant refresh_at(std::chrono::seconds early) const;
};

enum class TokenAction {
  use,              // the cached token is fresh
  use_and_refresh,  // still valid but due: use it, and start the one refresh
  wait,             // no usable token; a refresh is in flight: wait for it
  fetch,            // no usable token and none in flight: start one and wait
};

struct TokenState {
  std::optional<TokenLifetime> token;  // empty: none yet, or invalidated
  bool refresh_in_flight = false;
  // After a failed background refresh: no new attempt before this while the
  // old token is still usable (does not delay a fetch for a missing token).
  std::optional<Instant> retry_not_before;
};

TokenAction decide(const TokenState& state, Instant now, std::chrono::seconds refresh_early);

}  // namespace forewarn::tracking
