#include "cli.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <iostream>
#include <optional>
#include <thread>

#include <boost/program_options.hpp>

#include "fahras/date.h"
#include "fahras/error.h"

namespace fahras::cli {
namespace {

namespace po = boost::program_options;

constexpr char kHiddenDash = '\x01';
// Bounds of --limit and --offset (Xapian counts results in 32 bits) and --snippet-bytes.
constexpr std::size_t kMaxResults = 4'000'000'000;
constexpr std::size_t kMaxSnippetBytes = 1'000'000;

std::string usage_error(std::string_view option, std::string_view what) {
  std::string message = "--";
  message.append(option).append(" ").append(what);
  return message;
}

template <typename T>
T pick(const std::string& option, const std::string& value, std::initializer_list<std::pair<const char*, T>> choices) {
  std::string names;
  for (const auto& [name, v] : choices) {
    if (value == name) return v;
    names.append(names.empty() ? "" : ", ").append(name);
  }
  throw Error(Error::Kind::kUsage, usage_error(option, "must be one of " + names + ", not '" + value + "'"));
}

std::int64_t date_option(const std::string& name, const std::string& value, bool end) {
  std::optional<std::int64_t> t = parse_iso_date(value, end);
  if (!t) throw Error(Error::Kind::kUsage, usage_error(name, "'" + value + "' is not a date like 2018-03-05"));
  return *t;
}

// A whole number option from `low` to `high`. Parsed here from the text, not by Boost, which reads
// "-1" into an unsigned as 18446744073709551615. A value with a leading '-' arrives with
// kHiddenDash before it (parse_args), which is dropped.
std::size_t number_option(const std::string& name, std::string value, std::size_t low, std::size_t high) {
  if (!value.empty() && value[0] == kHiddenDash) value.erase(0, 1);
  long long n = -1;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n < 0 ||
      static_cast<unsigned long long>(n) < low || static_cast<unsigned long long>(n) > high) {
    throw Error(Error::Kind::kUsage, usage_error(name, "must be a whole number from " + std::to_string(low) +
                                                           " to " + std::to_string(high) + ", not '" + value + "'"));
  }
  return static_cast<std::size_t>(n);
}

// "250ms", "2s", "1.5s" or "2" (seconds) -> milliseconds; Error kUsage otherwise.
// "a,b,c,d,e,f,g,h": RerankWeights in the order of its members (a hidden option, for bench/rerank-fit).
RerankWeights weights_option(const std::string& name, const std::string& value) {
  std::vector<double> w;
  std::size_t from = 0;
  while (from <= value.size()) {
    const std::size_t comma = std::min(value.find(',', from), value.size());
    try {
      std::size_t used = 0;
      const std::string one = value.substr(from, comma - from);
      w.push_back(std::stod(one, &used));
      if (used != one.size() || !std::isfinite(w.back())) w.clear();  // nan or inf would order nothing
    } catch (const std::exception&) {
      w.clear();
    }
    if (w.empty()) break;
    from = comma + 1;
  }
  if (w.size() != 9) throw Error(Error::Kind::kUsage, usage_error(name, "must be 9 numbers with commas, not '" + value + "'"));
  return {w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8]};
}

std::chrono::milliseconds duration_option(const std::string& name, const std::string& value) {
  std::string number = value;
  double scale = 1000;
  if (number.ends_with("ms")) {
    number.resize(number.size() - 2);
    scale = 1;
  } else if (number.ends_with('s')) {
    number.pop_back();
  }
  std::size_t used = 0;
  double amount = -1;
  try {
    amount = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const double ms = amount * scale;
  if (number.empty() || used != number.size() || !(ms >= 1) || ms > 3'600'000) {
    throw Error(Error::Kind::kUsage,
                usage_error(name, "'" + value + "' is not a duration from 1ms to 3600s, like 500ms or 2s"));
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

// Stops `server` when the process gets SIGINT or SIGTERM, which the caller has blocked in every
// thread: one thread takes them with sigwait, so no code runs in a signal handler. The destructor
// wakes that thread (when no signal came, because the server failed) and joins it.
class StopOnSignal {
 public:
  StopOnSignal(Server& server, const sigset_t& signals)
      : signals_(signals), thread_([this, &server] {
          int signal = 0;
          sigwait(&signals_, &signal);
          server.stop();
        }) {}
  ~StopOnSignal() {
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  const sigset_t signals_;
  std::thread thread_;
};

}  // namespace

bool parse_args(int argc, char** argv, Cli& cli) {
  using F = OutputFormat;
  std::vector<std::string> words;
  std::string since, until, sort = "relevance", color = "auto", format = "text", serve, synonyms_file;
  std::string connect_timeout = "2s", timeout = "10s", headline_weights, question_weights;
  std::string limit = std::to_string(cli.search.limit), offset = std::to_string(cli.search.offset);
  std::string snippet_bytes = std::to_string(cli.search.snippet.max_bytes);
  po::options_description visible(
      "Usage: fahras-search --db DIR [options] QUERY...\n"
      "       fahras-search --db DIR --queries FILE [options]   (FILE: qid<TAB>query lines, - for stdin)\n"
      "       fahras-search --db DIR --serve HOST:PORT [options] (search page and JSON API)\n"
      "       fahras-search --db DIR --show ID [--json]          (one stored article, whole)\n"
      "Query syntax (docs/query-syntax.md): words (any of them; --all for every one), \"exact phrase\",\n"
      "a AND b, +word, a OR b, -word or NOT word, ( ), a NEAR/n b, prefix*, =exactform, title:word,\n"
      "source:x, category:x, author:x, id:DOCNO. --plain: natural text, no syntax.\n"
      "Shows \"Did you mean: ...\" when a word looks misspelt (text and JSON output).\n"
      "Exit codes: 0 results, 1 no results, 2 error, 3 a tcp:// database does not answer; --serve: 0\n"
      "when stopped by SIGINT or SIGTERM.\n\n"
      "Options");
  visible.add_options()
      ("help,h", "show this help")
      ("db,d", po::value(&cli.dbs)->required(),
       "database folder, sharded folder, stub file, or tcp://HOST:PORT of xapian-tcpsrv (repeat to "
       "search several as one)")
      ("connect-timeout", po::value(&connect_timeout)->default_value(connect_timeout),
       "give up connecting to a tcp:// database after this long (500ms, 2s)")
      ("timeout", po::value(&timeout)->default_value(timeout),
       "give up on a tcp:// database that does not answer within this long")
      ("allow-partial", "when some databases do not answer, search the others (with a warning)")
      ("queries", po::value(&cli.queries_file), "answer every query of FILE in one run (-: standard input, "
       "each line answered as it arrives)")
      ("answer-end", po::value<std::string>(), "with --queries, print this line after each query's answer "
       "(for a program reading trec, tsv, ids or text output line by line)")
      ("show", po::value(&cli.show_id), "print the stored article with this id, whole (text, or --json)")
      ("serve", po::value(&serve), "serve the search page and /api/search on HOST:PORT (127.0.0.1:8080)")
      ("format", po::value(&format)->default_value(format), "text, json, trec, tsv, ids or count")
      ("json", "same as --format json (JSON Lines: begin, match and summary messages)")
      ("ids", "same as --format ids")
      ("count", "same as --format count (an exact count)")
      ("limit,n", po::value(&limit)->default_value(limit), "results to show (per page)")
      ("offset", po::value(&offset)->default_value(offset), "results to skip")
      ("since", po::value(&since), "only articles published on or after this date (2018-03-05)")
      ("until", po::value(&until), "only articles published on or before this date")
      ("sort", po::value(&sort)->default_value(sort), "relevance, date (newest first) or oldest")
      ("all", "only articles containing every word (default: any word, best first)")
      ("plain", "read the query as natural text: no phrases, operators or fields")
      ("no-snippets", "do not build snippets")
      ("snippet-bytes", po::value(&snippet_bytes)->default_value(snippet_bytes),
       "longest snippet, in bytes of text")
      ("color", po::value(&color)->default_value(color), "highlight with colour: auto, always, never")
      ("run-tag", po::value(&cli.print.run_tag)->default_value(cli.print.run_tag), "last column of TREC runs")
      ("synonyms", po::value(&synonyms_file), "expand query words to their groups in FILE (one group a line: a / b / c)")
      ("variants", "also search the spellings of a name the index knows (ترمب: ترامب; the default)")
      ("no-variants", "search query words as typed, without the spellings of names")
      ("facets", "count the matches per source, category and year")
      ("collapse", "show only the best of articles with the same text (default for text output)")
      ("no-collapse", "show every article, also those with the same text as a better one")
      ("fold", "show the same story (republished or reworded) once, with \"N more like this\" "
               "(default for text and JSON output and the page)")
      ("no-fold", "show every article of a story in its own place (default for trec, tsv, ids, count)")
      ("no-rerank", "rank by the match alone, without the learned re-rank of the first results")
      ("no-exact-first", "a query of one word ranks the articles that write it as typed among the others, "
                         "not first");
  po::options_description hidden;  // knobs for the benchmarks: ranking (bench/relevance), --no-suggest
  hidden.add_options()("query", po::value(&words))
      ("weighting", po::value(&cli.search.ranking.weighting))
      ("bm25-k1", po::value(&cli.search.ranking.bm25_k1))
      ("bm25-b", po::value(&cli.search.ranking.bm25_b))
      ("coord", po::value(&cli.search.ranking.coord))
      ("title-weight", po::value(&cli.search.ranking.title_weight))
      ("exact-weight", po::value(&cli.search.ranking.exact_weight))
      ("exact-max-share", po::value(&cli.search.ranking.exact_max_share))
      ("exact-family", po::bool_switch(&cli.search.ranking.exact_family))
      ("idf-exponent", po::value(&cli.search.ranking.idf_exponent))
      ("proximity-weight", po::value(&cli.search.ranking.proximity_weight))
      ("rerank-depth", po::value(&cli.search.ranking.rerank_depth))
      ("learned-depth", po::value(&cli.search.ranking.learned_depth))  // bench/rerank-fit: the re-rank
      ("headline-weights", po::value(&headline_weights))
      ("question-weights", po::value(&question_weights))
      ("rerank-features", "")  // TREC lines end with each hit's features (bench/rerank-fit)
      ("fold-window", po::value(&cli.search.fold_window))  // for bench/speed: what folding costs
      // Pseudo-relevance feedback, an experiment (RankingOptions::feedback_docs; bench/RESULTS.md)
      ("feedback-docs", po::value(&cli.search.ranking.feedback_docs))
      ("feedback-terms", po::value(&cli.search.ranking.feedback_terms))
      ("feedback-weight", po::value(&cli.search.ranking.feedback_weight))
      ("feedback-and-maybe", "")  // expansion terms only re-rank (FeedbackCombine::kAndMaybe)
      ("no-suggest", "");  // for bench/speed: what suggestions add to a JSON batch
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("query", -1);
  // "-word" and "-\"a phrase\"" are exclusions, not options (ours are single letters or --long).
  // Boost would reject them, so hide their dash until they are back in the query, in order.
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::string& a : args) {
    if (a.size() > 2 && a[0] == '-' && a[1] != '-') a.insert(0, 1, kHiddenDash);
  }
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return false;
  }
  po::notify(vm);

  for (const std::string& w : words) {
    if (!cli.query.empty()) cli.query += ' ';
    cli.query += w[0] == kHiddenDash ? w.substr(1) : w;
  }
  const int modes = int{!cli.query.empty()} + int{!cli.queries_file.empty()} + static_cast<int>(vm.count("serve")) +
                    static_cast<int>(vm.count("show"));
  if (modes != 1) {
    throw Error(Error::Kind::kUsage, modes == 0 ? "no QUERY given (or --queries FILE, --serve HOST:PORT or --show ID)"
                                                : "give one of QUERY, --queries, --serve or --show");
  }
  cli.mode = vm.count("serve") ? Mode::kServe
             : vm.count("show") ? Mode::kShow
             : cli.queries_file.empty() ? Mode::kQuery : Mode::kBatch;
  if (vm.count("answer-end")) {
    if (cli.mode != Mode::kBatch) throw Error(Error::Kind::kUsage, "--answer-end needs --queries");
    cli.answer_end = vm["answer-end"].as<std::string>();
    if (cli.answer_end->find('\n') != std::string::npos) {
      throw Error(Error::Kind::kUsage, usage_error("answer-end", "must be one line"));
    }
  }
  if (cli.mode == Mode::kShow && cli.show_id.empty()) throw Error(Error::Kind::kUsage, "--show needs an article id");
  // One output format: --json, --ids, --count and --format name one each; two different ones are
  // an error, not a silent choice.
  std::string given = vm["format"].defaulted() ? "" : "--format " + format;
  for (const char* flag : {"json", "ids", "count"}) {
    if (!vm.count(flag)) continue;
    if (!given.empty() && format != flag) {
      throw Error(Error::Kind::kUsage, "give one output format, not both " + given + " and --" + flag);
    }
    given = std::string("--") + flag;
    format = flag;
  }
  cli.search.limit = number_option("limit", limit, 0, kMaxResults);
  cli.search.offset = number_option("offset", offset, 0, kMaxResults);
  cli.search.snippet.max_bytes = number_option("snippet-bytes", snippet_bytes, 1, kMaxSnippetBytes);
  cli.print.format = pick<F>("format", format, {{"text", F::kText}, {"json", F::kJson}, {"trec", F::kTrec},
                                                {"tsv", F::kTsv}, {"ids", F::kIds}, {"count", F::kCount}});
  cli.print.color = pick<bool>("color", color, {{"auto", isatty(STDOUT_FILENO) != 0}, {"always", true}, {"never", false}});
  const std::optional<SortOrder> order = parse_sort_order(sort);
  if (!order) throw Error(Error::Kind::kUsage, usage_error("sort", "must be one of relevance, date, oldest, not '" + sort + "'"));
  cli.search.sort = *order;
  cli.open.connect_timeout = duration_option("connect-timeout", connect_timeout);
  cli.open.timeout = duration_option("timeout", timeout);
  cli.open.allow_partial = vm.count("allow-partial") > 0;
  if (!since.empty()) cli.search.since = date_option("since", since, false);
  if (!until.empty()) cli.search.until = date_option("until", until, true);
  if (vm.count("all")) cli.search.default_operator = DefaultOperator::kAnd;
  if (vm.count("plain")) cli.search.syntax = QuerySyntax::kPlain;
  cli.search.snippets = !vm.count("no-snippets") && shows_snippets(cli.print.format);
  // People and JSON readers see "did you mean"; TREC runs, TSV, ids and counts have no place for it.
  cli.search.suggest = shows_snippets(cli.print.format) && !vm.count("no-suggest");
  cli.search.highlights = shows_snippets(cli.print.format);
  cli.search.facets = vm.count("facets") > 0;
  if (vm.count("variants") && vm.count("no-variants")) {
    throw Error(Error::Kind::kUsage, "give --variants or --no-variants, not both");
  }
  cli.search.variants = vm.count("no-variants") == 0;
  cli.search.ranking.learned_rerank = !vm.count("no-rerank") && !vm.count("rerank-features");
  cli.search.ranking.exact_first = vm.count("no-exact-first") == 0;
  cli.search.ranking.features = vm.count("rerank-features") > 0;
  if (vm.count("feedback-and-maybe")) cli.search.ranking.feedback_combine = FeedbackCombine::kAndMaybe;
  if (!(cli.search.ranking.feedback_weight > 0 && std::isfinite(cli.search.ranking.feedback_weight))) {
    throw Error(Error::Kind::kUsage, usage_error("feedback-weight", "must be a number above 0"));
  }
  if (!(cli.search.ranking.idf_exponent >= 0 && cli.search.ranking.idf_exponent <= 2)) {
    throw Error(Error::Kind::kUsage, usage_error("idf-exponent", "must be a number from 0 to 2"));
  }
  if (!headline_weights.empty()) cli.search.ranking.headline_weights = weights_option("headline-weights", headline_weights);
  if (!question_weights.empty()) cli.search.ranking.question_weights = weights_option("question-weights", question_weights);
  // A count is printed as a fact, so it is one.
  cli.search.exact_count = cli.print.format == F::kCount;
  if (!synonyms_file.empty()) cli.synonyms = read_synonym_file(synonyms_file);
  if (vm.count("collapse") && vm.count("no-collapse")) {
    throw Error(Error::Kind::kUsage, "give --collapse or --no-collapse, not both");
  }
  // People want one copy of a story; scripts and evaluations get every article unless they ask.
  cli.search.collapse = vm.count("collapse") || (!vm.count("no-collapse") && cli.print.format == F::kText);
  if (vm.count("fold") && vm.count("no-fold")) throw Error(Error::Kind::kUsage, "give --fold or --no-fold, not both");
  // Folding is for readers; runs scored by trec_eval and scripts that count need every article.
  cli.search.fold = vm.count("fold") || (!vm.count("no-fold") && shows_snippets(cli.print.format));
  if (cli.mode == Mode::kServe) {
    try {
      parse_listen_address(serve, cli.serve);
    } catch (const Error& e) {
      throw Error(e.kind(), usage_error("serve", e.what()));
    }
    cli.serve.db_paths = cli.dbs;
    cli.serve.open = cli.open;
    // The defaults of every request: results per page, --all, --plain, snippet size, --no-variants. Dates, sort
    // and offset are the request's own.
    cli.serve.search.limit = cli.search.limit;
    cli.serve.search.default_operator = cli.search.default_operator;
    cli.serve.search.syntax = cli.search.syntax;
    cli.serve.search.snippet = cli.search.snippet;
    cli.serve.search.fold = !vm.count("no-fold");
    cli.serve.search.variants = cli.search.variants;
    cli.serve.synonyms = cli.synonyms;
  }
  return true;
}

int serve(const ServeOptions& options) {
  // Blocked before any thread starts, so that every thread (the server's workers inherit the mask)
  // leaves the signals to StopOnSignal.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::optional<Server> server;
  try {
    server.emplace(options);
  } catch (const Error& e) {
    if (e.kind() != Error::Kind::kIo) throw;
    throw Error(e.kind(), std::string("--serve: ").append(e.what()));
  }
  const StopOnSignal stopper(*server, signals);
  std::cout << "fahras-search: serving " << server->document_count() << " articles at " << server->url()
            << " (Ctrl-C to stop)" << std::endl;
  server->run();
  return 0;
}

}  // namespace fahras::cli
