// DatabaseLifecycle: the database folder over one run of the Indexer. It opens an existing database
// (the settings it records, settings.h, then decide the run's options), or makes a new one aside, in
// DIR.new (a rebuild, or a database that does not exist yet), while a rebuild holds the database it
// replaces locked; at the end it compacts what the run made and puts it in place (database_files.h),
// so that searchers never find a half-made database at DIR.
//
// Not thread-safe: the Indexer's thread calls everything.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "fahras/indexer.h"
#include "writer.h"

namespace fahras::indexer_detail {

class DatabaseLifecycle {
 public:
  // Opens the database at `target`, or makes a new one (see IndexOptions::rebuild and ::shards);
  // a new database at a folder that does not exist or is empty is published at once (empty).
  // Throws Error: kLocked when another indexer holds it; kDatabase when `target` is not a folder,
  // holds files that are not a Fahras database, or a database this build cannot update (another
  // analyser or schema: --rebuild); kUsage for options that conflict with the database's (its
  // number of shards, its recorded settings).
  DatabaseLifecycle(const std::filesystem::path& target, const IndexOptions& options);
  ~DatabaseLifecycle();
  DatabaseLifecycle(const DatabaseLifecycle&) = delete;
  DatabaseLifecycle& operator=(const DatabaseLifecycle&) = delete;

  // The options of the constructor with the settings that the database decides (settings.h).
  const IndexOptions& options() const { return options_; }
  Writer& writer() { return *writer_; }

  // After a commit: compacts the database this run made (once, when `compact`), and puts a
  // database made aside in place. REQUIRES: the writer committed.
  void finish(bool compact);

 private:
  void open_existing(Layout layout);
  void make_new(bool empty, Layout existing);
  void hold_replaced(Layout existing);
  void make_staging();
  void compact();
  void publish();

  std::filesystem::path target_;   // the database folder
  std::filesystem::path staging_;  // where a new database is made (database_files.h)
  bool staged_ = false;  // the writer writes at `staging_`, not yet in place
  bool fresh_ = false;   // this run made the database from nothing (a rebuild, or a new one)
  bool unsynced_ = false;  // the database at `staging_` was written without syncs (a rebuild)
  IndexOptions options_;
  std::vector<Xapian::WritableDatabase> replaced_;  // during a rebuild, the shards replaced, held
  std::unique_ptr<Writer> writer_;
};

}  // namespace fahras::indexer_detail
