#include "demo/replay.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include <date/tz.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/demo/season.hpp"
#include "core/report/report.hpp"
#include "core/report/season.hpp"
#include "core/report/season_json.hpp"
#include "db/embedded.hpp"
#include "demo/children.hpp"
#include "platform/crypto.hpp"
#include "platform/process.hpp"
#include "platform/system_clock.hpp"

namespace forewarn::demo {

namespace fs = std::filesystem;
namespace cal = core::calendar;
using nlohmann::json;

namespace {

std::atomic<bool> g_interrupted{false};

// ---- HTTP ----------------------------------------------------------------------
struct Answer {
  int status = 0;
  json body;
};

class Api {
 public:
  Api(int port, std::string key) : client_("127.0.0.1", port), key_(std::move(key)) {
    client_.set_keep_alive(true);
    client_.set_read_timeout(60, 0);
    client_.set_connection_timeout(5, 0);
  }
  Answer call(const std::string& method, const std::string& path, const json& body = nullptr,
              const std::string& idempotency_key = "") {
    httplib::Headers headers;
    if (!key_.empty()) headers.emplace("Authorization", "Bearer " + key_);
    if (!idempotency_key.empty()) headers.emplace("Idempotency-Key", idempotency_key);
    const std::string text = body.is_null() ? "" : body.dump();
    for (int attempt = 0;; ++attempt) {
      httplib::Result r = method == "GET"     ? client_.Get(path, headers)
                          : method == "POST"  ? client_.Post(path, headers, text, "application/json")
                          : method == "PUT"   ? client_.Put(path, headers, text, "application/json")
                                              : client_.Patch(path, headers, text, "application/json");
      if (r && r->status != 429 && r->status != 503) {
        Answer a{r->status, json::parse(r->body, nullptr, false)};
        if (a.body.is_discarded()) a.body = r->body;
        return a;
      }
      if (attempt >= 5) return Answer{r ? r->status : 0, r ? json(r->body) : json("no answer")};
      std::this_thread::sleep_for(std::chrono::milliseconds(200 * (attempt + 1)));
    }
  }
  // The body of a 2xx answer, else an exception naming the call.
  json must(const std::string& method, const std::string& path, const json& body = nullptr) {
    Answer a = call(method, path, body);
    if (a.status < 200 || a.status >= 300)
      throw std::runtime_error(method + " " + path + " answered " + std::to_string(a.status) + ": " + a.body.dump());
    return a.body;
  }

 private:
  httplib::Client client_;
  std::string key_;
};

json get_json(int port, const std::string& path) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(60, 0);
  auto r = c.Get(path);
  if (!r || r->status != 200) throw std::runtime_error("GET " + path + " failed");
  return json::parse(r->body);
}

// ---- time helpers -------------------------------------------------------------------
Instant local_instant(const std::string& zone, cal::Day day, const std::string& hhmmss) {
  const int h = std::stoi(hhmmss.substr(0, 2)), m = std::stoi(hhmmss.substr(3, 2)),
            s = hhmmss.size() >= 8 ? std::stoi(hhmmss.substr(6, 2)) : 0;
  const auto local = date::local_time<std::chrono::seconds>{day.time_since_epoch()} + std::chrono::seconds{h * 3600 + m * 60 + s};
  return std::chrono::time_point_cast<Duration>(date::locate_zone(zone)->to_sys(local, date::choose::earliest));
}

std::string short_time(Instant t) {  // "Dec 14 13:00 UTC"
  const auto day = std::chrono::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(t - day).count();
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %02u %02lld:%02lld UTC", kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<unsigned>(ymd.day()), static_cast<long long>(minutes / 60), static_cast<long long>(minutes % 60));
  return buf;
}

json contact_of(const core::demo::Person& p) {
  json c = {{"name", p.name}, {"email", p.email}, {"locale", p.locale}, {"time_zone", p.time_zone}};
  if (!p.phone.empty()) c["phone"] = p.phone;
  return c;
}

std::optional<Instant> instant_of(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return parse_iso8601(it->get<std::string>());
}

// ---- what the replay learns ---------------------------------------------------------------
struct SimTruth {
  std::string tracking_number, plan, reason;
  std::optional<Instant> delivered_at, first_scan_at;
  int christmas_delay_days = 0;
  bool weather = false;
};

struct OrderResult {
  bool done = false;
  std::optional<double> probability;
  bool meets = false;
  std::optional<Instant> deadline;  // the checkout's, for the order's event
  std::string promised_date;
  std::vector<std::string> shipment_ids;  // per parcel ("" when registration failed)
};

struct Counters {
  std::atomic<int> orders_placed{0}, shipments{0}, failures{0}, behind{0};
  std::atomic<long long> max_lag_ms{0};
};

class Demo {
 public:
  explicit Demo(const DemoOptions& o) : options_(o) {}
  ~Demo() { stop_all(); }  // before pg_ goes: the children first, the database last
  Demo(const Demo&) = delete;
  Demo& operator=(const Demo&) = delete;
  int run();

 private:
  Child& start(const std::string& name, std::vector<std::string> argv, const Env& env);
  std::optional<int> port_of(Child& child, const char* hint);
  void stop_all();
  void setup_tenant(Api& api);
  void read_sim_truth(int sim_port);
  void replay(int port);
  void place_order(Api& api, std::size_t index);
  core::report::SeasonData collect(Api& api);
  void progress_line(int port, bool final_line);

  DemoOptions options_;
  core::demo::Season season_;
  std::string logs_, key_;
  int port_ = 0;
  std::unique_ptr<db::EmbeddedPostgres> pg_;  // declared before children_: destroyed after them
  std::vector<std::unique_ptr<Child>> children_;
  std::shared_ptr<Clock> clock_;
  double factor_ = 1;
  Instant season_end_{};
  std::map<std::string, std::string> warehouse_ids_, event_ids_;
  std::unordered_map<std::string, SimTruth> truth_;  // by parcel name
  std::vector<OrderResult> results_;
  std::mutex results_mu_;
  Counters counters_;
  bool policy_set_ = false;
};

Child& Demo::start(const std::string& name, std::vector<std::string> argv, const Env& env) {
  children_.push_back(std::make_unique<Child>(name, std::move(argv), env, logs_));
  return *children_.back();
}

std::optional<int> Demo::port_of(Child& child, const char* hint) {
  auto port = child.wait_port();
  if (!port)
    std::fprintf(stderr, "forewarn demo: %s did not start (%s/%s.err):\n%s\n%s\n", child.name().c_str(), logs_.c_str(),
                 child.name().c_str(), child.stderr_tail().c_str(), hint);
  return port;
}

void Demo::stop_all() {
  for (auto it = children_.rbegin(); it != children_.rend(); ++it) (*it)->stop();
  children_.clear();
}

void Demo::setup_tenant(Api& api) {
  for (const auto& w : season_.warehouses) {
    const json body = {{"name", w.name}, {"time_zone", w.time_zone}, {"country", w.country},
                       {"postal_code", w.postal_code}, {"cutoff_local", w.cutoff_local}};
    warehouse_ids_[w.key] = api.must("POST", "/v1/warehouses", body).at("id").get<std::string>();
  }
  for (const auto& e : season_.events) event_ids_[e.name] = api.must("POST", "/v1/events", e.body).at("id").get<std::string>();
  // On a connection of its own: a server without the route answers 404
  // before reading the body, which would poison a kept-alive connection.
  Api policy_api(port_, key_);
  const Answer policy = policy_api.call("PUT", "/v1/policy", season_.policy);
  policy_set_ = policy.status >= 200 && policy.status < 300;
  if (!policy_set_)
    std::printf("  note: PUT /v1/policy answered %d: this build has no policy API yet; forewarn keeps its default policy\n",
                policy.status);
}

void Demo::read_sim_truth(int sim_port) {
  for (std::size_t offset = 0;; offset += 1000) {
    const json page = get_json(sim_port, "/_sim/shipments?offset=" + std::to_string(offset) + "&limit=1000");
    const auto& list = page.at("shipments");
    for (const auto& s : list) {
      SimTruth t;
      t.tracking_number = s.at("tracking_number").get<std::string>();
      t.plan = s.value("plan", "");
      if (s.contains("reason") && s["reason"].is_string()) t.reason = s["reason"].get<std::string>();
      t.delivered_at = instant_of(s, "delivered_at");
      t.first_scan_at = instant_of(s, "first_scan_at");
      t.christmas_delay_days = s.value("christmas_delay_days", 0);
      t.weather = s.value("weather", false);
      truth_[s.at("name").get<std::string>()] = std::move(t);
    }
    if (list.size() < 1000) break;
  }
}

void Demo::place_order(Api& api, std::size_t index) {
  const core::demo::Order& o = season_.orders[index];
  const core::demo::Customer& customer = season_.customers[static_cast<std::size_t>(o.customer)];
  const core::demo::Person& to = o.parcels.front().recipient;
  const std::string warehouse_id = warehouse_ids_.at(season_.warehouses[static_cast<std::size_t>(o.warehouse)].key);
  OrderResult result;

  // The checkout.
  json request = {{"warehouse_id", warehouse_id},
                  {"destination", {{"postal_code", to.postal_code}, {"country", to.country}, {"time_zone", to.time_zone}}},
                  {"order_time", format_iso8601(o.placed_at)},
                  {"services", o.offered},
                  {"locale", customer.person.locale}};
  if (!o.event.empty()) request["events"] = json::array({o.event});
  const Answer promise = api.call("POST", "/v1/promises", request);
  if (promise.status == 200) {
    for (const auto& s : promise.body.at("services")) {
      if (s.value("id", "") != o.chosen) continue;
      result.promised_date = s.value("p80", "");
      if (!o.event.empty() && !s.at("deadlines").empty()) {
        const auto& d = s.at("deadlines").at(0);
        result.probability = d.value("probability", 0.0);
        result.meets = d.value("meets", false);
        result.deadline = instant_of(d, "deadline");
      }
    }
  } else {
    ++counters_.failures;
    if (counters_.failures <= 5) std::fprintf(stderr, "  POST /v1/promises answered %d: %s\n", promise.status, promise.body.dump().c_str());
  }
  ++counters_.orders_placed;

  // The warehouse registers each parcel.
  for (const auto& p : o.parcels) {
    const auto t = truth_.find(p.name);
    std::string id;
    if (t != truth_.end()) {
      json body = {{"order_id", o.id},
                   {"tracking_number", t->second.tracking_number},
                   {"carrier", p.carrier},
                   {"service", p.shipped_service},
                   {"warehouse_id", warehouse_id},
                   {"destination", {{"postal_code", p.recipient.postal_code}, {"country", p.recipient.country},
                                    {"time_zone", p.recipient.time_zone}}},
                   {"purchaser", contact_of(customer.person)},
                   {"recipients", o.gift ? json::array({contact_of(p.recipient)}) : json::array()},
                   {"customer", {{"lifetime_value", customer.lifetime_value}, {"currency", season_.currency},
                                 {"order_count", customer.order_count}, {"tier", customer.tier}}}};
      if (!result.promised_date.empty()) body["promised_date"] = result.promised_date;
      if (!o.event.empty()) body["event_id"] = event_ids_.at(o.event);
      const Answer a = api.call("POST", "/v1/shipments", body, p.name);
      if (a.status == 200 || a.status == 201) {
        id = a.body.value("id", "");
        ++counters_.shipments;
      } else {
        ++counters_.failures;
        if (counters_.failures <= 5) std::fprintf(stderr, "  POST /v1/shipments answered %d: %s\n", a.status, a.body.dump().c_str());
      }
    }
    result.shipment_ids.push_back(id);
  }
  result.done = true;
  std::lock_guard lock(results_mu_);
  results_[index] = std::move(result);
}

long long count_sent(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(10, 0);
  auto r = c.Get("/metrics");
  if (!r || r->status != 200) return -1;
  std::istringstream lines(r->body);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("forewarn_messages{status=\"sent\"}", 0) == 0) return std::stoll(line.substr(line.rfind(' ') + 1));
  return 0;
}

void Demo::progress_line(int port, bool final_line) {
  const Instant now = std::min(clock_->now(), season_end_);
  long long delivered = 0;
  {
    std::lock_guard lock(results_mu_);
    for (std::size_t i = 0; i < results_.size(); ++i) {
      if (!results_[i].done) continue;
      for (const auto& p : season_.orders[i].parcels) {
        const auto t = truth_.find(p.name);
        if (t != truth_.end() && t->second.delivered_at && *t->second.delivered_at <= now) ++delivered;
      }
    }
  }
  std::printf("  %s  orders %d/%zu  shipments %d  delivered %lld  messages sent %lld%s\n", short_time(now).c_str(),
              counters_.orders_placed.load(), season_.orders.size(), counters_.shipments.load(), delivered,
              count_sent(port), final_line ? "  (season over)" : "");
  std::fflush(stdout);
}

void Demo::replay(int port) {
  results_.assign(season_.orders.size(), OrderResult{});
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::size_t> queue;
  bool closed = false;
  const std::size_t capacity = static_cast<std::size_t>(options_.clients) * 4;
  std::vector<std::thread> workers;
  for (int w = 0; w < options_.clients; ++w)
    workers.emplace_back([&, w] {
      (void)w;
      Api api(port, key_);
      for (;;) {
        std::size_t index = 0;
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return closed || !queue.empty(); });
          if (queue.empty()) return;
          index = queue.front();
          queue.pop_front();
        }
        cv.notify_all();
        const long long lag = (clock_->now() - season_.orders[index].placed_at).count();
        if (lag > counters_.max_lag_ms) counters_.max_lag_ms = lag;
        if (lag > 3 * 3600 * 1000LL) ++counters_.behind;  // three simulated hours late
        place_order(api, index);
      }
    });

  std::atomic<bool> replaying{true};
  std::thread progress([&] {
    while (replaying) {
      for (int i = 0; i < 50 && replaying; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (replaying) progress_line(port, false);
    }
  });

  Api main_api(port, key_);
  bool backlog_declared = false;
  std::size_t next = 0;
  std::exception_ptr failure;  // the driver's own calls; the threads are joined before it is rethrown
  try {
  while (!g_interrupted) {
    const Instant now = clock_->now();
    if (!backlog_declared && now >= season_.backlog_at && season_.backlog_at < season_end_) {
      // The bakery tells forewarn it is five days behind, on the day it is.
      main_api.must("PATCH", "/v1/warehouses/" + warehouse_ids_.at("bakery"), json{{"backlog_days", season_.backlog_days}});
      std::printf("  %s  the bakery declares a %d-day backlog (PATCH /v1/warehouses/%s)\n", short_time(now).c_str(),
                  season_.backlog_days, warehouse_ids_.at("bakery").c_str());
      backlog_declared = true;
    }
    if (next < season_.orders.size() && season_.orders[next].placed_at <= now) {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return queue.size() < capacity; });
      queue.push_back(next++);
      lock.unlock();
      cv.notify_all();
      continue;
    }
    if (next >= season_.orders.size() && now >= season_end_) break;
    const Instant due = next < season_.orders.size() ? std::min(season_.orders[next].placed_at, season_end_) : season_end_;
    const double real_ms = static_cast<double>((due - now).count()) / factor_;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(static_cast<long long>(real_ms), 1LL, 100LL)));
  }
  } catch (...) {
    failure = std::current_exception();
  }
  {
    std::lock_guard lock(mu);
    closed = true;
    if (failure) queue.clear();
  }
  cv.notify_all();
  for (auto& t : workers) t.join();
  replaying = false;
  progress.join();
  if (failure) std::rethrow_exception(failure);
  progress_line(port, true);
}

core::report::SeasonData Demo::collect(Api& api) {
  core::report::SeasonData data;
  data.seed = static_cast<long long>(options_.seed);
  data.from = options_.from;
  data.to = options_.to;
  data.quiet_start = season_.policy["quiet_hours"].value("start", "21:00");
  data.quiet_end = season_.policy["quiet_hours"].value("end", "08:00");
  data.monthly_budget = season_.monthly_budget;
  data.currency = season_.currency;

  std::map<std::string, std::string> tz_of_address, tier_of_shipment;
  for (std::size_t i = 0; i < season_.orders.size(); ++i) {
    const auto& o = season_.orders[i];
    const auto& r = results_[i];
    if (!r.done) continue;
    const auto& customer = season_.customers[static_cast<std::size_t>(o.customer)];
    core::report::OrderTruth ot;
    ot.order_id = o.id;
    ot.placed_at = o.placed_at;
    ot.customer_key = customer.person.key;
    ot.tier = customer.tier;
    ot.locale = customer.person.locale;
    ot.time_zone = customer.person.time_zone;
    ot.gift = o.gift;
    ot.chosen_service = o.chosen;
    ot.stated_probability = r.probability;
    ot.promise_met_stated = r.meets;
    ot.chose_too_slow = !o.event.empty() && r.probability && !r.meets;
    tz_of_address[customer.person.email] = customer.person.time_zone;
    if (!customer.person.phone.empty()) tz_of_address[customer.person.phone] = customer.person.time_zone;
    for (std::size_t p = 0; p < o.parcels.size(); ++p) {
      const auto& parcel = o.parcels[p];
      const std::string& id = r.shipment_ids[p];
      if (id.empty()) continue;
      ot.shipment_ids.push_back(id);
      tier_of_shipment[id] = customer.tier;
      tz_of_address[parcel.recipient.email] = parcel.recipient.time_zone;
      if (!parcel.recipient.phone.empty()) tz_of_address[parcel.recipient.phone] = parcel.recipient.time_zone;
      const SimTruth& t = truth_.at(parcel.name);
      core::report::ShipmentTruth st;
      st.shipment_id = id;
      st.order_id = o.id;
      st.carrier = parcel.carrier;
      st.service = parcel.shipped_service;
      st.tracking_number = t.tracking_number;
      st.recipient_name = parcel.recipient.name;
      st.recipient_locale = parcel.recipient.locale;
      st.recipient_time_zone = parcel.recipient.time_zone;
      st.event_name = o.event;
      if (!o.event.empty()) {
        const auto& ev = std::find_if(season_.events.begin(), season_.events.end(), [&](const auto& e) { return e.name == o.event; });
        if (ev != season_.events.end() && ev->body.at("rule").value("type", "") == "annual")
          st.deadline = local_instant(parcel.recipient.time_zone, cal::make_day(cal::year_of(o.parcels[0].ship_date), 12, 24),
                                      ev->body.value("deadline_time", "23:59:59"));
        else st.deadline = r.deadline;
      }
      if (auto d = cal::parse_day(r.promised_date)) st.promised_by = local_instant(parcel.recipient.time_zone, *d, "23:59:59") + Duration{999};
      if (t.delivered_at && *t.delivered_at <= season_end_) st.delivered_at = t.delivered_at;
      st.plan = t.plan;
      st.reason = t.reason;
      st.causes = parcel.causes;
      if (t.weather) st.causes.push_back("weather_day");
      if (t.christmas_delay_days > 0) st.causes.push_back("christmas_delay");
      const Instant christmas = local_instant("America/New_York", cal::make_day(cal::year_of(o.parcels[0].ship_date), 12, 25), "00:00:00");
      if (t.first_scan_at && *t.first_scan_at < christmas && (!t.delivered_at || *t.delivered_at > christmas))
        st.causes.push_back("holiday");
      data.shipments.push_back(std::move(st));
    }
    data.orders.push_back(std::move(ot));
  }

  // Every message of the outbox, a page at a time.
  std::string cursor;
  for (;;) {
    const json page = api.must("GET", "/v1/messages?limit=100" + (cursor.empty() ? std::string() : "&cursor=" + cursor));
    for (const auto& m : page.at("items")) {
      core::report::MessageRecord r;
      r.id = m.value("id", "");
      r.kind = m.value("kind", "");
      r.channel = m.value("channel", "");
      r.audience = m.value("audience", "");
      r.status = m.value("status", "");
      r.locale = m.value("locale", "");
      if (m.contains("episode_keys") && m["episode_keys"].is_array()) r.episode_keys = m["episode_keys"].get<std::vector<std::string>>();
      else if (m.contains("episode_key") && m["episode_key"].is_string()) r.episode_keys = {m["episode_key"].get<std::string>()};
      std::string address;
      if (const auto rec = m.find("recipient"); rec != m.end() && rec->is_object()) address = rec->value("address", "");
      r.addressee_key = crypto::hex(crypto::sha256(address)).substr(0, 16);
      if (const auto tz = tz_of_address.find(address); tz != tz_of_address.end()) r.addressee_time_zone = tz->second;
      if (m.contains("shipment_ids") && m["shipment_ids"].is_array()) r.shipment_ids = m["shipment_ids"].get<std::vector<std::string>>();
      r.created_at = instant_of(m, "created_at").value_or(Instant{});
      r.send_at = instant_of(m, "send_at").value_or(r.created_at);
      r.sent_at = instant_of(m, "sent_at");
      if (!r.shipment_ids.empty())
        if (const auto t = tier_of_shipment.find(r.shipment_ids.front()); t != tier_of_shipment.end()) r.tier = t->second;
      if (const auto remedy = m.find("remedy"); remedy != m.end() && remedy->is_object()) {
        r.remedy_kind = remedy->value("kind", "");
        r.remedy_cost = remedy->value("cost", 0.0);
      }
      if (m.contains("tier") && m["tier"].is_string()) r.tier = m["tier"].get<std::string>();
      r.subject = m.value("subject", "");
      r.body_text = m.value("text", "");
      data.messages.push_back(std::move(r));
    }
    const auto next = page.find("next_cursor");
    if (next == page.end() || !next->is_string()) break;
    cursor = next->get<std::string>();
  }
  return data;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void watch_signals(sigset_t set) {
  std::thread([set] {
    int sig = 0;
    while (sigwait(&set, &sig) == 0) {
      if (g_interrupted.exchange(true)) continue;
      std::fprintf(stderr, "\nforewarn demo: stopping every process...\n");
    }
  }).detach();
}

int Demo::run() {
  const auto from = cal::parse_day(options_.from);
  const auto to = cal::parse_day(options_.to);
  if (!from || !to || *to < *from) throw std::invalid_argument("--from and --to must be dates YYYY-MM-DD, from <= to");
  season_end_ = local_instant("UTC", *to + date::days{1}, "00:00:00");
  const Instant season_start = local_instant("UTC", *from, "00:00:00");
  factor_ = static_cast<double>((season_end_ - season_start).count()) / (options_.replay_seconds * 1000.0);

  const auto real_start = std::chrono::steady_clock::now();
  std::printf("forewarn demo: seed %llu, %s to %s, %d orders; one simulated day every %.1f s\n",
              static_cast<unsigned long long>(options_.seed), options_.from.c_str(), options_.to.c_str(), options_.orders,
              86400.0 / factor_);
  season_ = core::demo::generate_season({options_.seed, *from, *to, options_.orders});
  std::printf("  season: %zu orders, %zu parcels, %zu customers\n", season_.orders.size(),
              core::demo::parcel_count(season_), season_.customers.size());

  fs::create_directories(options_.out);
  logs_ = fs::absolute(fs::path(options_.out) / "logs").string();
  fs::create_directories(logs_);
  const std::string scenario_path = fs::absolute(fs::path(options_.out) / "scenario.json").string();
  write_file(scenario_path, core::demo::sim_scenario(season_).dump(1));

  // Preconditions the person can fix.
  const std::string sink = find_smtp_sink();
  if (sink.empty()) throw std::runtime_error("tools/smtp-sink.py not found next to this binary's source tree");
  if (platform::run_process({"/usr/bin/python3", "-c", "import aiosmtpd"}).exit_code != 0)
    throw std::runtime_error("the local SMTP server needs Debian's python3-aiosmtpd: apt-get install python3-aiosmtpd (or scripts/install-deps)");

  // The private PostgreSQL, and a fresh database for this season.
  const char* bindir_env = std::getenv("FOREWARN_PG_BINDIR");
  pg_ = std::make_unique<db::EmbeddedPostgres>(options_.data_dir, bindir_env ? bindir_env : "/usr/lib/postgresql/15/bin");
  std::printf("  starting PostgreSQL in %s\n", options_.data_dir.c_str());
  pg_->ensure_running("postgres");
  pg_->drop_database("forewarn_demo");
  const std::string db_url = pg_->ensure_running("forewarn_demo");
  const std::string self = self_executable();

  // The tenant and its key (migrates the database first).
  {
    Child tenant("tenant", {self, "tenant", "create", "The Cookie Shop"}, {{"FOREWARN_DATABASE_URL", db_url}}, logs_);
    while (tenant.running()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::string out = tenant.stdout_text();
    const auto at = out.find("fwk_");
    if (at == std::string::npos) throw std::runtime_error("forewarn tenant create failed: " + tenant.stderr_tail());
    key_ = out.substr(at, out.find_first_of(" \n", at) - at);
  }

  // One accelerated clock for every process, anchored a few seconds ahead so
  // that the set-up below happens before the season's first instant.
  const Instant anchor = platform::SystemClock().now() + std::chrono::seconds{8};
  char factor_text[32];
  std::snprintf(factor_text, sizeof factor_text, "%.3f", factor_);
  const std::string clock_spec = "accelerated:" + format_iso8601(season_start) + "@" + factor_text + "@" + format_iso8601(anchor);
  clock_ = platform::make_clock(clock_spec);

  Child& sim = start("sim-carrier", {self, "sim-carrier", "--scenario", scenario_path, "--port", "0"}, {{"FOREWARN_CLOCK", clock_spec}});
  Child& sms = start("sim-provider", {self, "sim-provider", "--port", "0"}, {{"FOREWARN_CLOCK", clock_spec}});
  Child& smtp = start("smtp-sink", {"/usr/bin/python3", sink, "--jsonl", logs_ + "/mail.jsonl", "--port", "0", "--no-body"}, {});
  const auto sim_port = port_of(sim, "");
  const auto sms_port = port_of(sms, "");
  const auto smtp_port = port_of(smtp, "is python3-aiosmtpd installed? apt-get install python3-aiosmtpd");
  if (!sim_port || !sms_port || !smtp_port) return 1;
  const std::string sim_url = "http://127.0.0.1:" + std::to_string(*sim_port);
  Env serve_env = {{"FOREWARN_DATABASE_URL", db_url},
                   {"FOREWARN_HTTP_PORT", std::to_string(options_.port)},
                   {"FOREWARN_CLOCK", clock_spec},
                   {"FOREWARN_LOG_LEVEL", "info"},
                   {"FOREWARN_DISPATCH_IDLE_MS", "50"}};
  // The learned models (transit, and the carrier slip of the last days) are
  // rebuilt every three simulated hours, as a real deployment's default does
  // every five minutes of a real day's news; the checkout's snapshot (which
  // carries the slip) is kept as long.
  const long long rebuild_ms = std::clamp(static_cast<long long>(3.0 * 3600 * 1000 / factor_), 250LL, 20000LL);
  serve_env["FOREWARN_MODEL_REBUILD_MS"] = std::to_string(rebuild_ms);
  serve_env["FOREWARN_SNAPSHOT_TTL_MS"] = std::to_string(rebuild_ms);
  // Leases (a poll round's, a send's) guard against a worker that died; they
  // are simulated seconds, and a round of real work takes a sizeable share
  // of a real second. Two real seconds each: with the defaults (120 s) a
  // round outlasted its lease at the replay's speed, and the same shipments
  // and messages were leased again while still being worked on (3,630
  // interrupted sends, tracking events recorded up to 8 days late).
  const std::string lease_s = std::to_string(std::clamp(static_cast<long long>(std::ceil(2.0 * factor_)), 120LL, 86400LL));
  serve_env["FOREWARN_POLL_LEASE_S"] = lease_s;
  serve_env["FOREWARN_DISPATCH_LEASE_S"] = lease_s;
  // The sweep re-assesses shipments without news (hourly by default). At the
  // replay's speed an hourly sweep of the season's ~1,500 active shipments is
  // thousands of assessments per real second, taken from the polls that
  // bring the news; every six simulated hours leaves the machine to them.
  serve_env["FOREWARN_ASSESS_INTERVAL_S"] = "21600";
  // Polls: the adaptive cadence asks for a parcel at risk every hour, and
  // near Christmas most of the ~1,500 parcels on their way are; at the
  // replay's speed (6.5 simulated hours a real second) that is thousands of
  // polls per real second, more than this machine does (bench/polling.sh):
  // with a floor of four simulated hours, 1,040 parcels were still more than
  // twelve hours overdue on 23 December. A parcel is polled at most every 1.5
  // real seconds (about 1,000 polls a second for 1,500 parcels), as an
  // operator with a tight carrier quota would set the floor.
  serve_env["FOREWARN_POLL_MIN_INTERVAL_S"] =
      std::to_string(std::clamp(static_cast<long long>(std::ceil(1.5 * factor_)), 3600LL, 86400LL));
  // Quiet hours are checked when a round's messages are leased; they reach
  // the shopper a round's sends later, which the accelerated clock stretches
  // by `factor_`. A quarter of a real second was measured as enough while the
  // polls fell behind; with the polls keeping up (the floor below) the machine
  // is busier and two of 2,600 sends started 8 minutes into quiet hours: half
  // a real second.
  serve_env["FOREWARN_DISPATCH_QUIET_GUARD_S"] =
      std::to_string(std::clamp(static_cast<long long>(std::ceil(0.5 * factor_)), 60LL, 86400LL));
  for (const char* c : {"UPS", "FEDEX", "USPS"}) {
    serve_env[std::string("FOREWARN_") + c + "_BASE_URL"] = sim_url;
    serve_env[std::string("FOREWARN_") + c + "_CLIENT_ID"] = "demo";
    serve_env[std::string("FOREWARN_") + c + "_CLIENT_SECRET"] = "demo";
  }
  serve_env["FOREWARN_DHL_BASE_URL"] = sim_url;
  serve_env["FOREWARN_DHL_API_KEY"] = "demo";
  Child* serve = &start("serve", {self, "serve"}, serve_env);
  const auto port = port_of(*serve, options_.port ? "is the port taken? pass --port N (0: any free one)" : "");
  if (!port) return 1;
  std::printf("  forewarn serve on http://127.0.0.1:%d, simulated carriers on %d, SMTP on %d, SMS (Twilio) on %d\n", *port,
              *sim_port, *smtp_port, *sms_port);

  port_ = *port;
  Api api(*port, key_);
  setup_tenant(api);
  api.must("PUT", "/v1/providers/email",
           json{{"primary", {{"kind", "smtp"}, {"config", {{"url", "smtp://127.0.0.1:" + std::to_string(*smtp_port)},
                                                           {"from", "hello@cookies.example"},
                                                           {"from_name", "The Cookie Shop"}}}}}});
  api.must("PUT", "/v1/providers/sms",
           json{{"primary", {{"kind", "twilio"}, {"config", {{"base_url", "http://127.0.0.1:" + std::to_string(*sms_port)},
                                                             {"account_sid", "AC00000000000000000000000000000001"},
                                                             {"auth_token", "demo-token"},
                                                             {"from", "+15005550006"}}}}}});
  read_sim_truth(*sim_port);
  const Instant set_up = clock_->now();
  if (set_up > season_start)
    std::printf("  note: the set-up ran %.1f simulated hours into the season\n",
                static_cast<double>((set_up - season_start).count()) / 3.6e6);
  std::printf("  replaying the season (tenant, warehouses, events%s and providers set up through the API)\n",
              policy_set_ ? ", policy" : "");
  while (clock_->now() < season_start && !g_interrupted) std::this_thread::sleep_for(std::chrono::milliseconds(20));

  replay(*port);
  if (g_interrupted) {
    stop_all();
    return 130;
  }
  if (counters_.behind > 0)
    std::printf("  note: %d orders were placed more than 3 simulated hours late (the driver fell behind; worst %.1f h)\n",
                counters_.behind.load(), static_cast<double>(counters_.max_lag_ms.load()) / 3.6e6);
  if (counters_.failures > 0) std::printf("  note: %d API calls failed (see above)\n", counters_.failures.load());

  // The report.
  const core::report::SeasonData data = collect(api);
  write_file(fs::path(options_.out) / "season.json", core::report::to_json(data).dump(1));
  const core::report::ReportFiles report = core::report::render_report(data);
  write_file(fs::path(options_.out) / "report.json", report.json.dump(2));
  write_file(fs::path(options_.out) / "report.html", report.html);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - real_start).count();
  std::printf("\n%s\n", report.summary.c_str());
  std::printf("  %zu orders, %zu shipments, %zu messages; %.0f s\n  report: %s\n", data.orders.size(), data.shipments.size(),
              data.messages.size(), took, fs::absolute(fs::path(options_.out) / "report.html").string().c_str());
  std::fflush(stdout);

  if (options_.exit_at_end) {
    stop_all();
    return 0;
  }

  // Stay up for exploring, on a clock stopped at the end of the season.
  serve->stop();
  serve_env["FOREWARN_CLOCK"] = "fixed:" + format_iso8601(season_end_);
  serve_env["FOREWARN_HTTP_PORT"] = std::to_string(*port);
  serve = &start("serve-after", {self, "serve"}, serve_env);
  if (!port_of(*serve, "")) {
    stop_all();
    return 1;
  }
  const std::string base = "http://127.0.0.1:" + std::to_string(*port);
  std::printf(
      "\nforewarn is still running at %s, its clock stopped at the end of the season.\n\n"
      "  API key of \"The Cookie Shop\":\n    %s\n\n"
      "  Try:\n"
      "    curl -s '%s/v1/messages?limit=5' -H 'Authorization: Bearer %s'\n"
      "    curl -s '%s/v1/shipments?status=exception&limit=5' -H 'Authorization: Bearer %s'\n"
      "    curl -s %s/v1/warehouses -H 'Authorization: Bearer %s'\n\n"
      "  Press Ctrl-C to stop forewarn, the simulators and the database.\n",
      base.c_str(), key_.c_str(), base.c_str(), key_.c_str(), base.c_str(), key_.c_str(), base.c_str(), key_.c_str());
  std::fflush(stdout);
  while (!g_interrupted) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (!serve->running()) {
      std::fprintf(stderr, "forewarn demo: forewarn serve stopped:\n%s\n", serve->stderr_tail().c_str());
      break;
    }
  }
  stop_all();
  return 0;
}

}  // namespace

int run_demo(const DemoOptions& options) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
  watch_signals(set);
  Demo demo(options);
  try {
    return demo.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "forewarn demo: %s\n", e.what());
    return 1;
  }
}

}  // namespace forewarn::demo
