// The stored article (schema::encode_article / decode_article): what the indexer writes, the searcher
// reads back exactly, through the fast reader of flat objects or, for anything else, the general JSON
// parser.
#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace fahras
