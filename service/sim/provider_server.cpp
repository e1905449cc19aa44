#include "sim/provider_server.hpp"

#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include <httplib.h>

#include "sim/loopback_http.hpp"

#include "clients/common/codec/provider.hpp"
#include "clients/smtp/codec/message.hpp"
#include "clients/twilio/transport.hpp"
#include "core/encoding.hpp"
#include "core/tracking/poll.hpp"

namespace forewarn::sim {

// ---- configuration ----------------------------------------------------------

namespace {

const std::set<std::string> kProviders{"sendgrid", "postmark", "twilio", "vonage"};

void parse_faults(const nlohmann::json& j, const std::string& where, ProviderFaults& f, std::vector<std::string>& errors) {
  if (!j.is_object()) {
    errors.push_back(where + ": must be an object");
    return;
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const std::string at = where + "." + k;
    if (k == "rate_limited" || k == "server_error" || k == "timeout") {
      if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1) {
        errors.push_back(at + ": must be a probability between 0 and 1");
        continue;
      }
      (k == "rate_limited" ? f.rate_limited : k == "server_error" ? f.server_error : f.timeout) = it->get<double>();
    } else if (k == "retry_after_s" || k == "timeout_ms" || k == "accept_delay_ms") {
      if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 86400000) {
        errors.push_back(at + ": must be a non-negative whole number");
        continue;
      }
      (k == "retry_after_s" ? f.retry_after_s : k == "timeout_ms" ? f.timeout_ms : f.accept_delay_ms) = it->get<int>();
    } else if (k != "provider") {
      errors.push_back(at + ": unknown field");
    }
  }
  if (f.rate_limited + f.server_error + f.timeout > 1.0 + 1e-9) errors.push_back(where + ": the rates add up to more than 1");
}

std::set<std::string> string_set(const nlohmann::json& j, const std::string& where, std::vector<std::string>& errors) {
  std::set<std::string> out;
  if (!j.is_array()) {
    errors.push_back(where + ": must be an array of strings");
    return out;
  }
  for (const auto& v : j) {
    if (v.is_string()) out.insert(v.get<std::string>());
    else errors.push_back(where + ": must be an array of strings");
  }
  return out;
}

}  // namespace

ProviderSimParse parse_provider_sim_config(std::string_view text) {
  ProviderSimParse out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) {
    out.errors.push_back("(root): must be a JSON object");
    return out;
  }
  ProviderSimConfig c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k == "seed") {
      if (it->is_number_unsigned()) c.seed = it->get<std::uint64_t>();
      else out.errors.push_back("seed: must be a non-negative whole number");
    } else if (k == "faults") {
      parse_faults(*it, "faults", c.faults, out.errors);
    } else if (k == "providers") {
      if (!it->is_object()) {
        out.errors.push_back("providers: must be an object");
        continue;
      }
      for (auto p = it->begin(); p != it->end(); ++p) {
        if (!kProviders.count(p.key())) {
          out.errors.push_back("providers." + p.key() + ": unknown provider");
          continue;
        }
        if (!p->is_object() || !p->contains("faults") || p->size() != 1) {
          out.errors.push_back("providers." + p.key() + ": must be {\"faults\": {...}}");
          continue;
        }
        ProviderFaults f;
        parse_faults((*p)["faults"], "providers." + p.key() + ".faults", f, out.errors);
        c.provider_faults[p.key()] = f;
      }
    } else if (k == "credentials") {
      if (!it->is_object()) {
        out.errors.push_back("credentials: must be an object");
        continue;
      }
      for (auto p = it->begin(); p != it->end(); ++p) {
        if (!kProviders.count(p.key())) {
          out.errors.push_back("credentials." + p.key() + ": unknown provider");
          continue;
        }
        if (!p->is_object()) {
          out.errors.push_back("credentials." + p.key() + ": must be an object of strings");
          continue;
        }
        for (auto f = p->begin(); f != p->end(); ++f) {
          if (f->is_string()) c.credentials[p.key()][f.key()] = f->get<std::string>();
          else out.errors.push_back("credentials." + p.key() + "." + f.key() + ": must be a string");
        }
      }
    } else if (k == "reject") {
      c.reject = string_set(*it, "reject", out.errors);
    } else if (k == "bounce") {
      c.bounce = string_set(*it, "bounce", out.errors);
    } else if (k == "webhooks") {
      if (!it->is_object()) {
        out.errors.push_back("webhooks: must be an object");
        continue;
      }
      for (auto p = it->begin(); p != it->end(); ++p) {
        if (!kProviders.count(p.key())) out.errors.push_back("webhooks." + p.key() + ": unknown provider");
        else if (!p->is_string() || p->get<std::string>().rfind("http://", 0) != 0)
          out.errors.push_back("webhooks." + p.key() + ": must be an http:// URL");
        else c.webhooks[p.key()] = p->get<std::string>();
      }
    } else if (k == "webhook_delay_ms") {
      if (it->is_number_unsigned()) c.webhook_delay_ms = it->get<int>();
      else out.errors.push_back("webhook_delay_ms: must be a non-negative whole number");
    } else {
      out.errors.push_back(k + ": unknown field");
    }
  }
  if (out.errors.empty()) out.config = std::move(c);
  return out;
}

// ---- server -------------------------------------------------------------------

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

enum class Fault { none, rate_limited, server_error, timeout };

struct Webhook {
  std::string url;
  std::string body;
  std::string content_type;
  httplib::Headers headers;
};

struct Received {
  int count = 0;
  std::string provider;
};

std::string bearer_token(const httplib::Request& req) {
  const std::string v = req.get_header_value("Authorization");
  return v.rfind("Bearer ", 0) == 0 ? v.substr(7) : std::string();
}

std::pair<std::string, std::string> basic_credentials(const httplib::Request& req) {
  const std::string v = req.get_header_value("Authorization");
  if (v.rfind("Basic ", 0) != 0) return {};
  std::string b64 = v.substr(6);
  for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  const std::string decoded = base64url_decode(b64).value_or("");
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return {};
  return {decoded.substr(0, colon), decoded.substr(colon + 1)};
}

std::string twilio_error(int code, const std::string& message, int status) {
  return nlohmann::json{{"code", code},
                        {"message", message},
                        {"more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code)},
                        {"status", status}}
      .dump();
}

std::string sendgrid_errors(const std::vector<std::pair<std::string, std::string>>& errors) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [field, message] : errors)
    list.push_back({{"field", field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field)},
                    {"message", message},
                    {"help", nullptr}});
  return nlohmann::json{{"errors", list}}.dump();
}

std::string vonage_answer(const std::vector<nlohmann::json>& parts) {
  return nlohmann::json{{"message-count", std::to_string(parts.size())}, {"messages", parts}}.dump();
}

// "2026-12-18 09:00:00" as Vonage writes message-timestamp.
std::string vonage_timestamp(Instant t) {
  std::string iso = format_iso8601(std::chrono::floor<std::chrono::seconds>(t));
  iso = iso.substr(0, 19);
  iso[10] = ' ';
  return iso;
}

}  // namespace

struct ProviderServer::Impl {
  Impl(ProviderSimConfig c, std::shared_ptr<Clock> k, ProviderServerOptions o)
      : config(std::move(c)), clock(std::move(k)), options(std::move(o)), rng(config.seed) {}

  ProviderSimConfig config;  // faults change under mu
  std::shared_ptr<Clock> clock;
  ProviderServerOptions options;
  httplib::Server http;
  int listen_fd = -1;

  std::mutex mu;  // everything below
  std::mt19937_64 rng;
  std::unordered_map<std::string, Received> received;  // forewarn message id → times taken
  std::uint64_t accepted = 0;
  std::uint64_t idempotent_replays = 0;
  std::unordered_map<std::string, std::pair<int, std::string>> twilio_answers;  // idempotency token → answer
  std::map<std::string, std::map<std::string, std::uint64_t>> answers;  // provider → answer kind → count
  std::map<std::string, nlohmann::json> last_request;

  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopping = false;

  std::mutex hook_mu;
  std::condition_variable hook_cv;
  std::deque<Webhook> hooks;
  std::atomic<std::uint64_t> hooks_posted{0}, hooks_failed{0};
  std::thread hook_thread;

  // ---- bookkeeping ----------------------------------------------------------

  Fault draw(const std::string& provider) {
    const auto it = config.provider_faults.find(provider);
    const ProviderFaults& f = it == config.provider_faults.end() ? config.faults : it->second;
    const double r = std::uniform_real_distribution<double>(0, 1)(rng);
    if (r < f.rate_limited) return Fault::rate_limited;
    if (r < f.rate_limited + f.server_error) return Fault::server_error;
    if (r < f.rate_limited + f.server_error + f.timeout) return Fault::timeout;
    return Fault::none;
  }

  const ProviderFaults& faults(const std::string& provider) {
    const auto it = config.provider_faults.find(provider);
    return it == config.provider_faults.end() ? config.faults : it->second;
  }

  std::string random_hex(std::size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += kHex[rng() & 15];
    return s;
  }

  // Under mu.
  void take(const std::string& provider, const std::string& id) {
    ++accepted;
    Received& r = received[id.empty() ? std::string("(none)") : id];
    ++r.count;
    r.provider = provider;
  }

  void count(const std::string& provider, const std::string& kind) { ++answers[provider][kind]; }

  void remember(const std::string& provider, const httplib::Request& req) {
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [k, v] : req.headers) headers[k] = v;
    last_request[provider] = {{"method", req.method}, {"path", req.path}, {"headers", headers}, {"body", req.body}};
  }

  bool credential_ok(const std::string& provider, const std::string& name, const std::string& given) {
    if (given.empty()) return false;
    const auto p = config.credentials.find(provider);
    if (p == config.credentials.end()) return true;
    const auto c = p->second.find(name);
    return c == p->second.end() || c->second == given;
  }

  std::string credential(const std::string& provider, const std::string& name) {
    const auto p = config.credentials.find(provider);
    if (p == config.credentials.end()) return {};
    const auto c = p->second.find(name);
    return c == p->second.end() ? std::string() : c->second;
  }

  // How long the answer to a message just taken is held: timeout_ms for a
  // timeout fault, else accept_delay_ms (the window between a provider taking
  // a message and its sender learning it).
  int answer_hold_ms(const std::string& provider, Fault fault) {
    const ProviderFaults& f = faults(provider);
    return fault == Fault::timeout ? f.timeout_ms : f.accept_delay_ms;
  }

  void hold(int ms) {
    std::unique_lock lock(stop_mu);
    stop_cv.wait_for(lock, std::chrono::milliseconds{ms}, [this] { return stopping; });
  }

  void rate_limited_headers(const std::string& provider, httplib::Response& res) {
    const int wait = faults(provider).retry_after_s;
    res.set_header("Retry-After", std::to_string(wait));
    if (provider == "sendgrid") {  // SendGrid's own way to say when
      const auto now_s = std::chrono::floor<std::chrono::seconds>(clock->now()).time_since_epoch().count();
      res.set_header("X-RateLimit-Limit", "600");
      res.set_header("X-RateLimit-Remaining", "0");
      res.set_header("X-RateLimit-Reset", std::to_string(now_s + wait));
    }
  }

  void post_webhook(Webhook w) {
    {
      std::lock_guard lock(hook_mu);
      hooks.push_back(std::move(w));
    }
    hook_cv.notify_one();
  }

  void webhook_loop() {
    for (;;) {
      Webhook w;
      {
        std::unique_lock lock(hook_mu);
        hook_cv.wait(lock, [this] { return stopping_hooks || !hooks.empty(); });
        if (stopping_hooks) return;
        w = std::move(hooks.front());
        hooks.pop_front();
      }
      if (config.webhook_delay_ms > 0) hold(config.webhook_delay_ms);
      // http://host:port/path?query
      const auto slash = w.url.find('/', 7);
      const std::string origin = slash == std::string::npos ? w.url : w.url.substr(0, slash);
      const std::string target = slash == std::string::npos ? "/" : w.url.substr(slash);
      httplib::Client client(origin);
      client.set_connection_timeout(2, 0);
      client.set_read_timeout(5, 0);
      const auto r = client.Post(target, w.headers, w.body, w.content_type);
      (r && r->status < 300 ? hooks_posted : hooks_failed).fetch_add(1);
    }
  }
  bool stopping_hooks = false;

  // ---- SendGrid -------------------------------------------------------------

  void sendgrid(const httplib::Request& req, httplib::Response& res) {
    const std::string p = "sendgrid";
    std::unique_lock lock(mu);
    remember(p, req);
    if (!credential_ok(p, "api_key", bearer_token(req))) {
      count(p, "unauthorized");
      res.status = 401;
      res.set_content(sendgrid_errors({{"", "The provided authorization grant is invalid, expired, or revoked"}}), kJson);
      return;
    }
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    std::vector<std::pair<std::string, std::string>> errors;
    std::string to;
    if (!j.is_object()) {
      errors.emplace_back("", "Bad Request");
    } else {
      const auto& pers = j.contains("personalizations") ? j["personalizations"] : nlohmann::json();
      if (!pers.is_array() || pers.empty() || !pers[0].is_object() || !pers[0].contains("to") || !pers[0]["to"].is_array() ||
          pers[0]["to"].empty()) {
        errors.emplace_back("personalizations", "The personalizations field is required and must have at least one personalization.");
      } else {
        to = clients::json_text(pers[0]["to"][0], "email");
        if (!clients::plausible_email(to)) errors.emplace_back("personalizations.0.to.0.email", "Does not contain a valid address.");
      }
      if (!j.contains("from") || !clients::plausible_email(clients::json_text(j["from"], "email")))
        errors.emplace_back("from.email", "The from email does not contain a valid address.");
      if (clients::json_text(j, "subject").empty())
        errors.emplace_back("subject", "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.");
      if (!j.contains("content") || !j["content"].is_array() || j["content"].empty())
        errors.emplace_back("content", "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.");
    }
    if (errors.empty() && config.reject.count(to)) errors.emplace_back("personalizations.0.to.0.email", "Does not contain a valid address.");
    if (!errors.empty()) {
      count(p, "bad_request");
      res.status = 400;
      res.set_content(sendgrid_errors(errors), kJson);
      return;
    }
    const Fault fault = draw(p);
    if (fault == Fault::rate_limited) {
      count(p, "rate_limited");
      res.status = 429;
      rate_limited_headers(p, res);
      res.set_content(sendgrid_errors({{"", "too many requests"}}), kJson);
      return;
    }
    if (fault == Fault::server_error) {
      count(p, "server_error");
      res.status = 500;
      res.set_content(sendgrid_errors({{"", "An internal server error occurred."}}), kJson);
      return;
    }
    const nlohmann::json args = j.contains("custom_args") && j["custom_args"].is_object() ? j["custom_args"] : nlohmann::json::object();
    const std::string id = clients::json_text(args, "forewarn_message_id");
    take(p, id);
    const std::string xid = base64url_encode(random_hex(16)).substr(0, 22);
    count(p, fault == Fault::timeout ? "timeout" : "accepted");
    if (auto hook = config.webhooks.find(p); hook != config.webhooks.end()) {
      nlohmann::json event = args;
      event["email"] = to;
      event["timestamp"] = std::chrono::floor<std::chrono::seconds>(clock->now()).time_since_epoch().count();
      event["sg_message_id"] = xid + ".filterdrecv-1-" + random_hex(8) + ".0";
      event["sg_event_id"] = base64url_encode(random_hex(16));
      event["smtp-id"] = "<" + xid + "@ismtpd-sim>";
      if (config.bounce.count(to)) {
        event["event"] = "bounce";
        event["type"] = "bounce";
        event["status"] = "5.1.1";
        event["reason"] = "550 5.1.1 The email account that you tried to reach does not exist.";
      } else {
        event["event"] = "delivered";
        event["response"] = "250 2.0.0 OK";
      }
      post_webhook({hook->second, nlohmann::json::array({event}).dump(), "application/json", {}});
    }
    const int hold_ms = answer_hold_ms(p, fault);
    lock.unlock();
    if (hold_ms > 0) hold(hold_ms);
    res.status = 202;
    res.set_header("X-Message-Id", xid);
  }

  // ---- Postmark -------------------------------------------------------------

  void postmark(const httplib::Request& req, httplib::Response& res) {
    const std::string p = "postmark";
    std::unique_lock lock(mu);
    remember(p, req);
    auto error = [&](int status, int code, const std::string& message, const char* kind) {
      count(p, kind);
      res.status = status;
      res.set_content(nlohmann::json{{"ErrorCode", code}, {"Message", message}}.dump(), kJson);
    };
    if (!credential_ok(p, "server_token", req.get_header_value("X-Postmark-Server-Token")))
      return error(401, 10, "The Server Token you provided in the X-Postmark-Server-Token request header was invalid. Please verify that you are using a valid token.", "unauthorized");
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    if (!j.is_object()) return error(422, 402, "Received invalid JSON input.", "bad_request");
    // "Name" <addr> or addr
    std::string to = clients::json_text(j, "To");
    if (const auto lt = to.rfind('<'); lt != std::string::npos && to.back() == '>') to = to.substr(lt + 1, to.size() - lt - 2);
    if (clients::json_text(j, "From").empty()) return error(422, 300, "Invalid 'From' address: ''.", "bad_request");
    if (!clients::plausible_email(to))
      return error(422, 300, "Error parsing 'To': Illegal email address '" + to + "'. It must contain the '@' symbol.", "bad_request");
    if (clients::json_text(j, "TextBody").empty() && clients::json_text(j, "HtmlBody").empty())
      return error(422, 300, "Provide either email TextBody or HtmlBody or both.", "bad_request");
    if (config.reject.count(to))
      return error(422, 406, "You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: " + to + ". Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.", "rejected");
    const Fault fault = draw(p);
    if (fault == Fault::rate_limited) {
      rate_limited_headers(p, res);
      return error(429, 429, "Rate limit exceeded.", "rate_limited");
    }
    if (fault == Fault::server_error) {
      count(p, "server_error");
      res.status = 500;
      res.set_content("Internal Server Error", "text/plain");
      return;
    }
    const nlohmann::json metadata = j.contains("Metadata") && j["Metadata"].is_object() ? j["Metadata"] : nlohmann::json::object();
    take(p, clients::json_text(metadata, "forewarn_message_id"));
    count(p, fault == Fault::timeout ? "timeout" : "accepted");
    const std::string hex = random_hex(32);
    const std::string mid = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" + hex.substr(20, 12);
    const std::string now = format_iso8601(clock->now());
    if (auto hook = config.webhooks.find(p); hook != config.webhooks.end()) {
      nlohmann::json event;
      if (config.bounce.count(to)) {
        event = {{"RecordType", "Bounce"}, {"ID", rng() % 1000000000}, {"Type", "HardBounce"}, {"TypeCode", 1},
                 {"Name", "Hard bounce"}, {"MessageID", mid}, {"MessageStream", "outbound"},
                 {"Description", "The server was unable to deliver your message (ex: unknown user, mailbox not found)."},
                 {"Details", "smtp;550 5.1.1 The email account that you tried to reach does not exist."},
                 {"Email", to}, {"From", clients::json_text(j, "From")}, {"BouncedAt", now}, {"Inactive", true},
                 {"CanActivate", true}, {"Subject", clients::json_text(j, "Subject")}, {"Metadata", metadata}};
      } else {
        event = {{"RecordType", "Delivery"}, {"ServerID", 1}, {"MessageStream", "outbound"}, {"MessageID", mid},
                 {"Recipient", to}, {"Tag", ""}, {"DeliveredAt", now},
                 {"Details", "Test delivery webhook details"}, {"Metadata", metadata}};
      }
      post_webhook({hook->second, event.dump(), "application/json", {}});
    }
    const int hold_ms = answer_hold_ms(p, fault);
    lock.unlock();
    if (hold_ms > 0) hold(hold_ms);
    res.set_content(nlohmann::json{{"To", clients::json_text(j, "To")}, {"SubmittedAt", now}, {"MessageID", mid},
                                   {"ErrorCode", 0}, {"Message", "OK"}}
                        .dump(),
                    kJson);
  }

  // ---- Twilio ---------------------------------------------------------------

  void twilio(const httplib::Request& req, httplib::Response& res, const std::string& account_sid) {
    const std::string p = "twilio";
    std::unique_lock lock(mu);
    remember(p, req);
    auto error = [&](int status, int code, const std::string& message, const char* kind) {
      count(p, kind);
      res.status = status;
      res.set_content(twilio_error(code, message, status), kJson);
    };
    const auto [user, secret] = basic_credentials(req);
    const bool sid_ok = !user.empty() && (user == account_sid || user.rfind("SK", 0) == 0);
    if (!sid_ok || !credential_ok(p, "account_sid", account_sid) || !credential_ok(p, "auth_token", secret))
      return error(401, 20003, "Authenticate", "unauthorized");
    const std::string token = req.get_header_value(clients::twilio::kIdempotencyHeader);
    if (!token.empty()) {
      if (const auto it = twilio_answers.find(token); it != twilio_answers.end()) {
        ++idempotent_replays;
        count(p, "idempotent_replay");
        res.status = it->second.first;
        res.set_content(it->second.second, kJson);
        return;
      }
    }
    const auto form = clients::parse_form(req.body);
    auto field = [&](const char* n) {
      const auto it = form.find(n);
      return it == form.end() ? std::string() : it->second;
    };
    const std::string to = field("To"), from = field("From"), service = field("MessagingServiceSid"), body = field("Body");
    if (to.empty()) return error(400, 21604, "A 'To' phone number is required.", "bad_request");
    if (!clients::is_e164(to)) return error(400, 21211, "Invalid 'To' Phone Number: " + to, "bad_request");
    if (from.empty() && service.empty()) return error(400, 21603, "A 'From' phone number is required.", "bad_request");
    if (body.empty()) return error(400, 21602, "Message body is required.", "bad_request");
    auto remember_answer = [&](int status, const std::string& answer) {
      if (!token.empty()) twilio_answers[token] = {status, answer};
    };
    if (config.reject.count(to)) {
      error(400, 21610, "Attempt to send to unsubscribed recipient", "rejected");
      remember_answer(400, res.body);
      return;
    }
    const Fault fault = draw(p);
    if (fault == Fault::rate_limited) {
      rate_limited_headers(p, res);
      return error(429, 20429, "Too Many Requests", "rate_limited");
    }
    if (fault == Fault::server_error) return error(500, 20500, "Internal Server Error", "server_error");
    take(p, token);
    count(p, fault == Fault::timeout ? "timeout" : "accepted");
    const std::string sid = "SM" + random_hex(32);
    const std::string date = clients::smtp::format_date(clock->now());
    const std::string uri = "/2010-04-01/Accounts/" + account_sid + "/Messages/" + sid;
    const nlohmann::json answer = {
        {"account_sid", account_sid}, {"api_version", "2010-04-01"}, {"body", body}, {"date_created", date},
        {"date_sent", nullptr}, {"date_updated", date}, {"direction", "outbound-api"}, {"error_code", nullptr},
        {"error_message", nullptr}, {"from", from.empty() ? nlohmann::json(nullptr) : nlohmann::json(from)},
        {"messaging_service_sid", service.empty() ? nlohmann::json(nullptr) : nlohmann::json(service)},
        {"num_media", "0"}, {"num_segments", "1"}, {"price", nullptr}, {"price_unit", "USD"}, {"sid", sid},
        {"status", "queued"}, {"subresource_uris", {{"media", uri + "/Media.json"}}}, {"to", to}, {"uri", uri + ".json"}};
    remember_answer(201, answer.dump());
    std::string callback = field("StatusCallback");
    if (callback.empty())
      if (auto hook = config.webhooks.find(p); hook != config.webhooks.end()) callback = hook->second;
    if (!callback.empty()) {
      const bool bounce = config.bounce.count(to) > 0;
      std::map<std::string, std::string> params = {
          {"AccountSid", account_sid}, {"ApiVersion", "2010-04-01"}, {"From", from}, {"MessageSid", sid},
          {"MessageStatus", bounce ? "undelivered" : "delivered"}, {"SmsSid", sid},
          {"SmsStatus", bounce ? "undelivered" : "delivered"}, {"To", to}};
      if (bounce) params["ErrorCode"] = "30005";
      if (!service.empty()) params["MessagingServiceSid"] = service;
      std::vector<std::pair<std::string, std::string>> fields(params.begin(), params.end());
      const std::string auth = credential(p, "auth_token").empty() ? secret : credential(p, "auth_token");
      httplib::Headers headers{{"X-Twilio-Signature", clients::twilio::webhook_signature(auth, callback, params)}};
      post_webhook({callback, tracking::form_encode(fields), "application/x-www-form-urlencoded", headers});
    }
    const int hold_ms = answer_hold_ms(p, fault);
    lock.unlock();
    if (hold_ms > 0) hold(hold_ms);
    res.status = 201;
    res.set_content(answer.dump(), kJson);
  }

  // ---- Vonage ---------------------------------------------------------------

  void vonage(const httplib::Request& req, httplib::Response& res) {
    const std::string p = "vonage";
    std::unique_lock lock(mu);
    remember(p, req);
    std::map<std::string, std::string> f;
    if (req.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
      const auto j = nlohmann::json::parse(req.body, nullptr, false);
      if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) f[it.key()] = clients::json_text(j, it.key().c_str());
    } else {
      f = clients::parse_form(req.body);
      for (const auto& [k, v] : req.params) f.emplace(k, v);
    }
    auto field = [&](const char* n) {
      const auto it = f.find(n);
      return it == f.end() ? std::string() : it->second;
    };
    auto fail = [&](const char* status, const std::string& text, const char* kind) {
      count(p, kind);
      res.set_content(vonage_answer({{{"status", status}, {"error-text", text}}}), kJson);
    };
    if (field("api_key").empty() || field("api_secret").empty()) return fail("2", "Missing api_key", "bad_request");
    if (!credential_ok(p, "api_key", field("api_key")) || !credential_ok(p, "api_secret", field("api_secret")))
      return fail("4", "Bad Credentials", "unauthorized");
    const std::string to = field("to"), from = field("from"), text = field("text"), ref = field("client-ref");
    if (to.empty()) return fail("2", "Missing to param", "bad_request");
    if (from.empty()) return fail("2", "Missing from param", "bad_request");
    if (text.empty()) return fail("2", "Missing text param", "bad_request");
    if (!clients::is_e164("+" + to)) return fail("3", "Invalid to address", "bad_request");
    if (config.reject.count("+" + to) || config.reject.count(to)) return fail("7", "Number barred.", "rejected");
    const Fault fault = draw(p);
    if (fault == Fault::rate_limited) return fail("1", "Throughput Rate Exceeded - please wait [ 1000 ] and retry", "rate_limited");
    if (fault == Fault::server_error) return fail("5", "Internal Error", "server_error");
    take(p, ref);
    count(p, fault == Fault::timeout ? "timeout" : "accepted");
    std::string mid = random_hex(16);
    for (char& c : mid) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    nlohmann::json part = {{"to", to}, {"message-id", mid}, {"status", "0"}, {"remaining-balance", "10.00000000"},
                           {"message-price", "0.03330000"}, {"network", "23410"}};
    if (!ref.empty()) part["client-ref"] = ref;
    std::string callback = field("callback");
    if (callback.empty())
      if (auto hook = config.webhooks.find(p); hook != config.webhooks.end()) callback = hook->second;
    if (!callback.empty()) {
      const bool bounce = config.bounce.count("+" + to) > 0;
      nlohmann::json dlr = {{"msisdn", to}, {"to", from}, {"network-code", "23410"}, {"messageId", mid},
                            {"price", "0.03330000"}, {"status", bounce ? "rejected" : "delivered"},
                            {"scts", "2001011400"}, {"err-code", bounce ? "6" : "0"},
                            {"message-timestamp", vonage_timestamp(clock->now())}, {"api-key", field("api_key")}};
      if (!ref.empty()) dlr["client-ref"] = ref;
      post_webhook({callback, dlr.dump(), "application/json", {}});
    }
    const int hold_ms = answer_hold_ms(p, fault);
    lock.unlock();
    if (hold_ms > 0) hold(hold_ms);
    res.set_content(vonage_answer({part}), kJson);
  }

  // ---- test endpoints -------------------------------------------------------

  nlohmann::json messages(const httplib::Request& req) {
    std::lock_guard lock(mu);
    if (req.has_param("id")) {
      const auto it = received.find(req.get_param_value("id"));
      return {{"id", req.get_param_value("id")},
              {"count", it == received.end() ? 0 : it->second.count},
              {"provider", it == received.end() ? nlohmann::json(nullptr) : nlohmann::json(it->second.provider)}};
    }
    std::uint64_t duplicates = 0;
    nlohmann::json counts = nlohmann::json::object(), duplicate_ids = nlohmann::json::array(),
                   by_provider = nlohmann::json::object();
    for (const auto& [id, r] : received) {
      counts[id] = r.count;
      by_provider[r.provider] = by_provider.value(r.provider, 0) + r.count;
      if (r.count > 1) {
        duplicates += static_cast<std::uint64_t>(r.count - 1);
        duplicate_ids.push_back(id);
      }
    }
    nlohmann::json out = {{"accepted", accepted}, {"unique", received.size()}, {"duplicates", duplicates},
                          {"duplicate_ids", duplicate_ids}, {"idempotent_replays", idempotent_replays},
                          {"by_provider", by_provider}};
    if (req.get_param_value("summary") != "1") out["counts"] = std::move(counts);
    return out;
  }

  nlohmann::json stats() {
    std::lock_guard lock(mu);
    nlohmann::json a = nlohmann::json::object();
    for (const auto& [provider, kinds] : answers)
      for (const auto& [kind, n] : kinds) a[provider][kind] = n;
    return {{"answers", a}, {"webhooks_posted", hooks_posted.load()}, {"webhooks_failed", hooks_failed.load()},
            {"now", format_iso8601(clock->now())}};
  }

  void set_faults(const httplib::Request& req, httplib::Response& res) {
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    std::vector<std::string> errors;
    ProviderFaults f;
    parse_faults(j, "faults", f, errors);
    const std::string provider = j.is_object() ? clients::json_text(j, "provider") : std::string();
    if (!provider.empty() && !kProviders.count(provider)) errors.push_back("provider: unknown provider");
    if (!errors.empty()) {
      res.status = 400;
      res.set_content(nlohmann::json{{"errors", errors}}.dump(), kJson);
      return;
    }
    std::lock_guard lock(mu);
    if (provider.empty()) {
      config.faults = f;
      config.provider_faults.clear();
    } else {
      config.provider_faults[provider] = f;
    }
    res.set_content(R"({"ok":true})", kJson);
  }

  void route_post(const httplib::Request& req, httplib::Response& res) {
    const std::string& path = req.path;
    static constexpr std::string_view kTwilio = "/2010-04-01/Accounts/";
    static constexpr std::string_view kTwilioEnd = "/Messages.json";
    if (path == "/v3/mail/send") {
      sendgrid(req, res);
    } else if (path == "/email") {
      postmark(req, res);
    } else if (path == "/sms/json") {
      vonage(req, res);
    } else if (path.rfind(kTwilio, 0) == 0 && path.size() > kTwilio.size() + kTwilioEnd.size() &&
               path.compare(path.size() - kTwilioEnd.size(), kTwilioEnd.size(), kTwilioEnd) == 0) {
      const std::string sid = path.substr(kTwilio.size(), path.size() - kTwilio.size() - kTwilioEnd.size());
      if (sid.find('/') != std::string::npos) return not_found(res);
      twilio(req, res, sid);
    } else if (path == "/_sim/faults") {
      set_faults(req, res);
    } else if (path == "/_sim/reset") {
      std::lock_guard lock(mu);
      received.clear();
      accepted = idempotent_replays = 0;
      twilio_answers.clear();
      answers.clear();
      last_request.clear();
      res.set_content(R"({"ok":true})", kJson);
    } else {
      not_found(res);
    }
  }

  void route_get(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/_sim/messages") {
      res.set_content(messages(req).dump(), kJson);
    } else if (req.path == "/_sim/stats") {
      res.set_content(stats().dump(), kJson);
    } else if (req.path == "/_sim/last") {
      std::lock_guard lock(mu);
      const auto it = last_request.find(req.get_param_value("provider"));
      if (it == last_request.end()) return not_found(res);
      res.set_content(it->second.dump(), kJson);
    } else {
      not_found(res);
    }
  }

  static void not_found(httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"error":"no such endpoint"})", kJson);
  }
};

ProviderServer::ProviderServer(ProviderSimConfig config, std::shared_ptr<Clock> clock, ProviderServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(clock), std::move(options))) {
  auto& s = impl_->http;
  configure_loopback_http(s, impl_->options.threads, impl_->listen_fd);
  s.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { impl_->route_post(req, res); });
  s.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { impl_->route_get(req, res); });
  impl_->hook_thread = std::thread([this] { impl_->webhook_loop(); });
}

ProviderServer::~ProviderServer() {
  stop();
  {
    std::lock_guard lock(impl_->hook_mu);
    impl_->stopping_hooks = true;
  }
  impl_->hook_cv.notify_all();
  if (impl_->hook_thread.joinable()) impl_->hook_thread.join();
}

int ProviderServer::bind() {
  const auto& o = impl_->options;
  const int port = o.port == 0 ? impl_->http.bind_to_any_port(o.host) : (impl_->http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port > 0 && impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  return port;
}

void ProviderServer::run() { impl_->http.listen_after_bind(); }

void ProviderServer::stop() {
  {
    std::lock_guard lock(impl_->stop_mu);
    impl_->stopping = true;
  }
  impl_->stop_cv.notify_all();
  impl_->http.stop();
}

}  // namespace forewarn::sim
