// Pseudo-relevance feedback (RankingOptions::feedback_docs, searcher/feedback.h) over short articles
// written for these tests: three reports of a solar eclipse that write الكسوف, a fourth that describes
// the same event in the same words (the moon, the sun's disc, telescopes, the observatory) without
// ever naming it, and unrelated news. Feedback from the first results must bring in the fourth, and
// only where the query and its filters allow.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/searcher.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

struct Story {
  const char* id;
  const char* source;
  const char* title;
  const char* body;
};

const Story kStories[] = {
    {"eclipse-1", "wire", "كسوف كلي للشمس",
     "شهدت عدة دول كسوف الشمس الكلي، ورصد علماء الفلك القمر وهو يحجب قرص الشمس عبر التلسكوبات في المرصد الوطني."},
    {"eclipse-2", "wire", "الكسوف يجذب الهواة",
     "تجمع هواة الفلك حول التلسكوبات في المرصد لمتابعة الكسوف حين مر القمر أمام قرص الشمس."},
    {"eclipse-3", "wire", "موعد الكسوف المقبل",
     "أعلن المرصد الفلكي أن القمر سيحجب قرص الشمس في الكسوف المقبل، ونصح علماء الفلك بالنظر عبر التلسكوبات بمرشحات."},
    // The same event, never named: it shares the reports' words, not the query's.
    {"moon-disc", "paper", "ظاهرة نادرة في السماء",
     "رصد علماء الفلك في المرصد عبر التلسكوبات القمر يعبر أمام قرص الشمس في ظاهرة نادرة."},
    {"moon-disc-wire", "wire", "ظاهرة نادرة في السماء",
     "تابع علماء الفلك في المرصد عبر التلسكوبات القمر يمر أمام قرص الشمس، في مشهد لا يتكرر كثيرا."},
    {"football", "wire", "الأهلي يفوز بالدوري", "فاز الأهلي على الزمالك بهدفين وتوج بلقب الدوري للمرة الثالثة."},
    {"oil", "paper", "أسعار النفط ترتفع", "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج."},
    {"rain", "wire", "أمطار غزيرة في الإسكندرية", "هطلت أمطار غزيرة على الإسكندرية وأغلقت السلطات عدة طرق ساحلية."},
    {"elections", "paper", "الانتخابات البلدية", "بدأ التصويت في الانتخابات البلدية وسط إقبال ضعيف في المدن الكبرى."},
    {"health", "wire", "حملة تطعيم جديدة", "أطلقت وزارة الصحة حملة تطعيم ضد الحصبة تستهدف الأطفال في المدارس."},
    {"cinema", "paper", "مهرجان السينما", "افتتح مهرجان القاهرة السينمائي دورته الجديدة بعرض فيلم مصري قصير."},
    {"trade", "wire", "اتفاق تجاري", "وقع البلدان اتفاقا تجاريا لخفض الرسوم الجمركية على السلع الزراعية."},
};

std::string jsonl() {
  std::string out;
  for (const Story& s : kStories) {
    out += std::string("{\"id\":\"") + s.id + "\",\"source\":\"" + s.source + "\",\"title\":\"" + s.title +
           "\",\"body\":\"" + s.body + "\"}\n";
  }
  return out;
}

class FeedbackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    test::write_file(*dir_ / "tree/news.jsonl", jsonl());
    Indexer indexer(*dir_ / "db", IndexOptions{});
    IndexListener quiet;
    indexer.add_paths({*dir_ / "tree"}, quiet);
    indexer.commit();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // Feedback from the first 3 results, their 6 best terms at 0.3 of a query word.
  static SearchOptions with_feedback(FeedbackCombine combine = FeedbackCombine::kOr) {
    SearchOptions options;
    options.limit = 100;
    options.snippets = false;
    options.ranking.feedback_docs = 3;
    options.ranking.feedback_terms = 6;
    options.ranking.feedback_weight = 0.3;
    options.ranking.feedback_combine = combine;
    return options;
  }
  static SearchOptions without_feedback() {
    SearchOptions options = with_feedback();
    options.ranking.feedback_docs = 0;
    return options;
  }
  static std::vector<std::string> ids(const std::string& query, const SearchOptions& options) {
    const Searcher searcher({(*dir_ / "db").string()});
    std::vector<std::string> out;
    for (const Hit& hit : searcher.search(query, options).hits) out.push_back(hit.id);
    return out;
  }
  static std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

  static TempDir* dir_;
};

TempDir* FeedbackTest::dir_ = nullptr;

const std::set<std::string> kEclipse{"eclipse-1", "eclipse-2", "eclipse-3"};

TEST_F(FeedbackTest, FindsArticlesThatShareTheFirstResultsWordsButNoQueryWord) {
  EXPECT_EQ(as_set(ids("الكسوف", without_feedback())), kEclipse);
  const std::vector<std::string> found = ids("الكسوف", with_feedback());
  // The articles that name the eclipse first (they hold the query word), then the two that only
  // describe it, and nothing unrelated.
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(as_set({found.begin(), found.begin() + 3}), kEclipse);
  EXPECT_EQ(as_set({found.begin() + 3, found.end()}), (std::set<std::string>{"moon-disc", "moon-disc-wire"}));
  // The expansion is in the query that ran: words of the reports, not the query's.
  const Searcher searcher({(*dir_ / "db").string()});
  const std::string parsed = searcher.search("الكسوف", with_feedback()).parsed;
  const Analyzer& analyzer = searcher.analyzer();
  int shared = 0;
  for (const char* word : {"القمر", "قرص", "التلسكوبات", "المرصد", "الفلك", "الشمس"}) {
    shared += parsed.find("OR " + analyzer.term(word) + "#3") != std::string::npos ? 1 : 0;
  }
  EXPECT_GE(shared, 3) << parsed;
}

// AND_MAYBE: the expansion only re-ranks, so the articles matched are the query's own.
TEST_F(FeedbackTest, AndMaybeKeepsTheQuerysMatches) {
  const std::vector<std::string> found = ids("الكسوف", with_feedback(FeedbackCombine::kAndMaybe));
  EXPECT_EQ(as_set(found), kEclipse);
  const Searcher searcher({(*dir_ / "db").string()});
  EXPECT_NE(searcher.search("الكسوف", with_feedback(FeedbackCombine::kAndMaybe)).parsed.find("AND_MAYBE"),
            std::string::npos);
}

// What the query leaves out stays out: a filter, an excluded word, every word required.
TEST_F(FeedbackTest, TheExpansionDoesNotBringInWhatTheQueryExcludes) {
  SearchOptions wire = with_feedback();
  wire.sources = {"wire"};
  EXPECT_EQ(as_set(ids("الكسوف", wire)), (std::set<std::string>{"eclipse-1", "eclipse-2", "eclipse-3", "moon-disc-wire"}));
  // The report that writes الهواة is excluded; the expansion re-ranks the other two, adds nothing.
  EXPECT_EQ(as_set(ids("الكسوف -الهواة", with_feedback())), (std::set<std::string>{"eclipse-1", "eclipse-3"}));
  SearchOptions every = with_feedback();
  every.default_operator = DefaultOperator::kAnd;
  EXPECT_EQ(as_set(ids("الكسوف المقبل", every)), (std::set<std::string>{"eclipse-3"}));
}

// Facets count the matches of the expanded query once each (the first match, for the feedback
// articles, is not counted).
TEST_F(FeedbackTest, FacetsCountTheExpandedMatchesOnce) {
  SearchOptions options = with_feedback();
  options.facets = true;
  const Searcher searcher({(*dir_ / "db").string()});
  const SearchResults results = searcher.search("الكسوف", options);
  EXPECT_EQ(results.estimated, 5u);
  ASSERT_TRUE(results.facets.has_value());
  std::vector<std::pair<std::string, std::uint64_t>> sources;
  for (const FacetCount& c : results.facets->sources) sources.emplace_back(c.value, c.count);
  EXPECT_EQ(sources, (std::vector<std::pair<std::string, std::uint64_t>>{{"wire", 4}, {"paper", 1}}));
}

TEST_F(FeedbackTest, ABadWeightIsAUsageError) {
  SearchOptions options = with_feedback();
  for (const double weight : {0.0, -0.5, std::numeric_limits<double>::quiet_NaN()}) {
    options.ranking.feedback_weight = weight;
    try {
      ids("الكسوف", options);
      ADD_FAILURE() << "weight " << weight << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), Error::Kind::kUsage) << e.what();
    }
  }
}

}  // namespace
}  // namespace fahras
