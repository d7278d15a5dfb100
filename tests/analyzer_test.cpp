// Tests of the Analyzer: segmentation and byte offsets, positions, stopwords, script splitting,
// numbers, bad input, versions, and the property everything else relies on: every spelling variant
// of a word gives the same term. Text is real: ANT articles and the Nvidia article of corpus/.
#include "fahras/analyzer.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <unicode/umachine.h>

#include "fahras/error.h"
#include "fahras/normalize.h"
#include "fahras/schema.h"
#include "fahras/stemmer.h"
#include "fahras/stopwords.h"
#include "test_util.h"

namespace fahras {
namespace {

std::string_view slice(std::string_view text, const Token& token) {
  return text.substr(token.begin, token.end - token.begin);
}

std::vector<std::string_view> slices(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<std::string_view> out;
  for (const Token& token : tokens) out.push_back(slice(text, token));
  return out;
}

std::vector<std::string> terms(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& token : tokens) out.push_back(token.term);
  return out;
}

// Offsets inside the text, positions 0, 1, 2... (a ligature standing for several words gives
// several tokens with the same offsets), never an empty normalised form.
void expect_well_formed(std::string_view text, const std::vector<Token>& tokens) {
  std::uint32_t last_end = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    EXPECT_LT(t.begin, t.end);
    EXPECT_LE(t.end, text.size());
    EXPECT_EQ(t.position, i);
    EXPECT_FALSE(t.normalized.empty());
    EXPECT_LE(t.term.size(), schema::kMaxTermBytes);
    if (i > 0 && t.begin != tokens[i - 1].begin) {
      EXPECT_GE(t.begin, last_end);
    }
    last_end = t.end;
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// analyze() segments most text itself instead of asking ICU (analyzer.cpp, fast_segments): it must
// give exactly ICU's tokens. Every token field is compared, so a boundary anywhere else would show.
void expect_same_as_icu(const Analyzer& analyzer, std::string_view text, const std::string& what) {
  const std::vector<Token> fast = analyzer.analyze(text);
  const std::vector<Token> icu = analyzer.analyze_with_icu(text);
  ASSERT_EQ(fast.size(), icu.size()) << what;
  for (std::size_t i = 0; i < fast.size(); ++i) {
    ASSERT_EQ(fast[i].begin, icu[i].begin) << what << ", token " << i << " '" << slice(text, icu[i]) << "'";
    ASSERT_EQ(fast[i].end, icu[i].end) << what << ", token " << i << " '" << slice(text, icu[i]) << "'";
    ASSERT_EQ(fast[i].term, icu[i].term) << what << ", token " << i;
    ASSERT_EQ(fast[i].normalized, icu[i].normalized) << what << ", token " << i;
    ASSERT_EQ(fast[i].position, icu[i].position) << what << ", token " << i;
    ASSERT_EQ(fast[i].script, icu[i].script) << what << ", token " << i;
    ASSERT_EQ(fast[i].stopword, icu[i].stopword) << what << ", token " << i;
  }
}

TEST(AnalyzerTest, SegmentsEveryCorpusArticleAsICUDoes) {
  const Analyzer analyzer;
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(test::corpus_dir())) {
    if (!entry.is_regular_file()) continue;
    expect_same_as_icu(analyzer, test::slurp(entry.path()), entry.path().string());
    ++files;
  }
  EXPECT_GT(files, 299u);
}

// analyze_for() (snippets) finds exactly the words analyze() gives one of the wanted terms, under
// the same term and readings, and every token at the same place: over every corpus article, for
// terms of the article itself (a name with two readings among them when the article has one, and a
// two-letter term, which the bitmap of 4-byte keys cannot hold), with each stemmer.
TEST(AnalyzerTest, AnalysingForSomeTermsFindsTheWordsAnalysingFindsThem) {
  for (const StemmerKind stemmer : {StemmerKind::kLight, StemmerKind::kSnowball, StemmerKind::kNone}) {
    const Analyzer analyzer(AnalyzerOptions{.stemmer = stemmer});
    std::size_t found = 0, with_readings = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(test::corpus_dir())) {
      if (!entry.is_regular_file()) continue;
      const std::string text = test::slurp(entry.path());
      const std::vector<Token> all = analyzer.analyze(text);
      std::vector<std::string> terms{"في", "مصر"};
      for (std::size_t i = 0; i < all.size(); i += 37) {
        if (!all[i].term.empty()) terms.push_back(all[i].term);
      }
      for (const Token& t : all) {
        if (!t.readings.empty()) {
          terms.push_back(t.readings.front());
          break;
        }
      }
      const std::vector<std::string_view> wanted(terms.begin(), terms.end());
      const auto is_wanted = [&](const std::string& term) {
        return std::find(terms.begin(), terms.end(), term) != terms.end();
      };
      const std::vector<Token> some = analyzer.analyze_for(text, wanted);
      ASSERT_EQ(some.size(), all.size()) << entry.path();
      for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(some[i].begin, all[i].begin);
        EXPECT_EQ(some[i].end, all[i].end);
        EXPECT_EQ(some[i].position, all[i].position);
        EXPECT_EQ(some[i].normalized, all[i].normalized);
        const bool matches = is_wanted(all[i].term) || std::any_of(all[i].readings.begin(), all[i].readings.end(), is_wanted);
        if (matches) {
          EXPECT_EQ(some[i].term, all[i].term) << entry.path() << ": " << all[i].normalized;
          EXPECT_EQ(some[i].readings, all[i].readings) << entry.path() << ": " << all[i].normalized;
          ++found;
          with_readings += !all[i].readings.empty();
        } else {
          EXPECT_FALSE(is_wanted(some[i].term) || std::any_of(some[i].readings.begin(), some[i].readings.end(), is_wanted))
              << entry.path() << ": " << all[i].normalized;
        }
      }
    }
    EXPECT_GT(found, 4000u);
    if (stemmer == StemmerKind::kLight) {
      EXPECT_GT(with_readings, 100u);
    }
  }
}

TEST(AnalyzerTest, SegmentsEveryCodePointOfTheFastRangeAsICUDoes) {
  // Each code point below U+0700 (ASCII, Latin-1, Greek, Cyrillic, Hebrew, Arabic...) between
  // letters, digits, spaces and punctuation of both scripts: the joins of UAX #29 (U.S, 22.1,
  // don't, 1,000, ٥،٦) happen in exactly such places.
  const Analyzer analyzer;
  const std::vector<std::pair<std::string, std::string>> contexts = {
      {"ab", "cd"}, {"كت", "اب"}, {"12", "34"}, {"١٢", "٣٤"}, {" ", " "}, {"", ""}, {"a", "1"},
      {"ب", "2"}, {"9", "ب"}, {"قال ", "ه"}, {"e", ""}, {"", "x"}, {"،", "."}, {"\n", "\r\n"},
      {"a'", "b"}, {"1.", "2"}, {"_", "_"}, {"ـ", "ـ"}, {"\xCC\x81", "\xD9\x8E"}};
  for (UChar32 c = 1; c < 0x700; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    std::string one;
    if (c < 0x80) {
      one += static_cast<char>(c);
    } else {
      one += static_cast<char>(0xC0 | (c >> 6));
      one += static_cast<char>(0x80 | (c & 0x3F));
    }
    for (const auto& [before, after] : contexts) {
      const std::string text = before + one + after + " " + one + one + after + before + one;
      expect_same_as_icu(analyzer, text, "U+" + std::to_string(c) + " in '" + text + "'");
      if (HasFatalFailure()) return;
    }
  }
}

TEST(AnalyzerTest, SegmentsNewsPunctuationAsICUDoes) {
  const Analyzer analyzer;
  for (const char* text : {
           "U.S. 22.1% don't 1,000,000 e.g. a:b NVIDIA's H100 ٥٬٦ ٣٫١٤ 5،6 الف.باء وزارة:الصحة",
           "#الولايات_المتحدة «الشرق الأوسط» (بي بي سي) - 2018/02/20 ... !! ؟؟ — «قال»: \"نعم\"",
           "الانتخابـــات الانتِخابات الإنتخابات ﷺ www.bbc.com/arabic info@example.com 10:30",
           "\xEF\xBB\xBFمرحبا\xE2\x80\x8Fعالم \xF0\x9F\x98\x80 中文 עברית \xD8", "\xCC\x81\xCC\x81 ab\r\n\xCC\x81x"}) {
    expect_same_as_icu(analyzer, text, text);
  }
}

TEST(AnalyzerTest, SegmentsWithByteOffsetsIntoTheOriginal) {
  // JawharaFM, JA-culture-31-20170126.
  const std::string_view text =
      "أعلنت وزارة الشؤون الثقافية، في بلاغ لها مساء الاربعاء، عن نتائج أعمال لجنة التشجيع على "
      "الإنتاج السينمائي بعنوان سنة 2016، والتي شملت إسناد منح تشجيعية في أبواب \"الأفلام "
      "الطويلة\"";
  const std::vector<std::string_view> words = {
      "أعلنت", "وزارة",   "الشؤون", "الثقافية", "في",       "بلاغ",     "لها",
      "مساء",  "الاربعاء", "عن",     "نتائج",    "أعمال",    "لجنة",     "التشجيع",
      "على",   "الإنتاج",  "السينمائي", "بعنوان", "سنة",      "2016",     "والتي",
      "شملت",  "إسناد",   "منح",    "تشجيعية",  "في",       "أبواب",    "الأفلام",
      "الطويلة"};
  Analyzer analyzer;
  const std::vector<Token> tokens = analyzer.analyze(text);
  EXPECT_EQ(slices(text, tokens), words);
  expect_well_formed(text, tokens);
  for (const Token& t : tokens) EXPECT_EQ(t.normalized, normalize(slice(text, t)));
}

TEST(AnalyzerTest, OffsetsCoverDiacriticsAndTatweelInsideAWord) {
  const std::string_view text = "فاز مُحَمَّد في الانتِخابات الانتخابـات";
  Analyzer analyzer;
  const std::vector<Token> tokens = analyzer.analyze(text);
  const std::vector<std::string_view> words = {"فاز", "مُحَمَّد", "في", "الانتِخابات",
                                               "الانتخابـات"};
  EXPECT_EQ(slices(text, tokens), words);
  EXPECT_EQ(tokens[1].normalized, "محمد");
  EXPECT_EQ(tokens[3].term, tokens[4].term);
}

TEST(AnalyzerTest, PunctuationIsNeverAToken) {
  // BBC Arabic, BB-culture-37-20180220, with the rest of the Arabic punctuation added.
  const std::string_view text =
      "وقالت :\"هل سيتم تأجيل افتتاح المتحف المصرى الكبير (سبع سنوات) - حتى عودة هذه القطع؟ "
      "«كنوز الفرعون الصغير»؛ نعم، لا.";
  const std::vector<std::string_view> words = {
      "وقالت", "هل", "سيتم", "تأجيل", "افتتاح", "المتحف", "المصرى", "الكبير", "سبع", "سنوات",
      "حتى", "عودة", "هذه", "القطع", "كنوز", "الفرعون", "الصغير", "نعم", "لا"};
  Analyzer analyzer;
  const std::vector<Token> tokens = analyzer.analyze(text);
  EXPECT_EQ(slices(text, tokens), words);
  for (std::string_view punctuation : {"،", "؛", "؟", "«", "»", ":", "-", "(", ")", "\"", "."}) {
    EXPECT_TRUE(analyzer.analyze(punctuation).empty()) << punctuation;
  }
}

TEST(AnalyzerTest, PositionsCountStopwords) {
  const std::string_view text = "قال إنه لن يعلن عن X منذ فترة";  // Nvidia article
  Analyzer analyzer;
  const std::vector<Token> tokens = analyzer.analyze(text);
  ASSERT_EQ(tokens.size(), 8u);
  const bool stop[] = {false, true, true, false, true, false, true, false};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i].position, i);
    EXPECT_EQ(tokens[i].stopword, stop[i]) << slice(text, tokens[i]);
    EXPECT_EQ(tokens[i].term.empty(), stop[i]) << slice(text, tokens[i]);
  }
  EXPECT_EQ(tokens[5].term, "x");
}

TEST(AnalyzerTest, Stopwords) {
  const std::string_view stopwords[] = {
      "في",  "فى",  "فِي", "من",  "على", "إلى", "الى", "عن",    "مع",   "هذا", "هذه",  "التي",
      "الذي", "أن",  "إن",  "كان", "قد",  "لا",   "ما",  "لم",    "لن",   "ثم",  "أو",   "و",
      "ال",  "ب",   "ل",   "لـ",  "ﻻ",   "وفي",  "فإن", "ولكن",  "متى",  "كيف", "أين",  "لماذا",
      "ماذا", "هل",  "كم",  "تم",  "يتم", "أيضا", "بعد", "خلال",  "والتي"};
  const std::string_view content[] = {"رئيس", "حكومة", "عام", "يوم", "قال", "وقال", "أكبر",
                                      "وزير", "الحكومة", "انتخابات", "ولي", "سنة", "بي"};
  Analyzer analyzer;
  for (std::string_view word : stopwords) {
    EXPECT_TRUE(is_stopword(normalize(word))) << word;
    EXPECT_EQ(analyzer.term(word), "") << word;
  }
  for (std::string_view word : content) {
    EXPECT_FALSE(is_stopword(normalize(word))) << word;
    EXPECT_NE(analyzer.term(word), "") << word;
  }
  EXPECT_FALSE(is_stopword("the"));  // no Latin stopwords
  EXPECT_EQ(analyzer.term("the"), "the");

  Analyzer keep({.stemmer = StemmerKind::kLight, .stopwords = false});
  EXPECT_EQ(keep.term("في"), "في");
  EXPECT_FALSE(keep.analyze("في")[0].stopword);
}

TEST(AnalyzerTest, SplitsArabicFromLatin) {
  struct {
    std::string_view text;
    std::vector<std::string_view> slices;
    std::vector<std::string> terms;
    std::vector<Script> scripts;
  } const cases[] = {
      {"لـNvidia", {"لـ", "Nvidia"}, {"", "nvidia"}, {Script::kArabic, Script::kLatin}},
      {"وGPU", {"و", "GPU"}, {"", "gpu"}, {Script::kArabic, Script::kLatin}},
      {"لشركةNvidia", {"لشركة", "Nvidia"}, {"شرك", "nvidia"}, {Script::kArabic, Script::kLatin}},
      {"Teslaو", {"Tesla", "و"}, {"tesla", ""}, {Script::kLatin, Script::kArabic}},
      {"وH100", {"و", "H100"}, {"", "h100"}, {Script::kArabic, Script::kLatin}},
      {"2018م", {"2018", "م"}, {"2018", ""}, {Script::kNumber, Script::kArabic}},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    const std::vector<Token> tokens = analyzer.analyze(c.text);
    EXPECT_EQ(slices(c.text, tokens), c.slices) << c.text;
    EXPECT_EQ(terms(tokens), c.terms) << c.text;
    ASSERT_EQ(tokens.size(), c.scripts.size()) << c.text;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      EXPECT_EQ(tokens[i].script, c.scripts[i]) << c.text;
      EXPECT_EQ(tokens[i].position, i) << c.text;
    }
  }
}

TEST(AnalyzerTest, NumbersStayWholeAndUnstemmed) {
  struct {
    std::string_view text;
    std::string_view term;
    Script script;
  } const cases[] = {
      {"2018", "2018", Script::kNumber},   {"22.1", "22.1", Script::kNumber},
      {"3,650", "3,650", Script::kNumber}, {"٢٠١٨", "2018", Script::kNumber},
      {"۲۰۱۸", "2018", Script::kNumber},   {"٢٢٫١", "22.1", Script::kNumber},
      {"١٬٥٠٠", "1,500", Script::kNumber}, {"H100", "h100", Script::kLatin},
      {"A100s", "a100s", Script::kLatin},  {"2016،", "2016", Script::kNumber},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    const std::vector<Token> tokens = analyzer.analyze(c.text);
    ASSERT_EQ(tokens.size(), 1u) << c.text;
    EXPECT_EQ(tokens[0].term, c.term) << c.text;
    EXPECT_EQ(tokens[0].script, c.script) << c.text;
  }
}

TEST(AnalyzerTest, LatinIsCaseFoldedAndStemmedInEnglish) {
  struct {
    std::string_view word;
    std::string_view term;
  } const cases[] = {
      {"Nvidia", "nvidia"},   {"NVIDIA", "nvidia"}, {"nvidia", "nvidia"},
      {"GPU", "gpu"},         {"GPUs", "gpu"},      {"gpus", "gpus"},  // only upper-case acronyms
      {"NVIDIA’s", "nvidia"}, {"Musk's", "musk"},   {"chips", "chip"},
      {"Huang", "huang"},     {"Москва", "москва"},
  };
  Analyzer analyzer;
  for (const auto& c : cases) EXPECT_EQ(analyzer.term(c.word), c.term) << c.word;
}

// Spellings of one form of a word (hamza, diacritics, tatweel, case, digits): they must meet with
// any stemmer, since normalisation alone makes them equal.
const std::vector<std::vector<std::string_view>> kSpellings = {
    {"الانتخابات", "الإنتخابات", "الانتخابـات", "الانتِخابات"},
    {"الحكومة", "الحكومه", "الحكـومة", "الحُكومة"},
    {"ألمانيا", "المانيا", "إلمانيا"},
    {"Nvidia", "NVIDIA", "nvidia", "ＮＶＩＤＩＡ"},
    {"إنفيديا", "انفيديا", "إنفيديـا"},
    {"2018", "٢٠١٨", "۲۰۱۸"},
    {"مستشفى", "مستشفي", "مستشفـى"},
    {"ایران", "إيران"},
};

// Inflections of one word (article, clitics, plural s): they meet through the light stemmer.
const std::vector<std::vector<std::string_view>> kInflections = {
    {"الانتخابات", "انتخابات", "والانتخابات", "الإنتخابات", "الانتخابـات", "الانتِخابات",
     "للانتخابات", "بالانتخابات"},
    {"الحكومة", "والحكومة", "حكومة", "للحكومة", "بالحكومة", "الحكومه", "الحكـومة"},
    {"بيروت", "لبيروت", "وبيروت", "ولبيروت"},
    {"الوزير", "وزير", "والوزير", "للوزير", "ووزير"},
    {"ألمانيا", "المانيا", "وألمانيا", "لألمانيا"},
    {"قال", "وقال", "فقال"},
    {"Nvidia", "NVIDIA", "nvidia", "ＮＶＩＤＩＡ"},
    {"إنفيديا", "انفيديا", "إنفيديـا"},
    {"GPU", "GPUs", "gpu"},
    {"مستشفى", "مستشفي", "المستشفى", "والمستشفى"},
};

void expect_groups_meet(const Analyzer& analyzer,
                        const std::vector<std::vector<std::string_view>>& groups) {
  for (const auto& group : groups) {
    const std::string first = analyzer.term(group[0]);
    EXPECT_NE(first, "") << group[0];
    for (std::string_view word : group) {
      EXPECT_EQ(analyzer.term(word), first) << analyzer.version() << ": " << word << " vs " << group[0];
    }
  }
}

TEST(AnalyzerTest, AllSpellingsOfAWordMeet) {
  for (StemmerKind stemmer : {StemmerKind::kLight, StemmerKind::kSnowball, StemmerKind::kNone}) {
    expect_groups_meet(Analyzer({stemmer, true, false}), kSpellings);
  }
}

TEST(AnalyzerTest, AllInflectionsOfAWordMeet) { expect_groups_meet(Analyzer(), kInflections); }

TEST(AnalyzerTest, LigatureOfSeveralWordsGivesSeveralTokens) {
  const std::string_view text = "النبي ﷺ قال";
  Analyzer analyzer;
  const std::vector<Token> tokens = analyzer.analyze(text);
  ASSERT_EQ(tokens.size(), 6u);
  for (std::size_t i = 1; i <= 4; ++i) EXPECT_EQ(slice(text, tokens[i]), "ﷺ");
  EXPECT_EQ(tokens[2].normalized, "الله");
  EXPECT_TRUE(tokens[3].stopword);  // عليه
  EXPECT_EQ(tokens[5].position, 5u);
  expect_well_formed(text, tokens);
}

TEST(AnalyzerTest, InvalidUtf8NeverCrashesAndStaysInBounds) {
  const std::string_view inputs[] = {
      "مصر\xFF\xFEتونس", "\xD9", "ب\xD9", "\xC0\xAF\xC0\xAF", "\xED\xA0\x80قطر",
      "Nvidia\x80\x80لـ\xF4\x90\x80\x80GPU", "\xF0\x9F", "\xE2\x80",
  };
  Analyzer analyzer;
  for (std::string_view input : inputs) expect_well_formed(input, analyzer.analyze(input));
  const std::vector<Token> tokens = analyzer.analyze("مصر\xFF\xFEتونس");
  EXPECT_EQ(terms(tokens), (std::vector<std::string>{"مصر", "تونس"}));

  // Arabic and Latin bytes cut into random pieces and shuffled with junk bytes.
  const std::string alphabet = "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإةى ـًٌٍَُِّ،؛؟«»NVIDIA2018٢٠.,-";
  std::mt19937 random(2018);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 48);
    for (int i = 0; i < length; ++i) {
      text += random() % 5 == 0 ? static_cast<char>(random() % 256)
                                : alphabet[random() % alphabet.size()];
    }
    expect_well_formed(text, analyzer.analyze(text));
  }
}

TEST(AnalyzerTest, OverlongTokensKeepTheirPositionButHaveNoTerm) {
  const std::string at_limit(schema::kMaxTermBytes, 'x');
  std::string arabic_at_limit, arabic_over;
  for (std::size_t i = 0; i < schema::kMaxTermBytes / 2; ++i) arabic_at_limit += "س";
  arabic_over = arabic_at_limit + "س";
  const std::string latin_over(200, 'a');
  const std::string text = "في " + arabic_over + " بيروت " + latin_over + " " + arabic_at_limit +
                           " " + at_limit;
  Analyzer analyzer;
  const std::vector<Token> tokens = analyzer.analyze(text);
  ASSERT_EQ(tokens.size(), 6u);
  expect_well_formed(text, tokens);
  EXPECT_EQ(tokens[1].term, "");
  EXPECT_FALSE(tokens[1].stopword);
  EXPECT_EQ(tokens[1].normalized, arabic_over);
  EXPECT_EQ(tokens[2].term, "بيروت");
  EXPECT_EQ(tokens[2].position, 2u);
  EXPECT_EQ(tokens[3].term, "");
  EXPECT_EQ(tokens[4].term, arabic_at_limit);
  EXPECT_EQ(tokens[5].term, at_limit);
}

TEST(AnalyzerTest, TextWithoutWords) {
  Analyzer analyzer;
  for (std::string_view text : {"", " ", "\n\t", "،؛؟ «» - ...", "ـ ـ", "\u200F", "😀 🇸🇦"}) {
    EXPECT_TRUE(analyzer.analyze(text).empty()) << text;
    EXPECT_EQ(analyzer.term(text), "") << text;
  }
}

TEST(AnalyzerTest, TheNvidiaArticle) {
  const std::string text = read_file(std::string(FAHRAS_SOURCE_DIR) + "/corpus/nvidia-musk-article.txt");
  ASSERT_FALSE(text.empty());
  Analyzer analyzer;
  const std::vector<Token> tokens = analyzer.analyze(text);
  expect_well_formed(text, tokens);
  EXPECT_GT(tokens.size(), 1000u);
  std::size_t nvidia = 0, arabic_nvidia = 0, gpu = 0;
  for (const Token& t : tokens) {
    EXPECT_EQ(t.normalized, normalize(slice(text, t))) << slice(text, t);
    nvidia += t.term == "nvidia";
    arabic_nvidia += t.term == analyzer.term("إنفيديا");
    gpu += t.term == "gpu";
  }
  EXPECT_GE(nvidia, 5u);
  EXPECT_GE(arabic_nvidia, 1u);
  EXPECT_GE(gpu, 1u);
}

TEST(AnalyzerTest, TermOfOneWord) {
  Analyzer analyzer;
  EXPECT_EQ(analyzer.term("الحكومة"), "حكوم");
  EXPECT_EQ(analyzer.term("في"), "");
  EXPECT_EQ(analyzer.term("لـNvidia"), "nvidia");  // the first word with a term
  EXPECT_EQ(Analyzer({StemmerKind::kNone, true, false}).term("الحكومة"), "الحكومه");
}

TEST(AnalyzerTest, VersionRoundTrips) {
  const AnalyzerOptions all[] = {
      {StemmerKind::kLight, true, false},    {StemmerKind::kLight, false, false},
      {StemmerKind::kSnowball, true, false}, {StemmerKind::kSnowball, false, false},
      {StemmerKind::kNone, true, false},     {StemmerKind::kNone, false, false},
      {StemmerKind::kLight, true, true},     {StemmerKind::kSnowball, false, true},
  };
  for (const AnalyzerOptions& options : all) {
    const Analyzer analyzer(options);
    const Analyzer rebuilt = Analyzer::from_version(analyzer.version());
    EXPECT_EQ(rebuilt.version(), analyzer.version());
    EXPECT_EQ(rebuilt.options().stemmer, options.stemmer);
    EXPECT_EQ(rebuilt.options().stopwords, options.stopwords);
    EXPECT_EQ(rebuilt.options().fold_hamza, options.fold_hamza);
  }
  const std::string lists = " lists=" + word_lists_hash(stopword_list(), protected_word_list());
  EXPECT_EQ(Analyzer().version(), "fahras-analyzer/5 stem=light stop=1" + lists);
  EXPECT_EQ(Analyzer({StemmerKind::kSnowball, false, false}).version(),
            "fahras-analyzer/5 stem=snowball stop=0" + lists);
  EXPECT_EQ(Analyzer({StemmerKind::kLight, true, true}).version(),
            "fahras-analyzer/5 stem=light stop=1 hamza=1" + lists);
  // Written before the lists were named: taken to be this build's lists.
  EXPECT_EQ(Analyzer::from_version("fahras-analyzer/5 stem=light stop=1").version(), Analyzer().version());
}

// Version 3 wrote no readings with the ending ان or ون kept (Token::kept): its analyser is rebuilt
// without them, so that a query over such a database searches the terms it holds, as before.
TEST(AnalyzerTest, Version3IsRebuiltWithoutKeptEndings) {
  const std::string lists = " lists=" + word_lists_hash(stopword_list(), protected_word_list());
  const Analyzer old = Analyzer::from_version("fahras-analyzer/3 stem=light stop=1" + lists);
  EXPECT_EQ(old.version(), "fahras-analyzer/3 stem=light stop=1" + lists);
  EXPECT_EQ(old.options().kept_endings, KeptEndings::kNone);
  EXPECT_EQ(Analyzer().options().kept_endings, KeptEndings::kAll);
  EXPECT_EQ(Analyzer::from_version(Analyzer().version()).options().kept_endings, KeptEndings::kAll);
  for (const char* word : {"ماكرون", "لماكرون", "سلمان", "اللاعبون"}) {
    const Token then = old.analyze(word).front();
    const Token now = Analyzer().analyze(word).front();
    EXPECT_EQ(then.term, now.term) << word;
    EXPECT_EQ(then.readings, now.readings) << word;
    EXPECT_TRUE(then.kept.empty()) << word;
  }
}

// Version 4 kept the endings ان and ون, not ين: its analyser is rebuilt so, and a query over such a
// database searches البحرين under the stem بحر it holds, as before.
TEST(AnalyzerTest, Version4IsRebuiltWithoutTheObliqueEnding) {
  const std::string lists = " lists=" + word_lists_hash(stopword_list(), protected_word_list());
  const Analyzer old = Analyzer::from_version("fahras-analyzer/4 stem=light stop=1" + lists);
  EXPECT_EQ(old.version(), "fahras-analyzer/4 stem=light stop=1" + lists);
  EXPECT_EQ(old.options().kept_endings, KeptEndings::kNominative);
  EXPECT_EQ(old.analyze("لماكرون").front().kept, (std::vector<std::string>{"لماكرون", "ماكرون"}));
  for (const char* word : {"البحرين", "للبحرين", "المهندسين"}) {
    const Token then = old.analyze(word).front();
    const Token now = Analyzer().analyze(word).front();
    EXPECT_EQ(then.term, now.term) << word;
    EXPECT_EQ(then.readings, now.readings) << word;
    EXPECT_TRUE(then.kept.empty()) << word;
    EXPECT_FALSE(now.kept.empty()) << word;
  }
}

// A word that lost ان, ون or ين has its readings with the ending kept, beside the terms it had;
// other words have none.
TEST(AnalyzerTest, KeptEndings) {
  const Analyzer analyzer;
  const std::vector<Token> tokens = analyzer.analyze("قال وماكرون إن عدنان والطرفين اتفقا في طهران");
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[1].term, "ماكر");
  EXPECT_EQ(tokens[1].readings, (std::vector<std::string>{"وماكر"}));
  EXPECT_EQ(tokens[1].kept, (std::vector<std::string>{"وماكرون", "ماكرون"}));
  EXPECT_EQ(tokens[3].term, "عدن");
  EXPECT_EQ(tokens[3].kept, (std::vector<std::string>{"عدنان"}));
  EXPECT_EQ(tokens[4].term, "طرف");
  EXPECT_EQ(tokens[4].kept, (std::vector<std::string>{"طرفين"}));
  EXPECT_TRUE(tokens[5].kept.empty());
  EXPECT_EQ(tokens[7].kept, (std::vector<std::string>{"طهران"}));
  Token token = tokens[1];
  keep_ending(token);
  EXPECT_EQ(token.term, "ماكرون");
  EXPECT_EQ(token.readings, (std::vector<std::string>{"وماكرون"}));
  EXPECT_TRUE(token.kept.empty());
  Token plain = tokens[5];  // اتفقا: no ending to keep
  keep_ending(plain);
  EXPECT_EQ(plain.term, tokens[5].term);
}

// An edit to either list changes the version, so the indexer refuses to mix terms of two lists in
// one database and the searcher to analyse queries with other lists than the index.
TEST(AnalyzerTest, VersionNamesTheWordListsSoThatAnEditIsNoticed) {
  const std::vector<std::string_view> stop(stopword_list().begin(), stopword_list().end());
  const std::vector<std::string_view> kept(protected_word_list().begin(), protected_word_list().end());
  ASSERT_GT(stop.size(), 100u);
  ASSERT_GT(kept.size(), 100u);
  const std::string ours = word_lists_hash(stop, kept);
  EXPECT_EQ(ours.size(), 8u);
  std::vector<std::string_view> fewer_stop(stop.begin(), stop.end() - 1);  // one stopword dropped
  std::vector<std::string_view> more_kept(kept);
  more_kept.push_back("بيروت");  // one protected word added
  std::vector<std::string_view> moved(stop);
  std::swap(moved[0], moved[1]);
  for (const std::string& other : {word_lists_hash(fewer_stop, kept), word_lists_hash(stop, more_kept),
                                   word_lists_hash(kept, stop), word_lists_hash(moved, kept)}) {
    EXPECT_NE(other, ours);
    const std::string version = "fahras-analyzer/3 stem=light stop=1 lists=" + other;
    EXPECT_THROW(Analyzer::from_version(version), Error) << version;
  }
  // A word moved from the end of one list to the start of the other is another pair of lists too.
  std::vector<std::string_view> shifted_stop(stop.begin(), stop.end() - 1);
  std::vector<std::string_view> shifted_kept{stop.back()};
  shifted_kept.insert(shifted_kept.end(), kept.begin(), kept.end());
  EXPECT_NE(word_lists_hash(shifted_stop, shifted_kept), ours);
}

// Hamza seats differ between writers (مسؤول in the Levant and the Gulf, مسئول in Egypt).
TEST(AnalyzerTest, FoldingHamzaSeatsMakesTheirVariantsMeet) {
  const Analyzer folding({StemmerKind::kLight, true, true});
  const Analyzer plain;
  static const struct {
    const char* a;
    const char* b;
  } pairs[] = {{"مسؤول", "مسئول"}, {"المسؤولين", "المسئولين"}, {"شؤون", "شئون"}, {"التساؤلات", "التسائلات"}};
  for (const auto& p : pairs) {
    SCOPED_TRACE(p.a);
    EXPECT_EQ(folding.term(p.a), folding.term(p.b));
    EXPECT_NE(plain.term(p.a), plain.term(p.b));
  }
  // Offsets still point at the original spelling.
  const std::string text = "قال المسئول";
  const std::vector<Token> tokens = folding.analyze(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "المسئول");
}

// Al Arabiya joins the words of a hashtag with underscores; each word must be found on its own.
TEST(AnalyzerTest, HashtagWordsJoinedByUnderscoresAreSeparateWords) {
  const Analyzer analyzer;
  const std::string text = "أقرت #إندونيسيا قانوناً بين #الولايات_المتحدة والصين ومبعوث #مارتن_غريفيث";
  std::vector<std::string> words;
  for (const Token& t : analyzer.analyze(text)) words.push_back(text.substr(t.begin, t.end - t.begin));
  EXPECT_EQ(words, (std::vector<std::string>{"أقرت", "إندونيسيا", "قانوناً", "بين", "الولايات", "المتحدة",
                                             "والصين", "ومبعوث", "مارتن", "غريفيث"}));
  EXPECT_EQ(analyzer.term("#الولايات_المتحدة"), analyzer.term("الولايات"));
  // Latin snake_case splits too; numbers keep their inner separators.
  words.clear();
  const std::string latin = "machine_learning 22.1 3,650";
  for (const Token& t : analyzer.analyze(latin)) words.push_back(latin.substr(t.begin, t.end - t.begin));
  EXPECT_EQ(words, (std::vector<std::string>{"machine", "learning", "22.1", "3,650"}));
}

TEST(AnalyzerTest, ForeignVersionsAreRefused) {
  for (std::string_view version :
       {"fahras-analyzer/1 stem=light stop=1", "fahras-analyzer/10 stem=light stop=1",
        // before a name's other readings were indexed (Token::readings): its databases lack them
        "fahras-analyzer/2 stem=light stop=1",
        "fahras-analyzer/3 stem=porter stop=1", "fahras-analyzer/3 stem=light",
        "fahras-analyzer/3 stem=light stop=1 hamza=2", "fahras-analyzer/3", "fahras-analyzer/4 stem=light",
        "fahras-analyzer/5 stem=light", "fahras-analyzer/6 stem=light stop=1", "", "omega"}) {
    try {
      Analyzer::from_version(version);
      ADD_FAILURE() << "accepted " << version;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), Error::Kind::kDatabase);
      const std::string message = e.what();
      EXPECT_NE(message.find(std::string(version)), std::string::npos) << message;
      EXPECT_NE(message.find("fahras-analyzer/5"), std::string::npos) << message;
    }
  }
}

TEST(AnalyzerTest, CopiesAreIndependent) {
  const std::string_view text = "أعلنت وزارة الشؤون الثقافية لـNvidia في بيروت";
  Analyzer original({.stemmer = StemmerKind::kSnowball});
  const std::vector<std::string> expected = terms(original.analyze(text));
  Analyzer copy(original);
  Analyzer assigned;
  assigned = original;
  EXPECT_EQ(copy.version(), original.version());
  EXPECT_EQ(assigned.version(), original.version());
  Analyzer moved(std::move(original));
  for (const Analyzer* a : {&copy, &assigned, &moved}) EXPECT_EQ(terms(a->analyze(text)), expected);

  // One copy per thread, as the indexer and searcher do.
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i, local = copy] {
      bool same = true;
      for (int round = 0; round < 200; ++round) same = same && terms(local.analyze(text)) == expected;
      ok[i] = same;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok, std::vector<int>(4, 1));
}

}  // namespace
}  // namespace fahras
