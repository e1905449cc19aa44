#include "core/messages/policy.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <numeric>

#include "core/body_reader.hpp"

namespace forewarn::core::messages {

namespace {

using nlohmann::json;

// "HH:MM" (00:00..24:00) → minutes.
std::optional<std::chrono::minutes> parse_hh_mm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return std::chrono::minutes{h * 60 + m};
}

std::string format_hh_mm(std::chrono::minutes t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(t.count() / 60), static_cast<int>(t.count() % 60));
  return buf;
}

bool is_kind_name(const std::string& s) { return kind_from_string(s).has_value(); }

std::set<MessageKind> kinds_of(const std::vector<std::string>& names) {
  std::set<MessageKind> out;
  for (const auto& n : names) out.insert(*kind_from_string(n));
  return out;
}

json kind_names(const std::set<MessageKind>& kinds) {
  json out = json::array();
  for (auto k : kinds) out.push_back(to_string(k));
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads {"will_miss_below": .., "back_on_track_above": ..}.
void read_thresholds(BodyReader& r, Policy& p) {
  if (auto v = r.optional_number("will_miss_below", 0, 1)) p.will_miss_below = *v;
  if (auto v = r.optional_number("back_on_track_above", 0, 1)) p.back_on_track_above = *v;
  if (p.will_miss_below >= p.back_on_track_above) r.fail("back_on_track_above", "must be above will_miss_below");
  r.reject_unknown();
}

void read_lead_times(BodyReader& r, Policy& p) {
  if (auto v = r.optional_int("will_miss_max_days_ahead", {.min = 1, .max = 366})) p.will_miss_max_days_ahead = static_cast<int>(*v);
  if (auto v = r.optional_int("followup_after_hours", {.min = 0, .max = 24 * 30})) p.followup_after_hours = static_cast<int>(*v);
  r.reject_unknown();
}

void read_kinds(BodyReader& r, Policy& p) {
  for (auto k : kAllKinds) {
    if (auto on = r.optional_bool(std::string(to_string(k)))) {
      if (*on) p.kinds.insert(k);
      else p.kinds.erase(k);
    }
  }
  r.reject_unknown();
}

void read_recipients(BodyReader& r, Policy& p) {
  if (auto v = r.optional_bool("enabled")) p.recipients_enabled = *v;
  if (auto v = r.optional_string_list("kinds", 5, is_kind_name, "a message kind")) p.recipient_kinds = kinds_of(*v);
  r.reject_unknown();
}

void read_quiet_hours(BodyReader& r, Policy& p) {
  for (const char* key : {"start", "end"}) {
    if (auto v = r.optional_string(key, {5, 5})) {
      const auto t = parse_hh_mm(*v);
      if (!t) {
        r.fail(key, "must be a local time HH:MM, such as 21:00");
        continue;
      }
      (std::string_view(key) == "start" ? p.quiet_hours.start : p.quiet_hours.end) = *t;
    }
  }
  if (auto v = r.optional_bool("urgent_exception")) p.quiet_hours.urgent_exception = *v;
  r.reject_unknown();
}

void read_options(BodyReader& r, Policy& p) {
  for (auto k : kAllOptions) {
    const std::string key(to_string(k));
    const auto* o = r.optional_member(key, json::value_t::object);
    if (!o) continue;
    BodyReader nested(*o, r.pointer(key));
    OptionConfig& c = p.options[k];
    if (auto v = nested.optional_bool("enabled")) c.enabled = *v;
    if (auto v = nested.optional_string("url", {0, 2000})) c.url = *v;
    nested.reject_unknown();
    const bool needs_url = k == OptionKind::egift || k == OptionKind::printable_card || k == OptionKind::cancel;
    if (needs_url && c.enabled && c.url.rfind("https://", 0) != 0) nested.fail("url", "must be an https:// URL when enabled");
    r.absorb(nested);
  }
  r.reject_unknown();
}

void read_remedy_settings(BodyReader& r, Policy& p) {
  if (auto v = r.optional_string_list("kinds", 5, is_kind_name, "a message kind")) p.remedy_kinds = kinds_of(*v);
  if (auto v = r.optional_number("monthly_budget", 0, 1e9)) p.monthly_budget = *v;
  if (auto v = r.optional_string("currency", {3, 3})) {
    if (std::all_of(v->begin(), v->end(), [](char c) { return c >= 'A' && c <= 'Z'; })) p.currency = *v;
    else r.fail("currency", "must be an ISO 4217 code such as EUR");
  }
  if (auto v = r.optional_string("signer", {1, 200})) p.signer = *v;
  r.reject_unknown();
}

void read_brand(BodyReader& r, Policy& p) {
  if (auto v = r.optional_string("name", {0, 200})) p.brand.name = *v;
  if (auto v = r.optional_string("signature", {0, 2000})) p.brand.signature = *v;
  if (auto v = r.optional_string("signer", {0, 200})) p.brand.signer = *v;
  if (auto v = r.optional_string("tone", {0, 40})) p.brand.tone = *v;
  if (auto v = r.optional_string("support_url", {0, 2000})) {
    if (!v->empty() && v->rfind("https://", 0) != 0 && v->rfind("mailto:", 0) != 0)
      r.fail("support_url", "must be an https:// or mailto: URL");
    else p.brand.support_url = *v;
  }
  r.reject_unknown();
}

void read_sms(BodyReader& r, Policy& p) {
  if (auto v = r.optional_int("segment_limit", {.min = 1, .max = 10})) p.sms_segment_limit = static_cast<int>(*v);
  r.reject_unknown();
}

std::optional<RemedyOffer> read_offer(BodyReader& r, const std::string& tier_signer) {
  RemedyOffer o;
  const auto kind = r.required_string("kind", {1, 40});
  if (kind && !remedy_from_string(*kind)) r.fail("kind", "must be refund_shipping, free_upgrade, gift_in_next_box, personal_note or coupon");
  if (auto v = r.optional_number("cost", 0, 1e6)) o.cost = *v;
  o.amount = r.optional_number("amount", 0, 1e6);
  o.percent = r.optional_number("percent", 1, 100);
  if (auto v = r.optional_string("signer", {1, 200})) o.signer = *v;
  r.reject_unknown();
  if (!kind || !remedy_from_string(*kind)) return std::nullopt;
  o.kind = *remedy_from_string(*kind);
  if (o.kind == RemedyKind::coupon && !o.percent) r.fail("percent", "is required for a coupon");
  if (o.kind != RemedyKind::coupon && o.percent) r.fail("percent", "is only for a coupon");
  if (o.kind == RemedyKind::personal_note) {
    if (o.signer.empty()) o.signer = tier_signer;
    if (o.signer.empty()) r.fail("signer", "a personal note needs a named signer (here, or remedies.signer)");
    if (o.cost != 0) r.fail("cost", "a personal note costs nothing");
  } else if (!o.signer.empty()) {
    r.fail("signer", "is only for a personal note");
  }
  return o;
}

void read_tiers(BodyReader& r, const json& tiers, Policy& p) {
  p.tiers.clear();
  std::set<std::string> names;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    BodyReader t(tiers[i], r.pointer("tiers") + "/" + std::to_string(i));
    Tier tier;
    if (auto v = t.required_string("name", {1, 100})) {
      tier.name = *v;
      if (!names.insert(lower(*v)).second) t.fail("name", "must be unique among the tiers");
    }
    if (auto v = t.optional_number("min_lifetime_value", 0, 1e12)) tier.min_lifetime_value = *v;
    if (auto v = t.optional_int("min_order_count", {.min = 0, .max = 10000000})) tier.min_order_count = *v;
    if (const auto* menu = t.optional_member("remedies", json::value_t::array)) {
      for (std::size_t j = 0; j < menu->size(); ++j) {
        BodyReader o((*menu)[j], t.pointer("remedies") + "/" + std::to_string(j));
        if (auto offer = read_offer(o, p.signer)) tier.remedies.push_back(*offer);
        t.absorb(o);
      }
    }
    t.reject_unknown();
    r.absorb(t);
    p.tiers.push_back(std::move(tier));
  }
  if (p.tiers.empty()) r.fail("tiers", "must name at least one tier");
}

json offer_json(const RemedyOffer& o) {
  json j = {{"kind", to_string(o.kind)}, {"cost", o.cost}};
  if (o.amount) j["amount"] = *o.amount;
  if (o.percent) j["percent"] = *o.percent;
  if (!o.signer.empty()) j["signer"] = o.signer;
  return j;
}

// Reads one nested object member with `fn`.
template <typename Fn>
void nested(BodyReader& r, const char* key, Fn fn) {
  if (const auto* m = r.optional_member(key, json::value_t::object)) {
    BodyReader n(*m, r.pointer(key));
    fn(n);
    r.absorb(n);
  }
}

}  // namespace

bool Policy::option_enabled(OptionKind k) const {
  const auto it = options.find(k);
  return it != options.end() && it->second.enabled;
}

PolicyInput policy_from_json(const json& body) {
  BodyReader r(body);
  Policy p;
  nested(r, "thresholds", [&](BodyReader& n) { read_thresholds(n, p); });
  nested(r, "lead_times", [&](BodyReader& n) { read_lead_times(n, p); });
  nested(r, "kinds", [&](BodyReader& n) { read_kinds(n, p); });
  nested(r, "recipients", [&](BodyReader& n) { read_recipients(n, p); });
  nested(r, "quiet_hours", [&](BodyReader& n) { read_quiet_hours(n, p); });
  nested(r, "options", [&](BodyReader& n) { read_options(n, p); });
  nested(r, "remedies", [&](BodyReader& n) { read_remedy_settings(n, p); });
  if (const auto* tiers = r.optional_member("tiers", json::value_t::array)) read_tiers(r, *tiers, p);
  nested(r, "brand", [&](BodyReader& n) { read_brand(n, p); });
  nested(r, "sms", [&](BodyReader& n) { read_sms(n, p); });
  if (auto v = r.optional_string("tracking_url", {0, 2000})) {
    if (!v->empty() && v->rfind("https://", 0) != 0) r.fail("tracking_url", "must be an https:// URL");
    else p.tracking_url = *v;
  }
  r.reject_unknown();
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {std::move(p), {}};
}

json to_json(const Policy& p) {
  json kinds = json::object();
  for (auto k : kAllKinds) kinds[std::string(to_string(k))] = p.kinds.contains(k);
  json options = json::object();
  for (const auto& [k, c] : p.options) options[std::string(to_string(k))] = {{"enabled", c.enabled}, {"url", c.url}};
  json tiers = json::array();
  for (const auto& t : p.tiers) {
    json menu = json::array();
    for (const auto& o : t.remedies) menu.push_back(offer_json(o));
    tiers.push_back({{"name", t.name},
                     {"min_lifetime_value", t.min_lifetime_value},
                     {"min_order_count", t.min_order_count},
                     {"remedies", menu}});
  }
  json out = {{"thresholds", {{"will_miss_below", p.will_miss_below}, {"back_on_track_above", p.back_on_track_above}}},
          {"lead_times",
           {{"will_miss_max_days_ahead", p.will_miss_max_days_ahead}, {"followup_after_hours", p.followup_after_hours}}},
          {"kinds", kinds},
          {"recipients", {{"enabled", p.recipients_enabled}, {"kinds", kind_names(p.recipient_kinds)}}},
          {"quiet_hours",
           {{"start", format_hh_mm(p.quiet_hours.start)},
            {"end", format_hh_mm(p.quiet_hours.end)},
            {"urgent_exception", p.quiet_hours.urgent_exception}}},
          {"options", options},
          {"remedies",
           {{"kinds", kind_names(p.remedy_kinds)},
            {"monthly_budget", p.monthly_budget},
            {"currency", p.currency}}},
          {"tiers", tiers},
          {"brand",
           {{"name", p.brand.name},
            {"signature", p.brand.signature},
            {"signer", p.brand.signer},
            {"tone", p.brand.tone},
            {"support_url", p.brand.support_url}}},
          {"sms", {{"segment_limit", p.sms_segment_limit}}},
          {"tracking_url", p.tracking_url}};
  if (!p.signer.empty()) out["remedies"]["signer"] = p.signer;  // absent: none (the JSON form has no empty signer)
  return out;
}

std::optional<std::size_t> tier_for(const Policy& policy, const shipment::CustomerStanding& customer) {
  if (customer.tier) {
    const auto label = lower(*customer.tier);
    for (std::size_t i = 0; i < policy.tiers.size(); ++i)
      if (lower(policy.tiers[i].name) == label) return i;
  }
  const double value = customer.lifetime_value.value_or(0);
  const long long orders = customer.order_count.value_or(0);
  for (std::size_t i = policy.tiers.size(); i-- > 0;) {
    const auto& t = policy.tiers[i];
    if (value >= t.min_lifetime_value && orders >= t.min_order_count) return i;
  }
  return std::nullopt;
}

RemedyAllocation allocate_remedies(std::span<const RemedyCandidate> candidates, double budget_left) {
  RemedyAllocation out;
  out.remedies.resize(candidates.size());
  std::vector<std::size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return candidates[a].tier_rank > candidates[b].tier_rank; });
  double left = std::max(budget_left, 0.0);
  for (const std::size_t i : order) {
    const auto& c = candidates[i];
    std::optional<RemedyOffer> chosen;
    for (const auto& offer : c.menu) {
      if (c.top_tier && offer.kind == RemedyKind::coupon) continue;
      if (offer.cost <= left) {
        chosen = offer;
        break;
      }
    }
    if (!chosen) {
      const auto note = std::find_if(c.menu.begin(), c.menu.end(),
                                     [](const RemedyOffer& o) { return o.kind == RemedyKind::personal_note; });
      if (note != c.menu.end()) {
        chosen = *note;
      } else if (c.top_tier) {
        chosen = RemedyOffer{RemedyKind::personal_note, 0, std::nullopt, std::nullopt, c.signer};
      }
    }
    if (chosen) {
      left -= chosen->cost;
      out.spent += chosen->cost;
    }
    out.remedies[i] = std::move(chosen);
  }
  return out;
}

}  // namespace forewarn::core::messages
