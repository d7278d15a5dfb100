// Private helpers shared by the readers (reader_*.cpp). Not part of the indexer's API.
//
// Each parse_* function takes content that is already valid UTF-8 without a BOM and not blank (see
// parse_content in reader.cpp) and fills a FileContents. All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fahras/reader.h"

namespace fahras::reader_detail {

FileContents parse_sgml(std::string_view content, std::string_view path);
FileContents parse_json(std::string_view content, std::string_view path);
FileContents parse_json_lines(std::string_view content, std::string_view path);
FileContents parse_text(std::string_view content, std::string_view path);

// ASCII white space: space, tab, CR, LF, form feed, vertical tab.
bool is_space(char c);

// `text` without leading and trailing ASCII white space.
std::string_view trim(std::string_view text);

// True iff `a` and `b` are equal, ignoring the case of ASCII letters.
bool equals_ignore_case(std::string_view a, std::string_view b);

// The id of a record that has none of its own: "<path>#<record>".
std::string generated_id(std::string_view path, std::uint32_t record);

// Adds `article` to contents.articles when it has a title or a body; otherwise adds a RecordSkip for
// article.record with `skip_reason`. Before adding it, gives it generated_id() when its id is empty,
// trims raw_date and, unless the reader has set the date already, parses raw_date. A date that is
// present but not understood is counted in contents.unparsed_dates and named in a warning.
// REQUIRES: article.path and article.record are set.
void add_article(Article article, FileContents& contents, std::string_view skip_reason);

}  // namespace fahras::reader_detail
