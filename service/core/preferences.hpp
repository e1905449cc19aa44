// A recipient's own say over forewarn's messages: which channels, whether at
// all (opt-out), and when not (quiet hours in their time zone). Keyed by the
// address itself (an e-mail address, lower-cased, or an E.164 phone number)
// within a tenant, so an opt-out holds for every shipment and every order of
// that tenant. Pure: validation and the JSON form.
//
// Where an opt-out comes from is kept: "api" (the merchant), "unsubscribe"
// (a signed link or RFC 8058 one-click POST), "sms_stop" (the recipient
// texted STOP; START undoes it). The dispatcher checks preferences when it
// leases a message: a message to an opted-out address is `suppressed`, never
// sent; quiet hours move its send time (core/messages/quiet_hours).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

namespace forewarn {

struct QuietHours {
  std::string start = "21:00";  // local HH:MM; the window may wrap past midnight
  std::string end = "08:00";
  friend bool operator==(const QuietHours&, const QuietHours&) = default;
};

struct Preferences {
  bool email = true;  // the channels this address may be reached on
  bool sms = true;
  bool opted_out = false;
  std::optional<std::string> opted_out_source;  // api | unsubscribe | sms_stop
  std::optional<std::string> opted_out_at;      // RFC 3339
  QuietHours quiet_hours;
  std::optional<std::string> time_zone;  // IANA; else the contact's, else the destination's
  std::string updated_at;
  friend bool operator==(const Preferences&, const Preferences&) = default;
};

enum class AddressKind { email, phone };
struct RecipientAddress {
  AddressKind kind = AddressKind::email;
  std::string value;  // normalized: lower-case e-mail, or E.164
};

// "Anna@Example.com" → email "anna@example.com"; "+358 40 123 4567" →
// phone "+358401234567"; anything else → nullopt.
std::optional<RecipientAddress> parse_recipient_address(const std::string& raw);

struct PreferencesInput {
  std::optional<Preferences> value;
  Problem problem;
};
// A PUT body over `base` (fields left out keep their value): {"channels":
// {"email": bool, "sms": bool}, "opted_out": bool, "quiet_hours": {"start":
// "HH:MM", "end": "HH:MM"} | null (the default window), "time_zone": IANA |
// null}. Opting out through the API records source "api".
PreferencesInput preferences_from_json(const nlohmann::json& body, const Preferences& base);

nlohmann::json to_json(const RecipientAddress& address, const Preferences& p);

// "HH:MM" with HH in 00..23 and MM in 00..59.
bool is_clock_time(const std::string& s);

}  // namespace forewarn
