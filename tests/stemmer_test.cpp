// Tests of the Arabic stemmers on normalised words (the Analyzer normalises before it stems, so
// every input here goes through normalize() first, as in the index).
#include "fahras/stemmer.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/normalize.h"

namespace fahras {
namespace {

std::string light(std::string_view word) {
  static const std::unique_ptr<Stemmer> stemmer = make_light_stemmer();
  return stemmer->stem(normalize(word));
}

std::string snowball(std::string_view word) {
  static const std::unique_ptr<Stemmer> stemmer = make_snowball_stemmer();
  return stemmer->stem(normalize(word));
}

// Words that must share one stem, and what it is.
struct Group {
  std::vector<std::string_view> words;
  std::string_view stem;
};

TEST(LightStemmerTest, MustHold) {
  const Group groups[] = {
      {{"الحكومة", "والحكومة", "حكومة", "للحكومة", "بالحكومة", "فالحكومة", "وبالحكومة"}, "حكوم"},
      {{"انتخابات", "الانتخابات", "والانتخابات", "للانتخابات", "الإنتخابات", "بالانتخابات"},
       "انتخاب"},
      {{"بيروت", "لبيروت", "وبيروت", "فبيروت", "ولبيروت"}, "بيروت"},  // not يرو
      {{"وقال", "قال", "فقال"}, "قال"},
      {{"الوزير", "وزير", "والوزير", "للوزير", "ووزير", "وزيرها"}, "وزير"},
  };
  for (const Group& group : groups) {
    for (std::string_view word : group.words) EXPECT_EQ(light(word), group.stem) << word;
  }
}

TEST(LightStemmerTest, WordsThatStartWithACliticLetterAreNotMangled) {
  // Each is protected (common/data/protected-words.txt): the letter belongs to the word.
  for (std::string_view word : {"وزير", "فرنسا", "بيروت", "لبنان", "فلسطين", "بريطانيا", "وكالة",
                                "واشنطن", "فيسبوك", "كوريا", "ليبيا", "بوتين", "وزارة", "فريق",
                                "برنامج", "لجنة", "كبير", "بيان", "الله"}) {
    EXPECT_EQ(light(word), normalize(word)) << word;
  }
  // ... also after a clitic or the article.
  const Group groups[] = {
      {{"لبنان", "ولبنان", "بلبنان"}, "لبنان"},
      {{"فرنسا", "وفرنسا", "لفرنسا", "بفرنسا"}, "فرنسا"},
      {{"وكالة", "الوكالة", "ووكالة", "لوكالة", "بالوكالة"}, "وكاله"},
      {{"بريطانيا", "وبريطانيا", "لبريطانيا"}, "بريطانيا"},
      {{"الله", "والله", "بالله"}, "الله"},
      // A protected word loses a suffix only to become another protected word.
      {{"لاعب", "لاعبين", "لاعبي", "اللاعبين", "للاعبين"}, "لاعب"},
      {{"فلسطين", "فلسطيني", "الفلسطينية", "فلسطينيون", "والفلسطينيين"}, "فلسطين"},
      {{"لبنان", "لبناني", "اللبنانية"}, "لبنان"},
      {{"وزير", "وزيرة", "الوزيرة"}, "وزير"},
      {{"بيان", "بيانات", "البيانات"}, "بيان"},
      {{"كبير", "كبيرة", "الكبيرة"}, "كبير"},
      {{"وكالات", "الوكالات"}, "وكالات"},  // وكال is not a word: the plural keeps its ات
  };
  for (const Group& group : groups) {
    for (std::string_view word : group.words) EXPECT_EQ(light(word), group.stem) << word;
  }
}

TEST(LightStemmerTest, AnArticleThatIsAHamza) {
  // ألمانيا normalises to المانيا, whose ال is not the article: it is protected, and found again
  // under a clitic or the article.
  const Group groups[] = {
      {{"ألمانيا", "وألمانيا", "لألمانيا", "بألمانيا"}, "المانيا"},
      {{"ألعاب", "الألعاب", "والألعاب", "للألعاب"}, "العاب"},
      {{"آلاف", "الآلاف", "بآلاف"}, "الاف"},
  };
  for (const Group& group : groups) {
    for (std::string_view word : group.words) EXPECT_EQ(light(word), group.stem) << word;
  }
}

TEST(LightStemmerTest, Table) {
  struct {
    std::string_view word;
    std::string_view stem;
    std::string_view why;
  } const cases[] = {
      // prefixes
      {"كالعادة", "عاد", "كال, then ه"},
      {"وللحكومة", "حكوم", "ولل"},
      {"للغاية", "غاي", "لل, then ه"},
      {"والي", "الي", "وال would leave 1 letter; و leaves 3"},
      {"ولي", "ولي", "و would leave 2 letters (ولي العهد)"},
      {"لها", "لها", "too short for any prefix"},
      {"بالغ", "بالغ", "protected: بال would leave 1 letter, ب would leave الغ"},
      // suffixes, at most once each, in light10's order, leaving at least 3 letters
      {"المعلمون", "معلم", "ون"},
      {"والمعلمين", "معلم", "ين"},
      {"المعلمات", "معلم", "ات"},
      {"معلمة", "معلم", "ة"},
      {"معلمها", "معلم", "ها"},
      {"معلم", "معلم", ""},
      {"سياسات", "سياس", "ات"},
      {"سنة", "سنه", "3 letters: ه stays (with 2, سنه would meet سن)"},
      {"السنة", "سنه", ""},
      {"قوات", "قوات", "ات would leave 2 letters (قو, with قوي and قوه)"},
      {"مكان", "مكان", "ان would leave مك"},
      {"رأي", "راي", "ي would leave 2 letters"},
      {"التنفيذي", "تنفيذ", "ي"},
      {"الفلسطينية", "فلسطين", "the protected فلسطينيه, then يه to the protected فلسطين"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(light(c.word), c.stem) << c.word << " (" << c.why << ")";
  }
  // A pronoun after a plural ending loses only the pronoun: light10's single pass.
  EXPECT_EQ(light("سياساته"), "سياسات");
}

// True iff `word` is made of Arabic letters U+0621-U+064A only.
bool is_arabic_word(std::string_view word) {
  if (word.empty() || word.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < word.size(); i += 2) {
    const unsigned c = (static_cast<unsigned char>(word[i]) & 0x1Fu) << 6 |
                       (static_cast<unsigned char>(word[i + 1]) & 0x3Fu);
    if ((static_cast<unsigned char>(word[i]) & 0xE0u) != 0xC0u || c < 0x0621 || c > 0x064A) {
      return false;
    }
  }
  return true;
}

TEST(LightStemmerTest, StemIsANonEmptyPieceOfTheWord) {
  std::ifstream in(std::string(FAHRAS_SOURCE_DIR) + "/corpus/nvidia-musk-article.txt");
  int words = 0;
  for (std::string word; in >> word;) {
    const std::string n = normalize(word);
    if (!is_arabic_word(n)) continue;
    const std::string stem = light(word);
    EXPECT_FALSE(stem.empty()) << word;
    EXPECT_NE(n.find(stem), std::string::npos) << word << " -> " << stem;
    ++words;
  }
  EXPECT_GT(words, 500);
}

TEST(LightStemmerTest, ProtectedWordsAreNormalisedSortedAndKeepTheirPrefix) {
  std::ifstream in(std::string(FAHRAS_SOURCE_DIR) + "/common/data/protected-words.txt");
  ASSERT_TRUE(in) << "common/data/protected-words.txt";
  std::vector<std::string> words;
  for (std::string line; std::getline(in, line);) words.push_back(line);
  EXPECT_GT(words.size(), 500u);
  EXPECT_LT(words.size(), 5000u);
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
  EXPECT_EQ(std::adjacent_find(words.begin(), words.end()), words.end());
  const std::unique_ptr<Stemmer> stemmer = make_light_stemmer();
  for (const std::string& word : words) {
    EXPECT_EQ(normalize(word), word) << "not normalised: " << word;
    // Its stem is itself, or itself less a suffix when that is protected too.
    const std::string stem = stemmer->stem(word);
    EXPECT_TRUE(word.starts_with(stem)) << word << " -> " << stem;
    EXPECT_TRUE(std::binary_search(words.begin(), words.end(), stem)) << word << " -> " << stem;
  }
}

// A word whose first letters the stemmer cuts as proclitics keeps its other readings: the name it
// may be (بنزيما, not نزيما), suffixes stripped alike. None of these names is protected.
TEST(LightStemmerTest, ReadingsOfWordsThatMayBeNames) {
  const struct {
    std::string_view word;
    std::string_view stem;
    std::vector<std::string> readings;  // fewest letters cut first
  } cases[] = {
      {"بايدن", "ايدن", {"بايدن"}},
      {"لبايدن", "بايدن", {"لبايدن"}},
      {"وبايدن", "ايدن", {"وبايدن", "بايدن"}},
      {"البايدن", "بايدن", {}},  // ال is cut without a second reading
      {"بنزيما", "نزيما", {"بنزيما"}},
      {"فيلبس", "يلبس", {"فيلبس"}},
      {"كوفيد", "وفيد", {"كوفيد"}},
      {"فولوديمير", "ولوديمير", {"فولوديمير"}},
      {"بمصر", "مصر", {"بمصر"}},
      {"وقال", "قال", {"وقال"}},
      // Protected words have one reading, as before.
      {"وزير", "وزير", {}},
      {"وزيرها", "وزير", {}},
      {"فرنسا", "فرنسا", {}},
      {"لفرنسا", "فرنسا", {}},
      {"بيروت", "بيروت", {}},
      {"الحكومة", "حكوم", {}},
  };
  const std::unique_ptr<Stemmer> stemmer = make_light_stemmer();
  for (const auto& c : cases) {
    std::vector<std::string> readings{"left over"};
    const std::string word = normalize(c.word);
    EXPECT_EQ(stemmer->stem_with_readings(word, readings, nullptr), normalize(c.stem)) << c.word;
    EXPECT_EQ(stemmer->stem(word), normalize(c.stem)) << c.word;
    EXPECT_EQ(readings, c.readings) << c.word;
  }
  std::vector<std::string> readings{"left over"};
  std::vector<std::string> kept{"left over"};
  make_snowball_stemmer()->stem_with_readings("بايدن", readings, &kept);
  EXPECT_TRUE(readings.empty());
  EXPECT_TRUE(kept.empty());
}

// A word that loses the ending ان, ون or ين (a dual or plural, or a name: سلمان, ماكرون, البحرين)
// also has its readings with that ending kept, one for each reading and then one for the stem; the
// stem and the readings are those stem() and the proclitic rule give, as before. ات and a protected
// word's ending have none.
TEST(LightStemmerTest, ReadingsWithTheEndingKept) {
  const struct {
    std::string_view word;
    std::string_view stem;
    std::vector<std::string> readings;
    std::vector<std::string> kept;
  } cases[] = {
      {"سلمان", "سلم", {}, {"سلمان"}},
      {"عدنان", "عدن", {}, {"عدنان"}},
      {"طهران", "طهر", {}, {"طهران"}},
      {"إيران", "اير", {}, {"ايران"}},
      {"الطيران", "طير", {}, {"طيران"}},
      {"ماكرون", "ماكر", {}, {"ماكرون"}},
      {"لماكرون", "ماكر", {"لماكر"}, {"لماكرون", "ماكرون"}},
      {"وماكرون", "ماكر", {"وماكر"}, {"وماكرون", "ماكرون"}},
      {"والطرفان", "طرف", {}, {"طرفان"}},
      {"سوليفانها", "سوليف", {}, {"سوليفان"}},  // ها goes first, then ان
      {"اللاعبين", "لاعب", {}, {}},  // protected, as لاعب is: no other reading
      {"المهندسين", "مهندس", {}, {"مهندسين"}},
      {"البحرين", "بحر", {}, {"بحرين"}},
      {"للبحرين", "بحر", {}, {"بحرين"}},  // لل is the article's: no other reading
      {"لياسين", "ياس", {"لياس"}, {"لياسين", "ياسين"}},
      {"الحوثيين", "حوث", {}, {"حوثيين"}},  // ين, then ي: the ending kept is the first
      {"عشرين", "عشر", {}, {"عشرين"}},
      {"الانتخابات", "انتخاب", {}, {}},
      {"الحكومة", "حكوم", {}, {}},
      {"بايدن", "ايدن", {"بايدن"}, {}},
      {"لبنان", "لبنان", {}, {}},  // protected: keeps its ان, one reading
  };
  const std::unique_ptr<Stemmer> stemmer = make_light_stemmer();
  for (const auto& c : cases) {
    std::vector<std::string> readings{"left over"};
    std::vector<std::string> kept{"left over"};
    const std::string word = normalize(c.word);
    EXPECT_EQ(stemmer->stem_with_readings(word, readings, &kept), normalize(c.stem)) << c.word;
    EXPECT_EQ(stemmer->stem(word), normalize(c.stem)) << c.word;
    EXPECT_EQ(readings, c.readings) << c.word;
    EXPECT_EQ(kept, c.kept) << c.word;
  }
}

// The stemmer of a database of analyser 4 keeps ان and ون, not ين.
TEST(LightStemmerTest, TheNominativeEndingsAlone) {
  const std::unique_ptr<Stemmer> stemmer = make_light_stemmer(KeptEndings::kNominative);
  std::vector<std::string> readings, kept;
  EXPECT_EQ(stemmer->stem_with_readings(normalize("البحرين"), readings, &kept), "بحر");
  EXPECT_TRUE(kept.empty());
  EXPECT_EQ(stemmer->stem_with_readings(normalize("ماكرون"), readings, &kept), "ماكر");
  EXPECT_EQ(kept, (std::vector<std::string>{"ماكرون"}));
  EXPECT_EQ(make_light_stemmer(KeptEndings::kNone)->stem_with_readings(normalize("ماكرون"), readings, &kept), "ماكر");
  EXPECT_TRUE(kept.empty());
}

TEST(LightStemmerTest, Name) { EXPECT_EQ(make_light_stemmer()->name(), "light"); }

// What Snowball's Arabic stemmer does with the same words: it strips و, ب, ل and the article more
// eagerly and only some of their combinations, which is why Fahras has its own.
TEST(SnowballStemmerTest, DiffersOnArticlesAndClitics) {
  struct {
    std::string_view word;
    std::string_view stem;
  } const cases[] = {
      {"الحكومة", "حكومه"}, {"حكومة", "حكوم"},  {"والحكومة", "والحكوم"},  // وال is not stripped
      {"للحكومة", "حكومه"}, {"بالحكومة", "حكومه"},
      {"الانتخابات", "انتخاب"}, {"انتخابات", "انتخابا"}, {"والانتخابات", "والانتخابا"},
      {"بيروت", "يرو"},     {"لبيروت", "لبيرو"},  {"وزير", "زير"},  // the letters of the word go
      {"فرنسا", "رنس"},     {"وكالة", "كال"},     {"وقال", "قال"},
  };
  for (const auto& c : cases) EXPECT_EQ(snowball(c.word), c.stem) << c.word;
  EXPECT_NE(snowball("والحكومة"), snowball("الحكومة"));
  EXPECT_NE(snowball("الحكومة"), snowball("حكومة"));
  EXPECT_EQ(make_snowball_stemmer()->name(), "snowball");
}

TEST(SnowballStemmerTest, NeverEmpty) {
  for (std::string_view word : {"و", "ال", "في", "بال", "لل", "ما"}) {
    EXPECT_FALSE(snowball(word).empty()) << word;
    EXPECT_FALSE(light(word).empty()) << word;
  }
}

}  // namespace
}  // namespace fahras
