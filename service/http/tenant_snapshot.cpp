#include "http/tenant_snapshot.hpp"

#include "core/event_json.hpp"
#include "db/store.hpp"
#include "platform/log.hpp"
#include "platform/system_clock.hpp"

namespace forewarn::http {

std::shared_ptr<const TenantSnapshot> TenantSnapshots::load(const std::string& tenant_id) {
  return pool_.run([&](pqxx::connection& c) -> std::shared_ptr<const TenantSnapshot> {
    pqxx::read_transaction tx(c);
    std::vector<std::string> unparsed;
    auto snap = std::make_shared<TenantSnapshot>(db::load_tenant_snapshot(tx, tenant_id, &unparsed));
    for (const auto& id : unparsed)
      log::warn("stored event does not parse; left out of the snapshot", {{"tenant", tenant_id}, {"event", id}});
    return snap;
  });
}

std::shared_ptr<const TenantSnapshot> TenantSnapshots::get(const std::string& tenant_id) {
  const long long now = platform::monotonic_ms();
  std::uint64_t generation = 0;
  std::shared_ptr<const TenantSnapshot> stale;
  {
    std::shared_lock lock(mu_);
    if (auto it = entries_.find(tenant_id); it != entries_.end()) {
      if (now - it->second.loaded_ms < ttl_ms_) return it->second.snapshot;
      stale = it->second.snapshot;
    }
  }
  // Expired: one request reloads, the others keep answering from the old one.
  std::unique_lock reload(reload_mu_, std::defer_lock);
  if (stale) {
    if (!reload.try_lock()) return stale;
  } else {
    reload.lock();
  }
  {
    std::shared_lock lock(mu_);
    if (auto it = entries_.find(tenant_id); it != entries_.end() && platform::monotonic_ms() - it->second.loaded_ms < ttl_ms_)
      return it->second.snapshot;  // loaded meanwhile
    if (auto g = generation_.find(tenant_id); g != generation_.end()) generation = g->second;
  }
  const long long started = platform::monotonic_ms();
  std::shared_ptr<const TenantSnapshot> fresh;
  try {
    fresh = load(tenant_id);
  } catch (const std::exception& e) {
    if (!stale) throw;  // nothing to answer from: 503 (or 500) as usual
    // The database is away: keep answering from the expired snapshot (it is
    // only the other replicas' writes that may be missing) and retry later.
    log::warn("tenant snapshot reload failed; answering from the previous one",
              {{"tenant", tenant_id}, {"error", e.what()}});
    return stale;
  }
  {
    std::unique_lock lock(mu_);
    // A write invalidated the tenant while this load ran: the load may have
    // missed it, so it answers this request but is not kept.
    const auto g = generation_.find(tenant_id);
    if ((g == generation_.end() ? 0 : g->second) == generation) entries_[tenant_id] = Entry{fresh, started};
  }
  return fresh;
}

void TenantSnapshots::invalidate(const std::string& tenant_id) {
  std::unique_lock lock(mu_);
  entries_.erase(tenant_id);
  ++generation_[tenant_id];
}

}  // namespace forewarn::http
