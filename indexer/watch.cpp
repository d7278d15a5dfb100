#include "watch.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <system_error>

#include "fahras/error.h"
#include "fahras/reader.h"

namespace fahras::watch {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kFolderEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE |
                                        IN_ONLYDIR | IN_DONT_FOLLOW;

bool hidden(const fs::path& name) { return name.filename().string().starts_with('.'); }

// Paths changed since the last batch.
struct Pending {
  std::set<fs::path> files;    // to read (written or moved in)
  std::set<fs::path> folders;  // to walk again (something in them was deleted, moved, or is new)
  bool everything = false;     // the queue overflowed: walk every PATH again
  std::optional<Clock::time_point> first, last;

  bool empty() const { return files.empty() && folders.empty() && !everything; }
  std::size_t size() const { return files.size() + folders.size(); }
  void touched() {
    last = Clock::now();
    if (!first) first = last;
  }
  // The PATHs of one incremental run: those that still exist, without the ones inside a folder
  // walked anyway.
  std::vector<fs::path> paths() const {
    const auto inside_folder = [&](const fs::path& p) {
      for (fs::path up = p.parent_path(); !up.empty() && up != up.parent_path(); up = up.parent_path()) {
        if (folders.contains(up)) return true;
      }
      return false;
    };
    std::vector<fs::path> out;
    std::error_code ec;
    for (const std::set<fs::path>* set : {&folders, &files}) {
      for (const fs::path& p : *set) {
        if (!inside_folder(p) && fs::exists(p, ec)) out.push_back(p);
      }
    }
    return out;
  }
};

// The inotify instance and its watches: one per folder, known by its path as the PATHs name it.
class Watches {
 public:
  Watches() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ < 0) throw Error(Error::Kind::kIo, std::string("--watch: inotify: ") + std::strerror(errno));
  }
  ~Watches() { close(fd_); }
  Watches(const Watches&) = delete;
  Watches& operator=(const Watches&) = delete;

  int fd() const { return fd_; }
  std::size_t size() const { return folders_.size(); }

  // Watches `folder` and every folder below it that is not hidden (folders reached through a
  // symbolic link inside it are not followed, as inotify would not report their changes under
  // this path). A folder that vanishes meanwhile is no error.
  void add_tree(const fs::path& folder) {
    add(folder, "");
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (hidden(it->path())) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_directory(ec) && !it->is_symlink(ec)) add(it->path(), "");
    }
  }
  // Watches the folder of the file PATH `file`, for that file alone.
  void add_file(const fs::path& file) {
    const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    add(folder, file.filename().string());
  }
  // Stops watching `folder` and the folders below it (they moved away: their watches would report
  // changes under a path that is no longer theirs).
  void remove_tree(const fs::path& folder) {
    for (auto it = folders_.begin(); it != folders_.end();) {
      const fs::path& p = it->second.path;
      const auto [end, _] = std::mismatch(folder.begin(), folder.end(), p.begin(), p.end());
      if (end == folder.end()) {
        inotify_rm_watch(fd_, it->first);
        it = folders_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // What a watch stands for: its folder, and the one file it is for (a file PATH) or "" for all.
  struct Folder {
    fs::path path;
    std::string only;
  };
  const Folder* find(int wd) const {
    const auto it = folders_.find(wd);
    return it == folders_.end() ? nullptr : &it->second;
  }
  void forget(int wd) { folders_.erase(wd); }

 private:
  void add(const fs::path& folder, const std::string& only) {
    const int wd = inotify_add_watch(fd_, folder.c_str(), kFolderEvents);
    if (wd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) return;  // gone since it was listed
      throw Error(Error::Kind::kIo, "--watch: cannot watch " + folder.string() + ": " + std::strerror(errno) +
                                        (errno == ENOSPC ? " (raise /proc/sys/fs/inotify/max_user_watches)" : ""));
    }
    // One folder named twice (a folder PATH and a file PATH in it): the whole folder wins.
    const auto [it, added] = folders_.try_emplace(wd, Folder{folder, only});
    if (!added && (only.empty() || it->second.only != only)) it->second.only.clear();
  }

  int fd_;
  std::map<int, Folder> folders_;  // by watch descriptor
};

void watch_paths(Watches& watches, const std::vector<fs::path>& paths) {
  for (const fs::path& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      watches.add_tree(p);
    } else {
      watches.add_file(p);
    }
  }
}

// Records what one event changed in `pending` (and new or moved folders in `watches`).
void handle(const inotify_event& event, Watches& watches, Pending& pending) {
  if (event.mask & IN_Q_OVERFLOW) {
    pending.everything = true;
    pending.touched();
    return;
  }
  if (event.mask & IN_IGNORED) {  // the folder was deleted, or its watch removed
    watches.forget(event.wd);
    return;
  }
  const Watches::Folder* folder = watches.find(event.wd);
  if (!folder || event.len == 0) return;
  const std::string name = event.name;
  if (name.starts_with('.') || (!folder->only.empty() && name != folder->only)) return;
  const fs::path path = folder->path / name;
  const fs::path parent = folder->path;  // `folder` may not outlive add_tree() or remove_tree()
  if (event.mask & IN_ISDIR) {
    if (event.mask & (IN_CREATE | IN_MOVED_TO)) {
      watches.add_tree(path);
      pending.folders.insert(path);
    } else if (event.mask & (IN_DELETE | IN_MOVED_FROM)) {
      if (event.mask & IN_MOVED_FROM) watches.remove_tree(path);
      pending.folders.insert(parent);
    } else {
      return;
    }
  } else if (!is_article_path(path)) {
    return;
  } else if (event.mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
    pending.files.insert(path);
  } else if (event.mask & (IN_DELETE | IN_MOVED_FROM)) {
    // A file PATH that is gone keeps its articles, as in any run (its folder would read others).
    if (!folder->only.empty()) return;
    pending.folders.insert(parent);
  } else {
    return;  // IN_CREATE of a file: its IN_CLOSE_WRITE follows
  }
  pending.touched();
}

// Reads the events waiting on the inotify descriptor into `pending`.
void read_events(Watches& watches, Pending& pending) {
  alignas(inotify_event) char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = read(watches.fd(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) throw Error(Error::Kind::kIo, std::string("--watch: reading inotify: ") + std::strerror(errno));
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      handle(*event, watches, pending);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
}

// One incremental run over what changed, one commit, one line on stderr.
void index_batch(Indexer& indexer, const std::vector<fs::path>& roots, Pending& pending, IndexListener& listener) {
  const std::vector<fs::path> paths = pending.everything ? roots : pending.paths();
  pending = Pending{};
  const IndexSummary before = indexer.summary();
  if (!paths.empty()) indexer.add_paths(paths, listener);
  indexer.commit(Indexer::Spellings::kLater);
  const IndexSummary& after = indexer.summary();
  std::cerr << "fahras-index: indexed: +" << after.files_added - before.files_added << " ~"
            << after.files_updated - before.files_updated << " -" << after.files_removed - before.files_removed
            << " (" << after.articles - before.articles << " articles; " << after.documents
            << " documents in the database)" << std::endl;
}

// Stores the spellings table if a batch left it stale, and says so.
void store_spellings(Indexer& indexer) {
  if (indexer.store_spellings()) std::cerr << "fahras-index: stored the spellings of name variants" << std::endl;
}

}  // namespace

void keep_signals_from_threads(const std::vector<int>& signals) {
  sigset_t set;
  sigemptyset(&set);
  for (const int s : signals) sigaddset(&set, s);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void run_watch(Indexer& indexer, const std::vector<fs::path>& paths, IndexListener& listener,
               const WatchOptions& options) {
  // In this thread the signals are blocked only from the check of `stop` to the wait (ppoll
  // unblocks them as it starts waiting), so that one coming in between is not missed; while
  // indexing they are taken, and the run stops after its current file. Other threads never take
  // them (keep_signals_from_threads).
  sigset_t blocked, waiting;
  sigemptyset(&blocked);
  for (const int s : options.signals) sigaddset(&blocked, s);
  pthread_sigmask(SIG_UNBLOCK, &blocked, nullptr);
  pthread_sigmask(SIG_SETMASK, nullptr, &waiting);

  // Watched before the first run, so that nothing written during it is missed (what it read already
  // is found unchanged).
  Watches watches;
  watch_paths(watches, paths);
  indexer.add_paths(paths, listener);
  indexer.commit(Indexer::Spellings::kLater);
  std::cerr << describe(indexer.summary());
  if (!options.stop->load()) {
    std::cerr << "fahras-index: watching " << watches.size() << (watches.size() == 1 ? " folder" : " folders")
              << " (Ctrl-C to stop)" << std::endl;
  }

  Pending pending;
  // When the spellings table is to be stored, if no event comes first: set by each commit (the
  // first run's too), which leaves it stale.
  std::optional<Clock::time_point> spellings_due = Clock::now() + options.spellings_idle;
  for (;;) {
    pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
    if (options.stop->load()) break;
    int timeout_ms = -1;
    if (!pending.empty() || spellings_due) {
      const Clock::time_point due =
          !pending.empty() ? std::min(*pending.last + options.quiet, *pending.first + options.latency)
                           : *spellings_due;
      timeout_ms = static_cast<int>(std::max<std::int64_t>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now()).count() + 1));
    }
    pollfd p{watches.fd(), POLLIN, 0};
    timespec ts{timeout_ms / 1000, (timeout_ms % 1000) * 1'000'000L};
    const int ready = ppoll(&p, 1, timeout_ms < 0 ? nullptr : &ts, &waiting);
    pthread_sigmask(SIG_UNBLOCK, &blocked, nullptr);
    if (ready < 0 && errno != EINTR) {
      throw Error(Error::Kind::kIo, std::string("--watch: waiting for events: ") + std::strerror(errno));
    }
    if (ready > 0) read_events(watches, pending);
    if (options.stop->load()) continue;
    if (pending.empty()) {
      if (spellings_due && Clock::now() >= *spellings_due) {
        store_spellings(indexer);
        spellings_due.reset();
      }
      continue;
    }
    const Clock::time_point now = Clock::now();
    if (pending.everything) watch_paths(watches, paths);  // folders made while events were lost
    if (now >= *pending.last + options.quiet || now >= *pending.first + options.latency ||
        pending.size() >= options.batch_files || pending.everything) {
      index_batch(indexer, paths, pending, listener);
      spellings_due = Clock::now() + options.spellings_idle;
    }
  }
  pthread_sigmask(SIG_UNBLOCK, &blocked, nullptr);
  if (spellings_due) store_spellings(indexer);
  std::cerr << "fahras-index: stopped watching; everything indexed is committed" << std::endl;
}

}  // namespace fahras::watch
