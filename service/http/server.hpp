// The HTTP front: cpp-httplib configured for a service (TCP_NODELAY, a
// worker per concurrent keep-alive connection, timeouts, body limit), one
// dispatch path for every request (request id, routing, auth, rate limit,
// content type, JSON parsing, handler, problem+json, logs and metrics), and
// graceful shutdown.
#pragma once

#include <memory>

#include "http/router.hpp"
#include "http/services.hpp"

namespace httplib {
class Server;
}

namespace forewarn::http {

class Server {
 public:
  Server(Services& services, const Router& router);
  ~Server();
  // Binds the configured host/port; returns the bound port.
  int bind();
  // Serves until stop(); in-flight requests finish before it returns.
  void run();
  void stop();

 private:
  void dispatch(const void* raw_request, void* raw_response, const void* content_reader);
  Services& services_;
  const Router& router_;
  std::unique_ptr<httplib::Server> server_;
  int listen_fd_ = -1;
};

}  // namespace forewarn::http
