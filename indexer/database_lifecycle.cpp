#include "database_lifecycle.h"

#include <string>
#include <system_error>

#include "database_files.h"
#include "fahras/error.h"
#include "settings.h"

namespace fahras::indexer_detail {
namespace fs = std::filesystem;

DatabaseLifecycle::DatabaseLifecycle(const fs::path& target, const IndexOptions& options)
    : target_(target), options_(options) {
  std::error_code ec;
  const bool exists = fs::exists(target_, ec);
  if (exists && !fs::is_directory(target_, ec)) {
    throw Error(Error::Kind::kDatabase, "database " + target_.string() + " is not a folder");
  }
  const bool empty = !exists || fs::is_empty(target_, ec);
  Layout existing;
  if (!empty) {
    existing.shards = shard_count(target_);
    existing.sharded = existing.shards > 0;
    if (!existing.sharded) existing.shards = 1;
  }
  if (empty || options_.rebuild) {
    make_new(empty, existing);
    return;
  }
  if (!existing.sharded && !is_database_folder(target_)) {
    throw Error(Error::Kind::kDatabase,
                "database " + target_.string() +
                    " holds files that are not a Fahras database; not writing into it (give a new or "
                    "empty folder)");
  }
  open_existing(existing);
}

DatabaseLifecycle::~DatabaseLifecycle() = default;

// An existing database: as many shards as it has, and the settings it records.
void DatabaseLifecycle::open_existing(Layout layout) {
  const std::string n = std::to_string(options_.shards);
  if (!layout.sharded && options_.shards > 1) {
    throw Error(Error::Kind::kUsage, "database " + target_.string() + " is one database, not " + n +
                                         " shards (--rebuild --shards " + n + " splits it)");
  }
  if (layout.sharded && options_.shards != 0 && options_.shards != layout.shards) {
    throw Error(Error::Kind::kUsage, "database " + target_.string() + " has " +
                                         std::to_string(layout.shards) + " shards, not " + n +
                                         " (--rebuild --shards " + n + " splits it again)");
  }
  const fs::path first = layout.shard(target_, 0);
  Xapian::Database recorded;
  try {
    recorded = Xapian::Database(first.string());
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error(Error::Kind::kDatabase, "cannot open database " + first.string() + ": " +
                                            e.get_msg() + " (--rebuild makes a new one)");
  }
  check_compatible(recorded, first, options_);
  options_ = resolve_settings(&recorded, target_, options_);
  writer_ = std::make_unique<Writer>(target_, layout, Xapian::DB_OPEN, options_);
}

// A new database, or a rebuild: made aside, and put in place only once committed (a rebuild at the
// end of the run, until when searchers keep the old one).
void DatabaseLifecycle::make_new(bool empty, Layout existing) {
  Layout layout;
  layout.shards = options_.shards != 0 ? options_.shards : existing.shards;
  layout.sharded = layout.shards > 1 || (options_.shards == 0 && existing.sharded);
  if (!empty && !is_database_folder(target_) && !is_sharded_database_folder(target_)) {
    throw Error(Error::Kind::kDatabase,
                "--rebuild: " + target_.string() +
                    " holds files that are not a Xapian database; not replacing it");
  }
  if (!empty) hold_replaced(existing);
  make_staging();
  options_ = resolve_settings(nullptr, target_, options_);
  // A rebuild's database is read by no one until it is published, and a crash leaves the old one
  // in place (the next --rebuild starts over): it is written in place, without syncs, and synced
  // once before it is published (bench/RESULTS.md measures what that saves). A new database is
  // published at once, empty, and written as usual: a killed first run keeps what it committed.
  unsynced_ = !empty;
  const int action = Xapian::DB_CREATE_OR_OVERWRITE |
                     (unsynced_ ? Xapian::DB_DANGEROUS | Xapian::DB_NO_SYNC : 0);
  writer_ = std::make_unique<Writer>(staging_, layout, action, options_);
  staged_ = true;
  fresh_ = true;
  if (empty) publish();  // nothing to keep: a valid, empty database from now on
}

// During a rebuild, the database being replaced is held open for writing, so that no one writes it
// meanwhile.
void DatabaseLifecycle::hold_replaced(Layout existing) {
  try {
    for (std::uint32_t i = 0; i < existing.shards; ++i) {
      replaced_.emplace_back(existing.shard(target_, i).string(), Xapian::DB_OPEN);
    }
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(Error::Kind::kLocked, "database " + target_.string() + " is locked by another indexer");
  } catch (const Xapian::DatabaseError&) {
    // Damaged or half made: replacing it is what --rebuild is for.
  }
}

// The folder where a new database is made: emptied, should an earlier rebuild have been killed.
void DatabaseLifecycle::make_staging() {
  staging_ = staging_path(target_);
  std::error_code ec;
  if (!fs::exists(staging_, ec)) return;
  if (!is_database_folder(staging_) && !is_sharded_database_folder(staging_)) {
    throw Error(Error::Kind::kDatabase,
                staging_.string() + " holds files that are not a Xapian database; move it away");
  }
  fs::remove_all(staging_, ec);
  if (ec) throw Error(Error::Kind::kIo, "cannot remove " + staging_.string() + ": " + ec.message());
}

void DatabaseLifecycle::finish(bool compact_it) {
  if (fresh_ && compact_it) compact();
  if (staged_) publish();
}

// Rewrites the database this run built into a compacted copy at `staging_`, which publish() then
// puts in place. Once only: later commits go into the compacted database.
void DatabaseLifecycle::compact() {
  fresh_ = false;
  const fs::path into = staged_ ? staging_path(staging_) : staging_;
  std::error_code ec;
  if (fs::exists(into, ec)) {
    if (!is_database_folder(into) && !is_sharded_database_folder(into)) {
      throw Error(Error::Kind::kDatabase,
                  into.string() + " holds files that are not a Xapian database; move it away");
    }
    fs::remove_all(into, ec);
  }
  writer_->compact(into);
  if (staged_) {
    writer_->close();
    move_into_place(into, staging_);
    fs::remove_all(into, ec);  // the database before compaction
    writer_->reopen(staging_);
  }
  staged_ = true;
}

void DatabaseLifecycle::publish() {
  writer_->close();
  if (unsynced_) sync_folder(staging_);
  unsynced_ = false;
  move_into_place(staging_, target_);
  replaced_.clear();
  std::error_code ec;
  if (fs::exists(staging_, ec) && (is_database_folder(staging_) || is_sharded_database_folder(staging_))) {
    fs::remove_all(staging_, ec);  // the old database; should this fail, --rebuild reuses the folder
  }
  staged_ = false;
  writer_->reopen(target_);
}

}  // namespace fahras::indexer_detail
