#include "writer.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <optional>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "database_files.h"
#include "fahras/error.h"
#include "fahras/reader.h"
#include "fahras/analyzer.h"
#include "fahras/schema.h"
#include "fahras/spelling_variants.h"
#include "settings.h"
#include "spelling_changes.h"
#include "stop_points.h"

namespace fahras::indexer_detail {
namespace fs = std::filesystem;

namespace {

// Tasks a shard's queue holds before a call that adds one waits: enough to keep the threads busy,
// little enough that a run does not hold many documents in memory (IndexOptions::memory_mb).
constexpr std::size_t kQueueTasks = 16;
// Documents of a file handed to a shard at once.
constexpr std::size_t kDocumentsPerTask = 16;

// What memory_mb pays for (IndexOptions), half of it here: Xapian holds about kChangeBytes per
// document added since its last flush (peak RSS against XAPIAN_FLUSH_THRESHOLD on ANT articles,
// 3 KB of text each: bench/RESULTS.md).
constexpr std::size_t kChangeBytes = 32 << 10;
constexpr std::size_t kMiB = 1 << 20;

// Xapian 1.4 flushes its changes to disk every XAPIAN_FLUSH_THRESHOLD documents, read from the
// environment when a database is opened for writing. We set it from `memory_mb`, unless the user
// set it (a value we set earlier, for another Writer, is ours to change).
void set_flush_threshold(std::size_t memory_mb) {
  static std::string ours;
  const char* current = std::getenv("XAPIAN_FLUSH_THRESHOLD");
  if (current != nullptr && ours != current) return;
  ours = std::to_string(std::max<std::size_t>(100, memory_mb * kMiB / 2 / kChangeBytes));
  ::setenv("XAPIAN_FLUSH_THRESHOLD", ours.c_str(), 1);
}

}  // namespace

fs::path Layout::shard(const fs::path& dir, std::uint32_t i) const {
  return sharded ? shard_path(dir, i) : dir;
}

// One shard: its database, builder and thread, and the queue of work the thread takes from.
struct Writer::Shard {
  struct Task {
    // kBeginFile, then kAddToFile as many times as needed, then kEndFile: one file's changes.
    enum class Kind { kBeginFile, kAddToFile, kEndFile, kAdd, kRemove, kCommit } kind;
    schema::Holder file;  // kBeginFile: the file's canonical path and path as given
    std::vector<std::pair<std::string, BuiltDocument>> documents;  // id term, document
    std::string id = {};  // kRemove: the article's id
  };

  Shard(Xapian::WritableDatabase database, const IndexOptions& options, std::string shard_name)
      : db(std::move(database)), builder(document_options(options)), spelling(options.spelling),
        name(std::move(shard_name)) {
    load_holders();
    thread = std::thread([this] { loop(); });
  }

  ~Shard() {
    {
      const std::lock_guard lock(mutex);
      stop = true;
    }
    changed.notify_all();
    thread.join();
    spelling_changes.apply_before_close(db, name);
  }

  // Commits `db` with the spelling changes of its documents.
  void commit() {
    spelling_changes.apply_to(db);
    db.commit();
  }

  void push(Task task) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return tasks.size() < kQueueTasks || error; });
    if (error) return;  // rethrown by the next wait_idle()
    tasks.push_back(std::move(task));
    changed.notify_all();
  }

  // Waits until the queue is empty and nothing runs; rethrows the thread's error.
  void wait_idle() {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return (tasks.empty() && !busy) || error; });
    if (error) std::rethrow_exception(error);
  }

  void loop() {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stop || !tasks.empty(); });
      if (tasks.empty()) return;  // stopped
      Task task = std::move(tasks.front());
      tasks.pop_front();
      busy = true;
      lock.unlock();
      std::exception_ptr failure;
      try {
        run(task);
      } catch (...) {
        failure = std::current_exception();  // handed to the calling thread by wait_idle()
      }
      lock.lock();
      busy = false;
      if (failure && !error) {
        error = failure;
        tasks.clear();
      }
      changed.notify_all();
    }
  }

  // Takes the words of the documents carrying `term`, about to be deleted or replaced, out of the
  // spelling table.
  void forget_spelling(const std::string& term) {
    if (!spelling) return;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      const BuiltDocument built =
          builder.build(schema::decode_article(db.get_document(*p).get_data()), {}, true);
      spelling_changes.remove(built.spelling);
    }
  }

  void add(const std::string& id_term, const BuiltDocument& built) {
    if (spelling && db.get_termfreq(id_term) > 0) forget_spelling(id_term);
    db.replace_document(id_term, built.document);
    spelling_changes.add(built.spelling);
  }

  // Deletes the article whose id is `id`, if this shard has it. Its id term may be a hash that
  // another id shares (schema::unique_id_term), so the document's own id decides.
  void remove(const std::string& id) {
    const std::string id_term = schema::unique_id_term(id);
    std::vector<Xapian::docid> doomed;
    for (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term); ++p) {
      const Article article = schema::decode_article(db.get_document(*p).get_data());
      if (article.id != id) continue;
      if (spelling) spelling_changes.remove(builder.build(article, {}, true).spelling);
      doomed.push_back(*p);
    }
    for (Xapian::docid docid : doomed) db.delete_document(docid);
    articles_removed += doomed.size();
    // Deleted by id, it is no file's article any more: no file's change brings it back.
    if (!doomed.empty() && holders.contains(id_term)) set_holders(id_term, {});
  }

  void run(const Task& task) {
    switch (task.kind) {
      case Task::Kind::kCommit:
        return commit();
      case Task::Kind::kAdd:
        db.begin_transaction(/*flushed=*/false);
        for (const auto& [id_term, built] : task.documents) add(id_term, built);
        return db.commit_transaction();
      case Task::Kind::kRemove:
        return remove(task.id);
      case Task::Kind::kBeginFile:
        return begin_file(task.file);
      case Task::Kind::kAddToFile:
        for (const auto& [id_term, built] : task.documents) add_to_file(id_term, built);
        return;
      case Task::Kind::kEndFile:
        return end_file();
    }
  }

  // The holders entries of this shard (schema::kHoldersPrefix), into `holders` and `held_by`.
  void load_holders() {
    const std::string prefix(schema::kHoldersPrefix);
    for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
      std::optional<schema::Holders> entry = schema::decode_holders(db.get_metadata(*k));
      if (!entry || entry->files.size() < 2 || schema::holders_key(entry->id_term) != *k) {
        throw Error(Error::Kind::kDatabase, name + ": unreadable metadata entry " + *k +
                                                " (--rebuild makes a new database)");
      }
      for (const schema::Holder& h : entry->files) held_by[h.path].insert(entry->id_term);
      holders[entry->id_term] = std::move(entry->files);
    }
  }

  // Records that `files` (sorted, the winner last) hold `id_term`: an entry when there are two or
  // more, none otherwise.
  void set_holders(const std::string& id_term, std::vector<schema::Holder> files) {
    if (auto it = holders.find(id_term); it != holders.end()) {
      for (const schema::Holder& h : it->second) {
        auto ids = held_by.find(h.path);
        ids->second.erase(id_term);
        if (ids->second.empty()) held_by.erase(ids);
      }
      holders.erase(it);
    }
    if (files.size() < 2) {
      db.set_metadata(schema::holders_key(id_term), "");
      return;
    }
    for (const schema::Holder& h : files) held_by[h.path].insert(id_term);
    db.set_metadata(schema::holders_key(id_term), schema::encode_holders({id_term, files}));
    holders[id_term] = std::move(files);
  }

  // The file whose article is the document with `id_term` now, known by its XF term (the path
  // whose file_term() it is: the term itself, or the article's path made canonical when the term
  // is hashed).
  schema::Holder holder_of(Xapian::docid id) {
    Xapian::TermIterator t = db.termlist_begin(id);
    t.skip_to(std::string(schema::kFilePrefix));
    const std::string xf = t != db.termlist_end(id) && (*t).starts_with(schema::kFilePrefix) ? *t : "";
    const std::string given = schema::decode_article(db.get_document(id).get_data()).path;
    std::string path = xf.substr(std::min(xf.size(), schema::kFilePrefix.size()));
    if (schema::file_term(path) != xf) {
      std::error_code ec;
      const std::string canonical = fs::weakly_canonical(fs::absolute(given, ec), ec).string();
      if (!ec && schema::file_term(canonical) == xf) path = canonical;
    }
    return {path, given};
  }

  // This shard's part of a file: its old articles out (those it lost leave their holders lists; of
  // those it won, the ones another file holds too wait for end_file()), its new ones in.
  void begin_file(const schema::Holder& file_holder) {
    db.begin_transaction(/*flushed=*/false);
    file = file_holder;
    file_term = schema::file_term(file.path);
    old_ids.clear();
    orphans.clear();
    for (auto p = db.postlist_begin(file_term); p != db.postlist_end(file_term); ++p) {
      Xapian::TermIterator t = db.termlist_begin(*p);
      t.skip_to(std::string(schema::kIdPrefix));
      if (t != db.termlist_end(*p) && (*t).starts_with(schema::kIdPrefix)) old_ids.insert(*t);
    }
    if (auto ids = held_by.find(file.path); ids != held_by.end()) {
      const std::set<std::string> held = ids->second;  // set_holders() changes held_by
      for (const std::string& id_term : held) {
        std::vector<schema::Holder> others = holders[id_term];
        const bool won = others.back().path == file.path;
        std::erase_if(others, [&](const schema::Holder& h) { return h.path == file.path; });
        if (won) orphans[id_term] = others;
        set_holders(id_term, std::move(others));
      }
    }
    forget_spelling(file_term);
    db.delete_document(file_term);
  }

  void note(const std::string& file_name, std::string message) {
    const std::lock_guard lock(mutex);
    notes.emplace_back(file_name, std::move(message));
  }

  // An article of the current file: written unless a later file holds its id too.
  void add_to_file(const std::string& id_term, const BuiltDocument& built) {
    std::vector<schema::Holder> files;
    if (auto orphan = orphans.find(id_term); orphan != orphans.end()) {
      files = orphan->second;  // the file held it before, and won; these hold it too
    } else if (auto it = holders.find(id_term); it != holders.end()) {
      files = it->second;
    } else if (Xapian::PostingIterator p = db.postlist_begin(id_term); p != db.postlist_end(id_term)) {
      files.push_back(holder_of(*p));
    }
    std::erase_if(files, [&](const schema::Holder& h) { return h.path == file.path; });
    if (files.empty()) {  // no other file holds it (a second article of this file replaces the first)
      old_ids.erase(id_term);
      add(id_term, built);
      return;
    }
    const schema::Holder before = files.back();
    files.push_back(file);
    std::sort(files.begin(), files.end(), [](const schema::Holder& a, const schema::Holder& b) {
      return schema::later_in_walk(b.path, a.path);
    });
    const bool wins = files.back().path == file.path;
 note(file.given, "article id '" + id_term.substr(schema::kIdPrefix.size()) +
                                       "' is also in " + before.given + ": " +
                                       (wins ? "this file" : "that file") +
                                       ", later in sorted order, keeps it");
    set_holders(id_term, std::move(files));
    if (wins) {
      orphans.erase(id_term);
      old_ids.erase(id_term);
      add(id_term, built);
    }
  }

  // Ends the file: each article it won before and no longer wins goes back to the file next in
  // line, read again, then the transaction is committed.
  void end_file() {
    std::map<std::string, FileContents> read;  // by canonical path
    for (auto& [id_term, files] : orphans) {
      while (!files.empty()) {
        const schema::Holder next = files.back();
        auto [it, fresh] = read.try_emplace(next.path);
        if (fresh) {
          const FileBytes bytes = read_file_bytes(next.path);
          it->second = bytes.error.empty() ? parse_file(bytes.bytes, next.given) : FileContents{};
        }
        const Article* found = nullptr;
        for (const Article& article : it->second.articles) {
          if (schema::unique_id_term(article.id) == id_term) found = &article;
        }
        if (found != nullptr) {
          add(id_term, builder.build(*found, schema::file_term(next.path), spelling));
          old_ids.erase(id_term);
          break;
        }
        note(next.given, "article id '" + id_term.substr(schema::kIdPrefix.size()) +
                             "' is no longer there to be indexed again");
        files.pop_back();
        std::vector<schema::Holder> still = holders.contains(id_term) ? holders[id_term] : files;
        std::erase_if(still, [&](const schema::Holder& h) { return h.path == next.path; });
        set_holders(id_term, std::move(still));
      }
    }
    orphans.clear();
    db.commit_transaction();
    articles_removed += old_ids.size();
    old_ids.clear();
  }

  Xapian::WritableDatabase db;  // touched by the thread only while busy, by others only when idle
  const DocumentBuilder builder;  // used by the thread only
  const bool spelling;            // IndexOptions::spelling
  const std::string name;         // for messages
  SpellingChanges spelling_changes;  // since the last commit; the thread's, or others' when idle
  // The current file (begin_file() to end_file()).
  schema::Holder file;
  std::string file_term;
  std::set<std::string> old_ids;  // id terms of the current file's old articles in this shard
  // Ids the current file won before that other files hold too: they go to the last of these files
  // at end_file() unless the file wins them again.
  std::map<std::string, std::vector<schema::Holder>> orphans;
  // Files holding an id that more than one file holds, as recorded in the metadata: by id term, and
  // the id terms by file.
  std::map<std::string, std::vector<schema::Holder>> holders;
  std::map<std::string, std::set<std::string>> held_by;
  std::vector<std::pair<std::string, std::string>> notes;  // take_notes(); guarded by `mutex`
  std::atomic<std::uint64_t> articles_removed{0};
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Task> tasks;
  bool busy = false;
  bool stop = false;
  std::exception_ptr error;
  std::thread thread;  // started by the constructor once everything above is ready
};

Writer::Writer(const fs::path& dir, Layout layout, int action, const IndexOptions& options)
    : layout_(layout), options_(options), file_documents_(layout.shards) {
  set_flush_threshold(options_.memory_mb);
  if (layout_.sharded && action != Xapian::DB_OPEN) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(Error::Kind::kIo, "cannot create " + dir.string() + ": " + ec.message());
  }
  for (std::uint32_t i = 0; i < layout_.shards; ++i) {
    const fs::path path = layout_.shard(dir, i);
    const std::string shard_value =
        layout_.sharded ? std::to_string(i) + "/" + std::to_string(layout_.shards) : "";
    Xapian::WritableDatabase db = open_for_writing(path, action);
    if (action == Xapian::DB_OPEN) {
      check_compatible(db, path, options_);
      if (db.get_metadata(std::string(schema::kShardKey)) != shard_value) {
        throw Error(Error::Kind::kDatabase, "shard " + path.string() + " says it is shard '" +
                                                db.get_metadata(std::string(schema::kShardKey)) +
                                                "', not '" + shard_value + "' (shards mixed up?)");
      }
    } else {
      record_settings(db, options_);
      if (layout_.sharded) db.set_metadata(std::string(schema::kShardKey), shard_value);
      db.commit();
    }
    documents_ += db.get_doccount();
    shards_.push_back(std::make_unique<Shard>(std::move(db), options_, path.string()));
  }
  if (layout_.sharded && action != Xapian::DB_OPEN) write_stub(dir, layout_.shards);
  states_ = Xapian::Database(layout_.shard(dir, 0).string());
}

Writer::~Writer() = default;

std::string Writer::get_metadata(const std::string& key) {
  if (auto it = pending_metadata_.find(key); it != pending_metadata_.end()) return it->second;
  for (int attempt = 0;; ++attempt) {
    try {
      return states_.get_metadata(key);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 10) throw;
      states_.reopen();
    }
  }
}

std::map<std::string, std::string> Writer::metadata_with_prefix(const std::string& prefix) {
  std::map<std::string, std::string> out;
  for (int attempt = 0;; ++attempt) {
    try {
      out.clear();
      for (auto k = states_.metadata_keys_begin(prefix); k != states_.metadata_keys_end(prefix); ++k) {
        out[*k] = states_.get_metadata(*k);
      }
      break;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 10) throw;
      states_.reopen();
    }
  }
  for (auto it = pending_metadata_.lower_bound(prefix);
       it != pending_metadata_.end() && it->first.starts_with(prefix); ++it) {
    out[it->first] = it->second;
  }
  std::erase_if(out, [](const auto& entry) { return entry.second.empty(); });
  return out;
}

void Writer::set_metadata(const std::string& key, const std::string& value) {
  pending_metadata_[key] = value;
}

void Writer::begin_file(const std::string& path, const std::string& given) {
  for (const auto& shard : shards_) {
    shard->push({Shard::Task::Kind::kBeginFile, schema::Holder{path, given}, {}});
  }
}

void Writer::add_to_file(const Article& article, BuiltDocument document) {
  const std::uint32_t i = schema::shard_of(article.id, layout_.shards);
  auto& part = file_documents_[i];
  part.emplace_back(schema::unique_id_term(article.id), std::move(document));
  if (part.size() < kDocumentsPerTask) return;
  shards_[i]->push({Shard::Task::Kind::kAddToFile, {}, std::move(part)});
  part.clear();
}

void Writer::end_file() {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (!file_documents_[i].empty()) {
      shards_[i]->push({Shard::Task::Kind::kAddToFile, {}, std::move(file_documents_[i])});
      file_documents_[i].clear();
    }
    shards_[i]->push({Shard::Task::Kind::kEndFile, {}, {}});
  }
}

void Writer::add(const Article& article, BuiltDocument document) {
  Shard::Task task{Shard::Task::Kind::kAdd, {}, {}};
  task.documents.emplace_back(schema::unique_id_term(article.id), std::move(document));
  shards_[schema::shard_of(article.id, layout_.shards)]->push(std::move(task));
}

void Writer::remove(const std::string& id) {
  shards_[schema::shard_of(id, layout_.shards)]->push({Shard::Task::Kind::kRemove, {}, {}, id});
}

void Writer::wait_idle() {
  for (const auto& shard : shards_) shard->wait_idle();
}

void Writer::commit() {
  for (std::size_t i = 1; i < shards_.size(); ++i) shards_[i]->push({Shard::Task::Kind::kCommit, {}, {}});
  wait_idle();
  if (shards_.size() > 1) stop_point("shards");
  // Every other shard has committed: now the states that describe their documents.
  Shard& first = *shards_[0];
  for (const auto& [key, value] : pending_metadata_) first.db.set_metadata(key, value);
  first.commit();
  pending_metadata_.clear();
  states_.reopen();
  documents_ = 0;
  for (const auto& shard : shards_) documents_ += shard->db.get_doccount();
}

void Writer::store_spellings() {
  wait_idle();
  Xapian::Database all;
  std::vector<Xapian::Database> each;
  for (const auto& shard : shards_) {
    all.add_database(shard->db);
    each.push_back(shard->db);
  }
  const Analyzer analyzer = Analyzer::from_version(all.get_metadata(std::string(schema::kAnalyzerKey)));
  const auto table = variants::SpellingVariants(all, each, analyzer).table();
  Shard& first = *shards_[0];
  const std::string prefix(schema::kSpellingsPrefix);
  std::set<std::string> gone;  // entries of the last table that this one lacks
  for (auto k = first.db.metadata_keys_begin(prefix); k != first.db.metadata_keys_end(prefix); ++k) gone.insert(*k);
  for (const auto& [word, spellings] : table) {
    std::string key = schema::prefixed(prefix, word);
    first.db.set_metadata(key, schema::encode_word_list(spellings));
    gone.erase(key);
  }
  for (const std::string& key : gone) first.db.set_metadata(key, "");
  first.db.set_metadata(std::string(schema::kSpellingsKey), "1");
  first.commit();
}

Xapian::doccount Writer::document_count() const { return documents_; }

std::vector<std::pair<std::string, std::string>> Writer::take_notes() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& shard : shards_) {
    const std::lock_guard lock(shard->mutex);
    for (auto& note : shard->notes) out.push_back(std::move(note));
    shard->notes.clear();
  }
  return out;
}

std::uint64_t Writer::take_articles_removed() {
  std::uint64_t total = 0;
  for (const auto& shard : shards_) total += shard->articles_removed.exchange(0);
  return total;
}

void Writer::compact(const fs::path& dir) {
  wait_idle();
  if (layout_.sharded) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(Error::Kind::kIo, "cannot create " + dir.string() + ": " + ec.message());
  }
  for (std::uint32_t i = 0; i < layout_.shards; ++i) {
    shards_[i]->db.compact(layout_.shard(dir, i).string());
  }
  if (layout_.sharded) write_stub(dir, layout_.shards);
}

void Writer::close() {
  wait_idle();
  for (const auto& shard : shards_) {
    shard->spelling_changes.apply_to(shard->db);  // close() commits
    shard->db.close();
  }
  states_.close();
}

void Writer::reopen(const fs::path& dir) {
  for (std::uint32_t i = 0; i < layout_.shards; ++i) {
    const std::lock_guard lock(shards_[i]->mutex);
    shards_[i]->db = open_for_writing(layout_.shard(dir, i), Xapian::DB_OPEN);
  }
  states_ = Xapian::Database(layout_.shard(dir, 0).string());
}

}  // namespace fahras::indexer_detail
