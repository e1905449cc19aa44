// report.html: one self-contained page (inline CSS, charts as inline SVG
// written here, no script, no external resource), for a merchant to read.
// Every string that comes from the season is HTML-escaped; what the messages
// say goes through mask_pii() first.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <date/tz.h>

#include "core/messages/templates/engine.hpp"
#include "core/redact.hpp"
#include "core/report/render.hpp"

namespace forewarn::core::report {

namespace {

using core::messages::templates::escape_html;

// Structured data (ids, dates, names of services, tiers) → HTML text.
std::string text(const std::string& s) { return escape_html(s); }
// Free text that may hold an address or a phone number (what the messages
// say) → masked, then escaped.
std::string prose(const std::string& s) { return escape_html(mask_pii(s)); }

// "free_upgrade" → "free upgrade".
std::string words(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  return escape_html(name);
}

std::string num(double v, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string local_time(Instant t, const std::string& zone) {
  const auto minute = date::floor<std::chrono::minutes>(t);
  try {
    return date::format("%b %d %H:%M %Z", date::make_zoned(date::locate_zone(zone), minute));
  } catch (const std::exception&) {
    return date::format("%b %d %H:%M UTC", minute);
  }
}

// The top of a count axis of four steps: each step the smallest 1, 2, 2.5 or
// 5 × 10^k (at least 1) that reaches v.
double axis_top(double v) {
  const double step = v / 4;
  if (step <= 1) return 4;
  const double p = std::pow(10.0, std::floor(std::log10(step)));
  for (double f : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (f * p >= step) return 4 * f * p;
  return 40 * p;
}

struct Series {
  std::string name, color;
  std::vector<double> values;
  std::vector<std::string> bar_colors;  // per bar, overrides color when set
};

// A grouped bar chart: one group per label, one bar per series.
std::string bar_chart(const std::string& title, const std::vector<std::string>& labels,
                      const std::vector<Series>& series, const std::string& y_caption, const std::string& x_caption,
                      bool value_labels) {
  const double W = 1000, H = 320, left = 60, right = 20, top = 36, bottom = 56;
  const double pw = W - left - right, ph = H - top - bottom;
  double max = 0;
  for (const auto& s : series)
    for (double v : s.values) max = std::max(max, v);
  const double ymax = axis_top(max);
  const size_t n = std::max<size_t>(labels.size(), 1);
  const double group = pw / static_cast<double>(n);
  const double bar = std::min(48.0, group * 0.8 / static_cast<double>(std::max<size_t>(series.size(), 1)));
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + num(W, 0) + " " + num(H, 0) +
                    "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>" + escape_html(title) + "</title>\n";
  for (int i = 0; i <= 4; ++i) {
    const double v = ymax * i / 4, y = top + ph - ph * i / 4;
    svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(W - right) + "\" y2=\"" + num(y) +
           "\" class=\"grid\"/><text x=\"" + num(left - 8) + "\" y=\"" + num(y + 4) + "\" class=\"tick\" text-anchor=\"end\">" +
           num(v, v == std::floor(v) ? 0 : 1) + "</text>\n";
  }
  for (size_t g = 0; g < labels.size(); ++g) {
    const double gx = left + group * static_cast<double>(g);
    const double start = gx + (group - bar * static_cast<double>(series.size())) / 2;
    for (size_t k = 0; k < series.size(); ++k) {
      const double v = g < series[k].values.size() ? series[k].values[g] : 0;
      const double h = ph * v / ymax, x = start + bar * static_cast<double>(k), y = top + ph - h;
      const std::string& color =
          g < series[k].bar_colors.size() && !series[k].bar_colors[g].empty() ? series[k].bar_colors[g] : series[k].color;
      svg += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(bar - 1, 1.0)) + "\" height=\"" +
             num(h) + "\" fill=\"" + color + "\"><title>" + escape_html(labels[g] + ": " + series[k].name + " " + num(v, 0)) +
             "</title></rect>\n";
      if (value_labels)
        svg += "<text x=\"" + num(x + bar / 2) + "\" y=\"" + num(y - 5) + "\" class=\"value\" text-anchor=\"middle\">" +
               num(v, 0) + "</text>\n";
    }
    svg += "<text x=\"" + num(gx + group / 2) + "\" y=\"" + num(top + ph + 18) + "\" class=\"tick\" text-anchor=\"middle\">" +
           escape_html(labels[g]) + "</text>\n";
  }
  svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(top + ph) + "\" x2=\"" + num(W - right) + "\" y2=\"" +
         num(top + ph) + "\" class=\"axis\"/>\n";
  svg += "<text x=\"" + num(left + pw / 2) + "\" y=\"" + num(H - 10) + "\" class=\"caption\" text-anchor=\"middle\">" +
         escape_html(x_caption) + "</text>\n";
  svg += "<text x=\"14\" y=\"" + num(top + ph / 2) + "\" class=\"caption\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
         num(top + ph / 2) + ")\">" + escape_html(y_caption) + "</text>\n";
  double lx = left;
  for (const auto& s : series) {
    if (series.size() < 2) break;
    svg += "<rect x=\"" + num(lx) + "\" y=\"10\" width=\"14\" height=\"14\" fill=\"" + s.color + "\"/><text x=\"" +
           num(lx + 20) + "\" y=\"22\" class=\"legend\">" + escape_html(s.name) + "</text>\n";
    lx += 40 + 8.0 * static_cast<double>(s.name.size());
  }
  return svg + "</svg>\n";
}

// Stated probability (across) against the share on time (up), one dot per
// band, with the diagonal (a perfect promise) and the ±5 point strip.
std::string calibration_chart(const Measures& m) {
  const double S = 420, left = 60, top = 20, size = 340;
  auto X = [&](double p) { return num(left + size * p); };
  auto Y = [&](double p) { return num(top + size * (1 - p)); };
  std::string svg = "<svg class=\"chart square\" viewBox=\"0 0 " + num(S + 80, 0) + " " + num(S, 0) +
                    "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>Promised against actual on-time "
                    "share, by stated probability band</title>\n";
  const double tol = kCalibrationTolerancePoints / 100.0;
  svg += "<polygon class=\"strip\" points=\"" + X(0) + "," + Y(0) + " " + X(0) + "," + Y(tol) + " " + X(1 - tol) + "," +
         Y(1) + " " + X(1) + "," + Y(1) + " " + X(1) + "," + Y(1 - tol) + " " + X(tol) + "," + Y(0) + "\"/>\n";
  for (int i = 0; i <= 5; ++i) {
    const double p = i / 5.0;
    svg += "<line x1=\"" + X(0) + "\" y1=\"" + Y(p) + "\" x2=\"" + X(1) + "\" y2=\"" + Y(p) + "\" class=\"grid\"/>";
    svg += "<line x1=\"" + X(p) + "\" y1=\"" + Y(0) + "\" x2=\"" + X(p) + "\" y2=\"" + Y(1) + "\" class=\"grid\"/>";
    svg += "<text x=\"" + num(left - 8) + "\" y=\"" + num(top + size * (1 - p) + 4) + "\" class=\"tick\" text-anchor=\"end\">" +
           num(p * 100, 0) + "%</text>";
    svg += "<text x=\"" + X(p) + "\" y=\"" + num(top + size + 18) + "\" class=\"tick\" text-anchor=\"middle\">" +
           num(p * 100, 0) + "%</text>\n";
  }
  svg += "<line x1=\"" + X(0) + "\" y1=\"" + Y(0) + "\" x2=\"" + X(1) + "\" y2=\"" + Y(1) + "\" class=\"diagonal\"/>\n";
  std::string labels;
  for (const auto& b : m.calibration) {
    if (b.orders == 0) continue;
    const double r = std::min(11.0, 4 + std::sqrt(static_cast<double>(b.orders)) / 3);
    const std::string cls = b.flagged ? "dot off" : b.judged ? "dot ok" : "dot thin";
    svg += "<circle cx=\"" + X(*b.mean_stated) + "\" cy=\"" + Y(*b.on_time_share) + "\" r=\"" + num(r) + "\" class=\"" +
           cls + "\"><title>" + escape_html(b.label + ": " + std::to_string(b.orders) + " orders, promised " +
                                             format_percent(b.mean_stated) + ", on time " +
                                             format_percent(b.on_time_share)) +
           "</title></circle>";
    labels += "<text x=\"" + num(left + size * *b.mean_stated + r + 3) + "\" y=\"" +
              num(top + size * (1 - *b.on_time_share) + 4) + "\" class=\"value\">" + std::to_string(b.orders) + "</text>\n";
  }
  svg += labels;
  svg += "<text x=\"" + num(left + size / 2) + "\" y=\"" + num(S - 8) +
         "\" class=\"caption\" text-anchor=\"middle\">promised: the probability the checkout stated</text>\n";
  svg += "<text x=\"14\" y=\"" + num(top + size / 2) + "\" class=\"caption\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
         num(top + size / 2) + ")\">actual: share that arrived in time</text>\n";
  return svg + "</svg>\n";
}

// ">= 95%" → "&ge; 95%".
std::string math(const std::string& s) {
  std::string out = escape_html(s);
  for (auto [from, to] : {std::pair{"&gt;=", "&ge;"}, std::pair{"&lt;=", "&le;"}})
    for (size_t at = out.find(from); at != std::string::npos; at = out.find(from, at))
      out.replace(at, std::string_view(from).size(), to);
  return out;
}

std::string target_sentence(const Target& t) {
  std::string s = std::string(t.met ? "<li class=\"met\"><b>Met</b>: " : "<li class=\"missed\"><b>Missed</b>: ") +
                  escape_html(t.what) + ": <b>" + escape_html(t.figure_text) + "</b> (target " + math(t.goal) + ")";
  if (t.vacuous) s += ", nothing to measure in this season";
  return s + "</li>\n";
}

std::string explanation_text(const std::string& e) {
  if (e == "checkout_said_too_slow") return "The checkout told the shopper this service would not make it";
  if (e == "ordered_within_24h") return "Ordered less than 24 h before the deadline";
  if (e == "opted_out") return "The customer had opted out of messages";
  return e.empty() ? "" : e;
}

std::string row(std::initializer_list<std::string> cells, const char* cls = nullptr) {
  std::string r = cls ? std::string("<tr class=\"") + cls + "\">" : std::string("<tr>");
  for (const auto& c : cells) r += "<td>" + c + "</td>";
  return r + "</tr>\n";
}

std::string head(std::initializer_list<const char*> cells) {
  std::string r = "<thead><tr>";
  for (const char* c : cells) r += std::string("<th>") + c + "</th>";
  return r + "</tr></thead>\n";
}

constexpr const char* kStyle = R"(<style>
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --good: #1a7f37; --bad: #cf222e; --blue: #0969da; --amber: #bc4c00; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans CJK SC",
       "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink);
       max-width: 1080px; margin: 0 auto; padding: 28px 24px 60px; line-height: 1.45; background: #fff; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 40px 0 8px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
p.lead, p.note { color: var(--muted); margin: 4px 0 12px; }
.verdict { font-size: 20px; font-weight: 600; margin: 18px 0 8px; }
.verdict.ok { color: var(--good); } .verdict.bad { color: var(--bad); }
ul.targets { list-style: none; padding: 0; margin: 0; }
ul.targets li { padding: 8px 12px; margin: 6px 0; border-radius: 6px; border-left: 5px solid; }
ul.targets li.met { background: #dafbe1; border-color: var(--good); }
ul.targets li.missed { background: #ffebe9; border-color: var(--bad); }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin: 18px 0; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.tile .v { font-size: 26px; font-weight: 650; } .tile .k { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 14px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
.two td, table.figures td:nth-child(2), table.unwarned td:nth-child(-n+7) { white-space: nowrap; }
th { background: #f6f8fa; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.flag td { background: #ffebe9; } tr.unexplained td { background: #fff8c5; }
.chart { width: 100%; height: auto; display: block; margin: 8px 0; }
.chart.square { max-width: 560px; }
.chart .grid { stroke: #eaeef2; stroke-width: 1; } .chart .axis { stroke: #8c959f; stroke-width: 1; }
.chart .tick { font-size: 12px; fill: var(--muted); } .chart .value { font-size: 11px; fill: var(--ink); }
.chart .caption { font-size: 13px; fill: var(--muted); } .chart .legend { font-size: 13px; fill: var(--ink); }
.chart .diagonal { stroke: #57606a; stroke-width: 1.5; stroke-dasharray: 6 4; }
.chart .strip { fill: #ddf4ff; }
.chart .dot { stroke: #fff; stroke-width: 1.5; } .chart .dot.ok { fill: var(--blue); }
.chart .dot.off { fill: var(--bad); } .chart .dot.thin { fill: #8c959f; }
.msg { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; }
.msg .meta { color: var(--muted); font-size: 13px; } .msg .subject { font-weight: 600; margin: 4px 0; }
.msg pre { white-space: pre-wrap; font-family: inherit; margin: 6px 0 0; font-size: 14px; }
.two { display: grid; grid-template-columns: minmax(0, 520px) minmax(400px, 1fr); gap: 24px; align-items: start; }
@media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
code { font-size: 13px; }
</style>
)";

std::string tile(const std::string& value, const std::string& key) {
  return "<div class=\"tile\"><div class=\"v\">" + value + "</div><div class=\"k\">" + key + "</div></div>\n";
}

std::string headline(const SeasonData& s, const Measures& m) {
  int met = 0;
  for (const auto& t : m.targets) met += t.met ? 1 : 0;
  const bool all = met == static_cast<int>(m.targets.size());
  std::string h = "<h1>Holiday season report</h1>\n<p class=\"lead\">" + text(s.from) + " to " + text(s.to) + " &middot; seed " +
                  std::to_string(s.seed) + " &middot; " + format_count(m.orders) + " orders, " +
                  format_count(m.shipments) + " shipments, " + format_count(m.messages_sent) +
                  " messages sent. Measured against what really happened to every parcel.</p>\n";
  h += std::string("<p class=\"verdict ") + (all ? "ok\">All " : "bad\">") + std::to_string(met) + " of " +
       std::to_string(m.targets.size()) + " targets met" +
       (all ? "." : ": " + std::to_string(static_cast<int>(m.targets.size()) - met) + " missed.") + "</p>\n";
  h += "<ul class=\"targets\">\n";
  for (const auto& t : m.targets) h += target_sentence(t);
  h += "</ul>\n<div class=\"tiles\">\n";
  h += tile(format_count(m.late_shipments), "shipments late for their event (of " +
                                                 format_count(m.with_event_deadline) + " with one)");
  h += tile(format_percent(m.warned_24h_share), "of them warned at least 24 h before the deadline (" +
                                                    format_percent(m.warned_24h_share_by_message) +
                                                    " by message alone)");
  h += tile(format_hours(m.median_lead_hours), "median warning lead time");
  h += tile(format_percent(m.false_alarm_share), "of warnings were false alarms");
  h += tile(format_count(m.found_out_themselves), "customers found out themselves (" + format_count(m.unexplained) +
                                                      " without an explanation)");
  h += tile(format_count(m.duplicates) + " / " + format_count(m.quiet_hour_messages),
            "duplicates / messages in quiet hours");
  return h + "</div>\n";
}

std::string figures_table(const SeasonData& s, const Measures& m) {
  std::string t = "<h2>The figures</h2>\n<table class=\"figures\">" + std::string(head({"measure", "figure", "how it is counted"}));
  auto add = [&](const std::string& k, const std::string& v, const std::string& how) {
    t += row({k, "<b>" + v + "</b>", how});
  };
  add("Late for their event", format_count(m.late_shipments) + " of " + format_count(m.with_event_deadline),
      "delivered after the event's deadline, or never (" + format_count(m.late_never_delivered) + " never)");
  add("Not decided", format_count(m.undecided_shipments),
      "still travelling when the season ended, with a deadline after it: neither late nor on time, left out");
  add("Late for the promised date", format_count(m.late_for_promised_date) + " of " + format_count(m.with_promised_date),
      "delivered after the end of the promised date, or never");
  add("Warned at least 24 h before", format_percent(m.warned_24h_share) + " (" + format_count(m.warned_24h) + ")",
      "late shipments first warned 24 h or more before the deadline: by the checkout, when it told the shopper the "
      "chosen service would not make it (" + format_count(m.warned_at_checkout) +
          " shipments), else by the first warning message a provider accepted");
  add("Warned at least 24 h before, by message alone",
      format_percent(m.warned_24h_share_by_message) + " (" + format_count(m.warned_24h_by_message) + ")",
      "the same, counting warning messages only, the checkout's answer aside");
  add("Warning decided at least 24 h before",
      format_percent(m.warned_24h_share_by_decision) + " (" + format_count(m.warned_24h_by_decision) + ")",
      "late shipments whose first warning message was queued 24 h or more before the deadline; of them " +
          format_count(m.decided_24h_held_by_quiet_hours) + " reached the shopper later because of the quiet hours, " +
          format_count(m.decided_24h_sent_late) + " because the send came later than planned");
  add("Warned before the deadline", format_count(m.warned_before_deadline), "late shipments warned at all in time");
  add("Median lead time", format_hours(m.median_lead_hours), "deadline minus the first warning, over those warned in time");
  add("Median lead time, by message alone", format_hours(m.median_lead_hours_by_message),
      "deadline minus the first warning message, over those a message warned in time");
  add("False alarms", format_percent(m.false_alarm_share) + " (" + format_count(m.false_alarm_lines) + " of " +
                          format_count(m.warning_lines) + ")",
      "bad-news lines (one per shipment in a message) whose shipment then arrived by the deadline it was about");
  add("Found out themselves", format_count(m.found_out_themselves),
      "late for their event, no warning before the deadline; " + format_count(m.explained) + " explained");
  add("Duplicates", format_count(m.duplicates), "an episode with more than one message on one channel");
  char per_episode[96];
  std::snprintf(per_episode, sizeof per_episode, "mean %.2f, max %d", m.mean_messages_per_episode.value_or(0.0),
                m.max_messages_per_episode);
  add("Messages per episode", per_episode, format_count(m.episodes) + " episodes");
  add("Messages in quiet hours", format_count(m.quiet_hour_messages),
      "sent between " + text(s.quiet_start) + " and " + text(s.quiet_end) + " in the addressee's time zone" +
          (m.unknown_zone_messages ? " (" + format_count(m.unknown_zone_messages) + " without a known zone)" : ""));
  char per_customer[96];
  std::snprintf(per_customer, sizeof per_customer, "mean %.2f, max %d", m.mean_messages_per_customer.value_or(0.0),
                m.max_messages_per_customer);
  add("Messages per customer", per_customer,
      format_count(m.customers) + " customers, " + format_count(m.customers_messaged) + " of them messaged");
  return t + "</table>\n";
}

std::string calibration_section(const Measures& m) {
  std::string h = "<h2>Were the checkout's promises honest?</h2>\n<p class=\"note\">Each dot is a band of orders: "
                  "across, the probability the checkout stated on average; up, the share that really arrived in "
                  "time (every parcel of the order). On the dashed line a promise was exactly right; the blue strip "
                  "is within 5 points. Grey dots have fewer than 100 orders and are not judged.</p>\n<div class=\"two\">" +
                  calibration_chart(m) + "<table>" +
                  head({"stated band", "<span class=\"n\">orders</span>", "promised", "on time", "off by"});
  for (const auto& b : m.calibration) {
    const std::string off = b.off_points ? num(*b.off_points) + " pts" + (b.flagged ? " &#10007;" : "") : "n/a";
    h += row({b.label, format_count(b.orders), format_percent(b.mean_stated), format_percent(b.on_time_share), off},
             b.flagged ? "flag" : nullptr);
  }
  h += "</table></div>\n";
  auto part = [](const CalibrationBand& b) {
    return format_count(b.orders) + (b.orders == 1 ? " order" : " orders") + ", stated " +
           format_percent(b.mean_stated) + ", " + format_percent(b.on_time_share) + " on time";
  };
  return h + "<p class=\"note\">By the checkout's answer for the service the shopper chose: where it said the "
             "service makes the deadline, " + part(m.said_meets) + "; where it said the service would not and the "
             "shopper chose it anyway, " + part(m.said_too_slow) + ".</p>\n";
}

std::string days_section(const Measures& m) {
  std::vector<std::string> labels;
  Series warnings{"warnings sent", "#0969da", {}, {}}, late{"late arrivals", "#bc4c00", {}, {}},
      orders{"orders", "#8250df", {}, {}};
  for (const auto& d : m.days) {
    labels.push_back(std::to_string(std::stoi(d.day.substr(8, 2))));
    warnings.values.push_back(d.warnings);
    late.values.push_back(d.late_arrivals);
    orders.values.push_back(d.orders);
  }
  const std::string span = m.days.empty() ? "" : m.days.front().day + " to " + m.days.back().day + ", UTC";
  return "<h2>Day by day</h2>\n<p class=\"note\">Warnings sent (will miss, delay apology, action required) and "
         "parcels that arrived after their event's deadline, per day.</p>\n" +
         bar_chart("Warnings and late arrivals per day", labels, {warnings, late}, "per day", "day of the month (" + span + ")",
                   false) +
         "<h3>Orders per day</h3>\n" +
         bar_chart("Orders per day", labels, {orders}, "orders", "day of the month (" + span + ")", false);
}

std::string lead_section(const Measures& m) {
  std::vector<std::string> labels;
  Series bins{"late shipments", "#1a7f37", {}, {}};
  for (const auto& b : m.lead_bins) {
    labels.push_back(b.label);
    bins.values.push_back(b.count);
    bins.bar_colors.push_back(b.lo < 24 ? "#bc4c00" : "#1a7f37");
  }
  return "<h2>How early were the warnings?</h2>\n<p class=\"note\">For every late shipment warned before its deadline: "
         "the time between the first warning and the deadline. Orange bars are under 24 h. Median: " +
         format_hours(m.median_lead_hours) + ".</p>\n" +
         bar_chart("Warning lead time distribution", labels, {bins}, "late shipments", "time from the first warning to the deadline",
                   true);
}

std::string remedies_section(const SeasonData& s, const Measures& m) {
  std::string h = "<h2>Remedies offered</h2>\n<p class=\"note\">What the sent messages offered, by the customer's tier, "
                  "against a monthly budget of " +
                  format_money(s.monthly_budget) + " " + text(s.currency) + ".</p>\n<table>" +
                  head({"tier", "messages with a remedy", "spent", "remedies"});
  int total = 0;
  for (const auto& [tier, t] : m.remedy_by_tier) {
    std::string kinds;
    for (const auto& [kind, n] : t.by_kind) kinds += (kinds.empty() ? "" : ", ") + words(kind) + " &times; " + std::to_string(n);
    total += t.messages;
    h += row({tier.empty() ? "(no tier)" : text(tier), format_count(t.messages), format_money(t.spent) + " " + text(s.currency),
              kinds});
  }
  h += row({"<b>all</b>", "<b>" + format_count(total) + "</b>",
            "<b>" + format_money(m.remedy_spent) + " " + text(s.currency) + "</b>",
            format_percent(m.remedy_budget_share) + " of the budget"});
  return h + "</table>\n";
}

std::string unwarned_section(const Measures& m) {
  std::string h = "<h2>Late and not warned in time</h2>\n";
  if (m.unwarned.empty()) return h + "<p class=\"note\">None: every late shipment was warned before its deadline.</p>\n";
  h += "<p class=\"note\">" + format_count(m.found_out_themselves) + " shipments were late for their event with no " +
       "warning before the deadline: " + format_count(m.explained) + " with an explanation, " + format_count(m.unexplained) +
       " without (highlighted). Times are the recipient's.</p>\n<table class=\"unwarned\">" +
       head({"shipment", "order", "carrier", "event", "deadline", "delivered", "first warning", "explanation"});
  std::vector<const UnwarnedLate*> rows;
  for (const auto& u : m.unwarned) rows.push_back(&u);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const UnwarnedLate* a, const UnwarnedLate* b) { return a->explanation.empty() && !b->explanation.empty(); });
  const size_t shown = std::min<size_t>(rows.size(), 60);
  for (size_t i = 0; i < shown; ++i) {
    const auto& u = *rows[i];
    h += row({"<code>" + text(u.shipment_id) + "</code>", text(u.order_id), text(u.carrier + " " + u.service),
              text(u.event_name), local_time(u.deadline, u.recipient_time_zone),
              u.delivered_at ? local_time(*u.delivered_at, u.recipient_time_zone) : "never",
              u.first_warning ? local_time(*u.first_warning, u.recipient_time_zone) + " (after)" : "none",
              u.explanation.empty() ? "<b>unexplained</b>" : text(explanation_text(u.explanation))},
             u.explanation.empty() ? "unexplained" : nullptr);
  }
  h += "</table>\n";
  if (shown < rows.size())
    h += "<p class=\"note\">and " + format_count(static_cast<long long>(rows.size() - shown)) +
         " more (all of them are in report.json, <code>unwarned_late</code>).</p>\n";
  return h;
}

std::string samples_section(const std::vector<const MessageRecord*>& samples) {
  std::string h = "<h2>What customers read</h2>\n<p class=\"note\">Real messages of this season as forewarn rendered "
                  "them, one per language (addresses and phone numbers masked).</p>\n";
  if (samples.empty()) return h + "<p class=\"note\">No message was sent.</p>\n";
  for (const MessageRecord* m : samples) {
    h += "<div class=\"msg\"><div class=\"meta\">" + text(m->locale) + " &middot; " + text(m->kind) + " &middot; " +
         text(m->channel) + (m->sent_at ? " &middot; sent " + local_time(*m->sent_at, m->addressee_time_zone) : std::string()) + "</div>";
    if (!m->subject.empty()) h += "<div class=\"subject\">" + prose(m->subject) + "</div>";
    h += "<pre>" + prose(m->body_text) + "</pre></div>\n";
  }
  return h;
}

}  // namespace

std::string render_html(const SeasonData& s, const Measures& m, const std::vector<const MessageRecord*>& samples) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>forewarn season report " +
                  text(s.from) + " to " + text(s.to) + "</title>\n" + kStyle + "</head>\n<body>\n";
  h += headline(s, m);
  h += calibration_section(m);
  h += days_section(m);
  h += lead_section(m);
  h += figures_table(s, m);
  h += remedies_section(s, m);
  h += unwarned_section(m);
  h += samples_section(samples);
  h += "<p class=\"note\">Definitions of every measure: docs/demo.md, &ldquo;The report's measures&rdquo;. "
       "Every figure is also in report.json.</p>\n</body>\n</html>\n";
  return h;
}

}  // namespace forewarn::core::report
