// libFuzzer target: what a database stores, read back (fahras/schema.h). An article's data, a word
// list, a file state, a holders list, a lead sketch and an opening decoded from any bytes (a damaged
// database, or one another version wrote) give a value or the database error, never a crash; and a lead
// sketch encoded from the input's words, as postings, answers for every one of them. The input's
// first line is also the term a sketch of the rest is asked about.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fahras/error.h"
#include "fahras/schema.h"
#include "fuzz_util.h"

namespace {

using fahras::fuzz::check;
namespace schema = fahras::schema;

void decode_stored(std::string_view bytes) {
  try {
    (void)schema::decode_article(bytes);
  } catch (const fahras::Error& e) {
    check(e.kind() == fahras::Error::Kind::kDatabase, "an article's data fails with another error than kDatabase");
  }
  (void)schema::decode_word_list(bytes);
  (void)schema::decode_file_state(bytes);
  (void)schema::decode_holders(bytes);
  if (const std::optional<schema::Opening> opening = schema::decode_opening(bytes)) {
    for (const auto* words : {&opening->first, &opening->further}) {
      for (const std::string_view word : *words) {
        check(!word.empty() && word.find(' ') == std::string_view::npos, "an opening's word is empty or holds a space");
      }
    }
  }
  const std::size_t newline = bytes.find('\n');
  if (newline == std::string_view::npos) return;
  std::vector<Xapian::termpos> positions;
  (void)schema::lead_sketch_positions(bytes.substr(newline + 1), bytes.substr(0, newline), positions);
  (void)schema::lead_sketch_may_hold(bytes.substr(newline + 1), bytes.substr(0, newline));
}

// The input's words (split at spaces and newlines) as one article's postings, one position after
// another, but 40 further on after a word whose first byte is a multiple of 3 (so that some fall
// past the lead); each word must then be found at every position it has in the lead, and no word
// ruled out by the filter.
void round_trip(std::string_view bytes) {
  std::vector<std::pair<std::string, Xapian::termpos>> postings;
  Xapian::termpos position = 0;
  std::size_t i = 0;
  while (i < bytes.size() && postings.size() < 1000) {
    const std::size_t end = std::min(bytes.find_first_of(" \n", i), bytes.size());
    if (end > i) {
      const std::string_view word = bytes.substr(i, end - i);
      position += static_cast<unsigned char>(word[0]) % 3 == 0 ? 40 : 1;
      postings.emplace_back(std::string(word), position);
    }
    i = end + 1;
  }
  const std::string sketch = schema::encode_lead_sketch(postings);
  for (const auto& [word, at] : postings) {
    check(schema::lead_sketch_may_hold(sketch, word), "the filter rules out a word the article has");
    std::vector<Xapian::termpos> found;
    check(schema::lead_sketch_positions(sketch, word, found), "a sketch just encoded does not decode");
    for (const Xapian::termpos p : found) check(p >= 1 && p <= schema::kLeadSketchEnd, "a position past the lead");
    if (at <= schema::kLeadSketchEnd) {
      check(std::find(found.begin(), found.end(), at) != found.end(), "a word's position in the lead is missing");
    } else {
      check(found.empty() || found.back() <= schema::kLeadSketchEnd, "a position past the lead");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  decode_stored(bytes);
  round_trip(bytes);
  return 0;
}
