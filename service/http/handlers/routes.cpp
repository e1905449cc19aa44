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
  return r;
}

}  // namespace forewarn::http
