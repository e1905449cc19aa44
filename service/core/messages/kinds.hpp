// The vocabulary of the message decisions: message kinds, audiences, the
// options offered to the shopper and the remedies. Names are the API's and
// the templates' (docs/messages-design.md). Pure.
#pragma once

#include <optional>
#include <string_view>

namespace forewarn::core::messages {

enum class MessageKind { will_miss_deadline, delay_apology, back_on_track, delivered_late_followup, action_required };
inline constexpr MessageKind kAllKinds[] = {MessageKind::will_miss_deadline, MessageKind::delay_apology,
                                            MessageKind::back_on_track, MessageKind::delivered_late_followup,
                                            MessageKind::action_required};
std::string_view to_string(MessageKind k) noexcept;
std::optional<MessageKind> kind_from_string(std::string_view s) noexcept;

enum class Audience { purchaser, recipient };
std::string_view to_string(Audience a) noexcept;

enum class OptionKind { faster_service, egift, printable_card, cancel, update_address, pickup };
inline constexpr OptionKind kAllOptions[] = {OptionKind::faster_service, OptionKind::egift,
                                             OptionKind::printable_card, OptionKind::cancel,
                                             OptionKind::update_address, OptionKind::pickup};
std::string_view to_string(OptionKind o) noexcept;
std::optional<OptionKind> option_from_string(std::string_view s) noexcept;

enum class RemedyKind { refund_shipping, free_upgrade, gift_in_next_box, personal_note, coupon };
inline constexpr RemedyKind kAllRemedies[] = {RemedyKind::refund_shipping, RemedyKind::free_upgrade,
                                              RemedyKind::gift_in_next_box, RemedyKind::personal_note,
                                              RemedyKind::coupon};
std::string_view to_string(RemedyKind r) noexcept;
std::optional<RemedyKind> remedy_from_string(std::string_view s) noexcept;

}  // namespace forewarn::core::messages
