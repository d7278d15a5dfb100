// Query parser: what is an error, and which terms a query highlights.
#include <algorithm>

#include <gtest/gtest.h>

#include "fahras/error.h"
#include "fahras/query.h"

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
      {"10:30 2018", {"10", "30", "2018"}},   // a colon after an unknown name is not a field
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
      {"\xFF\xFF\xFF\n", "nothing to search for in '\xFF\xFF\xFF': "},
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
    expected.erase(std::remove(expected.begin(), expected.end(), std::string()), expected.end());
    const ParsedQuery parsed = parse_query(c.query, analyzer_, plain);
    EXPECT_EQ(parsed.highlight_terms, expected);
    EXPECT_EQ(parsed.query.get_description().find("PHRASE"), std::string::npos);
  }
  const ParsedQuery stopwords = parse_query("و ماذا تكون؟", analyzer_, plain);
  EXPECT_TRUE(stopwords.query.empty());
  EXPECT_TRUE(stopwords.highlight_terms.empty());
}

}  // namespace
}  // namespace fahras
