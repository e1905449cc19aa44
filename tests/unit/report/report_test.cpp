// The season report (core/report): a hand-built season where every measure
// has a known answer, the JSON round trip of SeasonData, and the renderings.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <string>

#include "core/report/measures.hpp"
#include "core/report/report.hpp"
#include "core/report/season_json.hpp"

using namespace forewarn;
using namespace forewarn::core::report;

namespace {

Instant at(const char* iso) { return parse_iso8601(iso).value(); }

// Christmas Eve ends at 2025-12-24T22:00Z in Helsinki (the event deadline of
// every event shipment below).
constexpr const char* kDeadline = "2025-12-24T22:00:00Z";

OrderTruth order(const std::string& id, const std::string& customer, double p, bool met,
                 const std::vector<std::string>& shipments) {
  OrderTruth o;
  o.order_id = id;
  o.placed_at = at("2025-12-10T10:00:00Z");
  o.customer_key = customer;
  o.tier = "gold";
  o.stated_probability = p;
  o.promise_met_stated = met;
  o.shipment_ids = shipments;
  return o;
}

ShipmentTruth shipment(const std::string& id, const std::string& order_id, std::optional<Instant> delivered) {
  ShipmentTruth s;
  s.shipment_id = id;
  s.order_id = order_id;
  s.carrier = "ups";
  s.service = "ups-ground";
  s.event_name = "Christmas";
  s.recipient_time_zone = "Europe/Helsinki";
  s.deadline = at(kDeadline);
  s.delivered_at = delivered;
  return s;
}

MessageRecord message(const std::string& id, const std::string& kind, const std::string& shipment_id,
                      const std::string& deadline_key, const char* sent_at, const std::string& zone,
                      const std::string& channel = "email") {
  MessageRecord m;
  m.id = id;
  m.kind = kind;
  m.channel = channel;
  m.audience = "purchaser";
  m.status = sent_at ? "sent" : "failed";
  m.locale = "en";
  m.shipment_ids = {shipment_id};
  m.episode_keys = {shipment_id + "/" + kind + "/" + deadline_key + "/1"};
  m.addressee_key = "email:someone@example.com";
  m.addressee_time_zone = zone;
  m.created_at = at("2025-12-20T00:00:00Z");
  m.send_at = m.created_at;
  if (sent_at) m.sent_at = at(sent_at);
  m.subject = "About your parcel";
  m.body_text = "Hello";
  return m;
}

// s1 late, warned 30 h before; s2 late (never delivered), warned 10 h before
// by a delay apology about its promised date; s3 on time after a warning (a
// false alarm); s4 late, no message, but the checkout said too slow (warned
// at checkout, 348 h before); s5 late,
// unwarned, its only warning never sent (unexplained); s6 on time, with a
// duplicate action_required episode on e-mail (and one SMS, not a duplicate).
// Plus 200 orders with only a promised date for the calibration bands.
SeasonData hand_built() {
  SeasonData s;
  s.seed = 7;
  s.from = "2025-12-01";
  s.to = "2025-12-27";
  s.monthly_budget = 100;
  s.currency = "EUR";
  s.orders = {order("o1", "c1", 0.60, true, {"s1"}), order("o2", "c1", 0.60, true, {"s2"}),
              order("o3", "c2", 0.75, true, {"s3"}), order("o4", "c3", 0.30, false, {"s4"}),
              order("o5", "c4", 0.85, true, {"s5"}), order("o6", "c5", 0.85, true, {"s6"})};
  s.orders[3].chose_too_slow = true;
  s.shipments = {shipment("s1", "o1", at("2025-12-26T10:00:00Z")), shipment("s2", "o2", std::nullopt),
                 shipment("s3", "o3", at("2025-12-24T17:00:00Z")), shipment("s4", "o4", at("2025-12-25T09:00:00Z")),
                 shipment("s5", "o5", std::nullopt), shipment("s6", "o6", at("2025-12-23T12:00:00Z"))};
  s.shipments[1].promised_by = at("2025-12-22T22:00:00Z");
  s.shipments[2].promised_by = at(kDeadline);

  s.messages = {
      message("m1", "will_miss_deadline", "s1", "event:xmas", "2025-12-23T16:00:00Z", "Europe/Helsinki"),
      message("m2", "delay_apology", "s2", "promise:2025-12-22", "2025-12-24T12:00:00Z", "Europe/Helsinki"),
      message("m3", "will_miss_deadline", "s3", "event:xmas", "2025-12-22T14:00:00Z", "America/New_York"),
      message("m4", "action_required", "s6", "none", "2025-12-20T12:00:00Z", "Europe/Helsinki"),
      message("m5", "action_required", "s6", "none", "2025-12-20T12:30:00Z", "Europe/Helsinki"),
      message("m6", "action_required", "s6", "none", "2025-12-20T12:00:00Z", "Europe/Helsinki", "sms"),
      // 22:30 in Helsinki: quiet. 22:30 UTC is 17:30 in New York: not quiet.
      message("m7", "back_on_track", "s3", "event:xmas", "2025-12-22T20:30:00Z", "Europe/Helsinki"),
      message("m8", "back_on_track", "s6", "event:xmas", "2025-12-22T22:30:00Z", "America/New_York"),
      message("m9", "will_miss_deadline", "s5", "event:xmas", nullptr, "Europe/Helsinki"),
  };
  s.messages[7].audience = "recipient";  // a gift recipient: not counted per customer
  s.messages[0].tier = "gold";
  s.messages[0].remedy_kind = "free_upgrade";
  s.messages[0].remedy_cost = 12.5;
  s.messages[1].tier = "gold";
  s.messages[1].remedy_kind = "coupon";
  s.messages[1].remedy_cost = 5;
  s.messages[0].locale = "fi";
  s.messages[0].subject = "Paketti <myöhässä>";
  s.messages[0].body_text = "Hei! <b>Paketti</b> & lahja. Vastaa: anna.virtanen@example.com tai +358 40 123 4567.";
  s.messages[1].locale = "hu";
  s.messages[1].body_text = "Elnézést a késésért.";
  s.messages[2].body_text = "Your parcel may miss Christmas.";

  // Calibration: 100 orders stated 0.92 of which 80 on time (12 points off),
  // 100 stated 0.97 of which 96 on time (1 point off).
  for (int i = 0; i < 200; ++i) {
    const bool high = i >= 100;
    const int k = i % 100;
    const std::string id = "b" + std::to_string(i);
    auto o = order("ob" + std::to_string(i), "bulk", high ? 0.97 : 0.92, true, {id});
    o.placed_at = at("2025-12-05T09:00:00Z");
    s.orders.push_back(o);
    ShipmentTruth sh;
    sh.shipment_id = id;
    sh.order_id = o.order_id;
    sh.promised_by = at("2025-12-12T23:00:00Z");
    const bool on_time = high ? k < 96 : k < 80;
    sh.delivered_at = on_time ? at("2025-12-11T15:00:00Z") : at("2025-12-14T15:00:00Z");
    s.shipments.push_back(sh);
  }
  return s;
}

const Target& target(const Measures& m, const std::string& key) {
  auto it = std::find_if(m.targets.begin(), m.targets.end(), [&](const Target& t) { return t.key == key; });
  REQUIRE(it != m.targets.end());
  return *it;
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report: episode keys name their deadline") {
  CHECK(deadline_key_of("s1/will_miss_deadline/event:xmas/1") == "event:xmas");
  CHECK(deadline_key_of("s1/delay_apology/promise:2025-12-22/12") == "promise:2025-12-22");
  CHECK(deadline_key_of("s1/delay_apology/promise:2025-12-22/2/r0") == "promise:2025-12-22");
  CHECK(deadline_key_of("a/b/will_miss_deadline/event:x/y/3") == "event:x/y");
  CHECK(deadline_key_of("s1/will_miss_deadline/event:xmas") == "");
  CHECK(deadline_key_of("nonsense") == "");
}

TEST_CASE("report: lateness, warnings and lead times of a hand-built season") {
  const Measures m = measure(hand_built());
  CHECK(m.with_event_deadline == 6);
  CHECK(m.late_shipments == 4);
  CHECK(m.late_never_delivered == 2);
  CHECK(m.with_promised_date == 202);
  CHECK(m.late_for_promised_date == 1 + 20 + 4);
  // s1 by message (30 h), s2 by message (10 h), s4 at checkout (348 h).
  CHECK(m.warned_before_deadline == 3);
  CHECK(m.warned_at_checkout == 1);
  CHECK(m.warned_24h == 2);
  REQUIRE(m.warned_24h_share);
  CHECK(*m.warned_24h_share == doctest::Approx(0.5));
  CHECK(m.warned_24h_by_message == 1);
  REQUIRE(m.warned_24h_share_by_message);
  CHECK(*m.warned_24h_share_by_message == doctest::Approx(0.25));
  REQUIRE(m.median_lead_hours);
  CHECK(*m.median_lead_hours == doctest::Approx(30.0));
  REQUIRE(m.median_lead_hours_by_message);
  CHECK(*m.median_lead_hours_by_message == doctest::Approx(20.0));
  int binned = 0;
  for (const auto& b : m.lead_bins) {
    binned += b.count;
    if (b.label == "< 12 h" || b.label == "1-2 days" || b.label == "7+ days") CHECK(b.count == 1);
  }
  CHECK(binned == 3);
}

TEST_CASE("report: the checkout's answer is a warning only when it said too slow, and only when first") {
  SeasonData s = hand_built();
  s.orders[3].promise_met_stated = true;  // the checkout said s4's service would make it
  Measures m = measure(s);
  CHECK(m.warned_at_checkout == 0);
  CHECK(m.warned_24h == 1);
  CHECK(m.found_out_themselves == 2);

  s = hand_built();
  s.orders[3].stated_probability.reset();  // no answer for the chosen service: nothing was said
  m = measure(s);
  CHECK(m.warned_at_checkout == 0);
  CHECK(m.warned_24h == 1);

  // s1 was also told at checkout, before its message: the checkout's answer
  // is its first warning (lead 14.5 days, not 30 h).
  s = hand_built();
  s.orders[0].promise_met_stated = false;
  m = measure(s);
  CHECK(m.warned_at_checkout == 2);
  CHECK(m.warned_24h == 2);
  CHECK(m.warned_24h_by_message == 1);
  REQUIRE(m.median_lead_hours);
  CHECK(*m.median_lead_hours == doctest::Approx(348.0));

  // An order placed after its deadline warned nobody in time.
  s = hand_built();
  s.orders[3].placed_at = at("2025-12-25T01:00:00Z");
  CHECK(measure(s).warned_at_checkout == 0);
}

TEST_CASE("report: warnings decided 24 h ahead, and why some reached the shopper later") {
  // {decided >= 24 h before, of them held by quiet hours, of them sent later than planned}
  const auto decisions = [](const SeasonData& season) {
    const Measures m = measure(season);
    return std::array{m.warned_24h_by_decision, m.decided_24h_held_by_quiet_hours, m.decided_24h_sent_late};
  };
  // Every message of hand_built() was queued on 20 December: s1's reached
  // the shopper 30 h before the deadline, s2's 10 h before though nothing
  // held it (it was 08:00 in Helsinki by 06:00Z on the 20th): dispatch.
  SeasonData s = hand_built();
  const Measures m = measure(s);
  REQUIRE(m.warned_24h_share_by_decision);
  CHECK(*m.warned_24h_share_by_decision == doctest::Approx(0.5));
  CHECK(decisions(s) == std::array{2, 0, 1});

  // s2's warning queued at 21:30 in Helsinki, 26.5 h before the deadline:
  // quiet hours plan it for 08:00, 16 h before. The policy, not the dispatcher.
  s.messages[1].created_at = at("2025-12-23T19:30:00Z");
  CHECK(decisions(s) == std::array{2, 1, 0});
  // Without quiet hours the same warning was simply sent late.
  s.quiet_start = s.quiet_end = "00:00";
  CHECK(decisions(s) == std::array{2, 0, 1});
  // Queued 20 h before the deadline: not decided in time, whatever else.
  s.messages[1].created_at = at("2025-12-24T02:00:00Z");
  CHECK(decisions(s) == std::array{1, 0, 0});

  // The earliest queued of a shipment's warnings is its decision, even when
  // another was sent first; a warning never sent is none. s1 still reached
  // the shopper 30 h before (m1): not "later", whichever was queued first.
  s = hand_built();
  s.messages[0].created_at = at("2025-12-23T10:00:00Z");  // m1, sent 30 h before, queued 36 h before
  MessageRecord early = s.messages[0];
  early.id = "m1-early";
  early.created_at = at("2025-12-15T10:00:00Z");
  early.sent_at = at("2025-12-24T08:00:00Z");  // 14 h before the deadline
  s.messages.push_back(early);
  MessageRecord unsent = s.messages[0];
  unsent.id = "m1-unsent";
  unsent.created_at = at("2025-12-01T10:00:00Z");
  unsent.sent_at.reset();
  s.messages.push_back(unsent);
  CHECK(decisions(s) == std::array{2, 0, 1});
  // Without the early one and with m1 queued only 20 h before, s1's decision
  // came too late: the unsent one, queued first, does not count.
  s.messages.erase(s.messages.end() - 2);
  s.messages[0].created_at = at("2025-12-24T02:00:00Z");
  CHECK(decisions(s) == std::array{1, 0, 1});
}

TEST_CASE("report: false alarms are judged against the deadline of their episode") {
  const Measures m = measure(hand_built());
  // m1 (s1 late for the event), m2 (s2 never delivered, its promised date),
  // m3 (s3 arrived before the event: a false alarm). m9 was never sent.
  CHECK(m.warning_lines == 3);
  CHECK(m.false_alarm_lines == 1);
  CHECK(m.unresolved_lines == 0);
  REQUIRE(m.false_alarm_share);
  CHECK(*m.false_alarm_share == doctest::Approx(1.0 / 3));

  // The same line about the promised date s3 also met is still a false alarm;
  // about a date s3 missed it is not.
  SeasonData s = hand_built();
  s.messages[2].episode_keys = {"s3/will_miss_deadline/promise:2025-12-20/1"};
  s.shipments[2].promised_by = at("2025-12-20T22:00:00Z");
  CHECK(measure(s).false_alarm_lines == 0);
}

TEST_CASE("report: who found out themselves, and why") {
  const Measures m = measure(hand_built());
  CHECK(m.found_out_themselves == 1);
  CHECK(m.explained == 0);
  CHECK(m.unexplained == 1);
  REQUIRE(m.unwarned.size() == 1);
  CHECK(m.unwarned[0].shipment_id == "s5");
  CHECK(m.unwarned[0].explanation.empty());

  // The shopper chose a service the simulator knows was too slow, with no
  // stated answer to count as a warning: explained, not warned.
  SeasonData s = hand_built();
  s.orders[3].stated_probability.reset();
  const Measures too_slow = measure(s);
  CHECK(too_slow.found_out_themselves == 2);
  REQUIRE(too_slow.explanations.count("checkout_said_too_slow") == 1);
  CHECK(too_slow.explanations.at("checkout_said_too_slow") == 1);

  s = hand_built();
  s.orders[4].placed_at = at("2025-12-24T01:00:00Z");  // 21 h before the deadline
  CHECK(measure(s).explanations.at("ordered_within_24h") == 1);
  s = hand_built();
  s.messages[8].status = "suppressed";  // s5's warning: the customer opted out
  CHECK(measure(s).explanations.at("opted_out") == 1);
  CHECK(measure(s).unexplained == 0);
}

TEST_CASE("report: duplicates, quiet hours and messages per customer") {
  const Measures m = measure(hand_built());
  CHECK(m.duplicates == 1);
  CHECK(m.duplicate_messages == 1);
  REQUIRE(m.duplicate_keys.size() == 1);
  CHECK(m.duplicate_keys[0] == "s6/action_required/none/1 (email)");
  CHECK(m.max_messages_per_episode == 3);  // two e-mails and an SMS

  CHECK(m.quiet_hour_messages == 1);
  REQUIRE(m.quiet_hour_message_ids.size() == 1);
  CHECK(m.quiet_hour_message_ids[0] == "m7");
  CHECK(m.unknown_zone_messages == 0);

  // c1: m1, m2; c2: m3, m7; c5: m4, m5, m6 (m8 went to a gift recipient);
  // c3, c4 and "bulk": none.
  CHECK(m.customers == 6);
  CHECK(m.customers_messaged == 3);
  CHECK(m.max_messages_per_customer == 3);
  REQUIRE(m.mean_messages_per_customer);
  CHECK(*m.mean_messages_per_customer == doctest::Approx(7.0 / 6));

  SeasonData s = hand_built();
  s.quiet_start = s.quiet_end = "00:00";  // no quiet hours
  CHECK(measure(s).quiet_hour_messages == 0);
  s.quiet_start = "9pm";
  CHECK_THROWS_AS(measure(s), std::invalid_argument);
}

TEST_CASE("report: calibration bands and the remedy budget") {
  const Measures m = measure(hand_built());
  REQUIRE(m.calibration.size() == 6);
  CHECK(m.orders_with_probability == 206);
  const auto& low = m.calibration[0];
  CHECK(low.label == "[0.00, 0.50)");
  CHECK(low.orders == 1);
  CHECK(*low.on_time_share == doctest::Approx(0.0));
  const auto& eighty = m.calibration[3];
  CHECK(eighty.orders == 2);
  CHECK(*eighty.on_time_share == doctest::Approx(0.5));
  CHECK(*eighty.mean_stated == doctest::Approx(0.85));
  CHECK_FALSE(eighty.judged);
  const auto& ninety = m.calibration[4];
  CHECK(ninety.orders == 100);
  CHECK(*ninety.off_points == doctest::Approx(12.0));
  CHECK(ninety.flagged);
  const auto& top = m.calibration[5];
  CHECK(top.label == "[0.95, 1.00]");
  CHECK(top.orders == 100);
  CHECK(*top.off_points == doctest::Approx(1.0));
  CHECK(top.judged);
  CHECK_FALSE(top.flagged);

  CHECK(m.remedy_spent == doctest::Approx(17.5));
  CHECK(m.remedy_by_tier.at("gold").messages == 2);
  CHECK(m.remedy_by_tier.at("gold").by_kind.at("coupon") == 1);
  CHECK(*m.remedy_budget_share == doctest::Approx(0.175));
}

TEST_CASE("report: per day, and the targets say plainly what is missed") {
  const Measures m = measure(hand_built());
  REQUIRE(m.days.size() == 27);
  CHECK(m.days[4].day == "2025-12-05");
  CHECK(m.days[4].orders == 200);
  CHECK(m.days[9].orders == 6);
  CHECK(m.days[19].warnings == 3);  // three action_required on 20 Dec
  CHECK(m.days[21].warnings == 1);
  CHECK(m.days[24].late_arrivals == 1);  // s4
  CHECK(m.days[25].late_arrivals == 1);  // s1

  CHECK_FALSE(target(m, "warned_24h_share").met);
  CHECK_FALSE(target(m, "false_alarm_share").met);
  CHECK_FALSE(target(m, "duplicates").met);
  CHECK_FALSE(target(m, "quiet_hour_messages").met);
  CHECK_FALSE(target(m, "calibration").met);
  CHECK(*target(m, "calibration").figure == doctest::Approx(12.0));
}

TEST_CASE("report: calibration by the checkout's answer") {
  const Measures m = measure(hand_built());
  // o4 (stated 0.30, said too slow, late) is the only "too slow" order with a
  // decided outcome; o1..o3, o5, o6 and the 200 bulk orders said "meets".
  CHECK(m.said_too_slow.orders == 1);
  CHECK(m.said_too_slow.on_time == 0);
  REQUIRE(m.said_too_slow.mean_stated);
  CHECK(*m.said_too_slow.mean_stated == doctest::Approx(0.30));
  REQUIRE(m.said_too_slow.off_points);
  CHECK(*m.said_too_slow.off_points == doctest::Approx(30.0));
  CHECK(m.said_meets.orders + m.said_too_slow.orders == m.orders_with_probability);
  CHECK(m.said_meets.label == "meets");
  const auto files = render_report(hand_built());
  REQUIRE(files.json.at("calibration_by_answer").size() == 2);
  CHECK(files.json.at("calibration_by_answer")[1].at("answer") == "too_slow");
  CHECK(files.json.at("calibration_by_answer")[1].at("on_time_share") == 0.0);
  CHECK(files.summary.find("checkout said too slow") != std::string::npos);
  CHECK(files.html.find("where it said the service would not and the shopper chose it anyway, "
                        "1 order, stated 30.0%, 0.0% on time") != std::string::npos);
}

TEST_CASE("report: an empty season gives nulls, never NaN, and vacuous targets") {
  SeasonData s;
  s.from = "2025-12-01";
  s.to = "2025-12-03";
  const auto files = render_report(s);
  CHECK(files.json.at("warned_24h_share").is_null());
  CHECK(files.json.at("median_lead_hours").is_null());
  CHECK(files.json.at("false_alarm_share").is_null());
  CHECK(files.json.at("late_shipments") == 0);
  CHECK(files.json.at("per_day").size() == 3);
  CHECK(files.json.dump().find("NaN") == std::string::npos);
  for (const auto& t : files.json.at("targets")) CHECK(t.at("met") == true);
  CHECK(files.html.find("NaN") == std::string::npos);
  CHECK(files.html.find("nan") == std::string::npos);
}

TEST_CASE("report: report.json has the issue's keys") {
  const auto files = render_report(hand_built());
  const auto& j = files.json;
  for (const char* key : {"late_shipments", "warned_24h_share", "median_lead_hours", "false_alarm_share",
                          "found_out_themselves", "duplicates", "quiet_hour_messages", "calibration"})
    CHECK_MESSAGE(j.contains(key), key);
  CHECK(j.at("late_shipments") == 4);
  CHECK(j.at("warned_24h_share") == 0.5);
  CHECK(j.at("warned_24h_share_by_message") == 0.25);
  CHECK(j.at("warned_at_checkout") == 1);
  CHECK(j.at("warned_24h_by_decision") == 2);
  CHECK(j.at("warned_24h_share_by_decision") == 0.5);
  CHECK(j.at("decided_24h_reached_later") == nlohmann::json{{"quiet_hours", 0}, {"dispatch", 1}});
  CHECK(j.at("median_lead_hours") == 30.0);
  CHECK(j.at("false_alarm_share") == 0.3333);
  CHECK(j.at("found_out_themselves") == 1);
  CHECK(j.at("duplicates") == 1);
  CHECK(j.at("quiet_hour_messages") == 1);
  REQUIRE(j.at("calibration").size() == 6);
  for (const auto& b : j.at("calibration")) {
    CHECK(b.contains("band"));
    CHECK(b.contains("orders"));
    CHECK(b.contains("on_time_share"));
    CHECK(b.contains("mean_stated"));
  }
  CHECK(j.at("targets_met") == 0);
  CHECK(j.at("unwarned_late").size() == 1);
  CHECK(j.dump().find("anna.virtanen@example.com") == std::string::npos);
}

TEST_CASE("report: the HTML is self-contained, escaped and masked") {
  const auto files = render_report(hand_built());
  const std::string& h = files.html;
  CHECK(h.starts_with("<!DOCTYPE html>"));
  CHECK(count(h, "<svg") == 4);
  CHECK(count(h, "<svg") == count(h, "</svg>"));
  CHECK(count(h, "<table") == count(h, "</table>"));
  CHECK(count(h, "<tr") == count(h, "</tr>"));
  CHECK(count(h, "<div") == count(h, "</div>"));
  // Nothing external: no script, no stylesheet link, no remote resource.
  CHECK(h.find("<script") == std::string::npos);
  CHECK(h.find("<link") == std::string::npos);
  CHECK(h.find("src=") == std::string::npos);
  CHECK(h.find("http://www.w3.org/2000/svg") != std::string::npos);
  CHECK(count(h, "http") == count(h, "http://www.w3.org/2000/svg"));
  // The sample messages: three languages, escaped, personal data masked.
  CHECK(h.find("Paketti &lt;myöhässä&gt;") != std::string::npos);
  CHECK(h.find("&lt;b&gt;Paketti&lt;/b&gt; &amp; lahja") != std::string::npos);
  CHECK(h.find("<b>Paketti") == std::string::npos);
  CHECK(h.find("anna.virtanen@example.com") == std::string::npos);
  CHECK(h.find("a***@example.com") != std::string::npos);
  CHECK(h.find("123 4567") == std::string::npos);
  CHECK(h.find("Elnézést a késésért.") != std::string::npos);
  CHECK(h.find("Your parcel may miss Christmas.") != std::string::npos);
  // The headline says plainly that targets were missed.
  CHECK(h.find("0 of 5 targets met") != std::string::npos);
  CHECK(count(h, "<b>Missed</b>") == 5);
}

TEST_CASE("report: the terminal summary") {
  const auto files = render_report(hand_built());
  const std::string& t = files.summary;
  CHECK(count(t, "\n") >= 12);
  CHECK(count(t, "\n") <= 20);
  CHECK(t.find("MISSED") != std::string::npos);
  CHECK(t.find("50.0% (2 of 4)") != std::string::npos);
  CHECK(t.find("1 first warned by the checkout's answer") != std::string::npos);
  CHECK(t.find("25.0% (1 of 4), the checkout's answer aside") != std::string::npos);
  CHECK(t.find("30.0 h (by message alone: 20.0 h)") != std::string::npos);
  CHECK(t.find("0 of 5 met") != std::string::npos);
}

TEST_CASE("report: season JSON round trip, and errors name the JSON Pointer") {
  const SeasonData s = hand_built();
  const auto j = to_json(s);
  const auto back = season_from_json(nlohmann::json::parse(j.dump()));
  CHECK(to_json(back) == j);
  CHECK(back.orders.size() == s.orders.size());
  CHECK(back.shipments[1].promised_by == s.shipments[1].promised_by);
  CHECK_FALSE(back.shipments[1].delivered_at);
  CHECK(back.messages[8].sent_at == std::nullopt);
  CHECK(back.orders[0].stated_probability == doctest::Approx(0.60));
  CHECK(render_report(back).json == render_report(s).json);

  auto error_of = [&](const char* pointer, nlohmann::json value) {
    auto bad = j;
    bad[nlohmann::json::json_pointer(pointer)] = std::move(value);
    try {
      season_from_json(bad);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("/messages/3/sent_at", "yesterday").starts_with("/messages/3/sent_at: "));
  CHECK(error_of("/orders/2/stated_probability", 1.5).starts_with("/orders/2/stated_probability: "));
  CHECK(error_of("/shipments/0/shipment_id", "").starts_with("/shipments/0/shipment_id: "));
  CHECK(error_of("/shipments/4/causes/0", 3).starts_with("/shipments/4/causes/0: "));
  CHECK(error_of("/quiet_start", "late").starts_with("/quiet_start: "));
  CHECK(error_of("/messages", "none").starts_with("/messages: "));
  CHECK_THROWS_AS(season_from_json(nlohmann::json::array()), std::invalid_argument);
}

TEST_CASE("report: a parcel still travelling when a short season ends is not counted late before its deadline") {
  SeasonData s = hand_built();
  s.to = "2025-12-20";  // the replay stops five days before the Christmas deadline
  const Measures m = measure(s);
  // s2 and s5 were never delivered within the season: their deadline is
  // after its end, so nobody knows yet whether they will be late.
  CHECK(m.undecided_shipments == 2);
  CHECK(m.with_event_deadline == 4);
  CHECK(m.late_shipments == 2);  // s1 (26 Dec) and s4 (25 Dec) were delivered, late
  CHECK(m.late_never_delivered == 0);
  // The full season decides them: never delivered by the 27th is late.
  CHECK(measure(hand_built()).undecided_shipments == 0);
}
