#include "fahras/snippet.h"

#include <algorithm>
#include <unordered_map>

namespace fahras {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

bool matches(const Token& token, const TermSet& terms) {
  return !token.term.empty() && terms.count(token.term) > 0;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Copies text[begin, end) with line breaks and tabs turned into spaces (same byte length, so the
// token offsets still hold), adding highlights for the matching tokens in [first, last).
// "…" marks the ends where words were left out.
Snippet cut(std::string_view text, const std::vector<Token>& tokens, std::size_t first,
            std::size_t last, std::uint32_t begin, std::uint32_t end, const TermSet& terms) {
  Snippet snippet;
  if (first > 0) snippet.text += kEllipsis;
  const auto lead = static_cast<std::uint32_t>(snippet.text.size());
  for (char c : text.substr(begin, end - begin)) {
    snippet.text += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  if (last < tokens.size()) snippet.text += kEllipsis;
  for (std::size_t i = first; i < last; ++i) {
    // A ligature that stands for several words (ﷺ) gives several tokens with one range: mark it once.
    const bool repeat = !snippet.highlights.empty() && i > first && tokens[i].begin == tokens[i - 1].begin;
    if (!repeat && matches(tokens[i], terms)) {
      snippet.highlights.push_back({tokens[i].begin - begin + lead, tokens[i].end - begin + lead});
    }
  }
  return snippet;
}

}  // namespace

Snippet make_snippet(std::string_view text, const TermSet& terms, const Analyzer& analyzer,
                     const SnippetOptions& options) {
  const std::vector<Token> tokens = analyzer.analyze(text);
  if (tokens.empty()) return {};
  const std::size_t max_bytes = std::max<std::size_t>(options.max_bytes, 1);

  // Slide a window of whole tokens no wider than max_bytes; keep the one with the most distinct
  // matching terms, then the most matches. Linear in the number of tokens.
  std::unordered_map<std::string_view, int> in_window;
  std::size_t best_first = 0, best_last = 0;
  int best_distinct = -1, best_total = -1, distinct = 0, total = 0;
  std::size_t first = 0;
  for (std::size_t last = 0; last < tokens.size(); ++last) {
    if (matches(tokens[last], terms)) {
      if (in_window[tokens[last].term]++ == 0) ++distinct;
      ++total;
    }
    while (first < last && tokens[last].end - tokens[first].begin > max_bytes) {
      if (matches(tokens[first], terms)) {
        if (--in_window[tokens[first].term] == 0) --distinct;
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
  }
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
  std::uint32_t begin = lo == 0 ? 0 : tokens[lo].begin;
  std::uint32_t end = hi == tokens.size() ? static_cast<std::uint32_t>(text.size()) : tokens[hi - 1].end;
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return cut(text, tokens, lo, hi, begin, end, terms);
}

Snippet highlight_all(std::string_view text, const TermSet& terms, const Analyzer& analyzer) {
  const std::vector<Token> tokens = analyzer.analyze(text);
  return cut(text, tokens, 0, tokens.size(), 0, static_cast<std::uint32_t>(text.size()), terms);
}

}  // namespace fahras
