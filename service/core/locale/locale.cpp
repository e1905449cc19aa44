#include "core/locale/locale.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace forewarn::core::locale {

namespace {

enum class Lang { en, fi, hu, zh, pt, de };

Lang lang_of(std::string_view tag) {
  const std::string l = language_of(tag);
  if (l == "fi") return Lang::fi;
  if (l == "hu") return Lang::hu;
  if (l == "zh") return Lang::zh;
  if (l == "pt") return Lang::pt;
  if (l == "de") return Lang::de;
  return Lang::en;
}

bool is_us(std::string_view tag) {
  const auto t = normalize_tag(tag);
  return t && *t == "en-US";
}

template <size_t N>
using Names = std::array<const char*, N>;

// Indexed by ISO weekday - 1 (Monday first) and month - 1.
constexpr Names<7> kWeekday[] = {
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
    {"maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina", "sunnuntaina"},
    {"hétfő", "kedd", "szerda", "csütörtök", "péntek", "szombat", "vasárnap"},
    {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"},
    {"segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"},
    {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"},
};
// fi: the partitive ("24. joulukuuta"), as a date is read.
constexpr Names<12> kMonth[] = {
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"},
    {"tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta", "heinäkuuta", "elokuuta",
     "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"},
    {"január", "február", "március", "április", "május", "június", "július", "augusztus", "szeptember", "október",
     "november", "december"},
    {"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"},
    {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro",
     "dezembro"},
    {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
     "Dezember"},
};

struct Parts {
  unsigned day, month;
  const char* weekday;
  const char* month_name;
};

Parts parts_of(Lang lang, calendar::Day day) {
  const date::year_month_day ymd{day};
  const unsigned iso_wd = date::weekday{day}.iso_encoding();  // 1 = Monday
  const auto i = static_cast<size_t>(lang);
  const unsigned m = static_cast<unsigned>(ymd.month());
  return {static_cast<unsigned>(ymd.day()), m, kWeekday[i][iso_wd - 1], kMonth[i][m - 1]};
}

std::string num(long long n) { return std::to_string(n); }

}  // namespace

std::optional<std::string> normalize_tag(std::string_view tag) {
  std::vector<std::string> subtags(1);
  for (char c : tag) {
    if (c == '-' || c == '_') {
      subtags.emplace_back();
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      subtags.back() += c;
    } else {
      return std::nullopt;
    }
  }
  const std::string& lang = subtags.front();
  if (lang.size() < 2 || lang.size() > 3 || subtags.size() > 4) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < subtags.size(); ++i) {
    std::string s = subtags[i];
    if (s.size() < 2 || s.size() > 8) return std::nullopt;
    for (char c : s)
      if (i == 0 && !std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
    const bool region = i > 0 && s.size() == 2;
    for (char& c : s)
      c = static_cast<char>(region ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
    if (i > 0) out += '-';
    out += s;
  }
  return out;
}

std::string language_of(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_supported_language(std::string_view tag) {
  const std::string l = language_of(tag);
  return l == "en" || l == "fi" || l == "hu" || l == "zh" || l == "pt" || l == "de";
}

std::vector<std::string> fallback_chain(std::string_view tag) {
  std::vector<std::string> out;
  auto add = [&](const std::string& t) {
    for (const auto& o : out)
      if (o == t) return;
    out.push_back(t);
  };
  if (const auto t = normalize_tag(tag)) {
    add(*t);
    add(language_of(*t));
  }
  add("en");
  return out;
}

std::string long_date(std::string_view tag, calendar::Day day) {
  const Lang lang = lang_of(tag);
  const Parts p = parts_of(lang, day);
  switch (lang) {
    case Lang::fi: return std::string(p.weekday) + " " + num(p.day) + ". " + p.month_name;
    case Lang::hu: return std::string(p.month_name) + " " + num(p.day) + "., " + p.weekday;
    case Lang::zh: return num(p.month) + "月" + num(p.day) + "日（" + p.weekday + "）";
    case Lang::pt: return std::string(p.weekday) + ", " + num(p.day) + " de " + p.month_name;
    case Lang::de: return std::string(p.weekday) + ", " + num(p.day) + ". " + p.month_name;
    case Lang::en: break;
  }
  if (is_us(tag)) return std::string(p.weekday) + ", " + p.month_name + " " + num(p.day);
  return std::string(p.weekday) + ", " + num(p.day) + " " + p.month_name;
}

std::string day_month(std::string_view tag, calendar::Day day) {
  const Lang lang = lang_of(tag);
  const Parts p = parts_of(lang, day);
  switch (lang) {
    case Lang::fi:
    case Lang::de: return num(p.day) + ". " + p.month_name;
    case Lang::hu: return std::string(p.month_name) + " " + num(p.day) + ".";
    case Lang::zh: return num(p.month) + "月" + num(p.day) + "日";
    case Lang::pt: return num(p.day) + " de " + p.month_name;
    case Lang::en: break;
  }
  if (is_us(tag)) return std::string(p.month_name) + " " + num(p.day);
  return num(p.day) + " " + p.month_name;
}

std::string short_date(std::string_view tag, calendar::Day day) {
  const Lang lang = lang_of(tag);
  const Parts p = parts_of(lang, day);
  switch (lang) {
    case Lang::fi:
    case Lang::de: return num(p.day) + "." + num(p.month) + ".";
    case Lang::hu: return num(p.month) + ". " + num(p.day) + ".";
    case Lang::zh: return num(p.month) + "月" + num(p.day) + "日";
    case Lang::pt: break;
    case Lang::en:
      if (is_us(tag)) return num(p.month) + "/" + num(p.day);
      break;
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u/%02u", p.day % 100, p.month % 100);
  return buf;
}

std::string time_of_day(std::string_view tag, int hour, int minute) {
  char buf[16];
  if (is_us(tag)) {
    const int h12 = hour % 12 == 0 ? 12 : hour % 12;
    std::snprintf(buf, sizeof buf, "%d:%02d %s", h12, minute % 60, hour < 12 ? "AM" : "PM");
  } else {
    std::snprintf(buf, sizeof buf, lang_of(tag) == Lang::fi ? "%d.%02d" : "%d:%02d", hour % 24, minute % 60);
  }
  return buf;
}

PluralCategory plural_category(std::string_view tag, long long n) {
  switch (lang_of(tag)) {
    case Lang::zh: return PluralCategory::other;
    case Lang::pt: return n == 0 || n == 1 ? PluralCategory::one : PluralCategory::other;
    default: return n == 1 ? PluralCategory::one : PluralCategory::other;
  }
}

std::string plural(std::string_view tag, long long n, const PluralForms& forms) {
  const bool one = plural_category(tag, n) == PluralCategory::one && !forms.one.empty();
  const std::string& form = one ? forms.one : forms.other;
  std::string out;
  for (char c : form) {
    if (c == '#')
      out += num(n);
    else
      out += c;
  }
  return out;
}

std::string join_list(std::string_view tag, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  const Lang lang = lang_of(tag);
  const char* sep = lang == Lang::zh ? "、" : ", ";
  const char* last = " and ";
  switch (lang) {
    case Lang::fi: last = " ja "; break;
    case Lang::hu: last = " és "; break;
    case Lang::zh: last = "和"; break;
    case Lang::pt: last = " e "; break;
    case Lang::de: last = " und "; break;
    case Lang::en: break;
  }
  std::string out = items.front();
  for (size_t i = 1; i < items.size(); ++i) {
    out += i + 1 == items.size() ? last : sep;
    out += items[i];
  }
  return out;
}

namespace {

struct Currency {
  std::string symbol;
  int decimals = 2;
};

Currency currency_of(Lang lang, bool us, std::string_view code) {
  if (code == "EUR") return {"€", 2};
  if (code == "GBP") return {"£", 2};
  if (code == "USD") return {us ? "$" : "US$", 2};
  if (code == "BRL") return {"R$", 2};
  if (code == "HUF") return {"Ft", 0};
  if (code == "CNY") return {lang == Lang::zh ? "¥" : "CN¥", 2};
  return {std::string(code), 2};
}

// Groups the integer digits by three with `group` and joins the decimals with `decimal`.
std::string grouped(double amount, int decimals, const char* group, const char* decimal) {
  const long long scale = decimals == 0 ? 1 : 100;
  const long long minor = std::llround(std::fabs(amount) * static_cast<double>(scale));
  const std::string whole = std::to_string(minor / scale);
  std::string out;
  if (amount < 0) out += '-';
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += group;
    out += whole[i];
  }
  if (decimals > 0) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02lld", minor % scale);
    out += decimal;
    out += buf;
  }
  return out;
}

}  // namespace

std::string money(std::string_view tag, double amount, std::string_view currency) {
  const Lang lang = lang_of(tag);
  const Currency c = currency_of(lang, is_us(tag), currency);
  const bool symbol_word = c.symbol.size() == 3 && std::isupper(static_cast<unsigned char>(c.symbol[0])) &&
                           std::isupper(static_cast<unsigned char>(c.symbol[2]));
  switch (lang) {
    case Lang::fi:
    case Lang::hu: return grouped(amount, c.decimals, "\u00a0", ",") + "\u00a0" + c.symbol;
    case Lang::de: return grouped(amount, c.decimals, ".", ",") + "\u00a0" + c.symbol;
    case Lang::pt: return c.symbol + "\u00a0" + grouped(amount, c.decimals, ".", ",");
    case Lang::zh:
    case Lang::en: break;
  }
  return c.symbol + (symbol_word ? "\u00a0" : "") + grouped(amount, c.decimals, ",", ".");
}

}  // namespace forewarn::core::locale
