// Relevance evaluation of TREC runs against TREC qrels: the figures bench/relevance prints.
//
// Conventions (as trec_eval's): every query in the qrels counts, a query the run does not answer
// scores 0; a document is relevant when its qrels grade is > 0; gains for nDCG are the grades
// themselves, discounted by log2(rank + 1). The run's results for a query are taken in rank order.
// Pure functions, thread-safe.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

namespace fahras::eval {

// qid -> docid -> grade
using Qrels = std::map<std::string, std::map<std::string, int>>;
// qid -> docids in rank order
using Run = std::map<std::string, std::vector<std::string>>;

struct Metrics {
  double mrr10 = 0;
  double ndcg10 = 0;
  double recall10 = 0;
  double recall100 = 0;
  std::size_t queries = 0;           // queries in the qrels
  std::size_t answered = 0;          // of which the run has at least one result
};

// Reads "qid 0 docid grade" lines. Throws std::runtime_error naming the line on a malformed one.
Qrels read_qrels(std::istream& in);
// Reads "qid Q0 docid rank score tag" lines; orders each query's documents by rank.
Run read_run(std::istream& in);

// The figures averaged over the queries of `qrels` that have a relevant document.
Metrics evaluate(const Qrels& qrels, const Run& run);

// The same figures for each such query alone (queries 1, answered 0 or 1), by qid: what
// cross-validation (bench/cv) averages over folds of the queries.
std::map<std::string, Metrics> evaluate_each(const Qrels& qrels, const Run& run);

}  // namespace fahras::eval
