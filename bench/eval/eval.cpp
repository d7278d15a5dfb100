#include "eval.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace fahras::eval {

Qrels read_qrels(std::istream& in) {
  Qrels qrels;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string qid, iteration, docid;
    int grade;
    if (!(fields >> qid >> iteration >> docid >> grade)) {
      throw std::runtime_error("qrels line " + std::to_string(n) + " is not 'qid 0 docid grade'");
    }
    qrels[qid][docid] = grade;
  }
  return qrels;
}

Run read_run(std::istream& in) {
  std::map<std::string, std::vector<std::pair<long, std::string>>> ranked;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string qid, q0, docid;
    long rank;
    if (!(fields >> qid >> q0 >> docid >> rank)) {
      throw std::runtime_error("run line " + std::to_string(n) + " is not 'qid Q0 docid rank score tag'");
    }
    ranked[qid].emplace_back(rank, docid);
  }
  Run run;
  for (auto& [qid, docs] : ranked) {
    std::stable_sort(docs.begin(), docs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& doc : docs) run[qid].push_back(std::move(doc.second));
  }
  return run;
}

std::map<std::string, Metrics> evaluate_each(const Qrels& qrels, const Run& run) {
  std::map<std::string, Metrics> out;
  for (const auto& [qid, judged] : qrels) {
    std::vector<int> grades;
    for (const auto& [doc, grade] : judged) {
      if (grade > 0) grades.push_back(grade);
    }
    if (grades.empty()) continue;  // a query with no relevant document cannot be scored
    Metrics& m = out[qid];
    m.queries = 1;
    auto it = run.find(qid);
    if (it == run.end() || it->second.empty()) continue;
    ++m.answered;
    const std::vector<std::string>& docs = it->second;

    double dcg = 0;
    std::size_t found10 = 0, found100 = 0;
    bool first = true;
    for (std::size_t i = 0; i < docs.size() && i < 100; ++i) {
      auto g = judged.find(docs[i]);
      if (g == judged.end() || g->second <= 0) continue;
      if (i < 10) {
        if (first) m.mrr10 += 1.0 / static_cast<double>(i + 1);
        dcg += g->second / std::log2(static_cast<double>(i + 2));
        ++found10;
      }
      first = false;
      ++found100;
    }
    std::sort(grades.rbegin(), grades.rend());
    double ideal = 0;
    for (std::size_t i = 0; i < grades.size() && i < 10; ++i) {
      ideal += grades[i] / std::log2(static_cast<double>(i + 2));
    }
    m.ndcg10 += dcg / ideal;
    m.recall10 += static_cast<double>(found10) / static_cast<double>(grades.size());
    m.recall100 += static_cast<double>(found100) / static_cast<double>(grades.size());
  }
  return out;
}

Metrics evaluate(const Qrels& qrels, const Run& run) {
  Metrics m;
  for (const auto& [qid, one] : evaluate_each(qrels, run)) {
    ++m.queries;
    m.answered += one.answered;
    m.mrr10 += one.mrr10;
    m.ndcg10 += one.ndcg10;
    m.recall10 += one.recall10;
    m.recall100 += one.recall100;
  }
  if (m.queries > 0) {
    const auto n = static_cast<double>(m.queries);
    m.mrr10 /= n;
    m.ndcg10 /= n;
    m.recall10 /= n;
    m.recall100 /= n;
  }
  return m;
}

}  // namespace fahras::eval
