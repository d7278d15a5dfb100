#include "feedback.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fahras/query.h"

namespace fahras::feedback {
namespace {

// Xapian counts in 32 bits: a larger count would wrap around.
Xapian::termcount clamp_count(std::size_t n) {
  return static_cast<Xapian::termcount>(std::min<std::size_t>(n, std::numeric_limits<Xapian::termcount>::max()));
}

}  // namespace

bool ArticleWords::operator()(const std::string& term) const {
  if (term.empty() || (term.front() >= 'A' && term.front() <= 'Z')) return false;  // a field's term
  return term.find_first_not_of("0123456789") != std::string::npos;
}

std::vector<std::string> expansion_terms(Xapian::Enquire& enquire, const RankingOptions& r) {
  if (r.feedback_docs == 0 || r.feedback_terms == 0) return {};
  // Relevance alone: ties at the last feedback article fall to document ids (a cheaper match than
  // rank()'s tie rule; the expansion is an experiment).
  const Xapian::MSet first = enquire.get_mset(0, clamp_count(r.feedback_docs));
  if (first.empty() || first.get_max_possible() == 0) return {};
  Xapian::RSet feedback;
  for (Xapian::MSetIterator it = first.begin(); it != first.end(); ++it) feedback.add_document(*it);
  const ArticleWords keep;
  // Without Enquire::INCLUDE_QUERY_TERMS, terms the query already searches are left out.
  const Xapian::ESet eset = enquire.get_eset(clamp_count(r.feedback_terms), feedback, &keep);
  std::vector<std::string> out;
  for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it) out.push_back(*it);
  return out;
}

Xapian::Query expand(const Xapian::Query& query, const std::vector<std::string>& terms, const RankingOptions& r) {
  if (terms.empty()) return query;
  // A weight as wqf, not OP_SCALE_WEIGHT (see kWeightScale: Xapian 1.4's InL2 bound).
  const auto wqf = std::max<Xapian::termcount>(1, static_cast<Xapian::termcount>(std::lround(r.feedback_weight * kWeightScale)));
  std::vector<Xapian::Query> added;
  added.reserve(terms.size());
  for (const std::string& term : terms) added.emplace_back(term, wqf);
  const Xapian::Query more(Xapian::Query::OP_OR, added.begin(), added.end());
  const Xapian::Query::op type = query.get_type();
  const bool any_word = type == Xapian::Query::OP_OR || type == Xapian::Query::OP_SYNONYM ||
                        type == Xapian::Query::LEAF_TERM;
  const bool widen = r.feedback_combine == FeedbackCombine::kOr && any_word;
  return Xapian::Query(widen ? Xapian::Query::OP_OR : Xapian::Query::OP_AND_MAYBE, query, more);
}

}  // namespace fahras::feedback
