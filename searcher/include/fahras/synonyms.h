// Synonyms: groups of words and phrases that stand for one another in queries, such as the spellings
// of a name (ترامب / ترمب / Trump). fahras-search --synonyms FILE reads them; a query word that is in
// a group searches every entry of its group, as one term for ranking (Xapian's OP_SYNONYM: an article
// with ترمب scores as if it had ترامب).
//
// File format (UTF-8): one group per line, its entries separated by '/', ',' or the Arabic comma '،';
// an entry is a word or a phrase of several words. Blank lines are skipped; '#' at the start of a line
// or after white space starts a comment that runs to the end of the line. Example:
//
//   # spellings of names
//   ترامب / ترمب / Trump / دونالد ترامب
//   بوتين, بوتن, Putin
//
// Entries are analysed by the database's Analyzer, so they are insensitive to diacritics, hamza
// forms and case, and their clitics and suffixes are stemmed as the query's are: ترامب also matches
// لترامب. A query word expands when its term is the term of a one-word entry; a phrase entry only
// expands (a two-word query is not looked up as a phrase), and matches as a phrase. Words inside a
// quoted phrase of several words, and field values (title:, source:, ...), are not expanded.
//
// A Synonyms is immutable once built: share it between threads freely.
#pragma once

#include <cstddef>
#include <istream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/analyzer.h"

namespace fahras {

struct SynonymGroup {
  std::size_t line = 0;              // 1-based line of the file
  std::vector<std::string> entries;  // as written, trimmed
};

// A synonyms file as read, before analysis.
struct SynonymFile {
  std::string name;  // the path, for messages
  std::vector<SynonymGroup> groups;
};

// Reads a synonyms file. Throws Error (kUsage) with one line "FILE:LINE: why" when a line is not a
// group of at least two non-empty entries or is not valid UTF-8, and "cannot read synonyms file FILE:
// why" when it cannot be read.
SynonymFile read_synonym_file(const std::string& path);
// The same, from a stream; `name` names it in messages.
SynonymFile parse_synonyms(std::istream& in, const std::string& name);

class Synonyms {
 public:
  // One entry of a group, analysed: its terms, in order (several for a phrase).
  using Entry = std::vector<std::string>;

  // Analyses every entry with `analyzer`. Throws Error (kUsage) "FILE:LINE: why" when an entry has no
  // word that is searched (only stopwords or punctuation), or when a word is an entry of two groups.
  Synonyms(const SynonymFile& file, const Analyzer& analyzer);

  // The entries of the group holding a one-word entry whose term is `term` (the word itself included),
  // or null when there is none.
  const std::vector<Entry>* group_of(const std::string& term) const;

  // Analyzer::version() of the analyser that built it: it only fits databases built by the same.
  const std::string& analyzer_version() const { return analyzer_version_; }
  std::size_t size() const { return groups_.size(); }

 private:
  std::vector<std::vector<Entry>> groups_;
  std::map<std::string, std::size_t, std::less<>> group_of_term_;
  std::string analyzer_version_;
};

}  // namespace fahras
