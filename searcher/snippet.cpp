#include "fahras/snippet.h"

#include <algorithm>
#include <span>
#include <unordered_map>

namespace fahras {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

// The element of `terms` that `token` matches, under its term or another of its readings (a name
// the stemmer does not know: Token::readings, Token::kept), or nullptr. (Its address is stable, unlike the
// token's own string, which moves when the token vector grows.)
const std::string* matching_term(const Token& token, const TermSet& terms) {
  if (token.term.empty()) return nullptr;
  if (const auto it = terms.find(token.term); it != terms.end()) return &*it;
  for (const std::string& reading : token.readings) {
    if (const auto it = terms.find(reading); it != terms.end()) return &*it;
  }
  for (const std::string& reading : token.kept) {
    if (const auto it = terms.find(reading); it != terms.end()) return &*it;
  }
  return nullptr;
}

bool matches(const Token& token, const TermSet& terms) { return matching_term(token, terms) != nullptr; }

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Copies text[begin, end) with line breaks and tabs turned into spaces (same byte length, so the
// token offsets still hold), adding highlights for the matching tokens in [first, last).
// "…" marks the ends where words were left out (`cut_before`, `cut_after`).
Snippet cut(std::string_view text, const std::vector<Token>& tokens, std::size_t first,
            std::size_t last, std::uint32_t begin, std::uint32_t end, const TermSet& terms,
            bool cut_before, bool cut_after) {
  Snippet snippet;
  if (cut_before) snippet.text += kEllipsis;
  const auto lead = static_cast<std::uint32_t>(snippet.text.size());
  for (char c : text.substr(begin, end - begin)) {
    snippet.text += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  if (cut_after) snippet.text += kEllipsis;
  for (std::size_t i = first; i < last; ++i) {
    // A ligature that stands for several words (ﷺ) gives several tokens with one range: mark it once.
    const bool repeat = !snippet.highlights.empty() && i > first && tokens[i].begin == tokens[i - 1].begin;
    if (!repeat && matches(tokens[i], terms)) {
      snippet.highlights.push_back({tokens[i].begin - begin + lead, tokens[i].end - begin + lead});
    }
  }
  return snippet;
}

// The tokens of a text, analysed a piece at a time on demand, so that a snippet found early in a
// long article does not pay for analysing the rest. Pieces end at white space, where a word never
// continues, so the tokens (their terms and offsets) are those of analysing the whole text at once;
// only their positions restart, which snippets do not use.
class LazyTokens {
 public:
  LazyTokens(std::string_view text, const Analyzer& analyzer, std::span<const std::string_view> terms,
             std::size_t piece_bytes)
      : text_(text), analyzer_(analyzer), terms_(terms), piece_bytes_(piece_bytes) {}

  const std::vector<Token>& tokens() const { return tokens_; }
  bool complete() const { return analysed_ == text_.size(); }
  std::size_t analysed() const { return analysed_; }

  // Analyses the next piece. REQUIRES: !complete().
  void more() {
    std::size_t end = std::min(text_.size(), analysed_ + piece_bytes_);
    while (end < text_.size() && !is_space(text_[end])) ++end;
    for (Token& token : analyzer_.analyze_for(text_.substr(analysed_, end - analysed_), terms_)) {
      token.begin += static_cast<std::uint32_t>(analysed_);
      token.end += static_cast<std::uint32_t>(analysed_);
      tokens_.push_back(std::move(token));
    }
    analysed_ = end;
  }

 private:
  std::string_view text_;
  const Analyzer& analyzer_;
  std::span<const std::string_view> terms_;
  std::size_t piece_bytes_;
  std::size_t analysed_ = 0;
  std::vector<Token> tokens_;
};

// The terms a snippet marks, for Analyzer::analyze_for(): only words that may match are stemmed.
std::vector<std::string_view> wanted(const TermSet& terms) { return {terms.begin(), terms.end()}; }

// Bytes analysed at a time, at least two windows' worth: small enough that a news article's lead is
// a piece of its own, large enough that the calls cost little.
constexpr std::size_t kPieceBytes = 512;

}  // namespace

Snippet make_snippet(std::string_view text, const TermSet& terms, const Analyzer& analyzer,
                     const SnippetOptions& options) {
  const std::size_t max_bytes = std::max<std::size_t>(options.max_bytes, 1);
  const std::vector<std::string_view> wanted_terms = wanted(terms);
  LazyTokens lazy(text, analyzer, wanted_terms, std::max(kPieceBytes, 2 * max_bytes));
  const std::vector<Token>& tokens = lazy.tokens();

  // Slide a window of whole tokens no wider than max_bytes; keep the one with the most distinct
  // matching terms, then the most matches. Linear in the number of tokens. A window that holds
  // every term cannot be beaten on distinct terms, so reading stops there.
  std::unordered_map<const std::string*, int> in_window;  // keyed by the element of `terms`
  std::size_t best_first = 0, best_last = 0;
  int best_distinct = -1, best_total = -1, distinct = 0, total = 0;
  std::size_t first = 0;
  const auto all_terms = static_cast<int>(terms.size());
  std::size_t last = 0;
  while (best_distinct < all_terms) {
    if (last == tokens.size()) {
      if (lazy.complete()) break;
      lazy.more();
      continue;
    }
    if (const std::string* term = matching_term(tokens[last], terms)) {
      if (in_window[term]++ == 0) ++distinct;
      ++total;
    }
    while (first < last && tokens[last].end - tokens[first].begin > max_bytes) {
      if (const std::string* term = matching_term(tokens[first], terms)) {
        if (--in_window[term] == 0) --distinct;
        --total;
      }
      ++first;
    }
    if (distinct > best_distinct || (distinct == best_distinct && total > best_total)) {
      best_distinct = distinct;
      best_total = total;
      best_first = first;
      best_last = last + 1;
    }
    ++last;
  }
  // Enough text after the window to grow it by max_bytes (below).
  auto enough = [&] { return !tokens.empty() && lazy.analysed() > tokens[std::max<std::size_t>(best_last, 1) - 1].end + max_bytes; };
  while (!lazy.complete() && !enough()) lazy.more();
  if (tokens.empty()) return {};
  // The window ends at its last match or later; trim the window to its matches, then grow it again
  // on both sides in turn, so that the matches sit in context rather than at an edge.
  std::size_t lo = best_first, hi = best_last;
  if (best_distinct > 0) {
    while (!matches(tokens[lo], terms)) ++lo;
    while (!matches(tokens[hi - 1], terms)) --hi;
  } else {
    lo = 0;
    hi = 1;
  }
  // Grow the side with less context first, so that the matches sit in the middle.
  auto fits = [&](std::size_t a, std::size_t b) { return tokens[b - 1].end - tokens[a].begin <= max_bytes; };
  const std::uint32_t match_begin = tokens[lo].begin, match_end = tokens[hi - 1].end;
  while (true) {
    const bool can_left = lo > 0 && fits(lo - 1, hi);
    const bool can_right = hi < tokens.size() && fits(lo, hi + 1);
    if (!can_left && !can_right) break;
    const std::uint32_t left = match_begin - tokens[lo].begin, right = tokens[hi - 1].end - match_end;
    if (can_left && (left <= right || !can_right)) {
      --lo;
    } else {
      ++hi;
    }
  }
  // At either end of the text, keep its punctuation (a closing quote or full stop) too.
  const bool to_end = hi == tokens.size() && lazy.complete();
  std::uint32_t begin = lo == 0 ? 0 : tokens[lo].begin;
  std::uint32_t end = to_end ? static_cast<std::uint32_t>(text.size()) : tokens[hi - 1].end;
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return cut(text, tokens, lo, hi, begin, end, terms, lo > 0, !to_end);
}

Snippet highlight_all(std::string_view text, const TermSet& terms, const Analyzer& analyzer) {
  const std::vector<Token> tokens = analyzer.analyze_for(text, wanted(terms));
  return cut(text, tokens, 0, tokens.size(), 0, static_cast<std::uint32_t>(text.size()), terms, false, false);
}

}  // namespace fahras
