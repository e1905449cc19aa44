// Recipient preferences and the unsubscribe links.
//
//   GET/PUT/DELETE /v1/recipients/{address}/preferences   (API key)
//   GET  /unsubscribe/{token}   a page with one button; changes nothing (mail
//                               scanners follow links, RFC 8058 section 3)
//   POST /unsubscribe/{token}   the opt-out: RFC 8058 one-click
//                               ("List-Unsubscribe=One-Click") or the page's form
//
// {address} is an e-mail address or a phone number in any usual form; it is
// normalized (core/preferences.hpp) before it is used, and never logged.
#include "core/preferences.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "platform/crypto.hpp"
#include "platform/unsubscribe.hpp"

namespace forewarn::http::handlers {

namespace {

std::optional<RecipientAddress> address_param(Request& req, Problem& problem) {
  auto a = parse_recipient_address(req.params["address"]);
  if (!a)
    problem = Problem::validation({{"#/path/address", "must be an e-mail address or a phone number in E.164 form"}});
  return a;
}

std::string unsubscribe_key(Services& s) {
  return s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto key = db::signing_key(tx, "unsubscribe", crypto::random_bytes(32), s.clock->now());
    tx.commit();
    return key;
  });
}

Response page(int status, const std::string& title, const std::string& body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.text = "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width\"><title>" +
           title + "</title></head><body style=\"font-family:sans-serif;max-width:32em;margin:3em auto\"><h1>" +
           title + "</h1>" + body + "</body></html>";
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Problem invalid_link() {
  return Problem::of(ErrorKind::not_found, "This unsubscribe link is not valid: use the link in the latest message.");
}

}  // namespace

Result get_preferences(Services& s, Request& req) {
  Problem problem;
  const auto address = address_param(req, problem);
  if (!address) return problem;
  const auto p = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::get_preferences(tx, req.tenant_id, address->value);
  });
  return Response::json(200, to_json(*address, p.value_or(Preferences{})));
}

Result put_preferences(Services& s, Request& req) {
  Problem problem;
  const auto address = address_param(req, problem);
  if (!address) return problem;
  const auto stored = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto base = db::get_preferences(tx, req.tenant_id, address->value).value_or(Preferences{});
    const auto input = preferences_from_json(req.body, base);
    std::optional<Preferences> out;
    if (input.value) out = db::put_preferences(tx, req.tenant_id, address->value, *input.value, s.clock->now());
    tx.commit();
    return std::make_pair(out, input.problem);
  });
  if (!stored.first) return stored.second;
  return Response::json(200, to_json(*address, *stored.first));
}

Result delete_preferences(Services& s, Request& req) {
  Problem problem;
  const auto address = address_param(req, problem);
  if (!address) return problem;
  const bool deleted = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    const bool ok = db::delete_preferences(tx, req.tenant_id, address->value);
    tx.commit();
    return ok;
  });
  if (!deleted) return Problem::of(ErrorKind::not_found, "No preferences are stored for this address.");
  return Response::no_content();
}

Result show_unsubscribe(Services& s, Request& req) {
  if (!platform::verify_unsubscribe(unsubscribe_key(s), req.params["token"])) return invalid_link();
  return page(200, "Unsubscribe",
              "<p>Stop delivery updates to this address?</p><form method=\"post\">"
              "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
              "<button type=\"submit\">Unsubscribe</button></form>");
}

Result unsubscribe(Services& s, Request& req) {
  const auto target = platform::verify_unsubscribe(unsubscribe_key(s), req.params["token"]);
  if (!target) return invalid_link();
  s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    db::set_opt_out(tx, target->tenant_id, target->address, true, "unsubscribe", s.clock->now());
    tx.commit();
  });
  return page(200, "You are unsubscribed", "<p>You will not receive delivery updates at this address any more.</p>");
}

}  // namespace forewarn::http::handlers
