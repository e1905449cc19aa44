#include "core/messages/group.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/tracking/request.hpp"

namespace forewarn::core::messages {

namespace {

using nlohmann::json;
namespace cal = calendar;

std::string contact_key(const shipment::Contact& c, const std::string& order_id) {
  if (c.email) {
    std::string e = *c.email;
    for (auto& ch : e) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return "email:" + e;
  }
  if (c.phone) return "phone:" + *c.phone;
  return "order:" + order_id;
}

// The addressee of an intent: the gift recipient, else the customer (the
// purchaser, else the first recipient).
shipment::Contact addressee_of(const MessageIntent& in, const shipment::Shipment& s) {
  if (in.audience == Audience::recipient && in.recipient_index && *in.recipient_index < s.recipients.size())
    return s.recipients[*in.recipient_index];
  if (s.purchaser) return *s.purchaser;
  return s.recipients.empty() ? shipment::Contact{} : s.recipients.front();
}

std::string fill_url(std::string url, const PlannedLine& line) {
  const std::pair<const char*, const std::string*> vars[] = {
      {"{order_id}", &line.order_id}, {"{shipment_id}", &line.intent.shipment_id},
      {"{tracking_number}", &line.tracking_number}, {"{carrier}", &line.carrier}};
  for (const auto& [name, value] : vars) {
    const std::string key(name);
    for (auto at = url.find(key); at != std::string::npos; at = url.find(key, at)) {
      const std::string encoded = tracking::percent_encode(*value);
      url.replace(at, key.size(), encoded);
      at += encoded.size();
    }
  }
  return url;
}

json day_or_null(const std::optional<cal::Day>& d) { return d ? json(cal::format_day(*d)) : json(nullptr); }
json instant_or_null(const std::optional<Instant>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

json option_json(const Option& o, const PlannedLine& line, const Policy& policy) {
  const auto it = policy.options.find(o.kind);
  const std::string url = it == policy.options.end() ? std::string() : fill_url(it->second.url, line);
  return {{"kind", to_string(o.kind)},
          {"label_key", "option." + std::string(to_string(o.kind))},
          {"url", url},
          {"service_name", o.service_name},
          {"arrives_by", day_or_null(o.arrives_by)},
          {"act_by", instant_or_null(o.act_by)}};
}

json line_json(const PlannedLine& line, bool for_recipient, const TemplateContext& ctx, const Policy& policy) {
  const auto& f = line.intent.facts;
  const auto url = ctx.tracking_urls.find(line.intent.shipment_id);
  json options = json::array();
  for (const auto& o : line.intent.options) options.push_back(option_json(o, line, policy));
  return {{"recipient_name", line.recipient_name},
          {"order_id", for_recipient ? json(nullptr) : json(line.order_id)},
          {"carrier", line.carrier},
          {"tracking_number", line.tracking_number},
          {"tracking_url", url != ctx.tracking_urls.end() ? url->second
                           : policy.tracking_url.empty()  ? std::string()
                                                          : fill_url(policy.tracking_url, line)},
          {"status", tracking::to_string(f.status)},
          {"exception_reason", f.exception_reason ? json(tracking::to_string(*f.exception_reason)) : json(nullptr)},
          {"action", f.action ? json(risk::to_string(*f.action)) : json(nullptr)},
          {"promised_date", day_or_null(f.promised_date)},
          {"new_estimate", day_or_null(f.new_estimate)},
          {"deadline_name", f.deadline_name},
          {"deadline_date", day_or_null(f.deadline_day)},
          {"will_miss", f.will_miss},
          {"delivered_at", instant_or_null(f.delivered_at)},
          {"options", options}};
}

}  // namespace

std::vector<PlannedMessage> group_for_purchaser(std::span<const MessageIntent> intents,
                                                std::span<const shipment::Shipment> shipments) {
  std::vector<PlannedMessage> out;
  for (const auto& in : intents) {
    const auto s = std::find_if(shipments.begin(), shipments.end(),
                                [&](const shipment::Shipment& x) { return x.id == in.shipment_id; });
    if (s == shipments.end()) throw std::invalid_argument("group_for_purchaser: unknown shipment " + in.shipment_id);
    const shipment::Contact to = addressee_of(in, *s);
    const std::string key = contact_key(to, s->order_id);
    auto m = std::find_if(out.begin(), out.end(), [&](const PlannedMessage& p) {
      return p.kind == in.kind && p.audience == in.audience && p.addressee_key == key;
    });
    if (m == out.end()) {
      PlannedMessage p;
      p.kind = in.kind;
      p.audience = in.audience;
      p.addressee_key = key;
      p.addressee = to;
      p.due_at = in.due_at;
      out.push_back(std::move(p));
      m = out.end() - 1;
    }
    PlannedLine line{in, s->recipients.empty() ? std::string() : s->recipients.front().name, s->order_id, s->carrier,
                     s->tracking_number};
    if (in.audience == Audience::recipient) line.recipient_name = to.name;
    m->gift = m->gift || (s->purchaser && !s->recipients.empty());
    m->remedy_eligible = m->remedy_eligible || in.remedy_eligible;
    if (in.tier_rank && (!m->tier_rank || *in.tier_rank > *m->tier_rank)) {
      m->tier_rank = in.tier_rank;
      m->top_tier = in.top_tier;
    }
    for (const auto& o : in.options)
      if (std::find(m->options.begin(), m->options.end(), o) == m->options.end()) m->options.push_back(o);
    m->episode_keys.push_back(in.episode_key);
    m->due_at = std::max(m->due_at, in.due_at);
    if (in.useful_until && (!m->useful_until || *in.useful_until < *m->useful_until)) m->useful_until = in.useful_until;
    m->lines.push_back(std::move(line));
  }
  return out;
}

double apply_remedies(std::vector<PlannedMessage>& messages, const Policy& policy, double budget_left) {
  std::vector<RemedyCandidate> candidates;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    auto& m = messages[i];
    m.remedy.reset();
    if (!m.remedy_eligible || m.audience != Audience::purchaser || !m.tier_rank) continue;
    candidates.push_back({*m.tier_rank, m.top_tier, policy.tiers.at(*m.tier_rank).remedies, policy.signer});
    index.push_back(i);
  }
  const auto allocation = allocate_remedies(candidates, budget_left);
  for (std::size_t j = 0; j < index.size(); ++j) messages[index[j]].remedy = allocation.remedies[j];
  return allocation.spent;
}

Instant plan_send_at(const PlannedMessage& message, const date::time_zone& zone, const Policy& policy, Instant now) {
  return send_at(std::max(now, message.due_at), zone, policy.quiet_hours, message.useful_until);
}

json to_template_data(const PlannedMessage& m, const TemplateContext& ctx, const Policy& policy) {
  const bool for_recipient = m.audience == Audience::recipient;
  json shipments = json::array();
  for (const auto& line : m.lines) shipments.push_back(line_json(line, for_recipient, ctx, policy));
  json options = json::array();
  for (const auto& o : m.options) {
    const auto line = std::find_if(m.lines.begin(), m.lines.end(), [&](const PlannedLine& l) {
      return std::find(l.intent.options.begin(), l.intent.options.end(), o) != l.intent.options.end();
    });
    options.push_back(option_json(o, line == m.lines.end() ? m.lines.front() : *line, policy));
  }
  json remedy = nullptr;
  if (m.remedy && !for_recipient) {
    remedy = {{"kind", to_string(m.remedy->kind)},
              {"amount", m.remedy->amount ? json(*m.remedy->amount) : json(nullptr)},
              {"percent", m.remedy->percent ? json(*m.remedy->percent) : json(nullptr)},
              {"currency", policy.currency},
              {"signer", m.remedy->signer.empty() ? json(nullptr) : json(m.remedy->signer)}};
  }
  return {{"brand",
           {{"name", ctx.brand.name},
            {"signature", ctx.brand.signature},
            {"signer", ctx.brand.signer},
            {"tone", ctx.brand.tone},
            {"support_url", ctx.brand.support_url}}},
          {"kind", to_string(m.kind)},
          {"channel", ctx.channel},
          {"locale", ctx.locale},
          {"audience", to_string(m.audience)},
          {"customer", {{"name", m.addressee.name}}},
          {"gift", m.gift},
          {"shipment_count", m.lines.size()},
          {"shipments", shipments},
          {"options", options},
          {"remedy", remedy},
          {"unsubscribe_url", ctx.unsubscribe_url}};
}

}  // namespace forewarn::core::messages
