// fahras-eval QRELS RUN: prints MRR@10, nDCG@10, Recall@10 and Recall@100 of a TREC run.
// Exit codes: 0 done, 2 error (unreadable or malformed file).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "eval.h"

int main(int argc, char** argv) try {
  if (argc != 3) {
    std::cerr << "usage: fahras-eval QRELS RUN\n";
    return 2;
  }
  std::ifstream qrels_in(argv[1]), run_in(argv[2]);
  if (!qrels_in) throw std::runtime_error(std::string("cannot read ") + argv[1]);
  if (!run_in) throw std::runtime_error(std::string("cannot read ") + argv[2]);
  const auto m = fahras::eval::evaluate(fahras::eval::read_qrels(qrels_in), fahras::eval::read_run(run_in));
  std::printf("queries %zu answered %zu mrr@10 %.4f ndcg@10 %.4f recall@10 %.4f recall@100 %.4f\n",
              m.queries, m.answered, m.mrr10, m.ndcg10, m.recall10, m.recall100);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "fahras-eval: " << e.what() << '\n';
  return 2;
}
