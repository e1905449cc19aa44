#include "core/messages/decide.hpp"

#include <algorithm>
#include <limits>

namespace forewarn::core::messages {

namespace {

using risk::Assessment;
using risk::DeadlineRisk;

bool is_bad_news(MessageKind k) { return k == MessageKind::will_miss_deadline || k == MessageKind::delay_apology; }

// The position of the latest episode accepted by `pred` (by opened_at, then
// by position), or -1.
template <typename Pred>
long latest(const std::vector<Episode>& eps, Pred pred) {
  long best = -1;
  for (std::size_t i = 0; i < eps.size(); ++i) {
    if (!pred(eps[i])) continue;
    if (best < 0 || eps[i].opened_at >= eps[static_cast<std::size_t>(best)].opened_at) best = static_cast<long>(i);
  }
  return best;
}

bool later(const std::vector<Episode>& eps, long a, long b) {
  const auto& x = eps[static_cast<std::size_t>(a)];
  const auto& y = eps[static_cast<std::size_t>(b)];
  return x.opened_at > y.opened_at || (x.opened_at == y.opened_at && a > b);
}

// Bad news for `key` is current: sent, and no back_on_track after it.
bool bad_news_current(const std::vector<Episode>& eps, const std::string& key) {
  const long bad = latest(eps, [&](const Episode& e) { return is_bad_news(e.kind) && e.deadline_key == key; });
  if (bad < 0) return false;
  const long bot =
      latest(eps, [&](const Episode& e) { return e.kind == MessageKind::back_on_track && e.deadline_key == key; });
  return bot < 0 || later(eps, bad, bot);
}

bool any_bad_news_current(const std::vector<Episode>& eps) {
  return std::any_of(eps.begin(), eps.end(), [&](const Episode& e) { return bad_news_current(eps, e.deadline_key); });
}

int next_number(const std::vector<Episode>& eps, MessageKind kind, const std::string& key) {
  return 1 + static_cast<int>(std::count_if(eps.begin(), eps.end(), [&](const Episode& e) {
           return e.kind == kind && e.deadline_key == key;
         }));
}

std::vector<Option> options_for(MessageKind kind, const Assessment& a, const DeadlineRisk* d, const Policy& policy) {
  std::vector<Option> out;
  if (is_bad_news(kind)) {
    if (policy.option_enabled(OptionKind::faster_service)) {
      for (const auto& alt : a.alternatives)
        out.push_back({OptionKind::faster_service, alt.service_id, alt.service_name, alt.arrives_by, alt.act_by});
    }
    if (d && d->key.starts_with("event:")) {
      for (auto k : {OptionKind::egift, OptionKind::printable_card})
        if (policy.option_enabled(k)) out.push_back({k, "", "", std::nullopt, std::nullopt});
    }
    if (!a.handed_over && policy.option_enabled(OptionKind::cancel))
      out.push_back({OptionKind::cancel, "", "", std::nullopt, std::nullopt});
  } else if (kind == MessageKind::action_required && a.action) {
    if (*a.action == risk::Action::update_address && policy.option_enabled(OptionKind::update_address))
      out.push_back({OptionKind::update_address, "", "", std::nullopt, std::nullopt});
    if (*a.action == risk::Action::pickup && policy.option_enabled(OptionKind::pickup))
      out.push_back({OptionKind::pickup, "", "", std::nullopt, std::nullopt});
  }
  return out;
}

std::optional<Instant> useful_until(MessageKind kind, const std::vector<Option>& options, const DeadlineRisk* d) {
  std::optional<Instant> out;
  for (const auto& o : options)
    if (o.act_by && (!out || *o.act_by < *out)) out = o.act_by;
  if ((kind == MessageKind::will_miss_deadline || kind == MessageKind::back_on_track) && d && (!out || d->at < *out))
    out = d->at;
  return out;
}

class Decider {
 public:
  Decider(const shipment::Shipment& s, const Assessment& next, std::span<const Episode> episodes, const Policy& policy)
      : s_(s), next_(next), eps_(episodes.begin(), episodes.end()), policy_(policy) {
    tier_ = tier_for(policy, s.customer);
  }

  void emit(MessageKind kind, const DeadlineRisk* d, std::string cause, Instant due) {
    MessageIntent in;
    in.kind = kind;
    in.shipment_id = s_.id;
    in.deadline_key = d ? d->key : "none";
    in.episode = next_number(eps_, kind, in.deadline_key);
    in.episode_key = s_.id + "/" + std::string(to_string(kind)) + "/" + in.deadline_key + "/" + std::to_string(in.episode);
    in.cause = std::move(cause);
    in.due_at = due;
    in.options = options_for(kind, next_, d, policy_);
    in.useful_until = useful_until(kind, in.options, d);
    in.facts = facts(d);
    for (const auto& r : next_.rules) in.reasons.emplace_back(risk::to_string(r.id));
    in.tier_rank = tier_;
    in.top_tier = tier_ && *tier_ + 1 == policy_.tiers.size();
    in.remedy_eligible = policy_.remedy_kinds.contains(kind);
    if (in.remedy_eligible && tier_) {
      const RemedyCandidate c{*tier_, in.top_tier, policy_.tiers[*tier_].remedies, policy_.signer};
      in.remedy = allocate_remedies({&c, 1}, std::numeric_limits<double>::infinity()).remedies.front();
    }
    eps_.push_back(episode_of(in));
    out_.push_back(std::move(in));
  }

  std::vector<MessageIntent> finish() {
    std::vector<MessageIntent> all;
    const bool gift = s_.purchaser.has_value() && !s_.recipients.empty();
    if (!s_.purchaser && s_.recipients.empty()) return all;
    for (auto& in : out_) {
      if (gift && policy_.recipients_enabled && policy_.recipient_kinds.contains(in.kind)) {
        for (std::size_t i = 0; i < s_.recipients.size(); ++i) all.push_back(for_recipient(in, i));
      }
      all.push_back(std::move(in));
    }
    return all;
  }

  std::vector<Episode>& episodes() { return eps_; }

 private:
  IntentFacts facts(const DeadlineRisk* d) const {
    IntentFacts f;
    if (d) {
      f.deadline_name = d->name;
      f.deadline_at = d->at;
      f.deadline_day = d->day;
      f.probability = d->probability;
      f.will_miss = !d->delivered_in_time.value_or(false) && (d->passed || d->probability < policy_.will_miss_below);
    }
    if (next_.promise) f.promised_date = next_.promise->day;
    if (!next_.delivered_at) f.new_estimate = next_.estimate;
    f.status = next_.status;
    f.exception_reason = next_.exception_reason;
    f.action = next_.action;
    f.delivered_at = next_.delivered_at;
    return f;
  }

  static MessageIntent for_recipient(const MessageIntent& in, std::size_t i) {
    MessageIntent r = in;
    r.audience = Audience::recipient;
    r.recipient_index = i;
    r.episode_key += "/r" + std::to_string(i);
    r.remedy_eligible = false;
    r.remedy.reset();
    std::erase_if(r.options, [](const Option& o) {
      return o.kind != OptionKind::update_address && o.kind != OptionKind::pickup;
    });
    return r;
  }

  const shipment::Shipment& s_;
  const Assessment& next_;
  std::vector<Episode> eps_;
  const Policy& policy_;
  std::optional<std::size_t> tier_;
  std::vector<MessageIntent> out_;
};

}  // namespace

Episode episode_of(const MessageIntent& intent) {
  return Episode{intent.kind, intent.deadline_key, intent.episode, intent.cause, intent.due_at};
}

std::vector<MessageIntent> decide(const shipment::Shipment& shipment, const std::optional<Assessment>& previous,
                                  const Assessment& next, std::span<const Episode> episodes, const Policy& policy,
                                  Instant now) {
  Decider d(shipment, next, episodes, policy);
  const auto on = [&](MessageKind k) { return policy.kinds.contains(k); };
  const auto& eps = d.episodes();
  const DeadlineRisk* promise = next.promise ? &*next.promise : nullptr;
  const DeadlineRisk* event = next.event ? &*next.event : nullptr;

  if (next.action && on(MessageKind::action_required)) {
    const std::string cause(risk::to_string(*next.action));
    const long last = latest(eps, [](const Episode& e) { return e.kind == MessageKind::action_required; });
    const bool continuing = last >= 0 && eps[static_cast<std::size_t>(last)].cause == cause &&
                            (!previous || previous->action == next.action);
    if (!continuing) d.emit(MessageKind::action_required, next.primary(), cause, now);
  }

  if (next.delivered_at) {
    if (next.level == risk::Level::delivered_late && on(MessageKind::delivered_late_followup) &&
        std::none_of(eps.begin(), eps.end(),
                     [](const Episode& e) { return e.kind == MessageKind::delivered_late_followup; })) {
      const DeadlineRisk* late = event && event->delivered_in_time == false ? event : promise;
      const Instant due = std::max(now, *next.delivered_at + std::chrono::hours{policy.followup_after_hours});
      d.emit(MessageKind::delivered_late_followup, late, "delivered_late", due);
    }
    return d.finish();
  }
  if (next.action) return d.finish();  // bad news waits while the shopper must act

  bool warned = false;
  if (event && on(MessageKind::will_miss_deadline) && !event->passed &&
      event->probability < policy.will_miss_below &&
      event->at - now <= date::days{policy.will_miss_max_days_ahead} && !bad_news_current(eps, event->key)) {
    d.emit(MessageKind::will_miss_deadline, event, "p_below_threshold", now);
    warned = true;
  }
  if (on(MessageKind::delay_apology) && !warned && !any_bad_news_current(eps)) {
    for (const DeadlineRisk* dl : {promise, event}) {
      if (!dl || (dl == event && !dl->passed)) continue;
      if (dl->passed) {
        d.emit(MessageKind::delay_apology, dl, "deadline_passed", now);
        break;
      }
      if (dl->probability < policy.will_miss_below && !next.rules.empty()) {
        d.emit(MessageKind::delay_apology, dl, "delay_confirmed", now);
        break;
      }
    }
  }
  if (on(MessageKind::back_on_track)) {
    for (const DeadlineRisk* dl : {promise, event}) {
      if (dl && !dl->passed && dl->probability >= policy.back_on_track_above && bad_news_current(eps, dl->key))
        d.emit(MessageKind::back_on_track, dl, "p_recovered", now);
    }
  }
  return d.finish();
}

}  // namespace forewarn::core::messages
