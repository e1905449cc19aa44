#include <doctest/doctest.h>

#include "messages_support.hpp"

using namespace msg_test;
using msg::QuietHours;
using msg::send_at;

namespace {
Instant utc(const char* iso_day, int h, int m) { return local("UTC", iso_day, h, m); }
const QuietHours kDefault{};
}  // namespace

TEST_CASE("quiet hours: Asia/Shanghai, default 21:00-08:00") {
  const auto& sh = *zone("Asia/Shanghai");
  CHECK(send_at(local("Asia/Shanghai", "2026-06-01", 20, 59), sh, kDefault, std::nullopt) ==
        local("Asia/Shanghai", "2026-06-01", 20, 59));
  CHECK(send_at(local("Asia/Shanghai", "2026-06-01", 21, 0), sh, kDefault, std::nullopt) ==
        utc("2026-06-02", 0, 0));
  CHECK(send_at(local("Asia/Shanghai", "2026-06-01", 22, 30), sh, kDefault, std::nullopt) ==
        local("Asia/Shanghai", "2026-06-02", 8, 0));
  CHECK(send_at(local("Asia/Shanghai", "2026-06-02", 7, 59), sh, kDefault, std::nullopt) ==
        local("Asia/Shanghai", "2026-06-02", 8, 0));
  CHECK(send_at(local("Asia/Shanghai", "2026-06-02", 8, 0), sh, kDefault, std::nullopt) ==
        local("Asia/Shanghai", "2026-06-02", 8, 0));
  CHECK(msg::in_quiet_hours(local("Asia/Shanghai", "2026-06-01", 23, 0), sh, kDefault));
  CHECK_FALSE(msg::in_quiet_hours(local("Asia/Shanghai", "2026-06-01", 12, 0), sh, kDefault));
}

TEST_CASE("quiet hours: too late to be useful after the window → sent at once, only where the tenant allows it") {
  const auto& sh = *zone("Asia/Shanghai");
  const Instant now = local("Asia/Shanghai", "2026-06-01", 22, 30);
  // By default quiet hours are absolute: useless or not, it waits for 08:00.
  CHECK(send_at(now, sh, kDefault, local("Asia/Shanghai", "2026-06-02", 6, 0)) ==
        local("Asia/Shanghai", "2026-06-02", 8, 0));
  QuietHours urgent;
  urgent.urgent_exception = true;
  // The faster service must be chosen by 06:00: waiting until 08:00 is useless.
  CHECK(send_at(now, sh, urgent, local("Asia/Shanghai", "2026-06-02", 6, 0)) == now);
  // Useful until exactly the end of the window: it waits.
  CHECK(send_at(now, sh, urgent, local("Asia/Shanghai", "2026-06-02", 8, 0)) ==
        local("Asia/Shanghai", "2026-06-02", 8, 0));
  CHECK(send_at(now, sh, urgent, local("Asia/Shanghai", "2026-06-05", 8, 0)) ==
        local("Asia/Shanghai", "2026-06-02", 8, 0));
}

TEST_CASE("quiet hours: Europe/Helsinki across both DST changes") {
  const auto& hel = *zone("Europe/Helsinki");
  // Clocks go forward on Sun 29 Mar 2026 at 03:00 EET: 08:00 is EEST (UTC+3).
  CHECK(send_at(local("Europe/Helsinki", "2026-03-28", 23, 0), hel, kDefault, std::nullopt) ==
        utc("2026-03-29", 5, 0));
  // A window ending at 03:30, a time that does not exist that night: the
  // instant the clocks jump (01:00 UTC).
  const QuietHours to_0330{std::chrono::hours{21}, std::chrono::minutes{3 * 60 + 30}};
  CHECK(send_at(local("Europe/Helsinki", "2026-03-28", 23, 0), hel, to_0330, std::nullopt) ==
        utc("2026-03-29", 1, 0));
  // Clocks go back on Sun 25 Oct 2026 at 04:00 EEST: 03:30 occurs twice,
  // the first one (EEST, 00:30 UTC) ends the window.
  CHECK(send_at(local("Europe/Helsinki", "2026-10-24", 23, 0), hel, to_0330, std::nullopt) ==
        utc("2026-10-25", 0, 30));
  // 08:00 that morning is EET (UTC+2).
  CHECK(send_at(local("Europe/Helsinki", "2026-10-24", 23, 0), hel, kDefault, std::nullopt) ==
        utc("2026-10-25", 6, 0));
}

TEST_CASE("quiet hours: America/Los_Angeles across both DST changes") {
  const auto& la = *zone("America/Los_Angeles");
  // Spring forward Sun 8 Mar 2026: 22:00 PST Saturday waits until 08:00 PDT.
  CHECK(send_at(utc("2026-03-08", 6, 0), la, kDefault, std::nullopt) == utc("2026-03-08", 15, 0));
  // Fall back Sun 1 Nov 2026: 23:00 PDT Saturday waits until 08:00 PST.
  CHECK(send_at(utc("2026-11-01", 6, 0), la, kDefault, std::nullopt) == utc("2026-11-01", 16, 0));
  // A window ending at 01:30 that night: the first 01:30 (PDT, 08:30 UTC).
  const QuietHours to_0130{std::chrono::hours{21}, std::chrono::minutes{90}};
  CHECK(send_at(utc("2026-11-01", 6, 0), la, to_0130, std::nullopt) == utc("2026-11-01", 8, 30));
  // 01:15 PST (09:15 UTC), in the repeated hour after the first 01:30 went
  // by: the second 01:30 (PST, 09:30 UTC) ends the window.
  CHECK(send_at(utc("2026-11-01", 9, 15), la, to_0130, std::nullopt) == utc("2026-11-01", 9, 30));
}

TEST_CASE("quiet hours: a window inside one day, and no window") {
  const auto& la = *zone("America/Los_Angeles");
  const QuietHours lunch{std::chrono::hours{12}, std::chrono::hours{13}};
  CHECK(send_at(local("America/Los_Angeles", "2026-07-01", 12, 10), la, lunch, std::nullopt) ==
        local("America/Los_Angeles", "2026-07-01", 13, 0));
  CHECK(send_at(local("America/Los_Angeles", "2026-07-01", 23, 0), la, lunch, std::nullopt) ==
        local("America/Los_Angeles", "2026-07-01", 23, 0));
  const QuietHours none{std::chrono::hours{8}, std::chrono::hours{8}};
  CHECK(send_at(local("America/Los_Angeles", "2026-07-01", 3, 0), la, none, std::nullopt) ==
        local("America/Los_Angeles", "2026-07-01", 3, 0));
}

TEST_CASE("quiet hours at send time: a late send waits for the morning, a send about to cross 21:00 waits too") {
  const auto& ny = *zone("America/New_York");
  const std::chrono::milliseconds guard = std::chrono::minutes{10};
  // Planned for 20:40, taken at 20:45: the send would reach the shopper by
  // 20:55, before the window; it goes.
  CHECK_FALSE(msg::hold_until(local("America/New_York", "2026-12-15", 20, 45), guard, ny, kDefault, std::nullopt));
  // Taken at 20:55: within the guard of 21:00, it waits for 08:00.
  CHECK(msg::hold_until(local("America/New_York", "2026-12-15", 20, 55), guard, ny, kDefault, std::nullopt) ==
        local("America/New_York", "2026-12-16", 8, 0));
  // A retry's backoff carried it to 23:10: it waits for 08:00.
  CHECK(msg::hold_until(local("America/New_York", "2026-12-15", 23, 10), guard, ny, kDefault, std::nullopt) ==
        local("America/New_York", "2026-12-16", 8, 0));
  // Without a guard, 20:55 goes.
  CHECK_FALSE(msg::hold_until(local("America/New_York", "2026-12-15", 20, 55), std::chrono::milliseconds::zero(), ny, kDefault,
                              std::nullopt));
  // Useless after 08:00 (a faster service must be chosen by 06:00): it waits
  // all the same, unless the tenant allows the urgent exception.
  CHECK(msg::hold_until(local("America/New_York", "2026-12-15", 23, 10), guard, ny, kDefault,
                        local("America/New_York", "2026-12-16", 6, 0)) == local("America/New_York", "2026-12-16", 8, 0));
  QuietHours urgent;
  urgent.urgent_exception = true;
  CHECK_FALSE(msg::hold_until(local("America/New_York", "2026-12-15", 23, 10), guard, ny, urgent,
                              local("America/New_York", "2026-12-16", 6, 0)));
  // A window the recipient chose (22:00-07:00): 21:30 goes, 06:59 waits a minute.
  const QuietHours own{std::chrono::hours{22}, std::chrono::hours{7}};
  CHECK_FALSE(msg::hold_until(local("America/New_York", "2026-12-15", 21, 30), guard, ny, own, std::nullopt));
  CHECK(msg::hold_until(local("America/New_York", "2026-12-16", 6, 59), guard, ny, own, std::nullopt) ==
        local("America/New_York", "2026-12-16", 7, 0));
}
