// Names and loanwords the stemmer has never seen (none of them is on the protected list derived from
// ANT, and ANT, from 2018, hardly writes them), in short articles written for these tests: every form
// of a name, bare or after ل و ب ال, reaches the same articles; words the list knows (وزير, فرنسا)
// and ordinary proclitics (بمصر) behave as before; phrases and highlights hold under either reading;
// and an incremental run equals a fresh build.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "compare.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

struct Story {
  const char* id;
  const char* title;
  const char* body;
};

// The words a hit's snippet and title mark.
std::set<std::string> marked(const Hit& hit) {
  std::set<std::string> out;
  for (const auto& h : hit.snippet.highlights) out.insert(hit.snippet.text.substr(h.start, h.end - h.start));
  for (const auto& h : hit.title.highlights) out.insert(hit.title.text.substr(h.start, h.end - h.start));
  return out;
}

// Every name in several forms, each form in an article of its own, and articles about Egypt,
// France and a minister for the words that must not change.
const Story kStories[] = {
    {"biden-bare", "بايدن يزور كييف", "قال الرئيس الأمريكي جو بايدن إن بلاده ستواصل دعم أوكرانيا."},
    {"biden-li", "رسالة من الكونغرس", "وجه أعضاء في الكونغرس رسالة لبايدن يطالبونه فيها بخطة للحدود."},
    {"biden-wa", "قمة في واشنطن", "اجتمع المستشار الألماني وبايدن في البيت الأبيض لبحث الحرب."},
    {"biden-bi", "اتصال هاتفي", "اتصل الرئيس الفرنسي ببايدن هاتفيا وبحثا الوضع في غزة."},
    {"biden-al", "الحقبة البايدنية", "يرى محللون أن السياسة البايدنية تختلف عن سابقتها في ملف المناخ."},
    {"benzema-bare", "بنزيما يسجل هدفين", "سجل كريم بنزيما هدفين في المباراة وقاد فريقه إلى الفوز."},
    {"benzema-li", "عرض جديد", "قدم النادي عرضا لبنزيما للانتقال في الصيف المقبل."},
    {"benzema-wa", "تشكيلة المنتخب", "ضمت القائمة فينيسيوس وبنزيما ومودريتش في خط الهجوم."},
    {"benzema-bi", "إشادة المدرب", "أشاد المدرب ببنزيما بعد أدائه اللافت في النهائي."},
    {"volodymyr-bare", "خطاب في البرلمان", "ألقى الرئيس فولوديمير زيلينسكي خطابا أمام البرلمان الأوروبي."},
    {"volodymyr-li", "دعوة للسلام", "وجه البابا دعوة لفولوديمير زيلينسكي لزيارة الفاتيكان."},
    {"covid-bare", "كوفيد-19 يعود", "عادت حالات كوفيد-19 إلى الارتفاع في عدة دول هذا الشتاء."},
    {"covid-li", "لقاح جديد", "أقرت الهيئة لقاحا جديدا مضادا لكوفيد-19 للفئات الأكثر عرضة."},
    {"bitcoin-bare", "بيتكوين يرتفع", "ارتفع سعر بيتكوين إلى مستوى قياسي في تعاملات الأمس."},
    {"bitcoin-bi", "صناديق جديدة", "سمحت الهيئة بصناديق مرتبطة ببيتكوين للمرة الأولى."},
    // Names that lose a suffix as well (ان, ون): their forms must still meet.
    {"varane-bare", "فاران يغيب عن المباراة", "أعلن النادي أن المدافع رافائيل فاران سيغيب أسبوعين بسبب الإصابة."},
    {"varane-li", "تجديد العقد", "قدم النادي عرضا لفاران لتمديد عقده ثلاث سنوات."},
    {"varane-wa", "خط الدفاع", "يعتمد المدرب على ماغواير وفاران في قلب الدفاع."},
    {"varane-bi", "ثقة المدرب", "أشاد المدرب بفاران بعد المباراة الأخيرة."},
    {"iphone-bare", "آيفون جديد", "كشفت الشركة عن هاتف آيفون بكاميرا محسنة وبطارية أكبر."},
    {"iphone-li", "تحديث أمني", "أصدرت الشركة تحديثا أمنيا لآيفون يسد ثغرة خطيرة."},
    {"iphone-al", "مبيعات الهواتف", "تراجعت مبيعات الآيفون في الربع الأخير من العام."},
    {"phelps-bare", "فيلبس يعود", "عاد السباح مايكل فيلبس إلى المسبح في سباق خيري."},
    {"phelps-wa", "أساطير السباحة", "كرم الاتحاد أساطير اللعبة ومنهم سبيتز وفيلبس."},
    {"egypt-bi", "الاستثمار بمصر", "ارتفعت الاستثمارات الأجنبية بمصر خلال العام الماضي."},
    {"egypt-bare", "مصر والسودان", "بحثت مصر والسودان ملف سد النهضة في القاهرة."},
    {"egypt-li", "زيارة لمصر", "وصل وفد تجاري لمصر لبحث فرص التعاون في الطاقة."},
    // Words that lose ان or ون and are no dual or plural (a name, a word of their own), beside
    // the words their stems are (عدن, ماكر), and plurals and duals written in the oblique case.
    {"adnan-bare", "محاضرة في فيينا", "ألقى المفكر عدنان إبراهيم محاضرة عن الفلسفة في فيينا."},
    {"adnan-li", "حفل التخرج", "وجهت الجامعة دعوة لعدنان إبراهيم لإلقاء كلمة في حفل التخرج."},
    {"aden", "ميناء عدن", "استقبل ميناء عدن سفينة محملة بالقمح والوقود."},
    {"macron-bare", "ماكرون يزور الجزائر", "وصل الرئيس الفرنسي إيمانويل ماكرون إلى الجزائر في زيارة رسمية."},
    {"macron-li", "رسالة إلى الإليزيه", "وجه رئيس الوزراء رسالة لماكرون بشأن إصلاح نظام التقاعد."},
    {"macron-wa", "لقاء في برلين", "التقى المستشار الألماني وماكرون في برلين لبحث الميزانية الأوروبية."},
    {"fox", "حكاية للأطفال", "تروي الحكاية قصة ثعلب ماكر خدع الغراب وأخذ منه قطعة الجبن."},
    {"sullivan-bare", "مستشار الأمن القومي", "التقى مستشار الأمن القومي جيك سوليفان ولي العهد في الرياض."},
    {"sullivan-bi", "اتصال بشأن الهدنة", "اتصل رئيس الحكومة بسوليفان لبحث الهدنة وتبادل الأسرى."},
    {"players", "تدريبات المنتخب", "اجتمع المدرب مع اللاعبين قبل المباراة النهائية."},
    {"parties", "اتفاق وقف النار", "وقعت الحكومة والمعارضة اتفاقا يلزم الطرفين بوقف إطلاق النار."},
    // Words that lose ين and are no dual or plural (a country, a number), beside the words their
    // stems are (بحر, عشر), and a plural written in both cases.
    {"bahrain-bare", "قمة في المنامة", "استضافت البحرين اجتماعا لوزراء الخارجية العرب."},
    {"bahrain-li", "وفد تجاري", "وصل وفد تجاري للبحرين لدراسة الاستثمار في الموانئ."},
    {"bahrain-wa", "ربط كهربائي", "وقعت السعودية والبحرين اتفاقا للربط الكهربائي."},
    {"sea", "غرق قارب", "غرق قارب صيد في البحر قبالة السواحل الشمالية."},
    {"twenty", "عودة إلى المسرح", "بعد عشرين عاما من الغياب عاد الفنان إلى المسرح."},
    {"ten", "الإفراج عن معتقل", "قضى الصحفي عشر سنوات في السجن قبل الإفراج عنه."},
    {"muslims-oblique", "مؤتمر الحوار", "اجتمع ممثلو المسلمين والمسيحيين في مؤتمر الحوار."},
    {"muslims-direct", "عيد الفطر", "يحتفل المسلمون بعيد الفطر بعد شهر الصيام."},
    {"france", "فرنسا تستضيف القمة", "تستضيف فرنسا قمة المناخ المقبلة في باريس."},
    {"minister", "وزير الخارجية", "قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل."},
};

std::string jsonl(const std::vector<Story>& stories) {
  std::string out;
  for (const Story& s : stories) {
    out += std::string("{\"id\":\"") + s.id + "\",\"title\":\"" + s.title + "\",\"body\":\"" + s.body + "\"}\n";
  }
  return out;
}

void index(const fs::path& db, const std::vector<fs::path>& paths) {
  Indexer indexer(db, IndexOptions{});
  IndexListener quiet;
  indexer.add_paths(paths, quiet);
  indexer.commit();
}

class NamesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    test::write_file(*dir_ / "tree/news.jsonl", jsonl({std::begin(kStories), std::end(kStories)}));
    index(*dir_ / "db", {*dir_ / "tree"});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // Every match of `query` (up to 100), in order.
  static SearchResults search(const std::string& query) {
    SearchOptions options;
    options.limit = 100;
    return Searcher({(*dir_ / "db").string()}).search(query, options);
  }

  static std::set<std::string> ids(const std::string& query) {
    std::set<std::string> out;
    for (const Hit& hit : search(query).hits) out.insert(hit.id);
    return out;
  }

  static TempDir* dir_;
};

TempDir* NamesTest::dir_ = nullptr;

TEST_F(NamesTest, EveryFormOfANameFindsTheSameArticles) {
  struct Case {
    std::vector<const char*> forms;
    std::set<std::string> articles;  // those that write the name, in any form
  };
  const Case cases[] = {
      {{"بايدن", "لبايدن", "وبايدن", "ببايدن", "البايدن", "فبايدن"},
       {"biden-bare", "biden-li", "biden-wa", "biden-bi", "biden-al"}},
      {{"بنزيما", "لبنزيما", "وبنزيما", "ببنزيما", "البنزيما"},
       {"benzema-bare", "benzema-li", "benzema-wa", "benzema-bi"}},
      {{"فولوديمير", "لفولوديمير", "وفولوديمير"}, {"volodymyr-bare", "volodymyr-li"}},
      {{"كوفيد", "لكوفيد", "وكوفيد", "الكوفيد"}, {"covid-bare", "covid-li"}},
      {{"بيتكوين", "ببيتكوين", "لبيتكوين", "وبيتكوين"}, {"bitcoin-bare", "bitcoin-bi"}},
      {{"فاران", "لفاران", "وفاران", "بفاران", "الفاران"}, {"varane-bare", "varane-li", "varane-wa", "varane-bi"}},
      {{"آيفون", "ايفون", "لآيفون", "وآيفون", "بآيفون", "الآيفون"}, {"iphone-bare", "iphone-li", "iphone-al"}},
      {{"فيلبس", "لفيلبس", "وفيلبس", "بفيلبس"}, {"phelps-bare", "phelps-wa"}},
  };
  for (const Case& c : cases) {
    for (const char* form : c.forms) EXPECT_EQ(ids(form), c.articles) << form;
  }
}

// A word that loses ان or ون is searched as the word it is unless the index writes it as a dual or
// plural (with ين, query.cpp): every form of عدنان, ماكرون and سوليفان (a name these articles write
// in no oblique form, as ANT writes none of سلمين, عدنين, ماكرين) finds the articles that write
// it, not those about the port of عدن or a cunning (ماكر) fox; اللاعبون and الطرفان still find the
// articles that write اللاعبين and الطرفين. (The stem typed alone, عدن or ماكر, still finds the
// names too: the index keeps the stem of every word, for the duals and plurals.)
TEST_F(NamesTest, AWordEndingInAnOrUnIsAWordOfItsOwnUnlessTheIndexWritesItsOblique) {
  const std::set<std::string> adnan{"adnan-bare", "adnan-li"};
  EXPECT_EQ(ids("عدنان"), adnan);
  EXPECT_EQ(ids("لعدنان"), adnan);
  EXPECT_EQ(ids("عدنان إبراهيم"), adnan);
  EXPECT_EQ(ids("\"عدنان إبراهيم\""), adnan);
  const std::set<std::string> macron{"macron-bare", "macron-li", "macron-wa"};
  for (const char* form : {"ماكرون", "لماكرون", "وماكرون", "الماكرون"}) EXPECT_EQ(ids(form), macron) << form;
  const std::set<std::string> sullivan{"sullivan-bare", "sullivan-bi"};
  for (const char* form : {"سوليفان", "بسوليفان", "لسوليفان"}) EXPECT_EQ(ids(form), sullivan) << form;
  EXPECT_EQ(ids("اللاعبون"), (std::set<std::string>{"players"}));
  EXPECT_EQ(ids("لاعبون"), (std::set<std::string>{"players"}));
  EXPECT_EQ(ids("الطرفان"), (std::set<std::string>{"parties"}));
}

// Likewise a word that loses ين, the oblique case, which ends names and numbers too (البحرين,
// عشرين): it is searched as the word it is unless the index writes it as a dual or plural, with ان
// or ون (query.cpp). Every form of البحرين finds the articles about Bahrain and not the one about
// the sea (البحر); عشرين (twenty) not عشر (ten); المسلمين, which these articles write in both
// cases, still finds المسلمون, and المسلمون المسلمين.
TEST_F(NamesTest, AWordEndingInYnIsAWordOfItsOwnUnlessTheIndexWritesItsDirectCase) {
  const std::set<std::string> bahrain{"bahrain-bare", "bahrain-li", "bahrain-wa"};
  for (const char* form : {"البحرين", "للبحرين", "والبحرين", "بالبحرين"}) EXPECT_EQ(ids(form), bahrain) << form;
  EXPECT_EQ(ids("البحرين والسعودية"), bahrain);
  EXPECT_TRUE(ids("البحر").contains("sea"));
  EXPECT_EQ(ids("عشرين"), (std::set<std::string>{"twenty"}));
  EXPECT_EQ(ids("عشر"), (std::set<std::string>{"twenty", "ten"}));  // the stem of both, as before
  const std::set<std::string> muslims{"muslims-oblique", "muslims-direct"};
  EXPECT_EQ(ids("المسلمين"), muslims);
  EXPECT_EQ(ids("المسلمون"), muslims);
  EXPECT_EQ(ids("الطرفين"), (std::set<std::string>{"parties"}));
}

// The name's snippet marks it in whatever form the article writes it, and the re-rank and the
// phrase see the word searched (ماكرون, not ماكر).
TEST_F(NamesTest, HighlightsMarkANameThatKeptItsEnding) {
  const SearchResults results = search("ماكرون");
  ASSERT_EQ(results.hits.size(), 3u);
  for (const Hit& hit : results.hits) {
    const std::string form = hit.id == "macron-bare" ? "ماكرون" : hit.id == "macron-li" ? "لماكرون" : "وماكرون";
    EXPECT_EQ(marked(hit), std::set<std::string>{form}) << hit.id;
  }
  EXPECT_EQ(ids("\"إيمانويل ماكرون\""), (std::set<std::string>{"macron-bare"}));
  EXPECT_EQ(ids("\"رسالة لماكرون\""), (std::set<std::string>{"macron-li"}));
}

// A database written by analyser version 3 holds no readings with the ending kept, and one of
// version 4 none with ين kept: each is searched as before (in 3 ماكرون is ماكر, the fox included;
// in both البحرين is بحر, the sea included), and the indexer asks for a rebuild.
TEST_F(NamesTest, DatabasesOfEarlierAnalysersAreSearchedAsBefore) {
  for (const std::string release : {"fahras-analyzer/3", "fahras-analyzer/4"}) {
    SCOPED_TRACE(release);
    TempDir dir;
    test::write_file(dir / "tree/news.jsonl", jsonl({std::begin(kStories), std::end(kStories)}));
    index(dir / "db", {dir / "tree"});
    const std::string key(schema::kAnalyzerKey);
    {
      Xapian::WritableDatabase db((dir / "db").string());
      std::string version = db.get_metadata(key);
      ASSERT_TRUE(version.starts_with("fahras-analyzer/5 ")) << version;
      version.replace(0, release.size(), release);
      db.set_metadata(key, version);
      db.commit();
    }
    const Searcher searcher({(dir / "db").string()});
    SearchOptions options;
    options.limit = 100;
    const auto found = [&](const char* query) {
      std::set<std::string> out;
      for (const Hit& hit : searcher.search(query, options).hits) out.insert(hit.id);
      return out;
    };
    std::set<std::string> macron{"macron-bare", "macron-li", "macron-wa"};
    if (release.ends_with("3")) macron.insert("fox");
    EXPECT_EQ(found("ماكرون"), macron);
    EXPECT_EQ(found("البحرين"), (std::set<std::string>{"bahrain-bare", "bahrain-li", "bahrain-wa", "sea"}));
    try {
      index(dir / "db", {dir / "tree"});
      ADD_FAILURE() << "indexed into a database of analyser " << release;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), Error::Kind::kDatabase);
      EXPECT_NE(std::string(e.what()).find("--rebuild"), std::string::npos) << e.what();
    }
  }
}

// An ordinary proclitic is still cut: بمصر finds what مصر finds (the articles that write مصر, بمصر
// or لمصر), and words on the protected list keep their first letter.
TEST_F(NamesTest, OrdinaryWordsBehaveAsBefore) {
  const std::set<std::string> egypt{"egypt-bi", "egypt-bare", "egypt-li"};
  EXPECT_EQ(ids("مصر"), egypt);
  EXPECT_EQ(ids("بمصر"), egypt);
  EXPECT_EQ(ids("لمصر"), egypt);
  EXPECT_EQ(ids("فرنسا"), (std::set<std::string>{"france"}));
  EXPECT_EQ(ids("لفرنسا"), (std::set<std::string>{"france"}));
  EXPECT_EQ(ids("وزير"), (std::set<std::string>{"minister"}));
  // Their query is their one term, as before the readings: no reading of a protected word.
  const Searcher searcher({(*dir_ / "db").string()});
  for (const char* word : {"فرنسا", "وزير", "بيروت"}) {
    const std::string parsed = searcher.search(word, {}).parsed;
    const Analyzer analyzer;
    EXPECT_EQ(analyzer.analyze(word).front().readings, std::vector<std::string>{}) << word;
    EXPECT_NE(parsed.find(analyzer.term(word)), std::string::npos) << parsed;
  }
}

// Both readings sit at one position, so a phrase holds under either: "جو بايدن" is bare بايدن,
// "رسالة لبايدن" the ل reading.
TEST_F(NamesTest, PhrasesHoldUnderEitherReading) {
  EXPECT_EQ(ids("\"جو بايدن\""), (std::set<std::string>{"biden-bare"}));
  EXPECT_EQ(ids("\"رسالة لبايدن\""), (std::set<std::string>{"biden-li"}));
  EXPECT_EQ(ids("\"كريم بنزيما\""), (std::set<std::string>{"benzema-bare"}));
  EXPECT_EQ(ids("\"الرئيس فولوديمير زيلينسكي\""), (std::set<std::string>{"volodymyr-bare"}));
  EXPECT_EQ(ids("بايدن NEAR/2 رسالة"), (std::set<std::string>{"biden-li"}));
}

// A snippet marks the name in whatever form the article writes it.
TEST_F(NamesTest, HighlightsMarkEveryForm) {
  const SearchResults results = search("بايدن");
  ASSERT_EQ(results.hits.size(), 5u);
  for (const Hit& hit : results.hits) {
    std::set<std::string> expected;
    for (const char* form : {"بايدن", "لبايدن", "وبايدن", "ببايدن", "البايدنية"}) {
      if (hit.snippet.text.find(form) != std::string::npos || hit.title.text.find(form) != std::string::npos) {
        expected.insert(form);
      }
    }
    // "بايدن" is also inside "لبايدن": keep only the whole words the text holds.
    if (expected.size() > 1) expected.erase("بايدن");
    if (expected.contains("البايدنية")) expected = {"البايدنية"};
    EXPECT_EQ(marked(hit), expected) << hit.id;
  }
}

// An article's terms depend on the article alone, so indexing the stories in two runs gives the
// database a fresh build of all of them gives, term for term and position for position.
TEST_F(NamesTest, IncrementalRunEqualsFreshBuild) {
  TempDir dir;
  const std::vector<Story> all(std::begin(kStories), std::end(kStories));
  const std::vector<Story> first(all.begin(), all.begin() + 8), second(all.begin() + 8, all.end());
  test::write_file(dir / "tree/a.jsonl", jsonl(first));
  index(dir / "db", {dir / "tree"});
  test::write_file(dir / "tree/b.jsonl", jsonl(second));
  index(dir / "db", {dir / "tree"});
  test::write_file(dir / "fresh/a.jsonl", jsonl(first));
  test::write_file(dir / "fresh/b.jsonl", jsonl(second));
  index(dir / "fresh-db", {dir / "fresh"});
  const test::Fingerprint incremental =
      test::fingerprint(Xapian::Database((dir / "db").string()), {{fs::canonical(dir / "tree").string(), "<tree>"}});
  const test::Fingerprint fresh =
      test::fingerprint(Xapian::Database((dir / "fresh-db").string()), {{fs::canonical(dir / "fresh").string(), "<tree>"}});
  ASSERT_EQ(incremental.size(), all.size());
  EXPECT_EQ(incremental, fresh);
}

}  // namespace
}  // namespace fahras
