// The database's folder on disk: opening it for writing, and putting a new database in its place
// without anyone (a searcher, a later run) ever finding a half-made one there. Xapian makes a new
// database, or overwrites one (DB_CREATE_OR_OVERWRITE), in place and in several steps: a process
// killed meanwhile leaves a folder that neither Xapian nor we can open again. So a new database is
// made in a sibling folder (staging_path) and moved into place once it is committed.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>

namespace fahras::indexer_detail {

// Opens `path` with `action` (Xapian::DB_OPEN, ...). Throws Error kLocked when another writer holds
// it, kDatabase when it cannot be opened or created.
Xapian::WritableDatabase open_for_writing(const std::filesystem::path& path, int action);

// Returns true iff `dir` holds nothing but the files of a Xapian (glass) database, or nothing: the
// only folders that may be replaced or deleted.
bool is_database_folder(const std::filesystem::path& dir);

// A sharded database (schema.h) is a folder of shard folders and Xapian's stub file listing them.
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

// Writes every file under `dir` (and the folders' entries) to disk: the one sync of a database
// written without syncs (Xapian::DB_NO_SYNC) before it is put in place. Throws Error kIo.
void sync_folder(const std::filesystem::path& dir);

// "<path>.new", beside `path`.
std::filesystem::path staging_path(const std::filesystem::path& path);

// Puts the folder `staging` at `target`. When `target` holds a database, the two are exchanged in
// one atomic step (renameat2 RENAME_EXCHANGE; where the file system cannot, two renames), and
// `staging` then holds the old database, for the caller to delete. Throws Error kIo.
void move_into_place(const std::filesystem::path& staging, const std::filesystem::path& target);

}  // namespace fahras::indexer_detail
