// Tests for fahras/date.h: every TIME format of the ANT corpora, the ISO forms of JSON feeds and the
// command line, and the impossible dates that must be refused.
#include "fahras/date.h"

#include <gtest/gtest.h>

namespace fahras {
namespace {

TEST(DateTest, ParsesEveryCorpusFormat) {
  static const struct {
    const char* text;
    const char* utc;  // format_iso8601 of the result; nullptr when the text must be refused
  } cases[] = {
      // ANT v2.1: BBC, France 24, Sky News (RFC 822 in GMT), Al Arabiya and CNN (numeric zone).
      {"Tue, 20 Feb 2018 01:44:01 GMT", "2018-02-20T01:44:01Z"},
      {"Sat, 03 Mar 2018 10:00:00 +0300", "2018-03-03T07:00:00Z"},
      {"Mon, 23 Jul 2018 00:36:02 +0400", "2018-07-22T20:36:02Z"},  // the day before in UTC
      {"Tue, 13 Feb 2018 10:22:00 +0000", "2018-02-13T10:22:00Z"},
      {"Sun, 18 Feb 2018 12:26:59 -0130", "2018-02-18T13:56:59Z"},
      // ANT v1.1 (JawharaFM): day first, ISO with offset, compact ISO without a zone.
      {"01/07/2016", "2016-07-01T00:00:00Z"},
      {"17/10/2016", "2016-10-17T00:00:00Z"},
      {"1/7/2016", "2016-07-01T00:00:00Z"},
      {"2017-01-26T08:31:00+01:00", "2017-01-26T07:31:00Z"},
      {"2017-01-22T171800", "2017-01-22T17:18:00Z"},
      {"2017-01-22T1718", "2017-01-22T17:18:00Z"},
      // JSON feeds.
      {"2018-02-20T01:44:01Z", "2018-02-20T01:44:01Z"},
      {"2018-02-20T01:44:01.250Z", "2018-02-20T01:44:01Z"},
      {"2018-02-20T01:44:01+0300", "2018-02-19T22:44:01Z"},
      {"2018-02-20 01:44", "2018-02-20T01:44:00Z"},
      {"2018-02-20", "2018-02-20T00:00:00Z"},
      {"2018-12-31T23:30:00-01:00", "2019-01-01T00:30:00Z"},
      {"1519091041", "2018-02-20T01:44:01Z"},
      {"946684800", "2000-01-01T00:00:00Z"},
      // Leniency: case, surrounding space, no weekday, full month name.
      {"  Tue, 20 Feb 2018 01:44:01 GMT\n", "2018-02-20T01:44:01Z"},
      {"tue, 20 feb 2018 01:44:01 gmt", "2018-02-20T01:44:01Z"},
      {"20 Feb 2018 01:44:01 GMT", "2018-02-20T01:44:01Z"},
      {"Tuesday, 20 February 2018 01:44 UTC", "2018-02-20T01:44:00Z"},
      {"Tue, 20 Feb 2018", "2018-02-20T00:00:00Z"},
      // Leap years.
      {"29/02/2016", "2016-02-29T00:00:00Z"},
      {"2000-02-29", "2000-02-29T00:00:00Z"},
      {"Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z"},
      {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
      // Refused.
      {"", nullptr},
      {"   ", nullptr},
      {"yesterday", nullptr},
      {"31/02/2018", nullptr},
      {"29/02/2018", nullptr},
      {"1900-02-29", nullptr},
      {"2018-13-01", nullptr},
      {"2018-00-10", nullptr},
      {"2018-04-31", nullptr},
      {"2018-2-20", nullptr},
      {"2018-02-20T", nullptr},
      {"2018-02-20T01:44:61Z", nullptr},
      {"2018-02-20T24:00:00Z", nullptr},
      {"2018-02-20T01:44:01+2500", nullptr},
      {"2018-02-20T01:44:01 EST", nullptr},
      {"Tue, 32 Feb 2018 01:44:01 GMT", nullptr},
      {"Tue, 20 Fev 2018 01:44:01 GMT", nullptr},
      {"Xyz, 20 Feb 2018 01:44:01 GMT", nullptr},
      {"Tue, 20 Feb 2018 01:60:00 GMT", nullptr},
      {"Tue, 20 Feb 18 01:44:01 GMT", nullptr},
      {"Tue, 20 Feb 2018 01:44:01 GMT and more", nullptr},
      {"01/07/16", nullptr},
      {"13/13/2016", nullptr},
      {"12345678", nullptr},     // too short for Unix seconds
      {"12345678901", nullptr},  // too long
      {"الثلاثاء 20 فيفري 2018", nullptr},
      {"2018", nullptr},  // a year is a period, for parse_iso_date only
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const auto seconds = parse_date(c.text);
    if (c.utc == nullptr) {
      EXPECT_FALSE(seconds.has_value()) << format_iso8601(*seconds);
    } else {
      ASSERT_TRUE(seconds.has_value());
      EXPECT_EQ(format_iso8601(*seconds), c.utc);
    }
  }
}

TEST(DateTest, KnownEpochValues) {
  EXPECT_EQ(parse_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(parse_date("Tue, 20 Feb 2018 01:44:01 GMT"), 1519091041);
  EXPECT_EQ(parse_date("Sat, 03 Mar 2018 10:00:00 +0300"), 1520060400);
  EXPECT_EQ(parse_date("01/07/2016"), 1467331200);
  EXPECT_EQ(parse_date("2017-01-26T08:31:00+01:00"), 1485415860);
}

TEST(DateTest, ParseIsoDatePeriods) {
  static const struct {
    const char* text;
    const char* first;  // nullptr when the text must be refused
    const char* last;
  } cases[] = {
      {"2018", "2018-01-01T00:00:00Z", "2018-12-31T23:59:59Z"},
      {"2018-03", "2018-03-01T00:00:00Z", "2018-03-31T23:59:59Z"},
      {"2018-02", "2018-02-01T00:00:00Z", "2018-02-28T23:59:59Z"},
      {"2016-02", "2016-02-01T00:00:00Z", "2016-02-29T23:59:59Z"},
      {"2018-12", "2018-12-01T00:00:00Z", "2018-12-31T23:59:59Z"},
      {"2018-03-05", "2018-03-05T00:00:00Z", "2018-03-05T23:59:59Z"},
      {"2018-02-28", "2018-02-28T00:00:00Z", "2018-02-28T23:59:59Z"},
      {"2018-12-31", "2018-12-31T00:00:00Z", "2018-12-31T23:59:59Z"},
      {" 2018-03 ", "2018-03-01T00:00:00Z", "2018-03-31T23:59:59Z"},
      {"2018-03-05T10:20:30Z", "2018-03-05T10:20:30Z", "2018-03-05T10:20:30Z"},
      {"2018-03-05T10:20:30+03:00", "2018-03-05T07:20:30Z", "2018-03-05T07:20:30Z"},
      {"2018-03-05 10:20", "2018-03-05T10:20:00Z", "2018-03-05T10:20:00Z"},
      {"", nullptr, nullptr},
      {"18", nullptr, nullptr},
      {"20180305", nullptr, nullptr},
      {"2018-3", nullptr, nullptr},
      {"2018-13", nullptr, nullptr},
      {"2018-02-30", nullptr, nullptr},
      {"2018/03/05", nullptr, nullptr},
      {"05/03/2018", nullptr, nullptr},
      {"2018-03-05T", nullptr, nullptr},
      {"March 2018", nullptr, nullptr},
      {"1519091041", nullptr, nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const auto first = parse_iso_date(c.text, false);
    const auto last = parse_iso_date(c.text, true);
    if (c.first == nullptr) {
      EXPECT_FALSE(first.has_value());
      EXPECT_FALSE(last.has_value());
    } else {
      ASSERT_TRUE(first.has_value());
      ASSERT_TRUE(last.has_value());
      EXPECT_EQ(format_iso8601(*first), c.first);
      EXPECT_EQ(format_iso8601(*last), c.last);
    }
  }
}

TEST(DateTest, Formats) {
  static const struct {
    std::int64_t seconds;
    const char* iso8601;
    const char* ymd;
  } cases[] = {
      {0, "1970-01-01T00:00:00Z", "1970-01-01"},
      {-1, "1969-12-31T23:59:59Z", "1969-12-31"},
      {-86400, "1969-12-31T00:00:00Z", "1969-12-31"},
      {1519091041, "2018-02-20T01:44:01Z", "2018-02-20"},
      {951782400, "2000-02-29T00:00:00Z", "2000-02-29"},
      {253402300799, "9999-12-31T23:59:59Z", "9999-12-31"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(format_iso8601(c.seconds), c.iso8601);
    EXPECT_EQ(format_ymd(c.seconds), c.ymd);
  }
}

// Every day of two centuries goes through format and back, through both parsers.
TEST(DateTest, RoundTripsEveryDay) {
  const std::int64_t first = *parse_date("1900-01-01");
  const std::int64_t last = *parse_date("2100-12-31");
  for (std::int64_t seconds = first; seconds <= last; seconds += 86400 + 3661) {
    const std::string iso = format_iso8601(seconds);
    ASSERT_EQ(parse_date(iso), seconds) << iso;
    const std::int64_t midnight = seconds - (seconds - first) % 86400;
    ASSERT_EQ(parse_iso_date(format_ymd(seconds), false), midnight) << iso;
    ASSERT_EQ(parse_iso_date(format_ymd(seconds), true), midnight + 86399) << iso;
  }
}

}  // namespace
}  // namespace fahras
