// fahras-search's command line: options into a plain struct, and the --serve mode. Private to the
// fahras-search binary; main.cpp calls these and maps the outcome to an exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fahras/printer.h"
#include "fahras/searcher.h"
#include "fahras/server.h"

namespace fahras::cli {

enum class Mode { kQuery, kBatch, kServe, kShow };

struct Cli {
  Mode mode = Mode::kQuery;
  std::vector<std::string> dbs;
  OpenOptions open;
  std::string query;
  std::string queries_file;  // kBatch
  std::optional<std::string> answer_end;  // kBatch: a line printed after each query's answer (--answer-end)
  std::string show_id;       // kShow: the id of the article to print
  SearchOptions search;
  PrintOptions print;
  SynonymFile synonyms;  // --synonyms, read but not yet analysed (that needs the database's analyser)
  ServeOptions serve;  // kServe: address, databases and search defaults
};

// Fills `cli` from the arguments. Returns false when only --help was asked for (and printed).
// Throws Error (kUsage) or boost::program_options::error, each with a one-line message.
bool parse_args(int argc, char** argv, Cli& cli);

// Serves the search page until SIGINT or SIGTERM, then returns 0. Prints the URL on stdout once it
// listens. Throws Error when the address cannot be bound or a database cannot be opened.
int serve(const ServeOptions& options);

}  // namespace fahras::cli
