// DocumentBuilder: turns an Article into the Xapian document that schema.h describes (terms with
// positions, title, lead and field terms, date and body-key values, the stored article as data).
// Building a document needs no database, so builders run on worker threads while one thread
// writes (pipeline.h).
//
// Thread-safety: a DocumentBuilder holds an Analyzer, so one instance must not be used by two
// threads at once; give each thread its own. The Xapian::Document it returns is not shared with
// anything: it may be handed to another thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/article.h"

namespace fahras::indexer_detail {

struct DocumentOptions {
  AnalyzerOptions analyzer;
  std::uint32_t lead_words = 50;  // IndexOptions::lead_words
};

// A document, and the words it gives the suggestion index (schema.h): normalised forms, sorted, each
// once; empty unless asked for.
struct BuiltDocument {
  Xapian::Document document;
  std::vector<std::string> spelling;
};

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const DocumentOptions& options);

  // The document for `article`, which belongs to the input file whose schema::file_term() is
  // `file_term` ("": none, for a document built only for its words), and its words for the
  // suggestion index when `spelling`. Deterministic: the same article and options always give the
  // same document. Removing a document re-runs this on its stored article, so the words whose
  // frequency it lowers are exactly those it raised.
  BuiltDocument build(const Article& article, const std::string& file_term, bool spelling) const;

  const Analyzer& analyzer() const { return analyzer_; }

 private:
  DocumentOptions options_;
  Analyzer analyzer_;
};

}  // namespace fahras::indexer_detail
