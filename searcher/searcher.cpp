#include "fahras/searcher.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <thread>

#include <xapian.h>

#include "facets.h"
#include "feedback.h"
#include "fahras/error.h"
#include "fahras/near_duplicate.h"
#include "fahras/schema.h"
#include "rerank.h"
#include "suggest.h"
#include "variants.h"

namespace fahras {
namespace {

// How often a search is retried when an indexer commits under it (Xapian::DatabaseModifiedError).
// An indexer committing every few articles can win several races in a row against a slow reader
// (seen under ASan), so retries are many, each after a pause that grows by a millisecond.
constexpr int kReopenAttempts = 50;

constexpr std::string_view kRemoteScheme = "tcp://";

bool is_remote(const std::string& path) { return path.starts_with(kRemoteScheme); }

// "tcp://HOST:PORT" (HOST may be "[::1]") -> HOST, PORT; Error kUsage otherwise.
std::pair<std::string, unsigned> parse_remote(const std::string& address) {
  const std::string rest = address.substr(kRemoteScheme.size());
  const std::size_t colon = rest.rfind(':');
  std::string host = colon == std::string::npos ? "" : rest.substr(0, colon);
  const std::string port = colon == std::string::npos ? "" : rest.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned number = 0;
  const bool digits = !port.empty() && port.size() <= 5 &&
                      port.find_first_not_of("0123456789") == std::string::npos;
  if (digits) number = static_cast<unsigned>(std::stoul(port));
  if (host.empty() || !digits || number == 0 || number > 65535) {
    throw Error(Error::Kind::kUsage, "bad database address '" + address + "': expected tcp://HOST:PORT");
  }
  return {host, number};
}

Error unavailable(const std::string& name, const Xapian::Error& e) {
  return Error(Error::Kind::kUnavailable, "database " + name + " does not answer: " + e.get_msg() +
                                              (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")" : ""));
}

Xapian::Database open_remote(const std::string& address, const OpenOptions& open) {
  const auto [host, port] = parse_remote(address);
  try {
    return Xapian::Remote::open(host, port, static_cast<unsigned>(open.timeout.count()),
                                static_cast<unsigned>(open.connect_timeout.count()));
  } catch (const Xapian::NetworkError& e) {
    throw unavailable(address, e);
  }
}

Xapian::Database open_one(const std::string& path, const OpenOptions& open) {
  if (is_remote(path)) return open_remote(path, open);
  if (!std::filesystem::exists(path)) {
    throw Error(Error::Kind::kDatabase,
                "no database at " + path + " (create it with: fahras-index --db " + path + " FILES)");
  }
  try {
    return Xapian::Database(path);
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error(Error::Kind::kDatabase, path + " is not a Fahras database: " + e.get_msg());
  }
}

// BM25's k3: a query word's weight grows with its wqf as (k3 + 1) wqf / (k3 + wqf), which at Xapian's
// default of 1 makes a wqf of 100 (a body word) and 50 (a title word) weigh nearly alike. Field and
// idf_exponent weights are wqfs (kWeightScale), so k3 is large enough for the weight to be linear in
// them, as InL2's is.
constexpr double kBm25K3 = 1e6;

std::unique_ptr<Xapian::Weight> make_weight(const RankingOptions& r) {
  const std::string& w = r.weighting;
  if (w == "inl2") return std::make_unique<Xapian::InL2Weight>();
  if (w == "bm25") return std::make_unique<Xapian::BM25Weight>(r.bm25_k1, 0, kBm25K3, r.bm25_b, 0.5);
  if (w == "bm25+") return std::make_unique<Xapian::BM25PlusWeight>(r.bm25_k1, 0, kBm25K3, r.bm25_b, 0.5, 1.0);
  if (w == "bb2") return std::make_unique<Xapian::BB2Weight>();
  if (w == "dlh") return std::make_unique<Xapian::DLHWeight>();
  if (w == "dph") return std::make_unique<Xapian::DPHWeight>();
  if (w == "ifb2") return std::make_unique<Xapian::IfB2Weight>();
  if (w == "ineb2") return std::make_unique<Xapian::IneB2Weight>();
  if (w == "pl2") return std::make_unique<Xapian::PL2Weight>();
  throw Error(Error::Kind::kUsage, "unknown weighting scheme '" + w + "'");
}

struct Ranked {
  Xapian::docid docid;
  double score;
  std::string key;  // the sort key: kOrderSlot (date, id)
  std::string signature;  // schema::kClusterSlot, read with the key when folding (rank_folded)
  std::vector<double> features;  // with RankingOptions::features (Hit::features)
  char first = 1;  // holds a lone word's written form (rerank::Query::first), in the re-rank
};

struct Ranking {
  std::vector<Ranked> hits;  // the requested page, in final order
  Xapian::doccount estimated = 0;
  bool exact = false;  // `estimated` is the exact count
  Xapian::doccount repeats = 0;  // collapsed away, when exact
};

// The count of `mset`, exact when its bounds meet (Xapian saw every match). Xapian's counts after
// collapsing are estimates even then (over ANT, ترامب: bounds of 6000 for 3,681 articles), so with
// collapse the count is never taken as exact here: count_exactly() makes it so.
void set_count(const Xapian::MSet& mset, bool collapse, Ranking& out) {
  out.estimated = mset.get_matches_estimated();
  out.exact = !collapse && mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
}

// Counts the matches of `query` exactly, with a match of its own (no match spies, no weights): with
// collapse, the results are fetched all, and counted, and the articles hidden as repeats too.
void count_exactly(const Xapian::Database& db, const Xapian::Query& query, bool collapse, Ranking& out) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::doccount all = db.get_doccount();
  if (!collapse) {
    out.estimated = enquire.get_mset(0, 0, all).get_matches_lower_bound();
    out.exact = true;
    return;
  }
  enquire.set_collapse_key(schema::kBodySlot);
  const Xapian::MSet mset = enquire.get_mset(0, all, all);
  out.estimated = mset.size();
  out.exact = true;
  out.repeats = mset.get_uncollapsed_matches_lower_bound() - mset.size();
}

// The same article can score 14.088097000000001 over one database and 14.088096999999999 over its
// shards: Xapian adds a document's term weights in an order that depends on each database's own term
// statistics. So relevance is rounded to this many significant digits, and equal rounded scores are
// ordered by the sort key (date, then id), which is the same everywhere.
constexpr int kScoreDigits = 10;
// Results fetched beyond each edge of the page, so that near-equal scores across an edge are ordered
// the same way too.
constexpr std::size_t kTieMargin = 16;

double round_score(double score) {
  if (score == 0 || !std::isfinite(score)) return score;
  const double scale = std::pow(10.0, kScoreDigits - 1 - std::floor(std::log10(std::fabs(score))));
  return std::round(score * scale) / scale;
}

// Runs the query and returns the page [offset, offset + limit) of its results: in relevance order,
// or with coordination, the top rerank_depth re-scored by the share of the query's terms they match.
// Relevance scores are rounded (round_score) and ties go to the greater `order` value (kOrderSlot:
// the newest article, then the greater id; kDateSlot in databases written before it).
//
// Over one database, comparing values slows every match by about a tenth (bench/RESULTS.md). So the
// match sorts by relevance alone, with one more result on either side of the page, and the page's
// ties are broken here from its articles' values. Only when a tie straddles an edge of the page
// (which articles belong on it then depends on their values) is the query matched again the slower
// way; a query that weighs nothing (filters only), where everything ties, is matched again sorted by
// value.
//
// Over several databases (shards) scores differ in their last bits from one database's, so the match
// sorts by relevance then value and fetches kTieMargin more results on either side of the page, and
// the page is cut from them after rounding.
//
// check_at_least: see Xapian::Enquire::get_mset (the number of documents, for exhaustive facets).
// databases: how many databases are searched as one (shards).
// scale: what scores are divided by (kWeightScale: a body word's wqf).
// words: the query's words for the learned re-rank (RankingOptions::learned_rerank), which re-scores
// the first learned_depth results by rerank::features() and orders them again among themselves.
// analyzer: the database's, for the re-rank's reading of an article stored without its opening.
Ranking rank(Xapian::Enquire& enquire, const Xapian::Query& query, const SearchOptions& options,
             Xapian::doccount check_at_least, std::size_t databases, Xapian::valueno order, double scale,
             const Xapian::Database& db, const rerank::Query& words, const Analyzer& analyzer) {
  const RankingOptions& r = options.ranking;
  const auto terms = static_cast<double>(std::distance(query.get_unique_terms_begin(), query.get_unique_terms_end()));
  const bool by_relevance = options.sort == SortOrder::kRelevance;
  const RerankWeights& w = words.question ? r.question_weights : r.headline_weights;
  const bool learned = by_relevance && ((r.learned_rerank && !rerank::none(w)) || r.features) && r.learned_depth > 0 &&
                       !words.words.empty();
  const bool rerank = (by_relevance && r.coord > 0 && terms > 1) || learned;
  const std::size_t depth = std::max(r.coord > 0 ? r.rerank_depth : 0, learned ? r.learned_depth : 0);
  const bool sharded = by_relevance && databases > 1;
  // Over shards only: the margin changes Xapian's estimate of the number of matches, which a limit
  // of 0 asks for alone.
  const std::size_t before = sharded && !rerank ? std::min(options.offset, kTieMargin) : 0;
  const std::size_t margin = sharded && options.limit > 0 ? kTieMargin : 0;
  const std::size_t first = rerank ? 0 : options.offset - before;
  // Xapian counts in 32 bits: an offset, limit or depth past that would wrap around, so clamp it
  // (here too, as a depth of -1 read as a huge number plus the margin would wrap to 0).
  constexpr std::size_t kMaxCount = std::numeric_limits<Xapian::doccount>::max() - 2;
  const std::size_t count = rerank ? std::min(std::max(options.offset + options.limit, depth), kMaxCount) + margin
                                   : before + options.limit + margin;
  auto get_mset = [&](std::size_t from, std::size_t n) {
    return enquire.get_mset(static_cast<Xapian::doccount>(std::min(from, kMaxCount)),
                            static_cast<Xapian::doccount>(std::min(n, kMaxCount)), check_at_least);
  };
  Xapian::MSet mset;
  std::size_t skip = 0;  // results of `mset` before `first`
  if (!by_relevance) {
    mset = get_mset(first, count);
  } else if (sharded || check_at_least > 0 || options.collapse) {
    // Exhaustive (facets): comparing values costs little more, and a second match would count the
    // match spies' values twice. Collapsing keeps the article of a body that the match sorts first,
    // which must be the one the tie rule puts first.
    enquire.set_sort_by_relevance_then_value(order, /*reverse=*/true);
    mset = get_mset(first, count);
  } else {
    skip = first > 0 ? 1 : 0;
    mset = get_mset(first - skip, count + skip + 1);
    auto weight = [&mset](std::size_t i) { return round_score(mset[static_cast<Xapian::doccount>(i)].get_weight()); };
    const bool tie_before = skip == 1 && mset.size() > 1 && weight(0) == weight(1);
    const bool tie_after = count > 0 && mset.size() > skip + count && weight(skip + count - 1) == weight(skip + count);
    if (!mset.empty() && mset.get_max_possible() == 0) {
      enquire.set_sort_by_value_then_relevance(order, /*reverse=*/true);
      mset = get_mset(first, count);
      skip = 0;
    } else if (tie_before || tie_after) {
      enquire.set_sort_by_relevance_then_value(order, /*reverse=*/true);
      mset = get_mset(first, count);
      skip = 0;
    }
  }
  Ranking out;
  set_count(mset, options.collapse, out);
  std::size_t i = 0;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it, ++i) {
    if (i < skip || i >= skip + count) continue;
    double score = it.get_weight() / scale;
    if (rerank && r.coord > 0) {
      const auto matched = static_cast<double>(std::distance(enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it)));
      score *= std::pow(matched / terms, r.coord);
    }
    Ranked hit{*it, by_relevance ? round_score(score) : score, {}, {}, {}};
    if (by_relevance || options.fold) {  // one document read for both values
      const Xapian::Document document = it.get_document();
      if (by_relevance) hit.key = document.get_value(order);
      if (options.fold) hit.signature = document.get_value(schema::kClusterSlot);
    }
    out.hits.push_back(std::move(hit));
  }
  auto before_in_order = [](const Ranked& a, const Ranked& b) {
    return a.score != b.score ? a.score > b.score : a.key > b.key;
  };
  if (by_relevance) std::stable_sort(out.hits.begin(), out.hits.end(), before_in_order);
  if (learned && !out.hits.empty()) {
    // The first learned_depth results of the match gain best * bonus and are ordered again among
    // themselves; those after them keep their place (a bonus is never negative with the shipped
    // weights, but one given on the command line may be).
    const std::size_t n = std::min(r.learned_depth, out.hits.size());
    const double best = out.hits.front().score;
    std::vector<Xapian::docid> docids;
    for (std::size_t k = 0; k < n; ++k) docids.push_back(out.hits[k].docid);
    rerank::Query weighed = words;
    rerank::weigh(weighed, mset, db.get_doccount());
    const std::vector<rerank::Features> all =
        rerank::features(db, docids, weighed, r.features ? rerank::kAllFeatures : rerank::wanted(w), analyzer);
    // A lone word's written forms keep their articles first (ParsedQuery::exact_first): each group
    // is re-ranked among itself.
    const std::vector<char> typed = words.first.empty() ? std::vector<char>(n, 1) : rerank::holds_any(db, docids, words.first);
    for (std::size_t k = 0; k < n; ++k) out.hits[k].first = typed[k];
    for (std::size_t k = 0; k < n; ++k) {
      Ranked& hit = out.hits[k];
      const rerank::Features& f = all[k];
      if (r.features) {
        hit.features.assign(1, hit.score);
        hit.features.insert(hit.features.end(), f.begin(), f.end());
        hit.features.push_back(words.question ? 1 : 0);
      }
      if (r.learned_rerank && !r.features) hit.score = round_score(hit.score + best * rerank::bonus(f, w));
    }
    std::stable_sort(out.hits.begin(), out.hits.begin() + static_cast<std::ptrdiff_t>(n),
                     [&](const Ranked& a, const Ranked& b) { return a.first != b.first ? a.first > b.first : before_in_order(a, b); });
  }
  if (by_relevance) {
    const std::size_t drop = rerank ? options.offset : before;
    out.hits.erase(out.hits.begin(), out.hits.begin() + static_cast<std::ptrdiff_t>(std::min(drop, out.hits.size())));
    if (out.hits.size() > options.limit) out.hits.resize(options.limit);
  }
  return out;
}

// The ranking of SearchOptions::fold (searcher.h): ranks the first max(fold_window, offset + limit)
// results as rank() does without folding, folds each under the first shown result whose signature
// agrees with its own, and cuts the page from the results shown; when they are too few for the page
// and more results exist, ranks twice as many and folds again. `folded` gets, for each hit of the
// page, the results folded under it.
Ranking rank_folded(Xapian::Enquire& enquire, const Xapian::Query& query, const SearchOptions& options,
                    Xapian::doccount check_at_least, std::size_t databases, Xapian::valueno order,
                    double scale, const Xapian::Database& db, const rerank::Query& words, const Analyzer& analyzer,
                    std::vector<std::vector<Xapian::docid>>& folded) {
  const std::size_t want = options.offset + options.limit;
  SearchOptions wide = options;
  wide.offset = 0;
  wide.limit = std::max(std::min(options.fold_window, kMaxFoldDepth), want);  // a huge window ranks no deeper than folding looks
  struct Shown {
    std::size_t index;      // in the ranking
    std::string signature;  // schema::kClusterSlot
    std::vector<Xapian::docid> folded;
  };
  for (;;) {
    Ranking all = rank(enquire, query, wide, check_at_least, databases, order, scale, db, words, analyzer);
    std::vector<Shown> shown;
    for (std::size_t i = 0; i < all.hits.size(); ++i) {
      std::string signature = i < kMaxFoldDepth ? std::move(all.hits[i].signature) : std::string();
      Shown* under = nullptr;
      if (!signature.empty()) {
        for (Shown& s : shown) {
          if (signature_similarity(s.signature, signature) >= kFoldSimilarity) {
            under = &s;
            break;
          }
        }
      }
      if (under) {
        under->folded.push_back(all.hits[i].docid);
      } else {
        shown.push_back({i, std::move(signature), {}});
      }
    }
    if (shown.size() >= want || all.hits.size() < wide.limit || wide.limit >= kMaxFoldDepth) {
      Ranking out;
      out.estimated = all.estimated;
      out.exact = all.exact;
      out.repeats = all.repeats;
      for (std::size_t i = options.offset; i < std::min(want, shown.size()); ++i) {
        out.hits.push_back(all.hits[shown[i].index]);
        folded.push_back(std::move(shown[i].folded));
      }
      return out;
    }
    wide.limit = std::min(2 * wide.limit, kMaxFoldDepth);
  }
}

// The terms of `terms` that `document` holds. Words it does not contain cannot be marked in its
// text, and without them make_snippet can stop at the first passage holding all the others. Its
// lead sketch (schema kLeadSlot) answers for a term written in its lead, and for one its filter
// rules out; the others cost a position list each (every unprefixed term has positions, and a
// position list is one lookup, where the document's term list would be read whole), as every term
// does in a database before schema 6.
// `docid` is the document's id in `db`: over shards, Document::get_docid() gives its id in its shard.
TermSet terms_in(const Xapian::Database& db, Xapian::docid docid, const Xapian::Document& document,
                 const std::vector<std::string>& terms) {
  const std::string sketch = document.get_value(schema::kLeadSlot);
  TermSet out;
  std::vector<Xapian::termpos> lead;
  for (const std::string& term : terms) {
    lead.clear();
    if (schema::lead_sketch_positions(sketch, term, lead) && !lead.empty()) {
      out.insert(term);
    } else if (schema::lead_sketch_may_hold(sketch, term) &&
               db.positionlist_begin(docid, term) != db.positionlist_end(docid, term)) {
      out.insert(term);
    }
  }
  return out;
}

// The id of document `docid`, from its header (an older database has none: its data).
std::string article_id(const Xapian::Database& db, Xapian::docid docid) {
  const Xapian::Document document = db.get_document(docid);
  const std::string header = document.get_value(schema::kHeaderSlot);
  return schema::decode_article(header.empty() ? document.get_data() : header).id;
}

// Opens the database and reads the analyser and schema versions it records, retried should an
// indexer commit meanwhile (any read may then throw). Besides DatabaseModifiedError, Xapian 1.4 then
// sometimes reports, when opening or reopening, DatabaseCorruptError ("Expected block 153 to be
// level 1, not 0"); a database that is really damaged fails every attempt. A remote database that
// does not answer is kUnavailable.
struct Opened {
  Xapian::Database db;
  std::string analyzer_version;  // schema::kAnalyzerKey
  int schema_version = 0;        // schema::kSchemaKey
};
Opened open_with_version(const std::string& path, const OpenOptions& open) {
  for (int attempt = 1;; ++attempt) {
    try {
      Xapian::Database db = open_one(path, open);
      std::string version = db.get_metadata(std::string(schema::kAnalyzerKey));
      const int schema_version = std::atoi(db.get_metadata(std::string(schema::kSchemaKey)).c_str());
      return {db, std::move(version), schema_version};
    } catch (const Xapian::NetworkError& e) {
      throw unavailable(path, e);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReopenAttempts) throw;
    } catch (const Xapian::DatabaseCorruptError&) {
      if (attempt == kReopenAttempts) throw;
    }
  }
}

}  // namespace

struct Searcher::Impl {
  // The databases as given, those that answer, and all of them as one.
  struct Part {
    std::string name;
    Xapian::Database db;
  };
  std::vector<Part> parts;
  Xapian::Database db;
  Analyzer analyzer;
  OpenOptions open;
  std::vector<std::string> warnings;  // databases left out (OpenOptions::allow_partial)
  bool ordered_by_id = false;  // every document has schema::kOrderSlot (set_order())

  // Reopens and tries again should an indexer commit meanwhile (search() does so too, and calls
  // this again after each reopen: a rebuild can add the slot).
  void set_order() {
    for (int attempt = 1;; ++attempt) {
      try {
        ordered_by_id = db.get_doccount() > 0 && db.get_value_freq(schema::kOrderSlot) == db.get_doccount();
        return;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kReopenAttempts) throw;
        db.reopen();
      }
    }
  }
  // The database of the oldest schema, and its version (facets need schema::kFacetSchema).
  std::string oldest_path;
  int oldest_schema = 0;
  // Where suggest_query() reads the suggestion index (suggest.h): each database, or each shard of a
  // sharded one, that keeps one. Made again whenever `db` is reopened or its parts change.
  std::vector<Xapian::Database> indexes;
  void find_indexes();

  SearchResults run(std::string_view text, const SearchOptions& options) const;
  void leave_out_silent_databases();
};

void Searcher::Impl::find_indexes() {
  indexes.clear();
  for (const Part& part : parts) {
    std::vector<Xapian::Database> pieces;
    if (part.db.size() == 1) {
      pieces.push_back(part.db);
    } else {  // a sharded database: DIR/shard-<i> (schema.h)
      for (std::size_t i = 0; i < part.db.size(); ++i) {
        const std::string shard = part.name + "/" + std::string(schema::kShardFolderPrefix) + std::to_string(i);
        try {
          pieces.emplace_back(shard);
        } catch (const Xapian::DatabaseOpeningError&) {
          // A stub written by hand that lists other databases: they are searched, not read for
          // suggestions.
        }
      }
    }
    for (Xapian::Database& piece : pieces) {
      const int schema_version = std::atoi(piece.get_metadata(std::string(schema::kSchemaKey)).c_str());
      if (schema_version >= schema::kSuggestSchema && piece.get_metadata(std::string(schema::kSpellingKey)) != "0") {
        indexes.push_back(std::move(piece));
      }
    }
  }
}

// After a NetworkError: finds the remote databases that no longer answer and, with allow_partial,
// searches on without them; otherwise throws kUnavailable naming the first. Every remote database is
// connected to again: after a failed search, the connections to the others may be unusable too
// (Xapian closes a connection whose answer it stopped reading).
void Searcher::Impl::leave_out_silent_databases() {
  std::vector<Part> alive;
  for (Part& part : parts) {
    if (!is_remote(part.name)) {
      alive.push_back(part);
      continue;
    }
    try {
      alive.push_back({part.name, open_remote(part.name, open)});
    } catch (const Error& e) {
      if (!open.allow_partial) throw;
      warnings.push_back(e.what());
    }
  }
  // Every database answers again: the error was not about one being down, or it came back.
  if (alive.size() == parts.size()) {
    parts = std::move(alive);
    db = Xapian::Database();
    for (const Part& part : parts) db.add_database(part.db);
    find_indexes();
    return;
  }
  if (alive.empty()) throw Error(Error::Kind::kUnavailable, "no database answers: " + warnings.back());
  parts = std::move(alive);
  db = Xapian::Database();
  for (const Part& part : parts) db.add_database(part.db);
  set_order();
  find_indexes();
}

Searcher::Searcher(const std::vector<std::string>& db_paths, const OpenOptions& open)
    : impl_(std::make_unique<Impl>()) {
  if (db_paths.empty()) throw Error(Error::Kind::kUsage, "no database given");
  impl_->open = open;
  std::string version;
  for (const std::string& path : db_paths) {
    Opened opened;
    try {
      opened = open_with_version(path, open);
    } catch (const Error& e) {
      if (e.kind() != Error::Kind::kUnavailable || !open.allow_partial) throw;
      impl_->warnings.push_back(e.what());
      continue;
    }
    const auto& [one, v, schema_version] = opened;
    if (v.empty()) {
      throw Error(Error::Kind::kDatabase,
                  path + " is not a Fahras database (it has no analyser version)");
    }
    if (!version.empty() && v != version) {
      throw Error(Error::Kind::kDatabase, "databases were built by different analysers: '" +
                                              version + "' and '" + v + "' (" + path + ")");
    }
    version = v;
    if (impl_->oldest_path.empty() || schema_version < impl_->oldest_schema) {
      impl_->oldest_path = path;
      impl_->oldest_schema = schema_version;
    }
    impl_->db.add_database(one);
    impl_->parts.push_back({path, one});
  }
  if (impl_->parts.empty()) {
    throw Error(Error::Kind::kUnavailable, "no database answers: " + impl_->warnings.back());
  }
  impl_->set_order();
  impl_->find_indexes();
  impl_->analyzer = Analyzer::from_version(version);
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

std::vector<WordVariants> Searcher::variant_table() const {
  return variants::DatabaseVariants(impl_->db, impl_->indexes, impl_->analyzer).table();
}

const Analyzer& Searcher::analyzer() const { return impl_->analyzer; }
std::uint64_t Searcher::document_count() const { return impl_->db.get_doccount(); }

void Searcher::reopen() {
  try {
    impl_->db.reopen();
  } catch (const Xapian::NetworkError&) {
    impl_->leave_out_silent_databases();
  }
  impl_->set_order();
  impl_->find_indexes();
}

std::optional<Article> Searcher::article(std::string_view id) const {
  const std::string term = schema::unique_id_term(id);
  for (int attempt = 1;; ++attempt) {
    try {
      for (auto it = impl_->db.postlist_begin(term); it != impl_->db.postlist_end(term); ++it) {
        Article article = schema::decode_article(impl_->db.get_document(*it).get_data());
        if (article.id == id) return article;  // a hashed id term may be shared
      }
      return std::nullopt;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReopenAttempts) throw;
      impl_->db.reopen();
    }
  }
}

std::optional<SortOrder> parse_sort_order(std::string_view name) {
  if (name == "relevance") return SortOrder::kRelevance;
  if (name == "date" || name == "newest") return SortOrder::kNewest;
  if (name == "oldest") return SortOrder::kOldest;
  return std::nullopt;
}

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
  // From here, not from Impl::run: what the caller waits for includes the attempts that failed
  // (a database modified under the search, a silent remote) and the reopening between them.
  const auto started = std::chrono::steady_clock::now();
  int network_failures = 0;
  for (int attempt = 1;; ++attempt) {
    try {
      if (attempt > 1) {
        std::this_thread::sleep_for(std::chrono::milliseconds(attempt - 1));
        impl_->db.reopen();
        impl_->set_order();
        impl_->find_indexes();
      }
      SearchResults results = impl_->run(query, options);
      results.warnings = impl_->warnings;
      results.elapsed = std::chrono::steady_clock::now() - started;
      return results;
    } catch (const Xapian::NetworkError& e) {
      // Once: a search that fails again with every database connected (one is too slow for
      // OpenOptions::timeout) is an error, not a reason to wait again and again.
      if (network_failures++ > 0) {
        throw Error(Error::Kind::kUnavailable, "a database did not answer in time: " + e.get_msg());
      }
      impl_->leave_out_silent_databases();  // throws unless some answer, with allow_partial
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReopenAttempts) throw;
    } catch (const Xapian::DatabaseCorruptError&) {  // reopen() racing a commit (open_with_version)
      if (attempt == kReopenAttempts) throw;
    }
  }
}

SearchResults Searcher::Impl::run(std::string_view text, const SearchOptions& options) const {
  if (options.synonyms && options.synonyms->analyzer_version() != analyzer.version()) {
    throw Error(Error::Kind::kUsage, "synonyms were analysed by '" + options.synonyms->analyzer_version() +
                                         "', the database by '" + analyzer.version() + "'");
  }
  if (options.facets && oldest_schema < schema::kFacetSchema) {
    throw Error(Error::Kind::kDatabase, oldest_path + " has schema version " + std::to_string(oldest_schema) +
                                            ", without facet values: re-index it with fahras-index --rebuild");
  }
  QueryOptions query_options;
  query_options.default_operator = options.default_operator;
  query_options.syntax = options.syntax;
  query_options.title_weight = options.ranking.title_weight;
  query_options.exact_weight = options.ranking.exact_weight;
  query_options.proximity_weight = options.ranking.proximity_weight;
  query_options.synonyms = options.synonyms.get();
  query_options.exact_max_share = options.ranking.exact_max_share;
  query_options.exact_first = options.ranking.exact_first;
  query_options.exact_family = options.ranking.exact_family;
  query_options.idf_exponent = options.ranking.idf_exponent;
  query_options.database = &db;
  const variants::DatabaseVariants database_variants(db, indexes, analyzer);
  if (options.variants) query_options.variants = &database_variants;
  ParsedQuery parsed = parse_query(text, analyzer, query_options);
  // The dates and fields asked for, around the query (and around it again once feedback expands it).
  auto filtered = [&options](Xapian::Query query) {
    if (options.since || options.until) {
      const std::string lo = options.since ? Xapian::sortable_serialise(double(*options.since)) : "";
      const std::string hi = options.until ? Xapian::sortable_serialise(double(*options.until)) : "";
      Xapian::Query range = !options.since ? Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, hi)
                            : !options.until ? Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, lo)
                            : Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, lo, hi);
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, range);
    }
    for (const auto& [field, values] : {std::pair{FilterField::kSource, &options.sources},
                                        std::pair{FilterField::kCategory, &options.categories}}) {
      if (values->empty()) continue;
      std::vector<Xapian::Query> any;
      for (const std::string& value : *values) any.push_back(field_filter(field, value));
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end()));
    }
    return query;
  };
  Xapian::Query query = filtered(parsed.query);
  const RankingOptions& ranking_options = options.ranking;
  if (ranking_options.feedback_docs > 0 && !(ranking_options.feedback_weight > 0 && std::isfinite(ranking_options.feedback_weight))) {
    throw Error(Error::Kind::kUsage, "the feedback weight must be a number above 0");
  }

  Xapian::Enquire enquire(db);
  const double scale = kWeightScale;  // scores: rank() divides it out again
  enquire.set_query(query);
  enquire.set_weighting_scheme(*make_weight(options.ranking));
  if (options.collapse) enquire.set_collapse_key(schema::kBodySlot);
  // Ties break on the date, then the id (kOrderSlot), not on document ids, which differ between one
  // database and its shards: among equal scores newest first; among equal dates by id.
  const Xapian::valueno order = ordered_by_id ? schema::kOrderSlot : schema::kDateSlot;
  switch (options.sort) {
    case SortOrder::kRelevance:  // ties: rank()
      break;
    case SortOrder::kNewest:
      enquire.set_sort_by_value_then_relevance(order, /*reverse=*/true);
      break;
    case SortOrder::kOldest:
      enquire.set_sort_by_value_then_relevance(order, /*reverse=*/false);
      break;
  }
  if (parsed.exact_forms && db.allterms_begin(std::string(schema::kExactPrefix)) ==
                                db.allterms_end(std::string(schema::kExactPrefix))) {
    throw Error(Error::Kind::kBadQuery, "=word needs a database with exact forms, which this one lacks "
                                        "(built before schema 4: index it again with fahras-index --rebuild)");
  }
  const bool learned = options.sort == SortOrder::kRelevance && (options.ranking.learned_rerank || options.ranking.features);
  rerank::Query words = learned ? rerank::query_words(text, analyzer, parsed.highlight_terms) : rerank::Query{};
  words.first = parsed.exact_first;
  facets::Counter facet_counter;
  const bool exhaustive = options.facets || options.exact_count;
  Ranking ranking;
  std::vector<std::vector<Xapian::docid>> folded;  // with fold: under each hit of the page
  try {
    if (options.sort == SortOrder::kRelevance && ranking_options.feedback_docs > 0) {
      // The first match, before the facets' match spy counts anything. The expansion goes inside
      // the filters, which that match has applied already.
      const std::vector<std::string> added = feedback::expansion_terms(enquire, ranking_options);
      if (!added.empty()) {
        query = filtered(feedback::expand(parsed.query, added, ranking_options));
        enquire.set_query(query);
      }
    }
    if (options.facets) facet_counter.attach(enquire);
    const Xapian::doccount check_at_least = exhaustive ? db.get_doccount() : 0;
    ranking = options.fold && options.limit > 0
                  ? rank_folded(enquire, query, options, check_at_least, db.size(), order, scale, db, words, analyzer, folded)
                  : rank(enquire, query, options, check_at_least, db.size(), order, scale, db, words, analyzer);
    // Exhaustive matches and empty pages get exact counts: a limit of 0 asks for the count alone,
    // and an offset past the end must not be told "no results".
    if (!ranking.exact && (exhaustive || ranking.hits.empty())) count_exactly(db, query, options.collapse, ranking);
  } catch (const Xapian::WildcardError&) {
    std::string typed;
    for (const std::string& p : parsed.prefixes) typed.append(typed.empty() ? "" : ", ").append(p);
    throw Error(Error::Kind::kBadQuery, (parsed.prefixes.size() > 1 ? "a prefix of " : "") + typed +
                                            " matches more than " + std::to_string(kMaxPrefixExpansion) +
                                            " words: give more letters of the word");
  }
  const std::vector<Ranked>& ranked = ranking.hits;

  SearchResults results;
  results.query = std::string(text);
  results.parsed = query.get_description();
  results.estimated = ranking.estimated;
  results.exact = ranking.exact;
  results.repeats = ranking.repeats;
  results.variants = std::move(parsed.variants);
  if (options.facets) results.facets = facet_counter.result();
  // A prefix is a word cut short on purpose, not a misspelling to correct (الانتخا* is no typo of
  // الانتخاب*): such queries get no suggestion.
  if (options.suggest && parsed.prefixes.empty()) results.suggestion = suggest::suggest_query(text, options.syntax, db, indexes, analyzer, results.estimated,
                                                                  options.synonyms.get());
  const TermSet terms(parsed.highlight_terms.begin(), parsed.highlight_terms.end());
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const Xapian::Document document = db.get_document(ranked[i].docid);
    // Without a snippet, the header is all a result shows (an older database has none).
    const std::string header = options.snippets ? std::string() : document.get_value(schema::kHeaderSlot);
    const Article article = schema::decode_article(header.empty() ? document.get_data() : header);
    Hit hit;
    hit.rank = options.offset + i + 1;
    hit.id = article.id;
    hit.score = ranked[i].score;
    hit.features = ranked[i].features;
    hit.title = options.highlights ? highlight_all(article.title, terms, analyzer) : Snippet{article.title, {}};
    hit.source = article.source;
    hit.category = article.category;
    hit.author = article.author;
    hit.date = article.date;
    hit.url = article.url;
    hit.path = article.path;
    if (options.snippets) {
      const TermSet present = terms_in(db, ranked[i].docid, document, parsed.highlight_terms);
      const std::string& text_for_snippet = article.body.empty() ? article.abstract : article.body;
      hit.snippet = make_snippet(text_for_snippet, present, analyzer, options.snippet);
      // An archive that keeps the abstract apart from the body: when the article matched on words the
      // body lacks, show them where the abstract has them, not body text with nothing marked.
      if (hit.snippet.highlights.empty() && !present.empty() && &text_for_snippet == &article.body &&
          !article.abstract.empty()) {
        Snippet from_abstract = make_snippet(article.abstract, present, analyzer, options.snippet);
        if (!from_abstract.highlights.empty()) hit.snippet = std::move(from_abstract);
      }
    }
    if (i < folded.size()) {
      for (const Xapian::docid other : folded[i]) hit.like_this.push_back(article_id(db, other));
    }
    results.hits.push_back(std::move(hit));
  }
  return results;
}

}  // namespace fahras
