// The outbox through the API: a tenant's messages (list, one with its
// attempts, by shipment), retry by hand, the e-mail and SMS providers per
// channel (secrets write-only), and the providers' status webhooks.
//
// POST /v1/webhooks/providers/{kind}/{tenant_id}?token= takes no API key:
// the provider cannot send one. The token is the tenant's per-provider
// webhook token (GET /v1/providers/{channel} shows the whole URL to give the
// provider); a wrong one is a 401 and nothing changes. A verified report moves
// the message forward only (core/dispatch/policy.hpp: sent -> delivered ->
// bounced / complained / failed).
#include <nlohmann/json.hpp>

#include "core/body_reader.hpp"
#include "core/dispatch/policy.hpp"
#include "db/store.hpp"
#include "dispatch/providers.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"

namespace forewarn::http::handlers {

namespace {

using nlohmann::json;

Problem message_not_found(const std::string& id) {
  return Problem::of(ErrorKind::not_found, "There is no message " + id + ".");
}

json message_json(const db::MessageRow& m) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", m.id},
          {"kind", m.kind},
          {"channel", m.channel},
          {"audience", m.audience},
          {"recipient", {{"contact", m.contact_ref}, {"name", m.recipient_name}, {"address", m.recipient_address}}},
          {"locale", m.locale},
          {"episode_key", m.episode_key},
          {"episode_keys", m.episode_keys},
          {"shipment_ids", m.shipment_ids},
          {"time_zone", m.time_zone},
          {"tier", m.tier.empty() ? json(nullptr) : json(m.tier)},
          {"remedy", m.remedy_kind.empty() ? json(nullptr)
                                           : json{{"kind", m.remedy_kind},
                                                  {"cost", m.remedy_cost},
                                                  {"amount", m.remedy_amount ? json(*m.remedy_amount) : json(nullptr)}}},
          {"subject", m.subject},
          {"text", m.body_text},
          {"html", m.body_html},
          {"status", m.status},
          {"send_at", m.send_at},
          {"attempts", m.attempts},
          {"next_attempt_at", m.status == "pending" ? json(m.next_attempt_at) : json(nullptr)},
          {"provider", opt(m.provider)},
          {"provider_priority", m.provider_priority ? json(*m.provider_priority) : json(nullptr)},
          {"provider_message_id", opt(m.provider_message_id)},
          {"last_error", opt(m.last_error)},
          {"sent_at", opt(m.sent_at)},
          {"created_at", m.created_at},
          {"updated_at", m.updated_at}};
}

json attempt_json(const db::MessageAttemptRow& a) {
  return {{"attempt", a.attempt},
          {"provider", a.provider},
          {"priority", a.priority ? json(*a.priority) : json(nullptr)},
          {"outcome", a.outcome},
          {"code", a.code},
          {"reason", a.reason},
          {"at", a.at}};
}

bool is_kind(const std::string& k) {
  return k == "will_miss_deadline" || k == "delay_apology" || k == "back_on_track" || k == "delivered_late_followup" ||
         k == "action_required";
}

Result list_page_of_messages(Services& s, Request& req, db::MessageFilter filter, QueryReader& q) {
  const auto limit = q.integer("limit", 50, 1, 200);
  const auto cursor_text = q.text("cursor");
  q.reject_unknown();
  if (filter.status && !core::dispatch::is_message_status(*filter.status))
    q.fail("status", "must be pending, sending, sent, delivered, failed, bounced, complained, cancelled or suppressed");
  if (filter.kind && !is_kind(*filter.kind))
    q.fail("kind", "must be will_miss_deadline, delay_apology, back_on_track, delivered_late_followup or action_required");
  if (filter.channel && *filter.channel != "email" && *filter.channel != "sms") q.fail("channel", "must be email or sms");
  std::optional<std::pair<std::string, std::string>> after;
  if (cursor_text) {
    after = decode_cursor(*cursor_text, db::is_uuid);
    if (!after) q.fail("cursor", "is not a cursor returned by this API");
  }
  if (!q.ok()) return q.problem();
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::read_transaction tx(c);
    if (filter.shipment_id && !db::get_shipment(tx, req.tenant_id, *filter.shipment_id))
      return Problem::of(ErrorKind::not_found, "There is no shipment " + *filter.shipment_id + ".");
    auto rows = db::list_messages(tx, req.tenant_id, filter, after, static_cast<int>(*limit) + 1);
    return Response::json(200, page_json(std::move(rows), static_cast<int>(*limit), message_json));
  });
}

// --- providers ---------------------------------------------------------------

const char* const kMasked = "********";

// Keys a provider of this kind cannot work without.
std::vector<std::string> required_keys(const std::string& kind) {
  if (kind == "smtp") return {"url", "from"};
  if (kind == "sendgrid") return {"api_key", "from"};
  if (kind == "postmark") return {"server_token", "from"};
  if (kind == "twilio") return {"account_sid", "auth_token", "from"};
  if (kind == "vonage") return {"api_key", "api_secret", "from"};
  return {};
}

std::string webhook_url(const db::ProviderRow& row, const std::string& tenant_id, const char* suffix = "") {
  return "/v1/webhooks/providers/" + row.kind + "/" + tenant_id + suffix + "?token=" + row.webhook_token;
}

json provider_json(const db::ProviderRow* row, const std::string& tenant_id) {
  if (!row) return nullptr;
  json j = {{"kind", row->kind},
            {"config", dispatch::redact_config(row->config)},
            {"status_webhook_url", webhook_url(*row, tenant_id)},
            {"created_at", row->created_at},
            {"updated_at", row->updated_at}};
  if (dispatch::channel_of_kind(row->kind) == clients::Channel::sms)  // handlers/inbound_sms.cpp
    j["inbound_webhook_url"] = webhook_url(*row, tenant_id, "/inbound");
  return j;
}

json providers_json(const std::string& channel, const std::vector<db::ProviderRow>& rows, const std::string& tenant_id) {
  const db::ProviderRow* primary = nullptr;
  const db::ProviderRow* secondary = nullptr;
  for (const auto& r : rows) (r.priority == 1 ? primary : secondary) = &r;
  return {{"channel", channel},
          {"primary", provider_json(primary, tenant_id)},
          {"secondary", provider_json(secondary, tenant_id)}};
}

// One of "primary" / "secondary": {"kind", "config"}. A secret given as
// "********" keeps the stored value (so a GET can be edited and PUT back).
std::optional<db::ProviderRow> read_provider(BodyReader& body, const std::string& key, const std::string& channel,
                                             int priority, const std::vector<db::ProviderRow>& current, bool required) {
  const json* member = required ? body.required_member(key, json::value_t::object)
                                : body.optional_member(key, json::value_t::object);
  if (!member) return std::nullopt;
  BodyReader r(*member, body.pointer(key));
  const auto kind = r.required_string("kind", {.min_len = 1, .max_len = 20});
  const json* config = r.required_member("config", json::value_t::object);
  r.reject_unknown();
  if (kind && !dispatch::is_provider_kind(*kind)) {
    r.fail("kind", "must be smtp, sendgrid, postmark, twilio or vonage");
  } else if (kind && (dispatch::channel_of_kind(*kind) == clients::Channel::sms) != (channel == "sms")) {
    r.fail("kind", channel == "sms" ? "must be an SMS provider (twilio or vonage)"
                                    : "must be an e-mail provider (smtp, sendgrid or postmark)");
  }
  db::ProviderRow row;
  row.channel = channel;
  row.priority = priority;
  if (kind) row.kind = *kind;
  if (config && r.ok()) {
    const db::ProviderRow* stored = nullptr;
    for (const auto& c : current)
      if (c.priority == priority && c.kind == row.kind) stored = &c;
    row.config = json::object();
    BodyReader cr(*config, r.pointer("config"));
    for (const auto& [k, v] : config->items()) {
      if (!v.is_string() && !v.is_boolean() && !v.is_number_integer()) {
        cr.fail(k, "must be a string, a boolean or an integer");
        continue;
      }
      if (v.is_string() && v.get<std::string>().size() > 2000) {
        cr.fail(k, "must be at most 2000 characters");
        continue;
      }
      if (dispatch::is_secret_key(k) && v == kMasked) {
        if (stored && stored->config.contains(k)) row.config[k] = stored->config[k];
        else cr.fail(k, "is \"********\" but no secret is stored to keep: give the secret itself");
        continue;
      }
      row.config[k] = v;
    }
    for (const auto& k : required_keys(row.kind))
      if (!row.config.contains(k) || !row.config[k].is_string() || row.config[k].get<std::string>().empty())
        cr.fail(k, "is required for " + row.kind);
    r.absorb(cr);
  }
  body.absorb(r);
  if (!r.ok()) return std::nullopt;
  return row;
}

}  // namespace

Result list_messages(Services& s, Request& req) {
  QueryReader q(req);
  db::MessageFilter filter;
  filter.status = q.text("status", 20);
  filter.kind = q.text("kind", 40);
  filter.channel = q.text("channel", 10);
  filter.recipient = q.text("recipient", 320);
  filter.shipment_id = q.text("shipment_id", 64);
  if (filter.shipment_id && !db::is_uuid(*filter.shipment_id)) q.fail("shipment_id", "must be a shipment id");
  return list_page_of_messages(s, req, std::move(filter), q);
}

Result list_shipment_messages(Services& s, Request& req) {
  QueryReader q(req);
  db::MessageFilter filter;
  filter.status = q.text("status", 20);
  filter.kind = q.text("kind", 40);
  filter.channel = q.text("channel", 10);
  filter.shipment_id = req.params["id"];
  if (!db::is_uuid(*filter.shipment_id))
    return Problem::of(ErrorKind::not_found, "There is no shipment " + *filter.shipment_id + ".");
  return list_page_of_messages(s, req, std::move(filter), q);
}

Result get_message(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::read_transaction tx(c);
    const auto m = db::get_message(tx, req.tenant_id, id);
    if (!m) return message_not_found(id);
    json j = message_json(*m);
    j["attempt_log"] = json::array();
    for (const auto& a : db::list_message_attempts(tx, req.tenant_id, id)) j["attempt_log"].push_back(attempt_json(a));
    return Response::json(200, std::move(j));
  });
}

Result retry_message(Services& s, Request& req) {
  const std::string& id = req.params["id"];
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    std::string status;
    switch (db::retry_message(tx, req.tenant_id, id, s.clock->now(), &status)) {
      case db::RetryResult::not_found: return message_not_found(id);
      case db::RetryResult::not_retryable:
        return Problem::of(ErrorKind::conflict,
                           "The message is " + status + ": only a failed or bounced message can be retried.");
      case db::RetryResult::retried: break;
    }
    auto m = db::get_message(tx, req.tenant_id, id);
    tx.commit();
    log::info("message retried by hand", {{"request_id", req.request_id}, {"message_id", id}, {"was", status}});
    return Response::json(202, message_json(*m));
  });
}

Result get_providers(Services& s, Request& req) {
  const std::string& channel = req.params["channel"];
  if (channel != "email" && channel != "sms")
    return Problem::of(ErrorKind::not_found, "There is no channel " + channel + ": use email or sms.");
  const auto rows = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::list_tenant_providers(tx, req.tenant_id, channel);
  });
  return Response::json(200, providers_json(channel, rows, req.tenant_id));
}

Result put_providers(Services& s, Request& req) {
  const std::string& channel = req.params["channel"];
  if (channel != "email" && channel != "sms")
    return Problem::of(ErrorKind::not_found, "There is no channel " + channel + ": use email or sms.");
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    const auto current = db::list_tenant_providers(tx, req.tenant_id, channel);
    BodyReader body(req.body);
    auto primary = read_provider(body, "primary", channel, 1, current, true);
    std::optional<db::ProviderRow> secondary;
    if (req.body.is_object() && req.body.contains("secondary") && !req.body["secondary"].is_null())
      secondary = read_provider(body, "secondary", channel, 2, current, true);
    else
      body.optional_member("secondary", json::value_t::null);
    body.reject_unknown();
    if (!body.ok()) return body.problem();
    std::vector<db::ProviderRow> rows{*primary};
    if (secondary) rows.push_back(*secondary);
    db::put_tenant_providers(tx, req.tenant_id, channel, rows, s.clock->now());
    const auto stored = db::list_tenant_providers(tx, req.tenant_id, channel);
    tx.commit();
    return Response::json(200, providers_json(channel, stored, req.tenant_id));
  });
}

Result receive_provider_status_webhook(Services& s, Request& req) {
  const std::string& kind = req.params["kind"];
  const std::string& tenant_id = req.params["tenant_id"];
  const auto token_param = req.query.find("token");
  const std::string token = token_param == req.query.end() ? "" : token_param->second;
  const bool known = dispatch::is_provider_kind(kind) && db::is_uuid(tenant_id) && !token.empty() &&
                     s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    bool match = false;
    for (const auto& row : db::list_tenant_providers(tx, tenant_id))
      if (row.kind == kind && crypto::constant_time_equal(row.webhook_token, token)) match = true;
    return match;
  });
  if (!known) {
    log::warn("provider webhook refused", {{"request_id", req.request_id}, {"provider", kind}});
    return Problem::of(ErrorKind::unauthorized, "The webhook URL is not one forewarn gave out for this provider.");
  }
  const auto parsed = dispatch::parse_status_webhook(kind, req.text, req.header("Content-Type"));
  if (!parsed.ok) {
    log::warn("provider webhook not understood", {{"request_id", req.request_id}, {"provider", kind}, {"reason", parsed.error}});
    return Response::json(202, {{"status", "not_understood"}, {"reason", parsed.error}});
  }
  const Instant now = s.clock->now();
  return s.pool.run([&](pqxx::connection& c) -> Result {
    pqxx::work tx(c);
    int updated = 0, unchanged = 0, unmatched = 0;
    for (const auto& report : parsed.reports) {
      if (!core::dispatch::is_webhook_status(report.status)) {
        ++unchanged;
        continue;
      }
      const auto r = db::apply_provider_status(tx, tenant_id, kind, report.provider_message_id, report.status,
                                               report.reason, now);
      if (!r.found) ++unmatched;
      else if (r.changed) ++updated;
      else ++unchanged;
    }
    tx.commit();
    log::info("provider webhook", {{"request_id", req.request_id}, {"provider", kind}, {"updated", updated},
                                   {"unchanged", unchanged}, {"unmatched", unmatched}});
    return Response::json(200, {{"updated", updated}, {"unchanged", unchanged}, {"unmatched", unmatched}});
  });
}

}  // namespace forewarn::http::handlers
