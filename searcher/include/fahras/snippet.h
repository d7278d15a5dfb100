// Snippets: the passage of an article that best shows why it matched, in its original spelling,
// with every word that matched the query (through normalisation or stemming) marked.
// Pure functions, thread-safe as long as the Analyzer is not shared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "fahras/analyzer.h"

namespace fahras {

struct Highlight {
  std::uint32_t start = 0;  // UTF-8 byte offsets into the snippet's text: [start, end)
  std::uint32_t end = 0;
};

struct Snippet {
  std::string text;
  std::vector<Highlight> highlights;  // in order, not overlapping, each exactly one word
};

struct SnippetOptions {
  // Longest passage, in bytes of the original text (an Arabic letter is 2 bytes). The passage starts
  // and ends on word boundaries, so it is never cut inside a word or a UTF-8 sequence.
  std::size_t max_bytes = 320;
};

using TermSet = std::unordered_set<std::string>;

// Picks the passage of `text` (at most max_bytes, whole words) with the most distinct matching
// terms, then the most matches, then the earliest; but the first passage that holds every term of
// `terms` wins at once, so that the rest of a long text is not analysed (pass only the terms the
// text can contain to make that likely). Marks every word whose term is in `terms`.
// Stopwords never match. Line breaks become spaces; "…" marks text cut at either end. With no
// match, the passage is the start of the text.
Snippet make_snippet(std::string_view text, const TermSet& terms, const Analyzer& analyzer,
                     const SnippetOptions& options = {});

// All of `text` (a title), with every matching word marked.
Snippet highlight_all(std::string_view text, const TermSet& terms, const Analyzer& analyzer);

}  // namespace fahras
