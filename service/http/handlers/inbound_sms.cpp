// Inbound SMS from the recipients, through the SMS provider's inbound message
// webhook: STOP and its synonyms opt the number out of the tenant's messages,
// START / UNSTOP opt it back in (issue 5 §6; the words: clients/common/codec
// classify_sms_keyword; Twilio's Advanced Opt-Out OptOutType wins over the body).
//
// POST /v1/webhooks/providers/{kind}/{tenant_id}/inbound?token=... (kind twilio
// or vonage) takes no API key. Two checks, both before anything is stored:
//   1. the token is the webhook token of one of the tenant's providers of that
//      kind (the same token as its status webhook URL: GET /v1/providers/sms);
//   2. the provider's own signature, with that provider's configuration:
//      Twilio  X-Twilio-Signature (HMAC-SHA1 with the auth_token over the full
//              URL Twilio called + the sorted POST parameters), always required.
//              The URL is the provider config's `webhook_base_url` (what the
//              tenant gave Twilio, e.g. https://forewarn.shop.example) + the
//              request target; without it, X-Forwarded-Proto (else http) ://
//              Host + target.
//      Vonage  the `sig` parameter, when the config has a `signature_secret`
//              (method `signature_method`: md5hash, the default, md5, sha1,
//              sha256, sha512), with `timestamp` within 5 minutes; without a
//              secret the token alone authenticates.
// Anything else is a 401 and nothing changes.
//
// STOP: db::set_opt_out(number, source "sms_stop"), and the tenant's pending
// SMS to that number become `suppressed` at once (the dispatcher checks again
// at send time, so a message being leased at that moment is not sent either).
// START: the opt-out is lifted unless the merchant set it (source "api"); the
// messages suppressed meanwhile stay suppressed (old news). Other texts (HELP,
// replies) change nothing. Answers: Twilio gets an empty TwiML <Response/>
// (Twilio itself answers STOP/START/HELP to the phone), Vonage 200 JSON.
#include <nlohmann/json.hpp>

#include "clients/common/codec/provider.hpp"
#include "clients/twilio/codec/twilio.hpp"
#include "clients/twilio/transport.hpp"
#include "clients/vonage/codec/vonage.hpp"
#include "clients/vonage/transport.hpp"
#include "core/preferences.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"

namespace forewarn::http::handlers {

namespace {

using nlohmann::json;

std::string config_text(const json& config, const char* key) {
  if (!config.is_object()) return "";
  const auto it = config.find(key);
  return it != config.end() && it->is_string() ? it->get<std::string>() : "";
}

// The parameters of the webhook: form-encoded, or (Vonage) a JSON object.
std::map<std::string, std::string> webhook_params(const Request& req) {
  const std::string ct = req.header("Content-Type");
  if (ct.find("json") == std::string::npos) return clients::parse_form(req.text);
  std::map<std::string, std::string> out;
  const json j = json::parse(req.text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [name, value] : j.items()) out[name] = value.is_string() ? value.get<std::string>() : value.dump();
  return out;
}

// The URL Twilio signed: the configured public base, else the one this request reached.
std::string called_url(const json& config, const Request& req) {
  std::string base = config_text(config, "webhook_base_url");
  if (base.empty()) {
    std::string proto = req.header("X-Forwarded-Proto");
    if (proto.empty()) proto = "http";
    base = proto + "://" + req.header("Host");
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + req.target;
}

struct Verdict {
  bool ok = false;
  std::string why;
};

Verdict verify(const std::string& kind, const json& config, const Request& req,
               const std::map<std::string, std::string>& params, Instant now) {
  if (kind == "twilio") {
    const std::string token = config_text(config, "auth_token");
    if (clients::twilio::verify_webhook_signature(token, called_url(config, req), params,
                                                  req.header("X-Twilio-Signature")))
      return {true, ""};
    return {false, "X-Twilio-Signature is missing or does not match"};
  }
  const std::string secret = config_text(config, "signature_secret");
  if (secret.empty()) return {true, ""};  // the account does not sign: the token authenticates
  const std::string method_name = config_text(config, "signature_method");
  const auto method = clients::vonage::signature_method_from_string(method_name.empty() ? "md5hash" : method_name);
  if (!method) return {false, "the provider's signature_method is not one Vonage offers"};
  Verdict v;
  v.ok = clients::vonage::verify_webhook_signature(secret, *method, params, now, std::chrono::minutes{5}, v.why);
  return v;
}

Response answer(const std::string& kind, const std::string& action) {
  if (kind == "twilio") {
    Response r;
    r.status = 200;
    r.text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
    r.content_type = "text/xml";
    r.headers.emplace_back("X-Forewarn-Action", action);
    return r;
  }
  return Response::json(200, {{"action", action}});
}

}  // namespace

Result receive_inbound_sms_webhook(Services& s, Request& req) {
  const std::string& kind = req.params["kind"];
  const std::string& tenant_id = req.params["tenant_id"];
  const auto token_param = req.query.find("token");
  const std::string token = token_param == req.query.end() ? "" : token_param->second;
  const Instant now = s.clock->now();
  const auto params = webhook_params(req);

  std::optional<db::ProviderRow> row;
  if ((kind == "twilio" || kind == "vonage") && db::is_uuid(tenant_id) && !token.empty()) {
    row = s.pool.run([&](pqxx::connection& c) -> std::optional<db::ProviderRow> {
      pqxx::read_transaction tx(c);
      for (auto& r : db::list_tenant_providers(tx, tenant_id, std::string("sms")))
        if (r.kind == kind && crypto::constant_time_equal(r.webhook_token, token)) return r;
      return std::nullopt;
    });
  }
  const Verdict verdict = row ? verify(kind, row->config, req, params, now)
                              : Verdict{false, "the URL is not one forewarn gave out for this provider"};
  if (!verdict.ok) {
    log::warn("inbound SMS webhook refused", {{"request_id", req.request_id}, {"provider", kind}, {"reason", verdict.why}});
    return Problem::of(ErrorKind::unauthorized, "The inbound SMS webhook could not be verified: " + verdict.why + ".");
  }

  const auto inbound = kind == "twilio" ? clients::twilio::parse_inbound(params).message
                                        : clients::vonage::parse_inbound(params).message;
  const auto sender = inbound ? parse_recipient_address(inbound->from) : std::nullopt;
  if (!inbound || !sender || sender->kind != AddressKind::phone) {
    log::warn("inbound SMS webhook not understood", {{"request_id", req.request_id}, {"provider", kind}});
    return answer(kind, "not_understood");
  }
  const auto keyword = inbound->keyword;
  if (keyword != clients::SmsKeyword::opt_out && keyword != clients::SmsKeyword::opt_in) return answer(kind, "none");

  const std::string action = s.pool.run([&](pqxx::connection& c) -> std::string {
    pqxx::work tx(c);
    std::string done;
    if (keyword == clients::SmsKeyword::opt_out) {
      db::set_opt_out(tx, tenant_id, sender->value, true, "sms_stop", now);
      const int n = db::suppress_queued_messages(tx, tenant_id, sender->value, "sms",
                                                 "suppressed: the recipient opted out (sms_stop)", now);
      done = "opted_out";
      log::info("SMS STOP: number opted out", {{"request_id", req.request_id}, {"provider", kind},
                                               {"tenant", tenant_id}, {"address", sender->value},
                                               {"queued_suppressed", n}});
    } else {
      const auto current = db::get_preferences(tx, tenant_id, sender->value);
      if (current && current->opted_out && current->opted_out_source == std::optional<std::string>("api")) {
        done = "kept_opted_out";  // the merchant's opt-out is the merchant's to lift
      } else {
        if (current && current->opted_out) db::set_opt_out(tx, tenant_id, sender->value, false, "sms_stop", now);
        done = "opted_in";
      }
      log::info("SMS START", {{"request_id", req.request_id}, {"provider", kind}, {"tenant", tenant_id},
                              {"address", sender->value}, {"action", done}});
    }
    tx.commit();
    return done;
  });
  return answer(kind, action);
}

}  // namespace forewarn::http::handlers
