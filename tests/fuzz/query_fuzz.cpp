// libFuzzer target: the query parser, both syntaxes and both default operators (picked by the first
// byte). The full syntax may refuse a query with fahras::Error, and only that way; the plain syntax
// never throws.
#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/error.h"
#include "fahras/query.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fahras::Analyzer analyzer;
  if (size == 0) return 0;
  fahras::QueryOptions options;
  options.syntax = (data[0] & 1) != 0 ? fahras::QuerySyntax::kPlain : fahras::QuerySyntax::kFull;
  options.default_operator = (data[0] & 2) != 0 ? fahras::DefaultOperator::kAnd : fahras::DefaultOperator::kOr;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const fahras::ParsedQuery parsed = fahras::parse_query(text, analyzer, options);
    (void)parsed.query.get_description();
    for (const std::string& term : parsed.highlight_terms) {
      fahras::fuzz::check(!term.empty() && fahras::fuzz::is_utf8(term), "bad highlight term");
    }
  } catch (const fahras::Error& e) {
    fahras::fuzz::check(options.syntax == fahras::QuerySyntax::kFull, "plain syntax threw");
    fahras::fuzz::check(e.kind() == fahras::Error::Kind::kBadQuery, "error of another kind");
    const std::string_view what = e.what();
    fahras::fuzz::check(!what.empty() && what.find('\n') == std::string_view::npos, "message not one line");
  }
  return 0;
}
