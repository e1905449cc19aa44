#include "core/eta/sentence.hpp"

#include <array>
#include <cmath>
#include <optional>

namespace forewarn::core::eta {
namespace {

namespace cal = calendar;
using cal::Day;

constexpr std::string_view kEnDash = "\u2013";
constexpr std::string_view kNbsp = "\u00a0";

std::string lower_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// Lowercase, apostrophes dropped ('"' and U+2019), '-' and '_' as spaces.
std::string event_key(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name.substr(i, 3) == "\u2019") {
      i += 2;
      continue;
    }
    const char c = name[i];
    if (c == '\'') continue;
    out += (c == '-' || c == '_') ? ' ' : c;
  }
  return lower_ascii(out);
}

struct EventWords {
  std::string_view key;
  std::string_view en;  // "by Christmas", "for Christmas"
  std::string_view fi;  // translative: "ehtii jouluksi"
  std::string_view pt;  // with article: "até o Natal"; empty: use the date
};
constexpr std::array<EventWords, 7> kEvents = {{
    {"christmas", "Christmas", "jouluksi", "o Natal"},
    {"christmas day", "Christmas", "jouluksi", "o Natal"},
    {"christmas eve", "Christmas Eve", "jouluaatoksi", "a véspera de Natal"},
    {"mothers day", "Mother's Day", "äitienpäiväksi", "o Dia das Mães"},
    {"fathers day", "Father's Day", "isänpäiväksi", "o Dia dos Pais"},
    {"valentines day", "Valentine's Day", "ystävänpäiväksi", ""},
    {"easter", "Easter", "pääsiäiseksi", "a Páscoa"},
}};

const EventWords* known_event(std::string_view name) {
  const std::string key = event_key(name);
  for (const auto& e : kEvents) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

// Two digits, zero-padded. (Not `"0" + std::to_string(n)`: g++ 12 -O2 reports
// a false -Wrestrict on it, GCC bug 105329, which -Werror turns into an error.)
std::string two(unsigned n) {
  std::string out = std::to_string(n);
  if (out.size() < 2) out.insert(out.begin(), '0');
  return out;
}

struct Ymd {
  unsigned d, m;
};
Ymd ymd(Day day) {
  const date::year_month_day x{day};
  return {static_cast<unsigned>(x.day()), static_cast<unsigned>(x.month())};
}

std::string en_day(Day day) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Ymd x = ymd(day);
  return std::to_string(x.d) + " " + std::string(kMonths[x.m - 1]);
}
std::string fi_day(Day day) {
  const Ymd x = ymd(day);
  return std::to_string(x.d) + "." + std::to_string(x.m) + ".";
}
std::string pt_day(Day day) {
  const Ymd x = ymd(day);
  return two(x.d) + "/" + two(x.m);
}

// "22 Dec", "22–23 Dec", "30 Dec – 2 Jan".
std::string en_range(Day a, Day b) {
  if (a == b) return en_day(a);
  if (ymd(a).m == ymd(b).m) return std::to_string(ymd(a).d) + std::string(kEnDash) + en_day(b);
  return en_day(a) + " " + std::string(kEnDash) + " " + en_day(b);
}
// "22.12.", "22.–23.12.", "30.12.–2.1.".
std::string fi_range(Day a, Day b) {
  if (a == b) return fi_day(a);
  if (ymd(a).m == ymd(b).m) return std::to_string(ymd(a).d) + "." + std::string(kEnDash) + fi_day(b);
  return fi_day(a) + std::string(kEnDash) + fi_day(b);
}
// "em 22/12", "entre 22/12 e 23/12".
std::string pt_range(Day a, Day b) {
  if (a == b) return "em " + pt_day(a);
  return "entre " + pt_day(a) + " e " + pt_day(b);
}

// Ends a sentence with a full stop, unless it already ends with one (a
// Finnish date: "Perillä 22.12.", not "22.12..").
std::string full_stop(std::string s) {
  if (s.empty() || s.back() != '.') s += '.';
  return s;
}

struct LocalMinute {
  Day day;
  unsigned hour, minute;
};
// The first too-late instant (order_by + 1 ms) as a local wall-clock minute.
LocalMinute order_by_local(Instant order_by, const date::time_zone* zone) {
  const auto local = zone->to_local(order_by + std::chrono::milliseconds{1});
  const Day day = date::floor<date::days>(local);
  const auto minutes = date::floor<std::chrono::minutes>(local - day).count();
  return {day, static_cast<unsigned>(minutes / 60), static_cast<unsigned>(minutes % 60)};
}

// Rounded down, at most 99: never more confident than the model.
std::string percent(double p) {
  long n = std::lround(std::floor(p * 100.0 + 1e-9));
  if (n > 99) n = 99;
  if (n < 0) n = 0;
  return std::to_string(n);
}

struct Facts {
  Locale locale;
  const ServicePromise& sp;
  const DeadlineOutcome* deadline;  // nullptr: no deadline to talk about
  const EventWords* event;
  Day deadline_day;                      // recipient-local date of the deadline
  const AlternativeSummary* alternative;  // the first one that makes it
  double alternative_probability;         // its P(by this deadline)
  bool any_others;
  std::optional<LocalMinute> order_by;
};

std::string english(const Facts& f) {
  const std::string range = en_range(f.sp.p50, f.sp.p80);
  if (f.deadline == nullptr) return "Arrives " + range + ".";
  const std::string what = f.event ? std::string(f.event->en) : f.deadline->name;
  if (f.order_by) {
    return "Arrives " + range + ". Order by " + en_day(f.order_by->day) + ", " + two(f.order_by->hour) + ":" +
           two(f.order_by->minute) + " to have it for " + what + ".";
  }
  if (f.alternative) {
    return "Won't arrive by " + what + " with " + f.sp.name + ". " + f.alternative->name + " will (" +
           percent(f.alternative_probability) + "%).";
  }
  return "Won't arrive by " + what + " with " + (f.any_others ? std::string("any service") : f.sp.name) +
         "; expected " + range + ".";
}

std::string finnish(const Facts& f) {
  const std::string range = fi_range(f.sp.p50, f.sp.p80);
  if (f.deadline == nullptr) return full_stop("Perillä " + range);
  if (f.order_by) {
    const std::string when =
        fi_day(f.order_by->day) + " klo " + std::to_string(f.order_by->hour) + "." + two(f.order_by->minute);
    const std::string makes = f.event ? "se ehtii " + std::string(f.event->fi)
                                      : "se on perillä " + fi_day(f.deadline_day) + " mennessä";
    return full_stop("Perillä " + range) + " Tilaa viimeistään " + when + ", niin " + makes + ".";
  }
  const std::string misses =
      f.event ? "Ei ehdi " + std::string(f.event->fi) : "Ei ehdi perille " + fi_day(f.deadline_day) + " mennessä";
  if (f.alternative) {
    return misses + " " + f.sp.name + " -palvelulla. " + f.alternative->name + " -palvelulla ehtii (" +
           percent(f.alternative_probability) + std::string(kNbsp) + "%).";
  }
  return misses + " " + (f.any_others ? std::string("millään toimitustavalla") : f.sp.name + " -palvelulla") +
         ". " + full_stop("Perillä arviolta " + range);
}

std::string portuguese(const Facts& f) {
  const std::string range = pt_range(f.sp.p50, f.sp.p80);
  if (f.deadline == nullptr) return "Chega " + range + ".";
  const std::string by = "até " + (f.event && !f.event->pt.empty() ? std::string(f.event->pt) : pt_day(f.deadline_day));
  if (f.order_by) {
    const std::string when = pt_day(f.order_by->day) + " às " + std::to_string(f.order_by->hour) + "h" +
                             (f.order_by->minute ? two(f.order_by->minute) : "");
    return "Chega " + range + ". Peça até " + when + " para receber " + by + ".";
  }
  if (f.alternative) {
    return "Não chega " + by + " com " + f.sp.name + ". Com " + f.alternative->name + ", chega a tempo (" +
           percent(f.alternative_probability) + "%).";
  }
  return "Não chega " + by + " com " + (f.any_others ? std::string("nenhuma opção de envio") : f.sp.name) +
         ". Previsão de entrega " + range + ".";
}

}  // namespace

Locale resolve_locale(std::string_view tag) {
  std::string t = lower_ascii(tag);
  for (char& c : t) {
    if (c == '_') c = '-';
  }
  const std::string language = t.substr(0, t.find('-'));
  if (language == "fi") return Locale::fi;
  if (language == "pt") return Locale::pt_br;
  return Locale::en;
}

std::vector<AlternativeSummary> alternatives_to(const Promise& promise, std::size_t except) {
  std::vector<AlternativeSummary> out;
  for (std::size_t i = 0; i < promise.services.size(); ++i) {
    if (i == except) continue;
    AlternativeSummary a{promise.services[i].name, {}};
    for (const auto& d : promise.services[i].deadlines) a.probability.push_back(d.probability);
    out.push_back(std::move(a));
  }
  return out;
}

std::string promise_sentence(const ServicePromise& sp, const std::vector<AlternativeSummary>& others,
                             const std::string& locale, const SentenceOptions& options) {
  Facts f{resolve_locale(locale), sp, nullptr, nullptr, Day{}, nullptr, 0.0, !others.empty(), std::nullopt};
  const date::time_zone* zone = options.display_zone ? options.display_zone : sp.zone;
  if (options.deadline < sp.deadlines.size()) {
    const DeadlineOutcome& d = sp.deadlines[options.deadline];
    f.deadline = &d;
    f.event = known_event(d.name);
    f.deadline_day = sp.zone ? date::floor<date::days>(sp.zone->to_local(d.deadline)) : d.last_delivery_day;
    if (d.meets && d.probability >= sp.confidence && d.order_by && zone) {
      f.order_by = order_by_local(*d.order_by, zone);
    } else {
      for (const auto& a : others) {
        if (options.deadline < a.probability.size() && a.probability[options.deadline] >= sp.confidence) {
          f.alternative = &a;
          f.alternative_probability = a.probability[options.deadline];
          break;
        }
      }
    }
  }
  switch (f.locale) {
    case Locale::fi: return finnish(f);
    case Locale::pt_br: return portuguese(f);
    case Locale::en: break;
  }
  return english(f);
}

}  // namespace forewarn::core::eta
