// Aggregator webhooks in (EasyPost tracker events, AfterShip tracking
// updates) and the tenants' webhook secrets.
//
// POST /v1/webhooks/{provider}/{tenant_id} takes no API key: the provider
// cannot send one. The tenant is named by the path and proven by the
// signature, keyed with the secret the tenant set through PUT
// /v1/webhook-secrets/{provider} (platform/webhook_signature.hpp). A request
// that does not verify (no secret, no or a wrong signature, a stale
// timestamp) is a 401 and nothing is stored.
//
// A verified body is parsed by the provider's codec and each tracking result
// goes through db::record_tracking_result into the shipment with that
// tracking number. Answers (all 2xx, so that the provider does not retry
// something that will never succeed):
//   200  at least one shipment was updated (or it was an EasyPost event about
//        something other than a tracker, which is ignored)
//   202  accepted but nothing matched: no shipment has the tracking number
//        (kept as an "unmatched" carrier fault with the raw body), or the body
//        could not be parsed (kept as a carrier fault)
// A shipment whose tracking was stopped (DELETE) ignores webhooks.
#include <nlohmann/json.hpp>

#include "core/tracking/detect.hpp"
#include "core/tracking/parse.hpp"
#include "core/webhook_secret.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "platform/log.hpp"
#include "platform/webhook_signature.hpp"

namespace forewarn::http::handlers {

namespace {

using nlohmann::json;

Problem unknown_provider(const std::string& name) {
  return Problem::of(ErrorKind::not_found, "There is no webhook provider " + name + ": use easypost or aftership.");
}

json secret_json(const db::WebhookSecretRow& row, const std::string& tenant_id) {
  return {{"provider", row.provider},
          {"webhook_url", "/v1/webhooks/" + row.provider + "/" + tenant_id},
          {"created_at", row.created_at},
          {"updated_at", row.updated_at}};
}

// EasyPost posts every kind of event to a webhook (batches, refunds, ...);
// only tracker.* events are tracking news.
bool is_other_easypost_event(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return false;
  const auto it = j.find("description");
  return it != j.end() && it->is_string() && it->get_ref<const std::string&>().rfind("tracker.", 0) != 0;
}

Result receive(webhooks::Provider provider, Services& s, Request& req) {
  const std::string provider_name(webhooks::to_string(provider));
  const std::string& tenant_id = req.params["tenant_id"];
  const Instant now = s.clock->now();
  const auto secret = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::get_webhook_secret(tx, tenant_id, provider_name);
  });
  const webhooks::Verdict verdict =
      secret ? webhooks::verify_signature(provider, *secret, req.method, req.text, req.header, now)
             : webhooks::Verdict{false, "no " + provider_name + " webhook secret is set for this tenant"};
  if (!verdict.ok) {
    log::warn("webhook refused", {{"request_id", req.request_id}, {"provider", provider_name}, {"reason", verdict.reason}});
    return Problem::of(ErrorKind::unauthorized, "The webhook signature could not be verified: " + verdict.reason + ".");
  }
  if (provider == webhooks::Provider::easypost && is_other_easypost_event(req.text))
    return Response::json(200, {{"status", "ignored"}, {"reason", "not a tracker event"}});

  const tracking::ParseOutcome outcome = tracking::parse_tracking(provider_name, req.text);
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    if (!outcome.ok()) {
      const auto& e = outcome.error();
      const long long fault = db::record_carrier_fault(tx, tenant_id, std::nullopt, provider_name,
                                                       std::string(tracking::to_string(e.kind)), e.reason,
                                                       e.carrier_code, req.text, now);
      tx.commit();
      log::warn("webhook body not understood",
                {{"request_id", req.request_id}, {"provider", provider_name}, {"fault_id", fault}, {"reason", e.reason}});
      return Response::json(202, {{"status", "fault_recorded"}, {"fault_id", fault}, {"reason", e.reason}});
    }
    json matched = json::array(), unmatched = json::array(), ignored = json::array();
    for (const auto& result : outcome.results()) {
      const std::string number = tracking::detect(result.tracking_number).normalized;
      const auto target = db::find_shipment_for_webhook(tx, tenant_id, number, result.carrier);
      if (!target) {
        unmatched.push_back(number);
      } else if (target->stopped) {
        ignored.push_back(number);
      } else {
        const auto r = db::record_tracking_result(tx, tenant_id, target->shipment_id, result, provider_name, now,
                                                  s.messaging);
        matched.push_back({{"shipment_id", target->shipment_id},
                           {"tracking_number", number},
                           {"new_events", r.new_events},
                           {"status", r.status}});
      }
    }
    if (!unmatched.empty())
      db::record_carrier_fault(tx, tenant_id, std::nullopt, provider_name, "unmatched",
                               "no shipment has the tracking number " + unmatched[0].get<std::string>(), "", req.text,
                               now);
    tx.commit();
    log::info("webhook", {{"request_id", req.request_id},
                          {"provider", provider_name},
                          {"matched", matched.size()},
                          {"unmatched", unmatched.size()},
                          {"ignored", ignored.size()}});
    const json body = {{"status", matched.empty() ? "unmatched" : "processed"},
                       {"matched", matched},
                       {"unmatched", unmatched},
                       {"ignored", ignored}};
    return Response::json(matched.empty() && !unmatched.empty() ? 202 : 200, body);
  });
}

}  // namespace

Result receive_easypost_webhook(Services& s, Request& req) { return receive(webhooks::Provider::easypost, s, req); }
Result receive_aftership_webhook(Services& s, Request& req) { return receive(webhooks::Provider::aftership, s, req); }

Result put_webhook_secret(Services& s, Request& req) {
  const std::string& provider = req.params["provider"];
  if (!webhooks::provider_from_string(provider)) return unknown_provider(provider);
  const auto input = webhook_secret_from_json(req.body);
  if (!input.secret) return input.problem;
  const auto row = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = db::put_webhook_secret(tx, req.tenant_id, provider, *input.secret, s.clock->now());
    tx.commit();
    return r;
  });
  return Response::json(row.created ? 201 : 200, secret_json(row, req.tenant_id));
}

Result list_webhook_secrets(Services& s, Request& req) {
  if (!req.query.empty()) return Problem::validation({{"#/query/" + req.query.begin()->first, "is not a known parameter"}});
  const auto rows = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::list_webhook_secrets(tx, req.tenant_id);
  });
  json items = json::array();
  for (const auto& row : rows) items.push_back(secret_json(row, req.tenant_id));
  return Response::json(200, {{"items", items}});
}

Result delete_webhook_secret(Services& s, Request& req) {
  const std::string& provider = req.params["provider"];
  if (!webhooks::provider_from_string(provider)) return unknown_provider(provider);
  const bool deleted = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    const bool ok = db::delete_webhook_secret(tx, req.tenant_id, provider);
    tx.commit();
    return ok;
  });
  if (!deleted) return Problem::of(ErrorKind::not_found, "No " + provider + " webhook secret is set.");
  return Response::no_content();
}

}  // namespace forewarn::http::handlers
