// Tests of the JSON printer's "match" messages, which are written directly rather than through a
// JSON tree: byte for byte what nlohmann writes for match_json(hit), on real Arabic text and on
// the strings that need escaping (quotes, backslashes, control characters, invalid UTF-8).
#include "fahras/printer.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fahras {
namespace {

using json = nlohmann::ordered_json;

// What print_results writes for `hit` as the match line: the tree's dump, as emit() made it.
std::string expected_line(const Hit& hit, const std::string& qid) {
  json data = match_json(hit);
  if (!qid.empty()) data["qid"] = qid;
  const json message = {{"type", "match"}, {"data", std::move(data)}};
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string match_line(const Hit& hit, const std::string& qid) {
  SearchResults results;
  results.query = "الرياض";
  results.hits.push_back(hit);
  PrintOptions options;
  options.format = OutputFormat::kJson;
  options.qid = qid;
  std::ostringstream out;
  print_results(out, results, SearchOptions{}, options);
  std::istringstream lines(out.str());
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("{\"type\":\"match\"")) return line;
  }
  return {};
}

TEST(PrinterTest, MatchLinesAreWhatTheJsonTreeWrites) {
  Hit arabic;
  arabic.rank = 3;
  arabic.id = "SK-sport-154-20180227";
  arabic.score = 14.43505542;
  arabic.title = {"الزمالك المصري ينفرد بوصافة الدوري", {{0, 14}, {15, 27}}};
  arabic.source = "SkyNews";
  arabic.category = "sport";
  arabic.date = 1519718400;
  arabic.url = "https://www.skynewsarabia.com/sport/1030000-الزمالك";
  arabic.path = "/tmp/sets/ant-all/docs.jsonl";
  arabic.snippet = {"…دمرت مدفعيات وطيران التحالف 6 مركبات عسكرية تابعة للحوثيين…", {{3, 15}}};
  arabic.like_this = {"AL-sport-1-20180227", "BB-sport-9-20180228"};

  Hit awkward;
  awkward.rank = 1;
  awkward.id = "id \"quoted\" \\ back";
  awkward.score = 1e-7;
  awkward.title = {"سطر\nثان\tو\r\b\f\x01\x1f\x7f نهاية", {}};
  awkward.author = "\xD8 \xC0\x80 \xED\xA0\x80 \xF4\x90\x80\x80 بايدن";  // cut, overlong, surrogate, past U+10FFFF
  awkward.url = "http://example.com/a?b=c&d=/e";
  awkward.snippet = {"تغريدة 🇪🇬 ﷺ", {{0, 12}}};

  Hit empty;
  for (const Hit* hit : {&arabic, &awkward, &empty}) {
    for (const std::string qid : {"", "q-SK-sport-154-20180227", "q\"1\n"}) {
      EXPECT_EQ(match_line(*hit, qid), expected_line(*hit, qid)) << hit->id << " qid " << qid;
    }
  }
}

}  // namespace
}  // namespace fahras
