#include "fahras/date.h"

#include <array>
#include <cstdio>

// Dates are read by a small hand-written scanner and converted with Howard Hinnant's days_from_civil
// arithmetic (http://howardhinnant.github.io/date_algorithms.html), so that nothing depends on the C
// locale, the TZ variable or the platform's strptime.

namespace fahras {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a date in the proleptic Gregorian calendar.
constexpr std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

// Inverse of days_from_civil.
constexpr Civil civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;  // March = 0
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(11017).year == 2000 && civil_from_days(11017).month == 3);

bool is_leap_year(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// A time as written in the text, before validation.
struct Fields {
  int year = 0;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_seconds = 0;  // zone offset east of UTC: +0300 is 10800
};

// Returns the UTC time of `f`, or nothing if any field is out of range (years 1 to 9999).
std::optional<std::int64_t> to_seconds(const Fields& f) {
  if (f.year < 1 || f.year > 9999 || f.month < 1 || f.month > 12 || f.day < 1 ||
      f.day > days_in_month(f.year, f.month) || f.hour > 23 || f.minute > 59 || f.second > 59) {
    return std::nullopt;
  }
  return days_from_civil(f.year, f.month, f.day) * kSecondsPerDay + f.hour * 3600 + f.minute * 60 +
         f.second - f.offset_seconds;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Reads a date left to right. Each method consumes input only when it succeeds.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool peek_digit() const { return pos_ < text_.size() && is_digit(text_[pos_]); }

  bool literal(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // Consumes at least one space.
  bool spaces() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    return pos_ > start;
  }

  // Reads between `min_count` and `max_count` decimal digits (no more follow).
  bool number(int min_count, int max_count, int& value) {
    std::size_t end = pos_;
    while (end < text_.size() && is_digit(text_[end])) ++end;
    const auto count = static_cast<int>(end - pos_);
    if (count < min_count || count > max_count) return false;
    value = 0;
    for (; pos_ < end; ++pos_) value = value * 10 + (text_[pos_] - '0');
    return true;
  }

  // Reads a run of ASCII letters.
  std::string_view word() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_letter(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  // Skips a run of digits (a fraction of a second).
  void skip_digits() {
    while (peek_digit()) ++pos_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// Accepts a three-letter English abbreviation or the full name, in any case.
std::optional<int> month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (equals_ignore_case(name, kMonths[i]) || equals_ignore_case(name, kMonths[i].substr(0, 3))) {
      return static_cast<int>(i) + 1;
    }
  }
  return std::nullopt;
}

bool is_weekday_name(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::string_view day : kDays) {
    if (equals_ignore_case(name, day) || equals_ignore_case(name, day.substr(0, 3))) return true;
  }
  return false;
}

// Reads "HH:MM" or "HH:MM:SS" with an optional fraction of a second, which is dropped.
bool read_clock(Scanner& in, Fields& f) {
  if (!in.number(2, 2, f.hour) || !in.literal(':') || !in.number(2, 2, f.minute)) return false;
  if (in.literal(':')) {
    if (!in.number(2, 2, f.second)) return false;
    if (in.literal('.') || in.literal(',')) {
      if (!in.peek_digit()) return false;
      in.skip_digits();
    }
  }
  return true;
}

// Reads the rest of the text as a time zone: nothing (UTC), "Z", "GMT", "UT", "UTC", or a numeric
// offset "+03", "+0300", "+03:00". Space before the zone is allowed.
bool read_zone_to_end(Scanner& in, Fields& f) {
  in.spaces();
  if (in.done()) return true;
  if (in.literal('+') || in.peek('-')) {
    const int sign = in.literal('-') ? -1 : 1;
    int hours = 0;
    int minutes = 0;
    if (!in.number(2, 2, hours)) {
      if (!in.number(4, 4, hours)) return false;
      minutes = hours % 100;
      hours /= 100;
    } else if (in.literal(':') && !in.number(2, 2, minutes)) {
      return false;
    }
    if (hours > 23 || minutes > 59) return false;
    f.offset_seconds = sign * (hours * 3600 + minutes * 60);
  } else {
    const std::string_view name = in.word();
    if (!equals_ignore_case(name, "Z") && !equals_ignore_case(name, "GMT") &&
        !equals_ignore_case(name, "UT") && !equals_ignore_case(name, "UTC")) {
      return false;
    }
  }
  in.spaces();
  return in.done();
}

// RFC 822 / 2822: "Tue, 20 Feb 2018 01:44:01 GMT", "Sat, 03 Mar 2018 10:00:00 +0300". The weekday is
// optional and not checked against the date; the time and the zone may be left out.
std::optional<std::int64_t> parse_rfc2822(std::string_view text) {
  Scanner in(text);
  Fields f;
  if (!in.peek_digit()) {
    if (!is_weekday_name(in.word())) return std::nullopt;
    in.literal(',');
    in.spaces();
  }
  if (!in.number(1, 2, f.day) || !in.spaces()) return std::nullopt;
  const auto month = month_from_name(in.word());
  if (!month || !in.spaces() || !in.number(4, 4, f.year)) return std::nullopt;
  f.month = *month;
  if (in.spaces() && in.peek_digit() && !read_clock(in, f)) return std::nullopt;
  if (!read_zone_to_end(in, f)) return std::nullopt;
  return to_seconds(f);
}

// "01/07/2016": day first, then month, then a four-digit year, optionally followed by "HH:MM[:SS]".
std::optional<std::int64_t> parse_day_month_year(std::string_view text) {
  Scanner in(text);
  Fields f;
  if (!in.number(1, 2, f.day) || !in.literal('/') || !in.number(1, 2, f.month) ||
      !in.literal('/') || !in.number(4, 4, f.year)) {
    return std::nullopt;
  }
  if (in.spaces() && in.peek_digit() && !read_clock(in, f)) return std::nullopt;
  if (!read_zone_to_end(in, f)) return std::nullopt;
  return to_seconds(f);
}

enum class TimePart { kOptional, kRequired };

// ISO 8601: "2018-02-20", "2018-02-20T01:44:01Z", "2018-02-20 01:44", "2017-01-26T08:31:00+01:00",
// and the compact time of day "2017-01-22T171800". A time without a zone is UTC.
std::optional<std::int64_t> parse_iso8601(std::string_view text, TimePart time_part) {
  Scanner in(text);
  Fields f;
  if (!in.number(4, 4, f.year) || !in.literal('-') || !in.number(2, 2, f.month) ||
      !in.literal('-') || !in.number(2, 2, f.day)) {
    return std::nullopt;
  }
  const bool has_time = in.literal('T') || in.literal('t') || (in.spaces() && in.peek_digit());
  if (has_time) {
    int compact = 0;
    if (in.number(4, 4, compact) || in.number(6, 6, compact)) {  // HHMM or HHMMSS
      if (compact > 9999) {
        f.second = compact % 100;
        compact /= 100;
      }
      f.hour = compact / 100;
      f.minute = compact % 100;
    } else if (!read_clock(in, f)) {
      return std::nullopt;
    }
  } else if (time_part == TimePart::kRequired) {
    return std::nullopt;
  }
  if (!read_zone_to_end(in, f)) return std::nullopt;
  return to_seconds(f);
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (all_digits(text)) {
    if (text.size() < 9 || text.size() > 10) return std::nullopt;
    std::int64_t seconds = 0;
    for (char c : text) seconds = seconds * 10 + (c - '0');
    return seconds;
  }
  if (is_letter(text.front())) return parse_rfc2822(text);
  if (text.size() > 4 && text[4] == '-') return parse_iso8601(text, TimePart::kOptional);
  if (text.find('/') != std::string_view::npos) return parse_day_month_year(text);
  return parse_rfc2822(text);  // "20 Feb 2018 ..." without a weekday
}

std::optional<std::int64_t> parse_iso_date(std::string_view text, bool end_of_period) {
  text = trim(text);
  Scanner in(text);
  Fields f;
  if (!in.number(4, 4, f.year)) return std::nullopt;
  int next_year = f.year + 1;
  int next_month = 1;
  int next_day = 1;
  if (in.literal('-')) {
    if (!in.number(2, 2, f.month)) return std::nullopt;
    next_year = f.month == 12 ? f.year + 1 : f.year;
    next_month = f.month == 12 ? 1 : f.month + 1;
    if (in.literal('-')) {
      if (!in.number(2, 2, f.day)) return std::nullopt;
      if (!in.done()) return parse_iso8601(text, TimePart::kRequired);
      next_year = f.year;
      next_month = f.month;
      next_day = f.day + 1;  // may be one past the end of the month: days_from_civil carries it
    }
  }
  if (!in.done()) return std::nullopt;
  const auto start = to_seconds(f);
  if (!start || !end_of_period) return start;
  return days_from_civil(next_year, next_month, next_day) * kSecondsPerDay - 1;
}

std::string format_iso8601(std::int64_t seconds) {
  std::int64_t days = seconds / kSecondsPerDay;
  std::int64_t second_of_day = seconds % kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += kSecondsPerDay;
    --days;
  }
  const Civil date = civil_from_days(days);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                static_cast<int>(second_of_day % 60));
  return buffer;
}

std::string format_ymd(std::int64_t seconds) { return format_iso8601(seconds).substr(0, 10); }

}  // namespace fahras
