// SMTP transport (adapter): sends clients/smtp/codec's message with libcurl
// to one relay. `smtp://host:port` (STARTTLS required when `starttls`, with
// CURLOPT_USE_SSL = CURLUSESSL_ALL) or `smtps://host:port` (implicit TLS);
// AUTH with username/password when given. libcurl dot-stuffs the body.
//
// Connections are reused: the provider keeps a pool of libcurl easy handles,
// one per concurrent caller, and each keeps its connection to the relay open
// between messages. Thread-safe.
//
// Outcomes: the relay's reply code decides (2xx accepted; 4xx transient, 5xx
// permanent, e.g. "550 5.1.1 user unknown" at RCPT); no reply at all
// (refused, reset, timeout, TLS handshake) is transient; a relay that does not
// offer the STARTTLS required of it is permanent (configuration). The
// provider message id is the Message-ID header ("<id@domain>").
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "clients/common/messaging.hpp"
#include "core/clock.hpp"

namespace forewarn::clients::smtp {

struct SmtpConfig {
  std::string url;               // smtp://host:port or smtps://host:port (port defaults 25 / 465)
  std::string helo_domain;       // EHLO name; empty: libcurl's default
  std::string username;          // AUTH when not empty
  std::string password;
  bool starttls = false;         // smtp:// only: require STARTTLS
  bool verify_peer = true;       // check the relay's certificate and host name
  std::string ca_file;           // extra CA bundle (a test's self-signed certificate)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
};

class SmtpProvider final : public MessageProvider {
 public:
  SmtpProvider(SmtpConfig config, const Clock& clock);
  ~SmtpProvider() override;
  SmtpProvider(const SmtpProvider&) = delete;
  SmtpProvider& operator=(const SmtpProvider&) = delete;

  std::string name() const override { return "smtp"; }
  Channel channel() const override { return Channel::email; }
  SendOutcome send(const OutgoingMessage& message) override;

 private:
  struct Pool;
  SmtpConfig config_;
  const Clock& clock_;
  std::string url_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace forewarn::clients::smtp
