#include "clients/common/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/tracking/codec_support.hpp"

namespace forewarn::clients {

namespace {

namespace codec = tracking::codec;

std::once_flag g_curl_init;

struct Transfer {
  int lane = 0;
  std::string url;
  tracking::HttpRequest request;
  HttpClient::Callback done;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  HttpResponse response;
  std::size_t max_bytes = 0;
  bool too_large = false;
};

struct Lane {
  std::string name;
  int max_in_flight = 1;
  int in_flight = 0;
  std::deque<std::unique_ptr<Transfer>> queue;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  if (t->response.body.size() + bytes > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  const std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response.headers.clear();  // a new response (after 100 Continue or a redirect)
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos)
    t->response.headers.emplace_back(codec::to_lower(codec::trim(line.substr(0, colon))),
                                     codec::trim(line.substr(colon + 1)));
  return bytes;
}

void complete(std::unique_ptr<Transfer> t, HttpResponse::Failure failure, std::string error) {
  t->response.failure = failure;
  t->response.error = std::move(error);
  if (failure != HttpResponse::Failure::none) t->response.status = 0;
  try {
    t->done(std::move(t->response));
  } catch (...) {
    // A callback must not take the I/O thread down; the caller owns its errors.
  }
}

}  // namespace

const std::string* HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return &v;
  return nullptr;
}

std::string_view to_string(HttpResponse::Failure f) noexcept {
  switch (f) {
    case HttpResponse::Failure::none: return "none";
    case HttpResponse::Failure::timeout: return "timeout";
    case HttpResponse::Failure::network: return "network";
    case HttpResponse::Failure::too_large: return "too_large";
    case HttpResponse::Failure::cancelled: return "cancelled";
  }
  return "network";
}

struct HttpClient::Impl {
  explicit Impl(const HttpClientOptions& o) : options(o) {
    std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.connection_cache);
    io = std::thread([this] { loop(); });
  }

  ~Impl() {
    for (CURL* e : spare) curl_easy_cleanup(e);
    curl_multi_cleanup(multi);
  }

  HttpClientOptions options;
  CURLM* multi = nullptr;
  std::thread io;

  mutable std::mutex mu;  // lanes, stopping, completed
  std::deque<Lane> lanes;  // a deque: lanes never move
  bool stopping = false;
  std::size_t completed = 0;

  // I/O thread only.
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;
  std::vector<CURL*> spare;

  CURL* easy_handle() {
    if (spare.empty()) return curl_easy_init();
    CURL* e = spare.back();
    spare.pop_back();
    curl_easy_reset(e);
    return e;
  }

  void release(Transfer& t) {
    if (t.headers) curl_slist_free_all(t.headers);
    t.headers = nullptr;
    if (t.easy) spare.push_back(t.easy);
    t.easy = nullptr;
  }

  void lane_done(int lane) {
    std::lock_guard lock(mu);
    --lanes[static_cast<std::size_t>(lane)].in_flight;
    ++completed;
  }

  // Sets up the easy handle and hands it to the multi handle.
  void begin(std::unique_ptr<Transfer> t) {
    CURL* e = easy_handle();
    if (!e) {
      lane_done(t->lane);
      complete(std::move(t), HttpResponse::Failure::network, "cannot create a libcurl handle");
      return;
    }
    t->easy = e;
    t->max_bytes = options.max_response_bytes;
    const tracking::HttpRequest& r = t->request;
    curl_easy_setopt(e, CURLOPT_URL, t->url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 30L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, 15L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
    curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    if (r.method == "GET") {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
      if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
      else curl_easy_setopt(e, CURLOPT_POST, 1L);
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
    for (const auto& [k, v] : r.headers) {
      const std::string line = k + ": " + v;
      t->headers = curl_slist_append(t->headers, line.c_str());
    }
    t->headers = curl_slist_append(t->headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    if (curl_multi_add_handle(multi, e) != CURLM_OK) {
      release(*t);
      lane_done(t->lane);
      complete(std::move(t), HttpResponse::Failure::network, "cannot start the transfer");
      return;
    }
    active.emplace(e, std::move(t));
  }

  void finish(CURL* e, CURLcode code) {
    curl_multi_remove_handle(multi, e);
    auto it = active.find(e);
    if (it == active.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    active.erase(it);
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    curl_off_t micros = 0;
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &micros);
    t->response.status = static_cast<int>(status);
    t->response.elapsed = std::chrono::milliseconds{micros / 1000};
    release(*t);
    lane_done(t->lane);
    HttpResponse::Failure failure = HttpResponse::Failure::none;
    if (code == CURLE_OPERATION_TIMEDOUT) failure = HttpResponse::Failure::timeout;
    else if (code == CURLE_WRITE_ERROR && t->too_large) failure = HttpResponse::Failure::too_large;
    else if (code != CURLE_OK) failure = HttpResponse::Failure::network;
    complete(std::move(t), failure, code == CURLE_OK ? "" : curl_easy_strerror(code));
  }

  void loop() {
    for (;;) {
      std::vector<std::unique_ptr<Transfer>> starting;
      {
        std::lock_guard lock(mu);
        if (stopping) break;
        for (Lane& lane : lanes)
          while (lane.in_flight < lane.max_in_flight && !lane.queue.empty()) {
            starting.push_back(std::move(lane.queue.front()));
            lane.queue.pop_front();
            ++lane.in_flight;
          }
      }
      for (auto& t : starting) begin(std::move(t));
      int running = 0;
      curl_multi_perform(multi, &running);
      int left = 0, finished = 0;
      while (CURLMsg* m = curl_multi_info_read(multi, &left))
        if (m->msg == CURLMSG_DONE) {
          finish(m->easy_handle, m->data.result);
          ++finished;
        }
      // A finished transfer freed a slot: start the next queued one now, not
      // at the next socket event.
      if (finished == 0) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
  }

  void cancel_everything() {
    std::vector<std::unique_ptr<Transfer>> cancelled;
    for (auto& [e, t] : active) {
      curl_multi_remove_handle(multi, e);
      release(*t);
      cancelled.push_back(std::move(t));
    }
    active.clear();
    {
      std::lock_guard lock(mu);
      for (Lane& lane : lanes) {
        for (auto& t : lane.queue) cancelled.push_back(std::move(t));
        lane.queue.clear();
        lane.in_flight = 0;
      }
    }
    for (auto& t : cancelled) complete(std::move(t), HttpResponse::Failure::cancelled, "http client stopped");
  }
};

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>(options_)) {}

HttpClient::~HttpClient() { stop(); }

int HttpClient::add_lane(std::string name, int max_in_flight) {
  std::lock_guard lock(impl_->mu);
  impl_->lanes.push_back(Lane{std::move(name), std::max(1, max_in_flight), 0, {}});
  return static_cast<int>(impl_->lanes.size() - 1);
}

void HttpClient::send(int lane, const std::string& base_url, tracking::HttpRequest request, Callback done, bool urgent) {
  auto t = std::make_unique<Transfer>();
  t->lane = lane;
  t->url = base_url + request.target();
  t->request = std::move(request);
  t->done = std::move(done);
  bool stopped = false;
  {
    std::lock_guard lock(impl_->mu);
    stopped = impl_->stopping;
    if (!stopped && lane >= 0 && static_cast<std::size_t>(lane) < impl_->lanes.size()) {
      auto& q = impl_->lanes[static_cast<std::size_t>(lane)].queue;
      if (urgent) q.push_front(std::move(t));
      else q.push_back(std::move(t));
    }
  }
  if (t) {  // stopped, or no such lane
    complete(std::move(t), HttpResponse::Failure::cancelled, stopped ? "http client stopped" : "no such lane");
    return;
  }
  curl_multi_wakeup(impl_->multi);
}

HttpResponse HttpClient::send_and_wait(int lane, const std::string& base_url, tracking::HttpRequest request) {
  auto promise = std::make_shared<std::promise<HttpResponse>>();
  auto future = promise->get_future();
  send(lane, base_url, std::move(request), [promise](HttpResponse r) { promise->set_value(std::move(r)); });
  return future.get();
}

void HttpClient::stop() {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopping && !impl_->io.joinable()) return;
    impl_->stopping = true;
  }
  curl_multi_wakeup(impl_->multi);
  if (impl_->io.joinable() && impl_->io.get_id() != std::this_thread::get_id()) impl_->io.join();
  impl_->cancel_everything();
}

HttpClientStats HttpClient::stats() const {
  std::lock_guard lock(impl_->mu);
  HttpClientStats s;
  for (const Lane& lane : impl_->lanes) {
    s.in_flight += static_cast<std::size_t>(lane.in_flight);
    s.queued += lane.queue.size();
  }
  s.completed = impl_->completed;
  return s;
}

}  // namespace forewarn::clients
