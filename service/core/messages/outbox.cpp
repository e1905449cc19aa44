#include "core/messages/outbox.hpp"

#include <algorithm>
#include <cctype>

#include "core/messages/quiet_hours.hpp"

namespace forewarn::core::messages {

namespace {

const shipment::Shipment& shipment_of(std::span<const shipment::Shipment> shipments, const std::string& id) {
  const auto it = std::find_if(shipments.begin(), shipments.end(), [&](const shipment::Shipment& s) { return s.id == id; });
  return *it;  // group_for_purchaser has checked that every intent's shipment is there
}

std::chrono::minutes clock_minutes(const std::string& hh_mm, std::chrono::minutes fallback) {
  if (!is_clock_time(hh_mm)) return fallback;
  return std::chrono::minutes{std::stoi(hh_mm.substr(0, 2)) * 60 + std::stoi(hh_mm.substr(3, 2))};
}

const date::time_zone* zone_or_null(const std::optional<std::string>& name) {
  return name ? find_time_zone(*name) : nullptr;
}

// The deadline a message is about, when it is only worth reading before it
// (a warning that it will be missed, or news that it will be made): the
// latest of its lines' deadlines. nullopt for every other kind, and when a
// line has no deadline.
std::optional<Instant> worth_reading_until(const PlannedMessage& m) {
  if (m.kind != MessageKind::will_miss_deadline && m.kind != MessageKind::back_on_track) return std::nullopt;
  std::optional<Instant> last;
  for (const auto& line : m.lines) {
    const auto& at = line.intent.facts.deadline_at;
    if (!at) return std::nullopt;
    if (!last || *at > *last) last = at;
  }
  return last;
}

std::string shipment_list(const PlannedMessage& m) {
  std::string out;
  for (const auto& line : m.lines) out += (out.empty() ? "" : ", ") + line.intent.shipment_id;
  return out;
}

std::string contact_ref(const PlannedMessage& m) {
  const auto& intent = m.lines.front().intent;
  if (m.audience == Audience::recipient && intent.recipient_index)
    return "recipient:" + std::to_string(*intent.recipient_index);
  return "purchaser";
}

// Chooses the channel and the address (the rule in the header); sets
// `suppressed` when the addressee cannot be written to.
void choose_channel(OutboxMessage& out, const shipment::Contact& c, const OutboxInputs& in) {
  std::optional<Preferences> email_prefs, phone_prefs;
  std::optional<RecipientAddress> email, phone;
  if (c.email) email = parse_recipient_address(*c.email);
  if (c.phone) phone = parse_recipient_address(*c.phone);
  if (email && in.preferences) email_prefs = in.preferences(email->value);
  if (phone && in.preferences) phone_prefs = in.preferences(phone->value);
  const bool email_ok = email && (!email_prefs || (email_prefs->email && !email_prefs->opted_out));
  const bool sms_ok = phone && (!phone_prefs || (phone_prefs->sms && !phone_prefs->opted_out));
  const bool via_email = email_ok || (!sms_ok && email);
  out.channel = via_email ? "email" : "sms";
  out.address = via_email ? email->value : phone ? phone->value : std::string();
  const auto& prefs = via_email ? email_prefs : phone_prefs;
  if (!email_ok && !sms_ok) {
    const bool opted_out = (email_prefs && email_prefs->opted_out) || (phone_prefs && phone_prefs->opted_out);
    out.suppressed = opted_out ? "opted_out" : "channel_off";
  }
  // Time zone and quiet hours of the addressee.
  const date::time_zone* zone = prefs ? zone_or_null(prefs->time_zone) : nullptr;
  if (!zone) zone = zone_or_null(c.time_zone);
  out.time_zone = zone ? std::string(zone->name()) : std::string();
}

}  // namespace

OutboxPlan plan_outbox(std::span<const MessageIntent> intents, std::span<const shipment::Shipment> shipments,
                       const OutboxInputs& in, Instant now) {
  OutboxPlan plan;
  if (intents.empty()) return plan;
  const Policy& policy = *in.policy;
  auto planned = group_for_purchaser(intents, shipments);
  plan.spent = apply_remedies(planned, policy, in.budget_left);
  for (auto& m : planned) {
    OutboxMessage out;
    out.planned = std::move(m);
    const auto& pm = out.planned;
    const auto& first = shipment_of(shipments, pm.lines.front().intent.shipment_id);
    choose_channel(out, pm.addressee, in);
    if (out.address.empty()) {
      plan.warnings.push_back("no address for " + pm.addressee_key);
      continue;
    }
    // Quiet hours in the addressee's zone (else the destination's, else UTC).
    const date::time_zone* zone = zone_or_null(out.time_zone);
    if (!zone) zone = zone_or_null(first.destination_time_zone);
    if (!zone) zone = date::locate_zone("UTC");
    out.time_zone = std::string(zone->name());
    QuietHours window = policy.quiet_hours;
    if (in.preferences) {
      if (const auto prefs = in.preferences(out.address)) {
        const forewarn::QuietHours defaults;
        if (prefs->quiet_hours != defaults) {
          window.start = clock_minutes(prefs->quiet_hours.start, window.start);
          window.end = clock_minutes(prefs->quiet_hours.end, window.end);
        }
      }
    }
    out.quiet = window;
    out.send_at = send_at(std::max(now, pm.due_at), *zone, window, pm.useful_until);
    out.stale_at = worth_reading_until(pm);
    if (out.stale_at && out.send_at > *out.stale_at) {
      plan.not_queued.push_back(std::string(to_string(pm.kind)) + " about shipment " + shipment_list(pm) +
                                ": the quiet hours in " + out.time_zone +
                                " would send it after its deadline; not queued");
      continue;
    }
    out.contact_ref = contact_ref(pm);
    out.locale = pm.addressee.locale.value_or("en");
    if (const auto rank = tier_for(policy, first.customer)) out.tier = policy.tiers[*rank].name;
    out.unsubscribe_url = in.unsubscribe_url ? in.unsubscribe_url(out.address) : std::string();

    TemplateContext ctx;
    ctx.brand = policy.brand;
    if (ctx.brand.name.empty()) ctx.brand.name = in.brand_name;
    ctx.channel = out.channel;
    ctx.locale = out.locale;
    ctx.unsubscribe_url = out.unsubscribe_url;
    const auto data = to_template_data(pm, ctx, policy);
    const std::string kind(to_string(pm.kind));
    const auto rendered = templates::render_message(kind, out.channel, out.locale, data,
                                                    in.overrides ? in.overrides(kind, out.channel)
                                                                 : std::vector<templates::TemplateOverride>{},
                                                    {policy.sms_segment_limit});
    if (!rendered) {
      plan.warnings.push_back("no template for " + kind + "/" + out.channel);
      continue;
    }
    if (out.channel == "email") {
      out.subject = rendered->subject;
      out.body_text = rendered->text;
      out.body_html = rendered->html;
    } else {
      out.body_text = rendered->sms;
    }
    plan.messages.push_back(std::move(out));
  }
  return plan;
}

}  // namespace forewarn::core::messages
