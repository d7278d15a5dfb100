// libFuzzer target: the JSON and JSON Lines readers. The first byte picks the format (odd: JSON
// Lines), the rest is the file.
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const fahras::Format format = (data[0] & 1) != 0 ? fahras::Format::kJsonLines : fahras::Format::kJson;
  const std::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);
  const fahras::FileContents contents = fahras::parse_content(content, format, "fuzz.json");
  fahras::fuzz::check_contents(contents, "fuzz.json");
  return 0;
}
