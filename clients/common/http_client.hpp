// The carriers' HTTP client (adapter): libcurl's multi interface driven by
// one I/O thread, so that thousands of carrier calls can be in flight at once
// without a thread each.
//
// - Lanes: every carrier transport gets its own lane with its own limit of
//   transfers in flight; what is over the limit waits in the lane's FIFO
//   queue. A slow or stalled carrier fills only its own lane: the others keep
//   their slots (one slow carrier never blocks the others).
// - Timeouts: a connect timeout and a total timeout per transfer, counted
//   from the moment the transfer leaves the lane queue.
// - Connections are kept alive and reused across transfers and lanes (the
//   multi handle's connection cache; TCP keep-alive probes on idle ones).
// - Callbacks run on the I/O thread, one at a time: keep them short (parse,
//   hand over) and never block in them; calling send() from a callback is fine.
//
// Thread-safe. Destroying the client (or stop()) completes every queued and
// in-flight transfer with Failure::cancelled before it returns.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/tracking/request.hpp"

namespace forewarn::clients {

struct HttpResponse {
  enum class Failure { none, timeout, network, too_large, cancelled };

  int status = 0;  // 0 when no response arrived (see failure)
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case, last response only
  std::string body;
  Failure failure = Failure::none;
  std::string error;  // libcurl's message when failure != none
  std::chrono::milliseconds elapsed{0};

  // First header with that name (lower case), or nullptr.
  const std::string* header(std::string_view lower_name) const;
};

std::string_view to_string(HttpResponse::Failure f) noexcept;

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds total_timeout{10000};
  std::size_t max_response_bytes = 8u << 20;  // larger: Failure::too_large
  long connection_cache = 512;                // idle connections kept open
  std::string user_agent = "forewarn";
};

struct HttpClientStats {
  std::size_t in_flight = 0;
  std::size_t queued = 0;
  std::size_t completed = 0;
};

class HttpClient {
 public:
  using Callback = std::function<void(HttpResponse)>;

  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // A new lane allowing `max_in_flight` (>= 1) concurrent transfers; returns its id.
  int add_lane(std::string name, int max_in_flight);

  // Sends base_url + request.target() on `lane`; `done` runs exactly once, on
  // the I/O thread (or on the caller's thread after stop()). `urgent` puts it
  // at the head of the lane's queue (token refreshes).
  void send(int lane, const std::string& base_url, tracking::HttpRequest request, Callback done,
            bool urgent = false);
  // Blocking convenience over send(). Never call it from a callback.
  HttpResponse send_and_wait(int lane, const std::string& base_url, tracking::HttpRequest request);

  // Completes every pending transfer with Failure::cancelled and joins the
  // I/O thread. Later sends complete at once with Failure::cancelled.
  void stop();

  HttpClientStats stats() const;
  const HttpClientOptions& options() const { return options_; }

 private:
  struct Impl;
  HttpClientOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace forewarn::clients
