#include "spelling_changes.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <utility>

#include "fahras/schema.h"

namespace fahras::indexer_detail {
namespace {

// The floor of `db`: a shard's (kShardKey "<i>/<N>") or the whole database's.
std::int64_t floor_of(const Xapian::WritableDatabase& db) {
  const std::string shard = db.get_metadata(std::string(schema::kShardKey));
  const std::size_t slash = shard.find('/');
  std::uint32_t shards = 1;
  if (slash != std::string::npos) {
    std::from_chars(shard.data() + slash + 1, shard.data() + shard.size(), shards);
  }
  return schema::suggest_floor(shards);
}

}  // namespace

void SpellingChanges::add(const std::vector<std::string>& words) {
  for (const std::string& word : words) ++changes_[word];
}

void SpellingChanges::remove(const std::vector<std::string>& words) {
  for (const std::string& word : words) --changes_[word];
}

void SpellingChanges::apply_to(Xapian::WritableDatabase& db) {
  if (changes_.empty()) return;
  const std::int64_t floor = floor_of(db);
  // metadata key -> words to list under it (true) or to take out (false)
  std::map<std::string, std::vector<std::pair<std::string, bool>>> edits;
  for (const auto& [word, change] : changes_) {
    if (change == 0) continue;
    // A writable database's frequencies include its uncommitted documents: `now` is after the
    // changes, `now - change` before them.
    const std::int64_t now = db.get_termfreq(schema::prefixed(schema::kExactPrefix, word));
    const bool listed = now - change >= floor;
    if (listed == (now >= floor)) continue;
    for (const std::string& key : schema::suggestion_keys(word)) {
      edits[schema::prefixed(schema::kSuggestPrefix, key)].emplace_back(word, !listed);
    }
    // The variants index lists the same words, under another key.
    if (const std::string key = schema::variant_key(word); !key.empty()) {
      edits[schema::prefixed(schema::kVariantPrefix, key)].emplace_back(word, !listed);
    }
  }
  for (const auto& [name, words] : edits) {
    std::vector<std::string> list = schema::decode_word_list(db.get_metadata(name));
    for (const auto& [word, add] : words) {
      const auto at = std::lower_bound(list.begin(), list.end(), word);
      const bool there = at != list.end() && *at == word;
      if (add && !there) list.insert(at, word);
      if (!add && there) list.erase(at);
    }
    db.set_metadata(name, schema::encode_word_list(list));  // "" deletes the entry
  }
  changes_.clear();
}

void SpellingChanges::apply_before_close(Xapian::WritableDatabase& db, const std::string& name) noexcept {
  if (changes_.empty()) return;
  try {
    apply_to(db);
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "fahras-index: the suggestion index of %s may be out of date (%s): run with --rebuild\n",
                 name.c_str(), e.get_msg().c_str());
  }
}

}  // namespace fahras::indexer_detail
