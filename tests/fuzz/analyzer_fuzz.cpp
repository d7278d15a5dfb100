// libFuzzer target: the analyser (segmentation, script split, normalisation, stopwords, stemming).
// The first byte picks the stemmer; the rest is the text, valid UTF-8 or not.
#include "fahras/analyzer.h"
#include "fahras/schema.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using fahras::fuzz::check;
  static const fahras::Analyzer analyzers[] = {
      fahras::Analyzer({fahras::StemmerKind::kLight}),
      fahras::Analyzer({fahras::StemmerKind::kSnowball}),
      fahras::Analyzer({fahras::StemmerKind::kNone, /*stopwords=*/false}),
  };
  if (size == 0) return 0;
  const fahras::Analyzer& analyzer = analyzers[data[0] % 3];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::vector<fahras::Token> tokens = analyzer.analyze(text);
  std::uint32_t last_position = 0;
  std::uint32_t last_begin = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const fahras::Token& t = tokens[i];
    check(t.begin < t.end && t.end <= text.size(), "token offsets outside the text");
    check(t.begin >= last_begin, "tokens out of text order");
    check(i == 0 || t.position >= last_position, "positions go back");
    check(i == 0 || t.position <= last_position + 1, "positions skip");
    check(t.term.size() <= fahras::schema::kMaxTermBytes, "term over the term limit");
    check(fahras::fuzz::is_utf8(t.term) && fahras::fuzz::is_utf8(t.normalized), "term is not UTF-8");
    check(!t.stopword || t.term.empty(), "stopword with a term");
    check(t.term.find('\0') == std::string::npos, "NUL in a term");
    last_position = t.position;
    last_begin = t.begin;
  }
  // term() of a single word agrees with analyze() of that word.
  if (!tokens.empty()) {
    const fahras::Token& first = tokens.front();
    const std::string_view word = text.substr(first.begin, first.end - first.begin);
    const std::string term = analyzer.term(word);
    check(fahras::fuzz::is_utf8(term), "term() is not UTF-8");
  }
  return 0;
}
