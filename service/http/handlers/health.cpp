#include "db/migrations.hpp"
#include "http/handlers/handlers.hpp"

namespace forewarn::http::handlers {

Result healthz(Services&, Request&) { return Response::json(200, {{"status", "ok"}}); }

Result readyz(Services& s, Request&) {
  bool complete = false;
  try {
    complete = s.pool.run([](pqxx::connection& c) { return db::migrations_complete(c); });
  } catch (const std::exception&) {
    Problem p = Problem::of(ErrorKind::unavailable, "The database does not answer.");
    p.retry_after_seconds = 1;
    return p;
  }
  if (!complete) {
    Problem p = Problem::of(ErrorKind::unavailable, "Database migrations are not all applied yet.");
    p.retry_after_seconds = 1;
    return p;
  }
  return Response::json(200, {{"status", "ready"}, {"database", "up"}, {"migrations", "complete"}});
}

Result metrics(Services& s, Request&) {
  Response r;
  r.text = s.metrics.render();
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

}  // namespace forewarn::http::handlers
