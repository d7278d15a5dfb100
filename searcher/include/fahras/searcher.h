// Searcher: answers queries over one or more Fahras databases. The library behind fahras-search;
// another program embeds it like this:
//
//   fahras::Searcher searcher({"/var/lib/fahras/db"});
//   fahras::SearchResults results = searcher.search("الانتخابات البلدية", {});
//   for (const fahras::Hit& hit : results.hits) std::cout << hit.id << ' ' << hit.title << '\n';
//
// Searching returns plain structs; printer.h turns them into text or JSON Lines.
// Thread-safety: a Searcher is not thread-safe (it owns Xapian::Database handles); use one per
// thread. Several Searchers may search a database while one Indexer writes it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/query.h"
#include "fahras/snippet.h"

namespace fahras {

enum class SortOrder {
  kRelevance,  // BM25 score, best first (ties: newest first)
  kNewest,     // publication date, newest first (undated articles last)
  kOldest,
};

// How relevance is scored. The defaults are the shipped configuration, chosen by bench/relevance
// (see bench/RESULTS.md); the knobs exist for that benchmark's ablations.
struct RankingOptions {
  // "bm25", or one of Xapian's parameter-free schemes for comparison: "dph", "pl2".
  std::string weighting = "bm25";
  double bm25_k1 = 0.9;  // term frequency saturation
  double bm25_b = 0.9;   // document length normalisation
  // Coordination: the top `rerank_depth` results by BM25 are re-scored as
  // score * (distinct query terms matched / distinct query terms) ^ coord, which rewards an article
  // that matches more of a long query. 0 turns it off.
  double coord = 0;
  double title_weight = 0.5;    // QueryOptions::title_weight
  double lead_weight = 0.25;    // QueryOptions::lead_weight
  double exact_weight = 0;      // QueryOptions::exact_weight
  double proximity_weight = 0;  // QueryOptions::proximity_weight
  std::size_t rerank_depth = 100;
};

struct SearchOptions {
  std::size_t offset = 0;  // skip this many results
  std::size_t limit = 10;  // return at most this many
  std::optional<std::int64_t> since;  // only articles published at or after (seconds, UTC)
  std::optional<std::int64_t> until;  // ... at or before
  SortOrder sort = SortOrder::kRelevance;
  // Only articles from one of `sources` and in one of `categories` (each list ignored when empty),
  // matched exactly as the query syntax's source:x and category:x are (query.h field_filter). They
  // are fields, not query text, so a program can pass what a user typed without quoting it.
  std::vector<std::string> sources;
  std::vector<std::string> categories;
  DefaultOperator default_operator = DefaultOperator::kOr;
  QuerySyntax syntax = QuerySyntax::kFull;
  bool snippets = true;
  SnippetOptions snippet;
  RankingOptions ranking;
  // Keep only the best of articles with the same text (schema::kBodySlot): the same story published
  // under several ids. Off by default in the library; fahras-search turns it on for people.
  bool collapse = false;
};

// "relevance" -> kRelevance, "date" or "newest" -> kNewest, "oldest" -> kOldest; nothing otherwise.
std::optional<SortOrder> parse_sort_order(std::string_view name);

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result of the whole list
  std::string id;
  double score = 0;
  Snippet title;  // the whole title, with matching words marked
  std::string source;
  std::string category;
  std::string author;
  std::optional<std::int64_t> date;  // seconds since the epoch, UTC
  std::string url;
  std::string path;
  Snippet snippet;  // empty when SearchOptions::snippets is false
};

struct SearchResults {
  std::string query;   // as given
  std::string parsed;  // the Xapian query it became, for debugging
  std::uint64_t estimated = 0;  // estimated number of matching articles
  std::vector<Hit> hits;
  std::chrono::nanoseconds elapsed{0};
};

class Searcher {
 public:
  // Opens the databases (searched as one, with global ranking statistics). Throws Error (kDatabase)
  // when a path is not a Fahras database, or was built by an analyser this build does not have.
  explicit Searcher(const std::vector<std::string>& db_paths);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  // Throws Error (kBadQuery) for a malformed query or an empty source or category filter.
  SearchResults search(std::string_view query, const SearchOptions& options) const;

  // Moves to the latest revision an indexer has committed, so that a long-lived Searcher (a server's)
  // sees new articles. Cheap when nothing changed.
  void reopen();

  // The analyser that built the databases (and so analyses queries).
  const Analyzer& analyzer() const;
  std::uint64_t document_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
