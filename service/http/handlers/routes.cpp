#include "http/handlers/handlers.hpp"

namespace forewarn::http {

Router make_router() {
  using namespace handlers;
  Router r;
  r.add({"GET", "/healthz", Auth::none, false, healthz});
  r.add({"GET", "/readyz", Auth::none, false, readyz});
  r.add({"GET", "/metrics", Auth::none, false, metrics});
  r.add({"GET", "/v1/tenant", Auth::tenant, false, get_tenant});
  r.add({"POST", "/v1/warehouses", Auth::tenant, true, create_warehouse});
  r.add({"GET", "/v1/warehouses", Auth::tenant, false, list_warehouses});
  r.add({"GET", "/v1/warehouses/{id}", Auth::tenant, false, get_warehouse});
  r.add({"PATCH", "/v1/warehouses/{id}", Auth::tenant, true, update_warehouse});
  r.add({"DELETE", "/v1/warehouses/{id}", Auth::tenant, false, delete_warehouse});
  return r;
}

}  // namespace forewarn::http
