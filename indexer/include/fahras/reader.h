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
//   HTML   .html / .htm: one article per page, parsed as browsers do (gumbo, HTML5).
//          title    <meta property="og:title">, else <title>, else the first <h1>
//          date     <meta property="article:published_time">, name="pubdate" or
//                   itemprop="datePublished", else the first <time datetime="...">
//          body     the text of the first <article>, else <main>, else <body>, without script, style,
//                   noscript, template, nav, header, footer, aside, form, iframe, svg and comments;
//                   block elements (p, div, br, li, h1-h6, tr, section, ...) end paragraphs (one per
//                   line), table cells are separated by a space, white space is collapsed
//          source   og:site_name; author: <meta name="author">; url: og:url, else
//                   <link rel="canonical">; category: article:section
//          A page nested deeper than kMaxHtmlDepth elements is refused ("HTML nested deeper than
//          ..."): the HTML5 tree builder takes time quadratic in the depth.
//   Text   .txt without SGML or HTML markup: the first non-empty line is the title, the rest the body.
//   gzip   any of the above with ".gz" appended (article.txt.gz, dump.jsonl.gz, page.html.gz) is
//          decompressed in memory and read as the inner name says; see gunzip() for its errors.
// Files with other extensions are not articles and are skipped (Format::kUnsupported).
//
// String fields are trimmed of ASCII white space. An article without an id of its own gets
// "<path>#<record>". A date that is present but not understood leaves Article::date empty, keeps
// Article::raw_date, counts in FileContents::unparsed_dates and adds a warning; the article is kept.
//
// Encodings. Text is UTF-8; a UTF-8 BOM is dropped. Besides:
//   - a UTF-16 or UTF-32 file with a byte order mark is converted to UTF-8, with a warning
//     "converted from UTF-16LE" (and "(N invalid sequences replaced)" when it has unpaired surrogates);
//   - a file that is not UTF-8 (over 5% of its bytes, or over a quarter of its non-ASCII bytes, in
//     ill-formed sequences) is tried as the two encodings of older Arabic archives, windows-1256 and
//     ISO-8859-6. It is converted, with a warning "converted from windows-1256", when one of them
//     decodes it convincingly as Arabic: every byte maps to a character, no control characters but
//     white space, at least 20 Arabic letters, and at least 90% of the characters outside ASCII in
//     the Arabic script. When both do, the one with more Arabic wins (ISO-8859-6 text read as
//     windows-1256 turns و ى ي into è é ê; windows-1256 text has ف ق ك where ISO-8859-6 has holes).
//   - otherwise, below the 5% threshold, each ill-formed UTF-8 sequence (overlongs, surrogates and
//     values above U+10FFFF included) becomes U+FFFD and a warning "N invalid UTF-8 bytes replaced" is
//     added; above it, the file is refused as "binary or not UTF-8".
//
// Whole-file errors (FileContents::error):
//   "empty file"                       no bytes, or only white space (and a BOM)
//   "binary or not UTF-8 (N invalid bytes)", or "(K NUL bytes, N invalid bytes)"
//                                      a NUL byte, or over 5% of the bytes in ill-formed UTF-8, and not
//                                      convincingly windows-1256 or ISO-8859-6 Arabic (see above)
//   "binary or not UTF-16 (...)", "binary or not UTF-32 (...)"
//                                      a UTF-16/32 BOM, then over 5% of the characters invalid,
//                                      unassigned, private-use or control characters
//   "unsupported file type '.png'"     the extension is not one of the above; the file is not opened
//   "cannot open file: <strerror>", "cannot read file: <strerror>"
//   "cannot read file: a named pipe" (a socket, a character device...): only regular files are read
//   "not gzip ...", "corrupt gzip: ...", "truncated gzip ...", "gzip decompresses to over ..."
//                                      see gunzip()
//   "invalid JSON: <parser message>", "expected a JSON object or an array of objects"
//   "no <DOC> record"                  SGML with no record at all
//   "HTML nested deeper than N elements, not read"
//
// Bad input never throws: the whole file, or one record of it, is skipped with a reason. Readers are
// stateless functions and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/article.h"

namespace fahras {

enum class Format { kSgml, kJson, kJsonLines, kHtml, kText, kUnsupported };

// Decompressed size above which a gzip file is refused: a small file can inflate to gigabytes (a
// "decompression bomb"), and articles, and even dumps of them, are far smaller.
inline constexpr std::size_t kMaxDecompressedBytes = std::size_t{256} << 20;

// Deepest element nesting accepted in an HTML page (counted before parsing, see reader_html.cpp).
inline constexpr std::size_t kMaxHtmlDepth = 1024;

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

// Picks the format from the extension (any case), after dropping a final ".gz": .json is kJson;
// .jsonl and .ndjson are kJsonLines; .html and .htm are kHtml; .txt, .sgml, .sgm, .xml, .trec and no
// extension are kSgml when the content, after an optional BOM and white space, opens with a <DOC> tag
// (any case), kHtml when it opens with "<!doctype html" or "<html" (any case), and kText otherwise;
// the rest is kUnsupported. `content` is the decompressed content of a .gz file.
Format detect_format(const std::filesystem::path& path, std::string_view content);

// True iff a folder walk should read the file at `path`: its extension, after dropping a final ".gz",
// is one of those above (a file without an extension is read when named, not when met in a folder).
bool is_article_path(const std::filesystem::path& path);

// Decompresses gzip `data` (one or more members, as gzip writes and concatenates them) into `out`.
// Returns an empty string on success, else the reason, one line: "not gzip (no gzip header)",
// "corrupt gzip: <zlib's message>", "truncated gzip (ends inside compressed data)", or "gzip
// decompresses to over <max_bytes> MiB (a decompression bomb?), not read". On failure `out` holds
// what was decompressed before the problem (at most max_bytes).
std::string gunzip(std::string_view data, std::size_t max_bytes, std::string& out);

// The bytes of one file as stored (still compressed for a .gz), and its status when it was opened.
struct FileBytes {
  std::string bytes;
  std::uint64_t size = 0;     // st_size, from fstat() before reading
  std::int64_t mtime_ns = 0;  // st_mtim and st_ctim in nanoseconds since the epoch
  std::int64_t ctime_ns = 0;
  std::string error;  // non-empty iff not read: "cannot open file: ...", "cannot read file: a named pipe"
};

// Reads the file at `path` whole, whatever its name says. Only regular files are read: a named pipe
// would block the run until something writes to it, and a device (/dev/zero) never ends; the file is
// opened without blocking, so that even a pipe's open() returns at once. The status is taken on the
// open file before reading, so a change made while it is read shows in the next status.
FileBytes read_file_bytes(const std::filesystem::path& path);

// Parses `bytes`, the content of the file at `path` as stored: decompressed first when the name ends
// in ".gz" (at most kMaxDecompressedBytes), then its format detected (detect_format) and parsed with
// parse_content(). Article::path is `path` as given, and so are ids generated from it. This is the
// one way from a file's bytes to its articles: read_file() and the Indexer, which hashes the bytes
// before parsing them, both take it.
FileContents parse_file(std::string_view bytes, const std::filesystem::path& path);

// Reads and parses one file: read_file_bytes() then parse_file(). A file with an unsupported name is
// not opened. An unreadable file gives FileContents::error, not an exception.
FileContents read_file(const std::filesystem::path& path);

// Parses `content` as `format`, as if it had been read from `path`, with all the checks above (empty,
// binary, encodings, invalid UTF-8, BOM). `content` is not compressed. Exposed for tests and fuzzing.
FileContents parse_content(std::string_view content, Format format, std::string_view path);

}  // namespace fahras
