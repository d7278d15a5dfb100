// Snippets: the passage shown for a result, and its highlights, on real article text.
#include <algorithm>

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include "fahras/snippet.h"
#include "test_util.h"

namespace fahras {
namespace {

bool valid_utf8(const std::string& s) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::vector<std::string> highlighted(const Snippet& s) {
  std::vector<std::string> out;
  for (const Highlight& h : s.highlights) out.push_back(s.text.substr(h.start, h.end - h.start));
  return out;
}

class SnippetTest : public ::testing::Test {
 protected:
  TermSet terms(std::initializer_list<const char*> words) const {
    TermSet out;
    for (const char* w : words) out.insert(analyzer_.term(w));
    return out;
  }
  Analyzer analyzer_;
};

// From ANT v1.1 (JawharaFM), with the variants a real archive mixes.
const std::string kText =
    "أعلنت الهيئة العليا المستقلة للانتخابات عن موعد الإنتخابات البلدية. وقال رئيس الهيئة إن "
    "الانتخابـات ستجري في موعدها، وإنّ الانتِخابات التشريعية القادمة ستكون في 2019. "
    "وأضاف أن الحكومة ستوفر كل الإمكانيات والحكومة مطالبة بذلك.";

TEST_F(SnippetTest, HighlightsEveryVariantAsWritten) {
  const Snippet s = make_snippet(kText, terms({"الانتخابات"}), analyzer_, {.max_bytes = 1000});
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"للانتخابات", "الإنتخابات", "الانتخابـات", "الانتِخابات"}));
  EXPECT_EQ(s.text, kText);  // short text: whole, no ellipsis
}

TEST_F(SnippetTest, NeverHighlightsStopwordsOrTheBareArticle) {
  const Snippet s = make_snippet("قال إن ال حكومة في تونس", terms({"في", "إن", "ال", "حكومة"}), analyzer_);
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"حكومة"}));
}

TEST_F(SnippetTest, PicksThePassageWithMostDistinctTerms) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "تحدث الوزير عن الاقتصاد في المؤتمر الصحفي. ";
  text += "أكد وزير الداخلية أن الانتخابات البلدية ستجري في موعدها. ";
  for (int i = 0; i < 30; ++i) text += "تحدث الوزير عن الاقتصاد في المؤتمر الصحفي. ";
  const Snippet s = make_snippet(text, terms({"الانتخابات", "البلدية", "الاقتصاد"}), analyzer_, {.max_bytes = 200});
  const std::vector<std::string> words = highlighted(s);
  EXPECT_NE(std::find(words.begin(), words.end(), "الانتخابات"), words.end());
  EXPECT_NE(std::find(words.begin(), words.end(), "البلدية"), words.end());
  EXPECT_NE(std::find(words.begin(), words.end(), "الاقتصاد"), words.end());
  EXPECT_TRUE(s.text.starts_with("…"));
  EXPECT_TRUE(s.text.ends_with("…"));
}

TEST_F(SnippetTest, FindsAMatchFarIntoALongText) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "تحدث الوزير عن الاقتصاد في المؤتمر الصحفي. ";  // about 15 KB
  text += "وأكد أن الانتخابات البلدية ستجري في موعدها.";
  const Snippet s = make_snippet(text, terms({"الانتخابات", "البلدية"}), analyzer_, {.max_bytes = 120});
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"الانتخابات", "البلدية"}));
  EXPECT_TRUE(s.text.starts_with("…"));
  EXPECT_TRUE(s.text.ends_with("في موعدها."));  // the end of the text, its full stop kept
}

TEST_F(SnippetTest, TheFirstPassageWithEveryTermWins) {
  std::string text = "أعلنت الهيئة موعد الانتخابات البلدية. ";
  for (int i = 0; i < 40; ++i) text += "تحدث الوزير عن الاقتصاد في المؤتمر الصحفي. ";
  text += "الانتخابات البلدية ثم الانتخابات البلدية مرة أخرى.";
  const Snippet s = make_snippet(text, terms({"الانتخابات", "البلدية"}), analyzer_, {.max_bytes = 100});
  EXPECT_TRUE(s.text.starts_with("أعلنت الهيئة")) << s.text;
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"الانتخابات", "البلدية"}));
}

TEST_F(SnippetTest, NeverCutsAWordOrAUtf8Sequence) {
  const std::string text = test::slurp(test::corpus_dir() / "nvidia-musk-article.txt");
  ASSERT_GT(text.size(), 5000u);
  std::string flat = text;  // snippets show line breaks as spaces
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  for (std::size_t max : {1, 7, 40, 100, 321, 999}) {
    SCOPED_TRACE(max);
    const Snippet s = make_snippet(text, terms({"Nvidia", "هوانغ"}), analyzer_, {.max_bytes = max});
    EXPECT_TRUE(valid_utf8(s.text));
    EXPECT_LE(s.text.size(), std::max<std::size_t>(max, 40) + 6 + 40);
    // Every word of the snippet, after the ellipses, is a whole word of the article.
    std::string inner = s.text;
    if (inner.starts_with("…")) inner = inner.substr(3);
    if (inner.ends_with("…")) inner.resize(inner.size() - 3);
    ASSERT_FALSE(inner.empty());
    EXPECT_NE(flat.find(inner), std::string::npos) << inner;
    for (const std::string& w : highlighted(s)) EXPECT_TRUE(w == "Nvidia" || w == "هوانغ") << w;
  }
}

TEST_F(SnippetTest, WithoutMatchesShowsTheStart) {
  const Snippet s = make_snippet(kText, terms({"كرة"}), analyzer_, {.max_bytes = 60});
  EXPECT_TRUE(s.highlights.empty());
  EXPECT_TRUE(s.text.starts_with("أعلنت الهيئة"));
  EXPECT_TRUE(s.text.ends_with("…"));
}

TEST_F(SnippetTest, TitlesAreHighlightedWhole) {
  const Snippet s = highlight_all("هيئة الإنتخابات تعلن موعد الانتخابات البلدية", terms({"الانتخابات"}), analyzer_);
  EXPECT_EQ(highlighted(s), (std::vector<std::string>{"الإنتخابات", "الانتخابات"}));
}

}  // namespace
}  // namespace fahras
