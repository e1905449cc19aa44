#include "http/handlers/handlers.hpp"

namespace forewarn::http {

Router make_router() {
  using namespace handlers;
  Router r;
  r.add({"GET", "/healthz", Auth::none, Body::none, healthz});
  r.add({"GET", "/readyz", Auth::none, Body::none, readyz});
  r.add({"GET", "/metrics", Auth::none, Body::none, metrics});
  r.add({"GET", "/v1/tenant", Auth::tenant, Body::none, get_tenant});
  r.add({"POST", "/v1/warehouses", Auth::tenant, Body::json, create_warehouse});
  r.add({"GET", "/v1/warehouses", Auth::tenant, Body::none, list_warehouses});
  r.add({"GET", "/v1/warehouses/{id}", Auth::tenant, Body::none, get_warehouse});
  r.add({"PATCH", "/v1/warehouses/{id}", Auth::tenant, Body::json, update_warehouse});
  r.add({"DELETE", "/v1/warehouses/{id}", Auth::tenant, Body::none, delete_warehouse});
  r.add({"POST", "/v1/events", Auth::tenant, Body::json, create_event});
  r.add({"GET", "/v1/events", Auth::tenant, Body::none, list_events});
  r.add({"POST", "/v1/events/import", Auth::tenant, Body::calendar, import_events});
  r.add({"GET", "/v1/events/{id}", Auth::tenant, Body::none, get_event});
  r.add({"DELETE", "/v1/events/{id}", Auth::tenant, Body::none, delete_event});
  r.add({"POST", "/v1/carrier-services", Auth::tenant, Body::json, create_carrier_service});
  r.add({"GET", "/v1/carrier-services", Auth::tenant, Body::none, list_carrier_services});
  r.add({"GET", "/v1/carrier-services/{id}", Auth::tenant, Body::none, get_carrier_service});
  r.add({"PUT", "/v1/carrier-services/{id}", Auth::tenant, Body::json, replace_carrier_service});
  r.add({"DELETE", "/v1/carrier-services/{id}", Auth::tenant, Body::none, delete_carrier_service});
  r.add({"POST", "/v1/promises", Auth::tenant, Body::json, create_promise});
  r.add({"POST", "/v1/shipments", Auth::tenant, Body::json, create_shipment});
  r.add({"GET", "/v1/shipments", Auth::tenant, Body::none, list_shipments});
  r.add({"GET", "/v1/shipments/{id}", Auth::tenant, Body::none, get_shipment});
  r.add({"PATCH", "/v1/shipments/{id}", Auth::tenant, Body::json, update_shipment});
  r.add({"DELETE", "/v1/shipments/{id}", Auth::tenant, Body::none, delete_shipment});
  r.add({"GET", "/v1/shipments/{id}/messages", Auth::tenant, Body::none, list_shipment_messages});
  r.add({"GET", "/v1/messages", Auth::tenant, Body::none, list_messages});
  r.add({"GET", "/v1/messages/{id}", Auth::tenant, Body::none, get_message});
  r.add({"POST", "/v1/messages/{id}/retry", Auth::tenant, Body::none, retry_message});
  r.add({"GET", "/v1/providers/{channel}", Auth::tenant, Body::none, get_providers});
  r.add({"PUT", "/v1/providers/{channel}", Auth::tenant, Body::json, put_providers});
  r.add({"GET", "/v1/webhook-secrets", Auth::tenant, Body::none, list_webhook_secrets});
  r.add({"PUT", "/v1/webhook-secrets/{provider}", Auth::tenant, Body::json, put_webhook_secret});
  r.add({"DELETE", "/v1/webhook-secrets/{provider}", Auth::tenant, Body::none, delete_webhook_secret});
  r.add({"GET", "/v1/templates", Auth::tenant, Body::none, list_templates});
  r.add({"POST", "/v1/templates/preview", Auth::tenant, Body::json, preview_template});
  r.add({"GET", "/v1/templates/{kind}/{channel}/{locale}", Auth::tenant, Body::none, get_template});
  r.add({"PUT", "/v1/templates/{kind}/{channel}/{locale}", Auth::tenant, Body::json, put_template});
  r.add({"DELETE", "/v1/templates/{kind}/{channel}/{locale}", Auth::tenant, Body::none, delete_template});
  // Signed by the provider instead of an API key (handlers/webhooks.cpp).
  r.add({"POST", "/v1/webhooks/easypost/{tenant_id}", Auth::none, Body::raw, receive_easypost_webhook});
  r.add({"POST", "/v1/webhooks/aftership/{tenant_id}", Auth::none, Body::raw, receive_aftership_webhook});
  r.add({"GET", "/v1/policy", Auth::tenant, Body::none, get_policy});
  r.add({"PUT", "/v1/policy", Auth::tenant, Body::json, put_policy});
  r.add({"DELETE", "/v1/policy", Auth::tenant, Body::none, delete_policy});
  r.add({"GET", "/v1/recipients/{address}/preferences", Auth::tenant, Body::none, get_preferences});
  r.add({"PUT", "/v1/recipients/{address}/preferences", Auth::tenant, Body::json, put_preferences});
  r.add({"DELETE", "/v1/recipients/{address}/preferences", Auth::tenant, Body::none, delete_preferences});
  // Signed links in the messages themselves (platform/unsubscribe.hpp).
  r.add({"GET", "/unsubscribe/{token}", Auth::none, Body::none, show_unsubscribe});
  r.add({"POST", "/unsubscribe/{token}", Auth::none, Body::raw, unsubscribe});
  // Message providers' status webhooks: authenticated by the token in the URL.
  r.add({"POST", "/v1/webhooks/providers/{kind}/{tenant_id}", Auth::none, Body::raw,
         receive_provider_status_webhook});
  // Inbound SMS (STOP / START): the token in the URL and the provider's signature.
  r.add({"POST", "/v1/webhooks/providers/{kind}/{tenant_id}/inbound", Auth::none, Body::raw,
         receive_inbound_sms_webhook});
  return r;
}

}  // namespace forewarn::http
