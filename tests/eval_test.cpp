// The relevance evaluator, against figures computed by hand.
#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

#include "eval.h"

namespace fahras::eval {
namespace {

// Three queries. q1: relevant d2 (grade 1) and d5 (grade 2); the run ranks d1 d2 d3 d4 d5.
// q2: relevant d9 at rank 12 of the run. q3: relevant d7, which the run does not answer at all.
// q4: only a non-relevant judgement, so it is not scored.
constexpr const char* kQrels =
    "q1 0 d2 1\nq1 0 d5 2\nq1 0 d1 0\n"
    "q2 0 d9 1\n"
    "q3 0 d7 1\n"
    "q4 0 d1 0\n";

std::string run_text() {
  std::string run = "q1 Q0 d5 5 0.1 t\nq1 Q0 d1 1 0.9 t\nq1 Q0 d2 2 0.8 t\nq1 Q0 d3 3 0.7 t\nq1 Q0 d4 4 0.6 t\n";
  // Appended piece by piece: std::string("x") + y trips GCC 12's false -Wrestrict at -O3 (bug 105329).
  for (int r = 1; r <= 12; ++r) {
    run.append("q2 Q0 ").append(r == 12 ? "d9" : "x").append(r == 12 ? "" : std::to_string(r));
    run.append(" ").append(std::to_string(r)).append(" 1 t\n");
  }
  return run;
}

TEST(EvalTest, MatchesHandComputedFigures) {
  std::istringstream qrels_in(kQrels), run_in(run_text());
  const Metrics m = evaluate(read_qrels(qrels_in), read_run(run_in));
  EXPECT_EQ(m.queries, 3u);
  EXPECT_EQ(m.answered, 2u);
  // q1: first relevant at rank 2 -> 1/2; q2: rank 12 is beyond 10 -> 0; q3: 0.
  EXPECT_NEAR(m.mrr10, (0.5 + 0 + 0) / 3, 1e-12);
  // q1: DCG = 1/log2(3) + 2/log2(6); IDCG = 2/log2(2) + 1/log2(3).
  const double q1_ndcg = (1 / std::log2(3.0) + 2 / std::log2(6.0)) / (2 + 1 / std::log2(3.0));
  EXPECT_NEAR(m.ndcg10, q1_ndcg / 3, 1e-12);
  EXPECT_NEAR(m.recall10, (1.0 + 0 + 0) / 3, 1e-12);   // q1 finds both in its top 10
  EXPECT_NEAR(m.recall100, (1.0 + 1.0 + 0) / 3, 1e-12);  // q2 finds d9 at rank 12
}

// Per query, as bench/cv averages them over folds: the same figures, one query at a time; the
// unscored q4 is absent and the unanswered q3 scores 0.
TEST(EvalTest, EachQueryAloneAveragesToTheWhole) {
  std::istringstream qrels_in(kQrels), run_in(run_text());
  const auto each = evaluate_each(read_qrels(qrels_in), read_run(run_in));
  ASSERT_EQ(each.size(), 3u);
  EXPECT_EQ(each.count("q4"), 0u);
  EXPECT_NEAR(each.at("q1").mrr10, 0.5, 1e-12);
  EXPECT_NEAR(each.at("q2").mrr10, 0, 1e-12);
  EXPECT_NEAR(each.at("q2").recall100, 1, 1e-12);
  EXPECT_EQ(each.at("q3").answered, 0u);
  EXPECT_NEAR(each.at("q3").recall100, 0, 1e-12);
  EXPECT_EQ(each.at("q1").answered + each.at("q2").answered, 2u);
}

TEST(EvalTest, MalformedLinesAreErrors) {
  std::istringstream bad_qrels("q1 0 d1\n");
  EXPECT_THROW(read_qrels(bad_qrels), std::runtime_error);
  std::istringstream bad_run("q1 Q0 d1 first 0.5 t\n");
  EXPECT_THROW(read_run(bad_run), std::runtime_error);
}

}  // namespace
}  // namespace fahras::eval
