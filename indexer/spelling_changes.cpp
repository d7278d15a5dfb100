#include "spelling_changes.h"

#include <algorithm>
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

}  // namespace fahras::indexer_detail
