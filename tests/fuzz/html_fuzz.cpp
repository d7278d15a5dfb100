// libFuzzer target: the HTML extractor (gumbo and our reading of its tree), through parse_content.
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const fahras::FileContents contents = fahras::parse_content(content, fahras::Format::kHtml, "fuzz.html");
  fahras::fuzz::check_contents(contents, "fuzz.html");
  fahras::fuzz::check(contents.articles.size() <= 1, "more than one article in a page");
  for (const fahras::Article& a : contents.articles) {
    fahras::fuzz::check(a.title.find('\n') == std::string::npos, "title on several lines");
    fahras::fuzz::check(a.body.find("\n\n") == std::string::npos, "empty paragraph in body");
  }
  return 0;
}
