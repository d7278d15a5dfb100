// Analyzer: the one text analysis chain of Fahras. The indexer, the query parser and the snippet
// highlighter all call it, so a word and each of its spelling variants always reach the same term.
//
// The chain, applied to UTF-8 text:
//   1. segment into words with ICU's word break iterator (each token keeps its byte offsets in the
//      ORIGINAL text, so that highlights map back after normalisation);
//   2. split a token where it changes between Arabic script and the rest ("لـNvidia" -> "لـ",
//      "Nvidia"; "2018م" -> "2018", "م"); digits stay with Latin letters ("H100" is one token);
//   3. normalise (normalize.h): NFKC, no tashkeel or tatweel, one alef, ى->ي, ة->ه, Western digits,
//      Latin case folded;
//   4. mark stopwords (stopwords.h) - they keep their position but produce no term;
//   5. stem: Arabic words with the configured Stemmer, Latin words with Snowball English, numbers and
//      words mixing letters and digits (H100) kept whole.
// A term longer than schema::kMaxTermBytes is dropped: its token keeps its position, with no term.
//
// Thread-safety: an Analyzer holds an ICU break iterator, a Snowball stemmer and a bounded cache of
// stems, so one instance must not be used by two threads at once, not even through const methods. Give each thread its
// own copy: copying is cheap (it clones the iterator) and gives an independent instance.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/stemmer.h"

namespace fahras {

// 8 hex digits: a hash (FNV-1a) of the word lists that shape terms, the stopwords and the light
// stemmer's protected words (each word ended by '\n', each list by an empty line).
std::string word_lists_hash(std::span<const std::string_view> stopwords,
                            std::span<const std::string_view> protected_words);

enum class StemmerKind {
  kLight,     // Fahras' light stemmer (stemmer.h): default
  kSnowball,  // Xapian's Snowball "arabic" stemmer
  kNone,      // normalisation only
};

struct AnalyzerOptions {
  StemmerKind stemmer = StemmerKind::kLight;
  bool stopwords = true;  // drop stopwords (they still advance the position counter)
  bool fold_hamza = false;  // ؤ ئ -> ء after normalisation, so that hamza seat variants meet
  // The endings Token::kept is given for. Fewer only for the analyser of a database written before
  // (from_version(): none for version 3, ان and ون for version 4): its words then have the terms
  // that database holds.
  KeptEndings kept_endings = KeptEndings::kAll;
};

enum class Script : std::uint8_t { kArabic, kLatin, kNumber, kOther };

struct Token {
  std::string term;        // the indexed form: normalised, then stemmed. Empty for a stopword and
                           // for a term over schema::kMaxTermBytes.
  // The other readings of an Arabic word whose first letters the stemmer cut as one-letter
  // proclitics (و ف ب ل ك) but which may belong to the word, a name the stemmer has never seen
  // (Stemmer::stem_with_readings): readings[k] is the term with k of those letters cut, and `term`
  // the one with all of them cut (بايدن: term ايدن, readings {بايدن}); a cut that leaves a
  // protected word is sure and adds no reading (لفرنسا: term فرنسا alone). The indexer adds each at
  // the token's position beside `term`; the query side weighs them by what the index holds; a
  // highlight marks the token when any of them matched. Empty for most words.
  std::vector<std::string> readings;
  // The readings of a word that lost the ending ان, ون or ين, a dual or plural (الطرفان, اللاعبين)
  // or a word of its own (سلمان, ماكرون, البحرين) as the stemmer cannot tell, with that ending
  // kept (Stemmer::stem_with_readings): kept[k] is readings[k] with its ending, and kept.back() is
  // `term` with it (لماكرون: term ماكر, readings {لماكر}, kept {لماكرون, ماكرون}). The indexer
  // adds each at the token's position, as it does readings; the query side searches one or the
  // other, by what the index holds (searcher/query.cpp); a highlight marks the token when any
  // matched. Empty for most words, and for the endings AnalyzerOptions::kept_endings leaves out.
  std::vector<std::string> kept;
  std::string normalized;  // normalised, not stemmed
  std::uint32_t begin = 0;  // byte offset of the token's first byte in the original text
  std::uint32_t end = 0;    // byte offset one past its last byte
  std::uint32_t position = 0;  // word position, counting stopwords, starting at 0
  Script script = Script::kOther;
  bool stopword = false;
};

// Makes `token` the word with its ending ان, ون or ين kept: its term and readings become those of
// Token::kept, which is then cleared (the query side, once it decides the word is not a dual or a
// plural: سلمان, البحرين). Does nothing when Token::kept is empty.
void keep_ending(Token& token);

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});
  Analyzer(const Analyzer& other);
  Analyzer& operator=(const Analyzer& other);
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  ~Analyzer();

  // Rebuilds the analyser that wrote `version` (a string returned by version()). Throws fahras::Error
  // (kDatabase) when the version belongs to another release of the analysis chain, or names word
  // lists other than this build's (a version without `lists=`, written before it was recorded, is
  // taken to have this build's lists).
  static Analyzer from_version(std::string_view version);

  // Identifies the chain, its options and its word lists, e.g. "fahras-analyzer/3 stem=light stop=1
  // lists=3f2a09c1" (word_lists_hash()). The indexer stores it in the database and refuses to update
  // a database of another version; the searcher refuses a database whose version it cannot rebuild.
  // So an edit to the stopword or protected-word list, which changes terms, cannot go unnoticed.
  std::string version() const;

  const AnalyzerOptions& options() const { return options_; }

  // Splits `text` (UTF-8; invalid sequences are treated as U+FFFD and never produce a term) into
  // tokens, in text order. Punctuation and white space produce no token. A ligature that stands
  // for several words (U+FDFA ﷺ) gives one token per word, all with the ligature's offsets.
  // REQUIRES: text.size() < 2 GiB.
  std::vector<Token> analyze(std::string_view text) const;

  // analyze() with ICU's word break iterator for all text. analyze() segments most text itself (the
  // rules are in analyzer.cpp) and gives the same tokens: this is the reference tests compare it to.
  std::vector<Token> analyze_with_icu(std::string_view text) const;

  // analyze() for a caller that looks only for the words whose term or a reading is one of `terms`
  // (a snippet marking a query's words): those words get the term and readings analyze() gives
  // them, and every token its offsets, position and normalised form, but an Arabic word that cannot
  // have any of `terms` is not stemmed, and keeps no term, no readings and `stopword` false. With
  // the light stemmer or none, a word's term and readings are pieces of its normalised form, so a
  // word whose form contains none of `terms` cannot; with another stemmer, every word is stemmed.
  // Stemming (and its cache) is most of the cost of analysing a long text for a few terms.
  std::vector<Token> analyze_for(std::string_view text, std::span<const std::string_view> terms) const;

  // The term a single word would be indexed under ("" when it is a stopword or has no letters or
  // digits). Equivalent to analysing the word alone and taking its first non-empty term (a word
  // like "لـNvidia" splits into two tokens, and gives "nvidia").
  std::string term(std::string_view word) const;

 private:
  class WantedTerms;  // analyze_for()'s terms, ready to test a word against (analyzer.cpp)
  // `wanted`: null, or analyze_for()'s terms.
  std::vector<Token> analyze(std::string_view text, bool icu_only, const WantedTerms* wanted = nullptr) const;

  struct Impl;
  AnalyzerOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
