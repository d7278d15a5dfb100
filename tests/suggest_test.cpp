// "Did you mean": suggestions over corpus/ for real misspellings, none for correct queries in any
// spelling, the user's syntax kept, and a suggestion index that incremental runs keep exact, the
// same over shards.
#include <algorithm>
#include <array>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "fahras/indexer.h"
#include "fahras/reader.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "corpus_db.h"
#include "test_util.h"

namespace fahras {
namespace {

using test::TempDir;

// The articles of corpus/ant-v1.1, in the order the directory lists them.
std::vector<Article> ant_v11_articles() {
  std::vector<Article> articles;
  for (const auto& e : std::filesystem::recursive_directory_iterator(test::corpus_dir() / "ant-v1.1")) {
    if (!e.is_regular_file()) continue;
    for (Article& a : read_file(e.path()).articles) articles.push_back(std::move(a));
  }
  return articles;
}

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
      {"title:الانتخبات OR الحكمومة", "title:الانتخابات OR الحكومة"},
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

// The suggestion index of a database (schema.h): key -> the words listed under it.
std::map<std::string, std::string> suggestion_index(const std::string& path) {
  const Xapian::Database db(path);
  const std::string prefix(schema::kSuggestPrefix);
  std::map<std::string, std::string> out;
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    out[(*k).substr(prefix.size())] = db.get_metadata(*k);
  }
  return out;
}

// Whether `word` is listed under each of its keys, as the index lists a word that at least
// kSuggestFloor articles write (and under none, as it lists one that fewer write).
bool listed(const std::map<std::string, std::string>& index, const std::string& word) {
  const std::vector<std::string> keys = schema::suggestion_keys(word);
  std::size_t found = 0;
  for (const std::string& key : keys) {
    const auto it = index.find(key);
    if (it == index.end()) continue;
    const std::vector<std::string> words = schema::decode_word_list(it->second);
    found += std::count(words.begin(), words.end(), word);
  }
  EXPECT_TRUE(found == 0 || found == keys.size()) << word << " listed under " << found << " of its keys";
  return found == keys.size();
}

Xapian::doccount articles_writing(const std::string& path, const std::string& word) {
  return Xapian::Database(path).get_termfreq(schema::prefixed(schema::kExactPrefix, word));
}

std::string build_fresh(const std::filesystem::path& articles, const std::string& db, IndexOptions options = {}) {
  IndexListener quiet;
  Indexer indexer(db, options);
  indexer.add_paths({articles}, quiet);
  indexer.commit();
  return db;
}

// After files are changed, removed and added, the incremental database's suggestion index is the
// one a fresh build of the same files has: words are added when enough articles come to write them
// and removed when too few still do, across many commits.
TEST(SuggestIncrementalTest, SuggestionIndexStaysExactAcrossRuns) {
  TempDir dir;
  const auto articles = dir / "articles";
  std::filesystem::copy(test::corpus_dir() / "ant-v1.1", articles, std::filesystem::copy_options::recursive);
  const std::string db = build_fresh(articles, (dir / "db").string());
  const auto before = suggestion_index(db);
  ASSERT_GT(before.size(), 5000u);
  ASSERT_TRUE(listed(before, "الانتخابات"));
  const std::string word = "كلمهجديدهتماما";  // the normalised form of كلمةجديدةتماما: ة -> ه
  ASSERT_FALSE(listed(before, word));

  // Remove two files, rewrite one with other words, and add files that write a new word, so that
  // exactly kSuggestFloor articles write it.
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
  for (std::uint32_t i = 1; i < schema::kSuggestFloor; ++i) {
    test::write_file(articles / ("new" + std::to_string(i) + ".txt"),
                     "عنوان جديد\nنص عن كلمةجديدةتماما والانتخابات البلدية\n");
  }
  IndexOptions many_commits;  // the index's changes are summed per commit: cross many of them
  many_commits.batch_size = 5;
  {
    IndexListener quiet;
    Indexer indexer(db, many_commits);
    indexer.add_paths({articles}, quiet);
    indexer.commit();
    ASSERT_EQ(indexer.summary().files_removed, 2u);
  }
  const auto after = suggestion_index(db);
  EXPECT_NE(after, before);
  EXPECT_EQ(articles_writing(db, word), schema::kSuggestFloor);
  EXPECT_TRUE(listed(after, word));
  EXPECT_EQ(after, suggestion_index(build_fresh(articles, (dir / "fresh").string())));

  // One article fewer writes it: out of the index again.
  std::filesystem::remove(articles / "new1.txt");
  {
    IndexListener quiet;
    Indexer indexer(db, many_commits);
    indexer.add_paths({articles}, quiet);
    indexer.commit();
  }
  const auto fewer = suggestion_index(db);
  EXPECT_EQ(articles_writing(db, word), schema::kSuggestFloor - 1);
  EXPECT_FALSE(listed(fewer, word));
  EXPECT_EQ(fewer, suggestion_index(build_fresh(articles, (dir / "fresh2").string())));
}

// Latin words too: a brand that 5 articles write (corpus/ writes nvidia in one article only, below
// schema::kSuggestFloor), letters transposed or missing.
TEST(SuggestIncrementalTest, LatinWordsAreCorrectedToo) {
  TempDir dir;
  const auto articles = dir / "articles";
  std::filesystem::copy(test::corpus_dir() / "ant-v1.1", articles, std::filesystem::copy_options::recursive);
  for (std::uint32_t i = 0; i < schema::kSuggestFloor; ++i) {
    test::write_file(articles / ("nvidia" + std::to_string(i) + ".txt"),
                     "إنفيديا تطلق معالجا جديدا\nأعلنت شركة Nvidia الأمريكية عن معالج رسومي جديد\n");
  }
  const std::string db = build_fresh(articles, (dir / "db").string());
  SearchOptions suggest;
  suggest.suggest = true;
  const Searcher searcher({db});
  for (const char* typo : {"Nvidai", "nvdia", "NVIDA"}) {
    SCOPED_TRACE(typo);
    EXPECT_EQ(searcher.search(typo, suggest).suggestion, "nvidia");
  }
  EXPECT_EQ(searcher.search("Nvidia", suggest).suggestion, "");
}

// A database of schema 3 (Xapian's spelling table, no suggestion index) still searches, without
// suggestions: re-indexing with --rebuild brings them.
TEST(SuggestIncrementalTest, OlderSchemaSearchesWithoutSuggestions) {
  TempDir dir;
  const std::string db = build_fresh(test::corpus_dir() / "ant-v1.1", (dir / "db").string());
  SearchOptions suggest;
  suggest.suggest = true;
  ASSERT_EQ(Searcher({db}).search("الانتخبات", suggest).suggestion, "الانتخابات");
  Xapian::WritableDatabase(db, Xapian::DB_OPEN).set_metadata(std::string(schema::kSchemaKey), "3");
  const SearchResults results = Searcher({db}).search("الانتخبات البلدية", suggest);
  EXPECT_GT(results.estimated, 0u);
  EXPECT_EQ(results.suggestion, "");
}

// Over shards: each shard lists the words above its own floor (schema::suggest_floor), so that every
// word one database lists is listed by some shard under the same key, and the searcher, reading the
// keys of every shard, suggests what it suggests over one database. Incremental runs keep each
// shard's index equal to a fresh sharded build's.
TEST(SuggestShardsTest, TwoShardsSuggestAsOneDatabaseAndStayExact) {
  TempDir dir;
  const auto articles = dir / "articles";
  std::filesystem::copy(test::corpus_dir() / "ant-v1.1", articles, std::filesystem::copy_options::recursive);
  IndexOptions two;
  two.shards = 2;
  const std::string one = build_fresh(articles, (dir / "one").string());
  const std::string sharded = build_fresh(articles, (dir / "sharded").string(), two);
  const auto shard = [&](const std::string& db, int i) { return db + "/shard-" + std::to_string(i); };

  const auto whole = suggestion_index(one);
  const auto parts = std::array{suggestion_index(shard(sharded, 0)), suggestion_index(shard(sharded, 1))};
  std::size_t words = 0;
  for (const auto& [key, value] : whole) {
    for (const std::string& word : schema::decode_word_list(value)) {
      ++words;
      bool found = false;
      for (const auto& part : parts) {
        const auto it = part.find(key);
        if (it == part.end()) continue;
        const std::vector<std::string> listed_there = schema::decode_word_list(it->second);
        found = found || std::count(listed_there.begin(), listed_there.end(), word) > 0;
      }
      EXPECT_TRUE(found) << word << " under " << key;
    }
  }
  ASSERT_GT(words, 4000u);

  SearchOptions options;
  options.suggest = true;
  options.snippets = false;
  const Searcher searcher_one({one});
  const Searcher searcher_sharded({sharded});
  const Searcher searcher_shards({shard(sharded, 0), shard(sharded, 1)});
  std::size_t suggested = 0;
  for (const char* query : {"الانتخبات", "الانتخابت", "الحكمومة", "الحكومت", "Nvidai", "nvdia", "التونسيه الحكومه",
                            "المهرجن", "الرئيص", "تونسس", "الوزراة", "الثقفية"}) {
    SCOPED_TRACE(query);
    const std::string want = searcher_one.search(query, options).suggestion;
    suggested += !want.empty();
    EXPECT_EQ(searcher_sharded.search(query, options).suggestion, want);
    EXPECT_EQ(searcher_shards.search(query, options).suggestion, want);
  }
  EXPECT_GE(suggested, 6u);

  // Incremental: files removed and added, many commits.
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(articles)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const std::size_t i : {2, 3, 5, 8, 13, 21, 34}) std::filesystem::remove(files[i]);
  for (std::uint32_t i = 0; i < schema::kSuggestFloor; ++i) {
    test::write_file(articles / ("new" + std::to_string(i) + ".txt"), "عنوان جديد\nنص عن كلمةجديدةتماما\n");
  }
  {
    IndexOptions many_commits;
    many_commits.batch_size = 5;
    IndexListener quiet;
    Indexer indexer(sharded, many_commits);
    indexer.add_paths({articles}, quiet);
    indexer.commit();
  }
  const std::string fresh = build_fresh(articles, (dir / "fresh").string(), two);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(suggestion_index(shard(sharded, i)), suggestion_index(shard(fresh, i))) << i;
  EXPECT_NE(suggestion_index(shard(sharded, 0)), parts[0]);
  EXPECT_EQ(Searcher({sharded}).search("كلمةجديدةتماا", options).suggestion, "كلمهجديدهتماما");  // normalised spelling
}

// Indexer::add_article commits only at commit() or a full batch, and then with the suggestion index
// of what it commits: Xapian, left alone, would commit at its flush threshold (here 100 documents,
// from --memory 1) without the words the indexer sums until its own commit (SpellingChanges).
TEST(SuggestIncrementalTest, AddArticleCommitsOnlyWithItsSuggestionIndex) {
  TempDir dir;
  const std::vector<Article> articles = ant_v11_articles();
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
  const auto index = suggestion_index(db);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 150u);
  EXPECT_TRUE(listed(index, "الانتخابات"));
  const std::string fresh = (dir / "fresh").string();
  {
    Indexer indexer(fresh, IndexOptions{});
    for (std::size_t i = 0; i < 150; ++i) indexer.add_article(articles[i]);
    indexer.commit();
  }
  EXPECT_EQ(index, suggestion_index(fresh));
}

// Indexer::remove_article takes an article out, its words out of the suggestion index with it, in
// whichever shard it is: adding 150 articles and removing 50 leaves the index of adding the 100 kept.
TEST(SuggestIncrementalTest, RemoveArticleLeavesTheIndexOfTheArticlesKept) {
  TempDir dir;
  const std::vector<Article> articles = ant_v11_articles();
  ASSERT_GT(articles.size(), 150u);
  for (std::uint32_t shards : {1u, 2u}) {
    SCOPED_TRACE(shards);
    IndexOptions options;
    options.shards = shards;
    const std::string db = (dir / ("db" + std::to_string(shards))).string();
    const std::string fresh = (dir / ("fresh" + std::to_string(shards))).string();
    {
      Indexer indexer(db, options);
      for (std::size_t i = 0; i < 150; ++i) indexer.add_article(articles[i]);
      indexer.commit();
      for (std::size_t i = 100; i < 150; ++i) indexer.remove_article(articles[i].id);
      indexer.remove_article("no-such-article");
      indexer.commit();
      EXPECT_EQ(indexer.summary().articles_removed, 50u);
      EXPECT_EQ(indexer.summary().documents, 100u);
    }
    {
      Indexer indexer(fresh, options);
      for (std::size_t i = 0; i < 100; ++i) indexer.add_article(articles[i]);
      indexer.commit();
    }
    Searcher searcher({db});
    EXPECT_EQ(searcher.document_count(), 100u);
    EXPECT_FALSE(searcher.article(articles[120].id));
    EXPECT_TRUE(searcher.article(articles[20].id));
    for (std::uint32_t i = 0; i < shards; ++i) {
      const auto part = [&](const std::string& d) { return shards == 1 ? d : d + "/shard-" + std::to_string(i); };
      EXPECT_FALSE(suggestion_index(part(db)).empty());
      EXPECT_EQ(suggestion_index(part(db)), suggestion_index(part(fresh))) << i;
    }
  }
}

// --no-spelling makes a database without the suggestion index (and so without suggestions, but with
// exact forms); later runs follow the database, and one with an index refuses --no-spelling, which
// would leave the index out of date.
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
  EXPECT_TRUE(suggestion_index(db).empty());
  EXPECT_GT(articles_writing(db, "الانتخابات"), 5u);
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
  EXPECT_TRUE(suggestion_index(db).empty());

  // A database with a table: --no-spelling is refused, with one line naming it.
  const std::string with = (dir / "with").string();
  ASSERT_EQ(test::run_index({"--db", with, articles.string()}).exit_code, 0);
  ASSERT_FALSE(suggestion_index(with).empty());
  const test::RunResult refused = test::run_index({"--db", with, "--no-spelling", articles.string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find(with), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--no-spelling needs --rebuild"), std::string::npos) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  // --rebuild drops it.
  EXPECT_EQ(test::run_index({"--db", with, "--no-spelling", "--rebuild", articles.string()}).exit_code, 0);
  EXPECT_TRUE(suggestion_index(with).empty());
}

}  // namespace
}  // namespace fahras
