#include "variants.h"

#include <algorithm>
#include <set>
#include <utility>

#include "fahras/schema.h"

namespace fahras::variants {
namespace {

Xapian::doccount frequency(const Xapian::Database& db, std::string_view word) {
  return db.get_termfreq(schema::prefixed(schema::kExactPrefix, word));
}

// Appends the variants of `more` whose terms are new (not `own`, not already in `out`).
void merge(std::vector<VariantSource::Variant>& out, std::vector<VariantSource::Variant> more, const std::string& own) {
  for (VariantSource::Variant& v : more) {
    if (v.term.empty() || v.term == own) continue;
    if (std::any_of(out.begin(), out.end(), [&](const auto& have) { return have.term == v.term; })) continue;
    out.push_back(std::move(v));
  }
}

}  // namespace

DatabaseVariants::DatabaseVariants(const Xapian::Database& db, const std::vector<Xapian::Database>& indexes,
                                   const Analyzer& analyzer)
    : db_(db), analyzer_(analyzer), stored_(!db.get_metadata(std::string(schema::kSpellingsKey)).empty()) {
  finder_.emplace(db, indexes, analyzer);
}

std::vector<VariantSource::Variant> DatabaseVariants::spellings_of(const std::string& word) const {
  std::vector<std::string> found;
  if (stored_ && frequency(db_, word) > 0) {
    found = schema::decode_word_list(db_.get_metadata(schema::prefixed(schema::kSpellingsPrefix, word)));
  } else {
    found = finder_->spellings_of(word);
  }
  std::vector<Variant> out;
  for (std::string& w : found) out.push_back({w, w});  // a name is its own term
  return out;
}

bool DatabaseVariants::pairs_widely(const std::string& term) const {
  const std::string prefix = schema::prefixed(schema::kVariantPairPrefix, term + " ");
  std::size_t partners = 0;
  for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
    if (t.get_termfreq() >= kMinPairArticles && ++partners > kMaxPairs) return true;
  }
  return false;
}

bool DatabaseVariants::pairs_as_name(const std::string& term) const {
  const bool arabic = !term.empty() && static_cast<unsigned char>(term[0]) >= 0xD8 &&
                      static_cast<unsigned char>(term[0]) <= 0xDB;
  return !pairs_widely(term) && (!arabic || finder_->is_written_name(term));
}

std::vector<VariantSource::Variant> DatabaseVariants::partners_of(const std::string& term) const {
  const std::string prefix = schema::prefixed(schema::kVariantPairPrefix, term + " ");
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
    if (t.get_termfreq() >= kMinPairArticles) found.emplace_back(t.get_termfreq(), (*t).substr(prefix.size()));
  }
  // Most words have no partner: the word's own tests only for those that have.
  if (found.empty() || !pairs_as_name(term)) return {};
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<Variant> out;
  for (auto& [articles, form] : found) {
    if (out.size() == kMaxPairs || articles * kPairShare < found.front().first) break;
    std::string searched = analyzer_.term(form);
    if (!pairs_as_name(searched)) continue;
    out.push_back({std::move(form), std::move(searched)});
  }
  return out;
}

std::vector<VariantSource::Variant> DatabaseVariants::variants_of(const Token& token) const {
  if (token.term.empty()) return {};
  std::vector<Variant> out;
  merge(out, partners_of(token.term), token.term);
  // The key of the word's term, so that لترمب, whose term is ترمب, meets ترامب too.
  if (token.script == Script::kArabic) merge(out, spellings_of(token.term), token.term);
  return out;
}

std::vector<WordVariants> DatabaseVariants::table() const {
  std::vector<WordVariants> out;
  if (stored_) {
    const std::string prefix(schema::kSpellingsPrefix);
    for (auto k = db_.metadata_keys_begin(prefix); k != db_.metadata_keys_end(prefix); ++k) {
      out.push_back({(*k).substr(prefix.size()), schema::decode_word_list(db_.get_metadata(*k))});
    }
    return out;
  }
  for (auto& [word, spellings] : finder_->table()) out.push_back({word, std::move(spellings)});
  return out;
}

}  // namespace fahras::variants
