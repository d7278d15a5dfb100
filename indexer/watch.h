// fahras-index --watch: after the first run, follows the PATHs' folders with inotify and indexes what
// changes in them, in batches, with the Indexer that ran first (so the database lock is held from the
// first run to the end). Private to the fahras-index binary; main.cpp calls run_watch().
//
// inotify through plain Linux calls: Boost has no file-watching library (Asio watches descriptors,
// not folders), and the calls needed are four (inotify_init1, inotify_add_watch, inotify_rm_watch,
// read) beside ppoll.
//
// What an event does: a file closed after writing (IN_CLOSE_WRITE) or moved in (IN_MOVED_TO) is
// indexed again (incrementally: an identical file costs a hash); a file deleted or moved out
// (IN_DELETE, IN_MOVED_FROM) has its folder walked again, which removes what is gone (an incremental
// run removes only under the PATHs it walks, and a PATH that does not exist removes nothing); a new
// folder is watched and walked; a lost queue (IN_Q_OVERFLOW) walks every PATH again. Hidden names and
// names that are not article files (reader.h, is_article_path) are ignored, so an editor's or a
// download's temporary file is read only when it is renamed to an article's name.
//
// Events are collected until `quiet` passes without one, `latency` after the first one, or
// `batch_files` paths are pending; then one incremental run (Indexer::add_paths) over the changed
// paths, one commit, and one line on stderr:
//   fahras-index: indexed: +3 ~1 -2 (5 articles; 301 documents in the database)
// (files added, updated, removed). A burst of files thus costs a few commits, not one per file.
// The spellings table of name variants, which takes seconds over a large archive, is left out of
// these commits (searchers find the same spellings themselves meanwhile, more slowly) and stored once
// the watch is idle (WatchOptions::spellings_idle) and when it stops, saying so on stderr:
//   fahras-index: stored the spellings of name variants
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <vector>

#include "fahras/indexer.h"

namespace fahras::watch {

struct WatchOptions {
  std::chrono::milliseconds quiet{150};     // commit after this long without an event...
  std::chrono::milliseconds latency{700};   // ...or this long after the batch's first event...
  std::size_t batch_files = 10'000;         // ...or once this many paths are pending
  // Each commit leaves the spellings table of name variants out (Indexer::Spellings::kLater): it is
  // stored once this long passes without an event after the last commit, and at the end if still
  // stale, so that a burst of batches does not pay seconds for it per batch.
  std::chrono::milliseconds spellings_idle{2000};
  // Set (by a signal handler) to stop: the run in progress stops after its current file, what was
  // read is committed, and run_watch() returns. REQUIRES: not null; the same flag as
  // IndexOptions::cancel.
  const std::atomic<bool>* stop = nullptr;
  // Signals that set `stop`: blocked except while waiting for events (ppoll), so that one arriving
  // just before the wait is not missed.
  std::vector<int> signals;
};

// Blocks `signals` in the calling thread, so that threads it starts afterwards (the Indexer's) never
// take them: call before making the Indexer. run_watch() unblocks them in its thread, so that a
// signal interrupts its wait for events.
void keep_signals_from_threads(const std::vector<int>& signals);

// Watches `paths` (their folders and every folder below; a file PATH through its folder, for that
// file alone), then indexes `paths` once with `indexer` and commits (the first run), prints
// "fahras-index: watching N folders" on stderr, and indexes each batch of changes until *stop.
// Problems with files go to `listener`, as in a run. Throws Error (kIo) when inotify cannot be
// set up (e.g. the limit of watches, /proc/sys/fs/inotify/max_user_watches, is reached).
void run_watch(Indexer& indexer, const std::vector<std::filesystem::path>& paths, IndexListener& listener,
               const WatchOptions& options);

}  // namespace fahras::watch
