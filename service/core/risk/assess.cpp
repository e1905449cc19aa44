#include "core/risk/assess.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "core/calendar/service_calendar.hpp"

namespace forewarn::core::risk {

namespace {

namespace cal = calendar;
using cal::Day;
using tracking::ExceptionReason;
using tracking::Status;
using Pmf = std::vector<eta::DayProbability>;
constexpr date::days kOneDay{1};
constexpr std::chrono::seconds kEndOfDay = std::chrono::hours{23} + std::chrono::minutes{59} + std::chrono::seconds{59};

constexpr std::string_view kLevelNames[] = {"on_track", "at_risk", "will_miss", "late",
                                            "delivered_on_time", "delivered_late", "action_required"};
constexpr std::string_view kActionNames[] = {"update_address", "customs", "held", "pickup"};

Day local_day(Instant t, const date::time_zone* zone) { return date::floor<date::days>(zone->to_local(t)); }

bool after_delivery_time(Instant t, const date::time_zone* zone) {
  const auto local = zone->to_local(t);
  return local - date::floor<date::days>(local) >= eta::kDeliveredByLocalTime;
}

Day last_delivery_day(Instant deadline, const date::time_zone* zone) {
  Day day = local_day(deadline, zone);
  if (zone->to_sys(day + eta::kDeliveredByLocalTime, date::choose::earliest) > deadline) day -= kOneDay;
  return day;
}

double mass_by(const Pmf& pmf, Day last) {
  double p = 0.0;
  for (const auto& d : pmf)
    if (d.day <= last) p += d.probability;
  return std::min(p, 1.0);
}

// Sorts by day, merges equal days, normalizes and fills the cumulative column.
Pmf normalized(std::vector<std::pair<Day, double>> masses) {
  std::sort(masses.begin(), masses.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double total = 0.0;
  for (const auto& m : masses) total += m.second;
  Pmf out;
  if (total <= 0.0) return out;
  double cum = 0.0;
  for (const auto& [day, m] : masses) {
    if (m <= 0.0) continue;
    if (!out.empty() && out.back().day == day) {
      out.back().probability += m / total;
    } else {
      out.push_back({day, m / total, 0.0});
    }
  }
  for (auto& d : out) {
    cum += d.probability;
    d.cumulative = std::min(cum, 1.0);
  }
  if (!out.empty()) out.back().cumulative = 1.0;
  return out;
}

std::vector<std::pair<Day, double>> masses_of(const Pmf& pmf) {
  std::vector<std::pair<Day, double>> out;
  for (const auto& d : pmf) out.emplace_back(d.day, d.probability);
  return out;
}

// The shipment's facts and the pieces of the model derived from them.
class Model {
 public:
  Model(const Situation& s, const CarrierRules& rules, Instant now)
      : s_(s), rules_(rules), now_(now), zone_(s.destination_zone) {
    service_ = s.used_service ? &*s.used_service : s.promised_service ? &*s.promised_service : nullptr;
    if (service_) {
      calendar_ = service_->calendar;
      transit_ = service_->transit;
    } else {
      transit_ = eta::DayDistribution::nominal(1, 5);
    }
    today_ = local_day(now, zone_);
    late_today_ = after_delivery_time(now, zone_);
    if (slip_applies()) transit_ = eta::sum_of(transit_, *s.carrier_slip);
  }

  // See the header: the slip counts until the carrier revises the estimate.
  bool slip_applies() const {
    if (!s_.carrier_slip) return false;
    if (!s_.carrier_edd) return true;
    return s_.first_carrier_edd.value_or(*s_.carrier_edd) == *s_.carrier_edd && today_ < *s_.carrier_edd;
  }

  bool handed_over() const {
    if (s_.first_scan_at) return true;
    return s_.status != Status::unknown && s_.status != Status::info_received;
  }

  // The promise input of a parcel not yet handed over (see the header).
  eta::PromiseInput pending_input(const eta::ServiceOption& service) const {
    eta::PromiseInput in;
    in.order_instant = s_.order_instant;
    in.warehouse = s_.warehouse;
    in.destination_zone = zone_;
    in.confidence = rules_.confidence;
    in.services = {service};
    auto now_calendar = s_.warehouse;
    now_calendar.backlog_days = 0;
    if (now_ > s_.order_instant &&
        cal::handover_day(now_calendar, now_) > cal::handover_day(s_.warehouse, s_.order_instant)) {
      in.order_instant = now_;
      in.warehouse = now_calendar;
    }
    return in;
  }

  eta::ServiceOption current_service() const {
    if (service_) {
      eta::ServiceOption o = *service_;
      o.transit = transit_;
      return o;
    }
    return eta::ServiceOption{"unknown", "unknown", calendar_, transit_};
  }

  Pmf delivery() const {
    if (s_.status == Status::exception && s_.exception_reason &&
        (*s_.exception_reason == ExceptionReason::lost || *s_.exception_reason == ExceptionReason::returned)) {
      return {};
    }
    if (s_.status == Status::out_for_delivery || s_.status == Status::available_for_pickup) {
      const double p = rules_.out_for_delivery_today;
      return normalized({{today_, p}, {next_delivery(today_, 1), 1.0 - p}});
    }
    if (s_.status == Status::attempt_failed) {
      const Day first = next_delivery(today_, 1);
      return with_edd(normalized({{first, 0.8}, {next_delivery(first, 1), 0.2}}));
    }
    Pmf model;
    if (!handed_over()) {
      model = eta::compute_promise(pending_input(current_service())).services.front().delivery;
    } else {
      model = in_transit();
      if (s_.status == Status::exception) model = shifted(model, rules_.exception_delay_business_days);
    }
    return with_edd(model);
  }

  Day today() const { return today_; }
  const cal::ServiceCalendar& service_calendar() const { return calendar_; }
  Day next_delivery(Day from, int n) const { return cal::add_business_days(calendar_, from, n); }

 private:
  // Transit from the first scan's day, with the days gone removed.
  Pmf in_transit() const {
    const Instant first = s_.first_scan_at ? *s_.first_scan_at : s_.last_scan_at ? *s_.last_scan_at : now_;
    const date::time_zone* origin = date::locate_zone(s_.warehouse.time_zone);
    const Day pickup = local_day(first, origin);
    std::vector<std::pair<Day, double>> left;
    const auto p = transit_.masses();
    for (std::size_t i = 0; i < p.size(); ++i) {
      const Day day = cal::add_business_days(calendar_, pickup, transit_.min_days() + static_cast<int>(i));
      if (day > today_ || (day == today_ && !late_today_)) left.emplace_back(day, p[i]);
    }
    if (!left.empty()) return normalized(std::move(left));
    const Day d1 = late_today_ ? next_delivery(today_, 1) : next_delivery(today_, 0);
    const Day d2 = next_delivery(d1, 1);
    return normalized({{d1, 0.5}, {d2, 0.3}, {next_delivery(d2, 1), 0.2}});
  }

  Pmf shifted(const Pmf& pmf, int days) const {
    std::vector<std::pair<Day, double>> out;
    for (const auto& d : pmf) out.emplace_back(next_delivery(d.day, days), d.probability);
    return normalized(std::move(out));
  }

  Pmf with_edd(const Pmf& model) const {
    if (!s_.carrier_edd || *s_.carrier_edd < today_ || model.empty()) return model;
    const double w = rules_.carrier_edd_weight;
    auto masses = masses_of(model);
    for (auto& m : masses) m.second *= 1.0 - w;
    if (slip_applies()) {
      const auto p = s_.carrier_slip->masses();
      for (std::size_t i = 0; i < p.size(); ++i)
        masses.emplace_back(next_delivery(*s_.carrier_edd, s_.carrier_slip->min_days() + static_cast<int>(i)), p[i] * w);
      return normalized(std::move(masses));
    }
    const Day e1 = next_delivery(*s_.carrier_edd, 1);
    masses.emplace_back(*s_.carrier_edd, 0.85 * w);
    masses.emplace_back(e1, 0.10 * w);
    masses.emplace_back(next_delivery(e1, 1), 0.05 * w);
    return normalized(std::move(masses));
  }

  const Situation& s_;
  const CarrierRules& rules_;
  const Instant now_;
  const date::time_zone* zone_;
  const eta::ServiceOption* service_ = nullptr;
  cal::ServiceCalendar calendar_;
  eta::TransitDistribution transit_;
  Day today_;
  bool late_today_ = false;
};

DeadlineRisk deadline_risk(std::string key, std::string name, Instant at, const Situation& s, const Pmf& pmf,
                           Instant now) {
  DeadlineRisk d;
  d.key = std::move(key);
  d.name = std::move(name);
  d.at = at;
  d.day = local_day(at, s.destination_zone);
  d.last_delivery_day = last_delivery_day(at, s.destination_zone);
  if (s.delivered_at) {
    d.delivered_in_time = *s.delivered_at <= at;
    d.probability = *d.delivered_in_time ? 1.0 : 0.0;
    d.passed = !*d.delivered_in_time;
  } else {
    d.passed = now > at;
    d.probability = d.passed ? 0.0 : mass_by(pmf, d.last_delivery_day);
  }
  return d;
}

std::vector<const DeadlineRisk*> deadlines_of(const Assessment& a) {
  std::vector<const DeadlineRisk*> out;
  if (a.promise) out.push_back(&*a.promise);
  if (a.event) out.push_back(&*a.event);
  return out;
}

std::optional<Action> action_of(const Situation& s) {
  if (s.status == Status::available_for_pickup) return Action::pickup;
  if (s.status != Status::exception || !s.exception_reason) return std::nullopt;
  switch (*s.exception_reason) {
    case ExceptionReason::address: return Action::update_address;
    case ExceptionReason::customs: return Action::customs;
    case ExceptionReason::held: return Action::held;
    default: return std::nullopt;
  }
}

class RuleRunner {
 public:
  RuleRunner(const Situation& s, const CarrierRules& rules, const Model& model, Assessment& a, Instant now)
      : s_(s), rules_(rules), model_(model), a_(a), now_(now) {}

  void run() {
    if (s_.delivered_at || s_.status == Status::delivered) return;
    no_first_scan();
    no_scan_in_transit();
    edd_past_deadline();
    exception();
    slower_service();
    handover_too_late();
  }

 private:
  void fire(RuleId id, nlohmann::json facts) {
    if (rules_.enabled(id)) a_.rules.push_back({id, std::move(facts)});
  }

  void no_first_scan() {
    if (!s_.label_created_at || a_.handed_over) return;
    const Instant due = add_business_hours(*s_.label_created_at, rules_.no_first_scan_business_hours,
                                           *date::locate_zone(s_.warehouse.time_zone), model_.service_calendar());
    if (now_ >= due) {
      fire(RuleId::no_first_scan, {{"label_created_at", format_iso8601(*s_.label_created_at)},
                                   {"business_hours", rules_.no_first_scan_business_hours},
                                   {"due", format_iso8601(due)}});
    }
  }

  void no_scan_in_transit() {
    if (!a_.handed_over || (s_.status != Status::in_transit && s_.status != Status::expired)) return;
    const auto last = s_.last_scan_at ? s_.last_scan_at : s_.first_scan_at;
    if (!last) return;
    const Day last_day = local_day(*last, s_.destination_zone);
    const int days = cal::business_days_between(model_.service_calendar(), last_day, model_.today() - kOneDay);
    if (days >= rules_.no_scan_business_days) {
      fire(RuleId::no_scan_in_transit, {{"last_scan_at", format_iso8601(*last)}, {"business_days", days}});
    }
  }

  void edd_past_deadline() {
    if (!s_.carrier_edd) return;
    for (const auto* d : deadlines_of(a_)) {
      if (*s_.carrier_edd > d->last_delivery_day) {
        fire(RuleId::edd_past_deadline, {{"deadline", d->key},
                                         {"carrier_edd", cal::format_day(*s_.carrier_edd)},
                                         {"last_delivery_day", cal::format_day(d->last_delivery_day)}});
      }
    }
  }

  void exception() {
    if (s_.status == Status::available_for_pickup) {
      fire(RuleId::available_for_pickup, {{"action", "pickup"}});
    } else if (s_.status == Status::exception) {
      nlohmann::json facts = {{"reason", s_.exception_reason ? tracking::to_string(*s_.exception_reason) : "other"}};
      if (a_.action) facts["action"] = to_string(*a_.action);
      fire(RuleId::exception, std::move(facts));
    }
  }

  void slower_service() {
    if (!s_.promised_service || !s_.used_service || s_.promised_service->id == s_.used_service->id) return;
    eta::PromiseInput in;
    in.order_instant = s_.order_instant;
    in.warehouse = s_.warehouse;
    in.destination_zone = s_.destination_zone;
    in.services = {*s_.promised_service, *s_.used_service};
    const auto p = eta::compute_promise(in);
    const auto& promised = p.services[0];
    const auto& used = p.services[1];
    if (used.p80 > promised.p80) {
      fire(RuleId::slower_service, {{"promised_service", promised.id},
                                    {"used_service", used.id},
                                    {"promised_p80", cal::format_day(promised.p80)},
                                    {"used_p80", cal::format_day(used.p80)}});
    }
  }

  // The latest hand-over that still makes a deadline with `confidence`: the
  // cutoff instant of the latest hand-over day the promise engine finds for
  // the order without backlog. Fires once now is past it, or as soon as the
  // planned hand-over (with the backlog) falls after that day.
  void handover_too_late() {
    if (a_.handed_over) return;
    const eta::ServiceOption service = model_.current_service();
    auto no_backlog = s_.warehouse;
    no_backlog.backlog_days = 0;
    const eta::PromiseInput pending = model_.pending_input(service);
    const Day planned = eta::compute_promise(pending).services.front().handover;
    for (const auto* d : deadlines_of(a_)) {
      if (d->passed) continue;
      eta::PromiseInput in;
      in.order_instant = s_.order_instant;
      in.warehouse = no_backlog;
      in.destination_zone = s_.destination_zone;
      in.confidence = rules_.confidence;
      in.services = {service};
      in.deadlines = {{d->name, d->at}};
      const auto promise = eta::compute_promise(in);
      const auto& outcome = promise.services.front().deadlines.front();
      nlohmann::json facts = {{"deadline", d->key}, {"planned_handover", cal::format_day(planned)}};
      if (!outcome.order_by_handover) {
        facts["latest_handover"] = nullptr;
        fire(RuleId::handover_too_late, std::move(facts));
        continue;
      }
      const Instant latest = cal::cutoff_instant(no_backlog, *outcome.order_by_handover);
      facts["latest_handover"] = format_iso8601(latest);
      if (now_ >= latest || planned > *outcome.order_by_handover) fire(RuleId::handover_too_late, std::move(facts));
    }
  }

  const Situation& s_;
  const CarrierRules& rules_;
  const Model& model_;
  Assessment& a_;
  const Instant now_;
};

std::vector<Alternative> alternatives(const Situation& s, const Model& model, const DeadlineRisk& d,
                                      const CarrierRules& rules) {
  std::vector<Alternative> out;
  for (const auto& up : s.upgrades) {
    if (s.used_service && up.id == s.used_service->id) continue;
    const auto in = model.pending_input(up);
    const auto promise = eta::compute_promise(in);
    const auto& sp = promise.services.front();
    const double p = mass_by(sp.delivery, d.last_delivery_day);
    if (p >= rules.confidence && p > d.probability) {
      out.push_back({up.id, up.name, sp.p80, p, cal::cutoff_instant(in.warehouse, sp.handover)});
    }
  }
  return out;
}

Level level_of(const Assessment& a, const CarrierRules& rules) {
  const auto deadlines = deadlines_of(a);
  if (a.delivered_at) {
    for (const auto* d : deadlines)
      if (d->delivered_in_time == false) return Level::delivered_late;
    return Level::delivered_on_time;
  }
  if (a.action) return Level::action_required;
  double worst = 1.0;
  for (const auto* d : deadlines) {
    if (d->passed) return Level::late;
    worst = std::min(worst, d->probability);
  }
  if (worst < rules.will_miss_below) return Level::will_miss;
  if (worst < rules.at_risk_below || !a.rules.empty()) return Level::at_risk;
  return Level::on_track;
}

}  // namespace

std::string_view to_string(Level l) noexcept { return kLevelNames[static_cast<int>(l)]; }
std::optional<Level> level_from_string(std::string_view s) noexcept {
  for (int i = 0; i < 7; ++i)
    if (kLevelNames[i] == s) return static_cast<Level>(i);
  return std::nullopt;
}
std::string_view to_string(Action a) noexcept { return kActionNames[static_cast<int>(a)]; }
std::optional<Action> action_from_string(std::string_view s) noexcept {
  for (int i = 0; i < 4; ++i)
    if (kActionNames[i] == s) return static_cast<Action>(i);
  return std::nullopt;
}

bool Assessment::fired(RuleId id) const {
  return std::any_of(rules.begin(), rules.end(), [id](const FiredRule& r) { return r.id == id; });
}

Instant add_business_hours(Instant from, double hours, const date::time_zone& zone,
                           const cal::ServiceCalendar& calendar) {
  using std::chrono::milliseconds;
  auto remaining = std::chrono::duration_cast<milliseconds>(std::chrono::duration<double, std::ratio<3600>>(hours));
  auto local = zone.to_local(from);
  for (int i = 0; i < 3700; ++i) {
    const Day day = date::floor<date::days>(local);
    const date::local_time<milliseconds> next{day + kOneDay};
    if (cal::is_pickup_day(calendar, day)) {
      const auto available = next - local;
      if (remaining <= available) return zone.to_sys(local + remaining, date::choose::earliest);
      remaining -= available;
    }
    local = next;
  }
  throw std::invalid_argument("add_business_hours: no pickup day within ten years");
}

Assessment assess(const Situation& s, const RiskRules& all_rules, Instant now) {
  if (s.destination_zone == nullptr) throw std::invalid_argument("assess: no destination time zone");
  if (auto problem = cal::validate(s.warehouse)) throw std::invalid_argument("assess: " + *problem);
  const CarrierRules& rules = all_rules.for_carrier(s.carrier);
  const Model model(s, rules, now);

  Assessment a;
  a.at = now;
  a.status = s.status;
  a.exception_reason = s.exception_reason;
  a.delivered_at = s.delivered_at;
  a.handed_over = model.handed_over() || s.delivered_at.has_value();
  a.action = s.delivered_at ? std::nullopt : action_of(s);
  const Pmf pmf = s.delivered_at ? Pmf{} : model.delivery();
  if (!pmf.empty()) a.estimate = eta::delivery_quantile(pmf, 0.8);
  if (s.promised_date) {
    const Instant at = s.destination_zone->to_sys(*s.promised_date + kEndOfDay, date::choose::latest);
    a.promise = deadline_risk("promise:" + cal::format_day(*s.promised_date), "promised date", at, s, pmf, now);
  }
  if (s.event) a.event = deadline_risk("event:" + s.event->id, s.event->name, s.event->at, s, pmf, now);

  RuleRunner(s, rules, model, a, now).run();
  if (!a.handed_over && !s.delivered_at) {
    if (const auto* d = a.primary(); d && !d->passed) a.alternatives = alternatives(s, model, *d, rules);
  }
  a.level = level_of(a, rules);
  return a;
}

std::string risk_label(const Assessment& a) {
  std::string out(to_string(a.level));
  if (a.level == Level::action_required && a.action) {
    out += ':';
    out += to_string(*a.action);
  }
  return out;
}

std::optional<Assessment> assessment_from_label(std::string_view label) {
  const auto colon = label.find(':');
  const auto level = level_from_string(label.substr(0, colon));
  if (!level) return std::nullopt;
  Assessment a;
  a.level = *level;
  if (colon != std::string_view::npos) {
    a.action = action_from_string(label.substr(colon + 1));
    if (!a.action) return std::nullopt;
  }
  return a;
}

nlohmann::json to_json(const Assessment& a) {
  const auto deadline = [](const std::optional<DeadlineRisk>& d) -> nlohmann::json {
    if (!d) return nullptr;
    nlohmann::json j = {{"key", d->key},
                        {"name", d->name},
                        {"at", format_iso8601(d->at)},
                        {"last_delivery_day", cal::format_day(d->last_delivery_day)},
                        {"probability", d->probability},
                        {"passed", d->passed}};
    if (d->delivered_in_time) j["delivered_in_time"] = *d->delivered_in_time;
    return j;
  };
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : a.rules) rules.push_back({{"id", to_string(r.id)}, {"facts", r.facts}});
  nlohmann::json alts = nlohmann::json::array();
  for (const auto& x : a.alternatives) {
    alts.push_back({{"service_id", x.service_id},
                    {"service_name", x.service_name},
                    {"arrives_by", cal::format_day(x.arrives_by)},
                    {"probability", x.probability},
                    {"act_by", format_iso8601(x.act_by)}});
  }
  return {{"at", format_iso8601(a.at)},
          {"level", to_string(a.level)},
          {"action", a.action ? nlohmann::json(to_string(*a.action)) : nlohmann::json(nullptr)},
          {"promise", deadline(a.promise)},
          {"event", deadline(a.event)},
          {"estimate", a.estimate ? nlohmann::json(cal::format_day(*a.estimate)) : nlohmann::json(nullptr)},
          {"handed_over", a.handed_over},
          {"rules", rules},
          {"alternatives", alts}};
}

}  // namespace forewarn::core::risk
