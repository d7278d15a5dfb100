#include "rerank.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include <unicode/utf8.h>

#include "fahras/schema.h"

namespace fahras::rerank {
namespace {

// Interrogatives that open a question, as the analyser normalises them (Token::normalized: متى ->
// متي, أين -> اين, أي -> اي, إلى -> الي); "في" and "الي" only before اي ("في أي عام", "إلى أي دولة").
constexpr std::string_view kInterrogatives[] = {"من", "ما", "ماذا", "متي", "اين", "كم", "كيف", "لماذا", "هل",
                                                "اي", "لم", "ماهو", "ماهي", "بكم", "لمن", "ممن"};
constexpr std::string_view kBeforeWhich[] = {"في", "الي"};
constexpr std::string_view kWhich = "اي";

bool is_interrogative(const Token& first, const Token* second) {
  auto is = [&](std::string_view word) { return first.normalized == word; };
  if (std::any_of(std::begin(kInterrogatives), std::end(kInterrogatives), is)) return true;
  return std::any_of(std::begin(kBeforeWhich), std::end(kBeforeWhich), is) && second && second->normalized == kWhich;
}

// Where position `p` of a document lies from the start of its text: its title is indexed first,
// from position 1, and the text kFieldGap positions after the title's end (document_builder.cpp).
// A title word counts as the first word; a text word counts from kFieldGap + 1 (the title's own
// few words ignored).
Xapian::termpos offset(Xapian::termpos p) { return p <= schema::kFieldGap ? 0 : p - schema::kFieldGap - 1; }

// True iff some p in `a` and q in `b` (both sorted) have lo <= q - p <= hi; with `lead`, p must be
// among the first kLeadWords words of the text.
bool near(const std::vector<Xapian::termpos>& a, const std::vector<Xapian::termpos>& b, long lo, long hi,
          bool lead) {
  std::size_t j = 0;
  for (const Xapian::termpos p : a) {
    if (lead && offset(p) >= kLeadWords) break;
    while (j < b.size() && static_cast<long>(b[j]) - static_cast<long>(p) < lo) ++j;
    if (j < b.size() && static_cast<long>(b[j]) - static_cast<long>(p) <= hi) return true;
  }
  return false;
}

}  // namespace

bool is_question(std::string_view text, const std::vector<Token>& tokens) {
  std::size_t first = 0;
  while (first < tokens.size() && tokens[first].normalized.empty()) ++first;
  if (first < tokens.size() && is_interrogative(tokens[first], first + 1 < tokens.size() ? &tokens[first + 1] : nullptr)) {
    return true;
  }
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  return end != std::string_view::npos && (text.substr(end) == "?" || (end >= 1 && text.substr(end - 1) == "؟"));
}

Query query_words(std::string_view text, const Analyzer& analyzer, const std::vector<std::string>& searched) {
  Query query;
  std::vector<std::string> sorted = searched;
  std::sort(sorted.begin(), sorted.end());
  const std::vector<Token> tokens = analyzer.analyze(text);
  query.question = is_question(text, tokens);
  const auto is_searched = [&](const std::string& term) { return std::binary_search(sorted.begin(), sorted.end(), term); };
  for (Token token : tokens) {
    // A word searched with its ending kept (سلمان, not سلم: query.cpp).
    if (!token.kept.empty() && !is_searched(token.term) && is_searched(token.kept.back())) keep_ending(token);
    if (token.term.empty() || !is_searched(token.term)) continue;
    Word word;
    word.terms.push_back(token.term);
    for (const std::string& reading : token.readings) {
      if (reading != token.term) word.terms.push_back(reading);
    }
    const bool seen = std::any_of(query.words.begin(), query.words.end(),
                                  [&](const Word& w) { return w.terms == word.terms; });
    if (seen) continue;
    if (!token.normalized.empty() && token.normalized.size() <= schema::kMaxTermBytes) {
      word.exact = schema::prefixed(schema::kExactPrefix, token.normalized);
    }
    word.normalized = token.normalized;
    word.position = token.position;
    query.words.push_back(std::move(word));
  }
  return query;
}

void weigh(Query& query, const Xapian::MSet& mset, Xapian::doccount documents) {
  for (Word& word : query.words) {
    Xapian::doccount held = 0;
    for (const std::string& term : word.terms) held = std::max(held, mset.get_termfreq(term));
    word.idf = std::log(std::max<double>(1, documents) / std::max<double>(1, held));
  }
}

bool none(const RerankWeights& w) {
  return w.coord == 0 && w.early == 0 && w.adjacent == 0 && w.window == 0 && w.lead == 0 && w.exact == 0 &&
         w.cover == 0 && w.opening == 0 && w.further == 0;
}

Wanted wanted(const RerankWeights& w) {
  return {w.coord != 0, w.early != 0, w.adjacent != 0, w.window != 0, w.lead != 0,
          w.exact != 0, w.cover != 0, w.opening != 0,  w.further != 0};
}

namespace {

// The letter trigrams of a word, each three code points packed in 63 bits; sorted, each once. A
// word of the opening has at most schema::kMaxTermBytes bytes, so no more letters; of a longer
// query word (a URL, junk) only the first kMaxTrigrams count.
constexpr std::size_t kMaxTrigrams = schema::kMaxTermBytes + 1;
struct Trigrams {
  std::array<std::uint64_t, kMaxTrigrams> key;
  std::size_t size = 0;
};

// Sets `out` to the trigrams of `word`, its edges marked with code point 0 (which no word holds).
// Invalid UTF-8 counts as U+FFFD.
void trigrams(std::string_view word, Trigrams& out) {
  out.size = 0;
  std::uint64_t before = 0, last = 0;  // the two letters before the next
  bool second = false;                 // `last` is a letter of the word (not the edge)
  auto add = [&](std::uint64_t c) {
    if (second && out.size < kMaxTrigrams) out.key[out.size++] = before << 42 | last << 21 | c;
    before = last;
    last = c;
    second = true;
  };
  for (std::int32_t i = 0, n = static_cast<std::int32_t>(word.size()); i < n;) {
    UChar32 c = 0;
    U8_NEXT(word.data(), i, n, c);
    add(static_cast<std::uint64_t>(c < 0 ? 0xFFFD : c));
  }
  add(0);
  std::sort(out.key.begin(), out.key.begin() + static_cast<std::ptrdiff_t>(out.size));
  out.size = static_cast<std::size_t>(std::unique(out.key.begin(), out.key.begin() + static_cast<std::ptrdiff_t>(out.size)) - out.key.begin());
}

// The trigrams of a query's words, against which many words are compared at once: each trigram
// with the query word that holds it, sorted, and a filter of 256 bits that rules out most of another
// word's trigrams without a search.
class QueryLetters {
 public:
  explicit QueryLetters(const Query& query) : sizes_(query.words.size()), shared_(query.words.size()) {
    Trigrams letters;
    for (std::size_t i = 0; i < query.words.size(); ++i) {
      trigrams(query.words[i].normalized, letters);
      sizes_[i] = letters.size;
      for (std::size_t k = 0; k < letters.size; ++k) {
        held_.emplace_back(letters.key[k], i);
        const unsigned b = bucket(letters.key[k]);
        filter_[b / 64] |= std::uint64_t{1} << (b % 64);
      }
    }
    std::sort(held_.begin(), held_.end());
  }

  // Raises best[i] to the Dice coefficient of `word`'s trigrams and query word i's.
  void raise(const Trigrams& word, std::vector<double>& best) {
    std::fill(shared_.begin(), shared_.end(), 0);
    for (std::size_t k = 0; k < word.size; ++k) {
      const std::uint64_t key = word.key[k];
      const unsigned b = bucket(key);
      if (!(filter_[b / 64] >> (b % 64) & 1)) continue;
      auto it = std::lower_bound(held_.begin(), held_.end(), std::pair<std::uint64_t, std::size_t>(key, 0));
      for (; it != held_.end() && it->first == key; ++it) ++shared_[it->second];
    }
    for (std::size_t i = 0; i < shared_.size(); ++i) {
      if (shared_[i] == 0) continue;  // Dice 0
      best[i] = std::max(best[i], 2.0 * static_cast<double>(shared_[i]) / static_cast<double>(sizes_[i] + word.size));
    }
  }

 private:
  static unsigned bucket(std::uint64_t key) { return static_cast<unsigned>((key * 0x9E3779B97F4A7C15ull) >> 56); }

  std::vector<std::pair<std::uint64_t, std::size_t>> held_;
  std::array<std::uint64_t, 4> filter_{};
  std::vector<std::size_t> sizes_;   // each query word's number of trigrams
  std::vector<std::size_t> shared_;  // each query word's trigrams that the word compared holds
};

// The kOpeningSlot value the indexer gives `article` (schema::encode_opening). Its text is analysed
// only as far as the opening needs: a prefix that holds a word past position kFurtherWords, so that
// the words up to it are those of the whole text (segmentation looks a letter or two around).
std::string opening_of(const Article& article, const Analyzer& analyzer) {
  const std::string_view text = article.abstract.empty() ? article.body : article.abstract;
  std::vector<Token> tokens;
  for (std::size_t bytes = 2048;; bytes *= 2) {
    tokens = analyzer.analyze(text.substr(0, bytes));
    if (bytes >= text.size() || (!tokens.empty() && tokens.back().position > schema::kFurtherWords)) break;
  }
  return schema::encode_opening(analyzer.analyze(article.title), tokens);
}

// The opening (first) and further (second) features of each article of `docids`, read in `order`:
// from its kOpeningSlot value, or from the stored article where the value is not of schema 8 (a
// database before it; an article without words, whose stored form gives none either).
std::vector<std::array<double, 2>> openings(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                                            const std::vector<std::size_t>& order, const Query& query,
                                            const Analyzer& analyzer) {
  double mass = 0;
  for (const Word& word : query.words) mass += word.idf;
  std::vector<std::array<double, 2>> out(docids.size(), {0, 0});
  if (mass <= 0) return out;
  QueryLetters typed(query);
  std::vector<double> best(query.words.size());
  Trigrams letters;
  // Raises best[i] to each word of `words`' resemblance to query word i.
  auto compare = [&](const std::vector<std::string_view>& words) {
    for (const std::string_view written : words) {
      trigrams(written, letters);
      typed.raise(letters, best);
    }
  };
  auto share = [&] {
    double sum = 0;
    for (std::size_t i = 0; i < query.words.size(); ++i) sum += query.words[i].idf * best[i];
    return sum / mass;
  };
  for (const std::size_t d : order) {
    const Xapian::Document document = db.get_document(docids[d], Xapian::DOC_ASSUME_VALID);
    std::string value = document.get_value(schema::kOpeningSlot);
    std::optional<schema::Opening> opening = schema::decode_opening(value);
    if (!opening) {
      value = opening_of(schema::decode_article(document.get_data()), analyzer);
      opening = schema::decode_opening(value);
      if (!opening) continue;  // no words
    }
    std::fill(best.begin(), best.end(), 0);
    compare(opening->first);
    out[d][0] = share();
    compare(opening->further);
    out[d][1] = share();
  }
  return out;
}

// The features of one article from the positions of each query word in it (merged over the word's
// readings) and whether it writes each word's exact form; those not `wanted` are left 0. For early
// and lead, the positions up to schema::kLeadSketchEnd and the first one are enough.
Features features_of(std::vector<std::vector<Xapian::termpos>>& positions, const std::vector<char>& exact_form,
                     const Query& query, const Wanted& wanted) {
  Features f{};
  double mass = 0;
  for (std::size_t i = 0; i < query.words.size(); ++i) {
    const Word& word = query.words[i];
    mass += word.idf;
    if (positions[i].empty()) continue;
    if (word.terms.size() > 1) {
      std::sort(positions[i].begin(), positions[i].end());
      positions[i].erase(std::unique(positions[i].begin(), positions[i].end()), positions[i].end());
    }
    f[0] += word.idf;
    f[1] += word.idf / (1 + offset(positions[i].front()) / 10.0);
    if (exact_form[i]) f[5] += word.idf;
  }
  if (wanted[6]) {
    // cover: the words' positions in order, and a window of `width` positions slid over them.
    std::vector<std::pair<Xapian::termpos, std::size_t>> all;
    for (std::size_t i = 0; i < positions.size(); ++i) {
      for (const Xapian::termpos p : positions[i]) all.emplace_back(p, i);
    }
    std::sort(all.begin(), all.end());
    const Xapian::termpos width = std::max<Xapian::termpos>(kCoverWords, 2 * static_cast<Xapian::termpos>(query.words.size()));
    std::vector<int> inside(query.words.size(), 0);
    double covered = 0;
    std::size_t from = 0;
    for (const auto& [p, i] : all) {
      if (inside[i]++ == 0) covered += query.words[i].idf;
      while (all[from].first + width <= p) {
        if (--inside[all[from].second] == 0) covered -= query.words[all[from].second].idf;
        ++from;
      }
      f[6] = std::max(f[6], covered);
    }
  }
  if (mass > 0) {
    f[0] /= mass;
    f[1] /= mass;
    f[5] /= mass;
    f[6] /= mass;
  }
  double pair_mass = 0;
  for (std::size_t i = 0; i + 1 < query.words.size(); ++i) {
    const double weight = query.words[i].idf + query.words[i + 1].idf;
    pair_mass += weight;
    const std::vector<Xapian::termpos>& a = positions[i];
    const std::vector<Xapian::termpos>& b = positions[i + 1];
    if (a.empty() || b.empty()) continue;
    const long gap = static_cast<long>(query.words[i + 1].position) - static_cast<long>(query.words[i].position) + 1;
    // A pair written in the lead is written somewhere: lead needs no other test.
    if (wanted[2] && near(a, b, 1, gap, /*lead=*/false)) f[2] += weight;
    if (wanted[4] && near(a, b, 1, gap, /*lead=*/true)) f[4] += weight;
    if (wanted[3] && near(a, b, -static_cast<long>(kWindow), static_cast<long>(kWindow), /*lead=*/false)) f[3] += weight;
  }
  if (pair_mass > 0) {
    f[2] /= pair_mass;
    f[3] /= pair_mass;
    f[4] /= pair_mass;
  }
  for (std::size_t k = 0; k < kFeatures; ++k) {
    if (!wanted[k]) f[k] = 0;
  }
  return f;
}

// True iff the lead sketch answers every wanted feature (early, lead and exact only; exact is read
// from posting lists either way) for `query`: the lead of kLeadWords words plus the widest gap
// between neighbouring query words fits in the sketch.
bool sketch_answers(const Query& query, const Wanted& wanted) {
  if (wanted[0] || wanted[2] || wanted[3] || wanted[6]) return false;
  if (!wanted[4]) return true;
  for (std::size_t i = 0; i + 1 < query.words.size(); ++i) {
    const long gap = static_cast<long>(query.words[i + 1].position) - static_cast<long>(query.words[i].position) + 1;
    if (kLeadWords + gap > schema::kLeadSketchWords) return false;
  }
  return true;
}

}  // namespace

std::vector<Features> features(const Xapian::Database& db, const std::vector<Xapian::docid>& docids, const Query& query,
                               const Wanted& wanted, const Analyzer& analyzer) {
  // Read in docid order: values and posting lists are walked forward.
  std::vector<std::size_t> order(docids.size());
  for (std::size_t d = 0; d < order.size(); ++d) order[d] = d;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
  const std::vector<std::array<double, 2>> opening =
      wanted[7] || wanted[8] ? openings(db, docids, order, query, analyzer) : std::vector<std::array<double, 2>>(docids.size());
  auto with_opening = [&](Features f, std::size_t d) {
    f[7] = wanted[7] ? opening[d][0] : 0;
    f[8] = wanted[8] ? opening[d][1] : 0;
    return f;
  };
  if (std::none_of(wanted.begin(), wanted.begin() + 7, [](bool w) { return w; })) {
    // Only the opening: no positions to read.
    std::vector<Features> out;
    for (std::size_t d = 0; d < docids.size(); ++d) out.push_back(with_opening(Features{}, d));
    return out;
  }
  const std::size_t words = query.words.size();
  std::vector<std::vector<std::vector<Xapian::termpos>>> positions(docids.size(), std::vector<std::vector<Xapian::termpos>>(words));
  std::vector<std::vector<char>> exact_form(docids.size(), std::vector<char>(words, 0));
  // held[d][i]: the positions of word i in article d that the features need are known.
  std::vector<std::vector<char>> held(docids.size(), std::vector<char>(words, 0));
  if (sketch_answers(query, wanted)) {
    for (const std::size_t d : order) {
      const std::string sketch = db.get_document(docids[d], Xapian::DOC_ASSUME_VALID).get_value(schema::kLeadSlot);
      for (std::size_t i = 0; i < words; ++i) {
        bool sketched = true;  // the article has a sketch
        for (const std::string& term : query.words[i].terms) {
          sketched = schema::lead_sketch_positions(sketch, term, positions[d][i]);
          if (!sketched) break;
        }
        if (!sketched) continue;  // a database before schema 6: the posting lists below
        held[d][i] = 1;
        if (!positions[d][i].empty()) continue;
        // Not in the lead: its first position, if the article has the word at all (the filter
        // rules most articles out without a read).
        for (const std::string& term : query.words[i].terms) {
          if (!schema::lead_sketch_may_hold(sketch, term)) continue;
          for (auto it = db.positionlist_begin(docids[d], term); it != db.positionlist_end(docids[d], term); ++it) {
            positions[d][i].push_back(*it);
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < words; ++i) {
    const Word& word = query.words[i];
    for (const std::string& term : word.terms) {
      // Which articles hold the term, from its posting list (a few blocks for all of them): a
      // position list is read only where there is one and the sketch did not hold the word.
      std::optional<Xapian::PostingIterator> holder;
      for (const std::size_t d : order) {
        if (held[d][i]) continue;
        if (!holder) holder = db.postlist_begin(term);
        holder->skip_to(docids[d]);
        if (*holder == db.postlist_end(term)) break;
        if (**holder != docids[d]) continue;
        for (auto it = db.positionlist_begin(docids[d], term); it != db.positionlist_end(docids[d], term); ++it) {
          positions[d][i].push_back(*it);
        }
      }
    }
    if (wanted[5] && !word.exact.empty()) {
      Xapian::PostingIterator it = db.postlist_begin(word.exact);
      for (const std::size_t d : order) {
        it.skip_to(docids[d]);
        if (it == db.postlist_end(word.exact)) break;
        exact_form[d][i] = *it == docids[d];
      }
    }
  }
  std::vector<Features> out;
  for (std::size_t d = 0; d < docids.size(); ++d) {
    out.push_back(with_opening(features_of(positions[d], exact_form[d], query, wanted), d));
  }
  return out;
}

std::vector<char> holds_any(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                            const std::vector<std::string>& terms) {
  std::vector<Xapian::docid> sorted = docids;
  std::sort(sorted.begin(), sorted.end());
  std::vector<Xapian::docid> holding;
  for (const std::string& term : terms) {
    Xapian::PostingIterator it = db.postlist_begin(term);
    for (const Xapian::docid d : sorted) {
      it.skip_to(d);
      if (it == db.postlist_end(term)) break;
      if (*it == d) holding.push_back(d);
    }
  }
  std::sort(holding.begin(), holding.end());
  std::vector<char> out;
  for (const Xapian::docid d : docids) out.push_back(std::binary_search(holding.begin(), holding.end(), d));
  return out;
}

double bonus(const Features& f, const RerankWeights& w) {
  return w.coord * f[0] + w.early * f[1] + w.adjacent * f[2] + w.window * f[3] + w.lead * f[4] + w.exact * f[5] +
         w.cover * f[6] + w.opening * f[7] + w.further * f[8];
}

}  // namespace fahras::rerank
