#include "core/promise/orders.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace forewarn::core::promise {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads exactly `len` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  pos += len;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::optional<Instant> parse_order_time(std::string_view text) {
  const std::string_view s = trim(text);
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0;
  // The date: year first (YYYY-MM-DD, YYYY/MM/DD) or day first (DD-MM-YYYY, DD/MM/YYYY).
  if (s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) &&
      std::isdigit(static_cast<unsigned char>(s[1])) && std::isdigit(static_cast<unsigned char>(s[2])) &&
      std::isdigit(static_cast<unsigned char>(s[3]))) {
    const char sep = s[4];
    if (sep != '-' && sep != '/') return std::nullopt;
    if (!digits(s, pos, 4, y) || !expect(s, pos, sep) || !digits(s, pos, 2, mo) || !expect(s, pos, sep) ||
        !digits(s, pos, 2, d))
      return std::nullopt;
  } else {
    if (s.size() < 10) return std::nullopt;
    const char sep = s[2];
    if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
    if (!digits(s, pos, 2, d) || !expect(s, pos, sep) || !digits(s, pos, 2, mo) || !expect(s, pos, sep) ||
        !digits(s, pos, 4, y))
      return std::nullopt;
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  int h = 0, mi = 0, sec = 0, millis = 0, offset_minutes = 0;
  if (pos < s.size()) {
    if (s[pos] != ' ' && s[pos] != 'T' && s[pos] != 't') return std::nullopt;
    ++pos;
    if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi)) return std::nullopt;
    if (expect(s, pos, ':')) {
      if (!digits(s, pos, 2, sec)) return std::nullopt;
      if (expect(s, pos, '.')) {
        int n = 0;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
          if (n < 3) millis = millis * 10 + (s[pos] - '0');
          ++n;
          ++pos;
        }
        if (n == 0) return std::nullopt;
        for (int k = n; k < 3; ++k) millis *= 10;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
      ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      const int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!digits(s, pos, 2, oh)) return std::nullopt;
      expect(s, pos, ':');
      if (!digits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
    }
    if (pos != s.size()) return std::nullopt;
  }
  using namespace std::chrono;
  return Instant{duration_cast<Duration>(date::sys_days{ymd}.time_since_epoch())} + hours{h} + minutes{mi} +
         seconds{sec} + milliseconds{millis} - minutes{offset_minutes};
}

OrdersRead read_orders(std::string_view csv_text) {
  OrdersRead out;
  // Column indices, -1 = absent.
  enum Col { kId, kStatus, kApproved, kPurchase, kPromised, kDelivered, kCarrier, kState, kCount };
  std::array<int, kCount> col{};
  col.fill(-1);
  bool header_done = false;

  auto time_field = [&](const std::vector<std::string>& f, int c, bool& invalid) -> std::optional<Instant> {
    invalid = false;
    if (c < 0) return std::nullopt;
    const std::string_view v = trim(f[static_cast<std::size_t>(c)]);
    if (v.empty()) return std::nullopt;
    auto t = parse_order_time(v);
    if (!t) invalid = true;
    return t;
  };

  auto err = parse_csv(csv_text, [&](const std::vector<std::string>& f, std::size_t line) {
    if (!header_done) {
      header_done = true;
      for (std::size_t i = 0; i < f.size(); ++i) {
        const std::string name = lower(trim(f[i]));
        const int idx = static_cast<int>(i);
        auto set = [&](Col c) {
          if (col[c] < 0) col[c] = idx;
        };
        if (name == "order_id" || name == "id") set(kId);
        else if (name == "order_status") set(kStatus);
        else if (name == "order_approved_at" || name == "order_aproved_at") set(kApproved);
        else if (name == "order_purchase_timestamp") set(kPurchase);
        else if (name == "order_estimated_delivery_date") set(kPromised);
        else if (name == "order_delivered_customer_date") set(kDelivered);
        else if (name == "order_delivered_carrier_date") set(kCarrier);
        else if (name == "customer_state") set(kState);
      }
      if (col[kApproved] < 0) col[kApproved] = col[kPurchase];
      if (col[kApproved] < 0) {
        out.error = CsvError{line, "no order_approved_at (or order_aproved_at, order_purchase_timestamp) column"};
        return false;
      }
      out.columns.promised = col[kPromised] >= 0;
      out.columns.delivered = col[kDelivered] >= 0;
      out.columns.handed_over = col[kCarrier] >= 0;
      out.columns.region = col[kState] >= 0;
      return true;
    }
    ++out.rows;
    Order o;
    o.line = line;
    bool invalid = false;
    const std::string_view approved_text = trim(f[static_cast<std::size_t>(col[kApproved])]);
    auto approved = time_field(f, col[kApproved], invalid);
    if (!approved) {
      ++(approved_text.empty() ? out.missing_approval : out.invalid_approval);
      return true;
    }
    o.approved = *approved;
    o.promised = time_field(f, col[kPromised], invalid);
    out.invalid_dates += invalid;
    o.delivered = time_field(f, col[kDelivered], invalid);
    out.invalid_dates += invalid;
    o.handed_over = time_field(f, col[kCarrier], invalid);
    out.invalid_dates += invalid;
    if (o.delivered && *o.delivered < o.approved) {
      o.delivered.reset();
      ++out.delivered_before_approval;
    }
    if (col[kId] >= 0) o.id = std::string(trim(f[static_cast<std::size_t>(col[kId])]));
    if (col[kStatus] >= 0) o.status = lower(trim(f[static_cast<std::size_t>(col[kStatus])]));
    if (col[kState] >= 0) o.region = std::string(trim(f[static_cast<std::size_t>(col[kState])]));
    out.orders.push_back(std::move(o));
    return true;
  });
  if (err) out.error = err;
  return out;
}

}  // namespace forewarn::core::promise
