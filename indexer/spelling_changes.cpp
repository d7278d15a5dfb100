#include "spelling_changes.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace fahras::indexer_detail {

void SpellingChanges::add(const std::vector<std::string>& words) {
  for (const std::string& word : words) ++changes_[word];
}

void SpellingChanges::remove(const std::vector<std::string>& words) {
  for (const std::string& word : words) --changes_[word];
}

void SpellingChanges::apply_to(Xapian::WritableDatabase& db) {
  std::vector<std::pair<std::string, std::int64_t>> sorted(changes_.begin(), changes_.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [word, change] : sorted) {
    if (change > 0) db.add_spelling(word, static_cast<Xapian::termcount>(change));
    if (change < 0) db.remove_spelling(word, static_cast<Xapian::termcount>(-change));
  }
  changes_.clear();
}

void SpellingChanges::apply_before_close(Xapian::WritableDatabase& db, const std::string& name) noexcept {
  if (changes_.empty()) return;
  try {
    apply_to(db);
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "fahras-index: the spelling table of %s may be out of date (%s): run with --rebuild\n",
                 name.c_str(), e.get_msg().c_str());
  }
}

}  // namespace fahras::indexer_detail
