// The provider registry (adapter): a MessageProvider by kind from string
// settings, as a tenant's provider configuration or the environment gives
// them. Unknown kinds, unknown keys (typos) and missing credentials are errors.
//
//   kind      keys (* required)
//   smtp      url* (smtp://host:port or smtps://host:port), helo_domain, username, password,
//             starttls (true|false), verify_peer (true|false), ca_file, connect_timeout_ms, timeout_ms
//   sendgrid  api_key*, base_url (https://api.sendgrid.com)
//   postmark  server_token*, message_stream (outbound), base_url (https://api.postmarkapp.com)
//   twilio    account_sid*, auth_token* (or api_key_sid* + api_key_secret*), messaging_service_sid,
//             status_callback ("{id}" becomes the message id), base_url (https://api.twilio.com)
//   vonage    api_key*, api_secret*, callback, base_url (https://rest.nexmo.com)
//   every HTTP kind: max_in_flight (its lane on the shared HttpClient)
#pragma once

#include <map>
#include <memory>
#include <string>

#include "clients/common/http_client.hpp"
#include "clients/common/messaging.hpp"
#include "core/clock.hpp"

namespace forewarn::clients {

struct ProviderSettings {
  std::string kind;
  std::map<std::string, std::string> values;
};

struct MadeProvider {
  std::unique_ptr<MessageProvider> provider;  // null on error
  std::string error;                          // names the key
};

// `http` is shared by the HTTP providers (SMTP ignores it); `clock` must outlive the provider.
MadeProvider make_provider(const ProviderSettings& settings, std::shared_ptr<HttpClient> http, const Clock& clock);

}  // namespace forewarn::clients
