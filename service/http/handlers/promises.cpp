#include "core/checkout.hpp"
#include "http/handlers/handlers.hpp"

namespace forewarn::http::handlers {

// The checkout: answered from the tenant's in-memory snapshot and learned
// transit model, no database round trip once it is warm (see
// http/tenant_snapshot.hpp and http/transit_models.hpp).
Result create_promise(Services& s, Request& req) {
  const auto snapshot = s.snapshots.get(req.tenant_id);
  const auto learned = s.models.get(req.tenant_id);  // null: nominal transit only
  auto answer = answer_promise_request_text(req.body, *snapshot, s.clock->now(), learned.get());
  if (auto* p = std::get_if<Problem>(&answer)) return *p;
  Response r = Response::json(200, nullptr);
  r.text = std::move(std::get<std::string>(answer));
  return r;
}

}  // namespace forewarn::http::handlers
