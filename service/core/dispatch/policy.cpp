#include "core/dispatch/policy.hpp"

#include <algorithm>
#include <array>

namespace forewarn::core::dispatch {

int choose_provider(const RouteInput& in, const RetryConfig& c) {
  if (!in.has_secondary) return 1;
  if (in.interrupted && in.previous_priority) return *in.previous_priority;
  if (in.primary_failures >= std::max(1, c.failover_after)) return 2;
  if (in.primary_open && !in.secondary_open) return 2;
  return 1;
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::accepted: return "accepted";
    case Outcome::transient: return "transient";
    case Outcome::permanent: return "permanent";
  }
  return "transient";
}

NextStep after_attempt(const Attempt& a, Instant now, double unit, const RetryConfig& c) {
  NextStep out;
  out.primary_failures = a.primary_failures;
  out.next_attempt_at = now;
  switch (a.outcome) {
    case Outcome::accepted:
      out.status = "sent";
      out.primary_failures = 0;
      return out;
    case Outcome::permanent:
      out.status = "failed";
      return out;
    case Outcome::transient:
      break;
  }
  if (a.priority == 1) ++out.primary_failures;
  if (a.attempts >= c.max_attempts) {
    out.status = "failed";
    out.exhausted = true;
    return out;
  }
  out.status = "pending";
  out.next_attempt_at = polling::backoff_until(std::max(1, a.attempts), now, unit, a.retry_after, c.backoff);
  return out;
}

namespace {
constexpr std::array<std::string_view, 9> kStatuses = {"pending", "sending",    "sent",      "delivered", "failed",
                                                       "bounced", "complained", "cancelled", "suppressed"};
constexpr std::array<std::string_view, 4> kWebhookStatuses = {"delivered", "bounced", "failed", "complained"};

// How far along a message is once a provider accepted it.
int rank(std::string_view s) {
  if (s == "sent") return 1;
  if (s == "delivered") return 2;
  if (s == "bounced" || s == "failed" || s == "complained") return 3;
  return 0;
}
}  // namespace

bool is_message_status(std::string_view s) {
  return std::find(kStatuses.begin(), kStatuses.end(), s) != kStatuses.end();
}

bool is_webhook_status(std::string_view s) {
  return std::find(kWebhookStatuses.begin(), kWebhookStatuses.end(), s) != kWebhookStatuses.end();
}

std::optional<std::string> apply_status_event(std::string_view current, std::string_view event) {
  if (!is_webhook_status(event)) return std::nullopt;
  if (current != "sent" && current != "delivered") return std::nullopt;
  if (rank(event) <= rank(current)) return std::nullopt;
  return std::string(event);
}

bool retryable_by_hand(std::string_view status) { return status == "failed" || status == "bounced"; }

}  // namespace forewarn::core::dispatch
