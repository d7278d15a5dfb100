// The break iterator runs over a UText opened directly on the UTF-8 text, so the boundaries it
// returns are byte offsets into the caller's string: no UTF-16 copy, no offset mapping. Each word
// segment is then split where it changes between Arabic script and the rest (Latin letters, digits,
// other scripts), and each piece is normalised, checked against the stopword list and stemmed.
#include "fahras/analyzer.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include "fahras/error.h"
#include "fahras/normalize.h"
#include "fahras/schema.h"
#include "fahras/stemmer.h"
#include "fahras/stopwords.h"

namespace fahras {
namespace {

// 3: a word whose first letters may be proclitics or part of an unknown name has its other readings
// indexed beside its term (Token::readings).
// 4: a word that lost the ending ان or ون has its readings with the ending kept indexed beside them
// (Token::kept).
// 5: and a word that lost ين too.
// Databases of versions 3 and 4 are still read: from_version() then gives an analyser with the
// AnalyzerOptions::kept_endings of its version, whose version() is that version again.
struct Release {
  std::string_view name;
  KeptEndings kept_endings;
};
constexpr Release kReleases[] = {
    {"fahras-analyzer/5", KeptEndings::kAll},  // this release: the first
    {"fahras-analyzer/4", KeptEndings::kNominative},
    {"fahras-analyzer/3", KeptEndings::kNone},
};
constexpr std::string_view kRelease = kReleases[0].name;

std::string_view stemmer_name(StemmerKind kind) {
  switch (kind) {
    case StemmerKind::kLight: return "light";
    case StemmerKind::kSnowball: return "snowball";
    case StemmerKind::kNone: return "none";
  }
  return "none";
}

std::unique_ptr<Stemmer> make_stemmer(StemmerKind kind, KeptEndings kept) {
  switch (kind) {
    case StemmerKind::kLight: return make_light_stemmer(kept);
    case StemmerKind::kSnowball: return make_snowball_stemmer();
    case StemmerKind::kNone: return nullptr;
  }
  return nullptr;
}

// The word break iterator every Analyzer clones: creating one loads ICU's rules, cloning does not.
const icu::BreakIterator& prototype_word_iterator() {
  static const std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale("ar"), status));
    if (U_FAILURE(status) || !it) {
      throw std::runtime_error(std::string("ICU word break iterator unavailable: ") +
                               u_errorName(status));
    }
    return it;
  }();
  return *prototype;
}

// What a code point contributes to splitting a word segment by script.
enum class Kind : std::uint8_t {
  kArabic,   // an Arabic letter
  kForeign,  // a letter of another script, or a digit of any script
  kAttach,   // a combining mark, a format character or tatweel: part of the letter before it
  kInner,    // anything else (. , ' inside "22.1", "U.S"): kept only between two letters of a piece
  kBreak,    // connector punctuation (_ and its kin): ends the piece. Hashtags join words with it
             // (#الولايات_المتحدة) and ICU keeps it inside a word, but each word must be found.
  kInvalid,  // an invalid UTF-8 sequence: ends the piece
};

Kind kind_of(UChar32 c) {
  if (c < 0) return Kind::kInvalid;
  if (c < 0x80) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum ? Kind::kForeign : c == '_' ? Kind::kBreak : Kind::kInner;
  }
  // Most of the text: Arabic letters and tashkeel, answered without ICU's property lookups.
  if ((c >= 0x0621 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A)) return Kind::kArabic;
  if (c >= 0x064B && c <= 0x065F) return Kind::kAttach;  // tashkeel: non-spacing marks
  if (c == 0x0640) return Kind::kAttach;  // tatweel is a letter (Lm) to ICU
  switch (u_charType(c)) {
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_FORMAT_CHAR:
      return Kind::kAttach;
    case U_DECIMAL_DIGIT_NUMBER:
      return Kind::kForeign;  // Arabic-Indic digits too: a number is not an Arabic word
    case U_CONNECTOR_PUNCTUATION:
      return Kind::kBreak;
    default:
      break;
  }
  if (!u_isalnum(c)) return Kind::kInner;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_ARABIC ? Kind::kArabic : Kind::kForeign;
}

// A piece of a word segment: one script, [begin, end) in bytes of the original text.
struct Piece {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool arabic = false;
  bool digits = false;  // contains a digit
  bool latin = false;   // contains a Latin letter
};

// Splits the word segment text[begin, end) into pieces of one script and calls emit(piece) for each.
template <typename Emit>
void split_by_script(std::string_view text, std::int32_t begin, std::int32_t end, Emit emit) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  Piece piece;
  bool open = false;
  bool gap = false;  // a kInner code point follows the piece's last letter
  auto close = [&] {
    if (open) emit(piece);
    open = false;
  };
  for (std::int32_t i = begin; i < end;) {
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, end, c);
    const Kind kind = kind_of(c);
    switch (kind) {
      case Kind::kArabic:
      case Kind::kForeign: {
        const bool arabic = kind == Kind::kArabic;
        if (open && piece.arabic != arabic) close();
        if (!open) {
          piece = Piece{static_cast<std::uint32_t>(start), 0, arabic, false, false};
          open = true;
        }
        piece.end = static_cast<std::uint32_t>(i);
        if (!arabic && c < 0x80) {
          (c <= '9' ? piece.digits : piece.latin) = true;  // kind_of(): [0-9A-Za-z]
        } else if (!arabic) {
          if (u_isdigit(c)) {
            piece.digits = true;
          } else {
            UErrorCode status = U_ZERO_ERROR;
            piece.latin = piece.latin || uscript_getScript(c, &status) == USCRIPT_LATIN;
          }
        }
        gap = false;
        break;
      }
      case Kind::kAttach:
        if (open && !gap) piece.end = static_cast<std::uint32_t>(i);
        break;
      case Kind::kInner:
        gap = true;
        break;
      case Kind::kBreak:
      case Kind::kInvalid:
        close();
        gap = false;
        break;
    }
  }
  close();
}

Script script_of(const Piece& piece) {
  if (piece.arabic) return Script::kArabic;
  if (piece.latin) return Script::kLatin;
  if (piece.digits) return Script::kNumber;
  return Script::kOther;
}

// What the English stemmer is given for a Latin word: its normalised form, with a typographic
// apostrophe made ASCII (so that "NVIDIA’s" loses its "’s" as "NVIDIA's" does), and without the
// plural s of an upper-case acronym ("GPUs", "CEOs"), which the stemmer would keep ("gpus").
std::string english_stem_input(std::string_view normalized, std::string_view original) {
  std::string word;
  word.reserve(normalized.size());
  for (std::size_t i = 0; i < normalized.size(); ++i) {
    if (normalized.compare(i, 3, "\u2019") == 0) {
      word += '\'';
      i += 2;
    } else {
      word += normalized[i];
    }
  }
  bool acronym_plural = original.size() >= 3 && original.back() == 's';
  for (std::size_t i = 0; acronym_plural && i + 1 < original.size(); ++i) {
    acronym_plural = original[i] >= 'A' && original[i] <= 'Z';
  }
  if (acronym_plural && !word.empty() && word.back() == 's') word.pop_back();
  return word;
}

// Closes the UText on exit, after detaching the break iterator from it.
class UTextGuard {
 public:
  explicit UTextGuard(icu::BreakIterator& words) : words_(words) {}
  UTextGuard(const UTextGuard&) = delete;
  UTextGuard& operator=(const UTextGuard&) = delete;
  ~UTextGuard() {
    UErrorCode status = U_ZERO_ERROR;
    UText empty = UTEXT_INITIALIZER;
    utext_openUTF8(&empty, "", 0, &status);
    words_.setText(&empty, status);
    utext_close(&empty);
    utext_close(&text);
  }
  UText text = UTEXT_INITIALIZER;

 private:
  icu::BreakIterator& words_;
};

// ؤ (U+0624) and ئ (U+0626) -> ء (U+0621), in place: the three share a UTF-8 length and lead byte.
// Writers disagree on hamza seats (مسؤول / مسئول, شؤون / شئون); the bare hamza makes them meet.
void fold_hamza_seats(std::string& word) {
  for (std::size_t i = 0; i + 1 < word.size(); ++i) {
    if (word[i] == '\xD8' && (word[i + 1] == '\xA4' || word[i + 1] == '\xA6')) word[i + 1] = '\xA1';
  }
}

// Word segmentation without ICU's break iterator, for text whose code points are all below
// kFastLimit (ASCII, Latin-1, Arabic: nearly every news article). It applies the rules of Unicode's
// word boundaries (UAX #29) that can meet those code points, to their Word_Break values as ICU
// itself gives them, and so finds the boundaries ICU finds, at a fraction of the cost (ICU's rule
// engine was half of the analyser's time, and a quarter of a query's with snippets). Text with any
// other code point (other scripts, emoji, Hebrew, whose rules are not written here), or with
// invalid UTF-8, goes to ICU. tests/analyzer_test.cpp checks both against each other on every
// article of corpus/ and on every code point below the limit in many contexts.
constexpr UChar32 kFastLimit = 0x0700;

enum class Break : std::uint8_t {
  kOther, kCR, kLF, kNewline, kExtend, kLetter, kMidLetter, kMidNum, kMidNumLet, kNumeric,
  kExtendNumLet, kSpace,
  kUnsupported,  // a Word_Break value whose rules are not written here: ICU decides
};

// Word_Break of every code point below kFastLimit, from ICU's own data.
const std::array<Break, kFastLimit>& break_table() {
  static const std::array<Break, kFastLimit> table = [] {
    std::array<Break, kFastLimit> t{};
    for (UChar32 c = 0; c < kFastLimit; ++c) {
      switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
        case U_WB_OTHER: case U_WB_DOUBLE_QUOTE: t[c] = Break::kOther; break;  // " joins only Hebrew
        case U_WB_CR: t[c] = Break::kCR; break;
        case U_WB_LF: t[c] = Break::kLF; break;
        case U_WB_NEWLINE: t[c] = Break::kNewline; break;
        case U_WB_EXTEND: case U_WB_FORMAT: case U_WB_ZWJ: t[c] = Break::kExtend; break;
        case U_WB_ALETTER: t[c] = Break::kLetter; break;
        case U_WB_MIDLETTER: t[c] = Break::kMidLetter; break;
        case U_WB_MIDNUM: t[c] = Break::kMidNum; break;
        case U_WB_MIDNUMLET: case U_WB_SINGLE_QUOTE: t[c] = Break::kMidNumLet; break;
        case U_WB_NUMERIC: t[c] = Break::kNumeric; break;
        case U_WB_EXTENDNUMLET: t[c] = Break::kExtendNumLet; break;
        case U_WB_WSEGSPACE: t[c] = Break::kSpace; break;
        default: t[c] = Break::kUnsupported; break;
      }
      // ICU's rules (word.txt, after CLDR) take the colon out of MidLetter: "a:b" is two words.
      if (c == ':') t[c] = Break::kOther;
      // ...and count @ as a letter, so that an e-mail address stays one segment.
      if (c == '@') t[c] = Break::kLetter;
      // Extended_Pictographic (© ®) joins a ZWJ before it (WB3c); ZWJ is beyond the limit, but
      // ICU's rules give such symbols other statuses: leave them to ICU.
      if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) t[c] = Break::kUnsupported;
    }
    return t;
  }();
  return table;
}

// One unit of UAX #29 after rule WB4: a code point with the Extend and Format code points that
// follow it.
struct Unit {
  Break kind;
  std::int32_t begin;
};

// The word segments of `text` (those holding a letter or a digit: ICU's UBRK_WORD_NONE segments hold
// neither), as [begin, end) byte ranges; false when the text needs ICU.
bool fast_segments(std::string_view text, std::vector<std::pair<std::int32_t, std::int32_t>>& out) {
  const std::array<Break, kFastLimit>& table = break_table();
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto size = static_cast<std::int32_t>(text.size());
  std::vector<Unit> units;
  units.reserve(text.size() / 2);
  for (std::int32_t i = 0; i < size;) {
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    if (c < 0 || c >= kFastLimit) return false;
    const Break kind = table[c];
    if (kind == Break::kUnsupported) return false;
    // WB4: Extend and Format belong to what they follow, except a line break (or the start).
    const bool after_break = units.empty() || units.back().kind == Break::kCR ||
                             units.back().kind == Break::kLF || units.back().kind == Break::kNewline;
    if (kind == Break::kExtend && !after_break) continue;
    units.push_back({kind, start});
  }
  auto kind = [&](std::size_t j) { return j < units.size() ? units[j].kind : Break::kOther; };
  auto mid_letter = [](Break b) { return b == Break::kMidLetter || b == Break::kMidNumLet; };
  auto mid_num = [](Break b) { return b == Break::kMidNum || b == Break::kMidNumLet; };
  // Whether there is no boundary between units j - 1 and j (the rules of UAX #29, by number).
  auto joined = [&](std::size_t j) {
    const Break a = kind(j - 1), b = kind(j);
    // Most pairs are two letters of a word or a space and a letter: answered before the line
    // break rules, which neither can meet (what each returns is what WB5 and WB999 give them).
    if (a == Break::kLetter && b == Break::kLetter) return true;                           // WB5
    if ((a == Break::kSpace && b == Break::kLetter) || (a == Break::kLetter && b == Break::kSpace)) return false;  // WB999
    if (a == Break::kCR && b == Break::kLF) return true;                                   // WB3
    if (a == Break::kCR || a == Break::kLF || a == Break::kNewline) return false;          // WB3a
    if (b == Break::kCR || b == Break::kLF || b == Break::kNewline) return false;          // WB3b
    if (a == Break::kSpace && b == Break::kSpace) return true;                             // WB3d
    if (b == Break::kExtend) return true;  // a second Extend after a line break (WB4)
    const bool word_a = a == Break::kLetter, word_b = b == Break::kLetter;
    if (word_a && word_b) return true;                                                      // WB5
    if (word_a && mid_letter(b) && kind(j + 1) == Break::kLetter) return true;             // WB6
    if (j >= 2 && kind(j - 2) == Break::kLetter && mid_letter(a) && word_b) return true;   // WB7
    const bool num_a = a == Break::kNumeric, num_b = b == Break::kNumeric;
    if ((num_a || word_a) && (num_b || word_b)) return true;                                // WB8-10
    if (j >= 2 && kind(j - 2) == Break::kNumeric && mid_num(a) && num_b) return true;      // WB11
    if (num_a && mid_num(b) && kind(j + 1) == Break::kNumeric) return true;                // WB12
    if ((word_a || num_a || a == Break::kExtendNumLet) && b == Break::kExtendNumLet) return true;  // WB13a
    if (a == Break::kExtendNumLet && (word_b || num_b)) return true;                       // WB13b
    return false;                                                                           // WB999
  };
  std::size_t first = 0;
  bool word = false;
  for (std::size_t j = 0; j <= units.size(); ++j) {
    if (j > 0 && j < units.size() && joined(j)) {
      word = word || kind(j) == Break::kLetter || kind(j) == Break::kNumeric;
      continue;
    }
    if (j > 0 && word) out.emplace_back(units[first].begin, j < units.size() ? units[j].begin : size);
    first = j;
    word = kind(j) == Break::kLetter || kind(j) == Break::kNumeric;
  }
  return true;
}

[[noreturn]] void incompatible(std::string_view version) {
  throw Error(Error::Kind::kDatabase, "the database was written by analyser \"" +
                                          std::string(version) + "\", but this build has \"" +
                                          std::string(kRelease) + "\" and cannot rebuild it");
}

// word_lists_hash() of this build's lists.
const std::string& this_build_lists() {
  static const std::string hash = word_lists_hash(stopword_list(), protected_word_list());
  return hash;
}

}  // namespace

// analyze_for()'s test of a normalised word: false when it contains none of the wanted terms. A
// term of 4 bytes or more (two Arabic letters) is known by its first 4 bytes, hashed into a bitmap,
// so that most words are turned down after a few instructions per byte; a word holding such 4 bytes
// somewhere, or any word when some term is shorter, is checked exactly.
class Analyzer::WantedTerms {
 public:
  explicit WantedTerms(std::span<const std::string_view> terms) : terms_(terms) {
    for (const std::string_view term : terms) {
      if (term.size() < kKeyBytes) {
        exact_only_ = true;
      } else {
        const std::uint32_t k = key(term.data());
        bits_[k / 64] |= std::uint64_t{1} << (k % 64);
      }
    }
  }

  bool may_hold(std::string_view word) const {
    if (!exact_only_) {
      bool seen = false;
      for (std::size_t i = 0; !seen && i + kKeyBytes <= word.size(); ++i) {
        const std::uint32_t k = key(word.data() + i);
        seen = (bits_[k / 64] >> (k % 64)) & 1;
      }
      if (!seen) return false;
    }
    return std::any_of(terms_.begin(), terms_.end(),
                       [&](std::string_view term) { return word.find(term) != std::string_view::npos; });
  }

 private:
  static constexpr std::size_t kKeyBytes = 4;
  static constexpr unsigned kKeyBits = 12;
  static std::uint32_t key(const char* p) {
    std::uint32_t x;
    std::memcpy(&x, p, kKeyBytes);
    return (x * 2654435761u) >> (32 - kKeyBits);
  }

  std::span<const std::string_view> terms_;
  std::array<std::uint64_t, (1u << kKeyBits) / 64> bits_{};
  bool exact_only_ = false;
};

std::string word_lists_hash(std::span<const std::string_view> stopwords,
                            std::span<const std::string_view> protected_words) {
  std::uint32_t h = 2166136261u;
  const auto add = [&](std::string_view bytes) {
    for (const char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  };
  for (const auto list : {stopwords, protected_words}) {
    for (const std::string_view word : list) {
      add(word);
      add("\n");
    }
    add("\n");
  }
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", h);
  return hex;
}

struct Analyzer::Impl {
  explicit Impl(const AnalyzerOptions& options)
      : words(prototype_word_iterator().clone()),
        arabic(make_stemmer(options.stemmer, options.kept_endings)) {
    if (!words) throw std::runtime_error("cannot clone ICU word break iterator");
  }

  // What a normalised Arabic word becomes: its term ("" for a stopword) and whether it is one.
  struct ArabicTerm {
    std::string term;
    std::vector<std::string> readings;  // Token::readings
    std::vector<std::string> kept;      // Token::kept
    bool stopword = false;
  };

  // The stopword check and stem of a normalised Arabic word, from the cache when it holds it. News
  // repeats a small vocabulary, so most words are found here instead of stemmed again (stemming
  // takes up to a dozen lookups in the protected-word set). The result does not depend on the
  // cache: it only saves time.
  const ArabicTerm& arabic_term(std::string_view word, bool stopwords) {
    if (const auto it = arabic_terms.find(word); it != arabic_terms.end()) return it->second;
    if (arabic_terms.size() >= kMaxCachedTerms) arabic_terms.clear();  // bounds the memory
    ArabicTerm entry;
    entry.stopword = stopwords && is_stopword(word);
    if (!entry.stopword) {
      entry.term = arabic ? arabic->stem_with_readings(word, entry.readings, &entry.kept)
                          : std::string(word);
    }
    // The longest is first: a word too long for one reading keeps only its term (its token then
    // keeps no term either when that is too long, below).
    if (!entry.readings.empty() && entry.readings.front().size() > schema::kMaxTermBytes) entry.readings.clear();
    if (!entry.kept.empty() && (entry.kept.front().size() > schema::kMaxTermBytes ||
                                entry.kept.size() != entry.readings.size() + 1)) {
      entry.kept.clear();
    }
    return arabic_terms.emplace(std::string(word), std::move(entry)).first->second;
  }

  static constexpr std::size_t kMaxCachedTerms = 1 << 16;

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::unique_ptr<icu::BreakIterator> words;
  std::unique_ptr<Stemmer> arabic;  // null for StemmerKind::kNone
  Xapian::Stem english{"english"};  // one per Impl: Xapian::Stem is not thread-safe
  std::unordered_map<std::string, ArabicTerm, StringHash, std::equal_to<>> arabic_terms;
};

Analyzer::Analyzer(AnalyzerOptions options)
    : options_(options), impl_(std::make_unique<Impl>(options_)) {}

Analyzer::Analyzer(const Analyzer& other)
    : options_(other.options_), impl_(std::make_unique<Impl>(options_)) {}

Analyzer& Analyzer::operator=(const Analyzer& other) {
  if (this != &other) {
    impl_ = std::make_unique<Impl>(other.options_);
    options_ = other.options_;
  }
  return *this;
}

Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

void keep_ending(Token& token) {
  if (token.kept.empty()) return;
  token.term = std::move(token.kept.back());
  token.kept.pop_back();
  token.readings = std::move(token.kept);
  token.kept.clear();
}

std::string Analyzer::version() const {
  std::string v(kRelease);
  for (const Release& release : kReleases) {
    if (release.kept_endings == options_.kept_endings) {
      v = release.name;
      break;
    }
  }
  v += " stem=";
  v += stemmer_name(options_.stemmer);
  v += options_.stopwords ? " stop=1" : " stop=0";
  if (options_.fold_hamza) v += " hamza=1";  // absent means 0, as written before the option existed
  v += " lists=";
  v += this_build_lists();
  return v;
}

Analyzer Analyzer::from_version(std::string_view version) {
  std::string_view rest = version;
  AnalyzerOptions options;
  bool known = false;
  for (const Release& release : kReleases) {
    if (rest.starts_with(release.name) && (rest.size() == release.name.size() || rest[release.name.size()] == ' ')) {
      rest.remove_prefix(release.name.size());
      options.kept_endings = release.kept_endings;
      known = true;
      break;
    }
  }
  if (!known) incompatible(version);

  bool have_stem = false;
  bool have_stop = false;
  while (!rest.empty()) {
    if (rest.front() == ' ') {
      rest.remove_prefix(1);
      continue;
    }
    const std::string_view field = rest.substr(0, rest.find(' '));
    rest.remove_prefix(field.size());
    if (field == "stem=light" || field == "stem=snowball" || field == "stem=none") {
      options.stemmer = field == "stem=light"    ? StemmerKind::kLight
                        : field == "stem=snowball" ? StemmerKind::kSnowball
                                                   : StemmerKind::kNone;
      have_stem = true;
    } else if (field == "hamza=1" || field == "hamza=0") {
      options.fold_hamza = field == "hamza=1";
    } else if (field.starts_with("lists=")) {
      if (field.substr(6) != this_build_lists()) incompatible(version);
    } else if (field == "stop=1" || field == "stop=0") {
      options.stopwords = field == "stop=1";
      have_stop = true;
    } else {
      incompatible(version);
    }
  }
  if (!have_stem || !have_stop) incompatible(version);
  return Analyzer(options);
}

std::vector<Token> Analyzer::analyze(std::string_view text) const { return analyze(text, false); }

std::vector<Token> Analyzer::analyze_with_icu(std::string_view text) const { return analyze(text, true); }

std::vector<Token> Analyzer::analyze_for(std::string_view text, std::span<const std::string_view> terms) const {
  if (options_.stemmer == StemmerKind::kSnowball) return analyze(text, false);
  const WantedTerms wanted(terms);
  return analyze(text, false, &wanted);
}

std::vector<Token> Analyzer::analyze(std::string_view text, bool icu_only, const WantedTerms* wanted) const {
  if (text.size() > static_cast<std::size_t>(INT32_MAX)) {
    throw std::length_error("fahras::Analyzer: text over 2 GiB");
  }
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 8);  // news text averages one token per 10-11 bytes
  std::uint32_t position = 0;
  // One token for `normalized`, a word of the piece text[piece.begin, piece.end).
  auto add = [&](const Piece& piece, std::string normalized) {
    Token token;
    token.normalized = std::move(normalized);
    token.begin = piece.begin;
    token.end = piece.end;
    token.position = position++;
    token.script = script_of(piece);
    // analyze_for(): a word whose form holds none of the wanted terms cannot have one of them.
    if (token.script == Script::kArabic && wanted && !wanted->may_hold(token.normalized)) {
      // no term, no readings
    } else if (token.script == Script::kArabic) {
      const Impl::ArabicTerm& arabic = impl_->arabic_term(token.normalized, options_.stopwords);
      token.stopword = arabic.stopword;
      token.term = arabic.term;
      token.readings = arabic.readings;
      token.kept = arabic.kept;
    } else if (token.script == Script::kLatin && !piece.digits) {
      token.term = impl_->english(english_stem_input(token.normalized, text.substr(piece.begin, piece.end - piece.begin)));
    } else {
      token.term = token.normalized;  // numbers, H100, other scripts: never stemmed
    }
    if (token.term.size() > schema::kMaxTermBytes) {
      token.term.clear();
      token.kept.clear();
    }
    tokens.push_back(std::move(token));
  };
  auto take = [&](const Piece& piece) {
    std::string normalized = normalize(text.substr(piece.begin, piece.end - piece.begin));
    if (options_.fold_hamza) fold_hamza_seats(normalized);
    if (normalized.find(' ') == std::string::npos) {
      if (!normalized.empty()) add(piece, std::move(normalized));  // empty: e.g. a lone tatweel
      return;
    }
    // A ligature that stands for several words (U+FDFA ﷺ): one token per word, same offsets.
    std::string_view rest = normalized;
    while (!rest.empty()) {
      const std::string_view word = rest.substr(0, rest.find(' '));
      if (!word.empty()) add(piece, std::string(word));
      rest.remove_prefix(std::min(rest.size(), word.size() + 1));
    }
  };

  std::vector<std::pair<std::int32_t, std::int32_t>> segments;
  if (!icu_only && fast_segments(text, segments)) {
    for (const auto& [begin, end] : segments) split_by_script(text, begin, end, take);
    return tokens;
  }

  icu::BreakIterator& words = *impl_->words;
  UTextGuard guard(words);
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&guard.text, text.data(), static_cast<std::int64_t>(text.size()), &status);
  words.setText(&guard.text, status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU cannot segment text: ") + u_errorName(status));
  }
  for (std::int32_t begin = words.first(), end = words.next(); end != icu::BreakIterator::DONE;
       begin = end, end = words.next()) {
    const std::int32_t status_tag = words.getRuleStatus();
    if (status_tag >= UBRK_WORD_NONE && status_tag < UBRK_WORD_NONE_LIMIT) continue;
    split_by_script(text, begin, end, take);
  }
  return tokens;
}

std::string Analyzer::term(std::string_view word) const {
  for (Token& token : analyze(word)) {
    if (!token.term.empty()) return std::move(token.term);
  }
  return {};
}

}  // namespace fahras
