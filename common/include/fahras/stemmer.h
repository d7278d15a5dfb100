// Stemmers for normalised Arabic words: a swappable stage of the Analyzer, so the relevance benchmark
// can decide between candidates. Implementations are immutable after construction and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

// The endings after whose loss a word also keeps a reading with the ending (Stemmer::stem_with_readings,
// Token::kept): duals, sound plurals and names all end in them (الطرفان, اللاعبين; سلمان, البحرين).
enum class KeptEndings : std::uint8_t {
  kNone,        // none: databases of analyser 3
  kNominative,  // ان and ون: databases of analyser 4
  kAll,         // ان, ون and the oblique ين: analyser 5
};

class Stemmer {
 public:
  virtual ~Stemmer() = default;
  // REQUIRES: `word` is normalised (normalize.h) and in Arabic script.
  // Returns its stem; never empty when `word` is not.
  virtual std::string stem(std::string_view word) const = 0;
  // stem(word), and in `readings` (cleared first) the other readings of a word whose first letters
  // stem() cuts as one-letter proclitics (و ف ب ل ك) but which may belong to the word (a name the
  // stemmer has never seen: بنزيما, بايدن): the stem of the word with none of them cut, then with
  // one, and so on, one per letter cut, suffixes stripped as stem() strips them. Empty for most
  // words, and always for stemmers that do not cut such letters on a guess.
  // `kept`, when not null, is cleared, and for a word that lost the ending ان, ون or ين (a dual or
  // plural, or a name: سلمان, ماكرون, البحرين) gets the other reading of that ending, the word with it kept:
  // one entry for each of `readings` and then one for the stem, in that order (لماكرون: stem ماكر,
  // readings {لماكر}, kept {لماكرون, ماكرون}); an entry equals its reading where that reading kept
  // its ending anyway. Empty when no reading lost one, and always for other stemmers.
  virtual std::string stem_with_readings(std::string_view word, std::vector<std::string>& readings,
                                         std::vector<std::string>* kept) const {
    readings.clear();
    if (kept) kept->clear();
    return stem(word);
  }
  virtual std::string_view name() const = 0;
};

// Fahras' light stemmer, in the spirit of Larkey's light10 with the fixes it lacks: it strips
// وبال فبال وال فال بال كال ولل فلل لل ال consistently, and a leading conjunction (و ف) and
// preposition (ب ل ك) only when what remains is still a word; words where such a letter belongs to
// the word (وزير, بيروت, فرنسا, and المانيا from ألمانيا) are protected by a list derived from the
// ANT corpora. Then light10's suffixes, leaving at least three letters. The rules and their
// reasons are in common/src/stemmer.cpp. `kept`: the endings stem_with_readings() keeps a reading for.
std::unique_ptr<Stemmer> make_light_stemmer(KeptEndings kept = KeptEndings::kAll);

// The light stemmer's protected words (common/data/protected-words.txt), in the list's order: for
// the analyser's version, which names a hash of them (analyzer.h).
std::span<const std::string_view> protected_word_list();

// Xapian's Snowball "arabic" stemmer.
std::unique_ptr<Stemmer> make_snowball_stemmer();

}  // namespace fahras
