// Arabic spellings of one name in a database (ترامب / ترمب, غوغل / جوجل / قوقل, بوتين / بوتن), for
// the variants table that the indexer stores (schema.h, kSpellingsPrefix) and the searcher reads
// (searcher/variants.h). Shared by both so that they decide alike.
//
// A word's spellings are the words listed with it under its schema::variant_key() in the variants
// index (kVariantPrefix). Many ordinary words share a key (كتاب / كتب / كاتب), so a word is taken
// only when it behaves as a name, as foreign names do in Arabic: the stemmer leaves it whole (a
// suffix or clitic it strips makes it a declined word), and the articles hardly ever write it with
// the article ال or with an ending the stemmer leaves on (ه ها هم ات وا ون ين يه: all of them together
// in at most 1 / kArticleRatio as many articles: الكتاب, طالبه, اتهمه are common, الترامب, ترامبه
// not); and it must be one long vowel from the word (one inserted or replaced, consonants merged as
// the key merges them), but not by a long vowel added at the end, which is how Arabic inflects
// (اتفقت / اتفقتا, ولايته / ولايتها, تخطو / تخطوا): forms of one root are often further apart
// (ابدا / اباد). The word must behave as a name too, unless the articles never write it (a misspelt
// name). And the two must be written among the same words (shared neighbours, same_neighbours()):
// دونالد and الرئيس before both ترمب and ترامب, while طلبت and طالبت, two verbs, or ماتيس and
// ماتيوس, two men, stand among different ones. At most kMaxSpellings, the most frequent first.
// Everything here is a function of the articles the database holds (frequencies, and samples chosen
// by date and id), so an updated database decides as a fresh build of the same articles does.
//
// Thread-safety: reads the databases it was given; one object per thread (it caches neighbours
// without a lock).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"

namespace fahras::variants {

inline constexpr Xapian::doccount kArticleRatio = 10;
inline constexpr std::size_t kMaxSpellings = 5;
// Shared neighbours: the articles sampled per spelling, and the least cosine of the two spellings'
// neighbours for them to be one name (chosen on the hand-checked sample of bench/variants-sample.md's
// first table, checked on a fresh one: bench/RESULTS.md, "Name variants").
inline constexpr Xapian::doccount kNeighbourArticles = 20;
inline constexpr double kMinSharedNeighbours = 0.25;

class SpellingVariants {
 public:
  // `db` is the whole database (frequencies, stored articles); `indexes` its databases one by one,
  // each shard on its own, whose variants keys are read. REQUIRES: all three outlive this object.
  SpellingVariants(const Xapian::Database& db, const std::vector<Xapian::Database>& indexes,
                   const Analyzer& analyzer)
      : db_(db), indexes_(indexes), analyzer_(analyzer) {}

  // The spellings of `word` (normalised; a name is its own term), as above; may be empty.
  std::vector<std::string> spellings_of(const std::string& word) const;

  // Every word of the variants index written in at least kSuggestFloor articles that has
  // spellings, with them, sorted by word. Reads the whole index and the neighbours of every
  // candidate (seconds for ANT v2.1: bench/RESULTS.md).
  std::vector<std::pair<std::string, std::vector<std::string>>> table() const;

  // Returns true iff `word` (normalised) behaves as a name, as above: the articles write it, the
  // stemmer leaves it whole, and they hardly ever write it with ال or an ending. The Arabic side of a
  // pair across scripts must too (searcher/variants.h).
  bool is_written_name(const std::string& word) const;

 private:
  bool behaves_as_name(const std::string& word) const;
  // The words written right before ("<" + term) and right after (">" + term) `word`'s term,
  // stopwords skipped, in a sample of the articles that write `word`: kNeighbourArticles of them,
  // spread evenly over those articles in kOrderSlot order (date, then id), so that the sample is
  // the same over an updated database as over a fresh build, and over shards as over one database.
  // Each weighs the number of sampled articles that have it times its idf over the database. Read
  // from the stored articles by the analyser that indexed them.
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
