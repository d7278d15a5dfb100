// Stop points: a test hook that makes the crash-safety and concurrency tests independent of timing.
//
// When the environment variable FAHRAS_INDEX_STOP_AT names a point and a count ("commit:3"; several
// comma-separated: "open:1,commit:40"), the indexer stops its own process with SIGSTOP the n-th time
// it reaches that point. A test that waits for the stop (waitpid with WUNTRACED, test::Child) then
// kills the process exactly there, interrupts it (a signal, then SIGCONT), or reads the database
// before letting it go on. On a loaded machine as on an idle one, the signal lands at the same
// moment of the run.
//
// Points, in the order a run meets them:
//   open    the database is open (a new one made and, when there was none, published); no file yet
//   file    a file's changes are written (or its removal), not yet committed
//   shards  a sharded database's other shards have committed, shard-0 with the file states not yet
//   commit  a commit is done
//
// Unset (always, outside tests), a stop point costs one branch. Thread-safety: called from the
// indexer's thread only.
#pragma once

#include <string_view>

namespace fahras::indexer_detail {

void stop_point(std::string_view point);

}  // namespace fahras::indexer_detail
