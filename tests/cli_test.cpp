// End-to-end tests of the two binaries: what a user or a script sees (output, messages, exit codes).
#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fahras/indexer.h"
#include "fahras/error.h"
#include "fahras/searcher.h"
#include "test_util.h"

namespace fahras {
namespace {

using nlohmann::json;
using test::run_index;
using test::run_search;
using test::TempDir;

// True iff `text` has the shape `pattern`, where '9' stands for a digit and '*' for one or more
// digits; other characters stand for themselves. (Not <regex>: built with sanitizers, GCC 12 gives a
// false -Wmaybe-uninitialized inside libstdc++'s regex, which -Werror turns into a failed build.)
bool has_shape(std::string_view text, std::string_view pattern) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  for (const char p : pattern) {
    if (p == '*') {
      if (i >= text.size() || !digit(text[i])) return false;
      while (i < text.size() && digit(text[i])) ++i;
    } else if (i >= text.size() || (p == '9' ? !digit(text[i]) : text[i] != p)) {
      return false;
    } else {
      ++i;
    }
  }
  return i == text.size();
}

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const test::RunResult r = run_index({"--db", db(), test::corpus_dir().string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_NE(r.err.find("articles from"), std::string::npos) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db() { return (dir_->path() / "db").string(); }

  static std::vector<json> json_lines(const std::string& out) {
    std::vector<json> lines;
    std::size_t start = 0;
    while (start < out.size()) {
      std::size_t end = out.find('\n', start);
      lines.push_back(json::parse(out.substr(start, end - start)));
      start = end + 1;
    }
    return lines;
  }

  static TempDir* dir_;
};

TempDir* CliTest::dir_ = nullptr;

TEST_F(CliTest, JsonLinesOutputFieldByField) {
  const test::RunResult r = run_search({"--db", db(), "--json", "--limit", "5", "الانتخابات", "البلدية"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> lines = json_lines(r.out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines.front()["type"], "begin");
  EXPECT_EQ(lines.front()["data"]["query"], "الانتخابات البلدية");
  EXPECT_TRUE(lines.front()["data"]["parsed"].is_string());
  const json& summary = lines.back();
  ASSERT_EQ(summary["type"], "summary");
  EXPECT_EQ(summary["data"]["returned"], lines.size() - 2);
  EXPECT_GE(summary["data"]["estimated"].get<int>(), 5);
  EXPECT_TRUE(summary["data"]["elapsed"]["secs"].is_number_integer());
  EXPECT_TRUE(summary["data"]["elapsed"]["nanos"].is_number_integer());
  EXPECT_TRUE(has_shape(summary["data"]["elapsed"]["human"].get<std::string>(), "*.999999s"));

  // Highlights slice the snippet text to a word that the query matches.
  const Searcher searcher({db()});
  const std::set<std::string> wanted = {searcher.analyzer().term("الانتخابات"), searcher.analyzer().term("البلدية")};
  double last_score = 1e300;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    const json& m = lines[i];
    ASSERT_EQ(m["type"], "match");
    const json& d = m["data"];
    EXPECT_EQ(d["rank"], i);
    EXPECT_FALSE(d["id"].get<std::string>().empty());
    EXPECT_LE(d["score"].get<double>(), last_score);
    last_score = d["score"].get<double>();
    for (const char* field : {"source", "category", "path", "url", "author"}) EXPECT_TRUE(d[field].is_string()) << field;
    EXPECT_TRUE(d["title"]["text"].is_string());
    EXPECT_TRUE(has_shape(d["date"].get<std::string>(), "9999-99-99T99:99:99Z")) << d["date"];
    const std::string text = d["snippet"]["text"];
    ASSERT_FALSE(text.empty());
    for (const json& h : d["snippet"]["highlights"]) {
      const std::size_t start = h["start"], end = h["end"];
      ASSERT_LT(start, end);
      ASSERT_LE(end, text.size());
      const std::string word = text.substr(start, end - start);
      EXPECT_TRUE(wanted.count(searcher.analyzer().term(word))) << word;
    }
  }
}

TEST_F(CliTest, TextOutputShowsTitleSourceAndSnippet) {
  const test::RunResult r = run_search({"--db", db(), "--limit", "3", "الانتخابات"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1. "), std::string::npos);
  EXPECT_NE(r.out.find("Jawhara FM"), std::string::npos);
  EXPECT_NE(r.out.find("Results 1-3 of "), std::string::npos);
  EXPECT_EQ(r.out.find("\033["), std::string::npos) << "colour when stdout is not a terminal";
  const test::RunResult colored = run_search({"--db", db(), "--limit", "3", "--color", "always", "الانتخابات"});
  EXPECT_NE(colored.out.find("\033[1;31m"), std::string::npos);
}

TEST_F(CliTest, ExitCodes) {
  EXPECT_EQ(run_search({"--db", db(), "تونس"}).exit_code, 0);
  EXPECT_EQ(run_search({"--db", db(), "كمبيوترات_مستحيلة_الوجود"}).exit_code, 1);
  EXPECT_EQ(run_search({"--db", db(), "--since", "2030-01-01", "تونس"}).exit_code, 1);

  const test::RunResult bad_query = run_search({"--db", db(), "(تونس"});
  EXPECT_EQ(bad_query.exit_code, 2);
  EXPECT_NE(bad_query.err.find("fahras-search: unbalanced parenthesis"), std::string::npos) << bad_query.err;
  EXPECT_EQ(std::count(bad_query.err.begin(), bad_query.err.end(), '\n'), 1) << "one-line error";

  const test::RunResult missing = run_search({"--db", (dir_->path() / "missing").string(), "تونس"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no database at"), std::string::npos) << missing.err;

  const test::RunResult bad_date = run_search({"--db", db(), "--since", "yesterday", "تونس"});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.err.find("--since"), std::string::npos) << bad_date.err;

  EXPECT_EQ(run_search({"--db", db()}).exit_code, 2);
  EXPECT_EQ(run_search({"--no-such-option", "تونس"}).exit_code, 2);
  EXPECT_EQ(run_index({"--db", db()}).exit_code, 2);
  const test::RunResult no_memory =
      run_index({"--db", db(), "--memory", "0", test::corpus_dir().string()});
  EXPECT_EQ(no_memory.exit_code, 2);
  EXPECT_NE(no_memory.err.find("--memory"), std::string::npos) << no_memory.err;
  EXPECT_EQ(run_index({"--db", db(), "--threads", "many", test::corpus_dir().string()}).exit_code, 2);
}

TEST_F(CliTest, ReindexingReplacesInsteadOfDuplicating) {
  TempDir dir;
  const std::string path = (dir / "db").string();
  ASSERT_EQ(run_index({"--db", path, test::corpus_dir().string()}).exit_code, 0);
  const std::uint64_t first = Searcher({path}).document_count();
  const test::RunResult again = run_index({"--db", path, test::corpus_dir().string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Searcher({path}).document_count(), first);
  EXPECT_GT(first, 250u);
}

TEST_F(CliTest, BadFilesAreReportedAndSkippedAndGoodOnesIndexed) {
  TempDir dir;
  const std::filesystem::path input = dir / "input";
  std::filesystem::create_directories(input);
  std::filesystem::copy(test::source_dir() / "tests/data/bad", input / "bad", std::filesystem::copy_options::recursive);
  std::filesystem::copy(test::corpus_dir() / "nvidia-musk-article.txt", input / "good.txt");
  const std::string path = (dir / "db").string();
  const test::RunResult r = run_index({"--db", path, input.string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const char* name : {"empty.txt", "binary.txt", "bad.json", "mixed.jsonl"}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << name << " not reported in:\n" << r.err;
  }
  const test::RunResult found = run_search({"--db", path, "--json", "Nvidia"});
  EXPECT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("good.txt"), std::string::npos);
}

TEST_F(CliTest, AFileNamedWithANewlineIsReportedOnOneLine) {
  TempDir dir;
  const std::filesystem::path input = dir / "input";
  std::filesystem::create_directories(input);
  // A truncated JSON article whose name holds a newline: one line of stderr names it, escaped.
  std::ofstream(input / "خبر\nعاجل.json") << R"({"id": "1", "title": "الانتخابات البلدية", "body": )";
  std::filesystem::copy(test::corpus_dir() / "nvidia-musk-article.txt", input / "good.txt");
  const test::RunResult r = run_index({"--db", (dir / "db").string(), input.string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string line = "fahras-index: skipped " + (input / "خبر").string() + "\\nعاجل.json: invalid JSON";
  const std::size_t at = r.err.find(line);
  ASSERT_NE(at, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("\nعاجل.json"), std::string::npos) << "the name split the line:\n" << r.err;
  EXPECT_EQ(one_line("a\tb\x01ج\n"), "a\\tb\\x01ج\\n");
}

TEST_F(CliTest, ReRankKnobsOutOfRangeAreBoundedOrRefused) {
  auto lines = [](const std::string& out) { return std::count(out.begin(), out.end(), '\n'); };
  const test::RunResult base = run_search({"--db", db(), "--format", "ids", "--limit", "5", "الانتخابات البلدية"});
  ASSERT_EQ(base.exit_code, 0) << base.err;
  ASSERT_EQ(lines(base.out), 5);
  // The benchmarks' depth knob: -1 (read as a huge number) or past Xapian's 32-bit counts re-ranks
  // every match, and still returns the page (it once wrapped to a match of no results).
  for (const char* depth : {"-1", "4294967295", "99999999999"}) {
    const test::RunResult r = run_search(
        {"--db", db(), "--format", "ids", "--limit", "5", "--learned-depth", depth, "الانتخابات البلدية"});
    EXPECT_EQ(r.exit_code, 0) << depth << ": " << r.err;
    EXPECT_EQ(lines(r.out), 5) << depth;
  }
  for (const char* weights : {"nan,0,0,0,0,0,0,0,0", "0,inf,0,0,0,0,0,0,0", "1,0.5", "1,x,0,0,0,0,0,0,0", "1,0,0,0,0,0,0,0"}) {
    const test::RunResult r = run_search({"--db", db(), "--headline-weights", weights, "الانتخابات"});
    EXPECT_EQ(r.exit_code, 2) << weights;
    EXPECT_NE(r.err.find("--headline-weights must be 9 numbers with commas, not '" + std::string(weights) + "'"),
              std::string::npos) << r.err;
  }
}

// Pseudo-relevance feedback, an experiment (RankingOptions::feedback_docs): its weight must be a
// number above 0, and a document count of -1 (read as a huge number) feeds back every match.
TEST_F(CliTest, FeedbackKnobsAreCheckedOrBounded) {
  auto lines = [](const std::string& out) { return std::count(out.begin(), out.end(), '\n'); };
  for (const char* docs : {"3", "-1"}) {
    const test::RunResult r = run_search({"--db", db(), "--format", "ids", "--limit", "5", "--feedback-docs", docs,
                                          "--feedback-terms", "5", "الانتخابات البلدية"});
    EXPECT_EQ(r.exit_code, 0) << docs << ": " << r.err;
    EXPECT_EQ(lines(r.out), 5) << docs;
  }
  for (const char* weight : {"0", "0.0", "nan", "inf"}) {  // (-0.5 never reaches the check: a dash word is a query word)
    const test::RunResult r = run_search({"--db", db(), "--feedback-docs", "3", "--feedback-weight", weight, "الانتخابات"});
    EXPECT_EQ(r.exit_code, 2) << weight;
    EXPECT_NE(r.err.find("--feedback-weight must be a number above 0"), std::string::npos) << r.err;
  }
}

// The weight of a headline's words (RankingOptions::idf_exponent): 0 to 2, where 1 is plain idf.
TEST_F(CliTest, IdfExponentIsChecked) {
  for (const char* e : {"2.5", "nan", "inf", "-1"}) {
    const test::RunResult r = run_search({"--db", db(), "--idf-exponent=" + std::string(e), "الانتخابات البلدية"});
    EXPECT_EQ(r.exit_code, 2) << e;
    EXPECT_NE(r.err.find("--idf-exponent must be a number from 0 to 2"), std::string::npos) << e << ": " << r.err;
  }
  for (const char* e : {"0", "1", "2"}) {
    const test::RunResult r = run_search({"--db", db(), "--format", "ids", "--idf-exponent", e, "الانتخابات البلدية"});
    EXPECT_EQ(r.exit_code, 0) << e << ": " << r.err;
  }
}

TEST_F(CliTest, SecondWriterGetsLockedError) {
  TempDir dir;
  const std::string path = (dir / "db").string();
  Indexer holder(path, IndexOptions{});
  const test::RunResult r = run_index({"--db", path, (test::corpus_dir() / "nvidia-musk-article.txt").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("locked by another indexer"), std::string::npos) << r.err;
}

TEST_F(CliTest, FolderThatIsNotADatabaseIsNeverWrittenInto) {
  TempDir dir;
  const std::filesystem::path notes = dir / "notes";
  test::write_file(notes / "todo.txt", "مراجعة أرشيف الأخبار قبل الفهرسة");
  const std::string article = (test::corpus_dir() / "nvidia-musk-article.txt").string();
  const test::RunResult r = run_index({"--db", notes.string(), article});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(notes.string() + " holds files that are not a Fahras database"), std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one-line error: " << r.err;
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(notes)) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::set<std::string>{"todo.txt"}) << "no flintlock, nothing written";
  EXPECT_EQ(test::slurp(notes / "todo.txt"), "مراجعة أرشيف الأخبار قبل الفهرسة");
  // An empty folder is a new database.
  std::filesystem::create_directory(dir / "empty");
  EXPECT_EQ(run_index({"--db", (dir / "empty").string(), article}).exit_code, 0);
}

TEST_F(CliTest, AnalyserMismatchIsRefusedClearly) {
  TempDir dir;
  const std::string path = (dir / "db").string();
  const std::string article = (test::corpus_dir() / "nvidia-musk-article.txt").string();
  ASSERT_EQ(run_index({"--db", path, "--stemmer", "snowball", article}).exit_code, 0);
  const test::RunResult r = run_index({"--db", path, article});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--rebuild"), std::string::npos) << r.err;
  EXPECT_EQ(run_index({"--db", path, "--rebuild", article}).exit_code, 0);
  // A database written by an analyser release this build does not know is refused by the searcher.
  {
    Xapian::WritableDatabase w(path);
    w.set_metadata("fahras.analyzer", "fahras-analyzer/999 stem=light stop=1");
    w.commit();
  }
  const test::RunResult s = run_search({"--db", path, "Nvidia"});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find("fahras-analyzer/999"), std::string::npos) << s.err;
}

// Every numeric option is checked, in both binaries: a one-line error naming it and exit 2, never
// a number wrapped around (Boost reads "-1" into an unsigned as the largest value), an abort or an
// allocation until the kernel kills the process.
TEST_F(CliTest, NumericOptionsOutOfRangeAreOneLineErrors) {
  TempDir dir;
  const std::string path = (dir / "db").string();
  const std::string article = (test::corpus_dir() / "nvidia-musk-article.txt").string();
  static const struct {
    const char* option;
    const char* value;
  } index_cases[] = {
      {"--threads", "-1"},    {"--threads", "100000"}, {"--shards", "-1"},    {"--shards", "0"},
      {"--shards", "100000"}, {"--batch-size", "-1"},  {"--batch-size", "0"}, {"--memory", "-1"},
      {"--lead-words", "-1"}, {"--threads", "2x"},     {"--memory", ""},
  };
  for (const auto& c : index_cases) {
    SCOPED_TRACE(std::string(c.option) + " " + c.value);
    const test::RunResult r = run_index({"--db", path, c.option, c.value, article});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(std::string("fahras-index: ") + c.option + " must be a whole number from "),
              std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(path)) << "nothing written";
    EXPECT_FALSE(std::filesystem::exists(path + ".new")) << "nothing written";
  }
  ASSERT_EQ(run_index({"--db", path, "--threads", "2", "--shards", "2", "--batch-size", "5", article}).exit_code, 0);
  static const struct {
    const char* option;
    const char* value;
  } search_cases[] = {
      {"--limit", "-1"}, {"--offset", "-5"}, {"--snippet-bytes", "-1"}, {"--snippet-bytes", "-100"},
      {"--snippet-bytes", "0"}, {"--limit", "ten"}, {"--limit", "99999999999"},
  };
  for (const auto& c : search_cases) {
    SCOPED_TRACE(std::string(c.option) + " " + c.value);
    const test::RunResult r = run_search({"--db", path, c.option, c.value, "Nvidia"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(std::string("fahras-search: ") + c.option + " must be a whole number from "),
              std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(CliTest, ConflictingOutputFormatsAreRefused) {
  for (const std::vector<std::string>& flags : std::vector<std::vector<std::string>>{
           {"--json", "--format", "tsv"}, {"--ids", "--count"}, {"--json", "--ids"}, {"--format", "trec", "--count"}}) {
    std::vector<std::string> args = {"--db", db()};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("تونس");
    const test::RunResult r = run_search(args);
    EXPECT_EQ(r.exit_code, 2) << flags[0];
    EXPECT_NE(r.err.find("fahras-search: give one output format, not both "), std::string::npos) << r.err;
  }
  // The same format twice is no conflict.
  EXPECT_EQ(run_search({"--db", db(), "--json", "--format", "json", "تونس"}).exit_code, 0);
}

// --count is exact: the number of ids that --ids lists, where it used to print Xapian's estimate.
TEST_F(CliTest, CountIsExactAndTheSummarySaysSo) {
  for (const std::string query : {"تونس", "الانتخابات OR الحكومة", "رئيس -تونس", "\"الشؤون الثقافية\""}) {
    SCOPED_TRACE(query);
    const test::RunResult ids = run_search({"--db", db(), "--ids", "--limit", "100000", query});
    ASSERT_EQ(ids.exit_code, 0) << ids.err;
    const auto listed = std::count(ids.out.begin(), ids.out.end(), '\n');
    const test::RunResult count = run_search({"--db", db(), "--count", query});
    EXPECT_EQ(count.out, std::to_string(listed) + "\n");
    const test::RunResult json_out = run_search({"--db", db(), "--json", "--limit", "1", query});
    const json summary = json_lines(json_out.out).back()["data"];
    const std::string kind = summary["count_is"];
    EXPECT_TRUE(kind == "exact" || kind == "estimated") << kind;
    EXPECT_EQ(summary["count"], summary["estimated"]);
    if (kind == "exact") {
      EXPECT_EQ(summary["count"], listed);
    }
    // Text says "about" exactly when the count is an estimate (the same query, the same match).
    const test::RunResult text = run_search({"--db", db(), "--no-collapse", "--limit", "1", query});
    EXPECT_EQ(text.out.find("of about "), kind == "exact" ? std::string::npos : text.out.find("of about ")) << text.out;
    if (kind == "estimated") {
      EXPECT_NE(text.out.find("of about "), std::string::npos) << text.out;
    }
  }
}

// A page past the end, or of no results at all (--limit 0), says how many the query has and exits
// 0; only a query that matches nothing exits 1.
TEST_F(CliTest, PagingPastTheEndSaysSoWithTheTotal) {
  const test::RunResult count = run_search({"--db", db(), "--count", "تونس"});
  const std::string total = count.out.substr(0, count.out.find('\n'));
  ASSERT_GT(std::stoi(total), 3);
  const std::string last = std::to_string(std::stoi(total) - 1);
  // Pages of articles: folded, pages count stories while the total counts articles.
  const test::RunResult at_last =
      run_search({"--db", db(), "--no-collapse", "--no-fold", "--limit", "3", "--offset", last, "تونس"});
  EXPECT_EQ(at_last.exit_code, 0) << at_last.err;
  EXPECT_NE(at_last.out.find("Results " + total + "-" + total + " of " + total), std::string::npos) << at_last.out;
  const test::RunResult past =
      run_search({"--db", db(), "--no-collapse", "--no-fold", "--limit", "3", "--offset", total, "تونس"});
  EXPECT_EQ(past.exit_code, 0) << past.err;
  EXPECT_NE(past.out.find("No results past " + total + ": the query has " + total + " results"), std::string::npos)
      << past.out;
  const test::RunResult json_past = run_search({"--db", db(), "--json", "--offset", total, "تونس"});
  EXPECT_EQ(json_past.exit_code, 0);
  const json summary = json_lines(json_past.out).back()["data"];
  EXPECT_EQ(summary["count"], std::stoi(total));
  EXPECT_EQ(summary["count_is"], "exact");
  EXPECT_EQ(summary["returned"], 0);

  const test::RunResult facets = run_search({"--db", db(), "--no-collapse", "--facets", "--limit", "0", "تونس"});
  EXPECT_EQ(facets.exit_code, 0) << facets.err;
  EXPECT_EQ(facets.out.find("No results"), std::string::npos) << facets.out;
  EXPECT_NE(facets.out.find(total + " results, none shown (limit 0)"), std::string::npos) << facets.out;
  EXPECT_NE(facets.out.find("Sources: "), std::string::npos) << facets.out;
  // Facets count the same matches as the header: the source counts add up to the matches that
  // have a source.
  const test::RunResult all_ids = run_search({"--db", db(), "--ids", "--limit", "100000", "تونس"});
  const Searcher searcher({db()});
  long with_source = 0;
  for (std::size_t at = 0, end; (end = all_ids.out.find('\n', at)) != std::string::npos; at = end + 1) {
    with_source += !searcher.article(all_ids.out.substr(at, end - at))->source.empty();
  }
  const std::size_t sources = facets.out.find("Sources: ");
  const std::string line = facets.out.substr(sources, facets.out.find('\n', sources) - sources);
  long sum = 0;
  for (std::size_t at = 0; (at = line.find_first_of("0123456789", at)) != std::string::npos;) {
    std::size_t end = line.find_first_not_of("0123456789", at);
    if (end == std::string::npos) end = line.size();
    if (end == line.size() || line[end] == ' ') sum += std::stol(line.substr(at, end - at));
    at = end;
  }
  EXPECT_EQ(sum, with_source) << line;
  EXPECT_LE(sum, std::stol(total));

  EXPECT_EQ(run_search({"--db", db(), "--limit", "0", "كمبيوترات_مستحيلة_الوجود"}).exit_code, 1);
}

// --queries - is a coprocess: each line is answered, and the answer flushed, while the pipe stays
// open, so a program writes a query, reads its answer to the end marker, and writes the next. The
// reads wait for output with poll (60 s, which fails the test: a batch read to the end of its input
// would never answer). Whole, the output is that of the same lines given as a file.
TEST_F(CliTest, QueriesFromStandardInputAreAnsweredLineByLine) {
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"q1", "الانتخابات البلدية"}, {"q2", "foo:bar"}, {"q3", "كمبيوترات_مستحيلة_الوجود"}, {"q4", "تونس"}};
  const auto ends_with = [](const std::string& text, std::string_view end) { return text.ends_with(end); };
  // Text without the " (0.001843s)" at the end of its closing lines.
  const auto without_times = [](std::string text) {
    for (std::size_t at = text.find("s)\n"); at != std::string::npos; at = text.find("s)\n", at)) {
      const std::size_t open = text.rfind(" (", at);
      text.erase(open, at + 2 - open);
      at = open;
    }
    return text;
  };
  constexpr std::chrono::seconds kTimeout(60);

  // JSON: an answer ends with its summary, or with an error message for a query that fails.
  {
    test::PipedChild search(FAHRAS_SEARCH_BIN, {"--db", db(), "--queries", "-", "--json", "--limit", "3"});
    for (const auto& [qid, text] : queries) {
      ASSERT_TRUE(search.write(qid + "\t" + text + "\n"));
      const std::string type = qid == "q2" ? "error" : "summary";
      ASSERT_TRUE(search.read_until([&](const std::string& out, const std::string&) {
        return !out.empty() && out.back() == '\n' && json_lines(out).back()["type"] == type;
      }, kTimeout)) << qid << ": no complete answer while the pipe is open; so far:\n" << search.out();
      const std::vector<json> answer = json_lines(search.out());
      for (const json& message : answer) EXPECT_EQ(message["data"]["qid"], qid) << message;
      if (qid == "q2") {
        ASSERT_EQ(answer.size(), 1u);
        EXPECT_EQ(answer[0]["data"]["query"], text);
        EXPECT_NE(answer[0]["data"]["message"].get<std::string>().find("unknown field 'foo:'"), std::string::npos);
      } else {
        EXPECT_EQ(answer.front()["type"], "begin");
        EXPECT_EQ(answer.size(), 2 + answer.back()["data"]["returned"].get<std::size_t>());
        EXPECT_EQ(answer.back()["data"]["returned"], qid == "q3" ? 0 : 3) << qid;
      }
      search.out().clear();
    }
    search.close_input();
    EXPECT_EQ(search.wait(), 2);  // q2 failed
    EXPECT_EQ(search.out(), "");
    EXPECT_NE(search.err().find("fahras-search: query q2: unknown field 'foo:'"), std::string::npos) << search.err();
  }

  // TSV, TREC, ids and text have no end of their own: --answer-end prints one after every answer,
  // a failed query's too. Count is one line a query.
  TempDir dir;
  std::string file;
  for (const auto& [qid, text] : queries) file += qid + "\t" + text + "\n";
  test::write_file(dir / "queries.tsv", file);
  for (const std::string format : {"tsv", "trec", "ids", "text", "count"}) {
    SCOPED_TRACE(format);
    const std::vector<std::string> options = {"--db", db(), "--format", format, "--limit", "5", "--color", "never",
                                              "--answer-end", "-- end --"};
    std::vector<std::string> args = options;
    args.insert(args.end(), {"--queries", "-"});
    test::PipedChild search(FAHRAS_SEARCH_BIN, args);
    std::string all;
    for (const auto& [qid, text] : queries) {
      ASSERT_TRUE(search.write(qid + "\t" + text + "\n"));
      ASSERT_TRUE(search.read_until([&](const std::string& out, const std::string&) {
        return ends_with(out, "-- end --\n");
      }, kTimeout)) << qid << ": no complete answer while the pipe is open; so far:\n" << search.out();
      if (format == "count" && qid != "q2") {
        EXPECT_TRUE(has_shape(search.out(), qid + "\t*\n-- end --\n")) << search.out();
      }
      if (qid == "q2" || (qid == "q3" && format != "text" && format != "count")) {
        EXPECT_EQ(search.out(), "-- end --\n");  // a failed query, and no results
      }
      all += search.out();
      search.out().clear();
    }
    search.close_input();
    EXPECT_EQ(search.wait(), 2);
    EXPECT_EQ(search.out(), "");
    // The same lines as a file: the same answers (text shows times, which differ from run to run).
    args = options;
    args.insert(args.end(), {"--queries", (dir / "queries.tsv").string()});
    const test::RunResult batch = run_search(args);
    EXPECT_EQ(batch.exit_code, 2);
    EXPECT_EQ(without_times(all), without_times(batch.out));
  }
  // --answer-end belongs to a batch.
  const test::RunResult lone = run_search({"--db", db(), "--answer-end", "x", "تونس"});
  EXPECT_EQ(lone.exit_code, 2);
  EXPECT_EQ(lone.err, "fahras-search: --answer-end needs --queries\n");
}

// A bad query of a batch is an error for that query alone: the others are answered (20,000 nested
// parentheses used to crash the process, and lose the whole batch).
TEST_F(CliTest, BadQueryInABatchFailsAloneAndNestingIsBounded) {
  TempDir dir;
  const std::string deep = std::string(20'000, '(') + "تونس" + std::string(20'000, ')');
  test::write_file(dir / "queries.tsv", "q1\tتونس\nq2\t" + deep + "\nq3\tfoo:bar\nq4\tالانتخابات\n");
  const test::RunResult r = run_search({"--db", db(), "--format", "ids", "--queries", (dir / "queries.tsv").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("fahras-search: query q2: parentheses nested deeper than 100 levels"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fahras-search: query q3: unknown field 'foo:'"), std::string::npos) << r.err;
  const test::RunResult q1 = run_search({"--db", db(), "--ids", "تونس"});
  const test::RunResult q4 = run_search({"--db", db(), "--ids", "الانتخابات"});
  EXPECT_EQ(r.out, q1.out + q4.out);
  // A folder given as the batch is an error, not an empty batch.
  const test::RunResult folder = run_search({"--db", db(), "--queries", dir.path().string()});
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_EQ(folder.err, "fahras-search: cannot read --queries file " + dir.path().string() + "\n");
  const test::RunResult alone = run_search({"--db", db(), deep});
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_EQ(alone.err, "fahras-search: parentheses nested deeper than 100 levels\n");
  const test::RunResult unknown = run_search({"--db", db(), "foo:bar"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.out, "") << "no phrase searched, no suggestion";
}

TEST_F(CliTest, ShowPrintsTheWholeStoredArticle) {
  const test::RunResult first = run_search({"--db", db(), "--ids", "--limit", "1", "\"الشؤون الثقافية\""});
  ASSERT_EQ(first.exit_code, 0);
  const std::string id = first.out.substr(0, first.out.find('\n'));
  const std::optional<Article> stored = Searcher({db()}).article(id);
  ASSERT_TRUE(stored.has_value());
  const test::RunResult text = run_search({"--db", db(), "--show", id});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.rfind(stored->title + "\nid: " + id + "\n", 0), 0u) << text.out;
  EXPECT_NE(text.out.find(stored->body), std::string::npos);
  const test::RunResult as_json = run_search({"--db", db(), "--show", id, "--json"});
  EXPECT_EQ(as_json.exit_code, 0);
  const json j = json::parse(as_json.out);
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["body"], stored->body);
  EXPECT_EQ(j["title"], stored->title);
  const test::RunResult absent = run_search({"--db", db(), "--show", "no-such-article"});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_EQ(absent.err, "fahras-search: no article has the id no-such-article\n");
  EXPECT_EQ(run_search({"--db", db(), "--show", id, "تونس"}).exit_code, 2);
}

// A source of 125 Arabic letters (250 bytes) is past Xapian's 245-byte term limit: it used to abort
// the whole run. Its whole-value term is hashed, alike on both sides, so source: still finds it.
TEST_F(CliTest, LongSourceIsIndexedAndFilteredOn) {
  TempDir dir;
  std::string source;
  for (int i = 0; i < 125; ++i) source += "ب";
  std::string category = "category " + source;
  test::write_file(dir / "in" / "long.json",
                   json{{"id", "long-1"}, {"title", "عنوان"}, {"body", "نص الخبر عن تونس"}, {"source", source},
                        {"category", category}}.dump());
  const std::string path = (dir / "db").string();
  const test::RunResult indexed = run_index({"--db", path, (dir / "in").string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  for (const std::string& query : std::vector<std::string>{"source:" + source, "source:\"" + source + "\" تونس", "category:\"" + category + "\"",
                                   "category:category"}) {
    const test::RunResult found = run_search({"--db", path, "--ids", query});
    EXPECT_EQ(found.exit_code, 0) << found.err;
    EXPECT_EQ(found.out, "long-1\n");
  }
}

}  // namespace
}  // namespace fahras
