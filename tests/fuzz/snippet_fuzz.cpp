// libFuzzer target: the snippet builder. The input is "query\ntext": the query's words are the
// terms to highlight, the first byte sets the snippet's size.
#include "fahras/analyzer.h"
#include "fahras/snippet.h"
#include "fuzz_util.h"

namespace {

void check_snippet(const fahras::Snippet& snippet) {
  using fahras::fuzz::check;
  std::uint32_t previous_end = 0;
  for (const fahras::Highlight& h : snippet.highlights) {
    check(h.start < h.end && h.end <= snippet.text.size(), "highlight outside the snippet");
    check(h.start >= previous_end, "highlights overlap or are out of order");
    previous_end = h.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fahras::Analyzer analyzer;
  if (size == 0) return 0;
  fahras::SnippetOptions options;
  options.max_bytes = data[0];  // 0 to 255: small windows find the edge cases
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t newline = rest.find('\n');
  const std::string_view query = rest.substr(0, newline);
  const std::string_view text = newline == std::string_view::npos ? rest : rest.substr(newline + 1);
  fahras::TermSet terms;
  for (const fahras::Token& token : analyzer.analyze(query)) {
    if (!token.term.empty()) terms.insert(token.term);
  }
  const fahras::Snippet snippet = fahras::make_snippet(text, terms, analyzer, options);
  check_snippet(snippet);
  const fahras::Snippet title = fahras::highlight_all(text, terms, analyzer);
  check_snippet(title);
  if (fahras::fuzz::is_utf8(text)) {
    fahras::fuzz::check(fahras::fuzz::is_utf8(snippet.text), "snippet of UTF-8 text is not UTF-8");
    fahras::fuzz::check(fahras::fuzz::is_utf8(title.text), "title of UTF-8 text is not UTF-8");
  }
  return 0;
}
