// The Fahras index schema: every Xapian term prefix, value slot and metadata key, in one place.
// The indexer writes exactly this and the searcher reads exactly this; nothing else spells a prefix.
//
// Terms (all built from Analyzer output, so already normalised and stemmed):
//   (none)  words of title, abstract and body, with positions. Title words are indexed first, with
//           their wdf raised by kTitleWdf so that a title match outweighs a body match.
//   S       words of the title alone, with positions (title:).
//   XL      words of the lead: the first IndexOptions::lead_words words of the abstract or, without
//           one, of the body, without positions. News puts the gist of a story first; queries weight
//           it up.
//   XE      exact forms: every word of title, abstract and body normalised but not stemmed, without
//           positions, when IndexOptions::exact_forms is set; queries reward the exact form.
//   A       words of the author field (author:).
//   Q       unique id: "Q" + article id, hashed when too long for Xapian (unique_id_term()).
//   XSRC    source, whole value and each of its words, by normalize_field_value (source:).
//   XCAT    category, likewise (category:).
//   D M Y   publication date as YYYYMMDD, YYYYMM and YYYY (as Omega does).
//   XF      the input file the article came from (file_term()), to find a file's articles.
//
// Values:
//   kDateSlot  publication time, Xapian::sortable_serialise(seconds since the epoch, UTC).
//
// Document data: the stored article (encode_article()), a JSON object holding every field of the
// Article including its original text, so that snippets and remote shards need nothing else.
//
// Metadata:
//   kAnalyzerKey  Analyzer::version() of the analyser that wrote the database.
//   kSchemaKey    kSchemaVersion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <xapian.h>

#include "fahras/article.h"

namespace fahras::schema {

inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kLeadPrefix = "XL";
inline constexpr std::string_view kExactPrefix = "XE";
inline constexpr std::string_view kAuthorPrefix = "A";
inline constexpr std::string_view kIdPrefix = "Q";
inline constexpr std::string_view kSourcePrefix = "XSRC";
inline constexpr std::string_view kCategoryPrefix = "XCAT";
inline constexpr std::string_view kDayPrefix = "D";
inline constexpr std::string_view kMonthPrefix = "M";
inline constexpr std::string_view kYearPrefix = "Y";
inline constexpr std::string_view kFilePrefix = "XF";

inline constexpr Xapian::valueno kDateSlot = 0;

inline constexpr std::string_view kAnalyzerKey = "fahras.analyzer";
inline constexpr std::string_view kSchemaKey = "fahras.schema";
inline constexpr std::string_view kSchemaVersion = "2";

// How much more a word in the title counts than one in the body (added to its wdf per occurrence).
inline constexpr Xapian::termcount kTitleWdf = 3;
// Position gap between title, abstract and body, so that a phrase never spans two of them.
inline constexpr Xapian::termpos kFieldGap = 100;
// Longest term we index, in bytes. Longer "words" are URLs or junk; Xapian's hard limit is 245.
inline constexpr std::size_t kMaxTermBytes = 64;

// prefix + value, the way every term is spelled. (Appending, rather than std::string + std::string,
// also keeps GCC 12 from a false -Wrestrict at -O3: GCC bug 105329.)
inline std::string prefixed(std::string_view prefix, std::string_view value) {
  std::string term;
  term.reserve(prefix.size() + value.size());
  term.append(prefix);
  term.append(value);
  return term;
}

// "Q" + id, or for an id too long for a Xapian term, "Q" + a prefix of it + a hash of the whole.
std::string unique_id_term(std::string_view id);

// "XF" + path, hashed in the same way when long.
std::string file_term(std::string_view path);

// The stored form of an article (the Xapian document data) and back. decode_article throws
// fahras::Error (kDatabase) on data that this schema did not write.
std::string encode_article(const Article& article);
Article decode_article(std::string_view data);

}  // namespace fahras::schema
