// The writers of a sharded database (fahras-index --shards N; layout in schema.h): one thread per
// shard, each owning that shard's Xapian::WritableDatabase, so that the shards are written in
// parallel while the Indexer's workers (pipeline.h) read, parse and build documents. Each shard
// keeps the suggestion index of its own documents (schema.h: with a floor for one shard; a
// DocumentBuilder of its own rebuilds the words of a document it deletes or replaces).
//
// Where file states live: all of them in shard-0, written only by commit() and only after every
// other shard has committed (shard-0's own documents go in the same commit as the states). So a
// committed file state always describes articles that are all committed, in whichever shards; a
// run killed before the states' commit leaves those files' states as they were, and the next run
// reads the files again: their articles are replaced by id in the same shards (shard_of), and the
// deletion of each file's old articles by its XF term reaches every shard, so nothing is lost or
// duplicated. Between commits, and after a crash until the next run, a file whose articles span
// several shards can be new in some and old in others; each article is whole in any case.
//
// Not thread-safe: one thread (the Indexer's) calls everything. Errors of a shard's thread are
// rethrown by the next call that waits for the shards (commit(), close()).
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fahras/article.h"
#include "document_builder.h"
#include "fahras/indexer.h"

namespace fahras::indexer_detail {

// DIR/shard-<i>.
std::filesystem::path shard_path(const std::filesystem::path& dir, std::uint32_t i);

// Returns the number of shards of the sharded database at `dir` (the lines of its stub file), or 0
// when `dir` has no stub file. Throws Error kDatabase for a stub that does not list shard-0 ...
// shard-<N-1> in order.
std::uint32_t shard_count(const std::filesystem::path& dir);

// Writes the stub file of a database of `shards` shards into `dir`, atomically (a temporary file
// renamed over it).
void write_stub(const std::filesystem::path& dir, std::uint32_t shards);

// Returns true iff `dir` holds a stub file and shard-N folders that are database folders, and
// nothing else (is_database_folder()'s counterpart for a sharded database).
bool is_sharded_database_folder(const std::filesystem::path& dir);

class ShardSet {
 public:
  // Opens the `shards` shards in `dir` for writing (`action`: Xapian::DB_OPEN or
  // DB_CREATE_OR_OVERWRITE; a new shard gets the analyser, schema and shard keys and is committed).
  // Throws Error kLocked when another writer holds a shard, kDatabase when one cannot be opened.
  ShardSet(const std::filesystem::path& dir, std::uint32_t shards, int action,
           const IndexOptions& options);
  ~ShardSet();  // stops the threads; what was not committed is lost, as with Xapian
  ShardSet(const ShardSet&) = delete;
  ShardSet& operator=(const ShardSet&) = delete;

  std::uint32_t size() const;

  // Metadata of shard-0, with the writes not yet committed.
  std::string get_metadata(const std::string& key);
  // All entries whose key starts with `prefix`, as get_metadata() sees them (empty values left out).
  std::map<std::string, std::string> metadata_with_prefix(const std::string& prefix);
  // Written into shard-0 by the next commit(), after the other shards' commits.
  void set_metadata(const std::string& key, const std::string& value);

  // Deletes every document carrying `file_term` in every shard, then adds `documents`, built from
  // `articles` (one each, in order), each to its article's shard, replacing an earlier article with
  // the same id; each shard as one transaction. Runs on the shards' threads: returns at once unless
  // their queues are full.
  void replace_file(const std::string& file_term, const std::vector<Article>& articles,
                    std::vector<BuiltDocument> documents);
  // Adds one article's document to its shard, replacing an earlier article with the same id
  // (Indexer::add_article).
  void add(const Article& article, BuiltDocument document);

  // Writes a compacted copy of every shard, and the stub file, into `dir` (REQUIRES: committed).
  void compact(const std::filesystem::path& dir);

  // Commits every shard (shard-0 last, with the metadata), and waits for it.
  void commit();

  // Documents in all shards, as of the last commit().
  Xapian::doccount document_count() const;
  // Documents that replace_file() deleted and did not replace by one with the same id (articles a
  // file no longer holds, or of a removed file), since the last call.
  std::uint64_t take_articles_removed();

  // Closes every shard (REQUIRES: committed), e.g. before moving the folder, and opens them again
  // at `dir`.
  void close();
  void reopen(const std::filesystem::path& dir);

 private:
  struct Shard;
  void wait_idle();
  std::vector<std::unique_ptr<Shard>> shards_;
  IndexOptions options_;
  std::filesystem::path dir_;
  Xapian::Database states_;  // shard-0, read-only, for get_metadata
  std::map<std::string, std::string> pending_metadata_;
  Xapian::doccount documents_ = 0;
};

}  // namespace fahras::indexer_detail
