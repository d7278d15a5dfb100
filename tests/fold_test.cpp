// Folding near-duplicates (SearchOptions::fold, fahras/near_duplicate.h) on real articles: the 299
// corpus articles, the two Al Arabiya copies of one story (tests/data/duplicates) and one ANT v2.1
// wire story reworded by a second source (tests/data/near-duplicates).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "fahras/indexer.h"
#include "fahras/near_duplicate.h"
#include "fahras/reader.h"
#include "fahras/searcher.h"
#include "test_util.h"

namespace fahras {
namespace {

using test::TempDir;

const std::string kCopy1 = "AL-internationalNews-326-20180303";
const std::string kCopy2 = "AL-internationalNews-347-20180303";
const std::string kCopyQuery = "المدن الأكثر ثراء بالعالم";
const std::string kReworded1 = "AL-sport-1081-20180404";
const std::string kReworded2 = "SK-sport-566-20180404";
const std::string kRewordedQuery = "وفاة راي ويلكينز";

std::filesystem::path data(const std::string& folder) { return test::source_dir() / "tests/data" / folder; }

// Every article of the files under `folder`, by id.
std::map<std::string, Article> read_all(const std::filesystem::path& folder) {
  std::map<std::string, Article> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.path().extension() != ".txt") continue;
    for (Article& a : read_file(entry.path()).articles) out[a.id] = std::move(a);
  }
  return out;
}

std::string signature(const Analyzer& analyzer, const Article& a) {
  return near_duplicate_signature(analyzer.analyze(a.body.empty() ? a.abstract : a.body));
}

std::vector<std::string> ids(const SearchResults& results) {
  std::vector<std::string> out;
  for (const Hit& hit : results.hits) out.push_back(hit.id);
  return out;
}

class FoldTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    Indexer indexer(db(), IndexOptions{});
    IndexListener quiet;
    indexer.add_paths({test::corpus_dir() / "ant-v1.1", data("duplicates"), data("near-duplicates")}, quiet);
    indexer.commit();
    ASSERT_EQ(indexer.summary().articles, 303u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db() { return (dir_->path() / "db").string(); }

  static TempDir* dir_;
  const Searcher searcher_{{db()}};
};

TempDir* FoldTest::dir_ = nullptr;

TEST_F(FoldTest, TheRewordedStoryIsSimilarAndNoTwoCorpusStoriesAre) {
  const Analyzer analyzer;
  const std::map<std::string, Article> pair = read_all(data("near-duplicates"));
  ASSERT_EQ(pair.size(), 2u);
  const Article& a = pair.begin()->second;
  const Article& b = std::next(pair.begin())->second;
  ASSERT_NE(a.body, b.body) << "reworded, not copied";
  ASSERT_NE(a.source, b.source) << "published by two sources";
  const double reworded = signature_similarity(signature(analyzer, a), signature(analyzer, b));
  EXPECT_GE(reworded, kFoldSimilarity);
  EXPECT_LT(reworded, 1.0);

  const std::map<std::string, Article> copies = read_all(data("duplicates"));
  EXPECT_EQ(signature_similarity(signature(analyzer, copies.at(kCopy1)), signature(analyzer, copies.at(kCopy2))), 1.0);

  // The 299 corpus articles are 299 different stories: none may fold into another.
  const std::map<std::string, Article> corpus = read_all(test::corpus_dir() / "ant-v1.1");
  ASSERT_EQ(corpus.size(), 299u);
  std::vector<std::pair<std::string, std::string>> signed_articles;
  for (const auto& [id, article] : corpus) {
    if (std::string s = signature(analyzer, article); !s.empty()) signed_articles.emplace_back(id, std::move(s));
  }
  EXPECT_GT(signed_articles.size(), 290u) << "a news article is long enough to be signed";
  double most = 0;
  for (std::size_t i = 0; i < signed_articles.size(); ++i)
    for (std::size_t j = i + 1; j < signed_articles.size(); ++j)
      most = std::max(most, signature_similarity(signed_articles[i].second, signed_articles[j].second));
  EXPECT_LT(most, kFoldSimilarity);
  EXPECT_GT(most, 0.0) << "stories on one subject share a few shingles";

  Article short_text;
  short_text.body = "تأجيل المباراة";
  EXPECT_EQ(signature(analyzer, short_text), "") << "too short to tell";
  EXPECT_EQ(signature_similarity("", ""), 0.0);
}

TEST_F(FoldTest, AWireStoryIsShownOnceWithItsCount) {
  for (const auto& [query, first, second] : {std::tuple{kCopyQuery, kCopy1, kCopy2}, std::tuple{kRewordedQuery, kReworded1, kReworded2}}) {
    SearchOptions options;
    const std::vector<std::string> all = ids(searcher_.search(query, options));
    ASSERT_EQ(std::count(all.begin(), all.end(), first) + std::count(all.begin(), all.end(), second), 2) << query;

    options.fold = true;
    const SearchResults folded = searcher_.search(query, options);
    const std::vector<std::string> shown = ids(folded);
    ASSERT_EQ(std::count(shown.begin(), shown.end(), first) + std::count(shown.begin(), shown.end(), second), 1) << query;
    const Hit& story = *std::find_if(folded.hits.begin(), folded.hits.end(),
                                     [&](const Hit& h) { return h.id == first || h.id == second; });
    ASSERT_EQ(story.like_this.size(), 1u) << query;
    EXPECT_EQ(story.like_this[0], story.id == first ? second : first);
    EXPECT_EQ(shown.front(), all.front()) << "the best result stays first";
    EXPECT_EQ(shown.size(), all.size()) << "the next story moves up to fill the page";
    SearchOptions exact;
    exact.exact_count = true;
    const std::uint64_t articles = searcher_.search(query, exact).estimated;
    exact.fold = true;
    EXPECT_EQ(searcher_.search(query, exact).estimated, articles) << "counts are of articles";
    for (const Hit& hit : folded.hits) {
      if (hit.id != story.id) {
        EXPECT_TRUE(hit.like_this.empty()) << hit.id << " is a story of its own";
      }
    }
  }
}

TEST_F(FoldTest, PagesAgreeWithOneLongPage) {
  // A broad query over many stories: pages of 4 cut from the folded list as one page of 40 shows it.
  for (const std::string& query : {kCopyQuery, kRewordedQuery, std::string("تونس")}) {
    SearchOptions options;
    options.fold = true;
    options.snippets = false;
    options.limit = 40;
    const SearchResults whole = searcher_.search(query, options);
    ASSERT_GE(whole.hits.size(), 12u) << query;
    options.limit = 4;
    std::vector<std::string> paged;
    std::vector<std::vector<std::string>> paged_like;
    for (options.offset = 0; options.offset < whole.hits.size(); options.offset += 4) {
      for (const Hit& hit : searcher_.search(query, options).hits) {
        EXPECT_EQ(hit.rank, paged.size() + 1);
        paged.push_back(hit.id);
        paged_like.push_back(hit.like_this);
      }
    }
    EXPECT_EQ(paged, ids(whole)) << query;
    for (std::size_t i = 0; i < whole.hits.size(); ++i) EXPECT_EQ(paged_like[i], whole.hits[i].like_this) << query;
    const std::set<std::string> distinct(paged.begin(), paged.end());
    EXPECT_EQ(distinct.size(), paged.size()) << "no article on two pages";
  }
}

TEST_F(FoldTest, PeopleSeeFoldedStoriesMachineFormatsEveryArticle) {
  const auto shows = [](const test::RunResult& r, const std::string& id) {
    return r.out.find(id) != std::string::npos;
  };
  const test::RunResult text = test::run_search({"--db", db(), kRewordedQuery});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("+ 1 more like this: "), std::string::npos) << text.out;
  EXPECT_TRUE(shows(text, kReworded1) && shows(text, kReworded2)) << "the folded id is named";

  const test::RunResult json = test::run_search({"--db", db(), "--json", kRewordedQuery});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"more_like_this\":1,\"like_this\":[\""), std::string::npos) << json.out;
  EXPECT_EQ(test::run_search({"--db", db(), "--json", "--no-fold", kRewordedQuery}).out.find("more_like_this"),
            std::string::npos);
  for (const char* format : {"trec", "ids", "tsv"}) {
    const test::RunResult run = test::run_search({"--db", db(), "--format", format, kRewordedQuery});
    EXPECT_TRUE(shows(run, kReworded1) && shows(run, kReworded2)) << format << ": every article, unfolded";
  }
  const test::RunResult folded_ids = test::run_search({"--db", db(), "--format", "ids", "--fold", kRewordedQuery});
  EXPECT_NE(shows(folded_ids, kReworded1), shows(folded_ids, kReworded2)) << "--fold folds any format";

  const test::RunResult both = test::run_search({"--db", db(), "--fold", "--no-fold", kRewordedQuery});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("--fold"), std::string::npos) << both.err;

  // The benchmarks' window knob: a huge or negative one ranks no deeper than folding looks, and
  // folds the same story as the default window.
  for (const char* window : {"-1", "99999999999"}) {
    const test::RunResult wide =
        test::run_search({"--db", db(), "--format", "ids", "--fold", "--fold-window", window, kRewordedQuery});
    EXPECT_EQ(wide.exit_code, 0) << window << ": " << wide.err;
    EXPECT_EQ(wide.out, folded_ids.out) << window;
  }
}

}  // namespace
}  // namespace fahras
