// Facets: counts per source, category and year over the whole match set, checked against counts
// made from corpus/'s files with the readers alone, and against the matches themselves.
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "fahras/date.h"
#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/normalize.h"
#include "fahras/reader.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "corpus_db.h"
#include "test_util.h"

namespace fahras {
namespace {

using test::TempDir;
using Counts = std::map<std::string, std::uint64_t>;

struct Tally {
  Counts sources, categories, years;
};

// Facet values keyed as the source: and category: filters match them.
Tally tally(const Facets& facets) {
  Tally t;
  for (const FacetCount& c : facets.sources) t.sources[normalize_field_value(c.value)] += c.count;
  for (const FacetCount& c : facets.categories) t.categories[normalize_field_value(c.value)] += c.count;
  for (const FacetCount& c : facets.years) t.years[c.value] += c.count;
  return t;
}

void count(Tally& t, const std::string& source, const std::string& category, std::optional<std::int64_t> date) {
  if (!source.empty()) ++t.sources[normalize_field_value(source)];
  if (!category.empty()) ++t.categories[normalize_field_value(category)];
  if (date) ++t.years[format_ymd(*date).substr(0, 4)];
}

class FacetsTest : public test::CorpusDbTest {
 protected:
  SearchResults search(const std::string& query, SearchOptions options = {}) const {
    options.facets = true;
    options.snippets = false;
    return searcher_.search(query, options);
  }
};

// A query that matches every article counts what the files hold: read here with the readers only,
// walking corpus/ as the indexer does (article extensions, no hidden entries; a repeated id counts once).
TEST_F(FacetsTest, AllArticlesCountWhatTheFilesHold) {
  std::map<std::string, Article> articles;
  for (auto it = std::filesystem::recursive_directory_iterator(test::corpus_dir());
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(".")) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    const std::string ext = it->path().extension().string();
    if (!it->is_regular_file() || (ext != ".txt" && ext != ".json" && ext != ".jsonl" && ext != ".xml" &&
                                   ext != ".sgml" && ext != ".ndjson" && ext != ".trec" && ext != ".sgm")) {
      continue;
    }
    for (Article& a : read_file(it->path()).articles) articles[a.id] = std::move(a);
  }
  ASSERT_GT(articles.size(), 250u);
  Tally expected;
  for (const auto& [id, a] : articles) count(expected, a.source, a.category, a.date);

  const SearchResults results = search("-كلمةليستفيالمدونة");
  ASSERT_EQ(results.estimated, articles.size());
  ASSERT_TRUE(results.facets);
  const Tally got = tally(*results.facets);
  EXPECT_EQ(got.sources, expected.sources);
  EXPECT_EQ(got.categories, expected.categories);
  EXPECT_EQ(got.years, expected.years);
  EXPECT_GE(expected.categories.size(), 5u);
  EXPECT_GE(expected.years.size(), 3u);
}

// For real queries, the counts are those of every match, not of the page: the page holds 3.
TEST_F(FacetsTest, CountsCoverEveryMatchNotThePage) {
  for (const char* query : {"الانتخابات", "الحكومة OR مهرجان", "source:jawhara تونس", "كرة القدم"}) {
    SCOPED_TRACE(query);
    SearchOptions all;
    all.limit = 10000;
    all.snippets = false;
    const SearchResults every = searcher_.search(query, all);
    ASSERT_GT(every.hits.size(), 3u);
    Tally expected;
    for (const Hit& hit : every.hits) count(expected, hit.source, hit.category, hit.date);

    SearchOptions page;
    page.limit = 3;
    const SearchResults results = search(query, page);
    ASSERT_EQ(results.hits.size(), 3u);
    EXPECT_EQ(results.estimated, every.hits.size());  // exhaustive, so exact
    const Tally got = tally(*results.facets);
    EXPECT_EQ(got.sources, expected.sources);
    EXPECT_EQ(got.categories, expected.categories);
    EXPECT_EQ(got.years, expected.years);
    // Order: by count, most first; years newest first.
    const Facets& f = *results.facets;
    for (std::size_t i = 1; i < f.categories.size(); ++i) EXPECT_GE(f.categories[i - 1].count, f.categories[i].count);
    for (std::size_t i = 1; i < f.years.size(); ++i) EXPECT_GT(f.years[i - 1].value, f.years[i].value);
  }
}

TEST_F(FacetsTest, FiltersNarrowTheCounts) {
  SearchOptions politic;
  politic.categories = {"politic"};
  const SearchResults results = search("الانتخابات", politic);
  ASSERT_EQ(results.facets->categories.size(), 1u);
  EXPECT_EQ(results.facets->categories[0].value, "politic");
  EXPECT_EQ(results.facets->categories[0].count, results.estimated);
}

TEST_F(FacetsTest, NoFacetsUnlessAsked) {
  SearchOptions options;
  EXPECT_FALSE(searcher_.search("الانتخابات", options).facets);
}

TEST_F(FacetsTest, CommandLineTextFooterAndJsonSummary) {
  const test::RunResult text = test::run_search({"--db", db_path(), "--facets", "--limit", "2", "--no-collapse", "الانتخابات"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const SearchResults results = search("الانتخابات");
  std::string years = "Years: ";
  for (const FacetCount& c : results.facets->years) {
    years += (years.size() > 7 ? " · " : "") + c.value + " " + std::to_string(c.count);
  }
  EXPECT_NE(text.out.find("\nSources: Jawhara FM " + std::to_string(results.estimated) + "\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\nCategories: "), std::string::npos);
  EXPECT_TRUE(text.out.ends_with(years + "\n")) << text.out;

  const test::RunResult json = test::run_search({"--db", db_path(), "--json", "--facets", "الانتخابات"});
  const nlohmann::json summary = nlohmann::json::parse(json.out.substr(json.out.rfind("{\"type\"")));
  ASSERT_EQ(summary["type"], "summary");
  const nlohmann::json& facets = summary["data"]["facets"];
  ASSERT_EQ(facets["year"].size(), results.facets->years.size());
  for (std::size_t i = 0; i < results.facets->years.size(); ++i) {
    EXPECT_EQ(facets["year"][i]["value"], results.facets->years[i].value);
    EXPECT_EQ(facets["year"][i]["count"], results.facets->years[i].count);
  }
  EXPECT_EQ(facets["source"][0]["value"], "Jawhara FM");
  const test::RunResult plain = test::run_search({"--db", db_path(), "--json", "الانتخابات"});
  EXPECT_EQ(plain.out.find("\"facets\""), std::string::npos);
}

// A database of an older schema has no facet values: searching works, facets ask for --rebuild.
TEST(FacetsSchemaTest, OlderDatabaseIsAClearError) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  {
    Indexer indexer(db, IndexOptions{});
    Article a;
    a.id = "one";
    a.title = "الانتخابات البلدية";
    a.body = "أعلنت الهيئة أن الانتخابات البلدية ستجرى";
    indexer.add_article(a);
    indexer.commit();
  }
  Xapian::WritableDatabase(db, Xapian::DB_OPEN).set_metadata(std::string(schema::kSchemaKey), "2");
  const Searcher searcher({db});
  SearchOptions options;
  EXPECT_EQ(searcher.search("الانتخابات", options).hits.size(), 1u);
  options.facets = true;
  try {
    searcher.search("الانتخابات", options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::kDatabase);
    EXPECT_EQ(std::string(e.what()), db + " has schema version 2, without facet values: re-index it with fahras-index --rebuild");
  }
  const test::RunResult r = test::run_search({"--db", db, "--facets", "الانتخابات"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "fahras-search: " + db + " has schema version 2, without facet values: re-index it with fahras-index --rebuild\n");
}

}  // namespace
}  // namespace fahras
