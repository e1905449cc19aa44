// The season report's measures (issue 6), computed from a SeasonData alone.
// Every definition is written out in docs/demo.md, "The report's measures";
// this header names the figures, measures.cpp computes them, report.cpp turns
// them into report.json, report.html and the terminal summary. Pure.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/report/season.hpp"
#include "core/time.hpp"

namespace forewarn::core::report {

// A shipment late for its event that no warning reached before the deadline.
struct UnwarnedLate {
  std::string shipment_id, order_id, carrier, service, event_name, recipient_time_zone;
  Instant deadline{};
  std::optional<Instant> delivered_at;
  std::optional<Instant> first_warning;  // a warning sent after the deadline, if any
  std::string explanation;               // "" = unexplained
};

struct CalibrationBand {
  std::string label;  // "[0.90, 0.95)"
  double lo = 0, hi = 0;
  int orders = 0, on_time = 0;
  std::optional<double> on_time_share, mean_stated;
  std::optional<double> off_points;  // |on_time_share - mean_stated| * 100
  bool judged = false;               // at least kMinBandOrders orders
  bool flagged = false;              // judged and off by more than kCalibrationTolerancePoints
};

struct RemedyTier {
  double spent = 0;
  int messages = 0;
  std::map<std::string, int> by_kind;
};

struct DayFigures {
  std::string day;  // YYYY-MM-DD (UTC)
  int orders = 0, warnings = 0, late_arrivals = 0;
};

struct LeadBin {
  std::string label;
  double lo = 0;
  std::optional<double> hi;  // nullopt: open-ended
  int count = 0;
};

struct Target {
  std::string key, what;   // "warned_24h_share", "late shipments warned >= 24 h before the deadline"
  std::string goal;        // ">= 95%"
  std::optional<double> figure;
  std::string figure_text;  // the figure as the report prints it
  bool met = false;
  bool vacuous = false;     // nothing to measure (e.g. no late shipment): met by default
};

struct Measures {
  // Volume.
  int orders = 0, shipments = 0, messages = 0, messages_sent = 0, customers = 0;
  // Lateness (ground truth).
  int with_event_deadline = 0, late_shipments = 0, late_never_delivered = 0;
  // With an event deadline after the season's end and not delivered by then:
  // neither late nor on time, left out of every measure.
  int undecided_shipments = 0;
  int with_promised_date = 0, late_for_promised_date = 0;
  // Warnings of late shipments. A shipment's first warning is the checkout's
  // answer when it said the chosen service would not make the event (at the
  // order's placed_at), else its first warning message sent.
  int warned_before_deadline = 0, warned_24h = 0;
  int warned_at_checkout = 0;  // of warned_before_deadline: first warned by the checkout
  // The same 24 h measure counting warning messages only, the checkout aside.
  int warned_24h_by_message = 0;
  // The late shipments whose first warning message (of those a provider
  // accepted) was decided, queued, at least 24 h before the deadline; of
  // them, those it reached less than 24 h before: held by the addressee's
  // quiet hours as planned when decided, or sent later than planned (the
  // dispatcher behind, a provider retried). Shown beside the target, not
  // judged: the gap between forewarn's decisions and their delivery.
  int warned_24h_by_decision = 0, decided_24h_held_by_quiet_hours = 0, decided_24h_sent_late = 0;
  std::optional<double> warned_24h_share, warned_24h_share_by_message, warned_24h_share_by_decision;
  std::optional<double> median_lead_hours, median_lead_hours_by_message;
  std::vector<double> lead_hours;  // one per late shipment warned before its deadline
  std::vector<double> lead_hours_by_message;  // one per late shipment a message warned before its deadline
  std::vector<LeadBin> lead_bins;
  // False alarms, per (message, shipment) line of will_miss_deadline / delay_apology.
  int warning_lines = 0, false_alarm_lines = 0, unresolved_lines = 0;
  std::optional<double> false_alarm_share;
  // Found out themselves.
  int found_out_themselves = 0, explained = 0, unexplained = 0;
  std::map<std::string, int> explanations;  // explanation → count
  std::vector<UnwarnedLate> unwarned;
  // Duplicates and episodes.
  int duplicates = 0, duplicate_messages = 0, episodes = 0, max_messages_per_episode = 0;
  std::optional<double> mean_messages_per_episode;
  std::vector<std::string> duplicate_keys;  // "<episode key> (<channel>)"
  // Quiet hours.
  int quiet_hour_messages = 0, unknown_zone_messages = 0;
  std::vector<std::string> quiet_hour_message_ids;
  // Messages per customer (purchaser-facing messages sent).
  int customers_messaged = 0, max_messages_per_customer = 0;
  std::optional<double> mean_messages_per_customer, mean_messages_per_messaged_customer;
  // Calibration of the checkout's stated probability.
  int orders_with_probability = 0;
  std::vector<CalibrationBand> calibration;
  // The same orders by the checkout's answer for the chosen service: it said
  // the service makes the deadline (meets), or that it would not (the shopper
  // chose it anyway). Not judged: they show where the bands' error lies.
  CalibrationBand said_meets, said_too_slow;
  // Remedies.
  std::map<std::string, RemedyTier> remedy_by_tier;  // "" = no tier
  double remedy_spent = 0;
  std::optional<double> remedy_budget_share;
  // Per day, from..to.
  std::vector<DayFigures> days;
  std::vector<Target> targets;
};

inline constexpr int kMinBandOrders = 100;
inline constexpr double kCalibrationTolerancePoints = 5.0;
inline constexpr double kWarnedShareTarget = 0.95;
inline constexpr double kFalseAlarmTarget = 0.10;

// Message kinds that count as a warning of a late shipment, and those whose
// lines can be false alarms.
bool is_warning_kind(const std::string& kind);
bool is_bad_news_kind(const std::string& kind);

// The deadline an episode key is about: "<shipment>/<kind>/<deadline>/<n>[/r<i>]",
// its third part ("event:<id>", "promise:YYYY-MM-DD", "none"). "" when malformed.
std::string deadline_key_of(const std::string& episode_key);

// A local time of day "HH:MM" (00:00..24:00) as minutes; nullopt otherwise.
std::optional<std::chrono::minutes> time_of_day(const std::string& text);

// Throws std::invalid_argument when quiet_start or quiet_end is not HH:MM.
Measures measure(const SeasonData& season);

}  // namespace forewarn::core::report
