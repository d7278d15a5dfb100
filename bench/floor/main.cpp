// fahras-floor: how fast Xapian alone writes the documents of fahras-index, for bench/speed --floor.
//
// usage: fahras-floor DOCS DB [--spelling] [--dangerous] [--batch-size N]
//
// Reads DOCS (any file fahras-index reads, e.g. a JSON Lines file), builds every article's document
// in memory first with fahras' own DocumentBuilder (the same terms, wdf, positions, values and
// data; default options), then times only Xapian writing them into a new database at DB through
// the calls fahras-index makes: replace_document() by unique id term, in one unflushed transaction
// followed by a commit (as fahras-index writes the articles of one file), or one per --batch-size
// documents. With --spelling, the
// documents' spelling words too, summed per commit and applied as fahras does (add_spelling per
// distinct word). --dangerous opens with Xapian::DB_DANGEROUS | DB_NO_SYNC. XAPIAN_FLUSH_THRESHOLD
// is left as the environment has it (fahras-index sets it from --memory: 1024 at 64 MiB).
//
// Prints one JSON object on standard output: {"documents", "build_seconds", "seconds",
// "cpu_seconds"}, where seconds and cpu_seconds (user + system of the process, the steadier figure
// on a shared machine) are those of the writing alone. Exit codes: 0 done, 2 error.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "document_builder.h"
#include "fahras/error.h"
#include "fahras/reader.h"
#include "fahras/schema.h"

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: fahras-floor DOCS DB [--spelling] [--dangerous] [--batch-size N]\n";
    return 2;
  }
  bool spelling = false, dangerous = false;
  std::size_t batch = SIZE_MAX;  // one file: one transaction
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--spelling") {
      spelling = true;
    } else if (a == "--dangerous") {
      dangerous = true;
    } else if (a == "--batch-size" && i + 1 < argc) {
      batch = std::strtoul(argv[++i], nullptr, 10);
      if (batch == 0) throw fahras::Error(fahras::Error::Kind::kUsage, "--batch-size must be positive");
    } else {
      throw fahras::Error(fahras::Error::Kind::kUsage, "unknown argument '" + a + "'");
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const fahras::FileContents contents = fahras::read_file(argv[1]);
  if (!contents.error.empty()) throw fahras::Error(fahras::Error::Kind::kIo, std::string(argv[1]) + ": " + contents.error);
  const fahras::indexer_detail::DocumentBuilder builder({});
  const std::string file_term = fahras::schema::file_term(argv[1]);
  std::vector<std::pair<std::string, fahras::indexer_detail::BuiltDocument>> documents;
  documents.reserve(contents.articles.size());
  for (const fahras::Article& article : contents.articles) {
    documents.emplace_back(fahras::schema::unique_id_term(article.id), builder.build(article, file_term, spelling));
  }
  const double built = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const double cpu_before = cpu_seconds();
  const auto write_start = std::chrono::steady_clock::now();
  int flags = Xapian::DB_CREATE_OR_OVERWRITE;
  if (dangerous) flags |= Xapian::DB_DANGEROUS | Xapian::DB_NO_SYNC;
  Xapian::WritableDatabase db(argv[2], flags);
  std::unordered_map<std::string, std::int64_t> words;
  for (std::size_t first = 0; first < documents.size(); first += batch) {
    db.begin_transaction(/*flushed=*/false);
    for (std::size_t i = first; i < std::min(documents.size(), first + batch); ++i) {
      db.replace_document(documents[i].first, documents[i].second.document);
      for (const std::string& w : documents[i].second.spelling) ++words[w];
    }
    db.commit_transaction();
    std::map<std::string, std::int64_t> sorted(words.begin(), words.end());
    for (const auto& [word, n] : sorted) db.add_spelling(word, static_cast<Xapian::termcount>(n));
    words.clear();
    db.commit();
  }
  db.close();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  std::printf("{\"documents\": %zu, \"build_seconds\": %.3f, \"seconds\": %.3f, \"cpu_seconds\": %.3f}\n",
              documents.size(), built, seconds, cpu_seconds() - cpu_before);
  return 0;
} catch (const fahras::Error& e) {
  std::cerr << "fahras-floor: " << e.what() << '\n';
  return 2;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-floor: " << e.get_description() << '\n';
  return 2;
}
