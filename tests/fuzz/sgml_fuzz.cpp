// libFuzzer target: the SGML reader, through parse_content (so the encoding checks and conversions
// run first), and format detection on the same bytes.
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const fahras::FileContents contents = fahras::parse_content(content, fahras::Format::kSgml, "fuzz.sgml");
  fahras::fuzz::check_contents(contents, "fuzz.sgml");
  const fahras::Format format = fahras::detect_format("fuzz.txt", content);
  fahras::fuzz::check(format == fahras::Format::kSgml || format == fahras::Format::kHtml ||
                          format == fahras::Format::kText,
                      "detect_format of a .txt");
  return 0;
}
