#include "db/store.hpp"
#include "http/handlers/handlers.hpp"

namespace forewarn::http::handlers {

Result get_tenant(Services& s, Request& req) {
  auto tenant = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::find_tenant(tx, req.tenant_id);
  });
  if (!tenant) return Problem::of(ErrorKind::not_found, "The tenant no longer exists.");
  return Response::json(200, {{"id", tenant->id}, {"name", tenant->name}});
}

}  // namespace forewarn::http::handlers
