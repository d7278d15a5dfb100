// Writer: the one code path that writes a Fahras database, one database or a sharded one (schema.h,
// docs/scaling.md): a single database is a sharded index with one shard, at DIR itself. Each shard
// has a thread that owns its Xapian::WritableDatabase, so that the shards are written in parallel,
// and the calling thread (the Indexer's) walks, reads and hands out work meanwhile. Each shard keeps
// the spelling table of its own documents (SpellingChanges, summed between commits; a
// DocumentBuilder of its own rebuilds the words of a document it deletes or replaces).
//
// Where file states live: all of them in shard 0, written only by commit() and only after every
// other shard has committed (shard 0's own documents go in the same commit as the states). So a
// committed file state always describes articles that are all committed, in whichever shards; a
// run killed before the states' commit leaves those files' states as they were, and the next run
// reads the files again: their articles are replaced by id in the same shards (shard_of), and the
// deletion of each file's old articles by its XF term reaches every shard, so nothing is lost or
// duplicated. Between commits, and after a crash until the next run, a file whose articles span
// several shards can be new in some and old in others; each article is whole in any case.
//
// Each file's changes in a shard are one unflushed transaction, so that Xapian never commits on its
// own (at XAPIAN_FLUSH_THRESHOLD) in the middle of a file or without the spelling changes.
//
// Two files that hold the same article id (issue 12): the later file in the walk's sorted order
// (later_in_walk()) wins, whichever was read first, so that incremental runs and a fresh build
// agree. The shard of the id keeps, in its metadata (schema::kHoldersPrefix), every file that holds
// the id, for as long as more than one does; its document is the winner's, and carries the
// winner's XF term. So a file's state is its file state (how many articles it holds), the
// documents carrying its XF term (the ids it won) and the holders entries naming it (the ids it
// lost). When the winner changes or goes, its shard re-reads the next file in line, which is still
// there, and puts its article back, in the same transaction; a loser that changes or goes only
// leaves the list. Each collision found is reported (take_notes()).
//
// Not thread-safe: one thread calls everything. Errors of a shard's thread are rethrown by the next
// call that waits for the shards (commit(), compact(), close()).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "document_builder.h"
#include "fahras/article.h"
#include "fahras/indexer.h"

namespace fahras::indexer_detail {

// How a database folder is laid out: one Xapian database at DIR, or `shards` of them at
// DIR/shard-<i> with DIR/XAPIANDB (database_files.h).
struct Layout {
  std::uint32_t shards = 1;
  bool sharded = false;

  // Where shard `i` of a database at `dir` is.
  std::filesystem::path shard(const std::filesystem::path& dir, std::uint32_t i) const;
};

class Writer {
 public:
  // Opens the shards of the database at `dir` for writing (`action`: Xapian::DB_OPEN, or
  // DB_CREATE_OR_OVERWRITE, with flags, for a new database, whose shards get the settings of `options`
  // (settings.h), their shard keys and the stub file, and are committed). An opened database is
  // checked: each shard made by this analyser and schema, and where its shard key says.
  // `options` are those the database follows (settings.h). Throws Error kLocked when another writer
  // holds a shard, kDatabase when one cannot be opened or is not compatible.
  Writer(const std::filesystem::path& dir, Layout layout, int action, const IndexOptions& options);
  ~Writer();  // stops the threads; what was not committed is lost, as with Xapian
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  const Layout& layout() const { return layout_; }

  // Metadata of shard 0 (file states), with the writes not yet committed.
  std::string get_metadata(const std::string& key);
  // All entries whose key starts with `prefix`, as get_metadata() sees them (empty values left out).
  std::map<std::string, std::string> metadata_with_prefix(const std::string& prefix);
  // Written into shard 0 by the next commit(), after the other shards' commits.
  void set_metadata(const std::string& key, const std::string& value);

  // A file's new articles replace its old ones: begin_file() deletes every document carrying
  // `file_term` in every shard, each add_to_file() adds an article's document to its shard,
  // replacing an earlier article with the same id, and end_file() ends the file; in each shard the
  // file is one transaction. Runs on the shards' threads: returns at once unless their queues are
  // full (a few chunks of documents each, so that a file of many articles is never held whole).
  // `path` is the file's canonical path (its file state's), `given` the path as its articles carry
  // it (Article::path).
  void begin_file(const std::string& path, const std::string& given);
  void add_to_file(const Article& article, BuiltDocument document);
  void end_file();
  // Adds one article's document to its shard, replacing an earlier article with the same id
  // (Indexer::add_article).
  void add(const Article& article, BuiltDocument document);
  // Deletes the article whose id is `id` from its shard, if it is there (Indexer::remove_article);
  // it counts in take_articles_removed().
  void remove(const std::string& id);

  // Waits until the shards have done what they were handed; rethrows a shard's error.
  void wait_idle();

  // Commits every shard (shard 0 last, with the metadata), and waits for it.
  void commit();

  // Stores the spellings table (schema.h, kSpellingsPrefix, fahras/spelling_variants.h) of all the
  // shards' articles in shard 0, with kSpellingsKey, and commits it. REQUIRES: committed. Takes
  // seconds for ANT v2.1 (bench/RESULTS.md): once per run that changed articles (Indexer::commit()).
  void store_spellings();

  // Writes a compacted copy of every shard (and the stub file) into `dir` (REQUIRES: committed).
  void compact(const std::filesystem::path& dir);

  // Documents in all shards, as of the last commit().
  Xapian::doccount document_count() const;
  // Documents that begin_file() deleted and did not replace by one with the same id (articles a
  // file no longer holds, or of a removed file), since the last call.
  std::uint64_t take_articles_removed();
  // Warnings of the shards' threads since the last call (an article id held by two files), as
  // (file as given, one-line message), in the order each shard found them.
  std::vector<std::pair<std::string, std::string>> take_notes();

  // Closes every shard (REQUIRES: committed), e.g. before moving the folder, and opens them again
  // at `dir`.
  void close();
  void reopen(const std::filesystem::path& dir);

 private:
  struct Shard;
  Layout layout_;
  std::vector<std::unique_ptr<Shard>> shards_;
  IndexOptions options_;
  Xapian::Database states_;  // shard 0, read-only, for get_metadata
  std::map<std::string, std::string> pending_metadata_;
  Xapian::doccount documents_ = 0;
  std::vector<std::vector<std::pair<std::string, BuiltDocument>>> file_documents_;  // per shard,
                                                                                   // not yet pushed
};

}  // namespace fahras::indexer_detail
