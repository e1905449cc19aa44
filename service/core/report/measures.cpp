#include "core/report/measures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <date/tz.h>

#include "core/messages/quiet_hours.hpp"

namespace forewarn::core::report {

namespace {

using std::chrono::hours;

double to_hours(Duration d) { return static_cast<double>(d.count()) / 3'600'000.0; }

std::optional<double> share(int num, int den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) / den;
}

std::optional<double> median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string day_of(Instant t) { return format_civil_day(date::floor<date::days>(t).time_since_epoch()); }

std::optional<date::sys_days> parse_day(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const date::year_month_day ymd{date::year{std::stoi(s.substr(0, 4))},
                                 date::month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                                 date::day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd};
}

std::chrono::minutes parse_hhmm(const std::string& s, const char* field) {
  const auto t = time_of_day(s);
  if (!t) throw std::invalid_argument(std::string(field) + " must be a local time HH:MM");
  return *t;
}

struct Index {
  std::unordered_map<std::string, const OrderTruth*> orders;
  std::unordered_map<std::string, const ShipmentTruth*> shipments;
  std::unordered_map<std::string, const OrderTruth*> order_of_shipment;

  // The end of the replay: what happened after it is not known.
  std::optional<Instant> end;

  explicit Index(const SeasonData& s) {
    if (const auto to = parse_day(s.to)) end = Instant{*to + date::days{1}};
    for (const auto& o : s.orders) {
      orders.emplace(o.order_id, &o);
      for (const auto& id : o.shipment_ids) order_of_shipment.emplace(id, &o);
    }
    for (const auto& sh : s.shipments) {
      shipments.emplace(sh.shipment_id, &sh);
      if (auto it = orders.find(sh.order_id); it != orders.end()) order_of_shipment[sh.shipment_id] = it->second;
    }
  }
  const OrderTruth* order_of(const std::string& shipment_id) const {
    auto it = order_of_shipment.find(shipment_id);
    return it == order_of_shipment.end() ? nullptr : it->second;
  }
  const ShipmentTruth* shipment(const std::string& id) const {
    auto it = shipments.find(id);
    return it == shipments.end() ? nullptr : it->second;
  }
};

// Whether the checkout told the shopper the chosen service would not make the
// event: its answer for that service had a probability and `meets` false.
bool checkout_said_too_slow(const OrderTruth* order) {
  return order && order->stated_probability && !order->promise_met_stated;
}

bool late_for(const ShipmentTruth& s, Instant deadline) { return !s.delivered_at || *s.delivered_at > deadline; }
bool late_for_event(const ShipmentTruth& s) { return s.deadline && late_for(s, *s.deadline); }
// Whether the outcome against a deadline is known: delivered, or the deadline
// passed before the season ended. A parcel still travelling at the end whose
// deadline is later is neither late nor on time (a short season's last days).
bool decided(const ShipmentTruth& s, Instant deadline, const Index& ix) {
  return s.delivered_at || !ix.end || deadline <= *ix.end;
}

// The first warning message about each shipment, among those a provider
// accepted: when the first one was sent, and which one was decided (queued)
// first.
struct FirstWarning {
  Instant sent{};
  const MessageRecord* decided = nullptr;
};

std::unordered_map<std::string, FirstWarning> first_warnings(const SeasonData& season) {
  std::unordered_map<std::string, FirstWarning> first;
  for (const auto& m : season.messages) {
    if (!m.sent_at || !is_warning_kind(m.kind)) continue;
    for (const auto& id : m.shipment_ids) {
      auto [it, fresh] = first.emplace(id, FirstWarning{*m.sent_at, &m});
      if (fresh) continue;
      it->second.sent = std::min(it->second.sent, *m.sent_at);
      if (m.created_at < it->second.decided->created_at) it->second.decided = &m;
    }
  }
  return first;
}

// A late shipment whose first warning was decided at least 24 h before the
// deadline: counted, and when it reached the shopper later than that, why.
// Quiet hours: the addressee's window, applied when it was decided, already
// put its planned send within 24 h of the deadline. Otherwise dispatch: it
// waited longer than planned (the dispatcher behind, a provider retried).
void count_decision(const ShipmentTruth& s, const FirstWarning& w, const messages::QuietHours& window,
                    Measures& out) {
  const MessageRecord& m = *w.decided;
  if (*s.deadline - m.created_at < hours{24}) return;
  ++out.warned_24h_by_decision;
  if (*s.deadline - w.sent >= hours{24}) return;
  const date::time_zone* zone = find_time_zone(m.addressee_time_zone);
  const Instant planned =
      zone && window.start != window.end ? messages::send_at(m.created_at, *zone, window, std::nullopt) : m.created_at;
  ++(*s.deadline - planned < hours{24} ? out.decided_24h_held_by_quiet_hours : out.decided_24h_sent_late);
}

std::string explain(const ShipmentTruth& s, const OrderTruth* order, const SeasonData& season) {
  if (order && (order->chose_too_slow || checkout_said_too_slow(order))) return "checkout_said_too_slow";
  if (order && order->placed_at > *s.deadline - hours{24}) return "ordered_within_24h";
  for (const auto& m : season.messages) {
    if (m.status != "suppressed" || !is_warning_kind(m.kind) || m.created_at >= *s.deadline) continue;
    if (std::find(m.shipment_ids.begin(), m.shipment_ids.end(), s.shipment_id) != m.shipment_ids.end())
      return "opted_out";
  }
  return "";
}

void measure_lateness(const SeasonData& season, const Index& ix, Measures& out) {
  const auto first = first_warnings(season);
  const messages::QuietHours window{parse_hhmm(season.quiet_start, "quiet_start"),
                                    parse_hhmm(season.quiet_end, "quiet_end")};
  for (const auto& s : season.shipments) {
    if (s.promised_by && decided(s, *s.promised_by, ix)) {
      ++out.with_promised_date;
      if (late_for(s, *s.promised_by)) ++out.late_for_promised_date;
    }
    if (!s.deadline) continue;
    if (!decided(s, *s.deadline, ix)) {
      ++out.undecided_shipments;
      continue;
    }
    ++out.with_event_deadline;
    if (!late_for_event(s)) continue;
    ++out.late_shipments;
    if (!s.delivered_at) ++out.late_never_delivered;
    const auto w = first.find(s.shipment_id);
    const OrderTruth* order = ix.order_of(s.shipment_id);
    // The first warning: the checkout's answer when it said the chosen
    // service would not make it (the shopper read it before paying), else the
    // first warning message sent.
    std::optional<Instant> by_message;
    if (w != first.end()) {
      by_message = w->second.sent;
      count_decision(s, w->second, window, out);
    }
    if (by_message && *by_message < *s.deadline) {
      out.lead_hours_by_message.push_back(to_hours(*s.deadline - *by_message));
      if (*s.deadline - *by_message >= hours{24}) ++out.warned_24h_by_message;
    }
    std::optional<Instant> warned = by_message;
    const bool at_checkout = checkout_said_too_slow(order) && order->placed_at < *s.deadline &&
                             (!warned || order->placed_at <= *warned);
    if (at_checkout) warned = order->placed_at;
    if (warned && *warned < *s.deadline) {
      ++out.warned_before_deadline;
      if (at_checkout) ++out.warned_at_checkout;
      const double lead = to_hours(*s.deadline - *warned);
      out.lead_hours.push_back(lead);
      if (*s.deadline - *warned >= hours{24}) ++out.warned_24h;
      continue;
    }
    UnwarnedLate u{s.shipment_id, s.order_id, s.carrier, s.service, s.event_name, s.recipient_time_zone,
                   *s.deadline, s.delivered_at, std::nullopt, explain(s, order, season)};
    if (w != first.end()) u.first_warning = w->second.sent;
    ++out.found_out_themselves;
    if (u.explanation.empty()) {
      ++out.unexplained;
    } else {
      ++out.explained;
      ++out.explanations[u.explanation];
    }
    out.unwarned.push_back(std::move(u));
  }
  out.warned_24h_share = share(out.warned_24h, out.late_shipments);
  out.warned_24h_share_by_message = share(out.warned_24h_by_message, out.late_shipments);
  out.warned_24h_share_by_decision = share(out.warned_24h_by_decision, out.late_shipments);
  out.median_lead_hours = median(out.lead_hours);
  out.median_lead_hours_by_message = median(out.lead_hours_by_message);
  out.lead_bins = {{"< 12 h", 0, 12.0},   {"12-24 h", 12, 24.0}, {"1-2 days", 24, 48.0},  {"2-3 days", 48, 72.0},
                   {"3-5 days", 72, 120.0}, {"5-7 days", 120, 168.0}, {"7+ days", 168, std::nullopt}};
  for (double h : out.lead_hours)
    for (auto& b : out.lead_bins)
      if (h >= b.lo && (!b.hi || h < *b.hi)) {
        ++b.count;
        break;
      }
}

void measure_false_alarms(const SeasonData& season, const Index& ix, Measures& out) {
  for (const auto& m : season.messages) {
    if (!m.sent_at || !is_bad_news_kind(m.kind)) continue;
    for (size_t i = 0; i < m.shipment_ids.size(); ++i) {
      const ShipmentTruth* s = ix.shipment(m.shipment_ids[i]);
      const std::string key = i < m.episode_keys.size() ? deadline_key_of(m.episode_keys[i]) : "";
      std::optional<Instant> deadline;
      if (s && key.starts_with("event:")) deadline = s->deadline;
      else if (s && key.starts_with("promise:")) deadline = s->promised_by;
      if (!deadline || !decided(*s, *deadline, ix)) {
        ++out.unresolved_lines;
        continue;
      }
      ++out.warning_lines;
      if (!late_for(*s, *deadline)) ++out.false_alarm_lines;
    }
  }
  out.false_alarm_share = share(out.false_alarm_lines, out.warning_lines);
}

void measure_episodes(const SeasonData& season, Measures& out) {
  std::map<std::pair<std::string, std::string>, int> per_pair;
  std::map<std::string, int> per_episode;
  for (const auto& m : season.messages) {
    for (const auto& key : std::set<std::string>(m.episode_keys.begin(), m.episode_keys.end())) {
      ++per_pair[{key, m.channel}];
      ++per_episode[key];
    }
  }
  for (const auto& [pair, n] : per_pair) {
    if (n < 2) continue;
    ++out.duplicates;
    out.duplicate_messages += n - 1;
    out.duplicate_keys.push_back(pair.first + " (" + pair.second + ")");
  }
  out.episodes = static_cast<int>(per_episode.size());
  int total = 0;
  for (const auto& [key, n] : per_episode) {
    total += n;
    out.max_messages_per_episode = std::max(out.max_messages_per_episode, n);
  }
  out.mean_messages_per_episode = share(total, out.episodes);
}

void measure_quiet_hours(const SeasonData& season, Measures& out) {
  const messages::QuietHours window{parse_hhmm(season.quiet_start, "quiet_start"),
                                    parse_hhmm(season.quiet_end, "quiet_end")};
  std::unordered_map<std::string, const date::time_zone*> zones;
  for (const auto& m : season.messages) {
    if (!m.sent_at) continue;
    auto [it, fresh] = zones.emplace(m.addressee_time_zone, nullptr);
    if (fresh) it->second = find_time_zone(m.addressee_time_zone);
    if (!it->second) {
      ++out.unknown_zone_messages;
      continue;
    }
    if (window.start != window.end && messages::in_quiet_hours(*m.sent_at, *it->second, window)) {
      ++out.quiet_hour_messages;
      out.quiet_hour_message_ids.push_back(m.id);
    }
  }
}

void measure_customers(const SeasonData& season, const Index& ix, Measures& out) {
  std::map<std::string, int> per_customer;
  for (const auto& o : season.orders) per_customer.emplace(o.customer_key, 0);
  out.customers = static_cast<int>(per_customer.size());
  for (const auto& m : season.messages) {
    if (!m.sent_at || m.audience == "recipient") continue;
    std::set<std::string> customers;
    for (const auto& id : m.shipment_ids)
      if (const OrderTruth* o = ix.order_of(id)) customers.insert(o->customer_key);
    for (const auto& c : customers) ++per_customer[c];
  }
  int total = 0;
  for (const auto& [c, n] : per_customer) {
    total += n;
    if (n > 0) ++out.customers_messaged;
    out.max_messages_per_customer = std::max(out.max_messages_per_customer, n);
  }
  out.mean_messages_per_customer = share(total, static_cast<int>(per_customer.size()));
  out.mean_messages_per_messaged_customer = share(total, out.customers_messaged);
}

// On time: every shipment arrived by its deadline (the event's, else the
// promised date's). nullopt: no shipment, or one without any deadline.
std::optional<bool> order_on_time(const OrderTruth& o, const Index& ix) {
  if (o.shipment_ids.empty()) return std::nullopt;
  bool on_time = true;
  for (const auto& id : o.shipment_ids) {
    const ShipmentTruth* s = ix.shipment(id);
    if (!s) return std::nullopt;
    const auto deadline = s->deadline ? s->deadline : s->promised_by;
    if (!deadline || !decided(*s, *deadline, ix)) return std::nullopt;
    if (late_for(*s, *deadline)) on_time = false;
  }
  return on_time;
}

// A band's shares from its counts and the sum of its stated probabilities.
void settle(CalibrationBand& b, double stated_sum) {
  b.on_time_share = share(b.on_time, b.orders);
  if (b.orders > 0) {
    b.mean_stated = stated_sum / b.orders;
    b.off_points = std::abs(*b.on_time_share - *b.mean_stated) * 100.0;
  }
}

void measure_calibration(const SeasonData& season, const Index& ix, Measures& out) {
  static constexpr std::array<double, 7> kEdges = {0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0};
  std::vector<double> stated_sum(kEdges.size() - 1, 0.0);
  double said_meets_sum = 0.0, said_too_slow_sum = 0.0;
  for (size_t i = 0; i + 1 < kEdges.size(); ++i) {
    CalibrationBand b;
    b.lo = kEdges[i];
    b.hi = kEdges[i + 1];
    char label[32];
    std::snprintf(label, sizeof label, "[%.2f, %.2f%c", b.lo, b.hi, i + 2 == kEdges.size() ? ']' : ')');
    b.label = label;
    out.calibration.push_back(b);
  }
  for (const auto& o : season.orders) {
    if (!o.stated_probability) continue;
    const double p = *o.stated_probability;
    const auto on_time = order_on_time(o, ix);
    if (!on_time || !(p >= 0 && p <= 1)) continue;
    ++out.orders_with_probability;
    size_t i = 0;
    while (i + 2 < kEdges.size() && p >= kEdges[i + 1]) ++i;
    auto& b = out.calibration[i];
    ++b.orders;
    if (*on_time) ++b.on_time;
    stated_sum[i] += p;
    const bool said_meets = o.promise_met_stated;
    CalibrationBand& by_answer = said_meets ? out.said_meets : out.said_too_slow;
    ++by_answer.orders;
    if (*on_time) ++by_answer.on_time;
    (said_meets ? said_meets_sum : said_too_slow_sum) += p;
  }
  out.said_meets.label = "meets";
  out.said_too_slow.label = "too_slow";
  settle(out.said_meets, said_meets_sum);
  settle(out.said_too_slow, said_too_slow_sum);
  for (size_t i = 0; i < out.calibration.size(); ++i) {
    auto& b = out.calibration[i];
    settle(b, stated_sum[i]);
    b.judged = b.orders >= kMinBandOrders;
    b.flagged = b.judged && *b.off_points > kCalibrationTolerancePoints;
  }
}

void measure_remedies(const SeasonData& season, Measures& out) {
  for (const auto& m : season.messages) {
    if (!m.sent_at || m.remedy_kind.empty()) continue;
    auto& t = out.remedy_by_tier[m.tier];
    t.spent += m.remedy_cost;
    ++t.messages;
    ++t.by_kind[m.remedy_kind];
    out.remedy_spent += m.remedy_cost;
  }
  if (season.monthly_budget > 0) out.remedy_budget_share = out.remedy_spent / season.monthly_budget;
}

void measure_days(const SeasonData& season, Measures& out) {
  auto from = parse_day(season.from), to = parse_day(season.to);
  if (!from || !to || *to < *from) {
    std::optional<date::sys_days> lo, hi;
    for (const auto& o : season.orders) {
      const auto d = date::floor<date::days>(o.placed_at);
      if (!lo || d < *lo) lo = d;
      if (!hi || d > *hi) hi = d;
    }
    if (!lo) return;
    from = lo;
    to = hi;
  }
  std::map<std::string, size_t> at;
  for (auto d = *from; d <= *to; d += date::days{1}) {
    at.emplace(format_civil_day(d.time_since_epoch()), out.days.size());
    out.days.push_back({format_civil_day(d.time_since_epoch())});
  }
  auto bump = [&](Instant t, int DayFigures::*field) {
    if (auto it = at.find(day_of(t)); it != at.end()) ++(out.days[it->second].*field);
  };
  for (const auto& o : season.orders) bump(o.placed_at, &DayFigures::orders);
  for (const auto& m : season.messages)
    if (m.sent_at && is_warning_kind(m.kind)) bump(*m.sent_at, &DayFigures::warnings);
  for (const auto& s : season.shipments)
    if (late_for_event(s) && s.delivered_at) bump(*s.delivered_at, &DayFigures::late_arrivals);
}

std::string percent(std::optional<double> v) {
  if (!v) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", *v * 100.0);
  return buf;
}

void judge_targets(Measures& out) {
  Target warned{"warned_24h_share",
                "late shipments warned at least 24 h before the deadline, at checkout or by message",
                ">= 95%",
                out.warned_24h_share,
                percent(out.warned_24h_share)};
  warned.vacuous = !out.warned_24h_share;
  warned.met = warned.vacuous || *out.warned_24h_share >= kWarnedShareTarget;

  Target alarms{"false_alarm_share", "warnings that were false alarms", "<= 10%", out.false_alarm_share,
                percent(out.false_alarm_share)};
  alarms.vacuous = !out.false_alarm_share;
  alarms.met = alarms.vacuous || *out.false_alarm_share <= kFalseAlarmTarget;

  Target dup{"duplicates", "duplicate messages (an episode and channel with more than one)", "0",
             static_cast<double>(out.duplicates), std::to_string(out.duplicates)};
  dup.met = out.duplicates == 0;

  Target quiet{"quiet_hour_messages", "messages sent in the addressee's quiet hours", "0",
               static_cast<double>(out.quiet_hour_messages), std::to_string(out.quiet_hour_messages)};
  quiet.met = out.quiet_hour_messages == 0;

  Target cal{"calibration", "checkout promises within 5 points in every band with >= 100 orders",
             "<= 5 points", std::nullopt, ""};
  int judged = 0;
  double worst = 0;
  for (const auto& b : out.calibration) {
    if (!b.judged) continue;
    ++judged;
    worst = std::max(worst, *b.off_points);
  }
  cal.vacuous = judged == 0;
  if (!cal.vacuous) {
    cal.figure = worst;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f points (worst of %d bands)", worst, judged);
    cal.figure_text = buf;
  } else {
    cal.figure_text = "no band with >= 100 orders";
  }
  cal.met = cal.vacuous || worst <= kCalibrationTolerancePoints;
  out.targets = {warned, alarms, dup, quiet, cal};
}

}  // namespace

std::optional<std::chrono::minutes> time_of_day(const std::string& s) {
  const auto digit = [&s](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
  const int h = std::stoi(s.substr(0, 2)), m = std::stoi(s.substr(3, 2));
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return std::chrono::minutes{h * 60 + m};
}

bool is_warning_kind(const std::string& kind) {
  return kind == "will_miss_deadline" || kind == "delay_apology" || kind == "action_required";
}
bool is_bad_news_kind(const std::string& kind) { return kind == "will_miss_deadline" || kind == "delay_apology"; }

std::string deadline_key_of(const std::string& episode_key) {
  static constexpr std::array<std::string_view, 5> kKinds = {
      "/will_miss_deadline/", "/delay_apology/", "/back_on_track/", "/delivered_late_followup/", "/action_required/"};
  for (auto kind : kKinds) {
    const auto at = episode_key.find(kind);
    if (at == std::string::npos) continue;
    std::string rest = episode_key.substr(at + kind.size());
    auto strip_number = [&rest](const char* prefix) {
      const auto slash = rest.rfind('/');
      if (slash == std::string::npos) return false;
      const std::string tail = rest.substr(slash + 1);
      const size_t skip = std::string_view(prefix).size();
      if (tail.size() <= skip || !tail.starts_with(prefix) ||
          !std::all_of(tail.begin() + static_cast<long>(skip), tail.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
      rest.resize(slash);
      return true;
    };
    strip_number("r");  // a gift recipient's copy: ".../<n>/r<i>"
    if (!strip_number("") || rest.empty()) return "";
    return rest;
  }
  return "";
}

Measures measure(const SeasonData& season) {
  const Index ix(season);
  Measures out;
  out.orders = static_cast<int>(season.orders.size());
  out.shipments = static_cast<int>(season.shipments.size());
  out.messages = static_cast<int>(season.messages.size());
  out.messages_sent = static_cast<int>(
      std::count_if(season.messages.begin(), season.messages.end(), [](const auto& m) { return m.sent_at.has_value(); }));
  measure_lateness(season, ix, out);
  measure_false_alarms(season, ix, out);
  measure_episodes(season, out);
  measure_quiet_hours(season, out);
  measure_customers(season, ix, out);
  measure_calibration(season, ix, out);
  measure_remedies(season, out);
  measure_days(season, out);
  judge_targets(out);
  return out;
}

}  // namespace forewarn::core::report
