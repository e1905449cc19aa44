#include "http/server.hpp"

#include <httplib.h>

#include <sys/socket.h>

#include <cctype>

#include "core/body_reader.hpp"
#include "http/problem_http.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"
#include "platform/system_clock.hpp"

namespace forewarn::http {

namespace {

bool valid_request_id(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (unsigned char c : id)
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.' && c != ':') return false;
  return true;
}

bool is_json_media_type(const std::string& content_type) {
  std::string media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json" || media == "application/merge-patch+json" ||
         (media.size() > 5 && media.ends_with("+json") && media.rfind("application/", 0) == 0);
}

void write_problem(httplib::Response& res, const Problem& p, const std::string& request_id) {
  res.status = status_of(p.kind);
  if (!p.allow.empty()) {
    std::string allow;
    for (const auto& m : p.allow) allow += (allow.empty() ? "" : ", ") + m;
    res.set_header("Allow", allow);
  }
  if (p.retry_after_seconds) res.set_header("Retry-After", std::to_string(*p.retry_after_seconds));
  res.set_content(problem_json(p, request_id).dump(), kProblemType);
}

void write_response(httplib::Response& res, const Response& r) {
  res.status = r.status;
  for (const auto& [k, v] : r.headers) res.set_header(k, v);
  if (r.status == 204) return;
  if (r.text) res.set_content(*r.text, r.content_type);
  else res.set_content(r.body.dump(), r.content_type);
}

}  // namespace

Server::Server(Services& services, const Router& router)
    : services_(services), router_(router), server_(std::make_unique<httplib::Server>()) {
  const HttpConfig& c = services_.config.http;
  auto& s = *server_;
  s.set_tcp_nodelay(c.tcp_nodelay);
  const int threads = c.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_keep_alive_max_count(static_cast<size_t>(c.keepalive_max_requests));
  s.set_keep_alive_timeout(c.keepalive_timeout_s);
  s.set_read_timeout(c.read_timeout_ms / 1000, (c.read_timeout_ms % 1000) * 1000);
  s.set_write_timeout(c.write_timeout_ms / 1000, (c.write_timeout_ms % 1000) * 1000);
  s.set_socket_options([this](int fd) {
    httplib::default_socket_options(fd);  // SO_REUSEADDR
    listen_fd_ = fd;
  });
  s.set_payload_max_length(static_cast<size_t>(c.max_body_bytes));  // also checked while reading, for chunked bodies

  // Requests that may carry a body get a content reader, so that the body
  // limit is enforced the same way for Content-Length and chunked bodies.
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { dispatch(&req, &res, nullptr); };
  auto with_body = [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    dispatch(&req, &res, &reader);
  };
  s.Get(".*", handler);
  s.Post(".*", with_body);
  s.Put(".*", with_body);
  s.Patch(".*", with_body);
  s.Delete(".*", with_body);
  s.Options(".*", handler);

  // Errors httplib detects itself (bad request line, oversized body or URI,
  // unknown method) reach here with an empty body: give them problem+json.
  s.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string rid = req.get_header_value("X-Request-Id");
    if (!valid_request_id(rid)) rid = crypto::random_id_hex(8);
    res.set_header("X-Request-Id", rid);
    const ErrorKind kind = kind_of_status(res.status);
    std::string detail = res.status == 413   ? "The request body is larger than the limit of " +
                                                   std::to_string(services_.config.http.max_body_bytes) + " bytes."
                         : res.status == 414 ? "The request URI is too long."
                         : res.status == 404 ? "There is no such resource."
                                             : "The request could not be read as HTTP/1.1.";
    Problem p = Problem::of(kind, detail);
    write_problem(res, p, rid);
    services_.metrics.count("forewarn_http_requests_total",
                            {{"route", "unmatched"}, {"method", "other"}, {"status", std::to_string(res.status)}});
    log::info("request", {{"request_id", rid}, {"status", res.status}, {"route", "unmatched"}});
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(problem_json(Problem::of(ErrorKind::internal, "An unexpected error occurred."), "").dump(),
                    kProblemType);
  });
}

Server::~Server() = default;

int Server::bind() {
  const auto& c = services_.config.http;
  const int port = c.port == 0 ? server_->bind_to_any_port(c.host) : (server_->bind_to_port(c.host, c.port) ? c.port : -1);
  // cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections
  // (64 clients connecting at once) overflows it, and each dropped SYN costs
  // the client a 1 s retransmission. Listening again raises the backlog.
  if (port > 0 && listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
  return port;
}

void Server::run() { server_->listen_after_bind(); }

void Server::stop() { server_->stop(); }

void Server::dispatch(const void* raw_request, void* raw_response, const void* raw_reader) {
  const auto& req = *static_cast<const httplib::Request*>(raw_request);
  auto& res = *static_cast<httplib::Response*>(raw_response);
  const auto* reader = static_cast<const httplib::ContentReader*>(raw_reader);
  const double started = platform::monotonic_seconds();

  Request request;
  request.method = req.method;
  request.path = req.path;
  request.target = req.target;
  request.request_id = req.get_header_value("X-Request-Id");
  request.header = [&req](const std::string& name) { return req.get_header_value(name); };
  if (!valid_request_id(request.request_id)) request.request_id = crypto::random_id_hex(8);
  res.set_header("X-Request-Id", request.request_id);

  const Match match = router_.match(req.method == "OPTIONS" ? "GET" : req.method, req.path);
  const std::string route_label = match.route ? match.route->pattern : "unmatched";
  Result result = Problem::of(ErrorKind::internal, "An unexpected error occurred.");

  bool body_read = false;
  auto run = [&]() -> Result {
    if (req.method == "OPTIONS") {
      Match any = router_.match("OPTIONS", req.path);
      if (any.allow.empty()) return Problem::of(ErrorKind::not_found, "There is no resource at " + req.path + ".");
      Response r = Response::no_content();
      std::string allow;
      for (const auto& m : any.allow) allow += (allow.empty() ? "" : ", ") + m;
      r.headers.emplace_back("Allow", allow + ", OPTIONS");
      return r;
    }
    if (!match.route) {
      if (!match.allow.empty()) {
        Problem p = Problem::of(ErrorKind::method_not_allowed, req.method + " is not allowed on " + req.path + ".");
        p.allow = match.allow;
        return p;
      }
      return Problem::of(ErrorKind::not_found, "There is no resource at " + req.path + ".");
    }
    const Route& route = *match.route;
    if (route.auth == Auth::tenant) {
      auto who = services_.auth.authenticate(req.get_header_value("Authorization"));
      if (auto* p = std::get_if<Problem>(&who)) return *p;
      const Caller& caller = std::get<Caller>(who);
      if (auto wait = services_.limiter.check(caller.key_prefix)) {
        Problem p = Problem::of(ErrorKind::rate_limited, "Too many requests for this API key; slow down.");
        p.retry_after_seconds = *wait;
        return p;
      }
      request.tenant_id = caller.tenant_id;
    }
    // The body is read only now, after authentication, within the limit.
    std::string body;
    body_read = true;
    if (reader) {
      const size_t limit = static_cast<size_t>(services_.config.http.max_body_bytes);
      bool too_large = false;
      const bool read = (*reader)([&](const char* data, size_t n) {
        if (body.size() + n > limit) {
          too_large = true;
          return false;
        }
        body.append(data, n);
        return true;
      });
      if (too_large || res.status == 413) {
        res.set_header("Connection", "close");
        return Problem::of(ErrorKind::payload_too_large,
                           "The request body is larger than the limit of " + std::to_string(limit) + " bytes.");
      }
      if (!read) {
        res.set_header("Connection", "close");
        return Problem::of(ErrorKind::bad_request, "The request body could not be read.");
      }
    }
    if (route.body == Body::calendar) {
      const std::string ct = req.get_header_value("Content-Type");
      if (ct.substr(0, ct.find(';')) != "text/calendar")
        return Problem::of(ErrorKind::unsupported_media_type, "Send the body as text/calendar (an .ics file).");
      request.text = std::move(body);
    } else if (route.body == Body::raw) {
      request.text = std::move(body);
    } else if (route.body == Body::json) {
      if (!req.has_header("Content-Type") || !is_json_media_type(req.get_header_value("Content-Type")))
        return Problem::of(ErrorKind::unsupported_media_type, "Send the body as application/json.");
      Problem problem;
      auto parsed = parse_json_body(body, problem);
      if (!parsed) return problem;
      if (!parsed->is_object()) return Problem::validation({{"", "The body must be a JSON object."}});
      request.body = std::move(*parsed);
    } else if (!body.empty()) {
      return Problem::validation({{"", "This request takes no body."}});
    }
    request.params = match.params;
    for (const auto& [k, v] : req.params) request.query.emplace(k, v);
    return route.handler(services_, request);
  };

  try {
    result = run();
  } catch (const db::Unavailable& e) {
    Problem p = Problem::of(ErrorKind::unavailable, "The database is not reachable; try again shortly.");
    p.retry_after_seconds = 1;
    result = p;
    log::warn("database unavailable", {{"request_id", request.request_id}, {"error", e.what()}});
  } catch (const pqxx::broken_connection& e) {
    Problem p = Problem::of(ErrorKind::unavailable, "The database is not reachable; try again shortly.");
    p.retry_after_seconds = 1;
    result = p;
    log::warn("database unavailable", {{"request_id", request.request_id}, {"error", e.what()}});
  } catch (const std::exception& e) {
    // A bug: log everything, tell the caller nothing internal.
    log::error("unhandled error", {{"request_id", request.request_id}, {"route", route_label}, {"error", e.what()}});
    result = Problem::of(ErrorKind::internal, "An unexpected error occurred. Quote the request id when reporting it.");
  }

  // Answered before its body was read (no such route, not authenticated, rate
  // limited): the unread bytes would be taken for the next request on this
  // connection. It is closed instead (reading a stranger's body is not free).
  const std::string length = req.get_header_value("Content-Length");
  if (reader && !body_read && ((!length.empty() && length != "0") || req.has_header("Transfer-Encoding")))
    res.set_header("Connection", "close");
  if (auto* p = std::get_if<Problem>(&result)) write_problem(res, *p, request.request_id);
  else write_response(res, std::get<Response>(result));

  const double elapsed = platform::monotonic_seconds() - started;
  const std::string status = std::to_string(res.status);
  services_.metrics.count("forewarn_http_requests_total", {{"route", route_label}, {"method", req.method}, {"status", status}});
  services_.metrics.observe("forewarn_http_request_duration_seconds", {{"route", route_label}, {"method", req.method}}, elapsed);
  nlohmann::json fields = {{"request_id", request.request_id}, {"method", req.method}, {"route", route_label},
                           {"status", res.status}, {"latency_ms", elapsed * 1000.0}};
  if (!request.tenant_id.empty()) fields["tenant"] = request.tenant_id;
  const bool probe = route_label == "/healthz" || route_label == "/readyz" || route_label == "/metrics";
  if (res.status >= 500 && res.status != 503) log::error("request", std::move(fields));
  else if (res.status == 503) log::warn("request", std::move(fields));
  else if (probe) log::debug("request", std::move(fields));
  else log::info("request", std::move(fields));
}

}  // namespace forewarn::http
