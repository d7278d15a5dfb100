// The stored article (schema::encode_article / decode_article): what the indexer writes, the searcher
// reads back exactly, through the fast reader of flat objects or, for anything else, the general JSON
// parser.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fahras/error.h"
#include "fahras/schema.h"
#include "compare.h"
#include "test_util.h"

namespace fahras {
namespace {

void expect_same(const Article& a, const Article& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.path, b.path);
  test::expect_same_fields(a, b);
}

TEST(SchemaTest, ArticlesComeBackExactly) {
  Article a;
  a.id = "BB-culture-37-20180220";
  a.title = "معرض \"كنوز الفرعون الصغير\" يثير خلافا أثريا في مصر";
  a.abstract = "معرض \"كنوز الفرعون الصغير\"، الذي يضم 166 قطعة أثرية";
  a.body = test::slurp(test::corpus_dir() / "nvidia-musk-article.txt") +
           "\n\ttab, back\\slash, a control \x01 character, ﷺ and the end";
  a.source = "BBC";
  a.category = "culture";
  a.url = "http://www.bbc.co.uk/arabic/art-and-culture-43116616";
  a.path = "corpus/ant-v1.1/culture/x.txt";
  a.date = 1519091041;
  a.raw_date = "Tue, 20 Feb 2018 01:44:01 GMT";
  a.record = 3;
  expect_same(schema::decode_article(schema::encode_article(a)), a);

  Article undated;
  undated.id = "x";
  undated.date = -86400;  // before the epoch
  expect_same(schema::decode_article(schema::encode_article(undated)), undated);
}

TEST(SchemaTest, ReadsAnyJsonObjectOfTheFields) {
  // What another writer might produce: spaces, escaped slashes, a surrogate pair, floats, literals.
  const Article a = schema::decode_article(
      R"( { "id" : "a\/b", "title": "\u0645\u0635\u0631 \ud83d\ude00", "date": 1519091041, "extra": [1, 2.5, null, true] } )");
  EXPECT_EQ(a.id, "a/b");
  EXPECT_EQ(a.title, "مصر \xF0\x9F\x98\x80");
  EXPECT_EQ(a.date, 1519091041);
}

TEST(SchemaTest, RefusesWhatIsNotAnArticle) {
  for (const char* data : {"", "{}", "{\"title\": \"مصر\"}", "[1, 2]", "{\"id\": \"x\"", "not json"}) {
    SCOPED_TRACE(data);
    EXPECT_THROW(schema::decode_article(data), Error);
  }
}

// The suggestion index's keys: the word and each one-letter deletion (a letter is a UTF-8 character),
// each once.
TEST(SchemaTest, SuggestionKeysAreTheWordAndItsOneLetterDeletions) {
  static const struct {
    const char* word;
    std::vector<std::string> keys;
  } cases[] = {
      {"تونس", {"تونس", "ونس", "تنس", "توس", "تون"}},
      {"الله", {"الله", "لله", "اله", "الل"}},  // the two lams give one key
      {"nvidia", {"nvidia", "vidia", "nidia", "nvdia", "nviia", "nvida", "nvidi"}},
      {"في", {"في", "ي", "ف"}},
      {"و", {}},
      {"", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.word);
    EXPECT_EQ(schema::suggestion_keys(c.word), c.keys);
  }
  // A misspelling and its correction meet under a key: a letter missing, a letter swapped.
  const auto shared = [](const std::string& a, const std::string& b) {
    const std::vector<std::string> x = schema::suggestion_keys(a), y = schema::suggestion_keys(b);
    return std::any_of(x.begin(), x.end(), [&](const std::string& k) { return std::count(y.begin(), y.end(), k) > 0; });
  };
  EXPECT_TRUE(shared("الانتخبات", "الانتخابات"));
  EXPECT_TRUE(shared("الحكمومة", "الحكومة"));
  EXPECT_TRUE(shared("الانتخباات", "الانتخابات"));  // swapped neighbours
  EXPECT_FALSE(shared("الانتخاتب", "الانتخابات"));  // a letter missing and two swapped: two edits
}

// The holders of an article id held by two files come back exactly, whatever their paths hold (spaces,
// colons, digits, Arabic), and the walk's order compares folder by folder: "أخبار/ب" comes before
// "أخبار.txt" as the walk meets them, though '.' sorts before '/' byte by byte.
TEST(SchemaTest, HoldersRoundTripAndTheWalksOrder) {
  const schema::Holders h{schema::unique_id_term("12: وكالة"),
                          {{"/ar/أخبار/ب 1.sgml", "أخبار/ب 1.sgml"}, {"/ar/2:3.txt", "/ar/2:3.txt"}}};
  const std::optional<schema::Holders> back = schema::decode_holders(schema::encode_holders(h));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id_term, h.id_term);
  EXPECT_EQ(back->files, h.files);
  EXPECT_FALSE(schema::decode_holders("5:abc"));
  EXPECT_FALSE(schema::decode_holders(schema::encode_holders(h) + "3:x"));
  EXPECT_TRUE(schema::holders_key(h.id_term).starts_with(schema::kHoldersPrefix));
  EXPECT_LT(schema::holders_key(std::string(240, 'x')).size(), 40u);

  EXPECT_TRUE(schema::later_in_walk("/ar/أخبار.txt", "/ar/أخبار/ب.txt"));
  EXPECT_FALSE(schema::later_in_walk("/ar/أخبار/ب.txt", "/ar/أخبار.txt"));
  EXPECT_TRUE(schema::later_in_walk("/ar/late/z.sgml", "/ar/early/a.sgml"));
  EXPECT_FALSE(schema::later_in_walk("/ar/a", "/ar/a"));
}

TEST(SchemaTest, WordListsAndShardFloors) {
  const std::vector<std::string> words{"الانتخابات", "الانتخبات", "nvidia"};
  EXPECT_EQ(schema::decode_word_list(schema::encode_word_list(words)), words);
  EXPECT_TRUE(schema::decode_word_list("").empty());
  EXPECT_EQ(schema::encode_word_list({}), "");
  EXPECT_EQ(schema::suggest_floor(1), schema::kSuggestFloor);
  for (std::uint32_t shards = 2; shards <= 8; ++shards) {
    SCOPED_TRACE(shards);
    // A word written in kSuggestFloor articles has at least the floor in one of the shards.
    EXPECT_GE(schema::suggest_floor(shards) * shards, schema::kSuggestFloor);
    EXPECT_LT((schema::suggest_floor(shards) - 1) * shards, schema::kSuggestFloor);
    EXPECT_GE(schema::suggest_floor(shards), 1u);
  }
}

}  // namespace
}  // namespace fahras
