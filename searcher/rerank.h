// The learned re-rank (RankingOptions::rerank): the first results of the match re-scored by a
// linear combination of a few features of where the query's words occur in each article, read from
// its lead sketch (schema kLeadSlot, one value per article) where the features wanted allow, and
// otherwise from its position lists (one lookup per query term and article), and of how closely the
// words of its opening (schema kOpeningSlot, one value per article) resemble the query's. The
// weights were fitted by coordinate ascent on MRR@10 over the dev sets and chosen by
// cross-validation (bench/rerank-fit, bench/RESULTS.md rows 41 and on).
//
// A pure function of the database, the query and the weights; not thread-safe beyond what a
// Xapian::Database is.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/searcher.h"

namespace fahras::rerank {

// One word of the query, as the re-rank reads it.
struct Word {
  std::vector<std::string> terms;  // its term and its other readings (Token::readings), unprefixed
  std::string exact;               // its exact form's XE term (the index may have none); may be empty
  std::string normalized;          // Token::normalized: the word as typed, normalised, not stemmed
  std::uint32_t position = 0;      // Token::position in the query (stopwords counted)
  double idf = 0;                  // log(documents / articles holding its most frequent term): weigh()
};

struct Query {
  std::vector<Word> words;  // in query order, each once
  bool question = false;    // starts with an interrogative or ends with a question mark
  // ParsedQuery::exact_first: articles holding one of these terms stay above those that hold none
  // (the match put them there); the re-rank orders each group among itself.
  std::vector<std::string> first;
};

// For each article of `docids` (in that order), whether it holds one of `terms`.
std::vector<char> holds_any(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                            const std::vector<std::string>& terms);

// True iff `text` (analysed into `tokens`) is a question: its first word is an interrogative (من,
// ما, متى, كم, هل, في أي...) or it ends with ? or ؟.
bool is_question(std::string_view text, const std::vector<Token>& tokens);

// The words of `text` that the query searches: tokens of `analyzer` with a term among `searched`
// (ParsedQuery::highlight_terms, so excluded words and field values are left out), their idf not
// yet set.
Query query_words(std::string_view text, const Analyzer& analyzer, const std::vector<std::string>& searched);

// Sets the idf of each word of `query` over `documents` documents, with the term frequencies of the
// match that gave `mset` (MSet::get_termfreq): the statistics it gathered for the terms it
// searched, the database's for any other, without looking them up again.
void weigh(Query& query, const Xapian::MSet& mset, Xapian::doccount documents);

// The features, each in [0, 1], in the order of RerankWeights' members.
inline constexpr std::size_t kFeatures = 9;
using Features = std::array<double, kFeatures>;

// The features of an article for `query`:
//   coord     the share of the query's idf mass whose words the article holds;
//   early     the same share, each word counted by how early it first occurs: 1 in the title or
//             the first word of the text, 1 / (1 + n / 10) n words further on;
//   adjacent  the share of the idf mass of neighbouring query words (pairs) that the article writes
//             in the same order, at most one word further apart than in the query;
//   window    ... that it writes within kWindow words of each other, in either order;
//   lead      ... that it writes as `adjacent` among the first kLeadWords words of its text;
//   exact     the share of the query's idf mass whose words it writes in the exact form typed;
//   cover     the largest share of the query's idf mass whose words occur together within
//             kCoverWords (twice the query's words, at least) of each other: the headline restated.
//   opening   the query's idf mass, each word counted by how closely the article's opening (its
//             title and first schema::kOpeningWords words) writes it: the greatest resemblance of
//             its normalised form to one of the opening's words, as a share of the mass. Two words
//             resemble each other by the Dice coefficient of their sets of letter trigrams, each
//             word's edges marked: الاوكراني and اوكرانيا share اوك, وكر, كرا, ران and اني of
//             their 10 and 7 (0.59), يتعادل and تعادل 4 of 6 and 5 (0.73), a word and itself
//             all. A headline restates its article's first sentence, often in other forms of the
//             same words (يتعادل: تعادل, مقتل: قتل, أوكرانيا: الأوكراني) that the stemmer does not
//             join (bench/RESULTS.md, row 73).
//   further   the same over the title and first schema::kFurtherWords words (150; row 75).

// Which features to compute, in the order of Features.
using Wanted = std::array<bool, kFeatures>;
inline constexpr Wanted kAllFeatures = {true, true, true, true, true, true, true, true, true};

// The features of non-zero weight in `w`: all that bonus() reads.
Wanted wanted(const RerankWeights& w);

// The features of each article of `docids` (in that order); those not `wanted` are left 0.
// When only early, lead and exact are wanted (with opening or not), an article's
// words are looked up in its lead sketch, and in its position lists only when the sketch's lead
// does not hold them and its filter says the article may (or the article has no sketch: a
// database before schema 6, read with posting lists and position lists): the values are those the
// position lists give, since early needs a word's first position and lead only positions the
// sketch holds (kLeadWords + the query's widest gap between neighbouring words <=
// schema::kLeadSketchWords; a wider query reads position lists).
// `opening` and `further` are read from each article's kOpeningSlot, or in a database without it
// (before schema 8) from the stored article, analysed by `analyzer` (the database's).
std::vector<Features> features(const Xapian::Database& db, const std::vector<Xapian::docid>& docids, const Query& query,
                               const Wanted& wanted, const Analyzer& analyzer);


// True iff every weight of `w` is 0: the re-rank would change nothing.
bool none(const RerankWeights& w);

// sum over the features of weight * feature, with the weights of the query's kind.
double bonus(const Features& f, const RerankWeights& w);

inline constexpr Xapian::termpos kWindow = 8;
inline constexpr Xapian::termpos kLeadWords = 50;
inline constexpr Xapian::termpos kCoverWords = 12;

}  // namespace fahras::rerank
