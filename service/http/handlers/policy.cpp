// The tenant's message policy (core/messages/policy.hpp, docs/messages.md):
//
//   GET    /v1/policy   the policy in force (the defaults until one is PUT),
//                       with "customized" and "updated_at"
//   PUT    /v1/policy   replaces it; members left out take their defaults;
//                       every bad field → 422 naming its JSON Pointer
//   DELETE /v1/policy   back to the defaults
//
// The decisions read it in the transaction of each tracking round, so a
// change applies to the next decision, on every replica.
#include "core/messages/policy.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"

namespace forewarn::http::handlers {

namespace {

using nlohmann::json;
namespace msg = core::messages;

Response policy_response(const msg::Policy& policy, const std::optional<std::string>& updated_at) {
  json body = msg::to_json(policy);
  body["customized"] = updated_at.has_value();
  body["updated_at"] = updated_at ? json(*updated_at) : json(nullptr);
  return Response::json(200, body);
}

}  // namespace

Result get_policy(Services& s, Request& req) {
  const auto row = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::get_tenant_policy(tx, req.tenant_id);
  });
  msg::Policy policy;
  if (row && row->policy) policy = msg::policy_from_json(json::parse(*row->policy, nullptr, false)).value.value_or(policy);
  return policy_response(policy, row ? row->updated_at : std::nullopt);
}

Result put_policy(Services& s, Request& req) {
  const auto input = msg::policy_from_json(req.body);
  if (!input.value) return input.problem;
  const auto updated = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    // The body as given (validated): what the merchant wrote is what is read back.
    db::put_tenant_policy(tx, req.tenant_id, req.body.dump(), s.clock->now());
    const auto row = db::get_tenant_policy(tx, req.tenant_id);
    tx.commit();
    return row ? row->updated_at : std::nullopt;
  });
  return policy_response(*input.value, updated);
}

Result delete_policy(Services& s, Request& req) {
  s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    db::delete_tenant_policy(tx, req.tenant_id);
    tx.commit();
  });
  return Response::no_content();
}

}  // namespace forewarn::http::handlers
