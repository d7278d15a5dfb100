// Article: one news article as read from an input file, before analysis.
//
// Readers (indexer/) produce Articles; the indexer turns them into Xapian documents; the searcher reads
// the same fields back from the document data. Plain value type, safe to copy and move between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace fahras {

struct Article {
  // Unique id: DOCNO (SGML) or "id" (JSON); when the input has none, the reader makes one from the
  // file path and the record number ("path#3"). Never empty.
  std::string id;
  std::string title;
  std::string abstract;  // lead paragraph, when the source has one (ANT's <ABSTRACT>)
  std::string body;
  std::string source;    // publisher, as written in the input ("BBC", "Jawhara FM")
  std::string category;
  std::string author;
  std::string url;
  // Publication time in seconds since the Unix epoch, UTC. Empty when the input has no date or when
  // the date could not be parsed (raw_date then says what was there).
  std::optional<std::int64_t> date;
  std::string raw_date;  // the date text as found in the input, for messages
  std::string path;      // file the article was read from
  std::uint32_t record = 0;  // 0-based index of the article within its file
};

}  // namespace fahras
