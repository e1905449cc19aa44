#include "clients/sendgrid/codec/sendgrid.hpp"

#include <nlohmann/json.hpp>

#include "clients/common/codec/provider.hpp"

namespace forewarn::clients::sendgrid {

namespace {

nlohmann::json address(const std::string& email, const std::string& name) {
  nlohmann::json a = {{"email", email}};
  if (!name.empty()) a["name"] = name;
  return a;
}

// "field: message; message" from {"errors":[{"field","message"}]}.
std::string error_messages(std::string_view body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  std::string out;
  if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
    for (const auto& e : j["errors"]) {
      const std::string message = json_text(e, "message");
      const std::string field = json_text(e, "field");
      if (message.empty()) continue;
      if (!out.empty()) out += "; ";
      if (!field.empty()) out += field + ": ";
      out += message;
    }
  }
  return clip_utf8(out, 500);
}

}  // namespace

tracking::HttpRequest send_request(const OutgoingMessage& m, std::string_view api_key) {
  nlohmann::json body;
  body["personalizations"] = nlohmann::json::array({{{"to", nlohmann::json::array({address(m.to, m.to_name)})}}});
  body["from"] = address(m.from, m.from_name);
  if (!m.reply_to.empty()) body["reply_to"] = address(m.reply_to, "");
  body["subject"] = m.subject;
  nlohmann::json content = nlohmann::json::array();
  if (!m.text.empty()) content.push_back({{"type", "text/plain"}, {"value", m.text}});
  if (!m.html.empty()) content.push_back({{"type", "text/html"}, {"value", m.html}});
  body["content"] = std::move(content);
  nlohmann::json headers = nlohmann::json::object();
  std::string unsubscribe;
  if (!m.list_unsubscribe_url.empty()) unsubscribe = "<" + m.list_unsubscribe_url + ">";
  if (!m.list_unsubscribe_mailto.empty()) unsubscribe += (unsubscribe.empty() ? "<" : ", <") + m.list_unsubscribe_mailto + ">";
  if (!unsubscribe.empty()) headers["List-Unsubscribe"] = unsubscribe;
  if (!m.list_unsubscribe_url.empty()) headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  if (!headers.empty()) body["headers"] = std::move(headers);
  nlohmann::json args = nlohmann::json::object();
  for (const auto& [k, v] : m.metadata) args[k] = v;
  args[kMessageIdArg] = m.id;
  body["custom_args"] = std::move(args);

  tracking::HttpRequest r;
  r.method = "POST";
  r.path = "/v3/mail/send";
  r.headers = {{"Authorization", "Bearer " + std::string(api_key)},
               {"Content-Type", "application/json"},
               {"Accept", "application/json"}};
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

SendOutcome parse_send_response(int http_status, const std::string* x_message_id, std::string_view body,
                                std::optional<std::chrono::seconds> retry_after) {
  if (http_status >= 200 && http_status < 300) {
    SendOutcome o = outcome_for_http_status(http_status, "accepted");
    if (x_message_id && !x_message_id->empty()) {
      o.provider_message_id = *x_message_id;
    } else {  // accepted all the same: there is nothing to retry, only events we cannot match by id
      o.reason = "accepted without X-Message-Id";
    }
    return o;
  }
  std::string reason = "HTTP " + std::to_string(http_status);
  const std::string messages = error_messages(body);
  if (!messages.empty()) reason += ": " + messages;
  if (http_status == 401 || http_status == 403) reason += " (check the SendGrid API key and its mail.send permission)";
  return outcome_for_http_status(http_status, std::move(reason), retry_after);
}

EventsOutcome parse_events(std::string_view body) {
  EventsOutcome out;
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_array()) {
    out.error = "the body is not a JSON array";
    return out;
  }
  for (const auto& e : j) {
    if (!e.is_object()) {
      out.error = "an event is not a JSON object";
      out.events.clear();
      return out;
    }
    const std::string kind = json_text(e, "event");
    DeliveryEvent d;
    d.provider = "sendgrid";
    if (kind == "delivered") d.state = DeliveryState::delivered;
    else if (kind == "deferred") d.state = DeliveryState::deferred;
    else if (kind == "bounce") d.state = json_text(e, "type") == "blocked" ? DeliveryState::failed : DeliveryState::bounced;
    else if (kind == "dropped") d.state = DeliveryState::failed;
    else if (kind == "spamreport") d.state = DeliveryState::complained;
    else if (kind == "unsubscribe" || kind == "group_unsubscribe") d.state = DeliveryState::unsubscribed;
    else continue;  // processed, open, click, group_resubscribe
    // sg_message_id = "<X-Message-Id>.filterdrecv-...": the part before the first '.'.
    const std::string sg = json_text(e, "sg_message_id");
    d.provider_message_id = sg.substr(0, sg.find('.'));
    d.message_id = json_text(e, kMessageIdArg);
    d.recipient = json_text(e, "email");
    std::string reason = json_text(e, "reason");
    if (reason.empty()) reason = json_text(e, "response");
    const std::string status = json_text(e, "status");
    if (!status.empty() && reason.find(status) == std::string::npos) reason = status + " " + reason;
    d.reason = clip_utf8(reason, 500);
    if (e.contains("timestamp") && e["timestamp"].is_number_integer())
      d.at = Instant{std::chrono::seconds{e["timestamp"].get<long long>()}};
    out.events.push_back(std::move(d));
  }
  return out;
}

}  // namespace forewarn::clients::sendgrid
