#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"

namespace forewarn::http::handlers {

namespace {
Problem not_found(const std::string& id) {
  return Problem::of(ErrorKind::not_found, "There is no carrier service " + id + ".");
}
Problem id_taken(const std::string& id) {
  Problem p = Problem::of(ErrorKind::conflict, "A carrier service with the id \"" + id + "\" exists already.");
  p.errors.push_back({"/id", "is already used by another service of this tenant"});
  return p;
}
}  // namespace

Result create_carrier_service(Services& s, Request& req) {
  auto input = tenant_service_from_json(req.body, nullptr);
  if (!input.value) return input.problem;
  auto row = write_snapshot_data(s, req.tenant_id, [&](pqxx::work& tx) {
    return db::insert_carrier_service(tx, req.tenant_id, *input.value, s.clock->now());
  });
  if (!row) return id_taken(input.value->id);
  return created(to_json(*row), "/v1/carrier-services/" + row->id);
}

Result list_carrier_services(Services& s, Request& req) {
  auto page = read_page_query(req, [](const std::string& id) { return is_service_id(id); });
  if (auto* p = std::get_if<Problem>(&page)) return *p;
  const PageQuery& q = std::get<PageQuery>(page);
  auto rows = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::list_carrier_services(tx, req.tenant_id, q.after, q.limit + 1);
  });
  return Response::json(200, page_json(std::move(rows), q.limit, [](const TenantService& t) { return to_json(t); }));
}

Result get_carrier_service(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  auto row = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::get_carrier_service(tx, req.tenant_id, id);
  });
  if (!row) return not_found(id);
  return Response::json(200, to_json(*row));
}

// PUT: the body is the whole service (as on create); it replaces the stored one.
Result replace_carrier_service(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    if (!db::get_carrier_service(tx, req.tenant_id, id)) return not_found(id);
    auto input = tenant_service_from_json(req.body, &id);
    if (!input.value) return input.problem;
    auto replaced = db::replace_carrier_service(tx, req.tenant_id, *input.value, s.clock->now());
    tx.commit();
    s.snapshots.invalidate(req.tenant_id);
    if (!replaced) return not_found(id);
    return Response::json(200, to_json(*replaced));
  });
}

Result delete_carrier_service(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  if (!write_snapshot_data(s, req.tenant_id,
                           [&](pqxx::work& tx) { return db::delete_carrier_service(tx, req.tenant_id, id); }))
    return not_found(id);
  return Response::no_content();
}

}  // namespace forewarn::http::handlers
