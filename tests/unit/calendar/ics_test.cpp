#include <doctest/doctest.h>

#include <string>

#include <date/tz.h>

#include "core/calendar/ics.hpp"

namespace cal = forewarn::core::calendar;

namespace {
std::string crlf(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}
std::string next_in(const cal::EventRule& rule, const char* after_utc, const char* tz) {
  const forewarn::Instant after{date::sys_days{cal::parse_day(after_utc)->time_since_epoch()}};
  const auto t = cal::next_occurrence(rule, after, *date::locate_zone(tz));
  return t ? date::format("%FT%TZ", date::floor<std::chrono::seconds>(*t)) : "none";
}
}  // namespace

TEST_CASE("import_ics: Christmas, Mother's Day, Thanksgiving, Singles' Day") {
  // Line numbers matter for the error cases below; this one has folded lines,
  // a VTIMEZONE and a VALARM to skip, and CRLF endings.
  const std::string ics = crlf(
      "BEGIN:VCALENDAR\n"                                   // 1
      "VERSION:2.0\n"                                       // 2
      "PRODID:-//forewarn//test//EN\n"                      // 3
      "BEGIN:VTIMEZONE\n"                                   // 4
      "TZID:America/New_York\n"                             // 5
      "END:VTIMEZONE\n"                                     // 6
      "BEGIN:VEVENT\n"                                      // 7
      "UID:xmas@example.com\n"                              // 8
      "SUMMARY:Christ\n"                                    // 9
      " mas\n"                                              // 10 (folded)
      "DTSTART;VALUE=DATE:20261225\n"                       // 11
      "RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25\n"        // 12
      "BEGIN:VALARM\n"                                      // 13
      "ACTION:DISPLAY\n"                                    // 14
      "SUMMARY:ignored inside VALARM\n"                     // 15
      "END:VALARM\n"                                        // 16
      "END:VEVENT\n"                                        // 17
      "BEGIN:VEVENT\n"                                      // 18
      "SUMMARY:Mother's Day\n"                              // 19
      "DTSTART;VALUE=DATE:20260510\n"                       // 20
      "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=2SU\n"             // 21
      "END:VEVENT\n"                                        // 22
      "BEGIN:VEVENT\n"                                      // 23
      "SUMMARY:Thanksgiving dinner\\, family\n"             // 24
      "DTSTART;TZID=America/New_York:20261126T170000\n"     // 25
      "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=3\n"    // 26
      "END:VEVENT\n"                                        // 27
      "BEGIN:VEVENT\n"                                      // 28
      "SUMMARY:Singles' Day\n"                              // 29
      "DTSTART:20261110T160000Z\n"                          // 30
      "RRULE:FREQ=YEARLY\n"                                 // 31
      "END:VEVENT\n"                                        // 32
      "BEGIN:VEVENT\n"                                      // 33
      "SUMMARY:Last Monday of May\n"                        // 34
      "DTSTART:20260525\n"                                  // 35
      "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;UNTIL=20270101\n"  // 36
      "END:VEVENT\n"                                        // 37
      "BEGIN:VEVENT\n"                                      // 38
      "SUMMARY:Wedding\n"                                   // 39
      "DTSTART:20270612T150000\n"                           // 40 (floating)
      "END:VEVENT\n"                                        // 41
      "END:VCALENDAR\n");                                   // 42
  const cal::IcsImport r = cal::import_ics(ics);
  REQUIRE_MESSAGE(r.ok(), (r.error ? std::to_string(r.error->line) + ": " + r.error->message : ""));
  REQUIRE(r.events.size() == 6);

  const auto& xmas = r.events[0];
  CHECK(xmas.name == "Christmas");
  CHECK(xmas.date == cal::DateRule{cal::AnnualDate{12, 25}});
  CHECK(xmas.time_zone == std::nullopt);
  CHECK(xmas.first_year == 2026);
  CHECK(xmas.last_year == std::nullopt);
  CHECK(next_in(xmas, "2026-12-01", "America/New_York") == "2026-12-26T04:59:59Z");  // end of 25 Dec EST
  CHECK(next_in(xmas, "2026-12-27", "America/New_York") == "2027-12-26T04:59:59Z");

  const auto& mothers = r.events[1];
  CHECK(mothers.date == cal::DateRule{cal::NthWeekdayOfMonth{5, date::Sunday, 2}});
  CHECK(next_in(mothers, "2026-06-01", "Europe/Helsinki") == "2027-05-09T20:59:59Z");

  const auto& thanks = r.events[2];
  CHECK(thanks.name == "Thanksgiving dinner, family");
  CHECK(thanks.date == cal::DateRule{cal::NthWeekdayOfMonth{11, date::Thursday, 4}});
  CHECK(thanks.time_zone == "America/New_York");
  CHECK(thanks.deadline_time == std::chrono::hours{17});
  CHECK(thanks.last_year == 2028);  // COUNT=3 from 2026
  CHECK(next_in(thanks, "2026-01-01", "Asia/Tokyo") == "2026-11-26T22:00:00Z");  // 17:00 EST
  CHECK(next_in(thanks, "2028-12-01", "Asia/Tokyo") == "none");

  const auto& singles = r.events[3];
  CHECK(singles.date == cal::DateRule{cal::AnnualDate{11, 10}});  // DTSTART's month/day (UTC)
  CHECK(singles.time_zone == "UTC");
  CHECK(next_in(singles, "2026-01-01", "Asia/Shanghai") == "2026-11-10T16:00:00Z");  // = 11 Nov 00:00 CST

  const auto& may = r.events[4];
  CHECK(may.date == cal::DateRule{cal::NthWeekdayOfMonth{5, date::Monday, -1}});
  CHECK(may.last_year == 2026);  // UNTIL 2027-01-01 is before May 2027

  const auto& wedding = r.events[5];
  CHECK(wedding.date == cal::DateRule{cal::FixedDate{date::year{2027} / 6 / 12}});
  CHECK(wedding.time_zone == std::nullopt);  // floating: recipient's zone
  CHECK(next_in(wedding, "2027-01-01", "Europe/Budapest") == "2027-06-12T13:00:00Z");
}

namespace {
cal::IcsError error_of(const std::string& body) {
  const auto r = cal::import_ics(body);
  CHECK(r.events.empty());
  REQUIRE(r.error.has_value());
  return *r.error;
}
}  // namespace

TEST_CASE("import_ics: errors name the line and import nothing") {
  SUBCASE("missing END:VEVENT before END:VCALENDAR") {
    const auto e = error_of(
        "BEGIN:VCALENDAR\n"
        "BEGIN:VEVENT\n"
        "SUMMARY:Good\n"
        "DTSTART;VALUE=DATE:20261225\n"
        "END:VEVENT\n"
        "BEGIN:VEVENT\n"  // 6: never closed
        "SUMMARY:Broken\n"
        "DTSTART;VALUE=DATE:20261111\n"
        "END:VCALENDAR\n");  // 9
    CHECK(e.line == 9);
    CHECK(e.message == "END:VCALENDAR while VEVENT opened at line 6 is still open (missing END:VEVENT)");
  }
  SUBCASE("missing END:VEVENT: a new VEVENT starts") {
    const auto e = error_of(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:A\nDTSTART:20261225\nBEGIN:VEVENT\nEND:VEVENT\nEND:VCALENDAR\n");
    CHECK(e.line == 5);
    CHECK(e.message == "BEGIN:VEVENT inside the VEVENT opened at line 2 (missing END:VEVENT)");
  }
  SUBCASE("missing END:VEVENT at end of file") {
    const auto e = error_of("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:A\nDTSTART:20261225\n");
    CHECK(e.line == 2);
    CHECK(e.message.find("missing END:VEVENT") != std::string::npos);
  }
  SUBCASE("bad DTSTART") {
    const auto e = error_of(crlf(
        "BEGIN:VCALENDAR\n"
        "BEGIN:VEVENT\n"
        "SUMMARY:Christmas\n"
        "DTSTART;VALUE=DATE:20261325\n"  // 4: month 13
        "END:VEVENT\n"
        "END:VCALENDAR\n"));
    CHECK(e.line == 4);
    CHECK(e.message == "bad DTSTART '20261325': expected YYYYMMDD or YYYYMMDDTHHMMSS[Z]");
    CHECK(error_of("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:2026-12-25\nEND:VEVENT\nEND:VCALENDAR\n").line ==
          4);
    CHECK(error_of("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20261225T250000Z\nEND:VEVENT\nEND:VCALENDAR\n")
              .line == 4);
    const auto tz = error_of(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART;TZID=Eastern Standard Time:20261225T100000\n"
        "END:VEVENT\nEND:VCALENDAR\n");
    CHECK(tz.line == 4);
    CHECK(tz.message == "unknown TZID 'Eastern Standard Time' (IANA names only)");
  }
  SUBCASE("unsupported FREQ") {
    const auto e = error_of(
        "BEGIN:VCALENDAR\n"
        "BEGIN:VEVENT\n"
        "SUMMARY:Rent\n"
        "DTSTART;VALUE=DATE:20260101\n"
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=1\n"  // 5
        "END:VEVENT\n"
        "END:VCALENDAR\n");
    CHECK(e.line == 5);
    CHECK(e.message == "unsupported RRULE FREQ=MONTHLY (only FREQ=YEARLY is supported)");
  }
  SUBCASE("other RRULE parts are refused, not dropped") {
    CHECK(error_of("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20260101\nRRULE:FREQ=YEARLY;BYSETPOS=1\n"
                   "END:VEVENT\nEND:VCALENDAR\n")
              .message == "unsupported RRULE part BYSETPOS");
    CHECK(error_of("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20260101\nRRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=SU\n"
                   "END:VEVENT\nEND:VCALENDAR\n")
              .line == 5);
    CHECK(error_of("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20260101\nRRULE:FREQ=YEARLY;INTERVAL=2\n"
                   "END:VEVENT\nEND:VCALENDAR\n")
              .line == 5);
  }
  SUBCASE("structure") {
    CHECK(error_of("").line == 1);
    CHECK(error_of("BEGIN:VEVENT\nEND:VEVENT\n").message == "expected BEGIN:VCALENDAR, got BEGIN:VEVENT");
    const auto no_start = error_of("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n");
    CHECK(no_start.line == 4);
    CHECK(no_start.message == "VEVENT (opened at line 2) has no DTSTART");
    CHECK(error_of(" folded first line\nBEGIN:VCALENDAR\nEND:VCALENDAR\n").line == 1);
    CHECK(error_of("BEGIN:VCALENDAR\nGARBAGE\nEND:VCALENDAR\n").line == 2);
    // A folded line keeps the number of its first physical line.
    const auto folded = error_of(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART;VALUE=DATE:2026\n 1325\nEND:VEVENT\nEND:VCALENDAR\n");
    CHECK(folded.line == 4);
  }
  SUBCASE("an empty calendar is fine") {
    const auto r = cal::import_ics("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n");
    CHECK(r.ok());
    CHECK(r.events.empty());
  }
}
