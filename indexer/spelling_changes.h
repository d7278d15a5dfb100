// SpellingChanges: changes to the spelling table's word frequencies, summed between commits.
//
// Each Xapian add_spelling() or remove_spelling() call looks the word up in the writer's map of
// changes (a std::map of every word changed since the last commit) and, for a word not yet in it,
// in the spelling table on disk. An article gives the table about 150 words and news repeats its
// vocabulary, so calling Xapian per article and word cost as much as all the rest of indexing
// (bench/RESULTS.md). Summed here in a hash table, Xapian sees each distinct word once per commit.
//
// Thread-safety: none; one per writer.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace fahras::indexer_detail {

class SpellingChanges {
 public:
  // A document with these words (BuiltDocument::spelling) was added, or is being removed.
  void add(const std::vector<std::string>& words);
  void remove(const std::vector<std::string>& words);

  // Hands the summed changes to `db`, in word order, and forgets them. Call before each commit of
  // `db`, outside a transaction or inside the one being committed, so that every commit has the
  // spelling table of the documents it holds.
  void apply_to(Xapian::WritableDatabase& db);

  // For a writer's destructor: Xapian commits what a WritableDatabase holds when it is destroyed
  // (after an error, say), so it gets these changes first. Should that fail, says on stderr that the
  // spelling table of `name` may be out of date; never throws.
  void apply_before_close(Xapian::WritableDatabase& db, const std::string& name) noexcept;

  bool empty() const { return changes_.empty(); }

 private:
  std::unordered_map<std::string, std::int64_t> changes_;  // word -> change in document frequency
};

}  // namespace fahras::indexer_detail
