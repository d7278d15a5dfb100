#include "shards.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <fstream>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "database_files.h"
#include "fahras/error.h"
#include "fahras/schema.h"
#include "spelling_changes.h"

namespace fahras::indexer_detail {
namespace fs = std::filesystem;

namespace {

// Files a shard's queue holds before replace_file() waits: enough to keep the threads busy, little
// enough that a run does not hold many files' articles in memory.
constexpr std::size_t kQueueFiles = 64;

std::string shard_name(std::uint32_t i) {
  return std::string(schema::kShardFolderPrefix) + std::to_string(i);
}

std::string stub_line(std::uint32_t i) { return "auto " + shard_name(i); }

}  // namespace

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

// One shard: its database, builder and thread, and the queue of work the thread takes from.
struct ShardSet::Shard {
  struct Task {
    enum class Kind { kReplaceFile, kAdd, kCommit } kind;
    std::string file_term;
    std::vector<std::pair<std::string, BuiltDocument>> documents;  // id term, document
  };

  Shard(Xapian::WritableDatabase database, const IndexOptions& index_options)
      : db(std::move(database)),
        builder({AnalyzerOptions{index_options.stemmer, true, index_options.fold_hamza},
                 index_options.lead_words}),
        spelling(index_options.spelling),
        thread([this] { loop(); }) {}

  ~Shard() {
    {
      const std::lock_guard lock(mutex);
      stop = true;
    }
    changed.notify_all();
    thread.join();
    spelling_changes.apply_before_close(db, "a shard");
  }

  // Commits `db` with the suggestion index of its documents.
  void commit() {
    spelling_changes.apply_to(db);
    db.commit();
  }

  void push(Task task) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return tasks.size() < kQueueFiles || error; });
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
        failure = std::current_exception();  // handed to the Indexer's thread by wait_idle()
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

  // Takes the words of document `docid`, about to be deleted or replaced, out of the suggestion index's
  // changes (as Indexer::Impl::forget_spelling).
  void forget_spelling(Xapian::docid docid) {
    const BuiltDocument built =
        builder.build(schema::decode_article(db.get_document(docid).get_data()), {}, true);
    spelling_changes.remove(built.spelling);
  }

  // As Indexer::Impl::add.
  void add(const std::string& id_term, const BuiltDocument& built) {
    if (spelling && db.get_termfreq(id_term) > 0) {
      for (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term); ++p) forget_spelling(*p);
    }
    db.replace_document(id_term, built.document);
    spelling_changes.add(built.spelling);
  }

  void run(const Task& task) {
    switch (task.kind) {
      case Task::Kind::kCommit:
        commit();
        return;
      case Task::Kind::kAdd:
        // In a transaction, so that Xapian does not commit on its own (Indexer::add_article).
        db.begin_transaction(/*flushed=*/false);
        for (const auto& [id_term, built] : task.documents) add(id_term, built);
        db.commit_transaction();
        return;
      case Task::Kind::kReplaceFile:
        break;
    }
    // As Indexer::Impl::write_file, for this shard's part of the file.
    std::set<std::string> old_ids;
    for (auto p = db.postlist_begin(task.file_term); p != db.postlist_end(task.file_term); ++p) {
      Xapian::TermIterator t = db.termlist_begin(*p);
      t.skip_to(std::string(schema::kIdPrefix));
      if (t != db.termlist_end(*p) && (*t).starts_with(schema::kIdPrefix)) old_ids.insert(*t);
    }
    db.begin_transaction(/*flushed=*/false);
    if (spelling) {
      for (auto p = db.postlist_begin(task.file_term); p != db.postlist_end(task.file_term); ++p) {
        forget_spelling(*p);
      }
    }
    db.delete_document(task.file_term);
    for (const auto& [id_term, built] : task.documents) {
      old_ids.erase(id_term);
      add(id_term, built);
    }
    db.commit_transaction();
    articles_removed += old_ids.size();
  }

  Xapian::WritableDatabase db;  // touched by the thread only while busy, by others only when idle
  const DocumentBuilder builder;  // used by the thread only
  const bool spelling;            // IndexOptions::spelling
  SpellingChanges spelling_changes;  // since the last commit; the thread's, or others' when idle
  std::atomic<std::uint64_t> articles_removed{0};
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Task> tasks;
  bool busy = false;
  bool stop = false;
  std::exception_ptr error;
  std::thread thread;  // last: starts once everything above is ready
};

ShardSet::ShardSet(const fs::path& dir, std::uint32_t shards, int action, const IndexOptions& options)
    : options_(options), dir_(dir) {
  const Analyzer analyzer(AnalyzerOptions{options.stemmer, true, options.fold_hamza});
  const std::string version = analyzer.version();
  const std::string shard_key = std::string(schema::kShardKey);
  for (std::uint32_t i = 0; i < shards; ++i) {
    const fs::path path = shard_path(dir, i);
    const std::string shard_value = std::to_string(i) + "/" + std::to_string(shards);
    Xapian::WritableDatabase db = open_for_writing(path, action);
    if (action == Xapian::DB_OPEN) {
      const std::string theirs = db.get_metadata(std::string(schema::kAnalyzerKey));
      if (theirs != version) {
        throw Error(Error::Kind::kDatabase,
                    "shard " + path.string() + " was built with analyser '" +
                        (theirs.empty() ? "unknown" : theirs) + "', not '" + version +
                        "': re-index it with --rebuild");
      }
      const std::string schema = db.get_metadata(std::string(schema::kSchemaKey));
      if (schema != schema::kSchemaVersion) {
        throw Error(Error::Kind::kDatabase, "shard " + path.string() + " has schema version " +
                                                (schema.empty() ? "unknown" : schema) + ", not " +
                                                std::string(schema::kSchemaVersion) +
                                                ": re-index it with --rebuild");
      }
      if (db.get_metadata(shard_key) != shard_value) {
        throw Error(Error::Kind::kDatabase, "shard " + path.string() + " says it is shard '" +
                                                db.get_metadata(shard_key) + "', not " +
                                                shard_value + " (shards mixed up?)");
      }
    } else {
      db.set_metadata(std::string(schema::kAnalyzerKey), version);
      db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
      db.set_metadata(shard_key, shard_value);
      db.set_metadata(std::string(schema::kSpellingKey), options.spelling ? "1" : "0");
      db.commit();
    }
    documents_ += db.get_doccount();
    shards_.push_back(std::make_unique<Shard>(std::move(db), options_));
  }
  states_ = Xapian::Database(shard_path(dir, 0).string());
}

ShardSet::~ShardSet() = default;

std::uint32_t ShardSet::size() const { return static_cast<std::uint32_t>(shards_.size()); }

std::string ShardSet::get_metadata(const std::string& key) {
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

std::map<std::string, std::string> ShardSet::metadata_with_prefix(const std::string& prefix) {
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

void ShardSet::set_metadata(const std::string& key, const std::string& value) {
  pending_metadata_[key] = value;
}

void ShardSet::replace_file(const std::string& file_term, const std::vector<Article>& articles,
                            std::vector<BuiltDocument> documents) {
  std::vector<std::vector<std::pair<std::string, BuiltDocument>>> parts(shards_.size());
  for (std::size_t i = 0; i < articles.size() && i < documents.size(); ++i) {
    parts[schema::shard_of(articles[i].id, size())].emplace_back(schema::unique_id_term(articles[i].id),
                                                                 std::move(documents[i]));
  }
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    shards_[i]->push({Shard::Task::Kind::kReplaceFile, file_term, std::move(parts[i])});
  }
}

void ShardSet::add(const Article& article, BuiltDocument document) {
  Shard::Task task{Shard::Task::Kind::kAdd, {}, {}};
  task.documents.emplace_back(schema::unique_id_term(article.id), std::move(document));
  shards_[schema::shard_of(article.id, size())]->push(std::move(task));
}

void ShardSet::wait_idle() {
  for (const auto& shard : shards_) shard->wait_idle();
}

void ShardSet::commit() {
  for (std::size_t i = 1; i < shards_.size(); ++i) shards_[i]->push({Shard::Task::Kind::kCommit, {}, {}});
  wait_idle();
  // Every other shard has committed: now the states that describe their documents.
  Shard& first = *shards_[0];
  for (const auto& [key, value] : pending_metadata_) first.db.set_metadata(key, value);
  first.commit();
  pending_metadata_.clear();
  states_.reopen();
  documents_ = 0;
  for (const auto& shard : shards_) documents_ += shard->db.get_doccount();
}

Xapian::doccount ShardSet::document_count() const { return documents_; }

std::uint64_t ShardSet::take_articles_removed() {
  std::uint64_t total = 0;
  for (const auto& shard : shards_) total += shard->articles_removed.exchange(0);
  return total;
}

void ShardSet::compact(const fs::path& dir) {
  wait_idle();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(Error::Kind::kIo, "cannot create " + dir.string() + ": " + ec.message());
  for (std::uint32_t i = 0; i < size(); ++i) shards_[i]->db.compact(shard_path(dir, i).string());
  write_stub(dir, size());
}

void ShardSet::close() {
  wait_idle();
  for (const auto& shard : shards_) {
    shard->spelling_changes.apply_to(shard->db);  // close() commits
    shard->db.close();
  }
  states_.close();
}

void ShardSet::reopen(const fs::path& dir) {
  dir_ = dir;
  for (std::uint32_t i = 0; i < size(); ++i) {
    const std::lock_guard lock(shards_[i]->mutex);
    shards_[i]->db = open_for_writing(shard_path(dir, i), Xapian::DB_OPEN);
  }
  states_ = Xapian::Database(shard_path(dir, 0).string());
}

}  // namespace fahras::indexer_detail
