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
//     them), but not by a long vowel added at the end, which is how Arabic inflects (اتفقت /
//     اتفقتا, ولايته / ولايتها, تخطو / تخطوا): forms of one root are often further apart
//     (ابدا / اباد). The query word must behave as a name too, unless the articles never write it
//     (a misspelt name). And the two must be written among the same words (shared neighbours,
//     same_neighbours()): دونالد and الرئيس before both ترمب and ترامب, while طلبت and طالبت, two
//     verbs, or ماتيس and ماتيوس, two men, stand among different ones. At most kMaxSpellings, the
//     most frequent first.
// A variant searches its term (stemmed), so ترامب's variant ترمب also finds لترمب.
//
// Cost: the neighbours are read from up to 2 x kNeighbourArticles stored articles per word and
// candidate spelling at query time (bench/RESULTS.md): the reason variants are not yet on by default.
//
// Thread-safety: reads the databases it was given, as a Searcher does: one per thread (it caches
// neighbours without a lock).
#pragma once

#include <cstdint>
#include <map>
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
// Shared neighbours: the articles sampled per spelling, and the least cosine of the two spellings'
// neighbours for them to be one name (chosen on the hand-checked sample of bench/variants-sample.md's
// first table, checked on a fresh one: bench/RESULTS.md, "Name variants").
inline constexpr Xapian::doccount kNeighbourArticles = 20;
inline constexpr double kMinSharedNeighbours = 0.25;

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
  // The words written right before ("<" + term) and right after (">" + term) `word`'s term, stopwords
  // skipped, in a sample of the articles that write `word`: kNeighbourArticles of them, spread
  // evenly over those articles in kOrderSlot order (date, then id), so that the sample, like
  // everything else here, is the same over an updated database as over a fresh build, and over
  // shards as over one database. Each weighs the number of sampled articles that have it times its
  // idf over the database. Read from the stored articles by the analyser that indexed them.
  using Neighbours = std::map<std::string, double>;
  const Neighbours& neighbours_of(const std::string& word) const;
  // Returns true iff the cosine of the neighbours of `a` and `b` (each other's term left out) is at
  // least kMinSharedNeighbours.
  bool same_neighbours(const std::string& a, const std::string& b) const;

  const Xapian::Database& db_;
  const std::vector<Xapian::Database>& indexes_;
  const Analyzer& analyzer_;
  mutable std::map<std::string, Neighbours> neighbours_;  // neighbours_of(), by word
};

}  // namespace fahras::variants
