#include "settings.h"

#include <cstdint>
#include <optional>
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

constexpr std::uint32_t kLeadWords = 50;  // IndexOptions::lead_words of a new database

// Takes `recorded` (the database's value of a setting) into `given`, unless `given` is set to
// another value: then a one-line error naming `flag`.
template <typename T>
void follow(std::optional<T>& given, T recorded, const std::filesystem::path& path,
            const std::string& flag, const std::string& shown_recorded, const std::string& shown_given) {
  if (given && *given != recorded) {
    throw Error(Error::Kind::kUsage, "database " + path.string() + " was made with " + flag + " " +
                                         shown_recorded + ", not " + shown_given +
                                         ": changing it needs --rebuild");
  }
  given = recorded;
}

}  // namespace

DocumentOptions document_options(const IndexOptions& options) {
  return {analyzer_options(options), options.lead_words.value_or(kLeadWords)};
}

void record_settings(Xapian::WritableDatabase& db, const IndexOptions& options) {
  db.set_metadata(key(schema::kAnalyzerKey), Analyzer(analyzer_options(options)).version());
  db.set_metadata(key(schema::kSchemaKey), std::string(schema::kSchemaVersion));
  db.set_metadata(key(schema::kSpellingKey), options.spelling ? "1" : "0");
  db.set_metadata(key(schema::kLeadWordsKey), std::to_string(options.lead_words.value_or(kLeadWords)));
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
  if (db == nullptr) {
    options.lead_words = options.lead_words.value_or(kLeadWords);
    return options;
  }
  // Without a suggestion index the database gets none; with one, --no-spelling would leave it out
  // of date.
  if (db->get_metadata(key(schema::kSpellingKey)) == "0") {
    options.spelling = false;
  } else if (!options.spelling) {
    throw Error(Error::Kind::kUsage,
                "database " + path.string() + " keeps a suggestion index: --no-spelling needs --rebuild");
  }
  const std::string lead = db->get_metadata(key(schema::kLeadWordsKey));
  const std::uint32_t recorded_lead =
      lead.empty() ? kLeadWords : static_cast<std::uint32_t>(std::stoul(lead));
  follow(options.lead_words, recorded_lead, path, "--lead-words", std::to_string(recorded_lead),
         std::to_string(options.lead_words.value_or(recorded_lead)));
  return options;
}

}  // namespace fahras::indexer_detail
