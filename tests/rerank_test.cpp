// The learned re-rank (RankingOptions::learned_rerank, searcher/rerank.h) on real Arabic news text:
// a headline's own article restates it in its first words, while another outlet's report of the
// same deal writes the same words apart, further down, and more often.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fahras/searcher.h"
#include "indexing.h"
#include "test_util.h"

namespace fahras {
namespace {

// Unrelated news (ANT v2.1): it lengthens the restating article and gives the database other words.
constexpr const char* kTurkeyAndBahrain =
    "قالت جمعية المصدرين الأتراك، اليوم الخميس، إن صادرات تركيا ارتفعت 14.8% على أساس سنوي في فبراير، إلى "
    "12.89 مليار دولار. وأظهرت البيانات أن الصادرات زادت في أول شهرين من العام بـ12.8% إلى 25.35 مليار دولار. "
    "وتصدر الجمعية أرقامها قبل شهر من البيانات الرسمية التي يصدرها معهد الإحصاءات التركي. أظهرت بيانات من "
    "الهيئة الرسمية المعنية بالإحصاء في البحرين، اليوم الأربعاء، أن الناتج المحلي الإجمالي للمملكة المعدل في "
    "ضوء التضخم انكمش 1.2% في الربع الأول من 2018 مقارنة مع مستواه قبل عام بفعل هبوط إنتاج النفط. وانكمش "
    "القطاع النفطي 14.7% عن مستواه قبل عام، في حين نما القطاع غير النفطي 1.9%.";

constexpr const char* kHeadline = "كوكاكولا تشتري مقاهي كوستا مقابل 3.9 مليار استرليني";

class RerankTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    const std::vector<std::pair<std::string, std::string>> articles = {
        {"restates", std::string("تشتري كوكاكولا مقاهي كوستا مقابل 3.9 مليار استرليني، في صفقة أعلنتها الشركة "
                                 "الأميركية الجمعة. ") + kTurkeyAndBahrain},
        {"scatters",
         "في بريطانيا تملك ويتبريد سلسلة كوستا منذ سنوات، ولم تعلق كوكاكولا على عرض تشتري به السلسلة، ويقدر "
         "محللون قيمة مقاهي كوستا بأكثر من 3.9 مليار، وقالوا إن مقاهي السلسلة تربح، وإن السعر مرتفع مقابل "
         "الأرباح بالجنيه الاسترليني، وإن كوكاكولا قادرة على الدفع."},
        {"film", "يعد فيلم \"المحارب العربي\" الأول من نوعه، كونه عملا سعوديا أميركيا تم تصويره وإنتاجه في "
                 "أميركا. ويتطرق الفيلم إلى الصورة النمطية المأخوذة عن العرب هناك."},
        {"singer", "توفيت الفنانة الفلسطينية ريم بنا قبل ساعات في العاصمة الألمانية برلين بعد صراع طويل مع "
                   "المرض. وأطلقت الفنانة الراحلة عددا من الألبومات الموسيقية."},
        {"summer", "كل عام، ينتظر الجميع موسم الصيف عندما تغلق المدارس أبوابها، ويبدأ موسم العطلات السنوية، ما "
                   "يغير نمط الحياة في غالبية المدن الكبرى حول العالم."},
    };
    std::string lines;
    for (const auto& [id, body] : articles) lines += nlohmann::json{{"id", id}, {"body", body}}.dump() + "\n";
    test::write_file(*dir_ / "in/articles.jsonl", lines);
    test::index(*dir_ / "db", {*dir_ / "in"});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static SearchResults search(const std::string& query, SearchOptions options = {}) {
    options.syntax = QuerySyntax::kPlain;
    options.snippets = false;
    return Searcher({(*dir_ / "db").string()}).search(query, options);
  }
  static std::vector<std::string> ids(const SearchResults& results) {
    std::vector<std::string> out;
    for (const Hit& hit : results.hits) out.push_back(hit.id);
    return out;
  }
  static SearchOptions without_rerank() {
    SearchOptions o;
    o.ranking.learned_rerank = false;
    return o;
  }
  static SearchOptions with_features() {
    SearchOptions o;
    o.ranking.features = true;
    return o;
  }

  static test::TempDir* dir_;
};

test::TempDir* RerankTest::dir_ = nullptr;

TEST_F(RerankTest, ArticleThatRestatesTheHeadlineOutranksOneThatScattersItsWords) {
  const std::vector<std::string> plain = ids(search(kHeadline, without_rerank()));
  ASSERT_EQ(plain, (std::vector<std::string>{"scatters", "restates"}));  // the match alone: more words, shorter
  EXPECT_EQ(ids(search(kHeadline)), (std::vector<std::string>{"restates", "scatters"}));
}

TEST_F(RerankTest, FeaturesSayWhereTheWordsAre) {
  const SearchResults r = search(kHeadline, with_features());
  ASSERT_EQ(ids(r), (std::vector<std::string>{"scatters", "restates"}));  // features: the match's order
  // score, coord, early, adjacent, window, lead, exact, cover, question
  const std::vector<double>& scattered = r.hits[0].features;
  const std::vector<double>& restated = r.hits[1].features;
  ASSERT_EQ(scattered.size(), 9u);
  ASSERT_EQ(restated.size(), 9u);
  EXPECT_EQ(scattered[0], r.hits[0].score);
  EXPECT_DOUBLE_EQ(restated[1], 1);    // every word
  EXPECT_DOUBLE_EQ(scattered[1], 1);
  EXPECT_GT(restated[2], 0.6);         // from the first word on
  EXPECT_LT(scattered[2], 0.4);
  EXPECT_GT(restated[3], 0.8);         // 6 of 7 pairs neighbours (كوكاكولا تشتري is written تشتري كوكاكولا)
  EXPECT_LT(scattered[3], 0.3);
  EXPECT_DOUBLE_EQ(restated[5], restated[3]);  // all in the first 50 words
  EXPECT_DOUBLE_EQ(restated[7], 1);    // the whole headline within a few words
  EXPECT_LT(scattered[7], 1);
  EXPECT_EQ(restated[8], 0);           // a headline, not a question
}

TEST_F(RerankTest, QuestionsAreRankedByTheMatchAlone) {
  for (const std::string question : {"متى تشتري كوكاكولا مقاهي كوستا مقابل 3.9 مليار استرليني",
                                     "هل تشتري كوكاكولا مقاهي كوستا مقابل 3.9 مليار استرليني",
                                     "في أي عام تشتري كوكاكولا مقاهي كوستا مقابل 3.9 مليار استرليني",
                                     "كوكاكولا تشتري مقاهي كوستا مقابل 3.9 مليار استرليني؟"}) {
    const SearchResults r = search(question, with_features());
    ASSERT_FALSE(r.hits.empty()) << question;
    EXPECT_EQ(r.hits[0].features.back(), 1) << question;
    EXPECT_EQ(ids(search(question)), ids(search(question, without_rerank()))) << question;
  }
  // "في" opens a question only before أي.
  EXPECT_EQ(search("في بريطانيا تشتري كوكاكولا مقاهي كوستا", with_features()).hits.at(0).features.back(), 0);
}

TEST_F(RerankTest, PagesCutTheSameRanking) {
  SearchOptions second;
  second.offset = 1;
  second.limit = 1;
  EXPECT_EQ(ids(search(kHeadline, second)), (std::vector<std::string>{"scatters"}));
  SearchOptions first;
  first.limit = 1;
  EXPECT_EQ(ids(search(kHeadline, first)), (std::vector<std::string>{"restates"}));
}

TEST_F(RerankTest, OffOrWithoutWeightsTheScoresAreTheMatchs) {
  const SearchResults off = search(kHeadline, without_rerank());
  SearchOptions zero;
  zero.ranking.headline_weights = {};
  const SearchResults none = search(kHeadline, zero);
  ASSERT_EQ(ids(off), ids(none));
  for (std::size_t i = 0; i < off.hits.size(); ++i) EXPECT_EQ(off.hits[i].score, none.hits[i].score);
  // Re-ranked, a score gains (best score) * bonus: never less than the match gave it.
  const SearchResults on = search(kHeadline);
  for (const Hit& hit : on.hits) {
    for (const Hit& before : off.hits) {
      if (before.id == hit.id) {
        EXPECT_GE(hit.score, before.score) << hit.id;
      }
    }
  }
}

}  // namespace
}  // namespace fahras
