// Indexing paths through the library in one call, for tests that need a database of real files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "fahras/indexer.h"

namespace fahras::test {

// Indexes `paths` into `db` (created when missing; `shards` as IndexOptions::shards), commits and
// returns the run's summary.
inline IndexSummary index(const std::filesystem::path& db, const std::vector<std::filesystem::path>& paths,
                          std::uint32_t shards = 0) {
  IndexOptions options;
  options.shards = shards;
  Indexer indexer(db, options);
  IndexListener quiet;
  indexer.add_paths(paths, quiet);
  indexer.commit();
  return indexer.summary();
}

}  // namespace fahras::test
