#include "fahras/indexer.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <deque>
#include <future>
#include <optional>
#include <thread>
#include <unordered_set>
#include <utility>

#include "database_lifecycle.h"
#include "document_builder.h"
#include "pipeline.h"
#include "prepare.h"
#include "settings.h"
#include "stop_points.h"
#include "walk.h"
#include "writer.h"
#include "fahras/schema.h"

namespace fahras {
namespace fs = std::filesystem;
using indexer_detail::PreparedFile;

void IndexListener::on_problem(std::string_view, std::string_view, bool) {}
void IndexListener::on_file_done(const IndexSummary&) {}
bool IndexListener::wants_progress() const { return false; }
void IndexListener::on_files_counted(std::uint64_t) {}

namespace {

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

// A document analysed and waiting to be written is taken to be at most kDocumentBytes; the tasks
// in flight may hold half of IndexOptions::memory_mb (the writer's Xapian changes the other half).
constexpr std::size_t kDocumentBytes = 48 << 10;
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

// The first walk of a run that shows progress: it counts the article files, opening none.
// Problems are left to the real walk, which reports them.
struct FileCounter : indexer_detail::WalkSink {
  explicit FileCounter(const IndexOptions& o) : options(o) {}
  void file(const fs::path&, const std::string&) override { ++files; }
  void problem(const std::string&, const std::string&, bool) override {}
  void ignored() override {}
  bool cancelled() const override { return options.cancel && options.cancel->load(); }
  const IndexOptions& options;
  std::uint64_t files = 0;
};

}  // namespace

// The run: the walk (walk.h) hands files to the workers (pipeline.h, prepare.h), whose results are
// applied here in the order of the walk and handed to the writer (writer.h) of the database
// (database_lifecycle.h); commits fall between files.
struct Indexer::Impl : indexer_detail::WalkSink {
  Impl(const fs::path& db_path, const IndexOptions& given)
      : database(db_path, given),
        options(database.options()),
        writer(database.writer()),
        builder(indexer_detail::document_options(options)),
        pool(worker_threads(options), indexer_detail::document_options(options)),
        window(pool.threads() == 0 ? 0 : std::max<std::size_t>(2 * pool.threads(),
                                                                 pipeline_tasks(options.memory_mb))) {}

  bool cancelled() const override { return options.cancel && options.cancel->load(); }
  void file(const fs::path& path, const std::string& canonical) override;
  void problem(const std::string& name, const std::string& message, bool skipped) override;
  void ignored() override { ++summary.files_ignored; }

  void after_file();
  void commit();
  void skip_file(const std::string& name, const std::string& why);
  void apply_next();
  void drain();
  void write_file(const std::string& given, const FileContents& contents,
                  std::vector<indexer_detail::BuiltDocument>& documents, const schema::FileState& state);
  void report_notes();
  void record_run();
  void note_skipped(const std::string& name, const std::string& why);
  void remove_vanished(const indexer_detail::Walker& walker);

  // A file submitted to the workers, not yet applied.
  struct InFlight {
    fs::path path;
    std::optional<schema::FileState> old;  // its state in the database when it was submitted
    std::future<PreparedFile> prepared;
  };

  indexer_detail::DatabaseLifecycle database;
  const IndexOptions& options;  // as the database decides (settings.h)
  indexer_detail::Writer& writer;
  indexer_detail::DocumentBuilder builder;  // for add_article()
  indexer_detail::WorkerPool pool;
  std::size_t window;  // files (or chunks of a file's articles) in flight at most
  std::deque<InFlight> in_flight;
  IndexListener* listener = nullptr;  // during add_paths()
  IndexSummary summary;
  std::size_t pending = 0;  // changes since the last commit (IndexOptions::batch_size)
  // Articles were added or removed since the last commit: the commit takes the spellings table's
  // kSpellingsKey out (searchers then find spellings themselves), and Indexer::commit() stores the
  // table again.
  bool articles_changed = false;
  bool spellings_stale = false;
  std::unordered_set<std::string> seen;  // canonical paths met in this run (so not removed)
  // Files read, skipped or removed in this run, as given (and canonical, for removed ones): what
  // an earlier run reported about them is no longer news.
  std::unordered_set<std::string> revisited;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

Indexer::Indexer(const fs::path& db_path, IndexOptions options)
    : impl_(std::make_unique<Impl>(db_path, options)) {
  indexer_detail::stop_point("open");
}

Indexer::~Indexer() = default;

void Indexer::add_paths(const std::vector<fs::path>& paths, IndexListener& listener) {
  impl_->listener = &listener;
  impl_->seen.clear();  // a second run (fahras-index --watch) removes files met by the first
  if (listener.wants_progress()) {
    FileCounter counter(impl_->options);
    indexer_detail::Walker(counter).walk(paths);
    listener.on_files_counted(counter.files);
  }
  indexer_detail::Walker walker(*impl_);
  walker.walk(paths);
  impl_->drain();
  if (!impl_->cancelled()) impl_->remove_vanished(walker);
  impl_->writer.wait_idle();  // for the shards' last warnings
  impl_->report_notes();
  impl_->listener = nullptr;
  impl_->summary.cancelled = impl_->cancelled();
  impl_->summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - impl_->started).count();
}

void Indexer::add_article(const Article& article) {
  impl_->writer.add(article, impl_->builder.build(article, schema::file_term(article.path),
                                                  impl_->options.spelling));
  ++impl_->summary.articles;
  ++impl_->pending;
  impl_->articles_changed = true;
  if (impl_->pending >= impl_->options.batch_size) impl_->commit();
}

void Indexer::remove_article(std::string_view id) {
  impl_->writer.remove(std::string(id));
  ++impl_->pending;
  impl_->articles_changed = true;
  if (impl_->pending >= impl_->options.batch_size) impl_->commit();
}

void Indexer::commit(Spellings spellings) {
  impl_->record_run();
  impl_->commit();
  if (spellings == Spellings::kStore && !impl_->cancelled()) store_spellings();
  impl_->database.finish(impl_->options.compact && !impl_->cancelled());
}

bool Indexer::store_spellings() {
  if (!impl_->spellings_stale && !impl_->writer.get_metadata(std::string(schema::kSpellingsKey)).empty()) {
    return false;
  }
  impl_->writer.store_spellings();
  impl_->spellings_stale = false;
  indexer_detail::stop_point("spellings");
  return true;
}

const IndexSummary& Indexer::summary() const { return impl_->summary; }

// Called between files, the only place where a commit may happen.
void Indexer::Impl::after_file() {
  indexer_detail::stop_point("file");
  if (pending >= options.batch_size) commit();
  report_notes();
  // The running time, for the progress line (it was set only at commits: 0.0 s until the first).
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  listener->on_file_done(summary);
}

// The writer's warnings (an article id in two files), found on the shards' threads a little after
// the file was handed over.
void Indexer::Impl::report_notes() {
  if (listener == nullptr) return;
  for (const auto& [name, message] : writer.take_notes()) {
    ++summary.warnings;
    listener->on_problem(name, message, false);
  }
}

void Indexer::Impl::commit() {
  if (articles_changed) {
    writer.set_metadata(std::string(schema::kSpellingsKey), "");
    articles_changed = false;
    spellings_stale = true;
  }
  writer.commit();
  summary.articles_removed += writer.take_articles_removed();
  summary.documents = writer.document_count();
  pending = 0;
  indexer_detail::stop_point("commit");
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

void Indexer::Impl::skip_file(const std::string& name, const std::string& why) {
  ++summary.files_skipped;
  ++summary.skip_reasons[short_reason(why)];
  note_skipped(name, why);
  listener->on_problem(name, why, true);
}

void Indexer::Impl::note_skipped(const std::string& name, const std::string& why) {
  revisited.insert(name);
  if (summary.skipped.size() < kSkippedListed) summary.skipped.push_back({name, why, 0});
}

// Stores the summary of the run for fahras-index --stats (schema::kLastRunKey), committed with the
// run's last changes.
void Indexer::Impl::record_run() {
  const std::int64_t now = std::time(nullptr);
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::vector<SkippedFile> skipped = summary.skipped;
  for (SkippedFile& f : skipped) f.reported = now;
  std::uint64_t total = summary.files_skipped + summary.articles_skipped;
  for (SkippedFile& f : decode_last_run_skipped(writer.get_metadata(std::string(schema::kLastRunKey)))) {
    std::error_code ec;
    if (revisited.contains(f.file) || !fs::exists(f.file, ec)) continue;
    ++total;
    if (skipped.size() < kSkippedListed) skipped.push_back(std::move(f));
  }
  writer.set_metadata(std::string(schema::kLastRunKey), encode_last_run(summary, skipped, total, now));
  ++pending;
}

void Indexer::Impl::problem(const std::string& name, const std::string& message, bool skipped) {
  drain();  // messages in the order of the walk
  if (skipped) return skip_file(name, message);
  ++summary.warnings;
  listener->on_problem(name, message, false);
}

// Submits the file to the workers; its result is applied, in submission order, once more than
// `window` files are in flight, or by drain().
void Indexer::Impl::file(const fs::path& path, const std::string& canonical) {
  // A file met twice (through two PATHs) must see what its first visit recorded.
  if (seen.contains(canonical)) drain();
  seen.insert(canonical);
  std::optional<schema::FileState> old =
      schema::decode_file_state(writer.get_metadata(schema::file_state_key(canonical)));
  if (old && old->path != canonical) old.reset();
  std::future<PreparedFile> prepared = pool.submit(
      [path, canonical, old, spelling = options.spelling](const indexer_detail::DocumentBuilder& b) {
        return indexer_detail::prepare_file(path, canonical, old, spelling, b);
      });
  in_flight.push_back(InFlight{path, std::move(old), std::move(prepared)});
  while (in_flight.size() > window) apply_next();
}

void Indexer::Impl::drain() {
  while (!in_flight.empty()) apply_next();
}

// Applies the oldest file in flight: what the sequential indexer did after reading it. Once the run
// is cancelled, files in flight are dropped instead: the run stops after the file applied last.
void Indexer::Impl::apply_next() {
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
      skip_file(name, prepared.error);
      break;
    case PreparedFile::Outcome::kUnchanged:
      ++summary.files_unchanged;
      break;
    case PreparedFile::Outcome::kTouched:
      ++summary.files_unchanged;
      ++summary.files_touched;
      if (prepared.state != *file.old) {
        writer.set_metadata(schema::file_state_key(prepared.state.path),
                            schema::encode_file_state(prepared.state));
        ++pending;
      }
      break;
    case PreparedFile::Outcome::kRead: {
      const FileContents& contents = prepared.contents;
      if (!contents.error.empty() || contents.articles.empty()) {
        skip_file(name, contents.error.empty() ? "no article in file" : contents.error);
      }
      revisited.insert(name);
      for (const RecordSkip& skip : contents.skipped) {
        ++summary.articles_skipped;
        ++summary.skip_reasons[short_reason(skip.reason)];
        const std::string message = "record " + std::to_string(skip.record + 1) + ": " + skip.reason;
        note_skipped(name, message);
        listener->on_problem(name, message, true);
      }
      for (const std::string& warning : contents.warnings) {
        ++summary.warnings;
        listener->on_problem(name, warning, false);
      }
      summary.unparsed_dates += contents.unparsed_dates;
      if (!contents.articles.empty()) ++summary.files;
      ++(file.old ? summary.files_updated : summary.files_added);
      write_file(name, prepared.contents, prepared.documents, prepared.state);
      break;
    }
  }
  after_file();
}

// Replaces the file's old articles by its new ones and records its state, as one unit (writer.h).
// `documents` are the articles' documents, or empty to have them built here, in chunks, by the
// workers.
void Indexer::Impl::write_file(const std::string& given, const FileContents& contents,
                               std::vector<indexer_detail::BuiltDocument>& documents,
                               const schema::FileState& state) {
  const std::string file_term = schema::file_term(state.path);
  writer.begin_file(state.path, given);
  if (documents.empty() && !contents.articles.empty()) {
    indexer_detail::DocumentStream stream(pool, contents.articles, file_term, options.spelling, window);
    for (const Article& article : contents.articles) writer.add_to_file(article, stream.next());
  } else {
    for (std::size_t i = 0; i < documents.size(); ++i) {
      writer.add_to_file(contents.articles[i], std::move(documents[i]));
    }
  }
  writer.end_file();
  writer.set_metadata(schema::file_state_key(state.path), schema::encode_file_state(state));
  summary.articles += contents.articles.size();
  pending += contents.articles.size() + 1;
  articles_changed = true;
}

// Files recorded under this run's PATHs that are gone lose their articles and their state.
void Indexer::Impl::remove_vanished(const indexer_detail::Walker& walker) {
  const auto recorded = [&](const std::string& key_prefix) {
    return writer.metadata_with_prefix(key_prefix);
  };
  for (const std::string& path : walker.vanished(recorded, seen)) {
    if (cancelled()) return;
    revisited.insert(path);
    writer.begin_file(path, path);
    writer.end_file();
    writer.set_metadata(schema::file_state_key(path), "");
    ++summary.files_removed;
    ++pending;
    articles_changed = true;
    after_file();
  }
}

}  // namespace fahras
