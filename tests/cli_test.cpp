// End-to-end tests of the two binaries: what a user or a script sees (output, messages, exit codes).
#include <algorithm>
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
  EXPECT_NE(r.out.find("Results 1-3 of about"), std::string::npos);
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

}  // namespace
}  // namespace fahras
