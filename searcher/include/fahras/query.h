// Query parsing: turns what a user types into a Xapian::Query, through the same Analyzer that
// indexed the text, so a query word and its spelling variants reach the same terms.
//
// Syntax (documented for users in docs/query-syntax.md, with its grammar and precedence):
//   word word        words, combined with the default operator (OR unless QueryOptions says AND)
//   "exact phrase"   words in this order, next to each other (stopwords between them may differ);
//                    “curly quotes” work too. Insensitive to diacritics and letter variants.
//   a AND b, +word   required: beside required clauses, the others only rank
//   a OR b           either; binds tighter than AND and the default operator
//   -word, NOT word  exclude articles containing it (also -"phrase", -source:bbc, -(a OR b))
//   ( ... )          grouping, at most kMaxQueryDepth levels deep
//   a NEAR b         both words within kDefaultNearDistance words of each other, in any order;
//                    a NEAR/n b: within n (0 to kMaxNearDistance)
//   ترام*            words starting with the normalised prefix (as written, and as stems), at most
//                    kMaxPrefixExpansion of each kind; past that, the search fails (Error kBadQuery)
//   =الرياض          the word in exactly this form, normalised but not stemmed (schema XE terms)
//   title:word       in the title (also title:"a phrase")
//   source:x category:x author:x id:DOCNO
//                    field filters; values match regardless of case, spacing and letter variants
//                    (source:bbc = source:BBC, source:"sky news" = source:skynews); id: is exact.
//                    Several values of one field are ORed, different fields ANDed. Another ASCII
//                    name before a colon (foo:bar) is an error listing the fields.
// From the tightest: NEAR, OR, then + - NOT, then AND and the default operator. In a sequence of
// clauses (Lucene's rule), those marked + or joined by AND are required and the plain ones then only
// rank. A query made only of exclusions or filters matches everything else (`source:bbc -ترامب`).
// Parsing is a pure function of its inputs (QueryOptions::database among them); thread-safe as long as the Analyzer is not shared.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/synonyms.h"

namespace fahras {

enum class DefaultOperator {
  kOr,   // rank every article that has any of the words; more matching words rank higher (BM25)
  kAnd,  // only articles that have every word
};

enum class QuerySyntax {
  kFull,   // the syntax above
  kPlain,  // natural text (a question, a headline): every word is a word, nothing is an operator
};

// How much a body word weighs in a query: the wqf of its term. The title and exact-form fields
// weigh QueryOptions' weights times this (their wqf, rounded: weights count in steps of
// 1 / kWeightScale), and the Searcher divides scores by it again. Xapian's InL2 weight is linear in a
// term's wqf, and its upper bound is right for any wqf; OP_SCALE_WEIGHT would say the same, but
// Xapian 1.4's InL2 applies a scale factor to its upper bound twice (weight/inl2weight.cc), so that
// a factor below 1 makes the bound too low (the matcher then drops articles that belong in the top
// k) and a factor above 1 makes it too high (the matcher then cannot skip articles that cannot reach
// the top k: every posting of every query word is read). With wqf the bounds are exact and queries
// run on xapian-tcpsrv shards unchanged. 100: weights in steps of 0.01, fine enough for the factors
// of QueryOptions::idf_exponent (a factor of 1.04 was 1.0 in steps of 0.1; bench/RESULTS.md row 58).
inline constexpr Xapian::termcount kWeightScale = 100;

// Where the spellings of a query word come from when it may have some (Searcher: the database's
// variants, searcher/variants.h). The parser asks only for a lone word that is searched as a word:
// not in a phrase of several, not fielded, not excluded, not a prefix or =exact, not in a group of
// QueryOptions::synonyms (the user's groups win).
class VariantSource {
 public:
  struct Variant {
    std::string form;  // as shown to users: "ترمب", "facebook"
    std::string term;  // what it searches (unprefixed)
  };
  virtual ~VariantSource() = default;
  // The variants of `token` (Analyzer output), none with the token's own term; may be empty.
  virtual std::vector<Variant> variants_of(const Token& token) const = 0;
};

// The variants a query word was expanded to (ParsedQuery::variants, SearchResults::variants).
struct WordVariants {
  std::string word;                   // the query word, normalised
  std::vector<std::string> variants;  // VariantSource::Variant::form, in the source's order
  bool operator==(const WordVariants&) const = default;
};

// How much a word's variants weigh against the word as typed: a half (as wqf: see kWeightScale).
inline constexpr Xapian::termcount kVariantWeightDivisor = 2;

struct QueryOptions {
  DefaultOperator default_operator = DefaultOperator::kOr;
  QuerySyntax syntax = QuerySyntax::kFull;
  // A query word also searches the title field (schema S terms), its weight scaled by this: an
  // article whose title names what the query asks about ranks up. 0 turns it off.
  double title_weight = 0;
  double exact_weight = 0;  // likewise for the word's exact, unstemmed form (schema XE terms)
  // With `database`, the exact form is searched only when at most this share of the articles with
  // its stem write it (الرياض among those of رياض, most of which write الرياضة): a form nearly all of
  // them write would add nearly the same to each, at the cost of one more posting list. 1: always.
  double exact_max_share = 1;
  // Natural text (kPlain): each pair of neighbouring query words also scores, scaled by this, when the
  // article has them as neighbours too (in order, at most one word apart). 0 turns it off.
  double proximity_weight = 0;
  // A query word in a group of `synonyms` searches every entry of the group, as one term
  // (OP_SYNONYM), in the body and in the title and lead fields alike; highlights mark them all.
  const Synonyms* synonyms = nullptr;
  // The index whose term frequencies decide, at query time: the weights of a word's readings when it
  // may begin with a proclitic or be a name the stemmer does not know (Token::readings; query.cpp
  // readings_of()), whether a word that lost ان, ون or ين is a dual or plural or a word of its own
  // (Token::kept; query.cpp decide_ending()), and exact_max_share. Without one, readings weigh
  // alike, such a word is searched under its stem, and the exact form is always searched.
  const Xapian::Database* database = nullptr;
  // A query word with variants (VariantSource) searches them too, in the body and the title field,
  // as one term (OP_SYNONYM) weighted 1 / kVariantWeightDivisor of the word itself (OR: an article
  // with both scores for both); highlights mark them. Null: no variants.
  const VariantSource* variants = nullptr;
  // A query of one word whose typed form (with any article, conjunction or preposition joined to it)
  // is at most exact_max_share of its stem's articles ranks the articles that write it first (الرياض:
  // Riyadh before sport, الرياضه), scaled by kExactFirstScale; needs `database` and exact_weight > 0.
  bool exact_first = true;
  bool exact_family = false;  // experimental: the exact form's written_forms() in every query
  // A query of several words that is not a question (a headline, a list of names) weighs each word
  // as if its idf were idf^idf_exponent, relative to the query's rarest word: below 1 a rare word
  // counts for less against several common ones that an article writes together. As a wqf (see
  // kWeightScale), from `database`'s term frequencies; idf = log2((N + 1) / (n + 0.5)), at least 1.
  // A word in a phrase or a field is not scaled. 1 turns it off.
  double idf_exponent = 1;
};

// Limits of the syntax, each past it a one-line Error (kBadQuery).
inline constexpr int kMaxQueryDepth = 100;              // levels of nested parentheses
inline constexpr unsigned kDefaultNearDistance = 10;    // a NEAR b: words allowed between them
inline constexpr unsigned kMaxNearDistance = 100;       // NEAR/n
inline constexpr Xapian::termcount kMaxPrefixExpansion = 500;  // words a prefix (ترام*) may stand for

struct ParsedQuery {
  Xapian::Query query;
  // Unprefixed terms the user looks for (not excluded ones): what snippets highlight. Words found
  // by a prefix are not among them (they are known only when the query runs).
  std::vector<std::string> highlight_terms;
  std::vector<std::string> prefixes;  // the prefix words as typed ("ترام*"), for error messages
  bool exact_forms = false;  // the query has =word: it needs a database with XE terms
  std::vector<WordVariants> variants;  // words expanded by QueryOptions::variants, in query order
  // QueryOptions::exact_first: the XE terms of the lone word's written forms that rank first; empty
  // when it does not apply.
  std::vector<std::string> exact_first;
};

// What the written forms of a lone word are scaled by (QueryOptions::exact_first). The stem's body
// and title terms weigh below 1.5 times their idf times kWeightScale (their wqfs are kWeightScale
// and half of it: idf_exponent scales only queries of several words), and at most log2(articles)
// each; the forms, at most half the stem's articles, have an idf of 1 or more, and one occurrence of them in an article r times the average length weighs at least that idf times
// g / (g + 1), g = log2(1 + 1 / r) (InL2). 1,000 times kWeightScale then keeps every article that
// writes a form above every article that does not for r up to about 150 (ANT's longest article is 13
// times the average), and more for BM25. The learned re-rank keeps the two groups apart
// (rerank::Query::first).
inline constexpr double kExactFirstScale = 1000.0 * kWeightScale;

// Parses `text`. With QuerySyntax::kFull, throws Error (kBadQuery) with a one-line explanation when
// it is malformed (unbalanced parentheses, a dangling OR/AND/NOT/NEAR, a field without a value or
// an unknown field, nesting past kMaxQueryDepth), is not valid UTF-8, or has nothing to search for
// (empty, only punctuation, only stopwords: a message for each). With kPlain it never throws; a
// text of stopwords gives an empty query, which matches nothing.
ParsedQuery parse_query(std::string_view text, const Analyzer& analyzer, const QueryOptions& options);

enum class FilterField { kSource, kCategory };

// The query that `source:value` or `category:value` becomes: one boolean term, the same however the
// value is spelled (normalize_field_value). `value` is data, never read as query syntax: quotes,
// parentheses and OR in it are just characters, which normalisation drops. Throws Error (kBadQuery)
// when it has no letters or digits. Searcher uses it for SearchOptions::sources and ::categories.
Xapian::Query field_filter(FilterField field, std::string_view value);

// One query of a batch file.
struct QueryLine {
  std::string qid;
  std::string text;
};

// Reads a batch of queries, one per line: "qid<TAB>query". A line without a tab is a query whose
// qid is its line number; blank lines are skipped; a trailing '\r' is dropped.
std::vector<QueryLine> read_query_lines(std::istream& in);

// One line of such a batch, the `number`th (from 1), read as read_query_lines reads it: for a caller
// that answers each line as it arrives (fahras-search --queries -). Returns nothing for a blank line.
std::optional<QueryLine> parse_query_line(std::string line, std::size_t number);

}  // namespace fahras
