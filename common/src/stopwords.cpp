// The stopword list is written in its natural spelling (with hamzas and alef maqsura, as a reader
// expects to find it) and normalised once, at first use, by the same normalize() as the text.
//
// What is in it: prepositions, conjunctions, pronouns, demonstratives, relative pronouns, particles,
// auxiliaries (كان and its sisters, تم), quantifiers (كل، بعض), and the most frequent of these with a
// clitic و ف ب ل attached (وفي، فإن، بأن), which the stemmer does not reduce to a stopword. Plus, by
// rule, the bare article ال and every single Arabic letter (و or ب left alone by "بـ" or "و GPU").
//
// What is not: content words that news queries need (رئيس، حكومة، عام، يوم، قال), and comparatives
// (أكثر، أكبر) that can carry the meaning of a query.
//
// The question words (متى كيف أين لماذا ماذا هل كم) ARE stopwords: a question query ("متى افتتح
// المتحف المصري الكبير") is answered by articles that state the fact without asking, so the question
// word would only match articles that happen to contain it, and it is shared by unrelated queries.
// The content words carry the query.
//
// Two collisions the normalisation forces: على and the name علي, إلى and the name إلي both fold to
// one form; the prepositions are far more frequent, so the names are lost as search terms.
#include "fahras/stopwords.h"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "fahras/normalize.h"

namespace fahras {
namespace {

constexpr std::string_view kStopwords[] = {
    // prepositions and prepositional expressions
    "في", "فى", "من", "على", "إلى", "عن", "مع", "بين", "منذ", "مذ", "حتى", "عند", "لدى", "لدي",
    "خلال", "قبل", "بعد", "أمام", "خلف", "وراء", "فوق", "تحت", "دون", "ضد", "نحو", "حول", "عبر",
    "ضمن", "وفق", "وفقا", "حسب", "بحسب", "لصالح", "بشأن", "بسبب", "جراء", "رغم", "برغم", "لدن",
    "سوى", "غير", "عدا", "خلا", "مثل", "كمثل",
    // prepositions with attached pronouns
    "له", "لها", "لهم", "لهما", "لهن", "لنا", "لي", "لك", "لكم", "به", "بها", "بهم", "بهما",
    "فيه", "فيها", "فيهم", "فيهما", "منه", "منها", "منهم", "منهما", "عنه", "عنها", "عنهم",
    "عليه", "عليها", "عليهم", "عليهما", "إليه", "إليها", "إليهم", "معه", "معها", "معهم",
    "لديه", "لديها", "لديهم", "بينهم", "بينها", "بينهما", "عنده", "عندها", "عندهم",
    // pronouns
    "هو", "هي", "هم", "هن", "هما", "أنا", "نحن", "أنت", "أنتم", "أنتن", "أنتما", "إياه", "إياها",
    "إياهم", "نفسه", "نفسها", "أنفسهم",
    // demonstratives and place adverbs
    "هذا", "هذه", "هذان", "هاتان", "هذين", "هاتين", "هؤلاء", "ذلك", "تلك", "ذاك", "أولئك",
    "هنا", "هناك", "هنالك", "ثمة",
    // relative pronouns
    "الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللواتي", "اللاتي",
    "اللائي",
    // conjunctions and particles
    "و", "أو", "ثم", "بل", "لكن", "لكنّ", "ولكن", "إذ", "إذا", "إذن", "لو", "لولا", "لوما",
    "أن", "إن", "أنّ", "إنّ", "كأن", "لأن", "كي", "لكي", "حين", "حينما", "عندما", "بينما", "فيما",
    "كما", "مما", "بما", "لما", "كلما", "ممن", "عما", "إلا", "ألا", "أما", "إما", "قد", "لقد",
    "سوف", "لا", "ما", "لم", "لن", "ليس", "ليست", "ليسوا", "يا", "أيها", "أيتها", "كذلك", "أيضا",
    "فقط", "جدا", "حيث", "حيثما", "بعدما", "قبلما", "طالما", "ريثما", "كيفما", "أينما", "مهما",
    "إنه", "إنها", "إنهم", "أنه", "أنها", "أنهم", "بأن", "بأنه", "بأنها", "لأنه", "لأنها", "لكنه",
    "لكنها", "كأنه", "كأنها",
    // question words: see the note at the top of this file
    "متى", "كيف", "أين", "لماذا", "ماذا", "هل", "كم", "أي", "أيّ", "أية",
    // auxiliaries and verbs of being
    "كان", "كانت", "كانوا", "يكون", "تكون", "يكونوا", "أصبح", "أصبحت", "صار", "صارت", "بات",
    "باتت", "ظل", "ظلت", "مازال", "مازالت", "زال", "يزال", "تزال", "تم", "يتم", "تمت", "يمكن",
    "يجب",
    // quantifiers and determiners
    "كل", "بعض", "جميع", "كافة", "عدة", "أحد", "إحدى", "أخرى", "آخرون", "ذات", "ذو",
    "ذي", "نفس",
    // time adverbs
    "الآن", "أمس", "حاليا", "أثناء",
    // the most frequent of these with a conjunction or preposition attached
    "وفي", "ومن", "وعلى", "وإلى", "وعن", "ومع", "وبين", "وبعد", "وقبل", "وهو", "وهي", "وهم",
    "وهذا", "وهذه", "وذلك", "وتلك", "وكان", "وكانت", "وقد", "ولا", "وما", "ولم", "ولن", "وأن",
    "وإن", "والتي", "والذي", "والذين", "وكذلك", "وأيضا", "وليس", "وحتى", "وكل", "وإذا", "وبما",
    "فإن", "فقد", "فلا", "فما", "فهو", "فهي", "ولكنه", "وأنه", "وأنها", "وإنه", "ولكنها", "لذلك",
    "لهذا", "بذلك", "بهذا", "كذا", "وكذا",
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

using StopwordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

const StopwordSet& stopwords() {
  static const StopwordSet set = [] {
    StopwordSet s;
    for (std::string_view word : kStopwords) s.insert(normalize(word));
    s.insert("ال");  // the article, left alone by "الـ" before a foreign word
    return s;
  }();
  return set;
}

// True iff `word` is exactly one Arabic letter (U+0621-U+064A, two bytes in UTF-8).
bool is_single_arabic_letter(std::string_view word) {
  if (word.size() != 2) return false;
  const auto lead = static_cast<unsigned char>(word[0]);
  const auto trail = static_cast<unsigned char>(word[1]);
  const unsigned c = ((lead & 0x1Fu) << 6) | (trail & 0x3Fu);
  return (lead & 0xE0u) == 0xC0u && (trail & 0xC0u) == 0x80u && c >= 0x0621 && c <= 0x064A;
}

}  // namespace

std::span<const std::string_view> stopword_list() { return kStopwords; }

bool is_stopword(std::string_view normalized) {
  return is_single_arabic_letter(normalized) || stopwords().contains(normalized);
}

}  // namespace fahras
