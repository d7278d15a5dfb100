// Readers: turn one input file into Articles. Supported formats:
//   SGML   TREC/CLEF-style <DOC>...</DOC> records (one or more per file), tags DOCNO, URL, SRC, CAT,
//          TITLE, TIME, AUTHOR, ABSTRACT, TEXT, as in the ANT corpora. Read leniently: real files are
//          not always well-formed XML (bare & and <, missing closing tags); entities are decoded.
//   JSON   .json: one object, or an array of objects.
//   JSONL  .jsonl / .ndjson: one object per line; blank lines are ignored.
//          JSON fields: id, title, body, date, source, url, category, author (all optional strings;
//          date may also be a number of Unix seconds, id an integer); "text" is accepted for body and
//          "abstract" is read. null counts as absent; any other non-string value skips the record
//          ("field 'title' is not a string"). A record needs a title or a body. Other fields are
//          ignored. In JSONL a line that is not valid JSON skips that record ("line 3: ...").
//   Text   .txt without SGML markup: the first non-empty line is the title, the rest the body.
// Files with other extensions are not articles and are skipped (Format::kUnsupported).
//
// String fields are trimmed of ASCII white space. An article without an id of its own gets
// "<path>#<record>". A date that is present but not understood leaves Article::date empty, keeps
// Article::raw_date, counts in FileContents::unparsed_dates and adds a warning; the article is kept.
//
// Whole-file errors (FileContents::error):
//   "empty file"                       no bytes, or only white space (and a BOM)
//   "binary or not UTF-8 (N invalid bytes)", or "(K NUL bytes, N invalid bytes)"
//                                      a NUL byte, or over 5% of the bytes in ill-formed UTF-8
//   "unsupported file type '.png'"     the extension is not one of the above; the file is not opened
//   "cannot open file: <strerror>", "cannot read file: <strerror>"
//   "invalid JSON: <parser message>", "expected a JSON object or an array of objects"
//   "no <DOC> record"                  SGML with no record at all
// Below the 5% threshold each ill-formed UTF-8 sequence (overlongs, surrogates and values above
// U+10FFFF included) becomes U+FFFD and a warning "N invalid UTF-8 bytes replaced" is added. A UTF-8
// BOM is dropped.
//
// Bad input never throws: the whole file, or one record of it, is skipped with a reason. Readers are
// stateless functions and thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/article.h"

namespace fahras {

enum class Format { kSgml, kJson, kJsonLines, kText, kUnsupported };

struct RecordSkip {
  std::uint32_t record = 0;  // 0-based position of the record in its file
  std::string reason;        // e.g. "no title and no text", "invalid JSON at line 3: ..."
};

struct FileContents {
  std::vector<Article> articles;
  std::vector<RecordSkip> skipped;     // records skipped within an otherwise readable file
  std::vector<std::string> warnings;   // read anyway, but: "3 invalid UTF-8 bytes replaced", ...
                                       // (messages number records from 1, as people count)
  std::uint32_t unparsed_dates = 0;    // articles whose date was present but not understood
  std::string error;  // non-empty iff the whole file was skipped: "empty file", ... (see above)
};

// Picks the format from the extension (any case): .json is kJson; .jsonl and .ndjson are kJsonLines;
// .txt, .sgml, .sgm, .xml, .trec and no extension are kSgml when the content, after an optional BOM
// and white space, opens with a <DOC> tag (any case), and kText otherwise; the rest is kUnsupported.
Format detect_format(const std::filesystem::path& path, std::string_view content);

// Reads and parses one file. Article::path is `path` as given, and so are ids generated from it.
// An unreadable file gives FileContents::error, not an exception.
FileContents read_file(const std::filesystem::path& path);

// Parses `content` as `format`, as if it had been read from `path`, with all the checks above (empty,
// binary, invalid UTF-8, BOM). Exposed for tests and fuzzing.
FileContents parse_content(std::string_view content, Format format, std::string_view path);

}  // namespace fahras
