// The tenant's message templates (issue 5) and their preview.
//
//   GET    /v1/templates                            the tenant's overrides
//   GET    /v1/templates/{kind}/{channel}/{locale}  what that locale renders with:
//                                                   the tenant's or the built-in
//   PUT    /v1/templates/{kind}/{channel}/{locale}  set an override (validated first)
//   DELETE /v1/templates/{kind}/{channel}/{locale}  back to the built-in
//   POST   /v1/templates/preview                    render with sample or given data
//
// An unknown kind or channel in the path is a 404; a locale that is not a
// tag of a supported language (en fi hu zh pt de) a 422. A template that does
// not validate is a 422 naming the part, the line and the name
// ("/text": "line 3: unknown variable \"parcel\"").
#include "core/body_reader.hpp"
#include "core/locale/locale.hpp"
#include "core/messages/templates/builtin.hpp"
#include "core/messages/templates/context.hpp"
#include "core/messages/templates/render.hpp"
#include "core/messages/templates/schema.hpp"
#include "db/store.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"

namespace forewarn::http::handlers {

namespace {

namespace tpl = core::messages::templates;
using nlohmann::json;

constexpr size_t kMaxPartBytes = 64 * 1024;

struct Key {
  std::string kind, channel, locale;
};

// The path's kind, channel and (normalized) locale, or the problem with them.
std::variant<Key, Problem> read_key(Request& req) {
  const std::string& kind = req.params["kind"];
  const std::string& channel = req.params["channel"];
  if (!tpl::is_message_kind(kind))
    return Problem::of(ErrorKind::not_found, "There is no message kind " + kind + ".");
  if (!tpl::is_channel(channel))
    return Problem::of(ErrorKind::not_found, "There is no channel " + channel + ": use email or sms.");
  const auto locale = core::locale::normalize_tag(req.params["locale"]);
  if (!locale || !core::locale::is_supported_language(*locale))
    return Problem::validation({{"#/path/locale", "must be a locale tag of en, fi, hu, zh, pt or de (fi, fi-FI, pt-BR)"}});
  return Key{kind, channel, *locale};
}

json row_json(const db::TemplateRow& r) {
  return {{"kind", r.kind},         {"channel", r.channel},       {"locale", r.locale},
          {"source", "tenant"},     {"parts", r.parts},           {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

// The parts of a body for a channel (every part optional here; validate_parts
// says which are required), with 422s for wrong types and unknown parts.
std::optional<std::map<std::string, std::string>> read_parts(BodyReader& r, const std::string& channel) {
  std::map<std::string, std::string> parts;
  for (const auto& part : tpl::channel_parts(channel))
    if (auto s = r.optional_string(part, {1, kMaxPartBytes})) parts.emplace(part, std::move(*s));
  r.reject_unknown();
  if (!r.ok()) return std::nullopt;
  return parts;
}

Problem template_problem(const std::vector<tpl::PartError>& errors, const std::string& base) {
  std::vector<FieldError> out;
  for (const auto& e : errors)
    out.push_back({base + "/" + e.part, e.error.line > 0 ? tpl::to_string(e.error) : e.error.message});
  return Problem::validation(std::move(out), "The template does not render: see errors for the part and the line.");
}

std::vector<tpl::TemplateOverride> overrides(Services& s, const std::string& tenant, const std::string& kind,
                                             const std::string& channel) {
  return s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::template_overrides(tx, tenant, kind, channel);
  });
}

json rendered_json(const std::string& kind, const std::string& channel, const tpl::Rendered& r) {
  json out = {{"kind", kind}, {"channel", channel}, {"locale", r.locale}, {"source", r.tenant ? "tenant" : "builtin"},
              {"warnings", r.warnings}};
  if (channel == "sms") {
    out["sms"] = {{"body", r.sms}, {"segments", r.segments}, {"encoding", r.encoding}, {"shortened", r.shortened}};
  } else {
    out["subject"] = r.subject;
    out["text"] = r.text;
    out["html"] = r.html;
  }
  return out;
}

}  // namespace

Result list_templates(Services& s, Request& req) {
  QueryReader q(req);
  q.reject_unknown();
  if (!q.ok()) return q.problem();
  const auto rows = s.pool.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return db::list_templates(tx, req.tenant_id);
  });
  json items = json::array();
  for (const auto& r : rows) items.push_back(row_json(r));
  return Response::json(200, {{"items", items},
                              {"builtin", {{"kinds", tpl::message_kinds()},
                                           {"channels", {"email", "sms"}},
                                           {"locales", tpl::builtin_locales()}}}});
}

Result get_template(Services& s, Request& req) {
  const auto key = read_key(req);
  if (auto* p = std::get_if<Problem>(&key)) return *p;
  const Key& k = std::get<Key>(key);
  const auto resolved = tpl::resolve_templates(k.kind, k.channel, k.locale, overrides(s, req.tenant_id, k.kind, k.channel));
  if (!resolved) return Problem::of(ErrorKind::not_found, "There is no template for " + k.kind + ".");
  return Response::json(200, {{"kind", k.kind},
                              {"channel", k.channel},
                              {"locale", k.locale},
                              {"resolved_locale", resolved->locale},
                              {"source", resolved->tenant ? "tenant" : "builtin"},
                              {"parts", resolved->parts},
                              {"partials", resolved->partials}});
}

Result put_template(Services& s, Request& req) {
  const auto key = read_key(req);
  if (auto* p = std::get_if<Problem>(&key)) return *p;
  const Key& k = std::get<Key>(key);
  BodyReader r(req.body);
  const auto parts = read_parts(r, k.channel);
  if (!parts) return r.problem();
  if (const auto errors = tpl::validate_parts(k.channel, k.locale, *parts); !errors.empty())
    return template_problem(errors, "");
  const auto row = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto out = db::put_template(tx, req.tenant_id, k.kind, k.channel, k.locale, *parts, s.clock->now());
    tx.commit();
    return out;
  });
  if (row.created) return created(row_json(row), "/v1/templates/" + k.kind + "/" + k.channel + "/" + k.locale);
  return Response::json(200, row_json(row));
}

Result delete_template(Services& s, Request& req) {
  const auto key = read_key(req);
  if (auto* p = std::get_if<Problem>(&key)) return *p;
  const Key& k = std::get<Key>(key);
  const bool deleted = s.pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    const bool d = db::delete_template(tx, req.tenant_id, k.kind, k.channel, k.locale);
    tx.commit();
    return d;
  });
  if (!deleted)
    return Problem::of(ErrorKind::not_found,
                       "The tenant has no " + k.locale + " " + k.channel + " template for " + k.kind + ".");
  return Response::no_content();
}

// Body: {kind, channel, locale, parts?: {part: source}, data?: {...},
// recipients?: 1-10 (the sample's size when no data), sms_segment_limit?: 1-10}.
Result preview_template(Services& s, Request& req) {
  BodyReader r(req.body);
  const auto kind = r.required_string("kind", {1, 64});
  const auto channel = r.required_string("channel", {1, 16});
  const auto locale_in = r.required_string("locale", {2, 35});
  const json* parts_json = r.optional_member("parts", json::value_t::object);
  const json* data = r.optional_member("data", json::value_t::object);
  const auto recipients = r.optional_int("recipients", {1, 10});
  const auto limit = r.optional_int("sms_segment_limit", {1, 10});
  r.reject_unknown();
  if (kind && !tpl::is_message_kind(*kind)) r.fail("kind", "must be one of will_miss_deadline, delay_apology, "
                                                           "back_on_track, delivered_late_followup, action_required");
  if (channel && !tpl::is_channel(*channel)) r.fail("channel", "must be email or sms");
  const auto locale = locale_in ? core::locale::normalize_tag(*locale_in) : std::nullopt;
  if (locale_in && (!locale || !core::locale::is_supported_language(*locale)))
    r.fail("locale", "must be a locale tag of en, fi, hu, zh, pt or de (fi, fi-FI, pt-BR)");
  std::optional<std::map<std::string, std::string>> parts;
  if (parts_json && r.ok()) {
    BodyReader pr(*parts_json, "/parts");
    parts = read_parts(pr, *channel);
    r.absorb(pr);
  }
  if (!r.ok()) return r.problem();

  auto resolved = tpl::resolve_templates(*kind, *channel, *locale, overrides(s, req.tenant_id, *kind, *channel));
  if (!resolved) return Problem::of(ErrorKind::not_found, "There is no template for " + *kind + ".");
  if (parts) {  // unsaved sources: checked as a save would, in the requested locale
    std::vector<tpl::PartError> errors;
    const auto partials = tpl::partials_for(*locale);
    for (const auto& [part, source] : *parts)
      for (auto& e : tpl::validate_template(source, {part == "html", &partials})) errors.push_back({part, std::move(e)});
    if (!errors.empty()) return template_problem(errors, "/parts");
    for (const auto& [part, source] : *parts) resolved->parts[part] = source;
    resolved->locale = *locale;
    resolved->partials = partials;
    resolved->tenant = true;
  }
  const std::string formats = tpl::formatting_locale(*locale, resolved->locale);
  const json sample = data ? *data : tpl::sample_data(*kind, *channel, formats, static_cast<int>(recipients.value_or(2)));
  const tpl::Rendered out = tpl::render_resolved(*channel, *resolved, tpl::prepare_context(sample, formats),
                                                 {static_cast<int>(limit.value_or(2))});
  return Response::json(200, rendered_json(*kind, *channel, out));
}

}  // namespace forewarn::http::handlers
