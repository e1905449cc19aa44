#include <stdexcept>

#include "core/time.hpp"
#include "core/tracking/status.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"
#include "platform/crypto.hpp"

namespace forewarn::http::handlers {

namespace {

constexpr int kEventsShown = 500;  // GET /v1/shipments/{id}: the newest events

Problem not_found(const std::string& id) { return Problem::of(ErrorKind::not_found, "There is no shipment " + id + "."); }

// warehouse_id and event_id must name the tenant's own (another tenant's is
// as unknown as a missing one).
std::optional<Problem> check_references(pqxx::transaction_base& tx, const std::string& tenant_id,
                                        const shipment::Shipment& s) {
  std::vector<FieldError> errors;
  if (s.warehouse_id && !db::get_warehouse(tx, tenant_id, *s.warehouse_id))
    errors.push_back({"/warehouse_id", "is not one of your warehouses"});
  if (s.event_id && !db::get_event(tx, tenant_id, *s.event_id))
    errors.push_back({"/event_id", "is not one of your events"});
  if (errors.empty()) return std::nullopt;
  return Problem::validation(std::move(errors));
}

Response created_or_existing(const shipment::Shipment& s, bool created) {
  Response r = Response::json(created ? 201 : 200, shipment::to_json(s));
  if (created) r.headers.emplace_back("Location", "/v1/shipments/" + s.id);
  return r;
}

// The answer to a request whose Idempotency-Key was seen before.
Result replay(pqxx::transaction_base& tx, const std::string& tenant_id, const db::IdempotencyRecord& prior,
              const std::string& request_hash) {
  if (prior.request_hash != request_hash)
    return Problem::validation({{"#/header/Idempotency-Key", "was already used with a different request body"}},
                               "This Idempotency-Key belongs to another request; use a new key for a new shipment.");
  auto s = db::get_shipment(tx, tenant_id, prior.shipment_id);
  if (!s) return not_found(prior.shipment_id);
  return created_or_existing(*s, false);
}

}  // namespace

// Idempotent twice over: the same (carrier, tracking number), or the same
// Idempotency-Key with the same body, answers 200 with the shipment that
// exists; the same key with another body is a 422.
Result create_shipment(Services& s, Request& req) {
  auto input = shipment::shipment_from_json(req.body);
  if (!input.value) return input.problem;
  const std::string key = req.header("Idempotency-Key");
  if (key.size() > 255)
    return Problem::validation({{"#/header/Idempotency-Key", "must be at most 255 characters"}});
  const std::string request_hash = crypto::hex(crypto::sha256(req.body.dump()));
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    const Instant now = s.clock->now();
    if (!key.empty()) {
      if (auto prior = db::find_idempotency_key(tx, req.tenant_id, key)) return replay(tx, req.tenant_id, *prior, request_hash);
    }
    if (auto problem = check_references(tx, req.tenant_id, *input.value)) return *problem;
    auto shipment = db::insert_shipment(tx, req.tenant_id, *input.value, now);
    const bool created = shipment.has_value();
    if (!shipment)
      shipment = db::find_shipment_by_tracking(tx, req.tenant_id, input.value->carrier, input.value->tracking_number);
    if (!shipment) throw std::runtime_error("a shipment that conflicted on insert could not be read back");
    if (!key.empty() && !db::insert_idempotency_key(tx, req.tenant_id, key, {request_hash, shipment->id}, now)) {
      // A concurrent request took the key first; answer as if it came before (rolling this one back).
      if (auto prior = db::find_idempotency_key(tx, req.tenant_id, key)) return replay(tx, req.tenant_id, *prior, request_hash);
    }
    tx.commit();
    return created_or_existing(*shipment, created);
  });
}

Result list_shipments(Services& s, Request& req) {
  QueryReader q(req);
  const auto limit = q.integer("limit", 50, 1, 200);
  const auto cursor_text = q.text("cursor");
  db::ShipmentFilter filter;
  filter.status = q.text("status", 40);
  filter.risk = q.text("risk", 40);
  filter.event_id = q.text("event_id", 64);
  filter.order_id = q.text("order_id", 200);
  filter.updated_since = q.text("updated_since", 64);
  const auto active = q.text("active", 5);
  q.reject_unknown();
  if (filter.status && !tracking::status_from_string(*filter.status))
    q.fail("status", "must be a status such as in_transit, out_for_delivery, delivered or exception");
  if (filter.event_id && !db::is_uuid(*filter.event_id)) q.fail("event_id", "must be an event id");
  if (filter.updated_since) {
    if (auto t = parse_iso8601(*filter.updated_since)) filter.updated_since = format_iso8601(*t);
    else q.fail("updated_since", "must be an RFC 3339 date-time such as 2026-12-01T00:00:00Z");
  }
  if (active) {
    if (*active == "true" || *active == "false") filter.active = *active == "true";
    else q.fail("active", "must be true or false");
  }
  std::optional<std::pair<std::string, std::string>> after;
  if (cursor_text) {
    after = decode_cursor(*cursor_text, db::is_uuid);
    if (!after) q.fail("cursor", "is not a cursor returned by this API");
  }
  if (!q.ok()) return q.problem();
  auto rows = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::list_shipments(tx, req.tenant_id, filter, after, static_cast<int>(*limit) + 1);
  });
  nlohmann::json out = {{"items", nlohmann::json::array()}, {"next_cursor", nullptr}};
  const bool more = rows.size() > static_cast<size_t>(*limit);
  if (more) rows.pop_back();
  for (const auto& row : rows) out["items"].push_back(shipment::to_json(row));
  if (more) out["next_cursor"] = encode_cursor(rows.back().created_at, rows.back().id);
  return Response::json(200, out);
}

Result get_shipment(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::read_transaction tx(c);
    auto shipment = db::get_shipment(tx, req.tenant_id, id);
    if (!shipment) return not_found(id);
    nlohmann::json j = shipment::to_json(*shipment);
    j["events"] = nlohmann::json::array();
    for (const auto& e : db::list_tracking_events(tx, req.tenant_id, id, kEventsShown)) j["events"].push_back(to_json(e));
    return Response::json(200, std::move(j));
  });
}

Result update_shipment(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    auto current = db::get_shipment(tx, req.tenant_id, id);
    if (!current) return not_found(id);
    auto input = shipment::shipment_patch_from_json(req.body, *current);
    if (!input.value) return input.problem;
    if (input.value->event_id != current->event_id && input.value->event_id) {
      if (!db::get_event(tx, req.tenant_id, *input.value->event_id))
        return Problem::validation({{"/event_id", "is not one of your events"}});
    }
    auto updated = db::update_shipment(tx, req.tenant_id, *input.value, s.clock->now());
    if (!updated) return not_found(id);
    tx.commit();
    return Response::json(200, shipment::to_json(*updated));
  });
}

// Stops tracking: no more polls or messages; the shipment and its events stay.
Result delete_shipment(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  const bool stopped = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    const bool ok = db::stop_shipment(tx, req.tenant_id, id, s.clock->now());
    tx.commit();
    return ok;
  });
  if (!stopped) return not_found(id);
  return Response::no_content();
}

}  // namespace forewarn::http::handlers
