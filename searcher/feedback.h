// Pseudo-relevance feedback (RankingOptions::feedback_docs; private to the library): the query is
// matched once, its first results are taken as relevant (a Xapian::RSet), and the terms Xapian's
// ESet ranks highest among them are added to the query, each weighted below a query word, before the
// query is matched again. An experiment measured in bench/RESULTS.md (rows 51-55), off by default.
//
// Thread-safety: uses the Enquire and its databases as a Searcher does: one per thread.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "fahras/searcher.h"

namespace fahras::feedback {

// Keeps the terms an expansion may add: the index's own words (unprefixed terms: body, title and
// abstract, already stemmed, with no stopword since stopwords have no term), not field terms (S, XE,
// Q, XSRC: schema.h) and not numbers.
class ArticleWords final : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override;
};

// The expansion terms for the query `enquire` holds (its weighting and collapse key as set): the
// `r.feedback_terms` terms of the ESet of its first `r.feedback_docs` results that ArticleWords keeps
// and the query does not already search, best first. Empty when the query matches nothing or weighs
// nothing (filters alone). Leaves `enquire`'s query as it was.
std::vector<std::string> expansion_terms(Xapian::Enquire& enquire, const RankingOptions& r);

// `query` with `terms` added: OR'd, each at wqf r.feedback_weight * kWeightScale (a body query word
// has kWeightScale), so that an article that holds only them matches too (FeedbackCombine::kOr), or
// only re-ranking the articles the query matches (kAndMaybe). A query whose top is not an OR of its
// words (--all, required words, exclusions, a phrase) is always only re-ranked: the expansion must
// not bring in what the query leaves out. Returns `query` unchanged when `terms` is empty.
Xapian::Query expand(const Xapian::Query& query, const std::vector<std::string>& terms, const RankingOptions& r);

}  // namespace fahras::feedback
