#include "core/calendar/ics.hpp"
#include "core/event_json.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"

namespace forewarn::http::handlers {

namespace {
nlohmann::json event_json(const db::EventRow& row) {
  nlohmann::json j = row.definition;
  j["id"] = row.id;
  j["created_at"] = row.created_at;
  return j;
}
Problem name_taken(const std::string& name) {
  Problem p = Problem::of(ErrorKind::conflict, "An event named \"" + name + "\" exists already.");
  p.errors.push_back({"/name", "is already used by another event"});
  return p;
}
}  // namespace

Result create_event(Services& s, Request& req) {
  auto input = event_from_json(req.body);
  if (!input.value) return input.problem;
  auto row = write_snapshot_data(s, req.tenant_id, [&](pqxx::work& tx) {
    return db::insert_event(tx, req.tenant_id, input.value->name, to_json(*input.value), s.clock->now());
  });
  if (!row) return name_taken(input.value->name);
  return created(event_json(*row), "/v1/events/" + row->id);
}

Result list_events(Services& s, Request& req) {
  if (!req.query.empty()) return Problem::validation({{"#/query/" + req.query.begin()->first, "is not a known parameter"}});
  auto rows = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::list_events(tx, req.tenant_id);
  });
  nlohmann::json items = nlohmann::json::array();
  for (const auto& row : rows) items.push_back(event_json(row));
  return Response::json(200, {{"items", items}});
}

// All or nothing: a malformed file, or a name that exists, imports nothing.
Result import_events(Services& s, Request& req) {
  const auto parsed = core::calendar::import_ics(req.text);
  if (!parsed.ok()) {
    Problem p = Problem::validation({{"#/body/line/" + std::to_string(parsed.error->line), parsed.error->message}},
                                    "The calendar could not be imported: line " + std::to_string(parsed.error->line) +
                                        ": " + parsed.error->message);
    return p;
  }
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : parsed.events) {
      auto row = db::insert_event(tx, req.tenant_id, e.name, to_json(e), s.clock->now());
      if (!row) return name_taken(e.name);  // the transaction is rolled back
      items.push_back(event_json(*row));
    }
    tx.commit();
    s.snapshots.invalidate(req.tenant_id);
    return Response::json(201, {{"items", items}});
  });
}

Result get_event(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  auto row = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::get_event(tx, req.tenant_id, id);
  });
  if (!row) return Problem::of(ErrorKind::not_found, "There is no event " + id + ".");
  return Response::json(200, event_json(*row));
}

Result delete_event(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  if (!write_snapshot_data(s, req.tenant_id, [&](pqxx::work& tx) {
        if (db::is_uuid(id)) db::reassess_event(tx, req.tenant_id, id);  // its shipments lose that deadline
        return db::delete_event(tx, req.tenant_id, id);
      }))
    return Problem::of(ErrorKind::not_found, "There is no event " + id + ".");
  return Response::no_content();
}

}  // namespace forewarn::http::handlers
