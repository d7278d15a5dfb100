// "Did you mean": spelling suggestions for Searcher (private to the library).
//
// Words come from the database's suggestion index (schema.h, kSuggestPrefix): the normalised,
// unstemmed forms that at least schema::kSuggestFloor articles write, listed under the word and each
// of its one-letter deletions; a form's frequency is its exact-form (XE) term's, the number of
// articles that write it. A query word's own keys (the word and its one-letter deletions) give in a
// few reads the forms within one edit, and some within two. The closest form (Damerau distance, a
// transposition being one edit: at most 1 for words of up to 4 letters, 2 for longer ones), the most
// frequent among equally close ones, is the candidate; it corrects the word when the corpus holds it
// far more often, and when it would search another term: a word the corpus
// never writes, next to one that at least max(kMinEvidence, articles / kEvidencePerDocuments)
// articles write; or a rare word (in fewer than kRareWord articles) next to a form at least
// kRareRatio times as frequent, or to any more frequent form when the query found nothing. A small
// corpus knows few words, so a correct word it has never seen may be "corrected" into one it has;
// on ANT v2.1 see bench/extras (query_cost.cpp) for how often. Correct words never get a
// suggestion: their normalised form is what the table holds, so diacritics, hamza and alef forms,
// tatweel and case never make a word look misspelt; nor does a clitic or suffix the corpus has not
// seen with the word (the correction must stem differently), nor a word whose correction is one of
// its synonyms (SearchOptions::synonyms) and is searched anyway. Stopwords, numbers, words of fewer
// than 3 letters and field values (source:, category:, author:) are never corrected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/query.h"
#include "fahras/synonyms.h"

namespace fahras::suggest {

inline constexpr Xapian::doccount kRareWord = 5;
inline constexpr Xapian::doccount kRareRatio = 50;
inline constexpr Xapian::doccount kMinEvidence = 1;
inline constexpr Xapian::doccount kEvidencePerDocuments = 2000;

// The query with its misspelt words corrected, or "" when no word needs it. Everything else stays
// as the user wrote it (operators, quotes, fields, exclusions, the words that are right); a corrected
// word is written in its normalised spelling (no diacritics, bare alef), except that it ends in ة or
// ى when the user's word did. `matches` is how many articles the query found; `synonyms` may be null.
// `db` is the whole database (frequencies); `indexes` are its databases one by one, each shard of a
// sharded one on its own (Xapian reads metadata from the first database only), whose keys are read.
// Without a suggestion index (schema 3 and older, fahras-index --no-spelling) there is no suggestion.
std::string suggest_query(std::string_view query, QuerySyntax syntax, const Xapian::Database& db,
                          const std::vector<Xapian::Database>& indexes, const Analyzer& analyzer,
                          std::uint64_t matches, const Synonyms* synonyms);

}  // namespace fahras::suggest
