#include "fahras/near_duplicate.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

#include "fahras/schema.h"

namespace fahras {
namespace {

constexpr std::size_t kShingleWords = 3;
constexpr std::size_t kEntryBytes = 4;

// splitmix64's finaliser: a fast mix whose outputs, for inputs differing by one seed, behave as
// independent hash functions, which MinHash needs (one content hash per shingle, kMinHashes mixes).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string near_duplicate_signature(const std::vector<Token>& tokens) {
  std::vector<std::string_view> terms;
  for (const Token& token : tokens) {
    if (terms.size() == kSignatureTerms) break;
    if (!token.term.empty()) terms.push_back(token.term);
  }
  if (terms.size() < kShingleWords || terms.size() - kShingleWords + 1 < kMinShingles) return {};
  std::array<std::uint32_t, kMinHashes> least;
  least.fill(std::numeric_limits<std::uint32_t>::max());
  std::string shingle;
  for (std::size_t i = 0; i + kShingleWords <= terms.size(); ++i) {
    shingle.clear();
    for (std::size_t j = 0; j < kShingleWords; ++j) shingle.append(terms[i + j]).push_back(' ');
    const std::uint64_t h = schema::content_hash(shingle);
    for (std::size_t k = 0; k < kMinHashes; ++k) {
      const auto v = static_cast<std::uint32_t>(mix(h ^ (0x5851f42d4c957f2dULL * (k + 1))) >> 32);
      if (v < least[k]) least[k] = v;
    }
  }
  std::string out;
  out.reserve(kMinHashes * kEntryBytes);
  for (const std::uint32_t v : least) {
    for (std::size_t b = 0; b < kEntryBytes; ++b) out.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
  }
  return out;
}

double signature_similarity(std::string_view a, std::string_view b) {
  constexpr std::size_t kBytes = kMinHashes * kEntryBytes;
  if (a.size() != kBytes || b.size() != kBytes) return 0;
  std::size_t equal = 0;
  for (std::size_t k = 0; k < kBytes; k += kEntryBytes) {
    equal += std::memcmp(a.data() + k, b.data() + k, kEntryBytes) == 0;  // fixed size: a few instructions
  }
  return static_cast<double>(equal) / kMinHashes;
}

}  // namespace fahras
