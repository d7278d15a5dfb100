#include "fahras/indexer.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <future>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <utility>

#include <xapian.h>

#include "database_files.h"
#include "shards.h"
#include "document_builder.h"
#include "pipeline.h"
#include "spelling_changes.h"
#include "fahras/date.h"
#include "fahras/error.h"
#include "fahras/normalize.h"
#include "fahras/reader.h"
#include "fahras/schema.h"

namespace fahras {
namespace fs = std::filesystem;

void IndexListener::on_problem(std::string_view, std::string_view, bool) {}
void IndexListener::on_file_done(const IndexSummary&) {}

namespace {

bool is_hidden(const fs::path& path) {
  std::string name = path.filename().string();
  return name.size() > 1 && name[0] == '.';
}

// "binary or not UTF-8 (12 invalid bytes)" -> "binary or not UTF-8", "line 3: invalid JSON: ..." ->
// "invalid JSON": the part of a message that names the kind of problem, for the summary's counts.
std::string short_reason(std::string_view message) {
  if (message.starts_with("line ")) {
    const std::size_t colon = message.find(": ");
    if (colon != std::string_view::npos) message.remove_prefix(colon + 2);
  }
  std::size_t cut = message.find_first_of(":(");
  std::string_view head = message.substr(0, cut);
  while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
  return std::string(head);
}

// A file modified less than this long before we look at it may change again without its mtime
// changing (file systems stamp times coarsely); its state then records no times (schema.h).
constexpr std::int64_t kRacyNanoseconds = 2'000'000'000;

std::int64_t nanoseconds(const timespec& t) {
  return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
}

std::int64_t now_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return nanoseconds(now);
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

// A PATH of this run, for removing the files under it that are gone.
struct Root {
  std::string canonical;
  bool folder = false;
};

// What memory_mb pays for (IndexOptions), half each: Xapian holds about kChangeBytes per document
// added since its last flush (peak RSS against XAPIAN_FLUSH_THRESHOLD on ANT articles, 3 KB of text
// each: bench/RESULTS.md), and a document analysed and waiting to be written is taken to be at most
// kDocumentBytes.
constexpr std::size_t kDocumentBytes = 48 << 10;
constexpr std::size_t kChangeBytes = 32 << 10;
constexpr std::size_t kMiB = 1 << 20;

// IndexOptions::threads, less the writer: the number of worker threads.
unsigned worker_threads(const IndexOptions& options) {
  const unsigned threads = options.threads != 0 ? options.threads
                                                : std::max(1u, std::thread::hardware_concurrency());
  return threads - 1;
}

// Tasks in flight (each up to kArticlesPerTask documents) that half of `memory_mb` holds.
std::size_t pipeline_tasks(std::size_t memory_mb) {
  return memory_mb * kMiB / 2 / (indexer_detail::kArticlesPerTask * kDocumentBytes);
}

// Xapian 1.4 flushes its changes to disk every XAPIAN_FLUSH_THRESHOLD documents, read from the
// environment when a database is opened for writing. We set it from `memory_mb`, unless the user
// set it (a value we set earlier, for another Indexer, is ours to change).
void set_flush_threshold(std::size_t memory_mb) {
  static std::string ours;
  const char* current = std::getenv("XAPIAN_FLUSH_THRESHOLD");
  if (current != nullptr && ours != current) return;
  ours = std::to_string(std::max<std::size_t>(100, memory_mb * kMiB / 2 / kChangeBytes));
  ::setenv("XAPIAN_FLUSH_THRESHOLD", ours.c_str(), 1);
}

// What a worker made of one input file, for the writer to apply (Indexer::Impl::apply_next).
struct PreparedFile {
  enum class Outcome {
    kSkipped,    // `error` says why
    kUnchanged,  // same size and times as recorded: not read
    kTouched,    // read, same content hash as recorded; `state` is the new state
    kRead,       // read and parsed: `contents`, `state`, and `documents` unless the file has more
                 // than kArticlesPerTask articles (the writer then has them built in chunks)
  };
  Outcome outcome = Outcome::kSkipped;
  std::string error;
  schema::FileState state;
  FileContents contents;
  std::vector<indexer_detail::BuiltDocument> documents;  // one per article of `contents`, in order
};

// Reads, parses and analyses one file. Touches no database: `old` is the file's recorded state.
PreparedFile prepare_file(const fs::path& path, const std::string& canonical,
                          const std::optional<schema::FileState>& old, bool spelling,
                          const indexer_detail::DocumentBuilder& builder) {
  PreparedFile out;
  if (detect_format(path, {}) == Format::kUnsupported) {
    out.error = read_file(path).error;  // says why without reading the file
    return out;
  }
  // A regular file whose times and size match its state is not opened. Anything else (a file that
  // cannot be looked at, a named pipe, a device) goes to the reader, which says what is wrong.
  struct stat st{};
  if (old && old->mtime_ns != 0 && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
      old->mtime_ns == nanoseconds(st.st_mtim) && old->ctime_ns == nanoseconds(st.st_ctim) &&
      old->size == static_cast<std::uint64_t>(st.st_size)) {
    out.outcome = PreparedFile::Outcome::kUnchanged;
    return out;
  }
  const FileBytes file = read_file_bytes(path);
  // Its earlier articles and state stay: an unreadable file may be readable again tomorrow.
  if (!file.error.empty()) {
    out.error = file.error;
    return out;
  }

  schema::FileState& state = out.state;
  state.size = file.size;
  // (A recent ctime alone is no risk: a write would move the older mtime.)
  const bool racy = now_ns() - file.mtime_ns < kRacyNanoseconds;
  state.mtime_ns = racy ? 0 : file.mtime_ns;
  state.ctime_ns = racy ? 0 : file.ctime_ns;
  state.hash = schema::content_hash(file.bytes);  // of the bytes on disk: a .gz file's compressed ones
  state.path = canonical;
  if (old && old->hash == state.hash) {
    out.outcome = PreparedFile::Outcome::kTouched;
    state.articles = old->articles;
    return out;
  }
  out.outcome = PreparedFile::Outcome::kRead;
  out.contents = parse_file(file.bytes, path);
  state.articles = static_cast<std::uint32_t>(out.contents.articles.size());
  if (out.contents.articles.size() <= indexer_detail::kArticlesPerTask) {
    const std::string file_term = schema::file_term(canonical);
    for (const Article& article : out.contents.articles) {
      out.documents.push_back(builder.build(article, file_term, spelling));
    }
  }
  return out;
}


}  // namespace

struct Indexer::Impl {
  explicit Impl(IndexOptions opts)
      : options(opts),
        builder({analyzer_options(opts), opts.lead_words}),
        pool(worker_threads(opts), {analyzer_options(opts), opts.lead_words}),
        window(pool.threads() == 0 ? 0 : std::max<std::size_t>(2 * pool.threads(),
                                                                 pipeline_tasks(opts.memory_mb))) {}

  ~Impl() { spelling.apply_before_close(db, target.string()); }

  static AnalyzerOptions analyzer_options(const IndexOptions& opts) {
    return AnalyzerOptions{opts.stemmer, true, opts.fold_hamza};
  }

  void open(const fs::path& path);
  void open_sharded(std::uint32_t existing_shards, bool empty);
  void hold_replaced(std::uint32_t existing_shards);
  void make_staging();
  void check_compatible() const;
  void follow_spelling_setting(const std::string& stored);
  void publish();
  void compact();

  bool cancelled() const { return options.cancel && options.cancel->load(); }
  // File states: in the database, or in a sharded one's shard-0 (shards.h).
  std::string get_state(const std::string& key);
  void set_state(const std::string& key, const std::string& value);
  std::map<std::string, std::string> states_with_prefix(const std::string& key_prefix);
  void add(const std::string& id_term, indexer_detail::BuiltDocument built);
  void forget_spelling(Xapian::docid docid);
  void delete_file_documents(const std::string& file_term);
  void after_file(IndexListener& listener);
  void commit();
  void skip_file(const std::string& name, const std::string& why, IndexListener& listener);
  void index_file(const fs::path& path, const std::string& canonical, IndexListener& listener);
  void apply_next(IndexListener& listener);
  void drain(IndexListener& listener);
  void write_file(const FileContents& contents, std::vector<indexer_detail::BuiltDocument>& documents,
                  const schema::FileState& state, const std::optional<schema::FileState>& old);
  void walk(const fs::path& dir, const std::string& canonical, IndexListener& listener);
  bool first_visit(const fs::path& dir, IndexListener& listener);
  void remove_vanished(const std::vector<Root>& roots, IndexListener& listener);

  // A file submitted to the workers, not yet applied.
  struct InFlight {
    fs::path path;
    std::optional<schema::FileState> old;  // its state in the database when it was submitted
    std::future<PreparedFile> prepared;
  };

  IndexOptions options;
  // The writer's own builder: for the analyser's version, and to rebuild the words of a document
  // that is deleted or replaced (for the suggestion index).
  indexer_detail::DocumentBuilder builder;
  indexer_detail::WorkerPool pool;
  std::size_t window;  // files (or chunks of a file's articles) in flight at most
  std::deque<InFlight> in_flight;
  fs::path target;    // the database folder
  fs::path staging;   // where a new database is made (database_files.h)
  bool staged = false;  // `db` is open at `staging`, not yet in place
  bool fresh = false;   // this run made the database from nothing (a rebuild, or a new one)
  Xapian::WritableDatabase replaced;  // during a rebuild, the database being replaced, held locked
  std::vector<Xapian::WritableDatabase> replaced_shards;  // ... or its shards
  Xapian::WritableDatabase db;
  indexer_detail::SpellingChanges spelling;  // of the documents written since the last commit
  std::unique_ptr<indexer_detail::ShardSet> shards;  // a sharded database's writers (then no `db`)
  IndexSummary summary;
  std::size_t pending = 0;  // changes since the last commit (IndexOptions::batch_size)
  // Canonical paths met in this run (so that they are not removed), and folders that could not be
  // listed (whose files are not removed either).
  std::unordered_set<std::string> seen;
  std::vector<std::string> unlisted_folders;
  // Folders walked so far, by (device, inode): a folder reached again through a symbolic link (a loop,
  // or two links to one folder) is not read twice.
  std::map<std::pair<dev_t, ino_t>, fs::path> walked;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

Indexer::Indexer(const fs::path& db_path, IndexOptions options)
    : impl_(std::make_unique<Impl>(options)) {
  impl_->open(db_path);
}

void Indexer::Impl::open(const fs::path& path) {
  set_flush_threshold(options.memory_mb);
  target = path;
  std::error_code ec;
  const bool exists = fs::exists(target, ec);
  if (exists && !fs::is_directory(target, ec)) {
    throw Error(Error::Kind::kDatabase, "database " + target.string() + " is not a folder");
  }
  const bool empty = !exists || fs::is_empty(target, ec);
  const std::uint32_t existing_shards = empty ? 0 : indexer_detail::shard_count(target);
  if (!empty && !options.rebuild && (existing_shards > 0 || options.shards > 1)) {
    return open_sharded(existing_shards, empty);
  }
  if (!empty && !options.rebuild) {
    db = indexer_detail::open_for_writing(target, Xapian::DB_OPEN);
    check_compatible();
    follow_spelling_setting(db.get_metadata(std::string(schema::kSpellingKey)));
    return;
  }
  if (options.shards > 1 || (options.shards == 0 && existing_shards > 0)) {
    return open_sharded(existing_shards, empty);
  }
  // A new database, or a rebuild: made aside, and put in place only once committed (a rebuild on
  // the first commit(), until when searchers keep the old one).
  if (!empty && !indexer_detail::is_database_folder(target) &&
      !indexer_detail::is_sharded_database_folder(target)) {
    throw Error(Error::Kind::kDatabase,
                "--rebuild: " + target.string() +
                    " holds files that are not a Xapian database; not replacing it");
  }
  if (!empty) hold_replaced(existing_shards);
  make_staging();
  db = indexer_detail::open_for_writing(staging, Xapian::DB_CREATE_OR_OVERWRITE);
  db.set_metadata(std::string(schema::kAnalyzerKey), builder.analyzer().version());
  db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
  db.set_metadata(std::string(schema::kSpellingKey), options.spelling ? "1" : "0");
  db.commit();
  staged = true;
  fresh = true;
  if (empty) publish();  // nothing to keep: a valid, empty database from now on
}

// A sharded database (shards.h): an existing one as it is, or a new one made aside like a single one.
void Indexer::Impl::open_sharded(std::uint32_t existing_shards, bool empty) {
  const std::string n = std::to_string(options.shards);
  if (!empty && !options.rebuild) {
    if (existing_shards == 0) {
      throw Error(Error::Kind::kUsage, "database " + target.string() + " is one database, not " + n +
                                           " shards (--rebuild --shards " + n + " splits it)");
    }
    if (options.shards != 0 && options.shards != existing_shards) {
      throw Error(Error::Kind::kUsage, "database " + target.string() + " has " +
                                           std::to_string(existing_shards) + " shards, not " + n +
                                           " (--rebuild --shards " + n + " splits it again)");
    }
    follow_spelling_setting(Xapian::Database(indexer_detail::shard_path(target, 0).string())
                                .get_metadata(std::string(schema::kSpellingKey)));
    shards = std::make_unique<indexer_detail::ShardSet>(target, existing_shards, Xapian::DB_OPEN, options);
    return;
  }
  const std::uint32_t count = options.shards != 0 ? options.shards : existing_shards;
  if (!empty) hold_replaced(existing_shards);
  make_staging();
  std::error_code ec;
  fs::create_directories(staging, ec);
  shards = std::make_unique<indexer_detail::ShardSet>(staging, count, Xapian::DB_CREATE_OR_OVERWRITE,
                                                      options);
  indexer_detail::write_stub(staging, count);
  staged = true;
  fresh = true;
  if (empty) publish();
}

// During a rebuild, the database being replaced is held open for writing, so that no one writes it
// meanwhile.
void Indexer::Impl::hold_replaced(std::uint32_t existing_shards) {
  try {
    if (existing_shards == 0) replaced = Xapian::WritableDatabase(target.string(), Xapian::DB_OPEN);
    for (std::uint32_t i = 0; i < existing_shards; ++i) {
      replaced_shards.emplace_back(indexer_detail::shard_path(target, i).string(), Xapian::DB_OPEN);
    }
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(Error::Kind::kLocked, "database " + target.string() + " is locked by another indexer");
  } catch (const Xapian::DatabaseError&) {
    // Damaged or half made: replacing it is what --rebuild is for.
  }
}

// The folder where a new database is made: emptied, should an earlier rebuild have been killed.
void Indexer::Impl::make_staging() {
  staging = indexer_detail::staging_path(target);
  std::error_code ec;
  if (!fs::exists(staging, ec)) return;
  if (!indexer_detail::is_database_folder(staging) &&
      !indexer_detail::is_sharded_database_folder(staging)) {
    throw Error(Error::Kind::kDatabase,
                staging.string() + " holds files that are not a Xapian database; move it away");
  }
  fs::remove_all(staging, ec);
  if (ec) throw Error(Error::Kind::kIo, "cannot remove " + staging.string() + ": " + ec.message());
}

// An existing database keeps the setting it was made with (schema::kSpellingKey): without a
// suggestion index it gets none; with one, --no-spelling would leave it out of date.
void Indexer::Impl::follow_spelling_setting(const std::string& stored) {
  if (stored == "0") {
    options.spelling = false;
  } else if (!options.spelling) {
    throw Error(Error::Kind::kUsage, "database " + target.string() +
                                         " keeps a suggestion index: --no-spelling needs --rebuild");
  }
}

void Indexer::Impl::check_compatible() const {
  const std::string ours = builder.analyzer().version();
  const std::string theirs = db.get_metadata(std::string(schema::kAnalyzerKey));
  if (theirs != ours) {
    throw Error(Error::Kind::kDatabase,
                "database " + target.string() + " was built with analyser '" +
                    (theirs.empty() ? "unknown" : theirs) + "', not '" + ours +
                    "': re-index it with --rebuild");
  }
  const std::string schema = db.get_metadata(std::string(schema::kSchemaKey));
  if (schema != schema::kSchemaVersion) {
    throw Error(Error::Kind::kDatabase,
                "database " + target.string() + " has schema version " +
                    (schema.empty() ? "unknown" : schema) + ", not " +
                    std::string(schema::kSchemaVersion) + ": re-index it with --rebuild");
  }
}

// Rewrites the database this run built (or each of its shards) into a compacted copy at `staging`,
// which publish() then puts in place. Once only: later commits of this Indexer go into the compacted
// database.
void Indexer::Impl::compact() {
  fresh = false;
  const fs::path into = staged ? indexer_detail::staging_path(staging) : staging;
  std::error_code ec;
  if (fs::exists(into, ec)) {
    if (!indexer_detail::is_database_folder(into) && !indexer_detail::is_sharded_database_folder(into)) {
      throw Error(Error::Kind::kDatabase,
                  into.string() + " holds files that are not a Xapian database; move it away");
    }
    fs::remove_all(into, ec);
  }
  shards ? shards->compact(into) : db.compact(into.string());
  if (staged) {
    shards ? shards->close() : db.close();
    indexer_detail::move_into_place(into, staging);
    fs::remove_all(into, ec);  // the database before compaction
    if (shards) {
      shards->reopen(staging);
    } else {
      db = indexer_detail::open_for_writing(staging, Xapian::DB_OPEN);
    }
  }
  staged = true;
}

void Indexer::Impl::publish() {
  shards ? shards->close() : db.close();
  indexer_detail::move_into_place(staging, target);
  replaced.close();
  replaced_shards.clear();
  std::error_code ec;
  if (fs::exists(staging, ec) && (indexer_detail::is_database_folder(staging) ||
                                  indexer_detail::is_sharded_database_folder(staging))) {
    fs::remove_all(staging, ec);  // the old database; should this fail, --rebuild reuses the folder
  }
  staged = false;
  if (shards) {
    shards->reopen(target);
  } else {
    db = indexer_detail::open_for_writing(target, Xapian::DB_OPEN);
  }
}

std::string Indexer::Impl::get_state(const std::string& key) {
  return shards ? shards->get_metadata(key) : db.get_metadata(key);
}

void Indexer::Impl::set_state(const std::string& key, const std::string& value) {
  shards ? shards->set_metadata(key, value) : db.set_metadata(key, value);
}

std::map<std::string, std::string> Indexer::Impl::states_with_prefix(const std::string& key_prefix) {
  if (shards) return shards->metadata_with_prefix(key_prefix);
  std::map<std::string, std::string> out;
  for (auto k = db.metadata_keys_begin(key_prefix); k != db.metadata_keys_end(key_prefix); ++k) {
    out[*k] = db.get_metadata(*k);
  }
  return out;
}

Indexer::~Indexer() = default;

void Indexer::add_article(const Article& article) {
  indexer_detail::BuiltDocument built =
      impl_->builder.build(article, schema::file_term(article.path), impl_->options.spelling);
  if (impl_->shards) {
    impl_->shards->add(article, std::move(built));
    ++impl_->summary.articles;
    ++impl_->pending;
  } else {
    // In a transaction, as write_file() does: outside one Xapian commits on its own every
    // XAPIAN_FLUSH_THRESHOLD changes, without the suggestion index's changes that SpellingChanges holds.
    impl_->db.begin_transaction(/*flushed=*/false);
    impl_->add(schema::unique_id_term(article.id), std::move(built));
    impl_->db.commit_transaction();
  }
  if (impl_->pending >= impl_->options.batch_size) impl_->commit();
}

void Indexer::commit() {
  impl_->commit();
  if (impl_->fresh && impl_->options.compact && !impl_->cancelled()) impl_->compact();
  if (impl_->staged) impl_->publish();
}

const IndexSummary& Indexer::summary() const { return impl_->summary; }

void Indexer::Impl::add(const std::string& id_term, indexer_detail::BuiltDocument built) {
  if (options.spelling && db.get_termfreq(id_term) > 0) {
    for (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term); ++p) forget_spelling(*p);
  }
  db.replace_document(id_term, built.document);
  spelling.add(built.spelling);
  ++summary.articles;
  ++pending;
}

// Takes the words of document `docid`, which is about to be deleted or replaced, out of the
// suggestion index's changes.
void Indexer::Impl::forget_spelling(Xapian::docid docid) {
  const indexer_detail::BuiltDocument built =
      builder.build(schema::decode_article(db.get_document(docid).get_data()), {}, true);
  spelling.remove(built.spelling);
}

void Indexer::Impl::delete_file_documents(const std::string& file_term) {
  if (options.spelling) {
    for (auto p = db.postlist_begin(file_term); p != db.postlist_end(file_term); ++p) forget_spelling(*p);
  }
  db.delete_document(file_term);
}

// Called between files, the only place where a commit may happen.
void Indexer::Impl::after_file(IndexListener& listener) {
  if (pending >= options.batch_size) commit();
  listener.on_file_done(summary);
}

void Indexer::Impl::commit() {
  if (shards) {
    shards->commit();
    summary.articles_removed += shards->take_articles_removed();
    summary.documents = shards->document_count();
  } else {
    spelling.apply_to(db);
    db.commit();
    summary.documents = db.get_doccount();
  }
  pending = 0;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

void Indexer::Impl::skip_file(const std::string& name, const std::string& why, IndexListener& listener) {
  ++summary.files_skipped;
  ++summary.skip_reasons[short_reason(why)];
  listener.on_problem(name, why, true);
}

void Indexer::add_paths(const std::vector<fs::path>& paths, IndexListener& listener) {
  std::vector<Root> roots;  // the PATHs walked to the end
  for (const fs::path& path : paths) {
    if (impl_->cancelled()) break;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      impl_->drain(listener);  // messages in the order of the PATHs
      // Its files are not removed: a PATH that is missing may be a volume that is not mounted.
      impl_->skip_file(path.string(),
                       ec && ec != std::errc::no_such_file_or_directory ? "cannot read: " + ec.message()
                                                                         : "no such file or folder",
                       listener);
      continue;
    }
    const std::string canonical = canonical_path(path);
    if (fs::is_directory(status)) {
      impl_->walk(path, canonical, listener);
    } else {
      impl_->index_file(path, canonical, listener);
    }
    if (!impl_->cancelled()) roots.push_back({canonical, fs::is_directory(status)});
  }
  impl_->drain(listener);
  if (!impl_->cancelled()) impl_->remove_vanished(roots, listener);
  impl_->summary.cancelled = impl_->cancelled();
  impl_->summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - impl_->started).count();
}

// True iff `dir` is met for the first time in this run; otherwise it says so (a warning: nothing
// is lost, every article under it is read, or was, through the other path). A folder that cannot be
// looked at is skipped and reported, and its files are not removed.
bool Indexer::Impl::first_visit(const fs::path& dir, IndexListener& listener) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) {
    unlisted_folders.push_back(folder_prefix(canonical_path(dir)));
    skip_file(dir.string(),
              "cannot read folder: " + std::error_code(errno, std::generic_category()).message(),
              listener);
    return false;
  }
  const auto [met, first] = walked.emplace(std::pair(info.st_dev, info.st_ino), dir);
  if (first) return true;
  ++summary.warnings;
  const std::string before = met->second.string();
  const std::string here = dir.string();
  const bool loop = here.size() > before.size() && here.starts_with(before) && here[before.size()] == '/';
  std::string message = loop ? "symbolic link loop back to " : "same folder as ";
  message += before;
  message += ", not read again";
  listener.on_problem(here, message, false);
  return false;
}

void Indexer::Impl::walk(const fs::path& dir, const std::string& canonical, IndexListener& listener) {
  if (!first_visit(dir, listener)) return;
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) {
    drain(listener);  // messages in the order of the walk
    unlisted_folders.push_back(folder_prefix(canonical));
    skip_file(dir.string(), "cannot read folder: " + ec.message(), listener);
    return;
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  const std::string prefix = folder_prefix(canonical);
  for (const fs::directory_entry& entry : entries) {
    if (cancelled()) return;
    if (is_hidden(entry.path())) continue;
    // A file under a folder link is known by its path through the link (the first one met), so
    // that it keeps one file state from run to run.
    const std::string child = prefix + entry.path().filename().string();
    std::error_code type_ec;
    // Follows symbolic links: a link to a folder is walked (once, see `walked`); a broken link or a
    // file that vanished since the listing is reported by index_file when it has an article's name.
    if (entry.is_directory(type_ec)) {
      walk(entry.path(), child, listener);
    } else if (is_article_path(entry.path())) {
      index_file(entry.path(), child, listener);
    } else {
      ++summary.files_ignored;
    }
  }
}


// Submits the file to the workers; its result is applied, in submission order, once more than
// `window` files are in flight, or by drain().
void Indexer::Impl::index_file(const fs::path& path, const std::string& canonical,
                               IndexListener& listener) {
  // A file met twice (through two PATHs) must see what its first visit recorded.
  if (seen.contains(canonical)) drain(listener);
  seen.insert(canonical);
  std::optional<schema::FileState> old =
      schema::decode_file_state(get_state(schema::file_state_key(canonical)));
  if (old && old->path != canonical) old.reset();
  std::future<PreparedFile> prepared = pool.submit(
      [path, canonical, old, spelling = options.spelling](const indexer_detail::DocumentBuilder& b) {
        return prepare_file(path, canonical, old, spelling, b);
      });
  in_flight.push_back(InFlight{path, std::move(old), std::move(prepared)});
  while (in_flight.size() > window) apply_next(listener);
}

void Indexer::Impl::drain(IndexListener& listener) {
  while (!in_flight.empty()) apply_next(listener);
}

// Applies the oldest file in flight: what the sequential indexer did after reading it. Once the run
// is cancelled, files in flight are dropped instead: the run stops after the file applied last.
void Indexer::Impl::apply_next(IndexListener& listener) {
  if (cancelled()) {
    in_flight.clear();
    return;
  }
  InFlight file = std::move(in_flight.front());
  in_flight.pop_front();
  PreparedFile prepared = file.prepared.get();
  const std::string name = file.path.string();
  switch (prepared.outcome) {
    case PreparedFile::Outcome::kSkipped:
      skip_file(name, prepared.error, listener);
      break;
    case PreparedFile::Outcome::kUnchanged:
      ++summary.files_unchanged;
      break;
    case PreparedFile::Outcome::kTouched:
      ++summary.files_unchanged;
      ++summary.files_touched;
      if (prepared.state != *file.old) {
        set_state(schema::file_state_key(prepared.state.path),
                        schema::encode_file_state(prepared.state));
        ++pending;
      }
      break;
    case PreparedFile::Outcome::kRead: {
      const FileContents& contents = prepared.contents;
      if (!contents.error.empty() || contents.articles.empty()) {
        skip_file(name, contents.error.empty() ? "no article in file" : contents.error, listener);
      }
      for (const RecordSkip& skip : contents.skipped) {
        ++summary.articles_skipped;
        ++summary.skip_reasons[short_reason(skip.reason)];
        listener.on_problem(name, "record " + std::to_string(skip.record + 1) + ": " + skip.reason,
                            true);
      }
      for (const std::string& warning : contents.warnings) {
        ++summary.warnings;
        listener.on_problem(name, warning, false);
      }
      summary.unparsed_dates += contents.unparsed_dates;
      if (!contents.articles.empty()) ++summary.files;
      ++(file.old ? summary.files_updated : summary.files_added);
      write_file(prepared.contents, prepared.documents, prepared.state, file.old);
      break;
    }
  }
  after_file(listener);
}

// Replaces the file's old articles by its new ones and records its state, as one unit: an
// unflushed transaction keeps Xapian from committing on its own in the middle of it. `documents`
// are the articles' documents, or empty to have them built here, in chunks, by the workers.
void Indexer::Impl::write_file(const FileContents& contents, std::vector<indexer_detail::BuiltDocument>& documents,
                               const schema::FileState& state,
                               const std::optional<schema::FileState>& old) {
  const std::string file_term = schema::file_term(state.path);
  if (shards) {
    if (documents.empty() && !contents.articles.empty()) {
      indexer_detail::DocumentStream stream(pool, contents.articles, file_term, options.spelling, window);
      for (std::size_t i = 0; i < contents.articles.size(); ++i) documents.push_back(stream.next());
    }
    shards->replace_file(file_term, contents.articles, std::move(documents));
    shards->set_metadata(schema::file_state_key(state.path), schema::encode_file_state(state));
    summary.articles += contents.articles.size();
    pending += contents.articles.size() + 1;
    return;
  }
  std::set<std::string> old_ids;  // id terms of the articles the file had
  if (old) {
    for (auto p = db.postlist_begin(file_term); p != db.postlist_end(file_term); ++p) {
      Xapian::TermIterator t = db.termlist_begin(*p);
      t.skip_to(std::string(schema::kIdPrefix));
      if (t != db.termlist_end(*p) && (*t).starts_with(schema::kIdPrefix)) old_ids.insert(*t);
    }
  }
  indexer_detail::DocumentStream stream(pool, contents.articles, file_term, options.spelling, window);
  db.begin_transaction(/*flushed=*/false);
  const Xapian::doccount before = db.get_termfreq(file_term);
  delete_file_documents(file_term);
  for (std::size_t i = 0; i < contents.articles.size(); ++i) {
    const std::string id_term = schema::unique_id_term(contents.articles[i].id);
    old_ids.erase(id_term);
    add(id_term, documents.empty() ? stream.next() : std::move(documents[i]));
  }
  db.set_metadata(schema::file_state_key(state.path), schema::encode_file_state(state));
  db.commit_transaction();
  summary.articles_removed += old_ids.size();
  pending += before + (contents.articles.empty() && before == 0 ? 1 : 0);  // add() counted the rest
}

void Indexer::Impl::remove_vanished(const std::vector<Root>& roots, IndexListener& listener) {
  std::set<std::string> gone;  // canonical paths
  for (const Root& root : roots) {
    const std::string prefix = root.folder ? folder_prefix(root.canonical) : root.canonical;
    const std::string key_prefix =
        root.folder ? schema::file_state_key_prefix(prefix) : schema::file_state_key(prefix);
    for (const auto& [key, value] : states_with_prefix(key_prefix)) {
      const std::optional<schema::FileState> state = schema::decode_file_state(value);
      if (!state || seen.count(state->path)) continue;
      if (root.folder ? !state->path.starts_with(prefix) : state->path != prefix) continue;
      if (std::any_of(unlisted_folders.begin(), unlisted_folders.end(),
                      [&](const std::string& f) { return state->path.starts_with(f); })) {
        continue;
      }
      gone.insert(state->path);
    }
  }
  for (const std::string& path : gone) {
    if (cancelled()) return;
    const std::string file_term = schema::file_term(path);
    if (shards) {  // the shards count the articles they delete
      shards->replace_file(file_term, {}, {});
      shards->set_metadata(schema::file_state_key(path), "");
      ++summary.files_removed;
      ++pending;
      after_file(listener);
      continue;
    }
    db.begin_transaction(/*flushed=*/false);
    const Xapian::doccount articles = db.get_termfreq(file_term);
    delete_file_documents(file_term);
    db.set_metadata(schema::file_state_key(path), "");
    db.commit_transaction();
    ++summary.files_removed;
    summary.articles_removed += articles;
    pending += std::max<Xapian::doccount>(articles, 1);
    after_file(listener);
  }
}

std::string describe(const IndexSummary& s) {
  const auto n = [](std::uint64_t v) { return std::to_string(v); };
  std::string out = "fahras-index: " + n(s.articles) + " articles from " + n(s.files) + " files in ";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f s", s.seconds);
  out += seconds;
  out += "; " + n(s.documents) + " documents in the database\n";
  out += "fahras-index: files: " + n(s.files_added) + " added, " + n(s.files_updated) + " updated, " +
         n(s.files_unchanged) + " unchanged (" + n(s.files_touched) + " of them read to compare), " +
         n(s.files_removed) + " removed; " + n(s.articles_removed) + " articles removed\n";
  out += "fahras-index: skipped " + n(s.files_skipped) + " files and " + n(s.articles_skipped) +
         " records; " + n(s.warnings) + " warnings; " + n(s.unparsed_dates) +
         " dates not understood; " + n(s.files_ignored) + " other files ignored\n";
  for (const auto& [reason, count] : s.skip_reasons) {
    out += "fahras-index:   skipped (" + reason + "): " + n(count) + "\n";
  }
  return out;
}

}  // namespace fahras
