// Indexer: writes articles into a Fahras database (a Xapian database laid out as schema.h says).
//
// One Indexer is the one writer of its database: Xapian allows a single writer, and a second Indexer
// on the same database fails at once with Error::Kind::kLocked. Not thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/article.h"

namespace fahras {

struct IndexOptions {
  StemmerKind stemmer = StemmerKind::kLight;
  // Articles per commit. A larger batch indexes faster and uses more memory; an interrupted run loses
  // at most the uncommitted batch (re-running indexes it again, replacing, never duplicating).
  std::size_t batch_size = 2000;
  bool rebuild = false;  // throw away the existing database and start empty
  // When set and it becomes true, add_paths() stops after the current file; call commit() after.
  const std::atomic<bool>* cancel = nullptr;
};

struct IndexSummary {
  std::uint64_t files = 0;             // files read that gave at least one article
  std::uint64_t files_skipped = 0;     // article files that gave no article (see the messages)
  std::uint64_t files_ignored = 0;     // files met while walking folders that are not article files
  std::uint64_t articles = 0;          // articles added or replaced
  std::uint64_t articles_skipped = 0;  // records skipped inside readable files
  std::uint64_t unparsed_dates = 0;    // articles indexed without a date they had but we could not read
  std::uint64_t warnings = 0;
  std::map<std::string, std::uint64_t> skip_reasons;  // short reason -> files or records skipped
  std::uint64_t documents = 0;  // documents in the database after the last commit
  double seconds = 0;
  bool cancelled = false;
};

// Receives what happens during add_paths(). Default implementations ignore everything.
class IndexListener {
 public:
  virtual ~IndexListener() = default;
  // A file or record was skipped (`skipped`), or read with a warning. `message` is one line.
  virtual void on_problem(std::string_view path, std::string_view message, bool skipped);
  // Called after each file with the running totals.
  virtual void on_file_done(const IndexSummary& running);
};

class Indexer {
 public:
  // Opens the database at `db_path`, creating it if needed. Throws Error (kLocked) when another
  // writer holds it, (kDatabase) when it was written by an analyser this build cannot reproduce
  // (re-index with rebuild), or when it cannot be created.
  Indexer(const std::filesystem::path& db_path, IndexOptions options);
  ~Indexer();
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Indexes each path: a file is read whatever its extension; a folder is walked recursively in
  // sorted order, reading files with article extensions (.txt .sgml .sgm .xml .trec .json .jsonl
  // .ndjson .html .htm, each also with .gz: is_article_path() in reader.h) and ignoring others and
  // hidden entries. Symbolic links are followed, to folders too; a folder met again (a link loop, or
  // two links to one folder, found by device and inode) is not read again and gets a warning.
  // Unreadable files and folders, broken links and files that vanish while the walk runs are skipped
  // and reported. Commits every batch_size articles. Bad files never throw: they are reported to
  // `listener`.
  void add_paths(const std::vector<std::filesystem::path>& paths, IndexListener& listener);

  // Adds one article, replacing any earlier article with the same id.
  void add_article(const Article& article);

  // Makes everything added so far durable and visible to searchers.
  void commit();

  const IndexSummary& summary() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
