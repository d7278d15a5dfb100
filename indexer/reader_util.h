// Private helpers shared by the readers (reader_*.cpp, encoding.cpp). Not part of the indexer's API.
//
// Each parse_* function takes content that is already valid UTF-8 without a BOM and not blank (see
// parse_content in reader.cpp) and fills a FileContents. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fahras/reader.h"

namespace fahras::reader_detail {

FileContents parse_sgml(std::string_view content, std::string_view path);
FileContents parse_json(std::string_view content, std::string_view path);
FileContents parse_json_lines(std::string_view content, std::string_view path);
FileContents parse_text(std::string_view content, std::string_view path);
FileContents parse_html(std::string_view content, std::string_view path);

// Encodings (encoding.cpp).

// Text converted to UTF-8, and what it was made of.
struct Converted {
  std::string text;            // UTF-8
  std::string charset;         // as ICU names it: "UTF-16LE", "windows-1256", "ISO-8859-6"
  std::size_t invalid = 0;     // byte sequences that decode to no character (each became U+FFFD)
  std::size_t characters = 0;  // code points in `text`
  std::size_t unexpected = 0;  // unassigned, private-use, surrogate, and control characters other
                               // than \t \n \v \f \r: what text does not contain
  std::size_t non_ascii = 0;   // code points from U+0080 on, white space aside
  std::size_t arabic = 0;      // of those, the ones used by the Arabic script (letters, marks, ، ؛ ؟)
  std::size_t arabic_letters = 0;
};

// "UTF-16LE", "UTF-16BE", "UTF-32LE" or "UTF-32BE" when `content` opens with that form's byte order
// mark; nullptr otherwise.
const char* unicode_bom_charset(std::string_view content);

// Converts `bytes` from `charset` (an ICU converter name) to UTF-8, counting what it meets. A BOM is
// kept (as U+FEFF, which UTF-8 writes EF BB BF).
Converted convert_to_utf8(std::string_view bytes, const char* charset);

// `content` converted from windows-1256 or ISO-8859-6, when one of them decodes it convincingly as
// Arabic text (reader.h gives the rule); nothing otherwise.
std::optional<Converted> convert_legacy_arabic(std::string_view content);

// ASCII white space: space, tab, CR, LF, form feed, vertical tab.
bool is_space(char c);

// `text` without leading and trailing ASCII white space.
std::string_view trim(std::string_view text);

// True iff `a` and `b` are equal, ignoring the case of ASCII letters.
bool equals_ignore_case(std::string_view a, std::string_view b);

// `text` with each maximal ill-formed UTF-8 subpart replaced by U+FFFD (Unicode 15, section 3.9).
std::string replace_invalid_utf8(std::string_view text);

// The id of a record that has none of its own: "<path>#<record>".
std::string generated_id(std::string_view path, std::uint32_t record);

// Adds `article` to contents.articles when it has a title or a body; otherwise adds a RecordSkip for
// article.record with `skip_reason`. Before adding it, gives it generated_id() when its id is empty,
// trims raw_date and, unless the reader has set the date already, parses raw_date. A date that is
// present but not understood is counted in contents.unparsed_dates and named in a warning.
// REQUIRES: article.path and article.record are set.
void add_article(Article article, FileContents& contents, std::string_view skip_reason);

}  // namespace fahras::reader_detail
