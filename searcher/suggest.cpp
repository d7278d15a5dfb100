#include "suggest.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "fahras/schema.h"

namespace fahras::suggest {
namespace {

constexpr std::string_view kTaMarbuta = "\xD8\xA9";  // ة
constexpr std::string_view kHeh = "\xD9\x87";        // ه
constexpr std::string_view kAlefMaksura = "\xD9\x89";  // ى
constexpr std::string_view kYeh = "\xD9\x8A";          // ي

struct Span {
  std::size_t begin;
  std::size_t end;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t quote_length(std::string_view s, std::size_t i) {
  if (s[i] == '"') return 1;
  const std::string_view rest = s.substr(i);
  return rest.starts_with("\xE2\x80\x9C") || rest.starts_with("\xE2\x80\x9D") ? 3 : 0;
}

// The parts of a query that are words to search, following query.h's syntax: plain words, phrases,
// title: values, excluded words; not operators, parentheses or the values of source:, category:
// and author:.
std::vector<Span> searchable_spans(std::string_view q, QuerySyntax syntax) {
  if (syntax == QuerySyntax::kPlain) return {{0, q.size()}};
  std::vector<Span> spans;
  std::size_t i = 0;
  auto phrase = [&](bool keep) {
    i += quote_length(q, i);
    const std::size_t start = i;
    while (i < q.size() && quote_length(q, i) == 0) ++i;
    if (keep) spans.push_back({start, i});
    if (i < q.size()) i += quote_length(q, i);
  };
  while (i < q.size()) {
    const char c = q[i];
    if (is_space(c) || c == '(' || c == ')') {
      ++i;
    } else if (quote_length(q, i)) {
      phrase(true);
    } else if ((c == '-' || c == '+') && i + 1 < q.size() && !is_space(q[i + 1])) {
      ++i;
    } else {
      const std::size_t start = i;
      while (i < q.size() && !is_space(q[i]) && q[i] != '(' && q[i] != ')' && !quote_length(q, i)) ++i;
      const std::string_view word = q.substr(start, i - start);
      if (word == "OR" || word == "AND" || word == "NOT") continue;
      const std::size_t colon = word.find(':');
      std::string field(colon == std::string_view::npos ? std::string_view() : word.substr(0, colon));
      for (char& ch : field) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
      if (field != "title" && field != "source" && field != "category" && field != "author") {
        spans.push_back({start, i});
      } else if (colon + 1 < word.size()) {
        if (field == "title") spans.push_back({start + colon + 1, i});
      } else if (i < q.size() && quote_length(q, i)) {
        phrase(field == "title");
      }
    }
  }
  return spans;
}

// The number of articles that write `word` (normalised, not stemmed).
Xapian::doccount frequency(const Xapian::Database& db, const std::string& word) {
  return db.get_termfreq(schema::prefixed(schema::kExactPrefix, word));
}

// The code points of a UTF-8 string (normalised text: valid UTF-8).
std::u32string code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += n;
  }
  return out;
}

// The optimal string alignment (restricted Damerau) distance: insertions, deletions, replacements
// and swaps of two neighbours, each one edit.
std::size_t edit_distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t replace = previous[j - 1] + (a[i - 1] != b[j - 1]);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, replace});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// The form the index offers for `word`: the closest within `max_edits`, the most frequent of equally
// close ones (the first in byte order of equally frequent ones), with its frequency; or "" when the
// index lists none written in at least kSuggestFloor articles.
std::pair<std::string, Xapian::doccount> nearest_form(const std::string& word, std::size_t max_edits,
                                                      const Xapian::Database& db,
                                                      const std::vector<Xapian::Database>& indexes) {
  std::vector<std::string> forms;
  for (const std::string& key : schema::suggestion_keys(word)) {
    const std::string name = schema::prefixed(schema::kSuggestPrefix, key);
    for (const Xapian::Database& index : indexes) {
      for (std::string& form : schema::decode_word_list(index.get_metadata(name))) forms.push_back(std::move(form));
    }
  }
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  const std::u32string typed = code_points(word);
  std::pair<std::string, Xapian::doccount> best;
  std::size_t best_distance = max_edits + 1;
  for (const std::string& form : forms) {
    if (form == word) continue;
    const std::size_t distance = edit_distance(typed, code_points(form));
    if (distance > best_distance || distance > max_edits) continue;
    // A shard lists the words above its own, lower floor: keep what one database would list.
    const Xapian::doccount freq = frequency(db, form);
    if (freq < schema::kSuggestFloor) continue;
    if (distance < best_distance || freq > best.second) {
      best = {form, freq};
      best_distance = distance;
    }
  }
  return best;
}

// The last letter of what the user wrote, skipping tatweel U+0640 and diacritics U+064B-U+065F, U+0670.
std::string_view last_letter(std::string_view written) {
  while (!written.empty()) {
    std::size_t start = written.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(written[start]) & 0xC0) == 0x80) --start;
    const std::string_view letter = written.substr(start);
    const auto second = letter.size() == 2 ? static_cast<unsigned char>(letter[1]) : 0;
    const bool mark = letter.size() == 2 && letter[0] == '\xD9' &&
                      (second == 0x80 || (second >= 0x8B && second <= 0x9F) || second == 0xB0);
    if (!mark) return letter;
    written.remove_suffix(letter.size());
  }
  return {};
}

bool are_synonyms(const std::string& term, const std::string& other, const Synonyms* synonyms) {
  const std::vector<Synonyms::Entry>* group = synonyms ? synonyms->group_of(term) : nullptr;
  return group && std::find(group->begin(), group->end(), Synonyms::Entry{other}) != group->end();
}

// The correction of one word, or "" when it looks right.
std::string correct(const Token& token, std::string_view written, const Xapian::Database& db,
                    const std::vector<Xapian::Database>& indexes, const Analyzer& analyzer,
                    std::uint64_t matches, const Synonyms* synonyms) {
  const std::string& word = token.normalized;
  if (token.term.empty() || (token.script != Script::kArabic && token.script != Script::kLatin)) return {};
  if (word.size() > schema::kMaxTermBytes) return {};  // no exact form: never indexed
  const std::size_t length = code_points(word).size();
  if (length < 3) return {};
  // Most words are known: one lookup, and no search for neighbours.
  const Xapian::doccount seen = frequency(db, word);
  if (seen >= kRareWord) return {};
  auto [suggestion, better] = nearest_form(word, length <= 4 ? 1 : 2, db, indexes);
  if (suggestion.empty() || better < seen) return {};  // never a rarer form (Xapian's rule too)
  const Xapian::doccount evidence = std::max<Xapian::doccount>(kMinEvidence, db.get_doccount() / kEvidencePerDocuments);
  if (seen == 0 ? better < evidence : better < kRareRatio * seen && matches > 0) return {};
  const std::string term = analyzer.term(suggestion);
  if (term == token.term || are_synonyms(token.term, term, synonyms)) return {};
  // Normalisation folds ة into ه and ى into ي; give the word back the ending the user wrote.
  const std::string_view last = last_letter(written);
  if ((last == kTaMarbuta && suggestion.ends_with(kHeh)) || (last == kAlefMaksura && suggestion.ends_with(kYeh))) {
    suggestion.replace(suggestion.size() - 2, 2, last);
  }
  return suggestion;
}

}  // namespace

std::string suggest_query(std::string_view query, QuerySyntax syntax, const Xapian::Database& db,
                          const std::vector<Xapian::Database>& indexes, const Analyzer& analyzer,
                          std::uint64_t matches, const Synonyms* synonyms) {
  if (indexes.empty()) return {};
  std::string out;
  std::size_t copied = 0;
  bool changed = false;
  for (const Span& span : searchable_spans(query, syntax)) {
    const std::string_view text = query.substr(span.begin, span.end - span.begin);
    for (const Token& token : analyzer.analyze(text)) {
      const std::string_view written = text.substr(token.begin, token.end - token.begin);
      if (span.begin + token.begin < copied) continue;  // a ligature's second word: same bytes
      const std::string corrected = correct(token, written, db, indexes, analyzer, matches, synonyms);
      if (corrected.empty()) continue;
      out.append(query.substr(copied, span.begin + token.begin - copied));
      out.append(corrected);
      copied = span.begin + token.end;
      changed = true;
    }
  }
  if (!changed) return {};
  out.append(query.substr(copied));
  return out;
}

}  // namespace fahras::suggest
