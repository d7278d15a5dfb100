// fahras-search: ranked search over a Fahras database, with highlighted snippets; or, with --serve,
// a search page and JSON API over HTTP. Options are read in cli.cpp.
//
// Exit codes, as grep and ripgrep: 0 the query matches (even when the page asked for, past the
// end or of --limit 0, shows none); 1 no article matches (--show: no article has the id); 2 error
// (bad arguments, bad query, missing or incompatible database, a bad --synonyms file, any other
// failure such as a file system error or memory exhausted; in a batch, any query that failed, the
// others are answered (--queries -: each line answered and flushed as it arrives); --serve: the
// address cannot be bound); 3 a remote database (tcp://) cannot be
// reached or did not answer within --timeout. --serve runs until SIGINT or SIGTERM, then exits 0.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "cli.h"
#include "fahras/error.h"

using fahras::Error;

namespace {

// Answers every query of `in` (qid<TAB>query lines) in turn, each as soon as its line is read, and
// flushes standard output after each answer when `flush` (standard input: a coprocess waits for
// it). Returns the exit code of the batch.
int answer_batch(const fahras::Searcher& searcher, fahras::cli::Cli& cli, std::istream& in, bool flush) {
  bool any_hit = false, any_error = false;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::optional<fahras::QueryLine> q = fahras::parse_query_line(std::move(line), number);
    if (!q) continue;
    cli.print.qid = q->qid;
    try {
      const fahras::SearchResults results = searcher.search(q->text, cli.search);
      any_hit = any_hit || !results.hits.empty() || results.estimated > 0;
      fahras::print_results(std::cout, results, cli.search, cli.print);
    } catch (const Error& e) {
      if (e.kind() != Error::Kind::kBadQuery) throw;
      any_error = true;
      std::cerr << "fahras-search: query " << q->qid << ": " << e.what() << '\n';
      fahras::print_query_error(std::cout, q->text, e.what(), cli.print);
    }
    if (cli.answer_end) std::cout << *cli.answer_end << '\n';
    if (flush) std::cout.flush();
  }
  std::cout.flush();
  return any_error ? 2 : any_hit ? 0 : 1;
}

int answer_batch_file(const fahras::Searcher& searcher, fahras::cli::Cli& cli) {
  const std::string& file = cli.queries_file;
  if (file == "-") return answer_batch(searcher, cli, std::cin, true);
  std::ifstream in(file);
  // A folder opens as a stream that reads nothing: it would be an empty batch, exit 1, no message.
  if (!in || std::filesystem::is_directory(file)) throw Error(Error::Kind::kIo, "cannot read --queries file " + file);
  const int code = answer_batch(searcher, cli, in, false);
  if (in.bad()) throw Error(Error::Kind::kIo, "cannot read --queries file " + file + ": read error");
  return code;
}

}  // namespace

int main(int argc, char** argv) try {
  fahras::cli::Cli cli;
  if (!fahras::cli::parse_args(argc, argv, cli)) return 0;
  if (cli.mode == fahras::cli::Mode::kServe) return fahras::cli::serve(cli.serve);
  const fahras::Searcher searcher(cli.dbs, cli.open);
  if (!cli.synonyms.name.empty()) {
    cli.search.synonyms = std::make_shared<const fahras::Synonyms>(cli.synonyms, searcher.analyzer());
  }
  if (cli.mode == fahras::cli::Mode::kShow) {
    const std::optional<fahras::Article> article = searcher.article(cli.show_id);
    if (!article) {
      std::cerr << "fahras-search: no article has the id " << cli.show_id << '\n';
      return 1;
    }
    fahras::print_article(std::cout, *article, cli.print.format);
    std::cout.flush();
    return 0;
  }
  if (cli.mode == fahras::cli::Mode::kQuery) {
    const fahras::SearchResults results = searcher.search(cli.query, cli.search);
    fahras::print_results(std::cout, results, cli.search, cli.print);
    std::cout.flush();
    return results.hits.empty() && results.estimated == 0 ? 1 : 0;
  }
  return answer_batch_file(searcher, cli);
} catch (const Error& e) {
  std::cerr << "fahras-search: " << e.what() << '\n';
  return e.kind() == Error::Kind::kUnavailable ? 3 : 2;
} catch (const boost::program_options::error& e) {
  std::cerr << "fahras-search: " << e.what() << " (see --help)\n";
  return 2;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-search: " << e.get_description() << '\n';
  return 2;
} catch (const std::exception& e) {  // file system errors, memory exhausted, ICU: still one line, exit 2
  std::cerr << "fahras-search: " << e.what() << '\n';
  return 2;
}
