// Statistics of a Fahras database (fahras-index --stats): what it holds (articles, sources,
// categories, dates), what it takes on disk (Xapian's tables, per shard), the settings it was built
// with, and the summary of the last indexing run, which the indexer stores in the database
// (schema::kLastRunKey) so that a file skipped in an earlier run is still listed while it stays
// unchanged. Reading opens the database read-only: it works while an indexer writes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fahras {

struct IndexStats {
  std::string db;  // the folder as given
  std::uint64_t articles = 0;
  // Values as the articles write them, most frequent first (ties by value); articles without one
  // are not counted.
  std::vector<std::pair<std::string, std::uint64_t>> sources;
  std::vector<std::pair<std::string, std::uint64_t>> categories;
  std::optional<double> first_date, last_date;  // seconds since the epoch; none when nothing is dated
  // Bytes on disk by Xapian table (postlist, termlist, position, docdata, ...), summed over shards.
  std::map<std::string, std::uint64_t> tables;
  std::vector<std::pair<std::string, std::uint64_t>> shards;  // shard folder -> bytes (one: DIR)
  std::uint64_t bytes = 0;                                    // all of it
  std::map<std::string, std::string> settings;  // fahras.analyzer, fahras.schema, ... (shard 0)
  std::string last_run;  // the stored summary of the last run (JSON), "" before any
};

// Reads the statistics of the database at `db` (one database or a sharded one). Throws Error
// kDatabase when it is not a Fahras database.
IndexStats read_stats(const std::filesystem::path& db);

// As fahras-index --stats prints them: text (lines without a program name prefix) or one JSON
// object on one line.
std::string describe_stats(const IndexStats& stats);
std::string stats_json(const IndexStats& stats);

}  // namespace fahras
