// One OAuth2 access token per carrier credential, shared by every poll of
// that carrier (adapter). Thread-safe and asynchronous:
// - a fresh token is handed out at once;
// - from `refresh_early` before expiry (core/tracking/token_policy) the
//   first caller starts the one refresh and everybody keeps using the old
//   token until the new one arrives;
// - with no usable token, callers wait for the one refresh in flight;
// - a 401 with a token invalidates it (the next caller fetches anew).
// Time comes only from the injected Clock.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/tracking/poll.hpp"
#include "core/tracking/request.hpp"
#include "core/tracking/token_policy.hpp"

namespace forewarn::clients {

class TokenCache {
 public:
  using TokenOrError = std::variant<tracking::OAuthToken, tracking::PollError>;
  // Starts one token request and calls `done` exactly once, on any thread.
  using FetchFn = std::function<void(std::function<void(TokenOrError)> done)>;
  using AccessOrError = std::variant<std::string, tracking::PollError>;  // the access token
  using Done = std::function<void(AccessOrError)>;

  TokenCache(const Clock& clock, FetchFn fetch, std::chrono::seconds refresh_early = std::chrono::seconds{60});

  // `done` runs exactly once: at once (on the caller's thread) when a usable
  // token is cached, else when the refresh completes (on its thread).
  void get(Done done);
  // The carrier rejected `access_token` (401): forget it if it is current.
  void invalidate(const std::string& access_token);

  std::size_t fetches() const;  // token requests started so far

 private:
  void start_fetch();
  void fetched(TokenOrError result, Instant requested_at);

  const Clock& clock_;
  FetchFn fetch_;
  std::chrono::seconds refresh_early_;

  mutable std::mutex mu_;
  tracking::TokenState state_;
  std::string access_token_;
  std::vector<Done> waiters_;
  std::size_t fetches_ = 0;
};

}  // namespace forewarn::clients
