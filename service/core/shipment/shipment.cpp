#include "core/shipment/shipment.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/body_reader.hpp"
#include "core/calendar/carrier_services.hpp"
#include "core/destination.hpp"
#include "core/encoding.hpp"
#include "core/tracking/detect.hpp"
#include "core/warehouse.hpp"

namespace forewarn::shipment {

namespace {

using nlohmann::json;
namespace tr = forewarn::tracking;

constexpr size_t kMaxRecipients = 10;
constexpr const char* kCarrierList = "ups, fedex, usps or dhl";

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_of(std::string_view s, bool (*pred)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), pred); }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The carrier of a detected format, as a shipment carrier; nullopt for an S10
// number not issued in the US (any postal operator may carry it).
std::optional<std::string> carrier_of(const tr::FormatMatch& m) {
  if (m.carrier == tr::Carrier::s10) {
    if (m.country == "US") return std::string("usps");
    return std::nullopt;
  }
  return std::string(tr::to_string(m.carrier));
}

// Resolves and checks the carrier of `number` (already normalized and made of
// letters and digits). Reports at /carrier or /tracking_number.
std::optional<std::string> resolve_carrier(BodyReader& r, const tr::Detection& d,
                                           const std::optional<std::string>& requested) {
  if (requested) {
    const auto wanted = tr::carrier_from_string(*requested);
    const tr::FormatMatch* failed = nullptr;
    for (const auto& m : d.matches) {
      if (m.carrier != wanted) continue;
      if (m.check_digit_ok) return requested;
      if (!failed && m.has_check_digit) failed = &m;
    }
    if (failed) {
      r.fail("tracking_number", "fails the check digit of a " + std::string(failed->format_name) + " number");
      return std::nullopt;
    }
    if (const tr::FormatMatch* best = d.best(); best && best->carrier != tr::Carrier::s10) {
      r.fail("carrier", "does not match the tracking number, which is a " + std::string(best->format_name) + " number");
      return std::nullopt;
    }
    return requested;  // a format forewarn does not know, or an S10 postal number
  }
  if (const tr::FormatMatch* best = d.best()) {
    if (auto c = carrier_of(*best)) return c;
    r.fail("carrier", "is required: " + d.normalized + " is an international postal (S10) number of " + best->country +
                          "; name the carrier that delivers it");
    return std::nullopt;
  }
  if (const tr::FormatMatch* failed = d.failed_check_digit()) {
    r.fail("tracking_number", "looks like a " + std::string(failed->format_name) + " number but its check digit is wrong");
    return std::nullopt;
  }
  r.fail("carrier", std::string("is required: the carrier could not be detected from the tracking number; send ") +
                        kCarrierList);
  return std::nullopt;
}

std::optional<Contact> read_contact(BodyReader& outer, const json& j, const std::string& pointer) {
  BodyReader r(j, pointer);
  Contact c;
  const auto name = r.optional_string("name", {0, 200});
  const auto email = r.optional_string("email", {3, 254});
  const auto phone = r.optional_string("phone", {4, 32});
  const auto locale = r.optional_string("locale", {2, 35});
  const auto zone = r.optional_string("time_zone", {1, 64});
  r.reject_unknown();
  if (name) c.name = *name;
  if (email) {
    if (is_valid_email(*email)) c.email = *email;
    else r.fail("email", "must be an e-mail address such as jane@example.com");
  }
  if (phone) {
    if (auto p = normalize_phone(*phone)) c.phone = *p;
    else r.fail("phone", "must be an international (E.164) number such as +14155550123");
  }
  if (locale) {
    if (is_valid_locale(*locale)) c.locale = *locale;
    else r.fail("locale", "must be a language tag such as en, fi or pt-BR");
  }
  if (zone) {
    if (is_valid_time_zone(*zone)) c.time_zone = *zone;
    else r.fail("time_zone", "must be an IANA time zone such as Europe/Helsinki");
  }
  if (r.ok() && !c.email && !c.phone) r.fail("email", "is required when there is no phone: a contact needs one of them");
  outer.absorb(r);
  if (!r.ok()) return std::nullopt;
  return c;
}

// purchaser: an object, or null (clears it on PATCH). Returns whether the key
// was present; the contact (or nullopt for null / invalid) through `out`.
bool read_purchaser(BodyReader& r, const json& body, std::optional<Contact>& out) {
  const auto it = body.find("purchaser");
  if (it == body.end()) {
    (void)r.optional_member("purchaser", json::value_t::object);
    return false;
  }
  if (it->is_null()) {
    (void)r.optional_member("purchaser", json::value_t::object);
    out.reset();
    return true;
  }
  const json* p = r.optional_member("purchaser", json::value_t::object);
  if (p) out = read_contact(r, *p, r.pointer("purchaser"));
  return true;
}

std::optional<std::vector<Contact>> read_recipients(BodyReader& r) {
  const json* arr = r.optional_member("recipients", json::value_t::array);
  if (!arr) return std::nullopt;
  if (arr->size() > kMaxRecipients) {
    r.fail("recipients", "must have at most " + std::to_string(kMaxRecipients) + " items");
    return std::nullopt;
  }
  std::vector<Contact> out;
  bool ok = true;
  for (size_t i = 0; i < arr->size(); ++i) {
    auto c = read_contact(r, (*arr)[i], r.pointer("recipients") + "/" + std::to_string(i));
    if (c) out.push_back(std::move(*c));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<CustomerStanding> read_customer(BodyReader& outer, const json& j) {
  BodyReader r(j, outer.pointer("customer"));
  CustomerStanding c;
  const auto value = r.optional_number("lifetime_value", 0.0, 999999999999.0);
  const auto currency = r.optional_string("currency", {3, 3});
  const auto orders = r.optional_int("order_count", {0, 1000000000});
  const auto tier = r.optional_string("tier", {1, 50});
  r.reject_unknown();
  if (value) c.lifetime_value = std::round(*value * 100.0) / 100.0;
  if (currency) {
    if (std::all_of(currency->begin(), currency->end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      c.currency = *currency;
    else
      r.fail("currency", "must be an ISO 4217 code in capitals, such as USD or EUR");
  }
  if (orders) c.order_count = *orders;
  if (tier) c.tier = *tier;
  outer.absorb(r);
  if (!r.ok()) return std::nullopt;
  return c;
}

// promised_date / event_id: a value, or null (cleared). Returns whether the
// key was present and valid; the value through `out`.
bool read_nullable(BodyReader& r, const json& body, const std::string& key, std::optional<std::string>& out,
                   bool (*valid)(const std::string&), const char* message) {
  const auto it = body.find(key);
  if (it != body.end() && it->is_null()) {
    (void)r.optional_string(key);
    out.reset();
    return true;
  }
  const auto v = r.optional_string(key, {1, 64});
  if (!v) return false;
  if (!valid(*v)) {
    r.fail(key, message);
    return false;
  }
  out = *v;
  return true;
}

bool is_uuid_text(const std::string& s) { return forewarn::is_uuid(s); }

json contact_json(const Contact& c) {
  json j = {{"name", c.name}};
  j["email"] = c.email ? json(*c.email) : json(nullptr);
  j["phone"] = c.phone ? json(*c.phone) : json(nullptr);
  j["locale"] = c.locale ? json(*c.locale) : json(nullptr);
  j["time_zone"] = c.time_zone ? json(*c.time_zone) : json(nullptr);
  return j;
}

json nullable(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

bool is_carrier(const std::string& s) {
  return std::any_of(std::begin(kCarriers), std::end(kCarriers), [&](const char* c) { return s == c; });
}

bool is_valid_email(const std::string& s) {
  if (s.size() > 254) return false;
  const auto at = s.find('@');
  if (at == std::string::npos || at == 0 || at > 64 || s.find('@', at + 1) != std::string::npos) return false;
  const std::string_view local(s.data(), at), domain(s.data() + at + 1, s.size() - at - 1);
  const auto local_ok = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) != std::string_view::npos;
  };
  if (!std::all_of(local.begin(), local.end(), local_ok) || local.front() == '.' || local.back() == '.') return false;
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return false;
  return std::all_of(domain.begin(), domain.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; });
}

std::optional<std::string> normalize_phone(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+' && i == 0) out += c;
    else if (is_digit(c)) out += c;
    else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') return std::nullopt;
  }
  // E.164: '+', a country code that does not start with 0, 8 to 15 digits in all.
  if (out.size() < 9 || out.size() > 16 || out[0] != '+' || out[1] == '0') return std::nullopt;
  return out;
}

bool is_valid_locale(const std::string& s) {
  // language[-Script][-REGION]: en, fi, pt-BR, zh-Hant-TW, es-419.
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t dash = s.find_first_of("-_", start);
    const size_t end = dash == std::string::npos ? s.size() : dash;
    parts.emplace_back(s.data() + start, end - start);
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  if (parts.empty() || parts.size() > 3) return false;
  if (parts[0].size() < 2 || parts[0].size() > 3 || !all_of(parts[0], is_alpha)) return false;
  size_t i = 1;
  if (i < parts.size() && parts[i].size() == 4 && all_of(parts[i], is_alpha)) ++i;
  if (i < parts.size() && ((parts[i].size() == 2 && all_of(parts[i], is_alpha)) ||
                           (parts[i].size() == 3 && all_of(parts[i], is_digit))))
    ++i;
  return i == parts.size();
}

ShipmentInput shipment_from_json(const json& body) {
  BodyReader r(body);
  Shipment s;
  const auto order_id = r.required_string("order_id", {1, 200});
  const auto number = r.required_string("tracking_number", {1, 80});
  const auto carrier = r.optional_string("carrier", {1, 20});
  const auto service = r.optional_string("service", {1, 64});
  const auto warehouse_id = r.optional_string("warehouse_id", {1, 64});
  const json* destination = r.required_member("destination", json::value_t::object);
  std::optional<Contact> purchaser;
  const bool has_purchaser = body.is_object() && read_purchaser(r, body, purchaser);
  const auto recipients = read_recipients(r);
  std::optional<std::string> promised, event_id;
  if (body.is_object()) {
    read_nullable(r, body, "promised_date", promised, is_valid_local_date, "must be a date YYYY-MM-DD");
    read_nullable(r, body, "event_id", event_id, is_uuid_text, "must be the id of one of your events");
  }
  const json* customer = r.optional_member("customer", json::value_t::object);
  r.reject_unknown();

  if (order_id) s.order_id = *order_id;
  if (carrier && !is_carrier(*carrier)) r.fail("carrier", std::string("must be ") + kCarrierList);
  if (number) {
    const tr::Detection d = tr::detect(*number);
    if (d.normalized.size() < 4 || d.normalized.size() > 64 ||
        !std::all_of(d.normalized.begin(), d.normalized.end(),
                     [](char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); })) {
      r.fail("tracking_number", "must be 4 to 64 letters and digits (spaces are ignored)");
    } else {
      s.tracking_number = d.normalized;
      if (!carrier || is_carrier(*carrier)) {
        if (auto c = resolve_carrier(r, d, carrier)) s.carrier = *c;
      }
    }
  }
  if (service) {
    const auto* svc = core::calendar::find_carrier_service(*service);
    if (!svc) r.fail("service", "is not a known service id (such as ups-ground)");
    else if (!s.carrier.empty() && lower(std::string(svc->carrier)) != s.carrier)
      r.fail("service", "is a " + std::string(svc->carrier) + " service, not one of " + s.carrier);
    else s.service = *service;
  }
  if (warehouse_id) {
    if (is_uuid_text(*warehouse_id)) s.warehouse_id = *warehouse_id;
    else r.fail("warehouse_id", "must be the id of one of your warehouses");
  }
  if (destination) {
    if (auto d = read_destination(r, "destination", *destination)) {
      s.destination_country = d->country;
      s.destination_postal_code = d->postal_code;
      s.destination_time_zone = d->time_zone;
    }
  }
  if (has_purchaser) s.purchaser = purchaser;
  if (recipients) s.recipients = *recipients;
  s.promised_date = promised;
  s.event_id = event_id;
  if (customer) {
    if (auto c = read_customer(r, *customer)) s.customer = *c;
  }
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {s, {}};
}

ShipmentInput shipment_patch_from_json(const json& body, const Shipment& base) {
  BodyReader r(body);
  Shipment s = base;
  std::optional<Contact> purchaser = base.purchaser;
  const bool has_purchaser = body.is_object() && read_purchaser(r, body, purchaser);
  const auto recipients = read_recipients(r);
  if (body.is_object()) {
    read_nullable(r, body, "promised_date", s.promised_date, is_valid_local_date, "must be a date YYYY-MM-DD");
    read_nullable(r, body, "event_id", s.event_id, is_uuid_text, "must be the id of one of your events");
  }
  const json* customer = r.optional_member("customer", json::value_t::object);
  if (body.is_object()) {
    for (const char* fixed : {"order_id", "tracking_number", "carrier", "service", "warehouse_id", "destination"})
      if (body.contains(fixed)) {
        (void)r.optional_member(fixed, body.at(fixed).type());  // known, but not changeable
        r.fail(fixed, "cannot be changed: register a new shipment (and DELETE this one) instead");
      }
  }
  r.reject_unknown();
  if (has_purchaser) s.purchaser = purchaser;
  if (recipients) s.recipients = *recipients;
  if (customer) {
    if (auto c = read_customer(r, *customer)) s.customer = *c;
  }
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {s, {}};
}

json to_json(const Shipment& s) {
  json recipients = json::array();
  for (const auto& c : s.recipients) recipients.push_back(contact_json(c));
  json customer = {{"lifetime_value", s.customer.lifetime_value ? json(*s.customer.lifetime_value) : json(nullptr)},
                   {"currency", nullable(s.customer.currency)},
                   {"order_count", s.customer.order_count ? json(*s.customer.order_count) : json(nullptr)},
                   {"tier", nullable(s.customer.tier)}};
  return {{"id", s.id},
          {"order_id", s.order_id},
          {"tracking_number", s.tracking_number},
          {"carrier", s.carrier},
          {"service", nullable(s.service)},
          {"warehouse_id", nullable(s.warehouse_id)},
          {"destination",
           {{"postal_code", s.destination_postal_code},
            {"country", s.destination_country},
            {"time_zone", nullable(s.destination_time_zone)}}},
          {"purchaser", s.purchaser ? contact_json(*s.purchaser) : json(nullptr)},
          {"recipients", recipients},
          {"customer", customer},
          {"promise",
           {{"promised_date", nullable(s.promised_date)},
            {"event_id", nullable(s.event_id)},
            {"carrier_estimated_delivery", nullable(s.carrier_estimated_delivery)}}},
          {"status", s.status},
          {"substatus", s.substatus},
          {"exception_reason", nullable(s.exception_reason)},
          {"risk", nullable(s.risk)},
          {"delivered_at", nullable(s.delivered_at)},
          {"last_event_at", nullable(s.last_event_at)},
          {"active", s.active},
          {"stopped_at", nullable(s.stopped_at)},
          {"next_poll_at", nullable(s.next_poll_at)},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at}};
}

}  // namespace forewarn::shipment
