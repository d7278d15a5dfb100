// Per-file preparation: what a worker thread (pipeline.h) makes of one input file before the writer
// sees it. It decides from the file's recorded state whether the file needs reading at all, reads
// it, compares its content hash, parses it and builds its articles' documents. It touches no
// database, so any number run at once.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "document_builder.h"
#include "fahras/reader.h"
#include "fahras/schema.h"

namespace fahras::indexer_detail {

// What a worker made of one input file, for the writer to apply.
struct PreparedFile {
  enum class Outcome {
    kSkipped,    // `error` says why
    kUnchanged,  // same size and times as recorded: not read
    kTouched,    // read, same content hash as recorded; `state` is the new state
    kRead,       // read and parsed: `contents`, `state`, and `documents` unless the file has more
                 // than kArticlesPerTask articles (the writer then has them built in chunks)
  };
  Outcome outcome = Outcome::kSkipped;
  std::string error;
  schema::FileState state;
  FileContents contents;
  std::vector<BuiltDocument> documents;  // one per article of `contents`, in order
};

// Reads, parses and analyses the file at `path`, known as `canonical` (its file state's key), whose
// recorded state is `old`; builds spelling words when `spelling`.
PreparedFile prepare_file(const std::filesystem::path& path, const std::string& canonical,
                          const std::optional<schema::FileState>& old, bool spelling,
                          const DocumentBuilder& builder);

}  // namespace fahras::indexer_detail
