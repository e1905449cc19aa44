#include "core/messages/kinds.hpp"

#include <span>

namespace forewarn::core::messages {

namespace {

constexpr std::string_view kKindNames[] = {"will_miss_deadline", "delay_apology", "back_on_track",
                                           "delivered_late_followup", "action_required"};
constexpr std::string_view kOptionNames[] = {"faster_service", "egift",          "printable_card",
                                             "cancel",         "update_address", "pickup"};
constexpr std::string_view kRemedyNames[] = {"refund_shipping", "free_upgrade", "gift_in_next_box",
                                             "personal_note", "coupon"};

template <typename E>
std::optional<E> lookup(std::span<const std::string_view> names, std::string_view s) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(MessageKind k) noexcept { return kKindNames[static_cast<int>(k)]; }
std::optional<MessageKind> kind_from_string(std::string_view s) noexcept { return lookup<MessageKind>(kKindNames, s); }
std::string_view to_string(Audience a) noexcept { return a == Audience::purchaser ? "purchaser" : "recipient"; }
std::string_view to_string(OptionKind o) noexcept { return kOptionNames[static_cast<int>(o)]; }
std::optional<OptionKind> option_from_string(std::string_view s) noexcept {
  return lookup<OptionKind>(kOptionNames, s);
}
std::string_view to_string(RemedyKind r) noexcept { return kRemedyNames[static_cast<int>(r)]; }
std::optional<RemedyKind> remedy_from_string(std::string_view s) noexcept {
  return lookup<RemedyKind>(kRemedyNames, s);
}

}  // namespace forewarn::core::messages
