// fahras-eval [--per-query] QRELS RUN: prints MRR@10, nDCG@10, Recall@10 and Recall@100 of a TREC
// run; with --per-query, one line per query instead ("qid mrr@10 ndcg@10 recall@10 recall@100"), for
// cross-validation (bench/cv).
// Exit codes: 0 done, 2 error (unreadable or malformed file, bad arguments).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "eval.h"

int main(int argc, char** argv) try {
  const bool per_query = argc == 4 && std::strcmp(argv[1], "--per-query") == 0;
  if (argc != 3 && !per_query) {
    std::cerr << "usage: fahras-eval [--per-query] QRELS RUN\n";
    return 2;
  }
  const char* qrels_path = argv[argc - 2];
  const char* run_path = argv[argc - 1];
  std::ifstream qrels_in(qrels_path), run_in(run_path);
  if (!qrels_in) throw std::runtime_error(std::string("cannot read ") + qrels_path);
  if (!run_in) throw std::runtime_error(std::string("cannot read ") + run_path);
  const auto qrels = fahras::eval::read_qrels(qrels_in);
  const auto run = fahras::eval::read_run(run_in);
  if (per_query) {
    for (const auto& [qid, m] : fahras::eval::evaluate_each(qrels, run)) {
      std::printf("%s %.6f %.6f %.6f %.6f\n", qid.c_str(), m.mrr10, m.ndcg10, m.recall10, m.recall100);
    }
    return 0;
  }
  const auto m = fahras::eval::evaluate(qrels, run);
  std::printf("queries %zu answered %zu mrr@10 %.4f ndcg@10 %.4f recall@10 %.4f recall@100 %.4f\n",
              m.queries, m.answered, m.mrr10, m.ndcg10, m.recall10, m.recall100);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "fahras-eval: " << e.what() << '\n';
  return 2;
}
