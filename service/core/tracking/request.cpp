#include "core/tracking/request.hpp"

#include <cctype>
#include <charconv>

#include "core/tracking/codec_support.hpp"

namespace forewarn::tracking {

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string base64_encode(std::string_view s) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  while (i + 2 < s.size()) {
    unsigned v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                 static_cast<unsigned char>(s[i + 2]);
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += kTable[v & 63];
    i += 3;
  }
  if (i + 1 == s.size()) {
    unsigned v = static_cast<unsigned char>(s[i]) << 16;
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == s.size()) {
    unsigned v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8);
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += percent_encode(k);
    out += '=';
    out += percent_encode(v);
  }
  return out;
}

std::string HttpRequest::target() const {
  std::string out = path;
  if (!query.empty()) out += '?' + form_encode(query);
  return out;
}

const std::string* HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (codec::to_lower(k) == codec::to_lower(name)) return &v;
  return nullptr;
}

HttpRequest client_credentials_request(std::string_view path, std::string_view client_id,
                                       std::string_view client_secret, ClientAuth auth,
                                       std::vector<std::pair<std::string, std::string>> extra) {
  HttpRequest r;
  r.method = "POST";
  r.path = std::string(path);
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  r.headers.emplace_back("Accept", "application/json");
  std::vector<std::pair<std::string, std::string>> form{{"grant_type", "client_credentials"}};
  if (auth == ClientAuth::basic_header) {
    std::string creds = std::string(client_id) + ":" + std::string(client_secret);
    r.headers.emplace_back("Authorization", "Basic " + base64_encode(creds));
  } else {
    form.emplace_back("client_id", std::string(client_id));
    form.emplace_back("client_secret", std::string(client_secret));
  }
  for (auto& kv : extra) form.push_back(std::move(kv));
  r.body = form_encode(form);
  return r;
}

TokenOutcome parse_token_response(std::string_view body) {
  using codec::str;
  TokenOutcome out;
  auto fail = [&](ErrorKind k, std::string reason, std::string code = {}) {
    out.error = ParseError{k, std::move(reason), std::move(code)};
    return out;
  };
  codec::Json j = codec::parse_json(body);
  if (j.is_discarded() || !j.is_object()) return fail(ErrorKind::malformed, "token response is not a JSON object");
  std::string token = str(j, "access_token");
  if (token.empty()) {
    std::string err = str(j, "error");
    if (!err.empty()) {
      ErrorKind k = (err == "invalid_client" || err == "unauthorized_client" || err == "invalid_grant")
                        ? ErrorKind::unauthorized
                        : ErrorKind::invalid_request;
      std::string desc = str(j, "error_description");
      return fail(k, desc.empty() ? err : desc, err);
    }
    // Carrier envelopes: UPS {"response":{"errors":[...]}}, FedEx {"errors":[...]}.
    const codec::Json* errs = codec::path(j, {"response", "errors"});
    if (!errs) errs = codec::member(j, "errors");
    if (errs && errs->is_array() && !errs->empty()) {
      const auto& e = (*errs)[0];
      std::string code = str(e, "code");
      std::string msg = str(e, "message");
      bool auth = codec::contains_ci(msg, "auth") || codec::contains_ci(msg, "credential") ||
                  codec::contains_ci(msg, "client") || code.rfind("2500", 0) == 0 ||
                  codec::contains_ci(code, "UNAUTHORIZED");
      return fail(auth ? ErrorKind::unauthorized : ErrorKind::invalid_request,
                  msg.empty() ? "token request rejected" : msg, code);
    }
    return fail(ErrorKind::malformed, "token response has no access_token");
  }
  OAuthToken t;
  t.access_token = token;
  t.token_type = str(j, "token_type");
  t.scope = str(j, "scope");
  std::string exp = str(j, "expires_in");
  long long secs = 0;
  auto [ptr, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), secs);
  if (ec != std::errc{} || ptr != exp.data() + exp.size() || secs < 0)
    return fail(ErrorKind::malformed, "token response has no valid expires_in");
  t.expires_in = std::chrono::seconds{secs};
  out.token = std::move(t);
  return out;
}

}  // namespace forewarn::tracking
