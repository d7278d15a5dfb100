// Query parser: what is an error, which terms a query highlights, and what each operator matches
// on corpus/ (set algebra checked over random queries of the grammar, docs/query-syntax.md).
#include <algorithm>
#include <functional>
#include <iterator>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/query.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "test_util.h"

namespace fahras {
namespace {

class QueryTest : public ::testing::Test {
 protected:
  ParsedQuery parse(const std::string& q) const { return parse_query(q, analyzer_, {}); }
  std::vector<std::string> terms(std::initializer_list<const char*> words) const {
    std::vector<std::string> out;
    for (const char* w : words) out.push_back(analyzer_.term(w));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  Analyzer analyzer_;
};

TEST_F(QueryTest, HighlightTermsAreThePositiveWords) {
  static const struct {
    const char* query;
    std::initializer_list<const char*> highlighted;
  } cases[] = {
      {"الانتخابات البلدية", {"الانتخابات", "البلدية"}},
      {"الانتخابات -تونس", {"الانتخابات"}},
      {"الانتخابات NOT (تونس OR الجزائر)", {"الانتخابات"}},
      {"\"وزارة الشؤون الثقافية\"", {"وزارة", "الشؤون", "الثقافية"}},
      {"“وزارة الثقافة”", {"وزارة", "الثقافة"}},
      {"title:الحكومة source:bbc", {"الحكومة"}},
      {"title:\"الحكومة التونسية\"", {"الحكومة", "التونسية"}},
      {"الحكومة في تونس", {"الحكومة", "تونس"}},  // في is a stopword
      {"Nvidia OR إنفيديا", {"Nvidia", "إنفيديا"}},
      {"(الانتخابات OR الاقتراع) AND تونس", {"الانتخابات", "الاقتراع", "تونس"}},
      {"متى أجريت الانتخابات البلدية في تونس؟", {"أجريت", "الانتخابات", "البلدية", "تونس"}},
      {"الاتحاد الأوروبي: «قرار» حاسم", {"الاتحاد", "الأوروبي", "قرار", "حاسم"}},
      {"\"الانتخابات", {"الانتخابات"}},  // an unclosed quote runs to the end
      {"10:30 2018", {"10", "30", "2018"}},   // a colon after digits is not a field
      {"القرار: تونس", {"القرار", "تونس"}},    // nor after Arabic text
      {"\"foo:bar\"", {"foo", "bar"}},          // a quoted colon is text
      {"+الانتخابات AND تونس", {"الانتخابات", "تونس"}},
      {"الانتخابات NEAR/3 تونس", {"الانتخابات", "تونس"}},
      {"=الانتخابات", {"الانتخابات"}},
      {"ترام* تونس", {"تونس"}},  // what a prefix stands for is known only when the query runs
      {"id:JA-politic-12-20170126 تونس", {"تونس"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    std::vector<std::string> expected = terms(c.highlighted);
    expected.erase(std::remove(expected.begin(), expected.end(), std::string()), expected.end());
    EXPECT_EQ(parse(c.query).highlight_terms, expected);
  }
}

TEST_F(QueryTest, MalformedQueriesGiveOneLineErrors) {
  static const struct {
    const char* query;
    const char* message_part;
  } cases[] = {
      {"(الانتخابات", "'(' without ')'"},
      {"الانتخابات)", "')' without '('"},
      {"title:", "title: needs a value"},
      {"source: bbc", "source: needs a value"},
      {"OR تونس", "OR needs a term before it"},
      {"تونس OR", "OR needs a term after it"},
      {"تونس NOT", "needs a term after it"},
      {"في من على", "stopwords"},
      {"", "nothing to search for"},
      {"، ؛ ؟", "nothing to search for"},
      {"source:«»", "source: needs a value with letters or digits"},
      // Found by query_fuzz: the query quoted in the message kept its line breaks.
      {"في\nمن\r\n\tعلى\n", "nothing to search for in 'في من على': its words are all stopwords"},
      // Each kind of nothing has its own message, none of them about stopwords.
      {"\xFF\xFF\xFF\n", "the query is not valid UTF-8: byte 0xFF at offset 0"},
      {"تونس \xD8", "the query is not valid UTF-8: byte 0xD8 at offset 9"},
      {"  \t ", "nothing to search for: the query is empty"},
      {"؟!.,،؛", "nothing to search for in '؟!.,،؛': it has no letters or digits"},
      // Unknown fields are errors that name the fields, not a phrase of two words.
      {"foo:bar", "unknown field 'foo:' (the fields are title, source, category, author, id)"},
      {"تونس Lang:ar", "unknown field 'Lang:'"},
      {"AND تونس", "AND needs a term before it"},
      {"تونس AND", "AND needs a term after it"},
      {"تونس AND OR ليبيا", "AND needs a term after it"},
      {"+", "nothing to search for"},
      {"تونس NEAR", "NEAR joins single words"},
      {"NEAR تونس", "NEAR needs a word before it"},
      {"تونس NEAR/x ليبيا", "NEAR/n needs a number of words from 0 to 100, not 'NEAR/x'"},
      {"تونس NEAR/101 ليبيا", "NEAR/n needs a number of words from 0 to 100"},
      {"تونس NEAR \"وزارة الشؤون\"", "NEAR joins single words"},
      {"تونس NEAR في", "NEAR needs a word on each side that is not a stopword"},
      {"تونس OR -ليبيا", "OR joins terms, not exclusions"},
      {"*", "nothing to search for in '*': it has no letters or digits"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    try {
      parse(c.query);
      ADD_FAILURE() << "parsed";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), Error::Kind::kBadQuery);
      const std::string what = e.what();
      EXPECT_NE(what.find(c.message_part), std::string::npos) << what;
      EXPECT_EQ(what.find('\n'), std::string::npos);
    }
  }
}

TEST_F(QueryTest, VariantsParseToTheSameQuery) {
  const std::string plain = parse("\"وزارة الشؤون الثقافية\"").query.get_description();
  EXPECT_EQ(parse("\"وِزارةُ الشُّؤونِ الثَّقافيّة\"").query.get_description(), plain);
  EXPECT_EQ(parse("\"وزارة الشـؤون الثقافيـة\"").query.get_description(), plain);
  EXPECT_EQ(parse("source:BBC").query.get_description(), parse("source:bbc").query.get_description());
  EXPECT_EQ(parse("source:\"Sky News\"").query.get_description(), parse("source:skynews").query.get_description());
}

TEST_F(QueryTest, DefaultOperatorIsConfigurable) {
  const std::string any = parse_query("الانتخابات تونس", analyzer_, {}).query.get_description();
  const std::string all = parse_query("الانتخابات تونس", analyzer_, {DefaultOperator::kAnd}).query.get_description();
  EXPECT_NE(any.find(" OR "), std::string::npos) << any;
  EXPECT_NE(all.find(" AND "), std::string::npos) << all;
}

// Natural text (questions, headlines): punctuation and quotes are not syntax, and nothing is an error.
TEST_F(QueryTest, PlainSyntaxTakesEveryWordAsAWord) {
  const QueryOptions plain{DefaultOperator::kOr, QuerySyntax::kPlain};
  static const struct {
    const char* query;
    std::initializer_list<const char*> highlighted;
  } cases[] = {
      {"من هو جمال أحمد حمزة خاشقجي؟", {"جمال", "أحمد", "حمزة", "خاشقجي"}},
      {"الزواج الملكي: نشر الصور الرسمية لزفاف الأمير هاري وميغان ماركل",
       {"الزواج", "الملكي", "نشر", "الصور", "الرسمية", "لزفاف", "الأمير", "هاري", "وميغان", "ماركل"}},
      {"\"كنوز الفرعون\" (OR) -title: «الصغير»", {"كنوز", "الفرعون", "OR", "title", "الصغير"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    std::vector<std::string> expected = terms(c.highlighted);
    // A word that may keep its first letter (لزفاف, وميغان) is also searched whole (Token::readings).
    for (const char* word : c.highlighted) {
      for (const Token& token : analyzer_.analyze(word)) expected.insert(expected.end(), token.readings.begin(), token.readings.end());
    }
    std::sort(expected.begin(), expected.end());
    expected.erase(std::remove(expected.begin(), expected.end(), std::string()), expected.end());
    const ParsedQuery parsed = parse_query(c.query, analyzer_, plain);
    EXPECT_EQ(parsed.highlight_terms, expected);
    EXPECT_EQ(parsed.query.get_description().find("PHRASE"), std::string::npos);
  }
  const ParsedQuery stopwords = parse_query("و ماذا تكون؟", analyzer_, plain);
  EXPECT_TRUE(stopwords.query.empty());
  EXPECT_TRUE(stopwords.highlight_terms.empty());
}

// Parentheses nest up to kMaxQueryDepth; deeper is a one-line error, not a crash (20,000 levels
// overflowed the stack).
TEST_F(QueryTest, NestingHasALimitAndAClearError) {
  auto nested = [](int depth) { return std::string(depth, '(') + "تونس" + std::string(depth, ')'); };
  EXPECT_FALSE(parse(nested(kMaxQueryDepth)).query.empty());
  for (const int depth : {kMaxQueryDepth + 1, 20'000, 1'000'000}) {
    SCOPED_TRACE(depth);
    try {
      parse(nested(depth));
      ADD_FAILURE() << "parsed";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), "parentheses nested deeper than 100 levels");
    }
  }
  // Long flat queries are not nesting: no limit but memory.
  std::string flat;
  for (int i = 0; i < 20'000; ++i) flat += "تونس OR -ليبيا AND +مصر ";
  EXPECT_THROW(parse(flat), Error);  // "OR -ليبيا" is refused ...
  flat.clear();
  for (int i = 0; i < 20'000; ++i) flat += "(تونس OR ليبيا) AND +مصر -الجزائر ";
  EXPECT_FALSE(parse(flat).query.empty());  // ... the rest is fine, however long
}

// The query each operator builds, in Xapian's terms: what docs/query-syntax.md says it does to the
// match and the ranking.
TEST_F(QueryTest, OperatorsBuildTheDocumentedXapianQueries) {
  auto description = [this](const std::string& q) { return parse(q).query.get_description(); };
  const std::string tunis = analyzer_.term("تونس"), libya = analyzer_.term("ليبيا");
  // AND and + make clauses required; the other words only rank beside them.
  const std::string body_wqf = "#" + std::to_string(kWeightScale) + "@1";
  EXPECT_NE(description("تونس AND ليبيا").find(tunis + body_wqf + " AND " + libya + body_wqf), std::string::npos)
      << description("تونس AND ليبيا");
  EXPECT_NE(description("+تونس ليبيا").find(" AND_MAYBE "), std::string::npos) << description("+تونس ليبيا");
  // OR binds tighter than AND: a AND b OR c is a AND (b OR c).
  const std::string grouped = description("مصر AND تونس OR ليبيا");
  EXPECT_NE(grouped.find(" AND ("), std::string::npos) << grouped;
  EXPECT_NE(description("تونس NEAR/3 ليبيا").find(" NEAR 5 "), std::string::npos);
  EXPECT_NE(description("تونس NEAR ليبيا").find(" NEAR 12 "), std::string::npos);
  EXPECT_NE(description("ترام*").find("WILDCARD SYNONYM ترام"), std::string::npos) << description("ترام*");
  EXPECT_NE(description("ترام*").find("WILDCARD SYNONYM XEترام"), std::string::npos);
  EXPECT_NE(description("=الانتخابات").find("XEالانتخابات"), std::string::npos);
  EXPECT_NE(description("=الإنتخابات").find("XEالانتخابات"), std::string::npos);  // normalised
  EXPECT_NE(description("id:JA-politic-12-20170126").find("QJA-politic-12-20170126"), std::string::npos);
  EXPECT_TRUE(parse("=الانتخابات").exact_forms);
  EXPECT_FALSE(parse("الانتخابات").exact_forms);
  EXPECT_EQ(parse("ترام* OR بوت**").prefixes, (std::vector<std::string>{"ترام*", "بوت*"}));
}

// A source or category longer than Xapian's term limit (245 bytes) filters by the same hashed term
// that the indexer writes.
TEST_F(QueryTest, LongFieldValuesGiveTermsWithinXapiansLimit) {
  std::string source;
  for (int i = 0; i < 125; ++i) source += "ب";
  const std::string term = parse("source:" + source).query.get_description();
  EXPECT_LT(term.size(), 245u + 20u) << term;
  EXPECT_EQ(parse("source:\"" + source + "\"").query.get_description(), term);
  EXPECT_EQ(field_filter(FilterField::kSource, source).get_description(),
            Xapian::Query(schema::field_value_term(schema::kSourcePrefix, source)).get_description());
}

// corpus/ indexed (schema 4 writes every word's exact form, XE terms, which =word and prefixes read).
class QueryCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    Indexer indexer(db_path(), IndexOptions{});
    IndexListener quiet;
    indexer.add_paths({(test::corpus_dir() / "ant-v1.1").string()}, quiet);
    indexer.commit();
    ASSERT_GT(indexer.summary().articles, 250u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db_path() { return (dir_->path() / "db").string(); }

  using Ids = std::set<std::string>;
  // Every article the query matches (no collapsing, no page limit).
  Ids ids(const std::string& query, DefaultOperator op = DefaultOperator::kOr) const {
    SearchOptions options;
    options.limit = 100'000;
    options.snippets = false;
    options.default_operator = op;
    const SearchResults r = searcher_.search(query, options);
    Ids out;
    for (const Hit& hit : r.hits) out.insert(hit.id);
    EXPECT_EQ(out.size(), r.hits.size());
    return out;
  }
  static Ids both(const Ids& a, const Ids& b) {
    Ids out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
  }
  static Ids either(const Ids& a, const Ids& b) {
    Ids out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
  }
  static Ids minus(const Ids& a, const Ids& b) {
    Ids out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
  }

  Searcher searcher_{{db_path()}};

 private:
  inline static test::TempDir* dir_ = nullptr;
};

// Words of corpus/ of every frequency, none a stopword, some in the same articles.
const std::vector<std::string> kWords = {"تونس", "الانتخابات", "البلدية", "الحكومة", "رئيس",
                                         "الجزائر", "مصر", "وزير", "الثقافة", "المغرب", "قطر", "فرنسا"};

TEST_F(QueryCorpusTest, BooleanOperatorsAreSetAlgebra) {
  for (const std::string& a : kWords) {
    for (const std::string& b : kWords) {
      if (a == b) continue;
      SCOPED_TRACE(a + " " + b);
      const Ids A = ids(a), B = ids(b);
      ASSERT_FALSE(A.empty());
      EXPECT_EQ(ids(a + " AND " + b), both(A, B));
      EXPECT_EQ(ids("+" + a + " +" + b), both(A, B));
      EXPECT_EQ(ids(a + " " + b, DefaultOperator::kAnd), both(A, B));
      EXPECT_EQ(ids(a + " OR " + b), either(A, B));
      EXPECT_EQ(ids(a + " " + b), either(A, B));
      EXPECT_EQ(ids(a + " NOT " + b), minus(A, B));
      EXPECT_EQ(ids(a + " -" + b), minus(A, B));
    }
  }
}

// Random queries of the grammar, each compared with the set algebra its clauses stand for.
TEST_F(QueryCorpusTest, RandomQueriesMatchTheirSetAlgebra) {
  std::map<std::string, Ids> word_ids;
  for (const std::string& w : kWords) word_ids[w] = ids(w);
  std::mt19937 random(12);
  auto pick = [&random](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  // A unit: a word, an OR of units, or a parenthesised sequence; returns its text and its set.
  std::function<std::pair<std::string, Ids>(int)> unit, sequence;
  unit = [&](int depth) -> std::pair<std::string, Ids> {
    const std::size_t kind = depth > 3 ? 0 : pick(4);
    if (kind <= 1) {
      const std::string& w = kWords[pick(kWords.size())];
      return {w, word_ids[w]};
    }
    if (kind == 2) {
      auto [left, l] = unit(depth + 1);
      auto [right, r] = unit(depth + 1);
      return {left + " OR " + right, either(l, r)};
    }
    auto [inner, i] = sequence(depth + 1);
    return {"(" + inner + ")", i};
  };
  // A sequence: clauses, each plain, required (+ or next to AND) or excluded (- or NOT), at least
  // one of them not excluded.
  sequence = [&](int depth) -> std::pair<std::string, Ids> {
    const std::size_t n = 1 + pick(3);
    std::string text;
    std::vector<std::pair<int, Ids>> clauses;  // 0 should, 1 must, 2 must not
    bool last_and = false;
    for (std::size_t k = 0; k < n; ++k) {
      auto [t, set] = unit(depth + 1);
      int role = k == 0 ? static_cast<int>(pick(2)) : static_cast<int>(pick(3));
      if (k > 0 && role == 0 && pick(3) == 0) {  // "a AND b": both required
        text += " AND";
        if (clauses.back().first == 0) clauses.back().first = 1;
        role = 1;
        last_and = true;
      } else {
        last_and = false;
      }
      text += text.empty() ? "" : " ";
      text += role == 1 && !last_and ? "+" : role == 2 ? (pick(2) ? "-" : "NOT ") : "";
      text += t.find(' ') != std::string::npos && role != 0 && !last_and ? "(" + t + ")" : t;
      clauses.emplace_back(role, std::move(set));
    }
    Ids must, should, must_not;
    bool any_must = false;
    for (const auto& [role, set] : clauses) {
      if (role == 1) {
        must = any_must ? both(must, set) : set;
        any_must = true;
      } else if (role == 0) {
        should = either(should, set);
      } else {
        must_not = either(must_not, set);
      }
    }
    return {text, minus(any_must ? must : should, must_not)};
  };
  for (int i = 0; i < 300; ++i) {
    auto [text, expected] = sequence(0);
    SCOPED_TRACE(text);
    EXPECT_EQ(ids(text), expected);
  }
}

TEST_F(QueryCorpusTest, NearFindsWordsCloseInAnyOrder) {
  const Ids forward = ids("\"وزارة الشؤون\""), backward = ids("\"الشؤون وزارة\"");
  ASSERT_FALSE(forward.empty());
  EXPECT_EQ(ids("وزارة NEAR/0 الشؤون"), either(forward, backward));
  EXPECT_EQ(ids("الشؤون NEAR/0 وزارة"), either(forward, backward));
  const Ids near3 = ids("رئيس NEAR/2 الحكومة"), near10 = ids("رئيس NEAR الحكومة");
  EXPECT_TRUE(std::includes(near10.begin(), near10.end(), near3.begin(), near3.end()));
  const Ids all = both(ids("رئيس"), ids("الحكومة"));
  EXPECT_TRUE(std::includes(all.begin(), all.end(), near10.begin(), near10.end()));
  EXPECT_LT(near3.size(), all.size());
  EXPECT_FALSE(near3.empty());
}

TEST_F(QueryCorpusTest, PrefixesMatchWordsAsWrittenAndTheirStems) {
  const Ids stems = ids("انتخا*");  // the stem انتخاب of الانتخابات, والانتخابات, انتخابات ...
  const Ids word = ids("الانتخابات");
  ASSERT_FALSE(word.empty());
  EXPECT_TRUE(std::includes(stems.begin(), stems.end(), word.begin(), word.end()));
  const Ids written = ids("الانتخا*");  // only as written: الانتخابات, الانتخابية ...
  const Ids exact = ids("=الانتخابات");
  EXPECT_TRUE(std::includes(written.begin(), written.end(), exact.begin(), exact.end()));
  EXPECT_FALSE(exact.empty());
  EXPECT_EQ(ids("الإنتخا*"), written);  // the prefix is normalised as the words are
  SearchOptions suggest;
  suggest.suggest = true;
  EXPECT_EQ(searcher_.search("الانتخا*", suggest).suggestion, "") << "a prefix is no misspelling";
  EXPECT_EQ(searcher_.search("الانتخبات", suggest).suggestion, "الانتخابات");
  try {
    ids("ا*");
    ADD_FAILURE() << "a one-letter prefix expanded";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::kBadQuery);
    EXPECT_EQ(std::string(e.what()), "ا* matches more than 500 words: give more letters of the word");
  }
}

TEST_F(QueryCorpusTest, ExactFormIsNotStemmed) {
  const Ids exact = ids("=الانتخابات"), stemmed = ids("الانتخابات");
  ASSERT_FALSE(exact.empty());
  EXPECT_TRUE(std::includes(stemmed.begin(), stemmed.end(), exact.begin(), exact.end()));
  EXPECT_LT(exact.size(), stemmed.size());  // some articles write only انتخابات or والانتخابات
  EXPECT_EQ(ids("=الإنتخابات"), exact);     // normalised: hamza, diacritics and tatweel aside
  EXPECT_EQ(ids("=الانتخابات -الانتخابات"), Ids{});
}

TEST_F(QueryCorpusTest, IdFieldFindsOneArticle) {
  const Ids tunis = ids("تونس");
  ASSERT_FALSE(tunis.empty());
  const std::string id = *tunis.begin();
  EXPECT_EQ(ids("id:" + id), Ids{id});
  EXPECT_EQ(ids("id:\"" + id + "\""), Ids{id});
  EXPECT_EQ(ids("تونس id:" + id), Ids{id});
  EXPECT_EQ(ids("id:" + id + " OR id:no-such-article"), Ids{id});
  EXPECT_EQ(ids("id:no-such-article"), Ids{});
  const std::optional<Article> article = searcher_.article(id);
  ASSERT_TRUE(article.has_value());
  EXPECT_EQ(article->id, id);
  EXPECT_FALSE(article->body.empty());
  EXPECT_FALSE(searcher_.article("no-such-article").has_value());
}

// Counts are exact when asked for, and on an empty page; the estimate says it is one.
TEST_F(QueryCorpusTest, CountsAreExactWhenTheySaySo) {
  for (const std::string query : {"تونس", "الانتخابات OR الحكومة", "رئيس -تونس"}) {
    SCOPED_TRACE(query);
    const std::size_t all = ids(query).size();
    SearchOptions exact;
    exact.exact_count = true;
    exact.snippets = false;
    SearchResults r = searcher_.search(query, exact);
    EXPECT_TRUE(r.exact);
    EXPECT_EQ(r.estimated, all);
    SearchOptions past = exact;
    past.exact_count = false;
    past.offset = all;
    r = searcher_.search(query, past);
    EXPECT_TRUE(r.hits.empty());
    EXPECT_TRUE(r.exact);
    EXPECT_EQ(r.estimated, all);
    SearchOptions none = past;
    none.offset = 0;
    none.limit = 0;
    r = searcher_.search(query, none);
    EXPECT_TRUE(r.exact);
    EXPECT_EQ(r.estimated, all);
  }
  // Collapsed, the count is of the articles shown, and the repeats hidden make up the difference
  // with the facets, which count every article (Xapian's own collapsed counts are estimates).
  for (const std::string query : {"تونس", "الانتخابات OR الحكومة"}) {
    SCOPED_TRACE(query);
    SearchOptions collapsed;
    collapsed.collapse = true;
    collapsed.snippets = false;
    collapsed.limit = 100'000;
    const std::size_t shown = searcher_.search(query, collapsed).hits.size();
    collapsed.facets = true;
    collapsed.limit = 1;
    const SearchResults r = searcher_.search(query, collapsed);
    EXPECT_TRUE(r.exact);
    EXPECT_EQ(r.estimated, shown);
    EXPECT_EQ(r.estimated + r.repeats, ids(query).size());
    std::uint64_t sources = 0;
    for (const FacetCount& c : r.facets->sources) sources += c.count;
    std::uint64_t with_source = 0;
    for (const std::string& id : ids(query)) with_source += !searcher_.article(id)->source.empty();
    EXPECT_EQ(sources, with_source);
    collapsed.facets = false;
    collapsed.offset = shown;
    const SearchResults past = searcher_.search(query, collapsed);
    EXPECT_TRUE(past.hits.empty());
    EXPECT_TRUE(past.exact);
    EXPECT_EQ(past.estimated, shown);
  }
  SearchOptions options;
  options.snippets = false;
  const SearchResults nothing = searcher_.search("تونس -تونس", options);
  EXPECT_TRUE(nothing.exact);
  EXPECT_EQ(nothing.estimated, 0u);
}

}  // namespace
}  // namespace fahras
