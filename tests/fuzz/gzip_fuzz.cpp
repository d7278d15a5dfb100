// libFuzzer target: gunzip with a small cap, then parse_file() on the same bytes as a .txt.gz, the
// way the Indexer reads every file (gunzip with the real cap, format detection, the reader).
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kCap = 1 << 20;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string out;
  const std::string error = fahras::gunzip(bytes, kCap, out);
  fahras::fuzz::check(out.size() <= kCap, "gunzip wrote past its cap");
  const fahras::FileContents contents = fahras::parse_file(bytes, "fuzz.txt.gz");
  fahras::fuzz::check_contents(contents, "fuzz.txt.gz");
  // The cap aside, both read the same: an error from one is an error from the other.
  if (out.size() < kCap) {
    fahras::fuzz::check(error.empty() || !contents.error.empty(), "parse_file read a file gunzip refused");
  }
  return 0;
}
