// Indexer: writes articles into a Fahras database (a Xapian database laid out as schema.h says).
//
// Incremental: the database remembers each input file it has read (schema.h, file state), so that
// indexing the same folders again re-reads only what changed. A file is identified by its absolute
// canonical path (a run from another working directory, or through another relative path, finds
// the same files); its articles keep the path as given, for display.
//
// Crash safety: the database only ever commits whole files. A file's articles, the removal of its
// old ones and its file state go into one commit, so a run killed at any moment (even SIGKILL)
// leaves a database that opens and searches, holds each file either as before or as now, and
// the next run finishes the job without losing or duplicating an article.
//
// One Indexer is the one writer of its database: Xapian allows a single writer, and a second Indexer
// on the same database fails at once with Error::Kind::kLocked. Searchers may read meanwhile. Not
// thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/article.h"

namespace fahras {

struct IndexOptions {
  StemmerKind stemmer = StemmerKind::kLight;
  bool fold_hamza = false;  // AnalyzerOptions::fold_hamza
  // Settings that shape documents, recorded in the database (schema.h). Unset, a run follows what
  // the database records (for a new database: 50); set to another value than an existing
  // database records, it throws Error kUsage unless `rebuild` is set.
  std::optional<std::uint32_t> lead_words;  // words (stopwords included) of an article's start in
                                            // its lead
  // Keep the suggestion index (schema.h) that "did you mean" suggestions come from (the exact forms
  // it reads are indexed in any case). It costs little indexing time and about 6% of the index
  // (bench/RESULTS.md). Applies to a new database or a rebuild; an existing database keeps the
  // setting it was made with (a database with an index cannot drop it without --rebuild: Error
  // kUsage).
  bool spelling = true;
  // Changes per commit: documents written, plus one per file for its state (a removed file counts
  // one, whatever it held). A commit happens at the first file boundary
  // once this many changes are pending, so a file is never split across commits (one file with more
  // articles than this still goes into one commit). A larger batch indexes faster and holds more in memory;
  // an interrupted run loses at most the uncommitted batch, which the next run reads again.
  std::size_t batch_size = 2000;
  // Threads that read and apply the input: one applies files in the order of the input, the others
  // read, parse and analyse ahead of it (1: the applying thread does it all; 0: one per core). The
  // database is written by one more thread per shard (writer.h). The database is the same, document
  // ids included, whatever the number.
  unsigned threads = 0;
  // About how much memory, in MiB, indexing may hold besides the largest input file (which is held
  // whole while its articles are written): documents analysed but not yet written, and Xapian's
  // changes not yet flushed to disk (this sets XAPIAN_FLUSH_THRESHOLD, unless the environment
  // already does). A larger budget was not faster on ANT (bench/RESULTS.md).
  std::size_t memory_mb = 64;
  // After a rebuild, compact the new database (Xapian::Database::compact) before putting it in place:
  // a smaller, faster index, for a few more seconds at the end.
  bool compact = true;
  // Start over: a new, empty database is made beside the existing one ("<db>.new") and replaces it
  // at the first commit(); until then searchers see the old one, and a crash leaves it intact.
  bool rebuild = false;
  // Shards of a new database (or, with rebuild, of the new one): 1 makes one Xapian database, N > 1
  // a sharded one (schema.h, docs/scaling.md) written by N threads. 0: as the existing database is
  // (one for a new database). An existing database keeps its count: another one throws Error
  // kUsage unless rebuild is set.
  std::uint32_t shards = 0;
  // When set and it becomes true, add_paths() stops after the current file; call commit() after.
  const std::atomic<bool>* cancel = nullptr;
};

// A file or record that a run skipped, as the database's last-run summary keeps it.
struct SkippedFile {
  std::string file;      // as given
  std::string reason;    // the message ("empty file", "record 3: invalid JSON ...")
  std::int64_t reported = 0;  // when the run that reported it ended, seconds since the epoch
};

// The skipped files and records that the last-run summary lists at most (it keeps the total).
inline constexpr std::size_t kSkippedListed = 1000;

struct IndexSummary {
  // Input files met in this run, by what happened to them: each file read counts in exactly one of
  // the first three (one that cannot be read counts only in files_skipped). files_removed are files
  // of earlier runs that are gone.
  std::uint64_t files_added = 0;      // read for the first time (no file state in the database)
  std::uint64_t files_updated = 0;    // read again: their contents changed since the last run
  std::uint64_t files_unchanged = 0;  // not indexed again: same size, mtime and ctime, or same
                                      // contents
  std::uint64_t files_touched = 0;    // of those unchanged, files read to compare contents because
                                      // their size, mtime or ctime differed (or were too recent to
                                      // trust)
  std::uint64_t files_removed = 0;    // recorded files under this run's PATHs that no longer exist
  std::uint64_t articles_removed = 0; // documents deleted: of removed files, and articles that an
                                      // updated file no longer holds
  std::uint64_t files = 0;             // files read that gave at least one article
  std::uint64_t files_skipped = 0;     // article files that gave no article, or could not be read
                                       // (see the messages)
  std::uint64_t files_ignored = 0;     // files met while walking folders that are not article files
  std::uint64_t articles = 0;          // articles added or replaced in this run
  std::uint64_t articles_skipped = 0;  // records skipped inside readable files
  std::uint64_t unparsed_dates = 0;    // articles indexed without a date they had but we could not read
  std::uint64_t warnings = 0;
  std::map<std::string, std::uint64_t> skip_reasons;  // short reason -> files or records skipped
  std::vector<SkippedFile> skipped;  // the first kSkippedListed of them (`reported` 0 until commit())
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
  // Called after each file with the running totals (`seconds` is the time since the run began).
  virtual void on_file_done(const IndexSummary& running);
  // Returns true iff the listener shows progress: add_paths() then counts the article files under
  // its PATHs first, by a walk that lists folders and opens no file, and reports the count to
  // on_files_counted() before reading any.
  virtual bool wants_progress() const;
  virtual void on_files_counted(std::uint64_t files);
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
  // two links to one folder, found by device and inode) is not read again and gets a warning. Named
  // pipes, sockets and devices are skipped and reported.
  //
  // A file whose size, mtime and ctime match its file state is not read; when they differ it is
  // read and the hash of its bytes on disk compared, so that a touched but identical file is not
  // indexed again. A changed file's articles replace all of its old ones (articles it no longer
  // holds are deleted). Once every path has been walked, files recorded under these paths that were
  // not met (deleted, renamed, now hidden or ignored) lose their articles and their state; files
  // under other paths, under a PATH that does not exist, or under a folder that could not be listed
  // are left alone. Nothing is removed when the run is cancelled.
  //
  // A file that gives no article (empty, binary, ...) is recorded too, and reported only when it is
  // read; one that cannot be opened or read (or vanishes while the walk runs) keeps its earlier
  // articles, is reported, and is tried again next run. Commits at file boundaries (see
  // IndexOptions::batch_size). Bad files never throw: they are reported to `listener`. Throws
  // Xapian::Error when the database cannot be written. Each call is a run of its own (fahras-index
  // --watch makes one per batch of changes): what an earlier call met is not taken as met by this
  // one. The summary adds up over calls.
  void add_paths(const std::vector<std::filesystem::path>& paths, IndexListener& listener);

  // Adds one article, replacing any earlier article with the same id. The article belongs to no file
  // state: runs of add_paths() neither skip nor remove it (its XF term is its path as given).
  void add_article(const Article& article);

  // Deletes the article whose id is `id` (as add_article() or add_paths() wrote it), if there is
  // one; it counts in IndexSummary::articles_removed at the next commit. A file that held it keeps
  // its file state, so a later run does not bring it back unless the file changes.
  void remove_article(std::string_view id);

  // What commit() does with the spellings table of name variants (schema.h, kSpellingsPrefix).
  enum class Spellings {
    kStore,  // store it again when articles were added or removed since it was stored: seconds for
             // an archive of 30,000 articles (bench/RESULTS.md, "Name variants")
    kLater,  // leave it out (searchers meanwhile find the same spellings themselves, more slowly)
             // until store_spellings() or a commit with kStore: fahras-index --watch, between batches
  };

  // Makes everything added so far durable and visible to searchers, with the summary of the run
  // (schema::kLastRunKey): this run's skipped files, and those of earlier runs that this run did
  // not read again and that still exist. When articles were added or removed since the spellings
  // table was stored (or it is missing), the commit takes it out, and with kStore stores it again
  // unless the run was cancelled (IndexOptions::cancel).
  void commit(Spellings spellings = Spellings::kStore);

  // Stores the spellings table, and commits it, when articles were added or removed since it was
  // stored (or it is missing), even if the run was cancelled. Returns true iff it stored it.
  // REQUIRES: committed (nothing added or removed since the last commit()).
  bool store_spellings();

  const IndexSummary& summary() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The summary as fahras-index prints it: lines starting "fahras-index: ", each ending in '\n'.
std::string describe(const IndexSummary& summary);

// One line of progress after `done` of `total` files in `seconds`: "1200/31525 files (3.8%), 41 s,
// about 17 min left" (the time left estimated at the rate so far); without a total (0), or before
// the first file, "1200 files, 41 s".
std::string progress_line(std::uint64_t done, std::uint64_t total, double seconds);

// The kLastRunKey value of a run ending at `now` (seconds since the epoch): its counts and
// `skipped` (at most kSkippedListed of them), of `skipped_total` in all.
std::string encode_last_run(const IndexSummary& summary, const std::vector<SkippedFile>& skipped,
                            std::uint64_t skipped_total, std::int64_t now);
// The skipped files of a kLastRunKey value (none when it cannot be read).
std::vector<SkippedFile> decode_last_run_skipped(std::string_view value);

}  // namespace fahras
