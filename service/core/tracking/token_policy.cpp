#include "core/tracking/token_policy.hpp"

#include <algorithm>

namespace forewarn::tracking {

Instant TokenLifetime::refresh_at(std::chrono::seconds early) const {
  const auto margin = std::min<std::chrono::seconds>(early, expires_in / 2);
  return expires_at() - margin;
}

TokenAction decide(const TokenState& state, Instant now, std::chrono::seconds refresh_early) {
  if (!state.token || !state.token->usable(now))
    return state.refresh_in_flight ? TokenAction::wait : TokenAction::fetch;
  if (now < state.token->refresh_at(refresh_early) || state.refresh_in_flight) return TokenAction::use;
  if (state.retry_not_before && now < *state.retry_not_before) return TokenAction::use;
  return TokenAction::use_and_refresh;
}

}  // namespace forewarn::tracking
