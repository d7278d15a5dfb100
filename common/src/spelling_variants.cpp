#include "fahras/spelling_variants.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>
#include <utility>

#include "fahras/article.h"
#include "fahras/schema.h"

namespace fahras::variants {
namespace {

constexpr std::string_view kArticle = "\xD8\xA7\xD9\x84";  // ال

Xapian::doccount frequency(const Xapian::Database& db, std::string_view word) {
  return db.get_termfreq(schema::prefixed(schema::kExactPrefix, word));
}

// The letters of a normalised Arabic word, ط as ت, ص as س, ذ and ظ as ز, غ and ج as ق (as
// schema::variant_key() merges them), long vowels and hamza seats kept.
std::u32string merged_letters(std::string_view word) {
  std::u32string out;
  for (std::size_t i = 0; i + 1 < word.size(); i += 2) {
    char32_t cp = ((static_cast<unsigned char>(word[i]) & 0x1F) << 6) | (static_cast<unsigned char>(word[i + 1]) & 0x3F);
    switch (cp) {
      case U'\u0637': cp = U'\u062A'; break;
      case U'\u0635': cp = U'\u0633'; break;
      case U'\u0630': case U'\u0638': cp = U'\u0632'; break;
      case U'\u063A': case U'\u062C': cp = U'\u0642'; break;
      default: break;
    }
    out.push_back(cp);
  }
  return out;
}

bool is_vowel(char32_t cp) {
  return cp == U'\u0627' || cp == U'\u0648' || cp == U'\u064A' || cp == U'\u0621' || cp == U'\u0624' ||
         cp == U'\u0626';
}

// Whether two words of one key are at most one long vowel apart once their merged consonants are
// equal: one inserted (ترمب / ترامب, بوتن / بوتين) or one replaced by another (ابراهيم / ابراهام).
// A key holds many words two or more vowels apart that are forms of one root, not spellings of one
// name (ابدا / اباد, تويتر / توترا): measured on ANT v2.1, bench/variants-sample.md.
bool one_vowel_apart(std::string_view a, std::string_view b) {
  std::u32string x = merged_letters(a), y = merged_letters(b);
  if (x == y) return true;
  if (x.size() > y.size()) std::swap(x, y);
  std::size_t i = 0;
  while (i < x.size() && x[i] == y[i]) ++i;
  if (x.size() == y.size()) {
    return is_vowel(x[i]) && is_vowel(y[i]) && x.substr(i + 1) == y.substr(i + 1);
  }
  return y.size() == x.size() + 1 && is_vowel(y[i]) && x.substr(i) == y.substr(i + 1);
}

// Whether the longer of two words is the other with a long vowel (ا و ي) added at the end: an
// Arabic ending (dual اتفقتا, plural تخطوا, pronoun ولايتها, nisba), not another spelling of a name.
bool vowel_added_at_end(std::string_view a, std::string_view b) {
  const std::u32string x = merged_letters(a.size() < b.size() ? a : b), y = merged_letters(a.size() < b.size() ? b : a);
  if (y.size() != x.size() + 1 || y.compare(0, x.size(), x) != 0) return false;
  return y.back() == U'\u0627' || y.back() == U'\u0648' || y.back() == U'\u064A';
}

}  // namespace

const SpellingVariants::Neighbours& SpellingVariants::neighbours_of(const std::string& word) const {
  if (const auto found = neighbours_.find(word); found != neighbours_.end()) return found->second;
  Neighbours& out = neighbours_[word];
  const std::string exact = schema::prefixed(schema::kExactPrefix, word);
  const Xapian::doccount articles = db_.get_termfreq(exact);
  if (articles == 0) return out;
  Xapian::Enquire enquire(db_);
  enquire.set_query(Xapian::Query(exact));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(schema::kOrderSlot, /*reverse=*/false);
  const Xapian::MSet all = enquire.get_mset(0, articles);
  const Xapian::doccount n = all.size(), picked = std::min(n, kNeighbourArticles);
  const std::string term = analyzer_.term(word);
  std::map<std::string, Xapian::doccount> count;
  // Only the words next to `term` are stemmed (analyze_for()): stemming every word of the sampled
  // articles was most of the cost of the table, paid again by every run that changes an article.
  const std::string_view wanted[] = {term};
  std::unordered_map<std::string, std::string> terms;  // normalised form -> analyze()'s term
  auto term_of = [&](const Token& t) -> const std::string& {
    if (!t.term.empty() || t.stopword || t.normalized.empty()) return t.term;
    auto [it, added] = terms.try_emplace(t.normalized);
    if (added) it->second = analyzer_.term(t.normalized);
    return it->second;
  };
  for (Xapian::doccount k = 0; k < picked; ++k) {
    const Article article = schema::decode_article(all[k * n / picked].get_document().get_data());
    std::set<std::string> seen;
    for (const std::string* text : {&article.title, &article.abstract, &article.body}) {
      const std::vector<Token> tokens = analyzer_.analyze_for(*text, wanted);
      // The word before and after the i-th token among those with a term (stopwords skipped).
      auto neighbour = [&](std::size_t i, int step) -> const std::string* {
        for (auto j = static_cast<std::ptrdiff_t>(i) + step; j >= 0 && j < static_cast<std::ptrdiff_t>(tokens.size()); j += step) {
          const std::string& t = term_of(tokens[static_cast<std::size_t>(j)]);
          if (!t.empty()) return &t;
        }
        return nullptr;
      };
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].term != term) continue;
        if (const std::string* before = neighbour(i, -1); before && *before != term) seen.insert("<" + *before);
        if (const std::string* after = neighbour(i, 1); after && *after != term) seen.insert(">" + *after);
      }
    }
    for (const std::string& s : seen) ++count[s];
  }
  const double documents = db_.get_doccount();
  for (const auto& [key, c] : count) {
    const double df = std::max<Xapian::doccount>(1, db_.get_termfreq(key.substr(1)));
    out[key] = c * std::log(documents / df);
  }
  return out;
}

bool SpellingVariants::same_neighbours(const std::string& a, const std::string& b) const {
  const Neighbours& x = neighbours_of(a);
  const Neighbours& y = neighbours_of(b);
  const std::string ta = analyzer_.term(a), tb = analyzer_.term(b);
  const auto own = [&](const std::string& key) { return key.compare(1, std::string::npos, ta) == 0 || key.compare(1, std::string::npos, tb) == 0; };
  double dot = 0, xx = 0, yy = 0;
  for (const auto& [key, w] : x) {
    if (own(key)) continue;
    xx += w * w;
    if (const auto other = y.find(key); other != y.end()) dot += w * other->second;
  }
  for (const auto& [key, w] : y) {
    if (!own(key)) yy += w * w;
  }
  return xx > 0 && yy > 0 && dot >= kMinSharedNeighbours * std::sqrt(xx * yy);
}

bool SpellingVariants::is_written_name(const std::string& word) const {
  return frequency(db_, word) > 0 && behaves_as_name(word);
}

bool SpellingVariants::behaves_as_name(const std::string& word) const {
  if (analyzer_.term(word) != word) return false;
  const Xapian::doccount articles = frequency(db_, word);
  Xapian::doccount declined = frequency(db_, schema::prefixed(kArticle, word));
  // Pronoun, plural, feminine and verb endings that the light stemmer leaves on: names hardly take
  // them (ترامبه, ترامبون are not written; طالبه, طالبوا, اتهمه are).
  for (const std::string_view ending : {"\xD9\x87", "\xD9\x87\xD8\xA7", "\xD9\x87\xD9\x85", "\xD8\xA7\xD8\xAA",
                                         "\xD9\x88\xD8\xA7", "\xD9\x88\xD9\x86", "\xD9\x8A\xD9\x86",
                                         "\xD9\x8A\xD9\x87"}) {  // ه ها هم ات وا ون ين يه
    declined += frequency(db_, word + std::string(ending));
  }
  return declined * kArticleRatio <= articles;
}

std::vector<std::string> SpellingVariants::spellings_of(const std::string& word) const {
  const std::string key = schema::variant_key(word);
  if (key.empty()) return {};
  std::set<std::string> words;
  const std::string name = schema::prefixed(schema::kVariantPrefix, key);
  for (const Xapian::Database& index : indexes_) {
    for (std::string& w : schema::decode_word_list(index.get_metadata(name))) words.insert(std::move(w));
  }
  words.erase(word);
  if (words.empty()) return {};
  // The table holds the words of the variants index (kSuggestFloor) and a misspelt name is never
  // written; a rare word is neither.
  if (const Xapian::doccount written = frequency(db_, word); written > 0 && written < schema::kSuggestFloor) return {};
  if (frequency(db_, word) > 0 && !behaves_as_name(word)) return {};
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  for (const std::string& w : words) {
    // A shard lists the words of its own floor: over the whole database, kSuggestFloor decides.
    const Xapian::doccount articles = frequency(db_, w);
    if (articles >= schema::kSuggestFloor && one_vowel_apart(word, w) && !vowel_added_at_end(word, w) &&
        behaves_as_name(w) && (frequency(db_, word) == 0 || same_neighbours(word, w))) {
      found.emplace_back(articles, w);
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (auto& [articles, w] : found) {
    if (out.size() == kMaxSpellings) break;
    out.push_back(w);  // a name is its own term (behaves_as_name)
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> SpellingVariants::table() const {
  std::set<std::string> words;
  const std::string prefix(schema::kVariantPrefix);
  for (const Xapian::Database& index : indexes_) {
    for (auto k = index.metadata_keys_begin(prefix); k != index.metadata_keys_end(prefix); ++k) {
      for (std::string& w : schema::decode_word_list(index.get_metadata(*k))) words.insert(std::move(w));
    }
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const std::string& word : words) {
    if (frequency(db_, word) < schema::kSuggestFloor) continue;
    std::vector<std::string> spellings = spellings_of(word);
    if (!spellings.empty()) out.emplace_back(word, std::move(spellings));
  }
  return out;
}

}  // namespace fahras::variants
