// Dates: parsing the publication times found in news archives, and formatting them as ISO 8601.
//
// All times are seconds since the Unix epoch, UTC. Functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fahras {

// Parses a publication time in any of the formats found in the ANT corpora and in JSON feeds:
//   RFC 822 / RFC 2822  "Tue, 20 Feb 2018 01:44:01 GMT", "Sat, 03 Mar 2018 10:00:00 +0300"
//   ISO 8601            "2017-01-26T08:31:00+01:00", "2018-02-20T01:44:01Z", "2018-02-20 01:44", "2018-02-20"
//   compact ISO time    "2017-01-22T171800"
//   day/month/year      "01/07/2016" (day first, as in ANT v1.1)
//   Unix seconds        "1519091041" (JSON number or string of 9 to 10 digits)
// Leading and trailing white space is ignored, and so is the case of letters. Month and weekday names
// are English, abbreviated or in full; the weekday is optional and not checked against the date. Zones
// are GMT, UT, UTC, Z or a numeric offset (+0300, +03:00, +03); a time without a zone is UTC, and a
// date without a time is midnight UTC. A fraction of a second is dropped. Returns nothing when the
// text is not a valid date in one of these forms: impossible dates (31/02/2018, 29/02/2018, hour 24,
// second 60), years outside 1 to 9999, two-digit years, other zone names, trailing text.
std::optional<std::int64_t> parse_date(std::string_view text);

// Parses a date given on the command line or in a query: "2018", "2018-03", "2018-03-05", or a full
// ISO 8601 time as parse_date reads it. `end_of_period` picks the last second of a partial date instead
// of the first, so that --until 2018-03 includes all of March (2018-03-31T23:59:59Z); a full time is
// the same either way. Returns nothing when the text is not such a date ("2018-3", "05/03/2018").
std::optional<std::int64_t> parse_iso_date(std::string_view text, bool end_of_period);

// Formats a time as ISO 8601 in UTC: "2018-02-20T01:44:01Z".
std::string format_iso8601(std::int64_t seconds);

// Formats the calendar date of a time in UTC: "2018-02-20".
std::string format_ymd(std::int64_t seconds);

}  // namespace fahras
