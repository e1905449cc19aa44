#include "sim/scenario.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "core/calendar/carrier_services.hpp"

namespace forewarn::sim {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<Plan, std::string_view>, 7> kPlans{{
    {Plan::normal, "normal"},
    {Plan::delayed, "delayed"},
    {Plan::never_scanned, "never_scanned"},
    {Plan::exception, "exception"},
    {Plan::attempt_failed, "attempt_failed"},
    {Plan::pickup, "pickup"},
    {Plan::returned, "returned"},
}};

struct Reader {
  std::vector<std::string>& errors;

  void error(const std::string& where, std::string_view what) {
    std::string e = where;
    e += ": ";
    e += what;
    errors.push_back(std::move(e));
  }

  template <typename T>
  bool number(const json& j, const char* key, const std::string& where, T lo, T hi, T& out) {
    const auto it = j.find(key);
    if (it == j.end()) return false;
    if (!it->is_number() || it->template get<double>() < static_cast<double>(lo) ||
        it->template get<double>() > static_cast<double>(hi)) {
      error(where + "." + key, "expected a number from " + std::to_string(lo) + " to " + std::to_string(hi));
      return false;
    }
    out = it->template get<T>();
    return true;
  }

  std::optional<std::string> text(const json& j, const char* key, const std::string& where) {
    const auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    if (!it->is_string()) {
      error(where + "." + key, "expected a string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<core::calendar::Day> day(const json& j, const char* key, const std::string& where) {
    auto s = text(j, key, where);
    if (!s) return std::nullopt;
    auto d = core::calendar::parse_day(*s);
    if (!d) error(where + "." + key, "expected a date YYYY-MM-DD");
    return d;
  }

  std::vector<tracking::Carrier> carriers(const json& j, const std::string& where) {
    std::vector<tracking::Carrier> out;
    if (!j.is_array()) {
      error(where, "expected an array");
      return out;
    }
    for (const auto& cj : j) {
      auto c = cj.is_string() ? tracking::carrier_from_string(cj.get<std::string>()) : std::nullopt;
      if (!c || *c == tracking::Carrier::s10) error(where, "expected ups, fedex, usps or dhl");
      else out.push_back(*c);
    }
    return out;
  }

  void weather_day(const json& j, const std::string& where, std::vector<WeatherDay>& out) {
    if (!j.is_object()) {
      error(where, "expected an object");
      return;
    }
    WeatherDay w;
    auto d = day(j, "date", where);
    if (!d) {
      if (j.find("date") == j.end()) error(where + ".date", "is required");
      return;
    }
    w.date = *d;
    if (auto it = j.find("carriers"); it != j.end()) w.carriers = carriers(*it, where + ".carriers");
    number(j, "delay_days", where, 0, 30, w.delay_days);
    out.push_back(std::move(w));
  }

  std::optional<tracking::Carrier> carrier(const json& j, const std::string& where) {
    auto s = text(j, "carrier", where);
    if (!s) return std::nullopt;
    auto c = tracking::carrier_from_string(*s);
    if (!c || *c == tracking::Carrier::s10) {
      error(where + ".carrier", "expected ups, fedex, usps or dhl");
      return std::nullopt;
    }
    return c;
  }

  FaultRates faults(const json& j, const std::string& where, FaultRates base) {
    if (!j.is_object()) {
      error(where, "expected an object");
      return base;
    }
    number(j, "rate_limited", where, 0.0, 1.0, base.rate_limited);
    number(j, "server_error", where, 0.0, 1.0, base.server_error);
    number(j, "timeout", where, 0.0, 1.0, base.timeout);
    number(j, "malformed", where, 0.0, 1.0, base.malformed);
    number(j, "unauthorized", where, 0.0, 1.0, base.unauthorized);
    number(j, "retry_after_s", where, 0, 86400, base.retry_after_s);
    number(j, "timeout_ms", where, 1, 600000, base.timeout_ms);
    if (auto f = text(j, "retry_after_format", where)) {
      if (*f == "seconds") base.retry_after_http_date = false;
      else if (*f == "http-date") base.retry_after_http_date = true;
      else error(where + ".retry_after_format", "expected seconds or http-date");
    }
    if (base.total() > 1.0 + 1e-9) error(where, "the fault rates add up to more than 1");
    return base;
  }

  void shipment(const json& j, const std::string& where, const Scenario& sc, std::vector<ShipmentSpec>& out) {
    if (!j.is_object()) {
      error(where, "expected an object");
      return;
    }
    ShipmentSpec s;
    s.ship_date = sc.start;
    if (auto n = text(j, "name", where)) s.name = *n;
    auto c = carrier(j, where);
    if (auto n = text(j, "tracking_number", where)) {
      const tracking::Detection d = tracking::detect(*n);
      const tracking::FormatMatch* best = d.best();
      if (!best) {
        error(where + ".tracking_number", d.failed_check_digit() ? "fails its check digit" : "is not a known format");
        return;
      }
      if (c && best->carrier != *c) {
        error(where + ".tracking_number", "is not a number of that carrier");
        return;
      }
      c = best->carrier;
      s.tracking_number = d.normalized;
    }
    if (!c || *c == tracking::Carrier::s10) {
      error(where, "needs a carrier (ups, fedex, usps, dhl) or a tracking number of one");
      return;
    }
    s.carrier = *c;
    if (auto svc = text(j, "service", where)) {
      std::string prefix(tracking::to_string(s.carrier));
      prefix += '-';
      if (!core::calendar::find_carrier_service(*svc) || svc->rfind(prefix, 0) != 0) {
        error(where + ".service", "is not a service of that carrier (see core/calendar/carrier_services)");
        return;
      }
      s.service = *svc;
    }
    if (auto d = day(j, "ship_date", where)) s.ship_date = *d;
    if (auto p = text(j, "plan", where)) {
      auto plan = plan_from_string(*p);
      if (!plan) {
        error(where + ".plan", "expected normal, delayed, never_scanned, exception, attempt_failed, pickup or returned");
        return;
      }
      s.plan = *plan;
    }
    if (auto r = text(j, "reason", where)) {
      s.reason = tracking::exception_reason_from_string(*r);
      if (!s.reason) error(where + ".reason", "expected weather, address, damaged, customs, held, returned, lost or other");
    }
    if (s.plan == Plan::exception && !s.reason) s.reason = tracking::ExceptionReason::weather;
    number(j, "delay_days", where, 0, 60, s.delay_days);
    number(j, "handover_delay_days", where, 0, 60, s.handover_delay_days);
    if (auto it = j.find("faults"); it != j.end()) s.faults = faults(*it, where + ".faults", FaultRates{});
    out.push_back(std::move(s));
  }
};

}  // namespace

std::string_view to_string(Plan p) noexcept {
  for (const auto& [v, n] : kPlans)
    if (v == p) return n;
  return "normal";
}

std::optional<Plan> plan_from_string(std::string_view s) noexcept {
  for (const auto& [v, n] : kPlans)
    if (n == s) return v;
  return std::nullopt;
}

std::vector<std::pair<Plan, double>> default_plan_mix() {
  return {{Plan::normal, 0.70},    {Plan::delayed, 0.10},       {Plan::never_scanned, 0.04}, {Plan::exception, 0.08},
          {Plan::attempt_failed, 0.04}, {Plan::pickup, 0.02}, {Plan::returned, 0.02}};
}

ScenarioParse parse_scenario(std::string_view json_text, core::calendar::Day default_start) {
  ScenarioParse out;
  Reader r{out.errors};
  const json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    r.error("scenario", "is not a JSON object");
    return out;
  }
  static const std::array<std::string_view, 11> kKeys{"seed",        "token_ttl_s", "faults",          "christmas",
                                                       "credentials", "start",       "unknown_numbers", "shipments",
                                                       "generate",    "comment",     "weather"};
  for (const auto& [k, v] : j.items())
    if (std::find(kKeys.begin(), kKeys.end(), k) == kKeys.end()) r.error(k, "is not a scenario field");

  Scenario sc;
  sc.start = default_start;
  r.number(j, "seed", "scenario", std::uint64_t{0}, std::uint64_t{1} << 53, sc.seed);
  long long ttl = sc.token_ttl.count();
  if (r.number(j, "token_ttl_s", "scenario", 1LL, 86400LL, ttl)) sc.token_ttl = std::chrono::seconds{ttl};
  if (auto d = r.day(j, "start", "scenario")) sc.start = *d;
  if (auto it = j.find("faults"); it != j.end()) sc.faults = r.faults(*it, "faults", sc.faults);
  if (auto it = j.find("christmas"); it != j.end()) {
    r.number(*it, "max_extra_days", "christmas", 0, 30, sc.christmas_max_extra_days);
    r.number(*it, "window_days", "christmas", 1, 90, sc.christmas_window_days);
  }
  if (auto u = r.text(j, "unknown_numbers", "scenario")) {
    if (*u == "track") sc.track_unknown_numbers = true;
    else if (*u != "not_found") r.error("unknown_numbers", "expected not_found or track");
  }
  if (auto it = j.find("credentials"); it != j.end()) {
    if (!it->is_object()) r.error("credentials", "expected an object by carrier");
    else
      for (const auto& [name, cred] : it->items()) {
        auto c = tracking::carrier_from_string(name);
        const std::string where = "credentials." + name;
        if (!c || *c == tracking::Carrier::s10 || !cred.is_object()) {
          r.error(where, "expected ups, fedex, usps or dhl with an object");
          continue;
        }
        Credentials creds;
        if (auto v = r.text(cred, "client_id", where)) creds.client_id = *v;
        if (auto v = r.text(cred, "client_secret", where)) creds.client_secret = *v;
        if (auto v = r.text(cred, "api_key", where)) creds.api_key = *v;
        sc.credentials[*c] = creds;
      }
  }
  if (auto it = j.find("shipments"); it != j.end()) {
    if (!it->is_array()) r.error("shipments", "expected an array");
    else
      for (std::size_t i = 0; i < it->size(); ++i)
        r.shipment((*it)[i], "shipments[" + std::to_string(i) + "]", sc, sc.shipments);
  }
  if (auto it = j.find("generate"); it != j.end()) {
    Generator& g = sc.generator;
    g.ship_from = sc.start;
    if (!it->is_object()) {
      r.error("generate", "expected an object");
    } else {
      r.number(*it, "count", "generate", 0, 9000000, g.count);
      r.number(*it, "ship_days", "generate", 1, 366, g.ship_days);
      if (auto d = r.day(*it, "ship_from", "generate")) g.ship_from = *d;
      if (auto cs = it->find("carriers"); cs != it->end()) {
        g.carriers = r.carriers(*cs, "generate.carriers");
        if (g.carriers.empty()) r.error("generate.carriers", "must name at least one carrier");
      }
      if (auto ps = it->find("plans"); ps != it->end()) {
        if (!ps->is_object()) r.error("generate.plans", "expected an object of weights");
        else
          for (const auto& [name, w] : ps->items()) {
            auto p = plan_from_string(name);
            if (!p || !w.is_number() || w.get<double>() < 0) r.error("generate.plans." + name, "expected a plan with a weight >= 0");
            else g.plans.emplace_back(*p, w.get<double>());
          }
      }
    }
  }
  if (auto it = j.find("weather"); it != j.end()) {
    if (!it->is_array()) r.error("weather", "expected an array");
    else
      for (std::size_t i = 0; i < it->size(); ++i) r.weather_day((*it)[i], "weather[" + std::to_string(i) + "]", sc.weather);
  }
  if (sc.generator.plans.empty()) sc.generator.plans = default_plan_mix();
  if (sc.generator.ship_from == core::calendar::Day{}) sc.generator.ship_from = sc.start;
  if (out.errors.empty()) out.scenario = std::move(sc);
  return out;
}

}  // namespace forewarn::sim
