// The printer component from another program: json-consumer DB QUERY prints the best result as the
// JSON of a fahras-search --json match.
#include <iostream>

#include <nlohmann/json.hpp>

#include "fahras/error.h"
#include "fahras/printer.h"
#include "fahras/searcher.h"

int main(int argc, char** argv) try {
  if (argc != 3) {
    std::cerr << "usage: json-consumer DB QUERY\n";
    return 2;
  }
  const fahras::Searcher searcher({argv[1]});
  fahras::SearchOptions options;
  options.limit = 1;
  const fahras::SearchResults results = searcher.search(argv[2], options);
  if (results.hits.empty()) return 1;
  std::cout << fahras::match_json(results.hits.front()).dump() << '\n';
  return 0;
} catch (const fahras::Error& e) {
  std::cerr << "json-consumer: " << e.what() << '\n';
  return 2;
}
