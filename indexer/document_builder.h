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

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/article.h"

namespace fahras::indexer_detail {

struct DocumentOptions {
  AnalyzerOptions analyzer;
  std::uint32_t lead_words = 50;  // IndexOptions::lead_words
  bool exact_forms = false;       // IndexOptions::exact_forms
};

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const DocumentOptions& options);

  // The document for `article`, which belongs to the input file whose schema::file_term() is
  // `file_term`. Deterministic: the same article and options always give the same document.
  Xapian::Document build(const Article& article, const std::string& file_term) const;

  const Analyzer& analyzer() const { return analyzer_; }

 private:
  DocumentOptions options_;
  Analyzer analyzer_;
};

}  // namespace fahras::indexer_detail
