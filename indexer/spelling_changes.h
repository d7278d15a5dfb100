// SpellingChanges: the suggestion index (schema.h, kSuggestPrefix), and the variants index
// (kVariantPrefix), which lists the same words under other keys, kept in step with the documents,
// from their words' changes in frequency summed between commits.
//
// A word's frequency is its XE term's, which Xapian keeps exact by itself. What the index needs is
// which words crossed the floor (schema::suggest_floor) since the last commit: a word now written in
// enough articles is added to its keys, one no longer written in enough is removed. Summing each
// document's words here (a hash table) tells the words that changed and by how much; at the commit,
// Xapian is asked for the frequency of those words only, and the index is read and written only for
// the few that crossed the floor. So the index of an updated database equals a fresh build's, and
// indexing pays a lookup per distinct word and commit (bench/RESULTS.md).
//
// (The class keeps the name it had when it fed Xapian's spelling table.)
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

  // Updates the suggestion index of `db` for the summed changes, and forgets them. Call before each
  // commit of `db`, after its documents are written, outside a transaction or inside the one being
  // committed, so that every commit has the index of the documents it holds. REQUIRES: every
  // document added to or removed from `db` since the last call went through add() or remove().
  void apply_to(Xapian::WritableDatabase& db);

  // For a writer's destructor: Xapian commits what a WritableDatabase holds when it is destroyed
  // (after an error, say), so it gets these changes first. Should that fail, says on stderr that the
  // suggestion index of `name` may be out of date; never throws.
  void apply_before_close(Xapian::WritableDatabase& db, const std::string& name) noexcept;

  bool empty() const { return changes_.empty(); }

 private:
  std::unordered_map<std::string, std::int64_t> changes_;  // word -> change in document frequency
};

}  // namespace fahras::indexer_detail
