// Name variants from the database itself (private to the library): the VariantSource the Searcher
// hands the query parser, so that a query for ترمب also searches ترامب, and Facebook فيسبوك.
//
// Two kinds, both read from what the indexer keeps exact (schema.h):
//   - across scripts: the XV pair terms. A word's partners are the words the articles write beside
//     it in parentheses in at least kMinPairArticles articles, and at least 1 / kPairShare as often
//     as its most frequent partner; at most kMaxPairs of them.
//   - Arabic spellings of one name: the words listed with the query word under its
//     schema::variant_key() (ترامب / ترمب, غوغل / جوجل / قوقل, بوتين / بوتن). Many ordinary words
//     share a key (كتاب / كتب / كاتب), so a word is taken only when it behaves as a name, as
//     foreign names do in Arabic: the stemmer leaves it whole (a suffix or clitic it strips makes
//     it a declined word), and the articles hardly ever write it with the article ال or with an
//     ending the stemmer leaves on (ه ها هم ات وا ون ين يه: all of them together in at most
//     1 / kArticleRatio as many articles: الكتاب, طالبه, اتهمه are common, الترامب, ترامبه not); and it must be one long
//     vowel from the query word (one inserted or replaced, consonants merged as the key merges
//     them): forms of one root are often further apart (ابدا / اباد). The query word must
//     behave as a name too, unless the articles never write it (a misspelt name). At most
//     kMaxSpellings, the most frequent first.
// A variant searches its term (stemmed), so ترامب's variant ترمب also finds لترمب.
//
// Thread-safety: reads the databases it was given, as a Searcher does: one per thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/query.h"

namespace fahras::variants {

inline constexpr Xapian::doccount kMinPairArticles = 2;
inline constexpr Xapian::doccount kPairShare = 4;
inline constexpr std::size_t kMaxPairs = 3;
inline constexpr Xapian::doccount kArticleRatio = 10;
inline constexpr std::size_t kMaxSpellings = 5;

class DatabaseVariants final : public VariantSource {
 public:
  // `db` is the whole database (frequencies, XV terms); `indexes` its databases one by one, each
  // shard on its own, that keep a suggestion index (suggest.h), whose variants keys are read.
  // REQUIRES: all three outlive this object.
  DatabaseVariants(const Xapian::Database& db, const std::vector<Xapian::Database>& indexes,
                   const Analyzer& analyzer)
      : db_(db), indexes_(indexes), analyzer_(analyzer) {}

  std::vector<Variant> variants_of(const Token& token) const override;

  // Every word of the variants index with the spellings a query for it would search (the Arabic
  // kind only), sorted by word; for checking the table by hand (bench/variants).
  std::vector<WordVariants> table() const;

 private:
  std::vector<Variant> spellings_of(const std::string& word) const;
  std::vector<Variant> partners_of(const std::string& term) const;
  bool behaves_as_name(const std::string& word) const;

  const Xapian::Database& db_;
  const std::vector<Xapian::Database>& indexes_;
  const Analyzer& analyzer_;
};

}  // namespace fahras::variants
