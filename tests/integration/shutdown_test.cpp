// Graceful shutdown: on SIGTERM the server stops accepting, finishes the
// requests in flight, closes its database pool and exits 0.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "harness.hpp"

namespace {
int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string read_all(int fd, int timeout_ms) {
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}
}  // namespace

TEST_CASE("SIGTERM: a request in flight is finished, new connections are refused, exit 0") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Shop");
  fwtest::Server server(db);

  const std::string body = R"({"name":"Late","time_zone":"Europe/Helsinki","country":"FI"})";
  const std::string head = "POST /v1/warehouses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key +
                           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n";
  const int fd = connect_to(server.port());
  REQUIRE(fd >= 0);
  // Half a request is in flight when the signal arrives.
  REQUIRE(send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size()));
  REQUIRE(send(fd, body.data(), 10, MSG_NOSIGNAL) == 10);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(kill(server.pid(), SIGTERM) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // No new connections once shutting down.
  const int late = connect_to(server.port());
  CHECK(late < 0);
  if (late >= 0) close(late);

  REQUIRE(send(fd, body.data() + 10, body.size() - 10, MSG_NOSIGNAL) == static_cast<ssize_t>(body.size() - 10));
  const std::string response = read_all(fd, 5000);
  close(fd);
  CHECK(fwtest::raw_status(response) == 201);

  CHECK(server.terminate() == 0);
  const std::string logs = server.logs();
  CHECK(logs.find("\"msg\":\"shutting down\"") != std::string::npos);
  CHECK(logs.find("\"msg\":\"stopped\"") != std::string::npos);
  // And the warehouse was really stored.
  fwtest::Server again(db);
  auto list = nlohmann::json::parse(again.client().Get("/v1/warehouses", fwtest::bearer(key))->body);
  REQUIRE(list["items"].size() == 1);
  CHECK(list["items"][0]["name"] == "Late");
}
