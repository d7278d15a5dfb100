// The Python module `fahras` (its compiled part, fahras._fahras): the Searcher, the Indexer and the
// Analyzer of the C++ library, for scripts. python/fahras/__init__.py re-exports it; docs/python.md
// is the guide.
//
// Conversions live here and nowhere else: Python arguments become the library's option structs
// (bad ones raise ValueError naming the argument), its plain result structs become read-only Python
// objects, and fahras::Error and Xapian::Error become the fahras.Error hierarchy, with the one-line
// message the command-line tools print.
//
// Threads: the GIL is released while the library works (searching, counting, reading an article,
// analysing, indexing), so Python threads search in parallel. A Searcher or an Analyzer is not
// thread-safe, so a Database keeps a pool of Searchers (one per thread searching at the moment) and
// each thread analyses with its own Analyzer. An Indexer is one writer: its calls are serialised.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/article.h"
#include "fahras/date.h"
#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/query.h"
#include "fahras/searcher.h"
#include "fahras/snippet.h"

namespace py = pybind11;
using namespace py::literals;

namespace fahras::python {
namespace {

// ---- Errors ----------------------------------------------------------------------------------

// The exception classes, made once by the module's init and never freed (they live as long as the
// interpreter, and a static py::object would be released after it).
struct Exceptions {
  PyObject* base = nullptr;         // fahras.Error
  PyObject* usage = nullptr;        // fahras.UsageError, also a ValueError
  PyObject* query = nullptr;        // fahras.QueryError, also a ValueError
  PyObject* database = nullptr;     // fahras.DatabaseError
  PyObject* locked = nullptr;       // fahras.LockedError (a DatabaseError)
  PyObject* io = nullptr;           // fahras.FileError, also an OSError
  PyObject* unavailable = nullptr;  // fahras.UnavailableError (a DatabaseError)
};
Exceptions exceptions;

PyObject* new_exception(py::module_& m, const char* name, std::vector<PyObject*> bases,
                        const char* doc) {
  py::tuple base_tuple(bases.size());
  for (std::size_t i = 0; i < bases.size(); ++i) base_tuple[i] = py::reinterpret_borrow<py::object>(bases[i]);
  const std::string qualified = std::string("fahras.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base_tuple.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(type));
  return type;
}

PyObject* exception_for(Error::Kind kind) {
  switch (kind) {
    case Error::Kind::kUsage: return exceptions.usage;
    case Error::Kind::kBadQuery: return exceptions.query;
    case Error::Kind::kDatabase: return exceptions.database;
    case Error::Kind::kLocked: return exceptions.locked;
    case Error::Kind::kIo: return exceptions.io;
    case Error::Kind::kUnavailable: return exceptions.unavailable;
  }
  return exceptions.base;
}

void translate(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const Error& e) {
    PyErr_SetString(exception_for(e.kind()), e.what());
  } catch (const Xapian::DatabaseLockError& e) {
    PyErr_SetString(exceptions.locked, e.get_description().c_str());
  } catch (const Xapian::NetworkError& e) {
    PyErr_SetString(exceptions.unavailable, e.get_description().c_str());
  } catch (const Xapian::Error& e) {
    PyErr_SetString(exceptions.database, e.get_description().c_str());
  }
}

// ---- Conversions -----------------------------------------------------------------------------

// Text from the database as a str. Stored text is UTF-8; a stray invalid byte becomes U+FFFD, as
// the JSON printer replaces it, rather than making the whole result unreadable.
py::str to_str(std::string_view text) {
  PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

// Characters (code points: Python str indices) in the UTF-8 text before byte `offset`.
std::size_t char_offset(std::string_view text, std::size_t offset) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars;
}

py::object datetime_of(std::optional<std::int64_t> seconds) {
  if (!seconds) return py::none();
  // Leaked on purpose: a static py::object would be released after the interpreter is gone.
  static const py::handle utc = py::object(py::module_::import("datetime").attr("timezone").attr("utc")).release();
  static const py::handle from_timestamp =
      py::object(py::module_::import("datetime").attr("datetime").attr("fromtimestamp")).release();
  return from_timestamp(*seconds, utc);
}

// A time given as seconds since the epoch (int), a datetime (naive ones are UTC), a date, or a
// string as fahras-search --since takes it ("2018", "2018-03", "2018-03-05", ISO 8601). A date or a
// partial date stands for its first second, or with `end_of_period` its last (until="2018-03"
// includes all of March).
std::optional<std::int64_t> seconds_of(const py::handle& value, const char* name, bool end_of_period) {
  if (value.is_none()) return std::nullopt;
  if (py::isinstance<py::bool_>(value)) throw py::value_error(std::string(name) + ": a date, not a bool");
  if (py::isinstance<py::int_>(value)) return value.cast<std::int64_t>();
  if (py::isinstance<py::str>(value)) {
    const std::string text = value.cast<std::string>();
    if (auto seconds = parse_iso_date(text, end_of_period)) return seconds;
    throw py::value_error(std::string(name) + ": '" + text +
                          "' is not a date (2018, 2018-03, 2018-03-05 or ISO 8601)");
  }
  py::module_ datetime = py::module_::import("datetime");
  py::object timegm = py::module_::import("calendar").attr("timegm");
  if (py::isinstance(value, datetime.attr("datetime"))) {
    return timegm(value.attr("utctimetuple")()).cast<std::int64_t>();
  }
  if (py::isinstance(value, datetime.attr("date"))) {
    const auto start = timegm(value.attr("timetuple")()).cast<std::int64_t>();
    return end_of_period ? start + 86399 : start;
  }
  throw py::value_error(std::string(name) + ": expected an int (seconds), a datetime, a date or a "
                        "string, not " + py::str(value.get_type().attr("__name__")).cast<std::string>());
}

// One string or an iterable of them (source="BBC", source=["BBC", "CNN"]).
std::vector<std::string> strings_of(const py::handle& value, const char* name) {
  if (value.is_none()) return {};
  if (py::isinstance<py::str>(value)) return {value.cast<std::string>()};
  const auto wrong = [&] { return py::value_error(std::string(name) + ": expected a string or a list of strings"); };
  if (!py::isinstance<py::iterable>(value)) throw wrong();
  std::vector<std::string> out;
  for (const py::handle item : value) {
    if (!py::isinstance<py::str>(item)) throw wrong();
    out.push_back(item.cast<std::string>());
  }
  return out;
}

std::size_t count_of(py::ssize_t value, const char* name) {
  if (value < 0) throw py::value_error(std::string(name) + " must be 0 or more, not " + std::to_string(value));
  return static_cast<std::size_t>(value);
}

StemmerKind stemmer_of(const std::string& name) {
  if (name == "light") return StemmerKind::kLight;
  if (name == "snowball") return StemmerKind::kSnowball;
  if (name == "none") return StemmerKind::kNone;
  throw py::value_error("stemmer: '" + name + "' is not one of light, snowball, none");
}

py::dict article_dict(const Article& a) {
  py::dict d;
  d["id"] = to_str(a.id);
  d["title"] = to_str(a.title);
  d["abstract"] = to_str(a.abstract);
  d["body"] = to_str(a.body);
  d["source"] = to_str(a.source);
  d["category"] = to_str(a.category);
  d["author"] = to_str(a.author);
  d["url"] = to_str(a.url);
  d["date"] = datetime_of(a.date);
  d["path"] = to_str(a.path);
  return d;
}

// An article given as a dict with the keys article_dict() gives (only "id" is required). Unknown
// keys are an error, so that a misspelt one ("titel") does not index an article without a title.
Article article_of(const py::dict& d) {
  Article a;
  const std::map<std::string, std::string*> text_fields = {
      {"id", &a.id},         {"title", &a.title},   {"abstract", &a.abstract}, {"body", &a.body},
      {"source", &a.source}, {"category", &a.category}, {"author", &a.author}, {"url", &a.url},
      {"path", &a.path}};
  for (const auto& [key, value] : d) {
    if (!py::isinstance<py::str>(key)) throw py::value_error("article: keys must be strings");
    const std::string name = key.cast<std::string>();
    if (name == "date") {
      a.date = seconds_of(value, "article date", false);
      continue;
    }
    const auto field = text_fields.find(name);
    if (field == text_fields.end()) {
      throw py::value_error("article: unknown key '" + name +
                            "' (id, title, abstract, body, source, category, author, url, date, path)");
    }
    if (value.is_none()) continue;
    if (!py::isinstance<py::str>(value)) throw py::value_error("article " + name + ": expected a string");
    *field->second = value.cast<std::string>();
  }
  if (a.id.empty()) throw py::value_error("article: 'id' is required and must not be empty");
  if (a.path.empty()) a.path = "python:" + a.id;  // its file term (add_article): never a real file
  return a;
}

// ---- Database --------------------------------------------------------------------------------

// A Database: what fahras.open() returns. Searchers over the same databases, lent to one thread at
// a time; as many as threads have searched at once.
class Database {
 private:
  struct Pooled {
    std::unique_ptr<Searcher> searcher;
    std::uint64_t generation = 0;  // of reopen() calls, when it last moved to the latest revision
  };

 public:
  Database(std::vector<std::string> paths, OpenOptions open, bool auto_reopen)
      : paths_(std::move(paths)), open_(open), auto_reopen_(auto_reopen) {
    py::gil_scoped_release unlocked;
    idle_.push_back({std::make_unique<Searcher>(paths_, open_), generation_.load()});
  }

  // A Searcher lent to the calling thread; given back when destroyed, unless the search failed in
  // a way that may have left its Xapian handles unusable (as the server drops one).
  class Lease {
   public:
    explicit Lease(Database& db) : db_(db) {
      {
        const std::lock_guard lock(db_.mutex_);
        if (db_.closed_) throw Error(Error::Kind::kUsage, "the database is closed");
        if (!db_.idle_.empty()) {
          pooled_ = std::move(db_.idle_.back());
          db_.idle_.pop_back();
        }
      }
      if (!pooled_.searcher) {
        pooled_ = {std::make_unique<Searcher>(db_.paths_, db_.open_), db_.generation_.load()};
      } else if (db_.auto_reopen_ || pooled_.generation != db_.generation_.load()) {
        pooled_.generation = db_.generation_.load();
        pooled_.searcher->reopen();
      }
    }
    ~Lease() {
      if (!pooled_.searcher || discard_) return;
      const std::lock_guard lock(db_.mutex_);
      if (!db_.closed_) db_.idle_.push_back(std::move(pooled_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    Searcher& operator*() { return *pooled_.searcher; }
    Searcher* operator->() { return pooled_.searcher.get(); }
    void discard() { discard_ = true; }

   private:
    Database& db_;
    Pooled pooled_;
    bool discard_ = false;
  };

  template <typename F>
  auto with_searcher(F&& f) {
    py::gil_scoped_release unlocked;
    Lease lease(*this);
    try {
      return f(*lease);
    } catch (const Error& e) {
      if (e.kind() != Error::Kind::kUsage && e.kind() != Error::Kind::kBadQuery) lease.discard();
      throw;
    } catch (...) {
      lease.discard();
      throw;
    }
  }

  SearchResults search(const std::string& query, const SearchOptions& options) {
    return with_searcher([&](Searcher& s) { return s.search(query, options); });
  }

  std::optional<Article> get(const std::string& id) {
    return with_searcher([&](Searcher& s) { return s.article(id); });
  }

  std::uint64_t size() {
    return with_searcher([&](Searcher& s) { return s.document_count(); });
  }

  std::string analyzer_version() {
    return with_searcher([&](Searcher& s) { return s.analyzer().version(); });
  }

  std::vector<Token> analyze(const std::string& text) {
    return with_searcher([&](Searcher& s) { return s.analyzer().analyze(text); });
  }

  // Every Searcher moves to the latest revision before its next search (the one lent now, when it
  // is given back); this thread's at once, so that errors show here.
  void reopen() {
    ++generation_;
    with_searcher([](Searcher&) { return 0; });
  }

  void close() {
    std::vector<Pooled> dropped;
    {
      const std::lock_guard lock(mutex_);
      closed_ = true;
      dropped.swap(idle_);
    }
    py::gil_scoped_release unlocked;
    dropped.clear();
  }

  const std::vector<std::string>& paths() const { return paths_; }
  bool closed() {
    const std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  const std::vector<std::string> paths_;
  const OpenOptions open_;
  const bool auto_reopen_;
  std::atomic<std::uint64_t> generation_{0};
  std::mutex mutex_;
  std::vector<Pooled> idle_;
  bool closed_ = false;
};

SearchOptions search_options(py::ssize_t limit, py::ssize_t offset, const py::object& since,
                             const py::object& until, const std::string& sort, bool facets,
                             const py::object& source, const py::object& category, bool all_words,
                             bool plain, bool snippets, bool highlights, py::ssize_t snippet_bytes,
                             bool collapse, bool exact_count, bool suggest, bool variants) {
  SearchOptions o;
  o.limit = count_of(limit, "limit");
  o.offset = count_of(offset, "offset");
  o.since = seconds_of(since, "since", false);
  o.until = seconds_of(until, "until", true);
  if (o.since && o.until && *o.since > *o.until) throw py::value_error("since is after until");
  const auto order = parse_sort_order(sort);
  if (!order) throw py::value_error("sort: '" + sort + "' is not one of relevance, newest (date), oldest");
  o.sort = *order;
  o.facets = facets;
  o.sources = strings_of(source, "source");
  o.categories = strings_of(category, "category");
  o.default_operator = all_words ? DefaultOperator::kAnd : DefaultOperator::kOr;
  o.syntax = plain ? QuerySyntax::kPlain : QuerySyntax::kFull;
  o.snippets = snippets;
  o.highlights = highlights;
  o.snippet.max_bytes = count_of(snippet_bytes, "snippet_bytes");
  if (o.snippet.max_bytes == 0) throw py::value_error("snippet_bytes must be 1 or more");
  o.collapse = collapse;
  o.exact_count = exact_count;
  o.suggest = suggest;
  o.variants = variants;
  return o;
}

std::vector<std::string> paths_of(const py::object& where) {
  std::vector<std::string> paths;
  const py::object fspath = py::module_::import("os").attr("fspath");
  if (py::isinstance<py::str>(where) || py::hasattr(where, "__fspath__")) {
    paths.push_back(py::str(fspath(where)).cast<std::string>());
  } else {
    try {
      for (const py::handle item : where) paths.push_back(py::str(fspath(item)).cast<std::string>());
    } catch (const py::error_already_set&) {
      throw py::value_error("open: expected a path, a tcp:// address, or a list of them");
    }
  }
  if (paths.empty()) throw py::value_error("open: no database given");
  return paths;
}

std::chrono::milliseconds millis_of(double seconds, const char* name) {
  if (!(seconds > 0)) throw py::value_error(std::string(name) + " must be more than 0 seconds");
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

// ---- Indexer ---------------------------------------------------------------------------------

// Collects what add_paths() reports, for the summary index_paths() returns (a Python callback would
// need the GIL in the middle of the run).
class CollectingListener : public IndexListener {
 public:
  struct Problem {
    std::string path;
    std::string message;
    bool skipped = false;
  };
  void on_problem(std::string_view path, std::string_view message, bool skipped) override {
    problems.push_back({std::string(path), std::string(message), skipped});
  }
  std::vector<Problem> problems;
};

class PyIndexer {
 public:
  PyIndexer(const std::string& path, const IndexOptions& options) {
    py::gil_scoped_release unlocked;
    indexer_ = std::make_unique<Indexer>(path, options);
  }

  template <typename F>
  auto locked(F&& f) {
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(mutex_);
    if (!indexer_) throw Error(Error::Kind::kUsage, "the indexer is closed");
    return f(*indexer_);
  }

  void add(const py::dict& article) {
    const Article a = article_of(article);
    locked([&](Indexer& ix) { ix.add_article(a); });
  }
  void remove(const std::string& id) {
    if (id.empty()) throw py::value_error("delete: the id must not be empty");
    locked([&](Indexer& ix) { ix.remove_article(id); });
  }
  py::dict index_paths(const py::object& paths) {
    std::vector<std::filesystem::path> list;
    for (const std::string& p : paths_of(paths)) list.emplace_back(p);
    CollectingListener listener;
    const IndexSummary summary = locked([&](Indexer& ix) {
      ix.add_paths(list, listener);
      return ix.summary();
    });
    py::dict d = summary_dict(summary);
    py::list problems;
    for (const auto& p : listener.problems) {
      problems.append(py::dict("path"_a = to_str(p.path), "message"_a = to_str(p.message),
                               "skipped"_a = p.skipped));
    }
    d["problems"] = problems;
    return d;
  }
  void commit() {
    locked([](Indexer& ix) { ix.commit(); });
  }
  py::dict summary() {
    return summary_dict(locked([](Indexer& ix) { return ix.summary(); }));
  }
  // Without commit() (the library's Indexer is destroyed: its Xapian databases close).
  void close() {
    std::unique_ptr<Indexer> gone;
    {
      py::gil_scoped_release unlocked;
      const std::lock_guard lock(mutex_);
      gone = std::move(indexer_);
      gone.reset();
    }
  }

  static py::dict summary_dict(const IndexSummary& s) {
    py::dict skip_reasons;
    for (const auto& [reason, n] : s.skip_reasons) skip_reasons[to_str(reason)] = n;
    return py::dict("files_added"_a = s.files_added, "files_updated"_a = s.files_updated,
                    "files_unchanged"_a = s.files_unchanged, "files_touched"_a = s.files_touched,
                    "files_removed"_a = s.files_removed, "articles_removed"_a = s.articles_removed,
                    "files"_a = s.files, "files_skipped"_a = s.files_skipped,
                    "files_ignored"_a = s.files_ignored, "articles"_a = s.articles,
                    "articles_skipped"_a = s.articles_skipped, "unparsed_dates"_a = s.unparsed_dates,
                    "warnings"_a = s.warnings, "skip_reasons"_a = skip_reasons,
                    "documents"_a = s.documents, "seconds"_a = s.seconds);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<Indexer> indexer_;
};

// ---- The analyser ----------------------------------------------------------------------------

// This thread's Analyzer for `options` (an Analyzer must not be shared between threads).
const Analyzer& thread_analyzer(const AnalyzerOptions& options) {
  thread_local std::map<std::tuple<int, bool, bool>, Analyzer> analyzers;
  const auto key = std::make_tuple(static_cast<int>(options.stemmer), options.stopwords, options.fold_hamza);
  auto it = analyzers.find(key);
  if (it == analyzers.end()) it = analyzers.emplace(key, Analyzer(options)).first;
  return it->second;
}

const char* script_name(Script s) {
  switch (s) {
    case Script::kArabic: return "arabic";
    case Script::kLatin: return "latin";
    case Script::kNumber: return "number";
    case Script::kOther: return "other";
  }
  return "other";
}

// A Token as Python sees it: with its text and character offsets beside the byte ones.
struct PyToken {
  std::string text;
  std::string normalized;
  std::string term;
  std::size_t start = 0, end = 0;            // UTF-8 bytes
  std::size_t char_start = 0, char_end = 0;  // str indices
  std::uint32_t position = 0;
  const char* script = "";
  bool stopword = false;
};

// Tokens are in text order, so one pass over the text counts their characters.
std::vector<PyToken> py_tokens(const std::string& text, const std::vector<Token>& tokens) {
  std::vector<PyToken> out;
  out.reserve(tokens.size());
  std::size_t byte = 0, chars = 0;
  const auto chars_at = [&](std::size_t offset) {
    if (offset < byte) {  // a ligature's words share offsets: count again from the start
      byte = 0;
      chars = 0;
    }
    chars += char_offset(std::string_view(text).substr(byte), offset - byte);
    byte = offset;
    return chars;
  };
  for (const Token& t : tokens) {
    const std::size_t char_begin = chars_at(t.begin);
    const std::size_t char_end = chars_at(t.end);
    out.push_back({text.substr(t.begin, t.end - t.begin), t.normalized, t.term, t.begin, t.end, char_begin,
                   char_end, t.position, script_name(t.script), t.stopword});
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_fahras, m) {
  m.doc() = "Fahras, full-text search for Arabic news: the compiled part (see the package fahras).";

  exceptions.base = new_exception(m, "Error", {PyExc_Exception}, "Any error of Fahras.");
  exceptions.usage = new_exception(m, "UsageError", {exceptions.base, PyExc_ValueError},
                                   "A bad option or argument.");
  exceptions.query = new_exception(m, "QueryError", {exceptions.base, PyExc_ValueError},
                                   "The query cannot be parsed or has nothing to search for.");
  exceptions.database = new_exception(m, "DatabaseError", {exceptions.base},
                                      "A missing, corrupt or incompatible database.");
  exceptions.locked = new_exception(m, "LockedError", {exceptions.database},
                                    "The database is locked by another writer.");
  exceptions.io = new_exception(m, "FileError", {exceptions.base, PyExc_OSError},
                                "A file cannot be read or written.");
  exceptions.unavailable = new_exception(m, "UnavailableError", {exceptions.database},
                                         "A remote database cannot be reached or did not answer in time.");
  py::register_exception_translator(&translate);

  py::class_<Snippet>(m, "Snippet",
                      "A text with the words that matched the query marked. highlights: (start, end) UTF-8 "
                      "byte offsets into text, as the JSON output has them; spans: the same as str "
                      "indices (text[start:end] is the word).")
      .def_property_readonly("text", [](const Snippet& s) { return to_str(s.text); })
      .def_property_readonly("highlights",
                             [](const Snippet& s) {
                               py::list out;
                               for (const Highlight& h : s.highlights) out.append(py::make_tuple(h.start, h.end));
                               return out;
                             })
      .def_property_readonly("spans",
                             [](const Snippet& s) {
                               py::list out;
                               std::size_t byte = 0, chars = 0;
                               for (const Highlight& h : s.highlights) {
                                 chars += char_offset(std::string_view(s.text).substr(byte), h.start - byte);
                                 const std::size_t begin = chars;
                                 chars += char_offset(std::string_view(s.text).substr(h.start), h.end - h.start);
                                 byte = h.end;
                                 out.append(py::make_tuple(begin, chars));
                               }
                               return out;
                             })
      .def("marked",
           [](const Snippet& s, const std::string& before, const std::string& after) {
             std::string out;
             std::size_t at = 0;
             for (const Highlight& h : s.highlights) {
               out.append(s.text, at, h.start - at).append(before).append(s.text, h.start, h.end - h.start).append(after);
               at = h.end;
             }
             out.append(s.text, at);
             return to_str(out);
           },
           "before"_a = "[", "after"_a = "]", "The text with each highlighted word between before and after.")
      .def("__str__", [](const Snippet& s) { return to_str(s.text); })
      .def("__repr__", [](const Snippet& s) {
        return py::str("Snippet({!r}, highlights={!r})").format(to_str(s.text), py::len(py::cast(s).attr("highlights")));
      });

  py::class_<PyToken>(m, "Token",
                      "A word as the analyser sees it. start/end: UTF-8 byte offsets into the text analysed; "
                      "char_start/char_end: the same as str indices; term: the indexed form (normalised, then "
                      "stemmed; '' for a stopword); normalized: normalised, not stemmed.")
      .def_property_readonly("text", [](const PyToken& t) { return to_str(t.text); })
      .def_property_readonly("normalized", [](const PyToken& t) { return to_str(t.normalized); })
      .def_property_readonly("term", [](const PyToken& t) { return to_str(t.term); })
      .def_readonly("start", &PyToken::start)
      .def_readonly("end", &PyToken::end)
      .def_readonly("char_start", &PyToken::char_start)
      .def_readonly("char_end", &PyToken::char_end)
      .def_readonly("position", &PyToken::position)
      .def_readonly("script", &PyToken::script, "arabic, latin, number or other")
      .def_readonly("stopword", &PyToken::stopword)
      .def("__repr__", [](const PyToken& t) {
        return py::str("Token({!r}, normalized={!r}, term={!r}, start={}, end={})")
            .format(to_str(t.text), to_str(t.normalized), to_str(t.term), t.start, t.end);
      });

  py::class_<Hit>(m, "Hit", "One result: the fields of the JSON output's match message.")
      .def_readonly("rank", &Hit::rank, "1-based, counting from the first result of the whole list")
      .def_property_readonly("id", [](const Hit& h) { return to_str(h.id); })
      .def_readonly("score", &Hit::score)
      .def_readonly("title", &Hit::title, "a Snippet: the whole title, matching words marked")
      .def_property_readonly("source", [](const Hit& h) { return to_str(h.source); })
      .def_property_readonly("category", [](const Hit& h) { return to_str(h.category); })
      .def_property_readonly("author", [](const Hit& h) { return to_str(h.author); })
      .def_property_readonly("date", [](const Hit& h) { return datetime_of(h.date); },
                             "an aware datetime in UTC, or None")
      .def_readonly("timestamp", &Hit::date, "seconds since the epoch, or None")
      .def_property_readonly("url", [](const Hit& h) { return to_str(h.url); })
      .def_property_readonly("path", [](const Hit& h) { return to_str(h.path); })
      .def_readonly("snippet", &Hit::snippet, "a Snippet (empty with snippets=False)")
      .def("__repr__", [](const Hit& h) {
        return py::str("<Hit {} {} {:.3f}>").format(h.rank, to_str(h.id), h.score);
      });

  py::class_<SearchResults>(m, "Results",
                            "The answer to one query. count: the number of matches, exact when `exact` "
                            "(else Xapian's estimate); iterating gives the hits.")
      .def_property_readonly("query", [](const SearchResults& r) { return to_str(r.query); })
      .def_property_readonly("parsed", [](const SearchResults& r) { return to_str(r.parsed); })
      .def_readonly("count", &SearchResults::estimated)
      .def_readonly("exact", &SearchResults::exact)
      .def_readonly("repeats", &SearchResults::repeats)
      .def_readonly("hits", &SearchResults::hits)
      .def_readonly("warnings", &SearchResults::warnings)
      .def_property_readonly("elapsed", [](const SearchResults& r) {
        return std::chrono::duration<double>(r.elapsed).count();
      }, "seconds")
      .def_property_readonly("variants", [](const SearchResults& r) {
        py::list out;
        for (const WordVariants& w : r.variants) {
          py::list spellings;
          for (const std::string& v : w.variants) spellings.append(to_str(v));
          out.append(py::make_tuple(to_str(w.word), spellings));
        }
        return out;
      }, "(query word, [spellings it searched too]) per word that searched the spellings of a name")
      .def_property_readonly("suggestion", [](const SearchResults& r) -> py::object {
        if (r.suggestion.empty()) return py::none();
        return to_str(r.suggestion);
      }, "the corrected query (suggest=True), or None")
      .def_property_readonly("facets", [](const SearchResults& r) -> py::object {
        if (!r.facets) return py::none();
        const auto counts = [](const std::vector<FacetCount>& v) {
          py::list out;
          for (const FacetCount& c : v) out.append(py::make_tuple(to_str(c.value), c.count));
          return out;
        };
        return py::dict("source"_a = counts(r.facets->sources), "category"_a = counts(r.facets->categories),
                        "year"_a = counts(r.facets->years));
      }, "with facets=True: {'source': [(value, count), ...], 'category': [...], 'year': [...]}, "
         "most first (years newest first); else None")
      .def("__len__", [](const SearchResults& r) { return r.hits.size(); })
      .def("__iter__", [](const SearchResults& r) { return py::make_iterator(r.hits.begin(), r.hits.end()); },
           py::keep_alive<0, 1>())
      .def("__getitem__", [](const SearchResults& r, py::ssize_t i) -> const Hit& {
        const auto n = static_cast<py::ssize_t>(r.hits.size());
        if (i < 0) i += n;
        if (i < 0 || i >= n) throw py::index_error("result index out of range");
        return r.hits[static_cast<std::size_t>(i)];
      }, py::return_value_policy::reference_internal)
      .def("__repr__", [](const SearchResults& r) {
        return py::str("<Results {!r}: {} of {}{}>").format(to_str(r.query), r.hits.size(),
                                                            r.exact ? "" : "about ", r.estimated);
      });

  py::class_<Database>(m, "Database",
                       "An open Fahras database (or several searched as one). Made by fahras.open(); "
                       "safe to share between threads.")
      .def(py::init([](const py::object& where, double timeout, double connect_timeout, bool allow_partial,
                       bool auto_reopen) {
             OpenOptions open;
             open.timeout = millis_of(timeout, "timeout");
             open.connect_timeout = millis_of(connect_timeout, "connect_timeout");
             open.allow_partial = allow_partial;
             return std::make_unique<Database>(paths_of(where), open, auto_reopen);
           }),
           "path"_a, py::kw_only(), "timeout"_a = 10.0, "connect_timeout"_a = 2.0, "allow_partial"_a = false,
           "auto_reopen"_a = true)
      .def("search",
           [](Database& db, const std::string& query, py::ssize_t limit, py::ssize_t offset,
              const py::object& since, const py::object& until, const std::string& sort, bool facets,
              const py::object& source, const py::object& category, bool all_words, bool plain,
              bool snippets, bool highlights, py::ssize_t snippet_bytes, bool collapse, bool exact_count,
              bool suggest, bool variants) {
             return db.search(query, search_options(limit, offset, since, until, sort, facets, source, category,
                                                    all_words, plain, snippets, highlights, snippet_bytes,
                                                    collapse, exact_count, suggest, variants));
           },
           "query"_a, py::kw_only(), "limit"_a = 10, "offset"_a = 0, "since"_a = py::none(),
           "until"_a = py::none(), "sort"_a = "relevance", "facets"_a = false, "source"_a = py::none(),
           "category"_a = py::none(), "all_words"_a = false, "plain"_a = false, "snippets"_a = true,
           "highlights"_a = true, "snippet_bytes"_a = 320, "collapse"_a = false, "exact_count"_a = false,
           "suggest"_a = false, "variants"_a = true)
      .def("count",
           [](Database& db, const std::string& query, const py::object& since, const py::object& until,
              const py::object& source, const py::object& category, bool all_words, bool plain, bool collapse,
              bool variants) {
             // A page of no results is counted exactly (SearchResults::exact).
             SearchOptions o = search_options(0, 0, since, until, "relevance", false, source, category, all_words,
                                              plain, false, false, 320, collapse, true, false, variants);
             return db.search(query, o).estimated;
           },
           "query"_a, py::kw_only(), "since"_a = py::none(), "until"_a = py::none(), "source"_a = py::none(),
           "category"_a = py::none(), "all_words"_a = false, "plain"_a = false, "collapse"_a = false,
           "variants"_a = true, "The exact number of articles matching the query.")
      .def("get",
           [](Database& db, const std::string& id) -> py::object {
             const std::optional<Article> a = db.get(id);
             if (!a) return py::none();
             return article_dict(*a);
           },
           "id"_a, "The stored article whose id is `id`, as a dict, or None.")
      .def("analyze",
           [](Database& db, const std::string& text) { return py_tokens(text, db.analyze(text)); },
           "text"_a, "Tokens of `text` as the database's own analyser makes them.")
      .def_property_readonly("analyzer_version", &Database::analyzer_version)
      .def_property_readonly("paths", &Database::paths)
      .def_property_readonly("closed", &Database::closed)
      .def("reopen", &Database::reopen, "Moves to the latest revision an indexer has committed.")
      .def("close", &Database::close)
      .def("__len__", &Database::size)
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](Database& db, const py::args&) {
        db.close();
        return false;
      });

  py::class_<PyIndexer>(m, "Indexer",
                        "The one writer of a database: adds, replaces and deletes articles, indexes files "
                        "and folders as fahras-index does. Nothing is visible to searchers before commit().")
      .def(py::init([](const py::object& path, const std::string& stemmer, bool fold_hamza,
                       std::optional<std::uint32_t> lead_words, bool spelling, py::ssize_t batch_size,
                       unsigned threads, py::ssize_t memory_mb, bool compact, bool rebuild, std::uint32_t shards) {
             IndexOptions o;
             o.stemmer = stemmer_of(stemmer);
             o.fold_hamza = fold_hamza;
             o.lead_words = lead_words;
             o.spelling = spelling;
             o.batch_size = count_of(batch_size, "batch_size");
             if (o.batch_size == 0) throw py::value_error("batch_size must be 1 or more");
             o.threads = threads;
             o.memory_mb = count_of(memory_mb, "memory_mb");
             o.compact = compact;
             o.rebuild = rebuild;
             o.shards = shards;
             return std::make_unique<PyIndexer>(paths_of(path).front(), o);
           }),
           "path"_a, py::kw_only(), "stemmer"_a = "light", "fold_hamza"_a = false, "lead_words"_a = py::none(),
           "spelling"_a = true, "batch_size"_a = 2000, "threads"_a = 0, "memory_mb"_a = 64, "compact"_a = true,
           "rebuild"_a = false, "shards"_a = 0)
      .def("add", &PyIndexer::add, "article"_a,
           "Adds an article given as a dict (id required; title, abstract, body, source, category, author, url, "
           "date, path), replacing any earlier article with the same id.")
      .def("replace", &PyIndexer::add, "article"_a, "The same as add(): an article replaces the one with its id.")
      .def("delete", &PyIndexer::remove, "id"_a, "Deletes the article whose id is `id`, if there is one.")
      .def("index_paths", &PyIndexer::index_paths, "paths"_a,
           "Indexes files and folders as fahras-index does (incrementally); returns the summary (the run's "
           "counts; articles_removed and documents are counted by commits), with 'problems': the files and "
           "records skipped or read with a warning.")
      .def("commit", &PyIndexer::commit, "Makes everything added so far durable and visible to searchers.")
      .def_property_readonly("summary", &PyIndexer::summary)
      .def("close", &PyIndexer::close,
           "Closes without commit(): a rebuild is not put in place, and the database is not compacted "
           "(Xapian still writes what was added to a database updated in place, as any writer that closes).")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PyIndexer& ix, const py::object& type, const py::object&, const py::object&) {
        // Commits when the block ends normally; after an exception, only closes (see close()).
        if (type.is_none()) ix.commit();
        ix.close();
        return false;
      });

  m.def("analyze",
        [](const std::string& text, const std::string& stemmer, bool stopwords, bool fold_hamza) {
          AnalyzerOptions options{stemmer_of(stemmer), stopwords, fold_hamza};
          py::gil_scoped_release unlocked;
          return py_tokens(text, thread_analyzer(options).analyze(text));
        },
        "text"_a, py::kw_only(), "stemmer"_a = "light", "stopwords"_a = true, "fold_hamza"_a = false,
        "Splits text into tokens as the indexer does: each with its text, normal form, term (the stem), byte "
        "and character offsets, position and script.");
  m.attr("__version__") = FAHRAS_VERSION;
}

}  // namespace fahras::python
