// fahras-search: ranked search over a Fahras database, with highlighted snippets.
//
// Exit codes, as grep and ripgrep: 0 results found; 1 no results; 2 error (bad arguments, bad query,
// missing or incompatible database).
#include <unistd.h>

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

std::int64_t parse_date_option(const std::string& name, const std::string& value, bool end) {
  std::optional<std::int64_t> t = fahras::parse_iso_date(value, end);
  if (!t) throw Error(Error::Kind::kUsage, "--" + name + " '" + value + "' is not a date like 2018-03-05");
  return *t;
}

fahras::SortOrder parse_sort(const std::string& s) {
  if (s == "relevance") return fahras::SortOrder::kRelevance;
  if (s == "date" || s == "newest") return fahras::SortOrder::kNewest;
  if (s == "oldest") return fahras::SortOrder::kOldest;
  throw Error(Error::Kind::kUsage, "--sort must be relevance, date (newest first) or oldest, not '" + s + "'");
}

bool parse_color(const std::string& s) {
  if (s == "auto") return isatty(STDOUT_FILENO);
  if (s == "always") return true;
  if (s == "never") return false;
  throw Error(Error::Kind::kUsage, "--color must be auto, always or never, not '" + s + "'");
}

}  // namespace

int main(int argc, char** argv) try {
  std::vector<std::string> dbs, words;
  std::string since, until, sort = "relevance", color = "auto";
  fahras::SearchOptions options;
  po::options_description visible(
      "Usage: fahras-search --db DIR [options] QUERY...\n"
      "Query syntax: words (any of them; --all for every one), \"exact phrase\", a OR b, -word or\n"
      "NOT word, ( ), title:word, source:x, category:x, author:x.\n"
      "Exit codes: 0 results, 1 no results, 2 error.\n\n"
      "Options");
  visible.add_options()
      ("help,h", "show this help")
      ("db,d", po::value(&dbs)->required(), "database folder (repeat to search several as one)")
      ("json", "JSON Lines output (begin, match and summary messages)")
      ("limit,n", po::value(&options.limit)->default_value(options.limit), "results to show")
      ("offset", po::value(&options.offset)->default_value(options.offset), "results to skip")
      ("since", po::value(&since), "only articles published on or after this date (2018-03-05)")
      ("until", po::value(&until), "only articles published on or before this date")
      ("sort", po::value(&sort)->default_value(sort), "relevance, date (newest first) or oldest")
      ("all", "only articles containing every word (default: any word, best first)")
      ("no-snippets", "do not build snippets")
      ("snippet-bytes", po::value(&options.snippet.max_bytes)->default_value(options.snippet.max_bytes),
       "longest snippet, in bytes of text")
      ("color", po::value(&color)->default_value(color), "highlight with colour: auto, always, never");
  po::options_description hidden;
  hidden.add_options()("query", po::value(&words));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  po::notify(vm);

  std::string query;
  for (const std::string& w : words) query += (query.empty() ? "" : " ") + w;
  if (query.empty()) throw Error(Error::Kind::kUsage, "no QUERY given");
  if (!since.empty()) options.since = parse_date_option("since", since, false);
  if (!until.empty()) options.until = parse_date_option("until", until, true);
  options.sort = parse_sort(sort);
  if (vm.count("all")) options.default_operator = fahras::DefaultOperator::kAnd;
  options.snippets = !vm.count("no-snippets");
  fahras::PrintOptions print;
  print.color = parse_color(color);

  const fahras::Searcher searcher(dbs);
  const fahras::SearchResults results = searcher.search(query, options);
  if (vm.count("json")) {
    fahras::print_json(std::cout, results, print);
  } else {
    fahras::print_text(std::cout, results, options, print);
  }
  std::cout.flush();
  return results.hits.empty() ? 1 : 0;
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
