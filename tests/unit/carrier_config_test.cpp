// Carrier settings: base URLs, OAuth credentials in pairs, the DHL key, and
// secrets never shown.
#include <doctest/doctest.h>

#include "core/config.hpp"

using forewarn::parse_config;

TEST_CASE("carrier configuration: production defaults, nothing polled without credentials") {
  const auto p = parse_config({});
  REQUIRE(p.errors.empty());
  const auto& c = p.config.carriers;
  CHECK(c.ups.base_url == "https://onlinetools.ups.com");
  CHECK(c.fedex.base_url == "https://apis.fedex.com");
  CHECK(c.usps.base_url == "https://apis.usps.com");
  CHECK(c.dhl.base_url == "https://api-eu.dhl.com");
  CHECK_FALSE(c.ups.configured());
  CHECK_FALSE(c.dhl.configured());
  CHECK(c.timeout_ms == 10000);
  CHECK(c.concurrency == 32);
}

TEST_CASE("carrier configuration: accounts, base URLs without trailing slash, timeouts") {
  const auto p = parse_config({{"FOREWARN_UPS_BASE_URL", "http://127.0.0.1:9090/"},
                               {"FOREWARN_UPS_CLIENT_ID", "id"},
                               {"FOREWARN_UPS_CLIENT_SECRET", "secret"},
                               {"FOREWARN_DHL_API_KEY", "key"},
                               {"FOREWARN_CARRIER_TIMEOUT_MS", "2500"},
                               {"FOREWARN_CARRIER_CONCURRENCY", "64"}});
  REQUIRE(p.errors.empty());
  const auto& c = p.config.carriers;
  CHECK(c.ups.base_url == "http://127.0.0.1:9090");
  CHECK(c.ups.configured());
  CHECK(c.ups.client_secret == "secret");
  CHECK(c.dhl.configured());
  CHECK_FALSE(c.fedex.configured());
  CHECK(c.timeout_ms == 2500);
  CHECK(c.concurrency == 64);
}

TEST_CASE("carrier configuration: a half pair, a bad URL and a bad number are named") {
  const auto p = parse_config({{"FOREWARN_FEDEX_CLIENT_ID", "id"},
                               {"FOREWARN_USPS_BASE_URL", "apis.usps.com"},
                               {"FOREWARN_DHL_BASE_URL", "https://api-eu.dhl.com/track?x=1"},
                               {"FOREWARN_CARRIER_CONCURRENCY", "0"}});
  REQUIRE(p.errors.size() == 4);
  CHECK(p.errors[0].variable == "FOREWARN_FEDEX_CLIENT_SECRET");
  CHECK(p.errors[0].message == "must be set together with FOREWARN_FEDEX_CLIENT_ID");
  CHECK(p.errors[1].variable == "FOREWARN_USPS_BASE_URL");
  CHECK(p.errors[2].variable == "FOREWARN_DHL_BASE_URL");
  CHECK(p.errors[3].variable == "FOREWARN_CARRIER_CONCURRENCY");
}

TEST_CASE("secrets are masked wherever configuration values are shown") {
  CHECK(forewarn::displayed_value("FOREWARN_UPS_CLIENT_SECRET", "s3cr3t") == "********");
  CHECK(forewarn::displayed_value("FOREWARN_DHL_API_KEY", "k") == "********");
  CHECK(forewarn::displayed_value("FOREWARN_UPS_CLIENT_ID", "id") == "id");
  CHECK(forewarn::displayed_value("FOREWARN_UPS_BASE_URL", "https://x") == "https://x");
  CHECK(forewarn::displayed_value("FOREWARN_HTTP_KEEPALIVE_TIMEOUT_S", "5") == "5");
  CHECK(forewarn::displayed_value("FOREWARN_UPS_CLIENT_SECRET", "") == "");
  int secrets = 0;
  for (const auto& v : forewarn::config_variables()) secrets += v.secret ? 1 : 0;
  CHECK(secrets == 4);
}
