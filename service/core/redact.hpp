// Masks personal data before anything is logged: e-mail addresses keep their
// first character and domain ("j***@example.com"), phone numbers keep their
// last two digits ("+*********42"). Every log call goes through mask_pii().
#pragma once

#include <string>
#include <string_view>

namespace forewarn {

std::string mask_pii(std::string_view text);

}  // namespace forewarn
