#include "clients/common/token_cache.hpp"

#include <algorithm>

namespace forewarn::clients {

TokenCache::TokenCache(const Clock& clock, FetchFn fetch, std::chrono::seconds refresh_early)
    : clock_(clock), fetch_(std::move(fetch)), refresh_early_(refresh_early) {}

void TokenCache::get(Done done) {
  std::string token;
  bool start = false;
  bool immediate = false;
  {
    std::lock_guard lock(mu_);
    switch (tracking::decide(state_, clock_.now(), refresh_early_)) {
      case tracking::TokenAction::use:
        token = access_token_;
        immediate = true;
        break;
      case tracking::TokenAction::use_and_refresh:
        token = access_token_;
        immediate = state_.refresh_in_flight = start = true;
        break;
      case tracking::TokenAction::wait:
        waiters_.push_back(std::move(done));
        return;
      case tracking::TokenAction::fetch:
        waiters_.push_back(std::move(done));
        state_.refresh_in_flight = start = true;
        break;
    }
  }
  if (start) start_fetch();
  if (immediate) done(std::move(token));
}

void TokenCache::invalidate(const std::string& access_token) {
  std::lock_guard lock(mu_);
  if (state_.token && access_token == access_token_) {
    state_.token.reset();
    access_token_.clear();
  }
}

std::size_t TokenCache::fetches() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

void TokenCache::start_fetch() {
  const Instant requested_at = clock_.now();
  {
    std::lock_guard lock(mu_);
    ++fetches_;
  }
  fetch_([this, requested_at](TokenOrError result) { fetched(std::move(result), requested_at); });
}

void TokenCache::fetched(TokenOrError result, Instant requested_at) {
  std::vector<Done> waiters;
  AccessOrError answer;
  {
    std::lock_guard lock(mu_);
    state_.refresh_in_flight = false;
    if (auto* token = std::get_if<tracking::OAuthToken>(&result)) {
      access_token_ = token->access_token;
      state_.token = tracking::TokenLifetime{requested_at, token->expires_in};
      state_.retry_not_before.reset();
      answer = access_token_;
    } else {
      // A failed background refresh: keep the old token while it lasts, and
      // do not hammer the token endpoint on every poll meanwhile.
      const Instant now = clock_.now();
      std::chrono::seconds pause{10};
      if (state_.token)
        pause = std::min(pause, std::chrono::floor<std::chrono::seconds>(state_.token->expires_at() - now) / 2);
      state_.retry_not_before = now + pause;
      answer = std::get<tracking::PollError>(std::move(result));
    }
    waiters.swap(waiters_);
  }
  for (auto& w : waiters) w(answer);
}

}  // namespace forewarn::clients
