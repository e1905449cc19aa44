// The dispatcher's pure decisions: routing and failover, retries with
// backoff, permanent failures, and what provider status webhooks may change.
#include <doctest/doctest.h>

#include "core/dispatch/policy.hpp"

using namespace forewarn;
using namespace forewarn::core::dispatch;
using namespace std::chrono;

namespace {
const Instant kNow = *parse_iso8601("2026-12-18T15:00:00Z");
}

TEST_CASE("dispatch routing: the primary until it fails K times in a row, then the secondary") {
  RetryConfig c;
  c.failover_after = 3;
  RouteInput in;
  in.has_secondary = true;
  CHECK(choose_provider(in, c) == 1);
  in.primary_failures = 2;
  CHECK(choose_provider(in, c) == 1);
  in.primary_failures = 3;
  CHECK(choose_provider(in, c) == 2);
  in.has_secondary = false;  // nowhere to fail over to
  CHECK(choose_provider(in, c) == 1);
}

TEST_CASE("dispatch routing: an open primary circuit sends to the secondary at once, unless both are open") {
  RouteInput in;
  in.has_secondary = true;
  in.primary_open = true;
  CHECK(choose_provider(in) == 2);
  in.secondary_open = true;
  CHECK(choose_provider(in) == 1);
}

TEST_CASE("dispatch routing: an interrupted send goes again to the same provider (same idempotency key)") {
  RouteInput in;
  in.has_secondary = true;
  in.interrupted = true;
  in.previous_priority = 1;
  in.primary_failures = 5;
  in.primary_open = true;
  CHECK(choose_provider(in) == 1);
  in.previous_priority = 2;
  CHECK(choose_provider(in) == 2);
  in.has_secondary = false;  // the secondary was removed meanwhile
  CHECK(choose_provider(in) == 1);
}

TEST_CASE("dispatch: accepted is sent; permanent is failed at once, whatever attempts remain") {
  const auto sent = after_attempt({Outcome::accepted, 1, 1, 2, std::nullopt}, kNow, 0.5);
  CHECK(sent.status == "sent");
  CHECK(sent.primary_failures == 0);
  const auto perm = after_attempt({Outcome::permanent, 1, 1, 0, std::nullopt}, kNow, 0.5);
  CHECK(perm.status == "failed");
  CHECK_FALSE(perm.exhausted);
}

TEST_CASE("dispatch: a transient failure retries with exponential backoff and jitter, honouring Retry-After") {
  RetryConfig c;
  c.backoff = {seconds{10}, hours{1}};
  const auto first = after_attempt({Outcome::transient, 1, 1, 0, std::nullopt}, kNow, 0.0, c);
  CHECK(first.status == "pending");
  CHECK(first.next_attempt_at == kNow + seconds{10});
  CHECK(first.primary_failures == 1);
  // 4th attempt: uniform in [10 s, 80 s]; unit 1 gives the ceiling.
  CHECK(after_attempt({Outcome::transient, 1, 4, 3, std::nullopt}, kNow, 1.0, c).next_attempt_at == kNow + seconds{80});
  CHECK(after_attempt({Outcome::transient, 1, 4, 3, std::nullopt}, kNow, 0.5, c).next_attempt_at == kNow + seconds{45});
  CHECK(after_attempt({Outcome::transient, 1, 1, 0, seconds{300}}, kNow, 0.0, c).next_attempt_at == kNow + seconds{300});
  // A failure of the secondary does not count against the primary.
  CHECK(after_attempt({Outcome::transient, 2, 5, 3, std::nullopt}, kNow, 0.0, c).primary_failures == 3);
}

TEST_CASE("dispatch: after the last attempt a transient failure fails the message, flagged for an alert") {
  RetryConfig c;
  c.max_attempts = 4;
  CHECK(after_attempt({Outcome::transient, 2, 3, 3, std::nullopt}, kNow, 0.0, c).status == "pending");
  const auto last = after_attempt({Outcome::transient, 2, 4, 3, std::nullopt}, kNow, 0.0, c);
  CHECK(last.status == "failed");
  CHECK(last.exhausted);
}

TEST_CASE("dispatch: provider status webhooks only move a sent message forward") {
  CHECK(apply_status_event("sent", "delivered") == "delivered");
  CHECK(apply_status_event("sent", "bounced") == "bounced");
  CHECK(apply_status_event("delivered", "complained") == "complained");
  CHECK(apply_status_event("delivered", "bounced") == "bounced");
  CHECK_FALSE(apply_status_event("delivered", "delivered"));
  CHECK_FALSE(apply_status_event("bounced", "delivered"));  // never backwards
  CHECK_FALSE(apply_status_event("pending", "delivered"));  // never accepted by us
  CHECK_FALSE(apply_status_event("cancelled", "delivered"));
  CHECK_FALSE(apply_status_event("sent", "opened"));        // not a status forewarn tracks
  CHECK(retryable_by_hand("failed"));
  CHECK(retryable_by_hand("bounced"));
  CHECK_FALSE(retryable_by_hand("sent"));
  CHECK_FALSE(retryable_by_hand("suppressed"));
}
