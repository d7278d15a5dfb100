// fahras-index-dump DB: one line per document, per file state, per key of the suggestion index
// and per word of the spellings table of a Fahras database, sorted, so
// that two databases can be compared with diff (bench/incremental-acceptance compares an incremental
// run with a fresh build of the same tree this way). Document ids are left out (they depend on the
// order of writes); each document is named by its unique-id term and shown as the number of its
// terms and a hash of all of them with their wdf and positions, its values and its data. A file
// state shows its path, content hash and article count (not its times, which a fresh build may
// record differently for files modified in the last seconds). A suggestion key shows the words
// listed under it.
//
// Exit codes: 0 done, 2 the database cannot be read.
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "fahras/schema.h"

namespace {

std::string describe(const Xapian::Document& doc) {
  std::string all;
  std::string id;
  std::size_t terms = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.starts_with(fahras::schema::kIdPrefix)) id = term;
    ++terms;
    all += term + ' ' + std::to_string(t.get_wdf());
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      all += ' ' + std::to_string(*p);
    }
    all += '\n';
  }
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
    all += std::to_string(v.get_valueno()) + '=' + *v + '\n';
  }
  all += doc.get_data();
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(fahras::schema::content_hash(all)));
  return "doc " + id + " terms=" + std::to_string(terms) + " hash=" + hash;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: fahras-index-dump DB\n";
    return 2;
  }
  const Xapian::Database db(argv[1]);
  std::vector<std::string> lines;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    lines.push_back(describe(db.get_document(*p)));
  }
  const std::string prefix(fahras::schema::kFileStatePrefix);
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    const auto state = fahras::schema::decode_file_state(db.get_metadata(*k));
    if (!state) continue;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(state->hash));
    lines.push_back("file " + state->path + " hash=" + hash +
                    " articles=" + std::to_string(state->articles));
  }
  // The suggestion index: each key with the words listed under it.
  const std::string suggest(fahras::schema::kSuggestPrefix);
  for (auto k = db.metadata_keys_begin(suggest); k != db.metadata_keys_end(suggest); ++k) {
    std::string words = db.get_metadata(*k);
    std::replace(words.begin(), words.end(), '\n', ' ');
    lines.push_back("suggest " + (*k).substr(suggest.size()) + " " + words);
  }
  // The spellings table (fahras/spelling_variants.h): each word with its spellings, and its marker.
  const std::string spell(fahras::schema::kSpellingsPrefix);
  for (auto k = db.metadata_keys_begin(spell); k != db.metadata_keys_end(spell); ++k) {
    std::string words;
    for (const std::string& w : fahras::schema::decode_word_list(db.get_metadata(*k))) words += " " + w;
    lines.push_back("spellings " + (*k).substr(spell.size()) + words);
  }
  lines.push_back("spellings-marker " + db.get_metadata(std::string(fahras::schema::kSpellingsKey)));
  std::sort(lines.begin(), lines.end());
  for (const std::string& line : lines) std::cout << line << '\n';
  return 0;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-index-dump: " << e.get_description() << '\n';
  return 2;
}
