// Collapsing articles with the same text: two real ANT v2.1 articles from Al Arabiya that carry the
// same body under different ids (tests/data/duplicates), indexed with the 299 corpus articles.
#include <gtest/gtest.h>

#include <algorithm>

#include "fahras/indexer.h"
#include "fahras/reader.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "test_util.h"

namespace fahras {
namespace {

using test::TempDir;

const std::string kFirst = "AL-internationalNews-326-20180303";
const std::string kSecond = "AL-internationalNews-347-20180303";
const std::string kQuery = "المدن الأكثر ثراء بالعالم";

std::filesystem::path duplicates() { return test::source_dir() / "tests/data/duplicates"; }

Article read_one(const std::string& id) {
  FileContents contents = read_file(duplicates() / (id + ".txt"));
  EXPECT_EQ(contents.articles.size(), 1u) << contents.error;
  return contents.articles.at(0);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class CollapseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    Indexer indexer(db(), IndexOptions{});
    IndexListener quiet;
    indexer.add_paths({test::corpus_dir() / "ant-v1.1", duplicates()}, quiet);
    indexer.commit();
    ASSERT_EQ(indexer.summary().articles, 301u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db() { return (dir_->path() / "db").string(); }

  static TempDir* dir_;
};

TempDir* CollapseTest::dir_ = nullptr;

TEST_F(CollapseTest, BodyKeyIsTheSameForTheSameTextAndOnlyThen) {
  const Article first = read_one(kFirst), second = read_one(kSecond);
  ASSERT_NE(first.id, second.id);
  ASSERT_NE(first.url, second.url);
  EXPECT_EQ(schema::body_key(first), schema::body_key(second));
  EXPECT_EQ(schema::body_key(first).size(), 16u);

  Article rewrapped = first;  // the same words, broken into lines differently
  std::replace(rewrapped.body.begin(), rewrapped.body.end(), '\n', ' ');
  rewrapped.body.insert(rewrapped.body.find(' '), "\n\t ");
  EXPECT_EQ(schema::body_key(rewrapped), schema::body_key(first));

  Article edited = first;
  edited.body += " (تحديث)";
  EXPECT_NE(schema::body_key(edited), schema::body_key(first));

  Article title_only;
  title_only.title = "المدن الـ10 الأكثر ثراءً بالعالم";
  EXPECT_EQ(schema::body_key(title_only), "") << "no text, nothing to collapse on";
}

TEST_F(CollapseTest, LibraryKeepsEveryArticleUnlessAskedToCollapse) {
  const Searcher searcher({db()});
  SearchOptions options;
  options.snippets = false;
  const auto ids = [&](bool collapse) {
    options.collapse = collapse;
    std::vector<std::string> out;
    for (const Hit& hit : searcher.search(kQuery, options).hits) out.push_back(hit.id);
    return out;
  };
  const std::vector<std::string> all = ids(false);
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(std::count(all.begin(), all.end(), kFirst), 1);
  EXPECT_EQ(std::count(all.begin(), all.end(), kSecond), 1);

  const std::vector<std::string> collapsed = ids(true);
  EXPECT_EQ(std::count(collapsed.begin(), collapsed.end(), kFirst) +
                std::count(collapsed.begin(), collapsed.end(), kSecond),
            1);
  EXPECT_EQ(collapsed.front(), all.front()) << "the best of the two stays where it was";
  EXPECT_EQ(collapsed.size(), all.size()) << "the next result moves up to fill the page";
}

TEST_F(CollapseTest, TextCollapsesByDefaultMachineFormatsKeepAll) {
  const auto both = [](const test::RunResult& r) {
    return count(r.out, kFirst) + count(r.out, kSecond);
  };
  const test::RunResult text = test::run_search({"--db", db(), kQuery});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(both(text), 1u) << text.out;
  // Folding (fold_test.cpp) would show the two once too: off, to see what collapsing alone does.
  EXPECT_EQ(both(test::run_search({"--db", db(), "--no-collapse", "--no-fold", kQuery})), 2u);
  EXPECT_EQ(both(test::run_search({"--db", db(), "--collapse", "--no-fold", kQuery})), 1u);
  EXPECT_EQ(both(test::run_search({"--db", db(), "--format", "ids", kQuery})), 2u);
  EXPECT_EQ(both(test::run_search({"--db", db(), "--format", "trec", kQuery})), 2u);
  const auto json_hits = [](const test::RunResult& r) {
    return count(r.out, "\"id\":\"" + kFirst + "\"") + count(r.out, "\"id\":\"" + kSecond + "\"");
  };
  EXPECT_EQ(json_hits(test::run_search({"--db", db(), "--json", "--no-fold", kQuery})), 2u);
  EXPECT_EQ(json_hits(test::run_search({"--db", db(), "--json", "--no-fold", "--collapse", kQuery})), 1u);

  const test::RunResult contradictory =
      test::run_search({"--db", db(), "--collapse", "--no-collapse", kQuery});
  EXPECT_EQ(contradictory.exit_code, 2);
  EXPECT_NE(contradictory.err.find("--collapse"), std::string::npos) << contradictory.err;
}

}  // namespace
}  // namespace fahras
