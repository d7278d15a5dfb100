// The settings a database is made with, recorded in each shard's metadata (schema.h): the analyser
// (Analyzer::version(), which names its word lists' hash) and schema, which a later run must share,
// and the options that shape documents (suggestion index, lead words), which a later run
// follows. Checked here and nowhere else.
#pragma once

#include <xapian.h>

#include <filesystem>

#include "document_builder.h"
#include "fahras/indexer.h"

namespace fahras::indexer_detail {

// Records in `db` (a new shard) the analyser and schema versions and the settings of `options`.
// REQUIRES: `options` resolved (resolve_settings()).
void record_settings(Xapian::WritableDatabase& db, const IndexOptions& options);

// Throws Error kDatabase (naming `path` and --rebuild) unless `db` was made by the analyser of
// `options` and this schema version.
void check_compatible(const Xapian::Database& db, const std::filesystem::path& path,
                      const IndexOptions& options);

// `options` with the settings that `db`, the shard 0 of an existing database at `path`, records
// (spelling, lead_words), or for a new database (`db` null) every unset one at its
// default. Throws Error kUsage when a setting given conflicts with the recorded one (changing it
// needs --rebuild), or --no-spelling is asked of a database with a suggestion index.
IndexOptions resolve_settings(const Xapian::Database* db, const std::filesystem::path& path,
                              IndexOptions options);

// What a DocumentBuilder needs of resolved `options`.
DocumentOptions document_options(const IndexOptions& options);

}  // namespace fahras::indexer_detail
