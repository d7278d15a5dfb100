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

struct SearchOptions {
  std::size_t offset = 0;  // skip this many results
  std::size_t limit = 10;  // return at most this many
  std::optional<std::int64_t> since;  // only articles published at or after (seconds, UTC)
  std::optional<std::int64_t> until;  // ... at or before
  SortOrder sort = SortOrder::kRelevance;
  DefaultOperator default_operator = DefaultOperator::kOr;
  QuerySyntax syntax = QuerySyntax::kFull;
  bool snippets = true;
  SnippetOptions snippet;
  // Keep only the best of articles with the same text (schema::kBodySlot): the same story published
  // under several ids. Off by default in the library; fahras-search turns it on for people.
  bool collapse = false;
};

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

  // Throws Error (kBadQuery) for a malformed query.
  SearchResults search(std::string_view query, const SearchOptions& options) const;

  // The analyser that built the databases (and so analyses queries).
  const Analyzer& analyzer() const;
  std::uint64_t document_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
