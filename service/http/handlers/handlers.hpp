// Route handlers: each reads the request, calls a store or core function, and
// maps the result. No SQL and no business rules here.
#pragma once

#include <string>

#include <pqxx/pqxx>

#include "http/router.hpp"
#include "http/services.hpp"

namespace forewarn::http::handlers {

// A write to data the checkout keeps in memory: runs `fn(pqxx::work&)` in one
// transaction, commits, and drops the tenant's snapshot (even when `fn`
// changed nothing), so that this process reads its own writes.
template <typename F>
auto write_snapshot_data(Services& s, const std::string& tenant_id, F&& fn) {
  auto result = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = fn(tx);
    tx.commit();
    return r;
  });
  s.snapshots.invalidate(tenant_id);
  return result;
}

// 201 Created with the new resource and its Location.
inline Response created(nlohmann::json body, const std::string& location) {
  Response r = Response::json(201, std::move(body));
  r.headers.emplace_back("Location", location);
  return r;
}

Result healthz(Services&, Request&);
Result readyz(Services&, Request&);
Result metrics(Services&, Request&);

Result get_tenant(Services&, Request&);

Result create_warehouse(Services&, Request&);
Result list_warehouses(Services&, Request&);
Result get_warehouse(Services&, Request&);
Result update_warehouse(Services&, Request&);
Result delete_warehouse(Services&, Request&);

Result create_event(Services&, Request&);
Result list_events(Services&, Request&);
Result import_events(Services&, Request&);
Result get_event(Services&, Request&);
Result delete_event(Services&, Request&);

Result create_carrier_service(Services&, Request&);
Result list_carrier_services(Services&, Request&);
Result get_carrier_service(Services&, Request&);
Result replace_carrier_service(Services&, Request&);
Result delete_carrier_service(Services&, Request&);

Result create_promise(Services&, Request&);

Result create_shipment(Services&, Request&);
Result list_shipments(Services&, Request&);
Result get_shipment(Services&, Request&);
Result update_shipment(Services&, Request&);
Result delete_shipment(Services&, Request&);

Result put_webhook_secret(Services&, Request&);
Result list_webhook_secrets(Services&, Request&);
Result delete_webhook_secret(Services&, Request&);
Result receive_easypost_webhook(Services&, Request&);
Result receive_aftership_webhook(Services&, Request&);

Result get_policy(Services&, Request&);
Result put_policy(Services&, Request&);
Result delete_policy(Services&, Request&);
Result get_preferences(Services&, Request&);
Result put_preferences(Services&, Request&);
Result delete_preferences(Services&, Request&);
Result show_unsubscribe(Services&, Request&);
Result unsubscribe(Services&, Request&);
// The outbox (messages.cpp).
Result list_messages(Services&, Request&);
Result list_shipment_messages(Services&, Request&);
Result get_message(Services&, Request&);
Result retry_message(Services&, Request&);
Result get_providers(Services&, Request&);
Result put_providers(Services&, Request&);
Result receive_provider_status_webhook(Services&, Request&);
// Inbound SMS (STOP / START) from Twilio and Vonage (handlers/inbound_sms.cpp).
Result receive_inbound_sms_webhook(Services&, Request&);
// Message templates (handlers/templates.cpp).
Result list_templates(Services&, Request&);
Result get_template(Services&, Request&);
Result put_template(Services&, Request&);
Result delete_template(Services&, Request&);
Result preview_template(Services&, Request&);

}  // namespace forewarn::http::handlers

namespace forewarn::http {
// The whole API surface.
Router make_router();
}  // namespace forewarn::http
