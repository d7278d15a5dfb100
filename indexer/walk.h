// Walker: the walk over the PATHs of a run, kept apart from what is done with the files it meets
// (as omindex keeps its directory iterator apart). Folders are walked recursively in sorted order;
// hidden entries are skipped; only article files (reader.h, is_article_path()) are handed on, other
// files are counted; symbolic links are followed, to folders too, and a folder met again (a loop,
// or two links to one folder, found by device and inode) is not read twice.
//
// After the walk it tells which files recorded under its PATHs were not met: a PATH that does not
// exist (an unmounted volume is not an empty archive), a folder that could not be listed and a walk
// that was cancelled remove nothing.
//
// Not thread-safe.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fahras::indexer_detail {

// What the walk reports.
class WalkSink {
 public:
  virtual ~WalkSink() = default;
  // An article file, at `path` as met and known by `canonical` (absolute, the PATH's links resolved;
  // under a folder link inside it, the path through the first link met).
  virtual void file(const std::filesystem::path& path, const std::string& canonical) = 0;
  // A PATH or folder that cannot be read (`skipped`), or a warning.
  virtual void problem(const std::string& name, const std::string& message, bool skipped) = 0;
  virtual void ignored() = 0;  // a file in a folder that is not an article file
  virtual bool cancelled() const = 0;
};

class Walker {
 public:
  explicit Walker(WalkSink& sink) : sink_(sink) {}

  // Walks each path: a file is handed on whatever its name, a folder walked.
  void walk(const std::vector<std::filesystem::path>& paths);

  // The canonical paths of the files recorded under the PATHs walked to the end and not met (in
  // `met`). `recorded(key_prefix)` returns the file states whose key starts with the prefix
  // (schema::file_state_key_prefix()), as a map from key to encoded state.
  std::set<std::string> vanished(
      const std::function<std::map<std::string, std::string>(const std::string&)>& recorded,
      const std::unordered_set<std::string>& met) const;

 private:
  // A PATH of this run, walked to the end.
  struct Root {
    std::string canonical;
    bool folder = false;
  };
  void walk_folder(const std::filesystem::path& dir, const std::string& canonical);
  bool first_visit(const std::filesystem::path& dir);

  WalkSink& sink_;
  std::vector<Root> roots_;
  std::vector<std::string> unlisted_folders_;  // "dir/" of folders that could not be listed
  // Folders walked so far, by (device, inode).
  std::map<std::pair<dev_t, ino_t>, std::filesystem::path> walked_;
};

}  // namespace fahras::indexer_detail
