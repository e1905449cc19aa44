#include "clients/smtp/transport.hpp"

#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "clients/smtp/codec/message.hpp"

namespace forewarn::clients::smtp {

namespace {

std::once_flag g_curl_init;

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* u = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, u->data.size() - u->offset);
  std::memcpy(buffer, u->data.data() + u->offset, n);
  u->offset += n;
  return n;
}

// Keeps the relay's last reply line (libcurl reports only the code): the
// reason people read, "550 5.1.1 <x@example.com>: Recipient address rejected".
int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string_view line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() >= 3 && (line[0] == '4' || line[0] == '5')) *static_cast<std::string*>(user) = std::string(line.substr(0, 300));
  return 0;
}

struct Slist {
  curl_slist* list = nullptr;
  ~Slist() { curl_slist_free_all(list); }
};

}  // namespace

struct SmtpProvider::Pool {
  std::mutex mu;
  std::vector<CURL*> idle;

  CURL* take() {
    {
      std::lock_guard lock(mu);
      if (!idle.empty()) {
        CURL* e = idle.back();
        idle.pop_back();
        return e;
      }
    }
    return curl_easy_init();
  }
  void give_back(CURL* e) {
    std::lock_guard lock(mu);
    idle.push_back(e);
  }
  ~Pool() {
    for (CURL* e : idle) curl_easy_cleanup(e);
  }
};

SmtpProvider::SmtpProvider(SmtpConfig config, const Clock& clock)
    : config_(std::move(config)), clock_(clock), pool_(std::make_unique<Pool>()) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  url_ = config_.url;
  while (!url_.empty() && url_.back() == '/') url_.pop_back();
  if (!config_.helo_domain.empty()) url_ += "/" + config_.helo_domain;
}

SmtpProvider::~SmtpProvider() = default;

SendOutcome SmtpProvider::send(const OutgoingMessage& message) {
  if (auto bad = invalid_reason(message)) return SendOutcome{SendStatus::permanent_failure, {}, *bad, 0, std::nullopt};
  const std::string body = build_message(message, clock_.now());
  Upload upload{body};
  Slist rcpt;
  rcpt.list = curl_slist_append(nullptr, ("<" + message.to + ">").c_str());
  const std::string from = "<" + message.from + ">";
  char error[CURL_ERROR_SIZE] = {0};

  CURL* e = pool_->take();
  if (!e) return SendOutcome{SendStatus::transient_failure, {}, "libcurl: cannot create a handle", 0, std::nullopt};
  curl_easy_setopt(e, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.total_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  if (config_.starttls) curl_easy_setopt(e, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!config_.username.empty()) {
    curl_easy_setopt(e, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, config_.password.c_str());
  }
  if (!config_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, config_.ca_file.c_str());
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, config_.verify_peer ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, config_.verify_peer ? 2L : 0L);
  curl_easy_setopt(e, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rcpt.list);
  curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(e, CURLOPT_READDATA, &upload);
  std::string last_error_reply;
  curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(e, CURLOPT_DEBUGDATA, &last_error_reply);
  curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);

  const CURLcode rc = curl_easy_perform(e);
  long reply = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &reply);
  // The handle keeps its connection for the next caller; nothing of this call may stay in it.
  curl_easy_setopt(e, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(e, CURLOPT_READDATA, nullptr);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(e, CURLOPT_DEBUGDATA, nullptr);
  curl_easy_setopt(e, CURLOPT_VERBOSE, 0L);
  pool_->give_back(e);

  if (rc == CURLE_OK) {
    SendOutcome o = outcome_for_reply(reply >= 200 && reply < 300 ? static_cast<int>(reply) : 250, "accepted");
    o.provider_message_id = message_id(message);
    return o;
  }
  std::string reason = error[0] ? error : curl_easy_strerror(rc);
  if (rc == CURLE_USE_SSL_FAILED) {
    return SendOutcome{SendStatus::permanent_failure, {}, "the relay does not offer STARTTLS: " + reason, 0, std::nullopt};
  }
  if (reply >= 400 && reply < 600) {
    if (!last_error_reply.empty()) reason = last_error_reply + " (" + reason + ")";
    return outcome_for_reply(static_cast<int>(reply), std::move(reason));
  }
  return outcome_for_reply(0, reason);  // no reply: connection, TLS or timeout
}

}  // namespace forewarn::clients::smtp
