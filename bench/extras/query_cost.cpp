// What suggestions and facets cost at query time, and how suggestions behave on real queries.
//
//   fahras-bench-extras DB QUERIES.tsv
//
// QUERIES.tsv: qid<TAB>query lines (e.g. /tmp/sets/ant-all/queries.tsv, real headlines), read as
// natural text (QuerySyntax::kPlain). Prints:
//   - time per query without extras, with suggestions, with facets, over 3 interleaved rounds, and
//     the ratios to the time without (the machine is shared: only ratios of one run mean anything);
//   - how many of these real, correctly spelt queries get a suggestion (false alarms), with examples;
//   - for misspellings made from them (the longest word of each query, one inner letter deleted, or
//     two neighbouring letters swapped), how often the suggestion restores the word.
#include <chrono>
#include <fstream>
#include <iostream>

#include "fahras/normalize.h"
#include "fahras/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::u32string> words_of(const std::string& text) {
  std::vector<std::u32string> out;
  std::u32string word;
  for (std::size_t i = 0; i <= text.size();) {
    char32_t cp = 0;
    std::size_t n = 1;
    if (i < text.size()) {
      const auto b = static_cast<unsigned char>(text[i]);
      n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
      for (std::size_t k = 1; k < n && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
    }
    const bool arabic_letter = cp >= 0x0621 && cp <= 0x064A;
    if (arabic_letter) {
      word += cp;
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
    i += n;
  }
  return out;
}

std::string utf8(const std::u32string& s) {
  std::string out;
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fahras-bench-extras DB QUERIES.tsv\n";
    return 2;
  }
  const fahras::Searcher searcher({argv[1]});
  std::ifstream in(argv[2]);
  const std::vector<fahras::QueryLine> queries = fahras::read_query_lines(in);
  fahras::SearchOptions base;
  base.syntax = fahras::QuerySyntax::kPlain;
  base.snippets = false;
  fahras::SearchOptions suggest = base, facets = base;
  suggest.suggest = true;
  facets.facets = true;

  double seconds[3] = {0, 0, 0};
  const fahras::SearchOptions* configs[3] = {&base, &suggest, &facets};
  for (int round = 0; round < 3; ++round) {
    for (int c = 0; c < 3; ++c) {
      const auto start = Clock::now();
      for (const fahras::QueryLine& q : queries) searcher.search(q.text, *configs[c]);
      seconds[c] += std::chrono::duration<double>(Clock::now() - start).count();
    }
  }
  const double n = 3.0 * static_cast<double>(queries.size());
  std::printf("%zu queries, %llu documents\n", queries.size(), static_cast<unsigned long long>(searcher.document_count()));
  std::printf("ms/query: plain %.3f, +suggest %.3f (x%.2f), +facets %.3f (x%.2f)\n", 1e3 * seconds[0] / n,
              1e3 * seconds[1] / n, seconds[1] / seconds[0], 1e3 * seconds[2] / n, seconds[2] / seconds[0]);

  std::size_t false_alarms = 0;
  for (const fahras::QueryLine& q : queries) {
    const std::string s = searcher.search(q.text, suggest).suggestion;
    if (s.empty()) continue;
    if (++false_alarms <= 10) std::printf("  suggested: %s  ->  %s\n", q.text.c_str(), s.c_str());
  }
  std::printf("real queries with a suggestion: %zu of %zu (%.1f%%)\n", false_alarms, queries.size(),
              100.0 * static_cast<double>(false_alarms) / static_cast<double>(queries.size()));

  for (const char* kind : {"deletion", "transposition"}) {
    std::size_t tried = 0, restored = 0, other = 0, none = 0;
    for (const fahras::QueryLine& q : queries) {
      std::u32string longest;
      for (const std::u32string& w : words_of(q.text)) {
        if (w.size() > longest.size()) longest = w;
      }
      if (longest.size() < 6) continue;
      std::u32string typo = longest;
      const std::size_t at = longest.size() / 2;
      if (std::string_view(kind) == "deletion") {
        typo.erase(at, 1);
      } else {
        if (typo[at] == typo[at + 1]) continue;
        std::swap(typo[at], typo[at + 1]);
      }
      const std::string word = utf8(longest), misspelt = utf8(typo);
      std::string text = q.text;
      text.replace(text.find(word), word.size(), misspelt);
      ++tried;
      const std::string s = searcher.search(text, suggest).suggestion;
      if (s.empty()) {
        ++none;
      } else if (fahras::normalize(s).find(fahras::normalize(word)) != std::string::npos) {
        ++restored;
      } else {
        ++other;
      }
    }
    std::printf("%s in the longest word: %zu queries; restored %zu (%.1f%%), other suggestion %zu, none %zu\n",
                kind, tried, restored, 100.0 * static_cast<double>(restored) / static_cast<double>(tried), other, none);
  }
  return 0;
}
