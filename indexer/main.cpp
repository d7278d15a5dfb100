// fahras-index: indexes Arabic news articles into a Fahras database, incrementally: a run re-reads
// only the files that changed since the last one and removes the articles of files that are gone
// (under the PATHs given); --rebuild starts over. Safe to kill at any moment (indexer.h).
//
// Exit codes: 0 everything indexed; 1 done, but some files or records were skipped; 2 error (bad
// arguments, database cannot be opened, was built by another analyser or schema, or cannot be
// written; any other failure, such as a file system error or memory exhausted); 3 database locked
// by another indexer; 130 interrupted by SIGINT or SIGTERM (the run stops after the current file;
// what was read is committed; a second signal stops at once, and the database is still consistent).
// --watch (watch.h) runs until SIGINT or SIGTERM, then exits 0.
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/stats.h"
#include "watch.h"

namespace po = boost::program_options;

namespace {

std::atomic<bool> g_interrupted{false};
// The first signal asks for a clean stop; the next one ends the process (which is safe too).
extern "C" void on_signal(int sig) {
  g_interrupted = true;
  std::signal(sig, SIG_DFL);
}

// Prints problems as they happen and, on a terminal only, a progress line that they do not garble:
// the share of the files done and the time left, redrawn at most kRedrawsPerSecond times a second.
class ConsoleListener : public fahras::IndexListener {
 public:
  static constexpr int kRedrawsPerSecond = 4;
  bool wants_progress() const override { return tty_; }
  void on_files_counted(std::uint64_t files) override { total_ = files; }
  void on_problem(std::string_view path, std::string_view message, bool skipped) override {
    clear_progress();
    std::cerr << "fahras-index: " << (skipped ? "skipped " : "warning: ") << fahras::one_line(path) << ": "
              << fahras::one_line(message) << '\n';
  }
  void on_file_done(const fahras::IndexSummary& s) override {
    if (!tty_) return;
    const auto now = std::chrono::steady_clock::now();
    if (progress_shown_ && now - last_ < std::chrono::milliseconds(1000 / kRedrawsPerSecond)) return;
    last_ = now;
    const std::uint64_t done = s.files_added + s.files_updated + s.files_unchanged + s.files_skipped;
    std::cerr << '\r' << fahras::progress_line(done, total_, s.seconds) << ", " << s.articles
              << " articles\033[K" << std::flush;
    progress_shown_ = true;
  }
  void clear_progress() {
    if (progress_shown_) std::cerr << "\r\033[K";
    progress_shown_ = false;
  }

 private:
  bool tty_ = isatty(STDERR_FILENO);
  bool progress_shown_ = false;
  std::uint64_t total_ = 0;
  std::chrono::steady_clock::time_point last_;
};

fahras::StemmerKind parse_stemmer(const std::string& name) {
  if (name == "light") return fahras::StemmerKind::kLight;
  if (name == "snowball") return fahras::StemmerKind::kSnowball;
  if (name == "none") return fahras::StemmerKind::kNone;
  throw fahras::Error(fahras::Error::Kind::kUsage,
                      "--stemmer must be light, snowball or none, not '" + name + "'");
}

// A whole number option from `low` to `high`, read from its text (Boost reads "-1" into an
// unsigned as 4294967295). `fallback` when the option is not given.
unsigned long long number_option(const po::variables_map& vm, const char* name, unsigned long long low,
                                 unsigned long long high, unsigned long long fallback) {
  if (!vm.count(name)) return fallback;
  const std::string& value = vm[name].as<std::string>();
  unsigned long long n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n < low || n > high) {
    throw fahras::Error(fahras::Error::Kind::kUsage, std::string("--") + name + " must be a whole number from " +
                                                         std::to_string(low) + " to " + std::to_string(high) +
                                                         ", not '" + value + "'");
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) try {
  std::string db;
  std::string stemmer = "light";
  std::vector<std::string> inputs;
  fahras::IndexOptions options;
  po::options_description visible(
      "Usage: fahras-index --db DIR PATH...\n"
      "Indexes articles (TREC SGML, JSON, JSON Lines, HTML, plain text; each also gzipped) from\n"
      "files and folders. Run again, it reads only files that changed and removes the articles of\n"
      "files gone from the PATHs.\n"
      "Exit codes: 0 all indexed, 1 some skipped, 2 error, 3 database locked, 130 interrupted\n"
      "(--watch: 0 when stopped by Ctrl-C or SIGTERM).\n\n"
      "Options");
  visible.add_options()
      ("help,h", "show this help")
      ("db,d", po::value(&db)->required(), "database folder (created if missing)")
      ("stats", "print what the database holds, its size by part, its settings and its last run's "
       "summary (skipped files included), and index nothing")
      ("json", "with --stats: one JSON object")
      ("rebuild", po::bool_switch(&options.rebuild),
       "index from scratch into DIR.new, then put it in place of DIR")
      ("shards", po::value<std::string>(),
       "split a new database into N shards written in parallel (DIR/shard-0 ...; see docs/scaling.md)")
      ("batch-size", po::value<std::string>()->default_value(std::to_string(options.batch_size)),
       "changes per commit (commits fall between files)")
      ("stemmer", po::value(&stemmer)->default_value(stemmer), "light, snowball or none")
      ("fold-hamza", po::bool_switch(&options.fold_hamza), "make hamza seats meet: ؤ ئ -> ء")
      ("lead-words", po::value<std::string>(),
       "words at an article's start that make its lead (default 50; the database keeps it)")
      ("threads", po::value<std::string>()->default_value(std::to_string(options.threads)),
       "threads in all (one writes, the others read and analyse); 0: one per core")
      ("memory", po::value<std::string>()->default_value(std::to_string(options.memory_mb)),
       "MiB for documents waiting to be written and Xapian's unflushed changes")
      ("watch", "after indexing, follow the folders (inotify) and index what changes, until Ctrl-C")
      ("no-compact", "after --rebuild (or a new database), do not compact it")
      ("no-spelling", "make the new database without the suggestion index of \"did you mean\" "
       "(faster indexing, a smaller index; later runs follow the database)");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&inputs));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  po::notify(vm);
  if (vm.count("json") && !vm.count("stats")) {
    throw fahras::Error(fahras::Error::Kind::kUsage, "--json goes with --stats");
  }
  if (vm.count("stats")) {
    if (!inputs.empty()) throw fahras::Error(fahras::Error::Kind::kUsage, "--stats takes no PATH");
    const fahras::IndexStats stats = fahras::read_stats(db);
    std::cout << (vm.count("json") ? fahras::stats_json(stats) : fahras::describe_stats(stats));
    return 0;
  }
  if (inputs.empty()) throw fahras::Error(fahras::Error::Kind::kUsage, "no PATH to index");
  options.shards = static_cast<std::uint32_t>(number_option(vm, "shards", 1, 256, 0));
  options.batch_size = number_option(vm, "batch-size", 1, 100'000'000, options.batch_size);
  if (vm.count("lead-words")) {
    options.lead_words = static_cast<std::uint32_t>(number_option(vm, "lead-words", 0, 100'000, 0));
  }
  options.threads = static_cast<unsigned>(number_option(vm, "threads", 0, 256, options.threads));
  options.memory_mb = number_option(vm, "memory", 1, 1'048'576, options.memory_mb);
  options.compact = vm.count("no-compact") == 0;
  options.stemmer = parse_stemmer(stemmer);
  options.spelling = vm.count("no-spelling") == 0;
  options.cancel = &g_interrupted;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  if (vm.count("watch")) fahras::watch::keep_signals_from_threads({SIGINT, SIGTERM});
  fahras::Indexer indexer(db, options);
  ConsoleListener listener;
  if (vm.count("watch")) {
    fahras::watch::WatchOptions watch;
    watch.stop = &g_interrupted;
    watch.signals = {SIGINT, SIGTERM};
    fahras::watch::run_watch(indexer, {inputs.begin(), inputs.end()}, listener, watch);
    return 0;
  }
  indexer.add_paths({inputs.begin(), inputs.end()}, listener);
  indexer.commit();
  listener.clear_progress();
  const fahras::IndexSummary& summary = indexer.summary();
  std::cerr << fahras::describe(summary);
  if (summary.cancelled) {
    std::cerr << "fahras-index: interrupted; everything read so far is committed\n";
    return 130;
  }
  return summary.files_skipped + summary.articles_skipped > 0 ? 1 : 0;
} catch (const fahras::Error& e) {
  std::cerr << "fahras-index: " << e.what() << '\n';
  return e.kind() == fahras::Error::Kind::kLocked ? 3 : 2;
} catch (const po::error& e) {
  std::cerr << "fahras-index: " << e.what() << " (see --help)\n";
  return 2;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-index: " << e.get_description() << '\n';
  return 2;
} catch (const std::exception& e) {  // file system errors, memory exhausted, ICU: still one line, exit 2
  std::cerr << "fahras-index: " << e.what() << '\n';
  return 2;
}
