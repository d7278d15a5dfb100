// Comparing what the indexer wrote or read: articles field by field, and databases article by
// article whatever their document ids (one database against its shards, a rebuild, another run).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "fahras/article.h"
#include "fahras/schema.h"

namespace fahras::test {

// Every field of `a` equals that of `b`, except the path and the id (which readers make from it).
inline void expect_same_fields(const Article& a, const Article& b) {
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.abstract, b.abstract);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.author, b.author);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.raw_date, b.raw_date);
  EXPECT_EQ(a.record, b.record);
}

// What a database holds, article by article: id -> the document's data, terms (wdf, positions) and
// values. Each (text, replacement) of `replace` is applied to every article's entry (a folder's path,
// so that builds of copies of a tree compare equal). An id indexed twice fails the test.
using Fingerprint = std::map<std::string, std::string>;

inline Fingerprint fingerprint(const Xapian::Database& db,
                               const std::vector<std::pair<std::string, std::string>>& replace = {}) {
  Fingerprint out;
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const Xapian::Document doc = db.get_document(*d);
    std::string f = doc.get_data();
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      (f += '\n') += *t;
      ((f += ' ') += std::to_string(t.get_wdf())) += ':';
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) (f += ' ') += std::to_string(*p);
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      (((f += "\nvalue ") += std::to_string(v.get_valueno())) += ' ') += *v;
    }
    for (const auto& [text, replacement] : replace) {
      for (std::size_t at; (at = f.find(text)) != std::string::npos;) f.replace(at, text.size(), replacement);
    }
    const std::string id = schema::decode_article(doc.get_data()).id;
    EXPECT_TRUE(out.emplace(id, std::move(f)).second) << id << " indexed twice";
  }
  return out;
}

}  // namespace fahras::test
