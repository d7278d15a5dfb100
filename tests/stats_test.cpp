// fahras-index --stats and the last-run summary stored in the database, on corpus/ (real Arabic
// articles) and tests/data/bad (files that must be skipped). Every number is checked against the
// database or the file system, read another way.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "fahras/indexer.h"
#include "fahras/schema.h"
#include "fahras/stats.h"
#include "indexing.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

using test::index;

// Bytes of the regular files under `dir`.
std::uint64_t disk_bytes(const fs::path& dir) {
  std::uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().filename() != schema::kStubFile) total += e.file_size();
  }
  return total;
}

class StatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(test::source_dir() / "tests" / "data" / "bad", bad(), fs::copy_options::recursive);
  }
  fs::path bad() const { return dir_.path() / "bad"; }
  fs::path db() const { return dir_.path() / "db"; }
  test::TempDir dir_;
};

TEST_F(StatsTest, CountsSourcesCategoriesDatesAndSizesAsTheDatabaseHoldsThem) {
  index(db(), {test::corpus_dir() / "ant-v1.1"});
  const IndexStats s = read_stats(db());
  Xapian::Database d(db().string());
  EXPECT_EQ(s.articles, d.get_doccount());
  ASSERT_GT(s.articles, 250u);

  // Sources and categories, and the date range, from the stored articles.
  std::map<std::string, std::uint64_t> sources, categories;
  std::int64_t first = INT64_MAX, last = INT64_MIN;
  for (auto p = d.postlist_begin(""); p != d.postlist_end(""); ++p) {
    const Article a = schema::decode_article(d.get_document(*p).get_data());
    if (!a.source.empty()) ++sources[a.source];
    if (!a.category.empty()) ++categories[a.category];
    if (a.date) first = std::min(first, *a.date), last = std::max(last, *a.date);
  }
  using Counts = std::map<std::string, std::uint64_t>;
  EXPECT_EQ(Counts(s.sources.begin(), s.sources.end()), sources);
  EXPECT_EQ(Counts(s.categories.begin(), s.categories.end()), categories);
  ASSERT_GE(s.categories.size(), 2u);
  EXPECT_GE(s.categories[0].second, s.categories[1].second) << "most frequent first";
  ASSERT_TRUE(s.first_date && s.last_date);
  EXPECT_EQ(static_cast<std::int64_t>(*s.first_date), first);
  EXPECT_EQ(static_cast<std::int64_t>(*s.last_date), last);

  // Sizes: Xapian's tables, adding up to the folder.
  for (const char* table : {"postlist", "termlist", "position", "docdata"}) {
    EXPECT_GT(s.tables.count(table) ? s.tables.at(table) : 0, 0u) << table;
  }
  std::uint64_t tables = 0;
  for (const auto& [name, bytes] : s.tables) tables += bytes;
  EXPECT_EQ(tables, s.bytes);
  EXPECT_EQ(s.bytes, disk_bytes(db()));
  ASSERT_EQ(s.shards.size(), 1u);

  EXPECT_EQ(s.settings.at(std::string(schema::kSchemaKey)), schema::kSchemaVersion);
  EXPECT_EQ(s.settings.at(std::string(schema::kSpellingKey)), "1");
  EXPECT_EQ(s.settings.at(std::string(schema::kLeadWordsKey)), "50");
  EXPECT_FALSE(s.settings.at(std::string(schema::kAnalyzerKey)).empty());

  const nlohmann::json json = nlohmann::json::parse(stats_json(s));
  EXPECT_EQ(json["articles"], s.articles);
  EXPECT_EQ(json["last_run"]["articles"], s.articles);
  EXPECT_EQ(json["last_run"]["skipped_total"], 0);
  const std::string text = describe_stats(s);
  EXPECT_NE(text.find(std::to_string(s.articles) + " articles"), std::string::npos) << text;
  EXPECT_NE(text.find(s.categories[0].first + " " + std::to_string(s.categories[0].second)),
            std::string::npos)
      << text;
}

TEST_F(StatsTest, ShardsAreListedAndSummed) {
  index(db(), {test::corpus_dir() / "ant-v1.1"}, 3);
  const IndexStats s = read_stats(db());
  ASSERT_EQ(s.shards.size(), 3u);
  std::uint64_t sum = 0;
  for (const auto& [folder, bytes] : s.shards) {
    EXPECT_EQ(bytes, disk_bytes(folder)) << folder;
    sum += bytes;
  }
  EXPECT_EQ(sum, s.bytes);
  EXPECT_EQ(s.articles, Xapian::Database(db().string()).get_doccount());
}

// A bad file reported by one run stays listed while later runs find it unchanged, and leaves the
// list once it is fixed or deleted.
TEST_F(StatsTest, SkippedFilesStayListedWhileUnchanged) {
  const IndexSummary first = index(db(), {bad(), test::corpus_dir() / "formats"});
  ASSERT_GT(first.files_skipped, 3u);
  const auto listed = [&] {
    const nlohmann::json run = nlohmann::json::parse(read_stats(db()).last_run);
    std::multimap<std::string, std::string> out;
    for (const auto& e : run["skipped"]) out.emplace(e["file"], e["reason"]);
    EXPECT_EQ(run["skipped_total"], out.size());
    return out;
  };
  const std::multimap<std::string, std::string> before = listed();
  EXPECT_EQ(before.size(), first.files_skipped + first.articles_skipped);
  const std::string empty = (bad() / "empty.txt").string();
  ASSERT_TRUE(before.count(empty));
  EXPECT_EQ(before.find(empty)->second, "empty file");
  const std::string jsonl = (bad() / "mixed.jsonl").string();
  EXPECT_TRUE(before.count(jsonl)) << "a skipped record names its file";

  const IndexSummary second = index(db(), {bad(), test::corpus_dir() / "formats"});
  EXPECT_EQ(second.files_skipped, 0u) << "unchanged files are not read again";
  EXPECT_EQ(listed(), before);

  test::write_file(bad() / "empty.txt", "عنوان\nنص الخبر عن الانتخابات البلدية في تونس\n");
  fs::remove(bad() / "binary.txt");
  index(db(), {bad(), test::corpus_dir() / "formats"});
  std::multimap<std::string, std::string> after = before;
  after.erase(empty);
  after.erase((bad() / "binary.txt").string());
  EXPECT_EQ(listed(), after);

  // The text shows them, with when they were reported.
  const std::string text = describe_stats(read_stats(db()));
  EXPECT_NE(text.find(jsonl + ": "), std::string::npos) << text;
}

TEST_F(StatsTest, CommandLine) {
  index(db(), {test::corpus_dir() / "ant-v1.1"});
  const test::RunResult text = test::run_index({"--stats", "--db", db().string()});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("postlist"), std::string::npos) << text.out;
  const test::RunResult json = test::run_index({"--stats", "--json", "--db", db().string()});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["articles"], read_stats(db()).articles);

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--stats", "--db", bad().string()},
        {"--json", "--db", db().string(), bad().string()},
        {"--stats", "--db", db().string(), bad().string()}}) {
    const test::RunResult r = test::run_index(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[1];
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_TRUE(fs::exists(bad() / "empty.txt")) << "nothing written into a folder that is not a database";
}

}  // namespace
}  // namespace fahras
