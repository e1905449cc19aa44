#include "sim/loopback_http.hpp"

namespace forewarn::sim {

void configure_loopback_http(httplib::Server& s, int threads, int& listen_fd) {
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(1000000);
  s.set_keep_alive_timeout(30);
  s.set_read_timeout(30, 0);
  s.set_write_timeout(30, 0);
  s.set_socket_options([&listen_fd](int fd) {
    httplib::default_socket_options(fd);
    listen_fd = fd;
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 400;
    res.set_content(R"({"error":"bad request"})", "application/json");
  });
}

}  // namespace forewarn::sim
