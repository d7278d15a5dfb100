#include "walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <system_error>

#include "fahras/reader.h"
#include "fahras/schema.h"

namespace fahras::indexer_detail {
namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& path) {
  std::string name = path.filename().string();
  return name.size() > 1 && name[0] == '.';
}

// The absolute canonical form of a path that exists (symbolic links resolved), or failing that its
// absolute, lexically normal form.
std::string canonical_path(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::canonical(path, ec);
  if (ec) canonical = fs::absolute(path, ec).lexically_normal();
  return canonical.string();
}

// "dir/" for a folder, so that "/a/b" does not claim "/a/bc"; "/" stays "/".
std::string folder_prefix(std::string dir) {
  if (!dir.ends_with('/')) dir += '/';
  return dir;
}

}  // namespace

void Walker::walk(const std::vector<fs::path>& paths) {
  for (const fs::path& path : paths) {
    if (sink_.cancelled()) return;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      // Its files are not removed: a PATH that is missing may be a volume that is not mounted.
      sink_.problem(path.string(),
                    ec && ec != std::errc::no_such_file_or_directory ? "cannot read: " + ec.message()
                                                                      : "no such file or folder",
                    true);
      continue;
    }
    const std::string canonical = canonical_path(path);
    if (fs::is_directory(status)) {
      walk_folder(path, canonical);
    } else {
      sink_.file(path, canonical);
    }
    if (!sink_.cancelled()) roots_.push_back({canonical, fs::is_directory(status)});
  }
}

// True iff `dir` is met for the first time in this run; otherwise it says so (a warning: nothing
// is lost, every article under it is read, or was, through the other path). A folder that cannot be
// looked at is skipped and reported, and its files are not removed.
bool Walker::first_visit(const fs::path& dir) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) {
    unlisted_folders_.push_back(folder_prefix(canonical_path(dir)));
    sink_.problem(dir.string(),
                  "cannot read folder: " + std::error_code(errno, std::generic_category()).message(),
                  true);
    return false;
  }
  const auto [met, first] = walked_.emplace(std::pair(info.st_dev, info.st_ino), dir);
  if (first) return true;
  const std::string before = met->second.string();
  const std::string here = dir.string();
  const bool loop = here.size() > before.size() && here.starts_with(before) && here[before.size()] == '/';
  std::string message = loop ? "symbolic link loop back to " : "same folder as ";
  message += before;
  message += ", not read again";
  sink_.problem(here, message, false);
  return false;
}

void Walker::walk_folder(const fs::path& dir, const std::string& canonical) {
  if (!first_visit(dir)) return;
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) {
    unlisted_folders_.push_back(folder_prefix(canonical));
    sink_.problem(dir.string(), "cannot read folder: " + ec.message(), true);
    return;
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  const std::string prefix = folder_prefix(canonical);
  for (const fs::directory_entry& entry : entries) {
    if (sink_.cancelled()) return;
    if (is_hidden(entry.path())) continue;
    // A file under a folder link is known by its path through the link (the first one met), so
    // that it keeps one file state from run to run.
    const std::string child = prefix + entry.path().filename().string();
    std::error_code type_ec;
    // Follows symbolic links: a link to a folder is walked (once, see `walked_`); a broken link or a
    // file that vanished since the listing is handed on when it has an article's name, for the
    // reader to report.
    if (entry.is_directory(type_ec)) {
      walk_folder(entry.path(), child);
    } else if (is_article_path(entry.path())) {
      sink_.file(entry.path(), child);
    } else {
      sink_.ignored();
    }
  }
}

std::set<std::string> Walker::vanished(
    const std::function<std::map<std::string, std::string>(const std::string&)>& recorded,
    const std::unordered_set<std::string>& met) const {
  std::set<std::string> gone;  // canonical paths
  for (const Root& root : roots_) {
    const std::string prefix = root.folder ? folder_prefix(root.canonical) : root.canonical;
    const std::string key_prefix =
        root.folder ? schema::file_state_key_prefix(prefix) : schema::file_state_key(prefix);
    for (const auto& [key, value] : recorded(key_prefix)) {
      const std::optional<schema::FileState> state = schema::decode_file_state(value);
      if (!state || met.count(state->path)) continue;
      if (root.folder ? !state->path.starts_with(prefix) : state->path != prefix) continue;
      if (std::any_of(unlisted_folders_.begin(), unlisted_folders_.end(),
                      [&](const std::string& f) { return state->path.starts_with(f); })) {
        continue;
      }
      gone.insert(state->path);
    }
  }
  return gone;
}

}  // namespace fahras::indexer_detail
