#include "http/auth.hpp"

#include <functional>

#include "core/api_key.hpp"
#include "db/store.hpp"
#include "platform/crypto.hpp"
#include "platform/system_clock.hpp"

namespace forewarn::http {

std::variant<Caller, Problem> Authenticator::authenticate(const std::string& authorization) {
  if (authorization.empty())
    return Problem::of(ErrorKind::unauthorized, "Send your API key as 'Authorization: Bearer <key>'.");
  const auto token = bearer_token(authorization);
  if (!token) return Problem::of(ErrorKind::unauthorized, "The Authorization header must use the Bearer scheme.");
  const auto parts = parse_api_key(*token);
  if (!parts) return Problem::of(ErrorKind::unauthorized, "The API key is not valid.");

  const long long now = platform::monotonic_ms();
  Entry entry;
  bool cached = false;
  {
    std::shared_lock lock(mu_);
    if (auto it = cache_.find(parts->prefix); it != cache_.end() && it->second.expires_ms > now) {
      entry = it->second;
      cached = true;
    }
  }
  if (!cached) {
    std::optional<db::KeyRecord> rec;
    try {
      rec = pool_.run([&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        return db::find_api_key(tx, parts->prefix);
      });
    } catch (const db::Unavailable&) {
      Problem p = Problem::of(ErrorKind::unavailable, "The database is not reachable; try again shortly.");
      p.retry_after_seconds = 1;
      return p;
    }
    if (!rec) return Problem::of(ErrorKind::unauthorized, "The API key is not valid.");
    entry = Entry{rec->tenant_id, rec->secret_hash_hex, rec->revoked, now + cache_ms_};
    if (cache_ms_ > 0) {
      std::unique_lock lock(mu_);
      if (cache_.size() > 100000) cache_.clear();
      cache_[parts->prefix] = entry;
    }
  }
  const std::string presented = crypto::hex(crypto::sha256(parts->secret));
  if (!crypto::constant_time_equal(presented, entry.secret_hash_hex))
    return Problem::of(ErrorKind::unauthorized, "The API key is not valid.");
  if (entry.revoked) return Problem::of(ErrorKind::unauthorized, "The API key has been revoked.");
  return Caller{entry.tenant_id, parts->prefix};
}

std::optional<int> RateLimiter::check(const std::string& key) {
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  const Instant now{Duration{platform::monotonic_ms()}};
  std::lock_guard lock(shard.mu);
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) it = shard.buckets.emplace(key, TokenBucket(rate_, burst_, now)).first;
  long long wait_ms = 0;
  if (it->second.try_take(now, wait_ms)) return std::nullopt;
  return static_cast<int>((wait_ms + 999) / 1000);
}

}  // namespace forewarn::http
