// The dispatcher's decisions, pure: which provider carries an attempt (the
// tenant's primary or, after failures, its secondary), what an attempt's
// outcome does to the message (sent, retried later with backoff, failed), and
// what a provider's status webhook may change. The adapter (service/dispatch)
// leases messages, calls the providers and stores what these functions say,
// with `now` and the random unit passed in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/polling/policy.hpp"
#include "core/time.hpp"

namespace forewarn::core::dispatch {

struct RetryConfig {
  int max_attempts = 8;        // attempts (since the last retry by hand) before a message fails
  int failover_after = 3;      // consecutive transient failures of the primary before the secondary is used
  polling::BackoffConfig backoff{std::chrono::seconds{30}, std::chrono::hours{2}};
};

// ---------------------------------------------------------------------------
// Routing: 1 = the tenant's primary provider for the channel, 2 = its secondary.
// ---------------------------------------------------------------------------
struct RouteInput {
  bool has_secondary = false;
  // The previous attempt has no outcome: the process died while it was being
  // sent. It goes again to the same provider with the same idempotency key,
  // so that a provider that honours keys does not deliver it twice.
  bool interrupted = false;
  std::optional<int> previous_priority;
  int primary_failures = 0;    // consecutive transient failures of the primary, for this message
  bool primary_open = false;   // the primary's circuit breaker is open
  bool secondary_open = false;
};
int choose_provider(const RouteInput& in, const RetryConfig& c = {});

// ---------------------------------------------------------------------------
// After an attempt.
// ---------------------------------------------------------------------------
enum class Outcome { accepted, transient, permanent };
std::string_view to_string(Outcome o);

struct Attempt {
  Outcome outcome = Outcome::transient;
  int priority = 1;                       // the provider that was tried (0: none was configured)
  int attempts = 1;                       // since the last retry by hand, this one included
  int primary_failures = 0;               // before this attempt
  std::optional<Duration> retry_after;    // the provider's Retry-After
};

struct NextStep {
  std::string status;            // "sent", "pending" (retry at next_attempt_at) or "failed"
  Instant next_attempt_at{};
  int primary_failures = 0;
  bool exhausted = false;        // failed because the attempts ran out (alert)
};
// `unit`: uniform in [0, 1) (the jitter; tests pass fixed values).
NextStep after_attempt(const Attempt& a, Instant now, double unit, const RetryConfig& c = {});

// ---------------------------------------------------------------------------
// Provider status webhooks: delivered, bounced, failed, complained. A status
// only moves forward (sent -> delivered -> bounced/complained/failed); a
// message that was never accepted, or was cancelled or suppressed, is not
// changed. nullopt: no change.
// ---------------------------------------------------------------------------
bool is_message_status(std::string_view s);
bool is_webhook_status(std::string_view s);
std::optional<std::string> apply_status_event(std::string_view current, std::string_view event);

// A message a person may send again: it failed, or bounced (after the address was fixed upstream).
bool retryable_by_hand(std::string_view status);

}  // namespace forewarn::core::dispatch
