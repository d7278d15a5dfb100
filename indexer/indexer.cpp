#include "fahras/indexer.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <system_error>
#include <utility>

#include <xapian.h>

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

// Adds the stemmed terms of `text` with positions starting at `base`; returns the next free position.
Xapian::termpos index_text(Xapian::Document& doc, const Analyzer& analyzer, std::string_view text,
                           Xapian::termpos base, Xapian::termcount wdf, std::string_view prefix) {
  Xapian::termpos last = base;
  for (const Token& token : analyzer.analyze(text)) {
    last = base + token.position;
    if (token.term.empty()) continue;
    doc.add_posting(token.term, last, wdf);
    if (!prefix.empty()) doc.add_posting(schema::prefixed(prefix, token.term), last, 1);
  }
  return last + 1;
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

}  // namespace

struct Indexer::Impl {
  explicit Impl(IndexOptions opts) : options(opts), analyzer(AnalyzerOptions{opts.stemmer}) {}

  void add(const Article& article);
  void commit();
  void read_one(const fs::path& path, IndexListener& listener);
  void walk(const fs::path& dir, IndexListener& listener);
  void skip(const fs::path& path, std::string_view reason, const std::string& message,
            IndexListener& listener);

  IndexOptions options;
  Analyzer analyzer;
  Xapian::WritableDatabase db;
  IndexSummary summary;
  // Folders walked so far, by (device, inode): a folder reached again through a symbolic link (a loop,
  // or two links to one folder) is not read twice.
  std::map<std::pair<dev_t, ino_t>, fs::path> walked;
  std::size_t uncommitted = 0;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

Indexer::Indexer(const fs::path& db_path, IndexOptions options)
    : impl_(std::make_unique<Impl>(options)) {
  const int action = options.rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
  try {
    impl_->db = Xapian::WritableDatabase(db_path.string(), action);
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(Error::Kind::kLocked,
                "database " + db_path.string() + " is locked by another indexer");
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error(Error::Kind::kDatabase,
                "cannot open or create database " + db_path.string() + ": " + e.get_msg());
  }
  const std::string ours = impl_->analyzer.version();
  const std::string theirs = impl_->db.get_metadata(std::string(schema::kAnalyzerKey));
  if (impl_->db.get_doccount() > 0 && theirs != ours) {
    throw Error(Error::Kind::kDatabase,
                "database " + db_path.string() + " was built with analyser '" +
                    (theirs.empty() ? "unknown" : theirs) + "', not '" + ours +
                    "': re-index it with --rebuild");
  }
  impl_->db.set_metadata(std::string(schema::kAnalyzerKey), ours);
  impl_->db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
}

Indexer::~Indexer() = default;

void Indexer::add_article(const Article& article) { impl_->add(article); }

void Indexer::commit() { impl_->commit(); }

const IndexSummary& Indexer::summary() const { return impl_->summary; }

void Indexer::Impl::add(const Article& a) {
  Xapian::Document doc;
  Xapian::termpos pos = 1;
  pos = index_text(doc, analyzer, a.title, pos, schema::kTitleWdf, schema::kTitlePrefix);
  pos += schema::kFieldGap;
  if (!body_repeats_abstract(a)) {
    pos = index_text(doc, analyzer, a.abstract, pos, 1, {});
    pos += schema::kFieldGap;
  }
  index_text(doc, analyzer, a.body, pos, 1, {});

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
  }
  const std::string id_term = schema::unique_id_term(a.id);
  doc.add_boolean_term(id_term);
  doc.add_boolean_term(schema::file_term(a.path));
  doc.set_data(schema::encode_article(a));

  db.replace_document(id_term, doc);
  ++summary.articles;
  if (++uncommitted >= options.batch_size) commit();
}

void Indexer::Impl::commit() {
  db.commit();
  uncommitted = 0;
  summary.documents = db.get_doccount();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

void Indexer::add_paths(const std::vector<fs::path>& paths, IndexListener& listener) {
  for (const fs::path& path : paths) {
    if (impl_->options.cancel && impl_->options.cancel->load()) break;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      impl_->skip(path, "cannot read", ec ? ec.message() : "no such file or folder", listener);
    } else if (fs::is_directory(status)) {
      impl_->walk(path, listener);
    } else {
      impl_->read_one(path, listener);
    }
  }
  impl_->summary.cancelled = impl_->options.cancel && impl_->options.cancel->load();
  impl_->summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - impl_->started).count();
}

void Indexer::Impl::skip(const fs::path& path, std::string_view reason, const std::string& message,
                         IndexListener& listener) {
  ++summary.files_skipped;
  ++summary.skip_reasons[std::string(reason)];
  listener.on_problem(path.string(), message, true);
}

void Indexer::Impl::walk(const fs::path& dir, IndexListener& listener) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) {
    const std::string why = std::error_code(errno, std::generic_category()).message();
    skip(dir, "cannot read folder", "cannot read folder: " + why, listener);
    return;
  }
  const auto [seen, first_visit] = walked.emplace(std::pair(info.st_dev, info.st_ino), dir);
  if (!first_visit) {
    // Not an error: nothing is lost, every article under it is read (or was) through the other path.
    ++summary.warnings;
    const std::string first = seen->second.string();
    const std::string here = dir.string();
    const bool loop = here.size() > first.size() && here.starts_with(first) && here[first.size()] == '/';
    std::string message = loop ? "symbolic link loop back to " : "same folder as ";
    message += first;
    message += ", not read again";
    listener.on_problem(here, message, false);
    return;
  }
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) {
    skip(dir, "cannot read folder", "cannot read folder: " + ec.message(), listener);
    return;
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const fs::directory_entry& entry : entries) {
    if (options.cancel && options.cancel->load()) return;
    if (is_hidden(entry.path())) continue;
    std::error_code type_ec;
    // Follows symbolic links: a link to a folder is walked (once, see `walked`); a broken link or a
    // file that vanished since the listing is reported by read_one when it has an article's name.
    if (entry.is_directory(type_ec)) {
      walk(entry.path(), listener);
    } else if (is_article_path(entry.path())) {
      read_one(entry.path(), listener);
    } else {
      ++summary.files_ignored;
    }
  }
}

void Indexer::Impl::read_one(const fs::path& path, IndexListener& listener) {
  FileContents contents = read_file(path);
  const std::string name = path.string();
  if (!contents.error.empty() || contents.articles.empty()) {
    const std::string why = contents.error.empty() ? "no article in file" : contents.error;
    ++summary.files_skipped;
    ++summary.skip_reasons[short_reason(why)];
    listener.on_problem(name, why, true);
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
  for (const Article& article : contents.articles) add(article);
  listener.on_file_done(summary);
}

}  // namespace fahras
