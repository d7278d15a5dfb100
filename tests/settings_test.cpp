// The settings that shape documents (indexer/settings.h): a database records them, later runs follow
// them, and a run that asks for another value is refused until --rebuild. On the real articles of
// corpus/: an incremental run without the options must write the documents a fresh build with them
// writes.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "fahras/schema.h"
#include "compare.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using test::run_index;
using test::TempDir;

std::string metadata(const fs::path& db, std::string_view key) {
  return Xapian::Database(db.string()).get_metadata(std::string(key));
}

// A copy of one category of corpus/ under `root`.
void copy_category(const fs::path& root, const std::string& category) {
  fs::create_directories(root);
  fs::copy(test::corpus_dir() / "ant-v1.1" / category, root / category, fs::copy_options::recursive);
}

TEST(SettingsTest, LaterRunsFollowTheRecordedLeadWords) {
  TempDir dir;
  const fs::path tree = dir / "tree", db = dir / "db", fresh = dir / "fresh";
  copy_category(tree, "culture");
  ASSERT_EQ(run_index({"--db", db.string(), "--lead-words", "10", tree.string()}).exit_code, 0);
  EXPECT_EQ(metadata(db, schema::kLeadWordsKey), "10");

  // Without the options, the next run indexes the new articles as the database says.
  copy_category(tree, "economy");
  const test::RunResult more = run_index({"--db", db.string(), tree.string()});
  ASSERT_EQ(more.exit_code, 0) << more.err;
  ASSERT_EQ(run_index({"--db", fresh.string(), "--lead-words", "10", tree.string()}).exit_code, 0);
  const test::Fingerprint got = test::fingerprint(Xapian::Database(db.string()));
  const test::Fingerprint want = test::fingerprint(Xapian::Database(fresh.string()));
  EXPECT_GT(want.size(), 30u);
  EXPECT_TRUE(got == want) << "incremental run without the options differs from a fresh build with them";
  // And it matters: the default build has longer leads, whose words weigh more (schema.h: their
  // wdf is raised), so its documents are longer.
  ASSERT_EQ(run_index({"--db", (dir / "default").string(), tree.string()}).exit_code, 0);
  EXPECT_GT(Xapian::Database((dir / "default").string()).get_avlength(), Xapian::Database(db.string()).get_avlength());
  EXPECT_EQ(metadata(dir / "default", schema::kLeadWordsKey), "50");
}

TEST(SettingsTest, AnotherValueNeedsRebuild) {
  TempDir dir;
  const fs::path tree = dir / "tree", db = dir / "db";
  copy_category(tree, "culture");
  ASSERT_EQ(run_index({"--db", db.string(), "--lead-words", "10", tree.string()}).exit_code, 0);
  const struct {
    std::vector<std::string> options;
    std::string message;
  } cases[] = {
      {{"--lead-words", "20"}, "was made with --lead-words 10, not 20: changing it needs --rebuild"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"--db", db.string()};
    args.insert(args.end(), c.options.begin(), c.options.end());
    args.push_back(tree.string());
    const test::RunResult r = run_index(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(db.string() + " " + c.message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one-line error: " << r.err;
  }
  // The same value is no conflict; --rebuild changes it, on one database and on shards alike.
  EXPECT_EQ(run_index({"--db", db.string(), "--lead-words", "10", tree.string()}).exit_code, 0);
  ASSERT_EQ(run_index({"--db", db.string(), "--rebuild", "--shards", "2", "--lead-words", "20",
                       tree.string()}).exit_code, 0);
  for (const char* shard : {"shard-0", "shard-1"}) EXPECT_EQ(metadata(db / shard, schema::kLeadWordsKey), "20") << shard;
  const test::RunResult sharded = run_index({"--db", db.string(), "--lead-words", "10", tree.string()});
  EXPECT_EQ(sharded.exit_code, 2) << sharded.err;
  EXPECT_NE(sharded.err.find("--lead-words 20, not 10"), std::string::npos) << sharded.err;
}

}  // namespace
}  // namespace fahras
