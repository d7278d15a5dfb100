// fahras-variants-table DB: the variants table of a database as queries see it, one word a line,
// "word<TAB>variant, variant" (Searcher::variant_table()); then, for the words of a sample given as
// further arguments (Latin ones too), the variants a query for each searches. For checking the
// table by hand (bench/variants-sample.md).
#include <iostream>

#include "fahras/error.h"
#include "fahras/searcher.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: fahras-variants-table DB [WORD...]\n";
    return 2;
  }
  try {
    const fahras::Searcher searcher({argv[1]});
    if (argc == 2) {
      for (const fahras::WordVariants& w : searcher.variant_table()) {
        std::cout << w.word << '\t';
        for (std::size_t i = 0; i < w.variants.size(); ++i) std::cout << (i ? ", " : "") << w.variants[i];
        std::cout << '\n';
      }
      return 0;
    }
    fahras::SearchOptions options;
    options.limit = 0;
    options.snippets = false;
    for (int i = 2; i < argc; ++i) {
      const fahras::SearchResults results = searcher.search(argv[i], options);
      std::cout << argv[i] << '\t';
      for (const fahras::WordVariants& w : results.variants) {
        for (std::size_t j = 0; j < w.variants.size(); ++j) std::cout << (j ? ", " : "") << w.variants[j];
      }
      std::cout << '\n';
    }
  } catch (const fahras::Error& e) {
    std::cerr << "fahras-variants-table: " << e.what() << '\n';
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "fahras-variants-table: " << e.get_description() << '\n';
    return 2;
  }
  return 0;
}
