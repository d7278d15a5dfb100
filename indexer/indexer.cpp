#include "fahras/indexer.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <map>
#include <cstdio>
#include <ctime>
#include <set>
#include <system_error>
#include <unordered_set>
#include <utility>

#include <xapian.h>

#include "database_files.h"
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

// The words of a document that go into the spelling table (schema.h): normalised forms, each once.
using SpellingWords = std::vector<std::string>;

// A word worth suggesting: it has a term (no stopword, not too long) and letters (no number).
bool is_spelling_word(const Token& token) {
  return !token.term.empty() && (token.script == Script::kArabic || token.script == Script::kLatin);
}

// Adds the stemmed terms of `text` with positions starting at `base`; returns the next free position.
// Appends its spelling words to `words` when given.
Xapian::termpos index_text(Xapian::Document& doc, const Analyzer& analyzer, std::string_view text,
                           Xapian::termpos base, Xapian::termcount wdf, std::string_view prefix,
                           bool exact_forms, SpellingWords* words) {
  Xapian::termpos last = base;
  for (const Token& token : analyzer.analyze(text)) {
    last = base + token.position;
    if (token.term.empty()) continue;
    if (words && is_spelling_word(token)) words->push_back(token.normalized);
    doc.add_posting(token.term, last, wdf);
    if (exact_forms && token.normalized != token.term) {
      doc.add_term(schema::prefixed(schema::kExactPrefix, token.normalized), wdf);
    }
    if (!prefix.empty()) doc.add_posting(schema::prefixed(prefix, token.term), last, 1);
  }
  return last + 1;
}

// How much a lead word counts: news puts the gist first, so its first 15 words count 3, the next 15
// count 2 and the rest of the lead 1 (bench/RESULTS.md, rows 18-21: +0.018 MRR@10 on headlines).
Xapian::termcount lead_wdf(Xapian::termpos position) {
  return 1 + (position < 15) + (position < 30);
}

// Boolean terms for a field value: the whole value and each of its words, normalised so that
// "Sky News", "skynews" and "SKY NEWS" all match.
void add_field_terms(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
  std::string whole = normalize_field_value(value);
  if (whole.empty()) return;
  doc.add_boolean_term(schema::prefixed(prefix, whole));
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find_first_of(" \t\n", start);
    if (end == std::string_view::npos) end = value.size();
    std::string word = normalize_field_value(value.substr(start, end - start));
    if (!word.empty() && word.size() + prefix.size() <= schema::kMaxTermBytes) {
      doc.add_boolean_term(schema::prefixed(prefix, word));
    }
    start = end + 1;
  }
}

bool body_repeats_abstract(const Article& a) {
  if (a.abstract.empty()) return true;
  return a.body.find(a.abstract) != std::string::npos;
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

}  // namespace

struct Indexer::Impl {
  explicit Impl(IndexOptions opts)
      : options(opts), analyzer(AnalyzerOptions{opts.stemmer, true, opts.fold_hamza}) {}

  void open(const fs::path& path);
  void check_compatible() const;
  void publish();

  bool cancelled() const { return options.cancel && options.cancel->load(); }
  Xapian::Document make_document(const Article& article, const std::string& file_term,
                                 SpellingWords* words) const;
  void add(const Article& article, const std::string& file_term);
  void forget_spelling(Xapian::docid docid);
  void delete_file_documents(const std::string& file_term);
  void after_file(IndexListener& listener);
  void commit();
  void skip_file(const std::string& name, const std::string& why, IndexListener& listener);
  void index_file(const fs::path& path, const std::string& canonical, IndexListener& listener);
  void write_file(const FileContents& contents, const schema::FileState& state,
                  const std::optional<schema::FileState>& old);
  void walk(const fs::path& dir, const std::string& canonical, IndexListener& listener);
  bool first_visit(const fs::path& dir, IndexListener& listener);
  void remove_vanished(const std::vector<Root>& roots, IndexListener& listener);

  IndexOptions options;
  Analyzer analyzer;
  fs::path target;    // the database folder
  fs::path staging;   // where a new database is made (database_files.h)
  bool staged = false;  // `db` is open at `staging`, not yet in place
  Xapian::WritableDatabase replaced;  // during a rebuild, the database being replaced, held locked
  Xapian::WritableDatabase db;
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
  target = path;
  std::error_code ec;
  const bool exists = fs::exists(target, ec);
  if (exists && !fs::is_directory(target, ec)) {
    throw Error(Error::Kind::kDatabase, "database " + target.string() + " is not a folder");
  }
  const bool empty = !exists || fs::is_empty(target, ec);
  if (!empty && !options.rebuild) {
    db = indexer_detail::open_for_writing(target, Xapian::DB_OPEN);
    check_compatible();
    return;
  }
  // A new database, or a rebuild: made aside, and put in place only once committed (a rebuild on
  // the first commit(), until when searchers keep the old one).
  if (!empty && !indexer_detail::is_database_folder(target)) {
    throw Error(Error::Kind::kDatabase,
                "--rebuild: " + target.string() +
                    " holds files that are not a Xapian database; not replacing it");
  }
  if (!empty) {
    try {
      // Held open, so that no one writes it meanwhile.
      replaced = Xapian::WritableDatabase(target.string(), Xapian::DB_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
      throw Error(Error::Kind::kLocked,
                "database " + target.string() + " is locked by another indexer");
    } catch (const Xapian::DatabaseError&) {
      // Damaged or half made: replacing it is what --rebuild is for.
    }
  }
  staging = indexer_detail::staging_path(target);
  if (fs::exists(staging, ec) && !indexer_detail::is_database_folder(staging)) {
    throw Error(Error::Kind::kDatabase,
                staging.string() + " holds files that are not a Xapian database; move it away");
  }
  db = indexer_detail::open_for_writing(staging, Xapian::DB_CREATE_OR_OVERWRITE);
  db.set_metadata(std::string(schema::kAnalyzerKey), analyzer.version());
  db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
  db.commit();
  staged = true;
  if (empty) publish();  // nothing to keep: a valid, empty database from now on
}

void Indexer::Impl::check_compatible() const {
  const std::string ours = analyzer.version();
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

void Indexer::Impl::publish() {
  db.close();
  indexer_detail::move_into_place(staging, target);
  replaced.close();
  std::error_code ec;
  if (fs::exists(staging, ec) && indexer_detail::is_database_folder(staging)) {
    fs::remove_all(staging, ec);  // the old database; should this fail, --rebuild reuses the folder
  }
  staged = false;
  db = indexer_detail::open_for_writing(target, Xapian::DB_OPEN);
}

Indexer::~Indexer() = default;

void Indexer::add_article(const Article& article) {
  impl_->add(article, schema::file_term(article.path));
  if (impl_->pending >= impl_->options.batch_size) impl_->commit();
}

void Indexer::commit() {
  impl_->commit();
  if (impl_->staged) impl_->publish();
}

const IndexSummary& Indexer::summary() const { return impl_->summary; }

// Builds the document of an article, and when `words` is given, fills it with the article's spelling
// words (sorted, each once). Removing a document re-runs this on its stored article, so the words it
// removes are exactly those it added.
Xapian::Document Indexer::Impl::make_document(const Article& a, const std::string& file_term,
                                              SpellingWords* words) const {
  Xapian::Document doc;
  Xapian::termpos pos = 1;
  const bool exact = options.exact_forms;
  pos = index_text(doc, analyzer, a.title, pos, schema::kTitleWdf, schema::kTitlePrefix, exact, words);
  pos += schema::kFieldGap;
  if (!body_repeats_abstract(a)) {
    pos = index_text(doc, analyzer, a.abstract, pos, 1, {}, exact, words);
    pos += schema::kFieldGap;
  }
  index_text(doc, analyzer, a.body, pos, 1, {}, exact, words);
  if (words) {
    std::sort(words->begin(), words->end());
    words->erase(std::unique(words->begin(), words->end()), words->end());
  }
  for (const Token& token : analyzer.analyze(a.abstract.empty() ? a.body : a.abstract)) {
    if (token.position >= options.lead_words) break;
    if (!token.term.empty()) doc.add_term(schema::prefixed(schema::kLeadPrefix, token.term), lead_wdf(token.position));
  }

  for (const Token& token : analyzer.analyze(a.author)) {
    if (!token.term.empty()) doc.add_term(schema::prefixed(schema::kAuthorPrefix, token.term));
  }
  add_field_terms(doc, schema::kSourcePrefix, a.source);
  add_field_terms(doc, schema::kCategoryPrefix, a.category);
  if (a.date) {
    std::string day = format_ymd(*a.date);  // "2018-02-20" -> "20180220"
    std::erase(day, '-');
    doc.add_boolean_term(schema::prefixed(schema::kDayPrefix, day));
    doc.add_boolean_term(schema::prefixed(schema::kMonthPrefix, day.substr(0, 6)));
    doc.add_boolean_term(schema::prefixed(schema::kYearPrefix, day.substr(0, 4)));
    doc.add_value(schema::kDateSlot, Xapian::sortable_serialise(static_cast<double>(*a.date)));
    doc.add_value(schema::kYearSlot, day.substr(0, 4));
  }
  if (!a.source.empty()) doc.add_value(schema::kSourceSlot, a.source);
  if (!a.category.empty()) doc.add_value(schema::kCategorySlot, a.category);
  if (std::string key = schema::body_key(a); !key.empty()) doc.add_value(schema::kBodySlot, key);
  doc.add_boolean_term(schema::unique_id_term(a.id));
  if (!file_term.empty()) doc.add_boolean_term(file_term);  // empty: built for its words alone
  doc.set_data(schema::encode_article(a));
  return doc;
}

void Indexer::Impl::add(const Article& a, const std::string& file_term) {
  const std::string id_term = schema::unique_id_term(a.id);
  SpellingWords words;
  SpellingWords* spelling = options.spelling ? &words : nullptr;
  if (spelling && db.get_termfreq(id_term) > 0) {
    for (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term); ++p) forget_spelling(*p);
  }
  db.replace_document(id_term, make_document(a, file_term, spelling));
  for (const std::string& word : words) db.add_spelling(word, 1);
  ++summary.articles;
  ++pending;
}

// Takes the words of document `docid`, which is about to be deleted or replaced, out of the spelling
// table.
void Indexer::Impl::forget_spelling(Xapian::docid docid) {
  SpellingWords words;
  make_document(schema::decode_article(db.get_document(docid).get_data()), {}, &words);
  for (const std::string& word : words) db.remove_spelling(word, 1);
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
  db.commit();
  pending = 0;
  summary.documents = db.get_doccount();
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
      impl_->after_file(listener);
    }
    if (!impl_->cancelled()) roots.push_back({canonical, fs::is_directory(status)});
  }
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
      after_file(listener);
    } else {
      ++summary.files_ignored;
    }
  }
}

void Indexer::Impl::index_file(const fs::path& path, const std::string& canonical,
                               IndexListener& listener) {
  seen.insert(canonical);
  const std::string name = path.string();
  if (detect_format(path, {}) == Format::kUnsupported) {
    skip_file(name, read_file(path).error, listener);  // says why without reading the file
    return;
  }
  const std::string key = schema::file_state_key(canonical);
  std::optional<schema::FileState> old = schema::decode_file_state(db.get_metadata(key));
  if (old && old->path != canonical) old.reset();
  // A regular file whose times and size match its state is not opened. Anything else (a file that
  // cannot be looked at, a named pipe, a device) goes to the reader, which says what is wrong.
  struct stat st {};
  if (old && old->mtime_ns != 0 && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
      old->mtime_ns == nanoseconds(st.st_mtim) && old->ctime_ns == nanoseconds(st.st_ctim) &&
      old->size == static_cast<std::uint64_t>(st.st_size)) {
    ++summary.files_unchanged;
    return;
  }
  const FileBytes file = read_file_bytes(path);
  // Its earlier articles and state stay: an unreadable file may be readable again tomorrow.
  if (!file.error.empty()) return skip_file(name, file.error, listener);

  schema::FileState state;
  state.size = file.size;
  // (A recent ctime alone is no risk: a write would move the older mtime.)
  const bool racy = now_ns() - file.mtime_ns < kRacyNanoseconds;
  state.mtime_ns = racy ? 0 : file.mtime_ns;
  state.ctime_ns = racy ? 0 : file.ctime_ns;
  state.hash = schema::content_hash(file.bytes);  // of the bytes on disk: a .gz file's compressed ones
  state.path = canonical;
  if (old && old->hash == state.hash) {
    ++summary.files_unchanged;
    ++summary.files_touched;
    state.articles = old->articles;
    if (state != *old) {
      db.set_metadata(key, schema::encode_file_state(state));
      ++pending;
    }
    return;
  }

  const FileContents contents = parse_file(file.bytes, path);
  if (!contents.error.empty() || contents.articles.empty()) {
    skip_file(name, contents.error.empty() ? "no article in file" : contents.error, listener);
  }
  for (const RecordSkip& skip : contents.skipped) {
    ++summary.articles_skipped;
    ++summary.skip_reasons[short_reason(skip.reason)];
    listener.on_problem(name, "record " + std::to_string(skip.record + 1) + ": " + skip.reason, true);
  }
  for (const std::string& warning : contents.warnings) {
    ++summary.warnings;
    listener.on_problem(name, warning, false);
  }
  summary.unparsed_dates += contents.unparsed_dates;
  if (!contents.articles.empty()) ++summary.files;
  ++(old ? summary.files_updated : summary.files_added);
  state.articles = static_cast<std::uint32_t>(contents.articles.size());
  write_file(contents, state, old);
}

// Replaces the file's old articles by its new ones and records its state, as one unit: an
// unflushed transaction keeps Xapian from committing on its own in the middle of it.
void Indexer::Impl::write_file(const FileContents& contents, const schema::FileState& state,
                               const std::optional<schema::FileState>& old) {
  const std::string file_term = schema::file_term(state.path);
  std::set<std::string> old_ids;  // id terms of the articles the file had
  if (old) {
    for (auto p = db.postlist_begin(file_term); p != db.postlist_end(file_term); ++p) {
      Xapian::TermIterator t = db.termlist_begin(*p);
      t.skip_to(std::string(schema::kIdPrefix));
      if (t != db.termlist_end(*p) && (*t).starts_with(schema::kIdPrefix)) old_ids.insert(*t);
    }
  }
  db.begin_transaction(/*flushed=*/false);
  const Xapian::doccount before = db.get_termfreq(file_term);
  delete_file_documents(file_term);
  for (const Article& article : contents.articles) {
    old_ids.erase(schema::unique_id_term(article.id));
    add(article, file_term);
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
    for (auto k = db.metadata_keys_begin(key_prefix); k != db.metadata_keys_end(key_prefix); ++k) {
      const std::optional<schema::FileState> state = schema::decode_file_state(db.get_metadata(*k));
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
