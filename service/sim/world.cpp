#include "sim/world.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

#include "core/calendar/carrier_services.hpp"
#include "core/tracking/codec_support.hpp"
#include "core/tracking/detect.hpp"

namespace forewarn::sim {
namespace {

namespace cal = core::calendar;
using tracking::Carrier;
using tracking::ExceptionReason;
using tracking::Status;

// ---- deterministic randomness ----------------------------------------------

std::uint64_t mix64(std::uint64_t x) {  // splitmix64 finalizer
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t hash_text(std::string_view s) {  // FNV-1a, then mixed
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ULL;
  return mix64(h);
}

struct Rng {
  std::uint64_t state;
  std::uint64_t next() { return mix64(state += 0x9E3779B97F4A7C15ULL); }
  int below(int n) { return n <= 1 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

std::string concat(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size());
  out.append(a);
  out.append(b);
  return out;
}

std::string digits(std::uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(v));
  std::string s = buf;
  return s.substr(s.size() - static_cast<std::size_t>(width));
}

// ---- places ------------------------------------------------------------------

struct City {
  std::string_view city, state, zip, zone;
};

constexpr std::array<City, 14> kCities{{
    {"NEW YORK", "NY", "10001", "America/New_York"},
    {"ATLANTA", "GA", "30303", "America/New_York"},
    {"MIAMI", "FL", "33126", "America/New_York"},
    {"CHICAGO", "IL", "60607", "America/Chicago"},
    {"DALLAS", "TX", "75201", "America/Chicago"},
    {"DENVER", "CO", "80202", "America/Denver"},
    {"PHOENIX", "AZ", "85004", "America/Phoenix"},
    {"LOS ANGELES", "CA", "90012", "America/Los_Angeles"},
    {"SEATTLE", "WA", "98101", "America/Los_Angeles"},
    {"BOSTON", "MA", "02118", "America/New_York"},
    // carrier hubs
    {"LOUISVILLE", "KY", "40209", "America/Kentucky/Louisville"},
    {"MEMPHIS", "TN", "38118", "America/Chicago"},
    {"INDIANAPOLIS", "IN", "46241", "America/Indiana/Indianapolis"},
    {"HEBRON", "KY", "41048", "America/New_York"},
}};
constexpr int kEndpointCities = 10;

int hub_of(Carrier c) {
  switch (c) {
    case Carrier::ups: return 10;
    case Carrier::fedex: return 11;
    case Carrier::usps: return 12;
    case Carrier::dhl:
    case Carrier::s10: break;
  }
  return 13;
}

std::vector<const cal::CarrierService*> services_of(Carrier c) {
  std::string prefix(tracking::to_string(c));
  prefix += '-';
  std::vector<const cal::CarrierService*> out;
  for (const auto& s : cal::carrier_services())
    if (s.id.substr(0, prefix.size()) == prefix) out.push_back(&s);
  return out;
}

std::string_view ups_service_code(std::string_view service) {
  if (service == "ups-next-day-air") return "01";
  if (service == "ups-2nd-day-air") return "02";
  return "03";
}

std::chrono::year_month_day ymd_of(cal::Day d) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{d.time_since_epoch().count()}}};
}

constexpr std::array<ExceptionReason, 7> kGeneratedReasons{ExceptionReason::weather, ExceptionReason::weather,
                                                          ExceptionReason::address, ExceptionReason::damaged,
                                                          ExceptionReason::customs, ExceptionReason::held,
                                                          ExceptionReason::lost};

Plan pick_plan(const std::vector<std::pair<Plan, double>>& mix, double u) {
  double total = 0;
  for (const auto& [p, w] : mix) total += w;
  if (total <= 0) return Plan::normal;
  double x = u * total;
  for (const auto& [p, w] : mix) {
    if (x < w) return p;
    x -= w;
  }
  return mix.back().first;
}

// Builds one shipment's events in the carrier's local times.
class Builder {
 public:
  Builder(const std::vector<const date::time_zone*>& zones, Timeline& out) : zones_(zones), out_(out) {}

  Instant at(cal::Day d, int minute_of_day, int city) const {
    const auto local = date::local_time<std::chrono::minutes>{d.time_since_epoch()} + std::chrono::minutes{minute_of_day};
    return std::chrono::time_point_cast<Duration>(zones_[static_cast<std::size_t>(city)]->to_sys(local, date::choose::earliest));
  }

  Instant add(cal::Day d, int minute_of_day, int city, Status status, std::string_view description = {},
              std::optional<ExceptionReason> reason = std::nullopt) {
    const Instant t = at(d, minute_of_day, city);
    const auto info = zones_[static_cast<std::size_t>(city)]->get_info(date::sys_seconds{std::chrono::floor<std::chrono::seconds>(t)});
    tracking::TrackingEvent e;
    e.time = t;
    e.utc_offset_minutes = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count());
    e.status = status;
    e.description = std::string(description);
    e.exception_reason = reason;
    const City& c = kCities[static_cast<std::size_t>(city)];
    e.location = tracking::Location{std::string(c.city), std::string(c.state), std::string(c.zip), "US"};
    out_.events.push_back(std::move(e));
    return t;
  }

  void edd(Instant from, std::optional<cal::Day> day) { out_.edd_changes.emplace_back(from, day); }

 private:
  const std::vector<const date::time_zone*>& zones_;
  Timeline& out_;
};

}  // namespace

std::string_view to_string(Fault f) noexcept {
  switch (f) {
    case Fault::none: return "none";
    case Fault::rate_limited: return "rate_limited";
    case Fault::server_error: return "server_error";
    case Fault::timeout: return "timeout";
    case Fault::malformed: return "malformed";
    case Fault::unauthorized: return "unauthorized";
  }
  return "none";
}

World::World(Scenario scenario) : scenario_(std::move(scenario)) {
  for (const City& c : kCities) {
    try {
      zones_.push_back(date::locate_zone(c.zone));
    } catch (const std::exception& e) {
      std::string message = "time zone ";
      message += c.zone;
      message += " not found: ";
      message += e.what();
      throw std::runtime_error(message);
    }
  }
  const std::uint64_t s = scenario_.seed;
  static constexpr std::string_view kAlnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  // (concat, not `member = "literal"`: g++ 12 -O2 false -Wrestrict, GCC bug 105329)
  std::string shipper;
  std::uint64_t x = mix64(s);
  for (int i = 0; i < 4; ++i, x /= kAlnum.size()) shipper += kAlnum[x % kAlnum.size()];
  ups_shipper_ = concat("FW", shipper);
  fedex_prefix_ = concat("7", digits(mix64(s + 1) % 1000, 3));
  usps_prefix_ = concat("9400111899", digits(mix64(s + 2) % 10000, 4));
  dhl_prefix_ = digits(10 + mix64(s + 3) % 90, 2);

  explicit_ = scenario_.shipments;
  for (std::size_t i = 0; i < explicit_.size(); ++i) {
    ShipmentSpec& sp = explicit_[i];
    if (sp.service.empty()) sp.service = std::string(services_of(sp.carrier).front()->id);
    if (sp.tracking_number.empty()) sp.tracking_number = make_number(sp.carrier, 9000000 + i, sp.service);
    by_number_.emplace(sp.tracking_number, i);
  }
}

std::size_t World::size() const {
  return explicit_.size() + static_cast<std::size_t>(scenario_.generator.count);
}

ShipmentSpec World::at(std::size_t i) const {
  if (i < explicit_.size()) return explicit_[i];
  return generated(i - explicit_.size());
}

std::string World::make_number(Carrier carrier, std::uint64_t index, std::string_view service) const {
  std::string base;
  switch (carrier) {
    case Carrier::ups: base = concat(concat("1Z", ups_shipper_), ups_service_code(service)); break;
    case Carrier::fedex: base = fedex_prefix_; break;
    case Carrier::usps: base = usps_prefix_; break;
    case Carrier::dhl:
    case Carrier::s10: base = dhl_prefix_; break;
  }
  base += digits(index, 7);
  for (char d = '0'; d <= '9'; ++d) {
    std::string n = base + d;
    const tracking::Detection det = tracking::detect(n);
    if (const auto* best = det.best(); best && best->carrier == carrier && best->has_check_digit) return n;
  }
  return base + '0';  // not reached: every format above has a check digit for some last digit
}

ShipmentSpec World::generated(std::uint64_t index) const {
  const Generator& g = scenario_.generator;
  Rng rng{mix64(scenario_.seed * 0x100000001B3ULL + index)};
  ShipmentSpec s;
  s.carrier = g.carriers[index % g.carriers.size()];
  const auto services = services_of(s.carrier);
  s.service = std::string(services[static_cast<std::size_t>(rng.below(static_cast<int>(services.size())))]->id);
  s.ship_date = g.ship_from + date::days{rng.below(g.ship_days)};
  s.plan = pick_plan(g.plans, rng.uniform());
  if (s.plan == Plan::exception) s.reason = kGeneratedReasons[static_cast<std::size_t>(rng.below(static_cast<int>(kGeneratedReasons.size())))];
  s.tracking_number = make_number(s.carrier, index, s.service);
  return s;
}

ShipmentSpec World::derived(Carrier carrier, std::string number) const {
  Rng rng{hash_text(number) ^ mix64(scenario_.seed)};
  const Generator& g = scenario_.generator;
  ShipmentSpec s;
  s.carrier = carrier;
  const auto services = services_of(carrier);
  s.service = std::string(services[static_cast<std::size_t>(rng.below(static_cast<int>(services.size())))]->id);
  s.ship_date = g.ship_from + date::days{rng.below(g.ship_days)};
  s.plan = pick_plan(g.plans, rng.uniform());
  if (s.plan == Plan::exception) s.reason = kGeneratedReasons[static_cast<std::size_t>(rng.below(static_cast<int>(kGeneratedReasons.size())))];
  s.tracking_number = std::move(number);
  return s;
}

std::optional<std::uint64_t> World::generated_index(Carrier carrier, std::string_view n) const {
  std::size_t length = 0, index_at = 0;
  std::string prefix;
  switch (carrier) {
    case Carrier::ups: prefix = concat("1Z", ups_shipper_), length = 18, index_at = 10; break;
    case Carrier::fedex: prefix = fedex_prefix_, length = 12, index_at = 4; break;
    case Carrier::usps: prefix = usps_prefix_, length = 22, index_at = 14; break;
    case Carrier::dhl: prefix = dhl_prefix_, length = 10, index_at = 2; break;
    case Carrier::s10: return std::nullopt;
  }
  if (n.size() != length || n.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::uint64_t index = 0;
  for (char c : n.substr(index_at, 7)) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (index >= static_cast<std::uint64_t>(scenario_.generator.count)) return std::nullopt;
  return index;
}

std::optional<ShipmentSpec> World::find(Carrier carrier, std::string_view number) const {
  if (auto it = by_number_.find(std::string(number)); it != by_number_.end()) {
    const ShipmentSpec& s = explicit_[it->second];
    if (s.carrier == carrier) return s;
    return std::nullopt;
  }
  if (auto index = generated_index(carrier, number)) {
    ShipmentSpec s = generated(*index);
    if (s.tracking_number == number && s.carrier == carrier) return s;
  }
  if (scenario_.track_unknown_numbers) {
    const tracking::Detection d = tracking::detect(number);
    if (const auto* best = d.best(); best && best->carrier == carrier) return derived(carrier, d.normalized);
  }
  return std::nullopt;
}

Timeline World::timeline(const ShipmentSpec& s) const {
  Timeline tl;
  Builder b(zones_, tl);
  Rng rng{hash_text(s.tracking_number) ^ mix64(scenario_.seed)};
  const cal::CarrierService* svc = cal::find_carrier_service(s.service);
  if (!svc) svc = services_of(s.carrier).front();
  const cal::ServiceCalendar calendar = cal::service_calendar(*svc);
  const int origin = rng.below(kEndpointCities);
  int dest = rng.below(kEndpointCities - 1);
  if (dest >= origin) ++dest;
  const int hub = hub_of(s.carrier);
  const int transit = svc->min_transit_days + rng.below(svc->max_transit_days - svc->min_transit_days + 1);

  // Label created on the ship date; nothing more for a label never scanned.
  const cal::Day ship = s.ship_date;
  b.add(ship, 8 * 60 + rng.below(240), origin, Status::info_received);
  if (s.plan == Plan::never_scanned) return tl;

  // Picked up on the first pickup day (not on holidays or weekends), after the
  // warehouse's backlog when it has one.
  const cal::Day pickup = cal::next_pickup_day(calendar, ship + date::days{s.handover_delay_days});
  const Instant picked = b.add(pickup, 17 * 60 + rng.below(90), origin, Status::in_transit, "Pickup Scan");
  tl.first_scan_at = picked;
  b.add(pickup, 20 * 60 + 30 + rng.below(60), origin, Status::in_transit, "Departed from Facility");
  const cal::Day nominal = cal::add_business_days(calendar, pickup, transit);
  b.edd(picked, nominal);

  // Delays: the plan's own, the scenario's, and those growing toward Christmas.
  int delay = s.delay_days;
  if (s.plan == Plan::delayed) delay += 1 + rng.below(3);
  if (scenario_.christmas_max_extra_days > 0) {
    const cal::Day christmas_eve = cal::make_day(cal::year_of(pickup), 12, 24);
    const int before = static_cast<int>((christmas_eve - pickup).count());
    if (before >= 0 && before <= scenario_.christmas_window_days) {
      const double share = static_cast<double>(scenario_.christmas_window_days - before) / scenario_.christmas_window_days;
      tl.christmas_delay_days = static_cast<int>(scenario_.christmas_max_extra_days * share + rng.uniform());
      delay += tl.christmas_delay_days;
    }
  }
  const ExceptionReason reason = s.reason.value_or(ExceptionReason::other);
  const bool exception_plan = s.plan == Plan::exception;
  const bool terminal_exception = exception_plan && (reason == ExceptionReason::address || reason == ExceptionReason::lost ||
                                                     reason == ExceptionReason::returned);
  if (exception_plan && !terminal_exception) delay += 2;
  cal::Day delivery = cal::add_business_days(calendar, nominal, delay);
  // A weather day of the scenario catches the parcels of its carriers in transit that day.
  // (A flag and a day rather than an optional: g++ 12's optimiser warns of a
  // maybe-uninitialized optional<Day> here, an error under -Werror.)
  bool storm = false;
  cal::Day storm_day{};
  for (const WeatherDay& w : scenario_.weather) {
    const bool carrier_hit = w.carriers.empty() || std::find(w.carriers.begin(), w.carriers.end(), s.carrier) != w.carriers.end();
    if (!carrier_hit || storm || w.date <= pickup || w.date >= delivery) continue;
    storm = true;
    storm_day = w.date;
    tl.weather = true;
    delivery = cal::add_business_days(calendar, delivery, w.delay_days);
  }

  // In transit on business days only: holidays and weekends show no movement.
  const cal::Day first_transit = cal::add_business_days(calendar, pickup, 1);
  const cal::Day exception_day = std::max(first_transit, cal::add_business_days(calendar, nominal, -1));
  bool rescheduled = false;
  for (cal::Day d = first_transit; d < delivery; d = cal::add_business_days(calendar, d, 1)) {
    if (d == first_transit) {
      b.add(d, 2 * 60 + rng.below(60), hub, Status::in_transit, "Arrived at Facility");
      b.add(d, 5 * 60 + rng.below(60), hub, Status::in_transit, "Departed from Facility");
    } else {
      b.add(d, 11 * 60 + rng.below(120), hub, Status::in_transit, "In Transit to Next Facility");
    }
    if (storm && d >= storm_day) {
      const Instant t = b.add(storm_day, 12 * 60 + rng.below(60), hub, Status::exception, "Severe weather", ExceptionReason::weather);
      b.edd(t, delivery);
      storm = false;
      rescheduled = true;
    }
    if (exception_plan && !terminal_exception && d == exception_day) {
      const Instant t = b.add(d, 13 * 60 + rng.below(60), hub, Status::exception, {}, reason);
      b.edd(t, delivery);
      rescheduled = true;
    }
    if (!rescheduled && delivery != nominal && cal::add_business_days(calendar, d, 1) >= nominal) {
      b.edd(b.at(d, 18 * 60, hub), delivery);  // the carrier reschedules the day before
      rescheduled = true;
    }
    if (exception_plan && reason == ExceptionReason::lost && d >= exception_day) break;
  }
  if (exception_plan && reason == ExceptionReason::lost) {
    const cal::Day declared = cal::add_business_days(calendar, nominal, 5);
    const Instant t = b.add(declared, 9 * 60 + rng.below(120), hub, Status::exception, {}, ExceptionReason::lost);
    b.edd(t, std::nullopt);
    return tl;
  }

  const int m = rng.below(60);
  b.add(delivery, 4 * 60 + m, dest, Status::in_transit, "Arrived at Facility");
  const auto out_for_delivery = [&](cal::Day d) {
    b.add(d, 8 * 60 + rng.below(60), dest, Status::out_for_delivery);
  };
  const auto delivered = [&](cal::Day d) {
    tl.delivered_at = b.add(d, 11 * 60 + rng.below(360), dest, Status::delivered);
  };
  switch (s.plan) {
    case Plan::attempt_failed: {
      out_for_delivery(delivery);
      b.add(delivery, 14 * 60 + rng.below(120), dest, Status::attempt_failed);
      const cal::Day next = cal::add_business_days(calendar, delivery, 1);
      b.edd(b.at(delivery, 17 * 60, dest), next);
      out_for_delivery(next);
      delivered(next);
      break;
    }
    case Plan::pickup: {
      b.add(delivery, 10 * 60 + rng.below(60), dest, Status::available_for_pickup);
      delivered(cal::add_business_days(calendar, delivery, 2));
      break;
    }
    case Plan::returned: {
      out_for_delivery(delivery);
      const Instant t = b.add(delivery, 13 * 60 + rng.below(120), dest, Status::exception, {}, ExceptionReason::returned);
      b.edd(t, std::nullopt);
      break;
    }
    case Plan::exception:
      if (terminal_exception) {  // address (or returned): undeliverable, then back to the shipper
        out_for_delivery(delivery);
        const Instant t = b.add(delivery, 13 * 60 + rng.below(60), dest, Status::exception, {}, reason);
        b.edd(t, std::nullopt);
        if (reason != ExceptionReason::returned)
          b.add(cal::add_business_days(calendar, delivery, 3), 10 * 60 + rng.below(60), dest, Status::exception, {},
                ExceptionReason::returned);
        break;
      }
      [[fallthrough]];
    case Plan::normal:
    case Plan::delayed:
    case Plan::never_scanned:
      out_for_delivery(delivery);
      delivered(delivery);
      break;
  }
  return tl;
}

std::optional<tracking::TrackingResult> World::view(const ShipmentSpec& s, Instant now) const {
  Timeline tl = timeline(s);
  tracking::TrackingResult r;
  r.carrier = std::string(tracking::to_string(s.carrier));
  r.tracking_number = s.tracking_number;
  for (auto& e : tl.events)
    if (e.time <= now) r.events.push_back(std::move(e));
  if (r.events.empty()) return std::nullopt;
  tracking::codec::derive_status_from_events(r);  // sorts newest first
  std::optional<cal::Day> edd;
  for (const auto& [from, day] : tl.edd_changes)
    if (from <= now) edd = day;
  if (edd) r.estimated_delivery = ymd_of(*edd);
  tracking::finalize(r);
  return r;
}

FinalState World::final_state(const ShipmentSpec& s) const {
  switch (s.plan) {
    case Plan::never_scanned: return {Status::info_received, std::nullopt};
    case Plan::returned: return {Status::exception, ExceptionReason::returned};
    case Plan::exception:
      if (s.reason == ExceptionReason::lost) return {Status::exception, ExceptionReason::lost};
      if (s.reason == ExceptionReason::address || s.reason == ExceptionReason::returned)
        return {Status::exception, ExceptionReason::returned};
      return {Status::delivered, std::nullopt};
    case Plan::normal:
    case Plan::delayed:
    case Plan::attempt_failed:
    case Plan::pickup: break;
  }
  return {Status::delivered, std::nullopt};
}

const FaultRates& World::rates(const ShipmentSpec* s) const {
  return s && s->faults ? *s->faults : scenario_.faults;
}

Fault World::fault(const ShipmentSpec* s, std::string_view number, std::uint64_t request_no) const {
  const FaultRates& f = rates(s);
  if (f.total() <= 0) return Fault::none;
  Rng rng{hash_text(number) ^ mix64(scenario_.seed + request_no * 0x9E3779B97F4A7C15ULL)};
  double u = rng.uniform();
  for (const auto& [rate, kind] : {std::pair{f.rate_limited, Fault::rate_limited}, std::pair{f.server_error, Fault::server_error},
                                   std::pair{f.timeout, Fault::timeout}, std::pair{f.malformed, Fault::malformed},
                                   std::pair{f.unauthorized, Fault::unauthorized}}) {
    if (u < rate) return kind;
    u -= rate;
  }
  return Fault::none;
}

std::string World::issue_token(Carrier carrier, Instant expires, std::uint64_t generation) const {
  std::string payload = "fwsim.";
  payload += tracking::to_string(carrier);
  payload += '.';
  payload += std::to_string(expires.time_since_epoch().count());
  payload += '.';
  payload += std::to_string(generation);
  char mac[17];
  std::snprintf(mac, sizeof mac, "%016llx",
                static_cast<unsigned long long>(mix64(hash_text(payload) ^ mix64(scenario_.seed ^ 0x5EC12E7ULL))));
  payload += '.';
  payload += mac;
  return payload;
}

bool World::token_valid(Carrier carrier, std::string_view token, Instant now, std::uint64_t generation) const {
  // fwsim.<carrier>.<expires ms>.<generation>.<mac>
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  for (;;) {
    const auto dot = token.find('.', from);
    parts.push_back(token.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from));
    if (dot == std::string_view::npos) break;
    from = dot + 1;
  }
  if (parts.size() != 5 || parts[0] != "fwsim" || parts[1] != tracking::to_string(carrier)) return false;
  long long expires_ms = 0;
  unsigned long long gen = 0;
  if (std::sscanf(std::string(parts[2]).c_str(), "%lld", &expires_ms) != 1 ||
      std::sscanf(std::string(parts[3]).c_str(), "%llu", &gen) != 1)
    return false;
  const Instant expires{Duration{expires_ms}};
  if (issue_token(carrier, expires, gen) != token) return false;
  return gen == generation && now < expires;
}

}  // namespace forewarn::sim
