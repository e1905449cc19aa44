#include <vector>

#include "clients/usps/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"
#include "core/tracking/xml_support.hpp"

namespace forewarn::clients::usps {
namespace {

namespace c = tracking::codec;
namespace x = tracking::xml;
using tracking::ErrorKind;
using tracking::ParseOutcome;

tracking::ParseError error_of(const pugi::xml_node& err) {
  std::string number = x::text(err, "Number");
  std::string desc = c::squash_spaces(x::text(err, "Description"));
  ErrorKind k = ErrorKind::invalid_request;
  if (c::contains_ci(desc, "could not locate") || c::contains_ci(desc, "not available") ||
      c::contains_ci(desc, "not found") || number == "-2147219302" || number == "-2147219301")
    k = ErrorKind::not_found;
  else if (c::contains_ci(desc, "authoriz") || number == "80040B1A")
    k = ErrorKind::unauthorized;
  else if (c::contains_ci(desc, "Test Server") || c::contains_ci(desc, "unavailable"))
    k = ErrorKind::server_error;
  return {k, desc.empty() ? "USPS error" : desc, number};
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    out.push_back(c::trim(s.substr(start, comma - start)));
    start = comma + 1;
  }
  return out;
}

bool is_time_text(std::string_view s) {
  return (c::contains_ci(s, " am") || c::contains_ci(s, " pm")) && s.find(':') != std::string_view::npos;
}

// "CITY" + "ST 12345" -> location
void fill_location(tracking::Location& l, const std::vector<std::string>& parts, std::size_t from) {
  if (from < parts.size()) l.city = parts[from];
  if (from + 1 < parts.size()) {
    std::string_view st = parts[from + 1];
    auto sp = st.find(' ');
    l.state = std::string(st.substr(0, sp));
    if (sp != std::string_view::npos) l.postal_code = c::trim(st.substr(sp + 1));
  }
}

// "Out for Delivery, October 12, 2013, 10:16 am, BROOKLYN, NY 11201"
std::optional<tracking::TrackingEvent> sentence_detail(std::string_view text) {
  auto parts = split_commas(text);
  for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
    auto ts = c::parse_month_name(parts[i] + ", " + parts[i + 1], "");
    if (!ts) continue;
    std::size_t next = i + 2;
    if (next < parts.size() && is_time_text(parts[next])) {
      ts = c::parse_month_name(parts[i] + ", " + parts[i + 1], parts[next]);
      if (!ts) return std::nullopt;
      ++next;
    }
    tracking::TrackingEvent e;
    e.time = ts->time;
    for (std::size_t k = 0; k < i; ++k) e.description += (k ? ", " : "") + parts[k];
    fill_location(e.location, parts, next);
    return e;
  }
  return std::nullopt;
}

// "Your item was delivered at 2:16 pm on October 12, 2013 in BROOKLYN, NY 11201."
std::optional<tracking::TrackingEvent> sentence_summary(std::string_view text) {
  std::string s = c::squash_spaces(text);
  std::string lower = c::to_lower(s);
  auto on = lower.find(" on ");
  while (on != std::string::npos) {
    auto in = lower.find(" in ", on);
    std::string date = s.substr(on + 4, in == std::string::npos ? std::string::npos : in - on - 4);
    if (!date.empty() && date.back() == '.') date.pop_back();
    std::string time;
    if (auto at = lower.rfind(" at ", on); at != std::string::npos) time = s.substr(at + 4, on - at - 4);
    auto ts = c::parse_month_name(date, is_time_text(time) ? time : "");
    if (ts) {
      tracking::TrackingEvent e;
      e.time = ts->time;
      e.description = s;
      if (in != std::string::npos) {
        std::string where = s.substr(in + 4);
        if (!where.empty() && where.back() == '.') where.pop_back();
        fill_location(e.location, split_commas(where), 0);
      }
      return e;
    }
    on = lower.find(" on ", on + 1);
  }
  return std::nullopt;
}

std::optional<tracking::TrackingEvent> structured(const pugi::xml_node& n) {
  auto ts = c::parse_month_name(x::text(n, "EventDate"), x::text(n, "EventTime"));
  if (!ts) return std::nullopt;
  tracking::TrackingEvent e;
  e.time = ts->time;
  e.description = c::squash_spaces(x::text(n, "Event"));
  e.substatus = x::text(n, "EventCode");
  e.location.city = x::text(n, "EventCity");
  e.location.state = x::text(n, "EventState");
  e.location.postal_code = x::text(n, "EventZIPCode");
  e.location.country = x::text(n, "EventCountry");
  return e;
}

std::optional<tracking::TrackingEvent> event_of(const pugi::xml_node& n, bool summary) {
  std::optional<tracking::TrackingEvent> e;
  if (x::child(n, "EventDate") || x::child(n, "Event")) e = structured(n);
  else e = summary ? sentence_summary(x::own_text(n)) : sentence_detail(x::own_text(n));
  if (!e) return std::nullopt;
  auto m = map_event(e->substatus, e->description);
  e->status = m.status;
  e->exception_reason = m.reason;
  return e;
}

tracking::TrackingResult result_of(const pugi::xml_node& info) {
  tracking::TrackingResult r;
  r.carrier = "usps";
  r.tracking_number = c::trim(info.attribute("ID").value());
  if (pugi::xml_node s = x::child(info, "TrackSummary"))
    if (auto e = event_of(s, true)) r.events.push_back(std::move(*e));
  for (const auto& d : x::children(info, "TrackDetail"))
    if (auto e = event_of(d, false)) r.events.push_back(std::move(*e));
  c::derive_status_from_events(r);
  if (auto cat = map_category(x::text(info, "StatusCategory"))) {
    r.status = cat->status;
    r.exception_reason = cat->reason;
    r.substatus = x::text(info, "Status");
  }
  for (std::string_view k : {"ExpectedDeliveryDate", "PredictedDeliveryDate", "GuaranteedDeliveryDate"})
    if (auto d = c::parse_date(x::text(info, k))) {
      r.estimated_delivery = d;
      break;
    }
  tracking::finalize(r);
  return r;
}

}  // namespace

ParseOutcome parse_track_xml(std::string_view body) {
  try {
    pugi::xml_document doc;
    if (!x::load(doc, body)) return ParseOutcome::failure(ErrorKind::malformed, "not well-formed XML");
    pugi::xml_node root = x::payload_root(doc);
    if (root && x::local_name(root) == "Error") {
      auto e = error_of(root);
      return ParseOutcome::failure(e.kind, e.reason, e.carrier_code);
    }
    if (!root || x::local_name(root) != "TrackResponse")
      return ParseOutcome::failure(ErrorKind::malformed, "not a USPS TrackResponse");
    std::vector<tracking::TrackingResult> out;
    std::optional<tracking::ParseError> first_error;
    for (const auto& info : x::children(root, "TrackInfo")) {
      if (pugi::xml_node err = x::child(info, "Error")) {
        if (!first_error) first_error = error_of(err);
        continue;
      }
      out.push_back(result_of(info));
    }
    return tracking::codec::collected(std::move(out), first_error, "no TrackInfo");
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("USPS XML: ") + e.what());
  }
}

}  // namespace forewarn::clients::usps
