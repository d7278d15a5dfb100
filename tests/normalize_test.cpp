// Tests of normalize() and normalize_field_value(), table-driven over real Arabic spellings (words
// from the ANT corpus and the Nvidia article of corpus/).
#include "fahras/normalize.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace fahras {
namespace {

struct Case {
  std::string_view input;
  std::string_view expected;
  std::string_view what;
};

const Case kCases[] = {
    // tashkeel
    {"الانتِخابات", "الانتخابات", "kasra"},
    {"مُحَمَّد", "محمد", "damma, fatha, shadda"},
    {"يُقام", "يقام", "damma (BBC: معرض يُقام)"},
    {"مؤقتًا", "مؤقتا", "tanwin fath (Nvidia article)"},
    {"جدًا", "جدا", "tanwin fath"},
    {"كِتَابٌ", "كتاب", "tanwin damm"},
    {"ٱلرَّحْمَٰنِ", "الرحمن", "alef wasla, sukun, superscript alef U+0670"},
    {"وَٱلۡقُرۡءَانِ", "والقرءان", "Quranic mark U+06E1; the lone hamza stays"},
    // alef forms
    {"أحمد", "احمد", "alef with hamza above"},
    {"إسلام", "اسلام", "alef with hamza below"},
    {"آمال", "امال", "alef with madda"},
    {"ٱلله", "الله", "alef wasla"},
    {"الإنتخابات", "الانتخابات", "hamza below inside a word"},
    {"ا\u0654", "ا", "decomposed أ: NFKC composes it, then it folds to ا"},
    // hamza on a carrier and lone hamza are kept (for now)
    {"مسؤول", "مسؤول", "ؤ kept"},
    {"رئيس", "رئيس", "ئ kept"},
    {"و\u0654", "ؤ", "decomposed ؤ: NFKC composes it, and it is kept"},
    {"سماء", "سماء", "lone ء kept"},
    // tatweel
    {"الانتخابـات", "الانتخابات", "tatweel"},
    {"جـمـيـل", "جميل", "tatweel between every letter"},
    {"لـ", "ل", "tatweel after a clitic (لـNvidia)"},
    {"ـ", "", "a lone tatweel, used as a dash in ANT (ـ طلب دعم)"},
    // presentation forms and ligatures, through NFKC
    {"ﻻ", "لا", "U+FEFB lam-alef ligature"},
    {"ﻷ", "لا", "U+FEF7 lam-alef with hamza: لأ, then the alef folds"},
    {"ﻹ", "لا", "U+FEF9 lam-alef with hamza below"},
    {"ﷲ", "الله", "U+FDF2 Allah ligature"},
    {"ﻣﺼﺮ", "مصر", "initial, medial and final presentation forms"},
    {"ﷺ", "صلي الله عليه وسلم", "U+FDFA: NFKC spells out four words (and ى -> ي)"},
    // alef maqsura, teh marbuta
    {"مستشفى", "مستشفي", "ى -> ي"},
    {"على", "علي", "ى -> ي: the preposition and the name meet"},
    {"فى", "في", "ى -> ي (فى for في, BBC)"},
    {"حكومة", "حكومه", "ة -> ه"},
    {"وكالة", "وكاله", "ة -> ه"},
    // Persian and Urdu letters
    {"کتاب", "كتاب", "Persian kaf U+06A9"},
    {"ایران", "ايران", "Persian yeh U+06CC"},
    {"خانۀ", "خانه", "heh with yeh above U+06C0"},
    {"اللہ", "الله", "Urdu heh goal U+06C1"},
    {"گ", "گ", "gaf has no Arabic equivalent: kept"},
    // digits and separators
    {"٢٠١٨", "2018", "Arabic-Indic digits"},
    {"۲۰۱۸", "2018", "Eastern Arabic-Indic (Persian) digits"},
    {"٢٢٫١", "22.1", "Arabic decimal separator"},
    {"٣٬٦٥٠", "3,650", "Arabic thousands separator"},
    {"3,650", "3,650", "ASCII number unchanged (JawharaFM: 3,650 ملايين دينار)"},
    {"m²", "m2", "superscript two, through NFKC"},
    // Latin
    {"NVIDIA", "nvidia", "upper case"},
    {"Nvidia", "nvidia", "title case"},
    {"GPUs", "gpus", "case folding only; stemming is the Analyzer's job"},
    {"ＮＶＩＤＩＡ", "nvidia", "full-width letters, through NFKC"},
    {"Straße", "strasse", "full case folding"},
    {"Café", "café", "accents kept"},
    {"H100", "h100", "letters and digits"},
    {"ΣΟΦΙΑ", "σοφια", "other scripts are case folded too"},
    // mixed Arabic and Latin
    {"لـNvidia", "لnvidia", "clitic with tatweel before a Latin name"},
    {"وGPU", "وgpu", "conjunction before an acronym"},
    // format characters
    {"ابن\u200Cسينا", "ابنسينا", "ZWNJ"},
    {"\u200Dلا\u200D", "لا", "ZWJ"},
    {"\u200Fمصر\u200E", "مصر", "RLM and LRM"},
    {"\u061Cغزة", "غزه", "Arabic letter mark U+061C"},
    {"\u202Bبيروت\u202C", "بيروت", "RLE ... PDF"},
    {"\u2067القدس\u2069", "القدس", "RLI ... PDI"},
    {"\uFEFFتونس", "تونس", "byte order mark"},
    {"\u200Bسوريا", "سوريا", "zero-width space"},
    // invalid UTF-8 and edge cases
    {"مصر\xFF", "مصر", "invalid byte dropped"},
    {"\xD9" "تونس", "تونس", "truncated sequence dropped"},
    {"\xED\xA0\x80" "قطر", "قطر", "encoded surrogate dropped"},
    {"\xC0\xAF", "", "overlong encoding dropped"},
    {"", "", "empty"},
};

TEST(NormalizeTest, Table) {
  for (const Case& c : kCases) {
    EXPECT_EQ(normalize(c.input), c.expected) << c.what << ": " << c.input;
  }
}

TEST(NormalizeTest, IsIdempotent) {
  for (const Case& c : kCases) {
    const std::string once = normalize(c.input);
    EXPECT_EQ(normalize(once), once) << c.what;
  }
}

TEST(NormalizeTest, LongWordsLeaveTheStackBuffer) {
  std::string input, expected;
  for (int i = 0; i < 300; ++i) {
    input += "بِـ";
    expected += "ب";
  }
  EXPECT_EQ(normalize(input), expected);
  std::string ligatures, spelled;
  for (int i = 0; i < 40; ++i) {
    ligatures += "ﷺ";  // each expands to 18 UTF-16 units
    spelled += "صلي الله عليه وسلم";
  }
  EXPECT_EQ(normalize(ligatures), spelled);
}

TEST(NormalizeFieldValueTest, Table) {
  const Case cases[] = {
      {"Sky News", "skynews", "space"},
      {"skynews", "skynews", "already normal"},
      {"SKY-NEWS", "skynews", "hyphen, upper case"},
      {"SkyNews", "skynews", "ANT v2.1 SRC value"},
      {"Jawhara FM", "jawharafm", "ANT v1.1 SRC value"},
      {"France 24", "france24", "digits kept"},
      {"CNN", "cnn", ""},
      {"سكاي نيوز عربية", "سكاينيوزعربيه", "Arabic words, ة -> ه"},
      {"الشؤون الثقافية، والفنون", "الشؤونالثقافيهوالفنون", "Arabic comma"},
      {"internationalNews", "internationalnews", "ANT category"},
      {"  localNews\t", "localnews", "surrounding white space"},
      {"«ثقافة»", "ثقافه", "guillemets"},
      {"", "", "empty"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(normalize_field_value(c.input), c.expected) << c.what << ": " << c.input;
  }
}

}  // namespace
}  // namespace fahras
