// Synonyms: the file format and its errors, and query expansion over corpus/ with real spelling
// variants of names (فيسبوك / فايسبوك, ترامب / ترمب).
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/searcher.h"
#include "fahras/synonyms.h"
#include "corpus_db.h"
#include "test_util.h"

namespace fahras {
namespace {

using test::TempDir;

SynonymFile parse(const std::string& text) {
  std::istringstream in(text);
  return parse_synonyms(in, "syn.txt");
}

std::string error_of(const std::string& text, const Analyzer* analyzer = nullptr) {
  try {
    const SynonymFile file = parse(text);
    if (analyzer) Synonyms(file, *analyzer);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::kUsage);
    return e.what();
  }
  return "";
}

TEST(SynonymFileTest, GroupsAreSeparatedBySlashCommaOrArabicComma) {
  const SynonymFile file = parse(
      "\xEF\xBB\xBF# spellings of names\n"
      "ترامب / ترمب / Trump / دونالد ترامب\n"
      "\n"
      "   فيسبوك,فايسبوك , Facebook   # the network\n"
      "بوتين، بوتن\r\n"
      "C# / سي شارب\n"
      "#C / comment\n");
  ASSERT_EQ(file.groups.size(), 4u);
  EXPECT_EQ(file.groups[0].line, 2u);
  EXPECT_EQ(file.groups[0].entries, (std::vector<std::string>{"ترامب", "ترمب", "Trump", "دونالد ترامب"}));
  EXPECT_EQ(file.groups[1].line, 4u);
  EXPECT_EQ(file.groups[1].entries, (std::vector<std::string>{"فيسبوك", "فايسبوك", "Facebook"}));
  EXPECT_EQ(file.groups[2].entries, (std::vector<std::string>{"بوتين", "بوتن"}));
  // '#' inside a word is not a comment; at the start of the line it is.
  EXPECT_EQ(file.groups[3].line, 6u);
  EXPECT_EQ(file.groups[3].entries, (std::vector<std::string>{"C#", "سي شارب"}));
}

TEST(SynonymFileTest, BadLinesAreOneLineErrorsNamingFileAndLine) {
  const Analyzer analyzer;
  static const struct {
    const char* text;
    const char* error;
  } cases[] = {
      {"ترامب / ترمب\nترامب\n", "syn.txt:2: a group needs at least two entries"},
      {"ترامب // ترمب\n", "syn.txt:1: empty entry"},
      {"# x\nترامب, \n", "syn.txt:2: empty entry"},
      {"ترامب / \xD8\n", "syn.txt:1: not valid UTF-8"},
      {"ترامب / ترمب\n\nفي / من\n", "syn.txt:3: 'في' has no word that is searched"},
      {"ترامب / ترمب\nTrump / تْرامب\n", "syn.txt:2: 'تْرامب' is already in the group of line 1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const std::string error = error_of(c.text, &analyzer);
    EXPECT_TRUE(error.starts_with(c.error)) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
  // Spellings that analyse alike in one group are one entry, not an error.
  EXPECT_EQ(error_of("ترامب / تَرامب / ترامـب / Trump\n", &analyzer), "");
}

TEST(SynonymFileTest, MissingFileIsAnError) {
  try {
    read_synonym_file("/nonexistent/syn.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read synonyms file /nonexistent/syn.txt: No such file or directory");
  }
}

class SynonymsSearchTest : public test::CorpusDbTest {
 protected:
  std::set<std::string> ids(const std::string& query, const std::shared_ptr<const Synonyms>& synonyms) const {
    SearchOptions options;
    options.limit = 1000;
    options.snippets = false;
    options.synonyms = synonyms;
    options.variants = false;  // the user's groups alone (name variants: variants_test.cpp)
    std::set<std::string> out;
    for (const Hit& hit : searcher_.search(query, options).hits) out.insert(hit.id);
    return out;
  }
  std::shared_ptr<const Synonyms> load(const std::string& text) const {
    return std::make_shared<const Synonyms>(parse(text), searcher_.analyzer());
  }
};

// corpus/ writes Facebook both فيسبوك and فايسبوك (Tunisian usage), in different articles.
TEST_F(SynonymsSearchTest, SpellingsOfANameMeet) {
  const auto synonyms = load("فيسبوك / فايسبوك / Facebook\nترامب / ترمب / Trump\n");
  const std::set<std::string> fi = ids("فيسبوك", nullptr), fa = ids("فايسبوك", nullptr);
  ASSERT_FALSE(fi.empty());
  ASSERT_FALSE(fa.empty());
  ASSERT_NE(fi, fa);
  std::set<std::string> both = fi;
  both.insert(fa.begin(), fa.end());
  for (const char* query : {"فيسبوك", "فايسبوك", "Facebook", "FACEBOOK", "والفايسبوك", "الفيسبوك"}) {
    SCOPED_TRACE(query);
    EXPECT_EQ(ids(query, synonyms), both);
  }
  // ترمب, as Al Jazeera writes it, is not in corpus/: with synonyms it finds the ترامب articles.
  EXPECT_TRUE(ids("ترمب", nullptr).empty());
  const std::set<std::string> trump = ids("ترامب", nullptr);
  ASSERT_GE(trump.size(), 5u);
  EXPECT_EQ(ids("ترمب", synonyms), trump);
  EXPECT_EQ(ids("Trump", synonyms), trump);
  // Exclusion excludes the whole group.
  EXPECT_TRUE(ids("فيسبوك -فايسبوك", synonyms).empty());
}

// A phrase entry matches as a phrase: ترمب (not in corpus/) finds exactly the articles with the
// phrase "الرئيس الأمريكي", not all those with الأمريكي.
TEST_F(SynonymsSearchTest, PhraseEntriesMatchAsPhrases) {
  const auto phrase = ids("\"الرئيس الأمريكي\"", nullptr);
  ASSERT_GE(phrase.size(), 3u);
  ASSERT_GT(ids("الأمريكي", nullptr).size(), phrase.size());
  EXPECT_EQ(ids("ترمب", load("ترمب / الرئيس الأمريكي\n")), phrase);
}

TEST_F(SynonymsSearchTest, SnippetsMarkTheSynonymsFound) {
  SearchOptions options;
  options.synonyms = load("فيسبوك / فايسبوك\n");
  options.limit = 50;
  bool marked_other = false;
  for (const Hit& hit : searcher_.search("فيسبوك", options).hits) {
    for (const Highlight& h : hit.snippet.highlights) {
      marked_other = marked_other || hit.snippet.text.substr(h.start, h.end - h.start).find("فايسبوك") != std::string::npos;
    }
  }
  EXPECT_TRUE(marked_other);
}

TEST_F(SynonymsSearchTest, CommandLineReadsTheFileAndReportsItsErrors) {
  TempDir dir;
  test::write_file(dir / "good.txt", "# names\nفيسبوك / فايسبوك\n");
  test::write_file(dir / "bad.txt", "فيسبوك / فايسبوك\nتونس\n");
  const test::RunResult plain = test::run_search({"--db", db_path(), "--count", "فيسبوك"});
  const test::RunResult good = test::run_search({"--db", db_path(), "--count", "--synonyms", (dir / "good.txt").string(), "فيسبوك"});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_GT(std::stoi(good.out), std::stoi(plain.out));
  const test::RunResult bad = test::run_search({"--db", db_path(), "--synonyms", (dir / "bad.txt").string(), "فيسبوك"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "fahras-search: " + (dir / "bad.txt").string() + ":2: a group needs at least two entries, separated by '/', ',' or '،'\n");
  const test::RunResult missing = test::run_search({"--db", db_path(), "--synonyms", (dir / "none.txt").string(), "x"});
  EXPECT_EQ(missing.exit_code, 2);
  // In a batch too.
  test::write_file(dir / "queries.tsv", "q1\tفيسبوك\n");
  const test::RunResult batch = test::run_search({"--db", db_path(), "--count", "--synonyms", (dir / "good.txt").string(),
                                                   "--queries", (dir / "queries.tsv").string()});
  EXPECT_EQ(batch.out, "q1\t" + good.out);
}

}  // namespace
}  // namespace fahras
