// fahras-search: ranked search over a Fahras database, with highlighted snippets.
//
// Exit codes, as grep and ripgrep: 0 results found; 1 no results; 2 error (bad arguments, bad query,
// missing or incompatible database; in a batch, any query that failed).
#include <unistd.h>

#include <fstream>
#include <iostream>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "fahras/date.h"
#include "fahras/error.h"
#include "fahras/printer.h"
#include "fahras/searcher.h"

namespace po = boost::program_options;
using fahras::Error;

namespace {

constexpr char kHiddenDash = '\x01';

struct Cli {
  std::vector<std::string> dbs;
  std::string query;
  std::string queries_file;  // batch mode when set
  fahras::SearchOptions search;
  fahras::PrintOptions print;
};

template <typename T>
T pick(const std::string& option, const std::string& value, std::initializer_list<std::pair<const char*, T>> choices) {
  std::string names;
  for (const auto& [name, v] : choices) {
    if (value == name) return v;
    names += names.empty() ? name : std::string(", ") + name;
  }
  throw Error(Error::Kind::kUsage, "--" + option + " must be one of " + names + ", not '" + value + "'");
}

std::int64_t date_option(const std::string& name, const std::string& value, bool end) {
  std::optional<std::int64_t> t = fahras::parse_iso_date(value, end);
  if (!t) throw Error(Error::Kind::kUsage, "--" + name + " '" + value + "' is not a date like 2018-03-05");
  return *t;
}

// Returns false when only help was asked for.
bool parse_args(int argc, char** argv, Cli& cli) {
  using F = fahras::OutputFormat;
  std::vector<std::string> words;
  std::string since, until, sort = "relevance", color = "auto", format = "text";
  po::options_description visible(
      "Usage: fahras-search --db DIR [options] QUERY...\n"
      "       fahras-search --db DIR --queries FILE [options]   (FILE: qid<TAB>query lines, - for stdin)\n"
      "Query syntax: words (any of them; --all for every one), \"exact phrase\", a OR b, -word or\n"
      "NOT word, ( ), title:word, source:x, category:x, author:x. --plain: natural text, no syntax.\n"
      "Exit codes: 0 results, 1 no results, 2 error.\n\nOptions");
  visible.add_options()
      ("help,h", "show this help")
      ("db,d", po::value(&cli.dbs)->required(), "database folder (repeat to search several as one)")
      ("queries", po::value(&cli.queries_file), "answer every query of FILE in one run")
      ("format", po::value(&format)->default_value(format), "text, json, trec, tsv, ids or count")
      ("json", "same as --format json (JSON Lines: begin, match and summary messages)")
      ("ids", "same as --format ids")
      ("count", "same as --format count")
      ("limit,n", po::value(&cli.search.limit)->default_value(cli.search.limit), "results to show")
      ("offset", po::value(&cli.search.offset)->default_value(cli.search.offset), "results to skip")
      ("since", po::value(&since), "only articles published on or after this date (2018-03-05)")
      ("until", po::value(&until), "only articles published on or before this date")
      ("sort", po::value(&sort)->default_value(sort), "relevance, date (newest first) or oldest")
      ("all", "only articles containing every word (default: any word, best first)")
      ("plain", "read the query as natural text: no phrases, operators or fields")
      ("collapse", "show only the best of articles with the same text (default for text output)")
      ("no-collapse", "show every article, also those with the same text as a better one")
      ("no-snippets", "do not build snippets")
      ("snippet-bytes", po::value(&cli.search.snippet.max_bytes)->default_value(cli.search.snippet.max_bytes),
       "longest snippet, in bytes of text")
      ("color", po::value(&color)->default_value(color), "highlight with colour: auto, always, never")
      ("run-tag", po::value(&cli.print.run_tag)->default_value(cli.print.run_tag), "last column of TREC runs");
  po::options_description hidden;
  hidden.add_options()("query", po::value(&words));
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
    cli.query += (cli.query.empty() ? "" : " ") + (w[0] == kHiddenDash ? w.substr(1) : w);
  }
  if (cli.query.empty() == cli.queries_file.empty()) {
    throw Error(Error::Kind::kUsage, cli.query.empty() ? "no QUERY given" : "give a QUERY or --queries, not both");
  }
  if (vm.count("json")) format = "json";
  if (vm.count("ids")) format = "ids";
  if (vm.count("count")) format = "count";
  cli.print.format = pick<F>("format", format, {{"text", F::kText}, {"json", F::kJson}, {"trec", F::kTrec},
                                                {"tsv", F::kTsv}, {"ids", F::kIds}, {"count", F::kCount}});
  cli.print.color = pick<bool>("color", color, {{"auto", isatty(STDOUT_FILENO) != 0}, {"always", true}, {"never", false}});
  cli.search.sort = pick<fahras::SortOrder>("sort", sort, {{"relevance", fahras::SortOrder::kRelevance},
                                                          {"date", fahras::SortOrder::kNewest},
                                                          {"newest", fahras::SortOrder::kNewest},
                                                          {"oldest", fahras::SortOrder::kOldest}});
  if (!since.empty()) cli.search.since = date_option("since", since, false);
  if (!until.empty()) cli.search.until = date_option("until", until, true);
  if (vm.count("all")) cli.search.default_operator = fahras::DefaultOperator::kAnd;
  if (vm.count("plain")) cli.search.syntax = fahras::QuerySyntax::kPlain;
  cli.search.snippets = !vm.count("no-snippets") && fahras::shows_snippets(cli.print.format);
  // People want one copy of a story; runs, JSON and counts keep every article unless asked.
  if (vm.count("collapse") && vm.count("no-collapse")) {
    throw Error(Error::Kind::kUsage, "give --collapse or --no-collapse, not both");
  }
  cli.search.collapse = vm.count("collapse") || (!vm.count("no-collapse") && cli.print.format == F::kText);
  return true;
}

std::vector<fahras::QueryLine> read_batch(const std::string& file) {
  if (file == "-") return fahras::read_query_lines(std::cin);
  std::ifstream in(file);
  if (!in) throw Error(Error::Kind::kIo, "cannot read --queries file " + file);
  return fahras::read_query_lines(in);
}

}  // namespace

int main(int argc, char** argv) try {
  Cli cli;
  if (!parse_args(argc, argv, cli)) return 0;
  const fahras::Searcher searcher(cli.dbs);
  if (cli.queries_file.empty()) {
    const fahras::SearchResults results = searcher.search(cli.query, cli.search);
    fahras::print_results(std::cout, results, cli.search, cli.print);
    std::cout.flush();
    return results.hits.empty() ? 1 : 0;
  }
  bool any_hit = false, any_error = false;
  for (const fahras::QueryLine& q : read_batch(cli.queries_file)) {
    cli.print.qid = q.qid;
    try {
      const fahras::SearchResults results = searcher.search(q.text, cli.search);
      any_hit = any_hit || !results.hits.empty();
      fahras::print_results(std::cout, results, cli.search, cli.print);
    } catch (const Error& e) {
      if (e.kind() != Error::Kind::kBadQuery) throw;
      any_error = true;
      std::cerr << "fahras-search: query " << q.qid << ": " << e.what() << '\n';
    }
  }
  std::cout.flush();
  return any_error ? 2 : any_hit ? 0 : 1;
} catch (const Error& e) {
  std::cerr << "fahras-search: " << e.what() << '\n';
  return 2;
} catch (const po::error& e) {
  std::cerr << "fahras-search: " << e.what() << " (see --help)\n";
  return 2;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-search: " << e.get_description() << '\n';
  return 2;
}
