// The light stemmer works on normalised words (normalize.h: ة is already ه, أ إ آ are ا, ى is ي),
// so its affixes are written in normalised form and compared byte-wise: UTF-8 is prefix-free, so a
// byte prefix that is a whole letter sequence is a letter prefix.
//
// Rules, in order (the examples are normalised forms):
//   1. A protected word (common/data/protected-words.txt) keeps its prefix letters: بيروت, وزير,
//      فرنسا, المانيا (from ألمانيا, where ال is not the article).
//   2. Prefixes. The longest article-with-clitics prefix (وبال فبال وال فال بال كال ولل فلل لل ال) is
//      stripped when at least 2 letters remain: والحكومه -> حكومه. Otherwise at most one conjunction
//      (و ف) and then at most one preposition (ب ل ك) are stripped, each when at least 3 letters
//      remain: وقال -> قال, ولبيروت -> لبيروت -> بيروت. After each letter stripped, a protected
//      remainder ends prefix stripping (لبيروت -> بيروت), and so does a blocked one: a word is
//      blocked when it is protected once a suffix is removed (وزيرها is وزير + ها, not و + زيرها).
//   3. Suffixes, light10's list in normalised form and in its order, each removed at most once when
//      at least kMinStemLetters letters remain: ها ان ات ون ين يه ه ي (light10's يه ية ه ة ي are one
//      after normalisation). A protected word only loses a suffix that leaves a protected word:
//      لاعبين -> لاعب and فلسطينيه -> فلسطين (both protected), but لبنان keeps its ان.
//
// kMinStemLetters is 3 where light10 has 2. Run over the 30,000 most frequent words of ANT, 2 makes
// frequent short words collapse into unrelated two-letter stems: سنه (year) with سن (age), قوات
// (forces) with قوي and قوه (strong, power), مكان (place) with مكه (Mecca), امين with ام (mother),
// راي (opinion) -> را, قمه (summit) -> قم. With 3 a word of three letters keeps its last letter,
// and words of four letters or more lose the same suffixes as with light10: حكومه -> حكوم,
// انتخابات -> انتخاب, دوله -> دول.
//
// Names it has never seen. A word that starts with و ف ب ل ك and is not protected has two readings
// (three with two such letters): the letter is a proclitic (بمصر = ب + مصر), or it belongs to a
// word the list does not know (بنزيما, بايدن, فيلبس, كوفيد). stem() gives the first reading, as
// before; stem_with_readings() also gives the others, the word with fewer letters cut and the same
// suffixes stripped, and the analyser indexes all of them at the word's position (Token::readings).
// So every form of a name (بايدن, لبايدن, وبايدن, ببايدن, البايدن) has the term بايدن, and an
// article's terms depend on the article alone: an incremental run equals a fresh build. Which
// reading a query means is decided at query time, from what the index holds (searcher/query.cpp).
// The protected list stays, as a shortcut for the frequent words it knows: they keep one reading,
// their terms and ranking as before, and the index does not grow for them; a word it misses is
// still found, through its second reading.
//
// Names at the other end (rule 4). ان and ون end duals and sound plurals (الطرفان, اللاعبون) but
// also names and words of their own: سلمان -> سلم, عدنان -> عدن (Aden), ميلان -> ميل, طهران -> طهر,
// طيران -> طير, ماكرون -> ماكر (cunning). So does ين, their oblique case (الطرفين, اللاعبين), and
// names with it: البحرين -> بحر (the sea), الفلبين -> فلب, ياسين -> ياس, and the tens, عشرين
// (twenty) -> عشر (ten). stem() strips them, as before; stem_with_readings() also
// gives, for an unprotected word that lost one, each of its readings with the ending kept, and the
// analyser indexes those too at the word's position (Token::kept): every form of ماكرون (لماكرون,
// وماكرون) has the term ماكرون, and every form of البحرين (للبحرين, والبحرين) the term بحرين. The
// query side decides from the index which a typed word is: a dual or plural is written in both
// cases, a name in one (nobody writes سلمين, ماكرين or البحران; searcher/query.cpp).
// KeptEndings::kNominative is analyser 4, which kept ان and ون alone.
//
// What the light stemmer does NOT do, by design: broken plurals stay apart from their singular
// (وزراء / وزير, اطفال / طفل), and a pronoun suffix after a plural or feminine ending only loses
// the pronoun, light10's single pass (سياساته -> سياسات, while سياسات -> سياس).
#include "fahras/stemmer.h"

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

namespace fahras {
namespace {

constexpr std::string_view kProtectedWords[] = {
#include "protected_words.inc"
};

const std::unordered_set<std::string_view>& protected_words() {
  static const std::unordered_set<std::string_view> set(std::begin(kProtectedWords),
                                                        std::end(kProtectedWords));
  return set;
}

bool is_protected(std::string_view word) { return protected_words().contains(word); }

// Number of code points in UTF-8 `word`.
std::size_t letters(std::string_view word) {
  std::size_t n = 0;
  for (char c : word) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  return n;
}

constexpr std::size_t kLetterBytes = 2;  // every Arabic letter is two bytes in UTF-8
constexpr std::size_t kMinStemLetters = 3;
constexpr std::size_t kMinAfterArticle = 2;
constexpr std::size_t kMinAfterClitic = 3;

struct ArticlePrefix {
  std::string_view text;
  std::size_t clitics;  // leading clitic letters before ال (or before the ل of لل)
};

// Longest first, so that the first match is the longest.
constexpr ArticlePrefix kArticlePrefixes[] = {
    {"وبال", 2}, {"فبال", 2}, {"وال", 1}, {"فال", 1}, {"بال", 1},
    {"كال", 1},  {"ولل", 2},  {"فلل", 2}, {"لل", 1},  {"ال", 0},
};

constexpr std::string_view kConjunctions[] = {"و", "ف"};
constexpr std::string_view kPrepositions[] = {"ب", "ل", "ك"};
constexpr std::string_view kSuffixes[] = {"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"};

// True iff `word` is protected once one of kSuffixes is removed (وزيرها -> وزير).
bool protected_before_suffix(std::string_view word) {
  for (std::string_view suffix : kSuffixes) {
    if (word.size() > suffix.size() && word.ends_with(suffix) &&
        is_protected(word.substr(0, word.size() - suffix.size()))) {
      return true;
    }
  }
  return false;
}

// Strips one of `clitics` off the front of `word` when at least kMinAfterClitic letters remain.
template <std::size_t N>
bool strip_clitic(std::string_view& word, const std::string_view (&clitics)[N]) {
  if (letters(word) < kMinAfterClitic + 1) return false;
  for (std::string_view clitic : clitics) {
    if (word.starts_with(clitic)) {
      word.remove_prefix(clitic.size());
      return true;
    }
  }
  return false;
}

// Rule 2 of the file comment: strips the prefixes of `word` in place. Appends to `cut`, when given,
// the word as it was before each one-letter proclitic (و ف ب ل ك, not before ال) was cut.
void strip_prefixes(std::string_view& word, std::vector<std::string_view>* cut) {
  for (const ArticlePrefix& article : kArticlePrefixes) {
    if (!word.starts_with(article.text)) continue;
    if (letters(word) < letters(article.text) + kMinAfterArticle) continue;
    for (std::size_t i = 0; i < article.clitics; ++i) {
      word.remove_prefix(kLetterBytes);
      if (is_protected(word)) return;
    }
    word.remove_prefix(article.text.size() - article.clitics * kLetterBytes);
    return;
  }
  if (protected_before_suffix(word)) return;
  // A cut that leaves a protected word is sure (لفرنسا), so it keeps no other reading.
  const auto known = [](std::string_view rest) { return is_protected(rest) || protected_before_suffix(rest); };
  const std::string_view whole = word;
  if (strip_clitic(word, kConjunctions)) {
    if (known(word)) return;
    if (cut) cut->push_back(whole);
  }
  const std::string_view before = word;
  if (strip_clitic(word, kPrepositions) && cut && !known(word)) cut->push_back(before);
}

// The endings of sound plurals and duals that also end names and nouns (سلمان, ماكرون, البحرين):
// rule 4. The oblique ين only with KeptEndings::kAll.
bool is_ambiguous_ending(std::string_view suffix, KeptEndings kept) {
  switch (kept) {
    case KeptEndings::kNone: return false;
    case KeptEndings::kNominative: return suffix == "ان" || suffix == "ون";
    case KeptEndings::kAll: return suffix == "ان" || suffix == "ون" || suffix == "ين";
  }
  return false;
}

// Rule 3 of the file comment: strips the suffixes of `word`. A protected word only loses a suffix
// that leaves another protected word (لاعبين -> لاعب, فلسطينيه -> فلسطين, but وكاله stays).
// `kept`, when given, gets rule 4's reading: the word as it was before an unprotected word lost one
// of the `endings` (ان ون ين: no later suffix can follow a final ن), or the stem when it lost none.
std::string_view strip_suffixes(std::string_view word, std::string_view* kept = nullptr,
                                KeptEndings endings = KeptEndings::kNone) {
  bool is_word_protected = is_protected(word);
  std::string_view whole;
  for (std::string_view suffix : kSuffixes) {
    if (!word.ends_with(suffix) || letters(word) < letters(suffix) + kMinStemLetters) continue;
    const std::string_view stem = word.substr(0, word.size() - suffix.size());
    const bool is_stem_protected = is_protected(stem);
    if (is_word_protected && !is_stem_protected) continue;
    if (whole.empty() && !is_word_protected && is_ambiguous_ending(suffix, endings)) whole = word;
    word = stem;
    is_word_protected = is_stem_protected;
  }
  if (kept) *kept = whole.empty() ? word : whole;
  return word;
}

class LightStemmer final : public Stemmer {
 public:
  explicit LightStemmer(KeptEndings kept) : kept_(kept) {}
  std::string stem(std::string_view word) const override {
    if (!is_protected(word)) strip_prefixes(word, nullptr);
    return std::string(strip_suffixes(word));
  }
  std::string stem_with_readings(std::string_view word, std::vector<std::string>& readings,
                                 std::vector<std::string>* kept) const override {
    readings.clear();
    if (kept) kept->clear();
    std::vector<std::string_view> cut;
    if (!is_protected(word)) strip_prefixes(word, &cut);
    cut.push_back(word);  // the term, last
    bool any_kept = false;
    std::string stem;
    for (std::size_t k = 0; k < cut.size(); ++k) {
      std::string_view whole;
      stem = strip_suffixes(cut[k], &whole, kept_);
      any_kept |= whole.size() != stem.size();
      if (k + 1 < cut.size()) readings.push_back(stem);
      if (kept) kept->emplace_back(whole);
    }
    if (kept && !any_kept) kept->clear();
    return stem;
  }
  std::string_view name() const override { return "light"; }

 private:
  KeptEndings kept_;
};

// Xapian::Stem keeps state while it stems, so calls on one instance are serialised.
class SnowballStemmer final : public Stemmer {
 public:
  std::string stem(std::string_view word) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return stemmer_(std::string(word));
  }
  std::string_view name() const override { return "snowball"; }

 private:
  mutable std::mutex mutex_;
  mutable Xapian::Stem stemmer_{"arabic"};
};

}  // namespace

std::span<const std::string_view> protected_word_list() { return kProtectedWords; }

std::unique_ptr<Stemmer> make_light_stemmer(KeptEndings kept) { return std::make_unique<LightStemmer>(kept); }

std::unique_ptr<Stemmer> make_snowball_stemmer() { return std::make_unique<SnowballStemmer>(); }

}  // namespace fahras
