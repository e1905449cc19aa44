// The pure parts of carrier polling: Retry-After, HTTP answer → PollOutcome,
// and the token refresh policy; and the thread-safe TokenCache driven by a
// ManualClock and a fake token endpoint (no network).
#include <doctest/doctest.h>

#include <functional>
#include <vector>

#include "clients/common/token_cache.hpp"
#include "clients/common/transport.hpp"
#include "clients/ups/codec/encode.hpp"
#include "clients/ups/codec/parse.hpp"
#include "core/tracking/poll.hpp"
#include "core/tracking/token_policy.hpp"

namespace trk = forewarn::tracking;
using forewarn::Instant;
using std::chrono::seconds;

namespace {
Instant at(const char* iso) { return *forewarn::parse_iso8601(iso); }
}  // namespace

TEST_CASE("Retry-After: delta-seconds") {
  const Instant now = at("2026-12-18T10:00:00Z");
  CHECK(trk::parse_retry_after("120", now) == seconds{120});
  CHECK(trk::parse_retry_after(" 0 ", now) == seconds{0});
  CHECK(trk::parse_retry_after("99999999999999999999", now) == seconds{86400});  // capped at a day
  CHECK_FALSE(trk::parse_retry_after("", now));
  CHECK_FALSE(trk::parse_retry_after("12s", now));
  CHECK_FALSE(trk::parse_retry_after("-5", now));
  CHECK_FALSE(trk::parse_retry_after("soon", now));
}

TEST_CASE("Retry-After: HTTP-date in all three RFC 9110 forms, relative to now") {
  const Instant now = at("1994-11-06T08:49:07Z");
  CHECK(trk::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == seconds{30});
  CHECK(trk::parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) == seconds{30});
  CHECK(trk::parse_retry_after("Sun Nov  6 08:49:37 1994", now) == seconds{30});
  CHECK(trk::parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == seconds{0});  // in the past
  // A fraction of a second ahead rounds up: waiting too little earns another 429.
  CHECK(trk::parse_retry_after("Sun, 06 Nov 1994 08:49:08 GMT", now - std::chrono::milliseconds{400}) == seconds{2});
  CHECK_FALSE(trk::parse_retry_after("Sun, 31 Nov 1994 08:49:37 GMT", now));  // no such day
  CHECK_FALSE(trk::parse_retry_after("Sun, 06 Nov 1994 08:49:37 CET", now));
  CHECK_FALSE(trk::parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", now));
  CHECK(trk::format_http_date(at("1994-11-06T08:49:37Z")) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(trk::parse_http_date(trk::format_http_date(at("2026-12-24T23:59:59Z"))) == at("2026-12-24T23:59:59Z"));
}

TEST_CASE("classify_response: every HTTP answer becomes a value") {
  const Instant now = at("2026-12-18T10:00:00Z");
  const auto ups = &forewarn::clients::ups::parse_track;
  using K = trk::PollErrorKind;

  trk::TrackingResult r;
  r.tracking_number = "1Z999AA10123456784";
  const std::array<trk::TrackingResult, 1> one{r};
  const std::string good = forewarn::clients::ups::encode_track_response(one);
  CHECK(trk::classify_response(200, "", good, ups, now).ok());

  const auto err = [&](int status, const char* retry_after, const std::string& body) {
    const trk::PollOutcome o = trk::classify_response(status, retry_after, body, ups, now);
    REQUIRE_FALSE(o.ok());
    return o.error();
  };
  const trk::PollError limited = err(429, "7", "");
  CHECK(limited.kind == K::rate_limited);
  CHECK(limited.retry_after == seconds{7});
  CHECK(limited.http_status == 429);
  CHECK(err(429, "Fri, 18 Dec 2026 10:01:00 GMT", "").retry_after == seconds{60});
  CHECK_FALSE(err(429, "", "").retry_after);

  const trk::PollError five = err(503, "30", forewarn::clients::ups::encode_error("10001", "The service is unavailable"));
  CHECK(five.kind == K::server_error);
  CHECK(five.retry_after == seconds{30});
  CHECK(five.reason == "The service is unavailable");
  CHECK(five.carrier_code == "10001");
  CHECK(err(500, "", "<html>oops</html>").kind == K::server_error);

  CHECK(err(401, "", forewarn::clients::ups::encode_error("250002", "Invalid Authentication Information.")).kind ==
        K::unauthorized);
  CHECK(err(403, "", "").kind == K::unauthorized);
  CHECK(err(404, "", "").kind == K::not_found);
  CHECK(err(200, "", forewarn::clients::ups::encode_not_found("1Z999AA10123456784")).kind == K::not_found);
  CHECK(err(400, "", forewarn::clients::ups::encode_error("TW0001", "Tracking Information Not Found")).kind ==
        K::not_found);
  CHECK(err(400, "", forewarn::clients::ups::encode_error("TV1002", "Invalid inquiry number")).kind ==
        K::invalid_request);

  const std::string truncated = good.substr(0, good.size() / 2);
  const trk::PollError bad = err(200, "", truncated);
  CHECK(bad.kind == K::malformed);
  CHECK(bad.raw_body == truncated);
  CHECK(bad.http_status == 200);
}

TEST_CASE("token policy: use, refresh early, wait, fetch") {
  using A = trk::TokenAction;
  const Instant t0 = at("2026-12-18T10:00:00Z");
  trk::TokenState s;
  CHECK(trk::decide(s, t0, seconds{60}) == A::fetch);
  s.refresh_in_flight = true;
  CHECK(trk::decide(s, t0, seconds{60}) == A::wait);

  s = {};
  s.token = trk::TokenLifetime{t0, seconds{3600}};
  CHECK(trk::decide(s, t0 + seconds{3539}, seconds{60}) == A::use);
  CHECK(trk::decide(s, t0 + seconds{3540}, seconds{60}) == A::use_and_refresh);  // 60 s before expiry
  s.refresh_in_flight = true;
  CHECK(trk::decide(s, t0 + seconds{3550}, seconds{60}) == A::use);   // the one refresh is under way
  CHECK(trk::decide(s, t0 + seconds{3600}, seconds{60}) == A::wait);  // expired: wait for it
  s.refresh_in_flight = false;
  CHECK(trk::decide(s, t0 + seconds{3600}, seconds{60}) == A::fetch);
  s.retry_not_before = t0 + seconds{3560};
  CHECK(trk::decide(s, t0 + seconds{3550}, seconds{60}) == A::use);  // a refresh just failed: not yet again
  CHECK(trk::decide(s, t0 + seconds{3560}, seconds{60}) == A::use_and_refresh);

  // A short-lived token is refreshed at half its life, not on every call.
  const trk::TokenLifetime short_lived{t0, seconds{60}};
  CHECK(short_lived.refresh_at(seconds{60}) == t0 + seconds{30});
}

namespace {

// A token endpoint the test answers by hand.
struct FakeEndpoint {
  std::vector<std::function<void(forewarn::clients::TokenCache::TokenOrError)>> pending;
  forewarn::clients::TokenCache::FetchFn fetch() {
    return [this](auto done) { pending.push_back(std::move(done)); };
  }
  void reply(forewarn::clients::TokenCache::TokenOrError answer) {
    REQUIRE_FALSE(pending.empty());
    auto done = std::move(pending.front());
    pending.erase(pending.begin());
    done(std::move(answer));
  }
  void answer(const char* token, long long lifetime_s) { reply(trk::OAuthToken{token, "Bearer", seconds{lifetime_s}, ""}); }
  void fail(trk::PollErrorKind kind) {
    trk::PollError e;
    e.kind = kind;
    reply(e);
  }
};

struct Got {
  std::vector<std::string> tokens;
  std::vector<trk::PollErrorKind> errors;
  forewarn::clients::TokenCache::Done callback() {
    return [this](forewarn::clients::TokenCache::AccessOrError a) {
      if (auto* t = std::get_if<std::string>(&a)) tokens.push_back(*t);
      else errors.push_back(std::get<trk::PollError>(a).kind);
    };
  }
};

// A token cache on a manual clock and a hand-answered endpoint.
struct CacheRig {
  forewarn::ManualClock clock{at("2026-12-18T10:00:00Z")};
  FakeEndpoint endpoint;
  forewarn::clients::TokenCache cache{clock, endpoint.fetch(), seconds{60}};
  Got got;
};

}  // namespace

TEST_CASE_FIXTURE(CacheRig, "TokenCache: one fetch for concurrent callers, cached until 60 s before expiry, then one refresh") {

  cache.get(got.callback());
  cache.get(got.callback());
  CHECK(endpoint.pending.size() == 1);  // one request for both callers
  CHECK(got.tokens.empty());
  endpoint.answer("A", 3600);
  CHECK(got.tokens == std::vector<std::string>{"A", "A"});

  clock.advance(seconds{3500});
  cache.get(got.callback());
  CHECK(endpoint.pending.empty());  // still fresh
  CHECK(cache.fetches() == 1);

  clock.advance(seconds{50});  // 50 s before expiry: due
  cache.get(got.callback());
  CHECK(got.tokens.back() == "A");  // the old token is used meanwhile
  CHECK(endpoint.pending.size() == 1);
  cache.get(got.callback());
  CHECK(endpoint.pending.size() == 1);  // never two refreshes at once
  endpoint.answer("B", 3600);
  cache.get(got.callback());
  CHECK(got.tokens.back() == "B");
  CHECK(cache.fetches() == 2);
}

TEST_CASE_FIXTURE(CacheRig, "TokenCache: expired tokens are never handed out, failures reach the waiters, 401 invalidates") {

  cache.get(got.callback());
  endpoint.fail(trk::PollErrorKind::unauthorized);
  CHECK(got.errors == std::vector<trk::PollErrorKind>{trk::PollErrorKind::unauthorized});

  cache.get(got.callback());
  endpoint.answer("A", 600);
  clock.advance(seconds{601});  // expired with no refresh done
  cache.get(got.callback());
  CHECK(got.tokens == std::vector<std::string>{"A"});  // waiting, not served the expired one
  endpoint.answer("B", 600);
  CHECK(got.tokens.back() == "B");

  cache.invalidate("stale");  // not the current token: nothing happens
  cache.get(got.callback());
  CHECK(endpoint.pending.empty());
  cache.invalidate("B");
  cache.get(got.callback());
  CHECK(endpoint.pending.size() == 1);
  endpoint.answer("C", 600);
  CHECK(got.tokens.back() == "C");
  CHECK(cache.fetches() == 4);
}

TEST_CASE_FIXTURE(CacheRig, "TokenCache: a failed background refresh keeps the old token and pauses before trying again") {
  cache.get(got.callback());
  endpoint.answer("A", 3600);
  clock.advance(seconds{3550});
  cache.get(got.callback());
  endpoint.fail(trk::PollErrorKind::server_error);
  cache.get(got.callback());
  CHECK(endpoint.pending.empty());  // paused
  CHECK(got.tokens.back() == "A");
  clock.advance(seconds{10});  // the pause: min(10 s, half the time left)
  cache.get(got.callback());
  CHECK(endpoint.pending.size() == 1);  // tries again after the pause
  CHECK(got.errors.empty());
}

TEST_CASE("transport failures become timeout, network or malformed values") {
  using F = forewarn::clients::HttpResponse::Failure;
  forewarn::clients::HttpResponse r;
  r.failure = F::timeout;
  r.error = "Operation timed out after 800 milliseconds";
  CHECK(forewarn::clients::transport_error(r).kind == trk::PollErrorKind::timeout);
  CHECK(forewarn::clients::transport_error(r).reason == "timeout: Operation timed out after 800 milliseconds");
  r.failure = F::network;
  CHECK(forewarn::clients::transport_error(r).kind == trk::PollErrorKind::network);
  r.failure = F::cancelled;
  CHECK(forewarn::clients::transport_error(r).kind == trk::PollErrorKind::network);
  r.failure = F::too_large;
  r.body = "{\"trackResponse\":";
  const trk::PollError big = forewarn::clients::transport_error(r);
  CHECK(big.kind == trk::PollErrorKind::malformed);
  CHECK(big.raw_body == r.body);

  // A token endpoint's answers.
  forewarn::clients::HttpResponse t;
  t.status = 200;
  t.body = R"({"access_token":"x","token_type":"Bearer","expires_in":"3599"})";
  const auto good = forewarn::clients::token_answer(t, at("2026-12-18T10:00:00Z"));
  REQUIRE(std::holds_alternative<trk::OAuthToken>(good));
  CHECK(std::get<trk::OAuthToken>(good).expires_in == seconds{3599});
  t.status = 401;
  t.body = R"({"error":"invalid_client","error_description":"Client authentication failed."})";
  const auto denied = forewarn::clients::token_answer(t, at("2026-12-18T10:00:00Z"));
  REQUIRE(std::holds_alternative<trk::PollError>(denied));
  CHECK(std::get<trk::PollError>(denied).kind == trk::PollErrorKind::unauthorized);
  CHECK(std::get<trk::PollError>(denied).reason == "token: Client authentication failed.");
  t.status = 200;
  t.body = "<html>maintenance</html>";
  const auto garbage = forewarn::clients::token_answer(t, at("2026-12-18T10:00:00Z"));
  REQUIRE(std::holds_alternative<trk::PollError>(garbage));
  CHECK(std::get<trk::PollError>(garbage).kind == trk::PollErrorKind::malformed);
  CHECK(std::get<trk::PollError>(garbage).raw_body == t.body);
}
