// libFuzzer target: gunzip with a small cap, then the reader on what came out.
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kCap = 1 << 20;
  std::string out;
  const std::string error = fahras::gunzip(std::string_view(reinterpret_cast<const char*>(data), size), kCap, out);
  fahras::fuzz::check(out.size() <= kCap, "gunzip wrote past its cap");
  if (error.empty()) {
    const fahras::FileContents contents =
        fahras::parse_content(out, fahras::detect_format("fuzz.txt.gz", out), "fuzz.txt.gz");
    fahras::fuzz::check_contents(contents, "fuzz.txt.gz");
  }
  return 0;
}
