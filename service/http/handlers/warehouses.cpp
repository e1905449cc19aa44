#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"

namespace forewarn::http::handlers {

namespace {
Problem not_found(const std::string& id) { return Problem::of(ErrorKind::not_found, "There is no warehouse " + id + "."); }
Problem name_taken(const std::string& name) {
  Problem p = Problem::of(ErrorKind::conflict, "A warehouse named \"" + name + "\" exists already.");
  p.errors.push_back({"/name", "is already used by another warehouse"});
  return p;
}
}  // namespace

Result create_warehouse(Services& s, Request& req) {
  auto input = warehouse_from_json(req.body, nullptr);
  if (!input.value) return input.problem;
  auto row = write_snapshot_data(s, req.tenant_id, [&](pqxx::work& tx) {
    return db::insert_warehouse(tx, req.tenant_id, *input.value, s.clock->now());
  });
  if (!row) return name_taken(input.value->name);
  return created(to_json(*row), "/v1/warehouses/" + row->id);
}

Result list_warehouses(Services& s, Request& req) {
  auto page = read_page_query(req, db::is_uuid);
  if (auto* p = std::get_if<Problem>(&page)) return *p;
  const PageQuery& q = std::get<PageQuery>(page);
  auto rows = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::list_warehouses(tx, req.tenant_id, q.after, q.limit + 1);
  });
  return Response::json(200, page_json(std::move(rows), q.limit, [](const Warehouse& w) { return to_json(w); }));
}

Result get_warehouse(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  auto w = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::get_warehouse(tx, req.tenant_id, id);
  });
  if (!w) return not_found(id);
  return Response::json(200, to_json(*w));
}

Result update_warehouse(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    auto current = db::get_warehouse(tx, req.tenant_id, id);
    if (!current) return not_found(id);
    auto input = warehouse_from_json(req.body, &*current);
    if (!input.value) return input.problem;
    try {
      auto updated = db::update_warehouse(tx, req.tenant_id, *input.value, s.clock->now());
      // A new backlog, cutoff or closure changes its shipments' risk now, not at the next sweep.
      if (updated) db::reassess_warehouse(tx, req.tenant_id, id);
      tx.commit();
      s.snapshots.invalidate(req.tenant_id);
      if (!updated) return not_found(id);
      return Response::json(200, to_json(*updated));
    } catch (const pqxx::unique_violation&) {
      return name_taken(input.value->name);
    }
  });
}

Result delete_warehouse(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  if (!write_snapshot_data(s, req.tenant_id, [&](pqxx::work& tx) { return db::delete_warehouse(tx, req.tenant_id, id); }))
    return not_found(id);
  return Response::no_content();
}

}  // namespace forewarn::http::handlers
