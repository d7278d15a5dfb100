// Searcher: answers queries over one or more Fahras databases. The library behind fahras-search;
// another program embeds it like this:
//
//   fahras::Searcher searcher({"/var/lib/fahras/db"});
//   fahras::SearchResults results = searcher.search("الانتخابات البلدية", {});
//   for (const fahras::Hit& hit : results.hits) std::cout << hit.id << ' ' << hit.title << '\n';
//
// Searching returns plain structs; printer.h turns them into text or JSON Lines.
// Thread-safety: a Searcher is not thread-safe (it owns Xapian::Database handles); use one per
// thread. Several Searchers may search a database while one Indexer writes it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/analyzer.h"
#include "fahras/article.h"
#include "fahras/query.h"
#include "fahras/snippet.h"
#include "fahras/synonyms.h"

namespace fahras {

enum class SortOrder {
  kRelevance,  // relevance score, best first (ties: newest first)
  kNewest,     // publication date, newest first (undated articles last)
  kOldest,
};

// The weights of the learned re-rank (RankingOptions::rerank), one per feature of searcher/rerank.h:
// an article's score gains (the best score of the match) * sum of weight * feature, each feature in
// [0, 1]. Fitted by bench/rerank-fit (coordinate ascent on MRR@10 over both dev sets, chosen by
// 2-fold cross-validation: bench/RESULTS.md, rows 41 and on).
struct RerankWeights {
  double coord = 0;     // share of the query's idf mass the article holds
  double early = 0;     // that share, each word counted by how early it first occurs
  double adjacent = 0;  // share of neighbouring query-word pairs written as neighbours (idf-weighted)
  double window = 0;    // ... written within 8 words of each other
  double lead = 0;      // ... written as neighbours among the first 50 words
  double exact = 0;     // share of the query's idf mass written in the exact form typed
  double cover = 0;     // largest share of it found together within a window of 12 words or more
  double opening = 0;   // share of it that the title and first 30 words write in like forms
  double further = 0;   // ... that the title and first 150 words write in like forms
};

// How pseudo-relevance feedback adds its terms to the query (RankingOptions::feedback_docs).
enum class FeedbackCombine {
  kOr,        // OR'd: an article that holds only expansion terms matches too
  kAndMaybe,  // OP_AND_MAYBE: they only re-rank the articles the query matches
};

// How relevance is scored. The defaults are the shipped configuration, chosen by bench/relevance
// (see bench/RESULTS.md); the knobs exist for that benchmark's ablations.
struct RankingOptions {
  // "inl2": Xapian's InL2Weight (divergence from randomness: inverse document frequency, Laplace
  // after-effect, length normalisation 2, c = 1). For comparison: "bm25" (with the two parameters
  // below), "bm25+", and the other parameter-free DFR schemes "bb2", "dlh", "dph", "ifb2", "ineb2",
  // "pl2".
  std::string weighting = "inl2";
  double bm25_k1 = 0.9;  // term frequency saturation
  double bm25_b = 0.9;   // document length normalisation
  // Coordination: the top `rerank_depth` results are re-scored as
  // score * (distinct query terms matched / distinct query terms) ^ coord, which rewards an article
  // that matches more of a long query. 0 turns it off.
  double coord = 0;
  double title_weight = 0.5;    // QueryOptions::title_weight
  double exact_weight = 0.3;    // QueryOptions::exact_weight (bench/cv: 0.2-0.3 a plateau)
  double exact_max_share = 0.5; // QueryOptions::exact_max_share (0.7: 1.12x the instructions)
  bool exact_first = true;      // QueryOptions::exact_first: a lone word's typed form ranks first
  bool exact_family = false;    // QueryOptions::exact_family (experimental)
  // QueryOptions::idf_exponent. 0.6: bench/cv chose it in 3 of 4 folds, 0.7 in the other (MRR@10 of
  // the headlines 0.7418 -> 0.7485, 0.7470 held out; questions are not scaled: ARCD lost 0.001-0.004
  // held out when they were). bench/RESULTS.md, row 58.
  double idf_exponent = 0.6;
  double proximity_weight = 0;  // QueryOptions::proximity_weight
  std::size_t rerank_depth = 100;
  // The learned re-rank: the first `learned_depth` results of the match (by relevance) are re-scored
  // by where and how they write the query's words (RerankWeights), with `question_weights` for a
  // query that starts with an interrogative or ends with a question mark, `headline_weights`
  // otherwise. False ranks by the match alone. The shipped weights read one value per result (its
  // opening, schema kOpeningSlot); early, lead and exact read its lead sketch and position lists,
  // the others position lists. Over tcp:// databases each of those reads is a round trip.
  bool learned_rerank = true;
  std::size_t learned_depth = 10;
  // Fitted on the headlines of two outlets' archives, ANT v2.1 (five sources, 2018) and ANT v1.1
  // (JawharaFM, 2014-2017), with ARCD's questions (bench/rerank-fit --model headlines --features
  // opening,further --set arcd-dev --set ant-headlines-dev --set jawhara-headlines): MRR@10 over the
  // match (with idf_exponent) 0.7306 -> 0.7647 on ANT (0.7632 with the weights held out, 4 folds),
  // 0.8289 -> 0.8325 on JawharaFM. Opening alone: 0.7583 and 0.8305 (bench/RESULTS.md, row 75). It
  // replaced early 1.0 and lead 0.2 (0.7492 and 0.8282), which it makes redundant (row 73).
  // Questions are not re-ranked: every feature that lifted the headlines lost on ARCD's questions
  // held out, opening included (rows 41 and on). Depth 10: 20 and 30 rank no better held out (rows
  // 47, 73).
  RerankWeights headline_weights{.opening = 0.7, .further = 0.3};
  RerankWeights question_weights;
  // Pseudo-relevance feedback (searcher/feedback.h), an experiment: the first `feedback_docs`
  // results of the match are taken as relevant, and the `feedback_terms` best terms of Xapian's ESet
  // over them (the index's words, not the query's own) are searched too, each weighing
  // `feedback_weight` of a query word (as wqf: in steps of 1 / kWeightScale, at least one step), and
  // the query is matched again. A query that is not an OR of its words (--all, required words,
  // exclusions, a phrase) is only re-ranked by them, whatever `feedback_combine` says. With kOr,
  // counts include the articles only expansion terms match. 0 turns it off: the default, as it
  // loses held out (bench/RESULTS.md, rows 48 and on). Only for SortOrder::kRelevance.
  std::size_t feedback_docs = 0;
  std::size_t feedback_terms = 10;
  double feedback_weight = 0.2;  // > 0
  FeedbackCombine feedback_combine = FeedbackCombine::kOr;
  // For bench/rerank-fit: each hit of the first `learned_depth` carries its features (Hit::features),
  // and its score is the match's.
  bool features = false;
};

// How a Searcher opens its databases. Each is a path (a database folder, a sharded folder or a Xapian
// stub file) or tcp://HOST:PORT, a database served by xapian-tcpsrv (docs/scaling.md).
struct OpenOptions {
  std::chrono::milliseconds connect_timeout{2000};  // to connect to a remote database
  // For every answer of a remote database (opening, a search, a document): past it, the database
  // counts as down.
  std::chrono::milliseconds timeout{10000};
  // When some databases are down: search the others, and name each one left out in
  // SearchResults::warnings, instead of failing with Error kUnavailable.
  bool allow_partial = false;
};

struct SearchOptions {
  std::size_t offset = 0;  // skip this many results
  std::size_t limit = 10;  // return at most this many
  std::optional<std::int64_t> since;  // only articles published at or after (seconds, UTC)
  std::optional<std::int64_t> until;  // ... at or before
  SortOrder sort = SortOrder::kRelevance;
  // Only articles from one of `sources` and in one of `categories` (each list ignored when empty),
  // matched exactly as the query syntax's source:x and category:x are (query.h field_filter). They
  // are fields, not query text, so a program can pass what a user typed without quoting it.
  std::vector<std::string> sources;
  std::vector<std::string> categories;
  DefaultOperator default_operator = DefaultOperator::kOr;
  QuerySyntax syntax = QuerySyntax::kFull;
  bool snippets = true;
  // Mark the matching words of each title (Hit::title.highlights). Output without highlights (TREC,
  // TSV, ids) turns it off and, with snippets off too, reads only each result's header (schema.h).
  bool highlights = true;
  SnippetOptions snippet;
  RankingOptions ranking;
  // Keep only the best of articles with the same text (schema::kBodySlot): the same story published
  // under several ids. Off by default in the library; fahras-search turns it on for people.
  bool collapse = false;
  // Fold near-duplicates (near_duplicate.h): the same story republished or slightly reworded shows
  // once, as its best-ranked article, with the others in Hit::like_this. The first
  // max(fold_window, offset + limit) results are ranked as without folding, then walked in order: a
  // result whose signature agrees with that of an earlier shown one (kFoldSimilarity) is folded
  // under it; the page is cut from the results shown. So a result's place depends only on those
  // ranked before it, pages agree with each other, and Hit::like_this counts the articles folded
  // among those results (not every matching article of the story). Past kMaxFoldDepth results,
  // nothing is folded. Off by default in the library; fahras-search turns it on for people (text,
  // JSON, the page), not for TREC runs, TSV, ids or counts. It acts after `collapse`, which hides
  // identical texts over all the matches; counts (`estimated`, facets) are of articles either way.
  bool fold = false;
  // Twice the default page: folding among the first 100 cost 1.5x the p95 of a JSON batch of
  // headlines, among the first 20 1.2x (bench/RESULTS.md, "Wire stories folded").
  std::size_t fold_window = 20;
  // Count the matches exactly (SearchResults::exact): the match then visits every matching article,
  // which costs more for a broad query (bench/RESULTS.md). Without it the count is Xapian's estimate
  // unless the match happened to visit them all; a page with no results always gets an exact count.
  // With collapse, Xapian's counts are estimates whatever it visits, so an exact count (this, facets,
  // an empty page) takes a second, unweighted match that fetches every result.
  bool exact_count = false;
  // Count the matches per source, category and year (SearchResults::facets). The match then visits
  // every matching article, so SearchResults::estimated is exact (and a broad query slower).
  // Needs a database of schema 3 (Error kDatabase otherwise: re-index with --rebuild).
  bool facets = false;
  // Offer a corrected query when a word looks misspelt (SearchResults::suggestion; see suggest.h).
  bool suggest = false;
  // Query words in a group of synonyms search the whole group (synonyms.h). It must have been built
  // with the databases' analyser (Searcher::analyzer()); Error kUsage otherwise.
  std::shared_ptr<const Synonyms> synonyms;
  // Query words also search their spellings that the database's variants index knows (ترمب:
  // ترامب; Facebook: فيسبوك), weighted below the word as typed (query.h, kVariantWeightDivisor);
  // SearchResults::variants says which. A word in a group of `synonyms` searches its group instead.
  // Databases before schema 5 have no variants.
  // On by default: of 100 entries of ANT v2.1's table checked by hand, 96 are right, and the dev
  // sets neither gain nor lose (bench/RESULTS.md, "Name variants").
  bool variants = true;
};

// "relevance" -> kRelevance, "date" or "newest" -> kNewest, "oldest" -> kOldest; nothing otherwise.
std::optional<SortOrder> parse_sort_order(std::string_view name);

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result of the whole list
  std::string id;
  double score = 0;
  Snippet title;  // the whole title, with matching words marked
  std::string source;
  std::string category;
  std::string author;
  std::optional<std::int64_t> date;  // seconds since the epoch, UTC
  std::string url;
  std::string path;
  Snippet snippet;  // empty when SearchOptions::snippets is false
  // With SearchOptions::fold: the ids of the results folded under this one (the same story), in
  // rank order; "N more like this" is their number.
  std::vector<std::string> like_this;
  // With RankingOptions::features: the match's score, then the re-rank's features (rerank.h) and
  // whether the query counts as a question (1 or 0). Empty otherwise.
  std::vector<double> features;
};

// How deep SearchOptions::fold looks: results ranked past it are shown unfolded (folding compares
// every result with every shown one).
inline constexpr std::size_t kMaxFoldDepth = 5000;

// One value of a facet and how many matching articles have it.
struct FacetCount {
  std::string value;  // "Jawhara FM", "politic", "2018"
  std::uint64_t count = 0;
};

// Counts over every matching article (not only the page returned). An article without a source,
// category or date is counted in no bucket of that facet. With SearchOptions::collapse, articles
// hidden as repeats of a better one are counted too: facets count articles, not stories.
struct Facets {
  std::vector<FacetCount> sources;     // most first; spellings that filter alike are one value
  std::vector<FacetCount> categories;  // likewise
  std::vector<FacetCount> years;       // newest first
};

struct SearchResults {
  std::string query;   // as given
  std::string parsed;  // the Xapian query it became, for debugging
  // The number of matching articles (with SearchOptions::collapse, of those not hidden as repeats):
  // exact when `exact`, else Xapian's estimate. (Named before exact counts existed.)
  std::uint64_t estimated = 0;
  // True iff `estimated` is the exact count: with SearchOptions::exact_count or ::facets, when the
  // page is empty (an offset past the end, a limit of 0, no match), or when the match saw every match.
  bool exact = false;
  // With collapse and an exact count: matching articles hidden as repeats of a better one (facets
  // count them; estimated does not).
  std::uint64_t repeats = 0;
  std::vector<Hit> hits;
  // Wall time of Searcher::search(): parsing, matching, facets, the suggestion, reading the documents
  // and the snippets, and any retry after a database changed or a remote one did not answer.
  std::chrono::nanoseconds elapsed{0};
  // One line per database left out (OpenOptions::allow_partial), e.g. "tcp://host:4000 left out:
  // it does not answer (...)": the results are then those of the others.
  std::vector<std::string> warnings;
  // With SearchOptions::suggest: the query with misspelt words corrected, or "" when it looks right.
  std::string suggestion;
  std::optional<Facets> facets;  // with SearchOptions::facets
  // The query words that searched variants too (SearchOptions::variants), and which, in query order.
  std::vector<WordVariants> variants;
};

class Searcher {
 public:
  // Opens the databases (searched as one, with global ranking statistics: the same query gives the
  // same results in the same order over one database and over its shards, local or remote). Throws
  // Error kDatabase when a path is not a Fahras database, or was built by an analyser this build
  // does not have; kUsage for a malformed tcp:// address; kUnavailable when a remote database
  // cannot be reached (unless OpenOptions::allow_partial, and another one can).
  explicit Searcher(const std::vector<std::string>& db_paths, const OpenOptions& open = {});
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  // Throws Error (kBadQuery) for a malformed query or an empty source or category filter;
  // kUnavailable when a remote database stops answering (see OpenOptions::allow_partial).
  SearchResults search(std::string_view query, const SearchOptions& options) const;

  // Moves to the latest revision an indexer has committed, so that a long-lived Searcher (a server's)
  // sees new articles. Cheap when nothing changed.
  void reopen();

  // The stored article whose id is `id` (exactly, as fahras-search --show and the query id:DOCNO
  // take it), or nothing when no database holds it. Throws as search() does for a database error.
  std::optional<Article> article(std::string_view id) const;

  // The Arabic part of the variants table as queries see it: every word of the databases' variants
  // index that would search other spellings, with them (SearchOptions::variants), sorted by word.
  // For checking the table (bench/variants-table); reads the whole index.
  std::vector<WordVariants> variant_table() const;

  // The analyser that built the databases (and so analyses queries).
  const Analyzer& analyzer() const;
  std::uint64_t document_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
