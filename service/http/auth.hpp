// API key authentication and per-key rate limiting for /v1 routes.
// Keys are looked up by their non-secret prefix; the SHA-256 of the secret is
// compared in constant time. Verified lookups are cached briefly
// (FOREWARN_AUTH_CACHE_MS) so the checkout path does not query the database
// on every request; a revoked key stops working within that time.
#pragma once

#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <variant>

#include "core/problem.hpp"
#include "core/rate_limit.hpp"
#include "db/pool.hpp"

namespace forewarn::http {

struct Caller {
  std::string tenant_id;
  std::string key_prefix;
};

class Authenticator {
 public:
  Authenticator(db::Pool& pool, int cache_ms) : pool_(pool), cache_ms_(cache_ms) {}
  // The Authorization header's value (may be empty).
  std::variant<Caller, Problem> authenticate(const std::string& authorization);

 private:
  struct Entry {
    std::string tenant_id;
    std::string secret_hash_hex;
    bool revoked = false;
    long long expires_ms = 0;
  };
  db::Pool& pool_;
  int cache_ms_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> cache_;
};

class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}
  // nullopt when allowed, else the seconds to wait.
  std::optional<int> check(const std::string& key);

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, TokenBucket> buckets;
  };
  double rate_, burst_;
  Shard shards_[kShards];
};

}  // namespace forewarn::http
