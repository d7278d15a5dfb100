// fahras-latency: per-query latency of the Searcher library, for bench/speed.
//
// usage: fahras-latency DB QUERIES OUT.json [--k N] [--passes N] [--run FILE] [--snippets both|no|yes]
//   QUERIES: bench/make-speed-queries.py's TSV (qid, kind, fahras query, Lucene query, since, until).
// One warm-up pass, then `passes` rounds, each answering every query without snippets and then with
// them (--snippets both, the default; `no` or `yes` times only that mode, e.g. top 100 without
// snippets; SearchOptions defaults otherwise: ranking as shipped, full query syntax, no collapse, no
// suggestion, top k). Each query is timed around Searcher::search(), which parses, matches, reads the
// documents and builds the snippets.
// Writes OUT.json: per round and mode, p50 / p95 / p99 / mean in ms of wall time, and the same of the
// thread's CPU time ("cpu": steadier than wall time on a shared machine); per kind, the last round
// (with snippets unless --snippets no).
// --run writes the ids found (TREC run lines) for comparing with Lucene's.
// A query fahras-search would refuse (only stopwords) counts as one with no result, and in
// "bad_queries". Exit codes: 0 done, 2 error (bad arguments, unreadable file, database error).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <time.h>

#include <xapian.h>

#include "fahras/error.h"
#include "fahras/searcher.h"

namespace {

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Timings {
  std::vector<double> wall, cpu;  // ms per query
};

struct Query {
  std::string qid, kind, text;
  std::optional<std::int64_t> since, until;
};

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Query> out;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream fields(line);
    for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
    while (cols.size() < 6) cols.emplace_back();
    Query q{cols[0], cols[1], cols[2], {}, {}};
    if (!cols[4].empty()) q.since = std::stoll(cols[4]);
    if (!cols[5].empty()) q.until = std::stoll(cols[5]);
    out.push_back(std::move(q));
  }
  return out;
}

// Nearest-rank percentile, as the Lucene side computes it.
double percentile(std::vector<double> ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  const auto idx = static_cast<std::ptrdiff_t>(std::ceil(p / 100.0 * static_cast<double>(ms.size()))) - 1;
  return ms[static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(idx, 0, static_cast<std::ptrdiff_t>(ms.size()) - 1))];
}

std::string stats(const std::vector<double>& ms) {
  double sum = 0;
  for (double m : ms) sum += m;
  char buf[200];
  std::snprintf(buf, sizeof buf, "{\"p50_ms\": %.4f, \"p95_ms\": %.4f, \"p99_ms\": %.4f, \"mean_ms\": %.4f}",
                percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), ms.empty() ? 0 : sum / static_cast<double>(ms.size()));
  return buf;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 4) {
    std::cerr << "usage: fahras-latency DB QUERIES OUT.json [--k N] [--passes N] [--run FILE] [--snippets both|no|yes]\n";
    return 2;
  }
  std::size_t k = 10;
  int passes = 3;
  std::string run_path, modes = "both";
  for (int i = 4; i < argc; i += 2) {
    const std::string name = argv[i];
    if (i + 1 >= argc) throw std::runtime_error(name + " needs a value");
    if (name == "--k") k = std::stoul(argv[i + 1]);
    else if (name == "--passes") passes = std::stoi(argv[i + 1]);
    else if (name == "--run") run_path = argv[i + 1];
    else if (name == "--snippets") modes = argv[i + 1];
    else throw std::runtime_error("unknown argument " + name);
  }
  if (modes != "both" && modes != "no" && modes != "yes") throw std::runtime_error("--snippets must be both, no or yes");
  const bool time_plain = modes != "yes", time_snippets = modes != "no";
  const fahras::Searcher searcher({argv[1]});
  const std::vector<Query> queries = read_queries(argv[2]);

  std::size_t zero_hits = 0, hits_total = 0, bad_queries = 0;
  std::ostringstream run;
  // Answers every query once; returns each one's milliseconds.
  auto pass = [&](bool snippets, bool record) {
    Timings ms;
    for (const Query& q : queries) {
      fahras::SearchOptions options;
      options.limit = k;
      options.snippets = snippets;
      options.since = q.since;
      options.until = q.until;
      const double c0 = cpu_ms();
      const auto t0 = std::chrono::steady_clock::now();
      fahras::SearchResults results;
      try {
        results = searcher.search(q.text, options);
      } catch (const fahras::Error& e) {
        // A query that is only stopwords ("الـ"): an error, as in fahras-search; Lucene finds nothing.
        if (e.kind() != fahras::Error::Kind::kBadQuery) throw;
        bad_queries += record;
      }
      ms.wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      ms.cpu.push_back(cpu_ms() - c0);
      if (record) {
        zero_hits += results.hits.empty();
        hits_total += results.hits.size();
        for (const fahras::Hit& hit : results.hits) {
          run << q.qid << " Q0 " << hit.id << ' ' << hit.rank << ' ' << hit.score << " fahras\n";
        }
      }
    }
    return ms;
  };
  pass(time_snippets, true);  // warm-up: caches, page cache
  std::ostringstream js;
  Timings last_plain, last_snippets;
  js << "{\"queries\": " << queries.size() << ", \"k\": " << k << ", \"documents\": " << searcher.document_count()
     << ", \"bad_queries\": " << bad_queries << ", \"zero_hit_queries\": " << zero_hits << ", \"hits\": " << hits_total << ", \"passes\": [";
  for (int p = 0; p < passes; ++p) {
    js << (p ? ", " : "") << '{';
    if (time_plain) {
      last_plain = pass(false, false);
      js << "\"no_snippets\": " << stats(last_plain.wall) << ", \"cpu_no_snippets\": " << stats(last_plain.cpu);
    }
    if (time_snippets) {
      last_snippets = pass(true, false);
      js << (time_plain ? ", " : "") << "\"snippets\": " << stats(last_snippets.wall) << ", \"cpu_snippets\": " << stats(last_snippets.cpu);
    }
    js << '}';
  }
  const Timings& last = time_snippets ? last_snippets : last_plain;
  js << "], \"by_kind_snippets\": {";
  std::map<std::string, std::vector<double>> by_kind;
  for (std::size_t i = 0; i < queries.size() && i < last.wall.size(); ++i) by_kind[queries[i].kind].push_back(last.wall[i]);
  bool first = true;
  for (const auto& [kind, ms] : by_kind) {
    js << (first ? "" : ", ") << '"' << kind << "\": " << stats(ms);
    first = false;
  }
  js << "}}\n";
  std::ofstream out(argv[3]);
  out << js.str();
  if (!out) throw std::runtime_error(std::string("cannot write ") + argv[3]);
  if (!run_path.empty()) {
    std::ofstream r(run_path);
    r << run.str();
  }
  std::cout << js.str();
  return 0;
} catch (const fahras::Error& e) {
  std::cerr << "fahras-latency: " << e.what() << '\n';
  return 2;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-latency: " << e.get_description() << '\n';
  return 2;
} catch (const std::exception& e) {
  std::cerr << "fahras-latency: " << e.what() << '\n';
  return 2;
}
