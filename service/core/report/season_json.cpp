#include "core/report/season_json.hpp"

#include <cmath>
#include <stdexcept>

#include "core/report/measures.hpp"

namespace forewarn::core::report {

using nlohmann::json;

namespace {

enum class Need { optional, required };
struct Range {
  double min, max;
};
constexpr Range kShare{0, 1}, kMoney{0, 1e12};

// The fields of each record, once, for both directions: `v(key, member, ...)`
// with the writer (to_json) or the reader (season_from_json).
template <typename S, typename V>
void order_fields(S& o, V& v) {
  v("order_id", o.order_id, Need::required);
  v("placed_at", o.placed_at, Need::required);
  v("customer_key", o.customer_key);
  v("tier", o.tier);
  v("locale", o.locale);
  v("time_zone", o.time_zone);
  v("gift", o.gift);
  v("chosen_service", o.chosen_service);
  v("stated_probability", o.stated_probability, kShare);
  v("promise_met_stated", o.promise_met_stated);
  v("chose_too_slow", o.chose_too_slow);
  v("shipment_ids", o.shipment_ids);
}

template <typename S, typename V>
void shipment_fields(S& t, V& v) {
  v("shipment_id", t.shipment_id, Need::required);
  v("order_id", t.order_id);
  v("carrier", t.carrier);
  v("service", t.service);
  v("tracking_number", t.tracking_number);
  v("recipient_name", t.recipient_name);
  v("recipient_locale", t.recipient_locale);
  v("recipient_time_zone", t.recipient_time_zone);
  v("event_name", t.event_name);
  v("deadline", t.deadline);
  v("promised_by", t.promised_by);
  v("delivered_at", t.delivered_at);
  v("plan", t.plan);
  v("reason", t.reason);
  v("causes", t.causes);
}

template <typename S, typename V>
void message_fields(S& m, V& v) {
  v("id", m.id, Need::required);
  v("kind", m.kind, Need::required);
  v("channel", m.channel);
  v("audience", m.audience);
  v("status", m.status);
  v("locale", m.locale);
  v("episode_keys", m.episode_keys);
  v("addressee_key", m.addressee_key);
  v("addressee_time_zone", m.addressee_time_zone);
  v("shipment_ids", m.shipment_ids);
  v("created_at", m.created_at);
  v("send_at", m.send_at);
  v("sent_at", m.sent_at);
  v("tier", m.tier);
  v("remedy_kind", m.remedy_kind);
  v("remedy_cost", m.remedy_cost, kMoney);
  v("subject", m.subject);
  v("body_text", m.body_text);
}

template <typename S, typename V>
void season_fields(S& s, V& v) {
  v("seed", s.seed);
  v("from", s.from);
  v("to", s.to);
  v("quiet_start", s.quiet_start);
  v("quiet_end", s.quiet_end);
  v("monthly_budget", s.monthly_budget, kMoney);
  v("currency", s.currency);
}

struct Writer {
  json& out;
  template <typename T, typename... Extra>
  void operator()(const char* key, const T& value, Extra...) {
    out[key] = value;
  }
  template <typename... Extra>
  void operator()(const char* key, const Instant& t, Extra...) {
    out[key] = format_iso8601(t);
  }
  template <typename... Extra>
  void operator()(const char* key, const std::optional<Instant>& t, Extra...) {
    out[key] = t ? json(format_iso8601(*t)) : json(nullptr);
  }
  template <typename... Extra>
  void operator()(const char* key, const std::optional<double>& d, Extra...) {
    out[key] = d ? json(*d) : json(nullptr);
  }
};

template <typename T, typename Fields>
json records(const std::vector<T>& items, Fields fields) {
  json all = json::array();
  for (const auto& item : items) {
    json one = json::object();
    Writer w{one};
    fields(item, w);
    all.push_back(std::move(one));
  }
  return all;
}

// Reads one JSON object field by field; the first bad field throws
// std::invalid_argument "<JSON Pointer>: <what is wrong>". A missing or null
// member leaves the field at its default unless it is required.
class Reader {
 public:
  Reader(const json& j, std::string pointer) : j_(j), ptr_(std::move(pointer)) {
    if (!j_.is_object()) fail(ptr_, "must be an object");
  }

  [[noreturn]] static void fail(const std::string& pointer, const std::string& what) {
    throw std::invalid_argument((pointer.empty() ? std::string("/") : pointer) + ": " + what);
  }

  void operator()(const char* key, std::string& out, Need need = Need::optional) const {
    if (const json* v = get(key, need)) {
      if (!v->is_string()) fail(at(key), "must be a string");
      out = v->get<std::string>();
      if (need == Need::required && out.empty()) fail(at(key), "must not be empty");
    }
  }
  void operator()(const char* key, bool& out) const {
    if (const json* v = get(key)) {
      if (!v->is_boolean()) fail(at(key), "must be true or false");
      out = v->get<bool>();
    }
  }
  void operator()(const char* key, long long& out) const {
    if (const json* v = get(key)) {
      if (!v->is_number_integer()) fail(at(key), "must be an integer");
      out = v->get<long long>();
    }
  }
  void operator()(const char* key, double& out, Range range) const {
    if (const json* v = get(key)) out = number(*v, at(key), range);
  }
  void operator()(const char* key, std::optional<double>& out, Range range) const {
    if (const json* v = get(key)) out = number(*v, at(key), range);
  }
  void operator()(const char* key, Instant& out, Need need = Need::optional) const {
    if (const json* v = get(key, need)) out = instant(*v, at(key));
  }
  void operator()(const char* key, std::optional<Instant>& out) const {
    if (const json* v = get(key)) out = instant(*v, at(key));
  }
  void operator()(const char* key, std::vector<std::string>& out) const {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_array()) fail(at(key), "must be an array of strings");
    out.clear();
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) fail(at(key) + "/" + std::to_string(i), "must be a string");
      out.push_back((*v)[i].get<std::string>());
    }
  }

  // Every item of the array at `key`, read by `fields` into a new T.
  template <typename T, typename Fields>
  void records(const char* key, std::vector<T>& out, Fields fields) const {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_array()) fail(at(key), "must be an array");
    for (size_t i = 0; i < v->size(); ++i) {
      const Reader item((*v)[i], at(key) + "/" + std::to_string(i));
      T t;
      fields(t, item);
      out.push_back(std::move(t));
    }
  }

 private:
  std::string at(const char* key) const { return ptr_ + "/" + key; }
  const json* get(const char* key, Need need = Need::optional) const {
    const auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (need == Need::required) fail(at(key), "is required");
      return nullptr;
    }
    return &*it;
  }
  static double number(const json& v, const std::string& pointer, Range range) {
    if (!v.is_number()) fail(pointer, "must be a number");
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < range.min || d > range.max)
      fail(pointer, "must be a number in [" + json(range.min).dump() + ", " + json(range.max).dump() + "]");
    return d;
  }
  static Instant instant(const json& v, const std::string& pointer) {
    const auto t = v.is_string() ? parse_iso8601(v.get<std::string>()) : std::nullopt;
    if (!t) fail(pointer, "must be an RFC 3339 date-time");
    return *t;
  }

  const json& j_;
  std::string ptr_;
};

}  // namespace

json to_json(const SeasonData& s) {
  json out = json::object();
  Writer w{out};
  season_fields(s, w);
  out["orders"] = records(s.orders, [](const OrderTruth& o, Writer& v) { order_fields(o, v); });
  out["shipments"] = records(s.shipments, [](const ShipmentTruth& t, Writer& v) { shipment_fields(t, v); });
  out["messages"] = records(s.messages, [](const MessageRecord& m, Writer& v) { message_fields(m, v); });
  return out;
}

SeasonData season_from_json(const json& j) {
  SeasonData s;
  const Reader r(j, "");
  season_fields(s, r);
  if (!time_of_day(s.quiet_start)) Reader::fail("/quiet_start", "must be a local time HH:MM");
  if (!time_of_day(s.quiet_end)) Reader::fail("/quiet_end", "must be a local time HH:MM");
  r.records("orders", s.orders, [](OrderTruth& o, const Reader& v) { order_fields(o, v); });
  r.records("shipments", s.shipments, [](ShipmentTruth& t, const Reader& v) { shipment_fields(t, v); });
  r.records("messages", s.messages, [](MessageRecord& m, const Reader& v) { message_fields(m, v); });
  return s;
}

}  // namespace forewarn::core::report
