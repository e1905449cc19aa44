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
  auto created = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto w = db::insert_warehouse(tx, req.tenant_id, *input.value, s.clock->now());
    tx.commit();
    return w;
  });
  s.snapshots.invalidate(req.tenant_id);
  if (!created) return name_taken(input.value->name);
  Response r = Response::json(201, to_json(*created));
  r.headers.emplace_back("Location", "/v1/warehouses/" + created->id);
  return r;
}

Result list_warehouses(Services& s, Request& req) {
  QueryReader q(req);
  const auto limit = q.integer("limit", 50, 1, 200);
  const auto cursor_text = q.text("cursor");
  q.reject_unknown();
  std::optional<std::pair<std::string, std::string>> after;
  if (cursor_text) {
    after = decode_cursor(*cursor_text);
    if (!after) return Problem::validation({{"#/query/cursor", "is not a cursor returned by this API"}});
  }
  if (!q.ok()) return q.problem();
  auto rows = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::list_warehouses(tx, req.tenant_id, after, static_cast<int>(*limit) + 1);
  });
  nlohmann::json out = {{"items", nlohmann::json::array()}, {"next_cursor", nullptr}};
  const bool more = rows.size() > static_cast<size_t>(*limit);
  if (more) rows.pop_back();
  for (const auto& w : rows) out["items"].push_back(to_json(w));
  if (more) out["next_cursor"] = encode_cursor(rows.back().created_at, rows.back().id);
  return Response::json(200, out);
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
  const bool deleted = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    const bool ok = db::delete_warehouse(tx, req.tenant_id, id);
    tx.commit();
    return ok;
  });
  s.snapshots.invalidate(req.tenant_id);
  if (!deleted) return not_found(id);
  return Response::no_content();
}

}  // namespace forewarn::http::handlers
