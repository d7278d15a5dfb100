// Searches a Fahras database from another program, with the search library alone: consumer DB QUERY
// prints the estimate, then rank, id and title of the best three results.
#include <iostream>

#include "fahras/error.h"
#include "fahras/searcher.h"

int main(int argc, char** argv) try {
  if (argc != 3) {
    std::cerr << "usage: consumer DB QUERY\n";
    return 2;
  }
  const fahras::Searcher searcher({argv[1]});
  fahras::SearchOptions options;
  options.limit = 3;
  const fahras::SearchResults results = searcher.search(argv[2], options);
  std::cout << results.estimated << " results\n";
  for (const fahras::Hit& hit : results.hits) std::cout << hit.rank << ' ' << hit.id << ' ' << hit.title.text << '\n';
  return results.hits.empty() ? 1 : 0;
} catch (const fahras::Error& e) {
  std::cerr << "consumer: " << e.what() << '\n';
  return 2;
}
