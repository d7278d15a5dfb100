// "Did you mean": suggestions over corpus/ for real misspellings, none for correct queries in any
// spelling, the user's syntax kept, and a spelling table that incremental runs keep exact.
#include <algorithm>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "fahras/indexer.h"
#include "fahras/reader.h"
#include "fahras/searcher.h"
#include "corpus_db.h"
#include "test_util.h"

namespace fahras {
namespace {

using test::TempDir;

class SuggestTest : public test::CorpusDbTest {
 protected:
  SearchResults search(const std::string& query, QuerySyntax syntax = QuerySyntax::kFull) const {
    SearchOptions options;
    options.suggest = true;
    options.syntax = syntax;
    options.snippets = false;
    return searcher_.search(query, options);
  }
};

// Correct queries, in the spellings people type (hamza forms, diacritics, tatweel, ه for ة, case,
// clitics), get no suggestion.
TEST_F(SuggestTest, CorrectQueriesGetNoSuggestion) {
  for (const char* query : {"الانتخابات", "الإنتخابات", "الانتِخابات", "الانتخابـات", "والانتخابات", "للانتخابات",
                            "الانتخابات البلدية", "الحكومة", "الحكومه", "الحكومة التونسية", "وزارة الشؤون الثقافية",
                            "\"وزارة الشؤون الثقافية\"", "تونس", "ترامب", "دونالد ترامب", "الرئيس الأمريكي",
                            "مهرجان قرطاج", "الزيتون", "كرة القدم", "Nvidia", "NVIDIA", "إنفيديا", "السبسي",
                            "فيسبوك", "فايسبوك", "title:الحكومة", "الانتخابات -تونس", "source:jawhara الحكومة"}) {
    SCOPED_TRACE(query);
    const SearchResults results = search(query);
    EXPECT_GT(results.estimated, 0u);
    EXPECT_EQ(results.suggestion, "");
  }
}

TEST_F(SuggestTest, MisspellingsGetTheCorrectWord) {
  static const struct {
    const char* query;
    const char* suggestion;
  } cases[] = {
      {"الانتخبات", "الانتخابات"},          // a letter missing
      {"الانتخابت", "الانتخابات"},          // another one
      {"الحكمومة", "الحكومة"},              // one too many; ة as the user wrote it
      {"الحكومت", "الحكومه"},               // ends in ت: the normalised form
      {"Nvidai", "nvidia"},                 // a Latin brand, letters transposed
      {"nvdia", "nvidia"},
      {"الإنتخبات", "الانتخابات"},          // hamza form and a missing letter: bare alef
      {"الانتِخبات", "الانتخابات"},         // diacritics are dropped
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_EQ(search(c.query).suggestion, c.suggestion);
  }
}

// Only misspelt words change; operators, quotes, fields, exclusions and correct words stay.
TEST_F(SuggestTest, SuggestionKeepsTheQuerySyntax) {
  static const struct {
    const char* query;
    const char* suggestion;
  } cases[] = {
      {"الانتخبات البلدية", "الانتخابات البلدية"},
      {"\"الانتخبات البلدية\" -تونس", "\"الانتخابات البلدية\" -تونس"},
      {"title:الانتخبات OR Nvidai", "title:الانتخابات OR nvidia"},
      {"(الانتخبات AND البلدية) NOT الحكمومة", "(الانتخابات AND البلدية) NOT الحكومة"},
      {"source:jawhara الانتخبات", "source:jawhara الانتخابات"},
      {"source:jawhra الانتخابات", ""},  // field values are not words to correct
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_EQ(search(c.query).suggestion, c.suggestion);
  }
  EXPECT_EQ(search("ما هي نتائج الانتخبات البلدية؟", QuerySyntax::kPlain).suggestion,
            "ما هي نتائج الانتخابات البلدية؟");
}

TEST_F(SuggestTest, NoSuggestionUnlessAsked) {
  SearchOptions options;
  options.snippets = false;
  EXPECT_EQ(searcher_.search("الانتخبات", options).suggestion, "");
}

TEST_F(SuggestTest, CommandLineShowsItInTextAndJsonSummary) {
  const test::RunResult text = test::run_search({"--db", db_path(), "--color", "never", "الانتخبات البلدية"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with("Did you mean: الانتخابات البلدية\n")) << text.out;

  const test::RunResult json = test::run_search({"--db", db_path(), "--json", "الانتخبات"});
  EXPECT_EQ(json.exit_code, 1) << json.err;
  const std::string last = json.out.substr(json.out.rfind("{\"type\""));
  const nlohmann::json summary = nlohmann::json::parse(last);
  EXPECT_EQ(summary["type"], "summary");
  EXPECT_EQ(summary["data"]["suggestion"], "الانتخابات");

  const test::RunResult right = test::run_search({"--db", db_path(), "--json", "الانتخابات"});
  EXPECT_NE(right.out.find("\"suggestion\":null"), std::string::npos) << right.out;
  const test::RunResult trec = test::run_search({"--db", db_path(), "--format", "trec", "الانتخبات البلدية"});
  EXPECT_EQ(trec.out.find("mean"), std::string::npos);
}

// --no-suggest (hidden, for bench/speed's "what do suggestions cost"): the JSON summary has no
// suggestion at all, not even for a misspelt word, and the results are the same.
TEST_F(SuggestTest, NoSuggestFlagDropsItFromJson) {
  const test::RunResult with = test::run_search({"--db", db_path(), "--json", "--no-collapse", "الانتخبات البلدية"});
  const test::RunResult without =
      test::run_search({"--db", db_path(), "--json", "--no-collapse", "--no-suggest", "الانتخبات البلدية"});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  ASSERT_EQ(without.exit_code, 0) << without.err;
  const auto summary = [](const std::string& out) { return nlohmann::json::parse(out.substr(out.rfind("{\"type\""))); };
  EXPECT_EQ(summary(with.out)["data"]["suggestion"], "الانتخابات البلدية");
  EXPECT_FALSE(summary(without.out)["data"].contains("suggestion")) << without.out;
  EXPECT_EQ(with.out.substr(0, with.out.rfind("{\"type\"")), without.out.substr(0, without.out.rfind("{\"type\"")));
}

// Every word of the spelling table with its frequency.
std::map<std::string, Xapian::doccount> spellings(const std::string& path) {
  const Xapian::Database db(path);
  std::map<std::string, Xapian::doccount> out;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) out[*it] = it.get_termfreq();
  return out;
}

// After files are changed, removed and added, the incremental database's spelling table is the one
// a fresh build of the same files has: frequencies count documents that still exist.
TEST(SuggestIncrementalTest, SpellingTableStaysExactAcrossRuns) {
  TempDir dir;
  const auto articles = dir / "articles";
  std::filesystem::copy(test::corpus_dir() / "ant-v1.1", articles, std::filesystem::copy_options::recursive);
  const std::string db = (dir / "db").string();
  IndexListener quiet;
  {
    Indexer indexer(db, IndexOptions{});
    indexer.add_paths({articles}, quiet);
    indexer.commit();
  }
  const auto before = spellings(db);
  ASSERT_GT(before.size(), 5000u);
  ASSERT_GT(before.at("الانتخابات"), 5u);

  // Remove a folder, rewrite a file with other words, add a new file.
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(articles)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 100u);
  std::filesystem::remove(files[3]);
  std::filesystem::remove(files[40]);
  const std::string changed = test::slurp(files[10]);
  test::write_file(files[10], changed.substr(0, changed.find("<TEXT>")) +
                                  "<TEXT>\nكلمةجديدةتماما في نص جديد عن المهرجان\n</TEXT>\n</DOC>\n");
  test::write_file(articles / "new.txt", "عنوان جديد\nنص عن كلمةجديدةتماما والانتخابات البلدية\n");
  {
    IndexOptions many_commits;  // the table's changes are summed per commit: cross many of them
    many_commits.batch_size = 5;
    Indexer indexer(db, many_commits);
    indexer.add_paths({articles}, quiet);
    indexer.commit();
    ASSERT_EQ(indexer.summary().files_removed, 2u);
  }
  const auto after = spellings(db);
  EXPECT_NE(after, before);
  EXPECT_EQ(after.at("كلمهجديدهتماما"), 2u);  // normalised: ة -> ه

  const std::string fresh = (dir / "fresh").string();
  {
    Indexer indexer(fresh, IndexOptions{});
    indexer.add_paths({articles}, quiet);
    indexer.commit();
  }
  EXPECT_EQ(after, spellings(fresh));
}

// Indexer::add_article commits only at commit() or a full batch, and then with the spelling words of
// what it commits: Xapian, left alone, would commit at its flush threshold (here 100 documents, from
// --memory 1) without the words the indexer sums until its own commit (SpellingChanges).
TEST(SuggestIncrementalTest, AddArticleCommitsOnlyWithItsSpellingWords) {
  TempDir dir;
  std::vector<Article> articles;
  for (const auto& e : std::filesystem::recursive_directory_iterator(test::corpus_dir() / "ant-v1.1")) {
    if (!e.is_regular_file()) continue;
    for (Article& a : read_file(e.path()).articles) articles.push_back(std::move(a));
  }
  ASSERT_GT(articles.size(), 150u);
  const std::string db = (dir / "db").string();
  IndexOptions options;
  options.memory_mb = 1;
  options.batch_size = 100000;
  {
    Indexer indexer(db, options);
    for (std::size_t i = 0; i < 150; ++i) indexer.add_article(articles[i]);
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 0u);  // nothing committed yet
    indexer.commit();
  }
  const auto table = spellings(db);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 150u);
  EXPECT_GT(table.at("الانتخابات"), 0u);
  const std::string fresh = (dir / "fresh").string();
  {
    Indexer indexer(fresh, IndexOptions{});
    for (std::size_t i = 0; i < 150; ++i) indexer.add_article(articles[i]);
    indexer.commit();
  }
  EXPECT_EQ(table, spellings(fresh));
}

// --no-spelling makes a database without the table (and so without suggestions); later runs follow
// the database, and one with a table refuses --no-spelling, which would leave the table out of date.
TEST(SuggestIncrementalTest, NoSpellingDatabaseKeepsItsSettingAcrossRuns) {
  TempDir dir;
  const auto articles = dir / "articles";
  std::filesystem::copy(test::corpus_dir() / "ant-v1.1", articles, std::filesystem::copy_options::recursive);
  const std::string db = (dir / "db").string();
  IndexListener quiet;
  IndexOptions without;
  without.spelling = false;
  {
    Indexer indexer(db, without);
    indexer.add_paths({articles}, quiet);
    indexer.commit();
    ASSERT_GT(indexer.summary().articles, 100u);
  }
  EXPECT_TRUE(spellings(db).empty());
  SearchOptions suggest;
  suggest.suggest = true;
  EXPECT_GT(Searcher({db}).search("الانتخابات", suggest).estimated, 0u);
  EXPECT_EQ(Searcher({db}).search("الانتخبات", suggest).suggestion, "");

  // A later run with the default options adds articles, and still no table.
  test::write_file(articles / "new.txt", "عنوان جديد\nنص عن كلمةجديدةتماما والانتخابات البلدية\n");
  {
    Indexer indexer(db, IndexOptions{});
    indexer.add_paths({articles}, quiet);
    indexer.commit();
    EXPECT_EQ(indexer.summary().files_added, 1u);
  }
  EXPECT_TRUE(spellings(db).empty());

  // A database with a table: --no-spelling is refused, with one line naming it.
  const std::string with = (dir / "with").string();
  ASSERT_EQ(test::run_index({"--db", with, articles.string()}).exit_code, 0);
  ASSERT_FALSE(spellings(with).empty());
  const test::RunResult refused = test::run_index({"--db", with, "--no-spelling", articles.string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find(with), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--no-spelling needs --rebuild"), std::string::npos) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  // --rebuild drops it.
  EXPECT_EQ(test::run_index({"--db", with, "--no-spelling", "--rebuild", articles.string()}).exit_code, 0);
  EXPECT_TRUE(spellings(with).empty());
}

}  // namespace
}  // namespace fahras
