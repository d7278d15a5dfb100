#include "settings.h"

#include <string>

#include "fahras/analyzer.h"
#include "fahras/error.h"
#include "fahras/schema.h"

namespace fahras::indexer_detail {

namespace {

AnalyzerOptions analyzer_options(const IndexOptions& options) {
  return AnalyzerOptions{options.stemmer, true, options.fold_hamza};
}

std::string key(std::string_view k) { return std::string(k); }

}  // namespace

DocumentOptions document_options(const IndexOptions& options) {
  return {analyzer_options(options), options.lead_words, options.exact_forms};
}

void record_settings(Xapian::WritableDatabase& db, const IndexOptions& options) {
  db.set_metadata(key(schema::kAnalyzerKey), Analyzer(analyzer_options(options)).version());
  db.set_metadata(key(schema::kSchemaKey), std::string(schema::kSchemaVersion));
  db.set_metadata(key(schema::kSpellingKey), options.spelling ? "1" : "0");
}

void check_compatible(const Xapian::Database& db, const std::filesystem::path& path,
                      const IndexOptions& options) {
  const std::string ours = Analyzer(analyzer_options(options)).version();
  const std::string theirs = db.get_metadata(key(schema::kAnalyzerKey));
  if (theirs != ours) {
    throw Error(Error::Kind::kDatabase, "database " + path.string() + " was built with analyser '" +
                                            (theirs.empty() ? "unknown" : theirs) + "', not '" +
                                            ours + "': re-index it with --rebuild");
  }
  const std::string schema = db.get_metadata(key(schema::kSchemaKey));
  if (schema != schema::kSchemaVersion) {
    throw Error(Error::Kind::kDatabase, "database " + path.string() + " has schema version " +
                                            (schema.empty() ? "unknown" : schema) + ", not " +
                                            std::string(schema::kSchemaVersion) +
                                            ": re-index it with --rebuild");
  }
}

IndexOptions resolve_settings(const Xapian::Database* db, const std::filesystem::path& path,
                              IndexOptions options) {
  if (db == nullptr) return options;
  // Without a table the database gets none; with one, --no-spelling would leave it out of date.
  if (db->get_metadata(key(schema::kSpellingKey)) == "0") {
    options.spelling = false;
  } else if (!options.spelling) {
    throw Error(Error::Kind::kUsage,
                "database " + path.string() + " keeps a spelling table: --no-spelling needs --rebuild");
  }
  return options;
}

}  // namespace fahras::indexer_detail
