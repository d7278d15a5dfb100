#include "database_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>
#include <system_error>

#include "fahras/error.h"
#include "fahras/schema.h"

namespace fahras::indexer_detail {
namespace fs = std::filesystem;

namespace {

std::string shard_name(std::uint32_t i) {
  return std::string(schema::kShardFolderPrefix) + std::to_string(i);
}

std::string stub_line(std::uint32_t i) { return "auto " + shard_name(i); }

}  // namespace

Xapian::WritableDatabase open_for_writing(const fs::path& path, int action) {
  try {
    return Xapian::WritableDatabase(path.string(), action);
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(Error::Kind::kLocked,
                "database " + path.string() + " is locked by another indexer");
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error(Error::Kind::kDatabase, "cannot open or create database " + path.string() + ": " +
                                            e.get_msg() + " (--rebuild makes a new one)");
  }
}

bool is_database_folder(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool ours = name == "iamglass" || name == "flintlock" || name.ends_with(".glass") ||
                      name.ends_with(".tmp") || name.starts_with("changes");
    if (!ours || !it->is_regular_file(ec)) return false;
  }
  return !ec;
}

fs::path shard_path(const fs::path& dir, std::uint32_t i) { return dir / shard_name(i); }

std::uint32_t shard_count(const fs::path& dir) {
  const fs::path stub = dir / schema::kStubFile;
  std::error_code ec;
  if (!fs::is_regular_file(stub, ec)) return 0;
  std::ifstream in(stub);
  std::uint32_t count = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (line != stub_line(count)) {
      throw Error(Error::Kind::kDatabase,
                  stub.string() + ": line '" + line + "' is not '" + stub_line(count) +
                      "': not a sharded database of fahras-index --shards");
    }
    ++count;
  }
  if (count == 0) throw Error(Error::Kind::kDatabase, stub.string() + " lists no shard");
  return count;
}

void write_stub(const fs::path& dir, std::uint32_t shards) {
  const fs::path stub = dir / schema::kStubFile;
  const fs::path temporary = fs::path(stub).concat(".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (std::uint32_t i = 0; i < shards; ++i) out << stub_line(i) << '\n';
    out.flush();
    if (!out) throw Error(Error::Kind::kIo, "cannot write " + temporary.string());
  }
  std::error_code ec;
  fs::rename(temporary, stub, ec);
  if (ec) throw Error(Error::Kind::kIo, "cannot write " + stub.string() + ": " + ec.message());
}

bool is_sharded_database_folder(const fs::path& dir) {
  std::error_code ec;
  bool stub = false;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == schema::kStubFile && it->is_regular_file(ec)) {
      stub = true;
    } else if (name == std::string(schema::kStubFile) + ".tmp" && it->is_regular_file(ec)) {
    } else if (name.starts_with(schema::kShardFolderPrefix) && it->is_directory(ec) &&
               is_database_folder(it->path())) {
    } else {
      return false;
    }
  }
  return !ec && stub;
}

void sync_folder(const fs::path& dir) {
  const auto sync = [](const fs::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    const bool ok = fd >= 0 && ::fsync(fd) == 0;
    const int error = errno;
    if (fd >= 0) ::close(fd);
    if (!ok) {
      throw Error(Error::Kind::kIo, "cannot write " + path.string() + " to disk: " +
                                        std::error_code(error, std::generic_category()).message());
    }
  };
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) sync(it->path(), O_RDONLY);
    if (it->is_directory(ec)) sync(it->path(), O_RDONLY | O_DIRECTORY);
  }
  if (ec) throw Error(Error::Kind::kIo, "cannot read " + dir.string() + ": " + ec.message());
  sync(dir, O_RDONLY | O_DIRECTORY);
}

fs::path staging_path(const fs::path& path) {
  fs::path p = path;
  if (!p.has_filename()) p = p.parent_path();  // "news.db/"
  return p.parent_path() / (p.filename().string() + ".new");
}

namespace {

void rename_or_throw(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) {
    throw Error(Error::Kind::kIo,
                "cannot move " + from.string() + " to " + to.string() + ": " + ec.message());
  }
}

}  // namespace

void move_into_place(const fs::path& staging, const fs::path& target) {
  std::error_code ec;
  if (!fs::exists(target, ec) || fs::is_empty(target, ec)) {
    rename_or_throw(staging, target);  // rename(2) replaces an empty folder
    return;
  }
  if (renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) return;
  if (errno != EINVAL && errno != ENOSYS) {
    throw Error(Error::Kind::kIo, "cannot exchange " + staging.string() + " and " +
                                      target.string() + ": " +
                                      std::error_code(errno, std::generic_category()).message());
  }
  // No atomic exchange here: for a moment there is no database at `target`.
  const fs::path aside = fs::path(staging).concat(".old");
  rename_or_throw(target, aside);
  rename_or_throw(staging, target);
  rename_or_throw(aside, staging);
}

}  // namespace fahras::indexer_detail
