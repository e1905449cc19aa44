#include "core/demo/season.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <date/tz.h>

#include "core/calendar/carrier_services.hpp"

namespace forewarn::core::demo {
namespace {

namespace cal = core::calendar;
using nlohmann::json;

// ---- deterministic randomness (splitmix64) ------------------------------------
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t x = (state += 0x9E3779B97F4A7C15ULL);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }
  int below(int n) { return n <= 1 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }
};

std::string padded(long long v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, v);
  return buf;
}

// ---- the people ------------------------------------------------------------------
struct Name {
  const char* display;
  const char* ascii;
};

struct Segment {
  const char* country;
  const char* locale;
  double share;
  std::array<const char*, 4> zones;
  std::array<const char*, 4> postal_codes;  // one per zone
  const char* phone_prefix;
  int phone_digits;  // after the prefix
  const char* mail_domain;
  std::array<Name, 6> first;
  std::array<Name, 4> last;
  bool family_name_first;
  const char* warehouse;  // "us" (main or bakery) or "eu"
};

const std::array<Segment, 7>& segments() {
  static const std::array<Segment, 7> all{{
      {"US", "en", 0.50, {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"},
       {"10025", "60614", "80202", "94103"}, "+1212555", 4, "example.com",
       {{{"James", "james"}, {"Mary", "mary"}, {"Robert", "robert"}, {"Linda", "linda"}, {"Michael", "michael"},
         {"Emily", "emily"}}},
       {{{"Smith", "smith"}, {"Johnson", "johnson"}, {"Garcia", "garcia"}, {"Miller", "miller"}}}, false, "us"},
      {"US", "zh-CN", 0.05, {"America/Los_Angeles", "America/Los_Angeles", "America/New_York", "America/Chicago"},
       {"94110", "91801", "11354", "60616"}, "+1415555", 4, "example.com",
       {{{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"磊", "lei"}}},
       {{{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}}}, true, "us"},
      {"FI", "fi", 0.10, {"Europe/Helsinki", "Europe/Helsinki", "Europe/Helsinki", "Europe/Helsinki"},
       {"00100", "33100", "90100", "20100"}, "+35840", 7, "example.fi",
       {{{"Aino", "aino"}, {"Eero", "eero"}, {"Helmi", "helmi"}, {"Juha", "juha"}, {"Liisa", "liisa"}, {"Mikko", "mikko"}}},
       {{{"Virtanen", "virtanen"}, {"Korhonen", "korhonen"}, {"Mäkinen", "makinen"}, {"Nieminen", "nieminen"}}}, false,
       "eu"},
      {"HU", "hu", 0.08, {"Europe/Budapest", "Europe/Budapest", "Europe/Budapest", "Europe/Budapest"},
       {"1051", "4025", "6720", "7621"}, "+3620", 7, "example.hu",
       {{{"Anna", "anna"}, {"Bence", "bence"}, {"Eszter", "eszter"}, {"Gábor", "gabor"}, {"Katalin", "katalin"},
         {"Zoltán", "zoltan"}}},
       {{{"Nagy", "nagy"}, {"Kovács", "kovacs"}, {"Tóth", "toth"}, {"Szabó", "szabo"}}}, true, "eu"},
      {"DE", "de", 0.10, {"Europe/Berlin", "Europe/Berlin", "Europe/Berlin", "Europe/Berlin"},
       {"10115", "80331", "50667", "20095"}, "+49151", 8, "example.de",
       {{{"Anna", "anna"}, {"Jonas", "jonas"}, {"Lena", "lena"}, {"Lukas", "lukas"}, {"Marie", "marie"},
         {"Felix", "felix"}}},
       {{{"Müller", "mueller"}, {"Schmidt", "schmidt"}, {"Schneider", "schneider"}, {"Fischer", "fischer"}}}, false,
       "eu"},
      {"BR", "pt-BR", 0.09, {"America/Sao_Paulo", "America/Sao_Paulo", "America/Bahia", "America/Manaus"},
       {"01310100", "20040020", "40020000", "69005000"}, "+55119", 8, "example.com.br",
       {{{"Ana", "ana"}, {"João", "joao"}, {"Maria", "maria"}, {"Pedro", "pedro"}, {"Beatriz", "beatriz"},
         {"Lucas", "lucas"}}},
       {{{"Silva", "silva"}, {"Santos", "santos"}, {"Oliveira", "oliveira"}, {"Souza", "souza"}}}, false, "us-intl"},
      {"CN", "zh-CN", 0.08, {"Asia/Shanghai", "Asia/Shanghai", "Asia/Shanghai", "Asia/Shanghai"},
       {"200000", "100000", "510000", "610000"}, "+86138", 8, "example.cn",
       {{{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"磊", "lei"}}},
       {{{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}}}, true, "eu"},
  }};
  return all;
}

int pick_segment(Rng& rng) {
  double u = rng.uniform(), total = 0;
  for (const auto& s : segments()) total += s.share;
  u *= total;
  for (std::size_t i = 0; i < segments().size(); ++i) {
    if (u < segments()[i].share) return static_cast<int>(i);
    u -= segments()[i].share;
  }
  return 0;
}

Person make_person(Rng& rng, int segment, const std::string& key) {
  const Segment& s = segments()[static_cast<std::size_t>(segment)];
  const Name& first = s.first[static_cast<std::size_t>(rng.below(6))];
  const Name& last = s.last[static_cast<std::size_t>(rng.below(4))];
  const int zone = rng.below(4);
  Person p;
  p.key = key;
  p.name = s.family_name_first ? std::string(last.display) + (s.locale == std::string("zh-CN") ? "" : " ") + first.display
                               : std::string(first.display) + " " + last.display;
  p.email = std::string(first.ascii) + "." + last.ascii + "." + key + "@" + s.mail_domain;
  if (rng.chance(0.4)) {
    const long long number = static_cast<long long>(rng.next() % 100000000ULL);
    p.phone = std::string(s.phone_prefix) + (s.phone_digits == 4 ? "01" + padded(number % 100, 2) : padded(number, s.phone_digits));
  }
  p.locale = s.locale;
  p.time_zone = s.zones[static_cast<std::size_t>(zone)];
  p.country = s.country;
  p.postal_code = s.postal_codes[static_cast<std::size_t>(zone)];
  return p;
}

// ---- the tenant ----------------------------------------------------------------
constexpr int kMain = 0, kBakery = 1, kEu = 2;

std::vector<Warehouse> warehouses() {
  return {{"main", "Brooklyn", "America/New_York", "US", "11201", "14:00"},
          {"bakery", "The Vermont bakery", "America/New_York", "US", "05401", "12:00"},
          {"eu", "Hamburg", "Europe/Berlin", "DE", "20095", "15:00"}};
}

std::vector<EventDef> events() {
  const auto christmas = [](const char* name, const char* country, const char* deadline) {
    return EventDef{name, {{"name", name}, {"rule", {{"type", "annual"}, {"month", 12}, {"day", 24}}},
                           {"deadline_time", deadline}}, country};
  };
  // Americans open presents on the 25th (the parcel must be there on the
  // 24th); Finns, Hungarians and Germans on the evening of the 24th, so the
  // parcel must be there by noon; Brazilians at the ceia on the 24th night.
  return {christmas("Christmas (US)", "US", "23:59:59"), christmas("Christmas (FI)", "FI", "12:00:00"),
          christmas("Christmas (HU)", "HU", "12:00:00"), christmas("Christmas (DE)", "DE", "12:00:00"),
          christmas("Christmas (BR)", "BR", "18:00:00"),
          EventDef{"Lunar New Year", {{"name", "Lunar New Year"}, {"rule", {{"type", "lunar_new_year"}}}}, "CN"}};
}

json policy_json() {
  return {
      {"thresholds", {{"will_miss_below", 0.3}, {"back_on_track_above", 0.8}}},
      {"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}}},
      {"options",
       {{"faster_service", {{"enabled", true}}},
        {"egift", {{"enabled", true}, {"url", "https://cookies.example/egift?order={order_id}"}}},
        {"printable_card", {{"enabled", true}, {"url", "https://cookies.example/card/{shipment_id}"}}}}},
      {"remedies", {{"monthly_budget", 1500}, {"currency", "USD"}, {"signer", "Anna, founder"}}},
      {"tiers",
       {{{"name", "standard"}, {"remedies", {{{"kind", "coupon"}, {"percent", 10}, {"cost", 4}}}}},
        {{"name", "gold"},
         {"min_lifetime_value", 500},
         {"min_order_count", 5},
         {"remedies", {{{"kind", "refund_shipping"}, {"cost", 9}, {"amount", 9}}, {{"kind", "personal_note"}}}}},
        {{"name", "vip"},
         {"min_lifetime_value", 2000},
         {"min_order_count", 20},
         {"remedies",
          {{{"kind", "gift_in_next_box"}, {"cost", 30}, {"amount", 25}}, {{"kind", "free_upgrade"}, {"cost", 12}},
           {{"kind", "personal_note"}}}}}}}};
}

// ---- time ------------------------------------------------------------------------
Instant local_to_utc(const std::string& zone, cal::Day day, int minute) {
  const auto local = date::local_time<std::chrono::minutes>{day.time_since_epoch()} + std::chrono::minutes{minute};
  return std::chrono::time_point_cast<Duration>(date::locate_zone(zone)->to_sys(local, date::choose::earliest));
}

std::pair<cal::Day, int> utc_to_local(const std::string& zone, Instant t) {
  const auto local = date::locate_zone(zone)->to_local(std::chrono::floor<std::chrono::minutes>(t));
  const auto day = std::chrono::floor<date::days>(local);
  return {cal::Day{day.time_since_epoch()}, static_cast<int>((local - day).count())};
}

bool weekday(cal::Day d) {
  const date::weekday w{date::sys_days{d.time_since_epoch()}};
  return w != date::Saturday && w != date::Sunday;
}

cal::Day next_weekday(cal::Day d) {
  do d += date::days{1};
  while (!weekday(d));
  return d;
}

int weekdays_between(cal::Day after, cal::Day until) {  // weekdays in (after, until]
  int n = 0;
  for (cal::Day d = after + date::days{1}; d <= until; d += date::days{1}) n += weekday(d) ? 1 : 0;
  return n;
}

int max_transit(const std::string& service) {
  const auto* s = cal::find_carrier_service(service);
  return s ? s->max_transit_days : 5;
}

std::string carrier_of(const std::string& service) { return service.substr(0, service.find('-')); }

// Volume by day: rising toward the 20th, the last rush on the 21st-22nd, then
// quiet: Christmas Eve and Day almost nothing, a few returns-season orders after.
double day_weight(cal::Day d) {
  const auto ymd = date::year_month_day{date::sys_days{d.time_since_epoch()}};
  const int dom = static_cast<int>(static_cast<unsigned>(ymd.day()));
  if (static_cast<unsigned>(ymd.month()) != 12) return 1.0;
  if (dom <= 20) return 1.0 + 2.5 * (dom - 1) / 19.0;
  if (dom <= 22) return 3.2;
  if (dom == 23) return 1.6;
  if (dom == 24) return 0.5;
  if (dom == 25) return 0.25;
  return 0.8;
}

}  // namespace

std::string tier_for(double lifetime_value, int order_count) {
  if (lifetime_value >= 2000 && order_count >= 20) return "vip";
  if (lifetime_value >= 500 && order_count >= 5) return "gold";
  return "standard";
}

std::size_t parcel_count(const Season& season) {
  std::size_t n = 0;
  for (const auto& o : season.orders) n += o.parcels.size();
  return n;
}

Season generate_season(const SeasonOptions& options) {
  Season season;
  season.options = options;
  season.warehouses = warehouses();
  season.events = events();
  season.policy = policy_json();
  season.monthly_budget = 1500;
  Rng rng{options.seed * 0x100000001B3ULL + 0x5EA5011ULL};

  // The bakery falls behind on 15 December at 09:00 (if the season holds it).
  const int year = cal::year_of(options.from);
  const cal::Day backlog_day = cal::make_day(year, 12, 15);
  season.backlog_at = local_to_utc(season.warehouses[kBakery].time_zone, backlog_day, 9 * 60);
  season.weather_day = cal::make_day(year, 12, 16);
  season.weather_carrier = "ups";

  // Customers: every tier, the top ones ordering more often.
  const int customer_count = std::max(40, options.orders * 3 / 5);
  std::vector<double> customer_weight;
  for (int i = 0; i < customer_count; ++i) {
    Customer c;
    c.person = make_person(rng, pick_segment(rng), "c" + padded(i + 1, 5));
    const double u = rng.uniform();
    if (u < 0.06) {
      c.lifetime_value = 2000 + rng.below(700000) / 100.0;
      c.order_count = rng.between(20, 80);
    } else if (u < 0.27) {
      c.lifetime_value = 500 + rng.below(150000) / 100.0;
      c.order_count = rng.between(5, 19);
    } else {
      c.lifetime_value = 15 + rng.below(48000) / 100.0;
      c.order_count = rng.between(0, 9);
    }
    c.tier = tier_for(c.lifetime_value, c.order_count);
    customer_weight.push_back(c.tier == "vip" ? 3.0 : c.tier == "gold" ? 1.8 : 1.0);
    season.customers.push_back(std::move(c));
  }
  double total_customer_weight = 0;
  for (double w : customer_weight) total_customer_weight += w;
  const auto pick_customer = [&] {
    double x = rng.uniform() * total_customer_weight;
    for (int i = 0; i < customer_count; ++i) {
      if (x < customer_weight[static_cast<std::size_t>(i)]) return i;
      x -= customer_weight[static_cast<std::size_t>(i)];
    }
    return customer_count - 1;
  };

  // Order instants: days by weight, then a waking hour of the customer.
  std::vector<cal::Day> days;
  double total_day_weight = 0;
  for (cal::Day d = options.from; d <= options.to; d += date::days{1}) {
    days.push_back(d);
    total_day_weight += day_weight(d);
  }
  struct Placed {
    Instant at;
    int customer;
  };
  std::vector<Placed> placed;
  for (int i = 0; i < options.orders; ++i) {
    double x = rng.uniform() * total_day_weight;
    cal::Day day = days.back();
    for (cal::Day d : days) {
      if (x < day_weight(d)) {
        day = d;
        break;
      }
      x -= day_weight(d);
    }
    const int customer = pick_customer();
    const std::string& zone = season.customers[static_cast<std::size_t>(customer)].person.time_zone;
    // Local 07:00-23:00, weighted toward the evening.
    const int minute = 7 * 60 + static_cast<int>(std::sqrt(rng.uniform()) * 16 * 60);
    placed.push_back({local_to_utc(zone, day, minute), customer});
  }
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return a.at != b.at ? a.at < b.at : a.customer < b.customer;
  });

  const Instant season_start = local_to_utc("UTC", options.from, 0);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    Order o;
    o.id = "o" + padded(static_cast<long long>(i + 1), 5);
    o.placed_at = std::max(placed[i].at, season_start);
    o.customer = placed[i].customer;
    const Customer& customer = season.customers[static_cast<std::size_t>(o.customer)];
    const int segment_index = [&] {
      for (std::size_t s = 0; s < segments().size(); ++s)
        if (segments()[s].country == customer.person.country && segments()[s].locale == customer.person.locale)
          return static_cast<int>(s);
      return 0;
    }();
    const Segment& segment = segments()[static_cast<std::size_t>(segment_index)];
    const std::string where = segment.warehouse;
    o.warehouse = where == "eu" ? kEu : (where == "us" && rng.chance(0.3)) ? kBakery : kMain;
    if (o.warehouse == kBakery) o.offered = {"fedex-home-delivery", "fedex-2day", "fedex-standard-overnight"};
    else if (where == "us") o.offered = {"ups-ground", "usps-priority-mail", "ups-2nd-day-air", "ups-next-day-air"};
    else o.offered = {"dhl-express-worldwide"};

    const Warehouse& wh = season.warehouses[static_cast<std::size_t>(o.warehouse)];
    const auto [local_day, local_minute] = utc_to_local(customer.person.time_zone, o.placed_at);
    const auto [wh_day, wh_minute] = utc_to_local(wh.time_zone, o.placed_at);
    const int cutoff = std::stoi(wh.cutoff_local.substr(0, 2)) * 60;
    cal::Day ship = (weekday(wh_day) && wh_minute < cutoff) ? wh_day : next_weekday(wh_day);
    const bool behind = o.warehouse == kBakery && o.placed_at >= season.backlog_at;

    // The event: Christmas of the recipient's country until the 23rd, the
    // lunar new year for China.
    const auto ymd = date::year_month_day{date::sys_days{local_day.time_since_epoch()}};
    const int dom = static_cast<int>(static_cast<unsigned>(ymd.day()));
    if (customer.person.country == "CN") {
      if (rng.chance(0.8)) o.event = "Lunar New Year";
    } else if (dom <= 23 && rng.chance(0.85)) {
      for (const auto& e : season.events)
        if (e.country == customer.person.country) o.event = e.name;
    }

    // The shopper's pick: with an event, the cheapest service whose nominal
    // band still makes it (the fastest when none does); one in ten takes the
    // cheapest anyway. Without one, mostly the cheapest.
    const cal::Day deadline_day = cal::make_day(year, 12, 24);
    const int handover_lag = behind ? season.backlog_days : 0;
    const int available = weekdays_between(ship + date::days{handover_lag}, deadline_day - date::days{1});
    if (!o.event.empty() && o.event != "Lunar New Year" && !rng.chance(0.1)) {
      o.chosen = o.offered.back();
      for (const auto& s : o.offered)
        if (max_transit(s) <= available) {
          o.chosen = s;
          break;
        }
    } else {
      const double u = rng.uniform();
      const std::size_t k = u < 0.65 ? 0 : u < 0.9 ? 1 : 2;
      o.chosen = o.offered[std::min(k, o.offered.size() - 1)];
    }

    // Gift orders: several recipients, one parcel each.
    o.gift = rng.chance(0.18);
    const int parcels = o.gift ? rng.between(2, 5) : 1;
    for (int p = 0; p < parcels; ++p) {
      Parcel parcel;
      parcel.name = o.id + "-" + std::to_string(p + 1);
      parcel.recipient = o.gift ? make_person(rng, segment_index, "r" + o.id.substr(1) + "-" + std::to_string(p + 1))
                                : customer.person;
      parcel.shipped_service = o.chosen;
      // The warehouse sends some paid-for 2-day parcels by ground.
      if ((o.chosen == "ups-2nd-day-air" || o.chosen == "fedex-2day") && rng.chance(0.15)) {
        parcel.shipped_service = o.chosen == "ups-2nd-day-air" ? "ups-ground" : "fedex-home-delivery";
        parcel.causes.push_back("slower_service");
      }
      parcel.carrier = carrier_of(parcel.shipped_service);
      parcel.ship_date = ship;
      if (behind) {
        parcel.handover_delay_days = season.backlog_days;
        parcel.causes.push_back("backlog");
      }
      const double u = rng.uniform();
      if (u < 0.83) parcel.plan = "normal";
      else if (u < 0.89) parcel.plan = "delayed";
      else if (u < 0.91) parcel.plan = "never_scanned";
      else if (u < 0.94) {
        parcel.plan = "exception";
        static constexpr std::array<const char*, 5> kReasons{"address", "damaged", "held", "lost", "customs"};
        parcel.reason = kReasons[static_cast<std::size_t>(rng.below(customer.person.country == "US" ? 4 : 5))];
      } else if (u < 0.97) parcel.plan = "attempt_failed";
      else if (u < 0.99) parcel.plan = "pickup";
      else parcel.plan = "returned";
      o.parcels.push_back(std::move(parcel));
    }
    season.orders.push_back(std::move(o));
  }
  return season;
}

json sim_scenario(const Season& season) {
  json shipments = json::array();
  for (const auto& o : season.orders)
    for (const auto& p : o.parcels) {
      json s = {{"name", p.name},
                {"carrier", p.carrier},
                {"service", p.shipped_service},
                {"ship_date", cal::format_day(p.ship_date)},
                {"plan", p.plan}};
      if (!p.reason.empty()) s["reason"] = p.reason;
      if (p.delay_days > 0) s["delay_days"] = p.delay_days;
      if (p.handover_delay_days > 0) s["handover_delay_days"] = p.handover_delay_days;
      shipments.push_back(std::move(s));
    }
  return {{"comment", "generated by forewarn demo (core/demo/season.cpp)"},
          {"seed", season.options.seed},
          {"start", cal::format_day(season.options.from)},
          {"unknown_numbers", "not_found"},
          // Delays grow over the last ten days before Christmas Eve.
          {"christmas", {{"max_extra_days", 3}, {"window_days", 10}}},
          {"weather", {{{"date", cal::format_day(season.weather_day)}, {"carriers", {season.weather_carrier}}, {"delay_days", 2}}}},
          {"faults", {{"rate_limited", 0.005}, {"server_error", 0.005}, {"retry_after_s", 1}}},
          {"shipments", std::move(shipments)}};
}

}  // namespace forewarn::core::demo
