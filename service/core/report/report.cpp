#include "core/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/redact.hpp"
#include "core/report/measures.hpp"
#include "core/report/render.hpp"

namespace forewarn::core::report {

using nlohmann::json;

namespace {

// Figures rounded for reading (shares to 4 decimals, hours and money to 2);
// undefined figures are null, never NaN.
json rounded(std::optional<double> v, double scale) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return std::round(*v * scale) / scale;
}
json share_json(std::optional<double> v) { return rounded(v, 1e4); }
json hundredths(std::optional<double> v) { return rounded(v, 1e2); }
json instant(std::optional<Instant> t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

json build_json(const SeasonData& s, const Measures& m, const std::vector<const MessageRecord*>& samples) {
  json j;
  j["seed"] = s.seed;
  j["from"] = s.from;
  j["to"] = s.to;
  j["orders"] = m.orders;
  j["shipments"] = m.shipments;
  j["messages"] = m.messages;
  j["messages_sent"] = m.messages_sent;
  j["customers"] = m.customers;

  j["late_shipments"] = m.late_shipments;
  j["late_never_delivered"] = m.late_never_delivered;
  j["undecided_shipments"] = m.undecided_shipments;
  j["shipments_with_event_deadline"] = m.with_event_deadline;
  j["late_for_promised_date"] = m.late_for_promised_date;
  j["shipments_with_promised_date"] = m.with_promised_date;
  j["warned_before_deadline"] = m.warned_before_deadline;
  j["warned_24h"] = m.warned_24h;
  j["warned_24h_share"] = share_json(m.warned_24h_share);
  j["warned_at_checkout"] = m.warned_at_checkout;
  j["warned_24h_by_message"] = m.warned_24h_by_message;
  j["warned_24h_share_by_message"] = share_json(m.warned_24h_share_by_message);
  j["warned_24h_by_decision"] = m.warned_24h_by_decision;
  j["warned_24h_share_by_decision"] = share_json(m.warned_24h_share_by_decision);
  j["decided_24h_reached_later"] = {{"quiet_hours", m.decided_24h_held_by_quiet_hours},
                                    {"dispatch", m.decided_24h_sent_late}};
  j["median_lead_hours"] = hundredths(m.median_lead_hours);
  j["median_lead_hours_by_message"] = hundredths(m.median_lead_hours_by_message);
  json bins = json::array();
  for (const auto& b : m.lead_bins)
    bins.push_back({{"bin", b.label}, {"from_hours", b.lo}, {"to_hours", b.hi ? json(*b.hi) : json(nullptr)},
                    {"shipments", b.count}});
  j["lead_time_distribution"] = std::move(bins);

  j["false_alarm_share"] = share_json(m.false_alarm_share);
  j["false_alarms"] = {{"warning_lines", m.warning_lines},
                       {"false_alarm_lines", m.false_alarm_lines},
                       {"unresolved_lines", m.unresolved_lines}};

  j["found_out_themselves"] = m.found_out_themselves;
  j["found_out_themselves_explained"] = m.explained;
  j["found_out_themselves_unexplained"] = m.unexplained;
  j["explanations"] = m.explanations;
  json unwarned = json::array();
  for (const auto& u : m.unwarned)
    unwarned.push_back({{"shipment_id", u.shipment_id},
                        {"order_id", u.order_id},
                        {"carrier", u.carrier},
                        {"service", u.service},
                        {"event", u.event_name},
                        {"deadline", format_iso8601(u.deadline)},
                        {"delivered_at", instant(u.delivered_at)},
                        {"first_warning_sent_at", instant(u.first_warning)},
                        {"explanation", u.explanation.empty() ? json(nullptr) : json(u.explanation)}});
  j["unwarned_late"] = std::move(unwarned);

  j["duplicates"] = m.duplicates;
  j["duplicate_messages"] = m.duplicate_messages;
  j["duplicate_episodes"] = m.duplicate_keys;
  j["messages_per_episode"] = {{"episodes", m.episodes},
                               {"mean", hundredths(m.mean_messages_per_episode)},
                               {"max", m.max_messages_per_episode}};

  j["quiet_hour_messages"] = m.quiet_hour_messages;
  j["quiet_hour_message_ids"] = m.quiet_hour_message_ids;
  j["messages_with_unknown_zone"] = m.unknown_zone_messages;
  j["quiet_hours"] = {{"start", s.quiet_start}, {"end", s.quiet_end}};

  j["messages_per_customer"] = {{"customers", m.customers},
                                {"messaged", m.customers_messaged},
                                {"mean", hundredths(m.mean_messages_per_customer)},
                                {"mean_messaged", hundredths(m.mean_messages_per_messaged_customer)},
                                {"max", m.max_messages_per_customer}};

  json cal = json::array();
  for (const auto& b : m.calibration)
    cal.push_back({{"band", b.label},
                   {"from", b.lo},
                   {"to", b.hi},
                   {"orders", b.orders},
                   {"on_time", b.on_time},
                   {"on_time_share", share_json(b.on_time_share)},
                   {"mean_stated", share_json(b.mean_stated)},
                   {"off_points", hundredths(b.off_points)},
                   {"judged", b.judged},
                   {"flagged", b.flagged}});
  j["calibration"] = std::move(cal);
  json by_answer = json::array();
  for (const CalibrationBand* b : {&m.said_meets, &m.said_too_slow})
    by_answer.push_back({{"answer", b->label},
                         {"orders", b->orders},
                         {"on_time", b->on_time},
                         {"on_time_share", share_json(b->on_time_share)},
                         {"mean_stated", share_json(b->mean_stated)},
                         {"off_points", hundredths(b->off_points)}});
  j["calibration_by_answer"] = std::move(by_answer);
  j["orders_with_stated_probability"] = m.orders_with_probability;

  json tiers = json::object();
  for (const auto& [tier, t] : m.remedy_by_tier)
    tiers[tier.empty() ? "(none)" : tier] = {
        {"spent", hundredths(t.spent)}, {"messages", t.messages}, {"by_kind", t.by_kind}};
  j["remedies"] = {{"currency", s.currency},
                   {"monthly_budget", s.monthly_budget},
                   {"spent", hundredths(m.remedy_spent)},
                   {"budget_share", share_json(m.remedy_budget_share)},
                   {"by_tier", std::move(tiers)}};

  json days = json::array();
  for (const auto& d : m.days)
    days.push_back({{"day", d.day}, {"orders", d.orders}, {"warnings", d.warnings}, {"late_arrivals", d.late_arrivals}});
  j["per_day"] = std::move(days);

  json targets = json::array();
  int met = 0;
  for (const auto& t : m.targets) {
    met += t.met ? 1 : 0;
    targets.push_back({{"key", t.key},
                       {"what", t.what},
                       {"goal", t.goal},
                       {"figure", t.figure ? rounded(t.figure, 1e4) : json(nullptr)},
                       {"figure_text", t.figure_text},
                       {"met", t.met},
                       {"vacuous", t.vacuous}});
  }
  j["targets"] = std::move(targets);
  j["targets_met"] = met;
  j["targets_total"] = m.targets.size();

  json sample = json::array();
  for (const MessageRecord* msg : samples)
    sample.push_back({{"locale", msg->locale},
                      {"kind", msg->kind},
                      {"channel", msg->channel},
                      {"subject", mask_pii(msg->subject)},
                      {"body_text", mask_pii(msg->body_text)}});
  j["sample_messages"] = std::move(sample);
  return j;
}

std::string line(const std::string& label, const std::string& figure, const Target* t = nullptr) {
  char buf[512];
  if (t)
    std::snprintf(buf, sizeof buf, "  %-24s %-40s target %-12s %s\n", label.c_str(), figure.c_str(), t->goal.c_str(),
                  t->met ? (t->vacuous ? "met (nothing to measure)" : "met") : "MISSED");
  else
    std::snprintf(buf, sizeof buf, "  %-24s %s\n", label.c_str(), figure.c_str());
  return buf;
}

const Target* target(const Measures& m, const std::string& key) {
  for (const auto& t : m.targets)
    if (t.key == key) return &t;
  return nullptr;
}

std::string build_summary(const SeasonData& s, const Measures& m) {
  std::string out = "forewarn season report: " + s.from + " .. " + s.to + ", seed " + std::to_string(s.seed) + "\n";
  out += line("volume", format_count(m.orders) + " orders, " + format_count(m.shipments) + " shipments, " +
                            format_count(m.messages_sent) + " messages sent");
  out += line("late for their event", format_count(m.late_shipments) + " of " + format_count(m.with_event_deadline) +
                                          " (late for the promised date: " + format_count(m.late_for_promised_date) +
                                          ")");
  if (m.undecided_shipments > 0)
    out += line("not decided", format_count(m.undecided_shipments) +
                                   " still travelling at the season's end, deadline later: not counted");
  out += line("warned >= 24 h before", format_percent(m.warned_24h_share) + " (" + format_count(m.warned_24h) +
                                           " of " + format_count(m.late_shipments) + ")",
              target(m, "warned_24h_share"));
  out += line("  told at checkout", format_count(m.warned_at_checkout) +
                                        " first warned by the checkout's answer for the service chosen");
  out += line("  by message alone", format_percent(m.warned_24h_share_by_message) + " (" +
                                        format_count(m.warned_24h_by_message) + " of " +
                                        format_count(m.late_shipments) + "), the checkout's answer aside");
  out += line("  decided by message", format_percent(m.warned_24h_share_by_decision) + " (" +
                                         format_count(m.warned_24h_by_decision) + ") queued >= 24 h before; " +
                                         format_count(m.decided_24h_held_by_quiet_hours +
                                                      m.decided_24h_sent_late) +
                                         " of them sent later (quiet hours " +
                                         format_count(m.decided_24h_held_by_quiet_hours) + ", dispatch " +
                                         format_count(m.decided_24h_sent_late) + ")");
  out += line("median lead time", format_hours(m.median_lead_hours) + " (by message alone: " +
                                      format_hours(m.median_lead_hours_by_message) + ")");
  out += line("false alarms", format_percent(m.false_alarm_share) + " (" + format_count(m.false_alarm_lines) + " of " +
                                  format_count(m.warning_lines) + " warnings)",
              target(m, "false_alarm_share"));
  out += line("found out themselves", format_count(m.found_out_themselves) + " (" + format_count(m.explained) +
                                          " explained, " + format_count(m.unexplained) + " unexplained)");
  out += line("duplicates", format_count(m.duplicates), target(m, "duplicates"));
  out += line("quiet-hour messages", format_count(m.quiet_hour_messages), target(m, "quiet_hour_messages"));
  char per_customer[128];
  std::snprintf(per_customer, sizeof per_customer, "mean %.2f, max %d (%d customers messaged)",
                m.mean_messages_per_customer.value_or(0.0), m.max_messages_per_customer, m.customers_messaged);
  out += line("messages per customer", per_customer);
  const Target* cal = target(m, "calibration");
  out += line("calibration", cal ? cal->figure_text : "", cal);
  for (const CalibrationBand* b : {&m.said_meets, &m.said_too_slow})
    out += line(b == &m.said_meets ? "  checkout said on time" : "  checkout said too slow",
                format_percent(b->on_time_share) + " on time, stated " + format_percent(b->mean_stated) + " (" +
                    format_count(b->orders) + " orders)");
  out += line("remedy spend", format_money(m.remedy_spent) + " " + s.currency + " of a " +
                                  format_money(s.monthly_budget) + " budget (" + format_percent(m.remedy_budget_share) +
                                  ")");
  int met = 0;
  std::string missed;
  for (const auto& t : m.targets) {
    if (t.met) ++met;
    else missed += (missed.empty() ? "" : ", ") + t.key;
  }
  out += line("targets", std::to_string(met) + " of " + std::to_string(m.targets.size()) + " met" +
                             (missed.empty() ? std::string() : "; MISSED: " + missed));
  return out;
}

}  // namespace

std::vector<const MessageRecord*> sample_messages(const SeasonData& season, size_t count) {
  std::map<std::string, const MessageRecord*> first;
  std::map<std::string, int> per_locale;
  for (const auto& msg : season.messages) {
    if (!msg.sent_at || msg.body_text.empty() || msg.locale.empty()) continue;
    ++per_locale[msg.locale];
    first.emplace(msg.locale, &msg);
  }
  std::vector<std::string> locales;
  for (const auto& [locale, n] : per_locale) locales.push_back(locale);
  std::stable_sort(locales.begin(), locales.end(), [&](const std::string& a, const std::string& b) {
    if ((a == "en") != (b == "en")) return a == "en";
    return per_locale[a] > per_locale[b];
  });
  std::vector<const MessageRecord*> out;
  for (size_t i = 0; i < locales.size() && i < count; ++i) out.push_back(first[locales[i]]);
  return out;
}

std::string format_percent(std::optional<double> share) {
  if (!share || !std::isfinite(*share)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", *share * 100.0);
  return buf;
}

std::string format_count(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string format_money(double amount) {
  const long long cents = std::llround(amount * 100.0);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%02lld", (cents < 0 ? -cents : cents) % 100);
  return format_count(cents / 100) + frac;
}

std::string format_hours(std::optional<double> hours) {
  if (!hours || !std::isfinite(*hours)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f h", *hours);
  return buf;
}

ReportFiles render_report(const SeasonData& season) {
  const Measures m = measure(season);
  const auto samples = sample_messages(season, 3);
  return {build_json(season, m, samples), render_html(season, m, samples), build_summary(season, m)};
}

}  // namespace forewarn::core::report
