// fahras-near-duplicates DOCS.jsonl [FLOOR]: every pair of articles of a JSON Lines file (id, body or
// text, abstract) whose near-duplicate signatures (fahras/near_duplicate.h, computed with the default
// analyser, as fahras-index stores them in schema::kClusterSlot) agree on at least FLOOR of their entries
// (default 0.1), one line per pair, most similar first:
//   similarity<TAB>id<TAB>id
// bench/near-duplicates/sample.py draws from it the pairs judged by hand in
// bench/near-duplicates.tsv. Candidates are the pairs sharing at least one MinHash entry (a pair at
// 0.1 shares none with probability 0.9^64, about 0.1%); an entry shared by more than 1,000 articles
// (a stock phrase) is skipped, so a pair agreeing only on such entries may be missed.
//
// Exit codes: 0 done, 2 bad arguments or the file cannot be read.
#include <fstream>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fahras/near_duplicate.h"
#include "fahras/analyzer.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: fahras-near-duplicates DOCS.jsonl [FLOOR]\n";
    return 2;
  }
  const double floor = argc == 3 ? std::atof(argv[2]) : 0.1;
  try {
    std::ifstream in(argv[1]);
    if (!in) {
      std::cerr << "fahras-near-duplicates: cannot read " << argv[1] << '\n';
      return 2;
    }
    const fahras::Analyzer analyzer;
    std::vector<std::string> ids, signatures;
    for (std::string line; std::getline(in, line);) {
      const nlohmann::json doc = nlohmann::json::parse(line);
      std::string text = doc.value("body", doc.value("text", std::string()));
      if (text.empty()) text = doc.value("abstract", std::string());
      std::string signature = fahras::near_duplicate_signature(analyzer.analyze(text));
      if (signature.empty()) continue;
      ids.push_back(doc.at("id").get<std::string>());
      signatures.push_back(std::move(signature));
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
    for (std::size_t k = 0; k < fahras::kMinHashes; ++k) {
      std::unordered_map<std::string, std::vector<std::uint32_t>> buckets;
      for (std::uint32_t d = 0; d < signatures.size(); ++d) buckets[signatures[d].substr(4 * k, 4)].push_back(d);
      for (const auto& [entry, docs] : buckets) {
        if (docs.size() > 1000) continue;
        for (std::size_t i = 0; i < docs.size(); ++i)
          for (std::size_t j = i + 1; j < docs.size(); ++j) candidates.emplace_back(docs[i], docs[j]);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::vector<std::pair<double, std::pair<std::uint32_t, std::uint32_t>>> pairs;
    for (const auto& [a, b] : candidates) {
      const double s = fahras::signature_similarity(signatures[a], signatures[b]);
      if (s >= floor) pairs.push_back({s, {a, b}});
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (const auto& [s, p] : pairs) std::printf("%.4f\t%s\t%s\n", s, ids[p.first].c_str(), ids[p.second].c_str());
    std::fprintf(stderr, "%zu articles with a signature, %zu candidate pairs, %zu at %.2f or more\n", ids.size(),
                 candidates.size(), pairs.size(), floor);
  } catch (const std::exception& e) {
    std::cerr << "fahras-near-duplicates: " << argv[1] << ": " << e.what() << '\n';
    return 2;
  }
  return 0;
}
