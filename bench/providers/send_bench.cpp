// Provider transports' throughput: N messages from T threads through one
// provider, against a local server (bench/providers.sh starts
// tools/smtp-sink.py and `forewarn sim-provider`). Prints one JSON line.
//
//   forewarn_bench_providers --kind smtp|sendgrid|postmark|twilio|vonage --url URL
//                            [--messages N] [--threads T]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "clients/common/provider_http.hpp"
#include "clients/common/providers.hpp"
#include "platform/system_clock.hpp"

namespace fc = forewarn::clients;

int main(int argc, char** argv) {
  std::string kind = "smtp", url;
  int messages = 2000, threads = 8;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--kind") kind = argv[i + 1];
    else if (a == "--url") url = argv[i + 1];
    else if (a == "--messages") messages = std::atoi(argv[i + 1]);
    else if (a == "--threads") threads = std::atoi(argv[i + 1]);
  }
  if (url.empty() || messages <= 0 || threads <= 0) {
    std::fprintf(stderr, "usage: forewarn_bench_providers --kind smtp|sendgrid|postmark|twilio|vonage --url URL [--messages N] [--threads T]\n");
    return 2;
  }
  fc::ProviderSettings settings{kind, {}};
  if (kind == "smtp") settings.values = {{"url", url}};
  else settings.values = {{"base_url", url}};
  if (kind == "sendgrid") settings.values["api_key"] = "SG.bench";
  if (kind == "postmark") settings.values["server_token"] = "bench";
  if (kind == "twilio") settings.values.insert({{"account_sid", "ACbench"}, {"auth_token", "bench"}});
  if (kind == "vonage") settings.values.insert({{"api_key", "k"}, {"api_secret", "s"}});
  forewarn::platform::SystemClock clock;
  auto made = fc::make_provider(settings, fc::make_provider_http_client(), clock);
  if (!made.provider) {
    std::fprintf(stderr, "%s\n", made.error.c_str());
    return 2;
  }
  const bool sms = made.provider->channel() == fc::Channel::sms;
  std::atomic<int> next{0}, accepted{0}, failed{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      for (int i = next++; i < messages; i = next++) {
        fc::OutgoingMessage m;
        m.id = "bench-" + std::to_string(i);
        m.channel = sms ? fc::Channel::sms : fc::Channel::email;
        m.from = sms ? "+15005550006" : "hello@shop.example";
        m.from_name = "Kakkutehdas";
        m.to = sms ? "+358401234567" : "anna@example.fi";
        m.to_name = "Anna Meikäläinen";
        m.subject = "Lahjasi ei ehdi jouluksi perille";
        m.text = "Hei Anna,\nLahjapaketti myöhästyy kaksi päivää. Näin korjaamme asian.\nTerveisin Liisa";
        if (!sms) m.html = "<p>Hei Anna,</p><p>Lahjapaketti myöhästyy kaksi päivää.</p>";
        m.list_unsubscribe_url = sms ? "" : "https://shop.example/u/abc";
        (made.provider->send(m).status == fc::SendStatus::accepted ? accepted : failed)++;
      }
    });
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"kind\":\"%s\",\"messages\":%d,\"threads\":%d,\"accepted\":%d,\"failed\":%d,\"seconds\":%.3f,\"per_second\":%.1f}\n",
              kind.c_str(), messages, threads, accepted.load(), failed.load(), seconds, accepted.load() / seconds);
  return failed.load() == 0 ? 0 : 1;
}
