// Near-duplicate signatures: the same wire story republished by several sources, or reworded slightly,
// under other ids (issue 11, "wire stories folded"). Each article stores only its own signature
// (schema::kClusterSlot), computed from its own words; the searcher groups the matches of a query at
// query time by comparing signatures. No cluster id is assigned at index time, so an incremental run
// gives exactly the database a fresh build gives (a global cluster id would depend on the order the
// articles arrived in and drift as the archive grows).
//
// The signature is a MinHash of the word 3-shingles of the article's opening: its first
// kSignatureTerms terms of the body (normalised and stemmed by the one analyser, stopwords dropped;
// the abstract's when there is no body), every run of three consecutive terms hashed, and for each of kMinHashes hash functions the least value. The
// share of equal entries of two signatures estimates the Jaccard similarity of their shingle sets
// (the standard error at 0.5 is about 0.06). Stemmed, stopword-free shingles make the estimate
// indifferent to spelling variants the analyser folds (hamza, ta marbuta, diacritics), to "و"
// prefixes and to small words added or dropped, which is how wire copy is reworded. The opening,
// not the whole text: a story is told first (news puts the gist in the lead), and the end of an
// article is where sites append the teasers of their other stories (CNN and Sky News Arabia in ANT
// v2.1: two unrelated stories of one day measured up to 0.8 over whole bodies).
//
// bench/near-duplicates.tsv holds the sample of ANT v2.1 pairs judged by hand that chose
// kFoldSimilarity, and bench/RESULTS.md the precision and recall it gives.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/analyzer.h"

namespace fahras {

// How many terms of the opening are shingled (about 140 words with stopwords).
inline constexpr std::size_t kSignatureTerms = 100;
// Hash functions per signature: 64 entries of 4 bytes each.
inline constexpr std::size_t kMinHashes = 64;
// An article with fewer shingles than this gets no signature and is never folded: two short texts
// share most of their shingles by chance (a one-line caption, "the match was postponed").
inline constexpr std::size_t kMinShingles = 8;
// Two articles whose signatures agree on at least this share of entries are the same story: the
// highest recall whose precision is at least 0.95 over the pairs judged by hand in
// bench/near-duplicates.tsv (0.973 and 0.705 there; 0.5 gave 0.988 and 0.660, 0.3 0.905 and 0.757).
inline constexpr double kFoldSimilarity = 0.4;

// The signature of the text whose tokens are `tokens` (Analyzer::analyze), kMinHashes * 4 bytes
// (each entry little-endian), or "" when it has fewer than kMinShingles shingles.
std::string near_duplicate_signature(const std::vector<Token>& tokens);

// The estimated Jaccard similarity, in [0, 1], of the texts whose signatures these are: the share of
// equal entries. 0 when either is "" or not a signature.
double signature_similarity(std::string_view a, std::string_view b);

}  // namespace fahras
