// Name variants from the database itself (private to the library): the VariantSource the Searcher
// hands the query parser, so that a query for ترمب also searches ترامب, and Facebook فيسبوك.
//
// Two kinds, both read from what the indexer keeps exact (schema.h):
//   - across scripts: the XV pair terms. A word's partners are the words the articles write beside
//     it in parentheses in at least kMinPairArticles articles, and at least 1 / kPairShare as often
//     as its most frequent partner; at most kMaxPairs of them. A word that pairs so with more than
//     kMaxPairs words is a dateline or a label, not a name (CNN, written after 25 places in ANT
//     v2.1: "الرياض، السعودية (CNN)"): it gets no partner and is nobody's. So does an Arabic word that
//     does not behave as a name (SpellingVariants::is_written_name(): الأوروبي beside Brexit).
//   - Arabic spellings of one name (fahras/spelling_variants.h: ترامب / ترمب, غوغل / جوجل), read
//     from the spellings table the indexer stores (schema.h, kSpellingsPrefix): one metadata read
//     per query word. A word that the articles never write (a misspelt name) is not in the table:
//     its spellings are found here, as are those of any word over a database written before the
//     table (same result, slower: the neighbours are read from stored articles).
// A variant searches its term (stemmed), so ترامب's variant ترمب also finds لترمب.
//
// Thread-safety: reads the databases it was given, as a Searcher does: one per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/query.h"
#include "fahras/spelling_variants.h"

namespace fahras::variants {

inline constexpr Xapian::doccount kMinPairArticles = 2;
inline constexpr Xapian::doccount kPairShare = 4;
inline constexpr std::size_t kMaxPairs = 3;

class DatabaseVariants final : public VariantSource {
 public:
  // `db` is the whole database (frequencies, XV terms, the spellings table); `indexes` its
  // databases one by one, each shard on its own, that keep a suggestion index (suggest.h), whose
  // variants keys are read. REQUIRES: all three outlive this object.
  DatabaseVariants(const Xapian::Database& db, const std::vector<Xapian::Database>& indexes,
                   const Analyzer& analyzer);

  std::vector<Variant> variants_of(const Token& token) const override;

  // Every word of the variants index with the spellings a query for it would search (the Arabic
  // kind only), sorted by word; for checking the table by hand (bench/variants).
  std::vector<WordVariants> table() const;

 private:
  std::vector<Variant> spellings_of(const std::string& word) const;
  std::vector<Variant> partners_of(const std::string& term) const;
  // Returns true iff more than kMaxPairs words pair with `term` in kMinPairArticles articles or more.
  bool pairs_widely(const std::string& term) const;
  // Returns true iff `term` may have partners: it does not pair widely and, when Arabic, it is a
  // written name.
  bool pairs_as_name(const std::string& term) const;

  const Xapian::Database& db_;
  const Analyzer& analyzer_;
  const bool stored_;  // the database has the spellings table (schema::kSpellingsKey)
  std::optional<SpellingVariants> finder_;  // when it has not, or for a word never written
};

}  // namespace fahras::variants
