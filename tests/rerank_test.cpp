// The learned re-rank (RankingOptions::learned_rerank, searcher/rerank.h) on real Arabic news text:
// a headline's own article restates it in its first words, while another outlet's report of the
// same deal writes the same words apart, further down, and more often.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "corpus_db.h"
#include "fahras/analyzer.h"
#include "fahras/schema.h"
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

// A headline of ANT v2.1 (Sky News Arabia, SK-sport-127-20180226), its own article, and CNN's
// report of the same death (CN-sport-48-20180226). Its article opens with other forms of its words
// (بمقابلة, وفاته) and the same ones (ملاكم بريطاني); CNN's opens with a dateline and writes الفوز
// and المقابلات further down.
constexpr const char* kBoxerHeadline = "وفاة ملاكم بريطاني بعد مقابلة الفوز";
constexpr const char* kBoxerOwn =
    "لقي ملاكم بريطاني حتفه بعمر 31 عاما، وذلك بعد نزال خاضه وانتصر فيه، ثم قيامه بمقابلة تلفزيونية كانت "
    "الأخيرة له قبل وفاته في المستشفى بعد تفاقم حالته جراء النزال.\n"
    "ونشرت صحيفة \"ديلي ميل\" الخبر، وقالت إن سكوت ويستغارث حقق الانتصار بفارق النقاط على غريمه ديك سبيلمان، "
    "بعد 10 جولات دامية السبت، فيما أصبح نزاله الأخير في عالم الملاكمة.\n"
    "وظهر ويستغارث ويبدو عليه الانزعاج من إصابة ما أثناء مقابلة تلفزيونية بعد النزال مباشرة، ثم ترنح عائدا "
    "لغرفة الملابس بقاعة دونكاستر في بريطانيا، قبل أن يتم نقله للمستشفى بعد تفاقم الحالة.\n"
    "وتوفي ويستغارث في مستشفى رويال هالامشاير مساء الأحد، ولم يذكر سبب الوفاة الرئيسي.";
constexpr const char* kBoxerWire =
    "دبي، الإمارات العربية المتحدة (CNN) – توفي الملاكم البريطاني سكوت ويستغارث، بعد إصابة تعرض لها خلال "
    "نزال خاضه في الوزن الثقيل أمام الملاكم ديك سبيلمان، السبت.\n"
    "وتوفي الملاكم البالغ من العمر 31 عاما، بعد أن شعر بآلام شديدة عقب نهاية نزاله مع سبيلمان في منطقة "
    "دونكاستر التابعة لمدينة يوركشاير في شمال إنجلترا.\n"
    "وتمكن ويستغارث من الفوز في ذلك النزال، لكن علامات التعب ظهرت عليه واضحة في المقابلات التي أجراها بعد "
    "ذلك.\n"
    "وتم نقل الملاكم البريطاني إلى المستشفى، وبقي فيه حتى فارق الحياة، الإثنين، وفقا لما نقلته الصحف "
    "البريطانية.";

// Unrelated news (ANT v2.1), a third article beside two on the same story.
constexpr const char* kSinger =
    "توفيت الفنانة الفلسطينية ريم بنا قبل ساعات في العاصمة الألمانية برلين بعد صراع طويل مع المرض. "
    "وأطلقت الفنانة الراحلة عددا من الألبومات الموسيقية.";

// A suite over one small database of articles (id, body) that its SetUpTestSuite() indexes; each
// suite (Suite) has its own.
template <typename Suite>
class BodiesTest : public ::testing::Test {
 protected:
  static void index(const std::vector<std::pair<std::string, std::string>>& articles) {
    dir_ = new test::TempDir;
    std::string lines;
    for (const auto& [id, body] : articles) lines += nlohmann::json{{"id", id}, {"body", body}}.dump() + "\n";
    test::write_file(*dir_ / "in/articles.jsonl", lines);
    test::index(*dir_ / "db", {*dir_ / "in"});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  // `query` as natural text, without snippets.
  static SearchResults search(const std::string& query, SearchOptions options = {}) {
    options.syntax = QuerySyntax::kPlain;
    options.snippets = false;
    return Searcher({(*dir_ / "db").string()}).search(query, options);
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

  inline static test::TempDir* dir_ = nullptr;
};

std::vector<std::string> ids(const SearchResults& results) {
  std::vector<std::string> out;
  for (const Hit& hit : results.hits) out.push_back(hit.id);
  return out;
}

class RerankTest : public BodiesTest<RerankTest> {
 protected:
  static void SetUpTestSuite() {
    index({
        {"restates", std::string("تشتري كوكاكولا مقاهي كوستا مقابل 3.9 مليار استرليني، في صفقة أعلنتها الشركة "
                                 "الأميركية الجمعة. ") + kTurkeyAndBahrain},
        {"scatters",
         "في بريطانيا تملك ويتبريد سلسلة كوستا منذ سنوات، ولم تعلق كوكاكولا على عرض تشتري به السلسلة، ويقدر "
         "محللون قيمة مقاهي كوستا بأكثر من 3.9 مليار، وقالوا إن مقاهي السلسلة تربح، وإن السعر مرتفع مقابل "
         "الأرباح بالجنيه الاسترليني، وإن كوكاكولا قادرة على الدفع."},
        {"film", "يعد فيلم \"المحارب العربي\" الأول من نوعه، كونه عملا سعوديا أميركيا تم تصويره وإنتاجه في "
                 "أميركا. ويتطرق الفيلم إلى الصورة النمطية المأخوذة عن العرب هناك."},
        {"singer", kSinger},
        {"summer", "كل عام، ينتظر الجميع موسم الصيف عندما تغلق المدارس أبوابها، ويبدأ موسم العطلات السنوية، ما "
                   "يغير نمط الحياة في غالبية المدن الكبرى حول العالم."},
    });
  }

};

TEST_F(RerankTest, ArticleThatRestatesTheHeadlineOutranksOneThatScattersItsWords) {
  const std::vector<std::string> plain = ids(search(kHeadline, without_rerank()));
  ASSERT_EQ(plain, (std::vector<std::string>{"scatters", "restates"}));  // the match alone: more words, shorter
  EXPECT_EQ(ids(search(kHeadline)), (std::vector<std::string>{"restates", "scatters"}));
}

TEST_F(RerankTest, FeaturesSayWhereTheWordsAre) {
  const SearchResults r = search(kHeadline, with_features());
  ASSERT_EQ(ids(r), (std::vector<std::string>{"scatters", "restates"}));  // features: the match's order
  // score, coord, early, adjacent, window, lead, exact, cover, opening, further, question
  const std::vector<double>& scattered = r.hits[0].features;
  const std::vector<double>& restated = r.hits[1].features;
  ASSERT_EQ(scattered.size(), 11u);
  ASSERT_EQ(restated.size(), 11u);
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
  EXPECT_DOUBLE_EQ(restated[8], 1);    // every word as typed in its first 30 (its opening)
  EXPECT_LT(scattered[8], 0.9);        // مقابل and استرليني further on (الاسترليني at best)
  EXPECT_DOUBLE_EQ(restated[9], 1);    // further: its first 100 words
  EXPECT_GT(scattered[9], scattered[8]);  // مقابل is among them
  EXPECT_LT(scattered[9], 1);          // استرليني still only as الاسترليني
  EXPECT_EQ(restated[10], 0);          // a headline, not a question
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

// The opening feature over a headline whose own article the match ranks below another outlet's
// report of the same death: its own article is longer (with unrelated news after it).
class OpeningTest : public BodiesTest<OpeningTest> {
 protected:
  static void SetUpTestSuite() {
    index({
        {"boxer-own", std::string(kBoxerOwn) + "\n" + kTurkeyAndBahrain},
        {"boxer-wire", kBoxerWire},
        {"singer", kSinger},
    });
  }
};

TEST_F(OpeningTest, ArticleThatOpensWithTheHeadlinesWordsInOtherFormsOutranksAnotherOutletsReport) {
  const SearchResults plain = search(kBoxerHeadline, with_features());
  ASSERT_EQ(ids(plain), (std::vector<std::string>{"boxer-wire", "boxer-own"}));  // the match alone
  const std::vector<double>& wire = plain.hits[0].features;
  const std::vector<double>& own = plain.hits[1].features;
  ASSERT_EQ(own.size(), 11u);
  // Its own: ملاكم بريطاني as typed, بمقابلة (0.77), وفاته (0.44); CNN's: الملاكم البريطاني (0.67
  // and 0.75, and the rarer words weigh more), توفي, after a dateline.
  EXPECT_GT(own[8], 2 * wire[8]);
  EXPECT_GT(wire[8], 0);
  EXPECT_EQ(ids(search(kBoxerHeadline)), (std::vector<std::string>{"boxer-own", "boxer-wire"}));
}


// The lead sketch (schema kLeadSlot) and the opening (kOpeningSlot) over corpus/'s 299 ANT articles:
// what they hold, and that the re-rank ranks from them as from the position lists and the stored
// articles (a copy of the database without either, as one written before schema 6, reads those;
// half its articles keep the first line of their opening, as schema 7 wrote it, which the re-rank
// must not take for the whole).
class LeadSketchTest : public test::CorpusDbTest {
 protected:
  static void SetUpTestSuite() {
    CorpusDbTest::SetUpTestSuite();
    old_ = new test::TempDir;
    std::filesystem::copy(db_path(), old_path());
    Xapian::WritableDatabase w(old_path(), Xapian::DB_OPEN);
    for (auto d = w.postlist_begin(""); d != w.postlist_end(""); ++d) {
      Xapian::Document doc = w.get_document(*d);
      doc.remove_value(schema::kLeadSlot);
      const std::string opening = doc.get_value(schema::kOpeningSlot);
      doc.remove_value(schema::kOpeningSlot);
      if (*d % 2 && !opening.empty()) doc.add_value(schema::kOpeningSlot, opening.substr(0, opening.find('\n')));
      w.replace_document(*d, doc);
    }
    w.set_metadata(std::string(schema::kSchemaKey), "5");
    w.commit();
  }
  static void TearDownTestSuite() {
    delete old_;
    old_ = nullptr;
    CorpusDbTest::TearDownTestSuite();
  }
  static std::string old_path() { return (old_->path() / "db").string(); }

  static bool unprefixed(const std::string& term) { return !term.empty() && (term[0] < 'A' || term[0] > 'Z'); }
  // Every title of the database, and each title's first and last word far apart, rank the same
  // over the database and its copy without sketches and openings.
  void expect_same_ranking(const RerankWeights& weights);

  inline static test::TempDir* old_ = nullptr;
};

TEST_F(LeadSketchTest, EachSketchHoldsItsArticlesPositionsUpToItsEnd) {
  const Xapian::Database db(db_path());
  std::size_t terms = 0;
  std::size_t beyond = 0;  // terms whose first position the sketch does not hold
  std::size_t absent = 0;  // terms of the article before that an article does not have
  std::size_t let_through = 0;  // ... that its filter says it may have
  std::string previous_sketch;
  std::vector<std::string> previous_terms;
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const Xapian::Document doc = db.get_document(*d);
    const std::string sketch = doc.get_value(schema::kLeadSlot);
    ASSERT_FALSE(sketch.empty()) << *d;
    std::vector<std::string> held;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if (!unprefixed(*t) || t.positionlist_count() == 0) continue;
      std::vector<Xapian::termpos> want;
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        if (*p <= schema::kLeadSketchEnd) want.push_back(*p);
      }
      std::vector<Xapian::termpos> got;
      ASSERT_TRUE(schema::lead_sketch_positions(sketch, *t, got));
      EXPECT_EQ(got, want) << *d << " " << *t;
      EXPECT_TRUE(schema::lead_sketch_may_hold(sketch, *t)) << *d << " " << *t;  // no false negative
      ++terms;
      if (want.empty()) {
        ++beyond;
      } else {
        held.push_back(*t);
      }
    }
    // The words of the article before that this one's lead does not write are not in its sketch;
    // those it does not write at all, its filter seldom lets through.
    for (const std::string& term : previous_terms) {
      bool here = false;
      bool anywhere = false;
      for (auto p = db.positionlist_begin(*d, term); p != db.positionlist_end(*d, term) && !here; ++p) {
        anywhere = true;
        here = *p <= schema::kLeadSketchEnd;
      }
      std::vector<Xapian::termpos> got;
      ASSERT_TRUE(schema::lead_sketch_positions(sketch, term, got));
      EXPECT_EQ(got.empty(), !here) << *d << " " << term;
      if (!anywhere) {
        ++absent;
        if (schema::lead_sketch_may_hold(sketch, term)) ++let_through;
      }
    }
    previous_terms = std::move(held);
  }
  EXPECT_GT(terms, 20000u);
  EXPECT_GT(beyond, terms / 4);  // the articles are longer than their sketches
  EXPECT_GT(absent, 5000u);
  EXPECT_LT(let_through, absent / 20);  // about 2% false positives
  std::vector<Xapian::termpos> none;
  EXPECT_FALSE(schema::lead_sketch_positions("", "كوستا", none));  // no sketch: a database before schema 6
  EXPECT_FALSE(schema::lead_sketch_positions("\x01", "كوستا", none));
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(schema::lead_sketch_may_hold("", "كوستا"));  // without a sketch, read the position list
}

TEST_F(LeadSketchTest, EachOpeningHoldsItsTitleAndFirstWords) {
  const Xapian::Database db(db_path());
  const Analyzer& analyzer = searcher_.analyzer();
  std::size_t openings = 0, further = 0;
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const Xapian::Document doc = db.get_document(*d);
    const Article a = schema::decode_article(doc.get_data());
    const std::vector<Token> title = analyzer.analyze(a.title);
    const std::vector<Token> text = analyzer.analyze(a.abstract.empty() ? a.body : a.abstract);
    const std::string value = doc.get_value(schema::kOpeningSlot);
    EXPECT_EQ(value, schema::encode_opening(title, text)) << a.id;
    if (value.empty()) continue;
    const std::optional<schema::Opening> opening = schema::decode_opening(value);
    ASSERT_TRUE(opening) << a.id;
    ++openings;
    further += !opening->further.empty();
    // Each word once, every title word and every text word up to kFurtherWords; the first list
    // holds the title's and those before kOpeningWords, the further list only later ones.
    std::set<std::string_view> seen(opening->first.begin(), opening->first.end());
    EXPECT_EQ(seen.size(), opening->first.size()) << a.id;
    for (const std::string_view word : opening->further) EXPECT_TRUE(seen.insert(word).second) << a.id << " " << word;
    std::set<std::string_view> first, upto;
    for (const Token& token : title) first.insert(token.normalized);
    for (const Token& token : text) {
      if (token.position < schema::kOpeningWords) first.insert(token.normalized);
      if (token.position < schema::kFurtherWords) upto.insert(token.normalized);
    }
    for (const std::string_view word : opening->first) EXPECT_TRUE(first.count(word)) << a.id << " " << word;
    for (const std::string_view word : opening->further) {
      EXPECT_FALSE(first.count(word)) << a.id << " " << word;
      EXPECT_TRUE(upto.count(word)) << a.id << " " << word;
    }
    for (const std::string_view word : upto) EXPECT_TRUE(word.empty() || first.count(word) || seen.count(word)) << a.id << " " << word;
    for (const std::string_view word : first) EXPECT_TRUE(word.empty() || seen.count(word)) << a.id << " " << word;
  }
  EXPECT_GT(openings, 290u);
  EXPECT_GT(further, 200u);  // most of corpus/'s articles run past 30 words
  EXPECT_FALSE(schema::decode_opening(""));
  EXPECT_FALSE(schema::decode_opening("ملاكم بريطاني"));  // schema 7: no further words; the re-rank analyses the article
  const std::optional<schema::Opening> two = schema::decode_opening("ملاكم بريطاني\nلقب");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->first, (std::vector<std::string_view>{"ملاكم", "بريطاني"}));
  EXPECT_EQ(two->further, (std::vector<std::string_view>{"لقب"}));
}

// With the shipped weights (opening and further) and with those that read the sketch (early and lead).
TEST_F(LeadSketchTest, RanksAsThePositionListsAndStoredArticlesDo) {
  for (const RerankWeights& weights : {SearchOptions{}.ranking.headline_weights, RerankWeights{.early = 1.0, .lead = 0.2}}) {
    expect_same_ranking(weights);
  }
}

void LeadSketchTest::expect_same_ranking(const RerankWeights& weights) {
  SCOPED_TRACE(weights.opening > 0 ? "opening and further" : "early and lead");
  const Searcher old({old_path()});
  const Xapian::Database db(db_path());
  SearchOptions options;
  options.syntax = QuerySyntax::kPlain;
  options.snippets = false;
  options.ranking.headline_weights = weights;
  SearchOptions off = options;
  off.ranking.learned_rerank = false;
  std::vector<std::string> queries;
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const std::string title = schema::decode_article(db.get_document(*d).get_data()).title;
    if (title.empty()) continue;
    queries.push_back(title);  // as headlines are searched
    // Its first and last words 16 apart: wider than the sketch answers for lead.
    const std::vector<Token> tokens = searcher_.analyzer().analyze(title);
    if (tokens.size() > 1) {
      std::string wide;
      wide.append(title, tokens.front().begin, tokens.front().end - tokens.front().begin);
      for (int k = 0; k < 15; ++k) wide.append(" في");
      wide.append(" ").append(title, tokens.back().begin, tokens.back().end - tokens.back().begin);
      queries.push_back(wide);
    }
  }
  ASSERT_GT(queries.size(), 400u);
  std::size_t reordered = 0;   // queries the re-rank orders otherwise than the match
  std::size_t late = 0;        // (query word, result) pairs whose word the result's sketch does not hold
  for (const std::string& query : queries) {
    const SearchResults now = searcher_.search(query, options);
    const SearchResults before = old.search(query, options);
    ASSERT_EQ(now.hits.size(), before.hits.size()) << query;
    for (std::size_t i = 0; i < now.hits.size(); ++i) {
      EXPECT_EQ(now.hits[i].id, before.hits[i].id) << query << " #" << i;
      EXPECT_EQ(now.hits[i].score, before.hits[i].score) << query << " #" << i;
    }
    if (ids(now) != ids(searcher_.search(query, off))) ++reordered;
    for (const Hit& hit : now.hits) {
      const Xapian::docid docid = *db.postlist_begin(schema::unique_id_term(hit.id));
      for (const Token& token : searcher_.analyzer().analyze(query)) {
        if (token.term.empty()) continue;
        auto p = db.positionlist_begin(docid, token.term);
        if (p != db.positionlist_end(docid, token.term) && *p > schema::kLeadSketchEnd) ++late;
      }
    }
  }
  EXPECT_GT(reordered, 10u);
  EXPECT_GT(late, 100u);  // words read from the position lists beside the sketch
}

// A snippet marks the words its article holds; the sketch tells most of them (written in the lead,
// or ruled out by the filter) without a position list. Every title's results show the snippets
// they show over the database without sketches, and some of the words they search are missing
// from some result (the filter is what answers for those).
TEST_F(LeadSketchTest, SnippetsAreThoseOfThePositionLists) {
  const Searcher old({old_path()});
  const Xapian::Database db(db_path());
  SearchOptions options;
  options.syntax = QuerySyntax::kPlain;
  std::size_t missing = 0;  // (query word, result) pairs whose result lacks the word
  std::size_t titles = 0;
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const std::string title = schema::decode_article(db.get_document(*d).get_data()).title;
    if (title.empty()) continue;
    ++titles;
    const SearchResults now = searcher_.search(title, options);
    const SearchResults before = old.search(title, options);
    ASSERT_EQ(now.hits.size(), before.hits.size()) << title;
    for (std::size_t i = 0; i < now.hits.size(); ++i) {
      EXPECT_EQ(now.hits[i].snippet.text, before.hits[i].snippet.text) << title << " #" << i;
      const auto spans = [](const Snippet& snippet) {
        std::vector<std::pair<std::size_t, std::size_t>> out;
        for (const auto& h : snippet.highlights) out.emplace_back(h.start, h.end);
        return out;
      };
      EXPECT_EQ(spans(now.hits[i].snippet), spans(before.hits[i].snippet)) << title << " #" << i;
      const Xapian::docid docid = *db.postlist_begin(schema::unique_id_term(now.hits[i].id));
      for (const Token& token : searcher_.analyzer().analyze(title)) {
        if (!token.term.empty() && db.positionlist_begin(docid, token.term) == db.positionlist_end(docid, token.term)) {
          ++missing;
        }
      }
    }
  }
  EXPECT_GT(titles, 200u);
  EXPECT_GT(missing, 100u);
}

TEST_F(LeadSketchTest, FeaturesAreReadFromPositionListsAsBefore) {
  // --rerank-features wants every feature: those of the old database's position lists.
  const Searcher old({old_path()});
  SearchOptions options;
  options.syntax = QuerySyntax::kPlain;
  options.snippets = false;
  options.ranking.features = true;
  const Xapian::Database db(db_path());
  const std::string query = schema::decode_article(db.get_document(*db.postlist_begin("")).get_data()).title;
  const SearchResults now = searcher_.search(query, options);
  const SearchResults before = old.search(query, options);
  ASSERT_GT(now.hits.size(), 5u) << query;
  ASSERT_EQ(ids(now), ids(before));
  for (std::size_t i = 0; i < now.hits.size(); ++i) EXPECT_EQ(now.hits[i].features, before.hits[i].features);
}

}  // namespace
}  // namespace fahras
