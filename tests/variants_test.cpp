// Name variants (searcher/variants.h, schema::variant_key, the XV pair terms): spellings of one name
// meet, a common word is not expanded, the user's synonyms win, and the table is exact after
// incremental runs. Over corpus/'s 299 ANT articles plus a few articles written here that spell
// Trump ترمب (as Asharq Al-Awsat does; corpus/ writes ترامب) and write Facebook beside فيسبوك.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "compare.h"
#include "fahras/html.h"
#include "fahras/indexer.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "fahras/synonyms.h"
#include "name_articles.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::write_test_articles;

TEST(VariantKeyTest, TransliterationsOfOneNameShareAKey) {
  static const struct {
    const char* a;
    const char* b;
  } same[] = {
      {"ترامب", "ترمب"}, {"بوتين", "بوتن"}, {"غوغل", "جوجل"}, {"جوجل", "قوقل"}, {"فيسبوك", "فيسبك"},
      {"نتنياهو", "نتانياهو"}, {"طهران", "تهران"}, {"ساركوزي", "صاركوزي"},
  };
  for (const auto& c : same) {
    EXPECT_FALSE(schema::variant_key(c.a).empty()) << c.a;
    EXPECT_EQ(schema::variant_key(c.a), schema::variant_key(c.b)) << c.a << " " << c.b;
  }
  // Different consonants, different keys.
  EXPECT_NE(schema::variant_key("ترامب"), schema::variant_key("ترامل"));
  EXPECT_NE(schema::variant_key("بوتين"), schema::variant_key("بوتيك"));
  // No key: the article ال, fewer than 4 letters, fewer than 3 left, Latin letters, digits.
  for (const char* none : {"الرئيس", "كتب", "ايوا", "trump", "ترامب2", ""}) {
    EXPECT_EQ(schema::variant_key(none), "") << none;
  }
}

// Articles written for these tests: two verbs one long vowel apart, طلبت (she asked) and طالبت (she
// demanded), each in kSuggestFloor articles, so that both are in the variants index under one key and
// pass every test of a name but the neighbours: the bodies that ask have their own subjects
// (الشرطة, المحكمة), the ones that demand theirs (نقابة, منظمات), unless `shared` gives the demands
// the same ones.
void write_verb_articles(const fs::path& dir, bool shared = false) {
  static const char* const kAsked[] = {
      "إجراءات جديدة قبل الشتاء\nطلبت وزارة الصحة من المواطنين تلقي اللقاح قبل بداية الشتاء.\n",
      "فيضان النهر\nطلبت الشرطة من السكان إخلاء المباني القريبة من النهر.\n",
      "حادث المصنع\nطلبت المحكمة تقريرا جديدا من الخبراء حول الحادث.\n",
      "إغلاق المحلات\nطلبت البلدية من التجار إغلاق المحلات مساء الجمعة.\n",
      "التسجيل في الجامعة\nطلبت الجامعة من الطلاب التسجيل عبر الموقع الإلكتروني.\n",
  };
  static const char* const kDemanded[] = {
      "إضراب المعلمين\nطالبت نقابة المعلمين برفع الأجور وتحسين ظروف العمل.\n",
      "المعتقلون السياسيون\nطالبت منظمات حقوقية بالإفراج عن المعتقلين السياسيين.\n",
      "الانتخابات المبكرة\nطالبت أحزاب المعارضة بإجراء انتخابات مبكرة.\n",
      "بعد الكارثة\nطالبت عائلات الضحايا بمحاسبة المسؤولين عن الكارثة.\n",
      "حماية الغابة\nطالبت جمعيات البيئة بوقف قطع الأشجار في الغابة.\n",
  };
  static const char* const kDemandedAlike[] = {
      "إجراءات جديدة قبل الشتاء\nطالبت وزارة الصحة المواطنين بتلقي اللقاح قبل بداية الشتاء.\n",
      "فيضان النهر\nطالبت الشرطة السكان بإخلاء المباني القريبة من النهر.\n",
      "حادث المصنع\nطالبت المحكمة بتقرير جديد من الخبراء حول الحادث.\n",
      "إغلاق المحلات\nطالبت البلدية التجار بإغلاق المحلات مساء الجمعة.\n",
      "التسجيل في الجامعة\nطالبت الجامعة الطلاب بالتسجيل عبر الموقع الإلكتروني.\n",
  };
  for (int i = 0; i < 5; ++i) {
    test::write_file(dir / ("asked" + std::to_string(i) + ".txt"), kAsked[i]);
    test::write_file(dir / ("demanded" + std::to_string(i) + ".txt"), shared ? kDemandedAlike[i] : kDemanded[i]);
  }
}

std::set<std::string> ids(const SearchResults& r) {
  std::set<std::string> out;
  for (const Hit& h : r.hits) out.insert(h.id);
  return out;
}

class VariantsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    fs::copy(test::corpus_dir() / "ant-v1.1", dir_->path() / "articles", fs::copy_options::recursive);
    write_test_articles(dir_->path() / "articles" / "written", 6);
    write_verb_articles(dir_->path() / "articles" / "verbs");
    Indexer indexer(db_path(), IndexOptions{});
    IndexListener quiet;
    indexer.add_paths({dir_->path() / "articles"}, quiet);
    indexer.commit();
    ASSERT_EQ(indexer.summary().files_skipped, 0u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db_path() { return (dir_->path() / "db").string(); }

  SearchResults search(const std::string& q, bool variants = true) const {
    SearchOptions options;
    options.limit = 1000;
    options.snippets = false;
    options.variants = variants;
    return searcher_.search(q, options);
  }

  std::vector<WordVariants> search_variants(const std::string& q) const { return search(q).variants; }

  Searcher searcher_{{db_path()}};
  inline static TempDir* dir_ = nullptr;
};

TEST_F(VariantsTest, TrumpSpelledEitherWayFindsTheSameArticles) {
  const SearchResults tramb = search("ترامب"), tarmb = search("ترمب");
  const SearchResults tramb_alone = search("ترامب", false), tarmb_alone = search("ترمب", false);
  ASSERT_GE(tramb_alone.hits.size(), 5u);
  ASSERT_GE(tarmb_alone.hits.size(), 5u);
  std::set<std::string> both = ids(tramb_alone);
  both.merge(ids(tarmb_alone));
  EXPECT_EQ(ids(tramb), both);
  EXPECT_EQ(ids(tarmb), both);
  ASSERT_EQ(tarmb.variants.size(), 1u);
  EXPECT_EQ(tarmb.variants[0], (WordVariants{"ترمب", {"ترامب"}}));
  EXPECT_EQ(tramb.variants.at(0), (WordVariants{"ترامب", {"ترمب"}}));
  // Weighted below the word as typed: the articles that write it as typed come first.
  const std::set<std::string> typed = ids(tarmb_alone);
  for (std::size_t i = 0; i < typed.size(); ++i) EXPECT_TRUE(typed.count(tarmb.hits[i].id)) << i;
  // With a clitic, the word's term decides: لترمب searches ترامب too.
  EXPECT_EQ(ids(search("لترمب")), both);
  // Turned off: as typed.
  EXPECT_TRUE(tarmb_alone.variants.empty());
}

TEST_F(VariantsTest, FacebookAndFeesbookMeet) {
  const SearchResults latin = search("Facebook"), arabic = search("فيسبوك");
  const std::set<std::string> latin_alone = ids(search("Facebook", false));
  const std::set<std::string> arabic_alone = ids(search("فيسبوك", false));
  // corpus/ writes فيسبوك without Facebook beside it, and one article here Facebook alone.
  ASSERT_GT(arabic_alone.size(), latin_alone.size());
  ASSERT_FALSE(latin_alone.empty());
  std::set<std::string> both = latin_alone;
  both.insert(arabic_alone.begin(), arabic_alone.end());
  ASSERT_GT(both.size(), arabic_alone.size());
  EXPECT_EQ(ids(latin), both);
  EXPECT_EQ(ids(arabic), both);
  ASSERT_EQ(latin.variants.size(), 1u);
  EXPECT_EQ(latin.variants[0], (WordVariants{"facebook", {"فيسبوك"}}));
  ASSERT_EQ(arabic.variants.size(), 1u);
  EXPECT_EQ(arabic.variants[0], (WordVariants{"فيسبوك", {"facebook"}}));
}

// تونس and تونسي (Tunisian) share a key (ت ن س), and corpus/ writes both in at least kSuggestFloor
// articles: only the filter keeps them apart (the articles write التونسي far more often than
// تونسي, and the stemmer strips the adjective's ending).
TEST_F(VariantsTest, CommonWordsAreNotExpanded) {
  ASSERT_EQ(schema::variant_key("تونس"), schema::variant_key("تونسي"));
  const Xapian::Database db(db_path());
  const std::vector<std::string> listed = schema::decode_word_list(
      db.get_metadata(schema::prefixed(schema::kVariantPrefix, schema::variant_key("تونس"))));
  ASSERT_TRUE(std::count(listed.begin(), listed.end(), "تونس")) << "the index lists both";
  ASSERT_TRUE(std::count(listed.begin(), listed.end(), "تونسي"));
  for (const char* word : {"تونس", "تونسي", "الانتخابات", "وزير", "قال"}) {
    EXPECT_TRUE(search(word).variants.empty()) << word;
  }
  for (const WordVariants& w : searcher_.variant_table()) EXPECT_NE(w.word, "تونس");
  // Phrases, exclusions and fields search words as typed.
  EXPECT_TRUE(search("\"الرئيس ترمب\"").variants.empty());
  EXPECT_TRUE(search("البيت -ترمب").variants.empty());
  EXPECT_EQ(ids(search("البيت -ترمب")), ids(search("البيت -ترمب", false)));
  EXPECT_TRUE(search("title:ترمب").variants.empty());
}

// طلبت and طالبت share a key, are one long vowel apart and behave as names do (the stemmer leaves
// them whole, no ال, no ending): only their neighbours tell them apart. Written among the same words
// (a database of the verbs alone, the demands rewritten with the askers' subjects), they would meet.
TEST_F(VariantsTest, VerbsOneLongVowelApartAreNotJoined) {
  ASSERT_EQ(schema::variant_key("طلبت"), schema::variant_key("طالبت"));
  const Xapian::Database db(db_path());
  const std::vector<std::string> listed = schema::decode_word_list(
      db.get_metadata(schema::prefixed(schema::kVariantPrefix, schema::variant_key("طلبت"))));
  ASSERT_TRUE(std::count(listed.begin(), listed.end(), "طلبت")) << "the index lists both";
  ASSERT_TRUE(std::count(listed.begin(), listed.end(), "طالبت"));
  EXPECT_TRUE(search("طلبت").variants.empty());
  EXPECT_TRUE(search("طالبت").variants.empty());
  EXPECT_EQ(ids(search("طلبت")), ids(search("طلبت", false)));
  for (const WordVariants& w : searcher_.variant_table()) EXPECT_TRUE(w.word != "طلبت" && w.word != "طالبت") << w.word;

  TempDir alike;
  write_verb_articles(alike.path() / "verbs", /*shared=*/true);
  Indexer indexer((alike.path() / "db").string(), IndexOptions{});
  IndexListener quiet;
  indexer.add_paths({alike.path() / "verbs"}, quiet);
  indexer.commit();
  SearchOptions options;
  options.limit = 0;
  options.variants = true;
  const SearchResults r = Searcher({(alike.path() / "db").string()}).search("طلبت", options);
  ASSERT_EQ(r.variants.size(), 1u);
  EXPECT_EQ(r.variants[0], (WordVariants{"طلبت", {"طالبت"}}));
}

TEST_F(VariantsTest, SynonymsWinWhereBothApply) {
  std::istringstream file("ترمب / Trump\n");
  SearchOptions options;
  options.limit = 1000;
  options.snippets = false;
  options.synonyms = std::make_shared<const Synonyms>(parse_synonyms(file, "test"), searcher_.analyzer());
  const SearchResults r = searcher_.search("ترمب", options);
  EXPECT_TRUE(r.variants.empty());
  EXPECT_EQ(ids(r), ids(search("ترمب", false)));  // no Trump in these articles: ترمب alone
}

// On by default; --no-variants turns them off, and --variants (the default) is still accepted.
TEST_F(VariantsTest, TextJsonAndTheOptionShowThem) {
  const test::RunResult text = test::run_search({"--db", db_path(), "--limit", "1", "ترمب"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Also searched: ترمب → ترامب\n"), std::string::npos) << text.out;
  const test::RunResult given = test::run_search({"--db", db_path(), "--variants", "--limit", "1", "ترمب"});
  EXPECT_EQ(given.exit_code, 0) << given.err;
  EXPECT_NE(given.out.find("Also searched: ترمب → ترامب\n"), std::string::npos) << given.out;
  const test::RunResult json = test::run_search({"--db", db_path(), "--json", "--limit", "1", "ترمب"});
  const nlohmann::json summary = nlohmann::json::parse(json.out.substr(json.out.rfind("{\"type\"")));
  EXPECT_EQ(summary["data"]["variants"], nlohmann::json::parse(R"([{"word":"ترمب","variants":["ترامب"]}])"));
  const test::RunResult off = test::run_search({"--db", db_path(), "--json", "--no-variants", "ترمب"});
  EXPECT_EQ(off.out.find("\"variants\""), std::string::npos) << off.out;
  const test::RunResult off_text = test::run_search({"--db", db_path(), "--no-variants", "ترمب"});
  EXPECT_EQ(off_text.exit_code, 0) << off_text.err;
  EXPECT_EQ(off_text.out.find("Also searched"), std::string::npos) << off_text.out;
  const test::RunResult both = test::run_search({"--db", db_path(), "--variants", "--no-variants", "ترمب"});
  EXPECT_EQ(both.exit_code, 2);
}

TEST_F(VariantsTest, ThePageSaysWhichSpellingsWereSearched) {
  const SearchResults results = search("ترمب");
  html::Page page;
  page.form.q = "ترمب";
  page.results = &results;
  const std::string html = html::render_page(page);
  EXPECT_NE(html.find("بحثنا أيضًا عن: <bdi>ترمب</bdi> ← <bdi>ترامب</bdi>"), std::string::npos) << html;
  const SearchResults as_typed = search("ترمب", false);
  page.results = &as_typed;
  EXPECT_EQ(html::render_page(page).find("بحثنا أيضًا"), std::string::npos);
}

// The variants index and the spellings table of a database: key -> words (schema.h, kVariantPrefix,
// kSpellingsPrefix, kSpellingsKey).
std::map<std::string, std::string> variants_index(const std::string& path) {
  const Xapian::Database db(path);
  std::map<std::string, std::string> out;
  for (const std::string_view prefix : {schema::kVariantPrefix, schema::kSpellingsPrefix, schema::kSpellingsKey}) {
    for (auto k = db.metadata_keys_begin(std::string(prefix)); k != db.metadata_keys_end(std::string(prefix)); ++k) {
      out[*k] = db.get_metadata(*k);
    }
  }
  return out;
}

// The indexer stores the spellings table at the end of a run; a searcher of a database without it
// (written before it, or during a run) finds the same spellings itself.
TEST_F(VariantsTest, TheStoredTableIsWhatTheSearcherWouldFind) {
  const Xapian::Database db(db_path());
  EXPECT_EQ(db.get_metadata(std::string(schema::kSpellingsKey)), "1");
  EXPECT_EQ(schema::decode_word_list(db.get_metadata(schema::prefixed(schema::kSpellingsPrefix, "ترمب"))),
            std::vector<std::string>{"ترامب"});
  TempDir copy;
  fs::copy(db_path(), copy.path() / "db", fs::copy_options::recursive);
  {
    Xapian::WritableDatabase without((copy.path() / "db").string(), Xapian::DB_OPEN);
    without.set_metadata(std::string(schema::kSpellingsKey), "");
    without.commit();
  }
  const Searcher computed({(copy.path() / "db").string()});
  const std::vector<WordVariants> table = searcher_.variant_table();
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(computed.variant_table(), table);
  SearchOptions options;
  options.limit = 0;
  options.variants = true;
  for (const char* q : {"ترمب", "ترامب", "لترمب", "طلبت", "فيسبوك", "ترمبب"}) {
    EXPECT_EQ(computed.search(q, options).variants, searcher_.search(q, options).variants) << q;
  }
}

std::string build(const fs::path& articles, const fs::path& db, std::uint32_t batch_size = 2000) {
  IndexOptions options;
  options.batch_size = batch_size;  // the index's changes are summed per commit: cross many of them
  Indexer indexer(db, options);
  IndexListener quiet;
  indexer.add_paths({articles}, quiet);
  indexer.commit();
  return db.string();
}

// Over 3 shards the table is computed over all of them and stored in shard 0: the same table, and the
// same spellings for a query, as one database of the same articles.
TEST_F(VariantsTest, ShardsStoreTheTableOfTheWholeDatabase) {
  TempDir dir;
  IndexOptions options;
  options.shards = 3;
  {
    Indexer indexer((dir.path() / "sh").string(), options);
    IndexListener quiet;
    indexer.add_paths({dir_->path() / "articles"}, quiet);
    indexer.commit();
  }
  EXPECT_EQ(Xapian::Database((dir.path() / "sh" / "shard-0").string()).get_metadata(std::string(schema::kSpellingsKey)), "1");
  const Searcher sharded({(dir.path() / "sh").string()});
  EXPECT_EQ(sharded.variant_table(), searcher_.variant_table());
  SearchOptions search;
  search.limit = 1000;
  search.snippets = false;
  const SearchResults r = sharded.search("ترمب", search);
  EXPECT_EQ(r.variants, search_variants("ترمب"));
  EXPECT_EQ(ids(r), ids(this->search("ترمب")));
}

// ترمب crosses the floor up and down across incremental runs of many commits; each time, the
// variants index, the pair terms (in the documents) and what a query expands to equal a fresh build's.
TEST(VariantsIncrementalTest, TableIsExactAfterIncrementalRuns) {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  fs::copy(test::corpus_dir() / "ant-v1.1", articles, fs::copy_options::recursive);
  write_test_articles(articles / "written", static_cast<int>(schema::kSuggestFloor) - 1);
  const std::string db = build(articles, dir.path() / "db");
  write_verb_articles(articles / "verbs");
  const auto expanded = [](const std::string& path, const std::string& word = "ترامب") {
    SearchOptions options;
    options.limit = 0;
    options.variants = true;
    return Searcher({path}).search(word, options).variants;
  };
  EXPECT_TRUE(expanded(db).empty()) << "ترمب is below the floor";
  int round = 0;
  for (const int trump_articles : {static_cast<int>(schema::kSuggestFloor), 6, 2}) {
    fs::remove_all(articles / "written");
    write_test_articles(articles / "written", trump_articles);
    if (round == 1) fs::remove(articles / "written" / "facebook1.txt");  // one pair fewer: below 2
    // The demands rewritten among the askers' words in the second round, and back in the third: the
    // neighbours change in articles that the incremental run replaces.
    fs::remove_all(articles / "verbs");
    write_verb_articles(articles / "verbs", /*shared=*/round == 1);
    build(articles, db, 5);
    const fs::path fresh = dir.path() / ("fresh" + std::to_string(round++));
    build(articles, fresh);
    EXPECT_EQ(variants_index(db), variants_index(fresh.string())) << trump_articles;
    EXPECT_EQ(test::fingerprint(Xapian::Database(db)), test::fingerprint(Xapian::Database(fresh.string())));
    EXPECT_EQ(expanded(db), expanded(fresh.string()));
    EXPECT_EQ(expanded(db).empty(), trump_articles < static_cast<int>(schema::kSuggestFloor)) << trump_articles;
    EXPECT_EQ(expanded(db, "طلبت"), expanded(fresh.string(), "طلبت")) << round;
    EXPECT_EQ(expanded(db, "طلبت").empty(), round != 2) << round;
  }
}

}  // namespace
}  // namespace fahras
