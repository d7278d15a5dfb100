#include "database_files.h"

#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>

#include "fahras/error.h"

namespace fahras::indexer_detail {
namespace fs = std::filesystem;

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
